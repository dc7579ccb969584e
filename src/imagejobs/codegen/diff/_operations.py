"""Operation comparison rules (paths, parameters, request bodies, responses, headers) and :func:`diff_specs`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ..spec.pointer import Pointer
from ..spec.walk import operations
from ._model import SEVERITIES, Change, DiffError, DiffReport
from ._record import _Ctx
from ._resolve import _deref, _Node
from ._schemas import _SchemaRules
from ._security import _SecurityRules
from ._symbols import SymbolNamer

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
            if key not in new_ops:
                note = " (it was deprecated)" if op.get("deprecated") else ""
                self.add(
                    "api-removed",
                    "breaking",
                    f"operation removed{note}",
                    ("paths", path, key[1]),
                    path=path,
                    method=key[1].upper(),
                    symbols=self.names.operation(path, key[1], op),
                )
                continue
            self._operation(key[1], old_ops[key], new_ops[key])
        for key, (path, _, op) in new_ops.items():
            if key not in old_ops:
                self.add(
                    "endpoint-added",
                    "compatible",
                    "operation added",
                    ("paths", path, key[1]),
                    path=path,
                    method=key[1].upper(),
                    symbols=self.names.operation(path, key[1], op),
                )
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
        module = self.names.operation(path, method, op)
        ctx = _Ctx("request", path, method, op)
        renames: dict[str, str] = {}
        for before, after in zip(_PATH_VAR.findall(old_path), _PATH_VAR.findall(path), strict=True):
            renames[before] = after
            if before != after:
                self.at(
                    ctx,
                    "request-path-parameter-renamed",
                    "breaking",
                    f"path parameter renamed: {before} -> {after}",
                    ("paths", path),
                    self.names.argument(path, method, op, after),
                )
        if old_op.get("operationId") != op.get("operationId"):
            self.at(
                ctx,
                "api-operation-id-changed",
                "breaking",
                f"operationId changed: {old_op.get('operationId')} -> {op.get('operationId')} (the generated module is renamed)",
                (*ptr, "operationId"),
                self.names.operation(old_path, method, old_op) + module,
            )
        old_tag, new_tag = (
            (old_op.get("tags") or ["default"])[0],
            (op.get("tags") or ["default"])[0],
        )
        if old_tag != new_tag:
            self.at(
                ctx,
                "api-tag-changed",
                "breaking",
                f"first tag changed: {old_tag} -> {new_tag} (the generated module moves)",
                (*ptr, "tags"),
                self.names.operation(old_path, method, old_op) + module,
            )
        if op.get("deprecated") and not old_op.get("deprecated"):
            self.at(
                ctx,
                "endpoint-deprecated",
                "warning",
                "operation deprecated",
                (*ptr, "deprecated"),
                module,
            )
        self._parameters(ctx, (old_item, old_op, old_path), (item, op, path), renames)
        self._request_body(ctx, old_op, op, ptr)
        self._responses(ctx, old_op, op, ptr)
        self._security(ctx, old_op, op, ptr)

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
                self.at(
                    ctx,
                    "request-parameter-removed",
                    "breaking",
                    f"{key[0]} parameter removed: {key[1]}",
                    _fix(node.ptr, method),
                    self.names.argument(path, method, op, key[1]),
                )
        for key, node in news.items():
            syms = self.names.argument(path, method, op, key[1])
            ptr = _fix(node.ptr, method)
            if key not in olds:
                if node.schema.get("required"):
                    self.at(
                        ctx,
                        "new-required-request-parameter",
                        "breaking",
                        f"new required {key[0]} parameter: {key[1]}",
                        ptr,
                        syms,
                    )
                else:
                    self.at(
                        ctx,
                        "new-optional-request-parameter",
                        "compatible",
                        f"new optional {key[0]} parameter: {key[1]}",
                        ptr,
                        syms,
                    )
                continue
            before = olds[key].schema
            if node.schema.get("required") and not before.get("required"):
                self.at(
                    ctx,
                    "request-parameter-became-required",
                    "breaking",
                    f"{key[0]} parameter became required: {key[1]}",
                    ptr,
                    syms,
                )
            elif before.get("required") and not node.schema.get("required"):
                self.at(
                    ctx,
                    "request-parameter-became-optional",
                    "compatible",
                    f"{key[0]} parameter became optional: {key[1]}",
                    ptr,
                    syms,
                )
            if node.schema.get("deprecated") and not before.get("deprecated"):
                self.at(
                    ctx,
                    "request-parameter-deprecated",
                    "warning",
                    f"{key[0]} parameter deprecated: {key[1]}",
                    ptr,
                    syms,
                )
            if "schema" in before and "schema" in node.schema:
                pctx = _Ctx(
                    "request",
                    path,
                    method,
                    op,
                    None,
                    "parameter",
                    f"{key[0]} parameter {key[1]}",
                    tuple(syms),
                )
                o = _Node(before["schema"], (*_fix(olds[key].ptr, method), "schema"))
                n = _Node(node.schema["schema"], (*ptr, "schema"))
                self._schema(pctx, o, n, "", frozenset())

    # -- request body --

    def _request_body(
        self, ctx: _Ctx, old_op: dict[str, Any], op: dict[str, Any], ptr: Pointer
    ) -> None:
        syms = self.names.argument(ctx.path, ctx.method, op, "body")
        raw_old, raw_new = old_op.get("requestBody"), op.get("requestBody")
        if raw_old is None and raw_new is None:
            return
        if raw_old is None:
            body = _deref(self.new, _Node(raw_new, (*ptr, "requestBody"))).schema
            if body.get("required"):
                self.at(
                    ctx,
                    "request-body-added-required",
                    "breaking",
                    "required request body added",
                    (*ptr, "requestBody"),
                    syms,
                )
            else:
                self.at(
                    ctx,
                    "request-body-added-optional",
                    "compatible",
                    "optional request body added",
                    (*ptr, "requestBody"),
                    syms,
                )
            return
        old_ptr = (*ptr, "requestBody")
        if raw_new is None:
            self.at(ctx, "request-body-removed", "breaking", "request body removed", old_ptr, syms)
            return
        old_node = _deref(self.old, _Node(raw_old, old_ptr))
        new_node = _deref(self.new, _Node(raw_new, (*ptr, "requestBody")))
        if new_node.schema.get("required") and not old_node.schema.get("required"):
            self.at(
                ctx,
                "request-body-became-required",
                "breaking",
                "request body became required",
                new_node.ptr,
                syms,
            )
        elif old_node.schema.get("required") and not new_node.schema.get("required"):
            self.at(
                ctx,
                "request-body-became-optional",
                "compatible",
                "request body became optional",
                new_node.ptr,
                syms,
            )
        self._content(ctx, old_node, new_node, "request-body")

    def _content(self, ctx: _Ctx, old: _Node, new: _Node, prefix: str) -> None:
        """Media types of a request body or response, and the schema of each one they share."""
        old_content = old.schema.get("content") or {}
        new_content = new.schema.get("content") or {}
        where = f" (status {ctx.status})" if ctx.status else ""
        module = self.names.operation(ctx.path, ctx.method, ctx.op)
        for media in old_content:
            if media not in new_content:
                self.at(
                    ctx,
                    f"{prefix}-media-type-removed",
                    "breaking",
                    f"media type removed: {media}{where}",
                    (*old.ptr, "content", media),
                    module,
                )
        for media, value in new_content.items():
            if media not in old_content:
                self.at(
                    ctx,
                    f"{prefix}-media-type-added",
                    "compatible",
                    f"media type added: {media}{where}",
                    (*new.ptr, "content", media),
                    module,
                )
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
                kind = "success" if str(status).startswith("2") else "non-success"
                self.add(
                    f"response-{kind}-status-removed",
                    "breaking",
                    f"response status removed: {status}",
                    (*ptr, "responses", status),
                    path=ctx.path,
                    method=ctx.method.upper(),
                    status=str(status),
                    symbols=module,
                )
        for status, raw in new_responses.items():
            rctx = _Ctx("response", ctx.path, ctx.method, op, str(status))
            if status not in old_responses:
                success = str(status).startswith("2")
                # A new success status is one more return type the caller's code may not handle.
                self.at(
                    rctx,
                    f"response-{'success' if success else 'non-success'}-status-added",
                    "warning" if success else "compatible",
                    f"response status added: {status}",
                    (*ptr, "responses", status),
                    module,
                )
                continue
            old_node = _deref(self.old, _Node(old_responses[status], (*ptr, "responses", status)))
            new_node = _deref(self.new, _Node(raw, (*ptr, "responses", status)))
            if isinstance(old_node.schema, dict) and isinstance(new_node.schema, dict):
                self._content(rctx, old_node, new_node, "response")
                self._headers(rctx, old_node, new_node)

    def _headers(self, ctx: _Ctx, old: _Node, new: _Node) -> None:
        olds = {k.lower(): (k, v) for k, v in (old.schema.get("headers") or {}).items()}
        news = {k.lower(): (k, v) for k, v in (new.schema.get("headers") or {}).items()}
        module = self.names.operation(ctx.path, ctx.method, ctx.op)
        for key, (name, raw) in olds.items():
            if key not in news:
                header = _deref(self.old, _Node(raw, (*old.ptr, "headers", name)))
                required = isinstance(header.schema, dict) and header.schema.get("required")
                self.at(
                    ctx,
                    f"{'required' if required else 'optional'}-response-header-removed",
                    "breaking" if required else "warning",
                    f"response header removed: {name}",
                    (*old.ptr, "headers", name),
                    module,
                )
        for key, (name, raw) in news.items():
            if key not in olds:
                self.at(
                    ctx,
                    "response-header-added",
                    "compatible",
                    f"response header added: {name}",
                    (*new.ptr, "headers", name),
                    module,
                )
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
                    "response",
                    ctx.path,
                    ctx.method,
                    ctx.op,
                    ctx.status,
                    "header",
                    f"header {name}",
                    tuple(module),
                )
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
) -> DiffReport:
    """Compare two OpenAPI documents (overlays already applied) and classify every change.

    ``package`` names the generated package, so changes list the Python symbols they affect.
    Raises :class:`DiffError` when a document cannot be compared (dangling or external ``$ref``).
    """
    if not isinstance(old, dict) or not isinstance(new, dict):
        raise DiffError("both documents must be OpenAPI mappings")
    changes = _Differ(old, new, SymbolNamer(package, class_overrides)).run()
    return DiffReport(old=old_label, new=new_label, changes=changes, spec=spec)
