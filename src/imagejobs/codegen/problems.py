"""Problems found in a spec, reported as ``file:line: what is wrong``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Finding:
    """One lint or validation finding at a place in a file."""

    file: str
    line: int
    message: str
    severity: str = "error"  # "error" or "warning"

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{where}: {prefix}{self.message}"


class SpecProblem(Exception):
    """A spec, overlay or config that cannot be used; carries every error finding."""

    def __init__(self, file: str, line: int, message: str, *more: Finding) -> None:
        self.findings = [Finding(file, line, message), *more]
        super().__init__("\n".join(str(f) for f in self.findings))

    @classmethod
    def of(cls, findings: list[Finding]) -> SpecProblem:
        """One exception for several findings (all errors)."""
        first, *rest = findings
        return cls(first.file, first.line, first.message, *rest)
