"""Cancel, read or wait for many jobs at once: bounded concurrency, results in input order.

`cancel_many` / `get_many` / `wait_many` run on an async client (one aiohttp pool,
`concurrency` requests in flight); `cancel_many_sync` / `get_many_sync` / `wait_many_sync` run a
sync client's calls on a thread pool over its one connection pool.

`deadline=` (seconds) bounds the whole batch: every call runs inside it (`_deadline.within`),
so an id whose turn comes after it passed ends at once with `DeadlineExceededError` (or, for
`wait_many`, `WaitTimeoutError`). `wait_many`'s `timeout=` is the same kind of bound.

One id never stops the batch: whatever its call raised is that id's result, an
`ImageJobsError` (an exception from outside imagejobs, say from a client of your own, is
wrapped in a plain `ImageJobsError` whose `__cause__` is the original).

Only stopping the whole batch stops it: `KeyboardInterrupt`, or cancelling the task awaiting
`cancel_many` / `get_many`. That exception propagates unchanged, after the calls in flight
have finished (sync) or been cancelled (async), and ids not yet started are never started.
What finished is not lost: pass `on_result(index, result)`, which is called once per finished
id, as it finishes and before the interruption propagates; it is how the CLI draws its progress
bar, and how a caller keeps results across a Ctrl-C. `on_start(index)` is called as each id's
call begins: an id started but never passed to `on_result` was in flight when the batch
stopped (its request may have reached the provider: its outcome is unknown, a status read
tells), and an id never started was certainly not sent:

    started: set[int] = set()
    done: dict[int, Job | ImageJobsError] = {}
    try:
        results = await cancel_many(
            client, ids, on_start=started.add, on_result=done.__setitem__
        )
    except asyncio.CancelledError:
        in_flight = started - done.keys()  # sent, or about to be: read their status
        ...  # done holds every id that finished, by position in `ids`
        raise

Each call returns a `Results` list, which also says what the client's rate gate did during the
batch (`_rate.RateGate`): `throttled` requests waited at the gate, `rate_limited` answers were
429, and `rate` is the send rate it settled on (requests/s; None if no limit was met).
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
import threading
import time
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Protocol

from ._constants import DEFAULT_CONCURRENCY
from ._deadline import within
from ._rate import GateStats, RateGate
from ._wait import DEFAULT_POLL, WAIT_STOP, PollInterval, WaitStopped
from .errors import ImageJobsError
from .job import TERMINAL, Job, JobStatus

__all__ = [
    "DEFAULT_CONCURRENCY",
    "OnPoll",
    "OnResult",
    "OnStart",
    "Results",
    "cancel_many",
    "cancel_many_sync",
    "get_many",
    "get_many_sync",
    "wait_many",
    "wait_many_sync",
]

Result = Job | ImageJobsError
OnResult = Callable[[int, Result], None]
"""Called with (position in the input, result) as each id finishes."""
OnStart = Callable[[int], None]
"""Called with the position in the input as each id's call begins."""
OnPoll = Callable[[int, Job], None]
"""Called with (position in the input, the Job a poll read) as a wait reads it."""


class Results(list[Result]):
    """One result per id, in input order, and what the client's rate gate did meanwhile."""

    #: Requests that waited at the gate before being sent.
    throttled: int = 0
    #: Answers that were 429 (each retried, within the client's max_retries).
    rate_limited: int = 0
    #: The send rate the batch settled on (requests/s); None if it met no limit.
    rate: float | None = None

    def summary(self) -> str:
        """One line for people: e.g. "throttled 2,810 requests; 14 answered 429; 196 req/s"."""
        if not self.throttled and not self.rate_limited:
            return "no rate limit met"
        rate = f"; settled at {self.rate:.0f} req/s" if self.rate is not None else ""
        return f"throttled {self.throttled:,} requests; {self.rate_limited:,} answered 429{rate}"


class _Meter:
    """Snapshots a client's gate (if it has one) around a batch."""

    def __init__(self, client: object) -> None:
        gate = getattr(client, "rate_gate", None)
        self._gate = gate if isinstance(gate, RateGate) else None
        self._before = self._gate.stats() if self._gate is not None else None
        self._start = time.monotonic()

    def results(self, results: list[Result]) -> Results:
        out = Results(results)
        if self._gate is None or self._before is None:
            return out
        after: GateStats = self._gate.stats()
        out.throttled = after.throttled - self._before.throttled
        out.rate_limited = after.rate_limited - self._before.rate_limited
        out.rate = after.rate
        if out.rate is None and out.throttled:  # held by a budget: report what got through
            elapsed = time.monotonic() - self._start
            out.rate = (after.sent - self._before.sent) / elapsed if elapsed > 0 else None
        return out


class AsyncCancels(Protocol):
    """Any async client: `await client.cancel(id)` returns a Job."""

    def cancel(self, job_id: Any, /) -> Awaitable[Job]: ...


class AsyncReads(Protocol):
    """Any async client: `await client.get(id)` returns a Job."""

    def get(self, job_id: Any, /) -> Awaitable[Job]: ...


