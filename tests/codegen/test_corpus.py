"""Each vendor spec of tests/codegen/corpus/ goes in the README way, with no overlay.

Drop the file into specs/, add one ``vendor: true`` entry to specs/codegen.yaml, run
``python scripts/generate.py``: it must exit 0, name every operation it did not generate, and
leave a package whose every module imports (client, models, ``schemas``) and that passes
``mypy --strict``. These are the vendors' own bytes (see corpus/SOURCES.md).
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from imagejobs.codegen.spec.swagger2 import convert, is_swagger2
from imagejobs.codegen.spec.walk import operations

from .conftest import Built, copy_repo, run_script

CORPUS = Path(__file__).parent / "corpus"
# name -> (operations in the vendor's file, operations the generators can make)
EXPECTED = {
    "replicate": (37, 36),  # one `query` operation: an OpenAPI 3.2 method, set aside and named
    "stability_v1": (7, 7),
    "runway": (64, 64),
    "kubeflow_jobs": (6, 6),  # Swagger 2.0, converted
}


def _vendor_operations(name: str) -> int:
    doc = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))
    if is_swagger2(doc):
        doc = convert(doc)[0]
    return sum(1 for _ in operations(doc))


def test_expected_counts_are_the_vendors() -> None:
    assert {n: _vendor_operations(n) for n in EXPECTED} == {n: t for n, (t, _) in EXPECTED.items()}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_vendor_spec_generates_imports_and_type_checks(
    built: Built, tmp_path: Path, name: str
) -> None:
    root = copy_repo(tmp_path / "repo", source=built.root)
    shutil.copyfile(CORPUS / f"{name}.json", root / "specs" / f"{name}.json")
    with (root / "specs/codegen.yaml").open("a", encoding="utf-8") as config:
        config.write(f"  {name}:\n    spec: specs/{name}.json\n    vendor: true\n")

    run = run_script(root)

    assert run.code == 0, run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    total, kept = EXPECTED[name]
    assert kept >= 0.9 * total
    summary = (
        f"valid: specs/{name}.json ({kept} of {total} operations)"
        if kept < total
        else f"valid: specs/{name}.json ({total} operations)"
    )
    assert summary in run.stdout
    lost = re.findall(
        rf"specs/{name}\.json:\d+: warning: \S+: (\w+ \S+): not generated: ", run.stderr
    )
    assert len(lost) == total - kept, run.stderr[-3000:]

    package = f"imagejobs_gen_{name}"
    generated = root / "generated"
    modules = sorted(
        ".".join(p.relative_to(generated).with_suffix("").parts).removesuffix(".__init__")
        for p in (generated / package).rglob("*.py")
    )
    assert f"{package}.schemas" in modules
    assert f"{package}.client" in modules
    code = "import importlib, sys\nfor m in sys.argv[1:]:\n    importlib.import_module(m)\n"
    imported = subprocess.run(
        [sys.executable, "-c", code, *modules],
        cwd=generated,
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr[-2000:]
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11", "--no-incremental",
         "--cache-dir", str(tmp_path / "mypy"), package],
        cwd=generated, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout[-3000:]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_copy_is_the_vendors_bytes(name: str) -> None:
    """SOURCES.md records the sha256 of the vendor's file; the copy must still be it."""
    digest = hashlib.sha256((CORPUS / f"{name}.json").read_bytes()).hexdigest()
    row = next(
        line
        for line in (CORPUS / "SOURCES.md").read_text(encoding="utf-8").splitlines()
        if line.startswith(f"| {name}.json ")
    )
    assert f"`{digest}`" in row
