"""Schema views: ``$ref`` resolution, and ``allOf``, 3.0 ``nullable`` and 3.1 type arrays folded into one view."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..spec.pointer import Pointer, RefError, deref, parse_ref
from ._model import DiffError

__all__ = ["BOUNDS", "_Node", "_View", "_collect", "_deref", "_json_type", "_ref_pointer", "_view"]

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
    try:
        return parse_ref(ref)
    except RefError as exc:
        raise DiffError(str(exc)) from None


def _deref(doc: Any, node: _Node) -> _Node:
    """Follow ``$ref`` chains through the one resolver (a loop or a dangling ref is a DiffError)."""
    if not (isinstance(node.schema, dict) and isinstance(node.schema.get("$ref"), str)):
        return node
    try:
        schema, ptr = deref(doc, node.schema, node.ptr)
    except RefError as exc:
        raise DiffError(str(exc)) from None
    owner, owner_path = node.owner, node.owner_path
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
    _collect_type(s, view)
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
    _collect_parts(doc, node, view, seen)


def _collect_type(s: dict[str, Any], view: _View) -> None:
    """Type, nullability and enum values of one schema object."""
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


def _collect_parts(doc: Any, node: _Node, view: _View, seen: set[Pointer]) -> None:
    """``allOf`` merged in; ``anyOf``/``oneOf`` read as nullable X, or as a set of branch types."""
    s: dict[str, Any] = node.schema
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
