"""`DescribedFake`: a stateful fake of any provider, built from its description alone.

Given a provider's name in `imagejobs.registry.PROVIDERS`, it answers the declared operations
(get, cancel, submit, list) at the spec's method and path, and nothing else:

- credentials as declared (an API-key header or query parameter, a bearer token; a header every
  call carries must be present) -> 401 (400 for the missing header), checked first;
- the job id as declared (path or query parameter(s); UUID, integer >= minimum, pattern): an id
  of another format -> 400 (422 where the operation documents 422 and not 400), an unknown one
  -> 404;
- a job moves through the provider's own states on the fakes' `Timeline` machinery (a submitted
  job is queued, running, then completed; `add_job` jobs stay put unless scripted or
  `auto_advance`), each `JobStatus` spelled the provider's way (its states table);
- a cancel answers per the description's strategy: `no_content` 204 (the job becomes the
  provider's cancelled state); `job` 200 with the job (a job past cancelling is echoed
  unchanged); `conflict` the success answer, or the described conflict status (409 unless
  named) for a job not in `cancellable`, a cancelled one included; `accepted` 200 with the job
  in the provider's cancelling state (204 where the answer is not the job), cancelled after
  `cancel_delay` seconds of the fake's clock or `cancel_reads` status reads; a repeated cancel
  answers as the first would for the state the job is in now;
- bodies are built from the effective spec (`_sample`): id, status and times at the answer
  pointers (ISO 8601, Unix seconds or milliseconds, as described), every other required field
  a type-correct placeholder, `add_job(**fields)` on top; errors in the provider's envelope
  (the description's `errors` pointers).

It imports no generated model by name, so a provider whose spec is swapped keeps its fake.
"""

from __future__ import annotations

import http
import importlib
import json
import re
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

from imagejobs.job import JobStatus
from imagejobs.registry import PROVIDERS, ProviderInfo
from imagejobs.testing._sample import Sampler, iso, pointer_parts, put, spec_of
from imagejobs.testing._store import FakeProvider, Handler, provider_spelling
from imagejobs.testing.faults import Faults
from imagejobs.testing.timeline import Timeline, Track

if TYPE_CHECKING:
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = ["DescribedFake", "FakeJob", "default_credential"]

#: The kinds of credential a request proves itself with (any one of them will do).
_PROOF = ("header", "bearer", "query")
#: Where an auto-advancing job goes on each read, in our terms.
_NEXT = {
    JobStatus.QUEUED: JobStatus.RUNNING,
    JobStatus.RUNNING: JobStatus.COMPLETED,
    JobStatus.CANCELLING: JobStatus.CANCELLED,
}


def default_credential(provider: str, keyword: str) -> str:
    """The value a fake accepts for `keyword` when none is given: `fake-<provider>-<keyword>`."""
    return f"fake-{provider}-{keyword}".replace("_", "-")


