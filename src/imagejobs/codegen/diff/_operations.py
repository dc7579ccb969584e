"""Operation comparison rules (paths, parameters, request bodies, responses, headers) and :func:`diff_specs`."""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Mapping
from typing import Any

from ..spec.pointer import Pointer
from ..spec.walk import operations
from ._model import SEVERITIES, Change, DiffError, DiffReport
from ._record import _Ctx
from ._resolve import _deref, _Node
from ._schemas import _SchemaRules
from ._security import _SecurityRules
from ._symbols import Generated, SymbolNamer

__all__ = ["_Differ", "diff_specs"]

_PATH_VAR = re.compile(r"\{([^}]*)\}")


class _Differ(_SchemaRules, _SecurityRules):
    """Compares two documents: every operation, then the security schemes (``run``)."""

    # -- operations --

    @staticmethod
    def _ops(
        doc: dict[str, Any],
    ) -> dict[tuple[str, str], tuple[str, dict[str, Any], dict[str, Any]]]:
        """(normalized path, method) -> (path, path item, operation); `{x}` and `{y}` match."""
        # Every method, the generators' and newer ones (`query`), and path items behind a $ref:
        # adding or removing an operation is reported whatever the generators make of it.
        return {
            (_PATH_VAR.sub("{}", op.path), op.method): (op.path, op.item, op.op)
            for op in operations(doc)
        }

    def run(self) -> list[Change]:
        old_ops, new_ops = self._ops(self.old), self._ops(self.new)
        for key, (path, _, op) in old_ops.items():
            ctx = _Ctx("request", path, key[1], op)
            if key not in new_ops:
                note = " (it was deprecated)" if op.get("deprecated") else ""
                symbols = self.names.operation(path, key[1], op)
                self.emit(ctx, "api-removed", ("paths", path, key[1]), symbols, note=note)
                continue
            self._operation(key[1], old_ops[key], new_ops[key])
        for key, (path, _, op) in new_ops.items():
            if key not in old_ops:
                ctx = _Ctx("request", path, key[1], op)
                symbols = self.names.operation(path, key[1], op)
                self.emit(ctx, "endpoint-added", ("paths", path, key[1]), symbols)
        self._security_schemes()
        order = {s: i for i, s in enumerate(SEVERITIES)}
        return sorted(self.changes, key=lambda c: order[c.severity])

    def _operation(
        self,
        method: str,
        old: tuple[str, dict[str, Any], dict[str, Any]],
        new: tuple[str, dict[str, Any], dict[str, Any]],
    ) -> None:
        (old_path, old_item, old_op), (path, item, op) = old, new
        ptr: Pointer = ("paths", path, method)
        ctx = _Ctx("request", path, method, op)
        renames: dict[str, str] = {}
        for before, after in zip(_PATH_VAR.findall(old_path), _PATH_VAR.findall(path), strict=True):
            renames[before] = after
            if before != after:
                self.emit(
                    ctx,
                    "request-path-parameter-renamed",
                    ("paths", path),
                    self.names.argument(path, method, op, after),
                    old=before,
                    new=after,
                )
        self._identity(ctx, (old_path, old_op), ptr)
        self._parameters(ctx, (old_item, old_op, old_path), (item, op, path), renames)
        self._request_body(ctx, old_op, op, ptr)
        self._responses(ctx, old_op, op, ptr)
        self._security(ctx, old_op, op, ptr)

    def _identity(self, ctx: _Ctx, old: tuple[str, dict[str, Any]], ptr: Pointer) -> None:
        """What names the generated module (operationId, first tag), and deprecation."""
        (old_path, old_op), op, method = old, ctx.op, ctx.method
        module = self.names.operation(ctx.path, method, op)
        both = self.names.operation(old_path, method, old_op) + module
        if old_op.get("operationId") != op.get("operationId"):
            self.emit(
                ctx, "api-operation-id-changed", (*ptr, "operationId"), both,
                old=old_op.get("operationId"), new=op.get("operationId"),
            )  # fmt: skip
        old_tag = (old_op.get("tags") or ["default"])[0]
        new_tag = (op.get("tags") or ["default"])[0]
        if old_tag != new_tag:
            self.emit(ctx, "api-tag-changed", (*ptr, "tags"), both, old=old_tag, new=new_tag)
        if op.get("deprecated") and not old_op.get("deprecated"):
            self.emit(ctx, "endpoint-deprecated", (*ptr, "deprecated"), module)

    # -- parameters --

    def _params(
        self, doc: dict[str, Any], item: dict[str, Any], op: dict[str, Any], path: str
    ) -> dict[tuple[str, str], _Node]:
        out: dict[tuple[str, str], _Node] = {}
        # Operation-level parameters override path-level ones of the same name and location.
        sources: list[tuple[Pointer, Any]] = [
            (("paths", path, "parameters"), item.get("parameters")),
            (("paths", path, "_op_", "parameters"), op.get("parameters")),
        ]
        for where, params in sources:
            for i, raw in enumerate(params or []):
                node = _deref(doc, _Node(raw, (*where, i)))
                if isinstance(node.schema, dict) and "name" in node.schema:
                    out[(str(node.schema.get("in")), str(node.schema["name"]))] = node
        return out

    def _parameters(
        self,
        ctx: _Ctx,
        old: tuple[dict[str, Any], dict[str, Any], str],
        new: tuple[dict[str, Any], dict[str, Any], str],
        renames: dict[str, str],
    ) -> None:
        olds = self._params(self.old, *old)
        news = self._params(self.new, *new)
        # Match path parameters by position: a rename was reported once, above.
        olds = {
            (k[0], renames.get(k[1], k[1]) if k[0] == "path" else k[1]): v for k, v in olds.items()
        }
        method, op, path = ctx.method, ctx.op, ctx.path
        for key, node in olds.items():
            if key not in news:
                self.emit(
                    ctx, "request-parameter-removed", _fix(node.ptr, method),
                    self.names.argument(path, method, op, key[1]), location=key[0], name=key[1],
                )  # fmt: skip
        for key, node in news.items():
            if key not in olds:
                rule_id = (
                    "new-required-request-parameter"
                    if node.schema.get("required")
                    else "new-optional-request-parameter"
                )
                self.emit(
                    ctx, rule_id, _fix(node.ptr, method),
                    self.names.argument(path, method, op, key[1]), location=key[0], name=key[1],
                )  # fmt: skip
                continue
            self._parameter(ctx, key, olds[key], node)

    def _parameter(self, ctx: _Ctx, key: tuple[str, str], old: _Node, new: _Node) -> None:
        """One parameter both sides have: required-ness, deprecation, then its schema."""
        method, before, after = ctx.method, old.schema, new.schema
        syms = self.names.argument(ctx.path, method, ctx.op, key[1])
        ptr = _fix(new.ptr, method)
        fields: dict[str, Any] = {"location": key[0], "name": key[1]}
        if after.get("required") and not before.get("required"):
            self.emit(ctx, "request-parameter-became-required", ptr, syms, **fields)
        elif before.get("required") and not after.get("required"):
            self.emit(ctx, "request-parameter-became-optional", ptr, syms, **fields)
        if after.get("deprecated") and not before.get("deprecated"):
            self.emit(ctx, "request-parameter-deprecated", ptr, syms, **fields)
        if "schema" in before and "schema" in after:
            pctx = _Ctx(
                "request", ctx.path, method, ctx.op, None, "parameter",
                f"{key[0]} parameter {key[1]}", tuple(syms),
            )  # fmt: skip
            o = _Node(before["schema"], (*_fix(old.ptr, method), "schema"))
            n = _Node(after["schema"], (*ptr, "schema"))
            self._schema(pctx, o, n, "", frozenset())

    # -- request body --

    def _request_body(
        self, ctx: _Ctx, old_op: dict[str, Any], op: dict[str, Any], ptr: Pointer
    ) -> None:
        syms = self.names.argument(ctx.path, ctx.method, op, "body")
        raw_old, raw_new = old_op.get("requestBody"), op.get("requestBody")
        body_ptr = (*ptr, "requestBody")
        if raw_old is None and raw_new is None:
            return
        if raw_old is None:
            body = _deref(self.new, _Node(raw_new, body_ptr)).schema
            rule_id = (
                "request-body-added-required"
                if body.get("required")
                else "request-body-added-optional"
            )
            self.emit(ctx, rule_id, body_ptr, syms)
            return
        if raw_new is None:
            self.emit(ctx, "request-body-removed", body_ptr, syms)
            return
        old_node = _deref(self.old, _Node(raw_old, body_ptr))
        new_node = _deref(self.new, _Node(raw_new, body_ptr))
        if new_node.schema.get("required") and not old_node.schema.get("required"):
            self.emit(ctx, "request-body-became-required", new_node.ptr, syms)
        elif old_node.schema.get("required") and not new_node.schema.get("required"):
            self.emit(ctx, "request-body-became-optional", new_node.ptr, syms)
        self._content(ctx, old_node, new_node)

    def _content(self, ctx: _Ctx, old: _Node, new: _Node) -> None:
        """Media types of a request body or response, and the schema of each one they share."""
        old_content = old.schema.get("content") or {}
        new_content = new.schema.get("content") or {}
        request = ctx.direction == "request"
        removed = "request-body-media-type-removed" if request else "response-media-type-removed"
        added = "request-body-media-type-added" if request else "response-media-type-added"
        module = self.names.operation(ctx.path, ctx.method, ctx.op)
        for media in old_content:
            if media not in new_content:
                where = (*old.ptr, "content", media)
                self.emit(ctx, removed, where, module, media=media)
        for media, value in new_content.items():
            if media not in old_content:
                where = (*new.ptr, "content", media)
                self.emit(ctx, added, where, module, media=media)
                continue
            before = old_content[media]
            if (
                isinstance(before, dict)
                and isinstance(value, dict)
                and "schema" in before
                and "schema" in value
            ):
                o = _Node(before["schema"], (*old.ptr, "content", media, "schema"))
                n = _Node(value["schema"], (*new.ptr, "content", media, "schema"))
                self._schema(ctx, o, n, "", frozenset())

    # -- responses --

    def _responses(
        self, ctx: _Ctx, old_op: dict[str, Any], op: dict[str, Any], ptr: Pointer
    ) -> None:
        old_responses = old_op.get("responses") or {}
        new_responses = op.get("responses") or {}
        module = self.names.operation(ctx.path, ctx.method, op)
        for status in old_responses:
            if status not in new_responses:
                rule_id = (
                    "response-success-status-removed"
                    if str(status).startswith("2")
                    else "response-non-success-status-removed"
                )
                self.emit(
                    ctx, rule_id, (*ptr, "responses", status), module,
                    status=str(status),
                )  # fmt: skip
        for status, raw in new_responses.items():
            rctx = _Ctx("response", ctx.path, ctx.method, op, str(status))
            if status not in old_responses:
                # A new success status is one more return type the caller's code may not handle.
                rule_id = (
                    "response-success-status-added"
                    if str(status).startswith("2")
                    else "response-non-success-status-added"
                )
                self.emit(rctx, rule_id, (*ptr, "responses", status), module)
                continue
            old_node = _deref(self.old, _Node(old_responses[status], (*ptr, "responses", status)))
            new_node = _deref(self.new, _Node(raw, (*ptr, "responses", status)))
            if isinstance(old_node.schema, dict) and isinstance(new_node.schema, dict):
                self._content(rctx, old_node, new_node)
                self._headers(rctx, old_node, new_node)

    def _headers(self, ctx: _Ctx, old: _Node, new: _Node) -> None:
        olds = {k.lower(): (k, v) for k, v in (old.schema.get("headers") or {}).items()}
        news = {k.lower(): (k, v) for k, v in (new.schema.get("headers") or {}).items()}
        module = self.names.operation(ctx.path, ctx.method, ctx.op)
        for key, (name, raw) in olds.items():
            if key not in news:
                header = _deref(self.old, _Node(raw, (*old.ptr, "headers", name)))
                required = isinstance(header.schema, dict) and header.schema.get("required")
                rule_id = (
                    "required-response-header-removed"
                    if required
                    else "optional-response-header-removed"
                )
                self.emit(ctx, rule_id, (*old.ptr, "headers", name), module, name=name)
        for key, (name, raw) in news.items():
            if key not in olds:
                where = (*new.ptr, "headers", name)
                self.emit(ctx, "response-header-added", where, module, name=name)
                continue
            o = _deref(self.old, _Node(olds[key][1], (*old.ptr, "headers", olds[key][0])))
            n = _deref(self.new, _Node(raw, (*new.ptr, "headers", name)))
            if (
                isinstance(o.schema, dict)
                and isinstance(n.schema, dict)
                and "schema" in o.schema
                and "schema" in n.schema
            ):
                hctx = _Ctx(
                    "response", ctx.path, ctx.method, ctx.op, ctx.status, "header",
                    f"header {name}", tuple(module),
                )  # fmt: skip
                self._schema(
                    hctx,
                    _Node(o.schema["schema"], (*o.ptr, "schema")),
                    _Node(n.schema["schema"], (*n.ptr, "schema")),
                    "",
                    frozenset(),
                )


