# Generated from specs/runway.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.get_v1_tasks_id_response_200_type_5_cost import GetV1TasksIdResponse200Type5Cost


T = TypeVar("T", bound="GetV1TasksIdResponse200Type5")


@_attrs_define
class GetV1TasksIdResponse200Type5:
    """A succeeded task

    Attributes:
        id (UUID): The ID of the task being returned.
        created_at (datetime.datetime): The timestamp that the task was submitted at.
        status (Literal['SUCCEEDED']):
        output (list[str]): An array of URLs that return the output of the task. These URLs will expire within 24-48
            hours; fetch the task again to get fresh URLs. It is expected that you download the assets at these URLs and
            store them in your own storage system.
        cost (GetV1TasksIdResponse200Type5Cost): Final cost in credits for a terminal task. A refunded task reports 0.
    """

    id: UUID
    created_at: datetime.datetime
    status: Literal["SUCCEEDED"]
    output: list[str]
    cost: GetV1TasksIdResponse200Type5Cost

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        created_at = self.created_at.isoformat()

        status = self.status

        output = self.output

        cost = self.cost.to_dict()

        _field_dict: dict[str, Any] = {}

        _field_dict.update(
            {
                "id": id,
                "createdAt": created_at,
                "status": status,
                "output": output,
                "cost": cost,
            }
        )

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.get_v1_tasks_id_response_200_type_5_cost import (
            GetV1TasksIdResponse200Type5Cost,  # noqa: PLC0415
        )

        _d = dict(src_dict)
        id = UUID(_d.pop("id"))

        created_at = datetime.datetime.fromisoformat(_d.pop("createdAt"))

        status = cast(Literal["SUCCEEDED"], _d.pop("status"))
        if status != "SUCCEEDED":
            raise ValueError(f"status must match const 'SUCCEEDED', got '{status}'")

        output = cast(list[str], _d.pop("output"))

        cost = GetV1TasksIdResponse200Type5Cost.from_dict(_d.pop("cost"))

        _obj = cls(
            id=id,
            created_at=created_at,
            status=status,
            output=output,
            cost=cost,
        )

        return _obj
