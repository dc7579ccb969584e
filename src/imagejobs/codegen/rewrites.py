"""More named rewrites (see :mod:`.normalize`): schema slips real vendor files make.

Each was met in a published spec and stops a generator for the whole document or for the part
that holds it: a ``type: bool`` (AssemblyAI) fails openapi-python-client's parse of the whole
file; a missing ``info.version`` (Anthropic's file) too; a one-member type list
(``type: [object]``, Exa) makes it reference a model module it never writes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from .spec.pointer import Pointer
from .spec.walk import parameters, path_items

JSON = dict[str, Any]

__all__ = [
    "allof_overrides",
    "array_headers",
    "binary_content",
    "discriminator_bases",
    "distinct_titles",
    "info_fields",
    "model_defaults",
    "schema_types",
    "schemas",
    "single_type_lists",
    "union_arrays",
    "union_members",
]

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


_PY_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "integer": (int,), "number": (int, float), "boolean": (bool,),
    "array": (list,), "object": (dict,), "null": (type(None),),
}  # fmt: skip


def _fits(value: Any, types: Any) -> bool:
    """Whether ``value`` is of one of the JSON Schema ``types`` (a bool is no integer)."""
    names = types if isinstance(types, list) else [types]
    for name in names:
        wanted = _PY_TYPES.get(str(name))
        if wanted is None:
            return True  # an unknown type: not ours to judge
        if isinstance(value, wanted) and not (isinstance(value, bool) and bool not in wanted):
            return True
    return False


def _in_enum(doc: JSON, node: JSON, value: Any) -> bool:
    """Whether ``value`` is one of the schema's ``enum`` (through a ``$ref``), or there is none."""
    from .spec.pointer import RefError, deref

    try:
        target, _ = deref(doc, node)
    except RefError:
        return True
    enum = target.get("enum") if isinstance(target, dict) else None
    return not isinstance(enum, list) or value in enum or (value is None and None in enum)


def _model_like(node: JSON) -> bool:
    return any(key in node for key in ("$ref", "allOf", "properties"))


def model_defaults(doc: JSON) -> list[Pointer]:
    """Drop the ``default`` datamodel-code-generator cannot write with the field's own type.

    Three kinds, each met in published specs and each a ``mypy --strict`` error in the generated
    models (the value still reaches the API: the server applies its own default when the client
    sends nothing):

    - a default on a ``oneOf``/``anyOf`` (``batch_size: oneOf [auto, integer], default: auto``):
      it is given to every branch's model, ``root: int = "auto"``;
    - a JSON object (or a list of them) as the default of a model-typed field: written as a dict
      literal where a model instance is expected;
    - a default of another type than the schema's own ``type`` (``null`` on a ``string``), or
      not among its ``enum`` (openapi-python-client gives up on the whole schema: Picsart's
      ``model`` default is a value its enum no longer lists).
    """
    touched: list[Pointer] = []
    for ptr, node in schemas(doc):
        if "default" not in node:
            continue
        value = node["default"]
        items = node.get("items")
        drop = (
            "oneOf" in node
            or "anyOf" in node
            or (isinstance(value, dict) and _model_like(node))
            or (
                isinstance(value, list)
                and any(isinstance(v, dict) for v in value)
                and isinstance(items, dict)
                and _model_like(items)
            )
            or ("type" in node and not _fits(value, node["type"]) and not node.get("nullable"))
            or not _in_enum(doc, node, value)
        )
        if drop:
            del node["default"]
            touched.append((*ptr, "default"))
    return touched


