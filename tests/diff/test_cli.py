"""``imagejobs diff``: no noise on unchanged or reformatted specs, clear errors, exit codes, formats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from .conftest import OVERLAYS, REPO, SPECS, edited_pair, load, run, write
from .test_rules import add_queued, schemas


def drop_jobid(doc: dict[str, Any]) -> None:
    schemas(doc)["JobCancelResponse"]["properties"].pop("jobid")


def add_property(doc: dict[str, Any]) -> None:
    schemas(doc)["Job"]["properties"]["queuePosition"] = {"type": "integer"}


def rename_jobid(doc: dict[str, Any]) -> None:
    props = schemas(doc)["JobCancelResponse"]["properties"]
    schemas(doc)["JobCancelResponse"]["properties"] = {
        ("jobId" if k == "jobid" else k): v for k, v in props.items()
    }


@pytest.mark.parametrize("name", sorted(SPECS))
def test_unchanged_spec_reports_nothing(name: str) -> None:
    overlays = [a for o in OVERLAYS.get(name, []) for a in ("--overlay", str(o))]
    code, out, err = run(SPECS[name], SPECS[name], *overlays, "--fail-on", "warning")
    assert (code, err) == (0, "")
    assert out.strip().endswith("no changes")


def _reformat_yaml(text: str) -> str:
    """Same document, other YAML: keys sorted (reordered), everything quoted, flow style."""
    doc = yaml.safe_load(text)
    return yaml.safe_dump(doc, sort_keys=True, default_style='"', default_flow_style=True, width=60)


@pytest.mark.parametrize("name", ["useapi", "jobs_api"])
def test_yaml_only_reformatting_reports_nothing(name: str, tmp_path: Path) -> None:
    original = SPECS[name].read_text(encoding="utf-8")
    reformatted = tmp_path / f"{name}.yaml"
    reformatted.write_text(_reformat_yaml(original), encoding="utf-8")
    assert reformatted.read_text(encoding="utf-8") != original
    as_json = write(load(name), tmp_path / f"{name}.json")  # and the same spec as JSON
    for new in (reformatted, as_json):
        code, out, _ = run(SPECS[name], new, "--fail-on", "warning")
        assert code == 0
        assert "no changes" in out


def test_the_maintainer_example(tmp_path: Path) -> None:
    old, new = edited_pair(tmp_path, "useapi", rename_jobid)
    code, out, err = run(old, new, "--spec", "useapi")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[1] == (
        "  breaking: response property removed: jobid (GET /jobs/cancel/ 200, "
        "#/components/schemas/JobCancelResponse/properties/jobid) -> "
        "imagejobs_gen_useapi.models.JobCancelResponse.jobid, "
        "imagejobs_gen_useapi.schemas.JobCancelResponse.jobid"
    )
    assert lines[2].startswith(
        "  compatible: response property added: jobId (GET /jobs/cancel/ 200"
    )
    assert lines[2].endswith(
        "imagejobs_gen_useapi.models.JobCancelResponse.job_id, imagejobs_gen_useapi.schemas.JobCancelResponse.jobId"
    )
    assert lines[-1] == "suggested bump: major"


def test_symbols_found_from_codegen_config() -> None:
    """Comparing against the configured spec file names its package without --spec."""
    code, out, _ = run(SPECS["useapi"], SPECS["useapi"], "--root", REPO)
    assert code == 0
    assert out.startswith("useapi: ")


@pytest.mark.parametrize(
    ("edit", "fail_on", "expected"),
    [
        (drop_jobid, "breaking", 7),
        (drop_jobid, "warning", 7),
        (drop_jobid, None, 0),
        (add_queued, "breaking", 0),  # a warning only
        (add_queued, "warning", 7),
        (add_property, "breaking", 0),  # compatible only
        (add_property, "warning", 0),
    ],
    ids=[
        "breaking/breaking",
        "breaking/warning",
        "breaking/none",
        "warning/breaking",
        "warning/warning",
        "compatible/breaking",
        "compatible/warning",
    ],
)
def test_fail_on(edit: Any, fail_on: str | None, expected: int, tmp_path: Path) -> None:
    old, new = edited_pair(tmp_path, "useapi", edit)
    args = ["--fail-on", fail_on] if fail_on else []
    code, _, _ = run(old, new, *args)
    assert code == expected


def test_json_format(tmp_path: Path) -> None:
    old, new = edited_pair(tmp_path, "useapi", rename_jobid)
    code, out, _ = run(old, new, "--format", "json", "--spec", "useapi")
    assert code == 0
    (report,) = json.loads(out)["reports"]
    assert report["bump"] == "major"
    assert report["counts"] == {"breaking": 1, "warning": 0, "compatible": 1}
    removed = report["changes"][0]
    assert removed == {
        "severity": "breaking",
        "rule": "response-property-removed",
        "message": "response property removed: jobid",
        "path": "/jobs/cancel/",
        "method": "GET",
        "status": "200",
        "pointer": "#/components/schemas/JobCancelResponse/properties/jobid",
        "symbols": [
            "imagejobs_gen_useapi.models.JobCancelResponse.jobid",
            "imagejobs_gen_useapi.schemas.JobCancelResponse.jobid",
        ],
        "accepted": None,  # the reason, when specs/accepted-changes.yaml accepts it
    }


def test_markdown_format(tmp_path: Path) -> None:
    old, new = edited_pair(tmp_path, "useapi", rename_jobid)
    code, out, _ = run(old, new, "--format", "markdown", "--spec", "useapi")
    assert code == 0
    assert out.startswith("### API changes: useapi")
    assert "**Suggested bump: major.**" in out
    assert "| breaking | response property removed: jobid | GET /jobs/cancel/ 200 |" in out


# --- bad input: a clear message on stderr and exit 2 ---


def _bad(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("missing.yaml", None, "cannot read file"),
        ("syntax.yaml", "openapi: 3.1.0\npaths: {\n  /x: [\n", "YAML syntax error"),
        ("syntax.json", '{"openapi": "3.1.0",, }', "JSON syntax error"),
        ("list.yaml", "- just\n- a list\n", "not an OpenAPI document"),
        ("swagger.yaml", "swagger: '1.2'\npaths: {}\n", "unsupported OpenAPI version '1.2'"),
        (
            "dangling.yaml",
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /x:\n    get:\n"
            "      responses:\n        '200': {$ref: '#/components/responses/Nope'}\n",
            "dangling $ref",
        ),
    ],
)
def test_bad_file(tmp_path: Path, name: str, text: str | None, message: str) -> None:
    bad = tmp_path / name if text is None else _bad(tmp_path, name, text)
    code, out, err = run(SPECS["useapi"], bad, "--fail-on", "breaking")
    assert code == 2
    assert out == ""
    assert name in err.splitlines()[0]
    assert message in err
    assert err.rstrip().endswith("nothing was compared")


def test_bad_overlay_target(tmp_path: Path) -> None:
    """A new vendor file that moved an overlay target is an error, not a silent drop."""
    doc = load("topaz")
    doc["components"].pop("responses")
    doc["paths"]["/cancel/{process_id}"]["delete"]["responses"] = {"204": {"description": "ok"}}
    new = write(doc, tmp_path / "topaz.yaml")
    code, _, err = run(SPECS["topaz"], new, "--overlay", OVERLAYS["topaz"][0])
    assert code == 2
    assert "matches nothing" in err


def test_usage_error() -> None:
    code, _, _ = run(SPECS["useapi"])
    assert code == 2


def test_a_swagger_2_file_is_converted_and_compared(tmp_path: Path) -> None:
    """Swagger 2.0 goes through the same converter as generation: an operation removed from a
    Kubeflow-style file is reported like any other."""
    corpus = Path(__file__).parents[1] / "codegen" / "corpus" / "kubeflow_jobs.json"
    doc = json.loads(corpus.read_text(encoding="utf-8"))
    del doc["paths"]["/apis/v1beta1/jobs/{id}/disable"]
    newer = tmp_path / "kubeflow_new.json"
    newer.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run(corpus, newer, "--fail-on", "breaking")
    assert code == 7, err
    assert "POST /apis/v1beta1/jobs/{id}/disable" in out
    assert "operation removed" in out


def test_a_query_operation_is_tracked_like_any_other(tmp_path: Path) -> None:
    """The generators skip OpenAPI 3.2's `query`, the diff does not: its removal is breaking."""
    corpus = Path(__file__).parents[1] / "codegen" / "corpus" / "replicate.json"
    doc = json.loads(corpus.read_text(encoding="utf-8"))
    del doc["paths"]["/models"]["query"]
    newer = tmp_path / "replicate_new.json"
    newer.write_text(json.dumps(doc), encoding="utf-8")
    code, out, err = run(corpus, newer, "--fail-on", "breaking")
    assert code == 7, err
    assert "QUERY /models" in out
    assert "operation removed" in out
    code, out, _ = run(newer, corpus)
    assert code == 0
    assert "QUERY /models" in out
    assert "operation added" in out
