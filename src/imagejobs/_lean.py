"""The async clients' default HTTP path: one aiohttp pool behind the generated clients' one call.

The generated async functions do only `await client.get_async_httpx_client().request(**kwargs)`
and read `status_code`, `headers`, `content` and `json()` from what comes back. `LeanClient`
is the object behind that call: it builds the aiohttp request once from the generated kwargs
(`method`, `url`, and `params` / `json` / `data` / `content` / `headers`) and answers with a
`LeanResponse`, skipping httpx's client layer (URL merging, three `httpx.URL` builds per
request, a cookie jar that builds a `urllib.request.Request` per response, response wrapping),
which was ~70% of `cancel_many`'s cost over raw aiohttp.

What stays exactly as on the httpx path (`_base_client.AsyncAPIClient` with a `transport=`):
- the pool: one `TCPConnector(limit=LIMITS.max_connections, keepalive_timeout=...)` with
  `httpx.create_ssl_context()` (TLS verification on, the same CA bundle) and one cookie jar per
  facade client (a session for each `LeanClient` on it, e.g. the jobs API's token client), no
  proxies from the environment, redirects not followed, cookies kept (also for IP hosts, as
  httpx does);
- timeouts: httpx's connect / read / pool as aiohttp's sock_connect / sock_read / connect;
- the per-request steps (`_steps`: rate gate, deadline cut, answer note): the same list the
  httpx path runs from its event hooks, run here around the send;
- headers: `User-Agent`, the provider's credential headers, then the operation's own;
- bodies: JSON as httpx encodes it (compact, UTF-8, no NaN), forms url-encoded with httpx's
  spelling of booleans and None, multipart uploads encoded by httpx itself, query strings by
  `httpx.QueryParams`;
- auth: an `httpx.Auth` (the jobs API's OAuth2 `BearerAuth`, which re-fetches its token once
  after a 401) drives the same flow: each request it yields is sent with its headers;
- errors: aiohttp's exceptions become the httpx exceptions `_aiohttp_errors.EXCEPTION_MAP` names
  (refused, DNS, TLS -> ConnectError; closed -> RemoteProtocolError; reset -> ReadError;
  timeouts -> httpx timeouts), which `_base_client.translate` turns into ours;
- an answer's `headers` are a case-insensitive `CIMultiDict`, not an `httpx.Headers` (see
  LeanResponse).

Per request it does as little as it can, since on a light server its cost is what separates
`cancel_many` from raw aiohttp (bench/bulk_cancel.py): `request()` is a plain function returning
the one sending coroutine, each URL is built from the base parsed once (not parsed from a new
string), fixed headers and timeouts are the session's defaults, and an open rate gate is passed
without an await.

Imported only when an async client is built without a transport: aiohttp is heavy.
"""

from __future__ import annotations

import json as jsonlib
import ssl
from collections.abc import Coroutine, Mapping
from functools import cache
from typing import Any
from urllib.parse import urlencode

import aiohttp
import httpx
from multidict import CIMultiDict
from yarl import URL

from ._aiohttp_errors import EXCEPTION_MAP
from ._steps import Exchange, RequestSteps

__all__ = ["LeanClient", "LeanPool", "LeanResponse", "encode_body"]

#: Headers a request's framing owns; an auth flow's copies of them are not sent.
_FRAMING = frozenset({"host", "content-length", "transfer-encoding"})


