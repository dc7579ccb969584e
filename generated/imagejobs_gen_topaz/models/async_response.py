# Generated from specs/topaz.yaml + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="AsyncResponse")


@_attrs_define
class AsyncResponse:
    """
    Attributes:
        process_id (str): Unique identifier of the image processing job.
        source_id (str): Unique identifier of the source image.
        eta (int): Estimated time of arrival (ETA) for the process to complete in Unix time.
    """

    process_id: str
    source_id: str
    eta: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        process_id = self.process_id

        source_id = self.source_id

        eta = self.eta

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update(
            {
                "process_id": process_id,
                "source_id": source_id,
                "eta": eta,
            }
        )

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        process_id = _d.pop("process_id")

        source_id = _d.pop("source_id")

        eta = _d.pop("eta")

        _obj = cls(
            process_id=process_id,
            source_id=source_id,
            eta=eta,
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
