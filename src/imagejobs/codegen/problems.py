"""What can go wrong in codegen, as values and exceptions that say where.

A :class:`Finding` is one problem at one place: ``specs/x.yaml:88: /paths/~1jobs/get: what``.
The exceptions below are the only ones codegen raises on bad input; :mod:`.cli` maps each class
to its exit code in one place, so a new failure mode cannot leak out as a traceback.

    CodegenError
    ├── SpecProblem        a spec, overlay or config that cannot be used (exit 5)
    ├── GeneratorError     a generator failed, timed out or wrote unsafe code (exit 5)
    ├── ToolchainError     the pinned generator toolchain is missing or different (exit 2)
    ├── UsageError         the command line or the repository layout is wrong (exit 2)
    └── ApiChange          ``--fail-on`` found an API change at or above its level (exit 7)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class Level(StrEnum):
    """How much a finding matters (openapi-python-client's ``ErrorLevel`` in spirit)."""

    ERROR = "error"
    """The spec cannot be generated as it is; the build stops."""
    WARNING = "warning"
    """Generated, but something was set aside, rewritten or is doubtful; printed."""


@dataclass(frozen=True)
class Finding:
    """One lint, validation or generation finding at a place in a file."""

    file: str
    line: int
    message: str
    level: Level = Level.ERROR
    pointer: str = ""
    """RFC 6901 pointer into the document, when the finding is about a node."""
    rule: str = ""
    """The lint rule, validator or step that produced it."""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "warning: " if self.level is Level.WARNING else ""
        at = f"{self.pointer}: " if self.pointer else ""
        return f"{where}: {prefix}{at}{self.message}"

    @property
    def is_error(self) -> bool:
        return self.level is Level.ERROR


class CodegenError(Exception):
    """Base of every error codegen raises on bad input or a bad environment."""


class SpecProblem(CodegenError):
    """A spec, overlay or config that cannot be used; carries every error finding."""

    def __init__(self, file: str, line: int, message: str, *more: Finding) -> None:
        self.findings = [Finding(file, line, message), *more]
        self.warnings: list[Finding] = []
        """Warnings met on the way, printed before the errors: what else was wrong or lost."""
        super().__init__("\n".join(str(f) for f in self.findings))

    @classmethod
    def of(cls, findings: Iterable[Finding], warnings: Iterable[Finding] = ()) -> SpecProblem:
        """One exception for several findings."""
        first, *rest = list(findings)
        problem = cls(first.file, first.line, first.message, *rest)
        problem.findings[0] = first
        problem.warnings = list(warnings)
        return problem


class GeneratorError(SpecProblem):
    """A generator failed, ran out of time, or produced code we refuse to write."""


class ToolchainError(CodegenError):
    """The generator toolchain is missing or not the pinned version."""


class UsageError(CodegenError):
    """A bad command line, or no repository where one is needed."""


class ApiChange(CodegenError):
    """``--fail-on`` found an API change at or above its level (already reported; exit 7)."""
