"""What a spec change does to the people who import the generated clients.

:func:`diff_specs` compares two versions of an OpenAPI document (after overlays) and returns a
:class:`DiffReport`: one :class:`Change` per difference, classed

- ``breaking``: code written against the old generated client may stop working (an operation,
  status, parameter or response field removed, a required request field added, a type changed...);
- ``warning``: it keeps working but may meet something it does not handle (a new enum value in a
  response, a deprecation);
- ``compatible``: additions old code ignores.

Each change carries its location (path, method, status, JSON pointer), a rule id (oasdiff's id
where one exists; docs/diff-rules.md lists them) and the generated Python symbols it touches, named
the way openapi-python-client and datamodel-code-generator name them. The rules are
direction-aware: narrowing what a client may *send* breaks it, widening what it may *receive* does.

:func:`report_changes` is the build script's hook: it compares each spec with the ``openapi.json``
of its committed generated package and prints a short report per changed spec.
"""

from __future__ import annotations

import json
import keyword
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, TextIO

from .specload import HTTP_METHODS, Pointer, pointer_str, resolve_pointer

if TYPE_CHECKING:
    from .config import CodegenConfig
    from .generate import Plan

Severity = Literal["breaking", "warning", "compatible"]
SEVERITIES: tuple[Severity, ...] = ("breaking", "warning", "compatible")
FORMATS = ("text", "json", "markdown")

# Formats that change the Python type the generators emit (datetime, UUID, SecretStr, File...).
# Other formats (int32, int64, float...) map to the same Python type, so changing them is not
# something a user of the generated client can notice.
PYTHON_FORMATS = frozenset(
    {
        "date-time",
        "date",
        "time",
        "duration",
        "uuid",
        "binary",
        "byte",
        "password",
        "uri",
        "email",
        "ipv4",
        "ipv6",
    }
)
# Bounds: keyword -> (oasdiff's name for it, True for an upper bound).
BOUNDS: dict[str, tuple[str, bool]] = {
    "maxLength": ("max-length", True),
    "maximum": ("max", True),
    "exclusiveMaximum": ("exclusive-max", True),
    "maxItems": ("max-items", True),
    "maxProperties": ("max-properties", True),
    "minLength": ("min-length", False),
    "minimum": ("min", False),
    "exclusiveMinimum": ("exclusive-min", False),
    "minItems": ("min-items", False),
    "minProperties": ("min-properties", False),
}
_PATH_VAR = re.compile(r"\{([^}]*)\}")
# openapi-python-client's default `field_prefix`, used for identifiers that are not valid Python.
_FIELD_PREFIX = "field_"


class DiffError(Exception):
    """A document that cannot be compared (e.g. a ``$ref`` that leads nowhere)."""


# --- the result -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new spec, and what it means for clients."""

    rule: str
    severity: Severity
    message: str
    path: str | None = None
    method: str | None = None
    """Upper-case HTTP method."""
    status: str | None = None
    pointer: str = ""
    """URI-fragment JSON pointer (``#/components/...``): in the new spec, or the old one for removals."""
    symbols: tuple[str, ...] = ()
    """Generated Python names affected, e.g. ``imagejobs_gen_useapi.models.Job.status``."""

    @property
    def where(self) -> str:
        """``GET /jobs/ 200``, or ``spec`` for a change outside any operation."""
        parts = [p for p in (self.method, self.path, self.status) if p]
        return " ".join(parts) or "spec"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "path": self.path,
            "method": self.method,
            "status": self.status,
            "pointer": self.pointer,
            "symbols": list(self.symbols),
        }


@dataclass
class DiffReport:
    """Every change between two versions of one spec."""

    old: str
    new: str
    changes: list[Change] = field(default_factory=list)
    spec: str | None = None
    """The codegen name of the spec (``useapi``), when known."""

    def count(self, severity: Severity) -> int:
        """How many changes of this class."""
        return sum(1 for c in self.changes if c.severity == severity)

    @property
    def bump(self) -> str:
        """The suggested semantic-version bump of the generated package."""
        if not self.changes:
            return "none"
        # Warnings are additions (a new enum value) or deprecations: minor, as semver says.
        return "major" if self.count("breaking") else "minor"

    def fails(self, fail_on: str | None) -> bool:
        """True when ``--fail-on`` is set and this report has a change at or above that level."""
        if fail_on == "breaking":
            return self.count("breaking") > 0
        if fail_on == "warning":
            return self.count("breaking") + self.count("warning") > 0
        return False

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "spec": self.spec,
            "old": self.old,
            "new": self.new,
            "bump": self.bump,
            "counts": {s: self.count(s) for s in SEVERITIES},
            "changes": [c.to_dict() for c in self.changes],
        }


# --- generated names --------------------------------------------------------------------------


