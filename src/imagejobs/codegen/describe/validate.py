"""Check a description against its entry's effective spec, and say it in the compiled form.

:func:`fit` reads the description's data (already shape-checked by :mod:`.shape`) beside the
spec: every operation, parameter, security scheme, pointer and status value it names must be
there, and the states table must cover the status enum exactly. Each misfit is recorded on the
description as ``file:line: key: what is wrong; what to write``. What comes out is the compiled
description (the package's literal), less what only the generated tree knows (endpoint modules,
body models: :mod:`.compile` adds those).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from ..spec.pointer import RefError, deref
from ..spec.walk import Operation
from .load import Description, did_you_mean
from .schema import enum_values, json_types, parse_pointer, reach
from .shape import ENV, FINAL, JOB_STATUSES, STRATEGIES, TIME_FORMATS, is_keyword, mapping
from .spec_view import SpecView, body_schemas, op_label, parameters, status_codes

__all__ = ["ERROR_KINDS", "RESERVED_KEYWORDS", "ROLES", "fit"]

ROLES = ("get", "cancel", "submit", "list")
"""The operations a description may name, in the order they are compiled."""
ERROR_KINDS = (
    "bad_request", "authentication", "payment_required", "permission_denied", "not_found",
    "conflict", "not_cancellable", "unprocessable_entity", "rate_limit", "moderation_blocked",
    "internal_server", "unexpected_response",
)  # fmt: skip
"""What ``errors.statuses`` may give a status: the facade's error classes, snake case, without
``Error`` (``596: moderation_blocked`` is ``ModerationBlockedError``)."""
RESERVED_KEYWORDS = frozenset(
    {"base_url", "timeout", "max_retries", "deadline", "transport", "allow_insecure", "rate_gate"}
)
"""Keywords every client constructor already takes: a credential may not be named like them."""
_RESERVED_HOOKS = frozenset({"cancel", "get", "wait", "submit", "run", "close", "aclose", "list"})
_SCHEME_WHAT = {"header": "API key", "query": "API key", "bearer": "API token"}


def fit(desc: Description, data: dict[str, Any], view: SpecView) -> dict[str, Any]:
    """The compiled description (without modules); misfits recorded on ``desc``."""
    ops = _operations(desc, data, view)
    get = ops.get("get")
    compiled: dict[str, Any] = {
        "name": desc.name,
        "title": data.get("title"),
        "entry": view.entry,
        "package": view.package,
        "spec": view.spec_path,
        "description": desc.path,
        **_base_url(desc, data, view),
        **_clients(desc, data),
        "credentials": _credentials(desc, data, view, get) + _headers(desc, data, view, ops),
        "operations": {
            role: _operation(view, ops[role]) if role in ops else None for role in ROLES
        },
        "job_id": _job_id(desc, data, view, ops) if get else None,
        "answer": _answer(desc, data, view, get),
    }
    compiled["list"] = _list(desc, data, view, ops.get("list"))
    compiled["states"] = _states(desc, data, view, get)
    compiled["cancellable"] = _cancellable(desc, data, compiled["states"], "cancel" in ops)
    # Declared, a state in the list means a conflict was about the request, not the job.
    compiled["cancellable_declared"] = data.get("cancellable") is not None
    compiled["cancel"] = _cancel(desc, data, view, ops, compiled["answer"])
    compiled["errors"] = _errors(desc, data, view, list(ops.values()))
    compiled["poll"] = {"min_interval": (data.get("poll") or {}).get("min_interval")}
    compiled["rate_limit"] = _rate_limit(desc, data)
    compiled["hooks"] = _hooks(desc, data)
    _unique_keywords(desc, compiled["credentials"])
    return compiled


# --- where the API is, who the clients are -----------------------------------------------------


def _base_url(desc: Description, data: dict[str, Any], view: SpecView) -> dict[str, Any]:
    section = data.get("base_url") or {}
    env = section.get("env")
    if env is not None and not ENV.match(env):
        desc.error(("base_url", "env"), f"{env!r} is not an environment variable name; write"
                   f" `env: {desc.name.upper()}_BASE_URL`")  # fmt: skip
    url = section.get("url")
    if url is None:
        servers = view.doc.get("servers")
        first = servers[0] if isinstance(servers, list) and servers else None
        url = first.get("url") if isinstance(first, dict) else None
        if not isinstance(url, str) or "{" in url or not url.startswith(("https://", "http://")):
            desc.error(("base_url",), f"{view.spec_path} names no absolute server URL to default"
                       f" to (its first: {url!r}); write `url: https://...` under base_url")  # fmt: skip
            url = None
    elif not _good_url(url):
        desc.error(("base_url", "url"), f"{url!r} must be an https:// URL without credentials"
                   " (http only for localhost)")  # fmt: skip
    return {"base_url": url, "base_url_env": env}


def _good_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    if parts.username is not None or parts.password is not None or not host:
        return False
    return parts.scheme == "https" or (
        parts.scheme == "http" and host in ("localhost", "127.0.0.1", "::1")
    )


def _camel(name: str) -> str:
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def _clients(desc: Description, data: dict[str, Any]) -> dict[str, Any]:
    client = data.get("client") or _camel(desc.name)
    async_client = data.get("async_client") or f"Async{client}"
    for key, value in (("client", client), ("async_client", async_client)):
        if not (value.isidentifier() and value.isascii() and value[:1].isupper()):
            desc.error((key,), f"{value!r} must be a Python class name, e.g. `{_camel(desc.name)}`")
    if client == async_client:
        desc.error(("async_client",), f"must differ from client; write `Async{client}`")
    return {"client": client, "async_client": async_client}


# --- operations and the job id ------------------------------------------------------------------


def _operations(desc: Description, data: dict[str, Any], view: SpecView) -> dict[str, Operation]:
    found: dict[str, Operation] = {}
    for role, selector in (data.get("operations") or {}).items():
        op = view.find(selector)
        if op is None:
            desc.error(("operations", role), f"{view.spec_path} has no operation {selector!r};"
                       " write an operationId or `METHOD /path` of the spec"
                       + did_you_mean(selector, view.names()))  # fmt: skip
        else:
            found[role] = op
    return found


def _operation(view: SpecView, op: Operation) -> dict[str, Any]:
    params = parameters(view.doc, op)
    body = _deref(view.doc, op.op.get("requestBody"))
    success = sorted(int(c) for c in status_codes(op) if c.isdigit() and c.startswith("2"))
    return {
        "operation_id": op.operation_id,
        "method": op.method.upper(),
        "path": op.path,
        "module": None,
        "path_params": [p["name"] for p in params if p.get("in") == "path"],
        "query_params": [p["name"] for p in params if p.get("in") == "query"],
        "body_model": None,
        "body_required": bool(isinstance(body, dict) and body.get("required") is True),
        "success": success,
    }


def _deref(doc: Any, node: Any) -> Any:
    try:
        return deref(doc, node)[0]
    except RefError:
        return None


def _job_id(
    desc: Description, data: dict[str, Any], view: SpecView, ops: dict[str, Operation]
) -> dict[str, Any] | None:
    section = data.get("job_id") or {}
    get = ops["get"]
    params = {p["name"]: p for p in parameters(view.doc, get)}
    names: list[str] | None = section.get("params")
    if names is None:
        names = _default_id(desc, view, get)
        if names is None:
            return None
    for name in names:
        if name not in params:
            desc.error(("job_id", "params"), f"{op_label(get)} has no parameter {name!r};"
                       f" its parameters: {', '.join(params) or 'none'}"
                       + did_you_mean(name, params))  # fmt: skip
            return None
    places = {params[n].get("in") for n in names}
    if places - {"path", "query"} or (len(names) > 1 and places != {"path"}):
        desc.error(("job_id", "params"), "a job id is one path or query parameter, or several"
                   " path parameters (a composite id); name those")  # fmt: skip
        return None
    for role in ("cancel",):
        if role in ops:
            theirs = {p["name"] for p in parameters(view.doc, ops[role])}
            for name in names:
                if name not in theirs:
                    desc.error(("operations", role), f"{op_label(ops[role])} does not take the"
                               f" job id parameter {name!r}; name the {role} operation of this job")  # fmt: skip
    return _id_format(view, [params[n] for n in names], section.get("separator", "/"))


def _default_id(desc: Description, view: SpecView, get: Operation) -> list[str] | None:
    params = parameters(view.doc, get)
    path = [p["name"] for p in params if p.get("in") == "path"]
    query = [p["name"] for p in params if p.get("in") == "query" and p.get("required") is True]
    if len(path) == 1 or (not path and len(query) == 1):
        return path or query
    desc.error(("operations", "get"), f"cannot tell which parameter of {op_label(get)} is the job"
               f" id (path: {', '.join(path) or 'none'}; required query: {', '.join(query) or 'none'});"
               f" write `job_id: {{params: [{(path or query or ['id'])[0]}]}}`")  # fmt: skip
    return None


def _id_format(view: SpecView, params: list[dict[str, Any]], separator: str) -> dict[str, Any]:
    schema = _deref(view.doc, params[0].get("schema"))
    schema = schema if isinstance(schema, dict) else {}
    kind, pattern, minimum = "string", schema.get("pattern"), None
    if len(params) > 1:
        pattern = None
    elif schema.get("format") == "uuid":
        kind = "uuid"
    elif "integer" in json_types(schema):
        kind, pattern = "integer", None
        minimum = schema.get("minimum") if isinstance(schema.get("minimum"), int) else None
    return {
        "params": [p["name"] for p in params],
        "in": params[0].get("in"),
        "kind": kind,
        "pattern": pattern if isinstance(pattern, str) else None,
        "minimum": minimum,
        "separator": separator,
    }


# --- credentials ------------------------------------------------------------------------------


def _credentials(
    desc: Description, data: dict[str, Any], view: SpecView, get: Operation | None
) -> list[dict[str, Any]]:
    section: dict[str, Any] = data.get("credentials") or {}
    schemes = view.schemes()
    out: list[dict[str, Any]] = []
    for name, spec in section.items():
        scheme = schemes.get(name)
        if not isinstance(scheme, dict):
            desc.error(("credentials", name), f"{view.spec_path} has no security scheme {name!r};"
                       f" its schemes: {', '.join(schemes) or 'none'}"
                       + did_you_mean(str(name), schemes))  # fmt: skip
            continue
        out += _scheme_credentials(desc, ("credentials", str(name)), spec, scheme)
    if get is not None and set(section) <= set(schemes):  # else a misspelt name said it all
        _covers_security(desc, view, get, set(section))
    return out


def _scheme_credentials(
    desc: Description, loc: tuple[str, ...], spec: Any, scheme: dict[str, Any]
) -> list[dict[str, Any]]:
    kind, where = scheme.get("type"), scheme.get("in")
    if kind == "apiKey" and where in ("header", "query"):
        return _credential(desc, loc, spec, str(where), str(scheme.get("name")))
    if kind == "http" and str(scheme.get("scheme", "")).lower() == "bearer":
        return _credential(desc, loc, spec, "bearer", "Authorization")
    if kind == "oauth2":
        return _oauth2(desc, loc, spec, scheme)
    desc.error(loc, f"a {kind} scheme{f' in {where}' if where else ''} is not supported; use an"
               " apiKey (header or query), http bearer or oauth2 client-credentials scheme")  # fmt: skip
    return []


def _credential(
    desc: Description, loc: tuple[str, ...], spec: Any, kind: str, name: str | None,
    token_url: str | None = None,
) -> list[dict[str, Any]]:  # fmt: skip
    entry = mapping(desc, loc, spec, "credential")
    keyword, env = entry.get("keyword"), entry.get("env")
    if keyword is None or env is None:
        return []
    if not is_keyword(keyword) or keyword in RESERVED_KEYWORDS:
        desc.error((*loc, "keyword"), f"{keyword!r} must be a lower-case Python name that no"
                   " client option already uses, e.g. `api_key`")  # fmt: skip
        return []
    if not isinstance(env, str) or not ENV.match(env):
        desc.error((*loc, "env"), f"{env!r} is not an environment variable name, e.g."
                   f" `{desc.name.upper()}_API_KEY`")  # fmt: skip
        return []
    secret = entry.get("secret", kind != "oauth2_id")
    if not isinstance(secret, bool):
        desc.error((*loc, "secret"), "must be true or false")
    what = entry.get("what") or _SCHEME_WHAT.get(kind) or str(keyword).replace("_", " ")
    return [{
        "keyword": keyword, "env": env, "what": str(what), "secret": secret is not False,
        "kind": kind, "name": name, "token_url": token_url,
    }]  # fmt: skip


def _oauth2(
    desc: Description, loc: tuple[str, ...], spec: Any, scheme: dict[str, Any]
) -> list[dict[str, Any]]:
    flows = scheme.get("flows")
    flow = flows.get("clientCredentials") if isinstance(flows, dict) else None
    token_url = flow.get("tokenUrl") if isinstance(flow, dict) else None
    if not isinstance(spec, dict):
        desc.error(loc, "an oauth2 scheme takes `client_id:` and `client_secret:` (and `token:`"
                   " for a token passed as is), each `{keyword, env}`")  # fmt: skip
        return []
    known = ("client_id", "client_secret", "token")
    out: list[dict[str, Any]] = []
    for key, value in spec.items():
        if key not in known:
            desc.error((*loc, str(key)), f"unknown key `{key}`; an oauth2 scheme knows"
                       f" {', '.join(known)}" + did_you_mean(str(key), known))  # fmt: skip
            continue
        kind = {"client_id": "oauth2_id", "client_secret": "oauth2_secret"}.get(key, "bearer")
        name = "Authorization" if kind == "bearer" else None
        url = token_url if kind != "bearer" else None
        out += _credential(desc, (*loc, key), value, kind, name, url)
    if ("client_id" in spec) != ("client_secret" in spec):
        desc.error(
            loc, "client credentials come in pairs: give both `client_id` and `client_secret`"
        )
    elif "client_id" in spec and not isinstance(token_url, str):
        desc.error(loc, "the spec's scheme has no clientCredentials flow with a tokenUrl to trade"
                   " client_id and client_secret at; give `token:` only")  # fmt: skip
    elif not spec:
        desc.error(loc, "give `client_id` and `client_secret`, or `token`")
    return out


def _covers_security(desc: Description, view: SpecView, get: Operation, given: set[Any]) -> None:
    """The get operation's security must be met by the schemes the description gives."""
    required = get.op.get("security", view.doc.get("security"))
    if not isinstance(required, list) or not required:
        return
    options = [set(r) for r in required if isinstance(r, dict)]
    if any(option <= given for option in options):
        return
    needed = min(options, key=len) - given
    example = next(iter(needed), "apiKeyAuth")
    desc.error(("credentials",), f"{op_label(get)} needs security scheme"
               f" {', '.join(sorted(needed))}; write `credentials: {{{example}: {{keyword: api_key,"
               f" env: {desc.name.upper()}_API_KEY}}}}`")  # fmt: skip


