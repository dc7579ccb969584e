"""The CLI as a shell user meets it: exit codes, usage errors, refused keys, Ctrl-C, pipes."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import typer

from imagejobs import _exitcodes
from imagejobs._exitcodes import EXIT_CODE_HELP, ExitCode
from imagejobs.cli import app, click_exceptions, main
from imagejobs.codegen.cli import DiffExit, Exit
from imagejobs.registry import PROVIDERS, TOPAZ
from imagejobs.testing import FakeTopaz, FakeUseapi, Fault, Faults, running_server
from imagejobs.testing._store import provider_spelling

SECRET = "sk-shell-test-secret-0123456789"
README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for info in PROVIDERS.values():
        monkeypatch.delenv(info.base_url_env, raising=False)
        for credential in info.credentials:
            monkeypatch.delenv(credential.env_var, raising=False)


def cli(*args: str, **env: str) -> subprocess.Popen[str]:
    """The CLI in a child process, stdout and stderr piped (so not a terminal)."""
    return subprocess.Popen(
        [sys.executable, "-m", "imagejobs.cli", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **env},
    )


# --- one exit-code map --------------------------------------------------------------------------


def test_the_codegen_codes_are_the_cli_codes() -> None:
    assert {Exit.BAD_SPEC, Exit.DRIFT, Exit.API_CHANGE, Exit.USAGE} <= set(ExitCode)
    assert DiffExit.FAIL_ON == Exit.API_CHANGE == ExitCode.API_CHANGE
    assert DiffExit.USAGE == Exit.USAGE == ExitCode.USAGE
    # Every code has its one meaning, and --help and the README quote them all.
    assert set(_exitcodes.MEANINGS) == set(ExitCode)
    readme = README.read_text(encoding="utf-8")
    for line in _exitcodes.exit_code_lines():
        assert line in EXIT_CODE_HELP
        assert line.strip() in readme, f"README's exit-code table lacks: {line.strip()}"


def test_help_ends_with_the_exit_codes_and_h_is_help(capsys) -> None:
    assert main(["-h"]) == ExitCode.OK
    out = capsys.readouterr().out
    for line in _exitcodes.exit_code_lines():
        assert line in out
    assert main(["cancel", "-h"]) == ExitCode.OK
    assert "--timeout" in capsys.readouterr().out


def test_version(capsys) -> None:
    from imagejobs import __version__

    assert main(["--version"]) == ExitCode.OK
    assert capsys.readouterr().out.strip() == f"imagejobs {__version__}"


@pytest.mark.parametrize(
    ("argv", "named"),
    [
        (["cancel", "x"], "'--provider' / '-p'"),
        (["cancel", "-p", "nope", "x"], "'--provider' / '-p'"),
        (["status", "-p", "topaz", "-c", "abc", "x"], "'--concurrency' / '-c'"),
        (["status", "-p", "topaz", "--timeout", "soon", "x"], "'--timeout'"),
        (["status", "-p", "topaz", "--format", "xml", "x"], "'--format'"),
        (["cancel", "-p", "topaz", "--nope", "x"], "--nope"),
        (["cancle", "-p", "topaz", "x"], "'cancle'"),
        (["fake", "serve"], "'--provider' / '-p'"),
        (["cancel", "-p", "topaz", "-f", "/no/such/file"], "'--from-file' / '-f'"),
    ],
)
def test_usage_errors_exit_2_with_clicks_message_naming_the_option(argv, named, capsys) -> None:
    assert main(argv) == ExitCode.USAGE
    captured = capsys.readouterr()
    lines = captured.err.splitlines()
    assert len(lines) == 1, captured.err
    assert named in lines[0]
    assert "Traceback" not in captured.err
    assert "MissingParameter" not in lines[0]
    assert "BadParameter" not in lines[0]
    assert captured.out == ""


def test_bare_imagejobs_shows_help_and_exits_2(capsys) -> None:
    assert main([]) == ExitCode.USAGE
    assert "Commands" in capsys.readouterr().out
    assert main(["fake"]) == ExitCode.USAGE


def test_the_exception_classes_typer_raises_are_the_ones_main_maps() -> None:
    # Whatever click the installed typer runs on (its vendored copy or click itself), the usage
    # error it raises is an instance of the class `main` reads from `click_exceptions()`.
    with pytest.raises(BaseException) as raised:
        app(args=["cancel", "x"], prog_name="imagejobs", standalone_mode=False)
    exceptions = click_exceptions()
    assert isinstance(raised.value, exceptions.UsageError)
    assert isinstance(raised.value, exceptions.ClickException)
    # And an Exit raised inside a command ends as its code.
    probe = typer.Typer()

    @probe.command()
    def boom() -> None:
        raise typer.Exit(7)

    try:
        result = probe(args=[], standalone_mode=False)
    except BaseException as exc:  # older typer/click raise it; newer return the code
        result = getattr(exc, "exit_code", exc)
        raised_exit = exc
    else:
        raised_exit = None
    exits = (typer.Exit, *(getattr(exceptions, "Exit", typer.Exit),))
    assert raised_exit is None or isinstance(raised_exit, exits)
    assert result == 7


def test_a_missing_extra_is_one_line(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    import importlib.util

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util, "find_spec", lambda name, *a: None if name == "uvicorn" else real(name, *a)
    )
    assert main(["fake", "serve", "-p", "topaz"]) == ExitCode.USAGE
    [line] = capsys.readouterr().err.splitlines()
    assert "pip install 'imagejobs[fakes]'" in line


# --- bulk runs that respect the user ------------------------------------------------------------


def test_a_wrong_key_on_50_ids_stops_after_the_first_answer(capsys) -> None:
    fake = FakeTopaz(api_key=SECRET, seed=3)
    ids = [fake.add_job(status="Pending") for _ in range(50)]
    with running_server(fake) as url:
        rc = main(["cancel", "-p", "topaz", "--api-key", "wrong-key", "--base-url", url, *ids])
    captured = capsys.readouterr()
    assert rc == ExitCode.AUTH
    assert len(fake.requests) == 1  # one request, not 50
    [line] = captured.err.splitlines()  # said once, on one line
    assert "--api-key" in line
    assert TOPAZ.credential("api_key").env_var in line
    assert "49 not attempted" in line
    rows = [row.split("\t") for row in captured.out.splitlines()]
    assert [r[1] for r in rows].count("AuthenticationError") == 1
    assert [r[1] for r in rows].count("not attempted") == 49
    assert all(fake.job(i).status == "Pending" for i in ids)
    assert "wrong-key" not in captured.out + captured.err


def test_a_refusal_after_a_success_does_not_stop_the_run(capsys) -> None:
    # A 403 on one id once others succeeded is about that id, not the credential.
    fake = FakeTopaz(api_key=SECRET, seed=3)
    fake.faults.script("cancelTask", Fault.slow(0)).script("cancelTask", 403)
    ids = [fake.add_job(status="Pending") for _ in range(4)]
    with running_server(fake) as url:
        rc = main(
            ["cancel", "-p", "topaz", "--api-key", SECRET, "--base-url", url, "-c", "1", *ids]
        )
    assert rc == ExitCode.PARTIAL
    assert "3 of 4 cancelled, 1 failed" in capsys.readouterr().err


def test_timeout_and_max_retries_reach_the_client(capsys) -> None:
    fake = FakeTopaz(api_key=SECRET, faults=Faults().script("getStatus", Fault.slow(1.0), times=5))
    job = fake.add_job(status="Pending")
    with running_server(fake) as url:
        argv = ["status", "-p", "topaz", "--api-key", SECRET, "--base-url", url, "--json"]
        rc = main([*argv, "--timeout", "0.2", "--max-retries", "1", job])
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rc == ExitCode.PARTIAL
    assert row["error"] == "APITimeoutError"
    assert (
        fake.faults.pending() == 3
    )  # two of the five slow answers were asked for: 1 try + 1 retry


def test_base_url_from_the_providers_env_var(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    fake = FakeTopaz(api_key=SECRET)
    job = fake.add_job(status="Processing")
    with running_server(fake) as url:
        monkeypatch.setenv(TOPAZ.base_url_env, url)
        monkeypatch.setenv(TOPAZ.credential("api_key").env_var, SECRET)
        assert main(["status", "-p", "topaz", "--json", job]) == ExitCode.OK
    assert json.loads(capsys.readouterr().out)["status"] == "running"


def test_a_reader_that_leaves_early_is_not_a_failure() -> None:
    """`imagejobs status ... | head -1`: click makes the broken pipe an exit(1), i.e. "some
    failed"; nothing failed, so the exit is 0 and quiet."""
    fake = FakeTopaz(api_key=SECRET, seed=3)
    ids = [fake.add_job(status="Processing") for _ in range(50)]
    args = ("status", "-p", "topaz", "--api-key", SECRET, *ids)
    with running_server(fake) as url, cli(*args, "--base-url", url) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        proc.stdout.close()  # the reader is gone before the first line
        err = proc.stderr.read()
        assert proc.wait(timeout=60) == ExitCode.OK
    assert "Traceback" not in err
    assert "Broken pipe" not in err