class SymbolNamer:
    """Names of the generated Python symbols, derived with openapi-python-client's own helpers.

    ``package`` is the generated package (``imagejobs_gen_useapi``); ``None`` names nothing.
    Only component schemas are named as models: inline schemas get generator-made names we would
    have to guess, so changes inside them name the attribute or operation module that holds them.
    """

    def __init__(
        self, package: str | None, class_overrides: Mapping[str, Mapping[str, str]] | None = None
    ) -> None:
        self.package = package
        self.class_overrides = class_overrides or {}

    def _class(self, schema: str) -> str:
        from openapi_python_client.strings import ClassName

        name = str(ClassName(schema, _FIELD_PREFIX))
        return self.class_overrides.get(name, {}).get("class_name", name)

    @staticmethod
    def _ident(name: str) -> str:
        from openapi_python_client.strings import PythonIdentifier

        return str(PythonIdentifier(name, _FIELD_PREFIX))

    def operation(self, path: str, method: str, op: Mapping[str, Any]) -> list[str]:
        """The endpoint module (``<pkg>.api.<tag>.<operation>``) with sync/asyncio functions."""
        if not self.package:
            return []
        from openapi_python_client.strings import PythonIdentifier

        tags = op.get("tags") or ["default"]
        tag = PythonIdentifier(str(tags[0]), "tag")
        op_id = op.get("operationId")
        if isinstance(op_id, str) and op_id:
            name = self._ident(op_id)
        else:  # what openapi-python-client derives when there is no operationId
            name = str(
                PythonIdentifier(
                    f"{method}_{path.replace('{', '').replace('}', '')}", _FIELD_PREFIX
                )
            )
        return [f"{self.package}.api.{tag}.{name}"]

    def argument(self, path: str, method: str, op: Mapping[str, Any], name: str) -> list[str]:
        """A keyword argument of the endpoint functions."""
        return [f"{m} argument {self._ident(name)}" for m in self.operation(path, method, op)]

    def model(self, schema: str) -> list[str]:
        """The attrs model class and the pydantic class of a component schema."""
        if not self.package:
            return []
        out = [f"{self.package}.models.{self._class(schema)}"]
        if schema.isidentifier() and not keyword.iskeyword(schema):
            out.append(f"{self.package}.schemas.{schema}")
        return out

    def attribute(self, schema: str, prop: str) -> list[str]:
        """An attribute of both model classes (snake_case in models, the raw name in schemas)."""
        if not self.package:
            return []
        out = [f"{self.package}.models.{self._class(schema)}.{self._ident(prop)}"]
        if schema.isidentifier() and prop.isidentifier() and not keyword.iskeyword(prop):
            out.append(f"{self.package}.schemas.{schema}.{prop}")
        return out

    def enum_member(self, schema: str, value: Any) -> list[str]:
        """The member of both enum classes for one value (openapi-python-client upper-cases it)."""
        if not self.package or not isinstance(value, str) or not value:
            return self.model(schema)
        from openapi_python_client.strings import snake_case

        # Same steps as openapi-python-client's EnumProperty.values_from_list.
        member = snake_case(value.upper() if value[0].isalpha() else value).upper()
        out = [f"{self.package}.models.{self._class(schema)}.{member}"]
        if schema.isidentifier() and value.isidentifier() and not keyword.iskeyword(value):
            out.append(f"{self.package}.schemas.{schema}.{value}")
        return out

    def client(self) -> list[str]:
        """The authenticated client class."""
        return [f"{self.package}.AuthenticatedClient"] if self.package else []


# --- schema views -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Node:
    """A schema after ``$ref`` resolution, with where it lives and which component owns it."""

    schema: Any
    ptr: Pointer
    owner: str | None = None
    """The component schema (``#/components/schemas/<owner>``) this node belongs to."""
    owner_path: tuple[str, ...] = ()
    """Property names from the owner down to this node; () when the node is the owner itself."""

    @property
    def is_component(self) -> bool:
        return self.owner is not None and not self.owner_path


@dataclass
class _View:
    """A schema with ``allOf`` merged and 3.0/3.1 nullability folded into one flag."""

    types: set[str] = field(default_factory=set)
    nullable: bool = False
    enum: list[Any] | None = None
    extensible: bool = False
    properties: dict[str, _Node] = field(default_factory=dict)
    required: set[str] = field(default_factory=set)
    items: _Node | None = None
    additional: _Node | None = None
    bounds: dict[str, Any] = field(default_factory=dict)
    pattern: str | None = None
    format: str | None = None
    deprecated: bool = False
    read_only: bool = False
    write_only: bool = False


def _ref_pointer(ref: str) -> Pointer:
    if not ref.startswith("#"):
        raise DiffError(f"external $ref {ref!r} is not supported; bundle the spec into one file")
    if ref in ("#", "#/"):
        return ()
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/"))


def _deref(doc: Any, node: _Node) -> _Node:
    """Follow ``$ref`` chains (a chain that loops is an error, not a hang)."""
    seen: set[str] = set()
    schema, ptr, owner, owner_path = node.schema, node.ptr, node.owner, node.owner_path
    while isinstance(schema, dict) and isinstance(schema.get("$ref"), str):
        ref = schema["$ref"]
        if ref in seen:
            raise DiffError(f"$ref cycle through {ref!r} at #{pointer_str(ptr)}")
        seen.add(ref)
        ptr = _ref_pointer(ref)
        try:
            schema = resolve_pointer(doc, ref)
        except (KeyError, IndexError, ValueError):
            raise DiffError(f"dangling $ref {ref!r}: nothing is defined there") from None
        if len(ptr) == 3 and ptr[:2] == ("components", "schemas"):
            owner, owner_path = str(ptr[2]), ()
    return _Node(schema, ptr, owner, owner_path)


def _view(doc: Any, node: _Node) -> _View:
    view = _View()
    _collect(doc, node, view, set())
    if not view.types:  # infer what the keywords imply, so "no type" does not read as "any"
        if view.properties or view.additional is not None:
            view.types.add("object")
        elif view.items is not None:
            view.types.add("array")
        elif view.enum:
            view.types |= {_json_type(v) for v in view.enum if v is not None}
    if "null" in view.types:
        view.types.discard("null")
        view.nullable = True
    return view


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


def _collect(doc: Any, node: _Node, view: _View, seen: set[Pointer]) -> None:
    node = _deref(doc, node)
    if node.ptr in seen or not isinstance(node.schema, dict):
        return
    seen.add(node.ptr)
    s: dict[str, Any] = node.schema
    kind = s.get("type")
    if isinstance(kind, str):
        view.types.add(kind)
    elif isinstance(kind, list):
        view.types |= {str(k) for k in kind}
    if s.get("nullable") is True:
        view.nullable = True
    if isinstance(s.get("x-extensible-enum"), list):
        view.enum, view.extensible = list(s["x-extensible-enum"]), True
    elif isinstance(s.get("enum"), list):
        view.enum = [v for v in s["enum"] if v is not None]
        view.nullable |= None in s["enum"]
    elif "const" in s:
        view.enum = [s["const"]]
    for name, prop in (s.get("properties") or {}).items():
        child = _Node(prop, (*node.ptr, "properties", name), node.owner, (*node.owner_path, name))
        view.properties.setdefault(name, child)
    view.required |= {r for r in s.get("required") or [] if isinstance(r, str)}
    if isinstance(s.get("items"), dict):
        view.items = _Node(s["items"], (*node.ptr, "items"), node.owner, node.owner_path)
    if isinstance(s.get("additionalProperties"), dict):
        view.additional = _Node(
            s["additionalProperties"],
            (*node.ptr, "additionalProperties"),
            node.owner,
            node.owner_path,
        )
    for key in BOUNDS:
        if isinstance(s.get(key), (int, float)) and not isinstance(s.get(key), bool):
            view.bounds[key] = s[key]
    if isinstance(s.get("pattern"), str):
        view.pattern = s["pattern"]
    if isinstance(s.get("format"), str):
        view.format = s["format"]
    view.deprecated |= s.get("deprecated") is True
    view.read_only |= s.get("readOnly") is True
    view.write_only |= s.get("writeOnly") is True
    for i, branch in enumerate(s.get("allOf") or []):
        # allOf parts merge into the class that holds the allOf (openapi-python-client inlines
        # them), so their properties keep this node's owner.
        part = _deref(doc, _Node(branch, (*node.ptr, "allOf", i), node.owner, node.owner_path))
        _collect(doc, _Node(part.schema, part.ptr, node.owner, node.owner_path), view, seen)
    for key in ("anyOf", "oneOf"):
        branches = [
            _deref(doc, _Node(b, (*node.ptr, key, i), node.owner, node.owner_path))
            for i, b in enumerate(s.get(key) or [])
        ]
        real = [
            b
            for b in branches
            if not (isinstance(b.schema, dict) and b.schema.get("type") == "null")
        ]
        if len(real) < len(branches):
            view.nullable = True
        if len(real) == 1:  # `anyOf: [X, {type: "null"}]` is how 3.1 writes "nullable X"
            _collect(doc, real[0], view, seen)
        else:  # a real union: compare the set of branch types only (see docs/diff-rules.md)
            for b in real:
                bt = b.schema.get("type") if isinstance(b.schema, dict) else None
                view.types |= (
                    {bt} if isinstance(bt, str) else set(bt) if isinstance(bt, list) else {"object"}
                )