class LeanResponse:
    """An answer as the generated parsers read it: `status_code`, `headers`, `content`, `json()`.

    `headers` is a case-insensitive `multidict.CIMultiDict` (a copy of aiohttp's read-only view,
    so it outlives the aiohttp response and pickles) rather than an `httpx.Headers`: the
    generated parsers put every answer's headers into their `Response`, and building an
    `httpx.Headers` for each cost more than the rest of reading a 204. Both are
    `Mapping[str, str]` whose `get` ignores case.
    """

    __slots__ = ("content", "headers", "status_code")

    def __init__(self, status_code: int, headers: CIMultiDict[str], content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content

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
    """One aiohttp connection pool (and cookie jar), opened on first use inside the running loop.

    Each `LeanClient` on it has a session of its own over the shared connector, holding that
    client's fixed headers and timeouts as the session's defaults: aiohttp merges headers given
    per request in a Python loop, a copy of the defaults is one C call.
    """

    def __init__(self, limits: httpx.Limits) -> None:
        self._limits = limits
        self._connector: aiohttp.TCPConnector | None = None
        self._jar: aiohttp.CookieJar | None = None
        self._sessions: list[aiohttp.ClientSession] = []
        self.closed = False

    def session(
        self, headers: Mapping[str, str], timeout: aiohttp.ClientTimeout
    ) -> aiohttp.ClientSession:
        """A new session on this pool's connector, with `headers` and `timeout` as defaults."""
        if self._connector is None or self._jar is None:
            limit = self._limits.max_connections
            self._connector = aiohttp.TCPConnector(
                limit=limit if limit is not None else 0,
                keepalive_timeout=self._limits.keepalive_expiry or 0,
                ssl=_ssl_context(),
            )
            self._jar = aiohttp.CookieJar(unsafe=True)
        session = aiohttp.ClientSession(
            connector=self._connector,
            connector_owner=False,
            cookie_jar=self._jar,
            headers=headers,
            timeout=timeout,
        )
        self._sessions.append(session)
        return session

    async def aclose(self) -> None:
        self.closed = True
        for session in self._sessions:
            await session.close()
        if self._connector is not None:
            await self._connector.close()


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
        steps: RequestSteps,
    ) -> None:
        self._pool = pool
        self._session: aiohttp.ClientSession | None = None
        # Parsed once: per request only the path (and query) change, and `with_path` on a
        # parsed URL costs a third of parsing a new URL string (yarl caches no distinct ids).
        self._base = URL(base_url)
        self._base_path = self._base.raw_path.rstrip("/")
        self._headers = dict(headers)
        self._timeout = _client_timeout(timeout.as_dict())
        self.timeout = timeout
        self._timeouts = timeout.as_dict()
        self.auth = auth
        self._steps = steps

    @property
    def is_closed(self) -> bool:
        return self._pool.closed

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        json: Any = None,
        data: Mapping[str, Any] | None = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        files: Any = None,
    ) -> Coroutine[Any, Any, LeanResponse]:
        """Send one request built from a generated module's kwargs; the answer, fully read.

        A plain function returning the sending coroutine: the generated code awaits what it
        returns, and building the request needs no await, so it costs no coroutine layer.
        """
        path = self._base_path + url
        if params:
            target = URL.build(
                scheme=self._base.scheme,
                authority=self._base.raw_authority,
                path=path,
                query_string=str(httpx.QueryParams(params)),
                encoded=True,
            )
        else:
            target = self._base.with_path(path, encoded=True)
        method = method.upper()
        # Only what this request adds: the client's own headers are its session's defaults.
        sent: dict[str, str] | None = None
        body = None
        if files is not None:
            # Multipart: httpx encodes it (boundary, file names, content types) as on its path.
            encoded = httpx.Request(method, "http://x", data=data, files=files)
            content, data = encoded.read(), None
            headers = {"Content-Type": encoded.headers["Content-Type"], **(headers or {})}
        if json is not None or data is not None or content is not None or headers:
            body, content_type = encode_body(json=json, data=data, content=content)
            sent = {} if content_type is None else {"Content-Type": content_type}
            if headers:
                sent.update(headers)
        if self.auth is None:
            return self._send(method, target, sent, body)
        return self._send_with_auth(method, target, {**self._headers, **(sent or {})}, body)

    async def _send_with_auth(
        self, method: str, target: URL, headers: dict[str, str], body: bytes | None
    ) -> LeanResponse:
        assert self.auth is not None
        flow = self.auth.async_auth_flow(httpx.Request(method, str(target), headers=headers))
        request = await flow.__anext__()
        while True:
            for name, value in request.headers.items():
                if name not in _FRAMING:
                    headers[name] = value
            response = await self._send(method, target, headers, body)
            answer = httpx.Response(
                response.status_code, headers=list(response.headers.items()), request=request
            )
            try:
                request = await flow.asend(answer)
            except StopAsyncIteration:
                return response

    async def _send(
        self, method: str, target: URL, headers: Mapping[str, str] | None, body: bytes | None
    ) -> LeanResponse:
        exchange = Exchange(method, target, self._timeouts)
        for abefore in self._steps.abefores:
            pending = abefore(exchange)  # None while nothing must be awaited (an open gate)
            if pending is not None:
                await pending
        timeout = _client_timeout(exchange.timeouts) if exchange.cut else None  # None: session's
        session = self._session
        if session is None:
            session = self._session = self._pool.session(self._headers, self._timeout)
        try:
            # Awaited, not `async with`: the context manager wraps the send in two coroutines
            # of its own, each paid on every resumption. `read` waits for the connection's
            # release (or closes it on failure); `release` is the rest of what `__aexit__` does.
            raw = await session.request(
                method,
                target,
                headers=headers,
                data=body,
                allow_redirects=False,
                timeout=session.timeout if timeout is None else timeout,
            )
            try:
                response = LeanResponse(raw.status, raw.headers.copy(), await raw.read())
            finally:
                raw.release()
        except aiohttp.ClientError as exc:
            raise _mapped(exc) from exc
        self._steps.after(exchange, response)
        return response

    async def aclose(self) -> None:
        """Close the pool (the session every client on it shares)."""
        await self._pool.aclose()
