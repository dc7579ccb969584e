"""One request pipeline: both paths run the same ordered steps, and a status is classified once."""

from __future__ import annotations

from typing import Any

import pytest

from imagejobs import AsyncTopaz, JobStatus, Topaz, _base_client, _provider, errors
from imagejobs._rate import RateGate
from imagejobs._steps import Exchange, GateStep, RequestSteps, quiet, request_steps

from .conftest import PID, TOPAZ_KEY, AsyncPath, Script, topaz_status

STATUS = f"/image/v1/status/{PID}"


class Recorder:
    """A step that writes down what it saw, as a new per-request concern would."""

    def __init__(self) -> None:
        self.seen: list[tuple[str, Any]] = []

    def before(self, exchange: Exchange) -> None:
        self.seen.append(("before", exchange.method))

    def abefore(self, exchange: Exchange) -> None:
        self.before(exchange)

    def after(self, exchange: Exchange, answer: Any) -> None:
        self.seen.append(("after", answer.status_code))


@pytest.fixture
def recorder(monkeypatch: pytest.MonkeyPatch) -> Recorder:
    rec = Recorder()

    def steps(gate: RateGate | None) -> RequestSteps:
        return request_steps(gate, extra=[rec])

    monkeypatch.setattr(_base_client, "request_steps", steps)
    return rec


def test_the_steps_are_one_ordered_list() -> None:
    gate = RateGate()
    steps = request_steps(gate)
    kinds = [type(step).__name__ for step in steps.steps]
    # The gate first, so the deadline's cut of the timeouts counts from the actual send.
    assert kinds == ["GateStep", "DeadlineStep", "AnswerStep"]
    assert isinstance(steps.steps[0], GateStep)
    assert steps.steps[0].gate is gate
    assert [type(s).__name__ for s in request_steps(None).steps] == ["DeadlineStep", "AnswerStep"]


def test_the_sync_path_runs_the_steps(script: Script, recorder: Recorder) -> None:
    script.on("GET", STATUS, (200, topaz_status()), (404, {"message": "gone"}))
    with Topaz(TOPAZ_KEY, transport=script.transport(), rate_gate=False) as tz:
        tz.get(PID)
        with pytest.raises(errors.NotFoundError):
            tz.get(PID)
    assert recorder.seen == [("before", "GET"), ("after", 200), ("before", "GET"), ("after", 404)]


async def test_both_async_paths_run_the_same_steps(
    script: Script, async_path: AsyncPath, recorder: Recorder
) -> None:
    script.on("GET", STATUS, (200, topaz_status()), (404, {"message": "gone"}))
    async with AsyncTopaz(TOPAZ_KEY, rate_gate=False, **async_path(script, AsyncTopaz)) as tz:
        await tz.get(PID)
        with pytest.raises(errors.NotFoundError):
            await tz.get(PID)
    assert recorder.seen == [("before", "GET"), ("after", 200), ("before", "GET"), ("after", 404)]


def test_an_error_status_is_classified_once(
    script: Script, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[int] = []
    classify = _provider.from_response

    def counting(provider: str, status: int, **kw: Any) -> errors.APIError:
        calls.append(status)
        return classify(provider, status, **kw)

    monkeypatch.setattr(_provider, "from_response", counting)
    parsed: list[int] = []
    plan = _provider.plan(Topaz.desc, "get")
    monkeypatch.setattr(
        _provider,
        "plan",
        lambda desc, role: type(plan)(
            plan.op,
            plan.build,
            lambda **kw: parsed.append(kw["response"].status_code) or plan.parse(**kw),
            plan.id_args,
            plan.header_args,
            plan.takes_body,
        ),
    )
    script.on("GET", STATUS, (404, {"message": "gone"}), (200, topaz_status()))
    with Topaz(TOPAZ_KEY, transport=script.transport(), rate_gate=False) as tz:
        with pytest.raises(errors.NotFoundError, match="gone"):
            tz.get(PID)
        tz.get(PID)
    # The 404 went to the error tree once; the generated parser only ever read the success.
    assert (calls, parsed) == ([404], [200])


def test_a_quiet_method_is_left_out_of_what_runs() -> None:
    class Counter:
        def __init__(self) -> None:
            self.after_calls = 0

        @quiet
        def before(self, exchange: Exchange) -> None:
            raise AssertionError("a quiet method ran")

        @quiet
        def abefore(self, exchange: Exchange) -> None:
            raise AssertionError("a quiet method ran")

        def after(self, exchange: Exchange, answer: Any) -> None:
            self.after_calls += 1

    counter = Counter()
    steps = request_steps(None, extra=[counter])
    # The deadline's before runs, the answer note's after runs; the quiet halves do not.
    assert [m.__qualname__ for m in steps.befores] == ["DeadlineStep.before"]
    assert [m.__qualname__ for m in steps.afters] == [
        "test_a_quiet_method_is_left_out_of_what_runs.<locals>.Counter.after",
        "AnswerStep.after",
    ]
    exchange = Exchange("GET", "http://x", {})
    steps.before(exchange)
    steps.after(exchange, type("A", (), {"status_code": 200, "headers": {}})())
    assert counter.after_calls == 1


def test_a_bodiless_answer_is_checked_by_its_status(script: Script) -> None:
    # What the generated parser makes of no body depends on the status alone: a 204 cancel is
    # a cancel (asked of the parser once), a 200 status read without its JSON is malformed,
    # every time.
    script.on("DELETE", f"/image/v1/cancel/{PID}", (204, None))
    script.on("GET", STATUS, (200, None))
    with Topaz(TOPAZ_KEY, transport=script.transport(), rate_gate=False, max_retries=0) as tz:
        for _ in range(2):
            assert tz.cancel(PID).status is JobStatus.CANCELLED
            with pytest.raises(errors.UnexpectedResponseError, match="not the documented JSON"):
                tz.get(PID)
