"""Waiting for a job: a pure poll policy, and the sync and async loops behind `client.wait()`.

    PollInterval    the time between polls: `initial`, then `factor` times longer, up to `cap`
    Poller          one wait's state and decisions, without I/O: poll, sleep, done, or out of time
    wait_sync       the loop on a sync client (`SyncWaits.wait`)
    wait_async      the loop on an async client (`AsyncWaits.wait`)

The policy:

- `get` is polled; the next poll comes after the `Retry-After` the answer carried (on a 200, or
  on a 429/503 whose retries ran out), else after the interval, which grows from 0.5 s to 10 s.
- It returns the Job once its status is in `until` (default `TERMINAL`), or once the job is
  final anyway (a final job never changes, so waiting on would be waiting forever).
- A poll that failed for want of an answer (connection, timeout, 408, 429, 502-504) does not end
  the wait: the next poll comes as above. Any other error (404, 401, ...) is raised. But a
  provider that cannot be reached at all (refused, DNS, TLS) for `MAX_UNREACHABLE_WAIT` seconds,
  over at least `MIN_UNREACHABLE_POLLS` polls in a row, ends the wait with an
  `APIConnectionError` saying so: a dead or mistyped server is not polled for ever.
- `UNKNOWN` (a state the provider added later) is not final: polling goes on until the deadline;
  with no deadline at all, for at most `MAX_UNKNOWN_WAIT` seconds of unknown. Never forever.
- The time allowed is `timeout=` if given, else the client's `deadline=`, tightened by any scope
  around it (`within`, `wait_many`). Every poll runs inside it (`_deadline.within`), so a
  poll's retries and per-attempt timeouts shrink to what is left. When it runs out the wait
  raises `WaitTimeoutError` carrying the last Job (and, when the last poll got no answer, its
  error: `last_error`); with `cancel_on_timeout=True` the job is first cancelled (with
  `WAIT_CANCEL_DEADLINE` seconds of its own) and the error says whether that worked.

Sleeping and the time come from the deadline clock (`_deadline.use_clock`), so tests on the
fakes' virtual clock never sleep for real.
"""

from __future__ import annotations

import threading
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

import httpx

from ._constants import (
    MAX_RETRY_AFTER,
    MAX_UNKNOWN_WAIT,
    MAX_UNREACHABLE_WAIT,
    MIN_ATTEMPT_TIME,
    MIN_UNREACHABLE_POLLS,
    POLL_FACTOR,
    POLL_INITIAL,
    POLL_MAX,
    RETRYABLE_STATUSES,
    WAIT_CANCEL_DEADLINE,
)
from ._deadline import Deadline, SystemClock, clock, within
from ._headers import retry_after
from .errors import (
    APIConnectionError,
    APIError,
    ImageJobsError,
    WaitTimeoutError,
)
from .job import TERMINAL, Job, JobStatus

__all__ = [
    "DEFAULT_POLL",
    "TERMINAL",
    "WAIT_STOP",
    "AsyncWaits",
    "PollInterval",
    "Poller",
    "SyncWaits",
    "WaitStopped",
    "is_transient",
    "note_answer",
    "wait_async",
    "wait_sync",
]


@dataclass(frozen=True, slots=True)
class PollInterval:
    """How long between polls: `initial` seconds, `factor` times longer each time, up to `cap`.

    `PollInterval.of(2.0)` polls every 2 s.
    """

    initial: float = POLL_INITIAL
    cap: float = POLL_MAX
    factor: float = POLL_FACTOR

    def __post_init__(self) -> None:
        if not (0 < self.initial <= self.cap) or self.factor < 1:
            raise ValueError(
                f"poll interval needs 0 < initial <= cap and factor >= 1, not {self!r}"
            )

    @classmethod
    def of(cls, value: float | PollInterval) -> PollInterval:
        """A policy from seconds (a fixed interval) or a policy."""
        return value if isinstance(value, PollInterval) else cls(value, value, 1.0)

    def after(self, polls: int) -> float:
        """The wait after poll number `polls` (1-based)."""
        # The exponent is bounded: 1.5 ** 10_000 overflows a float long before the cap matters.
        return min(self.cap, self.initial * self.factor ** min(max(polls - 1, 0), 64))


DEFAULT_POLL = PollInterval()


@dataclass(frozen=True, slots=True)
class Done:
    """Stop waiting: this is the job."""

    job: Job


