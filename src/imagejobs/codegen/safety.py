"""A spec is untrusted input: what we strip from it, and what we refuse to write.

Two defences, in one place so a test can name them all:

1. **Before generation**, :func:`strip_generator_keys` removes the keys with which a schema
   chooses Python imports, types or base classes in datamodel-code-generator (``customBasePath``,
   ``x-python-import``...). With them a spec could make ``import <pkg>.schemas`` run a module of
   its choosing; the ``x-`` spellings even pass validation.
2. **After generation**, :func:`audit_tree` reads every generated module with :mod:`ast` (nothing
   is imported or run) and refuses a module that does not parse, imports anything outside
   :data:`ALLOWED_IMPORTS` or the package itself, or calls the builtins that run code. Whatever a
   generator does with a hostile spec, such code never reaches ``generated/``.
"""

from __future__ import annotations

import ast
import contextlib
import itertools
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .spec.pointer import Pointer, RefError, deref
from .spec.walk import parameters

__all__ = [
    "ALLOWED_IMPORTS",
    "FORBIDDEN_CALLS",
    "GENERATOR_KEYS",
    "GENERATOR_KEY_PREFIXES",
    "audit_module",
    "audit_tree",
    "is_credential_name",
    "is_generator_key",
    "statements",
    "strip_credential_defaults",
    "strip_credential_samples",
    "strip_foreign_extension_refs",
    "strip_generator_keys",
]

GENERATOR_KEYS = frozenset(
    {
        "customBasePath",
        "customTypePath",
        "x-is-base-class",
        "x-is-classvar",
        "x-enum-field-as-literal",
        "x-propertyNames",
    }
)
"""datamodel-code-generator 0.89.0 keys that pick a base class, a type path or class-level
behaviour (checked against its parser: ``_schema_object.JsonSchemaObject`` aliases,
``jsonschema.py``'s ``extras.get``). ``x-propertyNames`` is read as a schema whose ``x-python-type``
names the dict key type. ``x-enum-varnames`` stays: :mod:`.sanitize` checks the names."""
GENERATOR_KEY_PREFIXES = ("x-python-", "x-datamodel-code-generator-")
"""``x-python-import``, ``x-python-type``, ``x-python-union-branch``, ``x-python-unserializable``;
``x-datamodel-code-generator-field-name``, ``-read-as-const``...: a Python import, annotation or
field name chosen by the spec."""

ALLOWED_IMPORTS = frozenset(
    {
        "__future__",
        "abc",
        "attr",
        "attrs",
        "base64",
        "collections",
        "contextlib",
        "copy",
        "dataclasses",
        "datetime",
        "dateutil",
        "decimal",
        "enum",
        "functools",
        "http",
        "httpx",
        "io",
        "ipaddress",
        "json",
        "pathlib",
        "pydantic",
        "re",
        "ssl",
        "types",
        "typing",
        "typing_extensions",
        "urllib",
        "uuid",
    }
)
"""Top-level modules the two generators import for any spec; anything else came from the spec."""
FORBIDDEN_CALLS = frozenset({"__import__", "eval", "exec", "compile", "breakpoint", "open"})


_NAME_MAPS = frozenset({"properties", "patternProperties"})
"""Schema keywords whose keys are names from the API (a property may be called ``customBasePath``),
not keywords: their values are schemas and are searched, the names themselves are kept."""


def strip_generator_keys(doc: Any) -> list[Pointer]:
    """Remove every generator-steering key from ``doc`` (in place); return where they were."""
    removed: list[Pointer] = []
    # (node, its pointer, whether its keys are names rather than keywords)
    stack: list[tuple[Any, Pointer, bool]] = [(doc, (), False)]
    while stack:
        node, ptr, names = stack.pop()
        if isinstance(node, dict):
            for key in list(node):
                if not names and isinstance(key, str) and is_generator_key(key):
                    del node[key]
                    removed.append((*ptr, key))
                else:
                    stack.append((node[key], (*ptr, key), not names and key in _NAME_MAPS))
        elif isinstance(node, list):
            stack.extend((child, (*ptr, i), False) for i, child in enumerate(node))
    return sorted(removed, key=str)


def strip_foreign_extension_refs(doc: Any) -> list[tuple[Pointer, str]]:
    """Remove each vendor extension (``x-...``) that holds a ``$ref`` to another file (in place).

    Fern writes code samples as ``x-fern-examples: ... code: {$ref: ./snippets/list.ts}``. An
    extension is not part of the API and no generator reads one, so the file is never needed; but
    a ``$ref`` that leaves the document is refused wherever it is read, so the extension goes.
    Returns (pointer of the extension, the first such reference in it).
    """
    removed: list[tuple[Pointer, str]] = []
    stack: list[tuple[Any, Pointer]] = [(doc, ())]
    while stack:
        node, ptr = stack.pop()
        if isinstance(node, dict):
            for key in list(node):
                child = node[key]
                if isinstance(key, str) and key.startswith("x-"):
                    ref = _first_foreign_ref(child)
                    if ref is not None:
                        del node[key]
                        removed.append(((*ptr, key), ref))
                        continue
                stack.append((child, (*ptr, key)))
        elif isinstance(node, list):
            stack.extend((child, (*ptr, i)) for i, child in enumerate(node))
    return sorted(removed, key=lambda r: str(r[0]))


