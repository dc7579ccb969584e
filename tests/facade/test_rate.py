"""_rate.py: the gate's pure policy, table by table, then the gate on a fake clock (no real sleeps)."""

from __future__ import annotations

import math
from typing import Any

import httpx
import pytest
from multidict import CIMultiDict, CIMultiDictProxy

from imagejobs import AsyncTopaz, JobStatus, RateGate, Topaz, cancel_many, cancel_many_sync
from imagejobs import _rate as rate
from imagejobs._rate import (
    Answer,
    Effect,
    Policy,
    Quota,
    Share,
    Verdict,
    achieved,
    budget,
    ceiling_after,
    decreased,
    demanded_wait,
    floor_rate,
    increased,
    learn,
    peak_after,
    read_quota,
    resume_at,
    verdict,
    window_rate,
)

from .conftest import PID, TOPAZ_KEY, AsyncPath, Script

WALL = 1_700_000_000.0

# -- pure policy ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accepted", "span", "expected"),
    [
        (20, 0.002, 200.0),  # a burst over 2 ms is measured over MIN_SPAN (0.1 s)
        (400, 2.0, 200.0),
        (0, 1.0, rate.MIN_RATE),
        (1, 100.0, rate.MIN_RATE),
    ],
)
def test_achieved(accepted: int, span: float, expected: float) -> None:
    assert achieved(accepted, span) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("current", "since_last", "expected"),
    [
        (200.0, None, 200.0 * rate.DECREASE),  # the first decrease is gentle
        (200.0, 5.0, 200.0 * rate.DECREASE),
        (200.0, 0.2, 200.0 * rate.STEEP_DECREASE),  # the last one did not suffice
        (0.5, 0.2, rate.MIN_RATE),
    ],
)
def test_decreased(current: float, since_last: float | None, expected: float) -> None:
    assert decreased(current, since_last) == pytest.approx(expected)


def test_ceiling_sits_just_below_the_rate_that_met_a_429() -> None:
    assert ceiling_after(200.0) == pytest.approx(200.0 * rate.CEILING)


@pytest.mark.parametrize(
    ("current", "elapsed", "ceiling", "cap", "expected"),
    [
        # no ceiling yet: doubling every DOUBLING seconds
        (100.0, rate.MAX_STEP, None, None, 100.0 * 2 ** (rate.MAX_STEP / rate.DOUBLING)),
        # below the ceiling: the gap closes with time constant RECOVERY
        (100.0, rate.RECOVERY, 200.0, None, 200.0 - 100.0 * math.exp(-1)),
        # at or above it: PROBE per second
        (200.0, 1.0, 200.0, None, 200.0 * (1 + rate.PROBE)),
        # a long silence counts as MAX_STEP at most
        (200.0, 60.0, 200.0, None, 200.0 * (1 + rate.PROBE * rate.MAX_STEP)),
        # never above the caller's cap; never down for a negative step
        (200.0, 1.0, 200.0, 201.0, 201.0),
        (200.0, -1.0, 200.0, None, 200.0),
    ],
)
def test_increased(
    current: float, elapsed: float, ceiling: float | None, cap: float | None, expected: float
) -> None:
    assert increased(current, elapsed, ceiling, cap) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("remaining", "sent_since", "expected"), [(10, 3, 7), (3, 3, 0), (0, 5, -5)]
)
def test_budget(remaining: int, sent_since: int, expected: int) -> None:
    assert budget(remaining, sent_since) == expected


