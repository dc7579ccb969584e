"""testing/timeline.py and the fakes' timelines: jobs move on the fake's clock, per-job scripts.

Driven over HTTP (the fakes' own transports) with plain httpx, as the fakes' other tests are:
the fakes never need a facade client.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from imagejobs.job import JobStatus
from imagejobs.testing import (
    FakeJobsApi,
    FakeProvider,
    FakeTopaz,
    FakeUseapi,
    Timeline,
    VirtualClock,
    running_server,
)


def test_a_timeline_says_where_a_job_is() -> None:
    line = Timeline.finishes(queued=1, running=2)
    assert [line.state(t, 0) for t in (0, 0.99, 1, 2.5, 3, 99)] == [
        JobStatus.QUEUED,
        JobStatus.QUEUED,
        JobStatus.RUNNING,
        JobStatus.RUNNING,
        JobStatus.COMPLETED,
        JobStatus.COMPLETED,
    ]
    assert Timeline.stuck().state(10**9, 10**6) is JobStatus.RUNNING
    assert Timeline.fails_after(2).state(0, 2) is JobStatus.RUNNING
    assert Timeline.fails_after(2).state(0, 3) is JobStatus.FAILED
    assert Timeline.from_dict(line.throttled(2, "3").to_dict()) == line.throttled(2, "3")
    with pytest.raises(ValueError, match="starts with a step at 0"):
        Timeline(((1.0, JobStatus.RUNNING),))
    with pytest.raises(ValueError, match="UNKNOWN"):
        Timeline(((0.0, JobStatus.UNKNOWN),))


def test_the_virtual_clock_moves_only_when_slept_on() -> None:
    clock = VirtualClock()
    start = clock()
    clock.sleep(2.5)
    clock.advance(0.5)
    assert clock() - start == 3.0
    assert clock.sleeps == [2.5]


def _reader(fake: FakeProvider) -> tuple[httpx.Client, Any]:
    if isinstance(fake, FakeTopaz):
        client = httpx.Client(
            base_url="http://fake", transport=fake.transport(), headers={"X-API-Key": fake.api_key}
        )
        return client, lambda job_id: client.get(f"/status/{job_id}")
    if isinstance(fake, FakeUseapi):
        client = httpx.Client(
            base_url="http://fake",
            transport=fake.transport(),
            headers={"Authorization": f"Bearer {fake.token}"},
        )
        return client, lambda job_id: client.get("/jobs/", params={"jobid": job_id})
    assert isinstance(fake, FakeJobsApi)
    client = httpx.Client(
        base_url="http://fake",
        transport=fake.transport(),
        headers={"Authorization": f"Bearer {fake.token}", "Customer-Id": "1"},
    )
    return client, lambda job_id: client.get(f"/v1/jobs/{job_id}")


#: Each fake's spelling of queued, running and completed, from the registry's first entries.
SPELLINGS = {
    "useapi": ("created", "started", "completed", "failed"),
    "topaz": ("Pending", "Processing", "Completed", "Failed"),
    "jobs_api": ("new", "started", "completedOk", "refused"),
}


@pytest.fixture(params=[FakeUseapi, FakeTopaz, FakeJobsApi], ids=lambda c: c.provider)
def fake(request: pytest.FixtureRequest) -> FakeProvider:
    cls = request.param
    return cls(clock=VirtualClock())


def test_a_scripted_job_moves_along_its_timeline(fake: FakeProvider) -> None:
    queued, running, completed, _ = SPELLINGS[fake.provider]
    job_id = fake.add_scripted_job(Timeline.finishes(queued=1, running=2))
    client, read = _reader(fake)
    with client:
        seen = []
        for _ in range(4):
            seen.append(read(job_id).json()["status"])
            fake.advance(1)
    assert seen == [queued, running, running, completed]


def test_a_job_fails_after_n_polls_and_stays_failed(fake: FakeProvider) -> None:
    _, running, _, failed = SPELLINGS[fake.provider]
    job_id = fake.add_scripted_job(Timeline.fails_after(2))
    client, read = _reader(fake)
    with client:
        states = [read(job_id).json()["status"] for _ in range(4)]
    assert states == [running, running, failed, failed]


def test_throttled_polls_answer_429_with_retry_after(fake: FakeProvider) -> None:
    job_id = fake.add_scripted_job(Timeline.stuck().throttled(2, retry_after="4"))
    client, read = _reader(fake)
    with client:
        answers = [read(job_id) for _ in range(3)]
    assert [a.status_code for a in answers] == [429, 429, 200]
    assert answers[0].headers["Retry-After"] == "4"


def test_a_cancel_takes_a_job_off_its_timeline(fake: FakeProvider) -> None:
    job_id = fake.add_scripted_job(Timeline.finishes(queued=10, running=10))
    client, read = _reader(fake)
    with client:
        if isinstance(fake, FakeTopaz):
            assert client.delete(f"/cancel/{job_id}").status_code == 204
        elif isinstance(fake, FakeUseapi):
            assert client.get("/jobs/cancel/", params={"jobid": job_id}).status_code == 200
        else:
            answer = client.put(f"/v1/jobs/{job_id}/cancel", json={"reason": "test"})
            assert answer.status_code == 204
        fake.advance(100)
        assert read(job_id).json()["status"] in ("cancelled", "Cancelled")


def test_unscripted_jobs_do_not_move(fake: FakeProvider) -> None:
    _, running, _, _ = SPELLINGS[fake.provider]
    job_id = fake.add_job(status=running)
    client, read = _reader(fake)
    with client:
        fake.advance(10**6)
        assert read(job_id).json()["status"] == running


@pytest.mark.slow
def test_a_served_fake_takes_a_timeline_in_its_control_route() -> None:
    fake = FakeTopaz()
    with running_server(fake) as url:
        answer = httpx.post(
            f"{url}/_fake/jobs",
            json={
                "status": "Pending",
                "timeline": Timeline.finishes(queued=5, running=5).to_dict(),
            },
        )
        assert answer.status_code == 201
        job_id = answer.json()["id"]
        headers = {"X-API-Key": fake.api_key}
        assert httpx.get(f"{url}/status/{job_id}", headers=headers).json()["status"] == "Pending"
        fake.advance(6)
        assert httpx.get(f"{url}/status/{job_id}", headers=headers).json()["status"] == "Processing"
        bad = httpx.post(
            f"{url}/_fake/jobs", json={"status": "Pending", "timeline": {"steps": [[2, "running"]]}}
        )
        assert bad.status_code == 400
