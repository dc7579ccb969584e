"""_retry.py: table-driven Retry-After parsing, backoff, what is retried, and the cap."""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from email.utils import format_datetime

import pytest

from imagejobs import _retry
from imagejobs._retry import (
    MAX_BACKOFF,
    MAX_RETRY_AFTER,
    Retrier,
    backoff,
    is_retryable,
    retry_after,
    wait_seconds,
)
from imagejobs.errors import (
    APIConnectionError,
    APITimeoutError,
    ImageJobsError,
    from_response,
)

NOW = 1_700_000_000.0


def http_date(offset: float) -> str:
    return format_datetime(datetime.fromtimestamp(NOW + offset, UTC), usegmt=True)


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, None),
        ({"Retry-After": "2"}, 2.0),
        ({"retry-after": "1.5"}, 1.5),
        ({"Retry-After": "0"}, None),
        ({"Retry-After": "-3"}, None),
        ({"Retry-After": "soon"}, None),
        ({"Retry-After": "nan"}, None),
        ({"Retry-After": "inf"}, None),
        ({"Retry-After": "3600"}, 3600.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        ({"retry-after-ms": "junk", "Retry-After": "9"}, 9.0),
        ({"Retry-After": http_date(30)}, 30.0),
        ({"Retry-After": http_date(-30)}, None),
    ],
)
def test_retry_after(headers: dict[str, str], expected: float | None) -> None:
    got = retry_after(headers, now=NOW)
    assert got == pytest.approx(expected) if expected is not None else got is None


def test_backoff_doubles_to_a_cap_with_jitter() -> None:
    assert [backoff(n, 0.0) for n in (1, 2, 3, 4, 5, 6, 10)] == [0.5, 1, 2, 4, 8, 8, 8]
    assert backoff(1, 0.999) == pytest.approx(0.5 * 0.75, rel=1e-3)
    assert backoff(20, 0.0) == MAX_BACKOFF


@pytest.mark.parametrize(
    ("exc", "retryable"),
    [
        (APIConnectionError("reset", provider="topaz"), True),
        (APITimeoutError("slow", provider="topaz"), True),
        (from_response("topaz", 408), True),
        (from_response("topaz", 429), True),
        (from_response("topaz", 502), True),
        (from_response("topaz", 503), True),
        (from_response("topaz", 504), True),
        (from_response("topaz", 500), False),
        (from_response("topaz", 520), False),
        (from_response("topaz", 400), False),
        (from_response("topaz", 401), False),
        (from_response("topaz", 404), False),
        (from_response("topaz", 409), False),
        (from_response("topaz", 422), False),
        (from_response("useapi", 596), False),
        (from_response("topaz", 429, headers={"Retry-After": "60"}), True),
        (from_response("topaz", 429, headers={"Retry-After": "61"}), False),
        (from_response("topaz", 503, headers={"Retry-After": "3600"}), False),
        (ImageJobsError("bad id"), False),
        (ValueError("bug"), False),
    ],
)
def test_what_is_retried(exc: BaseException, retryable: bool) -> None:
    assert is_retryable(exc) is retryable


def test_wait_prefers_the_servers_demand() -> None:
    assert wait_seconds(from_response("topaz", 429, headers={"Retry-After": "3"}), 1, 0.0) == 3.0
    assert wait_seconds(from_response("topaz", 503), 2, 0.0) == 1.0
    assert wait_seconds(APITimeoutError("t", provider="x"), 3, 0.0) == 2.0
    assert (
        wait_seconds(from_response("topaz", 429, headers={"Retry-After": "999"}), 1, 0)
        == MAX_RETRY_AFTER
    )


def _flaky(errors: list[BaseException], result: str = "ok") -> tuple[list[int], object]:
    calls: list[int] = []

    def fn() -> str:
        calls.append(1)
        if len(calls) <= len(errors):
            raise errors[len(calls) - 1]
        return result

    return calls, fn


def test_retries_then_succeeds_and_logs_without_secrets(
    sleeps: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="imagejobs")
    calls, fn = _flaky([from_response("topaz", 503), APITimeoutError("t", provider="topaz")])
    assert Retrier(2).call(fn, method="DELETE", path="/cancel/{process_id}") == "ok"  # type: ignore[arg-type]
    assert len(calls) == 3
    assert len(sleeps) == 2
    messages = [r.getMessage() for r in caplog.records]
    assert messages[0].startswith("retry 1 of 2: DELETE /cancel/{process_id} -> 503; waiting")
    assert messages[1].startswith("retry 2 of 2: DELETE /cancel/{process_id} -> APITimeoutError")


def test_exhausted_retries_raise_the_last_error(sleeps: list[float]) -> None:
    last = from_response("topaz", 504)
    calls, fn = _flaky([from_response("topaz", 503), from_response("topaz", 502), last])
    with pytest.raises(type(last)) as info:
        Retrier(2).call(fn, method="GET", path="/x")  # type: ignore[arg-type]
    assert info.value is last
    assert len(calls) == 3
    assert len(sleeps) == 2


@pytest.mark.parametrize("max_retries", [0, 1, 5])
def test_max_retries_bounds_the_attempts(max_retries: int, sleeps: list[float]) -> None:
    calls, fn = _flaky([from_response("topaz", 503)] * 10)
    with pytest.raises(ImageJobsError):
        Retrier(max_retries).call(fn, method="GET", path="/x")  # type: ignore[arg-type]
    assert len(calls) == max_retries + 1
    assert len(sleeps) == max_retries


def test_non_retryable_is_raised_at_once(sleeps: list[float]) -> None:
    calls, fn = _flaky([from_response("topaz", 409)])
    with pytest.raises(ImageJobsError):
        Retrier(2).call(fn, method="GET", path="/x")  # type: ignore[arg-type]
    assert (len(calls), sleeps) == (1, [])


def test_a_longer_demanded_wait_raises_instead_of_sleeping(sleeps: list[float]) -> None:
    """Regression guard for the cap (openai-node #1840 slept 30+ minutes)."""
    calls, fn = _flaky([from_response("topaz", 429, headers={"Retry-After": "3600"})])
    with pytest.raises(ImageJobsError) as info:
        Retrier(2).call(fn, method="GET", path="/x")  # type: ignore[arg-type]
    assert info.value.retry_after == 3600.0  # type: ignore[attr-defined]
    assert (len(calls), sleeps) == (1, [])


def test_later_retry_honours_retry_after(sleeps: list[float]) -> None:
    _calls, fn = _flaky(
        [from_response("topaz", 503), from_response("topaz", 429, headers={"Retry-After": "5"})]
    )
    assert Retrier(3).call(fn, method="GET", path="/x") == "ok"  # type: ignore[arg-type]
    assert sleeps[1] == 5.0


async def test_async_retries(sleeps: list[float]) -> None:
    calls: list[int] = []

    async def fn() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise from_response("topaz", 502)
        return "ok"

    assert await Retrier(2).acall(fn, method="GET", path="/x") == "ok"
    assert len(sleeps) == 2

    calls.clear()

    async def always() -> str:
        calls.append(1)
        raise from_response("topaz", 502)

    with pytest.raises(ImageJobsError):
        await Retrier(1).acall(always, method="GET", path="/x")
    assert len(calls) == 2


def test_negative_max_retries_is_refused() -> None:
    with pytest.raises(ImageJobsError):
        Retrier(-1)


def test_sleep_hooks_exist() -> None:
    assert callable(_retry.sleep)
    assert callable(_retry.async_sleep)