@pytest.mark.parametrize(
    ("rand", "expected"), [(0.0, 11.0), (1.0, 11.0 + rate.RESUME_JITTER), (0.5, 11.05)]
)
def test_resume_is_never_early_and_jittered_late(rand: float, expected: float) -> None:
    assert resume_at(10.0, 1.0, rand) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "2"}, Quota(5, 2.0)),
        ({"x-ratelimit-remaining": "0", "x-ratelimit-reset": "0.25"}, Quota(0, 0.25)),
        # a Unix time (GitHub's style)
        ({"X-RateLimit-Remaining": "9", "X-RateLimit-Reset": str(int(WALL) + 3)}, Quota(9, 3.0)),
        ({"X-RateLimit-Remaining": "9", "X-RateLimit-Reset": str(int(WALL) - 3)}, Quota(9, 0.0)),
        ({"RateLimit-Remaining": "4", "RateLimit-Reset": "7"}, Quota(4, 7.0)),
        ({"RateLimit": '"default";r=3;t=9'}, Quota(3, 9.0)),
        ({"RateLimit": "limit=100, remaining=50, reset=5"}, Quota(50, 5.0)),
        ({"RateLimit": "limit=100"}, None),
        # unparseable, negative, missing reset, not finite: no quota
        ({"X-RateLimit-Remaining": "many", "X-RateLimit-Reset": "1"}, None),
        ({"X-RateLimit-Remaining": "-1", "X-RateLimit-Reset": "1"}, None),
        ({"X-RateLimit-Remaining": "5"}, None),
        ({"X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "inf"}, None),
        ({"X-RateLimit-Remaining": "5", "X-RateLimit-Reset": "-2"}, None),
    ],
)
def test_read_quota(headers: dict[str, str], expected: Quota | None) -> None:
    assert read_quota(headers, wall=lambda: WALL) == expected


@pytest.mark.parametrize(
    ("now", "before", "expected"),
    [
        # no decrease to judge by: a 429 about the rate lowers it
        (Share(1, 1), None, Verdict.DECREASE),
        # too few answers and 429s since the last decrease to judge
        (Share(rate.MIN_SAMPLE - 1, rate.MIN_LIMITED - 1), Share(50, 5), Verdict.WAIT),
        # far fewer 429s than the share before predicts: the decrease helped, and they go on
        (Share(300, 1), Share(50, 3), Verdict.DECREASE),
        # far more: a new, lower limit
        (Share(40, 12), Share(50, 3), Verdict.DECREASE),
        # about the share before the decrease: not about the rate (a proxy's noise)
        (Share(100, 6), Share(50, 3), Verdict.NOT_RATE),
        (Share(200, 9), Share(50, 2), Verdict.NOT_RATE),
        # fewer than MIN_LIMITED 429s since: too few to call them steady; the decrease stays
        (Share(20, 2), Share(50, 4), Verdict.WAIT),
        (Share(100, 1), Share(50, 1), Verdict.WAIT),
        # half the answers or more are 429: the rate's, whatever a decrease did
        (Share(8, 4), Share(50, 30), Verdict.DECREASE),
        (Share(rate.MIN_LIMITED, rate.MIN_LIMITED), Share(50, 50), Verdict.DECREASE),
    ],
)
def test_verdict(now: Share, before: Share | None, expected: Verdict) -> None:
    assert verdict(now, before) is expected


@pytest.mark.parametrize(
    ("peak", "expected"), [(0.0, rate.MIN_RATE), (200.0, 200.0 * rate.FLOOR), (0.4, rate.MIN_RATE)]
)
def test_floor_rate(peak: float, expected: float) -> None:
    assert floor_rate(peak) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("peak", "seen", "elapsed", "expected"),
    [
        (0.0, 150.0, 1.0, 150.0),  # a higher rate is the new peak
        (200.0, 50.0, rate.PEAK_MEMORY, max(50.0, 200.0 * math.exp(-1))),  # an old one fades
        (200.0, 10.0, 0.0, 200.0),
        (200.0, 10.0, -5.0, 200.0),  # a clock step back changes nothing
    ],
)
def test_peak_after(peak: float, seen: float, elapsed: float, expected: float) -> None:
    assert peak_after(peak, seen, elapsed) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("accepted", "span", "expected"),
    [
        (200, 1.0, 200.0 * (1 - rate.WINDOW_MARGIN)),
        (6000, 60.0, 100.0 * (1 - rate.WINDOW_MARGIN)),
        (20, 0.001, 200.0 * (1 - rate.WINDOW_MARGIN)),  # measured over MIN_SPAN at least
        (0, 1.0, rate.MIN_RATE),
    ],
)
def test_window_rate(accepted: int, span: float, expected: float) -> None:
    assert window_rate(accepted, span) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Retry-After": "2"}, 2.0),
        ({"Retry-After": "0"}, 0.0),  # retry now: not a demand to wait, not "no header"
        ({"retry-after": "0.0"}, 0.0),
        ({"retry-after-ms": "0"}, 0.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({"Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT"}, 0.0),  # a date already past
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": "-3"}, None),
    ],
)
def test_demanded_wait(headers: dict[str, str], expected: float | None) -> None:
    assert demanded_wait(headers) == expected


