"""The async clients' default HTTP path: one aiohttp session behind the generated clients' one call.

The generated async functions do only `await client.get_async_httpx_client().request(**kwargs)`
and read `status_code`, `headers`, `content` and `json()` from what comes back. `LeanClient`
is the object behind that call: it builds the aiohttp request once from the generated kwargs
(`method`, `url`, and `params` / `json` / `data` / `content` / `headers`) and answers with a
`LeanResponse`, skipping httpx's client layer (URL merging, three `httpx.URL` builds per
request, a cookie jar that builds a `urllib.request.Request` per response, response wrapping),
which was ~70% of `cancel_many`'s cost over raw aiohttp.

What stays exactly as on the httpx path (`_base_client.AsyncAPIClient` with a `transport=`):
- the session: `TCPConnector(limit=LIMITS.max_connections, keepalive_timeout=...)` with
  `httpx.create_ssl_context()` (TLS verification on, the same CA bundle), no proxies from the
  environment, redirects not followed, cookies kept (also for IP hosts, as httpx does);
- timeouts: httpx's connect / read / pool as aiohttp's sock_connect / sock_read / connect,
  each cut to what a deadline in force leaves (`_deadline`), as the httpx path's request hook;
- headers: `User-Agent`, the provider's credential headers, then the operation's own;
- bodies: JSON as httpx encodes it (compact, UTF-8, no NaN), forms url-encoded with httpx's
  spelling of booleans and None, query strings by `httpx.QueryParams`;
- auth: an `httpx.Auth` (the jobs API's OAuth2 `BearerAuth`, which re-fetches its token once
  after a 401) drives the same flow: each request it yields is sent with its headers;
- errors: aiohttp's exceptions become the httpx exceptions `_aiohttp.EXCEPTION_MAP` names
  (refused, DNS, TLS -> ConnectError; closed -> RemoteProtocolError; reset -> ReadError;
  timeouts -> httpx timeouts), which `_base_client.translate` turns into ours;
- every answer goes to the `on_response` hooks (the boundary's answer slot) and to the rate gate.

Imported only when an async client is built without a transport: aiohttp is heavy.
"""

from __future__ import annotations

import json as jsonlib
import ssl
from collections.abc import Callable, Mapping, Sequence
from functools import cache
from typing import Any
from urllib.parse import urlencode

import aiohttp
import httpx
from yarl import URL

from ._aiohttp import EXCEPTION_MAP
from ._deadline import attempt_timeouts
from ._deadline import current as current_deadline
from ._rate import RateGate, Ticket

__all__ = ["LeanClient", "LeanPool", "LeanResponse", "encode_body"]

#: Headers a request's framing owns; an auth flow's copies of them are not sent.
_FRAMING = frozenset({"host", "content-length", "transfer-encoding"})


class LeanResponse:
    """An answer as the generated parsers read it: `status_code`, `headers`, `content`, `json()`."""

    __slots__ = ("_headers", "_raw", "content", "status_code")

    def __init__(
        self, status_code: int, raw_headers: Sequence[tuple[bytes, bytes]], content: bytes
    ) -> None:
        self.status_code = status_code
        self.content = content
        self._raw = raw_headers
        self._headers: httpx.Headers | None = None

    @property
    def headers(self) -> httpx.Headers:
        """The response headers, as httpx reads them (built on first use)."""
        if self._headers is None:
            self._headers = httpx.Headers(list(self._raw))
        return self._headers

    def json(self, **kwargs: Any) -> Any:
        """The body parsed as JSON (as `httpx.Response.json`)."""
        return jsonlib.loads(self.content, **kwargs)

    def __repr__(self) -> str:
        return f"<LeanResponse [{self.status_code}]>"


def _form_value(value: Any) -> str:
    # httpx's primitive_value_to_str
    if value is True:
        return "true"
    if value is False:
        return "false"
    if value is None:
        return ""
    return str(value)


