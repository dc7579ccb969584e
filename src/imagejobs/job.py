"""`Job`, the one value every provider's answer becomes, and `JobStatus`, one status enum for all.

Each provider names its states differently; its description (`specs/providers/<name>.yaml`)
maps them to `JobStatus` (the README's provider table quotes them). A state a provider adds later maps to
`JobStatus.UNKNOWN` and keeps its own spelling in `Job.provider_status`: reading a status never
raises.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

__all__ = ["TERMINAL", "Job", "JobStatus"]


class JobStatus(enum.StrEnum):
    """A job's state, the same nine values on every provider.

    CANCELLING: a cancel was accepted and the provider is still winding the job down (OpenAI
    batches' `cancelling`); not final: it ends cancelled, or completed if the work won the race.
    EXPIRED: the provider gave up on the job by its own clock (OpenAI batches' 24 h window,
    Replicate's `aborted` before it started); final.
    """

    QUEUED = "queued"
    RUNNING = "running"
    CANCELLING = "cancelling"
    MODERATED = "moderated"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    UNKNOWN = "unknown"

    @property
    def is_final(self) -> bool:
        """True when the job will not change any more (moderated ... cancelled, expired)."""
        return self in _FINAL


_FINAL = frozenset(
    {
        JobStatus.MODERATED,
        JobStatus.COMPLETED,
        JobStatus.FAILED,
        JobStatus.CANCELLED,
        JobStatus.EXPIRED,
    }
)
#: The final statuses (what `wait()` waits for by default): moderated, completed, failed,
#: cancelled, expired.
TERMINAL: frozenset[JobStatus] = _FINAL


@dataclass(frozen=True, slots=True, repr=False)
class Job:
    """A job as a provider last reported it: small, immutable, the same on every provider.

    Attributes:
        provider: The provider's name in `registry.PROVIDERS`: "useapi", "topaz" or "jobs_api".
        id: The provider's job id, as a string.
        status: The unified status.
        provider_status: The provider's own status string (None when the answer carried none,
            e.g. Topaz's and the jobs API's bodiless 204 to a cancel).
        created_at: When the job was created, if the provider says.
        updated_at: When the job last changed, if the provider says.
        raw: The parsed response body as a dict, or None when there was no body.

    """

    provider: str
    id: str
    status: JobStatus
    provider_status: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    # Excluded from repr and comparisons: it can be large, and two reads of one job are the same
    # job even when incidental fields differ.
    raw: dict[str, Any] | None = field(default=None, compare=False)

    def __repr__(self) -> str:
        return (
            f"Job(provider={self.provider!r}, id={self.id!r}, status={self.status.name}, "
            f"provider_status={self.provider_status!r})"
        )
