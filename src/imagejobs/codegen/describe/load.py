"""Read ``specs/providers/<name>.yaml``: the data, and the line of every key.

A description is input like a spec (it becomes a package's literal), so it goes through the same
safe loader (:mod:`..spec.load`): no Python tags, no alias bombs, duplicate keys reported at
their line. Unlike an OpenAPI document it may have integer keys (``statuses: {596: ...}``);
their pointers carry the key as text.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..manifest import DESCRIPTIONS_DIR, description_files
from ..problems import Finding, Level, SpecProblem
from ..spec.load import read_spec_file
from ..spec.pointer import Pointer

__all__ = [
    "DESCRIPTIONS_DIR",
    "NAME",
    "Description",
    "description_files",
    "did_you_mean",
    "load_descriptions",
]

NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
"""A provider name: it becomes ``-p NAME``, ``Job.provider`` and a dict key of the package."""


@dataclass
class Description:
    """One description file: its provider name, where it is, its data and lines."""

    name: str
    path: str
    """Relative to the repository root: ``specs/providers/topaz.yaml``."""
    data: dict[str, Any]
    lines: dict[Pointer, int]
    findings: list[Finding] = field(default_factory=list)
    """What is wrong or doubtful in it, as found so far."""

    def line(self, loc: Sequence[str | int]) -> int:
        """The line of ``loc`` (``("answer", "status")``), or of its nearest written parent."""
        parts = tuple(str(p) for p in loc)
        for i in range(len(parts), -1, -1):
            if parts[:i] in self.lines:
                return self.lines[parts[:i]]
        return 0

    def error(self, loc: Sequence[str | int], message: str) -> None:
        """Record ``file:line: a.b: message``; ``message`` says what is wrong, then what to write."""
        self._add(loc, message, Level.ERROR)

    def warn(self, loc: Sequence[str | int], message: str) -> None:
        """Record a warning at ``loc``."""
        self._add(loc, message, Level.WARNING)

    def _add(self, loc: Sequence[str | int], message: str, level: Level) -> None:
        where = ".".join(str(p) for p in loc)
        text = f"{where}: {message}" if where else message
        self.findings.append(Finding(self.path, self.line(loc), text, level, "", "describe"))

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.is_error]


def load_descriptions(root: Path) -> list[Description]:
    """Read every description; one SpecProblem naming every file that cannot be read."""
    out: list[Description] = []
    problems: list[Finding] = []
    for rel in description_files(root):
        try:
            out.append(_load_one(root, rel))
        except SpecProblem as exc:
            problems += exc.findings
    if problems:
        raise SpecProblem.of(problems)
    return out


def _load_one(root: Path, rel: str) -> Description:
    name = Path(rel).stem
    if not NAME.match(name):
        raise SpecProblem(
            rel, 0, f"provider name {name!r} (the file's name) must be a lower-case Python"
            " identifier of at most 40 characters: rename the file, e.g. my_provider.yaml",
        )  # fmt: skip
    if not (root / rel).resolve().is_relative_to(root.resolve()):
        raise SpecProblem(rel, 0, "leads outside the repository (a symlink?); copy the file in")
    document = read_spec_file(root, rel, string_keys=False)
    if document.duplicates:
        raise SpecProblem.of(
            Finding(rel, line, f"{'.'.join(map(str, ptr))} is given twice; keep one")
            for ptr, line in document.duplicates
        )
    if not isinstance(document.data, dict):
        raise SpecProblem(
            rel, 1, "a description is a mapping of keys (title:, base_url:, operations: ...)"
        )
    lines: dict[Pointer, int] = {
        tuple(str(p) for p in ptr): line for ptr, line in document.lines.items()
    }
    return Description(name, rel, document.data, lines)


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """``; did you mean `x`?`` for the closest of ``choices``, or nothing."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean `{close[0]}`?" if close else ""