@dataclass(frozen=True, slots=True)
class Sleep:
    """Poll again after this many seconds."""

    seconds: float


@dataclass
class Poller:
    """The state of one wait and every decision in it; the loops only poll and sleep.

    `deadline` bounds the whole wait (None: no bound but the unknown-state one).
    """

    job_id: str
    until: frozenset[JobStatus]
    interval: PollInterval
    deadline: Deadline | None
    polls: int = 0
    last: Job | None = None
    #: While the job reads as UNKNOWN under no deadline: when that stops being waited for.
    unknown_deadline: Deadline | None = field(default=None)
    #: What the last poll raised, while the polls go unanswered (None once one is answered).
    last_error: ImageJobsError | None = None
    #: The current run of polls that could not connect at all: since when, and how many.
    unreachable_since: float | None = None
    unreachable_polls: int = 0

    def _bounds(self) -> list[Deadline]:
        return [d for d in (self.deadline, self.unknown_deadline) if d is not None]

    def may_poll(self) -> bool:
        """Whether there is time for another poll."""
        return not any(d.expired for d in self._bounds())

    def after_poll(
        self, job: Job | None, hint: float | None, took: float = 0.0
    ) -> Done | Sleep | None:
        """Decide after a poll (`job` None: it failed transiently): done, sleep, or out of time.

        `hint` is the provider's Retry-After on that answer, in seconds; `took`, how long the
        poll took. When the next poll would come too late, one last poll is made just before
        the time runs out (leaving it `took` x 1.5, at least `MIN_ATTEMPT_TIME`); once there is
        no room for one, the rest of the time is slept out.
        """
        if job is not None:
            self.polls += 1
            self.last = job
            self.last_error = None
            self.unreachable_since, self.unreachable_polls = None, 0
            if job.status in self.until or job.status.is_final:
                return Done(job)
            self._track_unknown(job)
        seconds = (
            min(hint, MAX_RETRY_AFTER) if hint is not None else self.interval.after(self.polls)
        )
        bounds = self._bounds()
        if not bounds:
            return Sleep(seconds)
        if any(bound.expired for bound in bounds):
            return None
        left = min(bound.remaining() for bound in bounds)
        reserve = max(MIN_ATTEMPT_TIME, 1.5 * took)
        if seconds + reserve > left:
            seconds = left - reserve if left >= 2 * reserve else left
        return Sleep(seconds)

    def failed(self, exc: ImageJobsError, provider: str) -> APIConnectionError | None:
        """Note a poll that got no answer; returns the error that ends the wait, if any.

        That is when the provider could not be reached at all for `MAX_UNREACHABLE_WAIT`
        seconds over at least `MIN_UNREACHABLE_POLLS` polls in a row; otherwise None.
        """
        self.last_error = exc
        if not (isinstance(exc, APIConnectionError) and exc.unreachable):
            self.unreachable_since, self.unreachable_polls = None, 0
            return None
        now = clock().now()
        if self.unreachable_since is None:
            self.unreachable_since = now
        self.unreachable_polls += 1
        lasted = now - self.unreachable_since
        if self.unreachable_polls < MIN_UNREACHABLE_POLLS or lasted < MAX_UNREACHABLE_WAIT:
            return None
        error = APIConnectionError(
            f"gave up waiting: no connection could be made for {lasted:.0f} s "
            f"({self.unreachable_polls} polls in a row); the last: {exc.message}",
            provider=provider,
            unreachable=True,
        )
        error.__cause__ = exc
        return error

    def _track_unknown(self, job: Job) -> None:
        if job.status is not JobStatus.UNKNOWN:
            self.unknown_deadline = None
        elif self.deadline is None and self.unknown_deadline is None:
            self.unknown_deadline = Deadline.after(MAX_UNKNOWN_WAIT)

    def timed_out(
        self,
        provider: str,
        *,
        cancel_requested: bool = False,
        cancelled: bool = False,
        cancel_error: ImageJobsError | None = None,
    ) -> WaitTimeoutError:
        """The error for a wait whose time ran out."""
        bound = self.deadline if self.deadline is not None else self.unknown_deadline
        return WaitTimeoutError(
            provider=provider,
            job_id=self.job_id,
            job=self.last,
            timeout=bound.budget if bound is not None else 0.0,
            polls=self.polls,
            last_error=self.last_error,
            cancel_requested=cancel_requested,
            cancelled=cancelled,
            cancel_error=cancel_error,
        )


