"""The RFC 7807 jobs API (BigChange): `JobsApi` and `AsyncJobsApi`, per `specs/providers/jobs_api.yaml`.

The description holds the job control (cancel is PUT /v1/jobs/{jobId}/cancel: 204 is cancelled;
a 422 is read: `cancelled` -> that Job, a state past cancelling -> `NotCancellableError`, a state
still cancellable -> the original `UnprocessableEntityError` with its `field_errors`; RFC 7807
problems; integer ids >= 1). What is the jobs API's own lives here: the cancel `reason` (the
cancel's body) and the OAuth2 client-credentials token, fetched with the generated token
operation, cached and renewed by `_oauth.TokenCache`.

Authentication: a bearer token (`token=` or JOBS_API_TOKEN), or OAuth2 client credentials
(`client_id=`/`client_secret=`, or JOBS_API_CLIENT_ID/JOBS_API_CLIENT_SECRET). Every call
carries `Customer-Id` from `customer_id=` (or JOBS_API_CUSTOMER_ID).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any, Literal

import httpx
from imagejobs_gen_jobs_api.api.auth import get_access_token
from imagejobs_gen_jobs_api.models import (
    CancelJobRequest,
    TokenRequest,
    TokenRequestGrantType,
    TokenResponse,
)

from ._base_client import read_credential
from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._oauth import BearerAuth, TokenCache
from ._provider import AsyncProviderClient, Described, JobId, ProviderClient
from ._rate import RateGate
from .errors import ImageJobsError, MissingCredentialsError
from .job import Job
from .registry import JOBS_API

__all__ = ["DEFAULT_REASON", "SCOPES", "AsyncJobsApi", "JobsApi"]

DEFAULT_REASON = "Cancelled via imagejobs"
#: Requested with every client-credentials token: reading and cancelling jobs.
SCOPES = "jobs:read jobs:write"
_TOKEN_OK = frozenset({200})
_TOKEN, _CLIENT_ID, _CLIENT_SECRET, _CUSTOMER_ID = (
    JOBS_API.credential(keyword)
    for keyword in ("token", "client_id", "client_secret", "customer_id")
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


class _JobsApi(Described):
    """The token fetch and the cancel reason, shared by both clients."""

    info = JOBS_API

    def _read_credentials(self, given: dict[str, Any]) -> dict[str, Any]:
        static, client_id, client_secret = _credentials(
            given.get("token"), given.get("client_id"), given.get("client_secret")
        )
        self._client_id, self._client_secret = client_id, client_secret
        self.customer_id = _customer_id(given.get("customer_id"))
        # Only the fetch matching the twin's http client is ever called.
        self._tokens = TokenCache(
            static=static, fetch=self._fetch_token, afetch=self._afetch_token, name=JOBS_API.name
        )
        return {
            "token": static,
            "client_id": client_id,
            "client_secret": client_secret,
            "customer_id": self.customer_id,
        }

    def _auth_headers(self) -> Mapping[str, str]:
        # The token travels by BearerAuth (static or fetched); only Customer-Id is fixed.
        return {_CUSTOMER_ID.header or "Customer-Id": str(self.customer_id)}

    def _auth(self) -> httpx.Auth:
        return BearerAuth(self._tokens)

    def _bind(self) -> None:
        # The token call goes through a second httpx client without the bearer auth, on the
        # same pool and through the same steps.
        self._token_http = self._new_http()

    def _cancel_body(self, options: Mapping[str, Any]) -> Any:
        return CancelJobRequest(reason=str(options.get("reason", DEFAULT_REASON)))

    def _token_request(self) -> TokenRequest:
        assert self._client_id is not None
        assert self._client_secret is not None
        return TokenRequest(
            grant_type=TokenRequestGrantType.CLIENT_CREDENTIALS,
            client_id=self._client_id,
            client_secret=self._client_secret,
            scope=SCOPES,
        )

    def _token(self, response: Any) -> tuple[str, int]:
        body = self._decoded(_TOKEN_OK, response)
        try:
            parsed = TokenResponse.from_dict(body)
            expires_in = int(parsed.expires_in)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            self._bad(response, exc)
        if not parsed.access_token:
            self._bad(response, ValueError("the token answer has an empty access_token"))
        self._redactor.add(parsed.access_token)
        return parsed.access_token, expires_in

    def _token_kwargs(self) -> dict[str, Any]:
        return get_access_token._get_kwargs(body=self._token_request())

    def _fetch_token(self) -> tuple[str, int]:
        # One attempt: the token fetch runs inside a call's attempt, which the call retries.
        return self._guard(lambda: self._token_http.request(**self._token_kwargs()), self._token)

    async def _afetch_token(self) -> tuple[str, int]:
        return await self._aguard(
            lambda: self._token_http.request(**self._token_kwargs()), self._token
        )


class JobsApi(_JobsApi, ProviderClient):
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
            {
                "token": token,
                "customer_id": customer_id,
                "client_id": client_id,
                "client_secret": client_secret,
            },
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            allow_insecure=allow_insecure,
            rate_gate=rate_gate,
        )

    def cancel(
        self,
        job_id: JobId,
        reason: str = DEFAULT_REASON,
        *,
        deadline: float | None = None,
        wait: bool = False,
        **options: Any,
    ) -> Job:
        """Cancel a job with a reason; returns it (status CANCELLED). Safe to repeat.

        Raises NotCancellableError if it already started, was suspended or completed.
        `deadline`: seconds the whole call may take, the status read after a 422 included
        (default: the client's).
        """
        return super().cancel(job_id, deadline=deadline, wait=wait, reason=reason, **options)


class AsyncJobsApi(_JobsApi, AsyncProviderClient):
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
            {
                "token": token,
                "customer_id": customer_id,
                "client_id": client_id,
                "client_secret": client_secret,
            },
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            allow_insecure=allow_insecure,
            rate_gate=rate_gate,
        )

    async def cancel(
        self,
        job_id: JobId,
        reason: str = DEFAULT_REASON,
        *,
        deadline: float | None = None,
        wait: bool = False,
        **options: Any,
    ) -> Job:
        """Cancel a job with a reason (see `JobsApi.cancel`)."""
        return await super().cancel(job_id, deadline=deadline, wait=wait, reason=reason, **options)
