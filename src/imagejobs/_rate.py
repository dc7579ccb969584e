"""The rate gate: one send-rate limiter per provider account, shared by every call on it.

Providers limit how fast an account may call them. Per-call backoff cannot keep a bulk job under
that limit: 32 workers each meet their 429 alone, back off alone, and (a server-named wait gets
no jitter) come back together. A `RateGate` paces the *sends* of every call on a client (and of
every client given the same gate: one gate per provider account) and learns the pace:

- It starts open: a client that never meets a limit pays two attribute reads per request.
- The first 429 that is about the rate closes it for the `Retry-After` the server named (else
  `FIRST_HOLD`), resumed at a jittered moment, and sets a send rate: what the server accepted
  so far, per second.
- Not every 429 is about the rate. `Retry-After: 0` means "retry now"; a 429 that carries a
  provider's "slots busy" signal (`observe(..., slots_busy=True)`: useapi's running jobs) means
  the account runs as many jobs as it may, a limit on jobs in flight that a slower send rate
  does not lift. Neither touches the rate or closes the gate: the call's own retry backs off.
- A later 429 lowers the rate (AIMD on the rate, not on concurrency) only while lowering it
  changes the share of 429s (`verdict`): the 429s since the last decrease are set against the
  share over the RECENT answers before it; a decrease after which the share stayed the same
  (on MIN_LIMITED 429s at least) did not help: it is undone, and the rate stays while that
  share holds (the 429s are a proxy's noise, not the limit). That is judged only of a
  decrease that acted: when the client sent under `PACED` x the gate's rate since (its
  workers were waiting out retries, not the gate), lowering the rate changed nothing it sent,
  so a 429 then lowers it again, from the rate it really sent at (`sending_rate`). A decrease
  starts from what the server accepted of what was sent (`accepted_pace`), is `DECREASE`, or
  `STEEP_DECREASE` when
  the previous one was under `SETTLE` seconds ago, and never goes below `FLOOR` x the peak
  rate the server recently accepted. A 429 to a request sent before the last decrease is only
  counted.
- Answers without a 429 raise it again: quickly back to `CEILING` x the rate that met the last
  429, then slowly (`PROBE` per second) past it, so the gate finds a limit that went up; never
  past `USABLE` x the rate the client lately sent at (a rate it cannot use tells nothing).
- `X-RateLimit-Remaining` / `RateLimit-Remaining` (or `RateLimit: r=..;t=..`) with a reset are a
  budget: when what remains, minus what we sent since, is spent, the gate holds every send until
  the reset (jittered), so the window's last request is not answered 429.
- A fixed window that says so only on its 429s (remaining 0 and a reset): the gate holds until
  the reset, and learns the window from two such resets and the answers accepted between them
  (`window_rate`), then paces just under it, so no later window is overrun. Accepted answers
  are marks on one growing counter (`learn`'s `ok`), so a shared gate counts every worker's.

The policy is pure functions of numbers (`achieved`, `accepted_pace`, `decreased`, `increased`,
`ceiling_after`, `verdict`, `sending_rate`, `recent_share`, `floor_rate`, `peak_after`,
`window_rate`, `budget`, `resume_at`, `read_quota`, `demanded_wait`) and one function of a
`Policy` (the learned state) and an `Answer`: `learn`, tested table by table like `_retry.py`.
`RateGate` only holds the state, a lock and the injectable clock, random source and sleeps; a
shared gate (`RateGate.shared`, `_rate_shared`) keeps the same state in Redis instead, so every
process on one account learns and paces together.

How the gate is reached: `acquire()` / `aacquire()` before each HTTP request (an httpx request
hook, or the lean async client), `observe()` with each answer. So every send counts, including
a follow-up read, an OAuth token fetch and a resend after a 401, and budget headers on a 204 are
seen. `stats()` says how many requests waited at the gate, how many were answered 429, and the
rate it settled on (`bulk` reports them per batch).
"""

from __future__ import annotations

import enum
import hashlib
import json
import logging
import math
import os
import random
import threading
import time
from collections.abc import Awaitable, Callable, Generator, Mapping
from dataclasses import asdict, dataclass
from typing import ClassVar, NamedTuple

from ._constants import MAX_RETRY_AFTER
from ._headers import caseless, header, retry_after
from ._rate_shared import RedisStore, Snapshot, StoreUnavailable, where
from .errors import ImageJobsError

__all__ = [
    "CEILING",
    "DECREASE",
    "DOUBLING",
    "FIRST_HOLD",
    "FLOOR",
    "GATE_URL_ENV",
    "HIGH_SHARE",
    "HORIZON",
    "MIN_LIMITED",
    "MIN_RATE",
    "MIN_SAMPLE",
    "PROBE",
    "RECENT",
    "RECOVERY",
    "RESUME_JITTER",
    "SETTLE",
    "SPREAD",
    "STEEP_DECREASE",
    "USABLE",
    "WINDOW_MARGIN",
    "Answer",
    "Effect",
    "GateStats",
    "Policy",
    "Quota",
    "RateGate",
    "Share",
    "Ticket",
    "Verdict",
    "accepted_pace",
    "achieved",
    "budget",
    "ceiling_after",
    "decreased",
    "default_gate",
    "demanded_wait",
    "floor_rate",
    "gate_key",
    "increased",
    "learn",
    "peak_after",
    "read_quota",
    "recent_share",
    "resume_at",
    "sending_rate",
    "verdict",
    "window_rate",
]

