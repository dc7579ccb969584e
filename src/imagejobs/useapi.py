"""useapi.net (Midjourney v2): `Useapi` and `AsyncUseapi` over `imagejobs_gen_useapi`.

What the facade maps (specs/useapi.yaml):
- cancel (GET /jobs/cancel/?jobid=, a GET with a side effect): 200 `{jobid, status}`; status
  `cancelled` -> the Job; another final status (completed, failed, moderated), which useapi
  echoes for a job that already ended -> `NotCancellableError(current_status=...)`; any other
  status is returned as the Job it describes.
- get (GET /jobs/?jobid=) -> Job; running (GET /jobs) -> job ids; accounts (GET
  /account/midjourney) -> {channel: Account}.
- Errors: 400, 401, 402, 404, 429 (undocumented; `RateLimitError.executing_jobs`), 596
  (`ModerationBlockedError`), 5xx, anything else -> `UnexpectedResponseError`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import ModuleType
from typing import Any, ClassVar, Literal

import httpx
from imagejobs_gen_useapi import errors as _gen_errors
from imagejobs_gen_useapi.api.accounts import list_midjourney_accounts
from imagejobs_gen_useapi.api.jobs import cancel_job, get_job, list_running_jobs
from imagejobs_gen_useapi.client import AuthenticatedClient
from imagejobs_gen_useapi.models import Job as GenJob
from imagejobs_gen_useapi.models import JobCancelResponse, MidjourneyAccount, MidjourneyAccounts
from imagejobs_gen_useapi.types import Response, Unset

from ._base_client import AsyncAPIClient, BaseClient, SyncAPIClient, attach, read_credential
from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._rate import RateGate
from ._redact import mask
from .errors import NotCancellableError, from_response
from .job import Job, JobStatus
from .registry import USEAPI

__all__ = ["Account", "AsyncUseapi", "Useapi"]


@dataclass(frozen=True, slots=True, repr=False)
class Account:
    """One Midjourney account (Discord channel) configured at useapi.net.

    `discord` is the account's Discord token, a secret: repr and str show "***" instead.
    """

    channel: str
    discord: str | None = field(default=None, compare=False)
    server: str | None = None
    max_jobs: int | None = None
    pending_mod_message: str | None = None

    def __repr__(self) -> str:
        return (
            f"Account(channel={self.channel!r}, discord={mask(self.discord)!r}, "
            f"server={self.server!r}, max_jobs={self.max_jobs!r}, "
            f"pending_mod_message={self.pending_mod_message!r})"
        )

    __str__ = __repr__


def _opt(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


def job_from_model(model: GenJob | JobCancelResponse, job_id: str) -> Job:
    """A Job from a parsed useapi job or cancel answer (no re-parsing)."""
    status = _opt(model.status)
    provider_status = None if status is None else str(status.value)
    created: datetime | None = None
    updated: datetime | None = None
    if isinstance(model, GenJob):
        created, updated = _opt(model.created), _opt(model.updated)
    return Job(
        provider=USEAPI.name,
        id=_opt(model.jobid) or job_id,
        status=USEAPI.status(provider_status),
        provider_status=provider_status,
        created_at=created,
        updated_at=updated,
        raw=model.to_dict(),
    )


def account_from_model(channel: str, model: MidjourneyAccount) -> Account:
    """An Account from a parsed useapi account configuration."""
    return Account(
        channel=_opt(model.channel) or channel,
        discord=_opt(model.discord),
        server=_opt(model.server),
        max_jobs=_opt(model.max_jobs),
        pending_mod_message=_opt(model.pending_mod_message),
    )


def settle_cancel(job: Job, response: Response[Any]) -> Job:
    """Decide what useapi's 200 to a cancel means: useapi echoes a finished job's final status.

    Cancelled, or still running: that job. Completed, failed or moderated: `NotCancellableError`.
    """
    if job.status.is_final and job.status is not JobStatus.CANCELLED:
        raise NotCancellableError.for_job(
            job, status_code=int(response.status_code), body=job.raw, headers=response.headers
        )
    return job


class _Useapi(BaseClient):
    """Credentials and pure answer handling shared by the sync and async clients."""

    info = USEAPI
    gen_errors: ClassVar[ModuleType] = _gen_errors

    def __init__(self, token: str | None, **options: Any) -> None:
        self._token = read_credential(USEAPI, "token", token)
        super().__init__(secrets=(self._token,), **options)

    def _auth_headers(self) -> Mapping[str, str]:
        return {"Authorization": f"Bearer {self._token}"}

    def _bind(self) -> None:
        # The token rides on our httpx client's headers; the generated client only routes calls.
        client = AuthenticatedClient(
            base_url=self.base_url, token="", raise_on_unexpected_status=True
        )
        self._gen = attach(client, self._http)

    def _cancelled(self, response: Response[Any], job_id: str) -> Job:
        if not isinstance(response.parsed, JobCancelResponse):
            self._fail(response)
        return settle_cancel(job_from_model(response.parsed, job_id), response)

    def _job(self, response: Response[Any], job_id: str) -> Job:
        if not isinstance(response.parsed, GenJob):
            self._fail(response)
        return job_from_model(response.parsed, job_id)

    def _running(self, response: Response[Any]) -> list[str]:
        parsed = response.parsed
        if response.status_code != 200:
            self._fail(response)
        # The generated client only casts this array; check it really is one.
        if not isinstance(parsed, list):
            raise from_response(
                self.provider,
                200,
                body=parsed,
                headers=response.headers,
                reason=TypeError(f"expected a JSON array of job ids, got {type(parsed).__name__}"),
                redact=self._redactor.obj,
            )
        return [str(job_id) for job_id in parsed]

    def _accounts(self, response: Response[Any]) -> dict[str, Account]:
        if not isinstance(response.parsed, MidjourneyAccounts):
            self._fail(response)
        return {
            channel: account_from_model(channel, model)
            for channel, model in response.parsed.additional_properties.items()
        }


class Useapi(_Useapi, SyncAPIClient):
    """useapi.net Midjourney client. The token comes from `token=` or USEAPI_TOKEN.

    Use as a context manager (or call `close()`) to release the connection pool.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
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
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            allow_insecure=allow_insecure,
            rate_gate=rate_gate,
        )

    def cancel(self, job_id: str, *, deadline: float | None = None) -> Job:
        """Cancel a job; returns it (status CANCELLED). Safe to repeat.

        Raises NotCancellableError if it already completed, failed or was moderated.
        `deadline`: seconds the whole call may take (default: the client's).
        """
        return self._call(
            "GET",
            "/jobs/cancel/",
            lambda: self._cancelled(
                cancel_job.sync_detailed(client=self._gen, jobid=job_id), job_id
            ),
            deadline,
        )

    def get(self, job_id: str, *, deadline: float | None = None) -> Job:
        """Read a job's current status."""
        return self._call(
            "GET",
            "/jobs/",
            lambda: self._job(get_job.sync_detailed(client=self._gen, jobid=job_id), job_id),
            deadline,
        )

    def running(self, *, deadline: float | None = None) -> list[str]:
        """The ids of the jobs currently executing."""
        return self._call(
            "GET",
            "/jobs",
            lambda: self._running(list_running_jobs.sync_detailed(client=self._gen)),
            deadline,
        )

    def accounts(self, *, deadline: float | None = None) -> dict[str, Account]:
        """Every configured Midjourney account, keyed by Discord channel id."""
        return self._call(
            "GET",
            "/account/midjourney",
            lambda: self._accounts(list_midjourney_accounts.sync_detailed(client=self._gen)),
            deadline,
        )


