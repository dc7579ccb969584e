"""The README's "Testing your code with the fakes" example, kept working."""

from __future__ import annotations

import httpx
import pytest

from imagejobs.testing import FakeTopaz, FakeUseapi, running_server


def test_cancel_survives_one_503(fake_topaz: FakeTopaz) -> None:
    job = fake_topaz.add_job(status="Processing")  # a UUID drawn from the seed
    fake_topaz.faults.script("cancelTask", 503)  # only the next cancelTask call fails
    http = httpx.Client(
        base_url="http://fake",
        transport=fake_topaz.transport(),  # in-process: no port, no network
        headers={"X-API-Key": fake_topaz.api_key},
    )
    assert http.delete(f"/cancel/{job}").status_code == 503
    assert http.delete(f"/cancel/{job}").status_code == 204
    assert fake_topaz.job(job).status == "Cancelled"
    assert http.delete(f"/cancel/{job}").status_code == 409  # Topaz: not twice
    assert [r.status for r in fake_topaz.requests] == [503, 204, 409]


@pytest.mark.slow
def test_served_fake() -> None:
    with running_server(FakeUseapi(seed=1)) as base_url:  # uvicorn on 127.0.0.1, free port
        job = httpx.post(f"{base_url}/_fake/jobs", json={"status": "started"}).json()["id"]
        assert job.startswith("j")
