"""Printing findings so a maintainer reads them: repeated ones folded into one line with a count.

A big vendor file can carry hundreds of one style gap (OpenAI's 390 "has no summary"): printed
one per line they hide the few lines that matter. Warnings of one rule in one file beyond
:data:`SHOWN` are folded into a line with their count; ``-v`` lists every one. What is never
folded: errors, and every lost operation or module (each is named, always).
"""

from __future__ import annotations

from collections.abc import Iterable

from .problems import Finding

__all__ = ["NEVER_FOLDED", "SHOWN", "fold"]

SHOWN = 3
"""Warnings of one rule and file printed in full before the rest are counted."""
NEVER_FOLDED = frozenset(
    {
        "dropped-operation", "dropped-module", "generator-warning", "min-operations", "module", "",
        "generator-keys", "credential-defaults", "foreign-extension-ref",
    }
)  # fmt: skip
"""Rules whose every finding is printed: what was lost, what the generator said, and what was
removed from the spec because it could steer or leak (each place is worth a look)."""


def fold(findings: Iterable[object], *, verbose: bool = False) -> list[str]:
    """The lines to print for ``findings`` (Finding objects, or anything printable)."""
    items = list(findings)
    if verbose:
        return [str(f) for f in items]
    groups: dict[tuple[str, str], list[Finding]] = {}
    for f in items:
        if isinstance(f, Finding) and not f.is_error and f.rule not in NEVER_FOLDED:
            groups.setdefault((f.file, f.rule), []).append(f)
    lines: list[str] = []
    folded: set[tuple[str, str]] = set()
    for f in items:
        foldable = isinstance(f, Finding) and not f.is_error and f.rule not in NEVER_FOLDED
        key = (f.file, f.rule) if isinstance(f, Finding) and foldable else None
        group = groups.get(key) if key is not None else None
        if group is None or len(group) <= SHOWN + 1:
            lines.append(str(f))
            continue
        assert key is not None
        if f in group[:SHOWN]:
            lines.append(str(f))
        elif key not in folded:
            folded.add(key)
            rest = len(group) - SHOWN
            lines.append(
                f"{key[0]}: warning: ... and {rest} more `{key[1]}` warning(s) like these"
                " (-v lists them all)"
            )
    return lines
