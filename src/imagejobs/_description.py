"""A provider's compiled description, as typed values: what `specs/providers/<name>.yaml` says.

The build (`imagejobs.codegen.describe`) validates each description against its spec and writes
them all into the generated package `imagejobs_providers` as plain data; this module turns that
data into frozen values once, at import. Nothing here checks the facts again: the build did, and
`generate --check` keeps the committed data what the descriptions say.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .job import JobStatus

__all__ = [
    "Answer",
    "CancelRule",
    "CredentialSpec",
    "Description",
    "ErrorEnvelope",
    "IdFormat",
    "Operation",
    "Strategy",
    "parse",
]


class Strategy(enum.StrEnum):
    """How a provider answers a cancel; each is written once, for both twins (`_provider`)."""

    #: An answer with no content (204) means cancelled (Topaz, the jobs API, Runway).
    NO_CONTENT = "no_content"
    #: The answer is the job: its status decides (useapi, Replicate).
    JOB = "job"
    #: A conflict status (409/422...) means "look": the job is read, cancelled is success.
    CONFLICT = "conflict"
    #: The cancel is accepted and takes time: the job is CANCELLING until final (OpenAI batches).
    ACCEPTED = "accepted"


@dataclass(frozen=True, slots=True)
class CredentialSpec:
    """One credential: where it comes from and how it travels.

    `kind` is header | query | bearer (Authorization: Bearer ...) | oauth2_id | oauth2_secret
    (client credentials, traded for a token by the provider's own hook) | extra_header (a
    header every call carries, like the jobs API's Customer-Id).
    """

    keyword: str
    env: str
    what: str
    secret: bool
    kind: str
    name: str | None
    token_url: str | None


@dataclass(frozen=True, slots=True)
class Operation:
    """One declared operation: the generated endpoint module that builds its request."""

    role: str
    operation_id: str | None
    method: str
    path: str
    module: str
    path_params: tuple[str, ...]
    query_params: tuple[str, ...]
    body_model: str | None
    body_required: bool
    success: frozenset[int]


@dataclass(frozen=True, slots=True)
class IdFormat:
    """What a job id looks like on the wire: its parameter(s) and format, from the spec."""

    params: tuple[str, ...]
    location: str
    kind: str
    pattern: str | None
    minimum: int | None
    separator: str


@dataclass(frozen=True, slots=True)
class Answer:
    """Where a job sits in an answer (JSON pointers), and how its times are written."""

    id: str | None
    status: str
    created: str | None
    updated: str | None
    time: str
    error: str | None
    results: str | None
    items: str | None


@dataclass(frozen=True, slots=True)
class CancelRule:
    """The cancel strategy and what it needs."""

    strategy: Strategy
    statuses: frozenset[int]
    match_pointer: str | None
    match_equals: Any


@dataclass(frozen=True, slots=True)
class ErrorEnvelope:
    """Where an error body keeps its message, detail, code, field errors and busy job ids."""

    message: str | None
    detail: str | None
    code: str | None
    fields: str | None
    busy: str | None
    statuses: Mapping[int, str]


@dataclass(frozen=True, slots=True, eq=False)
class Description:
    """Everything a provider's description says, after the build checked it against the spec."""

    name: str
    title: str
    entry: str
    package: str
    spec: str
    source: str
    base_url: str
    base_url_env: str
    client: str
    async_client: str
    credentials: tuple[CredentialSpec, ...]
    operations: Mapping[str, Operation]
    job_id: IdFormat
    answer: Answer
    states: Mapping[str, JobStatus]
    cancellable: frozenset[str]
    #: Whether the description lists `cancellable` itself: then a conflict on a job still in one
    #: of those states was about the request, not the job (the jobs API's 422).
    explicit_cancellable: bool
    cancel: CancelRule | None
    errors: ErrorEnvelope
    min_poll_interval: float | None
    rate_remaining: str | None
    rate_reset: str | None
    hooks: tuple[str, ...]
    #: Whether a cancel reads the job first (a DELETE-as-cancel with declared cancellable
    #: states): Runway deletes a task that already ended, output and all, and only a read can
    #: tell. Worked out once here, not on every cancel.
    reads_before_cancel: bool = field(init=False)

    def __post_init__(self) -> None:
        op = self.operations.get("cancel")
        reads = op is not None and op.method == "DELETE" and self.explicit_cancellable
        object.__setattr__(self, "reads_before_cancel", reads)

    @property
    def final_states(self) -> tuple[str, ...]:
        """The provider's own states that are final, in the table's order."""
        return tuple(name for name, status in self.states.items() if status.is_final)


def _operation(role: str, data: Mapping[str, Any]) -> Operation:
    return Operation(
        role=role,
        operation_id=data.get("operation_id"),
        method=str(data["method"]).upper(),
        path=str(data["path"]),
        module=str(data["module"]),
        path_params=tuple(data.get("path_params") or ()),
        query_params=tuple(data.get("query_params") or ()),
        body_model=data.get("body_model"),
        body_required=bool(data.get("body_required")),
        success=frozenset(int(s) for s in data.get("success") or (200,)),
    )


def _cancel(data: Mapping[str, Any] | None) -> CancelRule | None:
    if data is None:
        return None
    match = data.get("match") or {}
    return CancelRule(
        strategy=Strategy(data["strategy"]),
        statuses=frozenset(int(s) for s in data.get("statuses") or (409, 422)),
        match_pointer=match.get("pointer"),
        match_equals=match.get("equals"),
    )


def parse(data: Mapping[str, Any]) -> Description:
    """A `Description` from one compiled entry of `imagejobs_providers.DESCRIPTIONS`."""
    answer, errors = data["answer"], data.get("errors") or {}
    job_id, states = data["job_id"], data["states"]
    table = {str(k): JobStatus(v) for k, v in states.items()}
    return Description(
        name=data["name"],
        title=data["title"],
        entry=data.get("entry") or data["name"],
        package=data["package"],
        spec=data["spec"],
        source=data["description"],
        base_url=data["base_url"],
        base_url_env=data["base_url_env"],
        client=data["client"],
        async_client=data["async_client"],
        credentials=tuple(
            CredentialSpec(
                keyword=c["keyword"],
                env=c["env"],
                what=c.get("what") or c["keyword"].replace("_", " "),
                secret=bool(c.get("secret", True)),
                kind=c["kind"],
                name=c.get("name"),
                token_url=c.get("token_url"),
            )
            for c in data["credentials"]
        ),
        operations=MappingProxyType(
            {role: _operation(role, op) for role, op in data["operations"].items() if op}
        ),
        job_id=IdFormat(
            params=tuple(job_id["params"]),
            location=job_id.get("in") or "path",
            kind=job_id.get("kind") or "string",
            pattern=job_id.get("pattern"),
            minimum=job_id.get("minimum"),
            separator=job_id.get("separator") or "/",
        ),
        answer=Answer(
            id=answer.get("id"),
            status=answer["status"],
            created=answer.get("created"),
            updated=answer.get("updated"),
            time=answer.get("time") or "iso",
            error=answer.get("error"),
            results=answer.get("results"),
            items=(data.get("list") or {}).get("items"),
        ),
        states=MappingProxyType(table),
        # The build writes the list (the non-final states when the description names none).
        cancellable=frozenset(data.get("cancellable") or ()),
        explicit_cancellable=bool(data.get("cancellable_declared")),
        cancel=_cancel(data.get("cancel")),
        errors=ErrorEnvelope(
            message=errors.get("message"),
            detail=errors.get("detail"),
            code=errors.get("code"),
            fields=errors.get("fields"),
            busy=errors.get("busy"),
            statuses=MappingProxyType(
                {int(k): str(v) for k, v in (errors.get("statuses") or {}).items()}
            ),
        ),
        min_poll_interval=(data.get("poll") or {}).get("min_interval"),
        rate_remaining=(data.get("rate_limit") or {}).get("remaining"),
        rate_reset=(data.get("rate_limit") or {}).get("reset"),
        hooks=tuple(data.get("hooks") or ()),
    )
