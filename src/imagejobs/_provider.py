"""One client per twin for every provider, driven by its description (`_description`).

    Described             the pure part: credentials, job ids, building a request with the
    │                     generated endpoint module, classifying an answer once, reading a Job
    │                     out of it by the description's pointers, deciding a cancel's answer
    ├── ProviderClient        cancel / get / wait / submit / run / jobs, sync (httpx)
    └── AsyncProviderClient   the same, awaitable (the lean aiohttp path, or httpx)

`cancel`, `get` and the rest are written once per twin, not once per provider: a provider is
data. The four cancel strategies (`_description.Strategy`) are decided by pure functions both
twins share. What is truly a provider's own (useapi's accounts, the jobs API's OAuth2 and
cancel reason) lives in its small module as hooks on these classes.

A request is built by the generated endpoint module's `_get_kwargs` (so the spec's paths,
parameter names and body encoding are the generated code's), sent on our pooled client, and its
answer classified here, once: a documented success is decoded and read; anything else becomes
its `errors` class in `errors.from_response`, with the description's error envelope.
"""

from __future__ import annotations

import asyncio
import importlib
import inspect
import json
import os
import re
from collections.abc import Callable, Mapping
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any, ClassVar, NoReturn, Protocol, TypeVar, cast
from uuid import UUID

from ._base_client import AsyncAPIClient, BaseClient, SyncAPIClient
from ._constants import WAIT_CANCEL_DEADLINE
from ._deadline import within
from ._description import Description, Operation, Strategy
from .errors import (
    APIError,
    ConflictError,
    ImageJobsError,
    MissingCredentialsError,
    NotCancellableError,
    from_response,
    pointed,
    pointer_tokens,
)
from .job import Job, JobStatus

__all__ = ["AsyncProviderClient", "Described", "JobId", "ProviderClient"]

T = TypeVar("T")

#: What a caller may pass as a job id: the provider's text, a UUID, an int.
JobId = str | int | UUID

_HEX = "0123456789abcdef-"


# -- requests --------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Ident:
    """A checked job id: its canonical text (what a Job carries) and one value per parameter."""

    text: str
    values: tuple[Any, ...]


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True, slots=True)
class Plan:
    """How to build one operation's request: the generated builder and its argument names."""

    op: Operation
    build: Callable[..., dict[str, Any]]
    parse: Callable[..., Any]
    id_args: tuple[str, ...]
    header_args: tuple[tuple[str, str], ...]  # (python argument, credential keyword)
    takes_body: bool


@cache
def plan(desc: Description, role: str) -> Plan:
    """The plan of `desc`'s operation `role` (built once per provider and operation).

    The generated builder's argument names are Python's spelling of the spec's parameter names
    (`jobId` -> `job_id`); they are matched on letters and digits alone.
    """
    op = desc.operations[role]
    module = importlib.import_module(op.module)
    build = module._get_kwargs
    by_norm = {_norm(name): name for name in inspect.signature(build).parameters}
    id_args = tuple(
        by_norm[_norm(param)] for param in desc.job_id.params if _norm(param) in by_norm
    )
    headers = tuple(
        (by_norm[_norm(c.name)], c.keyword)
        for c in desc.credentials
        if c.kind == "extra_header" and c.name and _norm(c.name) in by_norm
    )
    return Plan(op, build, module._parse_response, id_args, headers, "body" in by_norm)


class _Strict:
    """The generated parser's `client`: an undocumented status is not returned as None."""

    raise_on_unexpected_status = True


class _Decoded:
    """An answer whose body is decoded already, for the generated parser (no second decode)."""

    __slots__ = ("body", "status_code")

    def __init__(self, status_code: int, body: Any) -> None:
        self.status_code, self.body = status_code, body

    def json(self) -> Any:
        return self.body


_STRICT = _Strict()


@cache
def _bodiless_ok(desc: Description, role: str, status_code: int) -> bool:
    """Whether the generated parser takes a bodiless `status_code` answer to `role` as it is.

    What it does with no body depends on the status alone, so it is asked once per status and
    not on every answer (a bulk cancel's 204s).
    """
    try:
        plan(desc, role).parse(client=_STRICT, response=_Decoded(status_code, None))
    except Exception:  # any refusal: keep checking each answer
        return False
    return True


