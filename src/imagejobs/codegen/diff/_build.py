"""The build script's hook: :func:`report_changes` and :func:`violates`, used by ``generate.py``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._model import DiffError, DiffReport
from ._operations import diff_specs
from ._render import print_reports

if TYPE_CHECKING:
    from ..config import CodegenConfig
    from ..pipeline import Plan

__all__ = ["report_changes", "violates"]

# --- the build script's hook ------------------------------------------------------------------


def report_changes(
    root: Path,
    config: CodegenConfig,
    plans: Sequence[Plan],
    generated: Path,
    *,
    out: TextIO,
    fmt: str = "text",
) -> list[DiffReport]:
    """Compare each plan's effective spec with ``openapi.json`` of its committed package; print.

    Prints nothing for a spec whose effective document did not change, and a one-line note for a
    spec that has no committed package yet. Returns the reports of the changed specs.
    """
    reports: list[DiffReport] = []
    for plan in plans:
        if plan.spec is None:
            continue
        previous = generated / plan.package / "openapi.json"
        label_old = (
            previous.relative_to(root).as_posix()
            if previous.is_relative_to(root)
            else str(previous)
        )
        try:
            old_doc = json.loads(previous.read_text(encoding="utf-8"))
        except FileNotFoundError:
            if fmt == "text":
                print(f"{plan.name}: new spec, no previous {label_old} to compare with", file=out)
            continue
        except (OSError, ValueError) as exc:
            print(f"{plan.name}: cannot read {label_old} ({exc}); no change report", file=out)
            continue
        if old_doc == plan.spec.doc:
            continue
        try:
            report = diff_specs(
                old_doc,
                plan.spec.doc,
                old_label=label_old,
                new_label=" + ".join([plan.entry.spec, *plan.entry.overlays]),
                spec=plan.name,
                package=plan.package,
                class_overrides=plan.entry.class_overrides,
            )
        except DiffError as exc:
            print(f"{plan.name}: cannot compare with {label_old}: {exc}", file=out)
            continue
        if report.changes:
            reports.append(report)
    if reports:
        print_reports(reports, out, fmt)
    return reports


def violates(reports: Iterable[DiffReport], fail_on: str | None) -> bool:
    """True when any report has a change at or above ``fail_on`` (``breaking`` or ``warning``)."""
    return any(r.fails(fail_on) for r in reports)
