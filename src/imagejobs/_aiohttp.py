"""The async clients' transport: httpx-aiohttp's, made to fail the way httpx's own does.

Async clients run on `httpx_aiohttp.AiohttpTransport` (measured on bulk cancels, ~10x faster than
httpx's default async pool). But httpx-aiohttp maps every `aiohttp.ClientConnectionError`
(refused, reset, closed, DNS, TLS) to `httpx.ConnectTimeout`, so an async client would report a
refused connection as "no answer within 30 s", unlike its sync twin. `AiohttpTransport` here
re-derives the httpx exception from the aiohttp exception's *type* (httpx-aiohttp chains it as
`__cause__`), as httpx's `map_httpcore_exceptions` does for the sync transport: refused, DNS and
TLS failures are `ConnectError`, a connection closed before the answer `RemoteProtocolError`, a
reset `ReadError`, and only aiohttp's own timeouts are `httpx.TimeoutException`s.

Imported only when an async client builds its default transport: aiohttp is heavy.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport as _Base

__all__ = ["EXCEPTION_MAP", "AiohttpTransport", "remap"]

#: (aiohttp exception, httpx exception), most specific first; the first match wins.
EXCEPTION_MAP: tuple[tuple[type[aiohttp.ClientError], type[httpx.TransportError]], ...] = (
    # Timeouts first: aiohttp's timeouts are also ClientConnectionErrors.
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
    (aiohttp.SocketTimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (aiohttp.ClientProxyConnectionError, httpx.ProxyError),
    (aiohttp.ClientHttpProxyError, httpx.ProxyError),
    # Refused, unreachable, DNS, TLS handshake and certificate failures.
    (aiohttp.ClientConnectorError, httpx.ConnectError),
    # The server closed the connection before (or while) answering.
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
    # Reset by the peer, and other socket errors on an open connection.
    (aiohttp.ClientConnectionResetError, httpx.ReadError),
    (aiohttp.ClientOSError, httpx.ReadError),
    (aiohttp.ClientPayloadError, httpx.ReadError),
    (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
    (aiohttp.NonHttpUrlClientError, httpx.UnsupportedProtocol),
    (aiohttp.ClientConnectionError, httpx.ConnectError),
    (aiohttp.ClientError, httpx.TransportError),
)


def remap(exc: httpx.TransportError, request: httpx.Request) -> httpx.TransportError:
    """The httpx exception that `exc`'s aiohttp cause stands for; `exc` if it has none."""
    cause = exc.__cause__
    if not isinstance(cause, aiohttp.ClientError):
        return exc
    for aiohttp_type, httpx_type in EXCEPTION_MAP:
        if isinstance(cause, aiohttp_type):
            return httpx_type(str(cause) or type(cause).__name__, request=request)
    return exc  # pragma: no cover - ClientError is the last row


class _RemappedStream(httpx.AsyncByteStream):
    """A response body whose read errors are remapped like the request's."""

    def __init__(self, inner: httpx.AsyncByteStream, request: httpx.Request) -> None:
        self._inner = inner
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        try:
            async for chunk in self._inner:
                yield chunk
        except httpx.TransportError as exc:
            raise remap(exc, self._request) from exc.__cause__

    async def aclose(self) -> None:
        try:
            await self._inner.aclose()
        except httpx.TransportError as exc:
            raise remap(exc, self._request) from exc.__cause__


class AiohttpTransport(_Base):
    """httpx-aiohttp's transport, raising the httpx exception for what actually happened."""

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        try:
            response: httpx.Response = await super().handle_async_request(request)
        except httpx.TransportError as exc:
            raise remap(exc, request) from exc.__cause__
        if isinstance(response.stream, httpx.AsyncByteStream):
            response.stream = _RemappedStream(response.stream, request)
        return response