def _headers(
    desc: Description, data: dict[str, Any], view: SpecView, ops: dict[str, Operation]
) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for name, spec in (data.get("headers") or {}).items():
        loc = ("headers", str(name))
        carried = [
            op for op in ops.values()
            if any(p.get("in") == "header" and str(p["name"]).lower() == str(name).lower()
                   for p in parameters(view.doc, op))
        ]  # fmt: skip
        if ops and not carried:
            desc.error(loc, f"{name!r} is a header parameter of none of"
                       f" {', '.join(op_label(o) for o in ops.values())}; name a header the"
                       " operations take")  # fmt: skip
            continue
        out += _credential(desc, loc, spec, "extra_header", str(name))
    _needed_headers(desc, data, view, ops)
    return out


def _needed_headers(
    desc: Description, data: dict[str, Any], view: SpecView, ops: dict[str, Operation]
) -> None:
    """A required header parameter with no default must come from the description."""
    given = {str(n).lower() for n in data.get("headers") or {}}
    for role, op in ops.items():
        for param in parameters(view.doc, op):
            schema = _deref(view.doc, param.get("schema"))
            has_default = isinstance(schema, dict) and "default" in schema
            name = str(param["name"])
            if (
                param.get("in") == "header" and param.get("required") is True
                and not has_default and name.lower() not in given
            ):  # fmt: skip
                keyword = name.lower().replace("-", "_")
                desc.error(("operations", role), f"{op_label(op)} needs the header {name}; write"
                           f" `headers: {{{name}: {{keyword: {keyword}, env:"
                           f" {desc.name.upper()}_{keyword.upper()}}}}}`")  # fmt: skip
                given.add(name.lower())


