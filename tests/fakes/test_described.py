"""DescribedFake on the wire, for every provider's description: routes, checks, states, cancel.

Each test runs on `DescribedFake(name)` for every provider in the registry (the ones with a fake
of their own too: their descriptions must make a working fake as well), over plain httpx, so
what is checked is what a client of any language would see.
"""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest

from imagejobs import JobStatus
from imagejobs.errors import pointed
from imagejobs.registry import PROVIDERS
from imagejobs.testing import DescribedFake, Timeline, make_fake
from imagejobs.testing.serve import describe, seed_demo

NAMES = list(PROVIDERS)


def http(fake: DescribedFake, *, wrong: bool = False) -> httpx.Client:
    """A client carrying the fake's first proving credential (or a wrong one) and headers."""
    headers: dict[str, str] = {}
    params: dict[str, str] = {}
    proofs = [c for c in fake.desc.credentials if c.kind in ("header", "bearer", "query")]
    for c in proofs[:1]:
        value = "wrong" if wrong else fake.credentials[c.keyword]
        if c.kind == "bearer":
            headers[c.name] = f"Bearer {value}"
        elif c.kind == "header":
            headers[c.name] = value
        else:
            params[c.name] = value
    for c in fake.desc.credentials:
        if c.kind == "extra_header":
            headers[c.name] = "14532"
    return httpx.Client(
        base_url="http://fake", transport=fake.transport(), headers=headers, params=params
    )


def call(fake: DescribedFake, role: str, job_id: Any, **kw: Any) -> httpx.Response:
    """`role`'s request for `job_id`, as the spec lays it out."""
    op = fake.desc.operations[role]
    fmt = fake.desc.job_id
    values = str(job_id).split(fmt.separator) if len(fmt.params) > 1 else [str(job_id)]
    path, params = op.path, {}
    for name, value in zip(fmt.params, values, strict=True):
        if fmt.location == "path":
            path = path.replace("{" + name + "}", value)
        else:
            params[name] = value
    client = http(fake, wrong=kw.pop("wrong", False))
    return client.request(op.method, path, params=params, **kw)


def status_at(fake: DescribedFake, body: Any) -> Any:
    return pointed(body, fake.desc.answer.status)


@pytest.fixture(params=NAMES)
def fake(request: pytest.FixtureRequest) -> DescribedFake:
    return DescribedFake(request.param)


def test_every_state_reads_back_at_the_described_pointers(fake: DescribedFake) -> None:
    for state in fake.info.statuses:
        job_id = fake.add_job(state)
        body = call(fake, "get", job_id).json()
        assert status_at(fake, body) == state
        if fake.desc.answer.id:
            assert str(pointed(body, fake.desc.answer.id)) == str(job_id)
        assert fake.job(job_id) == body


def test_a_wrong_credential_answers_401_in_the_envelope(fake: DescribedFake) -> None:
    job_id = fake.add_job()
    response = call(fake, "get", job_id, wrong=True)
    assert response.status_code == 401
    where = fake.desc.errors.detail or fake.desc.errors.message or "/message"
    assert isinstance(pointed(response.json(), where), str)


def test_an_unknown_id_answers_404_and_a_malformed_one_a_bad_request(fake: DescribedFake) -> None:
    job_id = fake.add_job()
    fake.reset()
    assert call(fake, "get", job_id).status_code == 404
    assert call(fake, "cancel", job_id).status_code == 404
    fmt = fake.desc.job_id
    if fmt.kind in ("uuid", "integer") or fmt.pattern:
        bad = fmt.separator.join(["not an id!"] * len(fmt.params))
        # What the operation documents for a bad request: 400, else 422, else 404.
        documented = fake._operation("get").get("responses") or {}
        expected = next((c for c in (400, 422) if str(c) in documented), 404)
        assert call(fake, "get", bad).status_code == expected


def test_add_job_takes_the_providers_states_or_ours(fake: DescribedFake) -> None:
    with pytest.raises(ValueError, match="unknown status"):
        fake.add_job("noSuchState")
    job_id = fake.add_job(JobStatus.COMPLETED)
    assert fake.info.status(status_at(fake, fake.job(job_id))) is JobStatus.COMPLETED


def test_cancel_follows_the_strategy(fake: DescribedFake) -> None:
    strategy = str(fake.desc.cancel.strategy)
    for state in fake.info.statuses:
        job_id = fake.add_job(state)
        response = call(fake, "cancel", job_id)
        now = fake.info.status(status_at(fake, fake.job(job_id)))
        if state in fake.desc.cancellable:
            assert response.status_code in fake.desc.operations["cancel"].success
            cancelling = strategy == "accepted"
            assert now is (JobStatus.CANCELLING if cancelling else JobStatus.CANCELLED)
        elif strategy == "job":
            assert response.status_code == 200
            assert status_at(fake, response.json()) == state  # echoed, unchanged
        elif strategy != "accepted" or fake.info.status(state) is not JobStatus.CANCELLING:
            assert response.status_code in (fake.desc.cancel.statuses or {409})
            assert status_at(fake, fake.job(job_id)) == state


