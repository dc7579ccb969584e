"""What the provider clients share, after httpx's and openai-python's `_base_client`.

    BaseClient           configuration, secrets, repr, the per-request steps, and the one
    │                    boundary where a foreign exception (httpx, aiohttp) becomes ours
    ├── SyncAPIClient    one httpx.Client on httpx's pool; retries; a context manager
    └── AsyncAPIClient   the lean aiohttp path (or httpx on a given transport); retries

`_provider` builds the generic clients on these (a provider is a description); a provider's
own module adds only its hooks (`_auth_headers`, `_auth`, `_bind`, `_read_credentials`).

Every request goes through one ordered list of steps (`_steps`: rate gate, deadline cut,
answer note), run by the httpx event hooks and by the lean client alike.

The boundary (`translate`): httpx timeouts become `APITimeoutError` and every other transport
failure `APIConnectionError` (on the lean path after `_aiohttp_errors` has told refused, reset,
closed, DNS and TLS apart from timeouts). Answers are not classified here: `_provider` reads
each one once, and maps what reading it raises to that answer's error.

The deadline (`_deadline`): each call runs in a `within()` scope holding the tighter of its
own budget (`deadline=` on the call, else the client's) and any scope around it; the retry
policy stops at it, the deadline step shrinks every attempt's timeouts to what is left, the
sync twin's default transport bounds every socket read by it, and the async twin runs each
attempt under `asyncio.timeout`. `wait()` comes from `_wait` (`SyncWaits`, `AsyncWaits`).
"""

from __future__ import annotations

import os
import socket
import ssl
import sys
from collections.abc import Awaitable, Callable, Mapping
from contextlib import AbstractContextManager
from types import TracebackType
from typing import TYPE_CHECKING, Any, ClassVar, Literal, NoReturn, Protocol, Self, TypeVar, cast
from urllib.parse import urlsplit

import httpx

from ._constants import (
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    LOCAL_HOSTS,
    MAX_CONNECTIONS,
    MAX_KEEPALIVE_CONNECTIONS,
    USER_AGENT,
)
from ._deadline import Deadline, attempt_timeout, within
from ._deadline import current as current_deadline
from ._rate import RateGate, default_gate
from ._redact import Redactor
from ._retry import Retrier
from ._steps import RequestSteps, async_httpx_hooks, httpx_hooks, request_steps
from ._wait import AsyncWaits, SyncWaits
from .errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    ImageJobsError,
    MissingCredentialsError,
)
from .registry import ProviderInfo

if TYPE_CHECKING:
    from ._lean import LeanClient, LeanPool

__all__ = [
    "LIMITS",
    "AsyncAPIClient",
    "BaseClient",
    "SyncAPIClient",
    "attach",
    "check_base_url",
    "credential",
    "sync_transport",
    "translate",
]

T = TypeVar("T")
R = TypeVar("R")  # what one attempt's send answers, before it is read

LIMITS = httpx.Limits(
    max_connections=MAX_CONNECTIONS, max_keepalive_connections=MAX_KEEPALIVE_CONNECTIONS
)


# -- configuration -------------------------------------------------------------------------------


def credential(value: str | None, env_var: str, *, provider: str, keyword: str, what: str) -> str:
    """`value` if given, else the environment variable; neither -> MissingCredentialsError."""
    found = value or os.environ.get(env_var)
    if not found:
        raise MissingCredentialsError(provider, env_var=env_var, keyword=keyword, what=what)
    return found


def read_credential(info: ProviderInfo, keyword: str, value: str | None) -> str:
    """The credential `keyword` of `info`'s description, from `value` or its env var."""
    item = info.credential(keyword)
    return credential(value, item.env_var, provider=info.name, keyword=keyword, what=item.what)


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
    """The caller's transport, or httpx's pooled one (TLS on, sockets held to the deadline)."""
    if transport is not None:
        return transport
    from ._socket_deadline import deadline_transport  # local: httpcore is only the sync twin's

    return deadline_transport(LIMITS)