def _unique_keywords(desc: Description, credentials: list[dict[str, Any]]) -> None:
    seen: set[str] = set()
    for credential in credentials:
        if credential["keyword"] in seen:
            desc.error(("credentials",), f"keyword {credential['keyword']!r} is given twice;"
                       " each credential needs its own")  # fmt: skip
        seen.add(credential["keyword"])


# --- pointers into answers ----------------------------------------------------------------------


def _pointer(
    desc: Description, loc: tuple[str, ...], pointer: str, view: SpecView,
    bodies: list[tuple[str, Any]], what: str,
) -> list[dict[str, Any]] | None:  # fmt: skip
    """The schemas ``pointer`` reaches in any of ``bodies``.

    [] when anything may be there (or no body is documented); None, with an error, when none of
    them has it.
    """
    tokens = parse_pointer(pointer)
    if tokens is None:
        desc.error(loc, f"{pointer!r} is not a JSON pointer (a `~` must be `~0` or `~1`)")
        return None
    if not bodies:
        return []
    reached, misses = [], []
    for _, schema in bodies:
        got = reach(view.doc, schema, tokens)
        if got.open:
            return []
        if got.found:
            reached += got.schemas
        else:
            misses.append(got)
    if reached:
        return reached
    miss = misses[0]
    parent, _, last = miss.stopped.rpartition("/")
    close = did_you_mean(last.replace("~1", "/"), miss.known)
    if close:
        rest = pointer[len(miss.stopped) :]
        close = f"; did you mean `{parent}/{close.split('`')[1]}{rest}`?"
    names = ", ".join(miss.known[:12]) + (", ..." if len(miss.known) > 12 else "")
    has = f"has {names}" if miss.known else "has no named properties"
    desc.error(loc, f"{pointer} is not in {what}: {parent or 'the body'} {has}{close}")
    return None


