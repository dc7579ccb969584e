"""Schema comparison rules: types, formats, nullability, enums, bounds, patterns and properties."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from ..spec.pointer import Pointer
from ._record import _Ctx, _Local, _Recorder
from ._resolve import BOUNDS, _deref, _Node, _View
from .rules import schema_rule

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


def _widened(ov: _View, nv: _View) -> bool:
    """The new type accepts everything the old one did (any, a superset, integer -> number)."""
    return bool(
        (not nv.types)
        or (ov.types and ov.types <= nv.types)
        or (ov.types == {"integer"} and "number" in nv.types)
    )


def _bound_change(a: Any, b: Any) -> str:
    """``set``, ``unset``, ``increased`` or ``decreased``: the last word of a bound's rule."""
    if a is None:
        return "set"
    if b is None:
        return "unset"
    return "increased" if b > a else "decreased"


class _Emit:
    """Records schema rules (``type-changed``...) under one prefix, at one node, for one symbol list."""

    def __init__(
        self, recorder: _Recorder, ctx: _Ctx, prefix: str, what: str, ptr: Pointer, syms: list[str]
    ) -> None:
        self.recorder, self.ctx, self.prefix, self.what = recorder, ctx, prefix, what
        self.ptr, self.syms = ptr, syms

    def __call__(
        self,
        family: str,
        ptr: Pointer | None = None,
        symbols: Iterable[str] | None = None,
        *,
        extensible: bool = False,
        **fields: Any,
    ) -> None:
        self.recorder.emit(
            self.ctx,
            schema_rule(self.prefix, family),
            self.ptr if ptr is None else ptr,
            self.syms if symbols is None else symbols,
            extensible=extensible,
            what=self.what,
            **fields,
        )


