"""One deadline for a whole call: every attempt, every retry wait, every poll of a wait.

    Deadline        a point on the clock: remaining(), expired, allows(wait), its budget
    within()        the deadline in force (a context variable): nested scopes only tighten it
    Clock           what tells the time and sleeps; `use_clock()` swaps in a virtual one

A facade call opens a scope (`within`) with the tighter of its own budget (the call's
`deadline=`, else the client's) and the scope around it (a `wait`, a bulk batch, a caller's
`imagejobs.within(...)`). Inside it, one attempt is held to what is left in three ways:

- every httpx timeout of the request (connect, read, write, pool) shrinks to what is left
  (`_steps.DeadlineStep`, one of the per-request steps both paths run);
- on the sync twin's own transport, every socket read and write is bounded by what is left
  (`_socket_deadline.DeadlineBackend`, an httpcore network backend). httpx's timeouts are per network
  operation (encode/httpx#1450): a 200 whose body trickles in, a piece every 0.4 s, never
  trips a 0.5 s read timeout. Bounding each read by the time left cuts it at the deadline;
- on the async twin the whole attempt runs under `asyncio.timeout` (`attempt_timeout`), which
  cancels whatever the attempt awaits: connecting, the head, or the body.

The retry policy (`_retry`) asks `allows(wait)` before each retry: a retry starts only if,
after its wait, at least `MIN_ATTEMPT_TIME` would be left.

Time is read from one `Clock` (monotonic seconds). Tests swap in a virtual clock with
`use_clock()` (`imagejobs.testing.VirtualClock` is one), so no test sleeps for real.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import (
    AbstractAsyncContextManager,
    AbstractContextManager,
    contextmanager,
    nullcontext,
)
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from ._constants import MIN_ATTEMPT_TIME

__all__ = [
    "TIMEOUT_KEYS",
    "Clock",
    "Deadline",
    "SystemClock",
    "attempt_timeout",
    "attempt_timeouts",
    "clock",
    "current",
    "use_clock",
    "within",
]


class Clock(Protocol):
    """Monotonic seconds and sleeping, sync and async."""

    def now(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...

    async def asleep(self, seconds: float) -> None: ...


class SystemClock:
    """The real clock: `time.monotonic`, `time.sleep`, `asyncio.sleep`."""

    def now(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    async def asleep(self, seconds: float) -> None:
        import asyncio  # local: sync users never pay for importing asyncio

        await asyncio.sleep(seconds)


_clock: Clock = SystemClock()


def clock() -> Clock:
    """The clock every deadline and wait reads."""
    return _clock


@contextmanager
def use_clock(replacement: Clock) -> Iterator[Clock]:
    """Make deadlines and waits read (and sleep on) `replacement` inside the block.

    Process-wide, for tests and demos: `with use_clock(VirtualClock()): client.wait(...)`.
    """
    global _clock
    previous, _clock = _clock, replacement
    try:
        yield replacement
    finally:
        _clock = previous


@dataclass(frozen=True, slots=True)
class Deadline:
    """A point on the clock by which a call must be over.

    Attributes:
        at: When it passes, in the clock's seconds.
        budget: The seconds it was given (what messages quote).

    """

    at: float
    budget: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        """The deadline `seconds` from now."""
        if seconds < 0:
            raise ValueError(f"a deadline must be 0 seconds or more, not {seconds}")
        return cls(_clock.now() + seconds, seconds)

    def remaining(self) -> float:
        """Seconds left (0.0 once it passed)."""
        return max(0.0, self.at - _clock.now())

    @property
    def expired(self) -> bool:
        """Whether it has passed."""
        return self.at - _clock.now() <= 0

    def allows(self, wait: float, *, needs: float = MIN_ATTEMPT_TIME) -> bool:
        """Whether an attempt starting after `wait` seconds could still finish before it."""
        return wait + needs <= self.at - _clock.now()

    def tighter(self, other: Deadline | None) -> Deadline:
        """The earlier of this deadline and `other`."""
        return self if other is None or self.at <= other.at else other


_CURRENT: ContextVar[Deadline | None] = ContextVar("imagejobs_deadline", default=None)


#: The deadline in force here, if any: the context variable's own getter, no frame of ours
#: (every request's steps ask it).
current: Callable[[], Deadline | None] = _CURRENT.get


def within(
    seconds: float | Deadline | None = None, *, replace: bool = False
) -> AbstractContextManager[Deadline | None]:
    """A scope whose calls must all be over within `seconds` (None: only the enclosing one).

    Nested scopes only tighten: the deadline in force is the earlier of this one and the one
    around it. `replace=True` ignores the enclosing one (a cancel after a wait timed out).
    Yields the deadline in force (None when there is none).
    """
    if seconds is None and not replace:
        # Every call opens a scope; without a deadline of its own it changes nothing, so skip
        # the context-variable set/reset (a measurable share of a bulk cancel's client cost).
        return _UNCHANGED
    return _scope(seconds, replace=replace)


class _Unchanged(AbstractContextManager["Deadline | None"]):
    """The scope of a call with no deadline of its own: yields the one in force, sets nothing."""

    def __enter__(self) -> Deadline | None:
        return _CURRENT.get()

    def __exit__(self, *exc: object) -> None:
        return None


_UNCHANGED = _Unchanged()


@contextmanager
def _scope(seconds: float | Deadline | None, *, replace: bool) -> Iterator[Deadline | None]:
    outer = None if replace else _CURRENT.get()
    mine = Deadline.after(seconds) if isinstance(seconds, int | float) else seconds
    effective = outer if mine is None else mine.tighter(outer)
    token = _CURRENT.set(effective)
    try:
        yield effective
    finally:
        _CURRENT.reset(token)


# -- one attempt, held to what is left -----------------------------------------------------------

TIMEOUT_KEYS = ("connect", "read", "write", "pool")


def attempt_timeouts(configured: Mapping[str, float | None], left: float) -> dict[str, float]:
    """The request's timeouts, each cut to `left` seconds (None, no limit, becomes `left`)."""
    out: dict[str, float] = {}
    for key in TIMEOUT_KEYS:
        value = configured.get(key)
        out[key] = left if value is None else min(value, left)
    return out


def attempt_timeout() -> AbstractAsyncContextManager[Any]:
    """`asyncio.timeout` at the deadline in force (a no-op without one), for one async attempt.

    When it fires the attempt sees `TimeoutError`, which the client boundary maps to
    `APITimeoutError`; the retry policy then reports the deadline.
    """
    deadline = _CURRENT.get()
    if deadline is None:
        return nullcontext()
    import asyncio

    return asyncio.timeout(deadline.remaining())
