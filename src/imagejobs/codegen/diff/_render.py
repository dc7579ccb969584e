"""Output of reports: text (coloured with rich when installed), JSON and Markdown."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TextIO

from ._model import Change, DiffReport, Severity

__all__ = ["FORMATS", "print_reports", "render_json", "render_markdown", "text_lines"]

FORMATS = ("text", "json", "markdown")

# --- output -----------------------------------------------------------------------------------

_STYLE = {"breaking": "bold red", "warning": "yellow", "compatible": "green"}
_MAX_PLACES = 3


def _grouped(report: DiffReport) -> list[tuple[Change, list[str]]]:
    """Changes that differ only in their operation/status, as one line with every place."""
    groups: dict[tuple[str, str, str, str, tuple[str, ...]], tuple[Change, list[str]]] = {}
    for c in report.changes:
        key = (c.severity, c.rule, c.message, c.pointer, c.symbols)
        groups.setdefault(key, (c, []))[1].append(c.where)
    return list(groups.values())


def _counts(report: DiffReport) -> str:
    n = report.count("warning")
    return f"{report.count('breaking')} breaking, {n} warning{'' if n == 1 else 's'}, {report.count('compatible')} compatible"


def text_lines(report: DiffReport) -> list[tuple[Severity | None, str]]:
    """The text report as (severity, line) pairs; severity is None for headings."""
    name = f"{report.spec}: " if report.spec else ""
    head = f"{name}{report.old} -> {report.new}"
    if not report.changes:
        return [(None, f"{head}: no changes")]
    counts = _counts(report)
    lines: list[tuple[Severity | None, str]] = [(None, f"{head}: {counts}")]
    for change, places in _grouped(report):
        shown = "; ".join(places[:_MAX_PLACES]) + (
            f"; and {len(places) - _MAX_PLACES} more" if len(places) > _MAX_PLACES else ""
        )
        line = f"  {change.severity}: {change.message} ({shown}, {change.pointer})"
        if change.symbols:
            line += " -> " + ", ".join(change.symbols)
        lines.append((change.severity, line))
    lines.append((None, f"suggested bump: {report.bump}"))
    return lines


def render_markdown(report: DiffReport) -> str:
    """A Markdown section for a pull-request comment."""
    title = f"### API changes: {report.spec or report.new}"
    if not report.changes:
        return f"{title}\n\nNo changes between `{report.old}` and `{report.new}`.\n"
    counts = _counts(report)
    out = [
        title,
        "",
        f"`{report.old}` → `{report.new}`: {counts}. **Suggested bump: {report.bump}.**",
        "",
    ]
    out += [
        "| Class | Change | Where | Pointer | Python symbols | Rule |",
        "|---|---|---|---|---|---|",
    ]
    for change, places in _grouped(report):
        cells = [
            change.severity,
            change.message,
            "<br>".join(places),
            f"`{change.pointer}`",
            "<br>".join(f"`{s}`" for s in change.symbols),
            f"`{change.rule}`",
        ]
        out.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(out) + "\n"


def render_json(reports: Sequence[DiffReport]) -> str:
    """Every report as one JSON document."""
    return (
        json.dumps({"reports": [r.to_dict() for r in reports]}, indent=2, ensure_ascii=False) + "\n"
    )


def print_reports(reports: Sequence[DiffReport], out: TextIO, fmt: str = "text") -> None:
    """Print reports as text (coloured with rich when it is installed), JSON or Markdown."""
    if fmt == "json":
        out.write(render_json(reports))
        return
    if fmt == "markdown":
        out.write("\n".join(render_markdown(r) for r in reports))
        return
    lines = [line for r in reports for line in text_lines(r)]
    try:
        from rich.console import Console
        from rich.markup import escape
    except ImportError:
        for _, line in lines:
            print(line, file=out)
        return
    # soft_wrap: a long line stays one line, so it can be grepped and pasted.
    console = Console(file=out, soft_wrap=True, highlight=False)
    for severity, line in lines:
        if severity is None:
            console.print(escape(line), style="bold")
        else:
            console.print(escape(line), style=_STYLE[severity])