def _first_foreign_ref(node: Any) -> str | None:
    stack = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#"):
                return ref
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return None


def is_generator_key(key: str) -> bool:
    """Whether datamodel-code-generator would read ``key`` as a choice of Python code."""
    return key in GENERATOR_KEYS or key.startswith(GENERATOR_KEY_PREFIXES)


def audit_tree(package_dir: Path, package: str) -> list[str]:
    """Problems with the generated modules under ``package_dir``, as ``file: what`` lines."""
    problems: list[str] = []
    for path in sorted(package_dir.rglob("*.py")):
        rel = path.relative_to(package_dir.parent).as_posix()
        try:
            source = path.read_text(encoding="utf-8")
            tree = ast.parse(source, filename=rel)
            # ast.parse accepts what only the compiler refuses (a duplicate argument name, from
            # two parameters that snake-case alike): such a module would fail on import.
            compile(tree, rel, "exec", dont_inherit=True)
        except SyntaxError as exc:
            problems.append(f"{rel}:{exc.lineno}: generated code does not parse: {exc.msg}")
            continue
        except (UnicodeDecodeError, ValueError) as exc:
            problems.append(f"{rel}: generated code cannot be read: {exc}")
            continue
        problems += [f"{rel}:{line}: {what}" for line, what in _audit_module(tree, package)]
    return problems


_CALLS = re.compile(
    r"\b(?:"
    + "|".join(
        re.escape(n) for n in ("__import__", "eval", "exec", "compile", "breakpoint", "open")
    )
    + r")\b"
)


def audit_module(
    tree: ast.Module, package: str, source: str | None = None
) -> list[tuple[int, str]]:
    """(line, what) for each reason to refuse one parsed module; empty when it may be written.

    Imports are statements, found without walking expressions; a call of a forbidden builtin is
    looked for only when ``source`` (when given) names one at all, which generated code rarely
    does: on OpenAI's 1,500 modules the full walk cost seconds.
    """
    found = list(_audit_imports(tree, package))
    if source is None or _CALLS.search(source):
        found += _audit_calls(tree)
    return sorted(found)


def statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Every statement under ``body``, nested ones included, in order."""
    stack = list(reversed(body))
    while stack:
        node = stack.pop()
        yield node
        for attr in ("body", "orelse", "finalbody", "handlers", "cases"):
            children = getattr(node, attr, None)
            if isinstance(children, list):
                stack.extend(reversed([c for c in children if isinstance(c, ast.AST)]))  # type: ignore[misc]


def _audit_module(tree: ast.Module, package: str) -> Iterator[tuple[int, str]]:
    yield from _audit_imports(tree, package)
    yield from _audit_calls(tree)


def _audit_imports(tree: ast.Module, package: str) -> Iterator[tuple[int, str]]:
    for node in statements(tree.body):
        if isinstance(node, ast.Import):
            for alias in node.names:
                top = alias.name.split(".")[0]
                if top not in ALLOWED_IMPORTS and top != package:
                    yield node.lineno, f"imports {alias.name!r}, which no spec may bring in"
        elif isinstance(node, ast.ImportFrom):
            top = (node.module or "").split(".")[0]
            if node.level == 0 and node.module == "builtins":
                # datamodel-code-generator writes `from builtins import list as list_aliased` when
                # a field named `list` shadows the type; a builtin that runs code is never needed.
                for alias in node.names:
                    if alias.name in FORBIDDEN_CALLS or alias.name == "*":
                        yield (
                            node.lineno,
                            f"imports builtins.{alias.name}, which generated code never needs",
                        )
            elif node.level == 0 and top not in ALLOWED_IMPORTS and top != package:
                yield node.lineno, f"imports from {node.module!r}, which no spec may bring in"


def _audit_calls(tree: ast.Module) -> Iterator[tuple[int, str]]:
    # datamodel-code-generator writes `from re import compile` for patterns Rust's regex engine
    # cannot run (look-arounds): that `compile` is re.compile, not the builtin.
    rebound = {
        alias.asname or alias.name
        for node in tree.body
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == "re"
        for alias in node.names
    }
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id in FORBIDDEN_CALLS
            and node.func.id not in rebound
        ):
            yield node.lineno, f"calls {node.func.id}(), which generated code never needs"


def strip_credential_defaults(doc: Any) -> list[Pointer]:
    """Drop ``default``/``example(s)`` from parameters that carry a credential (in place).

    openapi-python-client turns a parameter's default into a default argument value, so a
    vendor's sample key (``Authorization: Bearer sk-live-...``) would be written into every
    generated function signature, and into every caller's stack traces.
    """
    schemes = (
        ((doc.get("components") or {}).get("securitySchemes") or {})
        if isinstance(doc, dict)
        else {}
    )
    names = {"authorization", "proxy-authorization", "cookie"}
    for scheme in schemes.values() if isinstance(schemes, dict) else []:
        if (
            isinstance(scheme, dict)
            and scheme.get("type") == "apiKey"
            and isinstance(scheme.get("name"), str)
        ):
            names.add(scheme["name"].lower())
    removed: list[Pointer] = []
    for ptr, node in parameters(doc) if isinstance(doc, dict) else ():
        if str(node.get("name", "")).lower() not in names or node.get("in") not in (
            "header",
            "query",
            "cookie",
        ):
            continue
        holders: list[tuple[Any, Pointer]] = [(node, ptr), (node.get("schema"), (*ptr, "schema"))]
        # A `$ref`'d schema's default is the argument's default just the same (a broken $ref
        # is lint's to report).
        with contextlib.suppress(RefError):
            holders.append(deref(doc, node.get("schema"), (*ptr, "schema")))
        for holder, hptr in holders:
            if isinstance(holder, dict):
                for key in ("default", "example", "examples"):
                    if key in holder:
                        del holder[key]
                        removed.append((*hptr, key))
    return removed


_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
_SECRET_WORDS = frozenset(
    {"password", "passwd", "secret", "apikey", "bearer", "credential", "credentials"}
)
_SECRET_PAIRS = frozenset(
    {("api", "key"), ("private", "key"), ("access", "token"), ("refresh", "token"),
     ("auth", "token"), ("id", "token"), ("session", "token"), ("client", "secret"),
     ("access", "key"), ("secret", "key")}
)  # fmt: skip
_SECRET_NAMES = frozenset({"token", "authorization", "auth"})


def is_credential_name(name: str) -> bool:
    """Whether a property called ``name`` holds a credential (``api_key``, ``clientSecret``...).

    By whole words, so ``max_tokens`` or ``token_count`` are not credentials.
    """
    words = [w.lower() for w in _WORDS.findall(name)]
    if not words:
        return False
    if "".join(words) in _SECRET_NAMES or any(w in _SECRET_WORDS for w in words):
        return True
    return any(pair in _SECRET_PAIRS for pair in itertools.pairwise(words))


def strip_credential_samples(doc: Any) -> list[Pointer]:
    """Drop the sample values of credential properties of schemas (in place).

    A model field's default becomes the generated constructor's default argument (openapi-python-
    client) and the pydantic field's default (datamodel-code-generator), and a schema's
    ``example`` is written into the model's docstring: a vendor's sample key (``api_key:
    sk-live-...``, a ``format: password`` field) would be in generated code. Removed: the
    property's ``default``/``example``/``examples``, and its key in the holding schema's examples.
    """
    from .rewrites import schemas

    removed: list[Pointer] = []
    for ptr, node in list(schemas(doc)) if isinstance(doc, dict) else []:
        props = node.get("properties")
        if not isinstance(props, dict):
            continue
        secret = [
            name for name, prop in props.items()
            if is_credential_name(str(name)) or (isinstance(prop, dict) and prop.get("format") == "password")
        ]  # fmt: skip
        for name in secret:
            holders: list[tuple[Any, Pointer]] = [(props[name], (*ptr, "properties", name))]
            with contextlib.suppress(RefError):
                holders.append(deref(doc, props[name], (*ptr, "properties", name)))
            for holder, hptr in holders:
                if isinstance(holder, dict):
                    for key in ("default", "example", "examples"):
                        if key in holder:
                            del holder[key]
                            removed.append((*hptr, key))
        if secret:
            removed += _strip_example_keys(node, ptr, set(secret))
    return removed


def _strip_example_keys(node: dict[str, Any], ptr: Pointer, names: set[str]) -> list[Pointer]:
    removed: list[Pointer] = []
    samples: list[tuple[Any, Pointer]] = [(node.get("example"), (*ptr, "example"))]
    examples = node.get("examples")
    if isinstance(examples, list):
        samples += [(e, (*ptr, "examples", i)) for i, e in enumerate(examples)]
    for sample, sptr in samples:
        if isinstance(sample, dict):
            for name in names & set(sample):
                del sample[name]
                removed.append((*sptr, name))
    return removed
