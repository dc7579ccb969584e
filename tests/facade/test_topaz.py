"""topaz.py: every documented status, 204 without a second request, 409 resolved by a status read."""

from __future__ import annotations

import pickle
from datetime import UTC, datetime
from uuid import UUID

import httpx
import pytest

from imagejobs import AsyncTopaz, JobStatus, Topaz, errors
from imagejobs._provider import to_ident
from imagejobs.registry import TOPAZ

from .conftest import PID, TOPAZ_KEY, AsyncPath, Script, html, topaz_status

CANCEL, STATUS = f"/image/v1/cancel/{PID}", f"/image/v1/status/{PID}"


def client(script: Script, **kw: object) -> Topaz:
    return Topaz(TOPAZ_KEY, transport=script.transport(), **kw)  # type: ignore[arg-type]


def test_key_from_env_or_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(errors.MissingCredentialsError, match="TOPAZ_API_KEY"):
        Topaz()
    monkeypatch.setenv("TOPAZ_API_KEY", TOPAZ_KEY)
    assert Topaz().base_url == "https://api.topazlabs.com/image/v1"


def test_cancel_204_is_the_cancelled_job_without_a_second_request(script: Script) -> None:
    script.on("DELETE", CANCEL, (204, None))
    with client(script) as tz:
        job = tz.cancel(PID.upper())
    assert (job.provider, job.id, job.status, job.provider_status, job.raw) == (
        "topaz",
        PID,
        JobStatus.CANCELLED,
        None,
        None,
    )
    assert len(script.requests) == 1


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("Completed", JobStatus.COMPLETED),
        ("Failed", JobStatus.FAILED),
        ("Processing", JobStatus.RUNNING),
    ],
)
def test_409_on_a_job_that_is_not_cancelled_is_not_cancellable(
    script: Script, state: str, expected: JobStatus
) -> None:
    script.on("DELETE", CANCEL, (409, {"message": "Job cannot be cancelled", "code": 409}))
    script.on("GET", STATUS, (200, topaz_status(state)))
    with client(script) as tz, pytest.raises(errors.NotCancellableError) as info:
        tz.cancel(PID)
    err = info.value
    assert (err.current_status, err.provider_status, err.status_code) == (expected, state, 409)
    assert err.job is not None
    assert err.body == {"message": "Job cannot be cancelled", "code": 409}
    assert isinstance(err, errors.ConflictError)


def test_409_on_an_already_cancelled_job_returns_it(script: Script) -> None:
    script.on("DELETE", CANCEL, (409, {"message": "conflict"}))
    script.on("GET", STATUS, (200, topaz_status("Cancelled")))
    with client(script) as tz:
        job = tz.cancel(PID)
    assert (job.status, job.provider_status) == (JobStatus.CANCELLED, "Cancelled")


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
    ],
)
@pytest.mark.parametrize("method", ["DELETE", "GET"])
def test_documented_errors(script: Script, method: str, status: int, cls: type) -> None:
    script.on(
        method,
        CANCEL if method == "DELETE" else STATUS,
        (status, {"message": f"m{status}", "code": status}),
    )
    with client(script, max_retries=0) as tz, pytest.raises(cls) as info:
        (tz.cancel if method == "DELETE" else tz.get)(PID)
    assert (info.value.status_code, info.value.message) == (status, f"m{status}")


def test_get_builds_a_job(script: Script) -> None:
    script.on("GET", STATUS, (200, topaz_status("Pending")))
    with client(script) as tz:
        job = tz.get(PID)
    assert (job.status, job.provider_status) == (JobStatus.QUEUED, "Pending")
    assert job.created_at == datetime.fromtimestamp(1_700_000_000, UTC)
    assert job.updated_at == datetime.fromtimestamp(1_700_000_100, UTC)
    assert job.raw is not None
    assert job.raw["model"] == "Standard V2"


@pytest.mark.parametrize(
    ("reply", "cls"),
    [
        ((520, ""), errors.InternalServerError),
        ((500, ""), errors.InternalServerError),
        ((200, b'{"process_id": "'), errors.UnexpectedResponseError),
        ((200, {"process_id": PID}), errors.UnexpectedResponseError),  # required fields missing
        ((404, "<html>nginx</html>"), errors.NotFoundError),
    ],
)
def test_odd_answers(script: Script, reply: tuple, cls: type) -> None:
    script.on("GET", STATUS, reply)
    with client(script, max_retries=0) as tz, pytest.raises(cls):
        tz.get(PID)


