"""Generate what you use: a codegen.yaml entry's ``select:`` picks operations of a big spec.

Two job endpoints of a 288-operation spec should not put thousands of modules into generated/
and minutes into CI's mypy. :func:`match` decides which operations an entry selects (the union of
its ``operations``, ``tags`` and ``paths`` selectors; a selector that matches nothing is an error
at its codegen.yaml line, since it is almost always a typo or a vendor rename); :func:`prune`
then builds the document the generators read: those operations and every component they reach,
following each ``$ref`` (and discriminator mapping) transitively.

Only what the generators read is pruned. The effective spec (the package's ``openapi.json``, what
``imagejobs diff`` and ``update`` compare) and the manifest keep the whole file, so a change to an
operation we do not generate is still reported.
"""

from __future__ import annotations

import difflib
import fnmatch
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .problems import Finding
from .spec.pointer import Pointer, RefError, deref, inline, parse_ref, resolve, to_str, walk
from .spec.walk import HTTP_METHODS, Operation, operations

if TYPE_CHECKING:
    from .config import Select

__all__ = [
    "SAFETY_RULES",
    "OperationKey",
    "Selection",
    "in_document",
    "kept_pointer",
    "match",
    "prune",
    "reached",
    "relevant",
]

OperationKey = tuple[str, str]
"""(path, method): how an operation is named across the pipeline's steps (both survive renames)."""

_METHOD_PATH = re.compile(r"^([A-Za-z]+)\s+(/\S*)$")
# Components that name no schema and reach none: small, and referenced by name rather than
# `$ref` (security requirements), so they are kept whole.
_KEPT_WHOLE = ("securitySchemes",)


@dataclass
class Selection:
    """What an entry's ``select:`` picked from the spec."""

    kept: set[OperationKey] = field(default_factory=set)
    total: int = 0
    """Operations in the whole spec."""
    errors: list[Finding] = field(default_factory=list)
    """One per selector that matched nothing, at its codegen.yaml line."""

    @property
    def left_out(self) -> int:
        """Operations left out by choice."""
        return self.total - len(self.kept)


def match(
    doc: dict[str, Any],
    select: Select,
    *,
    config_file: str,
    line_of: Callable[[tuple[str | int, ...]], int],
    prefix: str,
    spec_path: str,
) -> Selection:
    """The operations of ``doc`` that ``select`` picks; an error for each selector that picks none.

    ``line_of((kind, index))`` is the codegen.yaml line of one selector; ``prefix`` names the entry
    in messages (``specs.openai.select``).
    """
    ops = list(operations(doc))
    out = Selection(total=len(ops))
    kinds: list[tuple[str, list[str], Callable[[str], Callable[[Operation], bool]]]] = [
        ("operations", select.operations, _by_operation),
        ("tags", select.tags, _by_tag),
        ("paths", select.paths, _by_path),
    ]
    for kind, selectors, make in kinds:
        for index, selector in enumerate(selectors):
            picked = {(op.path, op.method) for op in ops if make(selector)(op)}
            if picked:
                out.kept |= picked
                continue
            out.errors.append(
                Finding(
                    config_file,
                    line_of((kind, index)),
                    f"{prefix}.{kind}[{index}]: {selector!r} matches no operation of {spec_path}"
                    + _suggestion(kind, selector, ops),
                )
            )
    return out


def _by_operation(selector: str) -> Callable[[Operation], bool]:
    method_path = _METHOD_PATH.match(selector.strip())
    if method_path:
        method, path = method_path.group(1).lower(), method_path.group(2)
        return lambda op: op.method == method and op.path == path
    return lambda op: op.operation_id == selector


def _by_tag(selector: str) -> Callable[[Operation], bool]:
    return lambda op: selector in _tags(op)


