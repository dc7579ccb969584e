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
(`client_id=`/`client_secret=`, or JOBS_API_CLIENT_ID/JOBS_API_CLIENT_SECRET), cached and
renewed by `_oauth.TokenCache`.
"""

from __future__ import annotations

import os
from types import ModuleType
from typing import Any, ClassVar, Literal

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

from ._base_client import AsyncAPIClient, BaseClient, SyncAPIClient, attach, read_credential
from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._oauth import BearerAuth, TokenCache
from ._rate import RateGate
from .errors import (
    ImageJobsError,
    MissingCredentialsError,
    NotCancellableError,
    UnprocessableEntityError,
    from_response,
)
from .job import Job, JobStatus
from .registry import JOBS_API

__all__ = ["DEFAULT_REASON", "SCOPES", "AsyncJobsApi", "JobsApi"]

DEFAULT_REASON = "Cancelled via imagejobs"
#: Requested with every client-credentials token: reading and cancelling jobs.
SCOPES = "jobs:read jobs:write"
#: The states the spec says a job can still be cancelled from.
CANCELLABLE = frozenset({"new", "scheduled", "unscheduled", "sent", "read", "accepted"})
_TOKEN, _CLIENT_ID, _CLIENT_SECRET, _CUSTOMER_ID = (
    JOBS_API.credential(keyword)
    for keyword in ("token", "client_id", "client_secret", "customer_id")
)


def to_job_id(value: str | int) -> int:
    """The int64 >= 1 a jobs API job id must be; anything else raises ImageJobsError."""
    try:
        # int(), not the value itself: an int subclass (an enum, a bool) has its own str(),
        # and the generated path formats the id with str() unquoted.
        number = (
            0
            if isinstance(value, bool)
            else int(value if isinstance(value, int) else str(value).strip())
        )
    except ValueError:
        number = 0
    if number < 1:
        raise ImageJobsError(f"{JOBS_API.name}: {value!r} is not a job id (a positive integer)")
    return number


def job_from_model(model: GenJob) -> Job:
    """A Job from a parsed jobs API job (no re-parsing)."""
    provider_status = str(model.status.value)
    created = None if isinstance(model.created_at, Unset) else model.created_at
    updated = None if isinstance(model.updated_at, Unset) else model.updated_at
    return Job(
        provider=JOBS_API.name,
        id=str(model.id),
        status=JOBS_API.status(provider_status),
        provider_status=provider_status,
        created_at=created,
        updated_at=updated,
        raw=model.to_dict(),
    )


def settle_refusal(job: Job, refused: UnprocessableEntityError) -> Job:
    """Decide a 422 to a cancel from the job's state, read after it.

    Cancelled (already, or by our own retried cancel whose first answer was lost): that job.
    A cancellable or unknown state: the 422 was about the request itself, so it is raised as
    is. Anything else: the job is past cancelling, so `NotCancellableError`.
    """
    if job.status is JobStatus.CANCELLED:
        return job
    if job.provider_status in CANCELLABLE or job.status is JobStatus.UNKNOWN:
        raise refused
    raise NotCancellableError.for_job(
        job, status_code=refused.status_code, body=refused.body, headers=refused.headers
    )


def _credentials(
    token: str | None, client_id: str | None, client_secret: str | None
) -> tuple[str | None, str | None, str | None]:
    """(token, client_id, client_secret): explicit arguments first, then the environment."""
    if token:
        return token, None, None
    if client_id or client_secret:
        cid = read_credential(JOBS_API, _CLIENT_ID.keyword, client_id)
        secret = read_credential(JOBS_API, _CLIENT_SECRET.keyword, client_secret)
        return None, cid, secret
    env_token = os.environ.get(_TOKEN.env_var)
    if env_token:
        return env_token, None, None
    env_id, env_secret = os.environ.get(_CLIENT_ID.env_var), os.environ.get(_CLIENT_SECRET.env_var)
    if env_id and env_secret:
        return None, env_id, env_secret
    raise MissingCredentialsError(
        JOBS_API.name,
        env_var=_TOKEN.env_var,
        keyword=_TOKEN.keyword,
        what=(
            "access token or client credentials (client_id=/client_secret=, or "
            f"{_CLIENT_ID.env_var}/{_CLIENT_SECRET.env_var})"
        ),
    )


def _customer_id(value: int | str | None) -> int:
    raw = value if value is not None else os.environ.get(_CUSTOMER_ID.env_var)
    if raw is None or raw == "":
        raise MissingCredentialsError(
            JOBS_API.name,
            env_var=_CUSTOMER_ID.env_var,
            keyword=_CUSTOMER_ID.keyword,
            what=_CUSTOMER_ID.what,
        )
    try:
        return int(raw)
    except ValueError:
        raise ImageJobsError(
            f"{JOBS_API.name}: customer id must be an integer, not {raw!r}"
        ) from None


class _JobsApi(BaseClient):
    """Credentials, the token fetch and pure answer handling shared by both clients."""

    info = JOBS_API
    gen_errors: ClassVar[ModuleType] = _gen_errors

    def __init__(
        self,
        token: str | None,
        *,
        customer_id: int | None,
        client_id: str | None,
        client_secret: str | None,
        **options: Any,
    ) -> None:
        static, self._client_id, self._client_secret = _credentials(token, client_id, client_secret)
        self.customer_id = _customer_id(customer_id)
        # Only the fetch matching the twin's http client is ever called.
        self._tokens = TokenCache(
            static=static, fetch=self._fetch_token, afetch=self._afetch_token, name=JOBS_API.name
        )
        super().__init__(secrets=(static, self._client_secret), **options)

    def _auth(self) -> httpx.Auth:
        return BearerAuth(self._tokens)

    def _bind(self) -> None:
        # Auth is BearerAuth on our httpx client; the generated client only routes calls. The
        # token call goes through a second httpx client without that auth, on the same pool.
        api = AuthenticatedClient(base_url=self.base_url, token="", raise_on_unexpected_status=True)
        tokens = Client(base_url=self.base_url, raise_on_unexpected_status=True)
        self._gen = attach(api, self._http)
        self._token_gen = attach(tokens, self._new_http())

    def _cancelled(self, response: Response[Any], job_id: int) -> Job:
        if response.status_code != 204:
            self._fail(response)
        return Job(provider=JOBS_API.name, id=str(job_id), status=JobStatus.CANCELLED)

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
                self.provider,
                int(response.status_code),
                headers=response.headers,
                reason=ValueError("the token answer has an empty access_token"),
            )
        self._redactor.add(parsed.access_token)
        return parsed.access_token, int(parsed.expires_in)

    def _fetch_token(self) -> tuple[str, int]:
        return self._guard(
            lambda: self._token(
                get_access_token.sync_detailed(client=self._token_gen, body=self._token_request())
            )
        )

    async def _afetch_token(self) -> tuple[str, int]:
        async def attempt() -> tuple[str, int]:
            return self._token(
                await get_access_token.asyncio_detailed(
                    client=self._token_gen, body=self._token_request()
                )
            )

        return await self._aguard(attempt)


class JobsApi(_JobsApi, SyncAPIClient):
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
        max_retries: int = DEFAULT_MAX_RETRIES,
        deadline: float | None = None,
        transport: httpx.BaseTransport | None = None,
        allow_insecure: bool = False,
        rate_gate: RateGate | Literal[False] | None = None,
    ) -> None:
        super().__init__(
            token,
            customer_id=customer_id,
            client_id=client_id,
            client_secret=client_secret,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            allow_insecure=allow_insecure,
            rate_gate=rate_gate,
        )

    def cancel(
        self, job_id: str | int, reason: str = DEFAULT_REASON, *, deadline: float | None = None
    ) -> Job:
        """Cancel a job with a reason; returns it (status CANCELLED). Safe to repeat.

        Raises NotCancellableError if it already started, was suspended or completed.
        `deadline`: seconds the whole call may take, the status read after a 422 included
        (default: the client's).
        """
        jid = to_job_id(job_id)
        body = CancelJobRequest(reason=reason)
        with self._within(deadline):
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
                return settle_refusal(self.get(jid), refused)

    def get(self, job_id: str | int, *, deadline: float | None = None) -> Job:
        """Read a job's current status."""
        jid = to_job_id(job_id)
        return self._call(
            "GET",
            "/v1/jobs/{jobId}",
            lambda: self._job(
                get_job.sync_detailed(jid, client=self._gen, customer_id=self.customer_id)
            ),
            deadline,
        )


class AsyncJobsApi(_JobsApi, AsyncAPIClient):
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
        max_retries: int = DEFAULT_MAX_RETRIES,
        deadline: float | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        allow_insecure: bool = False,
        rate_gate: RateGate | Literal[False] | None = None,
    ) -> None:
        super().__init__(
            token,
            customer_id=customer_id,
            client_id=client_id,
            client_secret=client_secret,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            allow_insecure=allow_insecure,
            rate_gate=rate_gate,
        )

    async def cancel(
        self, job_id: str | int, reason: str = DEFAULT_REASON, *, deadline: float | None = None
    ) -> Job:
        """Cancel a job with a reason (see `JobsApi.cancel`)."""
        jid = to_job_id(job_id)
        body = CancelJobRequest(reason=reason)

        async def attempt() -> Job:
            response = await cancel_job.asyncio_detailed(
                jid, client=self._gen, body=body, customer_id=self.customer_id
            )
            return self._cancelled(response, jid)

        with self._within(deadline):
            try:
                return await self._call("PUT", "/v1/jobs/{jobId}/cancel", attempt)
            except UnprocessableEntityError as refused:
                return settle_refusal(await self.get(jid), refused)

    async def get(self, job_id: str | int, *, deadline: float | None = None) -> Job:
        """Read a job's current status."""
        jid = to_job_id(job_id)

        async def attempt() -> Job:
            response = await get_job.asyncio_detailed(
                jid, client=self._gen, customer_id=self.customer_id
            )
            return self._job(response)

        return await self._call("GET", "/v1/jobs/{jobId}", attempt, deadline)
