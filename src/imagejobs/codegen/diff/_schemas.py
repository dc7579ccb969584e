"""Schema comparison rules: types, formats, nullability, enums, bounds, patterns and properties."""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..spec.pointer import Pointer
from ._model import Severity
from ._record import _Ctx, _Recorder
from ._resolve import BOUNDS, _deref, _Node, _View, _view

__all__ = ["PYTHON_FORMATS", "_SchemaRules"]

# Formats that change the Python type the generators emit (datetime, UUID, SecretStr, File...).
# Other formats (int32, int64, float...) map to the same Python type, so changing them is not
# something a user of the generated client can notice.
PYTHON_FORMATS = frozenset(
    {
        "date-time",
        "date",
        "time",
        "duration",
        "uuid",
        "binary",
        "byte",
        "password",
        "uri",
        "email",
        "ipv4",
        "ipv6",
    }
)


def _fmt(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _types(types: set[str]) -> str:
    return "/".join(sorted(types)) if types else "any"


class _SchemaRules(_Recorder):
    """The rules that compare two schemas in one direction (request or response)."""

    # -- schemas --

    def _schema(
        self,
        ctx: _Ctx,
        old: _Node,
        new: _Node,
        label: str,
        stack: frozenset[tuple[Pointer, Pointer]],
    ) -> None:
        """Compare two schemas in one direction; ``label`` is the property path ("" at the root)."""
        old, new = _deref(self.old, old), _deref(self.new, new)
        if (old.ptr, new.ptr) in stack:  # a recursive schema: this pair is already being compared
            return
        stack = stack | {(old.ptr, new.ptr)}
        ov, nv = _view(self.old, old), _view(self.new, new)
        request = ctx.direction == "request"
        subject = f"{ctx.direction}-{'property' if label else ctx.subject}"
        what = (
            f"{ctx.direction} property {label}" if label else (ctx.name or f"{ctx.direction} body")
        )
        if label:
            syms: list[str] = list(ctx.root_symbols)
        elif ctx.subject == "body" and new.is_component and new.owner:
            syms = self.names.model(new.owner)
        else:
            syms = list(ctx.root_symbols) or self.names.operation(ctx.path, ctx.method, ctx.op)

        def emit(
            rule: str,
            severity: Severity,
            message: str,
            ptr: Pointer = new.ptr,
            symbols: Iterable[str] = syms,
        ) -> None:
            self.at(ctx, f"{subject}-{rule}", severity, message, ptr, symbols)

        # Types, with 3.1 `type: [x, "null"]` and 3.0 `nullable` already folded into a flag.
        if ov.types != nv.types:
            widened = (
                (not nv.types)
                or (ov.types and ov.types <= nv.types)
                or (ov.types == {"integer"} and "number" in nv.types)
            )
            narrowed = (
                (not ov.types)
                or (nv.types and nv.types <= ov.types)
                or (nv.types == {"integer"} and "number" in ov.types)
            )
            if (widened and request) or (narrowed and not request):
                emit(
                    "type-compatible",
                    "compatible",
                    f"{what}: type {_types(ov.types)} -> {_types(nv.types)}",
                )
            else:
                emit(
                    "type-changed",
                    "breaking",
                    f"{what}: type changed {_types(ov.types)} -> {_types(nv.types)}",
                )
        if ov.format != nv.format and ({ov.format, nv.format} & PYTHON_FORMATS):
            emit(
                "format-changed",
                "breaking",
                f"{what}: format changed {ov.format or 'none'} -> {nv.format or 'none'} (the Python type changes)",
            )
        if nv.nullable and not ov.nullable:
            emit(
                "became-nullable",
                "compatible" if request else "breaking",
                f"{what} became nullable",
            )
        elif ov.nullable and not nv.nullable:
            emit(
                "became-not-nullable",
                "breaking" if request else "compatible",
                f"{what} became not nullable",
            )
        self._enum(ctx, emit, what, ov, nv, new, old, syms)
        self._bounds(emit, what, ov, nv, request)
        if ov.pattern != nv.pattern:
            if ov.pattern is None:
                emit(
                    "pattern-added",
                    "breaking" if request else "compatible",
                    f"{what}: pattern added {nv.pattern}",
                )
            elif nv.pattern is None:
                emit(
                    "pattern-removed",
                    "compatible" if request else "breaking",
                    f"{what}: pattern removed {ov.pattern}",
                )
            else:
                emit(
                    "pattern-changed",
                    "warning",
                    f"{what}: pattern changed {ov.pattern} -> {nv.pattern}",
                )
        self._properties(ctx, old, new, ov, nv, label, stack, syms)
        if ov.items is not None and nv.items is not None:
            self._schema(ctx, ov.items, nv.items, f"{label}[]" if label else "[]", stack)
        if ov.additional is not None and nv.additional is not None:
            self._schema(
                ctx, ov.additional, nv.additional, f"{label}{{}}" if label else "{}", stack
            )

    def _enum(
        self,
        ctx: _Ctx,
        emit: Any,
        what: str,
        ov: _View,
        nv: _View,
        new: _Node,
        old: _Node,
        syms: list[str],
    ) -> None:
        request = ctx.direction == "request"
        if ov.enum is None and nv.enum is not None:
            emit(
                "became-enum",
                "breaking" if request else "compatible",
                f"{what} was restricted to enum values {_fmt(nv.enum)}",
            )
            return
        if ov.enum is None or nv.enum is None:
            return
        owner = new.owner if new.is_component else None
        for value in ov.enum:
            if value not in nv.enum:
                member = (
                    self.names.enum_member(owner, value) if owner and old.is_component else syms
                )
                emit(
                    "enum-value-removed",
                    "breaking" if request else "compatible",
                    f"{what}: enum value removed {_fmt(value)}",
                    old.ptr,
                    member,
                )
        for value in nv.enum:
            if value not in ov.enum:
                member = self.names.enum_member(owner, value) if owner else syms
                # Old clients may meet a value they cannot parse, unless the enum says it grows.
                severity: Severity = "compatible" if request or nv.extensible else "warning"
                emit(
                    "enum-value-added",
                    severity,
                    f"{what}: enum value added {_fmt(value)}",
                    new.ptr,
                    member,
                )

    @staticmethod
    def _bounds(emit: Any, what: str, ov: _View, nv: _View, request: bool) -> None:
        for key, (name, upper) in BOUNDS.items():
            a, b = ov.bounds.get(key), nv.bounds.get(key)
            if a == b:
                continue
            if a is None:
                change, tighter = "set", True
            elif b is None:
                change, tighter = "unset", False
            else:
                change = "increased" if b > a else "decreased"
                tighter = (b < a) if upper else (b > a)
            # Tighter input rejects what clients send; looser output is what pydantic models reject.
            severity: Severity = "breaking" if tighter == request else "compatible"
            emit(
                f"{name}-{change}",
                severity,
                f"{what}: {key} {'none' if a is None else a} -> {'none' if b is None else b}",
            )

    def _properties(
        self,
        ctx: _Ctx,
        old: _Node,
        new: _Node,
        ov: _View,
        nv: _View,
        label: str,
        stack: frozenset[tuple[Pointer, Pointer]],
        parent_syms: list[str],
    ) -> None:
        request = ctx.direction == "request"
        # readOnly properties never travel in a request, writeOnly ones never in a response.
        hidden = "read_only" if request else "write_only"

        def attr(node: _Node, name: str) -> list[str]:
            if node.owner:
                return self.names.attribute(node.owner, (*node.owner_path, name)[0])
            return parent_syms or self.names.operation(ctx.path, ctx.method, ctx.op)

        def is_hidden(doc: Any, node: _Node) -> bool:
            return bool(getattr(_view(doc, node), hidden))

        d = ctx.direction
        # Inside a component schema, name properties from that schema (its pointer says which):
        # `maxJobs`, not `{}.maxJobs` for every path that reaches MidjourneyAccount.
        if new.is_component:
            label = ""
        for name, node in ov.properties.items():
            if name in nv.properties or is_hidden(self.old, node):
                continue
            full = f"{label}.{name}" if label else name
            was = "required " if name in ov.required else ""
            self.at(
                ctx,
                f"{d}-property-removed",
                "breaking",
                f"{d} {was}property removed: {full}",
                node.ptr,
                attr(old, name),
            )
        for name, node in nv.properties.items():
            full = f"{label}.{name}" if label else name
            syms = attr(new, name)
            if is_hidden(self.new, node):
                continue
            if name not in ov.properties:
                required = name in nv.required
                if request and required:
                    self.at(
                        ctx,
                        "new-required-request-property",
                        "breaking",
                        f"new required request property: {full}",
                        node.ptr,
                        syms,
                    )
                elif request:
                    self.at(
                        ctx,
                        "new-optional-request-property",
                        "compatible",
                        f"new optional request property: {full}",
                        node.ptr,
                        syms,
                    )
                else:
                    self.at(
                        ctx,
                        "response-property-added",
                        "compatible",
                        f"response property added: {full}",
                        node.ptr,
                        syms,
                    )
                continue
            was_req, is_req = name in ov.required, name in nv.required
            if is_req and not was_req:
                self.at(
                    ctx,
                    f"{d}-property-became-required",
                    "breaking" if request else "compatible",
                    f"{d} property became required: {full}",
                    node.ptr,
                    syms,
                )
            elif was_req and not is_req:
                self.at(
                    ctx,
                    f"{d}-property-became-optional",
                    "compatible" if request else "breaking",
                    f"{d} property became optional: {full}",
                    node.ptr,
                    syms,
                )
            if (
                _view(self.new, node).deprecated
                and not _view(self.old, ov.properties[name]).deprecated
            ):
                self.at(
                    ctx,
                    f"{d}-property-deprecated",
                    "warning",
                    f"{d} property deprecated: {full}",
                    node.ptr,
                    syms,
                )
            sub = _Ctx(
                ctx.direction,
                ctx.path,
                ctx.method,
                ctx.op,
                ctx.status,
                ctx.subject,
                ctx.name,
                tuple(syms),
            )
            self._schema(sub, ov.properties[name], node, full, stack)
