"""Bulk cancel at the provider's limit: the rate gate against limiters, faults and many workers.

Servers in their own processes on 127.0.0.1 (bench/_servers.py); limiter styles:
- bucket:     a token bucket (burst 20); beyond it 429 with `Retry-After: 1`;
- window:     N per wall-clock second; every answer carries X-RateLimit-Limit/Remaining/Reset;
- window-429: the same window, saying so only on its 429s (remaining 0 and the reset);
- no-hint:    the token bucket, answering a bare 429.

Row groups (`--rows`, default all):
- single:  one process, `cancel_many` of --jobs ids (default 3,000) at concurrency 32 on
           AsyncTopaz, limit 200/s (ideal jobs/200 s), with its gate and (unless --gate-only)
           with `rate_gate=False`. Goal with the gate: every id cancelled, <= 1.2x ideal, < 2%
           429s (window-429: < 3%).
- faults:  --fault-jobs ids (default 2,000) on the bucket at 200/s, with and without 30% mixed
           faults on first attempts (429 `Retry-After: 0`, 503, dropped and reset connections,
           truncated bodies), on both twins (async `cancel_many`, `cancel_many_sync` in
           threads). Goal: every id right, faulted time <= 3x the clean time.
- workers: 4 worker processes, each its own AsyncTopaz on a quarter of --jobs ids, against one
           limit of 150/s (ideal jobs/150 s), each process with its own gate ("local") and with
           the gate shared on Redis (IMAGEJOBS_RATE_GATE_URL, a redis-server started here).
           Goal for Redis: <= 1.3x ideal, < 5% 429s, 0 ids in error, on every style.
- kill:    the Redis row on the bucket, with redis-server killed (SIGKILL) a third of the way
           in. Goal: every id right; one warning per worker process.
Each run is bounded (`--timeout`, default 20x ideal). Printed per run: time vs ideal, the share
of requests answered 429, ids in error, ids the server saw cancelled, the rate settled on.

Run: python bench/rate_limit.py [--rows single,faults,workers,kill] [--jobs N] [--styles ...]
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import httpx
from _common import API_KEY, _free_port, table
from _servers import RATE, served

CONCURRENCY = 32
STYLES = ("bucket", "window", "window-429", "no-hint")
WORKERS = 4
WORKER_RATE = 150.0
FAULT_SHARE = 0.3


@dataclass
class Run:
    elapsed: float
    requests: int
    limited: int
    errors: int
    cancelled: int
    rate: float | None
    timed_out: bool = False
    warnings: int = 0
    faults: int = 0


def _count_ok(results: object) -> int:
    from collections import Counter

    from imagejobs import Job, JobStatus

    ok = sum(isinstance(r, Job) and r.status is JobStatus.CANCELLED for r in results)  # type: ignore[attr-defined]
    wrong = Counter(
        f"{type(r).__name__}: {str(r)[:80]}"
        for r in results  # type: ignore[attr-defined]
        if not (isinstance(r, Job) and r.status is JobStatus.CANCELLED)
    )
    for what, count in wrong.most_common(3):  # what went wrong, on stderr
        print(f"  {count} x {what}", file=sys.stderr)
    return ok


async def cancel_all(
    base_url: str, ids: list[str], *, gate: bool, timeout: float
) -> tuple[float, int, float | None, bool]:
    """(elapsed, ids cancelled, settled rate, timed out) for one async batch."""
    from imagejobs import AsyncTopaz, cancel_many

    async with AsyncTopaz(
        api_key=API_KEY, base_url=base_url, rate_gate=None if gate else False
    ) as client:
        start = time.perf_counter()
        try:
            results = await asyncio.wait_for(
                cancel_many(client, ids, concurrency=CONCURRENCY), timeout
            )
        except TimeoutError:
            return time.perf_counter() - start, 0, None, True
        return time.perf_counter() - start, _count_ok(results), results.rate, False


def cancel_all_sync(base_url: str, ids: list[str]) -> tuple[float, int, float | None, bool]:
    from imagejobs import Topaz, cancel_many_sync

    with Topaz(api_key=API_KEY, base_url=base_url) as client:
        start = time.perf_counter()
        results = cancel_many_sync(client, ids, concurrency=CONCURRENCY)
        return time.perf_counter() - start, _count_ok(results), results.rate, False


def fresh(base_url: str) -> None:
    httpx.post(f"{base_url}/_reset")
    time.sleep(1.1)  # let a window or bucket start full, as a fresh account's would


def measured(base_url: str, n: int, outcome: tuple[float, int, float | None, bool]) -> Run:
    elapsed, ok, rate, timed_out = outcome
    stats = httpx.get(f"{base_url}/_stats").json()
    return Run(
        elapsed=elapsed,
        requests=stats["requests"],
        limited=stats["limited"],
        errors=n - ok,
        cancelled=stats["cancelled"],
        rate=rate,
        timed_out=timed_out,
        faults=stats["faults"],
    )


def describe(run: Run, ideal: float, n: int) -> str:
    share = run.limited / max(run.requests, 1)
    rate = f"{run.rate:.0f}/s" if run.rate is not None else "-"
    return (
        f"{run.elapsed / ideal:5.2f}x ideal ({run.elapsed:5.1f} s)  "
        f"429s {share:6.1%} ({run.limited}/{run.requests})  "
        f"ids in error {run.errors:4} ({run.errors / n:.1%})  "
        f"cancelled {run.cancelled}  settled {rate}" + ("  TIMED OUT" if run.timed_out else "")
    )


def verdict(good: bool) -> str:
    return "  ok" if good else "  NOT MET"


# -- single process ------------------------------------------------------------------------------


def single_rows(args: argparse.Namespace, rows: list[tuple[str, str]]) -> bool:
    ideal = args.jobs / RATE
    met = True
    variants = [("cancel_many (rate gate)", True)]
    if not args.gate_only:
        variants.append(("rate_gate=False", False))
    for style in args.styles.split(","):
        with served(style) as base_url:
            for name, gate in variants:
                fresh(base_url)
                ids = [str(uuid.uuid4()) for _ in range(args.jobs)]
                outcome = asyncio.run(
                    cancel_all(base_url, ids, gate=gate, timeout=args.timeout * ideal)
                )
                run = measured(base_url, args.jobs, outcome)
                text = describe(run, ideal, args.jobs)
                if gate:
                    share = run.limited / max(run.requests, 1)
                    good = (
                        not run.timed_out
                        and run.errors == 0
                        and run.elapsed <= 1.2 * ideal
                        and share < (0.03 if style == "window-429" else 0.02)
                    )
                    met = met and good
                    text += verdict(good)
                rows.append((f"1 process  {style:10} {name}", text))
    return met


# -- faults --------------------------------------------------------------------------------------


def fault_rows(args: argparse.Namespace, rows: list[tuple[str, str]]) -> bool:
    n = args.fault_jobs
    ideal = n / RATE
    met = True
    for twin in ("async", "sync"):
        clean: Run | None = None
        for share in (0.0, FAULT_SHARE):
            with served("bucket", faults=share) as base_url:
                fresh(base_url)
                ids = [str(uuid.uuid4()) for _ in range(n)]
                if twin == "async":
                    outcome = asyncio.run(
                        cancel_all(base_url, ids, gate=True, timeout=args.timeout * ideal)
                    )
                else:
                    outcome = cancel_all_sync(base_url, ids)
                run = measured(base_url, n, outcome)
            text = describe(run, ideal, n)
            label = f"faults     bucket     {twin:5} " + (
                "no faults" if not share else f"{share:.0%} faulted ({run.faults} faults)"
            )
            if clean is None:
                clean = run
            else:
                ratio = run.elapsed / clean.elapsed
                good = not run.timed_out and run.errors == 0 and ratio <= 3.0
                met = met and good
                text += f"  = {ratio:.2f}x the clean batch" + verdict(good)
            rows.append((label, text))
    return met


# -- worker processes ----------------------------------------------------------------------------


@contextmanager
def redis_server() -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A throwaway redis-server on 127.0.0.1 (no persistence); yields (url, process)."""
    import redis

    binary = shutil.which("redis-server")
    if binary is None:
        raise SystemExit("redis-server is not installed (Debian: apt-get install redis-server)")
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/0"
    try:
        client = redis.Redis.from_url(url)
        for _ in range(200):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.02)
        client.close()
        yield url, proc
    finally:
        if proc.poll() is None:
            proc.terminate()
            proc.wait(timeout=10)


