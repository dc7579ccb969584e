"""Every documented answer of every operation the facade calls becomes the right Job or error.

The facade methods are listed by hand (`FACADE`: which operationId each one calls); the statuses,
bodies and status enums all come from the effective specs (generated/<package>/openapi.json), so
a status or state added to a spec is covered here without a new test. Bodies are the spec's own
examples plus a bounded number of derandomized hypothesis draws from the response schema
(contract_checks), served through httpx.MockTransport with `max_retries=0`, so a retryable status
raises at once.

What each answer must become (issue 4):
- a 2xx: a Job whose provider, id and status match the body (or the ids / accounts it lists);
- an error status: exactly the documented class from `ERRORS`, carrying status code, provider
  and body; 409 (Topaz cancel) and 422 (jobs cancel) after the facade's follow-up status read;
- never anything but an `ImageJobsError` (no JSONDecodeError, KeyError, httpx error...).

Every row runs on the sync and on the async client (issue 11), through one adapter: the `twin`
fixture picks the class from the provider's description and `call_facade` awaits the async
one, so a branch only one twin takes is still tested. The async client runs on both of its
HTTP paths (issue 13): `async` on httpx over the MockTransport, `async-lean` on the default
aiohttp path, the same handler served over a socket (`imagejobs.testing.socket_server`). Hostile bodies (wrong types, nulls,
100,000-deep nesting, truncated, HTML, empty) on every documented status are rows too.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from contract_checks import (
    Operation,
    all_operations,
    body_strategy,
    documented_examples,
    path_regex,
    plausible_value,
    resolve,
    run_property,
    server_url,
)

import imagejobs
from imagejobs import Job, JobStatus, errors
from imagejobs._constants import MAX_TEXT
from imagejobs.registry import PROVIDERS, status_for
from imagejobs.testing.socket_server import SocketServer

# Bounded so the module stays fast (~50 statuses); derandomized in contract_checks.run_property.
MAX_EXAMPLES = 15

SECRET = "s3cret-contract-credential-0001"
CUSTOMER_ID = 14532
RETRY_AFTER = "7"  # sent with every 429, to check RateLimitError.retry_after


@dataclass(frozen=True)
class FacadeOp:
    """One facade method and the spec operation it calls.

    `refusal` is the status on which the facade reads the job (`follow_up`, an operationId of the
    same spec) before deciding what to raise.
    """

    spec: str
    operation_id: str
    method: str
    refusal: str | None = None
    follow_up: str | None = None

    @property
    def test_id(self) -> str:
        return f"{self.spec}-{self.method}"


FACADE = [
    FacadeOp("useapi", "cancelJob", "cancel"),
    FacadeOp("useapi", "getJob", "get"),
    FacadeOp("useapi", "listRunningJobs", "running"),
    FacadeOp("useapi", "listMidjourneyAccounts", "accounts"),
    FacadeOp("topaz", "cancelTask", "cancel", refusal="409", follow_up="getStatus"),
    FacadeOp("topaz", "getStatus", "get"),
    FacadeOp("jobs_api", "cancelJob", "cancel", refusal="422", follow_up="getJob"),
    FacadeOp("jobs_api", "getJob", "get"),
]
# The facade's `get` per spec: where the job body, and so the status enum, is documented.
GET = {fop.spec: fop for fop in FACADE if fop.method == "get"}
# A spec's name is its provider's name (registry.py): one spelling everywhere.
PROVIDER = {spec: PROVIDERS[spec].name for spec in GET}

# The documented error class per status (issue 4, errors.py); any other 5xx InternalServerError.
ERRORS: dict[int, type[errors.APIError]] = {
    400: errors.BadRequestError,
    401: errors.AuthenticationError,
    402: errors.PaymentRequiredError,
    403: errors.PermissionDeniedError,
    404: errors.NotFoundError,
    409: errors.ConflictError,
    422: errors.UnprocessableEntityError,
    429: errors.RateLimitError,
    596: errors.ModerationBlockedError,
}

# Each provider's states table, as its description says (the registry reads it); that it covers
# exactly the spec's enum is checked below, against the spec itself.
DOCUMENTED_STATUS: dict[str, dict[str, JobStatus]] = {
    spec: dict(PROVIDERS[PROVIDER[spec]].statuses) for spec in GET
}
# The states the jobs API's description lists as cancellable ("Only new, scheduled, unscheduled,
# sent, read and accepted jobs can be cancelled."): a 422 on one is about the request, not the job.
JOBS_CANCELLABLE = set(PROVIDERS["jobs_api"].description.cancellable)
# A final state the follow-up read reports in the generic error checks (the job finished).
REFUSED_STATE = {"topaz": "Completed", "jobs_api": "new"}
UNKNOWN_STATE = "archivedByANewerApi"

OPERATIONS = {(op.spec.name, op.operation_id): op for op in all_operations()}


def operation(spec: str, operation_id: str) -> Operation:
    return OPERATIONS[(spec, operation_id)]


def status_enum(spec: str) -> list[str]:
    """The enum of `status` in the body of the spec's get operation (the provider's states)."""
    op = operation(spec, GET[spec].operation_id)
    media = op.json_media("200")
    assert media is not None
    schema = resolve(op.spec.doc, media[1]["schema"])
    return list(schema["properties"]["status"]["enum"])


def cases() -> list[tuple[FacadeOp, str]]:
    return [
        (fop, status)
        for fop in FACADE
        if (fop.spec, fop.operation_id) in OPERATIONS
        for status in operation(fop.spec, fop.operation_id).responses
    ]


def _ids(value: object) -> str:
    return getattr(value, "test_id", str(value))


# --------------------------------------------------------------------------------------------
# Serving one answer and calling the facade


def id_argument(op: Operation) -> Any:
    """A valid job id for the operation, from its required path/query parameter's schema."""
    for param in op.parameters:
        if param["in"] in ("path", "query") and param.get("required"):
            return plausible_value(param.get("schema", {}))
    return None