def _by_path(selector: str) -> Callable[[Operation], bool]:
    """An fnmatch pattern over the path, optionally after a method: ``GET /batches/*``."""
    method_path = _METHOD_PATH.match(selector.strip())
    if method_path and method_path.group(1).lower() in HTTP_METHODS:
        method, pattern = method_path.group(1).lower(), method_path.group(2)
        return lambda op: op.method == method and fnmatch.fnmatchcase(op.path, pattern)
    return lambda op: fnmatch.fnmatchcase(op.path, selector)


def _tags(op: Operation) -> list[str]:
    tags = op.op.get("tags")
    return [t for t in tags if isinstance(t, str)] if isinstance(tags, list) else []


def _suggestion(kind: str, selector: str, ops: list[Operation]) -> str:
    """`; did you mean ...?` from the spec's own names, when one is close."""
    if kind == "tags":
        names = sorted({t for op in ops for t in _tags(op)})
    elif kind == "operations":
        names = [op.operation_id or op.label for op in ops] + [op.label for op in ops]
    else:
        names = sorted({op.path for op in ops})
    close = difflib.get_close_matches(selector, names, n=3, cutoff=0.6)
    if close:
        return "; did you mean " + " or ".join(repr(c) for c in dict.fromkeys(close)) + "?"
    if kind == "paths" and not any(ch in selector for ch in "*?["):
        return " (a path pattern matches the whole path: add * to match below it)"
    return ""


# --- pruning ----------------------------------------------------------------------------------


def prune(doc: dict[str, Any], kept: set[OperationKey]) -> dict[str, Any]:
    """A new document with only the ``kept`` operations and the components they reach.

    Top-level keys other than paths, webhooks and components are kept as they are. A path item
    given as a ``$ref`` is inlined (only some of its methods may be kept). A ``$ref`` from what is
    kept into what is not (another operation's response, a webhook) is replaced by a copy of its
    target. The result shares nothing with ``doc``: the caller may change it.
    """
    out: dict[str, Any] = {k: v for k, v in doc.items() if k not in ("paths", "webhooks")}
    out["paths"] = _kept_paths(doc, kept)
    reached, foreign = _reach(doc, out["paths"])
    components = doc.get("components")
    if isinstance(components, dict):
        out["components"] = _kept_components(components, reached)
        if not out["components"]:
            del out["components"]
    out = _copy(out)
    for holder in foreign:  # on the copy: these nodes are rewritten in place
        node = resolve(out, holder)
        try:
            inlined = inline(doc, node)
        except RefError:
            continue  # dangling: lint reports it at its line
        node.clear()
        if isinstance(inlined, dict):
            node.update(inlined)
    return out


def reached(doc: dict[str, Any], kept: set[OperationKey]) -> dict[str, set[str]]:
    """Names of the components (by kind: ``schemas``...) that the ``kept`` operations reach."""
    return _reach(doc, _kept_paths(doc, kept))[0]


def _kept_paths(doc: dict[str, Any], kept: set[OperationKey]) -> dict[str, Any]:
    paths = doc.get("paths")
    out: dict[str, Any] = {}
    if not isinstance(paths, dict):
        return out
    kept_paths = {path for path, _ in kept}
    for path, raw in paths.items():
        if path not in kept_paths:
            continue
        try:
            item, _ = deref(doc, raw, ("paths", path))
        except RefError:
            continue
        if not isinstance(item, dict):
            continue
        out[path] = {
            key: value
            for key, value in item.items()
            if key not in HTTP_METHODS or (path, key) in kept
        }
    return out


