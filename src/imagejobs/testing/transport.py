"""httpx transports that hand requests to an ASGI app in-process, with no socket.

`ASGIAsyncTransport` is `httpx.ASGITransport` plus the request's read timeout, so a slow
fault ends in `httpx.ReadTimeout` as it would on the network. `ASGISyncTransport` lets a
plain `httpx.Client` reach the same app: every fake shares one event loop running in a
daemon thread, and each request is a coroutine submitted to it. That is thread-safe (many
client threads may share one transport) and costs well under a millisecond per request.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import threading
from typing import Any

import httpx

__all__ = ["ASGIAsyncTransport", "ASGISyncTransport"]

_ASGIApp = Any  # an ASGI 3 callable; httpx types it loosely too


def _read_timeout(request: httpx.Request) -> float | None:
    timeout = request.extensions.get("timeout", {})
    value = timeout.get("read")
    return float(value) if value is not None else None


class ASGIAsyncTransport(httpx.ASGITransport):
    """`httpx.ASGITransport` that honours the client's read timeout."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        timeout = _read_timeout(request)
        try:
            return await asyncio.wait_for(super().handle_async_request(request), timeout)
        except TimeoutError as exc:
            raise httpx.ReadTimeout("the fake did not answer in time", request=request) from exc


class _LoopThread:
    """One event loop in a daemon thread, started on first use and shared by all fakes."""

    _lock = threading.Lock()
    _loop: asyncio.AbstractEventLoop | None = None

    @classmethod
    def loop(cls) -> asyncio.AbstractEventLoop:
        with cls._lock:
            if cls._loop is None:
                loop = asyncio.new_event_loop()
                thread = threading.Thread(
                    target=loop.run_forever, name="imagejobs-fakes-loop", daemon=True
                )
                thread.start()
                cls._loop = loop
            return cls._loop


class ASGISyncTransport(httpx.BaseTransport):
    """A sync httpx transport that runs each request through an ASGI app on a shared loop."""

    def __init__(self, app: _ASGIApp) -> None:
        self._async = ASGIAsyncTransport(app=app)

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        # The sync body stream cannot be iterated from the loop thread; reading it first turns
        # it into bytes that both worlds can replay.
        request.read()
        timeout = _read_timeout(request)
        future = asyncio.run_coroutine_threadsafe(self._roundtrip(request), _LoopThread.loop())
        try:
            status, headers, body = future.result(timeout)
        except concurrent.futures.TimeoutError as exc:
            future.cancel()
            raise httpx.ReadTimeout("the fake did not answer in time", request=request) from exc
        return httpx.Response(status, headers=headers, content=body, request=request)

    async def _roundtrip(
        self, request: httpx.Request
    ) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
        response = await self._async.handle_async_request(request)
        body = await response.aread()
        return response.status_code, response.headers.raw, body
