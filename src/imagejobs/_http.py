"""Client plumbing shared by the three providers.

Credentials, base URLs, one httpx pool per client, the translation of foreign exceptions, and
the sync/async shells the clients extend.

Sync clients use httpx's own transport. Async clients use `httpx_aiohttp.AiohttpTransport`:
measured on bulk cancels it is ~10x faster than httpx's default async pool (see the facade issue).
A caller's `transport=` (a test fake, a proxy) replaces either.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Awaitable, Callable, Mapping
from types import ModuleType, TracebackType
from typing import Any, ClassVar, NoReturn, Protocol, Self, TypeVar
from urllib.parse import urlsplit

import httpx

from . import __version__
from ._redact import Redactor
from ._retry import Retrier
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ImageJobsError,
    MissingCredentialsError,
    from_response,
)

__all__ = [
    "DEFAULT_TIMEOUT",
    "AsyncShell",
    "Shell",
    "SyncShell",
    "async_transport",
    "check_base_url",
    "credential",
    "sync_transport",
    "translate",
]

T = TypeVar("T")

DEFAULT_TIMEOUT = 30.0
# Enough keep-alive connections that cancel_many's default concurrency (32) reuses them all.
LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=64)
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
USER_AGENT = f"imagejobs/{__version__}"


def credential(value: str | None, env_var: str, *, provider: str, keyword: str, what: str) -> str:
    """`value` if given, else the environment variable; neither -> MissingCredentialsError."""
    found = value or os.environ.get(env_var)
    if not found:
        raise MissingCredentialsError(provider, env_var=env_var, keyword=keyword, what=what)
    return found


def check_base_url(url: str, *, provider: str, allow_insecure: bool) -> str:
    """Accept https, and plain http only for localhost/127.0.0.1/::1 or with `allow_insecure`."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return url
    if parts.scheme == "http" and parts.hostname:
        if parts.hostname in LOCAL_HOSTS or allow_insecure:
            return url
        raise ImageJobsError(
            f"{provider}: refusing plain-http base_url {parts.scheme}://{parts.hostname}: "
            "credentials would travel unencrypted; use https, or pass allow_insecure=True"
        )
    raise ImageJobsError(f"{provider}: base_url must be an http(s) URL with a host")


def timeout_of(timeout: float | httpx.Timeout | None) -> httpx.Timeout:
    """An httpx.Timeout from seconds (or pass one through)."""
    return timeout if isinstance(timeout, httpx.Timeout) else httpx.Timeout(timeout)


def sync_transport(transport: httpx.BaseTransport | None) -> httpx.BaseTransport:
    """The caller's transport, or httpx's pooled one (TLS verification on)."""
    return transport if transport is not None else httpx.HTTPTransport(limits=LIMITS)


def async_transport(transport: httpx.AsyncBaseTransport | None) -> httpx.AsyncBaseTransport:
    """The caller's transport, or aiohttp's pooled one (TLS verification on)."""
    if transport is not None:
        return transport
    from httpx_aiohttp import AiohttpTransport  # local: aiohttp is heavy; only async needs it

    # aiohttp sessions bind to the running loop on first request, so building it here is safe.
    built: httpx.AsyncBaseTransport = AiohttpTransport(limits=LIMITS)
    return built


class Routable(Protocol):
    """What every generated `Client` / `AuthenticatedClient` offers for bringing our own pool."""

    def set_httpx_client(self, client: httpx.Client) -> Self: ...

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self: ...


G = TypeVar("G", bound=Routable)


def attach(generated: G, http: httpx.Client | httpx.AsyncClient) -> G:
    """Give a generated client our configured httpx client (one pool; auth, limits, timeouts)."""
    if isinstance(http, httpx.Client):
        return generated.set_httpx_client(http)
    return generated.set_async_httpx_client(http)


def translate(
    exc: BaseException, *, provider: str, redactor: Redactor, gen_errors: ModuleType, timeout: str
) -> ImageJobsError | None:
    """The imagejobs error for a foreign exception raised during a call; None if not ours to map.

    The one place httpx, aiohttp and generated-client exceptions become imagejobs errors.
    """
    if isinstance(exc, ImageJobsError):
        return exc
    if isinstance(exc, gen_errors.UnexpectedStatus):
        # Undocumented status, or (MalformedResponse) a documented one whose body did not parse.
        return from_response(
            provider,
            int(exc.status_code),
            content=exc.content,
            headers=exc.headers,
            malformed=isinstance(exc, gen_errors.MalformedResponse),
            redact=redactor.obj,
        )
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return APITimeoutError(
            f"no answer within {timeout} ({type(exc).__name__})", provider=provider
        )
    if isinstance(exc, httpx.HTTPError | httpx.InvalidURL | httpx.StreamError | OSError):
        return APIConnectionError(
            redactor.text(f"{type(exc).__name__}: {exc}".rstrip(": ")), provider=provider
        )
    aiohttp = sys.modules.get("aiohttp")  # only loaded when an async client exists
    if aiohttp is not None and isinstance(exc, aiohttp.ClientError):
        return APIConnectionError(
            redactor.text(f"{type(exc).__name__}: {exc}".rstrip(": ")), provider=provider
        )
    return None