class Routable(Protocol):
    """What every generated `Client` / `AuthenticatedClient` offers for bringing our own pool."""

    def set_httpx_client(self, client: httpx.Client) -> Self: ...

    def set_async_httpx_client(self, async_client: httpx.AsyncClient) -> Self: ...


G = TypeVar("G", bound=Routable)


def attach(generated: G, http: httpx.Client | httpx.AsyncClient | LeanClient) -> G:
    """Give a generated client our configured httpx client (one pool; auth, limits, timeouts)."""
    if isinstance(http, httpx.Client):
        return generated.set_httpx_client(http)
    # A LeanClient stands in for the httpx.AsyncClient: the generated code only calls request().
    return generated.set_async_httpx_client(cast(httpx.AsyncClient, http))


# -- the boundary ----------------------------------------------------------------------------------


def translate(
    exc: BaseException, *, provider: str, redactor: Redactor, timeout: str
) -> ImageJobsError | None:
    """The imagejobs error for a foreign exception raised during a call; None if not ours to map.

    The one place httpx and aiohttp exceptions become imagejobs errors. An answer is never
    classified here: `_provider` reads every answer (and maps what reading it raises) itself.
    An unknown exception is a bug and is not disguised.
    """
    if isinstance(exc, ImageJobsError):
        return exc
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return APITimeoutError(
            f"no answer within {timeout} ({type(exc).__name__})",
            provider=provider,
            unreachable=isinstance(exc, httpx.ConnectTimeout),
        )
    if isinstance(exc, httpx.HTTPError | httpx.InvalidURL | httpx.StreamError):
        return _connection_error(exc, provider, redactor)
    aiohttp = sys.modules.get("aiohttp")  # only loaded when an async client exists
    if aiohttp is not None and isinstance(exc, aiohttp.ClientError):
        return _connection_error(exc, provider, redactor)
    if isinstance(exc, OSError):
        return _connection_error(exc, provider, redactor)
    return None


def _connection_error(exc: BaseException, provider: str, redactor: Redactor) -> APIConnectionError:
    return APIConnectionError(
        redactor.text(f"{type(exc).__name__}: {exc}".rstrip(": ")),
        provider=provider,
        unreachable=_unreachable(exc),
    )


def _unreachable(exc: BaseException) -> bool:
    """Whether no connection could be made at all: refused, DNS, TLS handshake, bad scheme.

    httpx says so by type on the sync path, and the async paths map aiohttp's errors to the
    same httpx types (`_aiohttp_errors.EXCEPTION_MAP`); an aiohttp error that reaches here unmapped
    says it by its own type.
    """
    if isinstance(exc, httpx.ConnectError | httpx.UnsupportedProtocol):
        return True
    aiohttp = sys.modules.get("aiohttp")
    if aiohttp is not None and isinstance(exc, aiohttp.ClientConnectorError):
        return True
    return isinstance(exc, ConnectionRefusedError | socket.gaierror | ssl.SSLError)


# -- the clients -----------------------------------------------------------------------------------