def encode_body(
    *, json: Any = None, data: Mapping[str, Any] | None = None, content: bytes | None = None
) -> tuple[bytes | None, str | None]:
    """(body, content type) for the generated kwargs, encoded as httpx encodes them."""
    if content is not None:
        return content, None
    if data is not None:
        pairs: list[tuple[str, str]] = []
        for key, value in data.items():
            if isinstance(value, list | tuple):
                pairs.extend((key, _form_value(item)) for item in value)
            else:
                pairs.append((key, _form_value(value)))
        return urlencode(pairs, doseq=True).encode(), "application/x-www-form-urlencoded"
    if json is not None:
        body = jsonlib.dumps(json, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
        return body.encode(), "application/json"
    return None, None


def _client_timeout(timeouts: Mapping[str, float | None]) -> aiohttp.ClientTimeout:
    # As httpx-aiohttp maps them: connect -> sock_connect, read -> sock_read, pool -> connect.
    return aiohttp.ClientTimeout(
        sock_connect=timeouts.get("connect"),
        sock_read=timeouts.get("read"),
        connect=timeouts.get("pool"),
    )


def _mapped(exc: aiohttp.ClientError) -> httpx.TransportError:
    for aiohttp_type, httpx_type in EXCEPTION_MAP:
        if isinstance(exc, aiohttp_type):
            return httpx_type(str(exc) or type(exc).__name__)
    return httpx.TransportError(str(exc))  # pragma: no cover - ClientError is the last row


@cache
def _ssl_context() -> ssl.SSLContext:
    # httpx's default context (verification on, its CA bundle), built once per process: loading
    # the bundle costs ~10 ms, and a context is never changed once made.
    return httpx.create_ssl_context()


class LeanPool:
    """One aiohttp session (one connection pool), opened on first use inside the running loop."""

    def __init__(self, limits: httpx.Limits) -> None:
        self._limits = limits
        self._session: aiohttp.ClientSession | None = None
        self.closed = False

    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            limit = self._limits.max_connections
            connector = aiohttp.TCPConnector(
                limit=limit if limit is not None else 0,
                keepalive_timeout=self._limits.keepalive_expiry or 0,
                ssl=_ssl_context(),
            )
            self._session = aiohttp.ClientSession(
                connector=connector, cookie_jar=aiohttp.CookieJar(unsafe=True)
            )
        return self._session

    async def aclose(self) -> None:
        self.closed = True
        if self._session is not None:
            await self._session.close()


class LeanClient:
    """The object behind `get_async_httpx_client()` on the lean path (see the module docstring)."""

    def __init__(
        self,
        pool: LeanPool,
        *,
        base_url: str,
        headers: Mapping[str, str],
        timeout: httpx.Timeout,
        auth: httpx.Auth | None = None,
        on_response: Sequence[Callable[[Any], None]] = (),
        gate: RateGate | None = None,
    ) -> None:
        self._pool = pool
        self._base = str(URL(base_url)).rstrip("/")
        self._headers = dict(headers)
        self._timeout = _client_timeout(timeout.as_dict())
        self.timeout = timeout
        self.auth = auth
        self._on_response = tuple(on_response)
        self._gate = gate

    @property
    def is_closed(self) -> bool:
        return self._pool.closed

    async def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> LeanResponse:
        """Send one request built from a generated module's kwargs; the answer, fully read."""
        target = self._base + url
        if params:
            target += "?" + str(httpx.QueryParams(params))
        body, content_type = encode_body(json=json, data=data, content=content)
        sent = dict(self._headers)
        if content_type is not None:
            sent["Content-Type"] = content_type
        if headers:
            sent.update(headers)
        method = method.upper()
        if self.auth is None:
            return await self._send(method, target, sent, body)
        return await self._send_with_auth(method, target, sent, body)

    async def _send_with_auth(
        self, method: str, target: str, headers: dict[str, str], body: bytes | None
    ) -> LeanResponse:
        assert self.auth is not None
        flow = self.auth.async_auth_flow(httpx.Request(method, target, headers=headers))
        request = await flow.__anext__()
        while True:
            for name, value in request.headers.items():
                if name not in _FRAMING:
                    headers[name] = value
            response = await self._send(method, target, headers, body)
            answer = httpx.Response(response.status_code, headers=response._raw, request=request)
            try:
                request = await flow.asend(answer)
            except StopAsyncIteration:
                return response

    async def _send(
        self, method: str, target: str, headers: Mapping[str, str], body: bytes | None
    ) -> LeanResponse:
        gate = self._gate
        ticket: Ticket | None = await gate.aacquire() if gate is not None else None
        timeout = self._timeout
        deadline = current_deadline()
        if deadline is not None:  # as `_deadline.shrink_timeouts` does on the httpx path
            left = deadline.remaining()
            if left <= 0:
                raise httpx.PoolTimeout("the deadline passed before the request was sent")
            timeout = _client_timeout(attempt_timeouts(self.timeout.as_dict(), left))
        try:
            async with self._pool.session().request(
                method,
                URL(target, encoded=True),
                headers=headers,
                data=body,
                allow_redirects=False,
                timeout=timeout,
            ) as raw:
                response = LeanResponse(raw.status, raw.raw_headers, await raw.read())
                if gate is not None:  # aiohttp's headers: C lookups, no httpx.Headers built
                    gate.observe(ticket, raw.status, raw.headers)
        except aiohttp.ClientError as exc:
            raise _mapped(exc) from exc
        for hook in self._on_response:
            hook(response)
        return response

    async def aclose(self) -> None:
        """Close the pool (the session every client on it shares)."""
        await self._pool.aclose()
