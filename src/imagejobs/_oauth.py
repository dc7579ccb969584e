"""OAuth2 client credentials: one cached bearer token per client, put on every request.

`TokenCache` holds a static token as is, or fetches a client-credentials token on first use,
renews it `REFRESH_MARGIN` before it expires, and lets one caller at a time fetch: threads wait
on a lock (sync client), tasks on an asyncio.Lock (async client), then reuse what the first
fetched. `BearerAuth` (an `httpx.Auth`) puts the token on each request and, after a 401,
re-fetches it once and resends. How a token is fetched is the provider's business (a callable).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator

import httpx

__all__ = ["REFRESH_MARGIN", "BearerAuth", "TokenCache"]

log = logging.getLogger("imagejobs")

#: Renew a token this long before it expires (at most; a tenth of its lifetime if shorter).
REFRESH_MARGIN = 60.0


class TokenCache:
    """One bearer token shared by all calls of a client (see the module docstring)."""

    def __init__(
        self,
        *,
        static: str | None = None,
        fetch: Callable[[], tuple[str, int]] | None = None,
        afetch: Callable[[], Awaitable[tuple[str, int]]] | None = None,
        clock: Callable[[], float] = time.monotonic,
        name: str = "oauth",
    ) -> None:
        self._token = static
        self._expires_at = float("inf") if static else 0.0
        self._fetch = fetch
        self._afetch = afetch
        self._clock = clock
        self._name = name
        self._lock = threading.Lock()
        self._alock = asyncio.Lock()
        self.refreshable = static is None
        self.fetches = 0  # how many tokens were fetched (for tests and diagnostics)

    def _current(self) -> str | None:
        token = self._token
        return token if token is not None and self._clock() < self._expires_at else None

    def _store(self, token: str, expires_in: int) -> str:
        margin = min(REFRESH_MARGIN, max(expires_in, 0) / 10)
        self._token = token
        self._expires_at = self._clock() + expires_in - margin
        self.fetches += 1
        log.debug("%s: fetched an access token valid for %d s", self._name, expires_in)
        return token

    def get(self) -> str:
        """The valid token, fetching it (once, across threads) when missing or expiring."""
        token = self._current()
        if token is not None:
            return token
        with self._lock:
            token = self._current()
            if token is not None:
                return token
            assert self._fetch is not None, "a sync token fetch is needed here"
            return self._store(*self._fetch())

    async def aget(self) -> str:
        """The valid token, fetching it (once, across tasks) when missing or expiring."""
        token = self._current()
        if token is not None:
            return token
        async with self._alock:
            token = self._current()
            if token is not None:
                return token
            assert self._afetch is not None, "an async token fetch is needed here"
            return self._store(*(await self._afetch()))

    def invalidate(self, token: str) -> None:
        """Forget `token` after a 401 (unless another caller already replaced it)."""
        with self._lock:
            if self._token == token and self.refreshable:
                self._token = None

    def __repr__(self) -> str:
        return f"TokenCache(refreshable={self.refreshable}, fetches={self.fetches})"


class BearerAuth(httpx.Auth):
    """Puts the cached token on each request; on a 401, re-fetches it once and resends."""

    def __init__(self, cache: TokenCache) -> None:
        self._cache = cache

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response]:
        token = self._cache.get()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401 and self._cache.refreshable:
            self._log_refetch(request)
            self._cache.invalidate(token)
            request.headers["Authorization"] = f"Bearer {self._cache.get()}"
            yield request

    async def async_auth_flow(
        self, request: httpx.Request
    ) -> AsyncGenerator[httpx.Request, httpx.Response]:
        token = await self._cache.aget()
        request.headers["Authorization"] = f"Bearer {token}"
        response = yield request
        if response.status_code == 401 and self._cache.refreshable:
            self._log_refetch(request)
            self._cache.invalidate(token)
            request.headers["Authorization"] = f"Bearer {await self._cache.aget()}"
            yield request

    def _log_refetch(self, request: httpx.Request) -> None:
        # Path only: a query string could carry something secret.
        log.debug(
            "%s: %s %s -> 401; fetching a new token once",
            self._cache._name,
            request.method,
            request.url.path,
        )
