"""Serve an httpx handler over a real socket on 127.0.0.1, so one script drives both HTTP paths.

Facade tests script answers as an `httpx.MockTransport` handler (`request -> response`). An
async client given that transport runs on the httpx path; without a transport it runs on the
lean aiohttp path (`imagejobs._lean`), which only a real socket reaches. `SocketServer` serves
the same handler there, in a thread with its own event loop:

    with SocketServer(handler) as server:
        client = AsyncTopaz(KEY, base_url=server.url("/image/v1"))

Each request reaches the handler as an `httpx.Request` (method, URL with the raw path and query,
headers, body), and its `httpx.Response` goes back as status, headers and body. A handler that
raises an `httpx.TransportError` (say `httpx.ConnectError("reset")`) has the connection dropped
without an answer, which the client sees as a connection error; any other exception is kept
in `errors` (and the connection dropped) for the test to re-raise.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Self

import httpx
from aiohttp import web

__all__ = ["Handler", "SocketServer"]

Handler = Callable[[httpx.Request], httpx.Response]

#: Response headers the server's own framing decides.
_FRAMING = frozenset({"content-length", "transfer-encoding", "connection"})


class SocketServer:
    """`handler` served on 127.0.0.1 (a free port) from a background thread; swap it at will."""

    def __init__(self, handler: Handler | None = None) -> None:
        self.handler = handler
        self.errors: list[BaseException] = []
        self.port = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._runner: web.BaseRunner | None = None

    def url(self, path: str = "") -> str:
        """The server's base URL, with `path` appended."""
        return f"http://127.0.0.1:{self.port}{path}"

    async def _handle(self, request: web.BaseRequest) -> web.StreamResponse:
        body = await request.read()
        incoming = httpx.Request(
            request.method,
            f"http://127.0.0.1:{self.port}{request.raw_path}",
            headers=list(request.raw_headers),
            content=body,
        )
        try:
            if self.handler is None:
                raise AssertionError(f"no handler for {request.method} {request.raw_path}")
            answer = self.handler(incoming)
            answer.read()
        except Exception as exc:
            if not isinstance(exc, httpx.TransportError):
                self.errors.append(exc)
            transport = request.transport
            if transport is not None:
                transport.abort()  # no answer at all: the client sees a dropped connection
            raise web.HTTPInternalServerError from None
        headers = [(k, v) for k, v in answer.headers.multi_items() if k.lower() not in _FRAMING]
        response = web.Response(status=answer.status_code, body=answer.content)
        for name, value in headers:
            response.headers.add(name, value)
        return response

    async def _start(self) -> None:
        server = web.Server(self._handle, access_log=None)
        self._runner = web.ServerRunner(server)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        sockets = self._runner.addresses
        self.port = int(sockets[0][1])

    async def _stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    def __enter__(self) -> Self:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(timeout=10)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(timeout=10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(timeout=10)
        self._loop.close()
