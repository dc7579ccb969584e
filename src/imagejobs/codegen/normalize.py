"""Named rewrites of the effective spec for what the generators cannot read.

A vendor's file is kept byte for byte; what openapi-python-client (opc) or
datamodel-code-generator (dcg) cannot take from it is rewritten here, on the effective spec,
before either generator runs (in the spirit of openapi-generator's OpenAPI Normalizer rules).
Each rewrite is switchable per ``codegen.yaml`` entry, mutates the document in place, returns
the JSON pointers it touched (so the pipeline can log how many places), is idempotent, and
leaves a spec that needs nothing of it untouched: our own three specs pass through unchanged.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from . import rewrites
from .rewrites import _pascal
from .spec.pointer import Pointer, RefError, deref
from .spec.walk import GENERATED_METHODS as HTTP_METHODS
from .spec.walk import parameters as _parameters
from .spec.walk import path_items as _path_items

JSON = dict[str, Any]

_PATH_ITEM_FIELDS = frozenset({"$ref", "summary", "description", "servers", "parameters"})
_EXAMPLE_FIELDS = frozenset({"$ref", "summary", "description", "value", "externalValue"})


@dataclass(frozen=True)
class Rewrite:
    """One named rewrite of an OpenAPI document."""

    name: str
    """kebab-case id used in codegen.yaml, e.g. ``const-parameters``."""
    summary: str
    """One line, for the log and the README."""
    apply: Callable[[JSON], list[Pointer]]
    """Mutates the document in place; returns the JSON pointers it touched."""


# --- walking the parts of a document the rewrites care about ------------------------------------


def _dicts(node: Any) -> Iterator[tuple[str, JSON]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict):
                yield key, value


def _operations(doc: JSON) -> Iterator[tuple[Pointer, JSON]]:
    for ptr, item in _path_items(doc):
        for method, op in _dicts(item):
            if method in HTTP_METHODS:
                yield (*ptr, method), op


def _headers(doc: JSON) -> Iterator[tuple[Pointer, JSON]]:
    for name, header in _dicts((doc.get("components") or {}).get("headers")):
        yield ("components", "headers", name), header
    for ptr, response in _responses(doc):
        for name, header in _dicts(response.get("headers")):
            if "$ref" not in header:
                yield (*ptr, "headers", name), header


def _responses(doc: JSON) -> Iterator[tuple[Pointer, JSON]]:
    for name, response in _dicts((doc.get("components") or {}).get("responses")):
        yield ("components", "responses", name), response
    for ptr, op in _operations(doc):
        for status, response in _dicts(op.get("responses")):
            if "$ref" not in response:
                yield (*ptr, "responses", status), response


def _bodies(doc: JSON) -> Iterator[tuple[Pointer, JSON]]:
    for name, body in _dicts((doc.get("components") or {}).get("requestBodies")):
        yield ("components", "requestBodies", name), body
    for ptr, op in _operations(doc):
        inline = op.get("requestBody")
        if isinstance(inline, dict) and "$ref" not in inline:
            yield (*ptr, "requestBody"), inline


def _media_types(doc: JSON) -> Iterator[tuple[Pointer, JSON]]:
    owners = [*_bodies(doc), *_responses(doc), *_parameters(doc), *_headers(doc)]
    for ptr, owner in owners:
        for media, obj in _dicts(owner.get("content")):
            yield (*ptr, "content", media), obj


def _resolve(doc: JSON, node: Any) -> Any:
    """Follow local ``$ref`` chains through the one resolver; None where one leads nowhere."""
    try:
        return deref(doc, node)[0]
    except RefError:
        return None


# --- the rewrites -------------------------------------------------------------------------------


def example_object_keys(doc: JSON) -> list[Pointer]:
    """Rename keys an Example Object may not carry (``title``) to ``x-<key>``.

    3.1's schema forbids them and the validator stops the build; ``examples`` of a Schema
    Object is a plain list of values and is not visited.
    """
    maps: list[tuple[Pointer, Any]] = [
        (("components", "examples"), (doc.get("components") or {}).get("examples"))
    ]
    for ptr, owner in [*_media_types(doc), *_parameters(doc), *_headers(doc)]:
        maps.append(((*ptr, "examples"), owner.get("examples")))
    touched: list[Pointer] = []
    for base, examples in maps:
        for name, example in _dicts(examples):
            for key in list(example):
                if key in _EXAMPLE_FIELDS or key.startswith("x-"):
                    continue
                value = example.pop(key)
                example.setdefault(f"x-{key}", value)
                touched.append((*base, name, key))
    return touched


_JSON_TYPES: dict[type, str] = {str: "string", bool: "boolean", int: "integer", float: "number"}


def const_parameters(doc: JSON) -> list[Pointer]:
    """A ``const`` parameter becomes one opc can take, meaning the same.

    opc types a ``const`` as a ``Literal`` and drops every operation with a ``Literal`` header
    (Runway's ``X-Runway-Version`` on all 64). A required parameter of one allowed value
    (``const``, or an ``enum`` of one) gets that value as its default, so the client sends it
    unasked; an optional ``const`` becomes an ``enum`` of one, so it stays optional (sending it
    unasked would change what the call means: Replicate's ``source=web`` filter).
    """
    touched: list[Pointer] = []
    for ptr, param in _parameters(doc):
        target = _resolve(doc, param.get("schema"))
        if not isinstance(target, dict):
            continue
        if "const" in target:
            value = target["const"]
        elif param.get("required") is True and _one_value(target.get("enum")):
            value = target["enum"][0]
        else:
            continue
        if value is None or type(value) not in _JSON_TYPES:
            continue
        # A shared schema may type other things than this parameter: rewrite a copy.
        new = copy.deepcopy(target)
        new.pop("const", None)
        new.setdefault("type", _JSON_TYPES[type(value)])
        if param.get("required") is True:
            new.pop("enum", None)
            new.setdefault("default", value)
        else:
            new["enum"] = [value]
        param["schema"] = new
        touched.append((*ptr, "schema"))
    return touched


def _one_value(enum: Any) -> bool:
    return isinstance(enum, list) and len(enum) == 1


def _without_null(schema: JSON) -> JSON:
    """A copy of ``schema`` that does not admit null (nullable, a null type or a null branch)."""
    out = copy.deepcopy(schema)
    out.pop("nullable", None)
    if isinstance(out.get("type"), list):
        types = [t for t in out["type"] if t != "null"]
        out["type"] = types[0] if len(types) == 1 else types
    for key in ("anyOf", "oneOf"):
        branches = out.get(key)
        if isinstance(branches, list):
            kept = [b for b in branches if not (isinstance(b, dict) and b.get("type") == "null")]
            if len(kept) == 1 and isinstance(kept[0], dict):
                del out[key]
                out.setdefault("allOf", []).append(kept[0])
            else:
                out[key] = kept
    return out


def _admits_null(schema: Any) -> bool:
    if not isinstance(schema, dict):
        return False
    if schema.get("nullable") is True:
        return True
    if isinstance(schema.get("type"), list) and "null" in schema["type"]:
        return True
    return any(
        isinstance(b, dict) and b.get("type") == "null"
        for key in ("anyOf", "oneOf")
        for b in schema.get(key) or []
    )


def nullable_path_parameters(doc: JSON) -> list[Pointer]:
    """A path parameter whose schema admits null (often through a shared ``$ref``) loses the null.

    A path segment cannot be null, and opc drops the operation ("X | None is not allowed in
    path"). The shared schema is left as it is; the parameter gets a non-null copy.
    """
    touched: list[Pointer] = []
    for ptr, param in _parameters(doc):
        if param.get("in") != "path":
            continue
        target = _resolve(doc, param.get("schema"))
        if _admits_null(target):
            param["schema"] = _without_null(target)
            touched.append((*ptr, "schema"))
    return touched


_SCHEMA_ROOT = "#/components/schemas/"


def _nested_schema_ref(node: Any) -> str | None:
    ref = node.get("$ref") if isinstance(node, dict) else None
    if isinstance(ref, str) and ref.startswith(_SCHEMA_ROOT) and "/" in ref[len(_SCHEMA_ROOT) :]:
        return ref
    return None


def nested_schema_refs(doc: JSON) -> list[Pointer]:
    """Inline a ``$ref`` that points inside another schema (``#/components/schemas/A/properties/b``).

    opc only resolves references to whole components and drops the operation ("Could not find
    reference in parsed models or enums"). The copy keeps the keywords beside the ``$ref``.
    """
    touched: list[Pointer] = []
    # Each entry carries the refs inlined above it: a target that contains its own ref
    # (a recursive property) is inlined once and then left as a ref, so the walk ends.
    stack: list[tuple[Pointer, Any, frozenset[str]]] = [((), doc, frozenset())]
    while stack:
        ptr, node, expanded = stack.pop()
        if isinstance(node, dict):
            ref = _nested_schema_ref(node)
            target = _resolve(doc, node) if ref and ref not in expanded else None
            if isinstance(target, dict) and ref:
                siblings = {k: v for k, v in node.items() if k != "$ref"}
                node.clear()
                node.update(copy.deepcopy(target))
                node.update(siblings)
                touched.append(ptr)
                expanded = expanded | {ref}
            stack.extend(((*ptr, k), v, expanded) for k, v in reversed(node.items()))
        elif isinstance(node, list):
            stack.extend(((*ptr, i), v, expanded) for i, v in reversed(list(enumerate(node))))
    return touched


def _schema_roots(doc: JSON) -> Iterator[tuple[Pointer, JSON]]:
    for name, schema in _dicts((doc.get("components") or {}).get("schemas")):
        yield ("components", "schemas", name), schema
    for ptr, media in _media_types(doc):
        if isinstance(media.get("schema"), dict):
            yield (*ptr, "schema"), media["schema"]
    for ptr, param in _parameters(doc):
        if isinstance(param.get("schema"), dict):
            yield (*ptr, "schema"), param["schema"]


def _collect_enums(
    node: JSON, parent: str, name: str, ptr: Pointer, out: list[tuple[str, Pointer, JSON, str]]
) -> None:
    """Inline enums under ``node`` with the class-name suffix opc gives each (not through $ref)."""
    if "$ref" in node:
        return
    title = node.get("title")
    chain = parent + _pascal(title if isinstance(title, str) and title else name)
    if isinstance(node.get("enum"), list):
        out.append((chain, ptr, node, name))
    for prop, sub in _dicts(node.get("properties")):
        _collect_enums(sub, chain, prop, (*ptr, "properties", prop), out)
    for i, part in enumerate(node.get("allOf") or []):
        if isinstance(part, dict) and "$ref" not in part:
            for prop, sub in _dicts(part.get("properties")):
                _collect_enums(sub, chain, prop, (*ptr, "allOf", i, "properties", prop), out)
    for key in ("oneOf", "anyOf"):
        for i, part in enumerate(node.get(key) or []):
            if isinstance(part, dict):
                _collect_enums(part, parent, f"{name}_type_{i}", (*ptr, key, i), out)
    if isinstance(node.get("items"), dict):
        _collect_enums(node["items"], parent, f"{name}_item", (*ptr, "items"), out)


def inline_enum_names(doc: JSON) -> list[Pointer]:
    """Give distinct titles to inline enums opc would give one class name.

    opc names an inline enum after its path (``thing.kind`` and ``thing_kind`` both become
    ``...ThingKind``) and drops the response or operation when their values differ ("Found
    conflicting enums"). The later one gets a ``title`` that makes its name unique.
    """
    touched: list[Pointer] = []
    for ptr, root in _schema_roots(doc):
        found: list[tuple[str, Pointer, JSON, str]] = []
        _collect_enums(root, "", "", ptr, found)
        values: dict[str, list[Any]] = {}
        for chain, enum_ptr, node, name in found:
            if values.setdefault(chain, node["enum"]) == node["enum"]:
                continue
            n = 2
            while f"{chain}{n}" in values:
                n += 1
            node["title"] = f"{name} {n}"
            values[f"{chain}{n}"] = node["enum"]
            touched.append((*enum_ptr, "title"))
    return touched


REWRITES: dict[str, Rewrite] = {
    r.name: r
    for r in (
        Rewrite(
            "info-fields",
            "fill a missing info.title or info.version (both required; openapi-python-client refuses the file)",
            rewrites.info_fields,
        ),
        Rewrite(
            "schema-types",
            "a `type` that is no JSON Schema type: an alias (bool, int, str, dict, file...) becomes the type it means, anything else is dropped",
            rewrites.schema_types,
        ),
        Rewrite(
            "single-type-lists",
            "a type list of one type (`type: [object]`) becomes that type",
            rewrites.single_type_lists,
        ),
        Rewrite(
            "array-headers",
            "a header parameter that is an array of scalars becomes a string (the comma-separated values it is on the wire)",
            rewrites.array_headers,
        ),
        Rewrite(
            "binary-content",
            "a 3.1 string with contentMediaType and no contentEncoding is bytes: format binary (a file in multipart)",
            rewrites.binary_content,
        ),
        Rewrite(
            "model-defaults",
            "drop a default the models generator cannot type: on a oneOf/anyOf, an object for a model-typed field, or of another type than the schema's",
            rewrites.model_defaults,
        ),
        Rewrite(
            "union-arrays",
            "a oneOf/anyOf with several array members gets one array of their item types (lists cannot be told apart at run time)",
            rewrites.union_arrays,
        ),
        Rewrite(
            "union-members",
            "the inline object members of a component's oneOf/anyOf become components of their own (<Component>Type<i>)",
            rewrites.union_members,
        ),
        Rewrite(
            "distinct-titles",
            "a component whose title would name another component's class loses the title",
            rewrites.distinct_titles,
        ),
        Rewrite(
            "allof-overrides",
            "an allOf whose parts define a property differently becomes one object (the models generator's subclass would override the field with an incompatible type)",
            rewrites.allof_overrides,
        ),
        Rewrite(
            "discriminator-bases",
            "a base schema's enum-typed discriminator property becomes a string, so each member's literal fits it",
            rewrites.discriminator_bases,
        ),
        Rewrite(
            "example-object-keys",
            "rename keys an Example Object may not carry (title) to x-<key>",
            example_object_keys,
        ),
        Rewrite(
            "const-parameters",
            "a required parameter of one value (const, one-value enum) defaults to it; an optional const "
            "becomes a one-value enum",
            const_parameters,
        ),
        Rewrite(
            "nullable-path-parameters",
            "drop null from the schema of a path parameter (a path segment is never null)",
            nullable_path_parameters,
        ),
        Rewrite(
            "nested-schema-refs",
            "inline a $ref that points inside another schema (#/components/schemas/A/properties/b)",
            nested_schema_refs,
        ),
        Rewrite(
            "inline-enum-names",
            "give distinct titles to inline enums opc would give one class name",
            inline_enum_names,
        ),
    )
}
"""Every rewrite, in application order."""

DEFAULT_ENABLED: tuple[str, ...] = tuple(REWRITES)
"""The rewrites that run for a vendor spec unless its entry says otherwise."""

_NAME = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
assert all(_NAME.match(name) for name in REWRITES)


def normalize(doc: JSON, enabled: Iterable[str]) -> dict[str, list[Pointer]]:
    """Apply the ``enabled`` rewrites to ``doc`` in registry order; name -> pointers touched."""
    wanted = list(enabled)
    unknown = [name for name in wanted if name not in REWRITES]
    if unknown:
        raise ValueError(
            f"unknown normalization {', '.join(map(repr, unknown))}; known: {', '.join(REWRITES)}"
        )
    return {name: r.apply(doc) for name, r in REWRITES.items() if name in wanted}