def to_ident(desc: Description, value: JobId) -> Ident:
    """Check a job id against the spec's format; the canonical text and the wire values.

    Raises `ImageJobsError` (before any request) for an id the provider cannot have.
    """
    fmt = desc.job_id
    if len(fmt.params) == 1 and type(value) is str and value:
        # The common case (one parameter, a str id), without the general path's list building.
        checked = _checked(desc, value, value)
        return Ident(value if checked is value else str(checked), (checked,))
    if isinstance(value, int) and not isinstance(value, bool):
        value = int(value)  # an int subclass (an enum) has its own str()
    parts = (
        [str(value)]
        if len(fmt.params) == 1
        else str(value).split(fmt.separator, len(fmt.params) - 1)
    )
    if len(parts) != len(fmt.params) or not all(parts):
        joined = fmt.separator.join(fmt.params)
        raise ImageJobsError(f"{desc.name}: {value!r} is not a job id ({joined})")
    values: list[Any] = []
    for part in parts:
        values.append(_checked(desc, value, part))
    return Ident(fmt.separator.join(str(v) for v in values), tuple(values))


def _checked(desc: Description, value: JobId, part: str) -> Any:
    fmt = desc.job_id
    if fmt.kind == "uuid":
        if isinstance(value, UUID):
            return str(value)
        canonical = len(part) == 36 and part[8] == part[13] == part[18] == part[23] == "-"
        if canonical and not part.strip(_HEX):
            return part  # as the API wrote it: kept, not rebuilt
        try:
            return str(UUID(part))
        except ValueError:
            raise ImageJobsError(f"{desc.name}: {value!r} is not a job id (a UUID)") from None
    if fmt.kind == "integer":
        # int(), not the value itself: an int subclass (an enum, a bool) has its own str().
        what = "a positive integer" if fmt.minimum == 1 else "an integer"
        text = part.strip()
        if isinstance(value, bool) or not (text.isascii() and text.lstrip("-").isdigit()):
            raise ImageJobsError(f"{desc.name}: {value!r} is not a job id ({what})")
        number = int(text)
        if fmt.minimum is not None and number < fmt.minimum:
            raise ImageJobsError(f"{desc.name}: {value!r} is not a job id ({what})")
        return number
    if isinstance(value, int | UUID):
        part = str(value)
    if fmt.pattern is not None and re.search(fmt.pattern, part) is None:
        raise ImageJobsError(f"{desc.name}: {value!r} is not a job id ({fmt.pattern})")
    return part


# -- reading answers -------------------------------------------------------------------------------


def _time(body: dict[str, Any], pointer: str | None, style: str) -> datetime | None:
    """A UTC datetime from ISO 8601 text or Unix seconds/milliseconds at `pointer`.

    Absent: None. A number out of datetime's range: None, since a wrong timestamp must not turn
    a readable status into an error (the raw value stays in `Job.raw`). A value of another kind
    (text where a number belongs, text that is no date) is a body of another shape. Null is
    "not yet" for an ISO time (the generated model has checked the spec allows it); for a Unix
    time, which the models take unchecked, it is another shape.
    """
    value = pointed(body, pointer)
    if value is None:
        if style != "iso" and pointer is not None and _present(body, pointer):
            raise _Malformed(f"the time at {pointer} is null")
        return None
    try:
        if style == "iso":
            if not isinstance(value, str):
                raise _Malformed(f"the time at {pointer} is {type(value).__name__}, not text")
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
        if not isinstance(value, int | float) or isinstance(value, bool):
            raise _Malformed(f"the time at {pointer} is {type(value).__name__}, not a number")
        return datetime.fromtimestamp(value / 1000 if style == "unix_ms" else value, UTC)
    except ValueError as exc:
        if style == "iso":
            raise _Malformed(f"the time at {pointer} is not ISO 8601: {exc}") from None
        return None
    except (OverflowError, OSError):
        return None


