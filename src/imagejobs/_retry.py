"""Retry policy: small pure functions decide what to retry and how long to wait; tenacity waits.

Retried: no answer (connection errors, timeouts) and the statuses in `RETRYABLE_STATUSES`.
Never retried: any other 4xx (a 409 or 422 means the job's state refuses the call; repeating it
cannot help) and 500 (an application error, not an overload). Every facade operation is
idempotent by the provider's semantics (GET, DELETE, and the jobs API's PUT), so repeating one
is safe; a cancel whose first answer was lost is resolved by the provider modules.

A `Retry-After` (seconds or HTTP date) or `retry-after-ms` header (read by `_headers`) sets the
wait, up to `MAX_RETRY_AFTER`; a longer demanded wait is not slept through: the error is raised at once,
with `RateLimitError.retry_after` saying how long the provider wants. Without a header the wait
is exponential with jitter. Each retry is logged at DEBUG as "retry N of M" with the method,
the path template and the status only, never headers.

A `Deadline` (`_deadline`) bounds the whole: no retry starts that could not finish before it
(`Deadline.allows`), and an attempt the deadline cut short ends the call. Either way the call
raises `DeadlineExceededError`, saying how many attempts ran (`deadline_ends` decides).
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:
    import tenacity

from ._constants import INITIAL_BACKOFF, JITTER, MAX_BACKOFF, MAX_RETRY_AFTER, RETRYABLE_STATUSES
from ._deadline import Deadline, clock
from ._headers import retry_after
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    DeadlineExceededError,
    ImageJobsError,
)

__all__ = [
    "INITIAL_BACKOFF",
    "MAX_BACKOFF",
    "MAX_RETRY_AFTER",
    "RETRYABLE_STATUSES",
    "Retrier",
    "backoff",
    "deadline_ends",
    "is_retryable",
    "retry_after",
    "wait_seconds",
]

T = TypeVar("T")

log = logging.getLogger("imagejobs")


def _clock_sleep(seconds: float) -> None:
    clock().sleep(seconds)


async def _asyncio_sleep(seconds: float) -> None:
    await clock().asleep(seconds)


# Indirection so tests can replace the waiting (monkeypatch these) and never really sleep; by
# default they sleep on the deadline clock, so a virtual clock (`use_clock`) drives them too.
sleep: Callable[[float], None] = _clock_sleep


async_sleep: Callable[[float], Awaitable[None]] = _asyncio_sleep


def backoff(attempt: int, rand: float) -> float:
    """The wait before retry `attempt` (1-based): 0.5 s doubling to 8 s, minus up to 25% jitter."""
    base: float = INITIAL_BACKOFF * 2.0 ** (attempt - 1)
    return min(base, MAX_BACKOFF) * (1 - JITTER * rand)


def is_retryable(exc: BaseException) -> bool:
    """True for no-answer errors and retryable statuses whose demanded wait is within the cap."""
    if isinstance(exc, APIConnectionError):
        return True
    if isinstance(exc, APIError) and exc.status_code in RETRYABLE_STATUSES:
        demanded = retry_after(exc.headers)
        return demanded is None or demanded <= MAX_RETRY_AFTER
    return False


def wait_seconds(exc: BaseException | None, attempt: int, rand: float) -> float:
    """How long to wait before retry `attempt`: the server's demand if any, else backoff."""
    if isinstance(exc, APIError):
        demanded = retry_after(exc.headers)
        if demanded is not None:
            return min(demanded, MAX_RETRY_AFTER)
    return backoff(attempt, rand)


def deadline_ends(exc: BaseException | None, deadline: Deadline | None, wait: float | None) -> bool:
    """Whether the deadline ends the call after a failed attempt.

    True when the attempt timed out because the deadline passed, or when a retry after `wait`
    seconds could not finish before the deadline (see `Deadline.allows`).
    """
    if deadline is None:
        return False
    if isinstance(exc, APITimeoutError) and deadline.expired:
        return True
    return wait is not None and not deadline.allows(wait)


def _exceeded(
    exc: BaseException | None, deadline: Deadline, attempts: int
) -> DeadlineExceededError:
    last = exc if isinstance(exc, ImageJobsError) else None
    if isinstance(last, DeadlineExceededError):  # raised by a nested call: keep its cause
        last = last.last_error
    return DeadlineExceededError(
        provider=getattr(exc, "provider", ""),
        deadline=deadline.budget,
        attempts=attempts,
        last_error=last,
    )


