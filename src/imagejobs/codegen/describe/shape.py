"""The keys a description may have, and the type of each: checked before any spec is read.

Every mapping is closed: an unknown key is an error naming the key, its line, the keys that
section knows and the closest of them. A missing required key says what to write.
"""

from __future__ import annotations

import keyword
import re
from typing import Any

from .load import Description, did_you_mean

__all__ = [
    "ENV",
    "FINAL",
    "JOB_STATUSES",
    "KEYWORD",
    "SECTIONS",
    "STRATEGIES",
    "TIME_FORMATS",
    "check_shape",
    "is_pointer",
]

JOB_STATUSES = (
    "queued", "running", "cancelling", "moderated", "completed", "failed", "cancelled", "expired",
)  # fmt: skip
"""What a provider's state may map to: the facade's ``JobStatus`` names (``unknown`` is what an
unmapped state becomes, so a table never names it)."""
FINAL = frozenset({"moderated", "completed", "failed", "cancelled", "expired"})
"""The states a job does not leave."""
STRATEGIES = ("no_content", "job", "conflict", "accepted")
"""How a cancel answers (issue 20): no content means cancelled; the answer is the job; a conflict
status means "read the job"; accepted means cancelling until final."""
TIME_FORMATS = ("iso", "unix_s", "unix_ms")

SECTIONS: dict[str, tuple[str, ...]] = {
    "": ("entry", "title", "base_url", "client", "async_client", "credentials", "headers",
         "operations", "job_id", "answer", "list", "states", "cancellable", "cancel", "errors",
         "poll", "rate_limit", "hooks"),
    "base_url": ("env", "url"),
    "operations": ("get", "cancel", "submit", "list"),
    "job_id": ("params", "separator"),
    "answer": ("id", "status", "created", "updated", "time", "error", "results"),
    "list": ("items",),
    "cancel": ("strategy", "statuses", "match"),
    "cancel.match": ("pointer", "equals"),
    "errors": ("message", "detail", "code", "fields", "statuses", "busy"),
    "poll": ("min_interval",),
    "rate_limit": ("remaining", "reset"),
    "credential": ("keyword", "env", "what", "secret"),
}  # fmt: skip
"""Known keys per section (``credential``: one credential or header entry)."""
_REQUIRED: dict[str, tuple[str, ...]] = {
    "": ("title", "base_url", "operations", "answer", "states"),
    "base_url": ("env",),
    "operations": ("get",),
    "answer": ("status",),
    "cancel": ("strategy",),
    "cancel.match": ("pointer", "equals"),
    "credential": ("keyword", "env"),
}
_EXAMPLES = {
    "title": "title: Acme Image API",
    "base_url": "base_url: {env: %(NAME)s_BASE_URL}",
    "env": "env: %(NAME)s_API_KEY",
    "operations": "operations: {get: getJob}",
    "get": "get: getJob (an operationId, or `GET /jobs/{id}`)",
    "answer": "answer: {status: /status}",
    "status": "status: /status (where get's answer holds the job's state)",
    "states": "states: {pending: queued, done: completed} (every value of the spec's status enum)",
    "strategy": "strategy: no_content (or job, conflict, accepted)",
    "keyword": "keyword: api_key (the client's constructor keyword)",
    "pointer": "pointer: /code",
    "equals": "equals: JOB_DONE",
}
_POINTERS = {
    "answer": ("id", "status", "created", "updated", "error", "results"),
    "list": ("items",),
    "errors": ("message", "detail", "code", "fields", "busy"),
    "cancel.match": ("pointer",),
}
_TEXTS = {
    "": ("entry", "title", "client", "async_client"),
    "base_url": ("env", "url"),
    "operations": ("get", "cancel", "submit", "list"),
    "job_id": ("separator",),
    "answer": ("time",),
    "cancel": ("strategy",),
    "rate_limit": ("remaining", "reset"),
}
ENV = re.compile(r"^[A-Z][A-Z0-9_]{0,63}$")
KEYWORD = re.compile(r"^[a-z][a-z0-9_]{0,39}$")


def is_pointer(value: Any) -> bool:
    """Text that reads as a JSON pointer into a body (``/status``, ``/error/message``)."""
    return isinstance(value, str) and value.startswith("/") and len(value) > 1


