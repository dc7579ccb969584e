"""The result of a comparison: :class:`Change`, :class:`DiffReport`, the severity classes and :class:`DiffError`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = ["SEVERITIES", "Change", "DiffError", "DiffReport", "Severity"]

Severity = Literal["breaking", "warning", "compatible"]
SEVERITIES: tuple[Severity, ...] = ("breaking", "warning", "compatible")


class DiffError(Exception):
    """A document that cannot be compared (e.g. a ``$ref`` that leads nowhere)."""


# --- the result -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """One difference between the old and the new spec, and what it means for clients."""

    rule: str
    severity: Severity
    message: str
    path: str | None = None
    method: str | None = None
    """Upper-case HTTP method."""
    status: str | None = None
    pointer: str = ""
    """URI-fragment JSON pointer (``#/components/...``): in the new spec, or the old one for removals."""
    symbols: tuple[str, ...] = ()
    """Generated Python names affected, e.g. ``imagejobs_gen_useapi.models.Job.status``."""
    accepted: str | None = None
    """The reason given in specs/accepted-changes.yaml when this change was accepted there."""

    @property
    def where(self) -> str:
        """``GET /jobs/ 200``, or ``spec`` for a change outside any operation."""
        parts = [p for p in (self.method, self.path, self.status) if p]
        return " ".join(parts) or "spec"

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "path": self.path,
            "method": self.method,
            "status": self.status,
            "pointer": self.pointer,
            "symbols": list(self.symbols),
            "accepted": self.accepted,
        }


@dataclass
class DiffReport:
    """Every change between two versions of one spec."""

    old: str
    new: str
    changes: list[Change] = field(default_factory=list)
    spec: str | None = None
    """The codegen name of the spec (``useapi``), when known."""
    files: tuple[str, ...] = ()
    """The generated files this change rewrites (``generated/...``), when a build made them."""

    def count(self, severity: Severity) -> int:
        """How many changes of this class."""
        return sum(1 for c in self.changes if c.severity == severity)

    @property
    def symbols(self) -> list[str]:
        """Every generated Python name the changes touch, once each, in report order."""
        return list(dict.fromkeys(s for c in self.changes for s in c.symbols))

    @property
    def bump(self) -> str:
        """The suggested semantic-version bump of the generated package."""
        if not self.changes:
            return "none"
        # Warnings are additions (a new enum value) or deprecations: minor, as semver says.
        return "major" if self.count("breaking") else "minor"

    def fails(self, fail_on: str | None) -> bool:
        """True when ``--fail-on`` is set and a change not accepted is at or above that level.

        An accepted change (specs/accepted-changes.yaml) still counts for the bump: it is still a
        break for the people who import the package, only a reviewed one.
        """
        levels = {"breaking": ("breaking",), "warning": ("breaking", "warning")}.get(
            fail_on or "", ()
        )
        return any(c.severity in levels and c.accepted is None for c in self.changes)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "spec": self.spec,
            "old": self.old,
            "new": self.new,
            "bump": self.bump,
            "counts": {s: self.count(s) for s in SEVERITIES},
            "changes": [c.to_dict() for c in self.changes],
            "symbols": self.symbols,
            "files": list(self.files),
        }
