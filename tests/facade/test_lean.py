"""_lean.py: the default async path builds the request httpx would, and reads answers the same way.

Over a real socket (`imagejobs.testing.socket_server`), against what the httpx path sends for
the same call; connection failures by kind are in test_connection.py (the async twin's default
transport is this path).
"""

from __future__ import annotations

import json
import pickle
from typing import Any

import httpx
import pytest
from multidict import CIMultiDict

from imagejobs import AsyncJobsApi, AsyncTopaz, AsyncUseapi, errors
from imagejobs._headers import header, retry_after
from imagejobs._lean import LeanClient, LeanPool, LeanResponse, encode_body
from imagejobs._steps import request_steps
from imagejobs.testing.socket_server import SocketServer

from .conftest import JOBS_TOKEN, PID, TOPAZ_KEY, USEAPI_TOKEN, Script, topaz_status


@pytest.mark.parametrize(
    ("kwargs", "body", "content_type"),
    [
        ({}, None, None),
        (
            {"json": {"reason": "café", "n": 1}},
            '{"reason":"café","n":1}'.encode(),
            "application/json",
        ),
        (
            {"data": {"grant_type": "client_credentials", "scope": "a b", "on": True, "x": None}},
            b"grant_type=client_credentials&scope=a+b&on=true&x=",
            "application/x-www-form-urlencoded",
        ),
        ({"data": {"k": ["1", "2"]}}, b"k=1&k=2", "application/x-www-form-urlencoded"),
        ({"content": b"raw"}, b"raw", None),
    ],
)
def test_bodies_are_encoded_as_httpx_encodes_them(
    kwargs: dict[str, Any], body: bytes | None, content_type: str | None
) -> None:
    assert encode_body(**kwargs) == (body, content_type)
    if body is not None and "content" not in kwargs:
        assert httpx.Request("POST", "https://x", **kwargs).content == body


def test_json_with_nan_is_refused_like_httpx() -> None:
    with pytest.raises(ValueError):
        encode_body(json={"x": float("nan")})


def test_a_response_reads_like_httpx() -> None:
    headers = CIMultiDict([("Content-Type", "application/json"), ("X-A", "1"), ("X-A", "2")])
    answer = LeanResponse(200, headers, b'{"a":1}')
    assert answer.json() == {"a": 1}
    assert answer.headers["content-type"] == "application/json"
    assert header(answer.headers, "x-a") == "1"  # case-insensitive, first of repeated
    assert retry_after(CIMultiDict({"Retry-After": "2"})) == 2.0
    assert pickle.loads(pickle.dumps(answer.headers))["x-a"] == "1"  # aiohttp's proxy would not
    assert repr(answer) == "<LeanResponse [200]>"


@pytest.fixture
def server(socket_server: SocketServer, script: Script) -> Any:
    socket_server.handler = script
    yield socket_server
    socket_server.handler = None
    assert not socket_server.errors


async def test_the_same_request_on_both_paths(script: Script, server: SocketServer) -> None:
    """Method, path, query, body and the headers that matter match what httpx sends."""
    script.on("PUT", "/v1/jobs/5/cancel", (204, None))
    script.on("GET", "/v2/jobs/cancel/", (200, {"jobid": "j 1&x", "status": "cancelled"}))
    seen: dict[str, list[httpx.Request]] = {}
    for path in ("httpx", "lean"):
        kw: dict[str, Any] = (
            {"transport": script.transport()} if path == "httpx" else {"base_url": server.url()}
        )
        async with AsyncJobsApi(JOBS_TOKEN, customer_id=7, **kw) as ja:
            await ja.cancel(5, reason="no longer needed ✓")
        mj_kw: dict[str, Any] = (
            {"transport": script.transport()}
            if path == "httpx"
            else {"base_url": server.url("/v2")}
        )
        async with AsyncUseapi(USEAPI_TOKEN, **mj_kw) as mj:
            await mj.cancel("j 1&x")
        seen[path] = script.requests[-2:]
        script.requests.clear()
    for httpx_request, lean_request in zip(seen["httpx"], seen["lean"], strict=True):
        assert lean_request.method == httpx_request.method
        assert lean_request.url.raw_path == httpx_request.url.raw_path
        assert lean_request.content == httpx_request.content
        for name in ("user-agent", "authorization", "customer-id", "content-type", "accept"):
            assert lean_request.headers.get(name) == httpx_request.headers.get(name), name
    assert json.loads(seen["lean"][0].content) == {"reason": "no longer needed ✓"}


async def test_redirects_are_not_followed(script: Script, server: SocketServer) -> None:
    script.on(
        "GET", f"/image/v1/status/{PID}", (302, "", {"Location": "https://elsewhere.invalid/"})
    )
    async with AsyncTopaz(TOPAZ_KEY, base_url=server.url("/image/v1"), max_retries=0) as tz:
        with pytest.raises(errors.UnexpectedResponseError) as info:
            await tz.get(PID)
    assert info.value.status_code == 302
    assert len(script.requests) == 1


async def test_cookies_are_kept_like_httpx(script: Script, server: SocketServer) -> None:
    status = f"/image/v1/status/{PID}"
    script.on("GET", status, (200, topaz_status(), {"Set-Cookie": "lb=node-2; Path=/"}))
    async with AsyncTopaz(TOPAZ_KEY, base_url=server.url("/image/v1")) as tz:
        await tz.get(PID)
        await tz.get(PID)
    assert script.requests[1].headers.get("cookie") == "lb=node-2"


def test_timeouts_map_as_on_the_aiohttp_transport() -> None:
    client = LeanClient(
        LeanPool(httpx.Limits()),
        base_url="https://x/y/",
        headers={},
        timeout=httpx.Timeout(4.0, connect=2.0, pool=3.0),
        steps=request_steps(None),
    )
    assert (client._timeout.sock_connect, client._timeout.sock_read, client._timeout.connect) == (
        2.0,
        4.0,
        3.0,
    )
    assert client._timeout.total is None
    assert str(client._base.with_path(client._base_path + "/z", encoded=True)) == "https://x/y/z"


async def test_one_session_for_a_client_and_its_token_client() -> None:
    ja = AsyncJobsApi(client_id="cid", client_secret="cs", customer_id=1)
    assert isinstance(ja._http, LeanClient)
    assert ja._token_http._pool is ja._http._pool
    await ja.aclose()
    assert ja._http.is_closed
