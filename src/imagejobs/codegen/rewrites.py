"""More named rewrites (see :mod:`.normalize`): schema slips real vendor files make.

Each was met in a published spec and stops a generator for the whole document or for the part
that holds it: a ``type: bool`` (AssemblyAI) fails openapi-python-client's parse of the whole
file; a missing ``info.version`` (Anthropic's file) too; a one-member type list
(``type: [object]``, Exa) makes it reference a model module it never writes.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .spec.pointer import Pointer
from .spec.walk import parameters, path_items

JSON = dict[str, Any]

__all__ = ["info_fields", "schema_types", "schemas", "single_type_lists"]

_SCHEMA_MAPS = ("properties", "patternProperties", "$defs", "definitions", "dependentSchemas")
_SCHEMA_LISTS = ("allOf", "oneOf", "anyOf", "prefixItems")
_SCHEMA_ONE = (
    "items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames",
    "unevaluatedItems", "unevaluatedProperties", "additionalItems",
)  # fmt: skip
_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace", "query")


def _dicts(node: Any) -> Iterator[tuple[str, JSON]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict):
                yield key, value


def _schema_roots(doc: JSON) -> Iterator[tuple[Pointer, JSON]]:
    """Every place a Schema Object starts: components, parameters, headers, media types."""
    components = doc.get("components") or {}
    for name, schema in _dicts(components.get("schemas")):
        yield ("components", "schemas", name), schema
    owners: list[tuple[Pointer, JSON]] = list(parameters(doc))
    owners += [(("components", "headers", n), h) for n, h in _dicts(components.get("headers"))]
    for kind in ("responses", "requestBodies"):
        owners += [(("components", kind, n), r) for n, r in _dicts(components.get(kind))]
    for ptr, item in path_items(doc):
        for method, op in _dicts(item):
            if method not in _METHODS:
                continue
            if isinstance(op.get("requestBody"), dict):
                owners.append(((*ptr, method, "requestBody"), op["requestBody"]))
            for status, response in _dicts(op.get("responses")):
                owners.append(((*ptr, method, "responses", status), response))
    for ptr, owner in list(owners):
        for name, header in _dicts(owner.get("headers")):
            owners.append(((*ptr, "headers", name), header))
    for ptr, owner in owners:
        if isinstance(owner.get("schema"), dict):
            yield (*ptr, "schema"), owner["schema"]
        for media, obj in _dicts(owner.get("content")):
            if isinstance(obj.get("schema"), dict):
                yield (*ptr, "content", media, "schema"), obj["schema"]


def schemas(doc: JSON) -> Iterator[tuple[Pointer, JSON]]:
    """Every Schema Object of ``doc`` with its pointer, each once (examples are not schemas)."""
    seen: set[int] = set()
    stack = list(_schema_roots(doc))
    stack.reverse()
    while stack:
        ptr, node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield ptr, node
        children: list[tuple[Pointer, JSON]] = []
        for key in _SCHEMA_MAPS:
            children += [((*ptr, key, n), s) for n, s in _dicts(node.get(key))]
        for key in _SCHEMA_LISTS:
            value = node.get(key)
            if isinstance(value, list):
                children += [
                    ((*ptr, key, i), s) for i, s in enumerate(value) if isinstance(s, dict)
                ]
        for key in _SCHEMA_ONE:
            if isinstance(node.get(key), dict):
                children.append(((*ptr, key), node[key]))
        stack.extend(reversed(children))


_TYPES = frozenset({"string", "number", "integer", "boolean", "array", "object", "null"})
_ALIASES: dict[str, tuple[str, str | None]] = {
    "bool": ("boolean", None), "int": ("integer", None), "long": ("integer", "int64"),
    "str": ("string", None), "text": ("string", None), "float": ("number", "float"),
    "double": ("number", "double"), "decimal": ("number", None), "dict": ("object", None),
    "map": ("object", None), "list": ("array", None), "date": ("string", "date"),
    "datetime": ("string", "date-time"), "file": ("string", "binary"),
}  # fmt: skip


def schema_types(doc: JSON) -> list[Pointer]:
    """A ``type`` that is no JSON Schema type is read as the type it means, or dropped.

    A well-known alias (``bool``, ``int``, ``str``, ``dict``, ``file``...) becomes its type;
    anything else is dropped (any value).

    openapi-python-client validates the whole document first and generates nothing over one.
    """
    touched: list[Pointer] = []
    for ptr, node in schemas(doc):
        value = node.get("type")
        if isinstance(value, str) and value not in _TYPES:
            fixed, fmt = _ALIASES.get(value.lower(), (None, None))
            if fixed is None:
                del node["type"]
            else:
                node["type"] = fixed
                if fmt is not None:
                    node.setdefault("format", fmt)
            touched.append((*ptr, "type"))
        elif isinstance(value, list) and any(t not in _TYPES for t in value):
            mapped = [
                t if t in _TYPES else _ALIASES.get(str(t).lower(), (None, None))[0] for t in value
            ]
            kept = list(dict.fromkeys(t for t in mapped if t is not None))
            if kept:
                node["type"] = kept
            else:
                del node["type"]
            touched.append((*ptr, "type"))
    return touched


def single_type_lists(doc: JSON) -> list[Pointer]:
    """``type: [object]`` becomes ``type: object`` (a list of one type is that type).

    openapi-python-client reads a type list as a union, even of one member, and then references
    a ``..._type_0`` model module it never writes (every importer fails: Exa's research tasks).
    """
    touched: list[Pointer] = []
    for ptr, node in schemas(doc):
        value = node.get("type")
        if isinstance(value, list) and len(value) == 1 and isinstance(value[0], str):
            node["type"] = value[0]
            touched.append((*ptr, "type"))
    return touched


def info_fields(doc: JSON) -> list[Pointer]:
    """Fill a missing ``info``, ``info.title`` or ``info.version`` (both are required).

    openapi-python-client refuses the whole document without them (Anthropic's published file has
    no version); the values only name the generated package's metadata.
    """
    touched: list[Pointer] = []
    info = doc.get("info")
    if not isinstance(info, dict):
        doc["info"] = info = {}
        touched.append(("info",))
    for key, value in (("title", "API"), ("version", "unversioned")):
        if not isinstance(info.get(key), str) or not info[key]:
            info[key] = value if not isinstance(info.get(key), (int, float)) else str(info[key])
            touched.append(("info", key))
    return touched