def paced(**fields: Any) -> Policy:
    """A policy pacing at 100/s since t=0, one decrease behind it, then `fields`."""
    base: dict[str, Any] = {
        "rate": 100.0,
        "ceiling": 95.0,
        "epoch": 3,
        "last_decrease": 0.0,
        "last_increase": 0.0,
        "measure_from": 0.0,
        "peak": 120.0,
        "before": (100, 10),
        "undo": (117.6, 111.8),
        # 1,000 sends by t=10 (test_learn's `sent`): 100/s, what the gate let through.
        "sent_from": 13,
    }
    base.update(fields)
    return Policy(**base)


def after_a_decrease(sent_from: int) -> Policy:
    """Lowered from 286/s to 250/s at t=9.7 (the first decrease); 48 answers since, 3 of them 429.

    By t=10 (test_learn's `sent`: 1,013) the client sent 1,013 - `sent_from` requests since.
    """
    return paced(
        rate=250.0,
        ceiling=None,
        peak=0.0,
        measure_from=9.7,
        last_decrease=9.7,
        sent_from=sent_from,
        answered=48,
        limited=3,
        before=(41.8, 5.47),
        undo=(286.0, None),
    )


# (policy before, the answer at t=10, what the policy then holds, the effect on the schedule)
LEARN_TABLE: list[tuple[str, Policy, Answer, dict[str, Any], Effect]] = [
    (
        "a success raises the rate towards the ceiling",
        paced(rate=80.0),
        Answer(204, epoch=3, seq=5),
        {"rate": pytest.approx(95.0 - 15.0 * math.exp(-rate.MAX_STEP / rate.RECOVERY))},
        Effect(),
    ),
    (
        "a success to a request of an earlier epoch is counted, raises nothing",
        paced(),
        Answer(204, epoch=2, seq=5),
        {"rate": 100.0, "answered": 0, "recent": (1.0, 0.0)},
        Effect(),
    ),
    (
        "retry-after 0: counted by the gate, learned from not at all",
        paced(answered=50, limited=1),
        Answer(429, epoch=3, seq=5, demanded=0.0),
        {"rate": 100.0, "epoch": 3, "answered": 50, "limited": 1},
        Effect(),
    ),
    (
        "slots busy: the same",
        paced(answered=50, limited=1),
        Answer(429, epoch=3, seq=5, demanded=3.0, slots_busy=True),
        {"rate": 100.0, "epoch": 3},
        Effect(),
    ),
    (
        "a 429 to a request sent before the last decrease is only counted",
        paced(),
        Answer(429, epoch=2, seq=5),
        {"rate": 100.0, "epoch": 3, "limited": 0, "recent": (1.0, 1.0)},
        Effect(),
    ),
    (
        "too few answers since the last decrease to judge: counted",
        paced(answered=5, limited=0),
        Answer(429, epoch=3, seq=5),
        {"rate": 100.0, "epoch": 3, "answered": 6, "limited": 1},
        Effect(),
    ),
    (
        "far fewer 429s than before the last decrease: decrease again, from what got through",
        paced(answered=99, limited=0, ok_from=901, measure_from=9.5),
        Answer(429, epoch=3, seq=5),
        {
            "rate": pytest.approx(99.0 * rate.DECREASE),  # x0.85: the last was 10 s ago
            "ceiling": pytest.approx(99.0 * rate.CEILING),
            "epoch": 4,
            "before": (0.0, 0.0),  # the recent share, less the 429 that ended it
            "undo": (100.0, 95.0),
        },
        Effect(0.0, 10.0 + 1 / (99.0 * rate.DECREASE)),
    ),
    (
        "as large a share as before the decrease: not the rate; the decrease is undone",
        paced(answered=99, limited=9, undo=(117.6, 111.8)),
        Answer(429, epoch=3, seq=5),
        {"rate": 117.6, "ceiling": 111.8, "undo": None, "epoch": 3},
        Effect(),
    ),
    (
        # bench/rate_limit.py's faulted async batch: 32 workers mostly waiting out retries sent
        # ~190/s under a gate at 250/s. The decrease did not reach that, so the share of 429s
        # stayed, and "not the rate" undid it, for good: the gate then climbed to twice what
        # the client sent and paced nothing, while ids ran out of retries on 429s.
        "a decrease that did not reach what the client sent: lower it again, from that",
        after_a_decrease(sent_from=957),
        Answer(429, epoch=3, seq=1000),
        {
            "rate": pytest.approx(56 / 0.3 * rate.STEEP_DECREASE),  # sent: 56 in 0.3 s
            "epoch": 4,
            "undo": (250.0, None),
        },
        Effect(0.0, 10.0 + 1 / (56 / 0.3 * rate.STEEP_DECREASE)),
    ),
    (
        "the same share after a decrease that held the client back: not the rate, undone, and "
        "what is sent measured afresh",
        after_a_decrease(sent_from=940),
        Answer(429, epoch=3, seq=1000),
        {
            "rate": 286.0,
            "epoch": 3,
            "undo": None,
            "measure_from": 10.0,
            "sent_from": 1013,
            "ok_from": 1000,
        },
        Effect(),
    ),
    (
        "a decrease never goes below FLOOR x the recent accepted peak",
        paced(rate=100.0, peak=190.0, answered=10, limited=10, last_decrease=9.9),
        Answer(429, epoch=3, seq=5),
        {"rate": pytest.approx(95.0)},  # x0.6 would be 60; the floor is 0.5 x 190
        Effect(0.0, 10.0 + 1 / 95.0),
    ),
    (
        "the first 429 sets the rate to what was accepted and holds for Retry-After",
        Policy(measure_from=8.0, ok_from=700, sent_from=700),
        Answer(429, epoch=0, seq=1000, demanded=2.0),
        {"rate": pytest.approx(150.0), "epoch": 1, "before": None, "measure_from": 12.0},
        Effect(12.0, 12.0),
    ),
    (
        "a first 429 naming no wait holds FIRST_HOLD",
        Policy(measure_from=9.0, ok_from=900, sent_from=900),
        Answer(429, epoch=0, seq=1000),
        {"rate": pytest.approx(100.0)},
        Effect(10.0 + rate.FIRST_HOLD, 10.0 + rate.FIRST_HOLD),
    ),
    (
        "a window's first 429 hint: held to the reset, paced at an upper bound",
        Policy(measure_from=9.8, ok_from=800, sent_from=800),
        Answer(429, epoch=0, seq=1000, quota=Quota(0, 0.2)),
        {
            "rate": pytest.approx(500.0 * (1 - rate.WINDOW_MARGIN)),
            "boundary": pytest.approx(10.2),
            "window_from": 1000,
        },
        Effect(10.2, 10.2),
    ),
    (
        "the next window's hint: the window learned from two resets and what came between",
        paced(rate=300.0, boundary=9.5, window_from=800),
        Answer(429, epoch=3, seq=900, quota=Quota(0, 0.5)),
        {
            "rate": pytest.approx(200.0 * (1 - rate.WINDOW_MARGIN)),
            "window": pytest.approx(1.0),
            "boundary": pytest.approx(10.5),
            "epoch": 4,
        },
        Effect(10.5, 10.5),
    ),
    (
        "more 429s from a window already learned from: held, nothing more learned",
        paced(rate=194.0, boundary=10.5),
        Answer(429, epoch=4, seq=905, quota=Quota(0, 0.5)),
        {"rate": 194.0, "epoch": 3},
        Effect(10.5, 0.0),
    ),
    (
        "a budget on a success, spent by the sends since: held until its reset",
        Policy(),
        Answer(204, epoch=0, seq=1010, quota=Quota(3, 0.4)),
        {"rate": None},
        Effect(10.4, 0.0),
    ),
    (
        "a budget with room left: nothing held",
        Policy(),
        Answer(204, epoch=0, seq=1010, quota=Quota(30, 0.4)),
        {"rate": None},
        Effect(),
    ),
]