def plausible_body(op: Operation, status: str) -> Any:
    """The spec's example for ``status``, else a simple valid body built from its schema."""
    media = op.json_media(status)
    assert media is not None, f"{op.label}: no JSON body for {status}"
    examples = documented_examples(media[1])
    if examples:
        return examples[0]
    return plausible_value(resolve(op.spec.doc, media[1].get("schema", {})))


def job_body(spec: str, state: str, job_id: Any) -> dict[str, Any]:
    """A body for the spec's get operation: this job, in ``state``."""
    op = operation(spec, GET[spec].operation_id)
    body = dict(plausible_body(op, "200"))
    body["status"] = state
    id_field = {"useapi": "jobid", "topaz": "process_id", "jobs_api": "id"}[spec]
    body[id_field] = job_id
    return body


def response(op: Operation, status: str, body: Any) -> httpx.Response:
    media = op.json_media(status)
    headers = {"Retry-After": RETRY_AFTER} if status == "429" else {}
    if media is None:
        return httpx.Response(int(status), headers=headers)
    return httpx.Response(int(status), json=body, headers={**headers, "Content-Type": media[0]})


TWINS = ("sync", "async", "async-lean")
#: The socket the `async-lean` twin reaches its handler through (set by the `twin` fixture).
SERVER: list[SocketServer] = []


@pytest.fixture(scope="module")
def socket_server() -> Iterator[SocketServer]:
    with SocketServer() as server:
        yield server


@pytest.fixture(params=TWINS)
def twin(request: pytest.FixtureRequest, socket_server: SocketServer) -> Iterator[str]:
    """Which client every row runs on: the sync one and its async twin on each HTTP path."""
    SERVER[:] = [socket_server]
    yield str(request.param)
    SERVER.clear()


def client(spec: str, handler: Callable[[httpx.Request], httpx.Response], twin: str) -> Any:
    """The facade client for ``spec`` over a MockTransport, at the spec's server URL."""
    info = PROVIDERS[spec]
    kwargs: dict[str, Any] = {
        "base_url": server_url(operation(spec, GET[spec].operation_id).spec),
        "transport": httpx.MockTransport(handler),  # serves sync and async clients alike
        "max_retries": 0,  # a retryable status must raise at once, not be retried
    }
    if any(c.keyword == "customer_id" for c in info.credentials):
        kwargs["customer_id"] = CUSTOMER_ID
    if twin == "async-lean":
        del kwargs["transport"]
        SERVER[0].handler = handler
        kwargs["base_url"] = SERVER[0].url(urlsplit(kwargs["base_url"]).path)
    cls = getattr(imagejobs, info.client if twin == "sync" else info.async_client)
    return cls(SECRET, **kwargs)


