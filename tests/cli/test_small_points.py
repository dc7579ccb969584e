"""The smaller shell truths of issue 23: ``python -m imagejobs``, timestamps and field errors in
JSON rows, ``--allow-insecure`` named where the shell user needs it, ``imagejobs generate``'s
own name and ``--format``, and the fixtures' one-line hint on a plain install."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from imagejobs._exitcodes import ExitCode
from imagejobs.cli import main
from imagejobs.registry import PROVIDERS, TOPAZ
from imagejobs.testing import FakeJobsApi, FakeTopaz, running_server

KEY = "sk-small-points-0123456789"


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for info in PROVIDERS.values():
        monkeypatch.delenv(info.base_url_env, raising=False)
        for credential in info.credentials:
            monkeypatch.delenv(credential.env_var, raising=False)


def test_python_m_imagejobs_is_the_command() -> None:
    version = subprocess.run(
        [sys.executable, "-m", "imagejobs", "--version"], capture_output=True, text=True
    )
    assert version.returncode == 0
    assert version.stdout.startswith("imagejobs ")
    usage = subprocess.run(
        [sys.executable, "-m", "imagejobs", "cancel"], capture_output=True, text=True
    )
    assert usage.returncode == ExitCode.USAGE
    assert usage.stderr.startswith("imagejobs cancel: error: Missing option '--provider'")


def parse(stamp: str) -> datetime:
    assert stamp.endswith("Z"), stamp
    return datetime.fromisoformat(stamp)


def test_json_rows_say_when_their_result_was_known_and_the_jobs_own_times(capsys) -> None:
    fake = FakeTopaz(api_key=KEY)
    running = fake.add_job(status="Processing")
    done = fake.add_job(status="Completed")
    before = datetime.now(UTC)
    with running_server(fake) as url:
        argv = ["-p", "topaz", "--api-key", KEY, "--base-url", url, "--json"]
        main(["cancel", *argv, done, "00000000-0000-4000-8000-000000000000"])
        main(["status", *argv, running])
    after = datetime.now(UTC)
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [row["result"] for row in rows] == ["NotCancellableError", "NotFoundError", "ok"]
    for row in rows:  # errors too: when the answer came
        assert before - timedelta(seconds=1) <= parse(row["at"]) <= after + timedelta(seconds=1)
    # A job read carries the provider's own timestamps, in UTC.
    assert parse(rows[2]["created_at"]) == datetime.fromtimestamp(
        fake.job(running).creation_time, UTC
    )


def test_a_422s_field_errors_are_in_the_row(capsys) -> None:
    fake = FakeJobsApi()
    job = fake.add_job("new")
    with running_server(fake) as url:
        argv = ["cancel", "-p", "jobs_api", "--token", fake.token, "--customer-id", "14532"]
        code = main([*argv, "--base-url", url, "--reason", "x" * 501, "--json", str(job)])
    assert code == ExitCode.ALL_FAILED
    [row] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert row["error"] == "UnprocessableEntityError"
    assert row["status_code"] == 422
    assert row["field_errors"] == {
        "reason": ["The field reason must be a string with a maximum length of 500."]
    }


@pytest.mark.parametrize("where", ["option", "env"])
def test_a_plain_http_url_names_the_option_to_allow_it(
    where: str, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    argv = ["status", "-p", "topaz", "--api-key", KEY, "x"]
    if where == "option":
        argv += ["--base-url", "http://jobs.example.com"]
    else:
        monkeypatch.setenv(TOPAZ.base_url_env, "http://jobs.example.com")
    assert main(argv) == ExitCode.USAGE
    [line] = capsys.readouterr().err.splitlines()
    assert "pass --allow-insecure" in line
    assert "allow_insecure=True" not in line
    source = "--base-url" if where == "option" else TOPAZ.base_url_env
    assert f"http://jobs.example.com (set by {source})" in line


def test_a_url_with_a_password_is_never_echoed(capsys) -> None:
    argv = ["status", "-p", "topaz", "--api-key", KEY, "--base-url", "ftp://me:hunter2@h/", "x"]
    assert main(argv) == ExitCode.USAGE
    err = capsys.readouterr().err
    assert "hunter2" not in err
    assert "ftp://h/" in err


def test_generate_help_names_the_command_and_format_is_its_report_option(capsys) -> None:
    assert main(["generate", "-h"]) == ExitCode.OK
    out = capsys.readouterr().out
    assert out.startswith("usage: imagejobs generate ")
    assert "--format {text,json,markdown}" in out
    assert "--report" not in out  # the old name still works, unlisted
    assert main(["generate", "--nope"]) == ExitCode.USAGE
    assert capsys.readouterr().err.startswith("error: imagejobs generate: unrecognized")


def test_report_is_a_hidden_alias_of_format_on_generate_and_update() -> None:
    from imagejobs.codegen.cli import _generate_parser, _update_parser

    for parser in (_generate_parser(), _update_parser()):
        assert parser.parse_args(["--report", "json"]).format == "json"
        assert parser.parse_args(["--format", "markdown"]).format == "markdown"
        assert parser.parse_args([]).format == "text"
        assert "--report" not in parser.format_help()


def test_the_fixtures_on_a_plain_install_give_the_one_line_hint(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from imagejobs.testing import pytest_plugin

    real = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "starlette" else real(name, *a),
    )
    with pytest.raises(pytest.fail.Exception) as failed:
        next(pytest_plugin._fresh(TOPAZ.name, FakeTopaz))
    assert str(failed.value) == (
        "the fake_topaz fixture needs the fakes extra (starlette not installed): "
        "pip install 'imagejobs[fakes]'"
    )
    assert not failed.value.pytrace
