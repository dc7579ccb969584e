"""Broken inputs: one fault per file in bad_specs/, each with its exact first error line.

Each file is installed into a fresh copy of the repo and the build script runs on it. It must exit
1, print the expected ``file:line: message`` first, say generated/ was not changed, and leave
generated/ byte for byte (and mtime for mtime) as it was.

How a file is installed, by its name:
- ``codegen_*.yaml`` replaces specs/codegen.yaml;
- ``overlay_*.yaml`` replaces specs/overlays/topaz.yaml (Topaz's overlay);
- anything else becomes specs/broken.<ext>, with a ``broken`` entry added to specs/codegen.yaml.

The expected line is the file's ``# expect:`` comment; a JSON file cannot carry comments, so its
line is in ``EXPECT_JSON`` below. Line numbers count those comment lines.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import leftovers, run_main, snapshot

BAD_SPECS = Path(__file__).parent / "bad_specs"
EXPECT_JSON = {
    "json_syntax.json": (
        "specs/broken.json:11: JSON syntax error: Expecting property name enclosed in double"
        " quotes (column 52)"
    ),
}
CASES = sorted(p.name for p in BAD_SPECS.iterdir() if p.suffix in {".yaml", ".json"})


def expected_line(path: Path) -> str:
    if path.name in EXPECT_JSON:
        return EXPECT_JSON[path.name]
    match = re.search(r"^# expect: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert match, f"{path.name} has no `# expect:` line"
    return match.group(1)


def install(bad: Path, root: Path, *, vendor: bool = False) -> None:
    """Put one bad file into the repo copy at ``root`` (see the module docstring)."""
    if bad.name.startswith("codegen_"):
        shutil.copy(bad, root / "specs/codegen.yaml")
    elif bad.name.startswith("overlay_"):
        shutil.copy(bad, root / "specs/overlays/topaz.yaml")
    else:
        rel = f"specs/broken{bad.suffix}"
        shutil.copy(bad, root / rel)
        entry = f"  broken:\n    spec: {rel}\n" + ("    vendor: true\n" if vendor else "")
        with (root / "specs/codegen.yaml").open("a", encoding="utf-8") as config:
            config.write(entry)


def test_every_fault_has_a_file_and_an_expectation() -> None:
    faults = {
        "yaml_syntax.yaml",
        "json_syntax.json",
        "dangling_ref.yaml",
        "missing_paths.yaml",
        "duplicate_operation_id.yaml",
        "error_without_schema.yaml",
        "missing_operation_id.yaml",
        "overlay_target_matches_nothing.yaml",
        "invalid_schema_type.yaml",
        "not_openapi.yaml",
        "codegen_unknown_key.yaml",
    }
    assert faults <= set(CASES)
    for name in CASES:
        assert expected_line(BAD_SPECS / name)


@pytest.mark.parametrize("name", CASES)
def test_bad_input_fails_with_file_and_line_and_touches_nothing(repo: Path, name: str) -> None:
    install(BAD_SPECS / name, repo)
    before = snapshot(repo / "generated")

    run = run_main(repo)

    assert run.code == 1, run.stderr
    assert run.first_error == expected_line(BAD_SPECS / name)
    assert run.stderr.splitlines()[-1].endswith("; generated/ was not changed")
    assert snapshot(repo / "generated") == before
    assert leftovers(repo) == []


@pytest.mark.parametrize("name", ["dangling_ref.yaml", "codegen_unknown_key.yaml"])
def test_check_and_validate_only_report_bad_input_the_same_way(repo: Path, name: str) -> None:
    install(BAD_SPECS / name, repo)
    before = snapshot(repo / "generated")
    for flag in ("--check", "--validate-only"):
        run = run_main(repo, flag)
        assert (run.code, run.first_error) == (1, expected_line(BAD_SPECS / name)), flag
    assert snapshot(repo / "generated") == before


def test_missing_operation_id_is_only_a_warning_for_a_vendor_spec(repo: Path) -> None:
    # Generation of a vendor spec is covered by test_new_provider; validating is enough here.
    install(BAD_SPECS / "missing_operation_id.yaml", repo, vendor=True)
    run = run_main(repo, "--validate-only")
    assert run.code == 0, run.stderr
    assert (
        "specs/broken.yaml:12: warning: /paths/~1jobs/get: operation GET /jobs has no operationId"
        in run.stderr
    )
    assert "valid: specs/broken.yaml (1 operations)" in run.stdout


def test_wrong_pinned_tool_version_is_a_toolchain_error(repo: Path) -> None:
    pyproject = repo / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    pinned = re.search(r'"openapi-python-client==([^"]+)"', text)
    assert pinned
    pyproject.write_text(
        text.replace(pinned.group(0), '"openapi-python-client==0.0.1"'), encoding="utf-8"
    )
    before = snapshot(repo / "generated")

    run = run_main(repo)

    assert run.code == 2
    assert run.first_error.startswith("error: openapi-python-client ")
    assert "pyproject pins 0.0.1" in run.first_error
    assert "pip install -e '.[codegen]'" in run.first_error
    assert snapshot(repo / "generated") == before
    assert leftovers(repo) == []


def test_the_copy_runs_its_own_build_code(repo: Path) -> None:
    # scripts/generate.py puts <root>/src first on sys.path; the copy's imagejobs must win over
    # the editable install, or every test here would exercise the real checkout's code.
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        " import imagejobs.codegen.cli as g; print(g.__file__)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", probe, str(repo / "src")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert Path(proc.stdout.strip()).is_relative_to(repo)


def test_an_unexpected_exception_is_one_line_not_a_traceback(
    repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from imagejobs.codegen import pipeline

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the unexpected")

    monkeypatch.setattr(pipeline, "prepare", boom)
    before = snapshot(repo / "generated")
    run = run_main(repo, "--validate-only")
    assert run.code == 1
    assert run.stderr.splitlines() == [
        "error: unexpected RuntimeError: the unexpected (a bug in imagejobs.codegen; "
        "please report it with the spec that caused it)"
    ]
    assert snapshot(repo / "generated") == before
