"""`FakeUseapi`: useapi.net's Midjourney v2 job and account operations, in memory.

Checks run in this order on the job operations: bearer token (401), subscription (402, see
`subscription_active`), `jobid` present (400), job known (404), the job's account has no
pending moderation message (596; for `GET /jobs`, any account). Then:

- `GET /jobs/cancel/?jobid=`: created, started or progress -> 200 `{jobid, status:
  "cancelled"}` and the job becomes cancelled; already cancelled -> the same 200. A job that
  is completed, failed or moderated -> 200 echoing its status unchanged. useapi does not
  document this case; echoing the current status is our model, following the spec's
  enum-typed `status` on the cancel response.
- `GET /jobs/?jobid=`: the job. `GET /jobs`: the jobids still running.
- Account operations answer from the accounts added with `add_account()`; `discord` is sent
  in clear, as useapi does for the account owner.

Errors are useapi's `{error, code}` (plus `errorDetails` for 596).
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from imagejobs_gen_useapi import schemas
from pydantic import SecretStr

from imagejobs.registry import USEAPI
from imagejobs.testing._store import FakeProvider, Handler, dump
from imagejobs.testing.faults import Faults

if TYPE_CHECKING:
    from collections.abc import Callable

    from starlette.requests import Request
    from starlette.responses import Response

__all__ = ["DEFAULT_CHANNEL", "DEFAULT_TOKEN", "FakeUseapi"]

#: The bearer token a `FakeUseapi()` accepts when none is given (useapi's format).
DEFAULT_TOKEN = "user:1234-fakeUseapiToken"  # noqa: S105 - a test credential, by design
#: The Discord channel a job belongs to when neither the job nor an account names one.
DEFAULT_CHANNEL = "1002843"

_S = schemas.JobStatus


def _state(status: str) -> Any:
    """`status` as the model's enum, or as is (a state the spec does not list yet).

    A timeline may move a job to such a state (the client must read it as UNKNOWN), and
    `model_copy` keeps it without validating.
    """
    return _S(status) if status in _S._value2member_map_ else status


_RUNNING = {_S.created, _S.started, _S.progress}
_NEXT = {_S.created: _S.started, _S.started: _S.progress, _S.progress: _S.completed}


class FakeUseapi(FakeProvider):
    """An in-memory useapi.net Midjourney v2 API (jobs and accounts) checking the bearer token.

    `add_job(status=..., id=None, **fields)` seeds a job (fields: any `Job` field, e.g.
    `channel`, `prompt`, `verb`) and returns its jobid; `add_account(channel, ...)` configures
    an account. `subscription_active=False` makes the job operations answer 402.
    """

    provider = USEAPI.name

    def __init__(
        self,
        *,
        token: str = DEFAULT_TOKEN,
        seed: int = 0,
        faults: Faults | None = None,
        auto_advance: bool = False,
        clock: Callable[[], float] | None = None,
        subscription_active: bool = True,
    ) -> None:
        self.token = token
        self.subscription_active = subscription_active
        match = re.match(r"user:(\d+)", token)
        self._user = match.group(1) if match else "1"
        super().__init__(seed=seed, faults=faults, auto_advance=auto_advance, clock=clock)

    def _init_state(self) -> None:
        super()._init_state()
        self._jobs: dict[str, schemas.Job] = {}
        self._accounts: dict[str, schemas.MidjourneyAccount] = {}

    def _timestamp(self) -> datetime:
        return datetime.fromtimestamp(self.now(), tz=UTC)

    # -- seeding -----------------------------------------------------------------------------

    def add_job(
        self,
        status: str | schemas.JobStatus = _S.started,
        id: str | None = None,
        **fields: Any,
    ) -> str:
        """Seed a job in `status` and return its jobid (useapi-style, drawn from `seed`)."""
        state = schemas.JobStatus(status)
        with self._lock:
            channel = str(fields.get("channel") or next(iter(self._accounts), DEFAULT_CHANNEL))
            jobid = id if id is not None else self._new_id(channel)
            now = self._timestamp()
            values: dict[str, Any] = {
                "jobid": jobid,
                "verb": "imagine",
                "status": state,
                "created": now,
                "updated": now,
                "prompt": "a red fox in the snow",
                "channel": channel,
                "code": 200,
            }
            if state is _S.completed:
                values["buttons"] = ["U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4"]
            values.update(fields)
            self._jobs[jobid] = schemas.Job.model_validate(values)
            return jobid

    def _new_id(self, channel: str) -> str:
        while True:
            number = self._rng.randrange(10**9, 10**10)
            candidate = f"j{number}-user:{self._user}-channel:{channel}-bot:midjourney"
            if candidate not in self._jobs:
                return candidate

    def job(self, id: str) -> schemas.Job:
        """The stored state of a job (KeyError if unknown)."""
        with self._lock:
            return self._jobs[id].model_copy()

    def add_account(
        self,
        channel: str,
        discord: str = "MTEfakeDiscordTokenxyz",
        server: str | None = "9988776",
        max_jobs: int = 3,
        pending_mod_message: str | None = None,
    ) -> None:
        """Configure (or replace) the account for `channel`.

        With `pending_mod_message` set, job operations on this account answer 596 until
        `POST /account/midjourney/{channel}/reset`.
        """
        account = schemas.MidjourneyAccount(
            channel=channel,
            discord=SecretStr(discord),
            server=server,
            maxJobs=max_jobs,
            pendingModMessage=pending_mod_message,
        )
        with self._lock:
            self._accounts[channel] = account

    def account(self, channel: str) -> schemas.MidjourneyAccount:
        """The stored account for `channel` (KeyError if none)."""
        with self._lock:
            return self._accounts[channel].model_copy()

    def _seed_from_control(self, data: dict[str, Any]) -> object:
        return self.add_job(**data)

    def _status_of(self, key: str) -> str | None:
        job = self._jobs.get(key)
        return None if job is None or job.status is None else str(job.status)

    def _set_status(self, key: str, status: str) -> None:
        update: dict[str, Any] = {"status": _state(status), "updated": self._timestamp()}
        if status == _S.completed.value:
            update["buttons"] = ["U1", "U2", "U3", "U4", "V1", "V2", "V3", "V4"]
        self._jobs[key] = self._jobs[key].model_copy(update=update)

    def _control_routes(self) -> list[tuple[str, str, Handler]]:
        return [*super()._control_routes(), ("POST", "/_fake/accounts", self._control_account)]

    async def _control_account(self, request: Request) -> Response:
        from starlette.responses import JSONResponse, Response

        data = await request.json()
        try:
            self.add_account(
                str(data["channel"]),
                discord=data.get("discord", "MTEfakeDiscordTokenxyz"),
                server=data.get("server"),
                max_jobs=int(data.get("maxJobs", 3)),
                pending_mod_message=data.get("pendingModMessage"),
            )
        except (KeyError, TypeError, ValueError) as exc:
            return JSONResponse({"error": f"bad account: {exc}"}, status_code=400)
        return Response(status_code=204)

    # -- HTTP --------------------------------------------------------------------------------

    def _routes(self) -> list[tuple[str, str, str, Handler]]:
        return [
            ("GET", "/jobs/cancel/", "cancelJob", self._cancel),
            ("GET", "/jobs/", "getJob", self._get_job),
            ("GET", "/jobs", "listRunningJobs", self._list_running),
            ("GET", "/account/midjourney", "listMidjourneyAccounts", self._list_accounts),
            ("GET", "/account/midjourney/{channel}", "getMidjourneyAccount", self._get_account),
            (
                "DELETE",
                "/account/midjourney/{channel}",
                "deleteMidjourneyAccount",
                self._delete_account,
            ),
            (
                "POST",
                "/account/midjourney/{channel}/reset",
                "resetMidjourneyAccount",
                self._reset_account,
            ),
        ]

    def _error_response(
        self, status: int, message: str, request: Request | None, details: str | None = None
    ) -> Response:
        from starlette.responses import JSONResponse

        body = schemas.Error(error=message, errorDetails=details, code=status)
        return JSONResponse(dump(body), status_code=status)

    def _pending_moderation(self, channels: list[str]) -> Response | None:
        for channel in channels:
            account = self._accounts.get(channel)
            if account is not None and account.pendingModMessage:
                return self._error_response(
                    596,
                    account.pendingModMessage,
                    None,
                    details=f"Resolve the moderation message in Discord, then POST "
                    f"/account/midjourney/{channel}/reset",
                )
        return None

    def _authorized(self, request: Request) -> bool:
        return request.headers.get("authorization") == f"Bearer {self.token}"

    def _job_checks(self, request: Request) -> tuple[Response | None, str]:
        """The checks every job operation shares, in useapi's order."""
        if not self._authorized(request):
            return self._error_response(401, "Unauthorized", request), ""
        if not self.subscription_active:
            return self._error_response(
                402, "Account has no subscription or subscription expired", request
            ), ""
        jobid = request.query_params.get("jobid", "")
        if not jobid:
            return self._error_response(400, "Query param jobid not provided", request), ""
        job = self._jobs.get(jobid)
        if job is None:
            return self._error_response(404, f"Unable to locate job {jobid}", request), jobid
        return self._pending_moderation([job.channel or DEFAULT_CHANNEL]), jobid

    async def _cancel(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        with self._lock:
            error, jobid = self._job_checks(request)
            if error is not None:
                return error
            self._settle(jobid)
            job = self._jobs[jobid]
            if job.status in _RUNNING:
                job = job.model_copy(update={"status": _S.cancelled, "updated": self._timestamp()})
                self._jobs[jobid] = job
            body = schemas.JobCancelResponse(jobid=jobid, status=job.status, code=200)
        return JSONResponse(dump(body))

    async def _get_job(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        with self._lock:
            error, jobid = self._job_checks(request)
            if error is not None:
                return error
            throttled = self._poll(jobid, request)
            if throttled is not None:
                return throttled
            job = self._jobs[jobid]
            if self.auto_advance and job.status in _NEXT:
                job = job.model_copy(
                    update={"status": _NEXT[job.status], "updated": self._timestamp()}
                )
                self._jobs[jobid] = job
        return JSONResponse(dump(job))

    async def _list_running(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        with self._lock:
            if not self._authorized(request):
                return self._error_response(401, "Unauthorized", request)
            if not self.subscription_active:
                return self._error_response(
                    402, "Account has no subscription or subscription expired", request
                )
            error = self._pending_moderation(list(self._accounts))
            if error is not None:
                return error
            self._settle_all()
            running = [jobid for jobid, job in self._jobs.items() if job.status in _RUNNING]
        return JSONResponse(dump(schemas.RunningJobs(running)))

    async def _list_accounts(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        with self._lock:
            if not self._authorized(request):
                return self._error_response(401, "Unauthorized", request)
            if not self._accounts:
                return self._error_response(
                    404,
                    "Configuration not found. To create configuration use "
                    "account/midjourney/channel.",
                    request,
                )
            body = schemas.MidjourneyAccounts(dict(self._accounts))
        return JSONResponse(dump(body))

    def _account_or_error(self, request: Request) -> tuple[Response | None, str]:
        if not self._authorized(request):
            return self._error_response(401, "Unauthorized", request), ""
        channel = request.path_params["channel"]
        if channel not in self._accounts:
            return self._error_response(
                404, f"Configuration for channel {channel} not found", request
            ), channel
        return None, channel

    async def _get_account(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        with self._lock:
            error, channel = self._account_or_error(request)
            if error is not None:
                return error
            body = self._accounts[channel]
        return JSONResponse(dump(body))

    async def _delete_account(self, request: Request) -> Response:
        from starlette.responses import Response

        with self._lock:
            error, channel = self._account_or_error(request)
            if error is not None:
                return error
            del self._accounts[channel]
        return Response(status_code=204)

    async def _reset_account(self, request: Request) -> Response:
        from starlette.responses import Response

        with self._lock:
            error, channel = self._account_or_error(request)
            if error is not None:
                return error
            account = self._accounts[channel]
            self._accounts[channel] = account.model_copy(update={"pendingModMessage": None})
        return Response(status_code=204)
