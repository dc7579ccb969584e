"""_base_client.py: base URLs, credentials, one pool per client, the aiohttp transport, exception mapping."""

from __future__ import annotations

import httpx
import pytest

from imagejobs import AsyncTopaz, Topaz, errors
from imagejobs._base_client import check_base_url, credential, translate
from imagejobs._lean import LeanClient
from imagejobs._redact import Redactor

from .conftest import PID, TOPAZ_KEY, Script, topaz_status


@pytest.mark.parametrize(
    ("url", "insecure", "ok"),
    [
        ("https://api.topazlabs.com/image/v1", False, True),
        ("http://localhost:8000", False, True),
        ("http://127.0.0.1:9/x", False, True),
        ("http://[::1]:9", False, True),
        ("http://api.example.com", False, False),
        ("http://api.example.com", True, True),
        ("ftp://api.example.com", True, False),
        ("api.example.com", False, False),
    ],
)
def test_plain_http_only_for_localhost_or_opt_in(url: str, insecure: bool, ok: bool) -> None:
    if ok:
        assert check_base_url(url, provider="topaz", allow_insecure=insecure) == url
    else:
        with pytest.raises(errors.ImageJobsError):
            check_base_url(url, provider="topaz", allow_insecure=insecure)
        with pytest.raises(errors.ImageJobsError):
            Topaz(TOPAZ_KEY, base_url=url, allow_insecure=insecure)


def test_credential_from_argument_then_env(monkeypatch: pytest.MonkeyPatch) -> None:
    kw = {"provider": "topaz", "keyword": "api_key", "what": "API key"}
    assert credential("given", "TOPAZ_API_KEY", **kw) == "given"
    monkeypatch.setenv("TOPAZ_API_KEY", "from-env")
    assert credential(None, "TOPAZ_API_KEY", **kw) == "from-env"
    monkeypatch.delenv("TOPAZ_API_KEY")
    with pytest.raises(errors.MissingCredentialsError, match="TOPAZ_API_KEY"):
        credential(None, "TOPAZ_API_KEY", **kw)


def test_one_pool_serves_every_call(script: Script) -> None:
    script.on("GET", f"/image/v1/status/{PID}", (200, topaz_status()))
    with Topaz(TOPAZ_KEY, transport=script.transport()) as tz:
        http = tz._http
        for _ in range(3):
            tz.get(PID)
        assert tz._http is http
    assert http.is_closed


def test_timeout_is_applied(script: Script) -> None:
    script.on("GET", f"/image/v1/status/{PID}", (200, topaz_status()))
    with Topaz(TOPAZ_KEY, timeout=4.5, transport=script.transport()) as tz:
        tz.get(PID)
    assert script.requests[0].extensions["timeout"]["read"] == 4.5
    assert Topaz(TOPAZ_KEY)._http.timeout.read == 30.0  # a default, not infinite


async def test_async_clients_sit_on_the_lean_aiohttp_path() -> None:
    client = AsyncTopaz(TOPAZ_KEY)
    assert isinstance(client._http, LeanClient)
    await client.aclose()
    assert client._http.is_closed


async def test_a_given_async_transport_replaces_aiohttp(script: Script) -> None:
    transport = script.transport()
    async with AsyncTopaz(TOPAZ_KEY, transport=transport) as client:
        assert client._http._transport is transport


REQUEST = httpx.Request("GET", "https://x")


@pytest.mark.parametrize(
    ("exc", "cls"),
    [
        (httpx.ConnectTimeout("t", request=REQUEST), errors.APITimeoutError),
        (httpx.ReadTimeout("t", request=REQUEST), errors.APITimeoutError),
        (httpx.WriteTimeout("t", request=REQUEST), errors.APITimeoutError),
        (httpx.PoolTimeout("t", request=REQUEST), errors.APITimeoutError),
        (TimeoutError(), errors.APITimeoutError),
        (httpx.ConnectError("refused", request=REQUEST), errors.APIConnectionError),
        (httpx.ReadError("reset", request=REQUEST), errors.APIConnectionError),
        (httpx.RemoteProtocolError("eof", request=REQUEST), errors.APIConnectionError),
        (httpx.ProxyError("p", request=REQUEST), errors.APIConnectionError),
        (httpx.UnsupportedProtocol("p", request=REQUEST), errors.APIConnectionError),
        (httpx.DecodingError("gzip", request=REQUEST), errors.APIConnectionError),
        (httpx.TooManyRedirects("r", request=REQUEST), errors.APIConnectionError),
        (httpx.InvalidURL("u"), errors.APIConnectionError),
        (httpx.StreamClosed(), errors.APIConnectionError),
        (ConnectionResetError(), errors.APIConnectionError),
    ],
)
def test_foreign_exceptions_are_translated(exc: Exception, cls: type[Exception]) -> None:
    mapped = translate(exc, provider="topaz", redactor=Redactor(), timeout="30 s")
    assert type(mapped) is cls


def test_aiohttp_errors_are_translated() -> None:
    import aiohttp

    mapped = translate(
        aiohttp.ClientPayloadError("x"),
        provider="topaz",
        redactor=Redactor(),
        timeout="30 s",
    )
    assert isinstance(mapped, errors.APIConnectionError)


def test_bugs_are_not_disguised() -> None:
    assert translate(KeyError("x"), provider="topaz", redactor=Redactor(), timeout="") is None


@pytest.mark.parametrize(
    "make",
    [
        lambda: httpx.ConnectError("refused"),
        lambda: httpx.ReadTimeout("slow"),
    ],
)
def test_transport_failures_surface_as_our_errors(script: Script, make: object) -> None:
    script.on("GET", f"/image/v1/status/{PID}", make())  # type: ignore[operator]
    with (
        Topaz(TOPAZ_KEY, transport=script.transport()) as tz,
        pytest.raises(errors.APIConnectionError),
    ):
        tz.get(PID)
    assert len(script.requests) == 3  # retried twice


def test_user_agent_and_repr(script: Script) -> None:
    script.on("GET", f"/image/v1/status/{PID}", (200, topaz_status()))
    with Topaz(TOPAZ_KEY, transport=script.transport()) as tz:
        tz.get(PID)
        assert repr(tz) == "Topaz(base_url='https://api.topazlabs.com/image/v1')"
        assert tz.max_retries == 2
    assert script.requests[0].headers["user-agent"].startswith("imagejobs/")
    assert script.requests[0].headers["x-api-key"] == TOPAZ_KEY
