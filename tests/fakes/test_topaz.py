"""FakeTopaz through Topaz's generated client: its 204/409, its error body, its `progress`.

What every described fake does (404, 400 on a malformed id, auto-advance, timelines) is in
test_described.py, on every provider.
"""

from __future__ import annotations

import uuid

import httpx
import pytest
from imagejobs_gen_topaz.api.cancel import cancel_task
from imagejobs_gen_topaz.api.status import get_status
from imagejobs_gen_topaz.client import AuthenticatedClient
from imagejobs_gen_topaz.models.error import Error
from imagejobs_gen_topaz.models.status_response import StatusResponse

from imagejobs.testing import FakeTopaz, FakeUseapi


def client(fake: FakeTopaz, key: str | None = None) -> AuthenticatedClient:
    key = fake.api_key if key is None else key
    http = httpx.Client(
        base_url="http://fake", transport=fake.transport(), headers={"X-API-Key": key}
    )
    return AuthenticatedClient(
        base_url="http://fake", token=key, prefix="", auth_header_name="X-API-Key"
    ).set_httpx_client(http)


@pytest.mark.parametrize("state", ["Pending", "Processing"])
def test_cancel_running_job_answers_204_and_cancels(fake_topaz: FakeTopaz, state: str) -> None:
    job = fake_topaz.add_job(status=state)
    response = cancel_task.sync_detailed(uuid.UUID(job), client=client(fake_topaz))
    assert response.status_code == 204
    assert fake_topaz.job(job).status == "Cancelled"


@pytest.mark.parametrize("state", ["Completed", "Failed", "Cancelled"])
def test_cancel_finished_job_answers_409(fake_topaz: FakeTopaz, state: str) -> None:
    job = fake_topaz.add_job(status=state)
    response = cancel_task.sync_detailed(uuid.UUID(job), client=client(fake_topaz))
    assert response.status_code == 409
    assert isinstance(response.parsed, Error)
    assert response.parsed.code == 409
    assert state in response.parsed.message
    assert fake_topaz.job(job).status == state


@pytest.mark.parametrize("key", ["wrong", ""])
def test_wrong_or_missing_key_answers_401(fake_topaz: FakeTopaz, key: str) -> None:
    job = fake_topaz.add_job()
    http = httpx.Client(base_url="http://fake", transport=fake_topaz.transport())
    response = http.delete(f"/cancel/{job}", headers={"X-API-Key": key} if key else {})
    assert response.status_code == 401
    assert response.json() == {"message": "Unauthorized", "code": 401}
    assert fake_topaz.job(job).status == "Pending"


def test_status_parses_with_generated_model(fake_topaz: FakeTopaz) -> None:
    job = fake_topaz.add_job(status="Processing", filename="cat.png", credits=3)
    response = get_status.sync_detailed(uuid.UUID(job), client=client(fake_topaz))
    assert response.status_code == 200
    assert isinstance(response.parsed, StatusResponse)
    assert response.parsed.status == "Processing"
    assert response.parsed.filename == "cat.png"
    assert response.parsed.credits_ == 3
    assert response.parsed.progress == 50


def test_explicit_id_and_unknown_status(fake_topaz: FakeTopaz) -> None:
    given = "3f2b8a44-6c1e-4d27-9a55-0b1c2d3e4f50"
    assert fake_topaz.add_job("Pending", id=given) == given
    with pytest.raises(ValueError):
        fake_topaz.add_job("Running")


def test_unmatched_route_answers_404_not_network(fake_topaz: FakeTopaz) -> None:
    http = client(fake_topaz).get_httpx_client()
    assert http.get("/denoise/async").status_code == 404
    assert http.post(f"/status/{uuid.uuid4()}").status_code == 405


def test_405_lists_every_method_of_the_path(fake_useapi: FakeUseapi) -> None:
    http = httpx.Client(base_url="http://fake", transport=fake_useapi.transport())
    response = http.request("OPTIONS", "/account/midjourney/1")
    assert response.status_code == 405
    assert {m.strip() for m in response.headers["Allow"].split(",")} >= {"GET", "DELETE"}


def test_a_submit_upload_is_kept_and_a_broken_form_answers_in_topaz_envelope(
    fake_topaz: FakeTopaz,
) -> None:
    http = client(fake_topaz).get_httpx_client()
    sent = http.post("/enhance/async", files={"image": ("in.png", b"\x89PNG\r\n", "image/png")})
    assert sent.status_code == 200, sent.text
    assert fake_topaz.uploads[-1]["image"] == b"\x89PNG\r\n"
    # No boundary: the form cannot be read; the answer is Topaz's JSON error, not plain text.
    broken = http.post(
        "/enhance/async", content=b"x", headers={"Content-Type": "multipart/form-data"}
    )
    assert broken.status_code == 400
    assert broken.headers["content-type"].startswith("application/json")
    assert "not a multipart form" in Error.from_dict(broken.json()).message
