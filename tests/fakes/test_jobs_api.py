"""FakeJobsApi: token flow, cancel rules, problem bodies, through the generated client."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from imagejobs_gen_jobs_api.api.auth import get_access_token
from imagejobs_gen_jobs_api.api.jobs import cancel_job, get_job
from imagejobs_gen_jobs_api.client import AuthenticatedClient, Client
from imagejobs_gen_jobs_api.models.cancel_job_request import CancelJobRequest
from imagejobs_gen_jobs_api.models.job import Job
from imagejobs_gen_jobs_api.models.problem import Problem
from imagejobs_gen_jobs_api.models.token_request import TokenRequest
from imagejobs_gen_jobs_api.models.token_request_grant_type import TokenRequestGrantType
from imagejobs_gen_jobs_api.models.token_response import TokenResponse
from imagejobs_gen_jobs_api.models.validation_problem import ValidationProblem
from imagejobs_gen_jobs_api.types import Response

from imagejobs.registry import JOBS_API
from imagejobs.testing import FakeJobsApi

CUSTOMER = 14532
# What the description says can be cancelled; the fake must agree.
CANCELLABLE = [s for s in JOBS_API.statuses if s in JOBS_API.description.cancellable]
NOT_CANCELLABLE = [s for s in JOBS_API.statuses if s not in JOBS_API.description.cancellable]


def token_for(fake: FakeJobsApi, **extra: str) -> str:
    http = httpx.Client(base_url="http://fake", transport=fake.transport())
    body = TokenRequest(
        grant_type=TokenRequestGrantType.CLIENT_CREDENTIALS,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
    )
    for key, value in extra.items():
        setattr(body, key, value)
    response = get_access_token.sync_detailed(
        client=Client(base_url="http://fake").set_httpx_client(http), body=body
    )
    assert isinstance(response.parsed, TokenResponse), response.content
    assert isinstance(response.parsed.access_token, str)
    return response.parsed.access_token


def client(fake: FakeJobsApi, token: str) -> AuthenticatedClient:
    http = httpx.Client(
        base_url="http://fake",
        transport=fake.transport(),
        headers={"Authorization": f"Bearer {token}"},
    )
    return AuthenticatedClient(base_url="http://fake", token=token).set_httpx_client(http)


def cancel(
    fake: FakeJobsApi, job: int, token: str | None = None, reason: str = "wrong job"
) -> Response[Any | Problem | ValidationProblem]:
    api = client(fake, token or token_for(fake))
    return cancel_job.sync_detailed(
        job, client=api, body=CancelJobRequest(reason=reason), customer_id=CUSTOMER
    )


def problem_of(response: object) -> dict[str, Any]:
    assert isinstance(response, httpx.Response)
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert isinstance(body, dict)
    return body


@pytest.mark.parametrize("state", CANCELLABLE)
def test_cancel_cancellable_job_answers_204(fake_jobs_api: FakeJobsApi, state: str) -> None:
    job = fake_jobs_api.add_job(status=state)
    response = cancel(fake_jobs_api, job)
    assert response.status_code == 204
    assert fake_jobs_api.job(job).status == "cancelled"


@pytest.mark.parametrize("state", NOT_CANCELLABLE)
def test_cancel_other_states_answers_422_job_id(fake_jobs_api: FakeJobsApi, state: str) -> None:
    job = fake_jobs_api.add_job(status=state)
    response = cancel(fake_jobs_api, job)
    assert response.status_code == 422
    assert isinstance(response.parsed, ValidationProblem)
    assert response.parsed.status == 422
    body = response.parsed.to_dict()
    assert list(body["errors"]) == ["jobId"]
    assert state in body["errors"]["jobId"][0]
    assert fake_jobs_api.job(job).status == state


@pytest.mark.parametrize("body", [{}, {"reason": ""}, {"reason": "x" * 501}, {"reason": 3}])
def test_bad_reason_answers_422_reason(fake_jobs_api: FakeJobsApi, body: dict[str, object]) -> None:
    job = fake_jobs_api.add_job("new")
    http = client(fake_jobs_api, fake_jobs_api.token or "").get_httpx_client()
    response = http.put(f"/v1/jobs/{job}/cancel", json=body, headers={"Customer-Id": "1"})
    assert response.status_code == 422
    assert list(problem_of(response)["errors"]) == ["reason"]
    assert fake_jobs_api.job(job).status == "new"


def test_missing_customer_id_answers_400(fake_jobs_api: FakeJobsApi) -> None:
    job = fake_jobs_api.add_job("new")
    http = client(fake_jobs_api, token_for(fake_jobs_api)).get_httpx_client()
    response = http.put(f"/v1/jobs/{job}/cancel", json={"reason": "x"})
    assert response.status_code == 400
    assert problem_of(response)["status"] == 400
    assert http.get(f"/v1/jobs/{job}", headers={"Customer-Id": "abc"}).status_code == 400


def test_unknown_job_answers_404(fake_jobs_api: FakeJobsApi) -> None:
    response = cancel(fake_jobs_api, 999)
    assert response.status_code == 404
    assert isinstance(response.parsed, Problem)
    api = client(fake_jobs_api, token_for(fake_jobs_api))
    assert get_job.sync_detailed(999, client=api, customer_id=CUSTOMER).status_code == 404


@pytest.mark.parametrize("header", [None, "Bearer nope", "Basic abc"])
def test_bad_bearer_answers_401(fake_jobs_api: FakeJobsApi, header: str | None) -> None:
    job = fake_jobs_api.add_job("new")
    http = httpx.Client(base_url="http://fake", transport=fake_jobs_api.transport())
    headers = {"Customer-Id": "1"} | ({"Authorization": header} if header else {})
    response = http.put(f"/v1/jobs/{job}/cancel", json={"reason": "x"}, headers=headers)
    assert response.status_code == 401
    assert problem_of(response)["status"] == 401
    assert fake_jobs_api.job(job).status == "new"


def test_token_expires_after_ttl() -> None:
    fake = FakeJobsApi(token_ttl=60)
    token = token_for(fake)
    job = fake.add_job("new")
    fake.advance(59)
    api = client(fake, token)
    assert get_job.sync_detailed(job, client=api, customer_id=CUSTOMER).status_code == 200
    fake.advance(1)
    response = get_job.sync_detailed(job, client=api, customer_id=CUSTOMER)
    assert response.status_code == 401
    assert "expired" in response.content.decode()


def test_expires_in_reflects_ttl_and_static_token_works() -> None:
    fake = FakeJobsApi(token_ttl=120, token="static")
    http = httpx.Client(base_url="http://fake", transport=fake.transport())
    form = {
        "grant_type": "client_credentials",
        "client_id": fake.client_id,
        "client_secret": fake.client_secret,
    }
    assert http.post("/auth/tokens", data=form).json()["expires_in"] == 120
    job = fake.add_job("new")
    assert cancel(fake, job, token="static").status_code == 204


@pytest.mark.parametrize(
    ("form", "status"),
    [
        (
            {"grant_type": "client_credentials", "client_id": "fake-client", "client_secret": "no"},
            401,
        ),
        (
            {"grant_type": "password", "client_id": "fake-client", "client_secret": "fake-secret"},
            400,
        ),
        ({"grant_type": "client_credentials", "client_id": "fake-client"}, 422),
        (
            {
                "grant_type": "client_credentials",
                "client_id": "fake-client",
                "client_secret": "fake-secret",
                "scope": "admin",
            },
            400,
        ),
    ],
)
def test_token_errors(fake_jobs_api: FakeJobsApi, form: dict[str, str], status: int) -> None:
    http = httpx.Client(base_url="http://fake", transport=fake_jobs_api.transport())
    response = http.post("/auth/tokens", data=form)
    assert response.status_code == status
    assert problem_of(response)["status"] == status


def test_read_only_scope_cannot_cancel(fake_jobs_api: FakeJobsApi) -> None:
    job = fake_jobs_api.add_job("new")
    token = token_for(fake_jobs_api, scope="jobs:read")
    assert cancel(fake_jobs_api, job, token=token).status_code == 403
    api = client(fake_jobs_api, token)
    response = get_job.sync_detailed(job, client=api, customer_id=CUSTOMER)
    assert isinstance(response.parsed, Job)
    assert response.parsed.status == "new"


def test_non_integer_job_id_answers_400(fake_jobs_api: FakeJobsApi) -> None:
    http = client(fake_jobs_api, fake_jobs_api.token or "").get_httpx_client()
    for job_id in ("abc", "0", "-3"):
        assert http.get(f"/v1/jobs/{job_id}", headers={"Customer-Id": "1"}).status_code == 400
