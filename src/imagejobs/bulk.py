"""Cancel many jobs at once, with bounded concurrency, one result per id in input order.

`cancel_many` runs on an async client (one aiohttp pool, `concurrency` requests in flight);
`cancel_many_sync` runs a sync client's calls on a thread pool over its one connection pool.
A failure is that id's result (an `ImageJobsError`), never the end of the batch.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from .errors import ImageJobsError
from .job import Job

__all__ = ["DEFAULT_CONCURRENCY", "cancel_many", "cancel_many_sync"]

DEFAULT_CONCURRENCY = 32


class AsyncCancels(Protocol):
    """Any async client: `await client.cancel(id)` returns a Job."""

    def cancel(self, job_id: Any, /) -> Awaitable[Job]: ...


class SyncCancels(Protocol):
    """Any sync client: `client.cancel(id)` returns a Job."""

    def cancel(self, job_id: Any, /) -> Job: ...


def _check(concurrency: int) -> int:
    if concurrency < 1:
        raise ImageJobsError(f"concurrency must be 1 or more, not {concurrency}")
    return concurrency


async def cancel_many(
    client: AsyncCancels,
    ids: Iterable[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    **cancel_kwargs: Any,
) -> list[Job | ImageJobsError]:
    """Cancel every id on an async client; returns, in input order, each Job or its error.

    Extra keyword arguments go to every `client.cancel` call (e.g. `reason=` on the jobs API).
    """
    cancel: Callable[..., Awaitable[Job]] = client.cancel
    job_ids = list(ids)
    results: list[Job | ImageJobsError | None] = [None] * len(job_ids)
    pending = iter(enumerate(job_ids))

    # A fixed set of workers pulling from one iterator: `concurrency` requests in flight and
    # no task per id, which matters when the ids run into the thousands.
    async def worker() -> None:
        for index, job_id in pending:
            try:
                results[index] = await cancel(job_id, **cancel_kwargs)
            except ImageJobsError as exc:
                results[index] = exc

    workers = min(_check(concurrency), len(job_ids))
    await asyncio.gather(*(worker() for _ in range(workers)))
    return [r for r in results if r is not None]


def cancel_many_sync(
    client: SyncCancels,
    ids: Iterable[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    **cancel_kwargs: Any,
) -> list[Job | ImageJobsError]:
    """Cancel every id on a sync client from a thread pool; same results as `cancel_many`."""
    cancel: Callable[..., Job] = client.cancel
    job_ids = list(ids)
    if not job_ids:
        return []

    def one(job_id: str) -> Job | ImageJobsError:
        try:
            return cancel(job_id, **cancel_kwargs)
        except ImageJobsError as exc:
            return exc

    with ThreadPoolExecutor(
        max_workers=min(_check(concurrency), len(job_ids)), thread_name_prefix="imagejobs"
    ) as pool:
        return list(pool.map(one, job_ids))