def _present(body: dict[str, Any], pointer: str) -> bool:
    """Whether the body has the key `pointer` names (holding null, maybe)."""
    tokens = pointer_tokens(pointer)
    holder: Any = body
    for token in tokens[:-1]:
        holder = holder.get(token) if isinstance(holder, dict) else None
    return bool(tokens) and isinstance(holder, dict) and tokens[-1] in holder


class _Malformed(Exception):
    """An answer that is not the documented JSON (raised inside a read, mapped by the caller)."""


def job_of(desc: Description, body: Any, ident: Ident | None, *, fresh: bool = False) -> Job:
    """The Job an answer body describes, read by the description's pointers.

    `fresh`: the answer to a submit, where a job without a status is one just queued.
    """
    if not isinstance(body, dict):
        raise _Malformed(f"expected a JSON object, got {type(body).__name__}")
    a = desc.answer
    status = pointed(body, a.status)
    if status is not None and not isinstance(status, str):
        raise _Malformed(f"status at {a.status} is {type(status).__name__}, not text")
    found = pointed(body, a.id)
    if isinstance(found, str | int) and not isinstance(found, bool) and str(found):
        job_id = str(found)
    elif ident is not None:
        job_id = ident.text
    else:
        raise _Malformed(f"no job id at {a.id}")
    unified = desc.states.get(status, JobStatus.UNKNOWN) if status is not None else None
    if unified is None:
        unified = JobStatus.QUEUED if fresh else JobStatus.UNKNOWN
    return Job(
        provider=desc.name,
        id=job_id,
        status=unified,
        provider_status=status,
        created_at=_time(body, a.created, a.time),
        updated_at=_time(body, a.updated, a.time),
        raw=body,
    )


def items_of(desc: Description, body: Any) -> list[Any]:
    """The entries of a list answer (where the description says they are)."""
    found = pointed(body, desc.answer.items) if desc.answer.items else body
    if not isinstance(found, list):
        raise _Malformed(f"expected a JSON array at {desc.answer.items or 'the top'}")
    return found


def listed(desc: Description, item: Any) -> Job:
    """One entry of a list answer: a job, or only its id (useapi lists running jobs by id)."""
    if isinstance(item, str | int) and not isinstance(item, bool):
        return Job(provider=desc.name, id=str(item), status=JobStatus.UNKNOWN)
    return job_of(desc, item, None)


# -- cancel, decided once for both twins -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ReadJob:
    """A cancel's answer that needs the job read to decide (a conflict status)."""

    conflict: ConflictError | APIError


def settle_answer(
    desc: Description, body: Any, ident: Ident, status_code: int, headers: Any
) -> Job:
    """The Job a successful cancel answer stands for, by the provider's strategy."""
    rule = desc.cancel
    assert rule is not None
    if body is None or (rule.strategy is Strategy.NO_CONTENT and not isinstance(body, dict)):
        cancelled = rule.strategy is not Strategy.ACCEPTED
        status = JobStatus.CANCELLED if cancelled else JobStatus.CANCELLING
        return Job(provider=desc.name, id=ident.text, status=status)
    job = job_of(desc, body, ident)
    if job.status.is_final and job.status is not JobStatus.CANCELLED:
        # The provider echoed a job that already ended (useapi's 200 for a finished job).
        raise NotCancellableError.for_job(job, status_code=status_code, body=body, headers=headers)
    return job


def is_conflict(desc: Description, error: APIError) -> bool:
    """Whether an error answer to a cancel means "read the job to know" (strategy-wise).

    A `no_content` provider answers a conflict status too when the job is past cancelling (or
    already cancelled, as after a retried cancel whose first answer was lost): read, it is a
    `NotCancellableError` with the job's status, or the cancelled job, as for `conflict`.
    """
    rule = desc.cancel
    if rule is None or rule.strategy is Strategy.JOB:
        return False
    if error.status_code not in rule.statuses:
        return False
    if rule.match_pointer is not None:
        return bool(pointed(error.body, rule.match_pointer) == rule.match_equals)
    return True