class FakeJob(dict[str, Any]):
    """A job as the fake's status read answers it: a dict, with its keys as attributes too."""

    def __getattr__(self, name: str) -> Any:
        try:
            return self[name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass
class _Stored:
    """One job: its canonical id, provider state, times and the fields a test set."""

    text: str
    status: str
    created: float
    updated: float
    fields: dict[str, Any] = field(default_factory=dict)


class _Answer:
    """What a generated `_parse_response` reads: a status code and decoded JSON."""

    def __init__(self, status_code: int, body: Any) -> None:
        self.status_code, self.body = status_code, body
        self.content = json.dumps(body).encode()
        self.headers: dict[str, str] = {}

    def json(self) -> Any:
        return self.body


class _Strict:
    raise_on_unexpected_status = True


class DescribedFake(FakeProvider):
    """An in-memory fake of the provider `provider`, driven by its description.

    Knobs: one per declared credential (by its client keyword, e.g. `api_key=`; default
    `default_credential(provider, keyword)`), `cancel_delay` / `cancel_reads` (how long an
    accepted cancel stays in the cancelling state), and the shared `seed`, `faults`,
    `auto_advance`, `clock`. `add_job(status=..., id=None, **fields)` seeds a job in one of the
    provider's own states (or a `JobStatus`) and returns its id; `job(id)` is its current body.
    """

    #: Credential values a subclass accepts by default, by keyword (else `default_credential`).
    defaults: ClassVar[Mapping[str, str]] = {}

    def __init__(
        self,
        provider: str | None = None,
        *,
        seed: int = 0,
        faults: Faults | None = None,
        auto_advance: bool = False,
        clock: Callable[[], float] | None = None,
        cancel_delay: float = 5.0,
        cancel_reads: int = 2,
        **credentials: str,
    ) -> None:
        name = provider or type(self).provider
        if name not in PROVIDERS:
            raise ValueError(f"unknown provider {name!r}; choose one of {', '.join(PROVIDERS)}")
        self.provider = name
        self.info: ProviderInfo = PROVIDERS[name]
        self.desc = self.info.description
        self.cancel_delay = cancel_delay
        self.cancel_reads = cancel_reads
        self.credentials = self._credential_knobs(credentials)
        for keyword, value in self.credentials.items():
            setattr(self, keyword, value)
        self._spec = spec_of(self.desc.package)
        # Starlette wants identifiers for path parameters; the spec's names may be anything.
        self._params = {
            role: {name: f"p{n}" for n, name in enumerate(op.path_params)}
            for role, op in self.desc.operations.items()
        }
        super().__init__(seed=seed, faults=faults, auto_advance=auto_advance, clock=clock)

    def _credential_knobs(self, given: dict[str, str]) -> dict[str, str]:
        known = {c.keyword for c in self.desc.credentials}
        unknown = sorted(set(given) - known)
        if unknown:
            raise TypeError(
                f"the {self.provider} fake has no credential {unknown[0]!r}; "
                f"it takes {', '.join(sorted(known)) or 'none'}"
            )
        return {
            c.keyword: given.get(c.keyword)
            or self.defaults.get(c.keyword)
            or default_credential(self.provider, c.keyword)
            for c in self.desc.credentials
        }

    def _init_state(self) -> None:
        super()._init_state()
        self._jobs: dict[str, _Stored] = {}
        # job id -> status reads left before an accepted cancel ends
        self._cancel_left: dict[str, int] = {}
        #: Every multipart form a submit received (uploads as bytes), oldest first.
        self.uploads: list[dict[str, Any]] = []
        #: What a submitted job goes through (a test makes it `Timeline.stuck(...)` to time out).
        self.submit_timeline: Timeline = Timeline.finishes()

    # -- seeding -----------------------------------------------------------------------------

    def add_job(self, status: Any = None, id: Any = None, **fields: Any) -> Any:
        """Seed a job in `status` (the provider's spelling, or a `JobStatus`) and return its id.

        The id is drawn from `seed` in the spec's format unless given; `fields` are set in the
        job's body over the spec's placeholders (a dict value merges into the placeholder).
        Returns the id as the provider's format has it (an int for an integer id, else text).
        """
        state = self._own_state(status)
        with self._lock:
            text = self._canonical(id) if id is not None else self._new_id()
            now = self.now()
            stored = _Stored(text, state, now, now, dict(fields))
            self._jobs[text] = stored
            try:
                self._check_body("get", self._render("get", stored))
            except ValueError:
                del self._jobs[text]
                raise
            return self._public_id(text)

    def job(self, id: Any) -> FakeJob:
        """The job's body as a status read would answer it now (KeyError if unknown).

        Its timeline, if scripted, is where the clock says (this is no read: polls are not
        counted, nor do auto-advance or an accepted cancel's reads move on).
        """
        with self._lock:
            key = self._canonical(id)
            self._settle(key)
            return FakeJob(self._render("get", self._jobs[key]))

    def example_body(self, role: str = "submit") -> Any:
        """A placeholder request body for `role` (its spec's required fields), e.g. to submit."""
        op = self._operation(role)
        sampler = Sampler(self._spec, self.seed, self.now())
        body = sampler.resolve(op.get("requestBody") or {})
        for media, content in (body.get("content") or {}).items():
            if "json" in media and isinstance(content, dict):
                return sampler.value(content.get("schema") or {})
        return None

    def _seed_from_control(self, data: dict[str, Any]) -> object:
        return self.add_job(**data)

    def _own_state(self, status: Any) -> str:
        table = self.info.statuses
        if status is None:
            return self._spelled(JobStatus.QUEUED, JobStatus.RUNNING)
        if isinstance(status, JobStatus):
            return provider_spelling(self.provider, status.value)
        if str(status) in table:
            return str(status)
        ours = ", ".join(dict.fromkeys(s.value for s in table.values()))
        raise ValueError(
            f"unknown status {status!r} for {self.provider}: use one of {', '.join(table)} "
            f"(or a JobStatus: {ours})"
        )

    def _spelled(self, *wanted: JobStatus) -> str:
        """The provider's first state for the first of `wanted` its table has."""
        for status in wanted:
            for own, ours in self.info.statuses.items():
                if ours is status:
                    return own
        return next(iter(self.info.statuses))

    # -- ids ---------------------------------------------------------------------------------

    def _new_id(self) -> str:
        fmt = self.desc.job_id
        while True:
            parts = [self._new_part() for _ in fmt.params]
            text = fmt.separator.join(parts)
            if text not in self._jobs:
                return text

    def _new_part(self) -> str:
        fmt = self.desc.job_id
        if fmt.kind == "uuid":
            return str(uuid.UUID(int=self._rng.getrandbits(128), version=4))
        if fmt.kind == "integer":
            low = max(fmt.minimum or 1, 1_000_000)
            return str(self._rng.randrange(low, low * 10))
        letters = "abcdefghijklmnopqrstuvwxyz0123456789"
        for _ in range(100):
            text = "".join(self._rng.choice(letters) for _ in range(26))
            if fmt.pattern is None or re.search(fmt.pattern, text):
                return text
        raise ValueError(f"{self.provider}: cannot draw an id matching {fmt.pattern}; pass id=")

    def _canonical(self, value: Any) -> str:
        """The canonical text of an id a test passes (ValueError if it is not of the format)."""
        fmt = self.desc.job_id
        raw = [str(value)] if len(fmt.params) == 1 else str(value).split(fmt.separator)
        checked = [self._part(part) for part in raw]
        if len(checked) != len(fmt.params) or any(c is None for c in checked):
            raise ValueError(f"{value!r} is not a {self.provider} job id")
        return fmt.separator.join(str(c) for c in checked)

    def _part(self, part: str) -> str | None:
        """One id part in canonical form, or None if it is not of the spec's format."""
        fmt = self.desc.job_id
        if fmt.kind == "uuid":
            try:
                return str(uuid.UUID(part))
            except ValueError:
                return None
        if fmt.kind == "integer":
            text = part.strip()
            if not (text.isascii() and text.lstrip("-").isdigit()):
                return None
            number = int(text)
            return None if fmt.minimum is not None and number < fmt.minimum else str(number)
        if not part or (fmt.pattern is not None and re.search(fmt.pattern, part) is None):
            return None
        return part

    def _public_id(self, text: str) -> Any:
        fmt = self.desc.job_id
        return int(text) if fmt.kind == "integer" and len(fmt.params) == 1 else text

    # -- timelines ---------------------------------------------------------------------------

    def _status_of(self, key: str) -> str | None:
        stored = self._jobs.get(key)
        return None if stored is None else stored.status

    def _set_status(self, key: str, status: str) -> None:
        stored = self._jobs[key]
        stored.status, stored.updated = status, self.now()

    def _ours(self, key: str) -> JobStatus:
        return self.info.status(self._jobs[key].status)

    def _advance(self, key: str) -> None:
        """A status read moves the job: `auto_advance`, and an accepted cancel's end."""
        ours = self._ours(key)
        left = self._cancel_left.get(key)
        if left is not None and ours is JobStatus.CANCELLING:
            if left <= 1:
                self._set_status(key, self._spelled(JobStatus.CANCELLED))
                self._cancel_left.pop(key, None)
            else:
                self._cancel_left[key] = left - 1
        elif self.auto_advance and ours in _NEXT:
            self._set_status(key, self._spelled(_NEXT[ours]))

    # -- bodies ------------------------------------------------------------------------------

    def _operation(self, role: str) -> dict[str, Any]:
        op = self.desc.operations[role]
        found: dict[str, Any] = self._spec["paths"][op.path][op.method.lower()]
        return found

    def _schema(self, role: str, code: int) -> dict[str, Any] | None:
        """The JSON schema of `role`'s answer `code` (None: no body documented)."""
        responses = self._operation(role).get("responses") or {}
        sampler = Sampler(self._spec, 0, 0.0)
        answer = sampler.resolve(responses.get(str(code)) or responses.get("default") or {})
        for media, content in (answer.get("content") or {}).items():
            if "json" in media and isinstance(content, dict) and "schema" in content:
                return sampler.resolve(content["schema"])
        return None

    def _time(self, seconds: float) -> Any:
        style = self.desc.answer.time
        if style == "unix_ms":
            return int(seconds * 1000)
        return int(seconds) if style == "unix_s" else iso(seconds)

    def _pins(self, stored: _Stored) -> dict[tuple[str, ...], Any]:
        a = self.desc.answer
        pins: dict[tuple[str, ...], Any] = {pointer_parts(a.status): stored.status}
        if a.id:
            pins[pointer_parts(a.id)] = self._public_id(stored.text)
        if a.created:
            pins[pointer_parts(a.created)] = self._time(stored.created)
        if a.updated:
            pins[pointer_parts(a.updated)] = self._time(stored.updated)
        return pins

    def _is_job(self, sampler: Sampler, schema: dict[str, Any]) -> bool:
        found = sampler.at(schema, pointer_parts(self.desc.answer.status))
        return bool(found and any(found))

    def _job_body(self, schema: dict[str, Any], stored: _Stored) -> Any:
        sampler = Sampler(self._spec, stored.text, stored.created)
        pins = self._pins(stored)
        body = sampler.value(schema, pins)
        if not isinstance(body, dict):
            return body
        for key, value in {**self._fields_for(stored.status), **stored.fields}.items():
            if isinstance(value, dict) and isinstance(body.get(key), dict):
                body[key] = {**body[key], **value}
            else:
                body[key] = value
        for parts, value in pins.items():
            put(body, parts, value)  # the job's own facts win over a field of the same name
        return body

    def _fields_for(self, status: str) -> dict[str, Any]:
        """Fields a job has in `status` (a subclass's hook: Topaz's `progress`)."""
        return {}

    def _render(self, role: str, stored: _Stored, code: int | None = None) -> Any:
        """`role`'s answer body for the job (None: no body documented)."""
        code = code if code is not None else self._code(role)
        schema = self._schema(role, code)
        if schema is None:
            return None
        sampler = Sampler(self._spec, stored.text, stored.created)
        if not self._is_job(sampler, schema):
            # Not the job itself (Topaz's submit answers {process_id, eta}): its id still is.
            a = self.desc.answer
            pins: dict[tuple[str, ...], Any] = {}
            if a.id and sampler.at(schema, pointer_parts(a.id)):
                pins[pointer_parts(a.id)] = self._public_id(stored.text)
            return sampler.value(schema, pins)
        return self._job_body(schema, stored)

    def _code(self, role: str, *, empty: bool = False) -> int:
        """The success status `role` answers with (`empty`: 204 if it documents one)."""
        success = self.desc.operations[role].success
        if empty and 204 in success:
            return 204
        with_body = sorted(c for c in success if self._schema(role, c) is not None)
        return with_body[0] if with_body else min(success)

    def _check_body(self, role: str, body: Any) -> None:
        """Run the generated parser on `body`, as the client will (ValueError if it fails)."""
        if body is None:
            return
        module = importlib.import_module(self.desc.operations[role].module)
        try:
            module._parse_response(client=_Strict(), response=_Answer(self._code(role), body))
        except Exception as exc:
            raise ValueError(
                f"the {self.provider} fake's {role} body does not parse: {exc!r}"
            ) from None

    # -- errors ------------------------------------------------------------------------------

    def _error_schema(self, status: int) -> dict[str, Any] | None:
        for role in self.desc.operations:
            responses = self._operation(role).get("responses") or {}
            if str(status) in responses:
                return self._schema(role, status)
        return None

    def _error_body(self, status: int, message: str) -> Any:
        env = self.desc.errors
        sampler = Sampler(self._spec, status, self.now())
        schema = self._error_schema(status)
        reason = _reason(status)
        pins: dict[tuple[str, ...], Any] = {}
        if env.detail:
            pins[pointer_parts(env.detail)] = message
            pins[pointer_parts(env.message or "/title")] = reason
        else:
            pins[pointer_parts(env.message or "/message")] = message
        if env.code:
            parts = pointer_parts(env.code)
            found = sampler.at(schema, parts) if schema is not None else None
            number_ok = not found or any(sampler.accepts(s, status) for s in found)
            pins[parts] = status if number_ok else reason.lower().replace(" ", "_")
        body = sampler.value(schema, pins) if schema is not None else {}
        if not isinstance(body, dict):
            body = {}
        for parts, value in pins.items():
            put(body, parts, value)
        return body

    def _error_response(self, status: int, message: str, request: Request | None) -> Response:
        from starlette.responses import JSONResponse

        response = JSONResponse(self._error_body(status, message), status_code=status)
        if status == 401 and any(c.kind == "bearer" for c in self.desc.credentials):
            response.headers["WWW-Authenticate"] = "Bearer"
        return response

    # -- checks ------------------------------------------------------------------------------

    def _authorized(self, request: Request) -> Response | None:
        """The declared credentials: any one proving kind, and every required header."""
        proofs = [c for c in self.desc.credentials if c.kind in _PROOF and c.name]
        ok = not proofs
        for c in proofs:
            value = self.credentials[c.keyword]
            assert c.name is not None
            if c.kind == "bearer":
                ok = ok or request.headers.get(c.name) == f"Bearer {value}"
            elif c.kind == "header":
                ok = ok or request.headers.get(c.name) == value
            else:
                ok = ok or request.query_params.get(c.name) == value
        if not ok:
            return self._error_response(401, "Unauthorized", request)
        for c in self.desc.credentials:
            if c.kind == "extra_header" and c.name and not request.headers.get(c.name):
                return self._error_response(400, f"The {c.name} header is required", request)
        return None

    def _ident(self, request: Request, role: str) -> tuple[Response | None, str]:
        """Credentials, then the id's format, then whether the job exists."""
        denied = self._authorized(request)
        if denied is not None:
            return denied, ""
        fmt, names = self.desc.job_id, self._params[role]
        raw = [
            request.path_params.get(names.get(p, p), "")
            if fmt.location == "path"
            else request.query_params.get(p, "")
            for p in fmt.params
        ]
        checked = [self._part(part) for part in raw]
        text = fmt.separator.join(raw)
        if any(c is None for c in checked):
            # The status the operation documents for a bad request: 400, else 422, else 404
            # (an id of another format names no job).
            responses = self._operation(role).get("responses") or {}
            code = next((c for c in (400, 422) if str(c) in responses), 404)
            return self._error_response(
                code, f"Invalid {'/'.join(fmt.params)}: {text}", request
            ), ""
        key = fmt.separator.join(str(c) for c in checked)
        if key not in self._jobs:
            return self._error_response(404, f"Job {key} not found", request), key
        return None, key

    # -- HTTP --------------------------------------------------------------------------------

    def _routes(self) -> list[tuple[str, str, str, Handler]]:
        handlers: dict[str, Handler] = {
            "get": self._get,
            "cancel": self._cancel,
            "submit": self._submit,
            "list": self._list,
        }
        routes = []
        for role, op in self.desc.operations.items():
            if role in handlers:
                path = _template(op.path, self._params[role])
                routes.append((op.method, path, self.operation_id(role), handlers[role]))
        return routes

    def operation_id(self, role: str) -> str:
        """The name faults and `operations` counts use for `role`: its operationId."""
        op = self.desc.operations[role]
        return op.operation_id or f"{op.method} {op.path}"

    def _answer(self, role: str, key: str, code: int | None = None) -> Response:
        from starlette.responses import JSONResponse, Response

        code = code if code is not None else self._code(role)
        body = self._render(role, self._jobs[key], code) if code != 204 else None
        if body is None:
            return Response(status_code=code)
        return JSONResponse(body, status_code=code)

    async def _get(self, request: Request) -> Response:
        with self._lock:
            error, key = self._ident(request, "get")
            if error is not None:
                return error
            throttled = self._poll(key, request)
            if throttled is not None:
                return throttled
            self._advance(key)
            return self._answer("get", key)

    async def _cancel(self, request: Request) -> Response:
        with self._lock:
            error, key = self._ident(request, "cancel")
            if error is not None:
                return error
            self._settle(key)
            return self._cancel_answer(key, request)

    def _cancel_answer(self, key: str, request: Request) -> Response:
        rule = self.desc.cancel
        assert rule is not None
        strategy = str(rule.strategy)
        state, ours = self._jobs[key].status, self._ours(key)
        cancellable = state in self.desc.cancellable
        if strategy == "job":
            if cancellable:
                self._cancel_now(key)
            return self._answer("cancel", key)
        if strategy == "accepted":
            if cancellable:
                self._accept_cancel(key)
            if cancellable or ours is JobStatus.CANCELLING:
                return self._answer("cancel", key, self._accepted_code())
        elif cancellable:
            self._cancel_now(key)
            return self._answer("cancel", key, self._code("cancel", empty=True))
        conflict = min(rule.statuses) if rule.statuses else 409
        message = f"Cannot cancel a job whose status is {state}"
        return self._error_response(conflict, message, request)

    def _accepted_code(self) -> int:
        """The job when the answer is the job; else no content if documented (Topaz video)."""
        code = self._code("cancel")
        schema = self._schema("cancel", code)
        sampler = Sampler(self._spec, 0, 0.0)
        if schema is not None and self._is_job(sampler, schema):
            return code
        return self._code("cancel", empty=True)

    def _cancel_now(self, key: str) -> None:
        self._tracks.pop(key, None)
        self._set_status(key, self._spelled(JobStatus.CANCELLED))

    def _accept_cancel(self, key: str) -> None:
        """Cancelling now; cancelled after `cancel_delay` s or `cancel_reads` status reads."""
        steps = ((0.0, JobStatus.CANCELLING), (self.cancel_delay, JobStatus.CANCELLED))
        self._tracks[key] = Track(Timeline(steps), self.now())
        self._cancel_left[key] = self.cancel_reads
        self._settle(key)

    async def _read_body(self, request: Request) -> tuple[Any, str | None]:
        """(the request body, or None; what is wrong with it): JSON, or a multipart form."""
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            data: dict[str, Any] = {}
            async with request.form() as form:
                for name, value in form.multi_items():
                    # An upload is kept as its bytes (a test checks what was sent), text as is.
                    data[name] = await value.read() if hasattr(value, "read") else value
            self.uploads.append(data)
            return data, None
        raw = await request.body()
        try:
            return (json.loads(raw) if raw.strip() else None), None
        except ValueError:
            return None, "The request body is not JSON"

    async def _submit(self, request: Request) -> Response:
        data, bad = await self._read_body(request)
        with self._lock:
            denied = self._authorized(request)
            if denied is not None:
                return denied
            op = self.desc.operations["submit"]
            if bad is not None:
                return self._error_response(400, bad, request)
            if op.body_required and not isinstance(data, dict):
                return self._error_response(400, "A JSON object body is required", request)
            job_id = self.add_job(self._spelled(JobStatus.QUEUED, JobStatus.RUNNING))
            key = str(job_id)
            self._tracks[key] = Track(self.submit_timeline, self.now())
            return self._answer("submit", key)

    async def _list(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        with self._lock:
            denied = self._authorized(request)
            if denied is not None:
                return denied
            self._settle_all()
            code = self._code("list")
            schema = self._schema("list", code) or {}
            return JSONResponse(self._list_body(schema), status_code=code)

    def _list_body(self, schema: dict[str, Any]) -> Any:
        sampler = Sampler(self._spec, self.seed, self.now())
        items = pointer_parts(self.desc.answer.items)
        found = sampler.at(schema, (*items, "0")) or [{}]
        item = found[0]
        jobs = sorted(self._jobs.values(), key=lambda s: -s.created)
        if sampler.accepts(item, "an id") and not self._is_job(sampler, item):
            entries: list[Any] = [self._public_id(s.text) for s in jobs]
        else:
            entries = [self._job_body(item, s) for s in jobs]
        body = sampler.value(schema, {items: entries})
        if items and isinstance(body, dict):
            put(body, items, entries)
        return body


def _template(path: str, names: Mapping[str, str]) -> str:
    """The spec's path template with each parameter renamed as `names` says."""
    return re.sub(r"\{([^}]+)\}", lambda m: "{" + names.get(m.group(1), m.group(1)) + "}", path)


def _reason(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return "Error"