@pytest.mark.parametrize(
    ("policy", "answer", "expected", "effect"),
    [row[1:] for row in LEARN_TABLE],
    ids=[row[0] for row in LEARN_TABLE],
)
def test_learn(policy: Policy, answer: Answer, expected: dict[str, Any], effect: Effect) -> None:
    got = learn(policy, answer, now=10.0, sent=1013, ok=1000, rand=0.0)
    assert got == pytest.approx(effect)
    assert {name: getattr(policy, name) for name in expected} == expected


def test_a_policy_survives_json_and_a_change_of_clock() -> None:
    policy = paced(boundary=5.0)
    again = Policy.from_json(policy.to_json())
    assert again == policy
    moved = again.shifted(100.0)
    assert (moved.last_decrease, moved.measure_from, moved.boundary) == (100.0, 100.0, 105.0)
    assert moved.rate == policy.rate
    assert moved.before == (100, 10)


# -- the gate on a fake clock ---------------------------------------------------------------------


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """A clock that the gate's sleeps advance (so sync code sees the wait pass)."""
    return fake_clock(monkeypatch)


def fake_clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock()

    def sleep(seconds: float) -> None:
        fake.now += seconds

    async def async_sleep(seconds: float) -> None:
        fake.now += seconds

    monkeypatch.setattr(rate, "sleep", sleep)
    monkeypatch.setattr(rate, "async_sleep", async_sleep)
    return fake