def settle_conflict(desc: Description, job: Job, conflict: APIError) -> Job:
    """Decide a conflict answer to a cancel from the job's state, read after it.

    Cancelled (already, or by our own retried cancel whose first answer was lost) or, for an
    accepted-cancel provider, cancelling: that job. A state the description declares still
    cancellable (or an unknown one): the conflict was about the request itself, so the original
    error. Anything else: the job is past cancelling, `NotCancellableError`.
    """
    if job.status is JobStatus.CANCELLED or job.status is JobStatus.CANCELLING:
        return job
    if desc.explicit_cancellable and (
        job.provider_status in desc.cancellable or job.status is JobStatus.UNKNOWN
    ):
        raise conflict
    raise NotCancellableError.for_job(
        job,
        status_code=conflict.status_code,
        body=conflict.body,
        headers=conflict.headers,
        detail=conflict.message,
    ) from None


def before_delete(desc: Description, job: Job) -> Job | None:
    """What a read before a DELETE-as-cancel decides: None to send the DELETE, else the answer.

    A job in a state the description lists as cancellable is cancelled by the DELETE; one
    already cancelled is that job; any other has ended, and a DELETE would remove it (and its
    output), so it is not cancellable and nothing is sent.
    """
    if job.provider_status in desc.cancellable or job.status is JobStatus.UNKNOWN:
        return None
    if job.status is JobStatus.CANCELLED:
        return job
    raise NotCancellableError.for_job(job, status_code=200, body=job.raw)


def settle_wait(job: Job, status_code: int) -> Job:
    """After `cancel(..., wait=True)`: cancelled is success; any other final state is not."""
    if job.status is JobStatus.CANCELLED or not job.status.is_final:
        return job
    raise NotCancellableError.for_job(job, status_code=status_code, body=job.raw)


# -- the shared part of both twins ---------------------------------------------------------------


class _Twin(Protocol):
    """What `Described._send` calls: each twin's `_call` (the sync result, the async coroutine)."""

    def _call(
        self,
        method: str,
        path: str,
        send: Callable[[], Any],
        read: Callable[[Any], Any],
        deadline: float | None = None,
    ) -> Any: ...