@pytest.fixture
def slow_after_three() -> Iterator[tuple[FakeTopaz, str, list[str]]]:
    """20 jobs; the first three cancels answer at once, every later one takes 3 s."""
    # Scripted, so `faults.pending()` counts the requests that arrived (each takes one).
    faults = Faults().script("cancelTask", Fault.slow(0), times=3)
    faults.script("cancelTask", Fault.slow(3.0), times=17)
    fake = FakeTopaz(api_key=SECRET, faults=faults, seed=9)
    ids = [fake.add_job(status="Pending") for _ in range(20)]
    with running_server(fake) as url:
        yield fake, url, ids


@pytest.mark.slow
def test_json_lines_stream_as_results_arrive_and_ctrl_c_keeps_them(slow_after_three) -> None:
    fake, url, ids = slow_after_three
    proc = cli(
        "cancel", "-p", "topaz", "--api-key", SECRET, "--base-url", url, "--json", "-c", "2", *ids
    )
    assert proc.stdout is not None
    first = [json.loads(proc.stdout.readline()) for _ in range(3)]
    assert proc.poll() is None  # three lines out, and the run is still going
    assert all(row["ok"] and row["status"] == "cancelled" for row in first)
    while fake.faults.pending() > 15:  # the 4th and 5th cancels reached the server
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == ExitCode.INTERRUPTED
    rest = [json.loads(line) for line in out.splitlines()]
    assert {r["id"] for r in first + rest} == set(ids)  # one line per id, nothing lost
    # Sent, answer never seen: in flight (outcome unknown), not "not attempted".
    in_flight = [r for r in rest if r["error"] == "InFlight"]
    # The first five were sent (two at a time after the first); three answered.
    assert {r["id"] for r in in_flight} == set(ids[:5]) - {r["id"] for r in first}
    assert all(r["result"] == "in flight" for r in in_flight)
    assert sum(1 for r in rest if r["error"] == "NotAttempted") == 15
    assert err.strip().splitlines()[-1] == (
        "interrupted: 3 of 20 cancelled, 2 in flight, 15 not attempted"
    )
    assert "Traceback" not in err


