"""Which httpx exception each aiohttp exception stands for: the async clients' error table.

The lean aiohttp path (`_lean`) raises the httpx exception this table names for what aiohttp
raised, so `_base_client.translate` reads one set of types on both twins: refused, DNS and TLS
failures are `ConnectError`, a connection closed before the answer `RemoteProtocolError`, a
reset `ReadError`, and only aiohttp's own timeouts are `httpx.TimeoutException`s (as httpx's
`map_httpcore_exceptions` does for the sync twin). Rows are matched by type, most specific
first, because aiohttp's timeouts are also `ClientConnectionError`s.

Imported only with `_lean`, when an async client is built: aiohttp is heavy.
"""

from __future__ import annotations

import aiohttp
import httpx

__all__ = ["EXCEPTION_MAP"]

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