class AsyncUseapi(_Useapi, AsyncAPIClient):
    """Async twin of `Useapi`: the same methods, awaitable. Use `async with` or `aclose()`."""

    def __init__(
        self,
        token: str | None = None,
        *,
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
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            allow_insecure=allow_insecure,
            rate_gate=rate_gate,
        )

    async def cancel(self, job_id: str, *, deadline: float | None = None) -> Job:
        """Cancel a job (see `Useapi.cancel`)."""

        async def attempt() -> Job:
            return self._cancelled(
                await cancel_job.asyncio_detailed(client=self._gen, jobid=job_id), job_id
            )

        return await self._call("GET", "/jobs/cancel/", attempt, deadline)

    async def get(self, job_id: str, *, deadline: float | None = None) -> Job:
        """Read a job's current status."""

        async def attempt() -> Job:
            return self._job(await get_job.asyncio_detailed(client=self._gen, jobid=job_id), job_id)

        return await self._call("GET", "/jobs/", attempt, deadline)

    async def running(self, *, deadline: float | None = None) -> list[str]:
        """The ids of the jobs currently executing."""

        async def attempt() -> list[str]:
            return self._running(await list_running_jobs.asyncio_detailed(client=self._gen))

        return await self._call("GET", "/jobs", attempt, deadline)

    async def accounts(self, *, deadline: float | None = None) -> dict[str, Account]:
        """Every configured Midjourney account, keyed by Discord channel id."""

        async def attempt() -> dict[str, Account]:
            return self._accounts(await list_midjourney_accounts.asyncio_detailed(client=self._gen))

        return await self._call("GET", "/account/midjourney", attempt, deadline)
