"""Helpers for the spec-diff tests: edited temp copies of our real specs, and a CLI runner."""

from __future__ import annotations

import copy
import functools
import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from imagejobs.codegen.cli import diff_main as main

REPO = Path(__file__).resolve().parents[2]
SPECS = {
    "useapi": REPO / "specs" / "useapi.yaml",
    "jobs_api": REPO / "specs" / "jobs_api.yaml",
    "topaz": REPO / "specs" / "topaz.yaml",
}
OVERLAYS = {"topaz": [REPO / "specs" / "overlays" / "topaz.yaml"]}

Edit = Callable[[dict[str, Any]], None]


@functools.cache
def _load(name: str) -> dict[str, Any]:
    path = SPECS[name]
    text = path.read_text(encoding="utf-8")
    return json.loads(text) if path.suffix == ".json" else yaml.load(text, Loader=yaml.CSafeLoader)


def load(name: str) -> dict[str, Any]:
    """A fresh copy of one of our specs, as a document."""
    return copy.deepcopy(_load(name))


def write(doc: dict[str, Any], path: Path) -> Path:
    if path.suffix == ".json":
        path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    else:
        text = yaml.dump(doc, Dumper=yaml.CSafeDumper, sort_keys=False, allow_unicode=True)
        path.write_text(text, encoding="utf-8")
    return path


def edited_pair(tmp: Path, name: str, edit: Edit, base: Edit | None = None) -> tuple[Path, Path]:
    """(old, new) temp copies of spec ``name``: ``base`` applied to both, ``edit`` to new only."""
    doc = load(name)
    if base:
        base(doc)
    new = copy.deepcopy(doc)
    edit(new)
    suffix = SPECS[name].suffix
    (tmp / "old").mkdir(exist_ok=True)
    (tmp / "new").mkdir(exist_ok=True)
    return write(doc, tmp / "old" / f"{name}{suffix}"), write(new, tmp / "new" / f"{name}{suffix}")


def run(*argv: str | Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main([str(a) for a in argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def run_json(old: Path, new: Path, name: str, *extra: str) -> tuple[int, dict[str, Any]]:
    """Run the CLI with --format json, naming the spec so symbols are filled in."""
    overlays = [a for o in OVERLAYS.get(name, []) for a in ("--overlay", str(o))]
    code, out, err = run(
        old, new, "--format", "json", "--spec", name, "--root", REPO, *overlays, *extra
    )
    assert code in (0, 1), err
    (report,) = json.loads(out)["reports"]
    return code, report