class BaseClient:
    """What sync and async clients share: configuration, secrets, errors, repr.

    Subclasses set `info` (the provider's description) and may override the hooks below.
    """

    info: ClassVar[ProviderInfo]
    #: The provider's name (`registry.PROVIDERS`), taken from `info`.
    provider: ClassVar[str]
    _http: httpx.Client | httpx.AsyncClient | LeanClient

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "info" in cls.__dict__:
            cls.provider = cls.info.name

    def __init__(
        self,
        *,
        secrets: tuple[str | None, ...],
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        allow_insecure: bool = False,
        transport: httpx.BaseTransport | httpx.AsyncBaseTransport | None = None,
        deadline: float | None = None,
        rate_gate: RateGate | Literal[False] | None = None,
    ) -> None:
        self.base_url = check_base_url(
            # The argument, else the provider's env var (USEAPI_BASE_URL...), else production.
            base_url or os.environ.get(self.info.base_url_env) or self.info.base_url,
            provider=self.provider,
            allow_insecure=allow_insecure,
        )
        self._timeout = timeout_of(timeout)
        self._timeout_text = f"{timeout} s" if isinstance(timeout, int | float) else str(timeout)
        self._retrier = Retrier(max_retries)
        if deadline is not None and deadline < 0:
            raise ImageJobsError(f"deadline must be 0 seconds or more, not {deadline}")
        #: Seconds every call (all its attempts and waits) must end within; None: no bound.
        self.deadline = deadline
        self._redactor = Redactor(secrets)
        # One gate per client (or per account on Redis, IMAGEJOBS_RATE_GATE_URL) unless one is
        # shared (one per account) or turned off (False). The account is told by its credential:
        # the first secret given (a token, an API key; an OAuth2 client's secret).
        self.rate_gate: RateGate | None = (
            default_gate(self.provider, next((s for s in secrets if s), None))
            if rate_gate is None
            else rate_gate
            if rate_gate
            else None
        )
        #: What every request of this client goes through, on whichever path it is sent.
        self._steps: RequestSteps = request_steps(self.rate_gate)
        self._transport = self._default_transport(transport)
        self._http = self._new_http(auth=self._auth())
        self._bind()

    # -- hooks: what a provider (or a twin) decides

    def _auth_headers(self) -> Mapping[str, str]:
        """Headers that carry the credential on every request (none by default)."""
        return {}

    def _auth(self) -> httpx.Auth | None:
        """An httpx.Auth for credentials that are not a fixed header (OAuth2)."""
        return None

    def _bind(self) -> None:
        """Build the generated clients on `self._http` (called once, at the end of __init__)."""
        raise NotImplementedError

    def _default_transport(self, transport: Any) -> Any:
        raise NotImplementedError

    def _new_http(self, *, auth: httpx.Auth | None = None) -> Any:
        """A new httpx client on this client's transport (one pool for all of them)."""
        raise NotImplementedError

    # -- shared

    @property
    def max_retries(self) -> int:
        """How many times a failed call is retried."""
        return self._retrier.max_retries

    def _within(self, deadline: float | None) -> AbstractContextManager[Deadline | None]:
        """The scope of one call: its own `deadline`, else the client's, inside any around it."""
        return within(deadline if deadline is not None else self.deadline)

    def _http_options(self, auth: httpx.Auth | None) -> dict[str, Any]:
        return {
            "base_url": self.base_url,
            "headers": {"User-Agent": USER_AGENT, **self._auth_headers()},
            "timeout": self._timeout,
            "transport": self._transport,
            "auth": auth,
        }

    def _raise_foreign(self, exc: Exception) -> NoReturn:
        deadline = current_deadline()
        mapped = translate(
            exc,
            provider=self.provider,
            redactor=self._redactor,
            timeout=self._timeout_text
            if deadline is None or not deadline.expired
            else f"the deadline ({deadline.budget:g} s)",
        )
        if mapped is None:
            raise exc
        if mapped is exc:
            raise mapped
        if isinstance(mapped, APIError):
            # The foreign exception's message may quote the raw body, secrets and all; ours
            # carries the same facts redacted, so the original is not chained.
            raise mapped from None
        raise mapped from exc

    def _foreign(self, exc: Exception) -> ImageJobsError:
        """The imagejobs error `_raise_foreign` raises for `exc` (a bug still propagates)."""
        try:
            self._raise_foreign(exc)
        except ImageJobsError as mapped:
            return mapped

    def _guard(self, send: Callable[[], R], read: Callable[[R], T]) -> T:
        """One attempt (`read` of what `send` answers), whatever it raises an imagejobs error."""
        try:
            return read(send())
        except ImageJobsError:
            raise
        except Exception as exc:
            self._raise_foreign(exc)

    async def _aguard(self, send: Callable[[], Awaitable[R]], read: Callable[[R], T]) -> T:
        """Await one attempt (see `_guard`), whatever it raises an imagejobs error."""
        try:
            # The whole attempt (connect, head, body) ends by the deadline in force.
            async with attempt_timeout():
                return read(await send())
        except ImageJobsError:
            raise
        except Exception as exc:
            self._raise_foreign(exc)

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self.base_url!r})"


