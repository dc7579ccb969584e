"""Topaz's submit is a multipart upload: the PNG's bytes reach the server as bytes, typed."""

from __future__ import annotations

import io

import pytest
from imagejobs_gen_topaz.models import EnhanceGANRequest
from imagejobs_gen_topaz.types import File

from imagejobs import AsyncTopaz, JobStatus, Topaz
from imagejobs.testing import FakeTopaz

#: Where an in-process fake answers (it serves the spec's paths at its root).
ROOT = "https://fake.invalid"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def body() -> EnhanceGANRequest:
    return EnhanceGANRequest(image=File(payload=io.BytesIO(PNG), file_name="in.png"))


def test_a_png_is_uploaded_as_bytes_and_the_job_comes_back() -> None:
    fake = FakeTopaz()
    with Topaz(fake.api_key, base_url=ROOT, transport=fake.transport()) as tz:
        job = tz.submit(body())
        assert job.status is JobStatus.QUEUED
        assert fake.job(job.id) is not None
        assert tz.get(job.id).id == job.id
    (form,) = fake.uploads
    assert form["image"] == PNG  # not the text "b'\\x89PNG...'"


async def test_the_async_lean_path_uploads_the_same_bytes() -> None:
    from imagejobs.testing import running_server

    fake = FakeTopaz()
    with running_server(fake) as url:
        async with AsyncTopaz(fake.api_key, base_url=url) as tz:
            job = await tz.submit(body())
    assert fake.job(job.id) is not None
    assert fake.uploads[0]["image"] == PNG


def test_run_waits_for_the_enhancement() -> None:
    from imagejobs.testing import VirtualClock

    clock = VirtualClock()
    fake = FakeTopaz(clock=clock)
    from imagejobs import use_clock

    with (
        use_clock(clock),
        Topaz(fake.api_key, base_url=ROOT, transport=fake.transport(), rate_gate=False) as tz,
    ):
        job = tz.run(body(), timeout=600)
    assert job.status is JobStatus.COMPLETED


@pytest.mark.parametrize("given", [{"output_width": 1920}])
def test_a_dict_is_read_into_the_generated_model(given: dict[str, object]) -> None:
    fake = FakeTopaz()
    with Topaz(fake.api_key, base_url=ROOT, transport=fake.transport()) as tz:
        assert tz.submit(given).status is JobStatus.QUEUED
    assert fake.uploads[0]["output_width"] == "1920"