@pytest.mark.slow
def test_ctrl_c_during_a_bulk_cancel_prints_what_finished(slow_after_three) -> None:
    fake, url, ids = slow_after_three
    proc = cli(
        "cancel",
        "-p",
        "topaz",
        "--api-key",
        SECRET,
        "--base-url",
        url,
        "--format",
        "table",
        "-c",
        "2",
        *ids,
    )
    # Wait (by the fake's own count, not the clock) until the 4th and 5th cancels arrived: with
    # -c 2 each is sent once a worker has reported its previous id, so 3 answers were seen.
    while fake.faults.pending() > 15:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=30)
    assert proc.returncode == ExitCode.INTERRUPTED
    cancelled = [i for i in ids if fake.job(i).status == "Cancelled"]
    assert len(cancelled) == 3
    assert set(cancelled) < set(ids[:5])  # the first five were sent, three answered
    for job_id in ids[:5]:
        assert job_id in out  # the table of what finished and what was in flight, unwrapped
    assert out.count("in flight") == 2
    assert "interrupted: 3 of 20 cancelled, 2 in flight, 15 not attempted" in err


# --- output for pipes ---------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("fmt", [[], ["--format", "table"]])
def test_status_piped_to_grep_finds_the_full_id(fmt: list[str]) -> None:
    fake = FakeUseapi()
    ids = [fake.add_job(status="started") for _ in range(3)]
    assert all(len(i) > 45 for i in ids)  # wider than an 80-column table leaves for the column
    with running_server(fake) as url:
        command = [sys.executable, "-m", "imagejobs.cli", "status", "-p", "useapi"]
        command += ["--token", fake.token]
        command += ["--base-url", url, *fmt, *ids]
        shell = " ".join(f"'{part}'" for part in command) + f" | grep -F -- '{ids[1]}'"
        found = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, check=False)
    assert found.returncode == 0, found.stderr
    assert ids[1] in found.stdout


