"""A build-only copy of the repository: what scripts/generate.py reads, nothing more.

The codegen tests and bench/codegen.py both run the codegen command on such copies, never on
the real checkout; one helper, so a new piece the command reads is added in one place.
"""

from __future__ import annotations

import shutil
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
_IGNORE = shutil.ignore_patterns("__pycache__", "*.pyc", ".generated-tmp-*", "*.old")


def copy_repo(dest: Path, source: Path = REPO) -> Path:
    """Copy what scripts/generate.py reads from ``source`` into ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for piece in ("specs", "templates", "scripts", "generated"):
        shutil.copytree(source / piece, dest / piece, ignore=_IGNORE)
    shutil.copytree(
        source / "src/imagejobs/codegen", dest / "src/imagejobs/codegen", ignore=_IGNORE
    )
    # Why an __init__.py: without one src/imagejobs in the copy is a namespace package, and the
    # editable install's regular package wins the import, so the script would run the real
    # checkout's build code instead of the copy's. A stub, so the facade is not needed.
    (dest / "src/imagejobs/__init__.py").write_text('"""Build-only copy."""\n', encoding="utf-8")
    # What the build script shares with the CLI, leaves without imports: the one exit-code map,
    # and the output streams a closed pipe cannot turn into a wrong exit code.
    for leaf in ("_exitcodes.py", "_streams.py"):
        shutil.copy2(source / "src/imagejobs" / leaf, dest / "src/imagejobs" / leaf)
    shutil.copy2(source / "pyproject.toml", dest / "pyproject.toml")
    return dest


def drop_entries(root: Path, *names: str) -> None:
    """Remove these specs/codegen.yaml entries (and the provider descriptions of the same
    names) from a copy, so a test can add its own entry for that spec."""
    config = root / "specs/codegen.yaml"
    kept: list[str] = []
    dropping = False
    for line in config.read_text(encoding="utf-8").splitlines(keepends=True):
        indent = len(line) - len(line.lstrip(" "))
        if line.strip() and indent <= 2:
            dropping = indent == 2 and line.strip().rstrip(":") in names
        if not dropping:
            kept.append(line)
    config.write_text("".join(kept), encoding="utf-8")
    for name in names:
        (root / "specs/providers" / f"{name}.yaml").unlink(missing_ok=True)