class Described(BaseClient):
    """Credentials, requests and answers of a described provider (both twins).

    A subclass sets `info` (its `registry.ProviderInfo`); `client(name)` makes one for any
    registered provider.
    """

    desc: ClassVar[Description]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "info" in cls.__dict__:
            cls.desc = cls.info.description

    def __init__(self, credentials: Mapping[str, Any] | None = None, **options: Any) -> None:
        """A client; `credentials` by keyword, else their environment variables.

        `options` are `BaseClient`'s (base_url, timeout, ...), each with its default.
        """
        self._credentials = self._read_credentials(dict(credentials or {}))
        secrets = tuple(
            str(v)
            for c in self.desc.credentials
            if c.secret and (v := self._credentials.get(c.keyword))
        )
        # Fixed for the client's life: worked out once, not per request.
        self._query = self._query_credentials()
        super().__init__(secrets=secrets, **options)

    # -- hooks a provider's own module may override

    def _read_credentials(self, given: dict[str, Any]) -> dict[str, Any]:
        """Each credential's value, from `given` else its environment variable.

        Schemes are alternatives: the first whose credentials were all passed wins, else the
        first whose credentials are all in the environment. A header every call carries
        (`extra_header`) is always required.
        """
        desc = self.desc
        known = {c.keyword for c in desc.credentials}
        unknown = sorted(set(given) - known)
        if unknown:
            raise TypeError(
                f"{desc.name}: unknown credential {unknown[0]!r}; it takes {', '.join(sorted(known))}"
            )
        kinds = {c.keyword: c.kind for c in desc.credentials}
        groups: list[list[str]] = []
        for c in desc.credentials:
            if c.kind == "extra_header":
                continue
            if c.kind == "oauth2_secret" and groups and kinds[groups[-1][0]] == "oauth2_id":
                groups[-1].append(c.keyword)
            else:
                groups.append([c.keyword])
        found: dict[str, Any] = {}
        env = {c.keyword: os.environ.get(c.env) for c in desc.credentials}
        for source in (given, env):
            group = next((g for g in groups if all(source.get(k) for k in g)), None)
            if group is not None:
                found.update({k: source[k] for k in group})
                break
        else:
            if groups:
                self._missing(groups[0][0] if not given else next(iter(given)))
        for c in desc.credentials:
            if c.kind == "extra_header":
                value = given.get(c.keyword)
                value = value if value is not None and value != "" else env.get(c.keyword)
                if value is None or value == "":
                    self._missing(c.keyword)
                found[c.keyword] = value
        return found

    def _missing(self, keyword: str) -> NoReturn:
        item = self.info.credential(keyword)
        raise MissingCredentialsError(
            self.provider, env_var=item.env_var, keyword=item.keyword, what=item.what
        )

    def _auth_headers(self) -> Mapping[str, str]:
        headers: dict[str, str] = {}
        for c in self.desc.credentials:
            value = self._credentials.get(c.keyword)
            if value is None or c.name is None:
                continue
            if c.kind == "bearer":
                headers[c.name] = f"Bearer {value}"
            elif c.kind in ("header", "extra_header"):
                headers[c.name] = str(value)
        return headers

    def _query_credentials(self) -> dict[str, str]:
        return {
            c.name: str(self._credentials[c.keyword])
            for c in self.desc.credentials
            if c.kind == "query" and c.name and c.keyword in self._credentials
        }

    def _bind(self) -> None:
        """Nothing to bind: requests go straight to `self._http` (see the module docstring)."""

    def _send(
        self, role: str, ident: Ident | None, body: Any = None, deadline: float | None = None
    ) -> Any:
        """One described operation through the twin's `_call`: its result, or its coroutine.

        A plain function on the async twin too: no coroutine layer of ours sits between
        `_call`'s and the HTTP client's, paid on every resumption of a request
        (bench/bulk_cancel.py).
        """
        op = self.desc.operations[role]
        return cast("_Twin", self)._call(
            op.method,
            op.path,
            lambda: self._http.request(**self._kwargs(role, ident, body)),
            lambda response: self._read(role, response, ident),
            deadline,
        )

    def _cancel_body(self, options: Mapping[str, Any]) -> Any:
        """The body a cancel sends, when its operation takes one (the jobs API's `reason`)."""
        return None

    # -- requests and answers

    def _kwargs(self, role: str, ident: Ident | None, body: Any = None) -> dict[str, Any]:
        p = plan(self.desc, role)
        args: dict[str, Any] = {}
        if ident is not None:
            args.update(zip(p.id_args, ident.values, strict=False))
        for name, keyword in p.header_args:
            args[name] = self._credentials[keyword]
        if p.takes_body and body is not None:
            args["body"] = body
        kwargs = p.build(**args)
        query = self._query
        if query:
            kwargs["params"] = {**kwargs.get("params", {}), **query}
        return kwargs

    def _decoded(self, op: Operation | frozenset[int], response: Any) -> Any:
        """The decoded body of a documented success; any other answer raises its error, here.

        The one place a status is classified: the generated parser is not run.
        """
        status = response.status_code
        if status in (op if isinstance(op, frozenset) else op.success):
            content = response.content
            if not content or not content.strip():
                return None
            try:
                return json.loads(content)
            except (ValueError, RecursionError) as exc:  # not JSON; nested past the stack
                self._bad(response, exc)
        raise from_response(
            self.provider,
            status,
            content=response.content,
            headers=response.headers,
            redact=self._redactor.obj,
            envelope=self.desc.errors,
        )

    def _bad(self, response: Any, reason: Exception) -> NoReturn:
        raise from_response(
            self.provider,
            response.status_code,
            content=response.content,
            headers=response.headers,
            malformed=True,
            reason=reason,
            redact=self._redactor.obj,
            envelope=self.desc.errors,
        ) from None

    def _read(self, role: str, response: Any, ident: Ident | None) -> Any:
        """One answer turned into what `role` returns (a Job, a cancel's Job, a list)."""
        op = self.desc.operations[role]
        body = self._decoded(op, response)
        try:
            self._check(role, response.status_code, body)
            if role == "cancel":
                assert ident is not None
                return settle_answer(self.desc, body, ident, response.status_code, response.headers)
            if role == "list":
                return [listed(self.desc, item) for item in items_of(self.desc, body)]
            return job_of(self.desc, body, ident, fresh=role == "submit")
        except _Malformed as exc:
            self._bad(response, TypeError(str(exc)))
        except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as exc:
            self._bad(response, exc)

    def _check(self, role: str, status_code: int, body: Any) -> None:
        """Run the generated model over the body: the shape the spec says it has.

        Required fields, nested shapes: its value is not kept, the Job is read by the pointers.

        A job in a state the spec does not list yet is not a bad answer: a model whose branches
        are chosen by their status (Runway's task, a `oneOf` of `status: const`) refuses it,
        but reading a status never raises, so that job reads UNKNOWN.
        """
        if body is None and _bodiless_ok(self.desc, role, status_code):
            return
        try:
            plan(self.desc, role).parse(client=_STRICT, response=_Decoded(status_code, body))
        except (TypeError, ValueError, KeyError, AttributeError):
            status = pointed(body, self.desc.answer.status) if role != "list" else None
            if not isinstance(status, str) or status in self.desc.states:
                raise

    def _submit_body(self, body: Any) -> Any:
        """The generated model for a submit's body (a dict is read into it)."""
        op = self.desc.operations.get("submit")
        if op is None:
            raise ImageJobsError(f"{self.provider}: the description declares no submit operation")
        if op.body_model is None or not isinstance(body, Mapping):
            return body
        module, _, name = op.body_model.partition(":")
        model = getattr(importlib.import_module(module), name)
        return model.from_dict(dict(body))

    def _role(self, role: str) -> Operation:
        op = self.desc.operations.get(role)
        if op is None:
            raise ImageJobsError(f"{self.provider}: the description declares no {role} operation")
        return op


