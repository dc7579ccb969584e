"""Topaz Labs Image API: `Topaz` and `AsyncTopaz` over `imagejobs_gen_topaz`.

What the facade maps (specs/topaz.json + overlay):
- cancel (DELETE /cancel/{process_id}): 204 -> Job(status CANCELLED), without a second request;
  409 -> the job's status is read: `Cancelled` -> that Job (already cancelled, or our retried
  cancel's first answer was lost), anything else -> `NotCancellableError(current_status=...)`.
- get (GET /status/{process_id}) -> Job, with creation/modification times.
- Errors: 400, 401, 403, 404, 429 (Topaz sends no Retry-After, so backoff), 500, other 5xx,
  anything else -> `UnexpectedResponseError`. Process ids are UUIDs; another string raises
  `ImageJobsError` before any request.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from types import ModuleType
from typing import Any, ClassVar, Literal
from uuid import UUID

import httpx
from imagejobs_gen_topaz import errors as _gen_errors
from imagejobs_gen_topaz.api.cancel import cancel_task
from imagejobs_gen_topaz.api.status import get_status
from imagejobs_gen_topaz.client import AuthenticatedClient
from imagejobs_gen_topaz.models import StatusResponse
from imagejobs_gen_topaz.types import Response

from ._base_client import AsyncAPIClient, BaseClient, SyncAPIClient, attach, read_credential
from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._rate import RateGate
from .errors import ConflictError, ImageJobsError, NotCancellableError
from .job import Job, JobStatus
from .registry import TOPAZ

__all__ = ["AsyncTopaz", "Topaz"]

_KEY = TOPAZ.credential("api_key")


class _ProcessId(UUID):
    """A UUID that keeps its canonical text: a call formats it into the URL and into its Job.

    Internal to a call (never handed back): it unpickles as a plain UUID.
    """

    __slots__ = ("_text",)
    _text: str

    def __str__(self) -> str:
        return self._text

    def __reduce__(self) -> tuple[type[UUID], tuple[str]]:
        return UUID, (self._text,)


_HEX = "0123456789abcdef-"


def to_uuid(value: str | UUID) -> UUID:
    """The UUID a Topaz process id must be; anything else raises ImageJobsError."""
    if isinstance(value, UUID):
        return value
    try:
        pid = _ProcessId(value)
    except (ValueError, TypeError, AttributeError):
        raise ImageJobsError(f"topaz: {value!r} is not a process id (a UUID)") from None
    # Ids usually arrive as the API wrote them, already canonical: keep that text, not a new one.
    # Only lowercase hex and dashes in the canonical places: UUID() also takes "+", "_", "0x"
    # and surrounding whitespace (int(x, 16) does), none of which may reach a URL or a Job.
    canonical = len(value) == 36 and value[8] == value[13] == value[18] == value[23] == "-"
    if not (canonical and not value.strip(_HEX)):
        value = UUID.__str__(pid)
    object.__setattr__(pid, "_text", value)
    return pid


def _from_unix(seconds: int) -> datetime | None:
    """A UTC datetime, or None when the integer is outside what datetime can hold.

    The spec bounds nothing, and a wrong timestamp must not turn a readable status into an
    error: the raw value stays in `Job.raw`. (A value that is not a number at all is a body
    of another shape, and the client boundary reports it as one.)
    """
    try:
        return datetime.fromtimestamp(seconds, UTC)
    except (ValueError, OverflowError, OSError):
        return None


def job_from_model(model: StatusResponse) -> Job:
    """A Job from a parsed Topaz status (no re-parsing)."""
    provider_status = str(model.status.value)
    return Job(
        provider=TOPAZ.name,
        id=str(model.process_id),
        status=TOPAZ.status(provider_status),
        provider_status=provider_status,
        created_at=_from_unix(model.creation_time),
        updated_at=_from_unix(model.modification_time),
        raw=model.to_dict(),
    )


def cancelled_job(pid: UUID) -> Job:
    """The Job a 204 to a cancel stands for: Topaz sends no body, so no provider status."""
    return Job(provider=TOPAZ.name, id=str(pid), status=JobStatus.CANCELLED)


def settle_conflict(job: Job, conflict: ConflictError) -> Job:
    """Decide a 409 to a cancel from the job's state, read after it.

    Cancelled (already, or by our own retried cancel whose first answer was lost): that job.
    Anything else: the job is past cancelling, so `NotCancellableError`.
    """
    if job.status is JobStatus.CANCELLED:
        return job
    raise NotCancellableError.for_job(
        job,
        status_code=conflict.status_code,
        body=conflict.body,
        headers=conflict.headers,
        detail=conflict.message,
    ) from None


class _Topaz(BaseClient):
    """Credentials and pure answer handling shared by the sync and async clients."""

    info = TOPAZ
    gen_errors: ClassVar[ModuleType] = _gen_errors

    def __init__(self, api_key: str | None, **options: Any) -> None:
        self._api_key = read_credential(TOPAZ, _KEY.keyword, api_key)
        super().__init__(secrets=(self._api_key,), **options)

    def _auth_headers(self) -> Mapping[str, str]:
        assert _KEY.header is not None
        return {_KEY.header: self._api_key}

    def _bind(self) -> None:
        # The key rides on our httpx client's headers; the generated client only routes calls.
        client = AuthenticatedClient(
            base_url=self.base_url,
            token="",
            prefix="",
            auth_header_name=_KEY.header or "",
            raise_on_unexpected_status=True,
        )
        self._gen = attach(client, self._http)

    def _cancelled(self, response: Response[Any], pid: UUID) -> Job:
        if response.status_code != 204:
            self._fail(response)
        return cancelled_job(pid)

    def _job(self, response: Response[Any]) -> Job:
        if not isinstance(response.parsed, StatusResponse):
            self._fail(response)
        return job_from_model(response.parsed)


class Topaz(_Topaz, SyncAPIClient):
    """Topaz Labs Image API client. The key comes from `api_key=` or TOPAZ_API_KEY.

    Use as a context manager (or call `close()`) to release the connection pool.
    """

    def __init__(
        self,
        api_key: str | None = None,
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
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            allow_insecure=allow_insecure,
            rate_gate=rate_gate,
        )

    def cancel(self, process_id: str | UUID, *, deadline: float | None = None) -> Job:
        """Cancel a job; returns it (status CANCELLED). Safe to repeat.

        Raises NotCancellableError (with `current_status`) if it already completed or failed.
        `deadline`: seconds the whole call may take, the status read after a 409 included
        (default: the client's).
        """
        pid = to_uuid(process_id)
        with self._within(deadline):
            try:
                return self._call(
                    "DELETE",
                    "/cancel/{process_id}",
                    lambda: self._cancelled(cancel_task.sync_detailed(pid, client=self._gen), pid),
                )
            except ConflictError as conflict:
                return settle_conflict(self.get(pid), conflict)

    def get(self, process_id: str | UUID, *, deadline: float | None = None) -> Job:
        """Read a job's current status."""
        pid = to_uuid(process_id)
        return self._call(
            "GET",
            "/status/{process_id}",
            lambda: self._job(get_status.sync_detailed(pid, client=self._gen)),
            deadline,
        )


class AsyncTopaz(_Topaz, AsyncAPIClient):
    """Async twin of `Topaz`: the same methods, awaitable. Use `async with` or `aclose()`."""

    def __init__(
        self,
        api_key: str | None = None,
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
            api_key,
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            allow_insecure=allow_insecure,
            rate_gate=rate_gate,
        )

    async def cancel(self, process_id: str | UUID, *, deadline: float | None = None) -> Job:
        """Cancel a job (see `Topaz.cancel`)."""
        pid = to_uuid(process_id)

        async def attempt() -> Job:
            return self._cancelled(await cancel_task.asyncio_detailed(pid, client=self._gen), pid)

        with self._within(deadline):
            try:
                return await self._call("DELETE", "/cancel/{process_id}", attempt)
            except ConflictError as conflict:
                return settle_conflict(await self.get(pid), conflict)

    async def get(self, process_id: str | UUID, *, deadline: float | None = None) -> Job:
        """Read a job's current status."""
        pid = to_uuid(process_id)

        async def attempt() -> Job:
            return self._job(await get_status.asyncio_detailed(pid, client=self._gen))

        return await self._call("GET", "/status/{process_id}", attempt, deadline)
