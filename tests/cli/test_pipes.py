"""A verdict survives every pipe: ``set -o pipefail; imagejobs ... | head -1`` exits as the
command decided, whatever the reader does with stdout (leaves early, or a full disk).

Each test runs the real console script in bash with ``pipefail``, so the exit status of the
pipeline is the command's. The outputs are made long enough (or written late enough) that the
reader has really gone before most of the writing, which is what used to turn a verdict into 0:
rich and click make the `BrokenPipeError` an exit(1), which `main` read as "the reader left".
"""

from __future__ import annotations

import importlib.util
import json
import os
import shlex
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from imagejobs._exitcodes import ExitCode
from imagejobs.registry import PROVIDERS
from imagejobs.testing import FakeTopaz, FakeUseapi, Faults, running_server

SCRIPT = Path(sys.executable).with_name("imagejobs")
REPO = Path(__file__).resolve().parents[2]
SECRET = "sk-pipe-test-secret-0123456789"


def _copy_repo() -> Any:
    # tests/codegen is a package of its own; load its one helper by path.
    spec = importlib.util.spec_from_file_location(
        "imagejobs_test_repo_copy", REPO / "tests" / "codegen" / "repo_copy.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.copy_repo


@pytest.fixture(autouse=True)
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for info in PROVIDERS.values():
        monkeypatch.delenv(info.base_url_env, raising=False)
        for credential in info.credentials:
            monkeypatch.delenv(credential.env_var, raising=False)


def piped(
    *args: str,
    reader: str = "head -1",
    with_stderr: bool = False,
    cwd: Path | None = None,
    timeout: float = 300,
) -> subprocess.CompletedProcess[str]:
    """``set -o pipefail; imagejobs ARGS | READER`` in bash: its status is the command's."""
    assert SCRIPT.is_file(), f"no console script at {SCRIPT}"
    command = shlex.join([str(SCRIPT), *args]) + (" 2>&1" if with_stderr else "")
    return subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command} | {reader}"],
        capture_output=True,
        text=True,
        cwd=cwd,
        timeout=timeout,
        check=False,
    )


def quiet(run: subprocess.CompletedProcess[str]) -> None:
    """Nothing about the closed pipe reached the user: no traceback, no 'Broken pipe'."""
    for said in (run.stdout, run.stderr):
        assert "Traceback" not in said, said
        assert "Broken pipe" not in said, said
        assert "Exception ignored" not in said, said


# --- the bulk commands against a served fake --------------------------------------------------


@pytest.fixture
def topaz_600() -> Iterator[tuple[FakeTopaz, str, list[str], list[str]]]:
    """600 Topaz jobs, half cancellable, half completed; every answer a little late, so the
    rows arrive over time and most are written after `head` has left."""
    fake = FakeTopaz(api_key=SECRET, seed=5, faults=Faults(latency=0.005, seed=5))
    pending = [fake.add_job(status="Pending") for _ in range(300)]
    done = [fake.add_job(status="Completed") for _ in range(300)]
    with running_server(fake) as url:
        yield fake, url, pending, done


@pytest.mark.slow
def test_cancel_head_1_exits_with_its_verdict_and_cancels_every_id(topaz_600) -> None:
    fake, url, pending, done = topaz_600
    ids = [i for pair in zip(pending, done, strict=True) for i in pair]
    run = piped("cancel", "-p", "topaz", "--api-key", SECRET, "--base-url", url, *ids)
    assert run.returncode == ExitCode.PARTIAL, run.stderr
    assert len(run.stdout.splitlines()) == 1
    # The closed pipe stopped the writing, not the work.
    assert all(fake.job(i).status == "Cancelled" for i in pending)
    assert run.stderr.strip().splitlines()[-1] == "300 of 600 cancelled, 300 failed"
    quiet(run)


