"""The build script's hook: :func:`report_changes` and :func:`violates`, used by ``generate.py``."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ._model import DiffError, DiffReport
from ._operations import diff_specs
from ._render import plain, print_reports
from ._symbols import Generated

if TYPE_CHECKING:
    from ..accepted import Entry
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
    tree: Path | None = None,
    accepted: Sequence[Entry] | None = None,
) -> list[DiffReport]:
    """Compare each plan's effective spec with ``openapi.json`` of its committed package; print.

    Prints nothing for a spec whose effective document did not change, and a one-line note for a
    spec that has no committed package yet. ``tree`` is the freshly built generated/ (each report
    then lists the files it rewrites); ``accepted`` the entries of specs/accepted-changes.yaml
    (read from ``root`` when None), which mark the changes they match and are reported when stale.
    Returns the reports of the changed specs.
    """
    from ..accepted import apply, load_accepted

    if accepted is None:
        accepted = load_accepted(root, config.specs)
    reports: list[DiffReport] = []
    for plan in plans:
        report = _report_one(root, plan, generated, out, fmt)
        if report is not None:
            if tree is not None:
                report.files = _files(tree, generated, plan.package, root)
            reports.append(report)
    acceptance = apply(reports, accepted, [p.name for p in plans])
    if reports or acceptance.lines():
        print_reports(reports, out, fmt, acceptance)
    return reports


def _files(tree: Path, generated: Path, package: str, root: Path) -> tuple[str, ...]:
    """The files of ``package`` the new tree adds, changes or removes, as repository paths."""
    from ..pipeline import compare_trees

    changed, added, removed = compare_trees(tree / package, generated / package)
    base = generated.relative_to(root).as_posix() if generated.is_relative_to(root) else "generated"
    return tuple(f"{base}/{package}/{name}" for name in sorted({*changed, *added, *removed}))


def _report_one(
    root: Path, plan: Plan, generated: Path, out: TextIO, fmt: str
) -> DiffReport | None:
    if plan.spec is None:
        return None
    """The report of one plan against its committed package, or None (unchanged, new, unreadable)."""
    previous = generated / plan.package / "openapi.json"
    label_old = (
        previous.relative_to(root).as_posix() if previous.is_relative_to(root) else str(previous)
    )
    try:
        old_doc = json.loads(previous.read_text(encoding="utf-8"))
    except FileNotFoundError:
        if fmt == "text":
            print(f"{plan.name}: new spec, no previous {label_old} to compare with", file=out)
        return None
    except (OSError, ValueError) as exc:
        print(f"{plan.name}: cannot read {label_old} ({exc}); no change report", file=out)
        return None
    if old_doc == plan.spec.doc:
        return None
    try:
        report = diff_specs(
            old_doc,
            plan.spec.doc,
            old_label=label_old,
            new_label=" + ".join([plan.entry.spec, *plan.entry.overlays]),
            spec=plan.name,
            package=plan.package,
            class_overrides=plan.entry.class_overrides,
            generated=_generated(plan, old_doc),
        )
    except DiffError as exc:
        print(f"{plan.name}: cannot compare with {label_old}: {plain(str(exc))}", file=out)
        return None
    return report if report.changes else None


def _generated(plan: Plan, old_doc: dict[str, Any]) -> Generated | None:
    """With ``select:``, the operations and component schemas the package has, or had.

    What was generated before counts too: an operation removed from the spec names the symbol
    its users import.
    """
    if plan.selection is None or plan.entry.select is None:
        return None
    from ..selection import match, reached

    select = plan.entry.select

    def kept(doc: dict[str, Any]) -> set[tuple[str, str]]:
        found = match(doc, select, config_file="", line_of=lambda _: 0, prefix="", spec_path="")
        return found.kept

    before = kept(old_doc)
    operations = set(plan.selection.kept) | before
    schemas = set(((plan.generation_doc.get("components") or {}).get("schemas")) or {})
    schemas |= reached(old_doc, before).get("schemas", set())
    return Generated(operations, schemas)


def violates(reports: Iterable[DiffReport], fail_on: str | None) -> bool:
    """True when any report has a change at or above ``fail_on`` (``breaking`` or ``warning``)."""
    return any(r.fails(fail_on) for r in reports)
