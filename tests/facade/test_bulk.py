"""bulk.py: cancel_many / cancel_many_sync keep input order, bound concurrency, isolate failures."""

from __future__ import annotations

import asyncio
import os
import signal
import threading
import time
from collections.abc import Iterator

import pytest

from imagejobs import AsyncTopaz, Job, JobStatus, Topaz, cancel_many, cancel_many_sync, errors

from .conftest import TOPAZ_KEY, AsyncPath, Script, topaz_status

IDS = [f"8f8a0b8e-1c1d-4a4b-9e9f-00000000000{i}" for i in range(6)]


def mixed(script: Script) -> None:
    # 0 ok, 1 not found, 2 already completed, 3 ok after a retry, 4 already cancelled, 5 ok
    for i, pid in enumerate(IDS):
        path = f"/image/v1/cancel/{pid}"
        if i == 1:
            script.on("DELETE", path, (404, {"message": "Process not found"}))
        elif i == 2:
            script.on("DELETE", path, (409, {"message": "conflict"}))
            script.on("GET", f"/image/v1/status/{pid}", (200, topaz_status("Completed", pid)))
        elif i == 3:
            script.on("DELETE", path, (503, ""), (204, None))
        elif i == 4:
            script.on("DELETE", path, (409, {"message": "conflict"}))
            script.on("GET", f"/image/v1/status/{pid}", (200, topaz_status("Cancelled", pid)))
        else:
            script.on("DELETE", path, (204, None))


def check(results: list[Job | errors.ImageJobsError]) -> None:
    assert len(results) == len(IDS)
    assert isinstance(results[1], errors.NotFoundError)
    assert isinstance(results[2], errors.NotCancellableError)
    assert results[2].current_status is JobStatus.COMPLETED
    for i in (0, 3, 4, 5):
        job = results[i]
        assert isinstance(job, Job)
        assert job.id == IDS[i]
        assert job.status is JobStatus.CANCELLED


async def test_cancel_many_mixed_outcomes_in_input_order(
    script: Script, async_path: AsyncPath
) -> None:
    mixed(script)
    async with AsyncTopaz(TOPAZ_KEY, **async_path(script, AsyncTopaz)) as tz:
        check(await cancel_many(tz, IDS, concurrency=3))


def test_cancel_many_sync_mixed_outcomes_in_input_order(script: Script) -> None:
    mixed(script)
    with Topaz(TOPAZ_KEY, transport=script.transport()) as tz:
        check(cancel_many_sync(tz, IDS, concurrency=3))


class _CountingAsync:
    def __init__(self) -> None:
        self.active = self.peak = 0

    async def cancel(self, job_id: str, reason: str = "") -> Job:
        self.active += 1
        self.peak = max(self.peak, self.active)
        await asyncio.sleep(0.001)
        self.active -= 1
        if job_id == "bad":
            raise errors.ImageJobsError("bad id")
        return Job(provider="x", id=f"{job_id}:{reason}", status=JobStatus.CANCELLED)


async def test_concurrency_is_bounded_and_kwargs_are_passed() -> None:
    client = _CountingAsync()
    ids = [str(i) for i in range(50)] + ["bad"]
    results = await cancel_many(client, ids, concurrency=4, reason="why")
    assert client.peak == 4
    assert [r.id for r in results[:-1]] == [f"{i}:why" for i in range(50)]  # type: ignore[union-attr]
    assert isinstance(results[-1], errors.ImageJobsError)
    assert await cancel_many(client, []) == []


def test_sync_concurrency_is_bounded() -> None:
    lock = threading.Lock()
    state = {"active": 0, "peak": 0}

    class Client:
        def cancel(self, job_id: str) -> Job:
            with lock:
                state["active"] += 1
                state["peak"] = max(state["peak"], state["active"])
            time.sleep(0.002)
            with lock:
                state["active"] -= 1
            return Job(provider="x", id=job_id, status=JobStatus.CANCELLED)

    results = cancel_many_sync(Client(), [str(i) for i in range(30)], concurrency=5)
    assert [r.id for r in results] == [str(i) for i in range(30)]  # type: ignore[union-attr]
    assert 1 < state["peak"] <= 5
    assert cancel_many_sync(Client(), []) == []


@pytest.mark.parametrize("concurrency", [0, -1])
async def test_concurrency_must_be_positive(concurrency: int) -> None:
    with pytest.raises(errors.ImageJobsError):
        await cancel_many(_CountingAsync(), ["1"], concurrency=concurrency)
    with pytest.raises(errors.ImageJobsError):
        cancel_many_sync(_CountingAsync(), ["1"], concurrency=concurrency)  # type: ignore[arg-type]


