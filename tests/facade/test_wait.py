"""_wait.py: the poll policy, and what `wait` / `wait_many` do beyond the conformance suite.

The fakes' jobs follow timelines on a `VirtualClock` that is also the clients' clock
(`use_clock`), so a wait of minutes runs in microseconds; `test_nothing_sleeps_for_real`
checks it. How every provider's `wait` ends (at the final state, the state waited for, a
failure, the timeout, the client's deadline, a cancel on timeout, a 429's Retry-After) is in
`tests/conformance`, on every twin; what is left here uses Topaz as any provider.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from imagejobs import (
    AsyncTopaz,
    JobStatus,
    PollInterval,
    Topaz,
    errors,
    wait_many,
    within,
)
from imagejobs._deadline import Deadline, use_clock
from imagejobs._wait import Done, Poller, Sleep
from imagejobs.job import TERMINAL, Job
from imagejobs.testing import (
    FakeProvider,
    FakeTopaz,
    Timeline,
    VirtualClock,
)

from .conftest import PID, TOPAZ_KEY, Script, topaz_status

BASE = "http://localhost"


@pytest.fixture
def clock() -> Iterator[VirtualClock]:
    vc = VirtualClock()
    with use_clock(vc):
        yield vc


# -- the pure policy ---------------------------------------------------------------------------


def test_the_interval_grows_from_small_to_a_cap() -> None:
    policy = PollInterval()
    assert [policy.after(n) for n in (1, 2, 3, 4)] == [0.5, 0.75, 1.125, 1.6875]
    assert policy.after(50) == 10.0
    assert policy.after(10**6) == 10.0
    assert PollInterval.of(2.0).after(7) == 2.0
    with pytest.raises(ValueError, match="initial <= cap"):
        PollInterval(initial=5, cap=1)


def job(status: JobStatus) -> Job:
    return Job(provider="topaz", id="j", status=status)


def test_the_poller_decides_done_sleep_or_out_of_time(clock: VirtualClock) -> None:
    poller = Poller("j", frozenset(TERMINAL), PollInterval(), Deadline.after(3.0))
    assert poller.after_poll(job(JobStatus.RUNNING), None) == Sleep(0.5)
    assert poller.after_poll(job(JobStatus.RUNNING), 2.0) == Sleep(2.0)  # Retry-After wins
    assert poller.after_poll(None, None) == Sleep(0.75)  # a failed poll does not count
    clock.advance(2.5)
    # 1.125 s would come too late: one last poll 0.1 s before the end.
    assert poller.after_poll(job(JobStatus.QUEUED), None) == Sleep(pytest.approx(0.4))
    clock.advance(0.4)
    assert poller.after_poll(job(JobStatus.RUNNING), None) == Sleep(pytest.approx(0.1))
    clock.advance(0.1)
    assert poller.after_poll(job(JobStatus.RUNNING), None) is None
    assert poller.polls == 5
    assert poller.last == job(JobStatus.RUNNING)


def test_a_final_job_ends_the_wait_even_if_not_waited_for(clock: VirtualClock) -> None:
    poller = Poller("j", frozenset({JobStatus.RUNNING}), PollInterval(), None)
    assert poller.after_poll(job(JobStatus.QUEUED), None) == Sleep(0.5)
    assert poller.after_poll(job(JobStatus.RUNNING), None) == Done(job(JobStatus.RUNNING))
    assert Poller("j", frozenset({JobStatus.RUNNING}), PollInterval(), None).after_poll(
        job(JobStatus.FAILED), None
    ) == Done(job(JobStatus.FAILED))


def test_unknown_without_a_deadline_still_ends(clock: VirtualClock) -> None:
    poller = Poller("j", frozenset(TERMINAL), PollInterval.of(60), None)
    while (step := poller.after_poll(job(JobStatus.UNKNOWN), None)) is not None:
        assert isinstance(step, Sleep)
        clock.advance(step.seconds)
    assert clock.now() - VirtualClock().now() == pytest.approx(600)
    assert poller.timed_out("topaz").timeout == 600


# -- wait, on one provider ---------------------------------------------------------------------


@dataclass
class Twin:
    """One provider's fake and a way to call its sync or async client the same way."""

    fake: FakeProvider
    make: Callable[..., Any]
    is_async: bool

    def run(
        self, method: str, *args: Any, client_options: dict[str, Any] | None = None, **kw: Any
    ) -> Any:
        import asyncio

        options = {"base_url": BASE, **(client_options or {})}
        if not self.is_async:
            with self.make(transport=self.fake.transport(), **options) as client:
                return getattr(client, method)(*args, **kw)

        async def go() -> Any:
            async with self.make(transport=self.fake.async_transport(), **options) as client:
                return await getattr(client, method)(*args, **kw)

        return asyncio.run(go())