def _answer(
    desc: Description, data: dict[str, Any], view: SpecView, get: Operation | None
) -> dict[str, Any]:
    section = data.get("answer") or {}
    time_format = section.get("time", "iso")
    if time_format not in TIME_FORMATS:
        desc.error(("answer", "time"), f"{time_format!r} is not a time format; write one of"
                   f" {', '.join(TIME_FORMATS)}" + did_you_mean(str(time_format), TIME_FORMATS))  # fmt: skip
    out = {key: section.get(key) for key in ("id", "status", "created", "updated")}
    out["time"] = time_format
    out |= {key: section.get(key) for key in ("error", "results")}
    if get is None:
        return out
    bodies = body_schemas(view.doc, get, "2")
    if not bodies:
        desc.error(("operations", "get"), f"{op_label(get)} answers no JSON body to read the job"
                   " from; name the operation that returns the job")  # fmt: skip
        return out
    what = f"the {'/'.join(c for c, _ in bodies)} answer of {op_label(get)}"
    for key in ("id", "status", "created", "updated", "error", "results"):
        pointer = out[key]
        if not isinstance(pointer, str):
            continue
        reached = _pointer(desc, ("answer", key), pointer, view, bodies, what)
        if reached and key in ("created", "updated") and time_format in TIME_FORMATS:
            _time_fits(desc, ("answer", key), reached, time_format)
    return out


