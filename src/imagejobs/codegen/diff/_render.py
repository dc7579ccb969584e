r"""Output of reports: text (coloured with rich when installed), JSON and Markdown.

Whatever comes from a spec (names, values, patterns, pointers) is untrusted text, and each format
makes it harmless its own way, here and nowhere else:

- text: every control or format character (ESC, CR, a newline, a bidi override) is printed as a
  visible escape (``\x1b``), so a parameter named ``"\x1b[2K\x1b[1A"`` cannot erase the
  breaking lines above it, nor a ``"\nsuggested bump: none"`` fake a line; rich markup is
  escaped too;
- Markdown: the same, then every character that can open markup is backslash-escaped (which
  CommonMark renders as the character itself): no emphasis, code, link, image, HTML tag, entity,
  math, heading or table pipe can come from a spec, and an ``@`` is split from the name after it
  by an empty HTML comment so that a spec cannot mention (notify) anyone in a pull request;
- JSON: ``json.dumps`` with ``ensure_ascii``: every control and non-ASCII character is a
  ``\uXXXX`` escape, safe by construction.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from ._model import SEVERITIES, Change, DiffReport, Severity

if TYPE_CHECKING:
    from ..accepted import Acceptance

__all__ = [
    "FORMATS",
    "exit_class",
    "plain",
    "print_reports",
    "render_json",
    "render_markdown",
    "text_lines",
]

FORMATS = ("text", "json", "markdown")

# --- escaping ---------------------------------------------------------------------------------

_UNSAFE_CATEGORIES = {"Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>&|~$#!])")


_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _escape_char(ch: str) -> str:
    if ch in _NAMED:
        return _NAMED[ch]
    code = ord(ch)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def plain(text: str) -> str:
    """``text`` with every control/format character shown as an escape: safe on a terminal."""
    return "".join(
        _escape_char(ch) if unicodedata.category(ch) in _UNSAFE_CATEGORIES else ch for ch in text
    )


def _md(text: str) -> str:
    """``text`` made inert for Markdown (and a table cell): renders as exactly these characters."""
    return _MD_SPECIAL.sub(r"\\\1", plain(text)).replace("@", "@<!-- -->")


# --- grouping and counting ----------------------------------------------------------------------

_STYLE = {"breaking": "bold red", "warning": "yellow", "compatible": "green"}
_MAX_PLACES = 3


def _grouped(report: DiffReport) -> list[tuple[Change, list[str]]]:
    """Changes that differ only in their operation/status, as one line with every place."""
    groups: dict[tuple[Any, ...], tuple[Change, list[str]]] = {}
    for c in report.changes:
        key = (c.severity, c.rule, c.message, c.pointer, c.symbols, c.accepted)
        groups.setdefault(key, (c, []))[1].append(c.where)
    return list(groups.values())


def _counts(groups: list[tuple[Change, list[str]]]) -> str:
    """The counts of what a grouped report shows: one per line, not per merged place."""

    def n(severity: Severity) -> int:
        return sum(1 for c, _ in groups if c.severity == severity)

    w = n("warning")
    return f"{n('breaking')} breaking, {w} warning{'' if w == 1 else 's'}, {n('compatible')} compatible"


def exit_class(reports: Sequence[DiffReport]) -> Severity | None:
    """The worst class among every change (``None`` when there is none)."""
    for severity in SEVERITIES:
        if any(r.count(severity) for r in reports):
            return severity
    return None


# --- text -------------------------------------------------------------------------------------


def text_lines(report: DiffReport) -> list[tuple[Severity | None, str]]:
    """The text report as (severity, line) pairs; severity is None for headings. Escaped."""
    name = f"{report.spec}: " if report.spec else ""
    head = plain(f"{name}{report.old} -> {report.new}")
    if not report.changes:
        return [(None, f"{head}: no changes")]
    groups = _grouped(report)
    lines: list[tuple[Severity | None, str]] = [(None, f"{head}: {_counts(groups)}")]
    for change, places in groups:
        shown = "; ".join(places[:_MAX_PLACES]) + (
            f"; and {len(places) - _MAX_PLACES} more" if len(places) > _MAX_PLACES else ""
        )
        line = f"  {change.severity}: {change.message} ({shown}, {change.pointer})"
        if change.symbols:
            line += " -> " + ", ".join(change.symbols)
        if change.accepted is not None:
            line += f" [accepted: {change.accepted}]"
        lines.append((change.severity, plain(line)))
    lines.append((None, f"suggested bump: {report.bump}"))
    return lines


# --- markdown ---------------------------------------------------------------------------------


def render_markdown(report: DiffReport) -> str:
    """A pull-request body section: what changed, symbols affected, the bump, files regenerated."""
    title = f"### API changes: {_md(report.spec or report.new)}"
    span = f"{_md(report.old)} → {_md(report.new)}"
    if not report.changes:
        return f"{title}\n\nNo changes between {span}.\n"
    groups = _grouped(report)
    out = [
        title,
        "",
        f"{span}: {_counts(groups)}. **Suggested bump: {report.bump}.**",
        "",
        "| Class | Change | Where | Pointer | Python symbols | Rule |",
        "|---|---|---|---|---|---|",
    ]
    for change, places in groups:
        klass: str = change.severity
        if change.accepted is not None:
            klass += f" (accepted: {_md(change.accepted)})"
        cells = [
            klass,
            _md(change.message),
            "<br>".join(_md(p) for p in places),
            _md(change.pointer),
            "<br>".join(_md(s) for s in change.symbols),
            f"`{change.rule}`",  # our own id, from the rules table
        ]
        out.append("| " + " | ".join(cells) + " |")
    out += _md_list("Generated Python symbols affected", report.symbols)
    out += _md_list("Files regenerated", list(report.files))
    return "\n".join(out) + "\n"


def _md_list(title: str, items: list[str]) -> list[str]:
    if not items:
        return []
    shown = [f"- {_md(i)}" for i in items[:200]]
    if len(items) > 200:
        shown.append(f"- … and {len(items) - 200} more")
    return ["", f"<details><summary>{title} ({len(items)})</summary>", "", *shown, "", "</details>"]


# --- json and printing --------------------------------------------------------------------------


def render_json(reports: Sequence[DiffReport], acceptance: Acceptance | None = None) -> str:
    """Every report as one JSON document (ASCII only: see the module docstring)."""
    data: dict[str, Any] = {"reports": [r.to_dict() for r in reports]}
    if acceptance is not None:
        data["accepted_changes"] = acceptance.to_dict()
    return json.dumps(data, indent=2, ensure_ascii=True) + "\n"


def print_reports(
    reports: Sequence[DiffReport],
    out: TextIO,
    fmt: str = "text",
    acceptance: Acceptance | None = None,
) -> None:
    """Print reports as text (coloured with rich when it is installed), JSON or Markdown."""
    notes = [plain(line) for line in acceptance.lines()] if acceptance else []
    if fmt == "json":
        out.write(render_json(reports, acceptance))
        return
    if fmt == "markdown":
        out.write("\n".join(render_markdown(r) for r in reports))
        if notes:
            out.write("\n#### Accepted changes file\n\n" + "\n".join(f"- {_md(n)}" for n in notes))
            out.write("\n")
        return
    lines = [line for r in reports for line in text_lines(r)]
    lines += [("warning", n) for n in notes]
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
        style = "bold" if severity is None else _STYLE[severity]
        console.print(escape(line), style=style)
