"""Follow a description's JSON pointers into the schemas of a spec's answers.

``answer.status: /status`` must name something the get operation's success body can hold. A body
schema is followed through ``$ref`` and every ``allOf``/``oneOf``/``anyOf`` member (a property
that any member has exists), into ``properties``, ``items`` (for an index) and
``additionalProperties``. A schema that says nothing about its shape (``{}``, ``type: object``
with no properties, a vendor's untyped ``output``) holds anything, so a pointer through it is
accepted: only what the spec rules out is refused.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..spec.pointer import RefError, deref

__all__ = ["Reach", "enum_values", "json_types", "parse_pointer", "reach"]

_COMBINATORS = ("allOf", "oneOf", "anyOf")
_SHAPE_KEYS = ("properties", "items", "additionalProperties", "prefixItems", *_COMBINATORS)
_MAX_NODES = 10_000
"""Alternatives followed per step: a hostile spec's combinator fan-out stops here."""


def parse_pointer(text: str) -> list[str] | None:
    """The tokens of an RFC 6901 pointer (``/a~1b/0`` -> ``["a/b", "0"]``); None if it is not one."""
    if not text.startswith("/"):
        return None
    tokens = text[1:].split("/")
    if any("~" in t.replace("~0", "").replace("~1", "") for t in tokens):
        return None  # a `~` not followed by 0 or 1
    return [t.replace("~1", "/").replace("~0", "~") for t in tokens]


@dataclass
class Reach:
    """Where a pointer led in a schema."""

    schemas: list[dict[str, Any]] = field(default_factory=list)
    """The schemas at the pointer (every alternative), when the spec rules them."""
    open: bool = False
    """An unconstrained schema was met on the way: the pointer may name anything below it."""
    stopped: str = ""
    """Where the pointer left the schema (its first tokens), when it did."""
    known: list[str] = field(default_factory=list)
    """The names the schema has there, for the message."""

    @property
    def found(self) -> bool:
        return self.open or bool(self.schemas)


def _alternatives(doc: Any, schema: Any) -> Iterator[dict[str, Any]]:
    """``schema`` and every combinator member below it, each ``$ref`` followed once."""
    stack: list[Any] = [schema]
    seen: set[int] = set()
    while stack and len(seen) < _MAX_NODES:
        node = stack.pop()
        try:
            node, _ = deref(doc, node)
        except RefError:
            continue  # lint reports broken references; here it only rules nothing out
        if not isinstance(node, dict) or id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        for key in _COMBINATORS:
            members = node.get(key)
            if isinstance(members, list):
                stack.extend(reversed(members))


def _is_open(node: dict[str, Any]) -> bool:
    """A schema that does not say what it holds: an object, array or anything, unconstrained."""
    if any(key in node for key in _SHAPE_KEYS):
        return node.get("additionalProperties") is True or "patternProperties" in node
    if "enum" in node or "const" in node:
        return False  # one of some values: nothing below it
    types = node.get("type")
    if types is None:
        return True
    kinds = types if isinstance(types, list) else [types]
    return any(isinstance(k, str) and k in ("object", "array") for k in kinds)


def _step(doc: Any, alternatives: list[dict[str, Any]], token: str) -> tuple[list[Any], bool]:
    """The child schemas named by ``token`` in any alternative; True when one is open."""
    children: list[Any] = []
    is_open = False
    for node in alternatives:
        props = node.get("properties")
        if isinstance(props, dict) and token in props:
            children.append(props[token])
            continue
        if token.isdigit() or token == "-":  # noqa: S105 (an array index, not a secret)
            if isinstance(node.get("items"), dict):
                children.append(node["items"])
                continue
            prefix = node.get("prefixItems")
            if isinstance(prefix, list) and token.isdigit() and int(token) < len(prefix):
                children.append(prefix[int(token)])
                continue
        extra = node.get("additionalProperties")
        if isinstance(extra, dict) and not (token.isdigit() and "items" in node):
            children.append(extra)
        elif _is_open(node):
            is_open = True
    return children, is_open


def _names(alternatives: list[dict[str, Any]]) -> list[str]:
    names: list[str] = []
    for node in alternatives:
        props = node.get("properties")
        if isinstance(props, dict):
            names += [str(n) for n in props if str(n) not in names]
    return names


def reach(doc: Any, schema: Any, tokens: list[str]) -> Reach:
    """Follow ``tokens`` from ``schema`` (a body schema of ``doc``)."""
    current = list(_alternatives(doc, schema))
    if any(_is_open(n) for n in current) and not tokens:
        return Reach(current, open=True)
    for depth, token in enumerate(tokens):
        children, is_open = _step(doc, current, token)
        if is_open and not children:
            return Reach([], open=True)
        if not children:
            stopped = "/" + "/".join(tokens[: depth + 1])
            return Reach([], stopped=stopped, known=_names(current))
        current = [a for child in children for a in _alternatives(doc, child)]
        if is_open:
            return Reach(current, open=True)
    return Reach(current)


def enum_values(doc: Any, schemas: list[dict[str, Any]]) -> list[Any] | None:
    """The values a status schema allows (``enum``, ``const``, across every alternative).

    None when one alternative allows any text (no enum at all): the table cannot be checked.
    """
    values: list[Any] = []
    free = False
    for top in schemas:
        for node in _alternatives(doc, top):
            if "enum" in node and isinstance(node["enum"], list):
                values += [v for v in node["enum"] if v is not None and v not in values]
            elif "const" in node:
                if node["const"] is not None and node["const"] not in values:
                    values.append(node["const"])
            elif not any(isinstance(node.get(k), list) for k in _COMBINATORS):
                free = free or json_types(node) - {"null"} != set()
    return None if free or not values else values


def json_types(node: dict[str, Any]) -> set[str]:
    """The JSON types a schema's ``type`` names.

    ``{"any"}`` for a schema that does not restrict its type at all; nothing when only its enum,
    const or members say.
    """
    types = node.get("type")
    if isinstance(types, str):
        return {types}
    if isinstance(types, list):
        return {str(t) for t in types}
    if node.get("nullable") is True:
        return {"null"}
    if not any(k in node for k in ("enum", "const", *_COMBINATORS, "$ref")):
        return {"any"}
    return set()
