"""Bulk cancel: imagejobs.cancel_many vs raw aiohttp vs raw httpx.AsyncClient vs a requests loop.

Part 1 (no added latency, N jobs, concurrency 32): cancel_many on AsyncTopaz vs raw aiohttp
(goal: ratio <= 1.3) and vs raw httpx.AsyncClient on its default transport (goal: clearly faster).
Part 2 (20 ms server latency): cancel_many vs the loop a user would write from the providers'
docs, `requests.delete` per job with no session (goal: >= 20x).

Run: python bench/bulk_cancel.py [N] [N_LATENCY]
"""

from __future__ import annotations

import asyncio
import sys
import time

import aiohttp
import httpx
import requests
from _common import API_KEY, seed_jobs, served_topaz, table

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
N_LATENCY = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
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


async def with_cancel_many(base_url: str, ids: list[str]) -> float:
    from imagejobs import AsyncTopaz, Job, cancel_many

    async with AsyncTopaz(api_key=API_KEY, base_url=base_url) as client:
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


def main() -> None:
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
