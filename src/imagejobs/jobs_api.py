"""The RFC 7807 jobs API (BigChange): `JobsApi` and `AsyncJobsApi` over `imagejobs_gen_jobs_api`.

What the facade maps (specs/jobs_api.yaml):
- cancel (PUT /v1/jobs/{jobId}/cancel, body `{reason}`): 204 -> Job(status CANCELLED);
  422 (how the spec answers "not cancellable") -> the job is read: `cancelled` -> that Job
  (already cancelled, or our retried cancel's first answer was lost); refused, onTheWay,
  started, suspended, completedOk, completedWithIssues -> `NotCancellableError`; a job still in a
  cancellable state (or in an unknown one) -> the original `UnprocessableEntityError`, whose
  `field_errors` say what was wrong with the request.
- get (GET /v1/jobs/{jobId}) -> Job with createdAt/updatedAt.
- Errors: RFC 7807 problems for 400, 401, 403, 404, 422, 500; 429 and other 5xx undocumented.

Authentication: a bearer token (`token=` or JOBS_API_TOKEN), or OAuth2 client credentials
(`client_id=`/`client_secret=`, or JOBS_API_CLIENT_ID/JOBS_API_CLIENT_SECRET). A fetched token
is cached, shared by every thread (sync client) or task (async client) without being fetched
twice, renewed shortly before it expires, and re-fetched once if the API answers 401.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
import time
from collections.abc import AsyncGenerator, Awaitable, Callable, Generator
from types import ModuleType
from typing import Any, ClassVar, NoReturn

import httpx
from imagejobs_gen_jobs_api import errors as _gen_errors
from imagejobs_gen_jobs_api.api.auth import get_access_token
from imagejobs_gen_jobs_api.api.jobs import cancel_job, get_job
from imagejobs_gen_jobs_api.client import AuthenticatedClient, Client
from imagejobs_gen_jobs_api.models import (
    CancelJobRequest,
    TokenRequest,
    TokenRequestGrantType,
    TokenResponse,
)
from imagejobs_gen_jobs_api.models import Job as GenJob
from imagejobs_gen_jobs_api.types import Response, Unset

from ._http import (
    DEFAULT_TIMEOUT,
    AsyncShell,
    Shell,
    SyncShell,
    async_transport,
    attach,
    credential,
    sync_transport,
)
from .errors import (
    ImageJobsError,
    MissingCredentialsError,
    NotCancellableError,
    UnprocessableEntityError,
    from_response,
)
from .job import Job, JobStatus, status_for

__all__ = ["DEFAULT_REASON", "SCOPES", "AsyncJobsApi", "JobsApi"]

log = logging.getLogger("imagejobs")

PROVIDER = "jobs"
DEFAULT_BASE_URL = "https://api.bigchange.com"
DEFAULT_REASON = "Cancelled via imagejobs"
#: Requested with every client-credentials token: reading and cancelling jobs.
SCOPES = "jobs:read jobs:write"
ENV_TOKEN = "JOBS_API_TOKEN"  # noqa: S105 - the name of an env var
ENV_CLIENT_ID = "JOBS_API_CLIENT_ID"
ENV_CLIENT_SECRET = "JOBS_API_CLIENT_SECRET"  # noqa: S105 - the name of an env var
ENV_CUSTOMER_ID = "JOBS_API_CUSTOMER_ID"
#: The states the spec says a job can still be cancelled from.
CANCELLABLE = frozenset({"new", "scheduled", "unscheduled", "sent", "read", "accepted"})
#: Renew a token this long before it expires (at most; a tenth of its lifetime if shorter).
REFRESH_MARGIN = 60.0


def to_job_id(value: str | int) -> int:
    """The int64 >= 1 a jobs API job id must be; anything else raises ImageJobsError."""
    try:
        number = value if isinstance(value, int) else int(str(value).strip())
    except ValueError:
        number = 0
    if number < 1:
        raise ImageJobsError(f"jobs: {value!r} is not a job id (a positive integer)")
    return number


def job_from_model(model: GenJob) -> Job:
    """A Job from a parsed jobs API job (no re-parsing)."""
    provider_status = str(model.status.value)
    created = None if isinstance(model.created_at, Unset) else model.created_at
    updated = None if isinstance(model.updated_at, Unset) else model.updated_at
    return Job(
        provider=PROVIDER,
        id=str(model.id),
        status=status_for(PROVIDER, provider_status),
        provider_status=provider_status,
        created_at=created,
        updated_at=updated,
        raw=model.to_dict(),
    )


def after_refusal(job: Job, refused: UnprocessableEntityError) -> Job | None:
    """Settle a 422 to a cancel from the job's state.

    Returns the Job if it is cancelled, None to re-raise the 422 (a cancellable or unknown
    state: the request itself was invalid); raises NotCancellableError if the job is past the
    point of cancelling.
    """
    if job.status is JobStatus.CANCELLED:
        return job
    if job.provider_status in CANCELLABLE or job.status is JobStatus.UNKNOWN:
        return None
    raise NotCancellableError.for_job(
        job, status_code=refused.status_code, body=refused.body, headers=refused.headers
    )


class TokenCache:
    """One bearer token shared by all calls of a client.

    A static token is returned as is. A client-credentials token is fetched on first use,
    renewed `REFRESH_MARGIN` before it expires, and fetched by one caller at a time: threads
    wait on a lock (sync), tasks on an asyncio.Lock (async), then reuse what the first fetched.
    """

    def __init__(
        self,
        *,
        static: str | None = None,
        fetch: Callable[[], tuple[str, int]] | None = None,
        afetch: Callable[[], Awaitable[tuple[str, int]]] | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._token = static
        self._expires_at = float("inf") if static else 0.0
        self._fetch = fetch
        self._afetch = afetch
        self._clock = clock
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
        log.debug("jobs: fetched an access token valid for %d s", expires_in)
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
            log.debug(
                "jobs: %s %s -> 401; fetching a new token once", request.method, request.url.path
            )
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
            log.debug(
                "jobs: %s %s -> 401; fetching a new token once", request.method, request.url.path
            )
            self._cache.invalidate(token)
            request.headers["Authorization"] = f"Bearer {await self._cache.aget()}"
            yield request


def _credentials(
    token: str | None, client_id: str | None, client_secret: str | None
) -> tuple[str | None, str | None, str | None]:
    """(token, client_id, client_secret): explicit arguments first, then the environment."""
    if token:
        return token, None, None
    if client_id or client_secret:
        cid = credential(
            client_id, ENV_CLIENT_ID, provider=PROVIDER, keyword="client_id", what="client id"
        )
        secret = credential(
            client_secret,
            ENV_CLIENT_SECRET,
            provider=PROVIDER,
            keyword="client_secret",
            what="client secret",
        )
        return None, cid, secret
    env_token = os.environ.get(ENV_TOKEN)
    if env_token:
        return env_token, None, None
    env_id, env_secret = os.environ.get(ENV_CLIENT_ID), os.environ.get(ENV_CLIENT_SECRET)
    if env_id and env_secret:
        return None, env_id, env_secret
    raise MissingCredentialsError(
        PROVIDER,
        env_var=ENV_TOKEN,
        keyword="token",
        what=(
            "access token or client credentials (client_id=/client_secret=, or "
            f"{ENV_CLIENT_ID}/{ENV_CLIENT_SECRET})"
        ),
    )


def _customer_id(value: int | str | None) -> int:
    raw = value if value is not None else os.environ.get(ENV_CUSTOMER_ID)
    if raw is None or raw == "":
        raise MissingCredentialsError(
            PROVIDER, env_var=ENV_CUSTOMER_ID, keyword="customer_id", what="customer id"
        )
    try:
        return int(raw)
    except ValueError:
        raise ImageJobsError(f"jobs: customer id must be an integer, not {raw!r}") from None


class _JobsApi(Shell):
    """Answer handling shared by the sync and async clients."""

    provider = PROVIDER
    default_base_url = DEFAULT_BASE_URL
    gen_errors: ClassVar[ModuleType] = _gen_errors

    def _setup(
        self, token: str | None, client_id: str | None, client_secret: str | None, customer_id: Any
    ) -> tuple[str | None, str | None, str | None]:
        creds = _credentials(token, client_id, client_secret)
        self.customer_id = _customer_id(customer_id)
        self._redactor.add(creds[0])
        self._redactor.add(creds[2])
        return creds

    def _cancelled(self, response: Response[Any], job_id: int) -> Job:
        if response.status_code != 204:
            self._fail(response)
        return Job(provider=PROVIDER, id=str(job_id), status=JobStatus.CANCELLED)

    def _job(self, response: Response[Any]) -> Job:
        if not isinstance(response.parsed, GenJob):
            self._fail(response)
        return job_from_model(response.parsed)

    def _token_request(self) -> TokenRequest:
        assert self._client_id is not None
        assert self._client_secret is not None
        return TokenRequest(
            grant_type=TokenRequestGrantType.CLIENT_CREDENTIALS,
            client_id=self._client_id,
            client_secret=self._client_secret,
            scope=SCOPES,
        )

    def _token(self, response: Response[Any]) -> tuple[str, int]:
        parsed = response.parsed
        if not isinstance(parsed, TokenResponse):
            self._fail(response)
        if not parsed.access_token:
            raise from_response(
                PROVIDER, int(response.status_code), headers=response.headers, malformed=True
            )
        self._redactor.add(parsed.access_token)
        return parsed.access_token, parsed.expires_in

    def _map(self, exc: Exception) -> NoReturn:
        if isinstance(exc, ImageJobsError):
            raise exc
        self._raise_foreign(exc)

    def _generated(
        self, http: httpx.Client | httpx.AsyncClient, token_http: httpx.Client | httpx.AsyncClient
    ) -> tuple[AuthenticatedClient, Client]:
        # Auth is BearerAuth on our httpx client; the generated client only routes calls. The
        # token call goes through a second httpx client without that auth, on the same pool.
        api = AuthenticatedClient(base_url=self.base_url, token="", raise_on_unexpected_status=True)
        tokens = Client(base_url=self.base_url, raise_on_unexpected_status=True)
        return attach(api, http), attach(tokens, token_http)

    _client_id: str | None
    _client_secret: str | None


class JobsApi(_JobsApi, SyncShell):
    """Jobs API client (BigChange REST API v1, job control).

    Credentials: `token=` (or JOBS_API_TOKEN), or `client_id=`/`client_secret=` (or
    JOBS_API_CLIENT_ID/JOBS_API_CLIENT_SECRET) for OAuth2 client credentials. Every call sends
    the `Customer-Id` header from `customer_id=` (or JOBS_API_CUSTOMER_ID).
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        customer_id: int | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        transport: httpx.BaseTransport | None = None,
        allow_insecure: bool = False,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            allow_insecure=allow_insecure,
            secrets=(),
        )
        static, self._client_id, self._client_secret = self._setup(
            token, client_id, client_secret, customer_id
        )
        self._tokens = TokenCache(static=static, fetch=self._fetch_token)
        pool = sync_transport(transport)
        self._http = self._make_http(pool, {}, BearerAuth(self._tokens))
        self._gen, self._token_gen = self._generated(self._http, self._make_http(pool, {}))

    def _fetch_token(self) -> tuple[str, int]:
        try:
            response = get_access_token.sync_detailed(
                client=self._token_gen, body=self._token_request()
            )
        except Exception as exc:
            self._map(exc)
        return self._token(response)

    def cancel(self, job_id: str | int, reason: str = DEFAULT_REASON) -> Job:
        """Cancel a job with a reason; returns it (status CANCELLED). Safe to repeat.

        Raises NotCancellableError if it already started, was suspended or completed.
        """
        jid = to_job_id(job_id)
        body = CancelJobRequest(reason=reason)
        try:
            return self._call(
                "PUT",
                "/v1/jobs/{jobId}/cancel",
                lambda: self._cancelled(
                    cancel_job.sync_detailed(
                        jid, client=self._gen, body=body, customer_id=self.customer_id
                    ),
                    jid,
                ),
            )
        except UnprocessableEntityError as refused:
            settled = after_refusal(self.get(jid), refused)
            if settled is None:
                raise
            return settled

    def get(self, job_id: str | int) -> Job:
        """Read a job's current status."""
        jid = to_job_id(job_id)
        return self._call(
            "GET",
            "/v1/jobs/{jobId}",
            lambda: self._job(
                get_job.sync_detailed(jid, client=self._gen, customer_id=self.customer_id)
            ),
        )