async def test_on_result_sees_every_id_once_with_its_position(
    script: Script, async_path: AsyncPath
) -> None:
    mixed(script)
    seen: dict[int, object] = {}
    async with AsyncTopaz(TOPAZ_KEY, **async_path(script, AsyncTopaz)) as tz:
        results = await cancel_many(tz, IDS, concurrency=2, on_result=seen.__setitem__)
    assert sorted(seen) == list(range(len(IDS)))
    assert all(seen[i] is results[i] for i in seen)


def test_on_result_sync(script: Script) -> None:
    mixed(script)
    seen: dict[int, object] = {}
    with Topaz(TOPAZ_KEY, transport=script.transport()) as tz:
        results = cancel_many_sync(tz, IDS, concurrency=2, on_result=seen.__setitem__)
    assert [seen[i] for i in range(len(IDS))] == results


async def test_get_many_reads_in_input_order_and_isolates_failures(
    script: Script, async_path: AsyncPath
) -> None:
    from imagejobs import get_many

    states = ["Pending", "Processing", None, "Completed"]
    for pid, state in zip(IDS, states, strict=False):
        answer = (
            (200, topaz_status(state, pid)) if state else (404, {"message": "Process not found"})
        )
        script.on("GET", f"/image/v1/status/{pid}", answer)
    async with AsyncTopaz(TOPAZ_KEY, **async_path(script, AsyncTopaz)) as tz:
        results = await get_many(tz, IDS[:4], concurrency=3)
    assert [r.status for r in results if isinstance(r, Job)] == [
        JobStatus.QUEUED,
        JobStatus.RUNNING,
        JobStatus.COMPLETED,
    ]
    assert isinstance(results[2], errors.NotFoundError)


# -- one id's hostile answer, a foreign exception, and stopping the whole batch (issue 11)

MANY = [f"8f8a0b8e-1c1d-4a4b-9e9f-{i:012d}" for i in range(50)]
DEEP = b"[" * 100_000 + b"]" * 100_000


def hostile_batch(script: Script) -> tuple[int, int]:
    """50 cancellable ids; one's follow-up status has a null time, one's 409 is 100,000 deep."""
    odd, deep = 17, 33
    for i, pid in enumerate(MANY):
        cancel, status = f"/image/v1/cancel/{pid}", f"/image/v1/status/{pid}"
        if i == odd:
            script.on("DELETE", cancel, (409, {"message": "conflict"}))
            script.on(
                "GET", status, (200, {**topaz_status("Completed", pid), "creation_time": None})
            )
        elif i == deep:
            script.on("DELETE", cancel, (409, DEEP, {"content-type": "application/json"}))
            script.on("GET", status, (200, topaz_status("Completed", pid)))
        else:
            script.on("DELETE", cancel, (204, None))
            script.on("GET", status, (200, topaz_status("Processing", pid)))
    return odd, deep


def check_hostile_batch(results: list[Job | errors.ImageJobsError], odd: int, deep: int) -> None:
    assert len(results) == len(MANY)
    assert type(results[odd]) is errors.UnexpectedResponseError
    assert "TypeError" in (results[odd].parse_error or "")  # type: ignore[union-attr]
    assert type(results[deep]) is errors.NotCancellableError  # the 409 still counts as a 409
    others = [r for i, r in enumerate(results) if i not in (odd, deep)]
    assert all(isinstance(r, Job) and r.status is JobStatus.CANCELLED for r in others)


async def test_cancel_many_returns_every_id_whatever_one_body_is(
    script: Script, async_path: AsyncPath
) -> None:
    odd, deep = hostile_batch(script)
    async with AsyncTopaz(TOPAZ_KEY, **async_path(script, AsyncTopaz)) as tz:
        check_hostile_batch(await cancel_many(tz, MANY, concurrency=8), odd, deep)


def test_cancel_many_sync_returns_every_id_whatever_one_body_is(script: Script) -> None:
    odd, deep = hostile_batch(script)
    with Topaz(TOPAZ_KEY, transport=script.transport()) as tz:
        check_hostile_batch(cancel_many_sync(tz, MANY, concurrency=8), odd, deep)