def test_an_accepted_cancel_ends_cancelled_after_reads_or_time(fake: DescribedFake) -> None:
    if str(fake.desc.cancel.strategy) != "accepted":
        pytest.skip("not an accepted-cancel provider")
    by_reads, by_time = fake.add_job(JobStatus.RUNNING), fake.add_job(JobStatus.RUNNING)
    call(fake, "cancel", by_reads)
    call(fake, "cancel", by_time)
    seen = [status_at(fake, call(fake, "get", by_reads).json()) for _ in range(3)]
    assert [fake.info.status(s) for s in seen] == [
        JobStatus.CANCELLING,
        JobStatus.CANCELLED,
        JobStatus.CANCELLED,
    ]
    fake.advance(fake.cancel_delay)
    assert fake.info.status(status_at(fake, fake.job(by_time))) is JobStatus.CANCELLED


def test_auto_advance_moves_one_state_per_read() -> None:
    for name in NAMES:
        fake = DescribedFake(name, auto_advance=True)
        job_id = fake.add_job(JobStatus.QUEUED)
        seen = [fake.info.status(status_at(fake, call(fake, "get", job_id).json())) for _ in "abc"]
        assert seen == [JobStatus.RUNNING, JobStatus.COMPLETED, JobStatus.COMPLETED], name


def test_jobs_stay_put_unless_scripted(fake: DescribedFake) -> None:
    still, scripted = fake.add_job(JobStatus.QUEUED), fake.add_job(JobStatus.QUEUED)
    fake.script_job(scripted, Timeline.finishes(queued=1, running=1))
    fake.advance(5)
    assert fake.info.status(status_at(fake, call(fake, "get", still).json())) is JobStatus.QUEUED
    done = status_at(fake, call(fake, "get", scripted).json())
    assert fake.info.status(done) is JobStatus.COMPLETED


@pytest.mark.parametrize(
    "name", [n for n in NAMES if "submit" in PROVIDERS[n].description.operations]
)
def test_submit_queues_a_job_that_finishes(name: str) -> None:
    fake = DescribedFake(name)
    op = fake.desc.operations["submit"]
    response = http(fake).request(op.method, op.path, json=fake.example_body())
    assert response.status_code in op.success
    job_id = pointed(response.json(), fake.desc.answer.id)
    assert fake.job(job_id) is not None
    # A submit's answer without a status (Topaz's {process_id, eta}) is a job just queued.
    status = status_at(fake, response.json())
    assert status is None or fake.info.status(status) is JobStatus.QUEUED
    fake.advance(10)
    assert fake.info.status(status_at(fake, fake.job(job_id))) is JobStatus.COMPLETED


@pytest.mark.parametrize(
    "name", [n for n in NAMES if "list" in PROVIDERS[n].description.operations]
)
def test_list_answers_every_job(name: str) -> None:
    fake = DescribedFake(name)
    ids = {str(fake.add_job()) for _ in range(3)}
    op = fake.desc.operations["list"]
    body = http(fake).request(op.method, op.path).json()
    items = pointed(body, fake.desc.answer.items) if fake.desc.answer.items else body
    found = {
        str(i) if not isinstance(i, dict) else str(pointed(i, fake.desc.answer.id)) for i in items
    }
    assert found == ids


@pytest.mark.parametrize("name", NAMES)
def test_every_provider_has_a_fake_a_demo_seed_and_a_banner(name: str) -> None:
    fake = make_fake(name)
    seeded = seed_demo(fake)
    lines = describe(fake, "http://127.0.0.1:8000", seeded)
    text = "\n".join(lines)
    info = PROVIDERS[name]
    assert f"{info.base_url_env}=http://127.0.0.1:8000" in text
    first = info.credentials[0]
    assert re.search(rf"{first.option} \S+ / {first.env_var}=\S+", text)
    for job_id in seeded.values():
        assert job_id in text
    assert f"({JobStatus.RUNNING.value})" in text


@pytest.mark.parametrize("name", NAMES)
def test_every_provider_has_its_fixture(name: str, request: pytest.FixtureRequest) -> None:
    fake = request.getfixturevalue(f"fake_{name}")
    assert fake.provider == name
    assert getattr(request.getfixturevalue("fakes"), name) is fake
