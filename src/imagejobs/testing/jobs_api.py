"""`FakeJobsApi`: the RFC 7807 jobs API (BigChange-style) cancel, read and token calls.

- `POST /auth/tokens` (form: grant_type=client_credentials, client_id, client_secret, optional
  space-separated scope) -> `{access_token, expires_in}`; the token expires after `token_ttl`
  seconds of the fake's clock. Wrong credentials -> 401; another grant type or an unknown
  scope -> 400; a missing field -> 422.
- `PUT /v1/jobs/{jobId}/cancel` with `{"reason": ...}` and `Customer-Id`: checked in the order
  bearer token (401; a token without `jobs:write` -> 403), `Customer-Id` (400), `jobId` an
  integer >= 1 (400), body (400 if not a JSON object, 422 `errors.reason` if the reason is
  missing, empty or over 500 characters), job known (404). Then new, scheduled, unscheduled,
  sent, read or accepted -> 204 and the job is cancelled; any other status (started,
  suspended, completed*, cancelled, refused, onTheWay) -> 422 with `errors.jobId`.
- `GET /v1/jobs/{jobId}`: the `Job`, same checks (scope `jobs:read`).

Every error is `application/problem+json`. The static `token` knob is always accepted as a
bearer token with both scopes and never expires.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from imagejobs_gen_jobs_api import schemas
from pydantic import SecretStr

from imagejobs.registry import JOBS_API
from imagejobs.testing._store import FakeProvider, Handler, dump
from imagejobs.testing.faults import Faults

if TYPE_CHECKING:
    from collections.abc import Callable

    from starlette.requests import Request
    from starlette.responses import Response

__all__ = [
    "DEFAULT_CLIENT_ID",
    "DEFAULT_CLIENT_SECRET",
    "DEFAULT_CUSTOMER_ID",
    "DEFAULT_TOKEN",
    "FakeJobsApi",
]

#: Credentials a `FakeJobsApi()` accepts when none are given.
DEFAULT_CLIENT_ID = "fake-client"
DEFAULT_CLIENT_SECRET = "fake-secret"  # noqa: S105 - a test credential, by design
DEFAULT_TOKEN = "fake-jobs-token"  # noqa: S105 - a test credential, by design
#: Any integer is accepted as `Customer-Id`; this one reads well in examples.
DEFAULT_CUSTOMER_ID = 14532

_S = schemas.JobStatus


def _state(status: str) -> Any:
    """`status` as the model's enum, or as is (a state the spec does not list yet).

    A timeline may move a job to such a state (the client must read it as UNKNOWN), and
    `model_copy` keeps it without validating.
    """
    return _S(status) if status in _S._value2member_map_ else status


_CANCELLABLE = {_S.new, _S.scheduled, _S.unscheduled, _S.sent, _S.read, _S.accepted}
_NEXT = {
    _S.new: _S.scheduled,
    _S.unscheduled: _S.scheduled,
    _S.scheduled: _S.sent,
    _S.sent: _S.read,
    _S.read: _S.accepted,
    _S.accepted: _S.onTheWay,
    _S.onTheWay: _S.started,
    _S.started: _S.completedOk,
}
_SCOPES = frozenset({"jobs:read", "jobs:write"})
_TYPES = {
    400: ("https://tools.ietf.org/html/rfc9110#section-15.5.1", "Bad Request"),
    401: ("https://tools.ietf.org/html/rfc9110#section-15.5.2", "Unauthorized"),
    403: ("https://tools.ietf.org/html/rfc9110#section-15.5.4", "Forbidden"),
    404: ("https://tools.ietf.org/html/rfc9110#section-15.5.5", "Not Found"),
    405: ("https://tools.ietf.org/html/rfc9110#section-15.5.6", "Method Not Allowed"),
    422: (
        "https://tools.ietf.org/html/rfc4918#section-11.2",
        "One or more validation errors occurred.",
    ),
    429: ("https://tools.ietf.org/html/rfc6585#section-4", "Too Many Requests"),
    500: ("https://tools.ietf.org/html/rfc9110#section-15.6.1", "Internal Server Error"),
}
_PROBLEM = "application/problem+json"


class FakeJobsApi(FakeProvider):
    """An in-memory jobs API with OAuth2 client credentials and `Customer-Id` checks.

    `add_job(status=..., id=None, **fields)` seeds a job (fields: `reference`,
    `description`, ...) and returns its integer id, drawn from `seed` unless given.
    """

    provider = JOBS_API.name

    def __init__(
        self,
        *,
        client_id: str = DEFAULT_CLIENT_ID,
        client_secret: str = DEFAULT_CLIENT_SECRET,
        token: str | None = DEFAULT_TOKEN,
        token_ttl: int = 3600,
        seed: int = 0,
        faults: Faults | None = None,
        auto_advance: bool = False,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.client_id = client_id
        self.client_secret = client_secret
        self.token = token
        self.token_ttl = token_ttl
        super().__init__(seed=seed, faults=faults, auto_advance=auto_advance, clock=clock)

    def _init_state(self) -> None:
        super()._init_state()
        self._jobs: dict[int, schemas.Job] = {}
        # token -> (expiry in the fake's clock, granted scopes)
        self._tokens: dict[str, tuple[float, frozenset[str]]] = {}

    def _timestamp(self) -> datetime:
        return datetime.fromtimestamp(self.now(), tz=UTC)

    # -- seeding -----------------------------------------------------------------------------

    def add_job(
        self, status: str | schemas.JobStatus = _S.scheduled, id: int | None = None, **fields: Any
    ) -> int:
        """Seed a job in `status` and return its id."""
        state = schemas.JobStatus(status)
        with self._lock:
            job_id = int(id) if id is not None else self._new_id()
            now = self._timestamp()
            values: dict[str, Any] = {
                "id": job_id,
                "status": state,
                "reference": f"JOB-{job_id % 10000:04d}",
                "description": "Boiler service",
                "createdAt": now,
                "updatedAt": now,
            }
            values.update(fields)
            self._jobs[job_id] = schemas.Job.model_validate(values)
            return job_id

    def _new_id(self) -> int:
        while True:
            candidate = self._rng.randrange(1_000_000, 10_000_000)
            if candidate not in self._jobs:
                return candidate

    def job(self, id: int) -> schemas.Job:
        """The stored state of a job (KeyError if unknown)."""
        with self._lock:
            return self._jobs[int(id)].model_copy()

    def issue_token(self, scopes: frozenset[str] = _SCOPES) -> str:
        """Issue a token as `/auth/tokens` would (expires after `token_ttl`)."""
        with self._lock:
            token = f"fake-jwt-{self._rng.getrandbits(128):032x}"
            self._tokens[token] = (self.now() + self.token_ttl, scopes)
            return token

    def _seed_from_control(self, data: dict[str, Any]) -> object:
        return self.add_job(**data)

    def _status_of(self, key: str) -> str | None:
        job = self._jobs.get(int(key))
        return None if job is None else str(job.status)

    def _set_status(self, key: str, status: str) -> None:
        job = self._jobs[int(key)]
        self._jobs[int(key)] = job.model_copy(
            update={"status": _state(status), "updatedAt": self._timestamp()}
        )

    # -- HTTP --------------------------------------------------------------------------------

    def _routes(self) -> list[tuple[str, str, str, Handler]]:
        return [
            ("PUT", "/v1/jobs/{jobId}/cancel", "cancelJob", self._cancel),
            ("GET", "/v1/jobs/{jobId}", "getJob", self._get_job),
            ("POST", "/auth/tokens", "getAccessToken", self._get_token),
        ]

    def _problem(
        self,
        status: int,
        detail: str,
        request: Request | None,
        errors: dict[str, list[str]] | None = None,
    ) -> Response:
        from starlette.responses import JSONResponse

        kind, title = _TYPES.get(status, ("about:blank", "Error"))
        instance = request.url.path if request is not None else None
        model: schemas.Problem
        if errors is not None:
            model = schemas.ValidationProblem(
                type=kind, title=title, status=status, detail=detail, instance=instance,
                errors=errors,
            )  # fmt: skip
        else:
            model = schemas.Problem(
                type=kind, title=title, status=status, detail=detail, instance=instance
            )
        response = JSONResponse(dump(model), status_code=status, media_type=_PROBLEM)
        if status == 401:
            response.headers["WWW-Authenticate"] = 'Bearer error="invalid_token"'
        return response

    def _error_response(self, status: int, message: str, request: Request | None) -> Response:
        return self._problem(status, message, request)

    def _job_checks(self, request: Request, scope: str) -> tuple[Response | None, int]:
        """Bearer token, scope, `Customer-Id` and `jobId`, in that order."""
        header = request.headers.get("authorization", "")
        token = header[7:] if header[:7].lower() == "bearer " else ""
        if token and token == self.token:
            scopes = _SCOPES
        elif token in self._tokens:
            expiry, scopes = self._tokens[token]
            if self.now() >= expiry:
                return self._problem(401, "The access token expired.", request), 0
        else:
            return self._problem(401, "A valid bearer token is required.", request), 0
        if scope not in scopes:
            return self._problem(403, f"The token lacks the scope {scope}.", request), 0
        customer = request.headers.get("customer-id")
        if customer is None:
            return self._problem(400, "The Customer-Id header is required.", request), 0
        try:
            int(customer)
        except ValueError:
            return self._problem(400, "The Customer-Id header must be an integer.", request), 0
        raw = request.path_params["jobId"]
        try:
            job_id = int(raw)
        except ValueError:
            job_id = 0
        if job_id < 1:
            return self._problem(400, f"The value '{raw}' is not a valid job id.", request), 0
        return None, job_id

    def _not_found(self, job_id: int, request: Request) -> Response:
        return self._problem(404, f"Job {job_id} was not found.", request)

    async def _cancel(self, request: Request) -> Response:
        from starlette.responses import Response

        raw_body = await request.body()
        with self._lock:
            error, job_id = self._job_checks(request, "jobs:write")
            if error is not None:
                return error
            try:
                body = json.loads(raw_body)
            except ValueError:
                body = None
            if not isinstance(body, dict):
                return self._problem(400, "The request body must be a JSON object.", request)
            reason = body.get("reason")
            if not isinstance(reason, str) or not reason:
                return self._problem(
                    422, "See errors.", request, {"reason": ["The reason field is required."]}
                )
            if len(reason) > 500:
                message = "The field reason must be a string with a maximum length of 500."
                return self._problem(422, "See errors.", request, {"reason": [message]})
            self._settle(str(job_id))
            job = self._jobs.get(job_id)
            if job is None:
                return self._not_found(job_id, request)
            if job.status not in _CANCELLABLE:
                message = f"The job cannot be cancelled because its status is {job.status}."
                return self._problem(422, message, request, {"jobId": [message]})
            self._jobs[job_id] = job.model_copy(
                update={"status": _S.cancelled, "updatedAt": self._timestamp()}
            )
        return Response(status_code=204)

    async def _get_job(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        with self._lock:
            error, job_id = self._job_checks(request, "jobs:read")
            if error is not None:
                return error
            if job_id not in self._jobs:
                return self._not_found(job_id, request)
            throttled = self._poll(str(job_id), request)
            if throttled is not None:
                return throttled
            job = self._jobs[job_id]
            if self.auto_advance and job.status in _NEXT:
                job = job.model_copy(
                    update={"status": _NEXT[job.status], "updatedAt": self._timestamp()}
                )
                self._jobs[job_id] = job
        return JSONResponse(dump(job))

    async def _get_token(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        # Parsed by hand: Starlette's form parser needs python-multipart, which the fakes
        # extra does not pull in, and this body is always urlencoded.
        raw = (await request.body()).decode("latin-1")
        form = {k: v[0] for k, v in parse_qs(raw, keep_blank_values=True).items()}
        # Absent is a validation error; present but empty is just a wrong credential (the spec
        # sets no minLength, and schemathesis's positive-data check holds us to that).
        missing = [
            name for name in ("grant_type", "client_id", "client_secret") if name not in form
        ]
        if missing:
            errors = {name: [f"The {name} field is required."] for name in missing}
            return self._problem(422, "See errors.", request, errors)
        if form["grant_type"] != "client_credentials":
            return self._problem(400, "unsupported_grant_type", request)
        if form["client_id"] != self.client_id or form["client_secret"] != self.client_secret:
            return self._problem(401, "invalid_client", request)
        requested = frozenset(form.get("scope", "").split()) or _SCOPES
        if not requested <= _SCOPES:
            return self._problem(400, "invalid_scope", request)
        token = self.issue_token(requested)
        body = schemas.TokenResponse(access_token=SecretStr(token), expires_in=self.token_ttl)
        return JSONResponse(dump(body))