def discriminator_bases(doc: JSON) -> list[Pointer]:
    """A base schema's enum-typed discriminator property becomes a plain string.

    With ``oneOf`` members that extend a base (``allOf: [$ref Base, ...]``) and a discriminator on
    ``event_type``, datamodel-code-generator types the member's field ``Literal["debug"]`` while the
    base declares the enum ``EventType``: an incompatible override under ``mypy --strict``
    (Cohere's 21 stream events). As ``str`` in the base, every member's literal fits it.
    """
    components = (doc.get("components") or {}).get("schemas")
    if not isinstance(components, dict):
        return []
    prefix = "#/components/schemas/"
    touched: list[Pointer] = []
    for _, node in schemas(doc):
        disc = node.get("discriminator")
        if not isinstance(disc, dict) or not isinstance(disc.get("propertyName"), str):
            continue
        prop = disc["propertyName"]
        for member in [*(node.get("oneOf") or []), *(node.get("anyOf") or [])]:
            ref = member.get("$ref") if isinstance(member, dict) else None
            target = (
                components.get(ref[len(prefix) :])
                if isinstance(ref, str) and ref.startswith(prefix)
                else None
            )
            for part in (target or {}).get("allOf") or []:
                base_ref = part.get("$ref") if isinstance(part, dict) else None
                if not (isinstance(base_ref, str) and base_ref.startswith(prefix)):
                    continue
                base_name = base_ref[len(prefix) :]
                base = components.get(base_name)
                props = base.get("properties") if isinstance(base, dict) else None
                field = props.get(prop) if isinstance(props, dict) else None
                if (
                    isinstance(props, dict)
                    and isinstance(field, dict)
                    and ("enum" in field or "$ref" in field)
                ):
                    props[prop] = {
                        k: v for k, v in field.items() if k in ("description", "title")
                    } | {"type": "string"}
                    touched.append(("components", "schemas", base_name, "properties", prop))
    return touched


_TEXT_MEDIA = ("text/", "application/json", "application/xml", "application/x-www-form-urlencoded")


def binary_content(doc: JSON) -> list[Pointer]:
    """OpenAPI 3.1's bytes (``contentMediaType``, no ``contentEncoding``) become ``format: binary``.

    Both generators read 3.0's ``format: binary`` as a file / ``bytes``.
    Without it openapi-python-client types Topaz's multipart ``image`` as ``str`` and sends
    the bytes' repr (``b'...'``) as text, silently. A ``contentEncoding`` (``base64``) means the bytes travel
    as text inside JSON, so that stays a string; so does a textual media type.
    """
    touched: list[Pointer] = []
    for ptr, node in schemas(doc):
        media = node.get("contentMediaType")
        if (
            node.get("type") == "string"
            and isinstance(media, str)
            and "contentEncoding" not in node
            and "format" not in node
            and not media.lower().startswith(_TEXT_MEDIA)
        ):
            node["format"] = "binary"
            touched.append((*ptr, "format"))
    return touched


_OBJECT_PART_KEYS = frozenset(
    {"type", "properties", "required", "description", "title", "additionalProperties",
     "x-stainless-naming", "deprecated", "example", "examples", "readOnly", "writeOnly"}
)  # fmt: skip


def _object_part(doc: JSON, part: Any, depth: int = 0) -> tuple[dict[str, Any], list[str]] | None:
    """(properties, required) of one ``allOf`` part, its own ``allOf`` flattened.

    None when it is not a plain object schema (a ``oneOf`` inside, an array...).
    """
    from .spec.pointer import RefError, deref

    if depth > 16 or not isinstance(part, dict):
        return None
    try:
        node, _ = deref(doc, part)
    except RefError:
        return None
    if not isinstance(node, dict) or node.get("type", "object") != "object":
        return None
    props: dict[str, Any] = {}
    required: list[str] = []
    for sub in node.get("allOf") or []:
        found = _object_part(doc, sub, depth + 1)
        if found is None:
            return None
        props.update(found[0])
        required += found[1]
    if set(node) - _OBJECT_PART_KEYS - {"allOf", "$ref"} - {k for k in node if k.startswith("x-")}:
        return None
    props.update(node.get("properties") or {})
    required += [r for r in node.get("required") or [] if isinstance(r, str)]
    return props, required


def _discriminated_members(doc: JSON) -> set[str]:
    """``$ref`` strings of the schemas that are members of a union with a discriminator."""
    out: set[str] = set()
    for _, node in schemas(doc):
        if isinstance(node.get("discriminator"), dict):
            for key in ("oneOf", "anyOf"):
                out |= {
                    m["$ref"]
                    for m in node.get(key) or []
                    if isinstance(m, dict) and isinstance(m.get("$ref"), str)
                }
    return out


