"""errors.py: one class per status, all three body formats, every documented attribute."""

from __future__ import annotations

import pickle

import httpx
import pytest
from multidict import CIMultiDict

from imagejobs import errors
from imagejobs.errors import from_response
from imagejobs.job import Job, JobStatus


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (402, errors.PaymentRequiredError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.UnprocessableEntityError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
        (502, errors.InternalServerError),
        (503, errors.InternalServerError),
        (520, errors.InternalServerError),
        (596, errors.ModerationBlockedError),
        (200, errors.UnexpectedResponseError),
        (302, errors.UnexpectedResponseError),
        (408, errors.UnexpectedResponseError),
        (418, errors.UnexpectedResponseError),
    ],
)
def test_status_picks_the_class(status: int, cls: type[errors.APIError]) -> None:
    err = from_response("topaz", status, body={"message": "m"})
    assert type(err) is cls
    assert isinstance(err, errors.APIError)
    assert isinstance(err, errors.ImageJobsError)
    assert err.status_code == status


def test_hierarchy() -> None:
    assert issubclass(errors.NotCancellableError, errors.ConflictError)
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    assert not issubclass(errors.APIConnectionError, errors.APIError)
    assert issubclass(errors.MissingCredentialsError, errors.ImageJobsError)
    assert issubclass(errors.ModerationBlockedError, errors.APIError)
    for name in errors.__all__:
        obj = getattr(errors, name)
        if callable(obj):
            assert obj.__doc__, f"{name} has no docstring"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"error": "Unable to locate job j1", "code": 404}, "Unable to locate job j1"),
        (
            {"error": "Pending moderation message", "errorDetails": "reset it", "code": 596},
            "Pending moderation message: reset it",
        ),
        ({"message": "Process not found", "code": 404}, "Process not found"),
        (
            {"type": "t", "title": "Not Found", "status": 404, "detail": "no job 5"},
            "Not Found: no job 5",
        ),
        ({"type": None, "title": None, "detail": None}, "error body without a message"),
    ],
)
def test_reads_all_three_error_formats(body: dict[str, object], message: str) -> None:
    err = from_response("useapi", 404, body=body)
    assert err.message == message
    assert err.body == body
    assert str(err) == f"useapi: 404 {message}"


@pytest.mark.parametrize(
    ("content", "message", "body"),
    [
        (b"<!DOCTYPE html><html>Bad gateway</html>", "HTML page", str),
        (b"", "empty body", type(None)),
        (b'{"message": "trunc', "truncated or invalid JSON", str),
        (b'{"message": "fine"}', "fine", dict),
        (b"upstream connect error", "upstream connect error", str),
    ],
)
def test_raw_bodies(content: bytes, message: str, body: type) -> None:
    err = from_response("topaz", 502, content=content)
    assert isinstance(err, errors.InternalServerError)
    assert message in err.message
    assert isinstance(err.body, body)


def test_malformed_success_is_unexpected_response() -> None:
    err = from_response("topaz", 200, content=b'{"process_id": 1', malformed=True)
    assert isinstance(err, errors.UnexpectedResponseError)
    assert "not the documented JSON" in err.message
    err = from_response("topaz", 200, content=b'{"other": 1}', malformed=True)
    assert "another shape" in err.message


@pytest.mark.parametrize("name", ["x-request-id", "Request-Id", "CF-RAY"])
def test_request_id_from_headers(name: str) -> None:
    err = from_response("jobs_api", 500, body=None, headers={name: "rid-1"})
    assert err.request_id == "rid-1"
    assert "request id rid-1" in str(err)
    assert from_response("jobs_api", 500).request_id is None


def test_unprocessable_exposes_field_errors() -> None:
    body = {"title": "One or more validation errors occurred.", "errors": {"reason": ["required"]}}
    err = from_response("jobs_api", 422, body=body)
    assert isinstance(err, errors.UnprocessableEntityError)
    assert err.field_errors == {"reason": ["required"]}
    assert from_response("jobs_api", 422, body={"errors": None}).field_errors == {}  # type: ignore[attr-defined]
    assert from_response("jobs_api", 422, content=b"<html>").field_errors == {}  # type: ignore[attr-defined]


def test_rate_limit_exposes_retry_after_and_executing_jobs() -> None:
    err = from_response(
        "useapi",
        429,
        body={"error": "busy", "executingJobs": ["j1", "j2"]},
        headers={"Retry-After": "7"},
    )
    assert isinstance(err, errors.RateLimitError)
    assert err.retry_after == 7.0
    assert err.executing_jobs == ["j1", "j2"]
    bare = from_response("topaz", 429, body={"message": "slow down"})
    assert isinstance(bare, errors.RateLimitError)
    assert bare.retry_after is None
    assert bare.executing_jobs is None


