"""A DELETE-as-cancel (Runway) reads the job first: a DELETE of a task that ended deletes it."""

from __future__ import annotations

from typing import Any

import pytest

from imagejobs import errors
from imagejobs.clients import async_client, client
from imagejobs.job import JobStatus
from imagejobs.testing.described import DescribedFake

from .conftest import AsyncPath, Script

TASK = "17f20503-6c24-4c16-946b-35dbbce2af2f"
PATH = f"/v1/tasks/{TASK}"


def task(status: str) -> Any:
    """A task body as the spec has it in `status` (each status has its own required fields)."""
    fake = DescribedFake("runway")
    return fake.job(fake.add_job(status=status, id=TASK))


def runway(script: Script) -> Any:
    return client("runway", api_key="key_test", transport=script.transport())


@pytest.mark.parametrize("status", ["SUCCEEDED", "FAILED"])
def test_an_ended_task_is_not_deleted(script: Script, status: str) -> None:
    script.on("GET", PATH, (200, task(status)))
    with runway(script) as rw, pytest.raises(errors.NotCancellableError) as caught:
        rw.cancel(TASK)
    assert caught.value.provider_status == status
    assert script.count("DELETE", PATH) == 0


def test_a_cancelled_task_is_that_task_without_a_delete(script: Script) -> None:
    script.on("GET", PATH, (200, task("CANCELLED")))
    with runway(script) as rw:
        assert rw.cancel(TASK).status is JobStatus.CANCELLED
    assert script.count("DELETE", PATH) == 0


@pytest.mark.parametrize("status", ["PENDING", "THROTTLED", "RUNNING"])
def test_a_running_task_is_deleted(script: Script, status: str) -> None:
    script.on("GET", PATH, (200, task(status)))
    script.on("DELETE", PATH, (204, None))
    with runway(script) as rw:
        job = rw.cancel(TASK)
    assert (job.status, job.id) == (JobStatus.CANCELLED, TASK)
    assert script.count("DELETE", PATH) == 1


async def test_the_async_twin_reads_first_too(script: Script, async_path: AsyncPath) -> None:
    from imagejobs.clients import async_client_class

    script.on("GET", PATH, (200, task("SUCCEEDED")))
    options = async_path(script, async_client_class("runway"))
    async with async_client("runway", api_key="key_test", **options) as rw:
        with pytest.raises(errors.NotCancellableError):
            await rw.cancel(TASK)
    assert script.count("DELETE", PATH) == 0