def _fix(ptr: Pointer, method: str) -> Pointer:
    """Turn the internal ``_op_`` marker of operation-level parameters into the method."""
    return tuple(method if p == "_op_" else p for p in ptr)


def diff_specs(
    old: dict[str, Any],
    new: dict[str, Any],
    *,
    old_label: str = "old",
    new_label: str = "new",
    spec: str | None = None,
    package: str | None = None,
    class_overrides: Mapping[str, Mapping[str, str]] | None = None,
    generated: Generated | None = None,
) -> DiffReport:
    """Compare two OpenAPI documents (overlays already applied) and classify every change.

    ``package`` names the generated package, so changes list the Python symbols they affect;
    ``generated`` (with ``select:``) says which operations and schemas have any.
    Raises :class:`DiffError` when a document cannot be compared (dangling or external ``$ref``).
    """
    if not isinstance(old, dict) or not isinstance(new, dict):
        raise DiffError("both documents must be OpenAPI mappings")
    differ = _Differ(old, new, SymbolNamer(package, class_overrides, generated))
    changes = _deep(differ.run)
    return DiffReport(old=old_label, new=new_label, changes=changes, spec=spec)


_STACK_BYTES = 512 * 1024 * 1024
_FRAMES = 200_000


def _deep(run: Callable[[], list[Change]]) -> list[Change]:
    """``run()`` in a thread with a deep stack.

    Component schemas are followed breadth first, but a schema written inline can still nest as
    deep as the loader allows, and each level is a few calls. The thread's stack is reserved,
    not used, until the recursion reaches it.
    """
    result: list[list[Change]] = []
    failure: list[BaseException] = []

    def target() -> None:
        try:
            result.append(run())
        except BaseException as exc:  # re-raised in the caller's thread
            failure.append(exc)

    limit = sys.getrecursionlimit()
    old_size = threading.stack_size()
    with _DEEP:
        try:
            threading.stack_size(_STACK_BYTES)
            sys.setrecursionlimit(max(limit, _FRAMES))
            thread = threading.Thread(target=target, name="imagejobs-diff")
            thread.start()
            thread.join()
        finally:
            threading.stack_size(old_size)
            sys.setrecursionlimit(limit)
    if failure:
        if isinstance(failure[0], RecursionError):
            raise DiffError("the schemas nest deeper than the diff can follow") from None
        raise failure[0]
    return result[0]


_DEEP = threading.Lock()
"""One deep run at a time: the recursion limit is the interpreter's, not the thread's."""