def is_transient(exc: ImageJobsError) -> bool:
    """Whether a failed poll leaves the wait going: no answer, or 408/429/502-504."""
    if isinstance(exc, APIConnectionError):
        return True
    return isinstance(exc, APIError) and exc.status_code in RETRYABLE_STATUSES


# -- Retry-After on a status answer --------------------------------------------------------------

_HINT: ContextVar[list[float | None] | None] = ContextVar("imagejobs_poll_hint", default=None)


def note_answer(response: httpx.Response) -> None:
    """Response hook: remember the answer's Retry-After while a wait is polling."""
    box = _HINT.get()
    if box is not None:
        box[0] = retry_after(response.headers)


@contextmanager
def _hint() -> Iterator[list[float | None]]:
    box: list[float | None] = [None]
    token = _HINT.set(box)
    try:
        yield box
    finally:
        _HINT.reset(token)


def _error_hint(exc: ImageJobsError) -> float | None:
    return retry_after(exc.headers) if isinstance(exc, APIError) else None


# -- stopping a sync wait from another thread ----------------------------------------------------

#: Set (in a worker thread's context) by `bulk.wait_many_sync`: its batch was stopped.
WAIT_STOP: ContextVar[threading.Event | None] = ContextVar("imagejobs_wait_stop", default=None)


class WaitStopped(BaseException):
    """A sync wait's batch was stopped (Ctrl-C in the thread that runs it): no result.

    A BaseException, so the wait's own error handling never takes it for a failed poll.
    """


def _sync_sleep(seconds: float) -> None:
    """Sleep between polls; in a `wait_many_sync` batch, wake at once when it is stopped."""
    stop = WAIT_STOP.get()
    if stop is None:
        clock().sleep(seconds)
        return
    if isinstance(clock(), SystemClock):
        stop.wait(seconds)
    else:
        clock().sleep(seconds)
    if stop.is_set():
        raise WaitStopped


# -- the loops -----------------------------------------------------------------------------------


class SyncJobs(Protocol):
    """What a sync wait needs: `get` and `cancel` by id, and a provider name."""

    provider: str

    def get(self, job_id: Any, /) -> Job: ...

    def cancel(self, job_id: Any, /) -> Job: ...


class AsyncJobs(Protocol):
    """What an async wait needs: awaitable `get` and `cancel` by id, and a provider name."""

    provider: str

    def get(self, job_id: Any, /) -> Awaitable[Job]: ...

    def cancel(self, job_id: Any, /) -> Awaitable[Job]: ...


#: A cancel that took: the job is cancelled, or (a provider whose cancel takes time) cancelling.
_TAKEN = frozenset({JobStatus.CANCELLED, JobStatus.CANCELLING})


def _poller(
    job_id: Any,
    deadline: Deadline | None,
    poll_interval: float | PollInterval,
    until: Iterable[JobStatus],
) -> Poller:
    return Poller(str(job_id), frozenset(until), PollInterval.of(poll_interval), deadline)


def wait_sync(
    client: SyncJobs,
    job_id: Any,
    *,
    timeout: float | None,
    poll_interval: float | PollInterval = DEFAULT_POLL,
    until: Iterable[JobStatus] = TERMINAL,
    cancel_on_timeout: bool = False,
    on_poll: Callable[[Job], None] | None = None,
) -> Job:
    """Poll `client.get(job_id)` until the job's status is in `until` (see the module)."""
    with within(timeout) as deadline:
        poller = _poller(job_id, deadline, poll_interval, until)
        while poller.may_poll():
            started = clock().now()
            with _hint() as hint:
                try:
                    job: Job | None = client.get(job_id)
                    seconds = hint[0]
                except ImageJobsError as exc:
                    if not is_transient(exc):
                        raise
                    gave_up = poller.failed(exc, client.provider)
                    if gave_up is not None:
                        raise gave_up from exc
                    job, seconds = None, _error_hint(exc)
            if job is not None and on_poll is not None:
                on_poll(job)
            step = poller.after_poll(job, seconds, clock().now() - started)
            if isinstance(step, Done):
                return step.job
            if step is None:
                break
            _sync_sleep(step.seconds)
    if not cancel_on_timeout:
        raise poller.timed_out(client.provider)
    with within(WAIT_CANCEL_DEADLINE, replace=True):
        try:
            cancelled = client.cancel(job_id)
        except ImageJobsError as exc:
            raise poller.timed_out(
                client.provider, cancel_requested=True, cancel_error=exc
            ) from None
    raise poller.timed_out(
        client.provider,
        cancel_requested=True,
        cancelled=cancelled.status in _TAKEN,
    )


