"""Per-request overhead of the sync facade: Topaz.cancel vs the same DELETE with a raw httpx.Client.

Both reuse one connection (keep-alive) to a light raw aiohttp.web server in its own process
(bench/_servers.py: DELETE /cancel/{id} -> 204 and nothing else, so the server hides little of
the client's cost), server and client pinned to different CPUs where the machine allows. The
difference is what the facade costs: the generated client, the error boundary, the retry
wrapper, the rate gate, the deadline scope and building a Job. Goal: facade / raw <= 1.15.

Each round runs both, in alternating order; the figure is the median of the per-round ratios
(wall clock and client CPU), which a shared machine moves far less than a ratio of two bests.

Run: python bench/facade_overhead.py [N]
"""

from __future__ import annotations

import statistics
import sys
import time
import uuid
from collections.abc import Callable

import httpx
from _common import API_KEY, table
from _servers import served

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
ROUNDS = 9


def run_raw(base_url: str, ids: list[str]) -> None:
    with httpx.Client(base_url=base_url, headers={"X-API-Key": API_KEY}) as raw:
        raw.delete(f"/cancel/{ids[0]}")  # open the connection before timing
        for job_id in ids:
            if raw.delete(f"/cancel/{job_id}").status_code != 204:
                raise SystemExit("raw cancel failed")


def run_facade(base_url: str, ids: list[str]) -> None:
    from imagejobs import Topaz

    with Topaz(api_key=API_KEY, base_url=base_url) as facade:
        facade.cancel(ids[0])
        for job_id in ids:
            facade.cancel(job_id)


def measured(run: Callable[[str, list[str]], None], base_url: str) -> tuple[float, float]:
    """(wall seconds, client CPU seconds) of one run over N fresh ids."""
    ids = [str(uuid.uuid4()) for _ in range(N)]
    wall, cpu = time.perf_counter(), time.process_time()
    run(base_url, ids)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    runners = {"raw": run_raw, "facade": run_facade}
    wall: dict[str, list[float]] = {name: [] for name in runners}
    cpu: dict[str, list[float]] = {name: [] for name in runners}
    pinned: list[str] = []
    with served("light", pinned=pinned) as base_url:
        run_facade(base_url, [str(uuid.uuid4()) for _ in range(200)])  # warm imports and server
        for round_no in range(ROUNDS):
            # Alternate which goes first, so neither always runs on a warmer machine.
            order = list(runners) if round_no % 2 == 0 else list(reversed(runners))
            for name in order:
                seconds, used = measured(runners[name], base_url)
                wall[name].append(seconds)
                cpu[name].append(used)

    def per_round(figures: dict[str, list[float]]) -> float:
        pairs = zip(figures["facade"], figures["raw"], strict=True)
        return statistics.median(f / r for f, r in pairs)

    def us(figures: list[float]) -> str:
        return f"{statistics.median(figures) / N * 1e6:.0f} us/request"

    print(
        f"sync per-request overhead, {N} cancels on one connection to a light server, "
        f"{ROUNDS} rounds; {pinned[0] if pinned else 'not pinned'}"
    )
    table(
        [
            ("raw httpx.Client", f"{us(wall['raw'])} wall, {us(cpu['raw'])} CPU (medians)"),
            ("imagejobs Topaz.cancel", f"{us(wall['facade'])} wall, {us(cpu['facade'])} CPU"),
            ("ratio facade / raw", f"{per_round(wall):.2f} median per round  (goal <= 1.15)"),
            ("client CPU, facade / raw", f"{per_round(cpu):.2f} median per round"),
        ]
    )


if __name__ == "__main__":
    main()
