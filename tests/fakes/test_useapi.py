"""FakeUseapi: cancel rules, auth, 596, accounts, through the generated client."""

from __future__ import annotations

import httpx
import pytest
from imagejobs_gen_useapi.api.accounts import (
    delete_midjourney_account,
    get_midjourney_account,
    list_midjourney_accounts,
    reset_midjourney_account,
)
from imagejobs_gen_useapi.api.jobs import cancel_job, get_job, list_running_jobs
from imagejobs_gen_useapi.client import AuthenticatedClient
from imagejobs_gen_useapi.models.error import Error
from imagejobs_gen_useapi.models.job import Job
from imagejobs_gen_useapi.models.job_cancel_response import JobCancelResponse
from imagejobs_gen_useapi.models.midjourney_accounts import MidjourneyAccounts

from imagejobs.testing import FakeUseapi


def client(fake: FakeUseapi, token: str | None = None) -> AuthenticatedClient:
    token = fake.token if token is None else token
    http = httpx.Client(
        base_url="http://fake",
        transport=fake.transport(),
        headers={"Authorization": f"Bearer {token}"},
    )
    return AuthenticatedClient(base_url="http://fake", token=token).set_httpx_client(http)


@pytest.mark.parametrize("state", ["created", "started", "progress", "cancelled"])
def test_cancel_running_or_cancelled_job(fake_useapi: FakeUseapi, state: str) -> None:
    job = fake_useapi.add_job(status=state)
    response = cancel_job.sync_detailed(client=client(fake_useapi), jobid=job)
    assert response.status_code == 200
    assert isinstance(response.parsed, JobCancelResponse)
    assert response.parsed.jobid == job
    assert response.parsed.status == "cancelled"
    assert fake_useapi.job(job).status == "cancelled"


@pytest.mark.parametrize("state", ["completed", "failed", "moderated"])
def test_cancel_finished_job_echoes_status(fake_useapi: FakeUseapi, state: str) -> None:
    job = fake_useapi.add_job(status=state)
    response = cancel_job.sync_detailed(client=client(fake_useapi), jobid=job)
    assert response.status_code == 200
    assert isinstance(response.parsed, JobCancelResponse)
    assert response.parsed.status == state
    assert fake_useapi.job(job).status == state


def test_cancel_unknown_job_answers_404(fake_useapi: FakeUseapi) -> None:
    response = cancel_job.sync_detailed(client=client(fake_useapi), jobid="j1-nope")
    assert response.status_code == 404
    assert isinstance(response.parsed, Error)
    assert response.parsed.error == "Unable to locate job j1-nope"
    assert response.parsed.code == 404


def test_missing_jobid_answers_400(fake_useapi: FakeUseapi) -> None:
    http = client(fake_useapi).get_httpx_client()
    for path in ("/jobs/cancel/", "/jobs/cancel/?jobid=", "/jobs/"):
        response = http.get(path)
        assert response.status_code == 400
        assert response.json() == {"error": "Query param jobid not provided", "code": 400}


@pytest.mark.parametrize("token", ["wrong", None])
def test_wrong_or_missing_token_answers_401(fake_useapi: FakeUseapi, token: str | None) -> None:
    job = fake_useapi.add_job()
    http = httpx.Client(base_url="http://fake", transport=fake_useapi.transport())
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = http.get("/jobs/cancel/", params={"jobid": job}, headers=headers)
    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized", "code": 401}
    assert fake_useapi.job(job).status == "started"


def test_pending_moderation_answers_596_until_reset(fake_useapi: FakeUseapi) -> None:
    fake_useapi.add_account("777", pending_mod_message="Action needed to continue")
    job = fake_useapi.add_job("started", channel="777")
    api = client(fake_useapi)
    for response in (
        cancel_job.sync_detailed(client=api, jobid=job),
        get_job.sync_detailed(client=api, jobid=job),
        list_running_jobs.sync_detailed(client=api),
    ):
        assert response.status_code == 596
        assert isinstance(response.parsed, Error)
        assert response.parsed.error == "Action needed to continue"
    assert fake_useapi.job(job).status == "started"
    assert reset_midjourney_account.sync_detailed("777", client=api).status_code == 204
    assert cancel_job.sync_detailed(client=api, jobid=job).status_code == 200


def test_expired_subscription_answers_402() -> None:
    fake = FakeUseapi(subscription_active=False)
    job = fake.add_job()
    assert cancel_job.sync_detailed(client=client(fake), jobid=job).status_code == 402


def test_get_job_and_running_list(fake_useapi: FakeUseapi) -> None:
    running = fake_useapi.add_job("progress", prompt="a lighthouse")
    fake_useapi.add_job("completed")
    api = client(fake_useapi)
    response = get_job.sync_detailed(client=api, jobid=running)
    assert isinstance(response.parsed, Job)
    assert response.parsed.prompt == "a lighthouse"
    assert response.parsed.created is not None
    assert list_running_jobs.sync_detailed(client=api).parsed == [running]


def test_accounts_crud_reveals_discord(fake_useapi: FakeUseapi) -> None:
    api = client(fake_useapi)
    assert list_midjourney_accounts.sync_detailed(client=api).status_code == 404
    fake_useapi.add_account("111", discord="MTE-secret-xyz", server="222", max_jobs=5)
    listing = list_midjourney_accounts.sync_detailed(client=api)
    assert isinstance(listing.parsed, MidjourneyAccounts)
    raw = api.get_httpx_client().get("/account/midjourney").json()
    assert raw == {
        "111": {"channel": "111", "discord": "MTE-secret-xyz", "server": "222", "maxJobs": 5}
    }
    one = get_midjourney_account.sync_detailed("111", client=api)
    assert one.status_code == 200
    assert delete_midjourney_account.sync_detailed("111", client=api).status_code == 204
    assert get_midjourney_account.sync_detailed("111", client=api).status_code == 404
    assert reset_midjourney_account.sync_detailed("111", client=api).status_code == 404


def test_jobid_takes_account_channel_and_user(fake_useapi: FakeUseapi) -> None:
    fake_useapi.add_account("555")
    job = fake_useapi.add_job()
    assert job.startswith("j")
    assert job.endswith("-user:1234-channel:555-bot:midjourney")


def test_strict_paths_no_slash_redirects(fake_useapi: FakeUseapi) -> None:
    job = fake_useapi.add_job()
    http = client(fake_useapi).get_httpx_client()
    assert http.get("/jobs/cancel", params={"jobid": job}).status_code == 404
    assert fake_useapi.job(job).status == "started"
