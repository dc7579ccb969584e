# Generated from specs/replicate.json by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="SchemasPredictionResponseUrls")


@_attrs_define
class SchemasPredictionResponseUrls:
    """URLs for working with the prediction

    Attributes:
        cancel (str): Cancel the prediction via API
        get (str): Retrieve the latest state of the prediction via API
        web (str): View the prediction in a browser
        stream (str | Unset): An event source to stream the output of the prediction via API
    """

    cancel: str
    get: str
    web: str
    stream: str | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        cancel = self.cancel

        get = self.get

        web = self.web

        stream = self.stream

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update(
            {
                "cancel": cancel,
                "get": get,
                "web": web,
            }
        )
        if stream is not UNSET:
            _field_dict["stream"] = stream

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        cancel = _d.pop("cancel")

        get = _d.pop("get")

        web = _d.pop("web")

        stream = _d.pop("stream", UNSET)

        _obj = cls(
            cancel=cancel,
            get=get,
            web=web,
            stream=stream,
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