class Retrier:
    """Runs one operation with up to `max_retries` retries (so `max_retries + 1` attempts).

    The first attempt runs outside tenacity: on the happy path (nearly every call) building a
    tenacity controller would cost ~30 us, a tenth of a local request. Only after a retryable
    failure does tenacity take over, for the retries.
    """

    __slots__ = ("max_retries",)

    def __init__(self, max_retries: int) -> None:
        if max_retries < 0:
            raise ImageJobsError(f"max_retries must be 0 or more, not {max_retries}")
        self.max_retries = max_retries

    def _first_wait(
        self, exc: ImageJobsError, method: str, path: str, deadline: Deadline | None
    ) -> float:
        """The wait before the first retry; raises instead when the call must end here."""
        if deadline_ends(exc, deadline, None):
            assert deadline is not None
            raise _exceeded(exc, deadline, 1) from exc
        if self.max_retries == 0 or not is_retryable(exc):
            raise exc
        seconds = wait_seconds(exc, 1, random.random())  # noqa: S311 - jitter, not crypto
        if deadline_ends(exc, deadline, seconds):
            assert deadline is not None
            raise _exceeded(exc, deadline, 1) from exc
        _log_retry(1, self.max_retries, method, path, exc, seconds)
        return seconds

    def _options(self, method: str, path: str, deadline: Deadline | None) -> dict[str, Any]:
        # Imported here, not at module level: only a retry needs tenacity, and a cold
        # `from imagejobs import Topaz` stays close to `import httpx` (bench/import_time.py).
        import tenacity

        total = self.max_retries

        # tenacity counts from the first retry; the log and the backoff count from the call.
        def wait(state: tenacity.RetryCallState) -> float:
            return wait_seconds(_exception(state), state.attempt_number + 1, random.random())  # noqa: S311

        def before_sleep(state: tenacity.RetryCallState) -> None:
            seconds = state.next_action.sleep if state.next_action is not None else 0.0
            _log_retry(state.attempt_number + 1, total, method, path, _exception(state), seconds)

        options: dict[str, Any] = {
            "stop": tenacity.stop_after_attempt(total),
            "wait": wait,
            "retry": tenacity.retry_if_exception(is_retryable),
            "before_sleep": before_sleep,
            "reraise": True,
        }
        if deadline is not None:
            options.update(_deadline_options(deadline, total))
        return options

    def call(
        self, fn: Callable[[], T], *, method: str, path: str, deadline: Deadline | None = None
    ) -> T:
        """Run `fn`, retrying as the policy says; the last error is re-raised as is.

        With a `deadline`, a retry that could not finish before it is not started, and the
        call raises `DeadlineExceededError` instead (see `deadline_ends`).
        """
        try:
            return fn()
        except ImageJobsError as exc:
            first = exc
        # Outside the except block: a later attempt's error must not chain to this one.
        return self.retry(first, fn, method=method, path=path, deadline=deadline)

    def retry(
        self,
        first: ImageJobsError,
        fn: Callable[[], T],
        *,
        method: str,
        path: str,
        deadline: Deadline | None = None,
    ) -> T:
        """Go on after `fn`'s first attempt raised `first`: re-raise it, or retry `fn`.

        For a caller that ran the first attempt itself (the async client does, to keep the
        happy path one coroutine deep).
        """
        sleep(self._first_wait(first, method, path, deadline))
        import tenacity

        return tenacity.Retrying(
            sleep=lambda seconds: sleep(seconds), **self._options(method, path, deadline)
        )(fn)

    async def acall(
        self,
        fn: Callable[[], Awaitable[T]],
        *,
        method: str,
        path: str,
        deadline: Deadline | None = None,
    ) -> T:
        """Await `fn()`, retrying as the policy says; the last error is re-raised as is."""
        try:
            return await fn()
        except ImageJobsError as exc:
            first = exc
        return await self.aretry(first, fn, method=method, path=path, deadline=deadline)

    async def aretry(
        self,
        first: ImageJobsError,
        fn: Callable[[], Awaitable[T]],
        *,
        method: str,
        path: str,
        deadline: Deadline | None = None,
    ) -> T:
        """Async twin of `retry`."""
        await async_sleep(self._first_wait(first, method, path, deadline))

        async def wait_for(seconds: float) -> None:
            await async_sleep(seconds)

        import tenacity

        return await tenacity.AsyncRetrying(
            sleep=wait_for, **self._options(method, path, deadline)
        )(fn)


def _deadline_options(deadline: Deadline, total: int) -> dict[str, Any]:
    """The tenacity stop and give-up for a call under `deadline` (retries counted from the first)."""
    ended: list[bool] = [False]

    def stop(state: tenacity.RetryCallState) -> bool:
        exc = _exception(state)
        cut = deadline_ends(exc, deadline, None)  # this attempt was cut at the deadline
        if cut or state.attempt_number >= total:
            ended[0] = cut
            return True
        ended[0] = deadline_ends(exc, deadline, state.upcoming_sleep)
        return ended[0]

    def give_up(state: tenacity.RetryCallState) -> Any:
        exc = _exception(state)
        if ended[0]:
            raise _exceeded(exc, deadline, state.attempt_number + 1) from exc
        assert exc is not None
        raise exc

    return {"stop": stop, "retry_error_callback": give_up}


def _exception(state: tenacity.RetryCallState) -> BaseException | None:
    return state.outcome.exception() if state.outcome is not None else None


def _log_retry(
    number: int, total: int, method: str, path: str, exc: BaseException | None, seconds: float
) -> None:
    # Status or exception class only: headers, bodies and URLs (query strings) stay out of logs.
    outcome = str(exc.status_code) if isinstance(exc, APIError) else type(exc).__name__
    log.debug(
        "retry %d of %d: %s %s -> %s; waiting %.2f s", number, total, method, path, outcome, seconds
    )
