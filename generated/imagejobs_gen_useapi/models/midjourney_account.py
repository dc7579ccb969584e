# Generated from specs/useapi.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

T = TypeVar("T", bound="MidjourneyAccount")


@_attrs_define(repr=False)  # imagejobs: masked repr below
class MidjourneyAccount:
    """One Midjourney account configuration.

    Attributes:
        channel (str | Unset): The Discord channel id.
        discord (str | Unset): The Discord token. A secret.
        server (str | Unset): The Discord server id (absent on configurations created after 2025-05).
        max_jobs (int | Unset): How many jobs may run at once on this account.
        pending_mod_message (str | Unset): A pending Midjourney moderation message; while set, calls answer 596.
        error (str | Unset):
        error_details (str | Unset):
        code (int | Unset):
    """

    channel: str | Unset = UNSET
    discord: str | Unset = UNSET
    server: str | Unset = UNSET
    max_jobs: int | Unset = UNSET
    pending_mod_message: str | Unset = UNSET
    error: str | Unset = UNSET
    error_details: str | Unset = UNSET
    code: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def __repr__(self) -> str:  # imagejobs: `format: password` fields are masked
        secret = ["discord"]
        shown = []
        for name in [
            "channel",
            "discord",
            "server",
            "max_jobs",
            "pending_mod_message",
            "error",
            "error_details",
            "code",
        ]:
            value = getattr(self, name)
            shown.append(f"{name}={'***' if name in secret and value else repr(value)}")
        return "MidjourneyAccount(" + ", ".join(shown) + ")"

    def to_dict(self) -> dict[str, Any]:
        channel = self.channel

        discord = self.discord

        server = self.server

        max_jobs = self.max_jobs

        pending_mod_message = self.pending_mod_message

        error = self.error

        error_details = self.error_details

        code = self.code

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update({})
        if channel is not UNSET:
            _field_dict["channel"] = channel
        if discord is not UNSET:
            _field_dict["discord"] = discord
        if server is not UNSET:
            _field_dict["server"] = server
        if max_jobs is not UNSET:
            _field_dict["maxJobs"] = max_jobs
        if pending_mod_message is not UNSET:
            _field_dict["pendingModMessage"] = pending_mod_message
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
        channel = _d.pop("channel", UNSET)

        discord = _d.pop("discord", UNSET)

        server = _d.pop("server", UNSET)

        max_jobs = _d.pop("maxJobs", UNSET)

        pending_mod_message = _d.pop("pendingModMessage", UNSET)

        error = _d.pop("error", UNSET)

        error_details = _d.pop("errorDetails", UNSET)

        code = _d.pop("code", UNSET)

        _obj = cls(
            channel=channel,
            discord=discord,
            server=server,
            max_jobs=max_jobs,
            pending_mod_message=pending_mod_message,
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