def gate(clock: Clock, **kw: float) -> RateGate:
    return RateGate(clock=clock, wall=lambda: WALL + clock.now, rand=lambda: 0.0, **kw)


def test_an_open_gate_never_waits(clock: Clock) -> None:
    g = gate(clock)
    for _ in range(100):
        g.observe(g.acquire(), 204, {})
    assert clock.now == 100.0
    assert g.stats() == rate.GateStats(sent=100, throttled=0, rate_limited=0, rate=None)


def test_pass_open_hands_out_tickets_only_while_the_gate_is_open(clock: Clock) -> None:
    g = gate(clock)
    first = g.pass_open()
    assert first is not None
    assert first.seq == 1
    g.observe(first, 429, {"Retry-After": "1"})
    assert g.pass_open() is None  # held: the caller awaits aacquire instead
    assert g.stats().sent == 1


@pytest.mark.parametrize("headers", [{"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1"}])
def test_read_quota_on_aiohttps_headers(headers: dict[str, str]) -> None:
    assert read_quota(CIMultiDict(headers), wall=lambda: WALL) == Quota(0, 1.0)
    assert read_quota(CIMultiDictProxy(CIMultiDict(headers)), wall=lambda: WALL) == Quota(0, 1.0)


def test_the_first_429_holds_for_retry_after_then_paces(clock: Clock) -> None:
    g = gate(clock)
    tickets = [g.acquire() for _ in range(30)]
    for ticket in tickets[:20]:
        g.observe(ticket, 204, {})
    clock.now += 0.05
    g.observe(tickets[20], 429, {"Retry-After": "2"})
    assert g.rate == pytest.approx(200.0)  # 20 accepted, measured over MIN_SPAN
    for ticket in tickets[21:]:  # the rest of that wave: counted, not decreased again
        g.observe(ticket, 429, {"Retry-After": "2"})
    assert g.rate == pytest.approx(200.0)
    start = clock.now
    g.acquire()
    assert clock.now == pytest.approx(start + 2.0)  # held for Retry-After (rand 0: no lateness)
    g.acquire()
    assert clock.now == pytest.approx(start + 2.0 + 1 / 200.0)  # then one slot per 1/rate
    assert g.stats().rate_limited == 10
    assert g.stats().throttled == 2