class SyncAPIClient(SyncWaits, BaseClient):
    """Base of the sync clients: one httpx.Client, a context manager, retries."""

    _http: httpx.Client

    def _default_transport(self, transport: httpx.BaseTransport | None) -> httpx.BaseTransport:
        return sync_transport(transport)

    def _new_http(self, *, auth: httpx.Auth | None = None) -> httpx.Client:
        return httpx.Client(**self._http_options(auth), event_hooks=httpx_hooks(self._steps))

    def _call(
        self,
        method: str,
        path: str,
        send: Callable[[], R],
        read: Callable[[R], T],
        deadline: float | None = None,
    ) -> T:
        """Run one operation with retries and mapping: `send` sends it, `read` reads the answer."""
        with self._within(deadline) as scope:
            return self._retrier.call(
                lambda: self._guard(send, read), method=method, path=path, deadline=scope
            )

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


class AsyncAPIClient(AsyncWaits, BaseClient):
    """Base of the async clients: the lean aiohttp path (`_lean`), an async context manager.

    Without a `transport=` the generated clients call a `LeanClient` on one aiohttp session;
    with one (an in-process fake, a proxy), an httpx.AsyncClient on that transport.
    Use one async client per event loop (its connections belong to the loop that opened them).
    """

    _http: httpx.AsyncClient | LeanClient
    _pool: LeanPool | None = None

    def _default_transport(
        self, transport: httpx.AsyncBaseTransport | None
    ) -> httpx.AsyncBaseTransport | None:
        return transport  # None: the lean path

    def _new_http(self, *, auth: httpx.Auth | None = None) -> httpx.AsyncClient | LeanClient:
        if self._transport is None:
            from ._lean import LeanClient, LeanPool  # local: aiohttp is heavy

            if self._pool is None:
                self._pool = LeanPool(LIMITS)  # one session for every client of this one
            options = self._http_options(auth)
            return LeanClient(
                self._pool,
                base_url=options["base_url"],
                headers=options["headers"],
                timeout=options["timeout"],
                auth=auth,
                steps=self._steps,
            )
        hooks = async_httpx_hooks(self._steps)
        return httpx.AsyncClient(**self._http_options(auth), event_hooks=hooks)

    async def _call(
        self,
        method: str,
        path: str,
        send: Callable[[], Awaitable[R]],
        read: Callable[[R], T],
        deadline: float | None = None,
    ) -> T:
        """Await one operation with retries and mapping (see SyncAPIClient._call).

        The first attempt runs right here, guarded as `_aguard` does, and the retrier (with
        tenacity) takes over only after it failed. `send` hands back the HTTP client's own
        coroutine and `read` is a plain function: on the happy path of a bulk cancel every
        coroutine layer is paid on each resumption, and the layers were a measurable share of
        the client's cost over raw aiohttp (bench/bulk_cancel.py).
        """
        with self._within(deadline) as scope:
            try:
                if scope is None:
                    return read(await send())
                async with attempt_timeout():
                    return read(await send())
            except ImageJobsError as exc:
                first = exc
            except Exception as exc:
                first = self._foreign(exc)

            # A coroutine function, not a lambda returning a coroutine: tenacity tells them apart.
            async def guarded() -> T:
                return await self._aguard(send, read)

            return await self._retrier.aretry(
                first, guarded, method=method, path=path, deadline=scope
            )

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
