"""Generation on valid specs: output shape, header, manifest, no-op, determinism, incremental."""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any

import pytest
import yaml

from imagejobs.codegen.toolchain import TOOLS, pinned_versions

from .conftest import Built, contents, copy_repo, leftovers, run_script, snapshot

pytestmark = pytest.mark.slow

HEADER = "# Generated from specs/"
HEADER_TAIL = " by scripts/generate.py. Do not edit"


def _config(root: Path) -> dict[str, Any]:
    config: dict[str, Any] = yaml.safe_load(
        (root / "specs/codegen.yaml").read_text(encoding="utf-8")
    )
    return config


def _packages(root: Path) -> dict[str, str]:
    """Spec name -> generated package name, from the copy's codegen.yaml."""
    config = _config(root)
    prefix = config.get("package_prefix", "imagejobs_gen_")
    return {name: prefix + name for name in config["specs"]}


def test_valid_specs_generate(built: Built) -> None:
    generated = built.root / "generated"
    for name, package in _packages(built.root).items():
        spec = _config(built.root)["specs"][name]["spec"]
        assert f"valid: {spec} (" in built.run.stdout
        for rel in ("__init__.py", "client.py", "schemas.py", "openapi.json", "py.typed"):
            assert (generated / package / rel).is_file(), f"{package}/{rel} missing"
    assert leftovers(built.root) == []


def test_every_generated_module_has_the_header(built: Built) -> None:
    files = sorted((built.root / "generated").rglob("*.py"))
    assert files
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith(HEADER), path
        assert HEADER_TAIL in first, path


def test_manifest_records_spec_hashes_and_tool_versions(built: Built) -> None:
    root = built.root
    manifest = json.loads((root / "generated/MANIFEST.json").read_text(encoding="utf-8"))
    pins = pinned_versions(root)
    assert manifest["tools"] == {tool: metadata.version(tool) for tool in TOOLS}
    assert all(manifest["tools"][tool] == pins[tool] for tool in TOOLS)
    config = _config(root)
    assert set(manifest["specs"]) == set(config["specs"])
    for name, entry in manifest["specs"].items():
        spec = config["specs"][name]["spec"]
        assert entry["spec"] == spec
        assert entry["spec_sha256"] == hashlib.sha256((root / spec).read_bytes()).hexdigest()
        for overlay, sha in entry["overlays"].items():
            assert sha == hashlib.sha256((root / overlay).read_bytes()).hexdigest()
        # The per-file hashes are what the incremental run trusts: they must match the disk.
        on_disk = {
            rel: sha
            for rel, sha in contents(root / "generated").items()
            if rel.startswith(entry["package"] + "/")
        }
        assert entry["files"] == on_disk


def test_second_run_is_a_noop(built_copy: Path) -> None:
    before = snapshot(built_copy / "generated")
    run = run_script(built_copy)
    assert run.code == 0, run.stderr
    assert "generated/ is up to date" in run.stdout
    assert run.stdout.count("-> unchanged") == len(_packages(built_copy))
    # Same bytes and same mtimes: nothing was rewritten, not even the manifest.
    assert snapshot(built_copy / "generated") == before
    assert leftovers(built_copy) == []


def test_generation_from_a_clean_tree_is_deterministic(built: Built, tmp_path: Path) -> None:
    trees = []
    for i in range(2):
        root = copy_repo(tmp_path / f"clean{i}", source=built.root)
        shutil.rmtree(root / "generated")
        run = run_script(root)
        assert run.code == 0, run.stderr
        trees.append(contents(root / "generated"))
    assert trees[0] == trees[1]
    # And equal to the baseline, which was mostly reused from the commit: no hidden state.
    assert trees[0] == contents(built.root / "generated")


def test_changing_the_topaz_overlay_regenerates_only_topaz(built_copy: Path) -> None:
    overlay = built_copy / "specs/overlays/topaz.yaml"
    text = overlay.read_text(encoding="utf-8")
    old = "description: Topaz's error body."  # the shared Error schema, all the overlay adds
    assert old in text
    overlay.write_text(text.replace(old, old[:-1] + " (message and code)."), encoding="utf-8")
    packages = _packages(built_copy)
    before = snapshot(built_copy / "generated")

    run = run_script(built_copy)

    assert run.code == 0, run.stderr
    assert f"-> generated generated/{packages['topaz']}" in run.stdout
    after = snapshot(built_copy / "generated")
    for name, package in packages.items():
        mine = {k: v for k, v in after.items() if k.startswith(package + "/")}
        theirs = {k: v for k, v in before.items() if k.startswith(package + "/")}
        if name == "topaz":
            assert mine[f"{package}/openapi.json"] != theirs[f"{package}/openapi.json"]
        else:
            assert f"-> unchanged generated/{package}" in run.stdout
            assert mine == theirs, f"{package} was rewritten"  # bytes and mtimes