class ProviderClient(Described, SyncAPIClient):
    """A described provider's sync client: cancel, get, wait, and submit/run/jobs if declared.

    Use as a context manager (or call `close()`) to release the connection pool.
    """

    def _exchange(
        self,
        method: str,
        path: str,
        kwargs: Callable[[], dict[str, Any]],
        read: Callable[[Any], T],
        deadline: float | None = None,
    ) -> T:
        """One call of an operation the description does not name (a provider's own hook)."""
        return self._call(method, path, lambda: self._http.request(**kwargs()), read, deadline)

    def get(self, job_id: JobId, *, deadline: float | None = None) -> Job:
        """Read a job's current status."""
        result: Job = self._send("get", to_ident(self.desc, job_id), None, deadline)
        return result

    def cancel(
        self, job_id: JobId, *, deadline: float | None = None, wait: bool = False, **options: Any
    ) -> Job:
        """Cancel a job; returns it (CANCELLED, or CANCELLING where a cancel takes time).

        Safe to repeat, and safe when a first answer was lost. Raises `NotCancellableError`
        (with `current_status`) when the job is past cancelling. `wait=True` waits (within
        `deadline`) for a cancel the provider accepted to end. `deadline`: seconds the whole
        call may take, a status read after a conflict included (default: the client's).
        """
        self._role("cancel")
        ident = to_ident(self.desc, job_id)
        with self._within(deadline):
            if self.desc.reads_before_cancel:
                settled = before_delete(self.desc, self.get(ident.text))
                if settled is not None:
                    return settled
            try:
                job: Job = self._send("cancel", ident, self._cancel_body(options))
            except APIError as error:
                if not is_conflict(self.desc, error):
                    raise
                job = settle_conflict(self.desc, self.get(ident.text), error)
            if wait and not job.status.is_final:
                job = settle_wait(self.wait(ident.text), 200)
            return job

    def submit(self, body: Any, *, deadline: float | None = None) -> Job:
        """Start a job (`body`: the generated model of the submit operation, or a dict)."""
        typed = self._submit_body(body)
        result: Job = self._send("submit", None, typed, deadline)
        return result

    def run(
        self,
        body: Any,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        cancel_on_timeout: bool = True,
    ) -> Job:
        """Submit and wait for the job's end under one deadline (`timeout` seconds).

        When time runs out, or the caller is interrupted (Ctrl-C), the remote job is cancelled
        (with `cancel_on_timeout`, the default) so no billable job is left running; the
        interruption is then raised again.
        """
        with self._within(timeout):
            job = self.submit(body)
            options: dict[str, Any] = (
                {} if poll_interval is None else {"poll_interval": poll_interval}
            )
            try:
                return self.wait(job.id, cancel_on_timeout=cancel_on_timeout, **options)
            except KeyboardInterrupt:
                if cancel_on_timeout:
                    self._cancel_quietly(job.id)
                raise

    def _cancel_quietly(self, job_id: str) -> None:
        # The interruption is what the caller sees; the job may have ended meanwhile.
        with within(WAIT_CANCEL_DEADLINE, replace=True), suppress(ImageJobsError):
            self.cancel(job_id)

    def jobs(self, *, deadline: float | None = None) -> list[Job]:
        """The jobs the list operation returns (running ones, where the API lists those)."""
        self._role("list")
        result: list[Job] = self._send("list", None, None, deadline)
        return result


