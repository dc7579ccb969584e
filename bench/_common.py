"""Shared helpers for the benchmarks: timing, medians, a fake Topaz served on 127.0.0.1."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

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


@contextmanager
def served_topaz(latency: float = 0.0) -> Iterator[tuple[object, str]]:
    """A FakeTopaz under uvicorn on 127.0.0.1 (free port); yields (fake, base_url)."""
    from imagejobs.testing import FakeTopaz, Faults
    from imagejobs.testing.serve import running_server

    fake = FakeTopaz(api_key=API_KEY, seed=1, faults=Faults(latency=latency))
    with running_server(fake) as base_url:
        yield fake, base_url


def seed_jobs(fake: object, n: int) -> list[str]:
    """``n`` Pending Topaz jobs, ready to cancel."""
    return [str(fake.add_job(status="Pending")) for _ in range(n)]  # type: ignore[attr-defined]


def table(rows: list[tuple[str, str]]) -> None:
    """Print name/value rows aligned."""
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"  {name:<{width}}  {value}")
