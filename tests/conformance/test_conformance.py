"""One suite for every provider x (sync, async lean, async httpx), against each provider's fake.

Every provider in `imagejobs.registry.PROVIDERS` is held to the same behaviour, whatever its
cancel strategy or error envelope: documented errors map to their classes, a 429 is retried
after its Retry-After, a cancel whose first answer was lost still settles, a finished job is
not cancellable, a state the spec does not list reads UNKNOWN, waits end at the final state
(or the one waited for) or at their timeout (cancelling on it if asked), and the bulk helpers
cancel and read 20 jobs. The fakes run on a virtual
clock (`imagejobs.use_clock`), so waits and retries take no real time.

What a provider truly has of its own (useapi's accounts and 596, the jobs API's OAuth2 and
cancel reason, Topaz's 409 body) stays in its own test file.
"""

from __future__ import annotations

import time
from typing import Any

import pytest

import imagejobs
from imagejobs import JobStatus, errors
from imagejobs.registry import PROVIDERS
from imagejobs.testing import Fault, Timeline, VirtualClock
from imagejobs.testing._store import provider_spelling

from .conftest import Case, call

UNKNOWN_STATE = "archivedByANewerApi"


def _strategy(case: Case) -> str:
    rule = case.desc.cancel
    return str(rule.strategy) if rule is not None else ""


def cancellable(case: Case) -> Any:
    """A job in the first state the provider's table lists as cancellable."""
    state = next(s for s in case.desc.states if s in case.desc.cancellable)
    return case.fake.add_job(status=state)


def in_state(case: Case, status: JobStatus) -> Any:
    return case.fake.add_job(status=provider_spelling(case.name, status.value))


def after_cancel(case: Case) -> JobStatus:
    """What a cancel answers at once: CANCELLING where the provider takes its time."""
    return JobStatus.CANCELLING if _strategy(case) == "accepted" else JobStatus.CANCELLED


def settled(case: Case, count: int) -> None:
    """Until the fake has recorded `count` answers (or a second has passed).

    A served fake records an answer just after sending it; the client may be quicker.
    """
    for _ in range(200):
        if len(case.fake.requests) >= count:
            return
        time.sleep(0.005)


def statuses(case: Case, count: int) -> list[int]:
    """The statuses of the fake's answers, once it has recorded `count` of them."""
    settled(case, count)
    return [r.status for r in case.fake.requests]


def get(case: Case, job_id: Any, **options: Any) -> Any:
    return case.run(lambda c: call(c.get(job_id)), **options)


# -- documented errors ---------------------------------------------------------------------------


def test_a_wrong_credential_is_an_authentication_error(case: Case) -> None:
    job_id = cancellable(case)
    with pytest.raises(errors.AuthenticationError) as caught:
        get(case, job_id, wrong=True)
    assert caught.value.status_code == 401
    assert caught.value.provider == case.name
    assert "wrong-credential" not in str(caught.value)


def test_an_unknown_id_is_not_found(case: Case) -> None:
    job_id = cancellable(case)
    case.fake.reset()  # the same id again, now unknown to the fake
    with pytest.raises(errors.NotFoundError) as caught:
        get(case, job_id)
    assert caught.value.status_code == 404
    with pytest.raises(errors.NotFoundError):
        case.run(lambda c: call(c.cancel(job_id)))


def test_a_429_is_retried_after_its_retry_after(case: Case) -> None:
    job_id = cancellable(case)
    case.fake.faults.script(case.op("get"), Fault.too_many_requests(retry_after="3"))
    started = case.clock.now()
    job = get(case, job_id)
    assert job.status is PROVIDERS[case.name].status(job.provider_status)
    assert statuses(case, 2) == [429, 200]
    assert case.clock.now() - started >= 3


# -- cancel --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fault",
    [Fault.drop(), Fault.empty(code=502)],
    ids=["dropped-before", "lost-after-cancelling"],
)
def test_a_cancel_whose_first_answer_is_lost_settles(case: Case, fault: Fault) -> None:
    job_id = cancellable(case)
    case.fake.faults.script(case.op("cancel"), fault)
    job = case.run(lambda c: call(c.cancel(job_id)))
    assert job.status is after_cancel(case)
    assert get(case, job_id).status in (after_cancel(case), JobStatus.CANCELLED)
    assert case.fake.operations[case.op("cancel")] >= 2


