"""Per-request overhead of the facade: Topaz.cancel vs the same DELETE with a raw httpx.Client.

Both reuse one connection (keep-alive) to a FakeTopaz served by uvicorn on 127.0.0.1 with no added
latency, so the difference is what the facade costs: the generated client, error mapping, the
retry wrapper and building a Job. Goal: facade / raw <= 1.15.

Run: python bench/facade_overhead.py [N]
"""

from __future__ import annotations

import sys

import httpx
from _common import API_KEY, seed_jobs, served_topaz, table, timed

N = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
ROUNDS = 4


def run_raw(base_url: str, ids: list[str], warm: str) -> float:
    with httpx.Client(base_url=base_url, headers={"X-API-Key": API_KEY}) as raw:
        raw.delete(f"/cancel/{warm}")  # open the connection before timing

        def loop() -> None:
            for job_id in ids:
                if raw.delete(f"/cancel/{job_id}").status_code != 204:
                    raise SystemExit("raw cancel failed")

        return timed(loop)


def run_facade(base_url: str, ids: list[str], warm: str) -> float:
    from imagejobs import Topaz

    with Topaz(api_key=API_KEY, base_url=base_url) as facade:
        facade.cancel(warm)

        def loop() -> None:
            for job_id in ids:
                facade.cancel(job_id)

        return timed(loop)


def main() -> None:
    times: dict[str, list[float]] = {"raw": [], "facade": []}
    runners = {"raw": run_raw, "facade": run_facade}
    with served_topaz() as (control, base_url):
        for round_no in range(ROUNDS):
            # Alternate which goes first, and start each from an empty fake, so neither gains
            # from a warmer machine or a smaller job store.
            order = ["raw", "facade"] if round_no % 2 == 0 else ["facade", "raw"]
            for name in order:
                control.post("/_fake/reset")
                ids = seed_jobs(control, N + 1)
                times[name].append(runners[name](base_url, ids[1:], ids[0]))
    raw_best, facade_best = min(times["raw"]), min(times["facade"])
    print(f"per-request overhead, {N} cancels on one connection, best of {ROUNDS}")
    table(
        [
            ("raw httpx.Client", f"{raw_best:.3f} s  ({raw_best / N * 1e6:.0f} us/request)"),
            (
                "imagejobs Topaz.cancel",
                f"{facade_best:.3f} s  ({facade_best / N * 1e6:.0f} us/request)",
            ),
            ("ratio facade / raw", f"{facade_best / raw_best:.2f}  (goal <= 1.15)"),
        ]
    )


if __name__ == "__main__":
    main()
