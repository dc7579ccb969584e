"""Where a comparison is (:class:`_Ctx`) and the base of the differ that records its changes.

The walkers never choose a class or write a message: :meth:`_Recorder.emit` looks the rule id up
in the rules table (``rules.py``) and takes both from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from ..spec.pointer import Pointer
from ..spec.pointer import to_str as pointer_str
from ._model import Change, Severity
from ._symbols import SymbolNamer
from .rules import rule

__all__ = ["_Ctx", "_Recorder"]


# --- the comparison ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ctx:
    """Where a schema comparison is: the operation, status and what the schema describes."""

    direction: Literal["request", "response"]
    path: str
    method: str
    op: Mapping[str, Any]
    status: str | None = None
    subject: str = "body"
    """``body``, ``parameter`` or ``header``: the first word of the rule ids at the root."""
    name: str = ""
    """The parameter or header name, for messages."""
    root_symbols: tuple[str, ...] = ()
    """The symbols of the root (the argument, for a parameter; the module, for a body)."""


class _Recorder:
    """The differ's state and how it records changes; the rule mixins build on it."""

    def __init__(self, old: dict[str, Any], new: dict[str, Any], names: SymbolNamer) -> None:
        self.old, self.new, self.names = old, new, names
        self.changes: list[Change] = []
        self._seen: dict[tuple[str, str | None, str | None, str | None, str], int] = {}
        self._affected = _affected_components(old, new)
        self._same: dict[tuple[Pointer, Pointer], bool] = {}
        self._views: dict[tuple[int, Pointer, str | None, tuple[str, ...]], Any] = {}
        self._locals: dict[tuple[Any, ...], _Local] = {}
        self._closures: dict[tuple[Any, ...], tuple[tuple[Any, ...], ...]] = {}
        """Per component pair, the pairs with changes it reaches (``_SchemaRules._closure``)."""
        self._local: _Local | None = None
        """The component comparison being recorded, when one is."""

    # -- what cannot have changed --

    def unchanged(self, old: Any, new: Any) -> bool:
        """Whether comparing two resolved schema nodes could find nothing.

        True when they are one schema at one place, with the same components under them: each
        shared component is then compared once per spec rather than once per operation, status
        and property that reaches it.
        """
        key = (old.ptr, new.ptr)
        found = self._same.get(key)
        if found is None:
            found = (
                old.ptr == new.ptr
                and old.schema == new.schema
                and not any(ref in self._affected for ref in _component_refs(old.schema))
            )
            self._same[key] = found
        return found

    # -- each shared component compared once --

    def local_key(self, ctx: _Ctx, old: Any, new: Any, label: str) -> tuple[Any, ...]:
        """What comparing two component schemas depends on, besides the operation.

        Every node under a component is named from the component, not from the operation that
        reached it, so its changes differ between operations only in where (path, method,
        status) they are reported.
        """
        return (old.ptr, new.ptr, ctx.direction, ctx.subject, ctx.name, label, ctx.root_symbols)

    def moved(self, call_ctx: _Ctx, ctx: _Ctx) -> _Ctx:
        """``call_ctx`` (recorded under some operation) at ``ctx``'s operation and status."""
        return replace(call_ctx, path=ctx.path, method=ctx.method, op=ctx.op, status=ctx.status)

    def view(self, doc: Any, node: Any) -> Any:
        """``_resolve._view`` once per node and side."""
        from ._resolve import _view

        key = (id(doc), node.ptr, node.owner, node.owner_path)
        found = self._views.get(key)
        if found is None:
            found = self._views[key] = _view(doc, node)
        return found

    # -- recording --

    def add(
        self,
        rule: str,
        severity: Severity,
        message: str,
        ptr: Pointer,
        *,
        path: str | None = None,
        method: str | None = None,
        status: str | None = None,
        symbols: Iterable[str] = (),
    ) -> None:
        pointer = "#" + pointer_str(ptr)
        key = (rule, path, method, status, pointer)
        syms = tuple(dict.fromkeys(symbols))
        if key in self._seen:  # the same node reached twice in one place: one change, all symbols
            i = self._seen[key]
            old = self.changes[i]
            merged = tuple(dict.fromkeys((*old.symbols, *syms)))
            self.changes[i] = Change(
                old.rule,
                old.severity,
                old.message,
                old.path,
                old.method,
                old.status,
                old.pointer,
                merged,
            )
            return
        self._seen[key] = len(self.changes)
        self.changes.append(Change(rule, severity, message, path, method, status, pointer, syms))

    def emit(
        self,
        ctx: _Ctx | None,
        rule_id: str,
        ptr: Pointer,
        symbols: Iterable[str] = (),
        *,
        status: str | None = None,
        extensible: bool = False,
        **fields: object,
    ) -> None:
        """Record a change of rule ``rule_id``: its class and message come from the rules table.

        ``ctx`` gives the place and the direction (None: a change outside any operation);
        ``fields`` fill the rule's message; ``extensible`` marks an enum that says it grows.
        """
        if ctx is not None and self._local is not None:  # recorded, replayed per operation
            fields_ = {"status": status, "extensible": extensible, **fields}
            self._local.calls.append((ctx, (rule_id, ptr, tuple(symbols)), fields_))
            return
        r = rule(rule_id)
        severity = r.severity(ctx.direction if ctx else None, extensible=extensible)
        if status is None and ctx is not None:
            status = ctx.status
        message = r.format(status=status, **fields)
        if ctx is None:
            self.add(rule_id, severity, message, ptr, symbols=symbols)
            return
        self.add(
            rule_id,
            severity,
            message,
            ptr,
            path=ctx.path,
            method=ctx.method.upper(),
            status=status,
            symbols=symbols,
        )


def _component_refs(node: Any) -> set[Pointer]:
    """The components (``(components, kind, name)``) referenced anywhere under ``node``."""
    out: set[Pointer] = set()
    stack = [node]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/components/"):
                parts = tuple(p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/"))
                if len(parts) >= 3:
                    out.add(parts[:3])
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return out


def _affected_components(old: dict[str, Any], new: dict[str, Any]) -> set[Pointer]:
    """Components that differ between the two documents, or reference one that does."""
    kinds = set(old.get("components") or {}) | set(new.get("components") or {})
    refs: dict[Pointer, set[Pointer]] = {}
    changed: set[Pointer] = set()
    for kind in kinds:
        a = (old.get("components") or {}).get(kind) or {}
        b = (new.get("components") or {}).get(kind) or {}
        if not (isinstance(a, dict) and isinstance(b, dict)):
            continue
        for name in set(a) | set(b):
            ptr: Pointer = ("components", kind, name)
            if a.get(name) != b.get(name):
                changed.add(ptr)
            refs[ptr] = _component_refs(a.get(name)) | _component_refs(b.get(name))
    users: dict[Pointer, set[Pointer]] = {}
    for ptr, targets in refs.items():
        for target in targets:
            users.setdefault(target, set()).add(ptr)
    affected, queue = set(changed), list(changed)
    while queue:
        for user in users.get(queue.pop(), ()):
            if user not in affected:
                affected.add(user)
                queue.append(user)
    return affected


@dataclass
class _Local:
    """One component pair compared on its own.

    The changes it emits, and the component pairs it reaches (compared on their own in turn, not
    from inside this one).
    """

    calls: list[tuple[_Ctx, tuple[Any, ...], dict[str, Any]]] = field(default_factory=list)
    edges: list[tuple[_Ctx, Any, Any, str]] = field(default_factory=list)