def test_a_finished_job_is_not_cancellable(case: Case) -> None:
    job_id = in_state(case, JobStatus.COMPLETED)
    with pytest.raises(errors.NotCancellableError) as caught:
        case.run(lambda c: call(c.cancel(job_id)))
    assert caught.value.current_status is JobStatus.COMPLETED
    assert get(case, job_id).status is JobStatus.COMPLETED


def test_cancel_then_wait_ends_cancelled(case: Case) -> None:
    job_id = cancellable(case)

    async def scenario(client: Any) -> tuple[Any, Any]:
        first = await call(client.cancel(job_id))
        return first, await call(client.cancel(job_id, wait=True))

    first, final = case.run(scenario)
    assert first.status is after_cancel(case)
    assert final.status is JobStatus.CANCELLED


# -- states and waits ----------------------------------------------------------------------------


def test_a_state_the_spec_does_not_list_reads_unknown(case: Case) -> None:
    job_id = cancellable(case)
    case.fake.script_job(job_id, Timeline.stuck(UNKNOWN_STATE))
    job = get(case, job_id)
    assert (job.status, job.provider_status) == (JobStatus.UNKNOWN, UNKNOWN_STATE)


def elapsed(case: Case) -> float:
    return case.clock.now() - VirtualClock().now()


def slack(case: Case, least: float) -> float:
    """How late a wait may notice a change: a poll interval, or the provider's minimum."""
    return max(least, case.desc.min_poll_interval or 0.0)


def wait(case: Case, job_id: Any, client_options: dict[str, Any] | None = None, **kw: Any) -> Any:
    return case.run(lambda c: call(c.wait(job_id, **kw)), **(client_options or {}))


def test_wait_returns_at_the_final_state(case: Case) -> None:
    job_id = case.fake.add_scripted_job(Timeline.finishes(queued=2, running=5))
    assert wait(case, job_id).status is JobStatus.COMPLETED
    assert 7 <= elapsed(case) < 7 + slack(case, 3.5)  # finished at 7 s, seen one interval on


def test_wait_until_running_returns_as_soon_as_it_runs(case: Case) -> None:
    job_id = case.fake.add_scripted_job(Timeline.finishes(queued=2, running=50))
    assert wait(case, job_id, until={JobStatus.RUNNING}).status is JobStatus.RUNNING
    assert elapsed(case) < 2 + slack(case, 2)


def test_wait_returns_a_failure_too(case: Case) -> None:
    job_id = case.fake.add_scripted_job(Timeline.fails_after(polls=3))
    assert wait(case, job_id).status is JobStatus.FAILED
    settled(case, 4)
    assert case.fake.operations[case.op("get")] == 4


def test_wait_ends_at_its_timeout_with_the_last_job(case: Case) -> None:
    job_id = case.fake.add_scripted_job(Timeline.stuck())
    with pytest.raises(errors.WaitTimeoutError) as caught:
        wait(case, job_id, timeout=30)
    err = caught.value
    assert elapsed(case) == pytest.approx(30)
    assert err.job is not None
    assert err.job.status is JobStatus.RUNNING
    assert (err.job_id, err.timeout) == (str(job_id), 30)
    assert err.polls >= 30 // slack(case, 6)
    assert not err.cancel_requested
    assert not err.cancelled
    assert f"job {job_id} is still running after 30 s" in str(err)


def test_cancel_on_timeout_cancels_and_says_so(case: Case) -> None:
    # Stuck in a state every provider can still cancel from.
    job_id = case.fake.add_scripted_job(Timeline.stuck(JobStatus.QUEUED))
    with pytest.raises(errors.WaitTimeoutError) as caught:
        wait(case, job_id, timeout=10, cancel_on_timeout=True)
    assert caught.value.cancel_requested
    assert caught.value.cancelled
    assert "cancelled it" in str(caught.value)
    assert get(case, job_id).status in (after_cancel(case), JobStatus.CANCELLED)


def test_cancel_then_wait_until_final(case: Case) -> None:
    job_id = case.fake.add_scripted_job(Timeline.finishes(queued=60, running=60))
    case.run(lambda c: call(c.cancel(job_id)))
    assert wait(case, job_id, timeout=5).status is JobStatus.CANCELLED
    if after_cancel(case) is JobStatus.CANCELLED:
        assert elapsed(case) == 0  # final at the first poll


