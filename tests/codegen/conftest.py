"""Fixtures for the build-script tests: temp copies of the repo, runners, tree snapshots.

The build script rewrites ``generated/``, so it never runs against the real checkout here: each
test gets a copy under ``tmp_path`` with the pieces the script reads (specs, templates, scripts,
the ``imagejobs.codegen`` package, generated/, pyproject.toml). Generating takes seconds, so the
generated baseline is built once per session and copied for tests that change it.
"""

from __future__ import annotations

import hashlib
import io
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from imagejobs.codegen.cli import main

from .repo_copy import REPO, copy_repo

__all__ = ["REPO", "copy_repo"]  # re-exported for the tests that import them from here


@dataclass(frozen=True)
class Run:
    """One run of the build script."""

    code: int
    stdout: str
    stderr: str

    @property
    def first_error(self) -> str:
        """The first line of stderr that is not a warning (vendor specs' warnings come first)."""
        lines = [line for line in self.stderr.splitlines() if ": warning: " not in line]
        return lines[0] if lines else ""


def run_script(root: Path, *args: str) -> Run:
    """Run the copy's scripts/generate.py in a fresh interpreter, as a user or CI would."""
    proc = subprocess.run(
        [sys.executable, str(root / "scripts" / "generate.py"), "--root", str(root), *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    return Run(proc.returncode, proc.stdout, proc.stderr)


def run_main(root: Path, *args: str) -> Run:
    """Run the build script in-process (no interpreter start-up): for runs that fail early."""
    out, err = io.StringIO(), io.StringIO()
    code = main(["--root", str(root), *args], out, err)
    return Run(code, out.getvalue(), err.getvalue())


def snapshot(directory: Path) -> dict[str, tuple[str, int]]:
    """sha256 and mtime (ns) of every file under ``directory``, by relative path."""
    return {
        p.relative_to(directory).as_posix(): (
            hashlib.sha256(p.read_bytes()).hexdigest(),
            p.stat().st_mtime_ns,
        )
        for p in sorted(directory.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def contents(directory: Path) -> dict[str, str]:
    """sha256 of every file under ``directory`` (content only), by relative path."""
    return {k: sha for k, (sha, _) in snapshot(directory).items()}


def leftovers(root: Path) -> list[str]:
    """Temporary trees the script should have removed."""
    return sorted(p.name for p in root.iterdir() if p.name.startswith(".generated-tmp-"))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A fresh copy of the checkout, as committed (generated/ may be stale)."""
    return copy_repo(tmp_path / "repo")


@dataclass(frozen=True)
class Built:
    """The session's generated baseline: a copy on which the script has run once."""

    root: Path
    run: Run


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A copy whose generated/ is current for its specs and build code. Do not mutate it.

    Starting from the committed tree makes this run incremental, so it is quick when the commit
    is current, and tests that compare against it stay valid even when it is not.
    """
    root = copy_repo(tmp_path_factory.mktemp("built") / "repo")
    run = run_script(root)
    assert run.code == 0, run.stderr
    return Built(root, run)


@pytest.fixture
def built_copy(built: Built, tmp_path: Path) -> Path:
    """A private copy of the generated baseline, for tests that change it."""
    return copy_repo(tmp_path / "repo", source=built.root)
