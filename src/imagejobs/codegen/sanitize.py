"""Rewrite (or refuse) what a spec names before the generators turn names into Python.

Both generators escape text well (docstrings, string literals, defaults: tested in
tests/codegen/test_hostile.py), but not names. Measured on openapi-python-client 0.29.1 and
datamodel-code-generator 0.89.0, a spec can otherwise:

- lose an operation silently: two operationIds that snake-case alike (``getItem``, ``get_item``)
  become one module, the second overwriting the first;
- lose a model: two schema names that PascalCase alike (``Item``, ``item``) stop
  openapi-python-client with "duplicate models";
- change or lose an enum value: openapi-python-client strips control characters from enum values
  (a line break inside a value is sent as ``"linebreak"``) and keys members by a sanitised name, so
  ``'a"b'`` and ``'a"b '`` become one member; datamodel-code-generator names members ``format``
  or ``upper``, shadowing ``str`` methods (``mypy --strict`` fails);
- break the generated code: a property or parameter whose Python name is a name the generated
  module itself uses (``to_dict``, ``quote``, ``params``, ``body``...) redefines it; ``body`` even
  makes a duplicate argument, a SyntaxError at import;
- read the network: ``$dynamicRef``/``$recursiveRef`` to a URL make datamodel-code-generator fetch it.

So names that only live in Python (operationIds, component names, enum member names) are renamed
in the effective spec, and a property or parameter named like something the generated code binds
is renamed in Python only (``quote_``; see :data:`TAKEN_IN_PYTHON`), its wire name kept; each
with a warning. A reference that leaves the document is refused at its ``file:line``.
"""

from __future__ import annotations

import keyword
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from .problems import Finding, Level
from .spec.document import LoadedSpec
from .spec.pointer import Pointer, walk
from .spec.walk import Operation, operations

__all__ = ["TAKEN_BY_ENDPOINTS", "TAKEN_IN_PYTHON", "python_name", "sanitize"]

TAKEN_IN_PYTHON = frozenset(
    {
        # Free names of the generated model methods (templates/openapi-python-client/model.py.jinja
        # and the property templates), and the model class's own methods and fields.
        "cast", "isoparse", "json", "cls", "src_dict",
        "to_dict", "from_dict", "to_multipart",
        "additional_properties", "additional_keys", "additional_property",
    }
)  # fmt: skip
"""Names the generated model code binds where a property's Python name is also bound:
openapi-python-client gets them as reserved words (``_opc_run.py``), so such a property is
renamed in Python with ``_`` appended (``to_dict_``), its wire name kept. The template's own locals
start with ``_``, which no Python name of a property can, so they need no entry here."""

TAKEN_BY_ENDPOINTS = frozenset(
    {
        "body", "params", "headers", "cookies", "kwargs", "response", "quote", "httpx", "errors",
        "status_code_of", "sync_detailed", "asyncio_detailed",
    }
)  # fmt: skip
"""Free names of the endpoint functions (endpoint_module.py.jinja, endpoint_macros.py.jinja). A
parameter called like one is renamed the way openapi-python-client renames its own two
(``client``, ``url``): its location appended (``quote_path``, ``body_query``)."""

_DYNAMIC_REFS = ("$dynamicRef", "$recursiveRef")


def sanitize(spec: LoadedSpec) -> list[Finding]:
    """Rewrite ``spec.doc`` in place; findings for each rewrite (warnings) and refusal (errors)."""
    findings: list[Finding] = []
    findings += _foreign_dynamic_refs(spec)
    findings += _distinct_operation_ids(spec)
    findings += _distinct_schema_names(spec)
    findings += _safe_enums(spec)
    findings += _renamed_python_names(spec)
    return findings


# --- references -------------------------------------------------------------------------------