def test_not_cancellable_carries_the_current_status() -> None:
    err = errors.NotCancellableError(
        "done",
        provider="topaz",
        status_code=409,
        current_status=JobStatus.COMPLETED,
        provider_status="Completed",
    )
    assert err.current_status is JobStatus.COMPLETED
    assert err.provider_status == "Completed"
    assert err.job is None
    assert err.status_code == 409
    assert err.headers == {}
    assert err.body is None


def test_redaction_hook_scrubs_the_body() -> None:
    err = from_response(
        "topaz",
        401,
        body={"message": "bad key tz-secret"},
        redact=lambda b: {"message": "bad key ***"},
    )
    assert "tz-secret" not in str(err)
    assert err.body == {"message": "bad key ***"}


def test_missing_credentials_names_env_var_and_keyword() -> None:
    err = errors.MissingCredentialsError(
        "topaz", env_var="TOPAZ_API_KEY", keyword="api_key", what="API key"
    )
    assert "TOPAZ_API_KEY" in str(err)
    assert "api_key=" in str(err)
    assert (err.env_var, err.keyword, err.provider) == ("TOPAZ_API_KEY", "api_key", "topaz")


def test_connection_errors_have_provider_and_message() -> None:
    err = errors.APITimeoutError("no answer within 30.0 s", provider="jobs_api")
    assert (err.provider, err.message) == ("jobs_api", "no answer within 30.0 s")
    assert str(err) == "jobs_api: no answer within 30.0 s"


def test_long_messages_are_clipped() -> None:
    err = from_response("topaz", 400, body={"message": "x" * 5000})
    assert len(err.message) <= 300


def _every_kind() -> list[errors.ImageJobsError]:
    job = Job(provider="topaz", id="j1", status=JobStatus.COMPLETED, provider_status="Completed")
    headers = CIMultiDict({"Retry-After": "2", "X-Request-Id": "r-1"})
    made: list[errors.ImageJobsError] = [
        from_response("topaz", status, headers=headers, body={"message": "m"})
        for status in (*errors.STATUS_ERRORS, 418, 596)
    ]
    last = made[0]
    made += [
        errors.ImageJobsError("plain"),
        errors.MissingCredentialsError(
            "topaz", env_var="TOPAZ_API_KEY", keyword="api_key", what="key"
        ),
        errors.APIConnectionError("refused", provider="topaz", unreachable=True),
        errors.APITimeoutError("slow", provider="topaz"),
        errors.NotCancellableError.for_job(job, status_code=409, headers=headers),
        errors.DeadlineExceededError(provider="topaz", deadline=2.0, attempts=3, last_error=last),
        errors.WaitTimeoutError(provider="topaz", job_id="j1", job=job, timeout=3.0, polls=4),
        errors.WaitTimeoutError(
            provider="topaz",
            job_id="j1",
            job=None,
            timeout=3.0,
            polls=0,
            last_error=errors.APIConnectionError("refused", provider="topaz", unreachable=True),
        ),
    ]
    return made


@pytest.mark.parametrize("error", _every_kind(), ids=lambda e: type(e).__name__)
def test_every_error_pickles_with_its_attributes(error: errors.ImageJobsError) -> None:
    """A process pool sends a worker's exception back pickled; keyword-only constructors used to
    make that fail on the way back (TypeError: missing keyword-only arguments)."""
    copied = pickle.loads(pickle.dumps(error))
    assert type(copied) is type(error)
    assert str(copied) == str(error)
    assert copied.args == error.args
    assert set(vars(copied)) == set(vars(error))
    for name, value in vars(error).items():
        if isinstance(value, errors.ImageJobsError):
            assert str(getattr(copied, name)) == str(value)
        else:
            assert getattr(copied, name) == value, name


def test_an_errors_headers_read_like_httpx_whatever_path_they_came_by() -> None:
    """The async default path reads answers as aiohttp's CIMultiDict; a caught error still offers
    httpx's API, with repeated headers joined as httpx joins them."""
    raw = CIMultiDict([("X-A", "1"), ("X-A", "2"), ("Retry-After", "3")])
    error = from_response("topaz", 429, headers=raw)
    assert isinstance(error.headers, httpx.Headers)
    assert error.headers.get("x-a") == "1, 2"
    assert error.headers.get_list("x-a") == ["1", "2"]
    assert isinstance(error, errors.RateLimitError)
    assert error.retry_after == 3.0
    assert from_response("topaz", 404, headers={"x": "y"}).headers == {"x": "y"}  # a dict as given