async def wait_async(
    client: AsyncJobs,
    job_id: Any,
    *,
    timeout: float | None,
    poll_interval: float | PollInterval = DEFAULT_POLL,
    until: Iterable[JobStatus] = TERMINAL,
    cancel_on_timeout: bool = False,
    on_poll: Callable[[Job], None] | None = None,
) -> Job:
    """Poll `await client.get(job_id)` until the job's status is in `until` (see the module)."""
    with within(timeout) as deadline:
        poller = _poller(job_id, deadline, poll_interval, until)
        while poller.may_poll():
            started = clock().now()
            with _hint() as hint:
                try:
                    job: Job | None = await client.get(job_id)
                    seconds = hint[0]
                except ImageJobsError as exc:
                    if not is_transient(exc):
                        raise
                    gave_up = poller.failed(exc, client.provider)
                    if gave_up is not None:
                        raise gave_up from exc
                    job, seconds = None, _error_hint(exc)
            if job is not None and on_poll is not None:
                on_poll(job)
            step = poller.after_poll(job, seconds, clock().now() - started)
            if isinstance(step, Done):
                return step.job
            if step is None:
                break
            await clock().asleep(step.seconds)
    if not cancel_on_timeout:
        raise poller.timed_out(client.provider)
    with within(WAIT_CANCEL_DEADLINE, replace=True):
        try:
            cancelled = await client.cancel(job_id)
        except ImageJobsError as exc:
            raise poller.timed_out(
                client.provider, cancel_requested=True, cancel_error=exc
            ) from None
    raise poller.timed_out(
        client.provider,
        cancel_requested=True,
        cancelled=cancelled.status in _TAKEN,
    )


# -- `wait` on the clients -----------------------------------------------------------------------


class SyncWaits:
    """`wait()` for a sync client; the client supplies `get`, `cancel` and `deadline`."""

    deadline: float | None

    def wait(
        self,
        job_id: Any,
        /,
        *,
        timeout: float | None = None,
        poll_interval: float | PollInterval = DEFAULT_POLL,
        until: Iterable[JobStatus] = TERMINAL,
        cancel_on_timeout: bool = False,
        on_poll: Callable[[Job], None] | None = None,
    ) -> Job:
        """Poll the job until its status is in `until` (default: final); returns the Job.

        `timeout`: seconds allowed (default: the client's `deadline`, else no limit, though a
        job that stays UNKNOWN ends the wait after `MAX_UNKNOWN_WAIT`). `poll_interval`:
        seconds between polls, or a `PollInterval` (default 0.5 s, 1.5x longer each time, up to
        10 s); a Retry-After on an answer sets the next poll instead. Raises
        `WaitTimeoutError` (with the last Job) when time runs out, after cancelling the job
        if `cancel_on_timeout=True`. `on_poll(job)` sees the Job each answered poll read.
        """
        return wait_sync(
            cast(SyncJobs, self),
            job_id,
            timeout=timeout if timeout is not None else self.deadline,
            poll_interval=poll_interval,
            until=until,
            cancel_on_timeout=cancel_on_timeout,
            on_poll=on_poll,
        )


class AsyncWaits:
    """`wait()` for an async client (awaitable); see `SyncWaits`."""

    deadline: float | None

    async def wait(
        self,
        job_id: Any,
        /,
        *,
        timeout: float | None = None,
        poll_interval: float | PollInterval = DEFAULT_POLL,
        until: Iterable[JobStatus] = TERMINAL,
        cancel_on_timeout: bool = False,
        on_poll: Callable[[Job], None] | None = None,
    ) -> Job:
        """Await the job's end (see `SyncWaits.wait`)."""
        return await wait_async(
            cast(AsyncJobs, self),
            job_id,
            timeout=timeout if timeout is not None else self.deadline,
            poll_interval=poll_interval,
            until=until,
            cancel_on_timeout=cancel_on_timeout,
            on_poll=on_poll,
        )
