"""No answer, by what happened: refused, closed, reset, DNS and TLS failures are
`APIConnectionError` on both twins; only a real timeout is `APITimeoutError`.

Real sockets on 127.0.0.1 (and a `.invalid` name, which RFC 6761 guarantees never resolves),
through each client's default transport: httpx's pool for the sync twin, the lean aiohttp path
(`_lean`) for the async one. The table in `test_aiohttp_errors_map_by_type` pins
`_aiohttp_errors.EXCEPTION_MAP` row by row, as the lean path applies it.
"""

from __future__ import annotations

import asyncio
import socket
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress

import aiohttp
import httpx
import pytest

from imagejobs import AsyncTopaz, Topaz, errors
from imagejobs._lean import _mapped

from .conftest import PID, TOPAZ_KEY

Behaviour = Callable[[socket.socket], None]


def _read_request(conn: socket.socket) -> None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(65536)
        if not chunk:
            return
        data += chunk


def close_after_request(conn: socket.socket) -> None:
    _read_request(conn)
    conn.close()


def reset_after_request(conn: socket.socket) -> None:
    _read_request(conn)
    # Linger 0: close() sends an RST instead of a FIN.
    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    conn.close()


def plain_text_to_a_tls_hello(conn: socket.socket) -> None:
    conn.recv(65536)  # the ClientHello
    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    conn.close()


@contextmanager
def server(behaviour: Behaviour | None) -> Iterator[int]:
    """A port on 127.0.0.1 that treats each connection with `behaviour` (None: never answer)."""
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.05)
    stop = threading.Event()
    held: list[socket.socket] = []

    def run() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            conn.settimeout(5)
            if behaviour is None:
                held.append(conn)  # open, silent: the client must time out
            else:
                with suppress(OSError):  # the client may hang up first
                    behaviour(conn)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    try:
        yield listener.getsockname()[1]
    finally:
        stop.set()
        thread.join(5)
        listener.close()
        for conn in held:
            conn.close()


def refused_port() -> int:
    probe = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    probe.bind(("127.0.0.1", 0))
    port: int = probe.getsockname()[1]
    probe.close()  # nothing listens there now
    return port


def call(twin: str, base_url: str, timeout: float = 5.0) -> BaseException:
    """What a `get` on the twin's default transport raised (it must raise)."""
    kwargs = {"base_url": base_url, "max_retries": 0, "timeout": timeout}
    if twin == "sync":
        with Topaz(TOPAZ_KEY, **kwargs) as tz, pytest.raises(Exception) as info:  # type: ignore[arg-type]
            tz.get(PID)
        return info.value

    async def run() -> BaseException:
        async with AsyncTopaz(TOPAZ_KEY, **kwargs) as tz:  # type: ignore[arg-type]
            with pytest.raises(Exception) as info:
                await tz.get(PID)
        return info.value

    return asyncio.run(run())


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)


TWINS = ["sync", "async"]


@pytest.mark.parametrize("twin", TWINS)
@pytest.mark.parametrize(
    ("what", "behaviour", "scheme", "unreachable"),
    [
        # A connection was made and the request sent: the provider may have acted on it.
        ("closed before answering", close_after_request, "http", False),
        ("reset before answering", reset_after_request, "http", False),
        # No connection the request could go over.
        ("TLS handshake with a plain-text server", plain_text_to_a_tls_hello, "https", True),
    ],
)
def test_a_broken_connection_is_a_connection_error_not_a_timeout(
    twin: str, what: str, behaviour: Behaviour, scheme: str, unreachable: bool
) -> None:
    with server(behaviour) as port:
        exc = call(twin, f"{scheme}://127.0.0.1:{port}")
    assert type(exc) is errors.APIConnectionError, f"{what} ({twin}): {exc!r}"
    assert exc.unreachable is unreachable, f"{what} ({twin}): {exc!r}"
    assert TOPAZ_KEY not in str(exc)


@pytest.mark.parametrize("twin", TWINS)
def test_a_refused_connection_is_a_connection_error(twin: str) -> None:
    exc = call(twin, f"http://127.0.0.1:{refused_port()}")
    assert type(exc) is errors.APIConnectionError, repr(exc)
    assert exc.unreachable


@pytest.mark.parametrize("twin", TWINS)
def test_a_name_that_does_not_resolve_is_a_connection_error(twin: str) -> None:
    exc = call(twin, "https://imagejobs-test.invalid")
    assert type(exc) is errors.APIConnectionError, repr(exc)
    assert exc.unreachable


@pytest.mark.parametrize("twin", TWINS)
def test_only_a_real_timeout_is_a_timeout(twin: str) -> None:
    with server(None) as port:
        exc = call(twin, f"http://127.0.0.1:{port}", timeout=0.2)
    assert type(exc) is errors.APITimeoutError, repr(exc)
    assert not exc.unreachable  # connected, then no answer: a slow server is still there


REQUEST = httpx.Request("GET", "https://x")


@pytest.mark.parametrize(
    ("cause", "expected"),
    [
        (aiohttp.ConnectionTimeoutError("t"), httpx.ConnectTimeout),
        (aiohttp.SocketTimeoutError("t"), httpx.ReadTimeout),
        (aiohttp.ServerTimeoutError("t"), httpx.ReadTimeout),
        (aiohttp.ServerDisconnectedError(), httpx.RemoteProtocolError),
        (aiohttp.ClientConnectionResetError("reset"), httpx.ReadError),
        (aiohttp.ClientOSError(104, "Connection reset by peer"), httpx.ReadError),
        (aiohttp.ClientPayloadError("cut"), httpx.ReadError),
        (aiohttp.InvalidURL("x"), httpx.UnsupportedProtocol),
        (aiohttp.ServerFingerprintMismatch(b"a", b"b", "h", 1), httpx.ConnectError),
        (aiohttp.ClientConnectionError("other"), httpx.ConnectError),
        (aiohttp.ClientError("other"), httpx.TransportError),
    ],
)
def test_aiohttp_errors_map_by_type(cause: aiohttp.ClientError, expected: type) -> None:
    # What the lean path raises in place of aiohttp's exception (`raise _mapped(exc) from exc`).
    assert type(_mapped(cause)) is expected
