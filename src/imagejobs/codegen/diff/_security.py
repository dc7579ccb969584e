"""Security comparison rules: the requirements of each operation and the security schemes."""

from __future__ import annotations

from typing import Any

from ..spec.pointer import Pointer
from ._record import _Ctx, _Recorder
from ._resolve import _deref, _Node

__all__ = ["_SecurityRules"]


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
                self.at(
                    ctx,
                    "api-security-removed",
                    "compatible",
                    f"security scheme no longer required: {scheme}",
                    where,
                    client,
                )
        for scheme, scopes in new.items():
            if scheme not in old:
                self.at(
                    ctx,
                    "api-security-added",
                    "breaking",
                    f"security scheme now required: {scheme}",
                    where,
                    client,
                )
                continue
            for scope in sorted(scopes - old[scheme]):
                self.at(
                    ctx,
                    "api-security-scope-added",
                    "breaking",
                    f"security scope now required: {scheme} {scope}",
                    where,
                    client,
                )
            for scope in sorted(old[scheme] - scopes):
                self.at(
                    ctx,
                    "api-security-scope-removed",
                    "compatible",
                    f"security scope no longer required: {scheme} {scope}",
                    where,
                    client,
                )

    def _security_schemes(self) -> None:
        old = (self.old.get("components") or {}).get("securitySchemes") or {}
        new = (self.new.get("components") or {}).get("securitySchemes") or {}
        client = self.names.client()
        for name in old:
            if name not in new:
                self.add(
                    "api-security-component-removed",
                    "breaking",
                    f"security scheme removed: {name}",
                    ("components", "securitySchemes", name),
                    symbols=client,
                )
        for name, raw in new.items():
            ptr: Pointer = ("components", "securitySchemes", name)
            if name not in old:
                self.add(
                    "api-security-component-added",
                    "compatible",
                    f"security scheme added: {name}",
                    ptr,
                    symbols=client,
                )
                continue
            a = _deref(self.old, _Node(old[name], ptr)).schema
            b = _deref(self.new, _Node(raw, ptr)).schema
            if not (isinstance(a, dict) and isinstance(b, dict)):
                continue
            for key, rule in (
                ("type", "type"),
                ("scheme", "http-scheme"),
                ("in", "api-key-in"),
                ("name", "api-key-name"),
            ):
                if a.get(key) != b.get(key):
                    self.add(
                        f"api-security-component-{rule}-changed",
                        "breaking",
                        f"security scheme {name}: {key} changed {a.get(key)} -> {b.get(key)}",
                        (*ptr, key),
                        symbols=client,
                    )
            old_flows, new_flows = a.get("flows") or {}, b.get("flows") or {}
            for flow, nf in new_flows.items():
                of = old_flows.get(flow)
                if not isinstance(of, dict) or not isinstance(nf, dict):
                    continue
                for key in ("tokenUrl", "authorizationUrl"):
                    if of.get(key) != nf.get(key):
                        rule = "oauth-token-url" if key == "tokenUrl" else "oauth-url"
                        self.add(
                            f"api-security-component-{rule}-changed",
                            "breaking",
                            f"security scheme {name}: {flow} {key} changed {of.get(key)} -> {nf.get(key)}",
                            (*ptr, "flows", flow, key),
                            symbols=client,
                        )
                for scope in of.get("scopes") or {}:
                    if scope not in (nf.get("scopes") or {}):
                        self.add(
                            "api-security-component-oauth-scope-removed",
                            "breaking",
                            f"security scheme {name}: scope removed {scope}",
                            (*ptr, "flows", flow, "scopes"),
                            symbols=client,
                        )
                for scope in nf.get("scopes") or {}:
                    if scope not in (of.get("scopes") or {}):
                        self.add(
                            "api-security-component-oauth-scope-added",
                            "compatible",
                            f"security scheme {name}: scope added {scope}",
                            (*ptr, "flows", flow, "scopes", scope),
                            symbols=client,
                        )
            for flow in old_flows:
                if flow not in new_flows:
                    self.add(
                        "api-security-component-oauth-flow-removed",
                        "breaking",
                        f"security scheme {name}: flow removed {flow}",
                        (*ptr, "flows"),
                        symbols=client,
                    )
