"""job.py and registry.py: one status enum, one table per provider, unknown states never raise."""

from __future__ import annotations

import dataclasses

import pytest

from imagejobs.job import Job, JobStatus
from imagejobs.registry import PROVIDERS, ProviderInfo, status_for
from imagejobs.testing._sample import Sampler, pointer_parts, spec_of

S = JobStatus


def spec_states(info: ProviderInfo) -> set[str]:
    """The states the effective spec allows at the get answer's status pointer (enum or const)."""
    desc = info.description
    spec = spec_of(desc.package)
    sampler = Sampler(spec, 0, 0.0)
    op = desc.operations["get"]
    answer = sampler.resolve(spec["paths"][op.path][op.method.lower()]["responses"]["200"])
    schema = next(iter(answer["content"].values()))["schema"]
    found = [
        sampler.resolve(s) for s in sampler.at(schema, pointer_parts(desc.answer.status)) or []
    ]
    return {v for s in found for v in s.get("enum", [])} | {
        s["const"] for s in found if "const" in s
    }


@pytest.mark.parametrize("info", list(PROVIDERS.values()), ids=lambda i: i.name)
def test_tables_cover_exactly_the_spec_enums(info: ProviderInfo) -> None:
    # The build checks this too; here it is checked against the spec the client was made from.
    assert set(info.statuses) == spec_states(info)


@pytest.mark.parametrize("provider", [*PROVIDERS, "nobody"])
@pytest.mark.parametrize("raw", ["paused", "", "CanCelled", None])
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
