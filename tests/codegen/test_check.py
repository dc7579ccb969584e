"""``--check`` and ``--diff``: CI's proof that generated/ is what the specs produce."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from imagejobs.codegen import manifest
from imagejobs.codegen.config import load_config
from imagejobs.codegen.manifest import up_to_date

from .conftest import REPO, leftovers, run_script, snapshot

pytestmark = pytest.mark.slow

FIX = "fix: run `python scripts/generate.py` and commit generated/"


def _assert_check_wrote_nothing(root: Path, before: dict[str, tuple[str, int]]) -> None:
    assert snapshot(root / "generated") == before
    assert leftovers(root) == []


def test_check_passes_on_a_fresh_copy_of_the_checkout(repo: Path) -> None:
    # The committed tree as is: this is what CI runs. If it fails, generated/ on main is stale.
    run = run_script(repo, "--check")
    assert run.code == 0, f"{REPO}: generated/ is stale, run scripts/generate.py\n{run.stderr}"
    assert "generated/ is up to date with specs/" in run.stdout


def test_check_names_a_hand_edited_file_and_diff_shows_the_line(built_copy: Path) -> None:
    target = built_copy / "generated/imagejobs_gen_useapi/client.py"
    target.write_text(
        target.read_text(encoding="utf-8") + "HAND_EDIT = True  # sneaked in\n", encoding="utf-8"
    )
    before = snapshot(built_copy / "generated")

    run = run_script(built_copy, "--check", "--diff")

    assert run.code == 6
    assert run.first_error == (
        "generated/ is out of date: 1 changed, 0 missing, 0 unexpected file(s)"
    )
    assert "  M generated/imagejobs_gen_useapi/client.py" in run.stderr
    assert "-HAND_EDIT = True  # sneaked in" in run.stderr
    assert FIX in run.stderr
    _assert_check_wrote_nothing(built_copy, before)


def test_check_fails_after_a_spec_change_without_regeneration(built_copy: Path) -> None:
    spec = built_copy / "specs/useapi.yaml"
    text = spec.read_text(encoding="utf-8")
    assert "  title: " in text
    spec.write_text(text.replace("  title: ", "  title: Renamed ", 1), encoding="utf-8")
    before = snapshot(built_copy / "generated")

    run = run_script(built_copy, "--check")

    assert run.code == 6
    assert "  M generated/MANIFEST.json" in run.stderr
    assert "  M generated/imagejobs_gen_useapi/openapi.json" in run.stderr
    assert "imagejobs_gen_topaz" not in run.stderr  # only what the change touches
    assert FIX in run.stderr
    _assert_check_wrote_nothing(built_copy, before)


def test_check_fails_on_a_deleted_and_an_extra_generated_file(built_copy: Path) -> None:
    (built_copy / "generated/imagejobs_gen_topaz/models/error.py").unlink()
    (built_copy / "generated/imagejobs_gen_topaz/notes.py").write_text("x = 1\n", encoding="utf-8")
    before = snapshot(built_copy / "generated")

    run = run_script(built_copy, "--check")

    assert run.code == 6
    assert run.first_error == (
        "generated/ is out of date: 0 changed, 1 missing, 1 unexpected file(s)"
    )
    assert "  A generated/imagejobs_gen_topaz/models/error.py" in run.stderr
    assert "  D generated/imagejobs_gen_topaz/notes.py" in run.stderr
    _assert_check_wrote_nothing(built_copy, before)


# --- the manifest shortcut: it may only ever say "current" when a full check would ---


def _append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def _manifest_edit(root: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = root / "generated/MANIFEST.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    edit(data)
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", encoding="utf-8")


EDITS: dict[str, Callable[[Path], None]] = {
    # inputs
    "spec": lambda r: _append(r / "specs/useapi.yaml", "\n# a comment changes the bytes\n"),
    "overlay": lambda r: _append(r / "specs/overlays/topaz.yaml", "\n# edited\n"),
    "codegen.yaml": lambda r: _append(
        r / "specs/codegen.yaml", "    class_overrides: {Job: {class_name: UseapiJob}}\n"
    ),
    "template": lambda r: _append(
        r / "templates/openapi-python-client/types.py.jinja", "{# edited #}\n"
    ),
    "new template": lambda r: (r / "templates/openapi-python-client/extra.jinja").write_text("x"),
    "description": lambda r: _append(r / "specs/providers/topaz.yaml", "# edited\n"),
    "new description": lambda r: (r / "specs/providers/acme.yaml").write_text("title: Acme\n"),
    "description removed": lambda r: (r / "specs/providers/runway.yaml").unlink(),
    "tool version": lambda r: _manifest_edit(
        r, lambda m: m["tools"].update({"ruff": "0.0.1"})
    ),  # generated/ was made by another ruff than the installed one
    "validator version": lambda r: _manifest_edit(
        r, lambda m: m["checked_with"].update({"openapi-spec-validator": "0.0.1"})
    ),
    # outputs
    "generated file changed": lambda r: _append(
        r / "generated/imagejobs_gen_useapi/client.py", "HAND_EDIT = 1\n"
    ),
    "generated file added": lambda r: (r / "generated/imagejobs_gen_topaz/notes.py").write_text(
        "x = 1\n"
    ),
    "file added beside the packages": lambda r: (r / "generated/README.md").write_text("hi\n"),
    "providers package edited": lambda r: _append(
        r / "generated/imagejobs_providers/__init__.py", "HAND_EDIT = 1\n"
    ),
    "generated file removed": lambda r: (
        r / "generated/imagejobs_gen_topaz/models/error.py"
    ).unlink(),
    "manifest edited": lambda r: _manifest_edit(r, lambda m: m.update(note="hand-edited")),
}


def test_the_shortcut_says_current_on_a_built_tree(built_copy: Path) -> None:
    assert up_to_date(built_copy, load_config(built_copy))


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_the_shortcut_sees_every_kind_of_edit(built_copy: Path, edit: str) -> None:
    EDITS[edit](built_copy)
    assert not up_to_date(built_copy, load_config(built_copy))


def test_the_shortcut_sees_a_change_of_the_build_code(
    built_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # CODE_SHA256 hashes every module of imagejobs.codegen, so any edit to one changes it.
    monkeypatch.setattr(manifest, "CODE_SHA256", "0" * 64)
    assert not up_to_date(built_copy, load_config(built_copy))


def test_check_answers_from_the_manifest_and_full_regenerates(built_copy: Path) -> None:
    fast = run_script(built_copy, "--check")
    assert fast.code == 0, fast.stderr
    assert "from generated/MANIFEST.json" in fast.stdout
    full = run_script(built_copy, "--check", "--full")
    assert full.code == 0, full.stderr
    assert "generated/ is up to date with specs/" in full.stdout
    assert "MANIFEST.json" not in full.stdout
