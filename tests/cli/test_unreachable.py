"""A provider that cannot be reached stops a run early, with one line naming the base URL and
what set it (--base-url, the provider's *_BASE_URL, or the default), and exit 8."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest

from imagejobs._cli_clients import Connection, base_url_source
from imagejobs._deadline import use_clock
from imagejobs._exitcodes import ExitCode
from imagejobs.cli import main
from imagejobs.registry import PROVIDERS, TOPAZ
from imagejobs.testing import FakeTopaz, Fault, Faults, VirtualClock, running_server

KEY = "sk-unreachable-test-0123456789"
IDS = [f"00000000-0000-4000-8000-{n:012d}" for n in range(600)]


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for info in PROVIDERS.values():
        monkeypatch.delenv(info.base_url_env, raising=False)
        for credential in info.credentials:
            monkeypatch.delenv(credential.env_var, raising=False)


@pytest.fixture
def closed() -> str:
    """A base URL on 127.0.0.1 where nothing listens: every connection is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}"


@pytest.fixture
def clock() -> Iterator[VirtualClock]:
    """The CLI's waits and retry backoffs on a virtual clock: refusals are real, sleeps not."""
    vc = VirtualClock()
    with use_clock(vc):
        yield vc


def stderr_lines(capsys: pytest.CaptureFixture[str]) -> tuple[list[str], list[str]]:
    captured = capsys.readouterr()
    return captured.out.splitlines(), captured.err.splitlines()


@pytest.mark.parametrize("command", ["cancel", "status"])
def test_600_ids_against_a_closed_port_one_line_exit_8(
    command: str, closed: str, clock: VirtualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main([command, "-p", "topaz", "--api-key", KEY, "--base-url", closed, *IDS])
    out, err = stderr_lines(capsys)
    assert code == ExitCode.UNREACHABLE
    [line] = err  # said once
    assert line.startswith(f"error: cannot connect to topaz at {closed} (set by --base-url): ")
    assert "ConnectError" in line
    assert line.endswith("; stopped after the first id: 0 of 600 " + (
        "cancelled, 1 failed, 599 not attempted" if command == "cancel"
        else "read, 1 failed, 599 not attempted"
    ))  # fmt: skip
    rows = [row.split("\t") for row in out]
    assert [r[1] for r in rows].count("APIConnectionError") == 1
    assert [r[1] for r in rows].count("not attempted") == 599
    # Only the first id's call was made, with its retries (2 backoffs on the virtual clock).
    assert len(clock.sleeps) == 2
    assert KEY not in "\n".join(out + err)


def test_the_line_names_the_env_var_that_set_the_url(
    closed: str, clock: VirtualClock, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv(TOPAZ.base_url_env, closed)
    monkeypatch.setenv(TOPAZ.credential("api_key").env_var, KEY)
    assert main(["status", "-p", "topaz", "--json", *IDS[:50]]) == ExitCode.UNREACHABLE
    out, err = stderr_lines(capsys)
    [line] = err
    assert f"at {closed} (set by {TOPAZ.base_url_env}): " in line
    rows = [json.loads(row) for row in out]
    assert [r["error"] for r in rows].count("NotAttempted") == 49


def test_the_source_of_the_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    conn = Connection("topaz")
    assert base_url_source(conn) == (
        TOPAZ.base_url,
        f"the default; --base-url or {TOPAZ.base_url_env} sets another",
    )
    monkeypatch.setenv(TOPAZ.base_url_env, "http://127.0.0.1:1")
    assert base_url_source(conn) == ("http://127.0.0.1:1", f"set by {TOPAZ.base_url_env}")
    conn.base_url = "http://127.0.0.1:2"
    assert base_url_source(conn) == ("http://127.0.0.1:2", "set by --base-url")


def test_a_connection_that_breaks_after_connecting_does_not_stop_the_run(capsys) -> None:
    # The server is there: a dropped connection is about that request, not the provider. (Two
    # drops: aiohttp itself sends an idempotent request again once on a closed connection.)
    fake = FakeTopaz(api_key=KEY, faults=Faults().script("getStatus", Fault.drop(), times=2))
    ids = [fake.add_job(status="Processing") for _ in range(5)]
    with running_server(fake) as url:
        argv = ["status", "-p", "topaz", "--api-key", KEY, "--base-url", url, "--max-retries", "0"]
        code = main([*argv, *ids])
    out, err = stderr_lines(capsys)
    assert code == ExitCode.PARTIAL
    assert err[-1] == "4 of 5 read, 1 failed"
    assert [row.split("\t")[1] for row in out].count("APIConnectionError") == 1


def test_accounts_against_a_closed_port(closed: str, capsys) -> None:
    assert main(["accounts", "--token", KEY, "--base-url", closed, "--max-retries", "0"]) == 8
    _out, err = stderr_lines(capsys)
    [line] = err
    assert line.startswith(f"error: cannot connect to useapi at {closed} (set by --base-url): ")


def test_wait_without_a_timeout_gives_up_with_a_clear_line(
    closed: str, clock: VirtualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["wait", "-p", "topaz", "--api-key", KEY, "--base-url", closed, IDS[0]])
    out, err = stderr_lines(capsys)
    assert code == ExitCode.UNREACHABLE
    [line] = err
    assert line.startswith(f"error: cannot connect to topaz at {closed} (set by --base-url): ")
    assert "gave up waiting: no connection could be made for 3" in line
    assert line.endswith("; stopped after the first result: 0 of 1 final, 1 failed")
    [row] = [r.split("\t") for r in out]
    assert row[1] == "APIConnectionError"
    assert "polls in a row" in row[3]
    assert 30 <= clock.now() - VirtualClock().now() < 60


def test_wait_out_of_time_says_the_last_connection_error(
    closed: str, clock: VirtualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["wait", "-p", "topaz", "--api-key", KEY, "--base-url", closed, "-t", "4", "--json"]
    assert main([*argv, IDS[0]]) == ExitCode.ALL_FAILED
    out, _err = stderr_lines(capsys)
    [row] = [json.loads(r) for r in out]
    assert row["error"] == "WaitTimeoutError"
    assert row["polls"] == 0
    assert row["last_error"] == "APIConnectionError"
    assert row["detail"].startswith(
        "out of time after 4 s (0 polls); the last poll got no answer: "
    )
    assert "ConnectError" in row["detail"]


def test_status_watch_against_a_closed_port_stops_at_the_first_read(
    closed: str, clock: VirtualClock, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["status", "--watch", "-p", "topaz", "--api-key", KEY, "--base-url", closed]
    assert main([*argv, *IDS[:100]]) == ExitCode.UNREACHABLE
    _out, err = stderr_lines(capsys)
    [line] = err
    assert line.startswith(f"error: cannot connect to topaz at {closed} (set by --base-url): ")
    assert line.endswith("; stopped watching: 0 of 100 final, 1 failed, 99 not read")
