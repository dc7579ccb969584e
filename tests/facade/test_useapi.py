"""useapi.py: every documented status of every operation, odd answers, retries, async twin."""

from __future__ import annotations

from datetime import UTC, datetime

import httpx
import pytest

from imagejobs import AsyncUseapi, JobStatus, Useapi, errors
from imagejobs.useapi import Account

from .conftest import USEAPI_TOKEN, AsyncPath, Script, html

CANCEL, GET, RUNNING, ACCOUNTS = (
    "/v2/jobs/cancel/",
    "/v2/jobs/",
    "/v2/jobs",
    "/v2/account/midjourney",
)
JOB = {
    "jobid": "j1",
    "verb": "imagine",
    "status": "progress",
    "created": "2023-09-09T02:04:49.667Z",
    "updated": "2023-09-09T02:19:20.256Z",
    "discord": "MTE...xyz",
}


def client(script: Script, **kw: object) -> Useapi:
    return Useapi(USEAPI_TOKEN, transport=script.transport(), **kw)  # type: ignore[arg-type]


def test_token_from_env_or_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(errors.MissingCredentialsError, match="USEAPI_TOKEN") as info:
        Useapi()
    assert info.value.keyword == "token"
    monkeypatch.setenv("USEAPI_TOKEN", USEAPI_TOKEN)
    assert Useapi().base_url == "https://api.useapi.net/v2"


def test_cancel_returns_the_cancelled_job(script: Script) -> None:
    script.on("GET", CANCEL, (200, {"jobid": "j1", "status": "cancelled"}))
    with client(script) as mj:
        job = mj.cancel("j1")
    assert (job.provider, job.id, job.status, job.provider_status) == (
        "useapi",
        "j1",
        JobStatus.CANCELLED,
        "cancelled",
    )
    assert job.raw == {"jobid": "j1", "status": "cancelled"}
    request = script.requests[0]
    assert request.url.params["jobid"] == "j1"
    assert request.headers["authorization"] == f"Bearer {USEAPI_TOKEN}"


@pytest.mark.parametrize(
    ("echoed", "status"),
    [
        ("completed", JobStatus.COMPLETED),
        ("failed", JobStatus.FAILED),
        ("moderated", JobStatus.MODERATED),
    ],
)
def test_cancel_of_a_finished_job_is_not_cancellable(
    script: Script, echoed: str, status: JobStatus
) -> None:
    script.on("GET", CANCEL, (200, {"jobid": "j1", "status": echoed}))
    with client(script) as mj, pytest.raises(errors.NotCancellableError) as info:
        mj.cancel("j1")
    assert info.value.current_status is status
    assert info.value.provider_status == echoed
    assert info.value.status_code == 200
    assert info.value.job is not None


def test_cancel_echoing_an_unknown_state_returns_the_job(script: Script) -> None:
    script.on("GET", CANCEL, (200, {"jobid": "j1", "status": "paused"}))
    with client(script) as mj:
        job = mj.cancel("j1")
    assert (job.status, job.provider_status) == (JobStatus.UNKNOWN, "paused")


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (402, errors.PaymentRequiredError),
        (404, errors.NotFoundError),
        (596, errors.ModerationBlockedError),
    ],
)
@pytest.mark.parametrize("path", [CANCEL, GET])
def test_documented_errors(script: Script, path: str, status: int, cls: type) -> None:
    body = {"error": f"problem {status}", "code": status}
    script.on("GET", path, (status, body, {"x-request-id": "r-1"}))
    with client(script) as mj, pytest.raises(cls) as info:
        (mj.cancel if path == CANCEL else mj.get)("j1")
    err = info.value
    assert (err.status_code, err.provider, err.body, err.request_id) == (
        status,
        "useapi",
        body,
        "r-1",
    )
    assert err.message == f"problem {status}"
    assert len(script.requests) == 1  # none of these is retried


def test_moderation_details_are_kept(script: Script) -> None:
    body = {"error": "Pending moderation message", "errorDetails": "reset the account", "code": 596}
    script.on("GET", GET, (596, body))
    with (
        client(script) as mj,
        pytest.raises(errors.ModerationBlockedError, match="reset the account"),
    ):
        mj.get("j1")


def test_get_builds_a_job_with_timestamps(script: Script) -> None:
    script.on("GET", GET, (200, JOB))
    with client(script) as mj:
        job = mj.get("j1")
    assert job.status is JobStatus.RUNNING
    assert job.created_at == datetime(2023, 9, 9, 2, 4, 49, 667000, tzinfo=UTC)
    assert job.updated_at is not None
    assert job.raw is not None
    assert job.raw["verb"] == "imagine"


def test_running_and_its_errors(script: Script) -> None:
    script.on(
        "GET",
        RUNNING,
        (200, ["j1", "j2"]),
        (401, {"error": "Unauthorized"}),
        (402, {"error": "pay"}),
        (596, {"error": "mod"}),
        (200, {"not": "a list"}),
    )
    with client(script) as mj:
        assert mj.running() == ["j1", "j2"]
        with pytest.raises(errors.AuthenticationError):
            mj.running()
        with pytest.raises(errors.PaymentRequiredError):
            mj.running()
        with pytest.raises(errors.ModerationBlockedError):
            mj.running()
        with pytest.raises(errors.UnexpectedResponseError):
            mj.running()