def test_tsv_is_the_pipe_default_one_line_per_id_and_the_error_said_once(capsys) -> None:
    fake = FakeTopaz(api_key=SECRET)
    done = fake.add_job(status="Completed")
    with running_server(fake) as url:
        assert main(["cancel", "-p", "topaz", "--api-key", SECRET, "--base-url", url, done]) == 3
    [line] = capsys.readouterr().out.splitlines()
    job_id, result, status, detail = line.split("\t")
    assert (job_id, result, status) == (done, "NotCancellableError", "completed")
    assert done not in detail
    assert detail.count("cannot be cancelled") == 1


# --- fakes a user can drive ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("provider", "ours", "theirs"),
    [
        ("topaz", "queued", "Pending"),
        ("topaz", "RUNNING", "Processing"),
        ("topaz", "Completed", "Completed"),
        ("useapi", "running", "started"),
        ("jobs_api", "completed", "completedOk"),
        ("jobs_api", "started", "started"),
    ],
)
def test_seeding_takes_our_status_names_and_the_providers(provider, ours, theirs) -> None:
    assert provider_spelling(provider, ours) == theirs


def test_seeding_an_impossible_status_names_what_is_accepted() -> None:
    fake = FakeTopaz()
    with running_server(fake) as url:
        answer = httpx.post(f"{url}/_fake/jobs", json={"status": "moderated"})
        made = httpx.post(f"{url}/_fake/jobs", json={"status": "cancelled"}).json()["id"]
    assert answer.status_code == 400
    assert "Pending" in answer.json()["error"]
    assert "queued" in answer.json()["error"]
    assert fake.job(made).status == "Cancelled"


@pytest.mark.slow
def test_fake_serve_prints_credentials_and_seed_routes_and_seeds_the_demo() -> None:
    proc = cli("fake", "serve", "-p", "useapi", "--port", "0", "--seed", "demo")
    try:
        assert proc.stderr is not None
        banner: list[str] = []
        while len(banner) < 4 or not banner[-4].startswith("  seeded jobs:"):
            line = proc.stderr.readline()
            assert line, "fake serve ended early"
            banner.append(line.rstrip("\n"))
        text = "\n".join(banner)
        # Each seeded job with its state: the provider's word, then ours.
        jobs = [line.split() for line in banner[-3:]]
        assert [state for _id, *state in jobs] == [
            ["progress", "(running)"],
            ["started", "(running)"],
            ["completed", "(completed)"],
        ]
        url = banner[0].rsplit(" ", 1)[-1]
        token = FakeUseapi().token
        assert f"accepts --token {token} / USEAPI_TOKEN={token}" in text
        for route in ("POST /_fake/jobs", "POST /_fake/accounts", "POST /_fake/reset"):
            assert route in text
        assert "  clock: fixed: timelines stand still" in text
        running = jobs[0][0]
        for _ in range(200):  # the banner is out once the socket is bound; uvicorn follows
            try:
                httpx.get(url)
                break
            except httpx.ConnectError:
                continue
        status = cli(
            "status", "-p", "useapi", "--base-url", url, "--token", token, "--json", running
        )
        out, _ = status.communicate(timeout=60)
        assert json.loads(out)["status"] == "running"
        accounts = cli("accounts", "--base-url", url, "--token", token, "--json")
        out, _ = accounts.communicate(timeout=60)
        assert json.loads(out)["channel"] == "1002843"
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert proc.returncode == ExitCode.OK