async def test_get_many_returns_every_id_whatever_one_body_is(
    script: Script, async_path: AsyncPath
) -> None:
    from imagejobs import get_many

    odd, _ = hostile_batch(script)
    async with AsyncTopaz(TOPAZ_KEY, **async_path(script, AsyncTopaz)) as tz:
        results = await get_many(tz, MANY, concurrency=8)
    assert type(results[odd]) is errors.UnexpectedResponseError
    assert sum(isinstance(r, Job) for r in results) == len(MANY) - 1


class Foreign:
    """A client of the caller's own whose cancel raises something that is not ours."""

    def cancel(self, job_id: str) -> Job:
        if job_id == "bad":
            raise KeyError("not ours")
        return Job(provider="x", id=job_id, status=JobStatus.CANCELLED)


class AsyncForeign:
    async def cancel(self, job_id: str) -> Job:
        return Foreign().cancel(job_id)


def check_wrapped(results: list[Job | errors.ImageJobsError]) -> None:
    assert [type(r) for r in results] == [Job, errors.ImageJobsError, Job]
    assert isinstance(results[1].__cause__, KeyError)
    assert "KeyError" in str(results[1])


async def test_a_foreign_exception_is_that_ids_result_wrapped() -> None:
    check_wrapped(await cancel_many(AsyncForeign(), ["a", "bad", "c"], concurrency=1))
    check_wrapped(cancel_many_sync(Foreign(), ["a", "bad", "c"], concurrency=1))


def test_ctrl_c_stops_the_sync_batch_and_keeps_what_finished() -> None:
    calls: list[str] = []

    class Interrupted:
        def cancel(self, job_id: str) -> Job:
            calls.append(job_id)
            if job_id == "stop":
                raise KeyboardInterrupt
            return Job(provider="x", id=job_id, status=JobStatus.CANCELLED)

    seen: dict[int, object] = {}
    ids = ["a", "b", "stop", "c", "d"]
    with pytest.raises(KeyboardInterrupt):
        cancel_many_sync(Interrupted(), ids, concurrency=1, on_result=seen.__setitem__)
    assert calls == ["a", "b", "stop"]  # ids after the interruption never start
    assert sorted(seen) == [0, 1]
    assert [seen[0].id, seen[1].id] == ["a", "b"]  # type: ignore[attr-defined]


async def test_cancelling_the_task_stops_the_batch_and_keeps_what_finished() -> None:
    calls: list[str] = []
    hanging = asyncio.Event()

    class Hangs:
        async def cancel(self, job_id: str) -> Job:
            calls.append(job_id)
            if job_id == "hang":
                hanging.set()
                await asyncio.Event().wait()  # never answers
            return Job(provider="x", id=job_id, status=JobStatus.CANCELLED)

    seen: dict[int, object] = {}
    ids = ["a", "b", "hang", "c"]
    task = asyncio.ensure_future(
        cancel_many(Hangs(), ids, concurrency=1, on_result=seen.__setitem__)
    )
    await hanging.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert calls == ["a", "b", "hang"]
    assert sorted(seen) == [0, 1]


async def test_a_failing_callback_stops_every_worker() -> None:
    started: list[str] = []
    cancelled: list[str] = []

    class FirstAnswersOthersHang:
        async def cancel(self, job_id: str) -> Job:
            started.append(job_id)
            if job_id != "0":
                try:
                    await asyncio.Event().wait()
                except asyncio.CancelledError:
                    cancelled.append(job_id)
                    raise
            return Job(provider="x", id=job_id, status=JobStatus.CANCELLED)

    def boom(index: int, result: object) -> None:
        raise RuntimeError("the caller's callback failed")

    ids = [str(i) for i in range(20)]
    with pytest.raises(RuntimeError):
        await cancel_many(FirstAnswersOthersHang(), ids, concurrency=4, on_result=boom)
    # The three hanging workers were cancelled, not left running to start ids 4..19.
    assert sorted(started) == ["0", "1", "2", "3"]
    assert sorted(cancelled) == ["1", "2", "3"]


async def test_on_start_tells_the_ids_in_flight_from_those_never_started() -> None:
    hanging = asyncio.Event()

    class TwoHang:
        async def cancel(self, job_id: str) -> Job:
            if job_id in ("c", "d"):
                if job_id == "d":
                    hanging.set()
                await asyncio.Event().wait()  # sent, never answered
            return Job(provider="x", id=job_id, status=JobStatus.CANCELLED)

    started: set[int] = set()
    seen: dict[int, object] = {}
    ids = ["a", "b", "c", "d", "e", "f"]
    task = asyncio.ensure_future(
        cancel_many(TwoHang(), ids, concurrency=2, on_start=started.add, on_result=seen.__setitem__)
    )
    await hanging.wait()
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert sorted(seen) == [0, 1]
    assert started - seen.keys() == {2, 3}  # in flight: outcome unknown
    assert set(range(len(ids))) - started == {4, 5}  # never started: certainly not sent


