# Generated from specs/runway.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.get_v1_tasks_id_response_200_type_4_cost import GetV1TasksIdResponse200Type4Cost


T = TypeVar("T", bound="GetV1TasksIdResponse200Type4")


@_attrs_define
class GetV1TasksIdResponse200Type4:
    """A failed task

    Attributes:
        id (UUID): The ID of the task being returned.
        created_at (datetime.datetime): The timestamp that the task was submitted at.
        status (Literal['FAILED']):
        failure (str): A human-friendly reason for the failure. We do not recommend returning this to users directly
            without adding context.
        cost (GetV1TasksIdResponse200Type4Cost): Final cost in credits for a terminal task. A refunded task reports 0.
        failure_code (str | Unset): A machine-readable error code for the failure. See
            https://docs.dev.runwayml.com/errors/task-failures/ for more information.
    """

    id: UUID
    created_at: datetime.datetime
    status: Literal["FAILED"]
    failure: str
    cost: GetV1TasksIdResponse200Type4Cost
    failure_code: str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        created_at = self.created_at.isoformat()

        status = self.status

        failure = self.failure

        cost = self.cost.to_dict()

        failure_code = self.failure_code

        _field_dict: dict[str, Any] = {}

        _field_dict.update(
            {
                "id": id,
                "createdAt": created_at,
                "status": status,
                "failure": failure,
                "cost": cost,
            }
        )
        if failure_code is not UNSET:
            _field_dict["failureCode"] = failure_code

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.get_v1_tasks_id_response_200_type_4_cost import (
            GetV1TasksIdResponse200Type4Cost,  # noqa: PLC0415
        )

        _d = dict(src_dict)
        id = UUID(_d.pop("id"))

        created_at = datetime.datetime.fromisoformat(_d.pop("createdAt"))

        status = cast(Literal["FAILED"], _d.pop("status"))
        if status != "FAILED":
            raise ValueError(f"status must match const 'FAILED', got '{status}'")

        failure = _d.pop("failure")

        cost = GetV1TasksIdResponse200Type4Cost.from_dict(_d.pop("cost"))

        failure_code = _d.pop("failureCode", UNSET)

        _obj = cls(
            id=id,
            created_at=created_at,
            status=status,
            failure=failure,
            cost=cost,
            failure_code=failure_code,
        )

        return _obj