log = logging.getLogger("imagejobs")

#: `redis://host:port/db`: every client's default gate is shared there, per provider and credential.
GATE_URL_ENV = "IMAGEJOBS_RATE_GATE_URL"

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
#: The share of 429s "before a decrease" is over about this many recent answers.
RECENT = 50
#: A share since a decrease is told from the one before when they are this many standard
#: deviations apart (counts taken as Poisson), plus one 429 of slack.
SPREAD = 2.0
#: A share of 429s this high is the rate's, whatever a decrease did: keep lowering it.
HIGH_SHARE = 0.5
#: A share of 429s is judged once this many answers came since the last decrease...
MIN_SAMPLE = 20
#: ... or this many 429s.
MIN_LIMITED = 4
#: When the rate closes to within this fraction of its ceiling, it is at the ceiling.
CLOSE = 0.01
#: A decrease never goes below this fraction of the peak rate the server recently accepted.
FLOOR = 0.5
#: That peak fades with this time constant (seconds), so a limit that really fell is followed.
PEAK_MEMORY = 10.0
#: The peak is measured over spans of this many seconds.
PEAK_SPAN = 1.0
#: The rate never climbs past this many times the rate the client lately sent at: one that
#: cannot send as fast as its gate lets it would otherwise raise the rate without end, and
#: then lower it by steps that change nothing it sends.
USABLE = 2.0
#: A learned fixed window is paced this fraction under its size, so it is not overrun.
WINDOW_MARGIN = 0.03
#: While the gate is open, what it accepted is measured over at most this many recent seconds.
MEASURE_SPAN = 10.0
#: A client that sent at this fraction of its gate's rate or more was held back by the gate: a
#: decrease acted on what it sent. Under it, the client sent no faster than it could (its
#: workers waiting out retries), and a decrease, not reaching what it sent, tells nothing.
PACED = 0.9

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
        if ceiling - new <= CLOSE * ceiling:
            new = ceiling  # an exponential never arrives; from here on, probe past it
    else:
        new = rate * (1.0 + PROBE * step)
    return new if cap is None else min(new, cap)


class Share(NamedTuple):
    """Answers over a span and how many were 429 (weighted counts may be fractional)."""

    answered: float
    limited: float

    @property
    def share(self) -> float:
        return self.limited / self.answered if self.answered else 0.0


class Verdict(enum.Enum):
    """What a 429 about the rate does to it (`verdict`)."""

    DECREASE = "decrease"
    #: Too few answers since the last decrease to tell: only count it.
    WAIT = "wait"
    #: The last decrease did not change the share of 429s: they are not about the rate.
    NOT_RATE = "not the rate"


def verdict(now: Share, before: Share | None) -> Verdict:
    """Whether a 429 about the rate lowers it, judged by the share of 429s.

    `now` counts the answers since the last decrease (this 429 included), `before` the share
    over the RECENT answers before it (None: no decrease to judge by). Lower the rate while
    that changes the share: when the 429s since are clearly fewer than the share before
    predicts (it helped, and they go on: still over the limit) or clearly more (a new, lower
    limit), SPREAD standard deviations apart. When the share stayed what it was, lowering
    the rate did not lower it: those 429s come whatever the rate. A share of HIGH_SHARE or
    more is lowered in any case (a floor bounds how far). Judged only over MIN_SAMPLE
    answers or MIN_LIMITED 429s, and called "not the rate" only on MIN_LIMITED 429s at least;
    before that, a 429 is only counted.
    """
    if before is None:
        return Verdict.DECREASE
    if now.answered < MIN_SAMPLE and now.limited < MIN_LIMITED:
        return Verdict.WAIT
    if now.share >= HIGH_SHARE:
        return Verdict.DECREASE
    expected = before.share * now.answered
    spread = SPREAD * math.sqrt(expected) + 1.0
    if abs(now.limited - expected) > spread:
        return Verdict.DECREASE
    if now.limited < MIN_LIMITED:
        return Verdict.WAIT  # too few 429s to call them steady: keep the decrease, count
    return Verdict.NOT_RATE


def recent_share(share: Share, limited: bool) -> Share:
    """The recent counts after one more answer: weighted over about RECENT answers."""
    keep = 1.0 - 1.0 / RECENT
    return Share(share.answered * keep + 1.0, share.limited * keep + limited)


def sending_rate(sent: int, span: float, rate: float) -> float | None:
    """The rate the client sent at: `sent` requests over `span` seconds while paced at `rate`.

    None while the span is too short to tell: under MIN_SAMPLE sends at `rate`.
    """
    if rate * span < MIN_SAMPLE:
        return None
    return max(MIN_RATE, sent / span)


def accepted_pace(rate: float, since: Share) -> float:
    """The pace the server accepted while the gate sent at `rate`: what was not answered 429."""
    return max(MIN_RATE, rate * (1.0 - since.share))


def floor_rate(peak: float) -> float:
    """The lowest rate a decrease may reach: FLOOR x the peak rate recently accepted."""
    return max(MIN_RATE, FLOOR * peak)


def peak_after(peak: float, seen: float, elapsed: float) -> float:
    """The accepted-rate peak after a span of `elapsed` seconds that accepted `seen` per second.

    The old peak fades with time constant PEAK_MEMORY, so it bounds decreases for a while
    after the server last accepted that much, not forever.
    """
    return max(seen, peak * math.exp(-max(elapsed, 0.0) / PEAK_MEMORY))