def mapping(desc: Description, loc: tuple[str, ...], value: Any, section: str) -> dict[str, Any]:
    """``value`` as a mapping of ``section``'s known keys (unknown and missing ones reported)."""
    name = ".".join(loc)
    if not isinstance(value, dict):
        desc.error(loc, f"must be a mapping of {', '.join(SECTIONS[section])}")
        return {}
    known = SECTIONS[section]
    meant: set[str] = set()  # a misspelt key is reported once, not also as a missing one
    for key in value:
        if str(key) not in known:
            close = did_you_mean(str(key), known)
            meant |= {close.split("`")[1]} if close else set()
            desc.error(
                (*loc, str(key)),
                f"unknown key `{key}`; {name or 'a description'} knows {', '.join(known)}" + close,
            )
    for key in _REQUIRED.get(section, ()):
        if value.get(key) is None and key not in meant:
            example = _EXAMPLES.get(key, f"{key}: ...") % {"NAME": desc.name.upper()}
            desc.error(loc, f"`{key}` is missing; write `{example}`")
    return {str(k): v for k, v in value.items() if str(k) in known and v is not None}


def check_shape(desc: Description) -> dict[str, Any]:
    """The description's keys, each of its type; errors recorded on ``desc``. Returns the data."""
    data = mapping(desc, (), desc.data, "")
    for section in ("base_url", "operations", "job_id", "answer", "list", "cancel", "errors",
                    "poll", "rate_limit"):  # fmt: skip
        if section in data:
            data[section] = mapping(desc, (section,), data[section], section)
    if isinstance(data.get("cancel"), dict) and "match" in data["cancel"]:
        data["cancel"]["match"] = mapping(
            desc, ("cancel", "match"), data["cancel"]["match"], "cancel.match"
        )
    _leaves(desc, data)
    for key in ("credentials", "headers", "states"):
        if key in data and not isinstance(data[key], dict):
            desc.error((key,), "must be a mapping" + (" of states" if key == "states" else ""))
            data.pop(key)
    return data


def _section(data: dict[str, Any], section: str) -> dict[str, Any]:
    if not section:
        return data
    node: Any = data
    for part in section.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node if isinstance(node, dict) else {}


def _leaves(desc: Description, data: dict[str, Any]) -> None:
    """Texts are non-empty text, pointers are pointers, lists are lists of the right items."""
    for section, keys in _TEXTS.items():
        node = _section(data, section)
        for key in keys:
            if key in node and (not isinstance(node[key], str) or not node[key].strip()):
                desc.error((*filter(None, section.split(".")), key), "must be non-empty text")
                node.pop(key)
    for section, keys in _POINTERS.items():
        node = _section(data, section)
        for key in keys:
            if key in node and not is_pointer(node[key]):
                loc = (*section.split("."), key)
                shown = node.pop(key)
                hint = f"/{shown}" if isinstance(shown, str) and shown else "/status"
                desc.error(loc, f"{shown!r} is not a JSON pointer into the body; write `{hint}`")
    _lists(desc, data)
    interval = _section(data, "poll").get("min_interval")
    if interval is not None and (
        isinstance(interval, bool) or not isinstance(interval, int | float) or interval <= 0
    ):
        desc.error(("poll", "min_interval"), "must be a number of seconds above 0, e.g. `10`")
        data["poll"].pop("min_interval")


def _lists(desc: Description, data: dict[str, Any]) -> None:
    checks: list[tuple[tuple[str, ...], type, str]] = [
        (("job_id", "params"), str, "parameter names, e.g. `[process_id]`"),
        (("cancellable",), str, "states of the table, e.g. `[Pending, Processing]`"),
        (("cancel", "statuses"), int, "HTTP statuses, e.g. `[409]`"),
        (("hooks",), str, "method names, e.g. `[accounts]`"),
    ]
    for loc, kind, what in checks:
        parent = _section(data, ".".join(loc[:-1]))
        value = parent.get(loc[-1])
        if value is None:
            continue
        good = (
            isinstance(value, list)
            and value
            and all(isinstance(v, kind) and not isinstance(v, bool) for v in value)
        )
        if not good:
            desc.error(loc, f"must be a non-empty list of {what}")
            parent.pop(loc[-1])
        elif len(set(value)) != len(value):
            desc.error(loc, "names an item twice; keep one")
            parent.pop(loc[-1])


def is_keyword(value: Any) -> bool:
    """A constructor keyword: lower-case snake case, not a Python keyword."""
    return isinstance(value, str) and bool(KEYWORD.match(value)) and not keyword.iskeyword(value)
