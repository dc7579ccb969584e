# Generated from specs/runway.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="GetV1TasksIdResponse200Type4Cost")


@_attrs_define
class GetV1TasksIdResponse200Type4Cost:
    """Final cost in credits for a terminal task. A refunded task reports 0.

    Attributes:
        credits_ (int): Credits charged for this task.
    """

    credits_: int

    def to_dict(self) -> dict[str, Any]:
        credits_ = self.credits_

        _field_dict: dict[str, Any] = {}

        _field_dict.update(
            {
                "credits": credits_,
            }
        )

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        credits_ = _d.pop("credits")

        _obj = cls(
            credits_=credits_,
        )

        return _obj