def _topaz(vc: VirtualClock, is_async: bool) -> Twin:
    fake = FakeTopaz(clock=vc)
    cls = AsyncTopaz if is_async else Topaz
    return Twin(fake, lambda **o: cls(api_key=fake.api_key, **o), is_async)


def elapsed(clock: VirtualClock) -> float:
    return clock.now() - VirtualClock().now()


def test_a_cancel_on_timeout_that_fails_says_why(clock: VirtualClock) -> None:
    twin = _topaz(clock, False)
    # Polls at 0, 3, 6, 9 and a last one at 9.85 see it running; it completes at 9.9, so the
    # cancel at 9.95 finds it completed.
    job_id = twin.fake.add_scripted_job(
        Timeline(((0.0, JobStatus.RUNNING), (9.9, JobStatus.COMPLETED)))
    )
    with pytest.raises(errors.WaitTimeoutError) as caught:
        twin.run("wait", job_id, timeout=9.95, poll_interval=3, cancel_on_timeout=True)
    err = caught.value
    assert err.cancel_requested
    assert not err.cancelled
    assert isinstance(err.cancel_error, errors.NotCancellableError)
    assert err.cancel_error.current_status is JobStatus.COMPLETED
    assert "the cancel failed: NotCancellableError" in str(err)
    assert err.polls == 5


def test_a_retry_after_on_a_200_sets_the_next_poll(script: Script, clock: VirtualClock) -> None:
    path = f"/image/v1/status/{PID}"
    script.on(
        "GET",
        path,
        (200, topaz_status("Processing"), {"Retry-After": "4"}),
        (200, topaz_status("Completed")),
    )
    with Topaz(api_key=TOPAZ_KEY, transport=script.transport()) as client:
        assert client.wait(PID).status is JobStatus.COMPLETED
    assert clock.sleeps == [4.0]


def test_unknown_keeps_polling_until_the_deadline(script: Script, clock: VirtualClock) -> None:
    path = f"/image/v1/status/{PID}"
    script.on("GET", path, (200, topaz_status("Archived")))  # a state Topaz added later
    with (
        Topaz(api_key=TOPAZ_KEY, transport=script.transport()) as client,
        pytest.raises(errors.WaitTimeoutError) as caught,
    ):
        client.wait(PID, timeout=20)
    assert caught.value.job is not None
    assert caught.value.job.status is JobStatus.UNKNOWN
    assert caught.value.job.provider_status == "Archived"
    assert elapsed(clock) == pytest.approx(20)


def test_transient_poll_errors_keep_waiting_others_end_it(
    script: Script, clock: VirtualClock
) -> None:
    path = f"/image/v1/status/{PID}"
    script.on(
        "GET",
        path,
        httpx.ConnectError("refused"),
        (503, {"message": "busy"}),
        (200, topaz_status("Completed")),
    )
    with Topaz(api_key=TOPAZ_KEY, transport=script.transport(), max_retries=0) as client:
        assert client.wait(PID).status is JobStatus.COMPLETED
        script.routes.clear()
        script.on("GET", path, (404, {"message": "gone"}))
        with pytest.raises(errors.NotFoundError):
            client.wait(PID)