def _foreign_dynamic_refs(spec: LoadedSpec) -> Iterator[Finding]:
    for ptr, node in walk(spec.doc):
        if not isinstance(node, dict):
            continue
        for key in _DYNAMIC_REFS:
            ref = node.get(key)
            if isinstance(ref, str) and not ref.startswith("#"):
                yield spec.finding(
                    (*ptr, key),
                    f"{key} {ref!r} leaves the document; only local #... references are followed",
                    Level.ERROR,
                    "ref-local",
                )


# --- names that only live in Python: renamed ---------------------------------------------------


def _snake(value: str) -> str:
    """openapi-python-client's snake_case (strings.snake_case), for comparing names."""
    value = "".join(c for c in value if c.isidentifier() or c.isdecimal() or c in ". _-")
    if any(c.isupper() for c in value):
        value = " ".join(re.split("([A-Z]?[a-z]+)", value))
    return "_".join(re.findall(r"[^. _-]+", value)).lower()


def _pascal(value: str) -> str:
    return "".join(w.capitalize() if not w.isupper() else w for w in _snake_words(value))


def _snake_words(value: str) -> list[str]:
    value = "".join(c for c in value if c.isidentifier() or c.isdecimal() or c in ". _-")
    if any(c.isupper() for c in value):
        value = " ".join(re.split("([A-Z]?[a-z]+)", value))
    return re.findall(r"[^. _-]+", value)


def _duplicate_operation_ids(spec: LoadedSpec) -> Iterator[Finding]:
    """A vendor's operationId used twice (Fern files make them unique per tag only) is renamed.

    Each of a group gets its first tag in front when their tags tell them apart (``list`` under
    ``agents`` and ``projects``: ``agents_list``, ``projects_list``), so the names do not depend on
    the order of the file; otherwise the second and later are numbered. Our own specs keep the
    lint error instead.
    """
    groups: dict[str, list[Operation]] = {}
    for op in operations(spec.doc):
        if op.operation_id:
            groups.setdefault(op.operation_id, []).append(op)
    taken = set(groups)
    renamed: set[int] = set()
    for op_id, ops in groups.items():
        distinct = [o for o in ops if id(o.op) not in renamed]  # a path item $ref'd twice
        if len({id(o.op) for o in distinct}) < 2:
            continue
        tags = [_first_tag(o) for o in distinct]
        by_tag = all(tags) and len(set(tags)) == len(tags)
        for i, op in enumerate(distinct):
            if not by_tag and i == 0:
                continue
            base = f"{tags[i]}_{op_id}" if by_tag else op_id
            new, n = base, 2
            while new in taken:
                new, n = f"{base}_{n}", n + 1
            taken.add(new)
            renamed.add(id(op.op))
            op.op["operationId"] = new
            yield spec.finding(
                (*op.pointer, "operationId"),
                f"operationId {op_id!r} is used by {len(distinct)} operations; {op.label} is"
                f" generated as {new!r}",
                Level.WARNING,
                "distinct-names",
            )


def _first_tag(op: Operation) -> str:
    tags = op.op.get("tags")
    return tags[0] if isinstance(tags, list) and tags and isinstance(tags[0], str) else ""


def _distinct_operation_ids(spec: LoadedSpec) -> Iterator[Finding]:
    if spec.vendor:
        yield from _duplicate_operation_ids(spec)
    taken: dict[str, str] = {}
    for op in operations(spec.doc):
        op_id = op.op.get("operationId")
        if not isinstance(op_id, str):
            continue
        key = _snake(op_id)
        if key not in taken:
            taken[key] = op_id
            continue
        if taken[key] == op_id:
            continue  # the same id twice is lint's error (operation-id-unique), not a rename
        n = 2
        while _snake(f"{op_id}_{n}") in taken:
            n += 1
        new = f"{op_id}_{n}"
        op.op["operationId"] = new
        taken[_snake(new)] = new
        yield spec.finding(
            (*op.pointer, "operationId"),
            f"operationId {op_id!r} names the same Python function as {taken[key]!r}; "
            f"generated as {new!r}",
            Level.WARNING,
            "distinct-names",
        )