def _reach(doc: dict[str, Any], paths: dict[str, Any]) -> tuple[dict[str, set[str]], list[Pointer]]:
    """Components reached from ``paths`` (by kind), and the refs that point outside them.

    Breadth-first over each component once, so a spec whose schemas all reference each other is
    still read in one pass.
    """
    reached: dict[str, set[str]] = {}
    foreign: list[Pointer] = []
    queue: list[tuple[Pointer, Any]] = [(("paths",), paths)]
    while queue:
        base, node = queue.pop()
        for holder, ref in _refs(node, base):
            try:
                target = parse_ref(ref)
            except RefError:
                continue  # lint refuses it at its line
            if len(target) >= 3 and target[0] == "components":
                kind, name = str(target[1]), str(target[2])
                names = reached.setdefault(kind, set())
                if name not in names:
                    names.add(name)
                    component = (doc.get("components") or {}).get(kind, {}).get(name)
                    if component is not None:
                        queue.append((("components", kind, name), component))
            elif _left_out(target, paths) and holder[-1:] != ("discriminator",):
                foreign.append(holder)  # a mapping names a schema, never these
    return reached, foreign


def _left_out(target: Pointer, paths: dict[str, Any]) -> bool:
    """Whether ``target`` is in a webhook or an operation that is not kept."""
    if target[:1] == ("webhooks",):
        return True
    return target[:1] == ("paths",) and not in_document({"paths": paths}, to_str(target))


def _refs(node: Any, base: Pointer) -> Iterator[tuple[Pointer, str]]:
    """(pointer of the holder, reference) for every ``$ref`` and discriminator mapping."""
    for ptr, value in walk(node, base):
        if not isinstance(value, dict):
            continue
        ref = value.get("$ref")
        if isinstance(ref, str):
            yield ptr, ref
        discriminator = value.get("discriminator")
        if isinstance(discriminator, dict) and isinstance(discriminator.get("mapping"), dict):
            for target in discriminator["mapping"].values():
                if isinstance(target, str):
                    # A bare name means components/schemas/<name> (OpenAPI 3: Discriminator Object).
                    yield (
                        (*ptr, "discriminator"),
                        target if target.startswith("#") else f"#/components/schemas/{target}",
                    )


def _kept_components(components: dict[str, Any], reached: dict[str, set[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for kind, entries in components.items():
        if kind in _KEPT_WHOLE or not isinstance(entries, dict):
            out[kind] = entries
            continue
        names = reached.get(kind, set())
        kept = {name: value for name, value in entries.items() if name in names}
        if kept:
            out[kind] = kept
    return out


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


SAFETY_RULES = frozenset({"ref-local"})
"""Findings that refuse a spec wherever they are: they are about what the file would make us
read, not about what is generated from it."""


def relevant(findings: list[Finding], pruned: dict[str, Any], spec_path: str) -> list[Finding]:
    """The findings about what is generated: those about parts left out by choice are dropped.

    Something wrong in an operation nobody generates (a name the generators cannot take, a style
    gap, a validator complaint) cannot break or change the generated package.
    """
    return [
        f
        for f in findings
        if f.rule in SAFETY_RULES or f.file != spec_path or kept_pointer(pruned, f.pointer)
    ]


def kept_pointer(pruned: dict[str, Any], pointer: str) -> bool:
    """Whether ``pointer`` is inside an operation or component that ``pruned`` kept.

    Judged by the operation or component that holds it, not the node itself: a finding may name
    a key a rewrite has since removed.
    """
    try:
        ptr = parse_ref("#" + pointer)
    except RefError:
        return True
    head = ptr[:1]
    if head == ("webhooks",):
        return False
    if head == ("paths",) and len(ptr) >= 2:
        item = pruned.get("paths", {}).get(ptr[1])
        if not isinstance(item, dict):
            return False
        return len(ptr) < 3 or ptr[2] not in HTTP_METHODS or ptr[2] in item
    if head == ("components",) and len(ptr) >= 3:
        kind = (pruned.get("components") or {}).get(ptr[1])
        return isinstance(kind, dict) and ptr[2] in kind
    return True


def in_document(doc: Any, pointer: str) -> bool:
    """Whether the RFC 6901 ``pointer`` names a node of ``doc`` (``""`` is the whole document)."""
    try:
        resolve(doc, parse_ref("#" + pointer))
    except (KeyError, RefError):
        return False
    return True
