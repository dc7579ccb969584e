"""A report a maintainer can act on: repeated warnings folded into a count, losses never."""

from __future__ import annotations

from imagejobs.codegen.problems import Finding, Level
from imagejobs.codegen.report import fold


def _warning(line: int, rule: str, message: str = "m", file: str = "specs/x.yaml") -> Finding:
    return Finding(file, line, message, Level.WARNING, f"/paths/~1p{line}/get", rule)


def test_repeated_warnings_fold_into_one_line_with_their_count() -> None:
    summaries = [_warning(i, "summary", f"operation op{i} has no summary") for i in range(1, 391)]
    lost = [
        _warning(900 + i, "dropped-operation", f"GET /x{i}: not generated: r") for i in range(6)
    ]
    error = Finding("specs/x.yaml", 5, "broken", Level.ERROR, "/info", "summary")
    lines = fold([*summaries[:200], *lost, error, *summaries[200:]])
    assert lines[:3] == [str(f) for f in summaries[:3]]
    assert lines[3] == (
        "specs/x.yaml: warning: ... and 387 more `summary` warning(s) like these (-v lists them all)"
    )
    # Every lost operation is named; an error is never folded, whatever its rule.
    assert lines[4:] == [str(f) for f in [*lost, error]]


def test_a_few_are_all_shown_and_verbose_shows_everything() -> None:
    few = [_warning(i, "summary") for i in range(4)]
    assert fold(few) == [str(f) for f in few]
    many = [_warning(i, "summary") for i in range(50)]
    assert len(fold(many)) == 4
    assert fold(many, verbose=True) == [str(f) for f in many]
    # Groups are per file and rule.
    other = [_warning(i, "summary", file="specs/y.yaml") for i in range(2)]
    assert fold([*many[:5], *other]) == [
        *map(str, many[:3]),
        "specs/x.yaml: warning: ... and 2 more `summary` warning(s) like these (-v lists them all)",
        *map(str, other),
    ]
