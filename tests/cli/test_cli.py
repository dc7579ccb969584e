"""The `imagejobs` command line, end to end against fakes served on 127.0.0.1."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import time
from collections.abc import Iterator

import httpx
import pytest

from imagejobs._exitcodes import ExitCode
from imagejobs.cli import EXIT_ALL_FAILED, EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, main
from imagejobs.testing import FakeJobsApi, FakeTopaz, FakeUseapi, running_server

SECRET = "sk-cli-test-secret-0123456789"


@pytest.fixture
def topaz() -> Iterator[tuple[FakeTopaz, str]]:
    fake = FakeTopaz(api_key=SECRET, seed=5)
    with running_server(fake) as url:
        yield fake, url


@pytest.fixture(autouse=True)
def no_env_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in (
        "USEAPI_TOKEN",
        "TOPAZ_API_KEY",
        "JOBS_API_TOKEN",
        "JOBS_API_CLIENT_ID",
        "JOBS_API_CLIENT_SECRET",
        "JOBS_API_CUSTOMER_ID",
    ):
        monkeypatch.delenv(var, raising=False)


def json_lines(text: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_cancel_all_ok_exits_zero_and_json_has_one_object_per_id(topaz, capsys) -> None:
    fake, url = topaz
    ids = [fake.add_job(status="Pending") for _ in range(3)]
    rc = main(["cancel", "-p", "topaz", "--api-key", SECRET, "--base-url", url, "--json", *ids])
    out = capsys.readouterr().out
    assert rc == EXIT_OK
    rows = json_lines(out)
    assert sorted(r["id"] for r in rows) == sorted(ids)  # in the order they finished
    assert all(r["ok"] and r["status"] == "cancelled" for r in rows)
    assert all(fake.job(i).status == "Cancelled" for i in ids)


def test_already_cancelled_counts_as_success(topaz, capsys) -> None:
    fake, url = topaz
    job = fake.add_job(status="Cancelled")
    assert main(["cancel", "-p", "topaz", "--api-key", SECRET, "--base-url", url, job]) == EXIT_OK


def test_partial_failure_exits_one_and_names_the_failed_id(topaz, capsys) -> None:
    fake, url = topaz
    good, done = fake.add_job(status="Processing"), fake.add_job(status="Completed")
    rc = main(
        ["cancel", "-p", "topaz", "--api-key", SECRET, "--base-url", url, "--json", good, done]
    )
    rows = {r["id"]: r for r in json_lines(capsys.readouterr().out)}
    assert rc == EXIT_PARTIAL
    assert rows[good]["ok"] is True
    assert rows[done] == {
        **rows[done],
        "ok": False,
        "error": "NotCancellableError",
        "status": "completed",
    }


def test_every_id_failing_exits_three(topaz, capsys) -> None:
    fake, url = topaz
    done = fake.add_job(status="Failed")
    missing = "00000000-0000-4000-8000-000000000000"
    rc = main(["cancel", "-p", "topaz", "--api-key", SECRET, "--base-url", url, done, missing])
    assert rc == EXIT_ALL_FAILED
    assert "NotFoundError" in capsys.readouterr().out


def test_ids_from_stdin_and_file(topaz, capsys, monkeypatch, tmp_path) -> None:
    fake, url = topaz
    from_stdin = [fake.add_job(status="Pending") for _ in range(2)]
    from_file = fake.add_job(status="Pending")
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(from_stdin) + "\n# a comment\n\n"))
    path = tmp_path / "ids.txt"
    path.write_text(from_file + "\n")
    rc = main(
        [
            "cancel",
            "-p",
            "topaz",
            "--api-key",
            SECRET,
            "--base-url",
            url,
            "--json",
            "-",
            "--from-file",
            str(path),
        ]
    )
    assert rc == EXIT_OK
    assert sorted(r["id"] for r in json_lines(capsys.readouterr().out)) == sorted(
        [*from_stdin, from_file]
    )


def test_many_ids_show_a_table_and_summary(topaz, capsys) -> None:
    fake, url = topaz
    ids = [fake.add_job(status="Pending") for _ in range(8)]
    assert (
        main(
            [
                "cancel",
                "-p",
                "topaz",
                "--api-key",
                SECRET,
                "--base-url",
                url,
                "-c",
                "4",
                "--format",
                "table",
                *ids,
            ]
        )
        == EXIT_OK
    )
    captured = capsys.readouterr()
    assert "cancel on topaz" in captured.out
    assert "8 of 8 cancelled" in captured.err


def test_missing_token_is_a_clear_usage_error(capsys) -> None:
    rc = main(["cancel", "-p", "topaz", "--base-url", "http://127.0.0.1:9", "some-id"])
    err = capsys.readouterr().err
    assert rc == EXIT_USAGE
    assert "TOPAZ_API_KEY" in err
    assert "Traceback" not in err


def test_no_ids_is_a_usage_error(capsys) -> None:
    assert main(["cancel", "-p", "useapi", "--token", SECRET]) == EXIT_USAGE
    assert "no job ids" in capsys.readouterr().err


def test_secret_never_printed_even_on_auth_failure_and_debug(topaz, capsys, caplog) -> None:
    fake, url = topaz
    job = fake.add_job(status="Pending")
    wrong = "sk-wrong-secret-9876543210"
    for extra in ([], ["--debug"]):
        caplog.clear()
        rc = main([*extra, "cancel", "-p", "topaz", "--api-key", wrong, "--base-url", url, job])
        captured = capsys.readouterr()
        assert rc == ExitCode.AUTH
        assert "AuthenticationError" in captured.out
        blob = captured.out + captured.err + caplog.text
        assert wrong not in blob
        assert SECRET not in blob


def test_status_command(topaz, capsys) -> None:
    fake, url = topaz
    job = fake.add_job(status="Processing")
    assert (
        main(["status", "-p", "topaz", "--api-key", SECRET, "--base-url", url, "--json", job])
        == EXIT_OK
    )
    [row] = json_lines(capsys.readouterr().out)
    assert row["status"] == "running"
    assert row["provider_status"] == "Processing"


def test_accounts_redacts_the_discord_token(capsys) -> None:
    discord = "MTE2-very-secret-discord-token"
    fake = FakeUseapi(token=SECRET, seed=1)
    fake.add_account("1002843", discord=discord, server="9988776", max_jobs=3)
    with running_server(fake) as url:
        assert main(["accounts", "--token", SECRET, "--base-url", url]) == EXIT_OK
        table = capsys.readouterr().out
        assert main(["accounts", "--token", SECRET, "--base-url", url, "--json"]) == EXIT_OK
        rows = json_lines(capsys.readouterr().out)
    assert "1002843" in table
    assert discord not in table
    assert rows[0]["discord"] == "***"
    assert discord not in json.dumps(rows)


def test_jobs_api_with_client_credentials_and_reason(capsys) -> None:
    fake = FakeJobsApi(client_id="cli-client", client_secret=SECRET, seed=2)
    job = fake.add_job(status="scheduled")
    with running_server(fake) as url:
        rc = main(
            [
                "cancel",
                "-p",
                "jobs_api",
                "--client-id",
                "cli-client",
                "--client-secret",
                SECRET,
                "--customer-id",
                "14532",
                "--base-url",
                url,
                "--reason",
                "started in error",
                "--json",
                str(job),
            ]
        )
    captured = capsys.readouterr()
    assert rc == EXIT_OK, captured
    assert json_lines(captured.out)[0]["status"] == "cancelled"
    assert SECRET not in captured.out + captured.err


def test_jobs_api_needs_a_customer_id(capsys) -> None:
    assert main(["cancel", "-p", "jobs_api", "--token", SECRET, "1"]) == EXIT_USAGE
    assert "--customer-id" in capsys.readouterr().err


def test_plain_http_to_a_remote_host_is_refused(capsys) -> None:
    rc = main(
        ["status", "-p", "topaz", "--api-key", SECRET, "--base-url", "http://example.com", "x"]
    )
    err = capsys.readouterr().err
    assert rc == EXIT_USAGE
    assert "http" in err
    assert SECRET not in err


def test_generate_validate_only_passes_through(capsys) -> None:
    assert main(["generate", "--validate-only"]) == EXIT_OK
    assert "valid: specs/useapi.yaml" in capsys.readouterr().out


def test_help_lists_exit_codes(capsys) -> None:
    assert main(["--help"]) == EXIT_OK
    assert "Exit codes" in capsys.readouterr().out


@pytest.mark.slow
def test_demo_runs_green(capsys) -> None:
    assert main(["demo"]) == EXIT_OK
    assert "steps went as expected" in capsys.readouterr().out


@pytest.mark.slow
def test_fake_serve_serves_on_loopback_and_stops() -> None:
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "imagejobs.cli",
            "fake",
            "serve",
            "-p",
            "topaz",
            "--port",
            "0",
            "--credential",
            SECRET,
        ],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stderr is not None
        url = ""
        for _ in range(50):
            line = proc.stderr.readline()
            if "serving on" in line:
                url = line.rsplit(" ", 1)[-1].strip()
                break
        assert url.startswith("http://127.0.0.1:")
        # The address is printed when the socket is bound, a moment before uvicorn accepts.
        for _ in range(100):
            try:
                created = httpx.post(f"{url}/_fake/jobs", json={"status": "Pending"}).json()
                break
            except httpx.ConnectError:
                time.sleep(0.05)
        response = httpx.delete(f"{url}/cancel/{created['id']}", headers={"X-API-Key": SECRET})
        assert response.status_code == 204
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        if proc.stderr is not None:
            proc.stderr.close()


def test_a_rate_limited_run_says_what_the_gate_did(topaz, capsys) -> None:
    # main's CLI line (issue 13) on issue 12's bulk run: the rate gate's summary, on stderr.
    fake, url = topaz
    fake.faults.retry_after = "0"
    fake.faults.script("getStatus", 429, times=2)
    ids = [fake.add_job(status="Pending") for _ in range(3)]
    rc = main(["status", "-p", "topaz", "--api-key", SECRET, "--base-url", url, *ids])
    captured = capsys.readouterr()
    assert rc == EXIT_OK
    assert "rate limit: " in captured.err
    assert "2 answered 429" in captured.err
    assert len(captured.out.splitlines()) == 3  # stdout keeps one line per id
