"""_deadline.py and the retry seam: one deadline over every attempt and every wait between them.

Time is a `VirtualClock` (`use_clock`) that moves only when the code sleeps or the scripted
transport says an attempt took a while; nothing here sleeps for real. The served, wall-clock
bounds are in `test_deadline_served.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from imagejobs import AsyncTopaz, Topaz, errors, within
from imagejobs._deadline import Deadline, attempt_timeouts, current, use_clock
from imagejobs._retry import deadline_ends
from imagejobs.testing import VirtualClock

from .conftest import PID, TOPAZ_KEY, Script, topaz_status

STATUS = f"/image/v1/status/{PID}"
CANCEL = f"/image/v1/cancel/{PID}"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[VirtualClock]:
    """A virtual clock for deadlines; retry sleeps move it too (instead of being recorded)."""
    import imagejobs._retry as retry_module

    vc = VirtualClock()

    async def asleep(seconds: float) -> None:
        vc.sleep(seconds)

    monkeypatch.setattr(retry_module, "sleep", vc.sleep)
    monkeypatch.setattr(retry_module, "async_sleep", asleep)
    with use_clock(vc):
        yield vc


def slow(clock: VirtualClock, seconds: float, reply: Any) -> Callable[[httpx.Request], Any]:
    """A reply that 'takes' `seconds` of virtual time (raising a ReadTimeout if past its timeout)."""

    def answer(request: httpx.Request) -> httpx.Response:
        timeout = request.extensions["timeout"]["read"]
        if timeout is not None and seconds >= timeout:
            clock.advance(timeout)
            raise httpx.ReadTimeout("no answer", request=request)
        clock.advance(seconds)
        if isinstance(reply, httpx.Response):
            return reply
        status, body, *rest = reply
        return httpx.Response(status, json=body, headers=rest[0] if rest else {})

    return answer


def sync_client(script: Script, **options: Any) -> Topaz:
    return Topaz(api_key=TOPAZ_KEY, transport=script.transport(), **options)


# -- the value ---------------------------------------------------------------------------------


def test_a_deadline_counts_down_on_the_clock(clock: VirtualClock) -> None:
    deadline = Deadline.after(2.0)
    assert deadline.remaining() == 2.0
    assert not deadline.expired
    clock.advance(1.5)
    assert deadline.remaining() == pytest.approx(0.5)
    assert deadline.allows(0.3)
    assert not deadline.allows(0.45)
    clock.advance(1.0)
    assert deadline.remaining() == 0.0
    assert deadline.expired
    with pytest.raises(ValueError, match="0 seconds or more"):
        Deadline.after(-1)


@pytest.mark.parametrize(
    ("configured", "left", "expected"),
    [
        ({"connect": 5.0, "read": 30.0, "write": 30.0, "pool": 30.0}, 2.0, 2.0),
        ({"connect": 1.0, "read": 30.0, "write": None, "pool": 30.0}, 2.0, None),
        ({}, 0.5, 0.5),
    ],
)
def test_each_attempt_timeout_shrinks_to_what_is_left(
    configured: dict[str, float | None], left: float, expected: float | None
) -> None:
    got = attempt_timeouts(configured, left)
    assert set(got) == {"connect", "read", "write", "pool"}
    assert all(value <= left for value in got.values())
    if expected is not None:
        assert set(got.values()) == {expected}
    else:
        assert got["connect"] == 1.0
        assert got["write"] == left


def test_scopes_only_tighten_and_replace_escapes(clock: VirtualClock) -> None:
    assert current() is None
    with within(10) as outer:
        with within(20) as inner:
            assert inner is outer  # the looser one changes nothing
        with within(1) as tight:
            assert tight is not None
            assert tight.budget == 1
        with within(None) as same:
            assert same is outer
        with within(30, replace=True) as own:
            assert own is not None
            assert own.budget == 30
    assert current() is None


@pytest.mark.parametrize(
    ("exc", "expired", "wait", "ends"),
    [
        (errors.APITimeoutError("slow", provider="topaz"), True, None, True),
        (errors.APITimeoutError("slow", provider="topaz"), False, None, False),
        (errors.from_response("topaz", 503), False, 0.5, False),
        (errors.from_response("topaz", 503), False, 1.95, True),
        (errors.from_response("topaz", 503), True, None, False),  # not a cut: the policy decides
    ],
)
def test_deadline_ends_a_call_when_cut_or_when_a_retry_could_not_finish(
    clock: VirtualClock, exc: Exception, expired: bool, wait: float | None, ends: bool
) -> None:
    deadline = Deadline.after(2.0)
    if expired:
        clock.advance(3)
    assert deadline_ends(exc, deadline, wait) is ends
    assert deadline_ends(exc, None, wait) is False


# -- the retry seam, sync and async ------------------------------------------------------------


def test_no_deadline_changes_nothing(script: Script, sleeps: list[float]) -> None:
    script.on("GET", STATUS, (503, {"message": "busy"}), (200, topaz_status()))
    with sync_client(script) as client:
        assert client.get(PID).status.value == "running"
    assert script.count("GET", STATUS) == 2


def test_a_hanging_attempt_is_cut_at_the_deadline_and_not_retried(
    script: Script, clock: VirtualClock
) -> None:
    script.on("GET", STATUS, slow(clock, 60, (200, topaz_status())))
    start = clock.now()
    with (
        sync_client(script, deadline=2, max_retries=5) as client,
        pytest.raises(errors.DeadlineExceededError) as caught,
    ):
        client.get(PID)
    assert clock.now() - start == pytest.approx(2.0)
    assert script.count("GET", STATUS) == 1
    err = caught.value
    assert (err.deadline, err.attempts) == (2, 1)
    assert isinstance(err.last_error, errors.APITimeoutError)
    assert "deadline of 2 s reached after 1 attempt" in str(err)
    assert isinstance(err, errors.APITimeoutError)  # `except APITimeoutError` still catches it


def test_the_per_attempt_timeout_is_what_is_left(script: Script, clock: VirtualClock) -> None:
    script.on("GET", STATUS, slow(clock, 0.7, (503, {"message": "busy"})), (200, topaz_status()))
    with sync_client(script, deadline=3, timeout=30, max_retries=3) as client:
        client.get(PID)
    first, second = (r.extensions["timeout"] for r in script.requests)
    assert first == {"connect": 3.0, "read": 3.0, "write": 3.0, "pool": 3.0}
    # 0.7 s for the first attempt, then its backoff: the second gets what is left.
    assert max(second.values()) < 3.0 - 0.7
    assert len(set(second.values())) == 1


def test_no_retry_starts_that_could_not_finish(script: Script, clock: VirtualClock) -> None:
    # Each 503 takes 0.6 s; backoffs are 0.5 s then 1 s, less up to 25% jitter. With 2.2 s:
    # attempt 2 ends by 1.575-1.7, leaving at most 0.625 s, and the next wait is at least 0.75.
    script.on("GET", STATUS, slow(clock, 0.6, (503, {"message": "busy"})))
    with (
        sync_client(script, deadline=2.2, max_retries=10) as client,
        pytest.raises(errors.DeadlineExceededError) as caught,
    ):
        client.get(PID)
    assert caught.value.attempts == script.count("GET", STATUS) == 2
    assert isinstance(caught.value.last_error, errors.InternalServerError)
    assert clock.now() - VirtualClock().now() < 2.2


def test_a_retry_after_longer_than_what_is_left_raises_at_once(
    script: Script, clock: VirtualClock
) -> None:
    script.on("GET", STATUS, (429, {"message": "slow down"}, {"Retry-After": "5"}))
    with (
        sync_client(script, deadline=2) as client,
        pytest.raises(errors.DeadlineExceededError) as caught,
    ):
        client.get(PID)
    assert clock.sleeps == []  # never slept toward a retry it could not make
    assert isinstance(caught.value.last_error, errors.RateLimitError)


def test_retries_run_out_before_the_deadline_raise_the_last_error(
    script: Script, clock: VirtualClock
) -> None:
    script.on("GET", STATUS, (503, {"message": "busy"}))
    with (
        sync_client(script, deadline=60, max_retries=2) as client,
        pytest.raises(errors.InternalServerError),
    ):
        client.get(PID)
    assert script.count("GET", STATUS) == 3


def test_the_call_deadline_wins_over_the_clients(script: Script, clock: VirtualClock) -> None:
    script.on("GET", STATUS, slow(clock, 5, (200, topaz_status())))
    with sync_client(script, deadline=1) as client:
        assert client.get(PID, deadline=10).status.value == "running"
        with pytest.raises(errors.DeadlineExceededError):
            client.get(PID)


def test_a_cancel_and_its_409_status_read_share_one_deadline(
    script: Script, clock: VirtualClock
) -> None:
    script.on("DELETE", CANCEL, slow(clock, 1.5, (409, {"message": "done"})))
    script.on("GET", STATUS, slow(clock, 1.0, (200, topaz_status("Completed"))))
    with sync_client(script) as client, pytest.raises(errors.DeadlineExceededError):
        client.cancel(PID, deadline=2)
    assert clock.now() - VirtualClock().now() == pytest.approx(2.0)


def test_a_deadline_already_passed_sends_nothing(script: Script, clock: VirtualClock) -> None:
    script.on("GET", STATUS, (200, topaz_status()))
    with sync_client(script) as client, within(1):
        clock.advance(2)
        with pytest.raises(errors.DeadlineExceededError, match="deadline of 1 s reached"):
            client.get(PID)
    assert script.requests == []


def test_a_negative_client_deadline_is_refused(script: Script) -> None:
    with pytest.raises(errors.ImageJobsError, match="deadline must be 0 seconds or more"):
        sync_client(script, deadline=-1)


async def test_async_twin_hanging_attempt_is_cut(script: Script, clock: VirtualClock) -> None:
    script.on("GET", STATUS, slow(clock, 60, (200, topaz_status())))
    async with AsyncTopaz(
        api_key=TOPAZ_KEY, transport=script.transport(), deadline=2, max_retries=5
    ) as client:
        with pytest.raises(errors.DeadlineExceededError) as caught:
            await client.get(PID)
    assert caught.value.attempts == 1
    assert clock.now() - VirtualClock().now() == pytest.approx(2.0)


async def test_async_twin_no_retry_that_could_not_finish(
    script: Script, clock: VirtualClock
) -> None:
    script.on("GET", STATUS, slow(clock, 0.6, (503, {"message": "busy"})))
    async with AsyncTopaz(
        api_key=TOPAZ_KEY, transport=script.transport(), deadline=2.2, max_retries=10
    ) as client:
        with pytest.raises(errors.DeadlineExceededError) as caught:
            await client.get(PID)
    assert caught.value.attempts == 2
    first = script.requests[0].extensions["timeout"]
    assert first["read"] == pytest.approx(2.2)


async def test_async_twin_retry_after_past_the_deadline(
    script: Script, clock: VirtualClock
) -> None:
    script.on("GET", STATUS, (429, {"message": "slow down"}, {"Retry-After": "5"}))
    async with AsyncTopaz(api_key=TOPAZ_KEY, transport=script.transport()) as client:
        with pytest.raises(errors.DeadlineExceededError):
            await client.get(PID, deadline=2)
    assert clock.sleeps == []