class AsyncWaits(Protocol):
    """Any async client: `await client.wait(id, ...)` returns a Job."""

    def wait(self, job_id: Any, /, **options: Any) -> Awaitable[Job]: ...


class SyncCancels(Protocol):
    """Any sync client: `client.cancel(id)` returns a Job."""

    def cancel(self, job_id: Any, /) -> Job: ...


def _check(concurrency: int) -> int:
    if concurrency < 1:
        raise ImageJobsError(f"concurrency must be 1 or more, not {concurrency}")
    return concurrency


def _wrapped(exc: Exception) -> ImageJobsError:
    """An id's result for an exception that is not ours (ours are the result as they are)."""
    if isinstance(exc, ImageJobsError):
        return exc
    error = ImageJobsError(f"unexpected {type(exc).__name__}: {exc}".rstrip(": "))
    error.__cause__ = exc
    return error


async def _map_bounded(
    call: Callable[[str], Awaitable[Job]],
    ids: Iterable[str],
    concurrency: int,
    on_result: OnResult | None,
    on_start: OnStart | None = None,
) -> list[Result]:
    job_ids = list(ids)
    results: list[Result | None] = [None] * len(job_ids)
    pending = iter(enumerate(job_ids))

    # A fixed set of workers pulling from one iterator: `concurrency` requests in flight and
    # no task per id, which matters when the ids run into the thousands.
    async def worker() -> None:
        for index, job_id in pending:
            result: Result
            if on_start is not None:
                on_start(index)
            try:
                result = await call(job_id)
            except Exception as exc:  # CancelledError and KeyboardInterrupt are not Exceptions
                result = _wrapped(exc)
            results[index] = result
            if on_result is not None:
                on_result(index, result)

    count = min(_check(concurrency), len(job_ids))
    workers = [asyncio.ensure_future(worker()) for _ in range(count)]
    try:
        await asyncio.gather(*workers)
    except BaseException:
        # gather() cancels the workers when it is cancelled itself, but not when one of them
        # raised (an on_result callback, a KeyboardInterrupt): stop the others here.
        for task in workers:
            task.cancel()
        await asyncio.gather(*workers, return_exceptions=True)
        raise
    return [r for r in results if r is not None]


