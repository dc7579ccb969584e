"""bulk.py: cancel_many / cancel_many_sync keep input order, bound concurrency, isolate failures."""

from __future__ import annotations

import asyncio
import threading
import time

import pytest

from imagejobs import AsyncTopaz, Job, JobStatus, Topaz, cancel_many, cancel_many_sync, errors

from .conftest import TOPAZ_KEY, Script, topaz_status

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


async def test_cancel_many_mixed_outcomes_in_input_order(script: Script) -> None:
    mixed(script)
    async with AsyncTopaz(TOPAZ_KEY, transport=script.transport()) as tz:
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


async def test_on_result_sees_every_id_once_with_its_position(script: Script) -> None:
    mixed(script)
    seen: dict[int, object] = {}
    async with AsyncTopaz(TOPAZ_KEY, transport=script.transport()) as tz:
        results = await cancel_many(tz, IDS, concurrency=2, on_result=seen.__setitem__)
    assert sorted(seen) == list(range(len(IDS)))
    assert all(seen[i] is results[i] for i in seen)


def test_on_result_sync(script: Script) -> None:
    mixed(script)
    seen: dict[int, object] = {}
    with Topaz(TOPAZ_KEY, transport=script.transport()) as tz:
        results = cancel_many_sync(tz, IDS, concurrency=2, on_result=seen.__setitem__)
    assert [seen[i] for i in range(len(IDS))] == results


async def test_get_many_reads_in_input_order_and_isolates_failures(script: Script) -> None:
    from imagejobs import get_many

    states = ["Pending", "Processing", None, "Completed"]
    for pid, state in zip(IDS, states, strict=False):
        answer = (
            (200, topaz_status(state, pid)) if state else (404, {"message": "Process not found"})
        )
        script.on("GET", f"/image/v1/status/{pid}", answer)
    async with AsyncTopaz(TOPAZ_KEY, transport=script.transport()) as tz:
        results = await get_many(tz, IDS[:4], concurrency=3)
    assert [r.status for r in results if isinstance(r, Job)] == [
        JobStatus.QUEUED,
        JobStatus.RUNNING,
        JobStatus.COMPLETED,
    ]
    assert isinstance(results[2], errors.NotFoundError)
