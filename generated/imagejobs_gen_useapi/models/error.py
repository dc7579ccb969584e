# Generated from specs/useapi.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Error")


@_attrs_define
class Error:
    """useapi.net's error body. `code` mirrors the HTTP status.

    Attributes:
        error (str | Unset): A human-readable error message.
        error_details (str | Unset): More detail, when useapi has it.
        code (int | Unset): The HTTP status code.
    """

    error: str | Unset = UNSET
    error_details: str | Unset = UNSET
    code: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        error = self.error

        error_details = self.error_details

        code = self.code

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update({})
        if error is not UNSET:
            _field_dict["error"] = error
        if error_details is not UNSET:
            _field_dict["errorDetails"] = error_details
        if code is not UNSET:
            _field_dict["code"] = code

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        error = _d.pop("error", UNSET)

        error_details = _d.pop("errorDetails", UNSET)

        code = _d.pop("code", UNSET)

        _obj = cls(
            error=error,
            error_details=error_details,
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
