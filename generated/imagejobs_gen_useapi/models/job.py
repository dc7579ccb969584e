# Generated from specs/useapi.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.
from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.job_status import JobStatus
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.attachment import Attachment
    from ..models.job_child import JobChild


T = TypeVar("T", bound="Job")


@_attrs_define(repr=False)  # imagejobs: masked repr below
class Job:
    """A Midjourney job as useapi.net tracks it. Every field is optional.

    Attributes:
        jobid (str | Unset):
        parent_job_id (str | Unset): Set for button jobs.
        verb (str | Unset): The call that created the job. Known values: imagine, button, blend, describe, info,
            relax, fast, turbo, variability, seed, seed_async, remix (kept open-ended because
            useapi adds verbs).
        status (JobStatus | Unset): A Midjourney job's state. Poll again while created, started or progress; completed,
            failed, moderated and cancelled are final.
        created (datetime.datetime | Unset): When the job was created (ISO 8601, UTC).
        updated (datetime.datetime | Unset): When the job last changed (ISO 8601, UTC).
        prompt (str | Unset):
        button (str | Unset): The button pressed, for button jobs (open-ended; useapi adds buttons).
        buttons (list[str] | Unset): The buttons available on the result.
        children (list[JobChild] | Unset):
        discord (str | Unset): The Discord token used, masked by useapi (first and last 3 characters).
        channel (str | Unset):
        server (str | Unset):
        max_jobs (int | Unset):
        reply_url (str | Unset):
        reply_ref (str | Unset):
        message_id (str | Unset):
        content (str | Unset): Midjourney's message text, including progress.
        timestamp (str | Unset): The Discord message timestamp.
        attachments (list[Attachment] | Unset):
        error (str | Unset):
        error_details (str | Unset):
        code (int | Unset):
    """

    jobid: str | Unset = UNSET
    parent_job_id: str | Unset = UNSET
    verb: str | Unset = UNSET
    status: JobStatus | Unset = UNSET
    created: datetime.datetime | Unset = UNSET
    updated: datetime.datetime | Unset = UNSET
    prompt: str | Unset = UNSET
    button: str | Unset = UNSET
    buttons: list[str] | Unset = UNSET
    children: list[JobChild] | Unset = UNSET
    discord: str | Unset = UNSET
    channel: str | Unset = UNSET
    server: str | Unset = UNSET
    max_jobs: int | Unset = UNSET
    reply_url: str | Unset = UNSET
    reply_ref: str | Unset = UNSET
    message_id: str | Unset = UNSET
    content: str | Unset = UNSET
    timestamp: str | Unset = UNSET
    attachments: list[Attachment] | Unset = UNSET
    error: str | Unset = UNSET
    error_details: str | Unset = UNSET
    code: int | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def __repr__(self) -> str:  # imagejobs: `format: password` fields are masked
        secret = ["discord"]
        shown = []
        for name in [
            "jobid",
            "parent_job_id",
            "verb",
            "status",
            "created",
            "updated",
            "prompt",
            "button",
            "buttons",
            "children",
            "discord",
            "channel",
            "server",
            "max_jobs",
            "reply_url",
            "reply_ref",
            "message_id",
            "content",
            "timestamp",
            "attachments",
            "error",
            "error_details",
            "code",
        ]:
            value = getattr(self, name)
            shown.append(f"{name}={'***' if name in secret and value else repr(value)}")
        return "Job(" + ", ".join(shown) + ")"

    def to_dict(self) -> dict[str, Any]:
        jobid = self.jobid

        parent_job_id = self.parent_job_id

        verb = self.verb

        status: str | Unset = UNSET
        if not isinstance(self.status, Unset):
            status = self.status.value

        created: str | Unset = UNSET
        if not isinstance(self.created, Unset):
            created = self.created.isoformat()

        updated: str | Unset = UNSET
        if not isinstance(self.updated, Unset):
            updated = self.updated.isoformat()

        prompt = self.prompt

        button = self.button

        buttons: list[str] | Unset = UNSET
        if not isinstance(self.buttons, Unset):
            buttons = self.buttons

        children: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.children, Unset):
            children = []
            for children_item_data in self.children:
                children_item = children_item_data.to_dict()
                children.append(children_item)

        discord = self.discord

        channel = self.channel

        server = self.server

        max_jobs = self.max_jobs

        reply_url = self.reply_url

        reply_ref = self.reply_ref

        message_id = self.message_id

        content = self.content

        timestamp = self.timestamp

        attachments: list[dict[str, Any]] | Unset = UNSET
        if not isinstance(self.attachments, Unset):
            attachments = []
            for attachments_item_data in self.attachments:
                attachments_item = attachments_item_data.to_dict()
                attachments.append(attachments_item)

        error = self.error

        error_details = self.error_details

        code = self.code

        _field_dict: dict[str, Any] = {}
        _field_dict.update(self.additional_properties)
        _field_dict.update({})
        if jobid is not UNSET:
            _field_dict["jobid"] = jobid
        if parent_job_id is not UNSET:
            _field_dict["parentJobId"] = parent_job_id
        if verb is not UNSET:
            _field_dict["verb"] = verb
        if status is not UNSET:
            _field_dict["status"] = status
        if created is not UNSET:
            _field_dict["created"] = created
        if updated is not UNSET:
            _field_dict["updated"] = updated
        if prompt is not UNSET:
            _field_dict["prompt"] = prompt
        if button is not UNSET:
            _field_dict["button"] = button
        if buttons is not UNSET:
            _field_dict["buttons"] = buttons
        if children is not UNSET:
            _field_dict["children"] = children
        if discord is not UNSET:
            _field_dict["discord"] = discord
        if channel is not UNSET:
            _field_dict["channel"] = channel
        if server is not UNSET:
            _field_dict["server"] = server
        if max_jobs is not UNSET:
            _field_dict["maxJobs"] = max_jobs
        if reply_url is not UNSET:
            _field_dict["replyUrl"] = reply_url
        if reply_ref is not UNSET:
            _field_dict["replyRef"] = reply_ref
        if message_id is not UNSET:
            _field_dict["messageId"] = message_id
        if content is not UNSET:
            _field_dict["content"] = content
        if timestamp is not UNSET:
            _field_dict["timestamp"] = timestamp
        if attachments is not UNSET:
            _field_dict["attachments"] = attachments
        if error is not UNSET:
            _field_dict["error"] = error
        if error_details is not UNSET:
            _field_dict["errorDetails"] = error_details
        if code is not UNSET:
            _field_dict["code"] = code

        return _field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.attachment import Attachment  # noqa: PLC0415
        from ..models.job_child import JobChild  # noqa: PLC0415

        _d = dict(src_dict)
        jobid = _d.pop("jobid", UNSET)

        parent_job_id = _d.pop("parentJobId", UNSET)

        verb = _d.pop("verb", UNSET)

        _status = _d.pop("status", UNSET)
        status: JobStatus | Unset
        if isinstance(_status, Unset):
            status = UNSET
        else:
            status = JobStatus(_status)

        _created = _d.pop("created", UNSET)
        created: datetime.datetime | Unset
        if isinstance(_created, Unset):
            created = UNSET
        else:
            created = datetime.datetime.fromisoformat(_created)

        _updated = _d.pop("updated", UNSET)
        updated: datetime.datetime | Unset
        if isinstance(_updated, Unset):
            updated = UNSET
        else:
            updated = datetime.datetime.fromisoformat(_updated)

        prompt = _d.pop("prompt", UNSET)

        button = _d.pop("button", UNSET)

        buttons = cast(list[str], _d.pop("buttons", UNSET))

        _children = _d.pop("children", UNSET)
        children: list[JobChild] | Unset = UNSET
        if _children is not UNSET:
            children = []
            for children_item_data in _children:
                children_item = JobChild.from_dict(children_item_data)

                children.append(children_item)

        discord = _d.pop("discord", UNSET)

        channel = _d.pop("channel", UNSET)

        server = _d.pop("server", UNSET)

        max_jobs = _d.pop("maxJobs", UNSET)

        reply_url = _d.pop("replyUrl", UNSET)

        reply_ref = _d.pop("replyRef", UNSET)

        message_id = _d.pop("messageId", UNSET)

        content = _d.pop("content", UNSET)

        timestamp = _d.pop("timestamp", UNSET)

        _attachments = _d.pop("attachments", UNSET)
        attachments: list[Attachment] | Unset = UNSET
        if _attachments is not UNSET:
            attachments = []
            for attachments_item_data in _attachments:
                attachments_item = Attachment.from_dict(attachments_item_data)

                attachments.append(attachments_item)

        error = _d.pop("error", UNSET)

        error_details = _d.pop("errorDetails", UNSET)

        code = _d.pop("code", UNSET)

        _obj = cls(
            jobid=jobid,
            parent_job_id=parent_job_id,
            verb=verb,
            status=status,
            created=created,
            updated=updated,
            prompt=prompt,
            button=button,
            buttons=buttons,
            children=children,
            discord=discord,
            channel=channel,
            server=server,
            max_jobs=max_jobs,
            reply_url=reply_url,
            reply_ref=reply_ref,
            message_id=message_id,
            content=content,
            timestamp=timestamp,
            attachments=attachments,
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
