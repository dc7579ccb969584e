# Generated from specs/topaz.yaml + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """Topaz's error body.

    Attributes:
        message (str): A human readable error message.
        code (int | Unset): The HTTP status code.
    """

    message: str
    code: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        message = self.message

        code = self.code

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update(
            {
                "message": message,
            }
        )
        if code is not UNSET:
            _field_dict["code"] = code

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        message = _d.pop("message")

        code = _d.pop("code", UNSET)

        _obj = cls(
            message=message,
            code=code,
        )

        _obj.additional_properties = _d
        return _obj

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