async def cancel_many(
    client: AsyncCancels,
    ids: Iterable[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: OnResult | None = None,
    on_start: OnStart | None = None,
    deadline: float | None = None,
    **cancel_kwargs: Any,
) -> Results:
    """Cancel every id on an async client; returns, in input order, each Job or its error.

    Extra keyword arguments go to every `client.cancel` call (e.g. `reason=` on the jobs API).
    `deadline`: seconds the whole batch may take.
    """
    cancel: Callable[..., Awaitable[Job]] = client.cancel
    if cancel_kwargs:  # else the method itself: one call fewer per id
        cancel = functools.partial(cancel, **cancel_kwargs)
    meter = _Meter(client)
    with within(deadline):
        return meter.results(await _map_bounded(cancel, ids, concurrency, on_result, on_start))


async def get_many(
    client: AsyncReads,
    ids: Iterable[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: OnResult | None = None,
    on_start: OnStart | None = None,
    deadline: float | None = None,
) -> Results:
    """Read every id's status on an async client; returns, in input order, each Job or its error.

    `deadline`: seconds the whole batch may take.
    """
    meter = _Meter(client)
    with within(deadline):
        return meter.results(await _map_bounded(client.get, ids, concurrency, on_result, on_start))


async def wait_many(
    client: AsyncWaits,
    ids: Iterable[str],
    *,
    timeout: float | None = None,
    poll_interval: float | PollInterval = DEFAULT_POLL,
    until: Iterable[JobStatus] = TERMINAL,
    cancel_on_timeout: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: OnResult | None = None,
    on_start: OnStart | None = None,
    on_poll: OnPoll | None = None,
    deadline: float | None = None,
) -> Results:
    """Wait for every id on an async client; returns, in input order, each Job or its error.

    Each id's result is its final Job (`client.wait`), or its error: `WaitTimeoutError` when
    the batch's time ran out first.

    `timeout` (or `deadline`, the tighter wins) is one bound for the whole batch, not one per
    id; without either, each wait has the client's deadline. `concurrency` jobs are polled at
    once; the others wait their turn. `on_poll(index, job)` sees every Job a poll read, as
    it is read (how the CLI counts the states of the jobs still going). The other options are
    `wait`'s.
    """
    bound = min((t for t in (timeout, deadline) if t is not None), default=None)
    statuses = frozenset(until)
    job_ids = list(ids)
    options: dict[str, Any] = {
        "poll_interval": poll_interval,
        "until": statuses,
        "cancel_on_timeout": cancel_on_timeout,
    }
    # Which position a call is for: `_map_bounded` calls `on_start(index)` just before it.
    current: dict[str, int] = {}

    def started(index: int) -> None:
        current[job_ids[index]] = index
        if on_start is not None:
            on_start(index)

    def one(job_id: str) -> Awaitable[Job]:
        if on_poll is None:
            return client.wait(job_id, **options)
        index = current[job_id]
        return client.wait(job_id, on_poll=lambda job: on_poll(index, job), **options)

    meter = _Meter(client)
    with within(bound):
        return meter.results(await _map_bounded(one, job_ids, concurrency, on_result, started))


class SyncReads(Protocol):
    """Any sync client: `client.get(id)` returns a Job."""

    def get(self, job_id: Any, /) -> Job: ...


class SyncWaits(Protocol):
    """Any sync client: `client.wait(id, ...)` returns a Job."""

    def wait(self, job_id: Any, /, **options: Any) -> Job: ...


def cancel_many_sync(
    client: SyncCancels,
    ids: Iterable[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: OnResult | None = None,
    on_start: OnStart | None = None,
    deadline: float | None = None,
    **cancel_kwargs: Any,
) -> Results:
    """Cancel every id on a sync client from a thread pool; same results as `cancel_many`."""
    cancel: Callable[..., Job] = client.cancel
    if cancel_kwargs:
        cancel = functools.partial(cancel, **cancel_kwargs)
    return _sync_batch(client, cancel, ids, concurrency, on_result, on_start, deadline)


def get_many_sync(
    client: SyncReads,
    ids: Iterable[str],
    *,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: OnResult | None = None,
    on_start: OnStart | None = None,
    deadline: float | None = None,
) -> Results:
    """Read every id's status on a sync client from a thread pool; same results as `get_many`."""
    return _sync_batch(client, client.get, ids, concurrency, on_result, on_start, deadline)


def wait_many_sync(
    client: SyncWaits,
    ids: Iterable[str],
    *,
    timeout: float | None = None,
    poll_interval: float | PollInterval = DEFAULT_POLL,
    until: Iterable[JobStatus] = TERMINAL,
    cancel_on_timeout: bool = False,
    concurrency: int = DEFAULT_CONCURRENCY,
    on_result: OnResult | None = None,
    on_start: OnStart | None = None,
    on_poll: OnPoll | None = None,
    deadline: float | None = None,
) -> Results:
    """Wait for every id on a sync client from a thread pool; same results as `wait_many`.

    `concurrency` waits run at once, one thread each. Ctrl-C (or any exception in the calling
    thread) stops the waits in flight at their next sleep, without a result, as the async
    `wait_many` cancels them.
    """
    bound = min((t for t in (timeout, deadline) if t is not None), default=None)
    options: dict[str, Any] = {
        "poll_interval": poll_interval,
        "until": frozenset(until),
        "cancel_on_timeout": cancel_on_timeout,
    }
    job_ids = list(ids)

    def one(index: int, job_id: str) -> Job:
        if on_poll is None:
            return client.wait(job_id, **options)
        return client.wait(job_id, on_poll=lambda job: on_poll(index, job), **options)

    return _sync_batch(
        client, one, job_ids, concurrency, on_result, on_start, bound, with_index=True, waits=True
    )


def _sync_batch(
    client: object,
    call: Callable[..., Job],
    ids: Iterable[str],
    concurrency: int,
    on_result: OnResult | None,
    on_start: OnStart | None,
    deadline: float | None,
    *,
    with_index: bool = False,
    waits: bool = False,
) -> Results:
    job_ids = list(ids)
    if not job_ids:
        return Results()
    meter = _Meter(client)
    with within(deadline):
        # Threads do not inherit context variables: each call runs in a copy of this one,
        # so the batch's deadline reaches it.
        return meter.results(
            _in_threads(call, job_ids, concurrency, on_result, on_start, with_index, waits)
        )


def _in_threads(
    call: Callable[..., Job],
    job_ids: list[str],
    concurrency: int,
    on_result: OnResult | None,
    on_start: OnStart | None,
    with_index: bool,
    waits: bool,
) -> list[Result]:
    stopped = threading.Event()

    def one(index: int, job_id: str) -> Result | None:
        if stopped.is_set():
            return None  # the batch was interrupted: start no other id
        result: Result
        if on_start is not None:
            on_start(index)
        if waits:
            WAIT_STOP.set(stopped)  # this thread's copy of the context: its wait's sleeps
        try:
            result = call(index, job_id) if with_index else call(job_id)
        except WaitStopped:
            return None  # in flight when the batch stopped: no result
        except Exception as exc:
            result = _wrapped(exc)
        except BaseException:  # KeyboardInterrupt, SystemExit: the whole batch stops
            stopped.set()
            raise
        if on_result is not None:
            on_result(index, result)
        return result

    pool = ThreadPoolExecutor(
        max_workers=min(_check(concurrency), len(job_ids)), thread_name_prefix="imagejobs"
    )
    try:
        futures = [
            pool.submit(contextvars.copy_context().run, one, index, job_id)
            for index, job_id in enumerate(job_ids)
        ]
        results = [future.result() for future in futures]
    except BaseException:
        # Ids not started yet never start; calls in flight finish (each within its timeout)
        # and reach on_result before the interruption propagates, except waits, which stop
        # at their next sleep without a result.
        stopped.set()
        pool.shutdown(wait=True, cancel_futures=True)
        raise
    finally:
        pool.shutdown(wait=True)
    return [r for r in results if r is not None]
