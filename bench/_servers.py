"""Light Topaz-shaped servers for the benchmarks, each run in its own process on 127.0.0.1.

    python bench/_servers.py light PORT        # DELETE /cancel/{id} -> 204, nothing else
    python bench/_servers.py bucket PORT       # token bucket 200/s, burst 20; 429 + Retry-After: 1
    python bench/_servers.py window PORT       # 200 per wall-clock second; X-RateLimit-* headers
    python bench/_servers.py no-hint PORT      # token bucket 200/s, burst 20; a bare 429

A raw `aiohttp.web.Server` (no router, no middleware), so the server costs little next to the
client it measures. `GET /_stats` answers {"requests", "limited", "cancelled"} (distinct ids
answered 204) and `POST /_reset` clears them; both are outside the limit.
"""

from __future__ import annotations

import asyncio
import json
import math
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

RATE = 200.0
BURST = 20.0
WINDOW_LIMIT = 200


class TokenBucket:
    """`rate` tokens a second, at most `burst` saved; a request takes one or is refused."""

    def __init__(self, rate: float = RATE, burst: float = BURST) -> None:
        self.rate, self.burst = rate, burst
        self.tokens, self.at = burst, time.monotonic()

    def take(self) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False


def limiter(style: str) -> Callable[[], tuple[bool, dict[str, str]]]:
    """(allowed, headers) per request, for one limiter style."""
    if style == "light":
        return lambda: (True, {})
    if style in ("bucket", "no-hint"):
        bucket = TokenBucket()
        refused = {"Retry-After": "1"} if style == "bucket" else {}
        return lambda: (True, {}) if bucket.take() else (False, refused)
    if style == "window":
        state = {"window": 0, "used": 0}

        def window() -> tuple[bool, dict[str, str]]:
            current = math.floor(time.time())
            if current != state["window"]:
                state["window"], state["used"] = current, 0
            allowed = state["used"] < WINDOW_LIMIT
            state["used"] += allowed
            headers = {
                "X-RateLimit-Limit": str(WINDOW_LIMIT),
                "X-RateLimit-Remaining": str(WINDOW_LIMIT - state["used"]),
                "X-RateLimit-Reset": str(current + 1),  # a Unix time, GitHub's style
            }
            return allowed, headers

        return window
    raise SystemExit(f"unknown style {style!r}")


def serve(style: str, port: int) -> None:
    from aiohttp import web

    decide = limiter(style)
    stats = {"requests": 0, "limited": 0}
    cancelled: set[str] = set()
    limited_body = json.dumps({"message": "Too Many Requests"}).encode()

    async def handle(request: web.BaseRequest) -> web.Response:
        path = request.path
        if path == "/_stats":
            body = {**stats, "cancelled": len(cancelled)}
            return web.Response(body=json.dumps(body).encode(), content_type="application/json")
        if path == "/_reset":
            stats.update(requests=0, limited=0)
            cancelled.clear()
            return web.Response(status=204)
        stats["requests"] += 1
        allowed, headers = decide()
        if not allowed:
            stats["limited"] += 1
            return web.Response(
                status=429, body=limited_body, headers=headers, content_type="application/json"
            )
        if request.method == "DELETE" and path.startswith("/cancel/"):
            if style != "light":
                cancelled.add(path[len("/cancel/") :])
            return web.Response(status=204, headers=headers)
        return web.Response(status=404)

    async def main() -> None:
        runner = web.ServerRunner(web.Server(handle, access_log=None))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port, backlog=1024).start()
        await asyncio.Event().wait()

    asyncio.run(main())


@contextmanager
def served(style: str, *, pinned: list[str] | None = None) -> Iterator[str]:
    """Start `style`'s server in its own process; yield its base URL; stop it.

    With `pinned` (a list), the server and this process are put on different CPUs
    (`_common.pin_apart`) for the duration, and what was done is appended to it.
    """
    import subprocess

    import httpx
    from _common import _free_port, pin_apart

    undo: Callable[[], None] | None = None
    port = _free_port()
    proc = subprocess.Popen([sys.executable, __file__, style, str(port)], stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                httpx.get(f"{url}/_stats", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.05)
        else:
            raise RuntimeError(f"the {style} server did not start")
        if pinned is not None:
            done, undo = pin_apart(proc.pid)
            pinned.append(done)
        yield url
    finally:
        if undo is not None:
            undo()
        proc.terminate()
        proc.wait(timeout=10)


if __name__ == "__main__":
    serve(sys.argv[1], int(sys.argv[2]))