def invoke(facade: Any, method: str, args: tuple[Any, ...], twin: str) -> Any:
    """Call ``facade.method(*args)`` inside the client's context, awaiting it on the async twin."""
    if twin == "sync":
        with facade:
            return getattr(facade, method)(*args)

    async def run() -> Any:
        async with facade:
            return await getattr(facade, method)(*args)

    try:
        return asyncio.run(run())
    finally:
        if SERVER and SERVER[0].errors:  # the handler failed (an unexpected request)
            error = SERVER[0].errors.pop()
            SERVER[0].errors.clear()
            raise error


@dataclass
class Outcome:
    result: Any = None
    error: BaseException | None = None
    requests: list[httpx.Request] | None = None


def call_facade(
    fop: FacadeOp,
    status: str,
    body: Any,
    follow_up_state: str | None = None,
    *,
    twin: str,
    raw: tuple[bytes, str] | None = None,
) -> Outcome:
    """Serve ``body`` with ``status`` to the facade method; the follow-up read gets a job body.

    ``raw`` (content, content type) replaces ``body`` with bytes that need not be JSON at all.
    """
    op = operation(fop.spec, fop.operation_id)
    job_id = id_argument(op)
    outcome = Outcome(requests=[])

    def handler(request: httpx.Request) -> httpx.Response:
        assert outcome.requests is not None
        outcome.requests.append(request)
        path = request.url.raw_path.decode().split("?")[0]
        if request.method == op.method.upper() and path_regex(op).match(path):
            if raw is not None:
                return httpx.Response(int(status), content=raw[0], headers={"Content-Type": raw[1]})
            return response(op, status, body)
        if fop.follow_up and follow_up_state is not None:
            read = operation(fop.spec, fop.follow_up)
            if request.method == read.method.upper() and path_regex(read).match(path):
                return response(read, "200", job_body(fop.spec, follow_up_state, job_id))
        raise AssertionError(f"unexpected request {request.method} {request.url}")

    facade = client(fop.spec, handler, twin)
    try:
        outcome.result = invoke(facade, fop.method, () if job_id is None else (job_id,), twin)
    except Exception as exc:  # judged by the checks below, whatever it is
        outcome.error = exc
    return outcome


# --------------------------------------------------------------------------------------------
# What each answer must become


def expected_error(fop: FacadeOp, status: int) -> type[errors.APIError]:
    if fop.refusal == str(status) and fop.spec == "topaz":
        return errors.NotCancellableError  # REFUSED_STATE is a finished job
    if status in ERRORS:
        return ERRORS[status]
    if 500 <= status <= 599:
        return errors.InternalServerError
    return errors.UnexpectedResponseError


def check_error(fop: FacadeOp, status: str, body: Any, outcome: Outcome) -> list[str]:
    error = outcome.error
    expected = expected_error(fop, int(status))
    if type(error) is not expected:
        got = f"{type(error).__name__}: {error}" if error else f"returned {outcome.result!r}"
        return [f"expected {expected.__name__}, got {got}"]
    assert isinstance(error, errors.APIError)
    problems = []
    if (error.status_code, error.provider) != (int(status), PROVIDER[fop.spec]):
        problems.append(f"carries status {error.status_code} provider {error.provider!r}")
    if body is not None and error.body != body:
        problems.append(f"body {error.body!r} is not the answer's {body!r}")
    if SECRET in str(error) or SECRET in repr(error.body):
        problems.append("the credential leaked into the error")
    if isinstance(error, errors.RateLimitError) and error.retry_after != float(RETRY_AFTER):
        problems.append(f"retry_after is {error.retry_after!r}, Retry-After was {RETRY_AFTER}")
    if isinstance(error, errors.UnprocessableEntityError):
        raw = body.get("errors") if isinstance(body, dict) else None
        field_errors = {k: [str(m) for m in v] for k, v in (raw or {}).items()}
        if error.field_errors != field_errors:
            problems.append(f"field_errors {error.field_errors!r}, expected {field_errors!r}")
    if isinstance(error, errors.NotCancellableError):
        state = REFUSED_STATE[fop.spec]
        if (error.current_status, error.provider_status) != (
            DOCUMENTED_STATUS[fop.spec][state],
            state,
        ):
            problems.append(f"current_status {error.current_status!r} for a {state} job")
    return problems


