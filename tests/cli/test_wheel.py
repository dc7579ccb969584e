"""The wheel, installed alone in a fresh venv (base dependencies only), as a new user meets it.

No extras: `--help`, usage errors (one line, exit 2, no traceback), `diff` (works: PyYAML is a
base dependency), `generate`, `fake serve` and `demo` (one line naming the extra), and `cancel`
against a fake served from this (dev) process. Then the same again on the lowest typer the
dependency range allows, which still runs on click itself rather than a vendored copy.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from imagejobs._exitcodes import ExitCode
from imagejobs.testing import FakeTopaz, running_server

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
LOWEST_TYPER = "0.15.4"  # pyproject: typer>=0.15.4,<0.30 (older ones allow a click they break on)

SPEC = textwrap.dedent(
    """\
    openapi: 3.0.3
    info: {title: tiny, version: "1"}
    paths:
      /jobs/{id}:
        get:
          operationId: getJob
          summary: Read a job
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}
          responses:
            "200": {description: ok}
    """
)


def run(exe: Path, *args: str, cwd: Path) -> tuple[int, str, str]:
    proc = subprocess.run(
        [str(exe), *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )
    return proc.returncode, proc.stdout, proc.stderr


def pip(python: Path, *args: str) -> None:
    proc = subprocess.run(
        [str(python), "-m", "pip", "install", "-q", "--disable-pip-version-check", *args],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]


def check_usage_errors(exe: Path, cwd: Path) -> None:
    for argv in (
        ["cancel", "x"],
        ["bogus"],
        ["cancel", "-p", "nope", "x"],
        ["status", "-p", "topaz", "-c", "abc", "x"],
    ):
        code, out, err = run(exe, *argv, cwd=cwd)
        assert code == ExitCode.USAGE, (argv, err)
        assert len(err.splitlines()) == 1, (argv, err)
        assert "Traceback" not in out + err
    code, out, err = run(exe, cwd=cwd)  # bare: the help, exit 2
    assert code == ExitCode.USAGE
    assert "Commands" in out
    assert "Traceback" not in err


def check_cancel(exe: Path, cwd: Path) -> None:
    fake = FakeTopaz(api_key="wheel-test-key")
    ids = [fake.add_job(status="Processing") for _ in range(3)]
    with running_server(fake) as url:
        code, out, err = run(
            exe,
            "cancel",
            "-p",
            "topaz",
            "--base-url",
            url,
            "--api-key",
            "wheel-test-key",
            *ids,
            cwd=cwd,
        )
        assert code == ExitCode.OK, err
        assert len(out.splitlines()) == 3
        code, out, err = run(
            exe, "cancel", "-p", "topaz", "--base-url", url, "--api-key", "wrong", *ids, cwd=cwd
        )
    assert code == ExitCode.AUTH
    assert len(err.splitlines()) == 1
    assert "TOPAZ_API_KEY" in err
    assert all(fake.job(i).status == "Cancelled" for i in ids)


def test_the_wheel_alone_in_a_fresh_venv(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(dist), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert built.returncode == 0, built.stderr[-2000:]
    [wheel] = dist.glob("imagejobs-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python, exe = venv / "bin" / "python", venv / "bin" / "imagejobs"
    pip(python, str(wheel))
    work = tmp_path / "work"  # outside any checkout
    work.mkdir()

    code, out, err = run(exe, "--help", cwd=work)
    assert code == ExitCode.OK
    assert "Exit codes" in out
    check_usage_errors(exe, work)

    # diff needs only a base dependency; generate, fake serve and demo name their extra.
    (work / "old.yaml").write_text(SPEC, encoding="utf-8")
    (work / "new.yaml").write_text(SPEC.replace("/jobs/{id}", "/tasks/{id}"), encoding="utf-8")
    code, out, err = run(exe, "diff", "old.yaml", "new.yaml", cwd=work)
    assert code == ExitCode.OK, err
    assert "breaking" in out
    code, out, err = run(exe, "diff", "old.yaml", "new.yaml", "--fail-on", "breaking", cwd=work)
    assert code == ExitCode.API_CHANGE, err
    for argv, extra in (
        (["generate"], "codegen"),
        (["fake", "serve", "-p", "topaz"], "fakes"),
        (["demo"], "fakes"),
    ):
        code, out, err = run(exe, *argv, cwd=work)
        assert code == ExitCode.USAGE, (argv, err)
        [line] = err.splitlines()
        assert f"pip install 'imagejobs[{extra}]'" in line
    check_cancel(exe, work)

    # The lowest typer of the range, on click itself.
    pip(python, f"typer=={LOWEST_TYPER}")
    code, out, err = run(exe, "--help", cwd=work)
    assert code == ExitCode.OK, err
    check_usage_errors(exe, work)
    check_cancel(exe, work)
