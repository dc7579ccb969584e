"""The rate gate: one send-rate limiter per client, shared by every call on it.

Providers limit how fast an account may call them. Per-call backoff cannot keep a bulk job under
that limit: 32 workers each meet their 429 alone, back off alone, and (a server-named wait gets
no jitter) come back together. A `RateGate` paces the *sends* of every call on a client (and of
every client given the same gate: one gate per provider account) and learns the pace:

- It starts open: a client that never meets a limit pays two attribute reads per request.
- The first 429 closes it for the `Retry-After` the server named (else `FIRST_HOLD`), resumed
  at a jittered moment, and sets a send rate: what the server accepted so far, per second.
- Every later 429 lowers the rate (AIMD on the rate, not on concurrency): by `DECREASE`, or by
  `STEEP_DECREASE` when the previous decrease was under `SETTLE` seconds ago and did not
  suffice. A 429 to a request sent before the last decrease says nothing new and is only counted.
- Answers without a 429 raise it again: quickly back to `CEILING` x the rate that met the last
  429, then slowly (`PROBE` per second) past it, so the gate finds a limit that went up.
- `X-RateLimit-Remaining` / `RateLimit-Remaining` (or `RateLimit: r=..;t=..`) with a reset are a
  budget: when what remains, minus what we sent since, is spent, the gate holds every send until
  the reset (jittered), so the window's last request is not answered 429.

The policy is a handful of pure functions of numbers (`achieved`, `decreased`, `increased`,
`ceiling_after`, `budget`, `resume_at`, `read_quota`), tested table by table like `_retry.py`;
`RateGate` only holds the state, a lock and the injectable clock, random source and sleeps.

How the gate is reached: `acquire()` / `aacquire()` before each HTTP request (an httpx request
hook, or the lean async client), `observe()` with each answer. So every send counts, including
a follow-up read, an OAuth token fetch and a resend after a 401, and budget headers on a 204 are
seen. `stats()` says how many requests waited at the gate, how many were answered 429, and the
rate it settled on (`bulk` reports them per batch).
"""

from __future__ import annotations

import math
import random
import threading
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple

from ._constants import MAX_RETRY_AFTER
from ._headers import caseless, header, retry_after

__all__ = [
    "CEILING",
    "DECREASE",
    "DOUBLING",
    "FIRST_HOLD",
    "HORIZON",
    "MIN_RATE",
    "PROBE",
    "RECOVERY",
    "RESUME_JITTER",
    "SETTLE",
    "STEEP_DECREASE",
    "GateStats",
    "Quota",
    "RateGate",
    "Ticket",
    "achieved",
    "budget",
    "ceiling_after",
    "decreased",
    "increased",
    "read_quota",
    "resume_at",
]

# -- the numbers ---------------------------------------------------------------------------------

#: A 429 multiplies the send rate by this.
DECREASE = 0.85
#: ... or by this, when the previous decrease was under SETTLE seconds ago (it was not enough).
STEEP_DECREASE = 0.6
SETTLE = 1.0
#: After a 429 the rate climbs back towards this fraction of the rate that met it...
CEILING = 0.95
#: ... closing the gap with this time constant (seconds)...
RECOVERY = 0.5
#: ... and past it grows by this fraction per second, to find a limit that was raised.
PROBE = 0.04
#: With no ceiling yet (after the first 429) the rate doubles every this many seconds.
DOUBLING = 2.0
#: The gate never paces slower than this (requests per second).
MIN_RATE = 0.5
#: How long the first 429 closes the gate when it names no Retry-After (seconds).
FIRST_HOLD = 1.0
#: A hold ends up to this fraction of its length late, at random, so clients do not return together.
RESUME_JITTER = 0.1
#: The shortest span the first rate is measured over (seconds), so a burst is not read as a rate.
MIN_SPAN = 0.1
#: At most this many seconds of silence count towards one increase.
MAX_STEP = 1.0
#: A waiter claims a send slot at most this far ahead (seconds); further back, it asks again.
HORIZON = 0.25

# -- pure policy ---------------------------------------------------------------------------------


