"""The sync twin's socket deadline: every read and write of its own transport ends by the deadline.

httpx's timeouts are per network operation (encode/httpx#1450): a 200 whose body trickles in, a
piece every 0.4 s, never trips a 0.5 s read timeout. `DeadlineBackend` wraps httpcore's sync
network backend so each read and write is bounded by what the deadline in force (`_deadline`)
leaves. A module of its own, imported when a sync client builds its transport: httpcore costs
~20 ms to import, and the async clients (aiohttp) and `import imagejobs` never need it.
"""

from __future__ import annotations

from typing import Any

import httpcore
import httpx

from ._deadline import current

__all__ = ["DeadlineBackend", "DeadlineStream", "deadline_transport"]


def _bounded(timeout: float | None, error: type[Exception]) -> float | None:
    deadline = current()
    if deadline is None:
        return timeout
    left = deadline.remaining()
    if left <= 0:
        raise error("the deadline passed")
    return left if timeout is None else min(timeout, left)


class DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write ends by the deadline in force."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self,
        ssl_context: Any,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        bounded = _bounded(timeout, httpcore.ConnectTimeout)
        return DeadlineStream(self._inner.start_tls(ssl_context, server_hostname, bounded))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's sync network backend, with every stream held to the deadline in force."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_tcp(
            host,
            port,
            _bounded(timeout, httpcore.ConnectTimeout),
            local_address=local_address,
            socket_options=socket_options,
        )
        return DeadlineStream(stream)

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        stream = self._inner.connect_unix_socket(
            path, _bounded(timeout, httpcore.ConnectTimeout), socket_options=socket_options
        )
        return DeadlineStream(stream)

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def deadline_transport(limits: httpx.Limits) -> httpx.HTTPTransport:
    """The pooled sync httpx transport (TLS verification on), its sockets held to the deadline.

    httpx does not take a network backend, so it is set on the pool httpx builds; if a later
    httpx builds it differently, the transport is returned as is (timeouts still shrink).
    """
    transport = httpx.HTTPTransport(limits=limits)
    pool = getattr(transport, "_pool", None)
    if isinstance(pool, httpcore.ConnectionPool) and isinstance(
        getattr(pool, "_network_backend", None), httpcore.NetworkBackend
    ):
        pool._network_backend = DeadlineBackend(pool._network_backend)
    return transport