def test_an_enclosing_scope_bounds_a_wait(clock: VirtualClock) -> None:
    twin = _topaz(clock, False)
    job_id = twin.fake.add_scripted_job(Timeline.stuck())
    with within(5), pytest.raises(errors.WaitTimeoutError):
        twin.run("wait", job_id, timeout=100)
    assert elapsed(clock) == pytest.approx(5)


def test_nothing_sleeps_for_real(clock: VirtualClock) -> None:
    twin = _topaz(clock, False)
    job_id = twin.fake.add_scripted_job(Timeline.finishes(queued=300, running=3000))
    started = time.monotonic()
    assert twin.run("wait", job_id).status is JobStatus.COMPLETED
    assert elapsed(clock) >= 3300
    assert time.monotonic() - started < 5


# -- wait_many ---------------------------------------------------------------------------------


async def test_wait_many_keeps_input_order_and_reports_each(clock: VirtualClock) -> None:
    fake = FakeTopaz(clock=clock)
    ids = [
        fake.add_scripted_job(Timeline.finishes(queued=1, running=1)),
        fake.add_scripted_job(Timeline.stuck()),
        fake.add_scripted_job(Timeline.fails_after(polls=1)),
        "00000000-0000-4000-8000-000000000000",
    ]
    seen: dict[int, object] = {}
    async with AsyncTopaz(
        api_key=fake.api_key, base_url=BASE, transport=fake.async_transport()
    ) as client:
        results = await wait_many(client, ids, timeout=60, on_result=seen.__setitem__)
    assert isinstance(results[0], Job)
    assert results[0].status is JobStatus.COMPLETED
    assert isinstance(results[1], errors.WaitTimeoutError)
    assert results[1].timeout == 60
    assert isinstance(results[2], Job)
    assert results[2].status is JobStatus.FAILED
    assert isinstance(results[3], errors.NotFoundError)
    assert sorted(seen) == [0, 1, 2, 3]
    assert seen[1] is results[1]


async def test_wait_many_has_one_deadline_for_the_batch(clock: VirtualClock) -> None:
    fake = FakeTopaz(clock=clock)
    ids = [fake.add_scripted_job(Timeline.stuck()) for _ in range(3)]
    async with AsyncTopaz(
        api_key=fake.api_key, base_url=BASE, transport=fake.async_transport()
    ) as client:
        # One at a time: the first wait uses up the batch's time, the others get none.
        results = await wait_many(client, ids, deadline=10, concurrency=1)
    assert all(isinstance(r, errors.WaitTimeoutError) for r in results)
    assert [r.polls for r in results if isinstance(r, errors.WaitTimeoutError)][1:] == [0, 0]
    assert elapsed(clock) == pytest.approx(10)


# -- an unreachable provider -------------------------------------------------------------------