def _distinct_schema_names(spec: LoadedSpec) -> Iterator[Finding]:
    schemas = (spec.doc.get("components") or {}).get("schemas")
    if not isinstance(schemas, dict):
        return
    taken: dict[str, str] = {}
    renames: dict[str, str] = {}
    for name in list(schemas):
        # A dot makes datamodel-code-generator read `issuing.card` as module `issuing`, class
        # `card` ("Modular references require an output directory"): `issuing_card` instead.
        plain = name.replace(".", "_") if "." in name else name
        key = _pascal(plain).lower()
        if key not in taken and (plain == name or plain not in schemas):
            taken[key] = plain
            if plain != name:
                renames[name] = plain
            continue
        n = 2
        while f"{key}{n}" in taken or f"{plain}{n}" in schemas:
            n += 1
        renames[name] = f"{plain}{n}"
        taken[f"{key}{n}"] = renames[name]
    if not renames:
        return
    # Rebuild the mapping so the order (and so the generated order) stays the spec's.
    rebuilt = {renames.get(k, k): v for k, v in schemas.items()}
    schemas.clear()
    schemas.update(rebuilt)
    prefix = "#/components/schemas/"
    for _, node in walk(spec.doc):
        ref = node.get("$ref") if isinstance(node, dict) else None
        if isinstance(ref, str) and ref.startswith(prefix):
            head, sep, rest = ref[len(prefix) :].partition("/")
            name = head.replace("~1", "/").replace("~0", "~")
            if name in renames:
                node["$ref"] = prefix + _escape(renames[name]) + sep + rest
        disc = node.get("discriminator") if isinstance(node, dict) else None
        mapping = disc.get("mapping") if isinstance(disc, dict) else None
        if isinstance(mapping, dict):  # values name schemas too: a reference, or a bare name
            for value, target in list(mapping.items()):
                if isinstance(target, str) and target.startswith(prefix):
                    name = target[len(prefix) :].replace("~1", "/").replace("~0", "~")
                    if name in renames:
                        mapping[value] = prefix + _escape(renames[name])
                elif isinstance(target, str) and target in renames:
                    mapping[value] = renames[target]
    for old, new in renames.items():
        plain = old.replace(".", "_")
        why = (
            "a dot in a schema name reads as a module path to the models generator"
            if new == plain
            else f"names the same Python class as {taken.get(_pascal(plain).lower(), plain)!r}"
        )
        yield spec.finding(
            ("components", "schemas", new),
            f"schema {old!r} {why}; generated as {new!r}",
            Level.WARNING,
            "distinct-names",
        )


def _escape(name: str) -> str:
    return name.replace("~", "~0").replace("/", "~1")


# --- enums ------------------------------------------------------------------------------------


def _mangled(value: str) -> bool:
    """Whether openapi-python-client's string literal escaping drops characters of ``value``."""
    return any(
        (unicodedata.category(c).startswith("C") and c not in "\b\t\f")
        or unicodedata.category(c) in ("Zl", "Zp")
        for c in value
    )


def _opc_member(value: str, index: int) -> str:
    key = value.upper() if value and value[0].isalpha() else f"VALUE_{index}"
    return _snake(key).upper()


def _clean_name(name: Any) -> bool:
    return (
        isinstance(name, str)
        and name.isidentifier()
        and not name.startswith("_")
        and name not in dir(str)
        and not keyword.iskeyword(name)
    )