def allof_overrides(doc: JSON) -> list[Pointer]:
    """An ``allOf`` whose parts define one property differently is written as one object.

    datamodel-code-generator makes ``allOf: [$ref Base, {properties: ...}]`` a subclass of
    ``Base``; when the extension redefines a property of ``Base`` (``stream: const true`` over
    ``stream: boolean``, a narrower ``status``), the subclass overrides the field with a type
    ``mypy --strict`` rejects. The same object with every part's properties (the later part's
    definition winning, as the extension meant) and every ``required`` is what the schema
    validates anyway; openapi-python-client merges ``allOf`` this way itself.
    """
    touched: list[Pointer] = []
    members = _discriminated_members(doc)
    for ptr, node in list(schemas(doc)):
        parts = node.get("allOf")
        if not isinstance(parts, list) or not parts:
            continue
        merged: dict[str, Any] = {}
        required: list[str] = []
        # A part that is itself a discriminated member gets a Literal discriminator field of its
        # own, which an extension's differs from; so does a property the extension only makes
        # required (its class redeclares the field with another type).
        conflict = len(parts) > 1 and any(
            isinstance(p, dict) and p.get("$ref") in members for p in parts
        )
        inherited: set[str] = set()  # properties a base class ($ref part) brings
        for part in parts:
            found = _object_part(doc, part)
            if found is None:
                break
            for name, schema in found[0].items():
                conflict = conflict or (name in merged and merged[name] != schema)
                merged[name] = schema
            if isinstance(part, dict) and "$ref" in part:
                inherited |= set(found[0])
            else:
                inherited -= set(found[0])
            required += found[1]
        else:
            conflict = conflict or any(r in inherited for r in node.get("required") or [])
            if not conflict:
                continue
            del node["allOf"]
            node.setdefault("type", "object")
            node["properties"] = {**merged, **(node.get("properties") or {})}
            if required or node.get("required"):
                node["required"] = list(dict.fromkeys([*required, *(node.get("required") or [])]))
            touched.append((*ptr, "allOf"))
    return touched


def _array_items(doc: JSON, member: Any) -> Any:
    """The item schema of a union member that is an array (through ``$ref``), else None."""
    from .spec.pointer import RefError, deref

    try:
        node, _ = deref(doc, member)
    except RefError:
        return None
    if not isinstance(node, dict) or node.get("type") != "array":
        return None
    if isinstance(node.get("items"), dict):
        return node["items"]
    tuple_items = [i for i in node.get("prefixItems") or [] if isinstance(i, dict)]
    unique = [i for n, i in enumerate(tuple_items) if i not in tuple_items[:n]]
    if len(unique) == 1:
        return unique[0]
    return {"anyOf": unique} if unique else {}


def union_arrays(doc: JSON) -> list[Pointer]:
    """A ``oneOf``/``anyOf`` with several array members gets one array of their item types.

    ``anyOf: [point, array of point]`` where a point is itself an array of numbers cannot be told
    apart at run time (both are lists): openapi-python-client's serializer checks
    ``isinstance(x, list)`` for each and types the second branch unreachable (``mypy --strict``
    errors in Hedra's, OpenAI's and Reducto's models). ``array of (item | item)`` accepts what
    both did.
    """
    touched: list[Pointer] = []
    for ptr, node in list(schemas(doc)):
        for key in ("oneOf", "anyOf"):
            members = node.get(key)
            if not isinstance(members, list):
                continue
            arrays = [
                (i, item)
                for i, m in enumerate(members)
                if (item := _array_items(doc, m)) is not None
            ]
            if len(arrays) < 2:
                continue
            items: list[Any] = []
            for _, item in arrays:
                if item not in items:
                    items.append(item)
            merged: JSON = {
                "type": "array",
                "items": items[0] if len(items) == 1 else {"anyOf": items},
            }
            at = {i for i, _ in arrays}
            rest = [m for i, m in enumerate(members) if i not in at]
            rest.insert(min(at), merged)
            if len(rest) == 1:
                del node[key]
                node.update(merged)
            else:
                node[key] = rest
            touched.append((*ptr, key))
    return touched


def distinct_titles(doc: JSON) -> list[Pointer]:
    """A component schema whose ``title`` would name the class of another one loses the title.

    openapi-python-client names a component's class after its ``title`` when it has one, so
    Anthropic's ``BetaAPIError`` (titled ``APIError``) collides with ``APIError``: "Attempted to
    generate duplicate models", and every operation reaching either is dropped. Without the
    title the class is named after the component, which is unique.
    """
    components = (doc.get("components") or {}).get("schemas")
    if not isinstance(components, dict):
        return []
    owner: dict[str, str] = {}
    for name in components:
        owner.setdefault(_pascal(name), name)
    touched: list[Pointer] = []
    # An inline union member is named after its title too (openapi-python-client's union.py).
    for ptr, node in schemas(doc):
        for key in ("oneOf", "anyOf"):
            for i, member in enumerate(node.get(key) or []):
                title = member.get("title") if isinstance(member, dict) else None
                if isinstance(title, str) and _pascal(title) in owner and "$ref" not in member:
                    del member["title"]
                    touched.append((*ptr, key, i, "title"))
    for name, schema in components.items():
        title = schema.get("title") if isinstance(schema, dict) else None
        if not isinstance(title, str) or not title:
            continue
        cls = _pascal(title)
        if cls == _pascal(name):
            continue
        if owner.setdefault(cls, name) != name:
            del schema["title"]
            touched.append(("components", "schemas", name, "title"))
    return touched


