"""The rules table: one literal per id, looked up by the walkers, and the docs generated from it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from imagejobs.codegen.diff import docs, rules
from imagejobs.codegen.diff._resolve import BOUNDS
from imagejobs.codegen.diff.docs import render_docs
from imagejobs.codegen.diff.rules import RULES, SCHEMA_PREFIXES, TABLE, schema_rule

from .conftest import REPO

DIFF = REPO / "src" / "imagejobs" / "codegen" / "diff"


def test_docs_are_generated_from_the_table() -> None:
    current = (REPO / "docs" / "diff-rules.md").read_text(encoding="utf-8")
    assert current == render_docs(), (
        "docs/diff-rules.md is stale: run `python -m imagejobs.codegen.diff --write`"
    )


def test_check_command_names_the_fix(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "diff-rules.md").write_text("hand-written\n", encoding="utf-8")
    assert docs.main(["--check", "--root", str(tmp_path)]) == 6  # drift, in the one map
    assert "python -m imagejobs.codegen.diff --write" in capsys.readouterr().err
    assert docs.main(["--write", "--root", str(tmp_path)]) == 0
    assert docs.main(["--check", "--root", str(tmp_path)]) == 0


def test_every_documented_id_is_one_literal_in_the_table() -> None:
    source = (DIFF / "rules.py").read_text(encoding="utf-8")
    documented = set(re.findall(r"`([a-z]+(?:-[a-z]+)+)`", render_docs())) & set(RULES)
    assert documented == set(RULES), "every rule is documented"
    for rule_id in RULES:
        assert source.count(f'"{rule_id}"') == 1, rule_id


def _emitted_ids() -> set[str]:
    """Every rule id a walker names as a literal (the first string argument of emit, or a
    string constant in a tuple/conditional that ends up there)."""
    found: set[str] = set()
    for name in ("_operations.py", "_schemas.py", "_security.py"):
        tree = ast.parse((DIFF / name).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Constant)
                and isinstance(node.value, str)
                and re.fullmatch(r"[a-z]+(-[a-z]+)+", node.value)
                and node.value.count("-") >= 2
            ):
                found.add(node.value)
    return found


def test_the_walkers_name_only_rules_of_the_table() -> None:
    families = {r.family for r in TABLE if r.family}  # looked up with schema_rule(prefix, family)
    unknown = {i for i in _emitted_ids() if i not in RULES and i not in families}
    assert not unknown, sorted(unknown)


def test_schema_families_cover_every_prefix_and_bound() -> None:
    families = {r.family for r in TABLE if r.family}
    for key, (name, _) in BOUNDS.items():
        for change in ("set", "unset", "increased", "decreased"):
            assert f"{name}-{change}" in families, key
    for family in families:
        for prefix in SCHEMA_PREFIXES:
            rule = RULES[schema_rule(prefix, family)]
            direction = "request" if prefix.startswith("request") else "response"
            assert (rule.request if direction == "request" else rule.response) is not None


@pytest.mark.parametrize(
    ("rule_id", "direction", "extensible", "expected"),
    [
        ("response-property-enum-value-added", "response", False, "warning"),
        ("response-property-enum-value-added", "response", True, "compatible"),
        ("request-property-enum-value-added", "request", True, "compatible"),
        ("request-property-max-length-decreased", "request", False, "breaking"),
        ("response-property-max-length-decreased", "response", False, "compatible"),
        ("response-body-min-items-set", "response", False, "compatible"),
        ("request-body-min-items-set", "request", False, "breaking"),
        ("api-security-component-removed", None, False, "breaking"),
        ("response-success-status-removed", "request", False, "breaking"),
    ],
)
def test_the_table_decides_the_class(
    rule_id: str, direction: rules.Direction | None, extensible: bool, expected: str
) -> None:
    assert RULES[rule_id].severity(direction, extensible=extensible) == expected