def _time_fits(
    desc: Description, loc: tuple[str, ...], schemas: list[dict[str, Any]], time_format: str
) -> None:
    types = set().union(*(json_types(s) for s in schemas)) - {"null"}
    if not types or "any" in types:
        return
    if time_format == "iso" and types <= {"integer", "number"}:
        desc.error(loc, "is a number in the spec; write `time: unix_s` (or unix_ms) under answer")
    elif time_format != "iso" and types <= {"string"}:
        desc.error(loc, "is text in the spec; write `time: iso` under answer (or leave time out)")


def _list(
    desc: Description, data: dict[str, Any], view: SpecView, op: Operation | None
) -> dict[str, Any]:
    section = data.get("list")
    items = (section or {}).get("items")
    if section is not None and op is None:
        desc.error(("list",), "says where a list answer holds jobs, but operations has no"
                   " `list:`; add one or remove this")  # fmt: skip
        return {"items": items}
    bodies = body_schemas(view.doc, op, "2") if op is not None else []
    what = f"the answer of {op_label(op)}" if op is not None else ""
    if items is not None and op is not None:
        reached = _pointer(desc, ("list", "items"), items, view, bodies, what)
        types = set().union(*(json_types(s) for s in reached or [])) - {"null"}
        if reached and types and "any" not in types and "array" not in types:
            desc.error(("list", "items"), f"{items} is not an array in {what}; point at the list")
    elif op is not None and bodies:
        tops = [t for _, s in bodies for t in reach(view.doc, s, []).schemas]
        types = set().union(*(json_types(t) for t in tops))
        if types == {"object"}:
            desc.error(("operations", "list"), f"{what} is an object, not a list; say where its"
                       " jobs are: `list: {items: /data}`")  # fmt: skip
    return {"items": items}