class AsyncProviderClient(Described, AsyncAPIClient):
    """Async twin of `ProviderClient`: the same methods, awaitable."""

    async def _exchange(
        self,
        method: str,
        path: str,
        kwargs: Callable[[], dict[str, Any]],
        read: Callable[[Any], T],
        deadline: float | None = None,
    ) -> T:
        """One call of an operation the description does not name (see the sync twin)."""
        return await self._call(
            method, path, lambda: self._http.request(**kwargs()), read, deadline
        )

    async def get(self, job_id: JobId, *, deadline: float | None = None) -> Job:
        """Read a job's current status."""
        result: Job = await self._send("get", to_ident(self.desc, job_id), None, deadline)
        return result

    async def cancel(
        self, job_id: JobId, *, deadline: float | None = None, wait: bool = False, **options: Any
    ) -> Job:
        """Cancel a job (see `ProviderClient.cancel`)."""
        self._role("cancel")
        ident = to_ident(self.desc, job_id)
        with self._within(deadline):
            if self.desc.reads_before_cancel:
                settled = before_delete(self.desc, await self.get(ident.text))
                if settled is not None:
                    return settled
            try:
                job: Job = await self._send("cancel", ident, self._cancel_body(options))
            except APIError as error:
                if not is_conflict(self.desc, error):
                    raise
                job = settle_conflict(self.desc, await self.get(ident.text), error)
            if wait and not job.status.is_final:
                job = settle_wait(await self.wait(ident.text), 200)
            return job

    async def submit(self, body: Any, *, deadline: float | None = None) -> Job:
        """Start a job (see `ProviderClient.submit`)."""
        typed = self._submit_body(body)
        result: Job = await self._send("submit", None, typed, deadline)
        return result

    async def run(
        self,
        body: Any,
        *,
        timeout: float | None = None,
        poll_interval: float | None = None,
        cancel_on_timeout: bool = True,
    ) -> Job:
        """Submit and wait under one deadline (see `ProviderClient.run`).

        Task cancellation cancels the remote job too.
        """
        with self._within(timeout):
            job = await self.submit(body)
            options: dict[str, Any] = (
                {} if poll_interval is None else {"poll_interval": poll_interval}
            )
            try:
                return await self.wait(job.id, cancel_on_timeout=cancel_on_timeout, **options)
            except (asyncio.CancelledError, KeyboardInterrupt):
                if cancel_on_timeout:
                    # Shielded: the caller's cancellation must not cancel the cancel.
                    await asyncio.shield(self._cancel_quietly(job.id))
                raise

    async def _cancel_quietly(self, job_id: str) -> None:
        with within(WAIT_CANCEL_DEADLINE, replace=True), suppress(ImageJobsError):
            await self.cancel(job_id)

    async def jobs(self, *, deadline: float | None = None) -> list[Job]:
        """The jobs the list operation returns (see `ProviderClient.jobs`)."""
        self._role("list")
        result: list[Job] = await self._send("list", None, None, deadline)
        return result
