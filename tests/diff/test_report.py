"""The build script's hook: each spec against the openapi.json of its committed package."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from imagejobs.codegen import cli, pipeline
from imagejobs.codegen.config import load_config
from imagejobs.codegen.diff import report_changes

from .conftest import REPO
from .test_rules import schemas


def _repo_copy(tmp_path: Path) -> Path:
    """specs/ and each committed package's openapi.json: all the hook reads."""
    root = tmp_path / "repo"
    shutil.copytree(REPO / "specs", root / "specs")
    for spec_json in (REPO / "generated").glob("*/openapi.json"):
        target = root / "generated" / spec_json.parent.name / "openapi.json"
        target.parent.mkdir(parents=True)
        shutil.copy(spec_json, target)
    return root


def _plans(root: Path) -> list[pipeline.Plan]:
    """Each spec's plan as the build makes it: the effective spec, normalized as the committed
    openapi.json was (vendor files are), without waiting for the validator."""
    plans = pipeline.prepare(root, load_config(root), defer_validation=True)
    pipeline.cancel_validation(plans)
    return plans


def _edit_committed(root: Path, package: str, edit: Any) -> None:
    """Make the committed copy differ: the current spec then reads as `edit` undone."""
    path = root / "generated" / package / "openapi.json"
    doc = json.loads(path.read_text(encoding="utf-8"))
    edit(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")


def test_unchanged_specs_print_nothing(tmp_path: Path) -> None:
    root = _repo_copy(tmp_path)
    out = io.StringIO()
    reports = report_changes(root, load_config(root), _plans(root), root / "generated", out=out)
    assert reports == []
    assert out.getvalue() == ""


def test_changed_spec_is_reported(tmp_path: Path) -> None:
    root = _repo_copy(tmp_path)
    # The committed package knew a `legacy` field the spec no longer has: a removal.
    _edit_committed(
        root,
        "imagejobs_gen_useapi",
        lambda d: schemas(d)["Job"]["properties"].update(legacy={"type": "string"}),
    )
    out = io.StringIO()
    reports = report_changes(root, load_config(root), _plans(root), root / "generated", out=out)
    assert [r.spec for r in reports] == ["useapi"]
    text = out.getvalue()
    assert text.startswith(
        "useapi: generated/imagejobs_gen_useapi/openapi.json -> specs/useapi.yaml: 1 breaking"
    )
    assert "imagejobs_gen_useapi.models.Job.legacy" in text
    assert "jobs_api" not in text
    assert "topaz" not in text


def test_new_spec_without_committed_package(tmp_path: Path) -> None:
    root = _repo_copy(tmp_path)
    (root / "generated" / "imagejobs_gen_topaz" / "openapi.json").unlink()
    out = io.StringIO()
    assert report_changes(root, load_config(root), _plans(root), root / "generated", out=out) == []
    assert (
        out.getvalue()
        == "topaz: new spec, no previous generated/imagejobs_gen_topaz/openapi.json to compare with\n"
    )


@pytest.mark.parametrize(
    ("changed", "fail_on", "expected"),
    [
        (True, "breaking", cli.Exit.OK),
        (True, "warning", cli.Exit.API_CHANGE),
        (False, "warning", cli.Exit.OK),
    ],
)
def test_generate_fail_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, changed: bool, fail_on: str, expected: int
) -> None:
    """`generate --fail-on` exits 7 before swapping anything in (the generators are stubbed)."""
    root = _repo_copy(tmp_path)
    if changed:  # a new job status the committed package does not know: a warning
        spec = root / "specs" / "useapi.yaml"
        text = spec.read_text(encoding="utf-8")
        old = "enum: [created, started, moderated, progress, completed, failed, cancelled]"
        assert old in text
        spec.write_text(text.replace(old, old[:-1] + ", queued]"), encoding="utf-8")
    swapped: list[Path] = []

    def fake_build(
        root_: Path, config: object, out: Path, *, incremental: bool = True
    ) -> pipeline.BuildResult:
        out.mkdir(parents=True)
        return pipeline.BuildResult(plans=_plans(root_), tree=out, manifest={}, changed=True)

    monkeypatch.setattr(pipeline, "build", fake_build)
    monkeypatch.setattr(pipeline, "swap_in", lambda tree, gen: swapped.append(tree))
    out, err = io.StringIO(), io.StringIO()
    code = cli.main(["--root", str(root), "--fail-on", fail_on], stdout=out, stderr=err)
    assert code == expected, err.getvalue()
    assert bool(swapped) == (expected == cli.Exit.OK)
    if changed:
        assert 'warning: response property status: enum value added "queued"' in out.getvalue()
    if expected == cli.Exit.API_CHANGE:
        assert "generated/ was not changed" in err.getvalue()