def expected_job_id(fop: FacadeOp, body: Any, requested: Any) -> str:
    if fop.spec == "useapi":
        return str(body.get("jobid") or requested)  # the facade falls back to the id asked for
    if fop.spec == "topaz":
        # Topaz's published spec types an answer's process_id as any string (only the path
        # parameter is a UUID): the Job's id is as the answer wrote it, else the id asked for.
        return str(body.get("process_id") or requested)
    return str(body["id"])


def check_job(fop: FacadeOp, body: Any, outcome: Outcome) -> list[str]:
    """A 2xx with a job body (get, and useapi's cancel)."""
    state = body.get("status")
    mapped = DOCUMENTED_STATUS[fop.spec].get(state, JobStatus.UNKNOWN)
    finished = {JobStatus.MODERATED, JobStatus.COMPLETED, JobStatus.FAILED}
    if fop.spec == "useapi" and fop.method == "cancel" and mapped in finished:
        # useapi echoes a finished job's status instead of cancelling it.
        error = outcome.error
        if not isinstance(error, errors.NotCancellableError):
            return [f"a cancel answered {state!r} must raise NotCancellableError, got {error!r}"]
        if (error.current_status, error.status_code) != (mapped, 200):
            return [f"NotCancellableError carries {error.current_status!r}/{error.status_code}"]
        return []
    job = outcome.result
    if not isinstance(job, Job):
        return [f"expected a Job, got {outcome.error or job!r}"]
    requested = id_argument(operation(fop.spec, fop.operation_id))
    expected = (PROVIDER[fop.spec], expected_job_id(fop, body, requested), mapped, state)
    problems = []
    if (job.provider, job.id, job.status, job.provider_status) != expected:
        got = (job.provider, job.id, job.status, job.provider_status)
        problems.append(f"Job {got} does not match the body: expected {expected}")
    if fop.spec == "topaz":
        try:
            created: datetime | None = datetime.fromtimestamp(body["creation_time"], UTC)
        except (ValueError, OverflowError, OSError):
            created = None  # outside datetime's range: the facade keeps only the raw value
        if job.created_at != created:
            problems.append(f"created_at {job.created_at!r}, expected {created!r}")
    return problems


def check_success(fop: FacadeOp, status: str, body: Any, outcome: Outcome) -> list[str]:
    if fop.method == "running":
        expected = [str(job_id) for job_id in body]
        return [] if outcome.result == expected else [f"running() is {outcome.result!r}"]
    if fop.method == "accounts":
        accounts = outcome.result
        if not isinstance(accounts, dict) or set(accounts) != set(body):
            return [f"accounts() is {accounts!r}, expected the channels {sorted(body)}"]
        return [
            f"account {channel!r} is {account!r}"
            for channel, account in accounts.items()
            if account.channel != (body[channel].get("channel") or channel)
            or account.max_jobs != body[channel].get("maxJobs")
            or account.discord != body[channel].get("discord")
            # The Discord token is a secret: kept on the Account, never in its repr.
            or (account.discord and f"discord={account.discord!r}" in repr(account))
        ]
    if op_has_body(fop, status):
        return check_job(fop, body, outcome)
    # A bodiless cancel (204): the job asked for, cancelled, in one request.
    requested = id_argument(operation(fop.spec, fop.operation_id))
    job = outcome.result
    if not isinstance(job, Job):
        return [f"expected a Job, got {outcome.error or job!r}"]
    problems = []
    if (job.provider, job.id, job.status) != (
        PROVIDER[fop.spec],
        str(requested),
        JobStatus.CANCELLED,
    ):
        problems.append(f"{job!r} is not the cancelled job {requested!r}")
    if outcome.requests is not None and len(outcome.requests) != 1:
        problems.append(f"{len(outcome.requests)} requests for a 204, expected 1")
    return problems


def op_has_body(fop: FacadeOp, status: str) -> bool:
    return operation(fop.spec, fop.operation_id).json_media(status) is not None


