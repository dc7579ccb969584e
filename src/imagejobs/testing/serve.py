"""Run a fake as a real HTTP server on 127.0.0.1 (uvicorn, imported only here).

`serve()` blocks (what `imagejobs fake serve` calls); `running_server()` runs one in a
background thread for the length of a `with` block, for benchmarks and schemathesis. A served
fake also answers `POST /_fake/reset` and `POST /_fake/jobs` (`{status, id?, ...}` -> `{id}`),
and `FakeUseapi` `POST /_fake/accounts`, so out-of-process users can set up state.
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from imagejobs.testing._store import FakeProvider
from imagejobs.testing.jobs_api import FakeJobsApi
from imagejobs.testing.topaz import FakeTopaz
from imagejobs.testing.useapi import FakeUseapi

__all__ = ["PROVIDERS", "make_fake", "running_server", "serve"]

#: The fake for each provider, by its name in `imagejobs.registry.PROVIDERS` (each fake's
#: `provider` is read from there too).
PROVIDERS: dict[str, type[FakeProvider]] = {
    fake.provider: fake for fake in (FakeUseapi, FakeTopaz, FakeJobsApi)
}


def make_fake(provider: str, **knobs: Any) -> FakeProvider:
    """Build the fake for `provider` (a name in `registry.PROVIDERS`) with constructor knobs."""
    try:
        cls = PROVIDERS[provider]
    except KeyError:
        names = ", ".join(sorted(PROVIDERS))
        raise ValueError(f"unknown provider {provider!r}; choose one of {names}") from None
    return cls(**knobs)


def _bind(host: str, port: int) -> socket.socket:
    # Binding ourselves (rather than letting uvicorn do it) tells us the port chosen for 0.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this on Linux. Without it, a response whose head and body go
    # out in two writes stalls ~40 ms on Nagle + delayed ACK, on every keep-alive request.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    return sock


def _server(fake: FakeProvider, log_level: str) -> Any:
    import uvicorn

    config = uvicorn.Config(
        fake.app,
        log_level=log_level,
        access_log=False,
        lifespan="off",
        # h11 is the protocol whose connection `Fault.drop` knows how to close; no websockets.
        http="h11",
        ws="none",
        proxy_headers=False,
    )
    return uvicorn.Server(config)


def serve(
    provider: str | FakeProvider,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    log_level: str = "info",
    **knobs: Any,
) -> None:
    """Serve a fake until interrupted; `provider` is a name (knobs go to the fake) or a fake."""
    fake = provider if isinstance(provider, FakeProvider) else make_fake(provider, **knobs)
    sock = _bind(host, port)
    actual = sock.getsockname()[1]
    print(f"imagejobs fake {fake.provider} serving on http://{host}:{actual}", file=sys.stderr)
    try:
        _server(fake, log_level).run(sockets=[sock])
    finally:
        sock.close()


@contextmanager
def running_server(
    fake: FakeProvider, host: str = "127.0.0.1", port: int = 0, *, startup_timeout: float = 10.0
) -> Iterator[str]:
    """Serve `fake` from a background thread; yields its base URL and stops it on exit."""
    sock = _bind(host, port)
    server = _server(fake, "warning")
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="imagejobs-fake-server", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the {fake.provider} fake server did not start")
            time.sleep(0.005)
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(startup_timeout)
        sock.close()
