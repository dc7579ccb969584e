"""Security comparison rules: the requirements of each operation and the security schemes."""

from __future__ import annotations

from typing import Any

from ..spec.pointer import Pointer
from ._record import _Ctx, _Recorder
from ._resolve import _deref, _Node

__all__ = ["_SecurityRules"]

# Scheme keyword -> the rule reporting its change.
_SCHEME_KEYS = (
    ("type", "api-security-component-type-changed"),
    ("scheme", "api-security-component-http-scheme-changed"),
    ("in", "api-security-component-api-key-in-changed"),
    ("name", "api-security-component-api-key-name-changed"),
)
_FLOW_URLS = (
    ("tokenUrl", "api-security-component-oauth-token-url-changed"),
    ("authorizationUrl", "api-security-component-oauth-url-changed"),
)


class _SecurityRules(_Recorder):
    """The rules that compare security requirements and ``components/securitySchemes``."""

    # -- security --

    @staticmethod
    def _requirements(doc: dict[str, Any], op: dict[str, Any]) -> dict[str, set[str]]:
        """Scheme -> scopes over every alternative (``security: []`` or none: public)."""
        security = op.get("security", doc.get("security")) or []
        out: dict[str, set[str]] = {}
        for requirement in security:
            for scheme, scopes in (requirement or {}).items():
                out.setdefault(scheme, set()).update(scopes or [])
        return out

    def _security(
        self, ctx: _Ctx, old_op: dict[str, Any], op: dict[str, Any], ptr: Pointer
    ) -> None:
        old, new = self._requirements(self.old, old_op), self._requirements(self.new, op)
        where = (*ptr, "security") if "security" in op else ("security",)
        client = self.names.client()
        for scheme in old:
            if scheme not in new:
                self.emit(ctx, "api-security-removed", where, client, scheme=scheme)
        for scheme, scopes in new.items():
            if scheme not in old:
                self.emit(ctx, "api-security-added", where, client, scheme=scheme)
                continue
            for scope in sorted(scopes - old[scheme]):
                self.emit(
                    ctx, "api-security-scope-added", where, client, scheme=scheme, scope=scope
                )
            for scope in sorted(old[scheme] - scopes):
                self.emit(
                    ctx, "api-security-scope-removed", where, client, scheme=scheme, scope=scope
                )

    def _security_schemes(self) -> None:
        old = (self.old.get("components") or {}).get("securitySchemes") or {}
        new = (self.new.get("components") or {}).get("securitySchemes") or {}
        client = self.names.client()
        for name in old:
            if name not in new:
                ptr: Pointer = ("components", "securitySchemes", name)
                self.emit(None, "api-security-component-removed", ptr, client, name=name)
        for name, raw in new.items():
            ptr = ("components", "securitySchemes", name)
            if name not in old:
                self.emit(None, "api-security-component-added", ptr, client, name=name)
                continue
            a = _deref(self.old, _Node(old[name], ptr)).schema
            b = _deref(self.new, _Node(raw, ptr)).schema
            if isinstance(a, dict) and isinstance(b, dict):
                self._scheme(name, ptr, a, b)

    def _scheme(self, name: str, ptr: Pointer, a: dict[str, Any], b: dict[str, Any]) -> None:
        """One security scheme present on both sides: its keywords, then its OAuth flows."""
        client = self.names.client()
        for key, rule_id in _SCHEME_KEYS:
            if a.get(key) != b.get(key):
                self.emit(
                    None, rule_id, (*ptr, key), client, name=name, old=a.get(key), new=b.get(key)
                )
        old_flows, new_flows = a.get("flows") or {}, b.get("flows") or {}
        for flow, nf in new_flows.items():
            of = old_flows.get(flow)
            if isinstance(of, dict) and isinstance(nf, dict):
                self._flow(name, (*ptr, "flows", flow), flow, of, nf)
        for flow in old_flows:
            if flow not in new_flows:
                self.emit(
                    None,
                    "api-security-component-oauth-flow-removed",
                    (*ptr, "flows"),
                    client,
                    name=name,
                    flow=flow,
                )

    def _flow(
        self, name: str, ptr: Pointer, flow: str, of: dict[str, Any], nf: dict[str, Any]
    ) -> None:
        client = self.names.client()
        for key, rule_id in _FLOW_URLS:
            if of.get(key) != nf.get(key):
                self.emit(
                    None,
                    rule_id,
                    (*ptr, key),
                    client,
                    name=name,
                    flow=flow,
                    old=of.get(key),
                    new=nf.get(key),
                )
        old_scopes, new_scopes = of.get("scopes") or {}, nf.get("scopes") or {}
        for scope in old_scopes:
            if scope not in new_scopes:
                self.emit(
                    None,
                    "api-security-component-oauth-scope-removed",
                    (*ptr, "scopes"),
                    client,
                    name=name,
                    scope=scope,
                )
        for scope in new_scopes:
            if scope not in old_scopes:
                self.emit(
                    None,
                    "api-security-component-oauth-scope-added",
                    (*ptr, "scopes", scope),
                    client,
                    name=name,
                    scope=scope,
                )