@dataclass(frozen=True)
class _Pair:
    """Two resolved schemas being compared, with their views."""

    old: _Node
    new: _Node
    ov: _View
    nv: _View


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
        """Compare two schemas in one direction; ``label`` is the property path ("" at the root).

        A pair of component schemas is compared once per spec, on its own, and what it reaches
        is followed breadth first (:meth:`_components`): a payments spec whose expandable objects
        reference each other 900 deep is neither walked once per path nor recursed into.
        """
        old, new = _deref(self.old, old), _deref(self.new, new)
        if self.unchanged(old, new):
            return
        old_ref, new_ref = _nullable_ref(self.old, old), _nullable_ref(self.new, new)
        if old_ref is not None or new_ref is not None:
            # `anyOf: [$ref X, null]` (3.1's nullable X): the nullability is the wrapper's, the
            # rest is X's, compared as the component it is (not merged in place, which walked X
            # again from every schema that links to it).
            wrapped_old = old_ref or (old if old.is_component else None)
            wrapped_new = new_ref or (new if new.is_component else None)
            if wrapped_old is not None and wrapped_new is not None:
                self._nullability(ctx, old_ref is not None, new_ref is not None, new, label)
                old, new = wrapped_old, wrapped_new
        if old.is_component and new.is_component:
            if self._local is not None:  # inside a component's own comparison: an edge
                self._local.edges.append((ctx, old, new, label))
            else:
                self._components(ctx, old, new, label)
            return
        if (old.ptr, new.ptr) in stack:  # an inline schema that leads back to itself
            return
        self._compare(ctx, old, new, label, stack | {(old.ptr, new.ptr)})

    def _nullability(self, ctx: _Ctx, was: bool, now: bool, at: _Node, label: str) -> None:
        if was == now:
            return
        prefix = f"{ctx.direction}-{'property' if label else ctx.subject}"
        what = (
            f"{ctx.direction} property {label}" if label else (ctx.name or f"{ctx.direction} body")
        )
        emit = _Emit(self, ctx, prefix, what, at.ptr, self._schema_symbols(ctx, at, label))
        emit("became-nullable" if now else "became-not-nullable")

    def _components(self, ctx: _Ctx, old: _Node, new: _Node, label: str) -> None:
        """Every component pair reachable from this one, each compared once, reported at ``ctx``.

        What a pair reaches does not depend on the operation: the pairs with changes that each
        pair reaches are found once for the whole spec (:meth:`_closure`), and only their changes
        are reported again at each operation.
        """
        for key in self._closure((ctx, old, new, label)):
            for call_ctx, args, kwargs in self._locals[key].calls:
                self.emit(self.moved(call_ctx, ctx), *args, **kwargs)

    def _local_of(self, state: tuple[_Ctx, _Node, _Node, str]) -> _Local:
        """The pair's own comparison (not descending into other components), computed once."""
        at, o, n, lab = state
        key = self.local_key(at, o, n, lab)
        local = self._locals.get(key)
        if local is None:
            local = self._locals[key] = _Local()
            self._local = local
            try:
                self._compare(at, o, n, lab, frozenset({(o.ptr, n.ptr)}))
            finally:
                self._local = None
        return local

    def _closure(self, root: tuple[_Ctx, _Node, _Node, str]) -> tuple[tuple[Any, ...], ...]:
        """Keys of the pairs with changes reachable from ``root``, in the order first met.

        Tarjan's strongly connected components, iteratively: the schemas of a big spec reference
        each other in cycles, and every pair in one cycle reaches the same pairs.
        """
        root_key = self.local_key(*root)
        if root_key in self._closures:
            return self._closures[root_key]
        index: dict[tuple[Any, ...], int] = {}
        low: dict[tuple[Any, ...], int] = {}
        on_stack: list[tuple[Any, ...]] = []
        in_stack: set[tuple[Any, ...]] = set()
        work: list[tuple[tuple[Any, ...], Any]] = []

        def enter(state: tuple[_Ctx, _Node, _Node, str]) -> None:
            key = self.local_key(*state)
            index[key] = low[key] = len(index)
            on_stack.append(key)
            in_stack.add(key)
            edges = (e for e in self._local_of(state).edges if not self.unchanged(e[1], e[2]))
            work.append((key, iter(edges)))

        enter(root)
        while work:
            key, edges = work[-1]
            for edge in edges:
                child = self.local_key(*edge)
                if child in self._closures:
                    continue
                if child not in index:
                    enter(edge)
                    break
                if child in in_stack:
                    low[key] = min(low[key], index[child])
            else:
                work.pop()
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[key])
                if low[key] == index[key]:
                    self._finish(key, on_stack, in_stack, index)
        return self._closures[root_key]

    def _finish(
        self,
        head: tuple[Any, ...],
        on_stack: list[tuple[Any, ...]],
        in_stack: set[tuple[Any, ...]],
        index: dict[tuple[Any, ...], int],
    ) -> None:
        """Close one strongly connected component: its members share what they reach."""
        members: list[tuple[Any, ...]] = []
        while True:
            key = on_stack.pop()
            in_stack.discard(key)
            members.append(key)
            if key == head:
                break
        found: dict[tuple[Any, ...], int] = {}
        for key in members:
            local = self._locals[key]
            if local.calls:
                found.setdefault(key, index[key])
            for edge in local.edges:
                if self.unchanged(edge[1], edge[2]):
                    continue
                for reached in self._closures.get(self.local_key(*edge), ()):
                    found.setdefault(reached, index.get(reached, len(index)))
        closure = tuple(sorted(found, key=found.__getitem__))
        for key in members:
            self._closures[key] = closure

    def _compare(
        self,
        ctx: _Ctx,
        old: _Node,
        new: _Node,
        label: str,
        stack: frozenset[tuple[Pointer, Pointer]],
    ) -> None:
        pair = _Pair(old, new, self.view(self.old, old), self.view(self.new, new))
        syms = self._schema_symbols(ctx, new, label)
        prefix = f"{ctx.direction}-{'property' if label else ctx.subject}"
        what = (
            f"{ctx.direction} property {label}" if label else (ctx.name or f"{ctx.direction} body")
        )
        emit = _Emit(self, ctx, prefix, what, new.ptr, syms)
        self._types(emit, pair, ctx.direction == "request")
        self._enum(emit, pair, syms)
        self._bounds(emit, pair.ov, pair.nv)
        self._pattern(emit, pair.ov, pair.nv)
        self._properties(ctx, pair, label, stack, syms)
        ov, nv = pair.ov, pair.nv
        if ov.items is not None and nv.items is not None:
            self._schema(ctx, ov.items, nv.items, f"{label}[]" if label else "[]", stack)
        if ov.additional is not None and nv.additional is not None:
            self._schema(
                ctx, ov.additional, nv.additional, f"{label}{{}}" if label else "{}", stack
            )

    def _schema_symbols(self, ctx: _Ctx, new: _Node, label: str) -> list[str]:
        if label:
            return list(ctx.root_symbols)
        if ctx.subject == "body" and new.is_component and new.owner:
            return self.names.model(new.owner)
        return list(ctx.root_symbols) or self.names.operation(ctx.path, ctx.method, ctx.op)

    @staticmethod
    def _types(emit: _Emit, pair: _Pair, request: bool) -> None:
        """Types (3.1 ``type: [x, "null"]`` and 3.0 ``nullable`` already folded), formats, nulls."""
        ov, nv = pair.ov, pair.nv
        if ov.types != nv.types:
            # A request may widen, a response may narrow (the old clients' view of both).
            fine = _widened(ov, nv) if request else _widened(nv, ov)
            old, new = _types(ov.types), _types(nv.types)
            emit("type-compatible" if fine else "type-changed", old=old, new=new)
        if ov.format != nv.format and ({ov.format, nv.format} & PYTHON_FORMATS):
            emit("format-changed", old=ov.format or "none", new=nv.format or "none")
        if nv.nullable and not ov.nullable:
            emit("became-nullable")
        elif ov.nullable and not nv.nullable:
            emit("became-not-nullable")

    def _enum(self, emit: _Emit, pair: _Pair, syms: list[str]) -> None:
        ov, nv, old, new = pair.ov, pair.nv, pair.old, pair.new
        if ov.enum is None and nv.enum is not None:
            emit("became-enum", values=_fmt(nv.enum))
            return
        if ov.enum is None or nv.enum is None:
            return
        owner = new.owner if new.is_component else None
        for value in ov.enum:
            if value not in nv.enum:
                member = (
                    self.names.enum_member(owner, value) if owner and old.is_component else syms
                )
                emit("enum-value-removed", old.ptr, member, value=_fmt(value))
        for value in nv.enum:
            if value not in ov.enum:
                member = self.names.enum_member(owner, value) if owner else syms
                # Old clients may meet a value they cannot parse, unless the enum says it grows.
                emit(
                    "enum-value-added", new.ptr, member, extensible=nv.extensible, value=_fmt(value)
                )

    @staticmethod
    def _bounds(emit: _Emit, ov: _View, nv: _View) -> None:
        # The table classes each bound change: tighter input rejects what clients send; looser
        # output is what the pydantic models reject.
        for key, (name, _upper) in BOUNDS.items():
            a, b = ov.bounds.get(key), nv.bounds.get(key)
            if a != b:
                emit(
                    f"{name}-{_bound_change(a, b)}",
                    keyword=key,
                    old="none" if a is None else a,
                    new="none" if b is None else b,
                )

    @staticmethod
    def _pattern(emit: _Emit, ov: _View, nv: _View) -> None:
        if ov.pattern == nv.pattern:
            return
        if ov.pattern is None:
            emit("pattern-added", new=nv.pattern)
        elif nv.pattern is None:
            emit("pattern-removed", old=ov.pattern)
        else:
            emit("pattern-changed", old=ov.pattern, new=nv.pattern)

    # -- properties --

    def _properties(
        self,
        ctx: _Ctx,
        pair: _Pair,
        label: str,
        stack: frozenset[tuple[Pointer, Pointer]],
        parent_syms: list[str],
    ) -> None:
        ov, nv = pair.ov, pair.nv
        # readOnly properties never travel in a request, writeOnly ones never in a response.
        hidden = "read_only" if ctx.direction == "request" else "write_only"

        def is_hidden(doc: Any, node: _Node) -> bool:
            return bool(getattr(self.view(doc, node), hidden))

        def attr(node: _Node, name: str) -> list[str]:
            if node.owner:
                return self.names.attribute(node.owner, (*node.owner_path, name)[0])
            return parent_syms or self.names.operation(ctx.path, ctx.method, ctx.op)

        # Inside a component schema, name properties from that schema (its pointer says which):
        # `maxJobs`, not `{}.maxJobs` for every path that reaches MidjourneyAccount.
        if pair.new.is_component:
            label = ""
        for name, node in ov.properties.items():
            if name in nv.properties or is_hidden(self.old, node):
                continue
            full = f"{label}.{name}" if label else name
            removed = (
                "request-property-removed"
                if ctx.direction == "request"
                else "response-property-removed"
            )
            required = "required " if name in ov.required else ""
            self.emit(ctx, removed, node.ptr, attr(pair.old, name), required=required, name=full)
        for name, node in nv.properties.items():
            if (
                name in ov.properties
                and (name in ov.required) == (name in nv.required)
                and self.unchanged(_deref(self.old, ov.properties[name]), _deref(self.new, node))
            ):
                continue  # the same schema, as required as before: nothing to find below it
            if is_hidden(self.new, node):
                continue
            full = f"{label}.{name}" if label else name
            syms = attr(pair.new, name)
            if name not in ov.properties:
                self._property_added(ctx, name in nv.required, node, full, syms)
                continue
            self._property_changed(ctx, pair, name, full, syms)
            sub = _Ctx(
                ctx.direction, ctx.path, ctx.method, ctx.op, ctx.status, ctx.subject, ctx.name,
                tuple(syms),
            )  # fmt: skip
            self._schema(sub, ov.properties[name], node, full, stack)

    def _property_added(
        self, ctx: _Ctx, required: bool, node: _Node, full: str, syms: list[str]
    ) -> None:
        if ctx.direction == "response":
            rule_id = "response-property-added"
        elif required:
            rule_id = "new-required-request-property"
        else:
            rule_id = "new-optional-request-property"
        self.emit(ctx, rule_id, node.ptr, syms, name=full)

    def _property_changed(
        self, ctx: _Ctx, pair: _Pair, name: str, full: str, syms: list[str]
    ) -> None:
        """Required-ness and deprecation of a property both sides have."""
        request = ctx.direction == "request"
        node = pair.nv.properties[name]
        was_req, is_req = name in pair.ov.required, name in pair.nv.required
        rule_id: str | None = None
        if is_req and not was_req:
            rule_id = (
                "request-property-became-required"
                if request
                else "response-property-became-required"
            )
        elif was_req and not is_req:
            rule_id = (
                "request-property-became-optional"
                if request
                else "response-property-became-optional"
            )
        if rule_id:
            self.emit(ctx, rule_id, node.ptr, syms, name=full)
        if (
            self.view(self.new, node).deprecated
            and not self.view(self.old, pair.ov.properties[name]).deprecated
        ):
            deprecated = (
                "request-property-deprecated" if request else "response-property-deprecated"
            )
            self.emit(ctx, deprecated, node.ptr, syms, name=full)


_ANNOTATIONS = frozenset({"description", "title", "deprecated", "example", "examples", "default"})


def _nullable_ref(doc: Any, node: _Node) -> _Node | None:
    """The component X of ``anyOf``/``oneOf: [$ref X, {type: null}]``, else None."""
    s = node.schema
    if not isinstance(s, dict):
        return None
    key = "anyOf" if "anyOf" in s else "oneOf" if "oneOf" in s else None
    if key is None or not isinstance(s[key], list) or len(s[key]) != 2:
        return None
    if set(s) - {key} - _ANNOTATIONS - {k for k in s if k.startswith("x-")}:
        return None
    refs = [b for b in s[key] if isinstance(b, dict) and isinstance(b.get("$ref"), str)]
    nulls = [b for b in s[key] if isinstance(b, dict) and b.get("type") == "null" and len(b) == 1]
    if len(refs) != 1 or len(nulls) != 1:
        return None
    target = _deref(
        doc, _Node(refs[0], (*node.ptr, key, s[key].index(refs[0])), node.owner, node.owner_path)
    )
    return target if target.is_component else None
