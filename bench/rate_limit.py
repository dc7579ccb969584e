"""Bulk cancel at the provider's limit: cancel_many with its rate gate vs today's behaviour.

Three limiters, each a server in its own process on 127.0.0.1 (bench/_servers.py), each
allowing 200 requests/s:
- bucket:  a token bucket (burst 20); beyond it 429 with `Retry-After: 1`;
- window:  200 per wall-clock second; every answer carries X-RateLimit-Limit/Remaining/Reset;
- no-hint: the same token bucket, answering a bare 429.
For each, `cancel_many` of N jobs (default 3,000: 15 s at the limit) at concurrency 32 on
AsyncTopaz with its gate (the default) and with `rate_gate=False` (today's behaviour: per-call
retries only, default max_retries). Printed per run: time vs ideal (N / 200 s), the share of
requests the server answered 429, ids that ended in error, ids the server saw cancelled, and
the rate the batch reports it settled on. Each run is bounded (`--timeout`, default 20x ideal).

Done when, with the gate, against every style: every id cancelled, <= 1.2x ideal, < 2% 429s.

Run: python bench/rate_limit.py [--jobs N] [--styles bucket,window,no-hint] [--gate-only]
"""

from __future__ import annotations

import argparse
import asyncio
import time
import uuid
from dataclasses import dataclass

import httpx
from _common import API_KEY, table
from _servers import RATE, served

CONCURRENCY = 32
STYLES = ("bucket", "window", "no-hint")


@dataclass
class Run:
    elapsed: float
    requests: int
    limited: int
    errors: int
    cancelled: int
    rate: float | None
    timed_out: bool = False


async def cancel_all(base_url: str, ids: list[str], *, gate: bool, timeout: float) -> Run:
    from imagejobs import AsyncTopaz, Job, JobStatus, Results, cancel_many

    async with AsyncTopaz(
        api_key=API_KEY, base_url=base_url, rate_gate=None if gate else False
    ) as client:
        start = time.perf_counter()
        timed_out = False
        try:
            results: Results | list[object] = await asyncio.wait_for(
                cancel_many(client, ids, concurrency=CONCURRENCY), timeout
            )
        except TimeoutError:
            results, timed_out = [], True
        elapsed = time.perf_counter() - start
    stats = httpx.get(f"{base_url}/_stats").json()
    ok = sum(isinstance(r, Job) and r.status is JobStatus.CANCELLED for r in results)
    return Run(
        elapsed=elapsed,
        requests=stats["requests"],
        limited=stats["limited"],
        errors=len(ids) - ok,
        cancelled=stats["cancelled"],
        rate=getattr(results, "rate", None),
        timed_out=timed_out,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=3000, help="ids per run (default 3,000)")
    parser.add_argument("--styles", default=",".join(STYLES), help="comma-separated styles")
    parser.add_argument("--gate-only", action="store_true", help="skip today's behaviour")
    parser.add_argument("--timeout", type=float, default=20.0, help="bound per run, x ideal")
    args = parser.parse_args()
    ideal = args.jobs / RATE
    variants = [("cancel_many (rate gate)", True)]
    if not args.gate_only:
        variants.append(("today: rate_gate=False", False))
    met = True
    rows: list[tuple[str, str]] = []
    for style in args.styles.split(","):
        with served(style) as base_url:
            for name, gate in variants:
                httpx.post(f"{base_url}/_reset")
                # Let a window or bucket start full, as a fresh account's would.
                time.sleep(1.1)
                ids = [str(uuid.uuid4()) for _ in range(args.jobs)]
                run = asyncio.run(
                    cancel_all(base_url, ids, gate=gate, timeout=args.timeout * ideal)
                )
                share = run.limited / max(run.requests, 1)
                rate = f"{run.rate:.0f}/s" if run.rate is not None else "-"
                verdict = ""
                if gate:
                    good = (
                        not run.timed_out
                        and run.errors == 0
                        and run.elapsed <= 1.2 * ideal
                        and share < 0.02
                    )
                    met = met and good
                    verdict = "  ok" if good else "  NOT MET"
                rows.append(
                    (
                        f"{style:8} {name}",
                        f"{run.elapsed / ideal:5.2f}x ideal ({run.elapsed:5.1f} s)  "
                        f"429s {share:6.1%} ({run.limited}/{run.requests})  "
                        f"ids in error {run.errors:4} ({run.errors / args.jobs:.1%})  "
                        f"cancelled {run.cancelled}  settled {rate}"
                        + ("  TIMED OUT" if run.timed_out else "")
                        + verdict,
                    )
                )
    print(
        f"bulk cancel at the limit: {args.jobs} jobs, concurrency {CONCURRENCY}, limit "
        f"{RATE:.0f}/s (ideal {ideal:.1f} s); servers in their own processes"
    )
    table(rows)
    print(
        "goal with the gate: every id cancelled, <= 1.2x ideal, < 2% 429s: "
        + ("met" if met else "NOT met")
    )


if __name__ == "__main__":
    main()