# --- states -------------------------------------------------------------------------------------


def _guess(value: str) -> str:
    """A likely JobStatus for a provider's state, for the message that asks to add it."""
    low = value.lower()
    for status, words in (
        ("cancelling", ("cancelling", "canceling")), ("cancelled", ("cancel", "abort")),
        ("expired", ("expir",)), ("moderated", ("moderat",)),
        ("failed", ("fail", "error", "refus", "reject")),
        ("completed", ("complet", "succe", "done", "finish")),
        ("running", ("process", "run", "progress", "start", "final")),
    ):  # fmt: skip
        if any(w in low for w in words):
            return status
    return "queued"


def _states(
    desc: Description, data: dict[str, Any], view: SpecView, get: Operation | None
) -> dict[str, str]:
    table = {str(k): v for k, v in (data.get("states") or {}).items()}
    for value, status in table.items():
        if not isinstance(status, str) or status not in JOB_STATUSES:
            table[value] = repr(status)  # reported; kept hashable for the checks that follow
            desc.error(("states", value), f"{status!r} is not a JobStatus; write one of"
                       f" {', '.join(JOB_STATUSES)}" + did_you_mean(str(status), JOB_STATUSES))  # fmt: skip
    pointer = (data.get("answer") or {}).get("status")
    if get is None or pointer is None or "states" not in data:
        return table
    schemas = _status_schemas(view, get, pointer)
    values = None if schemas is None else enum_values(view.doc, schemas)
    if values is None:
        if schemas is not None:
            desc.warn(("states",), f"the spec gives {pointer} no enum: the table is not checked")
        return table
    spec_values = [str(v) for v in values]
    for value in spec_values:
        if value not in table:
            desc.error(
                ("states",), f"the spec's `{value}` is missing; add `{value}: {_guess(value)}`"
            )
    for value in table:
        if value not in spec_values:
            missing = [v for v in spec_values if v not in table]
            desc.error(("states", value), f"the spec has no `{value}` (its values:"
                       f" {', '.join(spec_values)}); remove it" + did_you_mean(value, missing))  # fmt: skip
    return table


