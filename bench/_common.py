"""Shared helpers for the benchmarks: timing, medians, a fake Topaz served on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx

# Benchmarks run from a checkout; make `import imagejobs` work without installing too.
ROOT = Path(__file__).resolve().parent.parent
for extra in (ROOT / "src", ROOT / "generated"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

API_KEY = "bench-secret-key"


def timed(fn: Callable[[], object]) -> float:
    """Wall-clock seconds of one call."""
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_of(runs: int, fn: Callable[[], float]) -> float:
    """Median of ``runs`` measurements, each returned by ``fn``."""
    return statistics.median(fn() for _ in range(runs))


def pin_apart(server_pid: int) -> tuple[str, Callable[[], None]]:
    """Put the server on one CPU and this process on another: (what was done, how to undo it).

    On a small shared machine the scheduler otherwise moves both between the same CPUs, and a
    run's figures swing by a third from one round to the next. Linux only; elsewhere, or with
    one CPU, nothing is pinned.
    """
    if not hasattr(os, "sched_setaffinity"):
        return "not pinned (not Linux)", lambda: None
    before = os.sched_getaffinity(0)
    cpus = sorted(before)
    if len(cpus) < 2:
        return "not pinned (one CPU)", lambda: None
    os.sched_setaffinity(server_pid, {cpus[-1]})
    os.sched_setaffinity(0, {cpus[0]})
    return (
        f"server pinned to CPU {cpus[-1]}, client to CPU {cpus[0]}",
        lambda: os.sched_setaffinity(0, before),
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def served_topaz(latency: float = 0.0) -> Iterator[tuple[httpx.Client, str]]:
    """A FakeTopaz under uvicorn on 127.0.0.1 in its own process; yields (control, base_url).

    A separate process, so the server does not share the client's GIL: the figures are the
    client's cost, as they would be against a real provider.
    """
    port = _free_port()
    cmd = [
        sys.executable,
        "-m",
        "imagejobs.cli",
        "fake",
        "serve",
        "-p",
        "topaz",
        "--port",
        str(port),
        "--credential",
        API_KEY,
        "--latency",
        str(latency),
    ]
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "generated")]),
    }
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL, env=env)
    base_url = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base_url) as control:
            for _ in range(200):
                try:
                    control.post("/_fake/reset")
                    break
                except httpx.TransportError:
                    time.sleep(0.05)
            else:
                raise RuntimeError("the fake server did not start")
            yield control, base_url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def seed_jobs(control: httpx.Client, n: int) -> list[str]:
    """``n`` Pending Topaz jobs, ready to cancel, created through the fake's control route."""
    return [
        str(control.post("/_fake/jobs", json={"status": "Pending"}).json()["id"]) for _ in range(n)
    ]


def table(rows: list[tuple[str, str]]) -> None:
    """Print name/value rows aligned."""
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
