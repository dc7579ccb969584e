"""The fakes as real servers on 127.0.0.1: generated clients, control routes, dropped sockets."""

from __future__ import annotations

import uuid

import httpx
import pytest
from imagejobs_gen_topaz.api.cancel import cancel_task
from imagejobs_gen_topaz.client import AuthenticatedClient

from imagejobs.testing import FakeJobsApi, FakeTopaz, FakeUseapi, Fault, running_server

pytestmark = pytest.mark.slow


def test_topaz_over_a_socket() -> None:
    fake = FakeTopaz()
    job = uuid.UUID(fake.add_job("Processing"))
    with running_server(fake) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        with AuthenticatedClient(
            base_url=base_url, token=fake.api_key, prefix="", auth_header_name="X-API-Key"
        ) as api:
            assert cancel_task.sync_detailed(job, client=api).status_code == 204
            assert cancel_task.sync_detailed(job, client=api).status_code == 409
    assert fake.job(job).status == "Cancelled"
    with pytest.raises(httpx.ConnectError):
        httpx.get(f"{base_url}/status/{job}")


def test_control_routes_and_596_over_a_socket() -> None:
    fake = FakeUseapi()
    with (
        running_server(fake) as base_url,
        httpx.Client(base_url=base_url, headers={"Authorization": f"Bearer {fake.token}"}) as http,
    ):
        account = {"channel": "9", "pendingModMessage": "CAPTCHA"}
        assert http.post("/_fake/accounts", json=account).status_code == 204
        job = http.post("/_fake/jobs", json={"status": "started", "channel": "9"}).json()["id"]
        response = http.get("/jobs/cancel/", params={"jobid": job})
        assert response.status_code == 596
        assert response.json()["code"] == 596
        assert http.post("/_fake/reset").status_code == 204
        assert http.get("/jobs/", params={"jobid": job}).status_code == 404


def test_dropped_connection_closes_the_socket() -> None:
    fake = FakeJobsApi()
    job = fake.add_job("new")
    fake.faults.script("cancelJob", Fault.drop())
    headers = {"Authorization": f"Bearer {fake.token}", "Customer-Id": "1"}
    with running_server(fake) as base_url, httpx.Client(base_url=base_url, headers=headers) as http:
        # A closed socket reads as EOF (RemoteProtocolError) or, if the reset wins, as ReadError.
        with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
            http.put(f"/v1/jobs/{job}/cancel", json={"reason": "x"})
        assert fake.job(job).status == "new"
        assert http.put(f"/v1/jobs/{job}/cancel", json={"reason": "x"}).status_code == 204
