"""Whatever comes from a spec is inert in every report format.

The attack: a parameter whose name erases the terminal line above it and moves the cursor up
(``ESC[2K ESC[1A``), so the breaking lines vanish and a fake ``suggested bump: none`` shows.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from markdown_it import MarkdownIt

from .conftest import edited_pair, run

HOSTILE = "x\x1b[2K\x1b[1A\x1b[2K\rsuggested bump: none\n\u202e| <b>*bold*</b> [link](https://evil.invalid) @octocat `code` $x$"


def add_hostile_parameter(doc: dict[str, Any]) -> None:
    doc["paths"]["/jobs/"]["get"].setdefault("parameters", []).append(
        {"name": HOSTILE, "in": "query", "required": True, "schema": {"type": "string"}}
    )


def _report(tmp_path: Path, fmt: str) -> str:
    old, new = edited_pair(tmp_path, "useapi", add_hostile_parameter)
    code, out, err = run(old, new, "--format", fmt, "--spec", "useapi")
    assert code == 0, err
    return out


def test_text_shows_escapes_not_control_characters(tmp_path: Path) -> None:
    out = _report(tmp_path, "text")
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f\u202e]", out)
    lines = out.splitlines()
    assert lines[-1] == "suggested bump: major"
    assert sum(line.startswith("suggested bump") for line in lines) == 1
    (breaking,) = [line for line in lines if "new required query parameter" in line]
    assert "\\x1b[2K\\x1b[1A" in breaking
    assert "\\rsuggested bump: none\\n\\u202e" in breaking


def test_markdown_renders_the_name_as_text(tmp_path: Path) -> None:
    out = _report(tmp_path, "markdown")
    assert "\x1b" not in out
    html = MarkdownIt("commonmark").enable("table").render(out)
    assert "<b>" not in html
    assert "<em>" not in html
    assert html.count("<strong>") == 1  # ours: the suggested bump
    assert "<a " not in html
    assert "<code>code</code>" not in html
    assert "&lt;b&gt;*bold*&lt;/b&gt;" in html  # shown as typed
    # The pipe in the name did not add a cell: every row has the header's six.
    rows = [line for line in out.splitlines() if line.startswith("| ")]
    assert rows
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 7, row
    assert "@octocat" not in out.replace("@<!-- -->", "")  # no mention


def test_json_is_ascii_and_keeps_the_exact_name(tmp_path: Path) -> None:
    out = _report(tmp_path, "json")
    assert out.isascii()
    assert "\x1b" not in out
    (report,) = json.loads(out)["reports"]
    messages = [c["message"] for c in report["changes"]]
    assert f"new required query parameter: {HOSTILE}" in messages