def check_answer(fop: FacadeOp, status: str, body: Any, twin: str) -> list[str]:
    """Serve one answer; the problems with what the facade made of it (empty: right)."""
    follow_up = REFUSED_STATE.get(fop.spec) if fop.refusal == status else None
    outcome = call_facade(fop, status, body, follow_up, twin=twin)
    op = operation(fop.spec, fop.operation_id)
    where = f"{op.label} via {twin} {fop.method}(): status {status}, body {body!r:.300}"
    error = outcome.error
    if error is not None and not isinstance(error, errors.ImageJobsError):
        return [f"{where}: {type(error).__name__} escaped the facade: {error}"]
    if 200 <= int(status) < 300:
        problems = check_success(fop, status, body, outcome)
    else:
        problems = check_error(fop, status, body, outcome)
    return [f"{where}: {p}" for p in problems]


# --------------------------------------------------------------------------------------------
# Tests


def test_facade_operations_exist_in_the_specs() -> None:
    # A renamed or removed operation must fail here, not silently drop out of `cases()`.
    missing = [
        f"{f.spec}: {f.operation_id}" for f in FACADE if (f.spec, f.operation_id) not in OPERATIONS
    ]
    assert not missing, f"operations the facade calls are not in the specs: {missing}"
    for fop in FACADE:
        if fop.refusal is not None:
            assert fop.refusal in operation(fop.spec, fop.operation_id).responses, fop


def test_every_documented_status_is_covered() -> None:
    # The parametrization below is derived from the specs; guard it against collecting nothing.
    covered = {(fop.spec, fop.method) for fop, _ in cases()}
    assert covered == {(fop.spec, fop.method) for fop in FACADE}


@pytest.mark.parametrize(("fop", "status"), cases(), ids=_ids)
def test_documented_examples(fop: FacadeOp, status: str, twin: str) -> None:
    op = operation(fop.spec, fop.operation_id)
    media = op.json_media(status)
    bodies = documented_examples(media[1]) if media else [None]
    if media and not bodies:
        bodies = [plausible_body(op, status)]  # no example in the spec: a minimal valid body
    problems = [p for body in bodies for p in check_answer(fop, status, body, twin)]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    ("fop", "status"),
    [(fop, status) for fop, status in cases() if op_has_body(fop, status)],
    ids=_ids,
)
def test_generated_bodies(fop: FacadeOp, status: str, twin: str) -> None:
    op = operation(fop.spec, fop.operation_id)
    media = op.json_media(status)
    assert media is not None
    schema = resolve(op.spec.doc, media[1].get("schema", {}))
    problems = run_property(
        body_strategy(schema), lambda body: check_answer(fop, status, body, twin), MAX_EXAMPLES
    )
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("seconds", [-62135596801, 253402300800, 10**20])
def test_topaz_out_of_range_timestamp_is_our_error(seconds: int, twin: str) -> None:
    # Spec-valid (an integer) but outside datetime's range: the facade must not leak the
    # ValueError/OverflowError; a Job without the time (raw value kept) is what it returns.
    fop = GET["topaz"]
    body = job_body("topaz", "Completed", id_argument(operation("topaz", fop.operation_id)))
    body["creation_time"] = seconds
    outcome = call_facade(fop, "200", body, twin=twin)
    assert outcome.error is None, repr(outcome.error)
    assert outcome.result.created_at is None
    assert outcome.result.raw["creation_time"] == seconds


# -- hostile bodies: what a broken provider, proxy or imitation may send on a documented status

DEPTH = 100_000  # far past Python's recursion limit: json.loads and every recursive walk fail
HTML = b"<!DOCTYPE html><html><body><h1>502 Bad Gateway</h1></body></html>"


def wrong_type(value: Any) -> Any:
    """A JSON value of another type than ``value``'s."""
    if isinstance(value, bool):
        return "yes"
    if isinstance(value, int | float):
        return "not a number"
    if isinstance(value, str):
        return 12345
    if isinstance(value, list):
        return {"not": "a list"}
    if isinstance(value, dict):
        return ["not", "an", "object"]
    return 0