def worker(
    base_url: str, ids: list[str], gate_url: str | None, ready: object, go: object, out: object
) -> None:
    """One worker process: its own client (default gate, shared if `gate_url`) on its ids.

    It says `ready` once imported and connected, and starts when the parent sets `go`, so a
    slow start (imports on a loaded machine) is not counted in the batch's time.
    """
    if gate_url:
        os.environ["IMAGEJOBS_RATE_GATE_URL"] = gate_url
    warnings: list[logging.LogRecord] = []

    class Count(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            if record.levelno >= logging.WARNING:
                warnings.append(record)

    logging.getLogger("imagejobs").addHandler(Count())

    async def run() -> tuple[int, float | None]:
        from imagejobs import AsyncTopaz, cancel_many

        async with AsyncTopaz(api_key=API_KEY, base_url=base_url) as client:
            ready.put(os.getpid())  # type: ignore[attr-defined]
            go.wait()  # type: ignore[attr-defined]
            results = await cancel_many(client, ids, concurrency=CONCURRENCY)
            return _count_ok(results), results.rate

    try:
        ok, rate = asyncio.run(run())
    except BaseException as exc:  # say so, rather than leave the parent waiting
        print(f"worker failed: {exc!r}", file=sys.stderr)
        ok, rate = 0, None
    out.put((ok, rate, time.time(), len(warnings)))  # type: ignore[attr-defined]


def run_workers(
    base_url: str,
    n: int,
    gate_url: str | None,
    timeout: float,
    kill: subprocess.Popen[bytes] | None = None,
    kill_after: float = 0.0,
) -> Run:
    ctx = multiprocessing.get_context("spawn")
    out, ready, go = ctx.Queue(), ctx.Queue(), ctx.Event()
    ids = [str(uuid.uuid4()) for _ in range(n)]
    procs = [
        ctx.Process(target=worker, args=(base_url, ids[i::WORKERS], gate_url, ready, go, out))
        for i in range(WORKERS)
    ]
    for proc in procs:
        proc.start()
    for _ in procs:
        ready.get(timeout=60)
    start_at = time.time()
    go.set()
    if kill is not None:
        time.sleep(max(0.0, start_at + kill_after - time.time()))
        kill.send_signal(signal.SIGKILL)
    done = []
    deadline = start_at + timeout
    timed_out = False
    for _ in procs:
        try:
            done.append(out.get(timeout=max(1.0, deadline - time.time())))
        except Exception:
            timed_out = True
            break
    for proc in procs:
        proc.join(timeout=5)
        if proc.is_alive():
            proc.kill()
    stats = httpx.get(f"{base_url}/_stats").json()
    ok = sum(d[0] for d in done)
    rates = [d[1] for d in done if d[1] is not None]
    end = max((d[2] for d in done), default=time.time())
    return Run(
        elapsed=end - start_at,
        requests=stats["requests"],
        limited=stats["limited"],
        errors=n - ok,
        cancelled=stats["cancelled"],
        rate=sum(rates) / len(rates) if rates else None,
        timed_out=timed_out,
        warnings=sum(d[3] for d in done),
    )


def worker_rows(args: argparse.Namespace, rows: list[tuple[str, str]]) -> bool:
    import redis

    ideal = args.jobs / WORKER_RATE
    met = True
    with redis_server() as (gate_url, _):
        control = redis.Redis.from_url(gate_url)
        for style in args.styles.split(","):
            with served(style, rate=WORKER_RATE) as base_url:
                for name, url in (("local gates", None), ("Redis gate", gate_url)):
                    control.flushdb()
                    fresh(base_url)
                    run = run_workers(base_url, args.jobs, url, args.timeout * ideal)
                    text = describe(run, ideal, args.jobs)
                    if url is not None:
                        share = run.limited / max(run.requests, 1)
                        good = (
                            not run.timed_out
                            and run.errors == 0
                            and run.elapsed <= 1.3 * ideal
                            and share < 0.05
                        )
                        met = met and good
                        text += verdict(good)
                    rows.append((f"{WORKERS} workers  {style:10} {name}", text))
        control.close()
    return met


def kill_rows(args: argparse.Namespace, rows: list[tuple[str, str]]) -> bool:
    ideal = args.jobs / WORKER_RATE
    with redis_server() as (gate_url, proc), served("bucket", rate=WORKER_RATE) as base_url:
        fresh(base_url)
        run = run_workers(
            base_url, args.jobs, gate_url, args.timeout * ideal, kill=proc, kill_after=ideal / 3
        )
    good = not run.timed_out and run.errors == 0 and run.warnings == WORKERS
    rows.append(
        (
            f"{WORKERS} workers  bucket     Redis killed at {ideal / 3:.0f} s",
            describe(run, ideal, args.jobs)
            + f"  warnings {run.warnings} ({WORKERS} workers)"
            + verdict(good),
        )
    )
    return good


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="single,faults,workers,kill", help="row groups")
    parser.add_argument("--jobs", type=int, default=3000, help="ids per run (default 3,000)")
    parser.add_argument("--fault-jobs", type=int, default=2000, help="ids per fault run")
    parser.add_argument("--styles", default=",".join(STYLES), help="comma-separated styles")
    parser.add_argument("--gate-only", action="store_true", help="skip rate_gate=False")
    parser.add_argument("--timeout", type=float, default=20.0, help="bound per run, x ideal")
    args = parser.parse_args()
    groups = {
        "single": single_rows,
        "faults": fault_rows,
        "workers": worker_rows,
        "kill": kill_rows,
    }
    met = True
    rows: list[tuple[str, str]] = []
    wanted = args.rows.split(",")
    for name in wanted:
        if name not in groups:
            raise SystemExit(f"unknown row group {name!r}; choose from {', '.join(groups)}")
    for name in wanted:
        met = groups[name](args, rows) and met
    print(
        f"bulk cancel at the limit: concurrency {CONCURRENCY} per process; 1 process at "
        f"{RATE:.0f}/s ({args.jobs} jobs, ideal {args.jobs / RATE:.1f} s); faults "
        f"{args.fault_jobs} jobs; {WORKERS} workers at {WORKER_RATE:.0f}/s "
        f"(ideal {args.jobs / WORKER_RATE:.1f} s); servers in their own processes"
    )
    table(rows)
    print("goals: " + ("met" if met else "NOT met"))
    sys.exit(0 if met else 1)


if __name__ == "__main__":
    main()
