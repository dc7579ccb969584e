# Generated from specs/openai.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.file_expiration_policy_anchor import FileExpirationPolicyAnchor

T = TypeVar("T", bound="FileExpirationPolicy")


@_attrs_define
class FileExpirationPolicy:
    """The expiration policy for the output and/or error file that are generated for a batch.

    Attributes:
        anchor (FileExpirationPolicyAnchor): Anchor timestamp after which the expiration policy applies. Supported
            anchors: `created_at`. Note that the anchor is the file creation time, not the time the batch is created.
        seconds (int): The number of seconds after the anchor time that the file will expire. Must be between 3600 (1
            hour) and 2592000 (30 days).
    """

    anchor: FileExpirationPolicyAnchor
    seconds: int
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        anchor = self.anchor.value

        seconds = self.seconds

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update(
            {
                "anchor": anchor,
                "seconds": seconds,
            }
        )

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        _d = dict(src_dict)
        anchor = FileExpirationPolicyAnchor(_d.pop("anchor"))

        seconds = _d.pop("seconds")

        _obj = cls(
            anchor=anchor,
            seconds=seconds,
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
