"""Repository-wide gates, so the README's one test command covers lint, types and drift.

Each runs a tool the way a maintainer would; a failure prints the tool's own output.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)


def test_ruff_lint_is_clean() -> None:
    proc = run(sys.executable, "-m", "ruff", "check", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_format_is_clean() -> None:
    proc = run(sys.executable, "-m", "ruff", "format", "--check", ".")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_mypy_strict_on_facade_and_generated() -> None:
    # Config (strict, files = src/imagejobs + generated) lives in pyproject.toml.
    proc = run(sys.executable, "-m", "mypy")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_generated_matches_specs() -> None:
    proc = run(sys.executable, "scripts/generate.py", "--check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_every_generated_python_file_carries_the_header() -> None:
    missing = [
        p.relative_to(ROOT).as_posix()
        for p in (ROOT / "generated").rglob("*.py")
        if not p.read_text(encoding="utf-8").startswith("# Generated from specs/")
    ]
    assert not missing, f"files without the generated-code header: {missing}"


def test_generated_packages_import() -> None:
    code = (
        "import importlib, pathlib\n"
        "for d in sorted(pathlib.Path('generated').iterdir()):\n"
        "    if d.is_dir() and d.name.startswith('imagejobs_gen_'):\n"
        "        importlib.import_module(d.name); importlib.import_module(d.name + '.schemas')\n"
    )
    proc = run(sys.executable, "-c", code)
    assert proc.returncode == 0, proc.stderr
