# Generated from specs/jobs_api.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="TokenResponse")


@_attrs_define(repr=False)  # imagejobs: masked repr below
class TokenResponse:
    """
    Attributes:
        access_token (None | str):
        expires_in (int): Lifetime of the token in seconds.
    """

    access_token: None | str
    expires_in: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def __repr__(self) -> str:  # imagejobs: `format: password` fields are masked
        secret = ["access_token"]
        shown = []
        for name in ["access_token", "expires_in"]:
            value = getattr(self, name)
            shown.append(f"{name}={'***' if name in secret and value else repr(value)}")
        return "TokenResponse(" + ", ".join(shown) + ")"

    def to_dict(self) -> dict[str, Any]:
        access_token: None | str
        access_token = self.access_token

        expires_in = self.expires_in

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update(
            {
                "access_token": access_token,
                "expires_in": expires_in,
            }
        )

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)

        def _parse_access_token(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        access_token = _parse_access_token(_d.pop("access_token"))

        expires_in = _d.pop("expires_in")

        _obj = cls(
            access_token=access_token,
            expires_in=expires_in,
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
