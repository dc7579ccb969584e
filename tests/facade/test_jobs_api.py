"""jobs_api.py: documented statuses, 422 settled by a status read, the OAuth2 token cache."""

from __future__ import annotations

import asyncio
import enum
import json
import threading
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from imagejobs import AsyncJobsApi, JobsApi, JobStatus, errors
from imagejobs._oauth import TokenCache
from imagejobs._provider import to_ident
from imagejobs.jobs_api import DEFAULT_REASON, SCOPES
from imagejobs.registry import JOBS_API

from .conftest import CLIENT_SECRET, JOBS_TOKEN, AsyncPath, Script

CANCEL, GET, TOKEN = "/v1/jobs/5/cancel", "/v1/jobs/5", "/auth/tokens"
PROBLEM_422 = {"title": "Job cannot be cancelled", "status": 422, "errors": {"status": ["started"]}}


def job(status: str) -> dict[str, object]:
    return {"id": 5, "status": status, "createdAt": "2026-11-20T09:30:00Z", "updatedAt": None}


def static(script: Script, **kw: object) -> JobsApi:
    return JobsApi(JOBS_TOKEN, customer_id=42, transport=script.transport(), **kw)  # type: ignore[arg-type]


def oauth(script: Script, **kw: object) -> JobsApi:
    return JobsApi(
        client_id="cid",
        client_secret=CLIENT_SECRET,
        customer_id=42,
        transport=script.transport(),
        **kw,  # type: ignore[arg-type]
    )


def token_reply(token: str = "at-1", expires_in: int = 3600) -> tuple[int, dict[str, object]]:
    return (200, {"access_token": token, "expires_in": expires_in})


def test_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(errors.MissingCredentialsError, match="JOBS_API_TOKEN"):
        JobsApi(customer_id=1)
    with pytest.raises(errors.MissingCredentialsError, match="JOBS_API_CUSTOMER_ID"):
        JobsApi("t")
    with pytest.raises(errors.MissingCredentialsError, match="client_secret"):
        JobsApi(client_id="cid", customer_id=1)
    with pytest.raises(errors.ImageJobsError, match="integer"):
        JobsApi("t", customer_id="abc")  # type: ignore[arg-type]
    monkeypatch.setenv("JOBS_API_CLIENT_ID", "cid")
    monkeypatch.setenv("JOBS_API_CLIENT_SECRET", CLIENT_SECRET)
    monkeypatch.setenv("JOBS_API_CUSTOMER_ID", "7")
    client = JobsApi()
    assert client.customer_id == 7
    assert client._tokens.refreshable
    monkeypatch.setenv("JOBS_API_TOKEN", JOBS_TOKEN)
    assert not JobsApi()._tokens.refreshable


def test_cancel_204_sends_reason_and_customer_id(script: Script) -> None:
    script.on("PUT", CANCEL, (204, None))
    with static(script) as ja:
        job = ja.cancel("5", reason="started in error")
        ja.cancel(5)
    assert (job.provider, job.id, job.status, job.provider_status) == (
        "jobs_api",
        "5",
        JobStatus.CANCELLED,
        None,
    )
    first, second = script.requests
    assert json.loads(first.content) == {"reason": "started in error"}
    assert json.loads(second.content) == {"reason": DEFAULT_REASON}
    assert first.headers["customer-id"] == "42"
    assert first.headers["authorization"] == f"Bearer {JOBS_TOKEN}"


@pytest.mark.parametrize("state", ["cancelled"])
def test_422_on_a_cancelled_job_returns_it(script: Script, state: str) -> None:
    script.on("PUT", CANCEL, (422, PROBLEM_422, {"content-type": "application/problem+json"}))
    script.on("GET", GET, (200, job(state)))
    with static(script) as ja:
        got = ja.cancel(5)
    assert (got.status, got.provider_status) == (JobStatus.CANCELLED, "cancelled")


# The states the description does not list as cancellable, but cancelled (that one is success).
PAST_CANCELLING = [
    s for s in JOBS_API.statuses if s not in JOBS_API.description.cancellable and s != "cancelled"
]


@pytest.mark.parametrize("state", PAST_CANCELLING)
def test_422_on_a_job_past_cancelling_is_not_cancellable(script: Script, state: str) -> None:
    expected = JOBS_API.status(state)
    script.on("PUT", CANCEL, (422, PROBLEM_422))
    script.on("GET", GET, (200, job(state)))
    with static(script) as ja, pytest.raises(errors.NotCancellableError) as info:
        ja.cancel(5)
    assert (info.value.current_status, info.value.provider_status) == (expected, state)
    assert info.value.status_code == 422


