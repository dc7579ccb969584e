"""Light Topaz-shaped servers for the benchmarks, each run in its own process on 127.0.0.1.

    python bench/_servers.py light PORT        # DELETE /cancel/{id} -> 204, nothing else
    python bench/_servers.py bucket PORT       # token bucket 200/s, burst 20; 429 + Retry-After: 1
    python bench/_servers.py window PORT       # 200 per wall-clock second; X-RateLimit-* headers
    python bench/_servers.py window-429 PORT   # the same window; X-RateLimit-* only on its 429s
    python bench/_servers.py no-hint PORT      # token bucket 200/s, burst 20; a bare 429
    ... [--rate R] [--faults P]                # another limit; P of the ids fail their first try

A raw `aiohttp.web.Server` (no router, no middleware), so the server costs little next to the
client it measures. `GET /_stats` answers {"requests", "limited", "faults", "cancelled"}
(cancelled: distinct ids the server cancelled) and `POST /_reset` clears them; both are outside
the limit.

With `--faults P`, the first request of P of the ids that the limiter lets through fails, in
one of five ways taken in turn by the id's hash: 429 with `Retry-After: 0`, 503, a connection
closed without an answer, a connection reset (RST), a 200 whose body is cut short (the job is
cancelled; the answer is lost). Its retry is answered normally: what the client must survive is
the noise, not a lost id.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import math
import socket
import struct
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

RATE = 200.0
BURST = 20.0
FAULTS = ("429-now", "503", "drop", "reset", "truncated")


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


def limiter(style: str, rate: float = RATE) -> Callable[[], tuple[bool, dict[str, str]]]:
    """(allowed, headers) per request, for one limiter style."""
    if style == "light":
        return lambda: (True, {})
    if style in ("bucket", "no-hint"):
        bucket = TokenBucket(rate)
        refused = {"Retry-After": "1"} if style == "bucket" else {}
        return lambda: (True, {}) if bucket.take() else (False, refused)
    if style in ("window", "window-429"):
        limit = int(rate)
        state = {"window": 0, "used": 0}
        on_every_answer = style == "window"

        def window() -> tuple[bool, dict[str, str]]:
            current = math.floor(time.time())
            if current != state["window"]:
                state["window"], state["used"] = current, 0
            allowed = state["used"] < limit
            state["used"] += allowed
            if allowed and not on_every_answer:
                return True, {}
            headers = {
                "X-RateLimit-Limit": str(limit),
                "X-RateLimit-Remaining": str(limit - state["used"]),
                "X-RateLimit-Reset": str(current + 1),  # a Unix time, GitHub's style
            }
            return allowed, headers

        return window
    raise SystemExit(f"unknown style {style!r}")


def fault_of(job_id: str, share: float) -> str | None:
    """Which fault (if any) the first admitted request for `job_id` meets: by its hash."""
    digest = hashlib.blake2b(job_id.encode(), digest_size=8).digest()
    draw = int.from_bytes(digest[:4], "big") / 2**32
    if draw >= share:
        return None
    return FAULTS[int.from_bytes(digest[4:], "big") % len(FAULTS)]


def serve(style: str, port: int, rate: float = RATE, faults: float = 0.0) -> None:
    from aiohttp import web

    decide = limiter(style, rate)
    stats = {"requests": 0, "limited": 0, "faults": 0}
    cancelled: set[str] = set()
    seen: set[str] = set()
    limited_body = json.dumps({"message": "Too Many Requests"}).encode()
    busy_body = json.dumps({"message": "Service Unavailable"}).encode()
    job_body = json.dumps({"process_id": "x" * 36, "status": "Cancelled"}).encode()

    def cut(request: web.BaseRequest, reset: bool) -> None:
        transport = request.transport
        if transport is None:
            return
        if reset:  # an RST instead of a FIN: the client reads "connection reset by peer"
            sock = transport.get_extra_info("socket")
            if sock is not None:
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            transport.abort()
        else:
            transport.close()

    async def fault(request: web.BaseRequest, kind: str, job_id: str) -> web.StreamResponse:
        stats["faults"] += 1
        if kind == "429-now":
            stats["limited"] += 1
            return web.Response(
                status=429,
                body=limited_body,
                headers={"Retry-After": "0"},
                content_type="application/json",
            )
        if kind == "503":
            return web.Response(status=503, body=busy_body, content_type="application/json")
        if kind == "truncated":
            cancelled.add(job_id)  # handled; only the answer is lost
            response = web.StreamResponse(status=200)
            response.content_type = "application/json"
            response.content_length = len(job_body)
            await response.prepare(request)
            await response.write(job_body[: len(job_body) // 2])
            cut(request, reset=False)
            return response
        cut(request, reset=kind == "reset")
        raise asyncio.CancelledError  # nothing more to send on this connection

    async def handle(request: web.BaseRequest) -> web.StreamResponse:
        path = request.path
        if path == "/_stats":
            body = {**stats, "cancelled": len(cancelled)}
            return web.Response(body=json.dumps(body).encode(), content_type="application/json")
        if path == "/_reset":
            stats.update(requests=0, limited=0, faults=0)
            cancelled.clear()
            seen.clear()
            return web.Response(status=204)
        stats["requests"] += 1
        allowed, headers = decide()
        if not allowed:
            stats["limited"] += 1
            return web.Response(
                status=429, body=limited_body, headers=headers, content_type="application/json"
            )
        if request.method == "DELETE" and path.startswith("/cancel/"):
            job_id = path[len("/cancel/") :]
            if faults and job_id not in seen:
                seen.add(job_id)
                kind = fault_of(job_id, faults)
                if kind is not None:
                    return await fault(request, kind, job_id)
            if style != "light":
                cancelled.add(job_id)
            return web.Response(status=204, headers=headers)
        return web.Response(status=404)

    async def main() -> None:
        runner = web.ServerRunner(web.Server(handle, access_log=None, handler_cancellation=True))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", port, backlog=1024).start()
        await asyncio.Event().wait()

    asyncio.run(main())


@contextmanager
def served(
    style: str,
    *,
    pinned: list[str] | None = None,
    rate: float = RATE,
    faults: float = 0.0,
) -> Iterator[str]:
    """Start `style`'s server in its own process; yield its base URL; stop it.

    With `pinned` (a list), the server and this process are put on different CPUs
    (`_common.pin_apart`) for the duration, and what was done is appended to it.
    """
    import subprocess

    import httpx
    from _common import _free_port, pin_apart

    undo: Callable[[], None] | None = None
    port = _free_port()
    cmd = [sys.executable, __file__, style, str(port), "--rate", str(rate), "--faults", str(faults)]
    proc = subprocess.Popen(cmd, stderr=subprocess.DEVNULL)
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
    parser = argparse.ArgumentParser()
    parser.add_argument("style")
    parser.add_argument("port", type=int)
    parser.add_argument("--rate", type=float, default=RATE)
    parser.add_argument("--faults", type=float, default=0.0)
    args = parser.parse_args()
    serve(args.style, args.port, args.rate, args.faults)