def window_rate(accepted: int, span: float) -> float:
    """The pace for a fixed window that accepted `accepted` requests over `span` seconds.

    `span` is the time between two of its resets (or, the first time, from the first send to
    the first reset: the window may have begun before, so this is an upper bound that the next
    reset corrects). WINDOW_MARGIN under it, so a window is not overrun.
    """
    return max(MIN_RATE, accepted / max(span, MIN_SPAN) * (1.0 - WINDOW_MARGIN))


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


def _getter(headers: Mapping[str, str]) -> Callable[[str], str | None]:
    return headers.get if caseless(headers) else lambda name: header(headers, name)


def read_quota(headers: Mapping[str, str], *, wall: Callable[[], float]) -> Quota | None:
    """The budget in `headers`, if any; `wall()` is the current Unix time (for epoch resets).

    `wall` is asked only for a reset given as a Unix time: every answer is read, few carry one.

    Reads `X-RateLimit-Remaining` + `X-RateLimit-Reset`, `RateLimit-Remaining` +
    `RateLimit-Reset`, or the structured `RateLimit: ...;r=<remaining>;t=<reset>` (also
    `remaining=`/`reset=`). A reset is seconds from now, or a Unix time (GitHub's style) when it
    is that large. Anything unparseable, negative or not finite is no quota.
    """
    get = _getter(headers)
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


def _quota(remaining: str, reset: str | None, wall: Callable[[], float]) -> Quota | None:
    try:
        left = int(float(remaining))
        seconds = float(reset) if reset is not None else math.nan
    except ValueError:
        return None
    if not math.isfinite(seconds) or left < 0 or seconds < 0:
        return None
    if seconds > _EPOCH:
        seconds = max(seconds - wall(), 0.0)
    return Quota(left, seconds)


def demanded_wait(headers: Mapping[str, str]) -> float | None:
    """The wait a 429 names: seconds (`retry_after`), 0.0 for "retry now", None if it names none.

    `retry_after` reads a zero (or an HTTP date already past) as no demand, which is right for
    a retry's wait; the gate must tell them apart: `Retry-After: 0` says the 429 was not about
    the rate.
    """
    seconds = retry_after(headers)
    if seconds is not None:
        return seconds
    get = _getter(headers)
    for name in ("retry-after-ms", "retry-after"):
        value = get(name)
        if value is None:
            continue
        try:
            number = float(value)
        except ValueError:
            return 0.0 if name == "retry-after" and "," in value else None  # a date now past
        return 0.0 if number == 0.0 else None
    return None


# -- the learned state and one answer's lesson -----------------------------------------------------