def _status_schemas(view: SpecView, get: Operation, pointer: str) -> list[dict[str, Any]] | None:
    """The schemas at ``answer.status`` in get's success bodies (None: not known, reported)."""
    tokens = parse_pointer(pointer)
    if tokens is None:
        return None
    out: list[dict[str, Any]] = []
    for _, schema in body_schemas(view.doc, get, "2"):
        got = reach(view.doc, schema, tokens)
        if got.open:
            return []
        out += got.schemas
    return out or None


def _cancellable(
    desc: Description, data: dict[str, Any], states: dict[str, str], has_cancel: bool
) -> list[str]:
    given = data.get("cancellable")
    if given is None:
        return [s for s, status in states.items() if status not in FINAL] if has_cancel else []
    if not has_cancel:
        desc.error(("cancellable",), "names states a cancel may stop, but operations has no"
                   " `cancel:`; add one or remove this")  # fmt: skip
        return []
    for value in given:
        if value not in states:
            desc.error(("cancellable",), f"`{value}` is not in the states table"
                       + did_you_mean(value, states))  # fmt: skip
    return [s for s in states if s in given]


# --- cancel and errors --------------------------------------------------------------------------


def _cancel(
    desc: Description, data: dict[str, Any], view: SpecView, ops: dict[str, Operation],
    answer: dict[str, Any],
) -> dict[str, Any] | None:  # fmt: skip
    section = data.get("cancel")
    op = ops.get("cancel")
    if op is None:
        if section is not None:
            desc.error(("cancel",), "says how a cancel answers, but operations has no `cancel:`;"
                       " add one or remove this")  # fmt: skip
        return None
    if section is None:
        desc.error(("operations", "cancel"), "say how it answers: write `cancel: {strategy:"
                   f" {_suggest_strategy(view, op, answer)}}}` (one of {', '.join(STRATEGIES)})")  # fmt: skip
        return None
    strategy = section.get("strategy")
    if strategy not in STRATEGIES:
        if strategy is not None:
            desc.error(("cancel", "strategy"), f"{strategy!r} is not a cancel strategy; write one"
                       f" of {', '.join(STRATEGIES)}" + did_you_mean(str(strategy), STRATEGIES))  # fmt: skip
        return None
    for key in ("statuses", "match"):
        if key in section and strategy != "conflict":
            desc.error(("cancel", key), f"only a `conflict` strategy reads {key}; remove it")
    if strategy == "conflict":
        return _conflict(desc, section, view, op)
    if strategy == "job" and answer.get("status"):
        bodies = body_schemas(view.doc, op, "2")
        what = f"the answer of {op_label(op)} (strategy job reads the job from it)"
        if not bodies:
            desc.error(("cancel", "strategy"), f"{op_label(op)} answers no JSON body, so it"
                       " cannot be the job; write `strategy: no_content` or `conflict`")  # fmt: skip
        else:
            _pointer(desc, ("cancel", "strategy"), answer["status"], view, bodies, what)
    if strategy == "no_content" and not _bodiless_success(view, op):
        desc.warn(("cancel", "strategy"), f"{op_label(op)} documents no success without a body")
    return {"strategy": strategy, "statuses": None, "match": None}


def _suggest_strategy(view: SpecView, op: Operation, answer: dict[str, Any]) -> str:
    bodies = body_schemas(view.doc, op, "2")
    tokens = parse_pointer(answer.get("status") or "")
    if bodies and tokens and any(reach(view.doc, s, tokens).found for _, s in bodies):
        return "job"
    return "conflict" if {"409", "422"} & set(status_codes(op)) else "no_content"


def _bodiless_success(view: SpecView, op: Operation) -> bool:
    with_body = {code for code, _ in body_schemas(view.doc, op, "2")}
    return any(c.startswith("2") and c not in with_body for c in status_codes(op))


