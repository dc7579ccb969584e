# Generated from specs/useapi.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="Attachment")


@_attrs_define
class Attachment:
    """A result file on Discord's CDN.

    Attributes:
        id (str | Unset):
        filename (str | Unset):
        url (str | Unset):
        proxy_url (str | Unset):
        size (int | Unset):
        width (int | Unset):
        height (int | Unset):
        content_type (str | Unset):
    """

    id: str | Unset = UNSET
    filename: str | Unset = UNSET
    url: str | Unset = UNSET
    proxy_url: str | Unset = UNSET
    size: int | Unset = UNSET
    width: int | Unset = UNSET
    height: int | Unset = UNSET
    content_type: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        filename = self.filename

        url = self.url

        proxy_url = self.proxy_url

        size = self.size

        width = self.width

        height = self.height

        content_type = self.content_type

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update({})
        if id is not UNSET:
            _field_dict["id"] = id
        if filename is not UNSET:
            _field_dict["filename"] = filename
        if url is not UNSET:
            _field_dict["url"] = url
        if proxy_url is not UNSET:
            _field_dict["proxy_url"] = proxy_url
        if size is not UNSET:
            _field_dict["size"] = size
        if width is not UNSET:
            _field_dict["width"] = width
        if height is not UNSET:
            _field_dict["height"] = height
        if content_type is not UNSET:
            _field_dict["content_type"] = content_type

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        id = _d.pop("id", UNSET)

        filename = _d.pop("filename", UNSET)

        url = _d.pop("url", UNSET)

        proxy_url = _d.pop("proxy_url", UNSET)

        size = _d.pop("size", UNSET)

        width = _d.pop("width", UNSET)

        height = _d.pop("height", UNSET)

        content_type = _d.pop("content_type", UNSET)

        _obj = cls(
            id=id,
            filename=filename,
            url=url,
            proxy_url=proxy_url,
            size=size,
            width=width,
            height=height,
            content_type=content_type,
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
