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
ROUNDS = 3


def main() -> None:
    from imagejobs import Topaz

    raw_times: list[float] = []
    facade_times: list[float] = []
    with served_topaz() as (fake, base_url):
        for _ in range(ROUNDS):
            # Alternate the two so drift on the machine hits both alike.
            ids = seed_jobs(fake, N)
            with httpx.Client(base_url=base_url, headers={"X-API-Key": API_KEY}) as raw:
                raw.delete(f"/cancel/{seed_jobs(fake, 1)[0]}")  # warm the connection

                def run_raw(client: httpx.Client = raw, ids: list[str] = ids) -> None:
                    for job_id in ids:
                        r = client.delete(f"/cancel/{job_id}")
                        if r.status_code != 204:
                            raise SystemExit(f"raw cancel failed: {r.status_code}")

                raw_times.append(timed(run_raw))
            ids = seed_jobs(fake, N)
            with Topaz(api_key=API_KEY, base_url=base_url) as facade:
                facade.cancel(seed_jobs(fake, 1)[0])

                def run_facade(client: Topaz = facade, ids: list[str] = ids) -> None:
                    for job_id in ids:
                        client.cancel(job_id)

                facade_times.append(timed(run_facade))
    raw_best, facade_best = min(raw_times), min(facade_times)
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