@pytest.mark.parametrize("state", ["new", "scheduled", "accepted", "somethingNew"])
def test_422_on_a_cancellable_job_is_a_validation_error(script: Script, state: str) -> None:
    problem = {
        "title": "One or more validation errors occurred.",
        "errors": {"reason": ["too long"]},
    }
    script.on("PUT", CANCEL, (422, problem))
    script.on("GET", GET, (200, job(state)))
    with static(script) as ja, pytest.raises(errors.UnprocessableEntityError) as info:
        ja.cancel(5, reason="x" * 501)
    assert not isinstance(info.value, errors.NotCancellableError)
    assert info.value.field_errors == {"reason": ["too long"]}


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (500, errors.InternalServerError),
    ],
)
@pytest.mark.parametrize("method", ["PUT", "GET"])
def test_documented_problems(script: Script, method: str, status: int, cls: type) -> None:
    problem = {"type": "about:blank", "title": "Problem", "status": status, "detail": f"d{status}"}
    script.on(method, CANCEL if method == "PUT" else GET, (status, problem))
    with static(script) as ja, pytest.raises(cls) as info:
        (ja.cancel if method == "PUT" else ja.get)(5)
    assert info.value.message == f"Problem: d{status}"
    assert info.value.body == problem


@pytest.mark.parametrize(
    ("reply", "cls"),
    [
        ((429, {"title": "Too many"}, {"Retry-After": "120"}), errors.RateLimitError),
        ((520, ""), errors.InternalServerError),
        ((200, b'{"id": 5, "sta'), errors.UnexpectedResponseError),
        ((200, {"id": 5}), errors.UnexpectedResponseError),
    ],
)
def test_odd_answers(script: Script, reply: tuple, cls: type) -> None:
    script.on("GET", GET, reply)
    with static(script) as ja, pytest.raises(cls):
        ja.get(5)


def test_get_builds_a_job(script: Script) -> None:
    script.on("GET", GET, (200, job("scheduled")))
    with static(script) as ja:
        got = ja.get("5")
    assert (got.id, got.status, got.provider_status) == ("5", JobStatus.QUEUED, "scheduled")
    assert got.created_at is not None
    assert got.updated_at is None


class _Sneaky(int):
    def __str__(self) -> str:
        return "5/../admin?x=1"


class _Number(enum.IntEnum):
    FIVE = 5


@pytest.mark.parametrize("given", [5, "5", " 5 ", _Number.FIVE, _Sneaky(5)])
def test_a_job_id_becomes_a_plain_int(given: object) -> None:
    """The generated path formats the id with str(), unquoted: only a plain int may reach it."""
    ident = to_ident(JOBS_API.description, given)  # type: ignore[arg-type]
    assert (ident.text, ident.values) == ("5", (5,))
    assert type(ident.values[0]) is int


@pytest.mark.parametrize("bad", ["abc", "0", "-3", "", True])
def test_bad_job_ids_fail_before_any_request(script: Script, bad: str) -> None:
    with static(script) as ja, pytest.raises(errors.ImageJobsError, match="not a job id"):
        ja.get(bad)
    assert script.requests == []


# --- OAuth2 client credentials -------------------------------------------------------------


def test_token_is_fetched_once_and_reused(script: Script) -> None:
    script.on("POST", TOKEN, token_reply())
    script.on("GET", GET, (200, job("new")))
    with oauth(script) as ja:
        for _ in range(5):
            ja.get(5)
    assert script.count("POST", TOKEN) == 1
    form = dict(httpx.QueryParams(script.requests[0].content.decode()))
    assert form == {
        "grant_type": "client_credentials",
        "client_id": "cid",
        "client_secret": CLIENT_SECRET,
        "scope": SCOPES,
    }
    assert "authorization" not in script.requests[0].headers
    assert all(r.headers["authorization"] == "Bearer at-1" for r in script.requests[1:])


def test_token_is_renewed_shortly_before_expiry() -> None:
    now = [0.0]
    fetched: list[int] = []

    def fetch() -> tuple[str, int]:
        fetched.append(1)
        return f"at-{len(fetched)}", 600

    cache = TokenCache(fetch=fetch, clock=lambda: now[0])
    assert cache.get() == "at-1"
    now[0] = 539.0  # 600 s lifetime, renewed 60 s early
    assert cache.get() == "at-1"
    now[0] = 540.5
    assert cache.get() == "at-2"
    short = TokenCache(fetch=lambda: ("s", 30), clock=lambda: now[0])
    short.get()
    now[0] += 26.9  # a tenth of the lifetime early
    assert short.fetches == 1
    short.get()
    assert short.fetches == 1
    now[0] += 0.2
    short.get()
    assert short.fetches == 2


