# Generated from specs/jobs_api.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.token_request_grant_type import TokenRequestGrantType
from ..types import UNSET, Unset

T = TypeVar("T", bound="TokenRequest")


@_attrs_define(repr=False)  # imagejobs: masked repr below
class TokenRequest:
    """
    Attributes:
        grant_type (TokenRequestGrantType):
        client_id (str):
        client_secret (str):
        scope (str | Unset): Space-separated scopes, e.g. "jobs:read jobs:write".
    """

    grant_type: TokenRequestGrantType
    client_id: str
    client_secret: str
    scope: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def __repr__(self) -> str:  # imagejobs: `format: password` fields are masked
        secret = ["client_secret"]
        shown = []
        for name in ["grant_type", "client_id", "client_secret", "scope"]:
            value = getattr(self, name)
            shown.append(f"{name}={'***' if name in secret and value else repr(value)}")
        return "TokenRequest(" + ", ".join(shown) + ")"

    def to_dict(self) -> dict[str, Any]:
        grant_type = self.grant_type.value

        client_id = self.client_id

        client_secret = self.client_secret

        scope = self.scope

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update(
            {
                "grant_type": grant_type,
                "client_id": client_id,
                "client_secret": client_secret,
            }
        )
        if scope is not UNSET:
            _field_dict["scope"] = scope

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        grant_type = TokenRequestGrantType(_d.pop("grant_type"))

        client_id = _d.pop("client_id")

        client_secret = _d.pop("client_secret")

        scope = _d.pop("scope", UNSET)

        _obj = cls(
            grant_type=grant_type,
            client_id=client_id,
            client_secret=client_secret,
            scope=scope,
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