@pytest.mark.slow
def test_status_head_1_exits_1_when_ids_cannot_be_read(topaz_600) -> None:
    _fake, url, pending, _done = topaz_600
    missing = [f"00000000-0000-4000-8000-{n:012d}" for n in range(300)]
    ids = [*pending, *missing]
    run = piped("status", "-p", "topaz", "--api-key", SECRET, "--base-url", url, "--json", *ids)
    assert run.returncode == ExitCode.PARTIAL, run.stderr
    assert json.loads(run.stdout)["id"] in ids
    assert run.stderr.strip().splitlines()[-1] == "300 of 600 read, 300 failed"
    quiet(run)


@pytest.mark.slow
def test_wait_head_1_exits_with_its_verdict(topaz_600) -> None:
    _fake, url, _pending, done = topaz_600
    missing = [f"00000000-0000-4000-8000-{n:012d}" for n in range(300)]
    run = piped("wait", "-p", "topaz", "--api-key", SECRET, "--base-url", url, *done, *missing)
    assert run.returncode == ExitCode.PARTIAL, run.stderr
    assert run.stderr.strip().splitlines()[-1] == "300 of 600 final, 300 failed"
    quiet(run)


@pytest.mark.slow
def test_accounts_head_1_runs_to_the_end() -> None:
    fake = FakeUseapi(seed=2)
    # 2,000 TSV lines, each written and flushed: most of them after `head` has left.
    for n in range(2000):
        fake.add_account(channel=str(1_000_000 + n), discord=f"discord-token-{n}", max_jobs=3)
    with running_server(fake) as url:
        run = piped("accounts", "--token", fake.token, "--base-url", url)
    assert run.returncode == ExitCode.OK, run.stderr
    assert run.stderr.strip().splitlines()[-1] == "2000 account(s)"
    quiet(run)