def _serve(*args: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    """`imagejobs fake serve ARGS` on a free port: the process, its URL, its banner."""
    proc = cli("fake", "serve", "--port", "0", *args)
    assert proc.stderr is not None
    banner: list[str] = []
    while not any(line.startswith("  clock: ") for line in banner):
        line = proc.stderr.readline()
        assert line, "fake serve ended early"
        banner.append(line.rstrip("\n"))
    url = banner[0].rsplit(" ", 1)[-1]
    for _ in range(500):  # the banner is out once the socket is bound; uvicorn follows
        try:
            httpx.get(url)
            break
        except httpx.ConnectError:
            time.sleep(0.01)
    return proc, url, banner


@pytest.mark.slow
def test_a_served_fake_on_the_wall_clock_finishes_a_posted_timeline_on_its_own() -> None:
    """The issue's check: --clock wall, a timeline that completes in 3 s, `wait` exits 0."""
    proc, url, banner = _serve("-p", "topaz", "--clock", "wall", "--seed", "demo")
    try:
        assert "  clock: wall (real time): posted timelines advance on their own" in banner
        steps = [[0, "queued"], [1, "running"], [3, "completed"]]
        job = httpx.post(
            f"{url}/_fake/jobs", json={"status": "queued", "timeline": {"steps": steps}}
        )
        job_id = job.json()["id"]
        started = time.monotonic()
        waiting = cli(
            "wait", "-p", "topaz", "--base-url", url, "--api-key", "fake-topaz-key", job_id
        )
        out, err = waiting.communicate(timeout=60)
        took = time.monotonic() - started
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert waiting.returncode == ExitCode.OK, err
    assert out.split("\t")[:3] == [job_id, "ok", "completed"]
    assert 2.5 <= took < 10  # it took the timeline's 3 s, not a re-post by hand


@pytest.mark.slow
def test_speed_makes_the_served_clock_run_faster() -> None:
    proc, url, banner = _serve("-p", "topaz", "--clock", "wall", "--speed", "60")
    try:
        assert "  clock: wall (60x real time): posted timelines advance on their own" in banner
        steps = [[0, "queued"], [60, "completed"]]  # a minute of the fake's time: 1 s
        job_id = httpx.post(
            f"{url}/_fake/jobs", json={"status": "queued", "timeline": {"steps": steps}}
        ).json()["id"]
        headers = {"X-API-Key": "fake-topaz-key"}
        first = httpx.get(f"{url}/status/{job_id}", headers=headers).json()["status"]
        time.sleep(1.5)
        later = httpx.get(f"{url}/status/{job_id}", headers=headers).json()["status"]
    finally:
        proc.send_signal(signal.SIGINT)
        proc.communicate(timeout=30)
    assert (first, later) == ("Pending", "Completed")


def test_a_fixed_clock_takes_no_speed(capsys) -> None:
    assert main(["fake", "serve", "-p", "topaz", "--speed", "2"]) == ExitCode.USAGE
    assert capsys.readouterr().err.strip() == (
        "error: --speed needs --clock wall (a fixed clock does not run)"
    )
