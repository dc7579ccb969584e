"""Every published spec of tests/codegen/corpus/ goes in the README way, with no overlay.

Drop the file into specs/, add one ``vendor: true`` entry to specs/codegen.yaml, run
``python scripts/generate.py``: it must exit 0, generate at least 95 % of the file's operations,
name every operation it did not generate (one ``METHOD /path: not generated: ...`` line each),
and leave packages whose every module imports (client, models, ``schemas``) and that pass
``mypy --strict``. These are the vendors' own bytes (see corpus/SOURCES.md): 25 files from 21 KB
to 3 MB, OpenAPI 3.0, 3.1 and Swagger 2.0.

To keep ``.ci/run`` short, all of them go into one copy of the repository and one run of the
script (which builds two specs at a time, one per core), and ``mypy`` checks the packages in two
processes, one per core, each over half of them by size.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from imagejobs.codegen.spec.load import read_document
from imagejobs.codegen.spec.swagger2 import convert, is_swagger2
from imagejobs.codegen.spec.walk import operations

from .conftest import Built, Run, copy_repo, run_script
from .repo_copy import drop_entries

CORPUS = Path(__file__).parent / "corpus"
FILES = sorted(p.name for p in CORPUS.iterdir() if p.suffix in (".json", ".yaml"))
NAMES = [Path(f).stem for f in FILES]
MIN_SHARE = 0.95


def _vendor_operations(name: str) -> int:
    """Operations in the vendor's file, read the way the pipeline reads it."""
    data = read_document(CORPUS, name).data
    if is_swagger2(data):
        data = convert(data)[0]
    return sum(1 for _ in operations(data))


def test_the_corpus_is_every_file_of_the_development_corpus() -> None:
    assert len(FILES) == 25
    assert {"openai.yaml", "topaz_image.yaml", "kubeflow_jobs.json", "anthropic.json"} <= set(FILES)


@pytest.mark.parametrize("name", FILES)
def test_corpus_copy_is_the_vendors_bytes(name: str) -> None:
    """SOURCES.md records the sha256 of the vendor's file; the copy must still be it."""
    digest = hashlib.sha256((CORPUS / name).read_bytes()).hexdigest()
    row = next(
        line
        for line in (CORPUS / "SOURCES.md").read_text(encoding="utf-8").splitlines()
        if line.startswith(f"| {name} ")
    )
    assert f"`{digest}`" in row
    assert "https://" in row or "Stability AI" in row or "Kubeflow" in row, "no upstream named"


@dataclass(frozen=True)
class CorpusBuild:
    root: Path
    run: Run
    mypy: dict[str, list[str]]
    """Package -> its mypy error lines."""
    imports: dict[str, str]
    """Module -> why it did not import (empty when all did)."""


@pytest.fixture(scope="module")
def corpus_build(built: Built, tmp_path_factory: pytest.TempPathFactory) -> CorpusBuild:
    root = copy_repo(tmp_path_factory.mktemp("corpus") / "repo", source=built.root)
    drop_entries(root, *NAMES)  # the committed entries of corpus files select; these take all
    with (root / "specs/codegen.yaml").open("a", encoding="utf-8") as config:
        for file, name in zip(FILES, NAMES, strict=True):
            shutil.copyfile(CORPUS / file, root / "specs" / file)
            config.write(f"  {name}:\n    spec: specs/{file}\n    vendor: true\n")
    run = run_script(root)
    assert run.code == 0, run.stderr[-5000:]
    generated = root / "generated"
    packages = [f"imagejobs_gen_{n}" for n in NAMES]
    return CorpusBuild(root, run, _mypy(generated, packages), _imports(generated, packages))


def _mypy(generated: Path, packages: list[str]) -> dict[str, list[str]]:
    """mypy --strict over the packages in two processes (two cores), split by size."""
    sizes = {p: sum(f.stat().st_size for f in (generated / p).rglob("*.py")) for p in packages}
    halves: list[list[str]] = [[], []]
    for package in sorted(packages, key=sizes.__getitem__, reverse=True):
        lighter = min(halves, key=lambda h: sum(sizes[p] for p in h))
        lighter.append(package)

    def check(i: int) -> str:
        proc = subprocess.run(
            [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11",
             "--cache-dir", str(generated.parent / f".mypy-{i}"), *halves[i]],
            cwd=generated, capture_output=True, text=True, check=False,
        )  # fmt: skip
        return proc.stdout + proc.stderr

    with ThreadPoolExecutor(2) as pool:
        output = "".join(pool.map(check, range(2)))
    errors: dict[str, list[str]] = {p: [] for p in packages}
    for line in output.splitlines():
        match = re.match(r"^(imagejobs_gen_\w+)/\S+: error: ", line)
        if match:
            errors.setdefault(match.group(1), []).append(line)
        elif ": error:" in line:
            errors.setdefault("?", []).append(line)
    return errors


IMPORT_ALL = """
import importlib, json, pkgutil, sys
failed = {}
for package in sys.argv[1:]:
    pkg = importlib.import_module(package)
    names = [m.name for m in pkgutil.walk_packages(pkg.__path__, package + ".")]
    for name in names:
        try:
            importlib.import_module(name)
        except Exception as exc:
            failed[name] = f"{type(exc).__name__}: {exc}"
print(json.dumps(failed))
"""


def _imports(generated: Path, packages: list[str]) -> dict[str, str]:
    proc = subprocess.run(
        [sys.executable, "-c", IMPORT_ALL, *packages],
        cwd=generated, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    failed: dict[str, str] = json.loads(proc.stdout)
    return failed


@pytest.mark.slow
@pytest.mark.parametrize(("file", "name"), list(zip(FILES, NAMES, strict=True)))
def test_vendor_spec_generates_imports_and_type_checks(
    corpus_build: CorpusBuild, file: str, name: str
) -> None:
    run, generated = corpus_build.run, corpus_build.root / "generated"
    total = _vendor_operations(file)
    line = re.search(
        rf"^valid: specs/{re.escape(file)} \((\d+ of )?(\d+) operations\)", run.stdout, re.M
    )
    assert line, run.stdout
    kept = int(line.group(1).split()[0]) if line.group(1) else int(line.group(2))
    assert int(line.group(2)) == total
    assert kept >= MIN_SHARE * total, f"{kept} of {total}"
    # Every lost operation is named, with its cause, once.
    lost = re.findall(
        rf"^specs/{re.escape(file)}:\d+: warning: \S+: ([A-Z]+ \S+): not generated: ",
        run.stderr,
        re.M,
    )
    assert len(lost) == total - kept, "\n".join(lost)
    assert len(set(lost)) == len(lost)
    package = f"imagejobs_gen_{name}"
    assert (generated / package / "schemas.py").is_file()
    assert (generated / package / "client.py").is_file()
    assert not [m for m in corpus_build.imports if m.startswith(package + ".")], (
        corpus_build.imports
    )
    assert corpus_build.mypy.get(package) == [], "\n".join(
        corpus_build.mypy.get(package, ["?"])[:30]
    )


@pytest.mark.slow
def test_no_traceback_and_no_stray_mypy_output(corpus_build: CorpusBuild) -> None:
    assert "Traceback" not in corpus_build.run.stderr
    assert "a bug in imagejobs.codegen" not in corpus_build.run.stderr
    assert corpus_build.mypy.get("?", []) == []