def test_a_full_disk_keeps_the_verdict_and_says_the_output_is_incomplete() -> None:
    fake = FakeTopaz(api_key=SECRET)
    done = [fake.add_job(status="Completed") for _ in range(5)]
    with running_server(fake) as url:
        args = ["cancel", "-p", "topaz", "--api-key", SECRET, "--base-url", url, *done]
        run = subprocess.run(
            ["bash", "-c", f"{shlex.join([str(SCRIPT), *args])} > /dev/full"],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert run.returncode == ExitCode.ALL_FAILED, run.stderr
    lines = run.stderr.strip().splitlines()
    assert lines[-2] == "0 of 5 cancelled, 5 failed"
    assert lines[-1] == (
        "error: could not write the output: No space left on device; it is incomplete"
    )
    quiet(run)


# --- diff, generate, update -------------------------------------------------------------------


@pytest.fixture
def breaking_pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two versions of a spec, the second without 2,000 operations: a report of ~160 KB."""
    paths = {
        f"/things{n}/{{id}}": {
            "get": {
                "operationId": f"getThing{n}",
                "summary": "Read a thing",
                "parameters": [
                    {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                "responses": {"200": {"description": "ok"}},
            }
        }
        for n in range(2000)
    }
    info = {"title": "things", "version": "1"}
    old, new = tmp_path / "old.yaml", tmp_path / "new.yaml"
    old.write_text(yaml.safe_dump({"openapi": "3.0.3", "info": info, "paths": paths}))
    new.write_text(yaml.safe_dump({"openapi": "3.0.3", "info": info, "paths": {}}))
    return old, new


@pytest.mark.parametrize("attempt", range(3))
def test_diff_fail_on_breaking_head_1_exits_7_every_time(breaking_pair, attempt: int) -> None:
    old, new = breaking_pair
    run = piped("diff", old.name, new.name, "--fail-on", "breaking", cwd=old.parent)
    assert run.returncode == ExitCode.API_CHANGE, run.stderr
    assert run.stdout.startswith("old.yaml -> new.yaml: 2000 breaking")
    quiet(run)


def test_diff_json_to_a_full_disk_exits_7(breaking_pair) -> None:
    old, new = breaking_pair
    command = [str(SCRIPT), "diff", str(old), str(new), "--fail-on", "breaking", "--format", "json"]
    run = subprocess.run(
        ["bash", "-c", shlex.join(command) + " > /dev/full"],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert run.returncode == ExitCode.API_CHANGE
    assert "No space left on device" in run.stderr
    quiet(run)


@pytest.mark.slow
def test_generate_check_diff_head_1_exits_6(tmp_path: Path) -> None:
    root = _copy_repo()(tmp_path / "repo")
    # A hand edit of 4,000 lines in a generated module: --check --diff prints them all.
    models = next((root / "generated" / "imagejobs_gen_topaz").rglob("client.py"))
    models.write_text(
        models.read_text(encoding="utf-8") + "".join(f"# edit {n}\n" for n in range(4000)),
        encoding="utf-8",
    )
    run = piped("generate", "--root", str(root), "--check", "--diff", with_stderr=True)
    assert run.returncode == ExitCode.DRIFT, run.stdout
    quiet(run)


class _Vendor(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def vendor_without_409() -> Iterator[str]:
    """A vendor server whose new Topaz spec no longer documents 409 on cancel: breaking."""
    doc = json.loads((REPO / "specs" / "topaz.json").read_text(encoding="utf-8"))
    del doc["paths"]["/cancel/{process_id}"]["delete"]["responses"]["409"]
    handler = type("Handler", (_Vendor,), {"body": json.dumps(doc).encode()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/image-api.json"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.slow
def test_update_head_1_exits_12(tmp_path: Path, vendor_without_409: str) -> None:
    root = _copy_repo()(tmp_path / "repo")
    config = root / "specs" / "codegen.yaml"
    # Topaz's entry (the first vendor one) fetches from the test's server; no other entry
    # fetches at all (the committed vendor entries' sources are on the internet).
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    text = "".join(line for line in lines if not line.startswith("    source: "))
    config.write_text(
        text.replace(
            "    vendor: true\n", f"    vendor: true\n    source: {vendor_without_409}\n", 1
        ),
        encoding="utf-8",
    )
    before = (root / "specs" / "topaz.json").read_bytes()
    # The first line (on stderr: "topaz: ...: new version") comes before the build, so `head`
    # is gone seconds before the report is written.
    run = piped("update", "--root", str(root), "--dry-run", with_stderr=True)
    assert run.returncode == ExitCode.CHANGED_BREAKING, run.stdout
    assert run.stdout.startswith("topaz: ")
    assert (root / "specs" / "topaz.json").read_bytes() == before  # a dry run
    quiet(run)


# --- fake serve -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.mark.slow
@pytest.mark.parametrize("reader", ["head -1", "true"])
def test_fake_serve_behind_a_closed_pipe_serves_and_exits_0_on_ctrl_c(reader: str) -> None:
    """`true` never reads: the whole banner meets a closed pipe (it used to stop the server
    before it started, exit 0); `head -1` takes the banner's first line and leaves."""
    assert SCRIPT.is_file()
    port = _free_port()
    command = shlex.join([str(SCRIPT), "fake", "serve", "-p", "topaz", "--port", str(port)])
    shell = subprocess.Popen(
        ["bash", "-c", f"set -o pipefail; {command} 2>&1 | {reader}"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # one process group: Ctrl-C reaches the server as from a shell
    )
    url = f"http://127.0.0.1:{port}"
    try:
        seeded = None
        for _ in range(1000):
            assert shell.poll() is None, shell.communicate()
            try:
                seeded = httpx.post(f"{url}/_fake/jobs", json={"status": "queued"})
                break
            except httpx.ConnectError:
                time.sleep(0.02)
        assert seeded is not None
        assert seeded.status_code == 201
    finally:
        os.killpg(shell.pid, signal.SIGINT)
        out, err = shell.communicate(timeout=30)
    assert shell.returncode == ExitCode.OK, err
    if reader == "head -1":
        assert out == f"imagejobs fake topaz serving on {url}\n"
    assert "Traceback" not in err