def test_a_429_sent_after_a_decrease_decreases_again_once_its_share_is_judged(
    clock: Clock,
) -> None:
    g = gate(clock, max_rate=100.0)
    assert g.rate == 100.0  # a known cap paces from the first request
    g.observe(g.acquire(), 429, {})
    assert g.rate == pytest.approx(100.0 * rate.DECREASE)
    answers = [204, 429, 429, 429, 204]
    for status in answers:  # a new epoch, too few to judge: counted
        g.observe(g.acquire(), status, {})
        assert g.rate == pytest.approx(100.0 * rate.DECREASE, rel=0.05)  # successes raise it
    met = g.rate
    g.observe(g.acquire(), 429, {})  # its 4th 429: judged
    # what the server accepted (2 of 6: a third), then x0.6 (the last decrease was under
    # SETTLE ago)
    assert g.rate == pytest.approx(met * 2 / 6 * rate.STEEP_DECREASE)


def test_retry_after_0_leaves_the_gate_open(clock: Clock) -> None:
    g = gate(clock)
    for _ in range(50):
        g.observe(g.acquire(), 429, {"Retry-After": "0"})
        g.observe(g.acquire(), 204, {})
    assert g.rate is None
    assert clock.now == 100.0
    assert g.stats().rate_limited == 50


def test_slots_busy_is_counted_and_neither_paces_nor_holds(clock: Clock) -> None:
    g = gate(clock)
    for _ in range(10):
        g.observe(g.acquire(), 429, {"Retry-After": "5"}, slots_busy=True)
    assert g.rate is None
    g.acquire()
    assert clock.now == 100.0  # a cancel that would free a slot is not held
    assert g.stats().slots_busy == 10
    assert g.stats().rate_limited == 10


def test_slots_busy_on_a_paced_gate_keeps_its_rate(clock: Clock) -> None:
    g = gate(clock, max_rate=50.0)
    for _ in range(rate.MIN_LIMITED + 1):
        g.observe(g.acquire(), 429, {}, slots_busy=True)
    assert g.rate == 50.0


def test_answers_without_429_ramp_the_rate_back_up(clock: Clock) -> None:
    g = gate(clock)
    g.observe(g.acquire(), 429, {})
    first = g.rate
    assert first is not None
    for _ in range(50):
        clock.now += 0.1
        g.observe(g.acquire(), 204, {})
    assert g.rate is not None
    assert g.rate > first * 2  # no ceiling yet: doubling


def test_a_spent_budget_holds_until_the_reset(clock: Clock) -> None:
    g = gate(clock)
    first, second = g.acquire(), g.acquire()
    # The server counted `first`; `second` was sent after it, so one left means none.
    g.observe(first, 204, {"X-RateLimit-Remaining": "1", "X-RateLimit-Reset": "0.5"})
    g.acquire()
    assert clock.now == pytest.approx(100.5)
    g.observe(second, 204, {"X-RateLimit-Remaining": "150", "X-RateLimit-Reset": "0.4"})
    before = clock.now
    g.acquire()
    assert clock.now == before  # budget left: no pacing, no wait
    assert g.rate is None


def test_a_demand_beyond_the_cap_holds_no_one(clock: Clock) -> None:
    g = gate(clock)
    g.observe(g.acquire(), 429, {"Retry-After": "3600"})  # that call fails; others are not held
    g.observe(g.acquire(), 204, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "3600"})
    g.acquire()
    assert clock.now < 100.0 + 60  # paced (nothing was accepted yet), not held for an hour