def test_accounts_redact_the_discord_token(script: Script) -> None:
    script.on(
        "GET",
        ACCOUNTS,
        (
            200,
            {
                "1002843": {
                    "channel": "1002843",
                    "discord": "MTEs3cretDiscordxyz",
                    "server": "99",
                    "maxJobs": 3,
                }
            },
        ),
        (401, {"error": "Unauthorized"}),
        (404, {"error": "Configuration not found", "code": 404}),
    )
    with client(script) as mj:
        accounts = mj.accounts()
        with pytest.raises(errors.AuthenticationError):
            mj.accounts()
        with pytest.raises(errors.NotFoundError):
            mj.accounts()
    account = accounts["1002843"]
    assert account == Account(channel="1002843", discord="other", server="99", max_jobs=3)
    assert account.discord == "MTEs3cretDiscordxyz"  # still usable
    for text in (repr(accounts), str(account), repr(account)):
        assert "MTEs3cretDiscordxyz" not in text
        assert "discord='***'" in text


def test_rate_limit_with_executing_jobs_then_success(script: Script, sleeps: list[float]) -> None:
    script.on(
        "GET",
        CANCEL,
        (429, {"error": "busy", "executingJobs": ["j7"], "code": 429}, {"Retry-After": "2"}),
        (200, {"jobid": "j1", "status": "cancelled"}),
    )
    with client(script) as mj:
        assert mj.cancel("j1").status is JobStatus.CANCELLED
    assert sleeps == [2.0]


def test_rate_limit_exhausted_exposes_executing_jobs(script: Script, sleeps: list[float]) -> None:
    script.on("GET", CANCEL, (429, {"error": "busy", "executingJobs": ["j7", "j8"]}))
    with client(script) as mj, pytest.raises(errors.RateLimitError) as info:
        mj.cancel("j1")
    assert info.value.executing_jobs == ["j7", "j8"]
    assert len(sleeps) == 2


@pytest.mark.parametrize(
    ("reply", "cls"),
    [
        ((520, ""), errors.InternalServerError),
        (html(502), errors.InternalServerError),
        ((500, ""), errors.InternalServerError),
        ((200, b'{"jobid": "j1", "sta'), errors.UnexpectedResponseError),
        ((200, "<html>maintenance</html>"), errors.UnexpectedResponseError),
        ((404, "<html>not here</html>"), errors.NotFoundError),
        ((418, "teapot"), errors.UnexpectedResponseError),
        ((200, ["not", "an", "object"]), errors.UnexpectedResponseError),
    ],
)
def test_odd_answers_become_our_errors(script: Script, reply: tuple, cls: type) -> None:
    script.on("GET", GET, reply)
    with client(script, max_retries=0) as mj, pytest.raises(cls):
        mj.get("j1")


def test_html_502_is_retried_then_exhausted(script: Script, sleeps: list[float]) -> None:
    script.on("GET", GET, html(502))
    with client(script) as mj, pytest.raises(errors.InternalServerError) as info:
        mj.get("j1")
    assert "HTML" in info.value.message
    assert isinstance(info.value.body, str)
    assert script.count("GET", GET) == 3
    assert len(sleeps) == 2


def test_timeout_then_success(script: Script) -> None:
    script.on("GET", GET, httpx.ReadTimeout("slow"), (200, JOB))
    with client(script) as mj:
        assert mj.get("j1").id == "j1"


async def test_async_twin(script: Script, async_path: AsyncPath) -> None:
    script.on("GET", CANCEL, (503, ""), (200, {"jobid": "j1", "status": "cancelled"}))
    script.on("GET", GET, (200, JOB))
    script.on("GET", RUNNING, (200, ["j1"]))
    script.on("GET", ACCOUNTS, (200, {"1": {"channel": "1", "discord": "MTEs3cretDiscordxyz"}}))
    async with AsyncUseapi(USEAPI_TOKEN, **async_path(script, AsyncUseapi)) as mj:
        assert (await mj.cancel("j1")).status is JobStatus.CANCELLED
        assert (await mj.get("j1")).status is JobStatus.RUNNING
        assert await mj.running() == ["j1"]
        assert "MTEs3cret" not in repr(await mj.accounts())
    assert AsyncUseapi.provider == Useapi.provider == "useapi"


async def test_async_twin_errors(script: Script, async_path: AsyncPath) -> None:
    script.on("GET", CANCEL, (200, {"jobid": "j1", "status": "completed"}))
    script.on("GET", GET, (596, {"error": "mod"}))
    async with AsyncUseapi(USEAPI_TOKEN, **async_path(script, AsyncUseapi)) as mj:
        with pytest.raises(errors.NotCancellableError):
            await mj.cancel("j1")
        with pytest.raises(errors.ModerationBlockedError):
            await mj.get("j1")