def achieved(accepted: int, span: float) -> float:
    """The rate the server let through: `accepted` answers (not 429) over `span` seconds.

    Measured over at least MIN_SPAN, so a burst the server allowed is not read as its rate.
    The first 429 sets the gate's rate to it; a later 429 decreases from it when it is below
    the gate's rate (the client could not even send as fast as the gate let it).
    """
    return max(MIN_RATE, accepted / max(span, MIN_SPAN))


def decreased(rate: float, since_last: float | None) -> float:
    """The rate after a 429: gentler when the last decrease is long past, steeper when recent."""
    steep = since_last is not None and since_last < SETTLE
    return max(MIN_RATE, rate * (STEEP_DECREASE if steep else DECREASE))


def ceiling_after(rate: float) -> float:
    """Where the climb slows down after a 429 met at `rate`: just below it."""
    return rate * CEILING


def increased(rate: float, elapsed: float, ceiling: float | None, cap: float | None) -> float:
    """The rate after `elapsed` seconds of answers without a 429.

    With no ceiling yet (only the first 429 met) it doubles every `DOUBLING` seconds. Below
    `ceiling` it closes the gap exponentially (time constant `RECOVERY`); at or above it grows
    by `PROBE` per second. Never above `cap` (the caller's `max_rate`).
    """
    step = min(max(elapsed, 0.0), MAX_STEP)
    if ceiling is None:
        new = rate * math.pow(2.0, step / DOUBLING)
    elif rate < ceiling:
        new = ceiling - (ceiling - rate) * math.exp(-step / RECOVERY)
    else:
        new = rate * (1.0 + PROBE * step)
    return new if cap is None else min(new, cap)


def budget(remaining: int, sent_since: int) -> int:
    """Requests left in the window: what the server said remains, minus what we sent since."""
    return remaining - sent_since


def resume_at(now: float, wait: float, rand: float) -> float:
    """When a hold of `wait` seconds from `now` ends: never early, up to RESUME_JITTER late."""
    return now + wait * (1.0 + RESUME_JITTER * rand)


class Quota(NamedTuple):
    """A budget the server announced: `remaining` requests until `reset` seconds from now."""

    remaining: int
    reset: float


#: (remaining header, reset header), tried in order.
_QUOTA_HEADERS = (
    ("x-ratelimit-remaining", "x-ratelimit-reset"),
    ("ratelimit-remaining", "ratelimit-reset"),
)
#: A reset larger than this is a Unix time, not a number of seconds.
_EPOCH = 1e8


def read_quota(headers: Mapping[str, str], *, wall: float) -> Quota | None:
    """The budget in `headers`, if any; `wall` is the current Unix time (for epoch resets).

    Reads `X-RateLimit-Remaining` + `X-RateLimit-Reset`, `RateLimit-Remaining` +
    `RateLimit-Reset`, or the structured `RateLimit: ...;r=<remaining>;t=<reset>` (also
    `remaining=`/`reset=`). A reset is seconds from now, or a Unix time (GitHub's style) when it
    is that large. Anything unparseable, negative or not finite is no quota.
    """
    get: Callable[[str], str | None] = (
        headers.get if caseless(headers) else lambda name: header(headers, name)
    )
    for remaining_name, reset_name in _QUOTA_HEADERS:
        remaining = get(remaining_name)
        if remaining is not None:
            return _quota(remaining, get(reset_name), wall)
    combined = get("ratelimit")
    if combined is None:
        return None
    params: dict[str, str] = {}
    for item in combined.replace(",", ";").split(";"):
        key, _, value = item.strip().partition("=")
        params[key.strip().lower()] = value.strip().strip('"')
    remaining = params.get("r", params.get("remaining"))
    if remaining is None:
        return None
    return _quota(remaining, params.get("t", params.get("reset")), wall)


def _quota(remaining: str, reset: str | None, wall: float) -> Quota | None:
    try:
        left = int(float(remaining))
        seconds = float(reset) if reset is not None else math.nan
    except ValueError:
        return None
    if not math.isfinite(seconds) or left < 0 or seconds < 0:
        return None
    if seconds > _EPOCH:
        seconds = max(seconds - wall, 0.0)
    return Quota(left, seconds)


# -- the gate ------------------------------------------------------------------------------------


class Ticket(NamedTuple):
    """What one send took from the gate: the gate's epoch then, and its sequence number."""

    epoch: int
    seq: int


