"""The one operation walker: every method, path-item ``$ref`` resolved, in document order."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .pointer import Pointer, RefError, deref

__all__ = [
    "GENERATED_METHODS",
    "HTTP_METHODS",
    "NEWER_METHODS",
    "Operation",
    "operations",
    "parameters",
    "path_items",
]

# The methods of OpenAPI 3.0/3.1 path items: what both generators read.
GENERATED_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# OpenAPI 3.2 adds `query` (vendors already ship it in 3.1 files). The walker reports it so that
# nothing is lost silently; the pipeline sets it aside with a warning before generation.
NEWER_METHODS = ("query",)
HTTP_METHODS = GENERATED_METHODS + NEWER_METHODS


@dataclass(frozen=True)
class Operation:
    """One operation of a spec, where it is, and the path item it belongs to."""

    path: str
    method: str
    op: dict[str, Any]
    item: dict[str, Any]
    pointer: Pointer
    """Where the operation object is: under the path item, or where its ``$ref`` led."""

    @property
    def label(self) -> str:
        """``GET /jobs/{id}``."""
        return f"{self.method.upper()} {self.path}"

    @property
    def operation_id(self) -> str | None:
        value = self.op.get("operationId")
        return value if isinstance(value, str) else None

    @property
    def generated(self) -> bool:
        """Whether the generators know this method at all."""
        return self.method in GENERATED_METHODS


def operations(doc: Any, *, methods: tuple[str, ...] = HTTP_METHODS) -> Iterator[Operation]:
    """Every operation of ``doc``, in document order.

    A path item given as a ``$ref`` is followed; a broken one is skipped here (lint reports it).
    """
    paths = doc.get("paths") if isinstance(doc, dict) else None
    if not isinstance(paths, dict):
        return
    for path, raw in paths.items():
        try:
            item, ptr = deref(doc, raw, ("paths", path))
        except RefError:
            continue
        if not isinstance(item, dict):
            continue
        for method in methods:
            op = item.get(method)
            if isinstance(op, dict):
                yield Operation(str(path), method, op, item, (*ptr, method))


def _dicts(node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if isinstance(value, dict):
                yield key, value


def path_items(doc: dict[str, Any]) -> Iterator[tuple[Pointer, dict[str, Any]]]:
    """Every path item as written: paths, webhooks, components.pathItems and their callbacks.

    For rewrites, which must reach every place a schema or parameter can be written; the
    operations a client gets are :func:`operations`.
    """
    roots: list[tuple[Pointer, Any]] = [
        (("paths",), doc.get("paths")),
        (("webhooks",), doc.get("webhooks")),
        (("components", "pathItems"), (doc.get("components") or {}).get("pathItems")),
    ]
    for cb_name, callback in _dicts((doc.get("components") or {}).get("callbacks")):
        roots.append((("components", "callbacks", cb_name), callback))
    while roots:
        base, container = roots.pop(0)
        for key, item in _dicts(container):
            ptr = (*base, key)
            yield ptr, item
            for method, op in _dicts(item):
                if method in HTTP_METHODS:
                    for cb_name, callback in _dicts(op.get("callbacks")):
                        roots.append(((*ptr, method, "callbacks", cb_name), callback))


def parameters(doc: dict[str, Any]) -> Iterator[tuple[Pointer, dict[str, Any]]]:
    """Every Parameter Object as written: in components, path items and their operations.

    A ``$ref`` parameter is not yielded at its use; its target is, under components.
    """
    for name, param in _dicts((doc.get("components") or {}).get("parameters")):
        yield ("components", "parameters", name), param
    for ptr, item in path_items(doc):
        owners: list[tuple[Pointer, Any]] = [(ptr, item)]
        owners += [((*ptr, m), op) for m, op in _dicts(item) if m in HTTP_METHODS]
        for owner_ptr, owner in owners:
            params = owner.get("parameters")
            if isinstance(params, list):
                for i, param in enumerate(params):
                    if isinstance(param, dict) and "$ref" not in param:
                        yield (*owner_ptr, "parameters", i), param