# --- the comparison ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    """Where a schema comparison is: the operation, status and what the schema describes."""

    direction: Literal["request", "response"]
    path: str
    method: str
    op: Mapping[str, Any]
    status: str | None = None
    subject: str = "body"
    """``body``, ``parameter`` or ``header``: the first word of the rule ids at the root."""
    name: str = ""
    """The parameter or header name, for messages."""
    root_symbols: tuple[str, ...] = ()
    """The symbols of the root (the argument, for a parameter; the module, for a body)."""


def _fmt(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _types(types: set[str]) -> str:
    return "/".join(sorted(types)) if types else "any"


class _Differ:
    def __init__(self, old: dict[str, Any], new: dict[str, Any], names: SymbolNamer) -> None:
        self.old, self.new, self.names = old, new, names
        self.changes: list[Change] = []
        self._seen: dict[tuple[str, str | None, str | None, str | None, str], int] = {}

    # -- recording --

    def add(
        self,
        rule: str,
        severity: Severity,
        message: str,
        ptr: Pointer,
        *,
        path: str | None = None,
        method: str | None = None,
        status: str | None = None,
        symbols: Iterable[str] = (),
    ) -> None:
        pointer = "#" + pointer_str(ptr)
        key = (rule, path, method, status, pointer)
        syms = tuple(dict.fromkeys(symbols))
        if key in self._seen:  # the same node reached twice in one place: one change, all symbols
            i = self._seen[key]
            old = self.changes[i]
            merged = tuple(dict.fromkeys((*old.symbols, *syms)))
            self.changes[i] = Change(
                old.rule,
                old.severity,
                old.message,
                old.path,
                old.method,
                old.status,
                old.pointer,
                merged,
            )
            return
        self._seen[key] = len(self.changes)
        self.changes.append(Change(rule, severity, message, path, method, status, pointer, syms))

    def at(
        self,
        ctx: _Ctx,
        rule: str,
        severity: Severity,
        message: str,
        ptr: Pointer,
        symbols: Iterable[str],
    ) -> None:
        self.add(
            rule,
            severity,
            message,
            ptr,
            path=ctx.path,
            method=ctx.method.upper(),
            status=ctx.status,
            symbols=symbols,
        )

    # -- operations --

    @staticmethod
    def _ops(
        doc: dict[str, Any],
    ) -> dict[tuple[str, str], tuple[str, dict[str, Any], dict[str, Any]]]:
        """(normalized path, method) -> (path, path item, operation); `{x}` and `{y}` match."""
        out: dict[tuple[str, str], tuple[str, dict[str, Any], dict[str, Any]]] = {}
        for path, item in (doc.get("paths") or {}).items():
            if not isinstance(item, dict):
                continue
            for method in HTTP_METHODS:
                if isinstance(item.get(method), dict):
                    out[(_PATH_VAR.sub("{}", path), method)] = (path, item, item[method])
        return out

    def run(self) -> list[Change]:
        old_ops, new_ops = self._ops(self.old), self._ops(self.new)
        for key, (path, _, op) in old_ops.items():
            if key not in new_ops:
                note = " (it was deprecated)" if op.get("deprecated") else ""
                self.add(
                    "api-removed",
                    "breaking",
                    f"operation removed{note}",
                    ("paths", path, key[1]),
                    path=path,
                    method=key[1].upper(),
                    symbols=self.names.operation(path, key[1], op),
                )
                continue
            self._operation(key[1], old_ops[key], new_ops[key])
        for key, (path, _, op) in new_ops.items():
            if key not in old_ops:
                self.add(
                    "endpoint-added",
                    "compatible",
                    "operation added",
                    ("paths", path, key[1]),
                    path=path,
                    method=key[1].upper(),
                    symbols=self.names.operation(path, key[1], op),
                )
        self._security_schemes()
        order = {s: i for i, s in enumerate(SEVERITIES)}
        return sorted(self.changes, key=lambda c: order[c.severity])

    def _operation(
        self,
        method: str,
        old: tuple[str, dict[str, Any], dict[str, Any]],
        new: tuple[str, dict[str, Any], dict[str, Any]],
    ) -> None:
        (old_path, old_item, old_op), (path, item, op) = old, new
        ptr: Pointer = ("paths", path, method)
        module = self.names.operation(path, method, op)
        ctx = _Ctx("request", path, method, op)
        renames: dict[str, str] = {}
        for before, after in zip(_PATH_VAR.findall(old_path), _PATH_VAR.findall(path), strict=True):
            renames[before] = after
            if before != after:
                self.at(
                    ctx,
                    "request-path-parameter-renamed",
                    "breaking",
                    f"path parameter renamed: {before} -> {after}",
                    ("paths", path),
                    self.names.argument(path, method, op, after),
                )
        if old_op.get("operationId") != op.get("operationId"):
            self.at(
                ctx,
                "api-operation-id-changed",
                "breaking",
                f"operationId changed: {old_op.get('operationId')} -> {op.get('operationId')} (the generated module is renamed)",
                (*ptr, "operationId"),
                self.names.operation(old_path, method, old_op) + module,
            )
        old_tag, new_tag = (
            (old_op.get("tags") or ["default"])[0],
            (op.get("tags") or ["default"])[0],
        )
        if old_tag != new_tag:
            self.at(
                ctx,
                "api-tag-changed",
                "breaking",
                f"first tag changed: {old_tag} -> {new_tag} (the generated module moves)",
                (*ptr, "tags"),
                self.names.operation(old_path, method, old_op) + module,
            )
        if op.get("deprecated") and not old_op.get("deprecated"):
            self.at(
                ctx,
                "endpoint-deprecated",
                "warning",
                "operation deprecated",
                (*ptr, "deprecated"),
                module,
            )
        self._parameters(ctx, (old_item, old_op, old_path), (item, op, path), renames)
        self._request_body(ctx, old_op, op, ptr)
        self._responses(ctx, old_op, op, ptr)
        self._security(ctx, old_op, op, ptr)

    # -- parameters --

    def _params(
        self, doc: dict[str, Any], item: dict[str, Any], op: dict[str, Any], path: str
    ) -> dict[tuple[str, str], _Node]:
        out: dict[tuple[str, str], _Node] = {}
        # Operation-level parameters override path-level ones of the same name and location.
        sources: list[tuple[Pointer, Any]] = [
            (("paths", path, "parameters"), item.get("parameters")),
            (("paths", path, "_op_", "parameters"), op.get("parameters")),
        ]
        for where, params in sources:
            for i, raw in enumerate(params or []):
                node = _deref(doc, _Node(raw, (*where, i)))
                if isinstance(node.schema, dict) and "name" in node.schema:
                    out[(str(node.schema.get("in")), str(node.schema["name"]))] = node
        return out

    def _parameters(
        self,
        ctx: _Ctx,
        old: tuple[dict[str, Any], dict[str, Any], str],
        new: tuple[dict[str, Any], dict[str, Any], str],
        renames: dict[str, str],
    ) -> None:
        olds = self._params(self.old, *old)
        news = self._params(self.new, *new)
        # Match path parameters by position: a rename was reported once, above.
        olds = {
            (k[0], renames.get(k[1], k[1]) if k[0] == "path" else k[1]): v for k, v in olds.items()
        }
        method, op, path = ctx.method, ctx.op, ctx.path
        for key, node in olds.items():
            if key not in news:
                self.at(
                    ctx,
                    "request-parameter-removed",
                    "breaking",
                    f"{key[0]} parameter removed: {key[1]}",
                    _fix(node.ptr, method),
                    self.names.argument(path, method, op, key[1]),
                )
        for key, node in news.items():
            syms = self.names.argument(path, method, op, key[1])
            ptr = _fix(node.ptr, method)
            if key not in olds:
                if node.schema.get("required"):
                    self.at(
                        ctx,
                        "new-required-request-parameter",
                        "breaking",
                        f"new required {key[0]} parameter: {key[1]}",
                        ptr,
                        syms,
                    )
                else:
                    self.at(
                        ctx,
                        "new-optional-request-parameter",
                        "compatible",
                        f"new optional {key[0]} parameter: {key[1]}",
                        ptr,
                        syms,
                    )
                continue
            before = olds[key].schema
            if node.schema.get("required") and not before.get("required"):
                self.at(
                    ctx,
                    "request-parameter-became-required",
                    "breaking",
                    f"{key[0]} parameter became required: {key[1]}",
                    ptr,
                    syms,
                )
            elif before.get("required") and not node.schema.get("required"):
                self.at(
                    ctx,
                    "request-parameter-became-optional",
                    "compatible",
                    f"{key[0]} parameter became optional: {key[1]}",
                    ptr,
                    syms,
                )
            if node.schema.get("deprecated") and not before.get("deprecated"):
                self.at(
                    ctx,
                    "request-parameter-deprecated",
                    "warning",
                    f"{key[0]} parameter deprecated: {key[1]}",
                    ptr,
                    syms,
                )
            if "schema" in before and "schema" in node.schema:
                pctx = _Ctx(
                    "request",
                    path,
                    method,
                    op,
                    None,
                    "parameter",
                    f"{key[0]} parameter {key[1]}",
                    tuple(syms),
                )
                o = _Node(before["schema"], (*_fix(olds[key].ptr, method), "schema"))
                n = _Node(node.schema["schema"], (*ptr, "schema"))
                self._schema(pctx, o, n, "", frozenset())

    # -- request body --

    def _request_body(
        self, ctx: _Ctx, old_op: dict[str, Any], op: dict[str, Any], ptr: Pointer
    ) -> None:
        syms = self.names.argument(ctx.path, ctx.method, op, "body")
        raw_old, raw_new = old_op.get("requestBody"), op.get("requestBody")
        if raw_old is None and raw_new is None:
            return
        if raw_old is None:
            body = _deref(self.new, _Node(raw_new, (*ptr, "requestBody"))).schema
            if body.get("required"):
                self.at(
                    ctx,
                    "request-body-added-required",
                    "breaking",
                    "required request body added",
                    (*ptr, "requestBody"),
                    syms,
                )
            else:
                self.at(
                    ctx,
                    "request-body-added-optional",
                    "compatible",
                    "optional request body added",
                    (*ptr, "requestBody"),
                    syms,
                )
            return
        old_ptr = (*ptr, "requestBody")
        if raw_new is None:
            self.at(ctx, "request-body-removed", "breaking", "request body removed", old_ptr, syms)
            return
        old_node = _deref(self.old, _Node(raw_old, old_ptr))
        new_node = _deref(self.new, _Node(raw_new, (*ptr, "requestBody")))
        if new_node.schema.get("required") and not old_node.schema.get("required"):
            self.at(
                ctx,
                "request-body-became-required",
                "breaking",
                "request body became required",
                new_node.ptr,
                syms,
            )
        elif old_node.schema.get("required") and not new_node.schema.get("required"):
            self.at(
                ctx,
                "request-body-became-optional",
                "compatible",
                "request body became optional",
                new_node.ptr,
                syms,
            )
        self._content(ctx, old_node, new_node, "request-body")

    def _content(self, ctx: _Ctx, old: _Node, new: _Node, prefix: str) -> None:
        """Media types of a request body or response, and the schema of each one they share."""
        old_content = old.schema.get("content") or {}
        new_content = new.schema.get("content") or {}
        where = f" (status {ctx.status})" if ctx.status else ""
        module = self.names.operation(ctx.path, ctx.method, ctx.op)
        for media in old_content:
            if media not in new_content:
                self.at(
                    ctx,
                    f"{prefix}-media-type-removed",
                    "breaking",
                    f"media type removed: {media}{where}",
                    (*old.ptr, "content", media),
                    module,
                )
        for media, value in new_content.items():
            if media not in old_content:
                self.at(
                    ctx,
                    f"{prefix}-media-type-added",
                    "compatible",
                    f"media type added: {media}{where}",
                    (*new.ptr, "content", media),
                    module,
                )
                continue
            before = old_content[media]
            if (
                isinstance(before, dict)
                and isinstance(value, dict)
                and "schema" in before
                and "schema" in value
            ):
                o = _Node(before["schema"], (*old.ptr, "content", media, "schema"))
                n = _Node(value["schema"], (*new.ptr, "content", media, "schema"))
                self._schema(ctx, o, n, "", frozenset())

    # -- responses --

    def _responses(
        self, ctx: _Ctx, old_op: dict[str, Any], op: dict[str, Any], ptr: Pointer
    ) -> None:
        old_responses = old_op.get("responses") or {}
        new_responses = op.get("responses") or {}
        module = self.names.operation(ctx.path, ctx.method, op)
        for status in old_responses:
            if status not in new_responses:
                kind = "success" if str(status).startswith("2") else "non-success"
                self.add(
                    f"response-{kind}-status-removed",
                    "breaking",
                    f"response status removed: {status}",
                    (*ptr, "responses", status),
                    path=ctx.path,
                    method=ctx.method.upper(),
                    status=str(status),
                    symbols=module,
                )
        for status, raw in new_responses.items():
            rctx = _Ctx("response", ctx.path, ctx.method, op, str(status))
            if status not in old_responses:
                success = str(status).startswith("2")
                # A new success status is one more return type the caller's code may not handle.
                self.at(
                    rctx,
                    f"response-{'success' if success else 'non-success'}-status-added",
                    "warning" if success else "compatible",
                    f"response status added: {status}",
                    (*ptr, "responses", status),
                    module,
                )
                continue
            old_node = _deref(self.old, _Node(old_responses[status], (*ptr, "responses", status)))
            new_node = _deref(self.new, _Node(raw, (*ptr, "responses", status)))
            if isinstance(old_node.schema, dict) and isinstance(new_node.schema, dict):
                self._content(rctx, old_node, new_node, "response")
                self._headers(rctx, old_node, new_node)

    def _headers(self, ctx: _Ctx, old: _Node, new: _Node) -> None:
        olds = {k.lower(): (k, v) for k, v in (old.schema.get("headers") or {}).items()}
        news = {k.lower(): (k, v) for k, v in (new.schema.get("headers") or {}).items()}
        module = self.names.operation(ctx.path, ctx.method, ctx.op)
        for key, (name, raw) in olds.items():
            if key not in news:
                header = _deref(self.old, _Node(raw, (*old.ptr, "headers", name)))
                required = isinstance(header.schema, dict) and header.schema.get("required")
                self.at(
                    ctx,
                    f"{'required' if required else 'optional'}-response-header-removed",
                    "breaking" if required else "warning",
                    f"response header removed: {name}",
                    (*old.ptr, "headers", name),
                    module,
                )
        for key, (name, raw) in news.items():
            if key not in olds:
                self.at(
                    ctx,
                    "response-header-added",
                    "compatible",
                    f"response header added: {name}",
                    (*new.ptr, "headers", name),
                    module,
                )
                continue
            o = _deref(self.old, _Node(olds[key][1], (*old.ptr, "headers", olds[key][0])))
            n = _deref(self.new, _Node(raw, (*new.ptr, "headers", name)))
            if (
                isinstance(o.schema, dict)
                and isinstance(n.schema, dict)
                and "schema" in o.schema
                and "schema" in n.schema
            ):
                hctx = _Ctx(
                    "response",
                    ctx.path,
                    ctx.method,
                    ctx.op,
                    ctx.status,
                    "header",
                    f"header {name}",
                    tuple(module),
                )
                self._schema(
                    hctx,
                    _Node(o.schema["schema"], (*o.ptr, "schema")),
                    _Node(n.schema["schema"], (*n.ptr, "schema")),
                    "",
                    frozenset(),
                )

    # -- schemas --

    def _schema(
        self,
        ctx: _Ctx,
        old: _Node,
        new: _Node,
        label: str,
        stack: frozenset[tuple[Pointer, Pointer]],
    ) -> None:
        """Compare two schemas in one direction; ``label`` is the property path ("" at the root)."""
        old, new = _deref(self.old, old), _deref(self.new, new)
        if (old.ptr, new.ptr) in stack:  # a recursive schema: this pair is already being compared
            return
        stack = stack | {(old.ptr, new.ptr)}
        ov, nv = _view(self.old, old), _view(self.new, new)
        request = ctx.direction == "request"
        subject = f"{ctx.direction}-{'property' if label else ctx.subject}"
        what = (
            f"{ctx.direction} property {label}" if label else (ctx.name or f"{ctx.direction} body")
        )
        if label:
            syms: list[str] = list(ctx.root_symbols)
        elif ctx.subject == "body" and new.is_component and new.owner:
            syms = self.names.model(new.owner)
        else:
            syms = list(ctx.root_symbols) or self.names.operation(ctx.path, ctx.method, ctx.op)

        def emit(
            rule: str,
            severity: Severity,
            message: str,
            ptr: Pointer = new.ptr,
            symbols: Iterable[str] = syms,
        ) -> None:
            self.at(ctx, f"{subject}-{rule}", severity, message, ptr, symbols)

        # Types, with 3.1 `type: [x, "null"]` and 3.0 `nullable` already folded into a flag.
        if ov.types != nv.types:
            widened = (
                (not nv.types)
                or (ov.types and ov.types <= nv.types)
                or (ov.types == {"integer"} and "number" in nv.types)
            )
            narrowed = (
                (not ov.types)
                or (nv.types and nv.types <= ov.types)
                or (nv.types == {"integer"} and "number" in ov.types)
            )
            if (widened and request) or (narrowed and not request):
                emit(
                    "type-compatible",
                    "compatible",
                    f"{what}: type {_types(ov.types)} -> {_types(nv.types)}",
                )
            else:
                emit(
                    "type-changed",
                    "breaking",
                    f"{what}: type changed {_types(ov.types)} -> {_types(nv.types)}",
                )
        if ov.format != nv.format and ({ov.format, nv.format} & PYTHON_FORMATS):
            emit(
                "format-changed",
                "breaking",
                f"{what}: format changed {ov.format or 'none'} -> {nv.format or 'none'} (the Python type changes)",
            )
        if nv.nullable and not ov.nullable:
            emit(
                "became-nullable",
                "compatible" if request else "breaking",
                f"{what} became nullable",
            )
        elif ov.nullable and not nv.nullable:
            emit(
                "became-not-nullable",
                "breaking" if request else "compatible",
                f"{what} became not nullable",
            )
        self._enum(ctx, emit, what, ov, nv, new, old, syms)
        self._bounds(emit, what, ov, nv, request)
        if ov.pattern != nv.pattern:
            if ov.pattern is None:
                emit(
                    "pattern-added",
                    "breaking" if request else "compatible",
                    f"{what}: pattern added {nv.pattern}",
                )
            elif nv.pattern is None:
                emit(
                    "pattern-removed",
                    "compatible" if request else "breaking",
                    f"{what}: pattern removed {ov.pattern}",
                )
            else:
                emit(
                    "pattern-changed",
                    "warning",
                    f"{what}: pattern changed {ov.pattern} -> {nv.pattern}",
                )
        self._properties(ctx, old, new, ov, nv, label, stack, syms)
        if ov.items is not None and nv.items is not None:
            self._schema(ctx, ov.items, nv.items, f"{label}[]" if label else "[]", stack)
        if ov.additional is not None and nv.additional is not None:
            self._schema(
                ctx, ov.additional, nv.additional, f"{label}{{}}" if label else "{}", stack
            )

    def _enum(
        self,
        ctx: _Ctx,
        emit: Any,
        what: str,
        ov: _View,
        nv: _View,
        new: _Node,
        old: _Node,
        syms: list[str],
    ) -> None:
        request = ctx.direction == "request"
        if ov.enum is None and nv.enum is not None:
            emit(
                "became-enum",
                "breaking" if request else "compatible",
                f"{what} was restricted to enum values {_fmt(nv.enum)}",
            )
            return
        if ov.enum is None or nv.enum is None:
            return
        owner = new.owner if new.is_component else None
        for value in ov.enum:
            if value not in nv.enum:
                member = (
                    self.names.enum_member(owner, value) if owner and old.is_component else syms
                )
                emit(
                    "enum-value-removed",
                    "breaking" if request else "compatible",
                    f"{what}: enum value removed {_fmt(value)}",
                    old.ptr,
                    member,
                )
        for value in nv.enum:
            if value not in ov.enum:
                member = self.names.enum_member(owner, value) if owner else syms
                # Old clients may meet a value they cannot parse, unless the enum says it grows.
                severity: Severity = "compatible" if request or nv.extensible else "warning"
                emit(
                    "enum-value-added",
                    severity,
                    f"{what}: enum value added {_fmt(value)}",
                    new.ptr,
                    member,
                )

    @staticmethod
    def _bounds(emit: Any, what: str, ov: _View, nv: _View, request: bool) -> None:
        for key, (name, upper) in BOUNDS.items():
            a, b = ov.bounds.get(key), nv.bounds.get(key)
            if a == b:
                continue
            if a is None:
                change, tighter = "set", True
            elif b is None:
                change, tighter = "unset", False
            else:
                change = "increased" if b > a else "decreased"
                tighter = (b < a) if upper else (b > a)
            # Tighter input rejects what clients send; looser output is what pydantic models reject.
            severity: Severity = "breaking" if tighter == request else "compatible"
            emit(
                f"{name}-{change}",
                severity,
                f"{what}: {key} {'none' if a is None else a} -> {'none' if b is None else b}",
            )

    def _properties(
        self,
        ctx: _Ctx,
        old: _Node,
        new: _Node,
        ov: _View,
        nv: _View,
        label: str,
        stack: frozenset[tuple[Pointer, Pointer]],
        parent_syms: list[str],
    ) -> None:
        request = ctx.direction == "request"
        # readOnly properties never travel in a request, writeOnly ones never in a response.
        hidden = "read_only" if request else "write_only"

        def attr(node: _Node, name: str) -> list[str]:
            if node.owner:
                return self.names.attribute(node.owner, (*node.owner_path, name)[0])
            return parent_syms or self.names.operation(ctx.path, ctx.method, ctx.op)

        def is_hidden(doc: Any, node: _Node) -> bool:
            return bool(getattr(_view(doc, node), hidden))

        d = ctx.direction
        # Inside a component schema, name properties from that schema (its pointer says which):
        # `maxJobs`, not `{}.maxJobs` for every path that reaches MidjourneyAccount.
        if new.is_component:
            label = ""
        for name, node in ov.properties.items():
            if name in nv.properties or is_hidden(self.old, node):
                continue
            full = f"{label}.{name}" if label else name
            was = "required " if name in ov.required else ""
            self.at(
                ctx,
                f"{d}-property-removed",
                "breaking",
                f"{d} {was}property removed: {full}",
                node.ptr,
                attr(old, name),
            )
        for name, node in nv.properties.items():
            full = f"{label}.{name}" if label else name
            syms = attr(new, name)
            if is_hidden(self.new, node):
                continue
            if name not in ov.properties:
                required = name in nv.required
                if request and required:
                    self.at(
                        ctx,
                        "new-required-request-property",
                        "breaking",
                        f"new required request property: {full}",
                        node.ptr,
                        syms,
                    )
                elif request:
                    self.at(
                        ctx,
                        "new-optional-request-property",
                        "compatible",
                        f"new optional request property: {full}",
                        node.ptr,
                        syms,
                    )
                else:
                    self.at(
                        ctx,
                        "response-property-added",
                        "compatible",
                        f"response property added: {full}",
                        node.ptr,
                        syms,
                    )
                continue
            was_req, is_req = name in ov.required, name in nv.required
            if is_req and not was_req:
                self.at(
                    ctx,
                    f"{d}-property-became-required",
                    "breaking" if request else "compatible",
                    f"{d} property became required: {full}",
                    node.ptr,
                    syms,
                )
            elif was_req and not is_req:
                self.at(
                    ctx,
                    f"{d}-property-became-optional",
                    "compatible" if request else "breaking",
                    f"{d} property became optional: {full}",
                    node.ptr,
                    syms,
                )
            if (
                _view(self.new, node).deprecated
                and not _view(self.old, ov.properties[name]).deprecated
            ):
                self.at(
                    ctx,
                    f"{d}-property-deprecated",
                    "warning",
                    f"{d} property deprecated: {full}",
                    node.ptr,
                    syms,
                )
            sub = _Ctx(
                ctx.direction,
                ctx.path,
                ctx.method,
                ctx.op,
                ctx.status,
                ctx.subject,
                ctx.name,
                tuple(syms),
            )
            self._schema(sub, ov.properties[name], node, full, stack)

    # -- security --

    @staticmethod
    def _requirements(doc: dict[str, Any], op: dict[str, Any]) -> dict[str, set[str]]:
        """Scheme -> scopes over every alternative (``security: []`` or none: public)."""
        security = op.get("security", doc.get("security")) or []
        out: dict[str, set[str]] = {}
        for requirement in security:
            for scheme, scopes in (requirement or {}).items():
                out.setdefault(scheme, set()).update(scopes or [])
        return out

    def _security(
        self, ctx: _Ctx, old_op: dict[str, Any], op: dict[str, Any], ptr: Pointer
    ) -> None:
        old, new = self._requirements(self.old, old_op), self._requirements(self.new, op)
        where = (*ptr, "security") if "security" in op else ("security",)
        client = self.names.client()
        for scheme in old:
            if scheme not in new:
                self.at(
                    ctx,
                    "api-security-removed",
                    "compatible",
                    f"security scheme no longer required: {scheme}",
                    where,
                    client,
                )
        for scheme, scopes in new.items():
            if scheme not in old:
                self.at(
                    ctx,
                    "api-security-added",
                    "breaking",
                    f"security scheme now required: {scheme}",
                    where,
                    client,
                )
                continue
            for scope in sorted(scopes - old[scheme]):
                self.at(
                    ctx,
                    "api-security-scope-added",
                    "breaking",
                    f"security scope now required: {scheme} {scope}",
                    where,
                    client,
                )
            for scope in sorted(old[scheme] - scopes):
                self.at(
                    ctx,
                    "api-security-scope-removed",
                    "compatible",
                    f"security scope no longer required: {scheme} {scope}",
                    where,
                    client,
                )

    def _security_schemes(self) -> None:
        old = (self.old.get("components") or {}).get("securitySchemes") or {}
        new = (self.new.get("components") or {}).get("securitySchemes") or {}
        client = self.names.client()
        for name in old:
            if name not in new:
                self.add(
                    "api-security-component-removed",
                    "breaking",
                    f"security scheme removed: {name}",
                    ("components", "securitySchemes", name),
                    symbols=client,
                )
        for name, raw in new.items():
            ptr: Pointer = ("components", "securitySchemes", name)
            if name not in old:
                self.add(
                    "api-security-component-added",
                    "compatible",
                    f"security scheme added: {name}",
                    ptr,
                    symbols=client,
                )
                continue
            a = _deref(self.old, _Node(old[name], ptr)).schema
            b = _deref(self.new, _Node(raw, ptr)).schema
            if not (isinstance(a, dict) and isinstance(b, dict)):
                continue
            for key, rule in (
                ("type", "type"),
                ("scheme", "http-scheme"),
                ("in", "api-key-in"),
                ("name", "api-key-name"),
            ):
                if a.get(key) != b.get(key):
                    self.add(
                        f"api-security-component-{rule}-changed",
                        "breaking",
                        f"security scheme {name}: {key} changed {a.get(key)} -> {b.get(key)}",
                        (*ptr, key),
                        symbols=client,
                    )
            old_flows, new_flows = a.get("flows") or {}, b.get("flows") or {}
            for flow, nf in new_flows.items():
                of = old_flows.get(flow)
                if not isinstance(of, dict) or not isinstance(nf, dict):
                    continue
                for key in ("tokenUrl", "authorizationUrl"):
                    if of.get(key) != nf.get(key):
                        rule = "oauth-token-url" if key == "tokenUrl" else "oauth-url"
                        self.add(
                            f"api-security-component-{rule}-changed",
                            "breaking",
                            f"security scheme {name}: {flow} {key} changed {of.get(key)} -> {nf.get(key)}",
                            (*ptr, "flows", flow, key),
                            symbols=client,
                        )
                for scope in of.get("scopes") or {}:
                    if scope not in (nf.get("scopes") or {}):
                        self.add(
                            "api-security-component-oauth-scope-removed",
                            "breaking",
                            f"security scheme {name}: scope removed {scope}",
                            (*ptr, "flows", flow, "scopes"),
                            symbols=client,
                        )
                for scope in nf.get("scopes") or {}:
                    if scope not in (of.get("scopes") or {}):
                        self.add(
                            "api-security-component-oauth-scope-added",
                            "compatible",
                            f"security scheme {name}: scope added {scope}",
                            (*ptr, "flows", flow, "scopes", scope),
                            symbols=client,
                        )
            for flow in old_flows:
                if flow not in new_flows:
                    self.add(
                        "api-security-component-oauth-flow-removed",
                        "breaking",
                        f"security scheme {name}: flow removed {flow}",
                        (*ptr, "flows"),
                        symbols=client,
                    )


def _fix(ptr: Pointer, method: str) -> Pointer:
    """Turn the internal ``_op_`` marker of operation-level parameters into the method."""
    return tuple(method if p == "_op_" else p for p in ptr)


def diff_specs(
    old: dict[str, Any],
    new: dict[str, Any],
    *,
    old_label: str = "old",
    new_label: str = "new",
    spec: str | None = None,
    package: str | None = None,
    class_overrides: Mapping[str, Mapping[str, str]] | None = None,
) -> DiffReport:
    """Compare two OpenAPI documents (overlays already applied) and classify every change.

    ``package`` names the generated package, so changes list the Python symbols they affect.
    Raises :class:`DiffError` when a document cannot be compared (dangling or external ``$ref``).
    """
    if not isinstance(old, dict) or not isinstance(new, dict):
        raise DiffError("both documents must be OpenAPI mappings")
    changes = _Differ(old, new, SymbolNamer(package, class_overrides)).run()
    return DiffReport(old=old_label, new=new_label, changes=changes, spec=spec)


# --- output -----------------------------------------------------------------------------------

_STYLE = {"breaking": "bold red", "warning": "yellow", "compatible": "green"}
_MAX_PLACES = 3


def _grouped(report: DiffReport) -> list[tuple[Change, list[str]]]:
    """Changes that differ only in their operation/status, as one line with every place."""
    groups: dict[tuple[str, str, str, str, tuple[str, ...]], tuple[Change, list[str]]] = {}
    for c in report.changes:
        key = (c.severity, c.rule, c.message, c.pointer, c.symbols)
        groups.setdefault(key, (c, []))[1].append(c.where)
    return list(groups.values())


def _counts(report: DiffReport) -> str:
    n = report.count("warning")
    return f"{report.count('breaking')} breaking, {n} warning{'' if n == 1 else 's'}, {report.count('compatible')} compatible"


def text_lines(report: DiffReport) -> list[tuple[Severity | None, str]]:
    """The text report as (severity, line) pairs; severity is None for headings."""
    name = f"{report.spec}: " if report.spec else ""
    head = f"{name}{report.old} -> {report.new}"
    if not report.changes:
        return [(None, f"{head}: no changes")]
    counts = _counts(report)
    lines: list[tuple[Severity | None, str]] = [(None, f"{head}: {counts}")]
    for change, places in _grouped(report):
        shown = "; ".join(places[:_MAX_PLACES]) + (
            f"; and {len(places) - _MAX_PLACES} more" if len(places) > _MAX_PLACES else ""
        )
        line = f"  {change.severity}: {change.message} ({shown}, {change.pointer})"
        if change.symbols:
            line += " -> " + ", ".join(change.symbols)
        lines.append((change.severity, line))
    lines.append((None, f"suggested bump: {report.bump}"))
    return lines


def render_markdown(report: DiffReport) -> str:
    """A Markdown section for a pull-request comment."""
    title = f"### API changes: {report.spec or report.new}"
    if not report.changes:
        return f"{title}\n\nNo changes between `{report.old}` and `{report.new}`.\n"
    counts = _counts(report)
    out = [
        title,
        "",
        f"`{report.old}` → `{report.new}`: {counts}. **Suggested bump: {report.bump}.**",
        "",
    ]
    out += [
        "| Class | Change | Where | Pointer | Python symbols | Rule |",
        "|---|---|---|---|---|---|",
    ]
    for change, places in _grouped(report):
        cells = [
            change.severity,
            change.message,
            "<br>".join(places),
            f"`{change.pointer}`",
            "<br>".join(f"`{s}`" for s in change.symbols),
            f"`{change.rule}`",
        ]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out) + "\n"


