"""_redact.py, and the leak test: no secret in repr, str, messages or DEBUG logs of a failing call."""

from __future__ import annotations

import logging

import httpx
import pytest

from imagejobs import AsyncJobsApi, JobsApi, Topaz, Useapi, errors
from imagejobs._redact import MASK, Redactor, mask

from .conftest import CLIENT_SECRET, JOBS_TOKEN, PID, TOPAZ_KEY, USEAPI_TOKEN, AsyncPath, Script


def test_redactor_scrubs_text_and_bodies() -> None:
    r = Redactor(["s3cret-value", None, "", "abc"])  # short and empty ones are ignored
    assert r.text("key s3cret-value!") == f"key {MASK}!"
    assert r.text("abc") == "abc"
    assert r.obj({"a": ["s3cret-value", 1], "s3cret-value": None}) == {"a": [MASK, 1], MASK: None}
    r.add("s3cret-value-longer")
    assert r.text("s3cret-value-longer") == MASK
    assert "s3cret" not in repr(r)
    assert mask("x") == MASK
    assert mask(None) is None


def _echo(request: httpx.Request) -> httpx.Response:
    # A hostile server: echoes every credential it got into the error body.
    echoed = " ".join(f"{k}={v}" for k, v in request.headers.items())
    return httpx.Response(503, json={"error": echoed, "message": echoed, "detail": echoed})


def _assert_clean(text: str, *secrets: str) -> None:
    for secret in secrets:
        assert secret not in text


def test_no_secret_leaks_through_a_failing_call_with_retries(
    script: Script, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, httpx's included
    script.on("GET", "/v2/jobs/cancel/", _echo)
    script.on("DELETE", f"/image/v1/cancel/{PID}", _echo)
    script.on(
        "POST", "/auth/tokens", (200, {"access_token": "at-s3cretAccessToken", "expires_in": 3600})
    )
    script.on("PUT", "/v1/jobs/5/cancel", _echo)
    clients = [
        (Useapi(USEAPI_TOKEN, transport=script.transport()), "j1"),
        (Topaz(TOPAZ_KEY, transport=script.transport()), PID),
        (
            JobsApi(
                client_id="cid",
                client_secret=CLIENT_SECRET,
                customer_id=1,
                transport=script.transport(),
            ),
            "5",
        ),
    ]
    secrets = (USEAPI_TOKEN, TOPAZ_KEY, CLIENT_SECRET, "at-s3cretAccessToken")
    for client, job_id in clients:
        with pytest.raises(errors.InternalServerError) as info:
            client.cancel(job_id)  # type: ignore[attr-defined]
        err = info.value
        _assert_clean(str(err) + repr(err) + str(err.body) + repr(err.args), *secrets)
        assert err.__cause__ is None  # the generated exception quoting the raw body is dropped
        _assert_clean(repr(client) + str(client), *secrets)
    assert script.count("DELETE", f"/image/v1/cancel/{PID}") == 3
    assert any("retry 2 of 2" in r.getMessage() for r in caplog.records)
    _assert_clean(caplog.text, *secrets)
    _assert_clean("\n".join(str(r.__dict__) for r in caplog.records), *secrets)


async def test_async_jobs_api_repr_and_errors_hold_no_secret(
    script: Script, async_path: AsyncPath
) -> None:
    script.on("GET", "/v1/jobs/5", (401, {"title": f"bad token {JOBS_TOKEN}"}))
    async with AsyncJobsApi(
        JOBS_TOKEN, customer_id=1, **async_path(script, AsyncJobsApi)
    ) as client:
        with pytest.raises(errors.AuthenticationError) as info:
            await client.get(5)
        _assert_clean(repr(client) + str(info.value) + str(info.value.body), JOBS_TOKEN)