def test_on_start_sync_sees_each_id_before_its_call() -> None:
    order: list[str] = []

    class Records:
        def cancel(self, job_id: str) -> Job:
            order.append(f"call {job_id}")
            if job_id == "stop":
                raise KeyboardInterrupt
            return Job(provider="x", id=job_id, status=JobStatus.CANCELLED)

    ids = ["a", "stop", "b"]
    with pytest.raises(KeyboardInterrupt):
        cancel_many_sync(
            Records(),
            ids,
            concurrency=1,
            on_start=lambda i: order.append(f"start {ids[i]}"),
            on_result=lambda i, _r: order.append(f"done {ids[i]}"),
        )
    assert order == ["start a", "call a", "done a", "start stop", "call stop"]


def test_get_many_sync_and_wait_many_sync_beside_cancel_many_sync() -> None:
    import imagejobs
    from imagejobs import get_many_sync, wait_many_sync
    from imagejobs.testing import FakeTopaz

    assert {"get_many_sync", "wait_many_sync"} <= set(imagejobs.__all__)
    fake = FakeTopaz(api_key=TOPAZ_KEY)
    running = [fake.add_job(status="Processing") for _ in range(3)]
    done = fake.add_job(status="Completed")
    missing = "00000000-0000-4000-8000-000000000000"
    ids = [*running, done, missing]
    with Topaz(TOPAZ_KEY, base_url="http://localhost", transport=fake.transport()) as tz:
        seen: dict[int, object] = {}
        read = get_many_sync(tz, ids, concurrency=4, on_result=seen.__setitem__)
        assert [r.status for r in read[:4]] == [JobStatus.RUNNING] * 3 + [JobStatus.COMPLETED]  # type: ignore[union-attr]
        assert isinstance(read[4], errors.NotFoundError)
        assert sorted(seen) == [0, 1, 2, 3, 4]
        waited = wait_many_sync(tz, [done, running[0]], timeout=0.3, poll_interval=0.05)
    assert isinstance(waited[0], Job)
    assert waited[0].status is JobStatus.COMPLETED
    assert isinstance(waited[1], errors.WaitTimeoutError)
    assert waited[1].job is not None
    assert waited[1].job.status is JobStatus.RUNNING


@pytest.fixture
def ctrl_c_raises() -> Iterator[None]:
    """SIGINT raising KeyboardInterrupt, as in a terminal, for the length of one test.

    Python installs that handler only when it starts with SIGINT not ignored, and a shell
    ignores it for what it runs in the background (`bash .ci/run &`): the test then hung.
    """
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("ctrl_c_raises")
def test_ctrl_c_stops_the_sync_waits_in_flight_at_once() -> None:
    from imagejobs import wait_many_sync

    polling = threading.Event()

    class Forever:
        def wait(self, job_id: str, **options: object) -> Job:
            from imagejobs._wait import wait_sync

            options["poll_interval"] = 5  # a long sleep between polls
            return wait_sync(self, job_id, timeout=None, **options)  # type: ignore[arg-type]

        provider = "x"

        def get(self, job_id: str) -> Job:
            polling.set()
            return Job(provider="x", id=job_id, status=JobStatus.RUNNING)

        def cancel(self, job_id: str) -> Job:  # pragma: no cover - never asked
            raise AssertionError

    started: set[int] = set()
    seen: dict[int, object] = {}

    def interrupt(index: int) -> None:
        started.add(index)

    def ctrl_c_once_polling() -> None:
        polling.wait(5)
        time.sleep(0.1)  # both waits are asleep by then
        os.kill(os.getpid(), signal.SIGINT)  # as the terminal sends it: to the main thread

    threading.Thread(target=ctrl_c_once_polling, daemon=True).start()
    began = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        wait_many_sync(
            Forever(),
            ["a", "b", "c"],
            concurrency=2,
            on_start=interrupt,
            on_result=seen.__setitem__,
        )
    # The two waits in flight slept 5 s between polls; they woke at once, without a result.
    assert time.monotonic() - began < 3
    assert started == {0, 1}
    assert seen == {}