def hostile_bodies(fop: FacadeOp, status: str) -> dict[str, tuple[bytes, str]]:
    """(content, content type) per kind of hostile answer, built from the documented body."""
    import json

    plausible = plausible_body(operation(fop.spec, fop.operation_id), status)
    as_json = "application/json"
    bodies = {
        "nested 100,000 deep": (b"[" * DEPTH + b"]" * DEPTH, as_json),
        "objects nested 100,000 deep": (b'{"a":' * DEPTH + b"1" + b"}" * DEPTH, as_json),
        "truncated": (
            json.dumps(plausible).encode()[: max(1, len(json.dumps(plausible)) // 2)],
            as_json,
        ),
        "HTML": (HTML, "text/html"),
        "empty": (b"", as_json),
        "a bare string": (b'"ok"', as_json),
    }
    if isinstance(plausible, dict) and plausible:
        nulls = dict.fromkeys(plausible)
        wrong = {key: wrong_type(value) for key, value in plausible.items()}
        bodies["every field null"] = (json.dumps(nulls).encode(), as_json)
        bodies["every field of the wrong type"] = (json.dumps(wrong).encode(), as_json)
    if fop.spec == "topaz" and status == "200":
        # Seen from an imitation of the Topaz API: a null and an ISO date for Unix seconds.
        odd = {**plausible, "creation_time": None, "modification_time": "2026-11-24T10:00:00Z"}
        bodies["Topaz times as null and ISO text"] = (json.dumps(odd).encode(), as_json)
    return bodies


def check_hostile(fop: FacadeOp, status: str, what: str, outcome: Outcome) -> list[str]:
    error = outcome.error
    if error is not None and not isinstance(error, errors.ImageJobsError):
        return [f"{type(error).__name__} escaped the facade: {str(error)[:200]}"]
    if 200 <= int(status) < 300:
        if error is None:
            # A body can be odd and still readable (a field the facade does not use); what
            # it must never be is anything but a Job or an imagejobs error.
            return []
        if not isinstance(error, errors.APIError) or error.status_code != int(status):
            return [f"expected an APIError with status {status}, got {error!r}"]
        if isinstance(error, errors.UnexpectedResponseError) and not error.parse_error:
            return [f"UnexpectedResponseError does not name the parse error: {error}"]
        return []
    if error is None:
        return [f"an error status returned {outcome.result!r}"]
    expected = expected_error(fop, int(status))
    if type(error) is not expected:
        return [f"expected {expected.__name__}, got {type(error).__name__}: {error}"]
    assert isinstance(error, errors.APIError)
    problems = []
    if (error.status_code, error.provider) != (int(status), PROVIDER[fop.spec]):
        problems.append(f"carries status {error.status_code} provider {error.provider!r}")
    if len(repr(error.body)) > 2 * MAX_TEXT:
        problems.append(f"the body kept is {len(repr(error.body))} characters, not capped")
    if SECRET in str(error):
        problems.append("the credential leaked into the error")
    return problems


@pytest.mark.parametrize(
    ("fop", "status"),
    [(fop, status) for fop, status in cases() if op_has_body(fop, status)],
    ids=_ids,
)
def test_hostile_bodies_raise_only_our_errors(fop: FacadeOp, status: str, twin: str) -> None:
    follow_up = REFUSED_STATE.get(fop.spec) if fop.refusal == status else None
    problems = []
    for what, raw in hostile_bodies(fop, status).items():
        outcome = call_facade(fop, status, None, follow_up, twin=twin, raw=raw)
        problems += [
            f"{fop.test_id} ({twin}) {status} with {what}: {p}"
            for p in check_hostile(fop, status, what, outcome)
        ]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("spec", ["topaz", "jobs_api", "useapi"])
def test_a_2xx_body_that_cannot_be_read_is_an_unexpected_response(spec: str, twin: str) -> None:
    # The rows above allow a readable odd body; these bodies are unreadable on every spec.
    fop = GET[spec]
    for raw in [(b"[" * DEPTH + b"]" * DEPTH, "application/json"), (HTML, "text/html")]:
        error = call_facade(fop, "200", None, twin=twin, raw=raw).error
        assert type(error) is errors.UnexpectedResponseError, (spec, raw[0][:20], error)
        assert error.status_code == 200
        assert error.parse_error
        assert isinstance(error.body, str)
        assert len(error.body) <= MAX_TEXT


# -- the follow-up read after a refused cancel, for every state the spec allows


def refusal_cases() -> list[tuple[FacadeOp, str]]:
    out = []
    for fop in FACADE:
        if fop.refusal is not None and (fop.spec, fop.operation_id) in OPERATIONS:
            out += [(fop, state) for state in [*status_enum(fop.spec), UNKNOWN_STATE]]
    return out


@pytest.mark.parametrize(("fop", "state"), refusal_cases(), ids=_ids)
def test_refused_cancel_is_settled_by_the_job_state(fop: FacadeOp, state: str, twin: str) -> None:
    op = operation(fop.spec, fop.operation_id)
    body = plausible_body(op, fop.refusal or "")
    outcome = call_facade(fop, fop.refusal or "", body, follow_up_state=state, twin=twin)
    mapped = DOCUMENTED_STATUS[fop.spec].get(state, JobStatus.UNKNOWN)
    error = outcome.error
    where = f"{op.label} ({twin}): {fop.refusal}, then the job reads {state!r}"
    if mapped is JobStatus.CANCELLED:
        # Already cancelled (or our retried cancel's first answer was lost): that job.
        job = outcome.result
        assert isinstance(job, Job), f"{where}: expected the job, got {error!r}"
        assert (job.status, job.provider_status) == (JobStatus.CANCELLED, state), where
    elif fop.spec == "jobs_api" and (state in JOBS_CANCELLABLE or mapped is JobStatus.UNKNOWN):
        # The job could be cancelled, so the 422 was about the request: re-raised as is.
        assert type(error) is errors.UnprocessableEntityError, f"{where}: got {error!r}"
    else:
        assert type(error) is errors.NotCancellableError, f"{where}: got {error!r}"
        assert (error.current_status, error.provider_status) == (mapped, state), where
        assert error.status_code == int(fop.refusal or 0), where
        assert error.job is not None, where
        assert error.job.status is mapped, where


# -- JobStatus mapping rows


MAPPING_ROWS = [(spec, state) for spec in GET for state in status_enum(spec)]


@pytest.mark.parametrize("spec", sorted(GET))
def test_documented_table_is_exactly_the_spec_enum(spec: str) -> None:
    enum = set(status_enum(spec))
    documented = set(DOCUMENTED_STATUS[spec])
    assert enum == documented, (
        f"{spec}: states in the spec without a documented JobStatus: {sorted(enum - documented)}; "
        f"documented states the spec no longer has: {sorted(documented - enum)}"
    )


@pytest.mark.parametrize(("spec", "state"), MAPPING_ROWS, ids=_ids)
def test_every_spec_state_maps_to_its_documented_status(spec: str, state: str, twin: str) -> None:
    expected = DOCUMENTED_STATUS[spec].get(state)
    assert expected is not None, f"{spec}: state {state!r} has no documented JobStatus"
    assert expected is not JobStatus.UNKNOWN
    assert status_for(PROVIDER[spec], state) is expected
    # And end to end: the facade's get, served that state.
    fop = GET[spec]
    op = operation(spec, fop.operation_id)
    body = job_body(spec, state, id_argument(op))
    outcome = call_facade(fop, "200", body, twin=twin)
    assert isinstance(outcome.result, Job), outcome.error
    assert (outcome.result.status, outcome.result.provider_status) == (expected, state)


@pytest.mark.parametrize("spec", sorted(GET))
def test_an_unknown_state_maps_to_unknown(spec: str, twin: str) -> None:
    # A state a provider adds later must read as UNKNOWN, keeping its spelling, never raise.
    assert status_for(PROVIDER[spec], UNKNOWN_STATE) is JobStatus.UNKNOWN
    fop = GET[spec]
    op = operation(spec, fop.operation_id)
    outcome = call_facade(fop, "200", job_body(spec, UNKNOWN_STATE, id_argument(op)), twin=twin)
    assert isinstance(outcome.result, Job), f"{op.label}: {outcome.error!r}"
    assert (outcome.result.status, outcome.result.provider_status) == (
        JobStatus.UNKNOWN,
        UNKNOWN_STATE,
    )


def test_id_parameters_are_what_the_facade_accepts() -> None:
    # The ids used above come from the spec's parameter schemas; make sure each is one.
    for fop in FACADE:
        value = id_argument(operation(fop.spec, fop.operation_id))
        if fop.method in ("cancel", "get"):
            assert value is not None, fop
            assert re.fullmatch(r"[\w:.-]+", str(value)), value