def test_single_flight_across_threads(script: Script) -> None:
    gate = threading.Event()

    def slow_token(request: httpx.Request) -> httpx.Response:
        gate.wait(2)
        return httpx.Response(200, json={"access_token": "at-1", "expires_in": 3600})

    script.on("POST", TOKEN, slow_token)
    script.on("GET", GET, (200, job("new")))
    with oauth(script) as ja, ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(ja.get, 5) for _ in range(16)]
        gate.set()
        assert all(f.result().status is JobStatus.QUEUED for f in futures)
    assert script.count("POST", TOKEN) == 1


async def test_single_flight_across_tasks(script: Script, async_path: AsyncPath) -> None:
    script.on("POST", TOKEN, token_reply())
    script.on("GET", GET, (200, job("new")))
    async with AsyncJobsApi(
        client_id="cid",
        client_secret=CLIENT_SECRET,
        customer_id=42,
        **async_path(script, AsyncJobsApi),
    ) as ja:
        jobs = await asyncio.gather(*(ja.get(5) for _ in range(20)))
    assert len(jobs) == 20
    assert script.count("POST", TOKEN) == 1


def test_401_refreshes_the_token_once(script: Script) -> None:
    script.on("POST", TOKEN, token_reply("at-old"), token_reply("at-new"))
    script.on("GET", GET, (200, job("new")), (401, {"title": "expired"}), (200, job("sent")))
    with oauth(script) as ja:
        ja.get(5)
        assert ja.get(5).provider_status == "sent"
    gets = [auth for method, auth in script.auth if method == "GET"]
    assert gets == ["Bearer at-old", "Bearer at-old", "Bearer at-new"]
    assert script.count("POST", TOKEN) == 2


def test_401_twice_gives_up(script: Script) -> None:
    script.on("POST", TOKEN, token_reply("at-1"), token_reply("at-2"))
    script.on("GET", GET, (401, {"title": "Unauthorized"}))
    with oauth(script) as ja, pytest.raises(errors.AuthenticationError):
        ja.get(5)
    assert (script.count("POST", TOKEN), script.count("GET", GET)) == (2, 2)


def test_static_token_401_is_not_refreshed(script: Script) -> None:
    script.on("GET", GET, (401, {"title": "Unauthorized"}))
    with static(script) as ja, pytest.raises(errors.AuthenticationError):
        ja.get(5)
    assert len(script.requests) == 1


@pytest.mark.parametrize(
    ("reply", "cls"),
    [
        ((401, {"title": "invalid_client"}), errors.AuthenticationError),
        ((400, {"title": "bad"}), errors.BadRequestError),
        (
            (422, {"title": "bad", "errors": {"scope": ["unknown"]}}),
            errors.UnprocessableEntityError,
        ),
        ((200, {"access_token": None, "expires_in": 3600}), errors.UnexpectedResponseError),
        ((200, "<html>"), errors.UnexpectedResponseError),
        ((500, ""), errors.InternalServerError),
    ],
)
def test_token_endpoint_failures(script: Script, reply: tuple, cls: type) -> None:
    script.on("POST", TOKEN, reply)
    with oauth(script, max_retries=0) as ja, pytest.raises(cls):
        ja.get(5)


def test_token_endpoint_outage_is_retried(script: Script) -> None:
    script.on("POST", TOKEN, (503, ""), token_reply())
    script.on("GET", GET, (200, job("new")))
    with oauth(script) as ja:
        assert ja.get(5).status is JobStatus.QUEUED


async def test_async_twin(script: Script, async_path: AsyncPath) -> None:
    script.on("POST", TOKEN, token_reply())
    script.on("PUT", CANCEL, (204, None), (422, PROBLEM_422))
    script.on(
        "GET",
        GET,
        (200, job("completedOk")),
        (401, {"title": "expired"}),
        (200, job("completedOk")),
    )
    async with AsyncJobsApi(
        client_id="cid",
        client_secret=CLIENT_SECRET,
        customer_id=42,
        **async_path(script, AsyncJobsApi),
    ) as ja:
        assert (await ja.cancel(5, reason="r")).status is JobStatus.CANCELLED
        with pytest.raises(errors.NotCancellableError):
            await ja.cancel(5)
        assert (await ja.get(5)).status is JobStatus.COMPLETED  # after a 401 refresh
    assert script.count("POST", TOKEN) == 2