def _conflict(
    desc: Description, section: dict[str, Any], view: SpecView, op: Operation
) -> dict[str, Any]:
    statuses: list[int] = section.get("statuses") or [409, 422]
    for status in statuses:
        if not 400 <= status <= 499:
            desc.error(("cancel", "statuses"), f"{status} is not a client error status (4xx)")
    documented = [s for s in statuses if str(s) in status_codes(op)]
    if "statuses" in section and len(documented) < len(statuses):
        missing = ", ".join(str(s) for s in statuses if s not in documented)
        desc.warn(("cancel", "statuses"), f"{op_label(op)} documents no {missing}")
    match = section.get("match")
    if match and "pointer" in match and "equals" in match:
        bodies = [b for s in documented for b in body_schemas(view.doc, op, s)]
        what = f"the {'/'.join(map(str, documented))} answer of {op_label(op)}"
        _pointer(desc, ("cancel", "match", "pointer"), match["pointer"], view, bodies, what)
        if isinstance(match["equals"], dict | list):
            desc.error(("cancel", "match", "equals"), "must be one value (text, number or boolean)")
    compiled_match = {"pointer": match["pointer"], "equals": match["equals"]} if match else None
    return {"strategy": "conflict", "statuses": statuses, "match": compiled_match}


def _errors(
    desc: Description, data: dict[str, Any], view: SpecView, ops: list[Operation]
) -> dict[str, Any]:
    section = data.get("errors") or {}
    bodies = _error_bodies(view, ops)
    what = "any documented error answer of " + ", ".join(op_label(o) for o in ops)
    out: dict[str, Any] = {}
    for key in ("message", "detail", "code", "fields"):
        out[key] = section.get(key)
        if out[key] is not None:
            _pointer(desc, ("errors", key), out[key], view, bodies, what)
    out["statuses"] = _error_statuses(desc, section.get("statuses"))
    out["busy"] = section.get("busy")
    if out["busy"] is not None:
        busy = [b for op in ops for b in body_schemas(view.doc, op, 429)]
        _pointer(desc, ("errors", "busy"), out["busy"], view, busy, "a documented 429 answer")
    return out


def _error_bodies(view: SpecView, ops: list[Operation]) -> list[tuple[str, Any]]:
    seen: set[int] = set()
    out: list[tuple[str, Any]] = []
    for op in ops:
        for code, schema in body_schemas(view.doc, op, "4") + body_schemas(view.doc, op, "5"):
            if id(schema) not in seen:
                seen.add(id(schema))
                out.append((code, schema))
    return out


def _error_statuses(desc: Description, given: Any) -> dict[str, str]:
    if given is None:
        return {}
    if not isinstance(given, dict):
        desc.error(
            ("errors", "statuses"),
            "must map statuses to meanings, e.g. `{596: moderation_blocked}`",
        )
        return {}
    out: dict[str, str] = {}
    for status, kind in given.items():
        loc = ("errors", "statuses", str(status))
        code = str(status)
        if not (code.isdigit() and 100 <= int(code) <= 599):
            desc.error(loc, f"{status!r} is not an HTTP status (100-599)")
        elif kind not in ERROR_KINDS:
            desc.error(loc, f"{kind!r} is not an error kind; write one of {', '.join(ERROR_KINDS)}"
                       + did_you_mean(str(kind), ERROR_KINDS))  # fmt: skip
        else:
            out[code] = kind
    return out


# --- hints ---------------------------------------------------------------------------------------


def _rate_limit(desc: Description, data: dict[str, Any]) -> dict[str, Any]:
    section = data.get("rate_limit") or {}
    for key, value in section.items():
        if not all(ch.isalnum() or ch in "-_" for ch in value):
            desc.error(
                ("rate_limit", key), f"{value!r} is not a header name, e.g. X-RateLimit-Reset"
            )
    return {"remaining": section.get("remaining"), "reset": section.get("reset")}


def _hooks(desc: Description, data: dict[str, Any]) -> list[str]:
    hooks: list[str] = data.get("hooks") or []
    for hook in hooks:
        if not is_keyword(hook) or hook in _RESERVED_HOOKS:
            desc.error(("hooks",), f"{hook!r} must be a lower-case method name that no client"
                       f" method already has ({', '.join(sorted(_RESERVED_HOOKS))})")  # fmt: skip
    return list(hooks)