def test_a_429_with_retry_after_sets_the_next_poll(case: Case) -> None:
    job_id = case.fake.add_scripted_job(Timeline.stuck().throttled(polls=2, retry_after="7"))
    with pytest.raises(errors.WaitTimeoutError):
        wait(case, job_id, {"max_retries": 0}, timeout=15)
    # Each read waits the 7 s asked; the rate gate, which heard the 429 too, may hold the
    # second read a moment past them (with jitter), and the poller counts that moment in.
    first, second = case.clock.sleeps[:2]
    assert first == 7.0
    assert 6.0 < second <= 7.0


def test_the_clients_deadline_bounds_a_wait_without_timeout(case: Case) -> None:
    job_id = case.fake.add_scripted_job(Timeline.stuck())
    with pytest.raises(errors.WaitTimeoutError) as caught:
        wait(case, job_id, {"deadline": 12})
    assert caught.value.timeout == 12
    assert elapsed(case) == pytest.approx(12)


# -- bulk ----------------------------------------------------------------------------------------


def test_bulk_cancel_and_read_20_jobs(case: Case) -> None:
    ids = [cancellable(case) for _ in range(20)]

    async def scenario(client: Any) -> tuple[Any, Any]:
        if case.is_async:
            return await imagejobs.cancel_many(client, ids), await imagejobs.get_many(client, ids)
        return imagejobs.cancel_many_sync(client, ids), imagejobs.get_many_sync(client, ids)

    cancelled, read = case.run(scenario)
    assert [job.id for job in cancelled] == [str(i) for i in ids]
    assert {job.status for job in cancelled} == {after_cancel(case)}
    assert {job.status for job in read} <= {after_cancel(case), JobStatus.CANCELLED}


# -- submit and run (where the description names a submit operation) ---------------------------


def cancels_seen(case: Case) -> int:
    """How many cancels the fake answered (a served fake records just after answering)."""
    for _ in range(200):
        if case.fake.operations[case.op("cancel")]:
            break
        time.sleep(0.005)
    return int(case.fake.operations[case.op("cancel")])


def submits(case: Case) -> None:
    if "submit" not in case.desc.operations:
        pytest.skip(f"{case.name} declares no submit operation")


def test_submit_returns_the_job_it_started(case: Case) -> None:
    submits(case)
    job = case.run(lambda c: call(c.submit(case.fake.example_body())))
    assert job.provider == case.name
    assert job.status in (JobStatus.QUEUED, JobStatus.RUNNING)
    assert case.fake.job(job.id) is not None  # the id is the one the provider gave


def test_run_submits_and_waits_for_the_end(case: Case) -> None:
    submits(case)
    job = case.run(lambda c: call(c.run(case.fake.example_body(), timeout=600)))
    assert job.status is JobStatus.COMPLETED


def test_run_cancels_the_job_when_time_runs_out(case: Case) -> None:
    submits(case)
    running = provider_spelling(case.name, "running")
    case.fake.submit_timeline = Timeline.stuck(running)
    with pytest.raises(errors.WaitTimeoutError) as caught:
        case.run(lambda c: call(c.run(case.fake.example_body(), timeout=30)))
    assert caught.value.cancel_requested
    assert caught.value.cancelled
    assert cancels_seen(case) == 1


def test_an_interrupted_run_cancels_the_job_it_started(
    case: Case, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C (sync) or the task's cancellation (async) while waiting: the job is cancelled."""
    submits(case)
    case.fake.submit_timeline = Timeline.stuck(provider_spelling(case.name, "running"))
    stop: type[BaseException] = KeyboardInterrupt

    async def interrupted(client: Any) -> Any:
        def halt(*args: Any, **kwargs: Any) -> Any:
            raise stop

        if case.is_async:

            async def halt_async(*args: Any, **kwargs: Any) -> Any:
                import asyncio

                raise asyncio.CancelledError

            monkeypatch.setattr(client, "wait", halt_async)
        else:
            monkeypatch.setattr(client, "wait", halt)
        return await call(client.run(case.fake.example_body(), timeout=600))

    import asyncio

    with pytest.raises((KeyboardInterrupt, asyncio.CancelledError)):
        case.run(interrupted)
    assert cancels_seen(case) == 1
    (job,) = case.fake._jobs.values()
    assert PROVIDERS[case.name].status(job.status) in (JobStatus.CANCELLING, JobStatus.CANCELLED)
