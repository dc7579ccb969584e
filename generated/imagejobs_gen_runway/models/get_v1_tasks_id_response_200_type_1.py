# Generated from specs/runway.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast
from uuid import UUID

from attrs import define as _attrs_define

if TYPE_CHECKING:
    from ..models.get_v1_tasks_id_response_200_type_1_estimated_cost import (
        GetV1TasksIdResponse200Type1EstimatedCost,
    )


T = TypeVar("T", bound="GetV1TasksIdResponse200Type1")


@_attrs_define
class GetV1TasksIdResponse200Type1:
    """A throttled task

    Attributes:
        id (UUID): The ID of the task being returned.
        created_at (datetime.datetime): The timestamp that the task was submitted at.
        status (Literal['THROTTLED']):
        estimated_cost (GetV1TasksIdResponse200Type1EstimatedCost): Estimated cost, computed against current pricing.
    """

    id: UUID
    created_at: datetime.datetime
    status: Literal["THROTTLED"]
    estimated_cost: GetV1TasksIdResponse200Type1EstimatedCost

    def to_dict(self) -> dict[str, Any]:
        id = str(self.id)

        created_at = self.created_at.isoformat()

        status = self.status

        estimated_cost = self.estimated_cost.to_dict()

        _field_dict: dict[str, Any] = {}

        _field_dict.update(
            {
                "id": id,
                "createdAt": created_at,
                "status": status,
                "estimatedCost": estimated_cost,
            }
        )

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.get_v1_tasks_id_response_200_type_1_estimated_cost import (
            GetV1TasksIdResponse200Type1EstimatedCost,  # noqa: PLC0415
        )

        _d = dict(src_dict)
        id = UUID(_d.pop("id"))

        created_at = datetime.datetime.fromisoformat(_d.pop("createdAt"))

        status = cast(Literal["THROTTLED"], _d.pop("status"))
        if status != "THROTTLED":
            raise ValueError(f"status must match const 'THROTTLED', got '{status}'")

        estimated_cost = GetV1TasksIdResponse200Type1EstimatedCost.from_dict(
            _d.pop("estimatedCost")
        )

        _obj = cls(
            id=id,
            created_at=created_at,
            status=status,
            estimated_cost=estimated_cost,
        )

        return _obj
