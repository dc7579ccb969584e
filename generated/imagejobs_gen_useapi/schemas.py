# Generated from specs/useapi.yaml by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.

from enum import StrEnum
from typing import Annotated

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, RootModel, SecretStr
from typing_extensions import TypeAliasType


class Attachment(BaseModel):
    """
    A result file on Discord's CDN.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    id: str | None = None
    filename: str | None = None
    url: str | None = None
    proxy_url: str | None = None
    size: int | None = None
    width: int | None = None
    height: int | None = None
    content_type: str | None = None


ChannelPathParameter = TypeAliasType("ChannelPathParameter", Annotated[str, Field(min_length=1)])


class Error(BaseModel):
    """
    useapi.net's error body. `code` mirrors the HTTP status.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    error: str | None = None
    """
    A human-readable error message.
    """
    errorDetails: str | None = None
    """
    More detail, when useapi has it.
    """
    code: int | None = None
    """
    The HTTP status code.
    """


class JobChild(BaseModel):
    """
    A job spawned from one of this job's buttons.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    button: str | None = None
    jobid: str | None = None
    messageId: str | None = None


JobIdQueryParameter = TypeAliasType("JobIdQueryParameter", Annotated[str, Field(min_length=1)])


class JobStatus(StrEnum):
    """
    A Midjourney job's state. Poll again while created, started or progress; completed,
    failed, moderated and cancelled are final.

    """

    created = "created"
    started = "started"
    moderated = "moderated"
    progress = "progress"
    completed = "completed"
    failed = "failed"
    cancelled = "cancelled"


class Job(BaseModel):
    """
    A Midjourney job as useapi.net tracks it. Every field is optional.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    jobid: str | None = None
    parentJobId: str | None = None
    """
    Set for button jobs.
    """
    verb: str | None = None
    """
    The call that created the job. Known values: imagine, button, blend, describe, info,
    relax, fast, turbo, variability, seed, seed_async, remix (kept open-ended because
    useapi adds verbs).

    """
    status: JobStatus | None = None
    created: AwareDatetime | None = None
    """
    When the job was created (ISO 8601, UTC).
    """
    updated: AwareDatetime | None = None
    """
    When the job last changed (ISO 8601, UTC).
    """
    prompt: str | None = None
    button: str | None = None
    """
    The button pressed, for button jobs (open-ended; useapi adds buttons).
    """
    buttons: list[str] | None = None
    """
    The buttons available on the result.
    """
    children: list[JobChild] | None = None
    discord: SecretStr | None = None
    """
    The Discord token used, masked by useapi (first and last 3 characters).
    """
    channel: str | None = None
    server: str | None = None
    maxJobs: int | None = None
    replyUrl: str | None = None
    replyRef: str | None = None
    messageId: str | None = None
    content: str | None = None
    """
    Midjourney's message text, including progress.
    """
    timestamp: str | None = None
    """
    The Discord message timestamp.
    """
    attachments: list[Attachment] | None = None
    error: str | None = None
    errorDetails: str | None = None
    code: int | None = None


class JobCancelResponse(BaseModel):
    """
    The answer to a cancel request.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    jobid: str | None = None
    status: JobStatus | None = None
    error: str | None = None
    errorDetails: str | None = None
    code: int | None = None


class MidjourneyAccount(BaseModel):
    """
    One Midjourney account configuration.
    """

    model_config = ConfigDict(
        extra="allow",
    )
    channel: str | None = None
    """
    The Discord channel id.
    """
    discord: SecretStr | None = None
    """
    The Discord token. A secret.
    """
    server: str | None = None
    """
    The Discord server id (absent on configurations created after 2025-05).
    """
    maxJobs: Annotated[int | None, Field(ge=1, le=15)] = None
    """
    How many jobs may run at once on this account.
    """
    pendingModMessage: str | None = None
    """
    A pending Midjourney moderation message; while set, calls answer 596.
    """
    error: str | None = None
    errorDetails: str | None = None
    code: int | None = None


class MidjourneyAccounts(RootModel[dict[str, MidjourneyAccount]]):
    """
    Every configured account, keyed by Discord channel id.
    """

    root: dict[str, MidjourneyAccount]


class RunningJobs(RootModel[list[str]]):
    """
    The jobids of the jobs currently executing.
    """

    root: list[str]
    """
    The jobids of the jobs currently executing.
    """
