"""A spec as the pipeline sees it: the effective document and where each node came from."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..problems import Finding, Level, SpecProblem
from .load import read_spec_file
from .overlay import apply_overlays
from .pointer import Pointer, to_str

__all__ = ["LoadedSpec", "load_spec", "read_spec_file"]

_SUPPORTED = re.compile(r"^3\.[01]\.\d+$")


@dataclass
class LoadedSpec:
    """A spec after conversion and overlays, with where each node came from."""

    name: str
    path: str
    """Path of the spec file as given (relative to the repo root)."""
    doc: dict[str, Any]
    lines: dict[Pointer, int]
    """Line (1-based) of each node of the original file, by JSON pointer."""
    vendor: bool = False
    overlay_paths: list[str] = field(default_factory=list)
    added_by_overlay: dict[Pointer, tuple[str, int]] = field(default_factory=dict)
    """Nodes an overlay introduced, mapped to the overlay file and the line of its action."""
    load_findings: list[Finding] = field(default_factory=list)
    """Warnings met while reading (duplicate keys, Swagger 2.0 conversion notes)."""
    converted_from: str | None = None
    """``"swagger 2.0"`` when the file was converted; pointers then refer to the converted doc."""

    def where(self, pointer: Pointer) -> tuple[str, int]:
        """The file and the best line for ``pointer`` (its nearest located ancestor)."""
        for i in range(len(pointer), -1, -1):
            prefix = pointer[:i]
            if prefix in self.added_by_overlay:
                return self.added_by_overlay[prefix]
            if prefix in self.lines:
                return self.path, self.lines[prefix]
        return self.path, 0

    def finding(
        self, pointer: Pointer, message: str, level: Level = Level.ERROR, rule: str = ""
    ) -> Finding:
        """A finding located at ``pointer``: ``file:line: /pointer: message``."""
        file, line = self.where(pointer) if pointer else (self.path, 0)  # the whole file: no line
        return Finding(file, line, message, level, to_str(pointer), rule)


def load_spec(
    root: Path, name: str, rel: str, *, vendor: bool = False, overlays: list[str] | None = None
) -> LoadedSpec:
    """Read a spec, convert Swagger 2.0, apply overlays; SpecProblem on unusable input."""
    document = read_spec_file(root, rel)
    data = document.data
    if not isinstance(data, dict):
        raise SpecProblem(rel, 1, "not an OpenAPI document: the top level is not a mapping")
    level = Level.WARNING if vendor else Level.ERROR
    found = [
        Finding(
            rel,
            line,
            f"key {ptr[-1]!r} is given twice; the last one is used",
            level,
            to_str(ptr),
            "duplicate-key",
        )
        for ptr, line in document.duplicates
    ]
    spec = LoadedSpec(
        name, rel, data, document.lines, vendor, list(overlays or []), load_findings=found
    )
    version = str(data.get("openapi", data.get("swagger", "")))
    if str(data.get("swagger", "")) == "2.0" and "openapi" not in data:
        _convert_swagger2(spec)
    elif not version:
        raise SpecProblem(rel, 1, "not an OpenAPI document: no `openapi:` version field")
    elif not _SUPPORTED.match(version):
        raise SpecProblem(
            rel,
            document.lines.get(("openapi",), document.lines.get(("swagger",), 1)),
            f"unsupported OpenAPI version {version!r} (need 2.0, 3.0.x or 3.1.x)",
        )
    spec.added_by_overlay = apply_overlays(spec.doc, spec.path, spec.overlay_paths, root)
    return spec


def _convert_swagger2(spec: LoadedSpec) -> None:
    """Swagger 2.0 in: convert, and keep lines for the nodes that kept their place."""
    from .swagger2 import convert

    converted, issues = convert(spec.doc)
    for issue in issues:
        file, line = spec.where(tuple(issue.pointer))
        level = Level.ERROR if issue.level == "error" else Level.WARNING
        spec.load_findings.append(
            Finding(
                file,
                line,
                f"Swagger 2.0: {issue.message}",
                level,
                to_str(tuple(issue.pointer)),
                "swagger2",
            )
        )
    errors = [f for f in spec.load_findings if f.is_error]
    if errors:
        raise SpecProblem.of(errors)
    # Pointers into the converted document mostly keep their shape under /paths; map the rest to
    # the nearest original node so a finding still names a real line.
    spec.lines = {**{k: v for k, v in spec.lines.items() if k[:1] == ("paths",)}, (): 1}
    spec.doc = converted
    spec.converted_from = "swagger 2.0"
