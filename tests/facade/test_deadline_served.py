"""The issue's acceptance bounds, on the wall clock, against fakes served on 127.0.0.1.

- A fake that hangs: `deadline=2` ends a call, with retries on, within 10% of 2 s (sync, async).
- A 200 whose body trickles in (8 pieces, 0.4 s apart): `timeout=0.5` alone lets it take 2.8 s
  and more; `deadline=0.5` cuts it at 0.5 s (sync: a read deadline on every socket read;
  async: the whole attempt under `asyncio.timeout`).
- A stuck job: `wait(timeout=3)` ends within 10% of 3 s (sync, async).

Each test starts its server and stops it; elapsed times use `time.monotonic()`.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from imagejobs import AsyncTopaz, JobStatus, Topaz, errors
from imagejobs.testing import FakeTopaz, Fault, Faults, Timeline, running_server

pytestmark = pytest.mark.slow

HANG = 5.0  # longer than any bound below; short enough that the server stops quickly after


@pytest.fixture
def hanging() -> Iterator[tuple[FakeTopaz, str, str]]:
    fake = FakeTopaz(faults=Faults(latency=HANG))
    pid = fake.add_job(status="Processing")
    with running_server(fake) as url:
        yield fake, url, pid


@pytest.fixture
def served() -> Iterator[tuple[FakeTopaz, str]]:
    fake = FakeTopaz(clock=time.time)
    with running_server(fake) as url:
        yield fake, url


def within_10_percent(elapsed: float, bound: float) -> bool:
    return bound * 0.9 <= elapsed <= bound * 1.1


def test_deadline_2_ends_a_sync_call_on_a_hanging_fake(hanging: tuple[FakeTopaz, str, str]) -> None:
    fake, url, pid = hanging
    with Topaz(api_key=fake.api_key, base_url=url, deadline=2, max_retries=3) as client:
        started = time.monotonic()
        with pytest.raises(errors.DeadlineExceededError) as caught:
            client.get(pid)
        elapsed = time.monotonic() - started
    assert within_10_percent(elapsed, 2.0), elapsed
    assert caught.value.attempts == 1


async def test_deadline_2_ends_an_async_call_on_a_hanging_fake(
    hanging: tuple[FakeTopaz, str, str],
) -> None:
    fake, url, pid = hanging
    async with AsyncTopaz(api_key=fake.api_key, base_url=url, deadline=2, max_retries=3) as client:
        started = time.monotonic()
        with pytest.raises(errors.DeadlineExceededError):
            await client.get(pid)
        elapsed = time.monotonic() - started
    assert within_10_percent(elapsed, 2.0), elapsed


def test_a_trickling_body_defeats_a_timeout_but_not_a_deadline(
    served: tuple[FakeTopaz, str],
) -> None:
    fake, url = served
    pid = fake.add_job(status="Processing")
    with Topaz(api_key=fake.api_key, base_url=url, timeout=0.5) as client:
        fake.faults.script("getStatus", Fault.trickle(8, 0.4))
        started = time.monotonic()
        assert client.get(pid).status is JobStatus.RUNNING  # each gap is under the timeout
        assert time.monotonic() - started >= 2.8
        fake.faults.script("getStatus", Fault.trickle(8, 0.4))
        started = time.monotonic()
        with pytest.raises(errors.DeadlineExceededError):
            client.get(pid, deadline=0.5)
        elapsed = time.monotonic() - started
    assert within_10_percent(elapsed, 0.5), elapsed


async def test_an_async_trickling_body_is_cut_at_the_deadline(
    served: tuple[FakeTopaz, str],
) -> None:
    fake, url = served
    pid = fake.add_job(status="Processing")
    fake.faults.script("getStatus", Fault.trickle(8, 0.4))
    async with AsyncTopaz(api_key=fake.api_key, base_url=url, timeout=0.5) as client:
        started = time.monotonic()
        with pytest.raises(errors.DeadlineExceededError):
            await client.get(pid, deadline=0.5)
        elapsed = time.monotonic() - started
    assert within_10_percent(elapsed, 0.5), elapsed


def test_a_sync_wait_on_a_stuck_job_ends_at_its_timeout(served: tuple[FakeTopaz, str]) -> None:
    fake, url = served
    pid = fake.add_scripted_job(Timeline.stuck())
    with Topaz(api_key=fake.api_key, base_url=url) as client:
        started = time.monotonic()
        with pytest.raises(errors.WaitTimeoutError) as caught:
            client.wait(pid, timeout=3)
        elapsed = time.monotonic() - started
    assert within_10_percent(elapsed, 3.0), elapsed
    assert caught.value.job is not None
    assert caught.value.job.status is JobStatus.RUNNING


async def test_an_async_wait_on_a_stuck_job_ends_at_its_timeout(
    served: tuple[FakeTopaz, str],
) -> None:
    fake, url = served
    pid = fake.add_scripted_job(Timeline.stuck())
    async with AsyncTopaz(api_key=fake.api_key, base_url=url) as client:
        started = time.monotonic()
        with pytest.raises(errors.WaitTimeoutError):
            await client.wait(pid, timeout=3)
        elapsed = time.monotonic() - started
    assert within_10_percent(elapsed, 3.0), elapsed


def test_a_wait_on_a_hanging_fake_ends_at_its_timeout(
    hanging: tuple[FakeTopaz, str, str],
) -> None:
    fake, url, pid = hanging
    with Topaz(api_key=fake.api_key, base_url=url) as client:
        started = time.monotonic()
        with pytest.raises(errors.WaitTimeoutError) as caught:
            client.wait(pid, timeout=3)
        elapsed = time.monotonic() - started
    assert within_10_percent(elapsed, 3.0), elapsed
    assert caught.value.job is None
    assert caught.value.polls == 0
