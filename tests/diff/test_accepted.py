"""specs/accepted-changes.yaml: reviewed breaks pass --fail-on, stale and expired entries are told."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from imagejobs.codegen.accepted import apply, load_accepted
from imagejobs.codegen.diff import diff_specs, text_lines
from imagejobs.codegen.problems import SpecProblem

from .conftest import REPO, edited_pair, load, run
from .test_rules import add_queued, schemas


def drop_jobid(doc: dict) -> None:  # type: ignore[type-arg]
    schemas(doc)["JobCancelResponse"]["properties"].pop("jobid")


def _root(tmp_path: Path, text: str) -> Path:
    root = tmp_path / "repo"
    shutil.copytree(REPO / "specs", root / "specs")
    (root / "specs" / "accepted-changes.yaml").write_text(text, encoding="utf-8")
    return root


ENTRY = """accepted:
  - spec: useapi
    rule: response-property-removed
    location: "#/components/schemas/JobCancelResponse/properties/jobid"
    reason: useapi renamed it; the facade reads jobId since 0.4.
"""


def test_the_committed_file_loads() -> None:
    assert load_accepted(REPO, ["useapi", "jobs_api", "topaz"]) == []


def test_an_accepted_break_passes_fail_on_and_is_shown(tmp_path: Path) -> None:
    root = _root(tmp_path, ENTRY)
    old, new = edited_pair(tmp_path, "useapi", drop_jobid)
    code, out, err = run(old, new, "--spec", "useapi", "--root", root, "--fail-on", "breaking")
    assert code == 0, err
    assert "[accepted: useapi renamed it; the facade reads jobId since 0.4.]" in out
    assert out.splitlines()[-1] == "suggested bump: major"  # still a break for semver
    # Without the file the same change fails.
    (root / "specs" / "accepted-changes.yaml").unlink()
    code, _, _ = run(old, new, "--spec", "useapi", "--root", root, "--fail-on", "breaking")
    assert code == 7


def test_stale_and_expired_entries_are_reported(tmp_path: Path) -> None:
    root = _root(
        tmp_path,
        ENTRY
        + """  - spec: useapi
    rule: api-removed
    location: GET /jobs/*
    reason: old
    expires: 2020-01-01
""",
    )
    entries = load_accepted(root, ["useapi"])
    report = diff_specs(load("useapi"), load("useapi"), spec="useapi")
    result = apply([report], entries, ["useapi"], today=dt.date(2026, 12, 1))
    assert result.lines() == [
        "specs/accepted-changes.yaml:2: useapi response-property-removed at "
        "#/components/schemas/JobCancelResponse/properties/jobid: stale, matches no change; remove it",
        "specs/accepted-changes.yaml:6: useapi api-removed at GET /jobs/*: expired on 2020-01-01, no longer applies",
    ]
    # A spec this run did not compare is left alone.
    assert apply([report], entries, ["topaz"]).lines() == []


def test_an_expired_entry_no_longer_applies(tmp_path: Path) -> None:
    root = _root(tmp_path, ENTRY + "    expires: 2021-06-30\n")
    old, new = edited_pair(tmp_path, "useapi", drop_jobid)
    code, out, _ = run(old, new, "--spec", "useapi", "--root", root, "--fail-on", "breaking")
    assert code == 7
    assert "expired on 2021-06-30" in out


def test_a_wildcard_location_and_a_place(tmp_path: Path) -> None:
    root = _root(
        tmp_path,
        "accepted:\n  - spec: useapi\n    rule: response-property-enum-value-added\n"
        "    location: GET /jobs/*\n    reason: the facade maps unknown states to UNKNOWN\n",
    )
    old, new = edited_pair(tmp_path, "useapi", add_queued)
    code, out, _ = run(old, new, "--spec", "useapi", "--root", root, "--fail-on", "warning")
    assert code == 0
    assert "[accepted: the facade maps unknown states to UNKNOWN]" in out


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("accepted:\n  - spec: useapi\n    rule: no-such-rule\n    location: x\n    reason: r\n",
         "specs/accepted-changes.yaml:2: accepted[0]: rule: unknown rule id 'no-such-rule'"),
        ("accepted:\n  - spec: useapi\n    rule: api-removed\n    location: x\n    reason: '  '\n",
         "specs/accepted-changes.yaml:2: accepted[0]: reason: say why this break is acceptable"),
        ("accepted:\n  - spec: useapi\n    rule: api-removed\n    location: x\n",
         "specs/accepted-changes.yaml:2: accepted[0]: reason: Field required"),
        ("accepted:\n  - spec: nope\n    rule: api-removed\n    location: x\n    reason: r\n",
         "specs/accepted-changes.yaml:2: accepted[0]: no spec 'nope' in specs/codegen.yaml"),
        ("accepted:\n  - spec: useapi\n    rule: api-removed\n    location: x\n    reason: r\n"
         "    expires: soon\n", "specs/accepted-changes.yaml:2: accepted[0]: expires: Input should be a valid date"),
        ("ignore: []\n", "specs/accepted-changes.yaml:1: ignore: Extra inputs are not permitted"),
    ],
    ids=["unknown-rule", "blank-reason", "no-reason", "unknown-spec", "bad-date", "unknown-key"],
)  # fmt: skip
def test_a_bad_file_is_an_error_with_its_line(tmp_path: Path, text: str, message: str) -> None:
    root = _root(tmp_path, text)
    with pytest.raises(SpecProblem) as info:
        load_accepted(root, ["useapi", "jobs_api", "topaz"])
    assert str(info.value.findings[0]).startswith(message)


def test_text_counts_the_lines_it_shows(tmp_path: Path) -> None:
    """One enum value reaches two operations: one merged line, counted once."""
    old, new = edited_pair(tmp_path, "useapi", add_queued)
    report = diff_specs(load("useapi"), load("useapi"), spec="useapi")
    code, out, _ = run(old, new, "--spec", "useapi")
    assert code == 0
    lines = out.splitlines()
    warnings = [line for line in lines if line.startswith("  warning:")]
    assert len(warnings) == 1
    assert "; GET /jobs/ 200" in warnings[0] or "GET /jobs/ 200;" in warnings[0]
    assert lines[0].endswith(": 0 breaking, 1 warning, 0 compatible")
    assert text_lines(report) == [(None, "useapi: old -> new: no changes")]
