"""Bulk cancel: imagejobs.cancel_many vs raw aiohttp vs raw httpx.AsyncClient vs a requests loop.

Part 0 (a light raw aiohttp.web server in its own process, bench/_servers.py, so the server does
not hide the client's cost; N jobs, concurrency 32): cancel_many on AsyncTopaz's default (lean)
path vs raw aiohttp (done when <= 1.6, goal 1.3), and the httpx path it replaced.
Part 1 (the stateful FakeTopaz under uvicorn, no added latency, N jobs, concurrency 32):
cancel_many vs raw aiohttp and vs raw httpx.AsyncClient on its default transport (goal: clearly faster).
Part 2 (20 ms server latency): cancel_many vs the loop a user would write from the providers'
docs, `requests.delete` per job with no session (goal: >= 20x).

Run: python bench/bulk_cancel.py [N] [N_LATENCY] [--light-only]
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
import uuid

import aiohttp
import httpx
import requests
from _common import API_KEY, seed_jobs, served_topaz, table
from _servers import served

ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
N = int(ARGS[0]) if ARGS else 2000
N_LATENCY = int(ARGS[1]) if len(ARGS) > 1 else 1000
CONCURRENCY = 32
ROUNDS = 3


async def with_aiohttp(base_url: str, ids: list[str]) -> float:
    connector = aiohttp.TCPConnector(limit=CONCURRENCY)
    async with aiohttp.ClientSession(
        base_url + "/", connector=connector, headers={"X-API-Key": API_KEY}
    ) as session:
        semaphore = asyncio.Semaphore(CONCURRENCY)

        async def one(job_id: str) -> None:
            async with semaphore, session.delete(f"cancel/{job_id}") as response:
                await response.read()
                assert response.status == 204, response.status

        start = time.perf_counter()
        await asyncio.gather(*(one(j) for j in ids))
        return time.perf_counter() - start


async def with_httpx(base_url: str, ids: list[str], *, on_aiohttp: bool = False) -> float:
    limits = httpx.Limits(max_connections=CONCURRENCY)
    transport = None
    if on_aiohttp:
        from httpx_aiohttp import AiohttpTransport

        transport = AiohttpTransport(limits=limits)
    async with httpx.AsyncClient(
        base_url=base_url, headers={"X-API-Key": API_KEY}, limits=limits, transport=transport
    ) as client:
        semaphore = asyncio.Semaphore(CONCURRENCY)

        async def one(job_id: str) -> None:
            async with semaphore:
                response = await client.delete(f"/cancel/{job_id}")
                assert response.status_code == 204, response.status_code

        start = time.perf_counter()
        await asyncio.gather(*(one(j) for j in ids))
        return time.perf_counter() - start


async def with_cancel_many(base_url: str, ids: list[str], *, httpx_path: bool = False) -> float:
    from imagejobs import AsyncTopaz, Job, cancel_many

    transport = None
    if httpx_path:  # the async default before issue 13: httpx.AsyncClient on httpx-aiohttp
        # (the bench extra). The package's own subclass, which only re-derived the exception
        # types, is gone with that path; the requests it sends are the same.
        from httpx_aiohttp import AiohttpTransport

        from imagejobs._base_client import LIMITS

        transport = AiohttpTransport(limits=LIMITS)
    async with AsyncTopaz(api_key=API_KEY, base_url=base_url, transport=transport) as client:
        start = time.perf_counter()
        results = await cancel_many(client, ids, concurrency=CONCURRENCY)
        elapsed = time.perf_counter() - start
    failed = [r for r in results if not isinstance(r, Job)]
    assert not failed, failed[:3]
    return elapsed


def with_requests_loop(base_url: str, ids: list[str]) -> float:
    start = time.perf_counter()
    for job_id in ids:
        # What the docs' examples do: one request per job, a new connection each time.
        response = requests.delete(
            f"{base_url}/cancel/{job_id}", headers={"X-API-Key": API_KEY}, timeout=30
        )
        assert response.status_code == 204, response.status_code
    return time.perf_counter() - start


LIGHT_ROUNDS = 9


def light() -> None:
    raw, lean, old = (
        "raw aiohttp",
        "imagejobs.cancel_many (AsyncTopaz, lean path)",
        "imagejobs.cancel_many (AsyncTopaz, httpx path)",
    )
    runs = {
        raw: lambda url, ids: asyncio.run(with_aiohttp(url, ids)),
        lean: lambda url, ids: asyncio.run(with_cancel_many(url, ids)),
        old: lambda url, ids: asyncio.run(with_cancel_many(url, ids, httpx_path=True)),
    }
    times: dict[str, list[float]] = {name: [] for name in runs}
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    pinned: list[str] = []
    with served("light", pinned=pinned) as base_url:
        asyncio.run(with_cancel_many(base_url, [str(uuid.uuid4()) for _ in range(200)]))
        for round_no in range(LIGHT_ROUNDS):
            # Alternate the order, so neither side always runs on a warmer machine.
            names = list(runs) if round_no % 2 == 0 else list(reversed(runs))
            for name in names:
                ids = [str(uuid.uuid4()) for _ in range(N)]
                started = time.process_time()
                times[name].append(runs[name](base_url, ids))
                cpu[name].append(time.process_time() - started)
    best = {name: min(t) for name, t in times.items()}
    # Per round, each client against raw aiohttp measured in the same round: the median of
    # those ratios is steadier on a busy machine than a ratio of two bests.
    paired = {
        name: statistics.median(t / r for t, r in zip(times[name], times[raw], strict=True))
        for name in (lean, old)
    }
    cpu_paired = statistics.median(t / r for t, r in zip(cpu[lean], cpu[raw], strict=True))
    spread = max(max(t) / min(t) for t in times.values())
    print(
        f"bulk cancel on a light raw aiohttp.web server (own process), {N} jobs, concurrency "
        f"{CONCURRENCY}, {LIGHT_ROUNDS} rounds (slowest/fastest run of a row: {spread:.2f}x); "
        f"{pinned[0] if pinned else 'not pinned'}"
    )
    table(
        [
            *((name, f"best {t:.3f} s  ({N / t:,.0f} req/s)") for name, t in best.items()),
            (
                "ratio cancel_many (lean) / aiohttp",
                f"{best[lean] / best[raw]:.2f} of bests, {paired[lean]:.2f} median per round"
                "  (<= 1.6, goal 1.3)",
            ),
            (
                "client CPU per request, lean / aiohttp",
                f"{statistics.median(cpu[lean]) / N * 1e6:.0f} vs "
                f"{statistics.median(cpu[raw]) / N * 1e6:.0f} us (medians); "
                f"{cpu_paired:.2f} median per round",
            ),
            (
                "ratio cancel_many (httpx path) / aiohttp",
                f"{best[old] / best[raw]:.2f} of bests, {paired[old]:.2f} median per round"
                "  (the path before)",
            ),
        ]
    )
    print()


def main() -> None:
    light()
    if "--light-only" in sys.argv:
        return
    runs = {
        "raw aiohttp": lambda url, ids: asyncio.run(with_aiohttp(url, ids)),
        "raw httpx.AsyncClient on the aiohttp transport": lambda url, ids: asyncio.run(
            with_httpx(url, ids, on_aiohttp=True)
        ),
        "imagejobs.cancel_many (AsyncTopaz)": lambda url, ids: asyncio.run(
            with_cancel_many(url, ids)
        ),
        "raw httpx.AsyncClient (default transport)": lambda url, ids: asyncio.run(
            with_httpx(url, ids)
        ),
    }
    best: dict[str, float] = {}
    with served_topaz() as (control, base_url):
        asyncio.run(with_cancel_many(base_url, seed_jobs(control, 50)))  # warm imports and server
        for round_no in range(ROUNDS):
            for name, run in runs.items():
                if name.endswith("(default transport)") and round_no:
                    continue  # ten times slower: once is enough to see it
                control.post("/_fake/reset")
                elapsed = run(base_url, seed_jobs(control, N))
                best[name] = min(best.get(name, elapsed), elapsed)
    t_aiohttp = best["raw aiohttp"]
    t_many = best["imagejobs.cancel_many (AsyncTopaz)"]
    t_stack = best["raw httpx.AsyncClient on the aiohttp transport"]
    t_httpx = best["raw httpx.AsyncClient (default transport)"]
    print(f"bulk cancel, {N} jobs, concurrency {CONCURRENCY}, no added latency, best of {ROUNDS}")
    table(
        [
            *((name, f"{t:.2f} s") for name, t in best.items()),
            ("ratio cancel_many / aiohttp", f"{t_many / t_aiohttp:.2f}  (goal <= 1.3)"),
            (
                "ratio cancel_many / httpx-on-aiohttp",
                f"{t_many / t_stack:.2f}  (what the facade adds)",
            ),
            ("ratio httpx default / cancel_many", f"{t_httpx / t_many:.2f}x  (goal: clearly > 1)"),
        ]
    )
    with served_topaz(latency=0.020) as (control, base_url):
        t_loop = with_requests_loop(base_url, seed_jobs(control, N_LATENCY))
        t_many = asyncio.run(with_cancel_many(base_url, seed_jobs(control, N_LATENCY)))
    print(f"\nbulk cancel, {N_LATENCY} jobs, 20 ms server latency")
    table(
        [
            ("requests.delete loop (no session)", f"{t_loop:.2f} s"),
            (f"imagejobs.cancel_many (concurrency {CONCURRENCY})", f"{t_many:.2f} s"),
            ("speed-up", f"{t_loop / t_many:.1f}x  (goal >= 20x)"),
        ]
    )


if __name__ == "__main__":
    main()