@dataclass(frozen=True)
class GateStats:
    """Counters since the gate was made (subtract two snapshots for one batch)."""

    #: Requests that passed the gate.
    sent: int
    #: Requests the gate held back before sending (paced or held).
    throttled: int
    #: Answers that were 429.
    rate_limited: int
    #: The send rate the gate paces at (requests/s); None while it has met no 429.
    rate: float | None


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # local: sync users never pay for importing asyncio

    await asyncio.sleep(seconds)


# Module-level so tests can replace the waiting (monkeypatch these) and never really sleep.
sleep: Callable[[float], None] = time.sleep
async_sleep: Callable[[float], Awaitable[None]] = _asyncio_sleep

#: How often one acquire asks the gate again before it takes whatever slot is next.
_MAX_RESERVES = 32


class RateGate:
    """Paces the sends of every client that holds it (see the module docstring).

    `max_rate` caps the rate (requests/s) and, if given, paces from the first request. The
    clock (`time.monotonic`), the wall clock (`time.time`, for Unix-time resets) and the random
    source are injectable; the waiting goes through this module's `sleep` / `async_sleep`.
    Thread-safe; one gate may serve sync and async clients at once.
    """

    def __init__(
        self,
        *,
        max_rate: float | None = None,
        clock: Callable[[], float] = time.monotonic,
        wall: Callable[[], float] = time.time,
        rand: Callable[[], float] = random.random,
    ) -> None:
        if max_rate is not None and not max_rate > 0:
            raise ValueError(f"max_rate must be positive, not {max_rate}")
        self.max_rate = max_rate
        self._clock = clock
        self._wall = wall
        self._rand = rand
        self._lock = threading.Lock()
        self._rate: float | None = max_rate
        self._ceiling: float | None = None
        self._epoch = 0
        self._next_at = 0.0  # earliest next send while pacing
        self._hold_until = 0.0  # no send before this
        self._last_decrease: float | None = None
        self._last_increase = 0.0
        self._measure_from: float | None = None  # start of the span `achieved` measures
        self._sent = 0
        self._throttled = 0
        self._limited = 0
        self._accepted = 0  # answers that were not 429

    # -- sending

    def _reserve(self, waited: bool, force: bool) -> tuple[float, bool, int]:
        """(seconds to wait, whether a send slot was claimed, the epoch then).

        A slot is claimed only when it is at most HORIZON away (or `force`): a waiter far back
        in a slow queue wakes every HORIZON and asks again, so it profits when the rate rises.
        """
        with self._lock:
            now = self._clock()
            start = now if self._hold_until <= now else self._hold_until
            rate = self._rate
            if rate is not None and self._next_at > start:
                start = self._next_at
            if start > now and not waited:
                self._throttled += 1
            if start - now > HORIZON and not force:
                return HORIZON, False, self._epoch
            if rate is not None:
                self._next_at = start + 1.0 / rate
            return start - now, True, self._epoch

    def _ticket(self) -> Ticket:
        with self._lock:
            self._sent += 1
            if self._measure_from is None:
                self._measure_from = self._clock()
            return Ticket(self._epoch, self._sent)

    def pass_open(self) -> Ticket | None:
        """A ticket for this request if the gate is open (nothing to wait for), else None.

        Lets an async sender skip awaiting `aacquire` (one coroutine per request) in the
        common case; on None it awaits `aacquire`.
        """
        if self._rate is None and self._hold_until == 0.0:
            return self._ticket()  # open: nothing to wait for
        return None

    def acquire(self) -> Ticket:
        """Wait (blocking) for this request's turn; returns the ticket to `observe` it with."""
        ticket = self.pass_open()
        if ticket is not None:
            return ticket
        for attempt in range(_MAX_RESERVES):
            delay, claimed, epoch = self._reserve(attempt > 0, attempt == _MAX_RESERVES - 1)
            if delay <= 0:
                break
            sleep(delay)
            if claimed and epoch == self._epoch:
                break  # the slot is still good
        return self._ticket()

    async def aacquire(self) -> Ticket:
        """Await this request's turn (see `acquire`)."""
        ticket = self.pass_open()
        if ticket is not None:
            return ticket
        for attempt in range(_MAX_RESERVES):
            delay, claimed, epoch = self._reserve(attempt > 0, attempt == _MAX_RESERVES - 1)
            if delay <= 0:
                break
            await async_sleep(delay)
            if claimed and epoch == self._epoch:
                break
        return self._ticket()

    # -- learning

    def observe(self, ticket: Ticket | None, status: int, headers: Mapping[str, str]) -> None:
        """Learn from one answer to a request sent with `ticket` (None: sent around the gate)."""
        quota = read_quota(headers, wall=self._wall()) if headers else None
        if status != 429 and quota is None and self._rate is None:
            self._accepted += 1  # not under the lock: a lost count only nudges the first rate
            return  # open gate, nothing to learn: the common case, kept cheap
        with self._lock:
            now = self._clock()
            seq = ticket.seq if ticket is not None else self._sent
            spent = quota is not None and budget(quota.remaining, self._sent - seq) <= 0
            if quota is not None and spent and quota.reset <= MAX_RETRY_AFTER:
                until = resume_at(now, quota.reset, self._rand())
                self._hold_until = max(self._hold_until, until)
            if status == 429:
                self._limited += 1
                if quota is None:
                    self._slow_down(now, ticket, retry_after(headers))
                return
            self._accepted += 1
            if self._rate is not None and (ticket is None or ticket.epoch == self._epoch):
                self._rate = increased(
                    self._rate, now - self._last_increase, self._ceiling, self.max_rate
                )
                self._last_increase = now

    def _slow_down(self, now: float, ticket: Ticket | None, demanded: float | None) -> None:
        if ticket is not None and ticket.epoch != self._epoch:
            return  # sent before the last decrease: already answered for
        since = self._measure_from if self._measure_from is not None else now
        got = achieved(self._accepted, now - since)
        if self._rate is None:
            # With nothing accepted yet (the first answer was a 429), a quarter of what was sent.
            self._rate = max(got, achieved(self._sent, now - since) / 4)
            hold = FIRST_HOLD if demanded is None else demanded
            if hold <= MAX_RETRY_AFTER:  # a longer demand fails the call; it blocks no other
                self._hold_until = max(self._hold_until, resume_at(now, hold, self._rand()))
        else:
            recent = None if self._last_decrease is None else now - self._last_decrease
            # Over a long enough span, what got through bounds the rate that met the 429.
            met = min(self._rate, got) if now - since >= SETTLE else self._rate
            self._ceiling = ceiling_after(met)
            self._rate = decreased(met, recent)
        self._accepted = 0
        self._epoch += 1
        self._last_decrease = self._last_increase = now
        self._measure_from = max(self._hold_until, now)  # sending resumes then
        self._next_at = max(self._hold_until, now + 1.0 / self._rate)

    # -- reading

    @property
    def rate(self) -> float | None:
        """The send rate the gate paces at (requests/s); None while it is open."""
        return self._rate

    def stats(self) -> GateStats:
        """The gate's counters and current rate."""
        with self._lock:
            return GateStats(self._sent, self._throttled, self._limited, self._rate)

    def __repr__(self) -> str:
        rate = "open" if self._rate is None else f"{self._rate:.1f}/s"
        return f"RateGate({rate}, sent={self._sent}, throttled={self._throttled}, 429s={self._limited})"


# -- the httpx path ------------------------------------------------------------------------------

_KEY = "imagejobs.rate_gate"


def httpx_hooks(gate: RateGate) -> tuple[Callable[[Any], None], Callable[[Any], None]]:
    """(request hook, response hook) putting a sync httpx client behind `gate`."""

    def on_request(request: Any) -> None:
        request.extensions[_KEY] = gate.acquire()

    def on_response(response: Any) -> None:
        gate.observe(response.request.extensions.get(_KEY), response.status_code, response.headers)

    return on_request, on_response


def async_httpx_hooks(
    gate: RateGate,
) -> tuple[Callable[[Any], Awaitable[None]], Callable[[Any], Awaitable[None]]]:
    """(request hook, response hook) putting an httpx.AsyncClient behind `gate`."""

    async def on_request(request: Any) -> None:
        request.extensions[_KEY] = await gate.aacquire()

    async def on_response(response: Any) -> None:
        gate.observe(response.request.extensions.get(_KEY), response.status_code, response.headers)

    return on_request, on_response
