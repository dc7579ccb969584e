"""``generated/MANIFEST.json``: what produced the tree, and whether a package can be reused.

A package is reused only when every input that can change it hashes the same: the spec and its
overlays, its codegen.yaml entry, the templates, the tool versions, and every file of this
``imagejobs.codegen`` package (hashed as a whole, so no hand-kept list can forget one).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

__all__ = [
    "CODE_SHA256",
    "MANIFEST",
    "file_hashes",
    "inputs_sha256",
    "read_manifest",
    "reusable",
    "sha256",
    "tree_sha256",
]

MANIFEST = "MANIFEST.json"


def sha256(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def tree_sha256(directory: Path, pattern: str = "*") -> str:
    """One hash over the names and bytes of every file under ``directory``."""
    digest = hashlib.sha256()
    for path in sorted(
        p for p in directory.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts
    ):
        digest.update(
            path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
        )
    return digest.hexdigest()


CODE_SHA256 = tree_sha256(Path(__file__).parent, "*.py")
"""Every module of imagejobs.codegen: a change to any of them can change the output."""


def inputs_sha256(root: Path, files: list[str], settings: dict[str, Any]) -> str:
    """The hash of one package's inputs: its files' bytes and every setting that shapes it."""
    digest = hashlib.sha256()
    for rel in files:
        digest.update(rel.encode() + b"\0" + (root / rel).read_bytes() + b"\0")
    digest.update(json.dumps({**settings, "code": CODE_SHA256}, sort_keys=True).encode())
    return digest.hexdigest()


def read_manifest(generated: Path) -> dict[str, Any]:
    """The committed manifest, or {} when there is none or it is unreadable."""
    try:
        data = json.loads((generated / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def file_hashes(directory: Path, relative_to: Path) -> dict[str, str]:
    """sha256 of every file under ``directory``, keyed by its path relative to ``relative_to``."""
    return {
        p.relative_to(relative_to).as_posix(): sha256(p.read_bytes())
        for p in sorted(directory.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def reusable(generated: Path, old: dict[str, Any], name: str, package: str, inputs: str) -> bool:
    """True when the committed package came from the same inputs and was not hand-edited."""
    entry = (old.get("specs") or {}).get(name) or {}
    if entry.get("inputs_sha256") != inputs or not entry.get("files"):
        return False
    return bool(file_hashes(generated / package, generated) == entry["files"])