def test_429_then_success_honours_retry_after(script: Script, sleeps: list[float]) -> None:
    script.on("DELETE", CANCEL, (429, {"message": "slow"}, {"retry-after-ms": "1500"}), (204, None))
    with client(script) as tz:
        assert tz.cancel(PID).status is JobStatus.CANCELLED
    assert sleeps == [1.5]


def test_retries_exhausted(script: Script, sleeps: list[float]) -> None:
    script.on("DELETE", CANCEL, html(503))
    with client(script, max_retries=3) as tz, pytest.raises(errors.InternalServerError):
        tz.cancel(PID)
    assert (script.count("DELETE", CANCEL), len(sleeps)) == (4, 3)


@pytest.mark.parametrize(
    "given",
    [
        PID,
        PID.upper(),
        "{" + PID + "}",
        PID.replace("-", ""),
        "urn:uuid:" + PID,
        UUID(PID),
    ],
)
def test_any_spelling_of_the_id_becomes_its_canonical_text(given: str | UUID) -> None:
    ident = to_ident(TOPAZ.description, given)
    assert (ident.text, ident.values) == (PID, (PID,))
    copied = pickle.loads(pickle.dumps(ident))
    assert copied == ident


@pytest.mark.parametrize(
    "given",
    [
        # UUID() takes these (int(x, 16) does); their text must never reach a URL or a Job.
        " 0000000-0000-4000-8000-000000000000",
        "+0000000-0000-4000-8000-000000000000",
        "\r0000000-0000-4000-8000-00000000000\n",
        "0x000000-0000-4000-8000-000000000000",
        "0_00000a-0000-4000-8000-000000000000",
    ],
)
def test_an_odd_spelling_is_never_kept_as_the_ids_text(given: str) -> None:
    text = to_ident(TOPAZ.description, given).text
    assert text == str(UUID(given))
    assert not text.strip("0123456789abcdef-")


def test_a_retried_failure_does_not_chain_to_the_first(script: Script, sleeps: list[float]) -> None:
    script.on("DELETE", CANCEL, *[(429, {"message": f"r{n}"}) for n in (1, 2, 3)])
    with client(script, max_retries=2) as tz, pytest.raises(errors.RateLimitError) as info:
        tz.cancel(PID)
    assert info.value.message == "r3"
    assert info.value.__context__ is None  # one traceback, not three nested


async def test_async_retried_failure_does_not_chain(
    script: Script, async_path: AsyncPath, sleeps: list[float]
) -> None:
    script.on("DELETE", CANCEL, *[(429, {"message": f"r{n}"}) for n in (1, 2, 3)])
    async with AsyncTopaz(TOPAZ_KEY, max_retries=2, **async_path(script, AsyncTopaz)) as tz:
        with pytest.raises(errors.RateLimitError) as info:
            await tz.cancel(PID)
    assert info.value.message == "r3"
    assert info.value.__context__ is None
    assert isinstance(info.value.headers, httpx.Headers)  # on the lean path too


@pytest.mark.parametrize("given", ["nope", "", PID[:-1] + "g", 5, None, b"0" * 32])
def test_what_is_not_a_uuid_is_refused_by_name(given: object) -> None:
    with pytest.raises(errors.ImageJobsError, match="not a job id"):
        to_ident(TOPAZ.description, given)  # type: ignore[arg-type]


def test_not_a_uuid_fails_before_any_request(script: Script) -> None:
    with client(script) as tz, pytest.raises(errors.ImageJobsError, match="not a job id"):
        tz.cancel("nope")
    assert script.requests == []


async def test_async_twin(script: Script, async_path: AsyncPath) -> None:
    script.on("DELETE", CANCEL, httpx.ConnectError("reset"), (409, {"message": "c"}))
    script.on("GET", STATUS, (200, topaz_status("Cancelled")))
    async with AsyncTopaz(TOPAZ_KEY, **async_path(script, AsyncTopaz)) as tz:
        assert (await tz.cancel(PID)).status is JobStatus.CANCELLED
        assert (await tz.get(PID)).provider_status == "Cancelled"


async def test_async_twin_not_cancellable(script: Script, async_path: AsyncPath) -> None:
    script.on("DELETE", CANCEL, (409, {"message": "c"}))
    script.on("GET", STATUS, (200, topaz_status("Completed")))
    async with AsyncTopaz(TOPAZ_KEY, **async_path(script, AsyncTopaz)) as tz:
        with pytest.raises(errors.NotCancellableError) as info:
            await tz.cancel(PID)
    assert info.value.current_status is JobStatus.COMPLETED
