"""The fakes' fault injection, as ASGI middleware: `FaultLayer` wraps a fake's Starlette app.

Every call to a spec route goes through it: it finds the call's operation (by the route that
matches), draws from the fake's `Faults` for that operation, and then answers as the fault says
(a status, an HTML page from a proxy, a dropped connection, an empty, truncated or trickled
body, added latency) or passes the call to the app; either way the call is recorded on the
fake. Control routes (``/_fake/...``) pass straight through, never faulted nor recorded.
Starlette is imported inside the methods that use it, so `import imagejobs.testing` stays
cheap.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import TYPE_CHECKING, Any, Protocol

import httpx

from imagejobs.testing.faults import Fault, Faults

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = ["FaultLayer", "Message", "Receive", "Scope", "Send", "Served"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

_HTML_PAGE = (
    "<html>\r\n<head><title>{code} Bad Gateway</title></head>\r\n<body>\r\n"
    "<center><h1>{code} Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>\r\n"
    "</body>\r\n</html>\r\n"
)


class Served(Protocol):
    """What the layer needs of the fake behind it (`_store.FakeProvider` has all of it).

    A protocol, not the class, so this module and the store do not import each other.
    """

    faults: Faults
    #: (path template, method) -> operationId, filled when the fake's app is built.
    _operations: dict[tuple[str, str], str]

    def _record(self, method: str, path: str, status: int, operation: str | None) -> None: ...

    def _error_response(self, status: int, message: str, request: Request | None) -> Response: ...


class FaultLayer:
    """ASGI wrapper around a fake's Starlette app: picks the operation, records, injects faults."""

    def __init__(self, fake: Served, inner: Starlette) -> None:
        self.fake = fake
        self.inner = inner

    def _operation(self, scope: Scope) -> str | None:
        from starlette.routing import Match

        method = "GET" if scope["method"] == "HEAD" else scope["method"]
        for route in self.inner.routes:
            match, _ = route.matches(scope)
            if match is Match.FULL:
                return self.fake._operations.get((getattr(route, "name", ""), method))
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_fake/"):
            await self.inner(scope, receive, send)
            return
        operation = self._operation(scope)
        method, path = scope["method"], scope["path"]
        status = 0

        async def recording_send(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        latency, fault = (0.0, None) if operation is None else self.fake.faults.draw(operation)
        if fault is not None and fault.kind == "slow":
            latency, fault = latency + fault.seconds, None
        try:
            if latency > 0:
                await asyncio.sleep(latency)
            if fault is None:
                await self.inner(scope, receive, recording_send)
            elif fault.kind == "drop":
                await self._drop(send)
            elif fault.kind in ("empty", "truncated"):
                await self._mangled(fault, scope, receive, recording_send)
            elif fault.kind == "trickle":
                await self._trickle(fault, scope, receive, recording_send)
            else:
                response = self._fault_response(fault)
                await response(scope, receive, recording_send)
        finally:
            self.fake._record(method, path, status, operation)

    def _fault_response(self, fault: Fault) -> Response:
        from starlette.responses import HTMLResponse

        code = fault.code or 500
        if fault.kind == "html":
            return HTMLResponse(_HTML_PAGE.format(code=code), status_code=code)
        response = self.fake._error_response(code, _REASONS.get(code, "Server error"), None)
        if code == 429 and fault.retry_after is not None:
            response.headers["Retry-After"] = fault.retry_after
        return response

    async def _mangled(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> None:
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        await self.inner(scope, receive, capture)
        start = messages[0]
        body = b"".join(m.get("body", b"") for m in messages[1:])
        status = fault.code or start["status"]
        if fault.kind == "empty":
            body = b""
        elif body:
            body = body[: len(body) // 2]
        else:
            # Nothing to cut (a 204): answer a 200 whose JSON stops short, which is what a
            # client must survive when a proxy truncates a success.
            status, body = fault.code or 200, b'{"'
        headers = [(k, v) for k, v in start["headers"] if k.lower() != b"content-length"]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body, "more_body": False})

    async def _trickle(self, fault: Fault, scope: Scope, receive: Receive, send: Send) -> None:
        messages: list[Message] = []

        async def capture(message: Message) -> None:
            messages.append(message)

        await self.inner(scope, receive, capture)
        body = b"".join(m.get("body", b"") for m in messages[1:])
        await send(messages[0])  # status and headers (content-length: the whole body) at once
        size = -(-len(body) // fault.pieces) or 1
        parts = [body[i : i + size] for i in range(0, len(body), size)] or [b""]
        for number, part in enumerate(parts):
            await asyncio.sleep(fault.seconds)
            more = number < len(parts) - 1
            await send({"type": "http.response.body", "body": part, "more_body": more})

    @staticmethod
    async def _drop(send: Send) -> None:
        # Under uvicorn, `send` is a bound method of the per-request cycle, which holds the
        # socket's transport: closing it is the only way for an ASGI app to hang up. In-process
        # there is no socket, so raise what httpx raises when a server hangs up.
        cycle: Any = getattr(send, "__self__", None)
        transport = getattr(cycle, "transport", None)
        if transport is not None and hasattr(transport, "close"):
            transport.close()
            # Keeps uvicorn from trying to write its own 500 to the closed socket.
            if hasattr(cycle, "disconnected"):
                cycle.disconnected = True
            return
        raise httpx.RemoteProtocolError("the fake dropped the connection (fault injection)")


_REASONS = {
    429: "Too many requests",
    500: "Internal server error",
    502: "Bad gateway",
    503: "Service unavailable",
    504: "Gateway timeout",
    520: "Unknown error",
}
