"""`Job`, the one value every provider's answer becomes, and `JobStatus`, one status enum for all.

Each provider names its states differently; the three tables below are the whole mapping, and the
README quotes them. A state a provider adds later maps to `JobStatus.UNKNOWN` and keeps its own
spelling in `Job.provider_status`: reading a status never raises.

| JobStatus  | useapi.net (Midjourney) | Topaz      | jobs API (BigChange)                                   |
|------------|-------------------------|------------|--------------------------------------------------------|
| QUEUED     | created                 | Pending    | new, scheduled, unscheduled, sent, read, accepted, onTheWay |
| RUNNING    | started, progress       | Processing | started, suspended                                     |
| MODERATED  | moderated               |            |                                                        |
| COMPLETED  | completed               | Completed  | completedOk, completedWithIssues                       |
| FAILED     | failed                  | Failed     | refused                                                |
| CANCELLED  | cancelled               | Cancelled  | cancelled                                              |
| UNKNOWN    | anything else           | anything else | anything else                                       |
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

__all__ = [
    "JOBS_API_STATUSES",
    "TOPAZ_STATUSES",
    "USEAPI_STATUSES",
    "Job",
    "JobStatus",
    "status_for",
]


class JobStatus(enum.StrEnum):
    """A job's state, the same seven values on every provider."""

    QUEUED = "queued"
    RUNNING = "running"
    MODERATED = "moderated"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    UNKNOWN = "unknown"

    @property
    def is_final(self) -> bool:
        """True when the job will not change any more (moderated, completed, failed, cancelled)."""
        return self in _FINAL


_FINAL = frozenset(
    {JobStatus.MODERATED, JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELLED}
)

#: useapi.net job states (specs/useapi.yaml `JobStatus`) to `JobStatus`.
USEAPI_STATUSES: Mapping[str, JobStatus] = MappingProxyType(
    {
        "created": JobStatus.QUEUED,
        "started": JobStatus.RUNNING,
        "progress": JobStatus.RUNNING,
        "moderated": JobStatus.MODERATED,
        "completed": JobStatus.COMPLETED,
        "failed": JobStatus.FAILED,
        "cancelled": JobStatus.CANCELLED,
    }
)

#: Topaz process states (`ProcessStatus` in the Topaz spec) to `JobStatus`.
TOPAZ_STATUSES: Mapping[str, JobStatus] = MappingProxyType(
    {
        "Pending": JobStatus.QUEUED,
        "Processing": JobStatus.RUNNING,
        "Completed": JobStatus.COMPLETED,
        "Failed": JobStatus.FAILED,
        "Cancelled": JobStatus.CANCELLED,
    }
)

#: Jobs API (BigChange) job states (specs/jobs_api.yaml `JobStatus`) to `JobStatus`.
#: `onTheWay` counts as queued: the work itself has not started. `suspended` counts as running:
#: the work started and will resume. `refused` (the engineer refused it) is final, so failed.
JOBS_API_STATUSES: Mapping[str, JobStatus] = MappingProxyType(
    {
        "new": JobStatus.QUEUED,
        "scheduled": JobStatus.QUEUED,
        "unscheduled": JobStatus.QUEUED,
        "sent": JobStatus.QUEUED,
        "read": JobStatus.QUEUED,
        "accepted": JobStatus.QUEUED,
        "onTheWay": JobStatus.QUEUED,
        "started": JobStatus.RUNNING,
        "suspended": JobStatus.RUNNING,
        "completedOk": JobStatus.COMPLETED,
        "completedWithIssues": JobStatus.COMPLETED,
        "refused": JobStatus.FAILED,
        "cancelled": JobStatus.CANCELLED,
    }
)

_TABLES: Mapping[str, Mapping[str, JobStatus]] = MappingProxyType(
    {"useapi": USEAPI_STATUSES, "topaz": TOPAZ_STATUSES, "jobs": JOBS_API_STATUSES}
)


def status_for(provider: str, provider_status: str | None) -> JobStatus:
    """Map a provider's own status string to `JobStatus`; unknown or missing -> `UNKNOWN`."""
    if provider_status is None:
        return JobStatus.UNKNOWN
    return _TABLES.get(provider, {}).get(provider_status, JobStatus.UNKNOWN)


@dataclass(frozen=True, slots=True, repr=False)
class Job:
    """A job as a provider last reported it: small, immutable, the same on every provider.

    Attributes:
        provider: "useapi", "topaz" or "jobs".
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
