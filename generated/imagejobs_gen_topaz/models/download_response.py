# Generated from specs/topaz.yaml + specs/overlays/topaz.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

T = TypeVar("T", bound="DownloadResponse")


@_attrs_define
class DownloadResponse:
    """
    Attributes:
        download_url (str): The presigned URL for downloading the image. This URL is temporary and will **expire after 1
            hour**.
        head_url (str): The presigned URL for fetching the metadata of the image's file. Useful for retrieving the
            image's size before download. This URL is temporary and will **expire after 1 hour**.
        expiry (int): The expiration time (in Unix epoch) of the presigned download link, set as 1 hour after download
            link generation. After this time, the link will no longer be valid.
    """

    download_url: str
    head_url: str
    expiry: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        download_url = self.download_url

        head_url = self.head_url

        expiry = self.expiry

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update(
            {
                "download_url": download_url,
                "head_url": head_url,
                "expiry": expiry,
            }
        )

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        download_url = _d.pop("download_url")

        head_url = _d.pop("head_url")

        expiry = _d.pop("expiry")

        _obj = cls(
            download_url=download_url,
            head_url=head_url,
            expiry=expiry,
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
