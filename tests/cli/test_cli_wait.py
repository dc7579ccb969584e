"""`imagejobs wait` and `imagejobs status --watch` against a served fake whose jobs finish over a
few seconds of the wall clock (timelines on `time.time`)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator

import pytest

from imagejobs._deadline import SystemClock, use_clock
from imagejobs.cli import EXIT_ALL_FAILED, EXIT_OK, EXIT_PARTIAL, main
from imagejobs.job import JobStatus
from imagejobs.testing import FakeTopaz, Timeline, running_server

pytestmark = pytest.mark.slow

KEY = "sk-cli-wait-secret-0123456789"


@pytest.fixture
def topaz() -> Iterator[tuple[FakeTopaz, str]]:
    fake = FakeTopaz(api_key=KEY, clock=time.time)
    with running_server(fake) as url:
        yield fake, url


@pytest.fixture(autouse=True)
def no_env_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOPAZ_API_KEY", raising=False)


def run(url: str, *args: str) -> int:
    return main([args[0], "-p", "topaz", "--api-key", KEY, "--base-url", url, *args[1:]])


def test_wait_follows_jobs_to_their_end(topaz: tuple[FakeTopaz, str], capsys) -> None:
    fake, url = topaz
    ids = [
        fake.add_scripted_job(Timeline.finishes(queued=0.5, running=1.0)),
        fake.add_scripted_job(Timeline.finishes(queued=1.0, running=1.0, outcome=JobStatus.FAILED)),
    ]
    started = time.monotonic()
    assert run(url, "wait", *ids) == EXIT_OK
    assert time.monotonic() - started < 6
    captured = capsys.readouterr()
    assert "completed" in captured.out
    assert "failed" in captured.out
    assert "2 of 2 final" in captured.err
    assert KEY not in captured.out + captured.err


def test_wait_json_timeout_and_cancel_on_timeout(topaz: tuple[FakeTopaz, str], capsys) -> None:
    fake, url = topaz
    done = fake.add_scripted_job(Timeline.finishes(queued=0.3, running=0.5))
    stuck = fake.add_scripted_job(Timeline.stuck(JobStatus.QUEUED))
    started = time.monotonic()
    code = run(url, "wait", "--timeout", "2", "--cancel-on-timeout", "--json", done, stuck)
    assert time.monotonic() - started < 3
    assert code == EXIT_PARTIAL
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["id"] for r in rows] == [done, stuck]
    assert rows[0]["ok"]
    assert rows[0]["final"]
    assert rows[0]["status"] == "completed"
    assert rows[1]["error"] == "WaitTimeoutError"
    assert rows[1]["cancelled"] is True
    assert fake.job(stuck).status == "Cancelled"


def test_wait_exits_three_when_no_job_ended(topaz: tuple[FakeTopaz, str], capsys) -> None:
    fake, url = topaz
    stuck = fake.add_scripted_job(Timeline.stuck())
    assert run(url, "wait", "--timeout", "1", "--json", stuck) == EXIT_ALL_FAILED
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["status"] == "running"
    assert "cancelled" not in rows[0]


def test_status_watch_redraws_until_every_job_is_final(
    topaz: tuple[FakeTopaz, str], capsys
) -> None:
    fake, url = topaz
    ids = [
        fake.add_scripted_job(Timeline.finishes(queued=0.5, running=1.0)),
        fake.add_scripted_job(Timeline.finishes(queued=1.0, running=1.5)),
    ]
    started = time.monotonic()
    assert run(url, "status", "--watch", "--interval", "0.3", *ids) == EXIT_OK
    elapsed = time.monotonic() - started
    assert 2.4 <= elapsed < 5
    out = capsys.readouterr().out
    assert out.count("Completed") == 2
    polls = fake.operations["getStatus"]
    assert polls >= 2 * 6  # read every 0.3 s for ~2.5 s, both ids


def test_status_watch_json_prints_the_final_rows(topaz: tuple[FakeTopaz, str], capsys) -> None:
    fake, url = topaz
    job_id = fake.add_scripted_job(Timeline.finishes(queued=0.2, running=0.4))
    assert run(url, "status", "--watch", "--interval", "0.2", "--json", job_id) == EXIT_OK
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    # When the last read was answered, and the job's own times: ISO 8601 in UTC.
    for key in ("at", "created_at", "updated_at"):
        assert rows[0].pop(key).endswith("Z")
    # The record every job command writes (`_cli_output.job_record`), with `final`.
    assert rows == [
        {
            "detail": "Completed",
            "final": True,
            "id": job_id,
            "ok": True,
            "provider": "topaz",
            "provider_status": "Completed",
            "result": "ok",
            "status": "completed",
        }
    ]


class _InterruptedClock(SystemClock):
    """The real clock, except that the second sleep is a Ctrl-C."""

    def __init__(self) -> None:
        self.naps = 0

    async def asleep(self, seconds: float) -> None:
        self.naps += 1
        if self.naps == 2:
            raise KeyboardInterrupt
        await super().asleep(seconds)


def test_ctrl_c_stops_the_watch_cleanly_with_what_it_knows(
    topaz: tuple[FakeTopaz, str], capsys
) -> None:
    fake, url = topaz
    job_id = fake.add_scripted_job(Timeline.stuck())
    with use_clock(_InterruptedClock()):
        code = run(url, "status", "--watch", "--interval", "0.1", job_id)
    assert code == 130
    captured = capsys.readouterr()
    assert "Processing" in captured.out  # the last table it drew
    assert "Traceback" not in captured.err


def test_ctrl_c_during_wait_prints_what_finished(topaz: tuple[FakeTopaz, str], capsys) -> None:
    fake, url = topaz
    done = fake.add_job(status="Completed")
    stuck = fake.add_scripted_job(Timeline.stuck())
    with use_clock(_InterruptedClock()):
        code = run(url, "wait", "--json", "--concurrency", "1", done, stuck)
    assert code == 130
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows[0]["final"]
    assert rows[0]["status"] == "completed"
    assert not rows[1]["final"]


@pytest.mark.parametrize("command", [["wait"], ["status", "--watch"]])
def test_a_refused_key_stops_wait_and_watch_with_one_line(
    topaz: tuple[FakeTopaz, str], command: list[str], capsys
) -> None:
    # issue 12's bulk-run rule on issue 15's commands: exit 4, the option and env var named once.
    fake, url = topaz
    ids = [fake.add_scripted_job(Timeline.stuck()) for _ in range(3)]
    code = main([*command, "-p", "topaz", "--api-key", "wrong-key-0123456789", "--base-url", url,
                 "--interval" if command[0] == "status" else "--poll-interval", "0.1", *ids])  # fmt: skip
    assert code == 4
    err = capsys.readouterr().err
    assert err.count("check --api-key or TOPAZ_API_KEY") == 1
    assert len(err.splitlines()) == 1
    assert fake.operations["getStatus"] <= 3  # one round of reads, not a poll loop


def test_wait_in_a_pipe_writes_tsv_lines(topaz: tuple[FakeTopaz, str], capsys) -> None:
    fake, url = topaz
    job_id = fake.add_scripted_job(Timeline.finishes(queued=0.1, running=0.2))
    assert run(url, "wait", job_id) == EXIT_OK
    assert capsys.readouterr().out.splitlines() == [f"{job_id}\tok\tcompleted\tCompleted"]
