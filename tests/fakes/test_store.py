"""Shared behaviour: seeding determinism, reset, async transport, threads, plugin fixtures."""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor

import httpx

from imagejobs.testing import FakeJobsApi, FakeTopaz, FakeUseapi, make_fake
from imagejobs.testing.pytest_plugin import Fakes


def test_ids_and_timestamps_are_deterministic_per_seed() -> None:
    def ids(seed: int) -> tuple[object, ...]:
        topaz, useapi, jobs = FakeTopaz(seed=seed), FakeUseapi(seed=seed), FakeJobsApi(seed=seed)
        return (
            topaz.add_job(),
            topaz.add_job(),
            useapi.add_job(),
            jobs.add_job(),
            topaz.job(topaz.add_job()).creation_time,
            useapi.job(useapi.add_job()).created,
        )

    assert ids(1) == ids(1)
    assert ids(1)[:4] != ids(2)[:4]


def test_reset_forgets_everything_and_replays_ids() -> None:
    fake = FakeTopaz(seed=5)
    first = fake.add_job()
    http = httpx.Client(base_url="http://fake", transport=fake.transport())
    http.get(f"/status/{first}")
    fake.advance(100)
    fake.reset()
    assert fake.requests == []
    assert not fake.operations
    assert fake.now() == FakeTopaz().now()
    assert fake.add_job() == first


async def test_async_transport() -> None:
    fake = FakeUseapi()
    job = fake.add_job()
    transport = fake.async_transport()
    assert isinstance(transport, httpx.ASGITransport)
    async with httpx.AsyncClient(
        base_url="http://fake",
        transport=transport,
        headers={"Authorization": f"Bearer {fake.token}"},
    ) as http:
        response = await http.get("/jobs/cancel/", params={"jobid": job})
        missing = await http.get("/nowhere")
    assert response.json() == {"jobid": job, "status": "cancelled", "code": 200}
    assert missing.status_code == 404


def test_sync_transport_is_thread_safe() -> None:
    fake = FakeJobsApi()
    jobs = [fake.add_job("new") for _ in range(200)]
    http = httpx.Client(
        base_url="http://fake",
        transport=fake.transport(),
        headers={"Authorization": f"Bearer {fake.token}", "Customer-Id": "1"},
    )

    def cancel(job: int) -> int:
        return http.put(f"/v1/jobs/{job}/cancel", json={"reason": "load"}).status_code

    with ThreadPoolExecutor(8) as pool:
        assert set(pool.map(cancel, jobs)) == {204}
    assert {fake.job(job).status for job in jobs} == {"cancelled"}
    assert len(fake.requests) == 200


def test_control_routes_seed_and_reset_in_process() -> None:
    fake = make_fake("jobs_api", seed=2)
    http = httpx.Client(base_url="http://fake", transport=fake.transport())
    created = http.post("/_fake/jobs", json={"status": "started", "reference": "R-1"})
    assert created.status_code == 201
    job_id = created.json()["id"]
    assert isinstance(fake, FakeJobsApi)
    assert fake.job(job_id).reference == "R-1"
    assert http.post("/_fake/jobs", json={"status": "bogus"}).status_code == 400
    assert http.post("/_fake/reset").status_code == 204
    assert fake.requests == []


def test_import_is_light() -> None:
    # Run in a fresh interpreter: this one has loaded starlette already.
    import subprocess

    code = (
        "import sys, imagejobs.testing; "
        "print(any(m.startswith(('starlette', 'uvicorn')) for m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_plugin_fixtures(fakes: Fakes, fake_topaz: FakeTopaz) -> None:
    assert fakes.topaz is fake_topaz
    assert isinstance(fakes.useapi, FakeUseapi)
    assert isinstance(fakes.jobs_api, FakeJobsApi)
    assert fake_topaz.requests == []