class AsyncJobsApi(_JobsApi, AsyncShell):
    """Async twin of `JobsApi`: the same methods, awaitable. Use `async with` or `aclose()`."""

    def __init__(
        self,
        token: str | None = None,
        *,
        customer_id: int | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = 2,
        transport: httpx.AsyncBaseTransport | None = None,
        allow_insecure: bool = False,
    ) -> None:
        super().__init__(
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            allow_insecure=allow_insecure,
            secrets=(),
        )
        static, self._client_id, self._client_secret = self._setup(
            token, client_id, client_secret, customer_id
        )
        self._tokens = TokenCache(static=static, afetch=self._fetch_token)
        pool = async_transport(transport)
        self._http = self._make_http(pool, {}, BearerAuth(self._tokens))
        self._gen, self._token_gen = self._generated(self._http, self._make_http(pool, {}))

    async def _fetch_token(self) -> tuple[str, int]:
        try:
            response = await get_access_token.asyncio_detailed(
                client=self._token_gen, body=self._token_request()
            )
        except Exception as exc:
            self._map(exc)
        return self._token(response)

    async def cancel(self, job_id: str | int, reason: str = DEFAULT_REASON) -> Job:
        """Cancel a job with a reason (see `JobsApi.cancel`)."""
        jid = to_job_id(job_id)
        body = CancelJobRequest(reason=reason)

        async def attempt() -> Job:
            response = await cancel_job.asyncio_detailed(
                jid, client=self._gen, body=body, customer_id=self.customer_id
            )
            return self._cancelled(response, jid)

        try:
            return await self._call("PUT", "/v1/jobs/{jobId}/cancel", attempt)
        except UnprocessableEntityError as refused:
            settled = after_refusal(await self.get(jid), refused)
            if settled is None:
                raise
            return settled

    async def get(self, job_id: str | int) -> Job:
        """Read a job's current status."""
        jid = to_job_id(job_id)

        async def attempt() -> Job:
            response = await get_job.asyncio_detailed(
                jid, client=self._gen, customer_id=self.customer_id
            )
            return self._job(response)

        return await self._call("GET", "/v1/jobs/{jobId}", attempt)
