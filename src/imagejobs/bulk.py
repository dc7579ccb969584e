"""Cancel or read many jobs at once, with bounded concurrency, one result per id in input order.

`cancel_many` / `get_many` run on an async client (one aiohttp pool, `concurrency` requests in
flight); `cancel_many_sync` runs a sync client's calls on a thread pool over its one connection
pool. A failure is that id's result (an `ImageJobsError`), never the end of the batch. An
`on_result(index, result)` callback sees each result as it arrives (a progress bar, a log line).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from .errors import ImageJobsError
from .job import Job

__all__ = ["DEFAULT_CONCURRENCY", "OnResult", "cancel_many", "cancel_many_sync", "get_many"]

DEFAULT_CONCURRENCY = 32

Result = Job | ImageJobsError
OnResult = Callable[[int, Result], None]
"""Called with (position in the input, result) as each id finishes."""


class AsyncCancels(Protocol):
    """Any async client: `await client.cancel(id)` returns a Job."""

    def cancel(self, job_id: Any, /) -> Awaitable[Job]: ...


class AsyncReads(Protocol):
    """Any async client: `await client.get(id)` returns a Job."""

    def get(self, job_id: Any, /) -> Awaitable[Job]: ...


class SyncCancels(Protocol):
    """Any sync client: `client.cancel(id)` returns a Job."""

    def cancel(self, job_id: Any, /) -> Job: ...


def _check(concurrency: int) -> int:
    if concurrency < 1:
        raise ImageJobsError(f"concurrency must be 1 or more, not {concurrency}")
    return concurrency


async def _map_bounded(
    call: Callable[[str], Awaitable[Job]],
    ids: Iterable[str],
    concurrency: int,
    on_result: OnResult | None,
) -> list[Result]:
    job_ids = list(ids)
    results: list[Result | None] = [None] * len(job_ids)
    pending = iter(enumerate(job_ids))

    # A fixed set of workers pulling from one iterator: `concurrency` requests in flight and
    # no task per id, which matters when the ids run into the thousands.
    async def worker() -> None:
        for index, job_id in pending:
            result: Result
            try:
                result = await call(job_id)
            except ImageJobsError as exc:
                result = exc
            results[index] = result
            if on_result is not None:
                on_result(index, result)

    workers = min(_check(concurrency), len(job_ids))
    await asyncio.gather(*(worker() for _ in range(workers)))
    return [r for r in results if r is not None]


async def cancel_many(
    client: AsyncCancels,
    ids: Iterable[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: OnResult | None = None,
    **cancel_kwargs: Any,
) -> list[Result]:
    """Cancel every id on an async client; returns, in input order, each Job or its error.

    Extra keyword arguments go to every `client.cancel` call (e.g. `reason=` on the jobs API).
    """
    cancel: Callable[..., Awaitable[Job]] = client.cancel
    return await _map_bounded(
        lambda job_id: cancel(job_id, **cancel_kwargs), ids, concurrency, on_result
    )


async def get_many(
    client: AsyncReads,
    ids: Iterable[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: OnResult | None = None,
) -> list[Result]:
    """Read every id's status on an async client; returns, in input order, each Job or its error."""
    return await _map_bounded(client.get, ids, concurrency, on_result)


def cancel_many_sync(
    client: SyncCancels,
    ids: Iterable[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: OnResult | None = None,
    **cancel_kwargs: Any,
) -> list[Result]:
    """Cancel every id on a sync client from a thread pool; same results as `cancel_many`."""
    cancel: Callable[..., Job] = client.cancel
    job_ids = list(ids)
    if not job_ids:
        return []

    def one(item: tuple[int, str]) -> Result:
        index, job_id = item
        result: Result
        try:
            result = cancel(job_id, **cancel_kwargs)
        except ImageJobsError as exc:
            result = exc
        if on_result is not None:
            on_result(index, result)
        return result

    with ThreadPoolExecutor(
        max_workers=min(_check(concurrency), len(job_ids)), thread_name_prefix="imagejobs"
    ) as pool:
        return list(pool.map(one, enumerate(job_ids)))