def _safe_enums(spec: LoadedSpec) -> Iterator[Finding]:
    for ptr, node in list(walk(spec.doc)):
        if not isinstance(node, dict) or not isinstance(node.get("enum"), list):
            continue
        values = node["enum"]
        if not values or not all(isinstance(v, str) for v in values):
            continue
        if any(_mangled(v) for v in values):
            del node["enum"]
            node.setdefault("type", "string")
            node.pop("x-enum-varnames", None)
            node.pop("x-enumNames", None)
            yield spec.finding(
                (*ptr, "enum"),
                "an enum value holds a control character or line break, which the client "
                "generator would drop from the value it sends; generated as a plain string",
                Level.WARNING,
                "safe-enums",
            )
            continue
        given = node.get("x-enum-varnames", node.get("x-enumNames"))
        if isinstance(given, list) and len(given) == len(values):
            names = [str(n) for n in given]
            if all(_clean_name(n) for n in names) and len({_snake(n) for n in names}) == len(names):
                continue  # the vendor's own member names are fine
        opc = [_opc_member(v, i) for i, v in enumerate(values)]
        guess = [re.sub(r"\W+", "_", v.lower()).strip("_") for v in values]
        if (
            not isinstance(given, list)
            and len(set(opc)) == len(opc)
            and not any(g in dir(str) for g in guess)
        ):
            continue
        names = _distinct([n if _clean_name(n) else f"VALUE_{i}" for i, n in enumerate(opc)])
        node["x-enum-varnames"] = names
        node.pop("x-enumNames", None)
        yield spec.finding(
            (*ptr, "enum"),
            "enum member names would collide or shadow `str` methods; named "
            + ", ".join(names[:6])
            + (", ..." if len(names) > 6 else ""),
            Level.WARNING,
            "safe-enums",
        )


def _distinct(names: list[str]) -> list[str]:
    out: list[str] = []
    for i, name in enumerate(names):
        candidate = name
        if _snake(candidate).upper() in {_snake(o).upper() for o in out}:
            candidate = f"{name}_{i}"
        out.append(candidate)
    return out


# --- Python names the generated code itself uses: renamed in Python ----------------------------


def python_name(name: str, location: str | None = None) -> str:
    """The Python name openapi-python-client gives a property (or a ``location`` parameter)."""
    snake = _snake(name)
    if snake in TAKEN_IN_PYTHON or snake in _OPC_RESERVED:
        snake = f"{snake}_"
    if not snake.isidentifier() or name.startswith("_"):
        return f"field_{snake}"
    if location is not None and snake in TAKEN_BY_ENDPOINTS | {"client", "url"}:
        return f"{snake}_{location}"
    return snake


def _opc_reserved() -> frozenset[str]:
    import builtins

    return frozenset((set(dir(builtins)) | {"self", "true", "false", "datetime"}) - {"id"}) | (
        frozenset(keyword.kwlist)
    )


_OPC_RESERVED = _opc_reserved()


def _renamed_python_names(spec: LoadedSpec) -> Iterator[Finding]:
    """A warning for each property or parameter that is renamed in Python (wire name kept)."""
    for ptr, node in walk(spec.doc):
        if not isinstance(node, dict):
            continue
        props = node.get("properties")
        if isinstance(props, dict) and ptr[-1:] != ("properties",):
            for name in props:
                if _snake(str(name)) in TAKEN_IN_PYTHON:
                    yield _renamed(spec, (*ptr, "properties", name), "property", str(name))
        if (
            isinstance(node.get("name"), str)
            and node.get("in") in ("query", "header", "path", "cookie")
            and ptr[-2:-1] in (("parameters",),)
            and _snake(node["name"]) in TAKEN_IN_PYTHON | TAKEN_BY_ENDPOINTS
        ):
            yield _renamed(spec, ptr, "parameter", node["name"], node["in"])


def _renamed(
    spec: LoadedSpec, ptr: Pointer, what: str, name: str, location: str | None = None
) -> Finding:
    return spec.finding(
        ptr,
        f"{what} {name!r} is `{python_name(name, location)}` in Python: the generated code uses"
        f" `{_snake(name)}` itself (the wire name is kept)",
        Level.WARNING,
        "python-names",
    )