@dataclass
class Policy:
    """What a gate has learned: plain numbers, so a shared gate can keep it in Redis as JSON.

    Times are on the gate's clock (`time.monotonic` locally, Redis's `TIME` when shared).
    """

    #: Requests per second the gate paces at; None while it is open.
    rate: float | None = None
    #: The caller's cap (`max_rate`).
    max_rate: float | None = None
    #: Where the climb after a 429 slows down (`increased`).
    ceiling: float | None = None
    #: Bumped by every decrease: a 429 to a request sent before it says nothing new.
    epoch: int = 0
    last_decrease: float | None = None
    last_increase: float = 0.0
    #: Start of the span `achieved` measures, and the gate's counters of sends and of answers
    #: accepted (not 429) then: what came since is the difference.
    measure_from: float | None = None
    sent_from: int = 0
    ok_from: int = 0
    #: This epoch's answers and its 429s about the rate (`verdict`).
    answered: int = 0
    limited: int = 0
    #: Recent answers and 429s (`recent_share`), and their share when the rate last fell.
    recent: tuple[float, float] = (0.0, 0.0)
    before: tuple[float, float] | None = None
    #: (rate, ceiling) before the last decrease, to undo it if it did not help.
    undo: tuple[float, float | None] | None = None
    #: The peak rate recently accepted (`peak_after`), measured over spans from `peak_from`.
    peak: float = 0.0
    peak_from: float | None = None
    peak_count: int = 0
    #: The send rate over the last such span, and the send counter when it began.
    used: float = 0.0
    used_from: int = 0
    #: The last fixed-window reset a 429 named, the length learned, and the accepted counter then.
    boundary: float | None = None
    window: float | None = None
    window_from: int = 0

    _TIMES: ClassVar[tuple[str, ...]] = (
        "last_decrease",
        "last_increase",
        "measure_from",
        "peak_from",
        "boundary",
    )

    def to_json(self) -> str:
        return json.dumps(asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Policy:
        data = json.loads(text)
        for name in ("recent", "before", "undo"):
            if data.get(name) is not None:
                data[name] = tuple(data[name])
        return cls(**data)

    def scale(self, share: float) -> None:
        """Keep `share` of every rate learned: one worker's part of an account's."""
        if self.rate is not None:
            self.rate = max(MIN_RATE, self.rate * share)
        if self.ceiling is not None:
            self.ceiling *= share
        self.peak *= share
        self.undo = None

    def shifted(self, delta: float) -> Policy:
        """The same policy on a clock `delta` seconds ahead (Redis's time -> this process's)."""
        moved = Policy(**asdict(self))
        for name in self._TIMES:
            value = getattr(moved, name)
            if value is not None:
                setattr(moved, name, value + delta)
        return moved


class Answer(NamedTuple):
    """One answer, as the gate learns from it."""

    status: int
    #: The ticket's epoch and sequence number (None: the request was sent around the gate).
    epoch: int | None = None
    seq: int | None = None
    quota: Quota | None = None
    #: The wait a 429 named (`demanded_wait`): seconds, 0.0 for "retry now", None for none.
    demanded: float | None = None
    #: The provider said its job slots are busy (see `RateGate.observe`).
    slots_busy: bool = False


class Effect(NamedTuple):
    """What an answer changes in the schedule: times on the gate's clock; 0.0 for no change."""

    #: No send before this.
    hold_until: float = 0.0
    #: The pacing schedule restarts here (after a change of rate).
    next_at: float = 0.0


def learn(policy: Policy, answer: Answer, *, now: float, sent: int, ok: int, rand: float) -> Effect:
    """Update `policy` with one `answer` received at `now`; say what changes in the schedule.

    `sent` is the gate's send counter now (tickets carry it when taken), `ok` its counter of
    answers accepted (this one included), `rand` a number in [0, 1) for the jitter. Both
    counters only grow, and are shared by every worker of a shared gate, so what one accepted
    counts for all at once. Deterministic: the same state, answer and numbers give the same
    result, which is what the tables in tests/facade/test_rate.py check.
    """
    hold = 0.0
    quota = answer.quota
    window_hint = quota is not None and quota.reset <= MAX_RETRY_AFTER
    if quota is not None and window_hint:
        seq = answer.seq if answer.seq is not None else sent
        if answer.status == 429 or budget(quota.remaining, sent - seq) <= 0:
            hold = resume_at(now, quota.reset, rand)
    if answer.status != 429:
        _accepted(policy, answer, now, sent, ok)
        return Effect(hold)
    if answer.slots_busy or answer.demanded == 0.0:
        return Effect(hold)  # "retry now" / jobs in flight: not about the send rate
    if quota is not None and window_hint:
        return _window_hint(policy, now, now + quota.reset, hold, sent, ok)
    return _rate_limited(policy, answer, now, sent, ok, rand, hold)


def _accepted(policy: Policy, answer: Answer, now: float, sent: int, ok: int) -> None:
    if policy.measure_from is None:
        policy.measure_from, policy.ok_from = now, ok - 1
    elif policy.rate is None and now - policy.measure_from > MEASURE_SPAN:
        policy.measure_from, policy.ok_from = now, ok - 1  # what it accepts lately counts
    if policy.rate is None:
        return
    policy.recent = recent_share(Share(*policy.recent), limited=False)
    current = answer.epoch is None or answer.epoch == policy.epoch
    if policy.peak_from is None:
        policy.peak_from, policy.used_from = now, sent
    policy.peak_count += 1
    if now - policy.peak_from >= PEAK_SPAN:
        span = now - policy.peak_from
        policy.peak = peak_after(policy.peak, policy.peak_count / span, span)
        policy.used = (sent - policy.used_from) / span
        policy.peak_from, policy.peak_count, policy.used_from = now, 0, sent
    if current:
        policy.answered += 1
        elapsed = now - policy.last_increase
        if policy.window is not None and policy.window > 1.0:
            elapsed /= policy.window  # a long window is probed once per window, not per second
        rate = increased(policy.rate, elapsed, policy.ceiling, policy.max_rate)
        if policy.used > 0.0:  # not past what it can use: a rate it never sends at tells nothing
            rate = max(policy.rate, min(rate, USABLE * policy.used))
        policy.rate = rate
        policy.last_increase = now


def _rate_limited(
    policy: Policy, answer: Answer, now: float, sent: int, ok: int, rand: float, hold: float
) -> Effect:
    if policy.rate is not None:
        policy.recent = recent_share(Share(*policy.recent), limited=True)
    if answer.epoch is not None and answer.epoch != policy.epoch:
        return Effect(hold)  # sent before the last decrease: already answered for
    since = policy.measure_from if policy.measure_from is not None else now
    got = achieved(ok - policy.ok_from, now - since)
    if policy.rate is None:
        # The first contact. With nothing accepted yet, a quarter of what was sent. Nothing
        # to judge the next 429 by (`before` stays None): it lowers the rate in any case.
        policy.rate = max(got, achieved(sent - policy.sent_from, now - since) / 4)
        if policy.max_rate is not None:
            policy.rate = min(policy.rate, policy.max_rate)
        wait = FIRST_HOLD if answer.demanded is None else answer.demanded
        if wait <= MAX_RETRY_AFTER:  # a longer demand fails the call; it blocks no other
            hold = max(hold, resume_at(now, wait, rand))
        policy.recent = (1.0, 1.0)  # the peak is measured from now: a burst is not a pace
    else:
        policy.answered += 1
        policy.limited += 1
        before = Share(*policy.before) if policy.before is not None else None
        judged = verdict(Share(policy.answered, policy.limited), before)
        if judged is Verdict.WAIT:
            return Effect(hold)
        sending = sending_rate(sent - policy.sent_from, now - since, policy.rate)
        if judged is Verdict.NOT_RATE and sending is not None and sending < PACED * policy.rate:
            # The gate held nothing back since the decrease: it could not change the share.
            judged = Verdict.DECREASE
        if judged is Verdict.NOT_RATE:
            if policy.undo is not None:  # the last decrease did not help: take it back
                policy.rate = max(policy.rate, policy.undo[0])
                policy.ceiling = policy.undo[1]
                policy.undo = None
                # What is sent is measured afresh at the rate restored: measured from the
                # decrease, a lower pace it no longer holds would read as the client's own.
                policy.measure_from, policy.sent_from, policy.ok_from = now, sent, ok
            return Effect(hold)
        recent = None if policy.last_decrease is None else now - policy.last_decrease
        # What the server accepted of what was sent bounds the rate that met the 429, so a
        # rate far over the limit falls to it at once, not by steps.
        met = policy.rate
        if policy.answered >= MIN_LIMITED:  # fewer answers say little about a share
            met = accepted_pace(policy.rate, Share(policy.answered, policy.limited))
        if now - since >= SETTLE:
            met = min(met, got)
        if sending is not None:  # a rate over what the client sends at would not bind
            met = min(met, sending)
        faded = peak_after(policy.peak, 0.0, now - (policy.peak_from or now))
        policy.undo = (policy.rate, policy.ceiling)
        policy.ceiling = ceiling_after(met)
        policy.rate = max(decreased(met, recent), min(floor_rate(faded), policy.rate))
        # The share before, less the 429 that ended it (else one 429 alone reads as a share).
        policy.before = (max(policy.recent[0] - 1.0, 0.0), max(policy.recent[1] - 1.0, 0.0))
    return _new_epoch(policy, now, sent, ok, hold)


def _window_hint(
    policy: Policy, now: float, boundary: float, hold: float, sent: int, ok: int
) -> Effect:
    """A 429 naming its fixed window's reset: learn the window's pace from the last two."""
    if policy.boundary is not None and now < policy.boundary:
        return Effect(hold)  # another answer from the window already learned from
    if policy.boundary is not None:
        span = boundary - policy.boundary
        policy.window = span
        pace = window_rate(ok - policy.window_from, span)
    else:
        since = policy.measure_from if policy.measure_from is not None else now
        policy.window = boundary - since  # at least: it may have begun before
        # What this client got through, or (others took the window) a quarter of what it sent.
        pace = max(
            window_rate(ok - policy.ok_from, policy.window),
            achieved(sent - policy.sent_from, policy.window) / 4,
        )
    if policy.rate is not None:
        # Other clients of the account (not sharing this gate) may have taken most of the
        # window: one window's count is not all it holds, so it falls at most as a steep
        # decrease would, and not below the floor.
        faded = peak_after(policy.peak, 0.0, now - (policy.peak_from or now))
        pace = max(pace, policy.rate * STEEP_DECREASE, min(floor_rate(faded), policy.rate))
    if policy.max_rate is not None:
        pace = min(pace, policy.max_rate)
    # A pace measured over one whole window is where the climb slows; a first guess (the
    # window's start unknown, part of it maybe not ours) keeps climbing fast until measured.
    policy.ceiling = pace if policy.boundary is not None else None
    policy.rate = pace
    policy.undo = policy.before = None
    policy.boundary, policy.window_from = boundary, ok
    return _new_epoch(policy, now, sent, ok, hold)


def _new_epoch(policy: Policy, now: float, sent: int, ok: int, hold: float) -> Effect:
    assert policy.rate is not None
    policy.answered = policy.limited = 0
    policy.sent_from, policy.ok_from = sent, ok
    policy.epoch += 1
    policy.last_decrease = policy.last_increase = now
    policy.measure_from = max(hold, now)  # sending resumes then
    return Effect(hold, max(hold, now + 1.0 / policy.rate))


# -- the gate ------------------------------------------------------------------------------------


class Ticket(NamedTuple):
    """What one send took from the gate: the gate's epoch then, and its sequence number."""

    epoch: int
    seq: int


@dataclass(frozen=True)
class GateStats:
    """Counters of this process on the gate since it was made (subtract two for one batch)."""

    #: Requests that passed the gate.
    sent: int
    #: Requests the gate held back before sending (paced or held).
    throttled: int
    #: Answers that were 429 (whatever they meant).
    rate_limited: int
    #: The send rate the gate paces at (requests/s); None while it has met no 429.
    rate: float | None
    #: Of those 429s, the ones that said the account's job slots were busy.
    slots_busy: int = 0


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio  # local: sync users never pay for importing asyncio

    await asyncio.sleep(seconds)


# Module-level so tests can replace the waiting (monkeypatch these) and never really sleep.
sleep: Callable[[float], None] = time.sleep
async_sleep: Callable[[float], Awaitable[None]] = _asyncio_sleep

#: How often one acquire asks the gate again before it takes whatever slot is next.
_MAX_RESERVES = 32
#: A shared gate folds the plain successes it saw into Redis at most this often (seconds).
FLUSH = 0.05
#: A shared gate that lost Redis tries it again after this many seconds.
RECONNECT = 5.0
#: A shared gate measures its process's share of the account's sends over spans this long
#: (seconds): if Redis fails, that share of the shared rate is this process's own.
SHARE_SPAN = 1.0
#: Tries at writing one lesson to Redis when other workers keep writing first.
_COMMIT_TRIES = 4

_shared_gates: dict[tuple[str, str, float | None], RateGate] = {}
_shared_lock = threading.Lock()


def gate_key(provider: str, credential: str) -> str:
    """The shared gate's key for one account: the provider's name and a hash of the credential.

    The credential itself never leaves the process; the hash (salted with the provider's
    name) only tells accounts apart.
    """
    digest = hashlib.sha256(f"imagejobs\0{provider}\0{credential}".encode()).hexdigest()
    return f"{provider}:{digest[:32]}"


def default_gate(provider: str, credential: str | None) -> RateGate:
    """A client's gate when it is given none: shared on Redis if IMAGEJOBS_RATE_GATE_URL is set.

    Shared per provider and credential (`gate_key`); every client of one account in this
    process gets the same gate. Without the variable, or without a credential to key it by
    (one fetched by OAuth2 is not known yet), a gate of the client's own.
    """
    url = os.environ.get(GATE_URL_ENV, "").strip()
    if not url or not credential:
        return RateGate()
    try:
        return RateGate.shared(url, key=gate_key(provider, credential))
    except (ValueError, ImportError) as exc:  # a setting to fix, not an outage to ride out
        raise ImageJobsError(f"{GATE_URL_ENV}={where(url)}: {exc}") from None


class RateGate:
    """Paces the sends of every client that holds it (see the module docstring).

    `max_rate` caps the rate (requests/s) and, if given, paces from the first request. The
    clock (`time.monotonic`), the wall clock (`time.time`, for Unix-time resets) and the random
    source are injectable; the waiting goes through this module's `sleep` / `async_sleep`.
    Thread-safe; one gate may serve sync and async clients at once. `RateGate.shared(url,
    key=...)` makes one whose state lives in Redis, common to every process using that key.
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
        self._p = Policy(rate=max_rate, max_rate=max_rate)
        self._next_at = 0.0  # earliest next send while pacing
        self._hold_until = 0.0  # no send before this
        self._seq = 0  # tickets handed out (on a shared gate: the last shared number seen)
        self._ok = 0  # answers accepted (not 429)
        self._share_of_sends = 1.0  # this process's share of a shared gate's sends, lately
        self._share_mark: tuple[float, int, int] | None = None  # (time, own sends, all sends)
        self._sent = 0
        self._throttled = 0
        self._limited = 0
        self._slots = 0
        self._store: RedisStore | None = None
        self._shared_rate: float | None = None
        self._pending: dict[int | None, int] = {}  # plain successes not yet folded into Redis
        self._flushed = 0.0
        self._down = False  # Redis did not answer: pacing on the local state meanwhile
        self._retry_at = 0.0
        self._last: tuple[Policy, Snapshot, float] | None = None  # last shared state seen

    @classmethod
    def shared(
        cls,
        url: str,
        *,
        key: str,
        max_rate: float | None = None,
        timeout: float = 0.1,
    ) -> RateGate:
        """A gate whose state lives in Redis at `url` under `key`, common to every process.

        Every worker (process or machine) that uses the same `url` and `key` paces against
        one account-wide schedule: the learned rate, a budget and its reset, a closed gate's
        reopening time are kept in Redis and updated atomically by server-side scripts. In one
        process the same (url, key, max_rate) gives the same gate. Each send costs one round
        trip to Redis, made inline (also on the async path: it is bounded by `timeout`).

        If Redis does not answer within `timeout` seconds (down, slow, refused), calls go on
        with this process's own gate, from the last state it saw, and one warning is logged;
        Redis is tried again every RECONNECT seconds. No call fails because of Redis. Needs
        the `imagejobs[redis]` extra; `url` is `redis://[:password@]host:port/db` (or
        `rediss://`, `unix://`), and is never logged with its password.
        """
        ident = (url, key, max_rate)
        with _shared_lock:
            gate = _shared_gates.get(ident)
            if gate is None:
                gate = cls(max_rate=max_rate)
                gate._store = RedisStore(url, key, timeout=timeout, max_rate=max_rate)
                _shared_gates[ident] = gate
            return gate

    # -- sending

    def _reserve(self, waited: bool, force: bool) -> tuple[float, bool, int]:
        """(seconds to wait, whether a send slot was claimed, the epoch then).

        A slot is claimed only when it is at most HORIZON away (or `force`): a waiter far back
        in a slow queue wakes every HORIZON and asks again, so it profits when the rate rises.
        """
        with self._lock:
            now = self._clock()
            start = now if self._hold_until <= now else self._hold_until
            rate = self._p.rate
            if rate is not None and self._next_at > start:
                start = self._next_at
            if start > now and not waited:
                self._throttled += 1
            if start - now > HORIZON and not force:
                return HORIZON, False, self._p.epoch
            if rate is not None:
                self._next_at = start + 1.0 / rate
            return start - now, True, self._p.epoch

    def _ticket(self) -> Ticket:
        with self._lock:
            self._sent += 1
            self._seq += 1
            p = self._p
            if p.measure_from is None:
                p.measure_from = self._clock()
                p.sent_from, p.ok_from = self._seq - 1, self._ok
            elif p.rate is None:
                now = self._clock()
                if now - p.measure_from > MEASURE_SPAN:  # measure what it accepts lately
                    p.measure_from, p.ok_from, p.sent_from = now, self._ok, self._seq - 1
            return Ticket(p.epoch, self._seq)

    def pass_open(self) -> Ticket | None:
        """A ticket for this request if the gate is open (nothing to wait for), else None.

        Lets an async sender skip awaiting `aacquire` (one coroutine per request) in the
        common case; on None it awaits `aacquire`. A shared gate is never open this way: it
        asks Redis.
        """
        if self._p.rate is None and self._hold_until == 0.0 and self._store is None:
            return self._ticket()  # open: nothing to wait for
        return None

    def acquire(self) -> Ticket:
        """Wait (blocking) for this request's turn; returns the ticket to `observe` it with."""
        ticket = self.pass_open()
        if ticket is not None:
            return ticket
        if self._store is not None and self._use_store():
            ticket = self._claim(sleep)
            if ticket is not None:
                return ticket
        for attempt in range(_MAX_RESERVES):
            delay, claimed, epoch = self._reserve(attempt > 0, attempt == _MAX_RESERVES - 1)
            if delay <= 0:
                break
            sleep(delay)
            if claimed and epoch == self._p.epoch:
                break  # the slot is still good
        return self._ticket()

    async def aacquire(self) -> Ticket:
        """Await this request's turn (see `acquire`)."""
        ticket = self.pass_open()
        if ticket is not None:
            return ticket
        if self._store is not None and self._use_store():
            ticket = await self._aclaim()
            if ticket is not None:
                return ticket
        for attempt in range(_MAX_RESERVES):
            delay, claimed, epoch = self._reserve(attempt > 0, attempt == _MAX_RESERVES - 1)
            if delay <= 0:
                break
            await async_sleep(delay)
            if claimed and epoch == self._p.epoch:
                break
        return self._ticket()

    # -- learning

    def observe(
        self,
        ticket: Ticket | None,
        status: int,
        headers: Mapping[str, str],
        *,
        slots_busy: bool = False,
    ) -> None:
        """Learn from one answer to a request sent with `ticket` (None: sent around the gate).

        `slots_busy=True` says a 429 carries the provider's "job slots busy" signal (useapi
        answers 429 with the running job ids, `executingJobs`, when the account runs its
        `maxJobs`): a limit on jobs in flight, which a slower send rate does not lift and which
        the cancels this gate also carries are what free. So it does not lower the rate or
        close the gate for other calls; it is counted (`stats().slots_busy`), and the call's
        own retry backs off. The caller decides it from the 429's body.
        """
        quota = read_quota(headers, wall=self._wall) if headers else None
        p = self._p
        if status != 429:
            self._ok += 1  # not under the lock: a lost count only nudges a measured rate
            if quota is None and p.rate is None and self._store is None:
                return  # open gate, nothing to learn: the common case, kept cheap
        answer = Answer(
            status,
            None if ticket is None else ticket.epoch,
            None if ticket is None else ticket.seq,
            quota,
            demanded_wait(headers) if status == 429 else None,
            slots_busy and status == 429,
        )
        if status == 429:
            with self._lock:
                self._limited += 1
                self._slots += answer.slots_busy
        if self._store is not None and self._use_store() and self._share(answer):
            return
        with self._lock:
            now = self._clock()
            effect = learn(p, answer, now=now, sent=self._seq, ok=self._ok, rand=self._rand())
            if effect.hold_until > self._hold_until:
                self._hold_until = effect.hold_until
            if effect.next_at > self._next_at:
                self._next_at = effect.next_at

    # -- the shared state (Redis)

    def _use_store(self) -> bool:
        """Whether to ask Redis now: yes unless it failed lately (then one caller retries)."""
        if not self._down:
            return True
        with self._lock:
            now = self._clock()
            if now < self._retry_at:
                return False
            self._retry_at = now + RECONNECT  # this caller tries; the others stay local
            return True

    def _lost(self, exc: StoreUnavailable) -> None:
        """Redis failed: pace on this process's own state from the last shared one, warn once."""
        assert self._store is not None
        with self._lock:
            self._retry_at = self._clock() + RECONNECT
            if self._down:
                return
            self._down = True
            if self._last is not None:
                policy, snap, local_then = self._last
                delta = local_then - snap.now
                self._p = policy.shifted(delta)
                # The shared rate was the whole account's: this process takes its share.
                self._p.scale(self._share_of_sends)
                self._p.max_rate = (
                    None if self.max_rate is None else self.max_rate * self._share_of_sends
                )
                self._hold_until = max(self._hold_until, snap.hold + delta if snap.hold else 0.0)
                self._next_at = max(self._next_at, snap.tat + delta if snap.tat else 0.0)
                self._seq = max(self._seq, snap.sent)
                # The counters are this process's from here on: what it sends and gets
                # accepted is measured from now (the shared marks counted every worker's).
                p = self._p
                p.ok_from = p.window_from = self._ok
                p.measure_from, p.sent_from = max(self._clock(), self._hold_until), self._seq
                # Its share is one span's: a worker that spent that span waiting out retries
                # starts far under its part, and under a scaled ceiling it would climb back by
                # PROBE alone (minutes). It climbs as after a first 429; its next one caps it.
                p.ceiling = None
        log.warning(
            "rate gate: the shared gate at %s did not answer (%s); pacing with this process's "
            "own gate until it does",
            self._store.where,
            exc,
        )

    def _back(self) -> None:
        if self._down:
            with self._lock:
                if not self._down:
                    return
                self._down = False
            assert self._store is not None
            log.info("rate gate: the shared gate at %s answers again", self._store.where)

    def _claims(self) -> Generator[float, None, Ticket | None]:
        """Claim a slot from the shared gate: yields each delay to wait out, returns the ticket.

        The loop is written once; `_claim` sleeps through the delays and `_aclaim` awaits them.
        Redis is asked inline (a round trip bounded by the store's timeout), so the async
        client needs no second pool. None: Redis failed (the caller paces locally).
        """
        assert self._store is not None
        try:
            for attempt in range(_MAX_RESERVES):
                got = self._store.claim(HORIZON, force=attempt == _MAX_RESERVES - 1)
                self._back()
                self._shared_rate = got.rate
                if attempt == 0 and got.delay > 0:
                    with self._lock:
                        self._throttled += 1
                if got.claimed:
                    if got.delay <= 0:
                        return self._shared_ticket(got.epoch, got.seq)
                    yield got.delay
                    # A slot claimed ahead is good unless a worker lowered the rate meanwhile
                    # (as the local gate checks its epoch); then ask for a slot at the new pace.
                    if self._store.epoch() == got.epoch:
                        return self._shared_ticket(got.epoch, got.seq)
                    continue
                yield got.delay
        except StoreUnavailable as exc:
            self._lost(exc)
        return None

    def _claim(self, wait: Callable[[float], None]) -> Ticket | None:
        claims = self._claims()
        try:
            while True:
                wait(next(claims))
        except StopIteration as done:
            ticket: Ticket | None = done.value
            return ticket

    async def _aclaim(self) -> Ticket | None:
        claims = self._claims()
        try:
            while True:
                await async_sleep(next(claims))
        except StopIteration as done:
            ticket: Ticket | None = done.value
            return ticket

    def _shared_ticket(self, epoch: int, seq: int) -> Ticket:
        with self._lock:
            self._sent += 1
            self._seq = max(self._seq, seq)
            now = self._clock()
            mark = self._share_mark
            if mark is None:
                self._share_mark = (now, self._sent, seq)
            elif now - mark[0] >= SHARE_SPAN and seq > mark[2]:
                self._share_of_sends = min(1.0, (self._sent - mark[1]) / (seq - mark[2]))
                self._share_mark = (now, self._sent, seq)
        return Ticket(epoch, seq)

    def _share(self, answer: Answer) -> bool:
        """Fold `answer` into the shared policy; False if Redis failed (learn locally instead).

        Every accepted answer is counted in Redis at once (one atomic increment), so every
        worker's measures see it. Beyond that a plain success changes little (a small increase
        that depends only on the time since the last one), so they are gathered and folded in
        at most every FLUSH seconds; anything else is folded in at once, with what was gathered.
        """
        assert self._store is not None
        plain = answer.status != 429 and answer.quota is None
        if answer.status != 429:
            try:
                self._store.count_ok()
            except StoreUnavailable as exc:
                self._lost(exc)
                return False
        with self._lock:
            if plain:
                self._pending[answer.epoch] = self._pending.get(answer.epoch, 0) + 1
                now = self._clock()
                if now - self._flushed < FLUSH:
                    return True
                self._flushed = now
            pending, self._pending = self._pending, {}
        try:
            self._fold(pending, None if plain else answer)
        except StoreUnavailable as exc:
            self._lost(exc)
            return plain  # the gathered successes are dropped; a lesson is learned locally
        self._back()
        return True

    def _fold(self, pending: dict[int | None, int], answer: Answer | None) -> None:
        assert self._store is not None
        for _ in range(_COMMIT_TRIES):
            snap = self._store.read()
            policy = (
                Policy.from_json(snap.policy)
                if snap.policy
                else Policy(rate=self.max_rate, max_rate=self.max_rate)
            )
            if policy.measure_from is None and snap.first:
                policy.measure_from = snap.first  # measured from the first send, as locally
            for epoch, count in pending.items():
                for _ in range(count):
                    learn(
                        policy,
                        Answer(200, epoch),
                        now=snap.now,
                        sent=snap.sent,
                        ok=snap.ok,
                        rand=0.0,
                    )
            effect = Effect()
            if answer is not None:
                effect = learn(
                    policy, answer, now=snap.now, sent=snap.sent, ok=snap.ok, rand=self._rand()
                )
            written = self._store.commit(
                snap.version,
                policy.to_json(),
                rate=policy.rate,
                epoch=policy.epoch,
                hold=effect.hold_until,
                next_at=effect.next_at,
            )
            if written:
                self._shared_rate = policy.rate
                self._last = (policy, snap, self._clock())
                return
        # Other workers kept writing first; their lessons stand and the next answer goes on.

    def reset_shared(self) -> None:
        """Forget the shared state in Redis (a fresh account: tests, benchmarks). Local: no-op."""
        if self._store is not None:
            self._store.clear()

    # -- reading

    @property
    def rate(self) -> float | None:
        """The send rate the gate paces at (requests/s); None while it is open."""
        if self._store is not None and not self._down:
            return self._shared_rate
        return self._p.rate

    @property
    def is_shared(self) -> bool:
        """Whether the gate's state lives in Redis (`RateGate.shared`)."""
        return self._store is not None

    def stats(self) -> GateStats:
        """The counters of this process and the current rate."""
        with self._lock:
            return GateStats(self._sent, self._throttled, self._limited, self.rate, self._slots)

    def __repr__(self) -> str:
        rate = self.rate
        shown = "open" if rate is None else f"{rate:.1f}/s"
        where = "" if self._store is None else f"shared at {self._store.where}, "
        return (
            f"RateGate({where}{shown}, sent={self._sent}, throttled={self._throttled}, "
            f"429s={self._limited})"
        )