class Shell:
    """What sync and async clients share: configuration, secrets, errors, repr."""

    provider: ClassVar[str]
    default_base_url: ClassVar[str]
    gen_errors: ClassVar[ModuleType]

    def __init__(
        self,
        *,
        base_url: str | None,
        timeout: float | httpx.Timeout | None,
        max_retries: int,
        allow_insecure: bool,
        secrets: tuple[str | None, ...],
    ) -> None:
        self.base_url = check_base_url(
            base_url or self.default_base_url, provider=self.provider, allow_insecure=allow_insecure
        )
        self._timeout = timeout_of(timeout)
        self._timeout_text = f"{timeout} s" if isinstance(timeout, int | float) else str(timeout)
        self._retrier = Retrier(max_retries)
        self._redactor = Redactor(secrets)

    @property
    def max_retries(self) -> int:
        """How many times a failed call is retried."""
        return self._retrier.max_retries

    def _headers(self, extra: Mapping[str, str]) -> dict[str, str]:
        return {"User-Agent": USER_AGENT, **extra}

    def _fail(self, response: Any) -> NoReturn:
        """Raise the error for an answer that is not the success the caller expected.

        `response` is a generated client's `Response`; its `parsed` is the documented error
        model (or None), already parsed, so nothing is read twice.
        """
        parsed: Any = response.parsed
        body = parsed.to_dict() if hasattr(parsed, "to_dict") else None
        raise self._api_error(int(response.status_code), body, response.headers)

    def _api_error(self, status_code: int, body: Any, headers: Mapping[str, str]) -> APIError:
        """The error for a documented error answer the generated client already parsed."""
        return from_response(
            self.provider, status_code, body=body, headers=headers, redact=self._redactor.obj
        )

    def _raise_foreign(self, exc: Exception) -> NoReturn:
        mapped = translate(
            exc,
            provider=self.provider,
            redactor=self._redactor,
            gen_errors=self.gen_errors,
            timeout=self._timeout_text,
        )
        if mapped is None:
            raise exc
        if mapped is exc:
            raise mapped
        if isinstance(mapped, APIError):
            # The generated exception's message quotes the raw body, secrets and all; ours
            # carries the same facts redacted, so the original is not chained.
            raise mapped from None
        raise mapped from exc

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"


class SyncShell(Shell):
    """Base of the sync clients: one httpx.Client, a context manager, retries."""

    def _make_http(
        self,
        transport: httpx.BaseTransport | None,
        headers: Mapping[str, str],
        auth: httpx.Auth | None = None,
    ) -> httpx.Client:
        return httpx.Client(
            base_url=self.base_url,
            headers=self._headers(headers),
            timeout=self._timeout,
            transport=sync_transport(transport),
            auth=auth,
        )

    def _call(self, method: str, path: str, attempt: Callable[[], T]) -> T:
        """Run one operation (`attempt` calls the generated function) with retries and mapping."""

        def guarded() -> T:
            try:
                return attempt()
            except ImageJobsError:
                raise
            except Exception as exc:
                self._raise_foreign(exc)

        return self._retrier.call(guarded, method=method, path=path)

    def close(self) -> None:
        """Close the connection pool."""
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    _http: httpx.Client


class AsyncShell(Shell):
    """Base of the async clients: one httpx.AsyncClient on aiohttp, an async context manager.

    Use one async client per event loop (its connections belong to the loop that opened them).
    """

    def _make_http(
        self,
        transport: httpx.AsyncBaseTransport | None,
        headers: Mapping[str, str],
        auth: httpx.Auth | None = None,
    ) -> httpx.AsyncClient:
        return httpx.AsyncClient(
            base_url=self.base_url,
            headers=self._headers(headers),
            timeout=self._timeout,
            transport=async_transport(transport),
            auth=auth,
        )

    async def _call(self, method: str, path: str, attempt: Callable[[], Awaitable[T]]) -> T:
        """Await one operation with retries and mapping (see SyncShell._call)."""

        async def guarded() -> T:
            try:
                return await attempt()
            except ImageJobsError:
                raise
            except Exception as exc:
                self._raise_foreign(exc)

        return await self._retrier.acall(guarded, method=method, path=path)

    async def aclose(self) -> None:
        """Close the connection pool."""
        await self._http.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()

    _http: httpx.AsyncClient
