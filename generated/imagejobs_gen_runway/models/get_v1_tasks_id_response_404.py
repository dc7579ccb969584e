# Generated from specs/runway.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

T = TypeVar("T", bound="GetV1TasksIdResponse404")


@_attrs_define
class GetV1TasksIdResponse404:
    """
    Attributes:
        error (str):
    """

    error: str

    def to_dict(self) -> dict[str, Any]:
        error = self.error

        _field_dict: dict[str, Any] = {}

        _field_dict.update(
            {
                "error": error,
            }
        )

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        error = _d.pop("error")

        _obj = cls(
            error=error,
        )

        return _obj
