"""Shared helpers for the facade tests: a scripted httpx transport, no real sleeps, no env."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

import imagejobs._rate as rate_module
import imagejobs._retry as retry_module
from imagejobs.testing.socket_server import SocketServer

ENV_VARS = (
    "USEAPI_TOKEN",
    "TOPAZ_API_KEY",
    "JOBS_API_TOKEN",
    "JOBS_API_CLIENT_ID",
    "JOBS_API_CLIENT_SECRET",
    "JOBS_API_CUSTOMER_ID",
)

USEAPI_TOKEN = "user:1234-s3cretUseapiToken"
TOPAZ_KEY = "tz-s3cretTopazKey-0001"
JOBS_TOKEN = "eyJ-s3cretStaticJobsToken"
CLIENT_SECRET = "cs-s3cretClientSecret"
PID = "8f8a0b8e-1c1d-4a4b-9e9f-000000000001"

Reply = httpx.Response | Exception | Callable[[httpx.Request], httpx.Response]


class Script:
    """A handler for httpx.MockTransport: per (METHOD, path) a queue of replies.

    Each request takes the next reply; the last one repeats. A reply is (status, json|text|None,
    headers) or an exception to raise or a function of the request. An unscripted request fails
    the test, so nothing can reach the network.
    """

    def __init__(self) -> None:
        self.routes: dict[tuple[str, str], list[Any]] = defaultdict(list)
        self.requests: list[httpx.Request] = []
        # Snapshots: httpx resends the same Request object after an auth retry.
        self.auth: list[tuple[str, str | None]] = []

    def on(self, method: str, path: str, *replies: Any) -> Script:
        self.routes[(method, path)].extend(replies)
        return self

    def count(self, method: str, path: str) -> int:
        return sum(1 for r in self.requests if (r.method, r.url.path) == (method, path))

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        self.auth.append((request.method, request.headers.get("authorization")))
        queue = self.routes.get((request.method, request.url.path))
        if not queue:
            raise AssertionError(f"unscripted request {request.method} {request.url}")
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(reply, Exception):
            raise reply
        if callable(reply):
            return reply(request)
        status, body, *rest = reply
        headers = rest[0] if rest else {}
        if isinstance(body, dict | list):
            return httpx.Response(status, json=body, headers=headers)
        if isinstance(body, bytes):
            return httpx.Response(status, content=body, headers=headers)
        return httpx.Response(status, text=body or "", headers=headers)

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ENV_VARS:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(autouse=True)
def sleeps(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """Every retry wait, recorded instead of slept."""
    waited: list[float] = []

    async def async_sleep(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(retry_module, "sleep", waited.append)
    monkeypatch.setattr(retry_module, "async_sleep", async_sleep)
    return waited


@pytest.fixture(autouse=True)
def gate_waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """Every rate-gate wait (`_rate.sleep` / `async_sleep`), recorded instead of slept."""
    waited: list[float] = []

    async def async_sleep(seconds: float) -> None:
        waited.append(seconds)

    monkeypatch.setattr(rate_module, "sleep", waited.append)
    monkeypatch.setattr(rate_module, "async_sleep", async_sleep)
    return waited


@pytest.fixture
def script() -> Script:
    return Script()


def html(status: int) -> tuple[int, str, dict[str, str]]:
    return (
        status,
        "<!DOCTYPE html><html><body>Bad gateway</body></html>",
        {"content-type": "text/html"},
    )


def topaz_status(status: str = "Processing", pid: str = PID) -> dict[str, Any]:
    return {
        "process_id": pid,
        "filename": "cat.png",
        "input_format": "png",
        "input_height": 512,
        "input_width": 512,
        "output_format": "jpeg",
        "output_height": 1024,
        "output_width": 1024,
        "category": "Enhance",
        "model_type": "GAN",
        "model": "Standard V2",
        "crop_to_fill": False,
        "status": status,
        "progress": 50,
        "eta": 1_700_000_200,
        "creation_time": 1_700_000_000,
        "modification_time": 1_700_000_100,
        "credits": 1,
    }


# -- the async twins' two HTTP paths ---------------------------------------------------------------

#: httpx: an httpx.AsyncClient on the script's MockTransport (what a caller's `transport=` gets).
#: lean: the default path, `_lean.LeanClient` on aiohttp, reaching the script over a real socket.
ASYNC_PATHS = ("httpx", "lean")

AsyncPath = Callable[[Script, type], dict[str, Any]]


@pytest.fixture(scope="session")
def socket_server() -> Iterator[SocketServer]:
    with SocketServer() as server:
        yield server


@pytest.fixture(params=ASYNC_PATHS)
def async_path(request: pytest.FixtureRequest, socket_server: SocketServer) -> Iterator[AsyncPath]:
    """Keyword arguments putting an async client of class `cls` on this path to `script`."""
    if request.param == "httpx":
        yield lambda script, cls: {"transport": script.transport()}
        return

    def lean(script: Script, cls: type) -> dict[str, Any]:
        socket_server.handler = script
        return {"base_url": socket_server.url(urlsplit(cls.info.base_url).path)}  # type: ignore[attr-defined]

    yield lean
    socket_server.handler = None
    errors = list(socket_server.errors)
    socket_server.errors.clear()
    if errors:
        raise errors[0]