_DELIMITERS = ". _-"


def _pascal(value: str) -> str:
    """openapi-python-client's ``pascal_case`` (0.29.1), which names its classes."""
    value = "".join(c for c in value if c.isidentifier() or c.isdecimal() or c in _DELIMITERS)
    if any(c.isupper() for c in value):
        value = " ".join(re.split("([A-Z]?[a-z]+)", value))
    words = re.findall(rf"[^{re.escape(_DELIMITERS)}]+", value)
    return "".join(w if w.isupper() else w.capitalize() for w in words)


def _inline_object(member: Any) -> bool:
    """An object schema written in place (not a ``$ref``): a model of its own in the client."""
    return (
        isinstance(member, dict)
        and "$ref" not in member
        and (
            member.get("type") == "object"
            or isinstance(member.get("properties"), dict)
            or isinstance(member.get("additionalProperties"), dict)
        )
        and not any(k in member for k in ("oneOf", "anyOf", "allOf", "enum"))
    )


def union_members(doc: JSON) -> list[Pointer]:
    """The inline object members of a component's ``oneOf``/``anyOf`` become components.

    openapi-python-client names such a member after its ``title`` (or ``<Component>_type_<i>``)
    and builds it in two passes; a member with an inline object property of its own, or whose
    title names another class, ends in "Attempted to generate duplicate models" and every
    operation reaching the union is dropped (Twelve Labs' ``TextParamFormat``, OpenAI's
    ``BetaWebSearchApproximateLocation``). As ``<Component>Type<i>`` components, without the
    title that named them, each is built once under a name of its own.
    """
    components = (doc.get("components") or {}).get("schemas")
    if not isinstance(components, dict):
        return []
    touched: list[Pointer] = []
    added: dict[str, JSON] = {}
    for name, schema in list(components.items()):
        if not isinstance(schema, dict):
            continue
        for key in ("oneOf", "anyOf"):
            members = schema.get(key)
            if not isinstance(members, list):
                continue
            for i, member in enumerate(members):
                if not _inline_object(member):
                    continue
                new, n = f"{name}Type{i}", 2
                while new in components or new in added:
                    new, n = f"{name}Type{i}_{n}", n + 1
                hoisted = {k: v for k, v in member.items() if k != "title"}
                added[new] = hoisted
                members[i] = {
                    "$ref": "#/components/schemas/" + new.replace("~", "~0").replace("/", "~1")
                }
                touched.append(("components", "schemas", name, key, i))
    components.update(added)
    return touched


def array_headers(doc: JSON) -> list[Pointer]:
    """A header parameter whose schema is an array of scalars becomes a string.

    openapi-python-client refuses a list in a header ("is not allowed in header") and drops the
    operation (OpenAI's seven ``openai-beta`` operations). On the wire such a header is one
    string anyway: the values joined by commas (``style: simple``), which the caller now passes.
    """
    touched: list[Pointer] = []
    for ptr, param in parameters(doc):
        schema = param.get("schema")
        if (
            param.get("in") != "header"
            or not isinstance(schema, dict)
            or schema.get("type") != "array"
        ):
            continue
        items = schema.get("items")
        if isinstance(items, dict) and items.get("type") not in (
            None,
            "string",
            "integer",
            "number",
            "boolean",
        ):
            continue
        values = items.get("enum") if isinstance(items, dict) else None
        hint = (
            f" (comma-separated; values: {', '.join(map(str, values))})"
            if isinstance(values, list)
            else " (comma-separated)"
        )
        param["schema"] = {"type": "string"}
        param["description"] = (str(param.get("description") or "").rstrip() + hint).strip()
        touched.append((*ptr, "schema"))
    return touched
