"""job.py and registry.py: one status enum, one table per provider, unknown states never raise."""

from __future__ import annotations

import dataclasses

import pytest
from imagejobs_gen_jobs_api.models.job_status import JobStatus as JobsSpecStatus
from imagejobs_gen_topaz.models.process_status import ProcessStatus
from imagejobs_gen_useapi.models.job_status import JobStatus as UseapiSpecStatus

from imagejobs.job import Job, JobStatus
from imagejobs.registry import JOBS_API_STATUSES, TOPAZ_STATUSES, USEAPI_STATUSES, status_for

S = JobStatus


@pytest.mark.parametrize(
    ("provider", "raw", "expected"),
    [
        ("useapi", "created", S.QUEUED),
        ("useapi", "started", S.RUNNING),
        ("useapi", "progress", S.RUNNING),
        ("useapi", "moderated", S.MODERATED),
        ("useapi", "completed", S.COMPLETED),
        ("useapi", "failed", S.FAILED),
        ("useapi", "cancelled", S.CANCELLED),
        ("topaz", "Pending", S.QUEUED),
        ("topaz", "Processing", S.RUNNING),
        ("topaz", "Completed", S.COMPLETED),
        ("topaz", "Failed", S.FAILED),
        ("topaz", "Cancelled", S.CANCELLED),
        ("jobs_api", "new", S.QUEUED),
        ("jobs_api", "scheduled", S.QUEUED),
        ("jobs_api", "unscheduled", S.QUEUED),
        ("jobs_api", "sent", S.QUEUED),
        ("jobs_api", "read", S.QUEUED),
        ("jobs_api", "accepted", S.QUEUED),
        ("jobs_api", "onTheWay", S.QUEUED),
        ("jobs_api", "started", S.RUNNING),
        ("jobs_api", "suspended", S.RUNNING),
        ("jobs_api", "completedOk", S.COMPLETED),
        ("jobs_api", "completedWithIssues", S.COMPLETED),
        ("jobs_api", "refused", S.FAILED),
        ("jobs_api", "cancelled", S.CANCELLED),
    ],
)
def test_every_documented_state_maps(provider: str, raw: str, expected: JobStatus) -> None:
    assert status_for(provider, raw) is expected


@pytest.mark.parametrize(
    ("table", "spec_enum"),
    [
        (USEAPI_STATUSES, UseapiSpecStatus),
        (TOPAZ_STATUSES, ProcessStatus),
        (JOBS_API_STATUSES, JobsSpecStatus),
    ],
)
def test_tables_cover_exactly_the_spec_enums(table: object, spec_enum: type) -> None:
    assert set(table) == {m.value for m in spec_enum}  # type: ignore[call-overload]


@pytest.mark.parametrize("provider", ["useapi", "topaz", "jobs_api", "nobody"])
@pytest.mark.parametrize("raw", ["paused", "", "CANCELLED", None])
def test_unknown_states_are_unknown_not_errors(provider: str, raw: str | None) -> None:
    assert status_for(provider, raw) is S.UNKNOWN


def test_is_final() -> None:
    assert {s for s in S if s.is_final} == {
        S.MODERATED,
        S.COMPLETED,
        S.FAILED,
        S.CANCELLED,
        S.EXPIRED,
    }


def test_job_is_a_small_immutable_hashable_value() -> None:
    job = Job(
        provider="topaz", id="x", status=S.RUNNING, provider_status="Processing", raw={"a": 1}
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        job.status = S.CANCELLED  # type: ignore[misc]
    assert not hasattr(job, "__dict__")
    same = Job(provider="topaz", id="x", status=S.RUNNING, provider_status="Processing", raw=None)
    assert job == same
    assert hash(job) == hash(same)
    assert repr(job) == (
        "Job(provider='topaz', id='x', status=RUNNING, provider_status='Processing')"
    )
    assert S.CANCELLED == "cancelled"