def test_max_rate_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        RateGate(max_rate=0)


def test_repr_holds_counts_only() -> None:
    assert repr(RateGate()) == "RateGate(open, sent=0, throttled=0, 429s=0)"


# -- the gate on the clients ----------------------------------------------------------------------

CANCEL = f"/image/v1/cancel/{PID}"


def test_one_gate_serves_every_call_and_can_be_shared(script: Script, clock: Clock) -> None:
    script.on("DELETE", CANCEL, (429, {"message": "slow down"}, {"Retry-After": "1"}), (204, None))
    shared = gate(clock)
    with (
        Topaz(TOPAZ_KEY, transport=script.transport(), rate_gate=shared) as one,
        Topaz(TOPAZ_KEY, transport=script.transport(), rate_gate=shared) as two,
    ):
        assert one.rate_gate is two.rate_gate is shared
        assert one.cancel(PID).status is JobStatus.CANCELLED  # 429, retried after 1 s
        held = clock.now
        two.cancel(PID)  # the other client is paced by what the first learned
    assert held >= 101.0
    assert shared.stats().rate_limited == 1
    assert shared.stats().sent == 3


def test_rate_gate_false_turns_it_off(script: Script) -> None:
    script.on("DELETE", CANCEL, (204, None))
    with Topaz(TOPAZ_KEY, transport=script.transport(), rate_gate=False) as tz:
        assert tz.rate_gate is None
        tz.cancel(PID)


def test_every_client_has_its_own_gate_by_default() -> None:
    assert Topaz(TOPAZ_KEY).rate_gate is not Topaz(TOPAZ_KEY).rate_gate


IDS = [f"8f8a0b8e-1c1d-4a4b-9e9f-{i:012d}" for i in range(40)]


def limited(script: Script, every: int = 10) -> None:
    """40 cancellable ids; one in `every` (none if 0) is first answered 429 (Retry-After 1)."""
    for i, pid in enumerate(IDS):
        replies: list[object] = [(204, None)]
        if every and i % every == 3:
            replies.insert(0, (429, {"message": "slow down"}, {"Retry-After": "1"}))
        script.on("DELETE", f"/image/v1/cancel/{pid}", *replies)


async def test_cancel_many_reports_throttling(
    script: Script, async_path: AsyncPath, gate_waits: list[float]
) -> None:
    limited(script)
    async with AsyncTopaz(TOPAZ_KEY, **async_path(script, AsyncTopaz)) as tz:
        results = await cancel_many(tz, IDS, concurrency=4)
    assert all(getattr(r, "status", None) is JobStatus.CANCELLED for r in results)
    assert results.rate_limited == 4
    assert results.throttled > 0
    assert results.rate is not None
    assert gate_waits  # waited at the gate, never for real
    assert "answered 429" in results.summary()


def test_cancel_many_sync_reports_throttling(script: Script) -> None:
    limited(script)
    with Topaz(TOPAZ_KEY, transport=script.transport()) as tz:
        results = cancel_many_sync(tz, IDS, concurrency=4)
    assert results.rate_limited == 4
    assert results.rate is not None


async def test_no_limit_no_report(script: Script, async_path: AsyncPath) -> None:
    limited(script, every=0)
    async with AsyncTopaz(TOPAZ_KEY, **async_path(script, AsyncTopaz)) as tz:
        results = await cancel_many(tz, IDS, concurrency=4)
    assert (results.throttled, results.rate_limited, results.rate) == (0, 0, None)
    assert results.summary() == "no rate limit met"


def test_a_foreign_client_has_no_gate_to_report() -> None:
    class Plain:
        def cancel(self, job_id: str) -> object:
            raise httpx.ConnectError("x")

    results = cancel_many_sync(Plain(), ["a"])  # type: ignore[arg-type]
    assert results.throttled == 0
