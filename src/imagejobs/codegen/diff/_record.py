"""Where a comparison is (:class:`_Ctx`) and the base of the differ that records its changes.

The walkers never choose a class or write a message: :meth:`_Recorder.emit` looks the rule id up
in the rules table (``rules.py``) and takes both from there.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
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
