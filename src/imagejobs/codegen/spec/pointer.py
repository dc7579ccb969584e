"""JSON pointers and ``$ref`` following: the one place a reference is resolved.

Every reader of specs (the pipeline, lint, the diff, the contract and fidelity tests) follows
``$ref`` through :func:`deref` or :func:`inline`, so a cycle, a dangling reference or one that
leaves the document behaves the same everywhere: a :class:`RefError`, never a loop or a read
outside the document. Only local references (``#/...``) are followed; a spec is untrusted input
and a remote or relative-file ``$ref`` would make generation read the network or the disk.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

Pointer = tuple[str | int, ...]

__all__ = [
    "Pointer",
    "RefError",
    "deref",
    "inline",
    "parse_ref",
    "refs",
    "resolve",
    "to_str",
    "walk",
]


class RefError(Exception):
    """A ``$ref`` that cannot be followed: ``kind`` is external, dangling or cycle."""

    def __init__(self, ref: str, kind: str, at: Pointer = ()) -> None:
        self.ref, self.kind, self.at = ref, kind, at
        where = f" at {to_str(at) or '/'}" if at else ""
        reason = {
            "external": "leaves the document (only local #/... references are followed; bundle the spec into one file)",
            "dangling": "leads nowhere: nothing is defined there",
            "cycle": "is part of a reference cycle",
        }[kind]
        super().__init__(f"$ref {ref!r}{where} {reason}")


def to_str(pointer: Pointer) -> str:
    """RFC 6901 form of a pointer: ``/paths/~1jobs/get``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in pointer)


def parse_ref(ref: str, at: Pointer = ()) -> Pointer:
    """The pointer a local ``$ref`` names; RefError for anything that is not ``#`` or ``#/...``."""
    if ref == "#":
        return ()
    if not ref.startswith("#/"):
        raise RefError(ref, "external", at)
    return _split(ref)


@functools.lru_cache(maxsize=1 << 16)
def _split(ref: str) -> Pointer:
    # A big spec names the same few thousand references hundreds of thousands of times.
    return tuple(p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/"))


def resolve(doc: Any, pointer: Pointer) -> Any:
    """The node at ``pointer``; KeyError when there is none."""
    node = doc
    for part in pointer:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and str(part).isdigit() and int(part) < len(node):
            node = node[int(part)]
        else:
            raise KeyError(part)
    return node


def deref(doc: Any, node: Any, at: Pointer = ()) -> tuple[Any, Pointer]:
    """Follow a chain of ``$ref`` from ``node`` (found at ``at``) to a node that is not one.

    Returns the node and its pointer. A chain that comes back to itself is a RefError("cycle").
    """
    seen: set[str] = set()
    ptr = at
    while isinstance(node, dict) and isinstance(node.get("$ref"), str):
        ref = node["$ref"]
        if ref in seen:
            raise RefError(ref, "cycle", ptr)
        seen.add(ref)
        target = parse_ref(ref, ptr)
        try:
            node = resolve(doc, target)
        except KeyError:
            raise RefError(ref, "dangling", ptr) from None
        ptr = target
    return node, ptr


def inline(doc: Any, node: Any, *, on_cycle: Any = None) -> Any:
    """``node`` with every local ``$ref`` replaced by a copy of its target.

    Siblings of a ``$ref`` are kept and win (as OpenAPI 3.1 allows). A reference back into a
    schema being inlined (a recursive schema) becomes ``on_cycle`` (a copy of it; default ``{}``,
    "anything"), so the result is always finite.
    """
    placeholder = {} if on_cycle is None else on_cycle

    def go(value: Any, active: frozenset[str]) -> Any:
        if isinstance(value, list):
            return [go(v, active) for v in value]
        if not isinstance(value, dict):
            return value
        ref = value.get("$ref")
        if isinstance(ref, str):
            if ref in active:
                return _copy(placeholder)
            try:
                target = resolve(doc, parse_ref(ref))
            except KeyError:
                raise RefError(ref, "dangling") from None
            merged = go(target, active | {ref})
            siblings = {k: go(v, active) for k, v in value.items() if k != "$ref"}
            if isinstance(merged, dict):
                return {**merged, **siblings}
            return merged
        return {k: go(v, active) for k, v in value.items()}

    return go(node, frozenset())


def _copy(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_copy(v) for v in value]
    return value


def walk(node: Any, ptr: Pointer = ()) -> Iterator[tuple[Pointer, Any]]:
    """Every node of a JSON document with its pointer, in document order.

    Iterative, so a deep document cannot exhaust the interpreter's stack.
    """
    stack: list[tuple[Pointer, Any]] = [(ptr, node)]
    while stack:
        here, value = stack.pop()
        yield here, value
        if isinstance(value, dict):
            stack.extend(((*here, k), v) for k, v in reversed(list(value.items())))
        elif isinstance(value, list):
            stack.extend(((*here, i), v) for i, v in reversed(list(enumerate(value))))


def refs(doc: Any) -> Iterator[tuple[Pointer, str]]:
    """(pointer of the node holding it, the reference) for every ``$ref`` string in ``doc``."""
    for ptr, node in walk(doc):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            yield ptr, node["$ref"]