@pytest.fixture
def closed_port() -> str:
    """A base URL on 127.0.0.1 where nothing listens: every connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


def refused() -> errors.APIConnectionError:
    return errors.APIConnectionError("ConnectError: refused", provider="topaz", unreachable=True)


def test_the_poller_gives_up_after_30_s_and_3_polls_that_could_not_connect(
    clock: VirtualClock,
) -> None:
    poller = Poller("j", frozenset(TERMINAL), PollInterval.of(20), None)
    assert poller.failed(refused(), "topaz") is None  # t=0, 1 poll
    clock.advance(40)
    assert poller.failed(refused(), "topaz") is None  # 40 s, but only 2 polls
    gave_up = poller.failed(refused(), "topaz")
    assert isinstance(gave_up, errors.APIConnectionError)
    assert gave_up.unreachable
    assert "no connection could be made for 40 s (3 polls in a row)" in str(gave_up)
    assert "ConnectError: refused" in str(gave_up)


def test_an_answer_or_another_failure_starts_the_count_again(clock: VirtualClock) -> None:
    poller = Poller("j", frozenset(TERMINAL), PollInterval.of(20), None)
    poller.failed(refused(), "topaz")
    clock.advance(20)
    poller.failed(refused(), "topaz")
    poller.after_poll(job(JobStatus.RUNNING), None)  # an answer: reachable after all
    assert poller.last_error is None
    clock.advance(20)
    assert poller.failed(refused(), "topaz") is None
    clock.advance(20)
    timeout = errors.APITimeoutError("no answer within 30 s", provider="topaz")
    assert poller.failed(timeout, "topaz") is None  # a slow server is still there
    assert poller.last_error is timeout
    for _ in range(2):
        clock.advance(20)
        assert poller.failed(refused(), "topaz") is None
    clock.advance(20)
    assert poller.failed(refused(), "topaz") is not None


@pytest.mark.parametrize("asynchronous", [False, True])
async def test_wait_on_a_closed_port_ends_with_why(
    clock: VirtualClock, closed_port: str, asynchronous: bool
) -> None:
    options: dict[str, Any] = {"api_key": TOPAZ_KEY, "base_url": closed_port, "max_retries": 0}

    async def wait() -> None:
        if asynchronous:
            async with AsyncTopaz(**options) as client:
                await client.wait(PID)
        else:
            with Topaz(**options) as client:
                client.wait(PID)

    with pytest.raises(errors.APIConnectionError) as caught:
        await wait()
    assert caught.value.unreachable
    assert "gave up waiting: no connection could be made for" in str(caught.value)
    assert isinstance(caught.value.__cause__, errors.APIConnectionError)
    assert 30 <= elapsed(clock) < 45


def test_an_out_of_time_wait_that_never_got_an_answer_says_the_last_error(
    clock: VirtualClock, closed_port: str
) -> None:
    with (
        Topaz(api_key=TOPAZ_KEY, base_url=closed_port, max_retries=0) as client,
        pytest.raises(errors.WaitTimeoutError) as caught,
    ):
        client.wait(PID, timeout=4)
    assert caught.value.polls == 0
    assert isinstance(caught.value.last_error, errors.APIConnectionError)
    assert "never read after 4 s (0 polls); the last poll got no answer: " in str(caught.value)
    assert "ConnectError" in str(caught.value)


async def test_wait_many_on_poll_sees_every_read_by_position(clock: VirtualClock) -> None:
    fake = FakeTopaz(clock=clock)
    ids = [
        fake.add_scripted_job(Timeline.finishes(queued=1, running=2)),
        fake.add_scripted_job(Timeline.finishes(queued=4, running=1)),
    ]
    ids.append(ids[0])  # the same id twice: each poll still reaches its own position
    polls: list[tuple[int, JobStatus]] = []
    async with AsyncTopaz(
        api_key=fake.api_key, base_url=BASE, transport=fake.async_transport()
    ) as client:
        results = await wait_many(
            client, ids, concurrency=1, on_poll=lambda i, job: polls.append((i, job.status))
        )
    assert all(isinstance(r, Job) and r.status is JobStatus.COMPLETED for r in results)
    by_position = {i: [s for n, s in polls if n == i] for i in range(3)}
    for statuses in by_position.values():
        assert statuses[-1] is JobStatus.COMPLETED  # the last read is the one returned
    assert by_position[0][0] is JobStatus.QUEUED
    assert by_position[1][0] is JobStatus.RUNNING  # its turn came 3 s later: it runs by then
    assert by_position[2] == [JobStatus.COMPLETED]  # the same job, read again once done
    assert [i for i, _ in polls] == sorted(i for i, _ in polls)  # concurrency 1: in turn


def test_a_sync_wait_on_poll_sees_each_job_read(clock: VirtualClock) -> None:
    fake = FakeTopaz(clock=clock)
    pid = fake.add_scripted_job(Timeline.finishes(queued=1, running=1))
    seen: list[JobStatus] = []
    with Topaz(api_key=fake.api_key, base_url=BASE, transport=fake.transport()) as client:
        client.wait(pid, on_poll=lambda job: seen.append(job.status))
    assert seen[0] is JobStatus.QUEUED
    assert seen[-1] is JobStatus.COMPLETED
    assert JobStatus.RUNNING in seen
