"""Fault injection: each kind, targeting, the scripted queue and seeded reproducibility."""

from __future__ import annotations

import time

import httpx
import pytest

from imagejobs.testing import FakeTopaz, FakeUseapi, Fault, Faults


def topaz_http(fake: FakeTopaz, timeout: float = 5.0) -> httpx.Client:
    return httpx.Client(
        base_url="http://fake",
        transport=fake.transport(),
        headers={"X-API-Key": fake.api_key},
        timeout=timeout,
    )


def test_no_faults_by_default(fake_topaz: FakeTopaz) -> None:
    job = fake_topaz.add_job()
    http = topaz_http(fake_topaz)
    assert {http.get(f"/status/{job}").status_code for _ in range(200)} == {200}


def test_scripted_queue_hits_only_its_operation() -> None:
    fake = FakeTopaz()
    fake.faults.script("cancelTask", 503, times=2)
    job = fake.add_job()
    http = topaz_http(fake)
    assert http.get(f"/status/{job}").status_code == 200  # not targeted: queue untouched
    assert [http.delete(f"/cancel/{job}").status_code for _ in range(3)] == [503, 503, 204]
    assert fake.faults.pending() == 0
    assert fake.operations["cancelTask"] == 3
    assert [r.status for r in fake.requests] == [200, 503, 503, 204]


def test_scripted_error_has_provider_body_and_no_side_effect() -> None:
    fake = FakeTopaz()
    fake.faults.script("cancelTask", Fault.error(500))
    job = fake.add_job()
    response = topaz_http(fake).delete(f"/cancel/{job}")
    assert response.status_code == 500
    assert response.json() == {"message": "Internal server error", "code": 500}
    assert fake.job(job).status == "Pending"


@pytest.mark.parametrize(("retry_after", "expected"), [("7", "7"), (None, None)])
def test_429_with_and_without_retry_after(retry_after: str | None, expected: str | None) -> None:
    fake = FakeTopaz(faults=Faults(rate_429=1.0, retry_after=retry_after))
    response = topaz_http(fake).get(f"/status/{fake.add_job()}")
    assert response.status_code == 429
    assert response.headers.get("Retry-After") == expected


def test_rate_5xx_uses_configured_statuses() -> None:
    fake = FakeTopaz(faults=Faults(rate_5xx=1.0, statuses_5xx=(520,)))
    response = topaz_http(fake).get(f"/status/{fake.add_job()}")
    assert response.status_code == 520
    assert response.json()["code"] == 520


def test_html_error_page() -> None:
    fake = FakeUseapi(faults=Faults(rate_html=1.0))
    http = httpx.Client(base_url="http://fake", transport=fake.transport())
    response = http.get("/jobs")
    assert response.status_code == 502
    assert response.headers["content-type"].startswith("text/html")
    assert "<h1>502 Bad Gateway</h1>" in response.text


def test_empty_body_still_applies_the_request() -> None:
    fake = FakeUseapi()
    fake.faults.script("cancelJob", Fault.empty())
    job = fake.add_job()
    http = httpx.Client(
        base_url="http://fake",
        transport=fake.transport(),
        headers={"Authorization": f"Bearer {fake.token}"},
    )
    response = http.get("/jobs/cancel/", params={"jobid": job})
    assert response.status_code == 200
    assert response.content == b""
    assert fake.job(job).status == "cancelled"


def test_truncated_json() -> None:
    fake = FakeTopaz()
    job = fake.add_job()
    fake.faults.script("getStatus", Fault.truncated()).script("cancelTask", Fault.truncated())
    http = topaz_http(fake)
    response = http.get(f"/status/{job}")
    assert response.status_code == 200
    with pytest.raises(ValueError):
        response.json()
    cut = http.delete(f"/cancel/{job}")  # a 204 has nothing to cut: a broken 200 instead
    assert (cut.status_code, cut.content) == (200, b'{"')


def test_drop_raises_remote_protocol_error_in_process() -> None:
    fake = FakeTopaz(faults=Faults(rate_drop=1.0))
    job = fake.add_job()
    with pytest.raises(httpx.RemoteProtocolError):
        topaz_http(fake).delete(f"/cancel/{job}")
    assert fake.job(job).status == "Pending"
    assert fake.requests[-1].status == 0


def test_latency_and_client_timeout() -> None:
    fake = FakeTopaz(faults=Faults(latency=0.05))
    http = topaz_http(fake)
    started = time.perf_counter()
    assert http.get(f"/status/{fake.add_job()}").status_code == 200
    assert time.perf_counter() - started >= 0.05
    fake.faults.script(None, Fault.slow(2.0))
    with pytest.raises(httpx.ReadTimeout):
        topaz_http(fake, timeout=0.1).get(f"/status/{fake.add_job()}")


def test_operations_filter_limits_rates() -> None:
    fake = FakeTopaz(faults=Faults(rate_5xx=1.0, operations={"cancelTask"}))
    job = fake.add_job()
    http = topaz_http(fake)
    assert http.get(f"/status/{job}").status_code == 200
    assert http.delete(f"/cancel/{job}").status_code >= 500


def test_same_seed_same_faults() -> None:
    def run(seed: int) -> list[int]:
        fake = FakeTopaz(faults=Faults(rate_429=0.2, rate_5xx=0.2, seed=seed))
        job = fake.add_job()
        http = topaz_http(fake)
        return [http.get(f"/status/{job}").status_code for _ in range(60)]

    first = run(3)
    assert first == run(3)
    assert first != run(4)
    assert {200, 429} <= set(first)


def test_reset_replays_the_fault_sequence() -> None:
    fake = FakeTopaz(faults=Faults(rate_5xx=0.5, seed=9))
    http = topaz_http(fake)

    def statuses() -> list[int]:
        job = fake.add_job()
        return [http.get(f"/status/{job}").status_code for _ in range(30)]

    first = statuses()
    fake.reset()
    assert statuses() == first


def test_rates_over_one_are_rejected() -> None:
    with pytest.raises(ValueError):
        Faults(rate_429=0.7, rate_5xx=0.7)


def test_control_routes_are_never_faulted() -> None:
    fake = FakeTopaz(faults=Faults(rate_drop=1.0))
    http = topaz_http(fake)
    assert http.post("/_fake/jobs", json={"status": "Pending"}).status_code == 201
    assert http.post("/_fake/reset").status_code == 204