def render_json(reports: Sequence[DiffReport]) -> str:
    """Every report as one JSON document."""
    return (
        json.dumps({"reports": [r.to_dict() for r in reports]}, indent=2, ensure_ascii=False) + "\n"
    )


def print_reports(reports: Sequence[DiffReport], out: TextIO, fmt: str = "text") -> None:
    """Print reports as text (coloured with rich when it is installed), JSON or Markdown."""
    if fmt == "json":
        out.write(render_json(reports))
        return
    if fmt == "markdown":
        out.write("\n".join(render_markdown(r) for r in reports))
        return
    lines = [line for r in reports for line in text_lines(r)]
    try:
        from rich.console import Console
        from rich.markup import escape
    except ImportError:
        for _, line in lines:
            print(line, file=out)
        return
    # soft_wrap: a long line stays one line, so it can be grepped and pasted.
    console = Console(file=out, soft_wrap=True, highlight=False)
    for severity, line in lines:
        if severity is None:
            console.print(escape(line), style="bold")
        else:
            console.print(escape(line), style=_STYLE[severity])


# --- the build script's hook ------------------------------------------------------------------


def report_changes(
    root: Path,
    config: CodegenConfig,
    plans: Sequence[Plan],
    generated: Path,
    *,
    out: TextIO,
    fmt: str = "text",
) -> list[DiffReport]:
    """Compare each plan's effective spec with ``openapi.json`` of its committed package; print.

    Prints nothing for a spec whose effective document did not change, and a one-line note for a
    spec that has no committed package yet. Returns the reports of the changed specs.
    """
    reports: list[DiffReport] = []
    for plan in plans:
        if plan.spec is None:
            continue
        previous = generated / plan.package / "openapi.json"
        label_old = (
            previous.relative_to(root).as_posix()
            if previous.is_relative_to(root)
            else str(previous)
        )
        try:
            old_doc = json.loads(previous.read_text(encoding="utf-8"))
        except FileNotFoundError:
            if fmt == "text":
                print(f"{plan.name}: new spec, no previous {label_old} to compare with", file=out)
            continue
        except (OSError, ValueError) as exc:
            print(f"{plan.name}: cannot read {label_old} ({exc}); no change report", file=out)
            continue
        if old_doc == plan.spec.doc:
            continue
        try:
            report = diff_specs(
                old_doc,
                plan.spec.doc,
                old_label=label_old,
                new_label=" + ".join([plan.entry.spec, *plan.entry.overlays]),
                spec=plan.name,
                package=plan.package,
                class_overrides=plan.entry.class_overrides,
            )
        except DiffError as exc:
            print(f"{plan.name}: cannot compare with {label_old}: {exc}", file=out)
            continue
        if report.changes:
            reports.append(report)
    if reports:
        print_reports(reports, out, fmt)
    return reports


def violates(reports: Iterable[DiffReport], fail_on: str | None) -> bool:
    """True when any report has a change at or above ``fail_on`` (``breaking`` or ``warning``)."""
    return any(r.fails(fail_on) for r in reports)
