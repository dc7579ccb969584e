# Generated from specs/jobs_api.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="ValidationProblemErrorsType0")


@_attrs_define
class ValidationProblemErrorsType0:
    additional_properties: dict[str, list[str]] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:

        _field_dict: dict[str, Any] = {}
        for _prop_name, _prop in self.additional_properties.items():
            _field_dict[_prop_name] = _prop

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        _obj = cls()

        _additional_properties = {}
        for _prop_name, _prop_dict in _d.items():
            additional_property_ = cast(list[str], _prop_dict)

            _additional_properties[_prop_name] = additional_property_

        _obj.additional_properties = _additional_properties
        return _obj

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> list[str]:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: list[str]) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
