"""Validator findings land on their real line; lint is a registry with per-origin levels."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from imagejobs.codegen.lint import RULES, lint
from imagejobs.codegen.problems import GeneratorError, Level
from imagejobs.codegen.spec.document import load_spec
from imagejobs.codegen.validate import validate_openapi

CORPUS = Path(__file__).parent / "corpus"
BASE: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "t", "version": "1"},
    "paths": {
        "/a": {
            "get": {
                "operationId": "a",
                "summary": "A",
                "security": [],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/S"}}
                        },
                    }
                },
            }
        }
    },
    "components": {"schemas": {"S": {"type": "object", "properties": {}}}},
}


def _spec(tmp_path: Path, prop: dict[str, Any], *, vendor: bool = True) -> Any:
    doc = copy.deepcopy(BASE)
    doc["components"]["schemas"]["S"]["properties"]["p"] = prop
    (tmp_path / "s.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return load_spec(tmp_path, "s", "s.json", vendor=vendor)


# The slips the issue names, each found in a vendor's own schemas: line 1 would be a defect.
@pytest.mark.parametrize(
    ("prop", "pointer", "message"),
    [
        (
            {"type": "integer", "default": "abc"},
            "/components/schemas/S/properties/p/default",
            "'abc' is not of type 'integer'",
        ),
        ({"type": "String"}, "/components/schemas/S/properties/p/type", "'String' is not valid"),
        (
            {"type": "string", "pattern": "([a-z"},
            "/components/schemas/S/properties/p/pattern",
            "is not a 'regex'",
        ),
        (
            {"type": "string", "enum": ["a", "a"]},
            "/components/schemas/S/properties/p/enum",
            "non-unique elements",
        ),
    ],
)
def test_validator_findings_name_the_node_and_its_line(
    tmp_path: Path, prop: dict[str, Any], pointer: str, message: str
) -> None:
    spec = _spec(tmp_path, prop)
    findings = validate_openapi(spec)
    located = [f for f in findings if f.pointer == pointer]
    assert located, [str(f) for f in findings]
    assert message in located[0].message
    assert located[0].line == spec.lines[tuple(pointer.split("/")[1:])]
    assert located[0].line > 1
    assert all(f.level is Level.WARNING for f in findings)  # a vendor's file is tolerated


def test_our_specs_stay_strict(tmp_path: Path) -> None:
    findings = validate_openapi(_spec(tmp_path, {"type": "String"}, vendor=False))
    assert findings
    assert all(f.is_error for f in findings)


def test_distinct_findings_are_never_merged() -> None:
    """Runway's 17 example objects carrying `title`: 17 findings, 17 places."""
    spec = load_spec(CORPUS, "runway", "runway.json", vendor=True)
    findings = validate_openapi(spec)
    assert len(findings) == 17
    assert len({(f.pointer, f.line) for f in findings}) == 17
    assert all(f.line > 1 for f in findings)


def test_a_catastrophic_pattern_hits_the_time_limit(tmp_path: Path) -> None:
    spec = _spec(tmp_path, {"type": "string", "pattern": "^(a+)+$", "default": "a" * 40 + "!"})
    with pytest.raises(GeneratorError, match=r"validation did not finish within 1 s"):
        validate_openapi(spec, seconds=1)


def test_every_rule_has_an_id_a_summary_and_levels() -> None:
    assert len(RULES) >= 10
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.summary
        assert rule.ours is Level.ERROR or rule.vendor is Level.WARNING


def test_lint_levels_follow_the_origin(tmp_path: Path) -> None:
    doc = copy.deepcopy(BASE)
    del doc["paths"]["/a"]["get"]["summary"]
    doc["paths"]["/a"]["post"] = {
        "operationId": "a",
        "summary": "again",
        "security": [],
        "responses": {"204": {"description": "x"}},
    }
    (tmp_path / "s.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    for vendor, summary_level in ((False, Level.ERROR), (True, Level.WARNING)):
        found = {f.rule: f for f in lint(load_spec(tmp_path, "s", "s.json", vendor=vendor))}
        assert found["summary"].level is summary_level
        assert found["operation-id-unique"].level is Level.ERROR  # generators cannot live with it
        assert found["operation-id-unique"].pointer == "/paths/~1a/post"
        assert found["operation-id-unique"].line > 1


def test_a_query_operation_is_named_and_set_aside(tmp_path: Path) -> None:
    spec = load_spec(CORPUS, "replicate", "replicate.json", vendor=True)
    newer = [f for f in lint(spec) if f.rule == "newer-method"]
    assert len(newer) == 1
    assert newer[0].message.startswith("QUERY /models: `query` is an OpenAPI 3.2 method")
    assert newer[0].pointer == "/paths/~1models/query"
    assert newer[0].line == 1  # Replicate ships minified JSON: one line, the pointer says where
