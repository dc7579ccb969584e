"""``--check`` and ``--diff``: CI's proof that generated/ is what the specs produce."""

from __future__ import annotations

from pathlib import Path

import pytest

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
