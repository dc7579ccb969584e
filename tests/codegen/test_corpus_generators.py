"""Each vendor spec of tests/codegen/corpus/, normalized, through both generators: the package
imports (client, models, schemas), passes `mypy --strict`, and keeps >= 90% of its operations.

This runs the generators directly (not scripts/generate.py, which another change restructures),
with our templates and the datamodel-code-generator arguments of generate.py's `_generate_one`.
Run by hand for the findings table: `python tests/codegen/test_corpus_generators.py runway`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from imagejobs.codegen.normalize import (
    DEFAULT_ENABLED,
    HTTP_METHODS,
    UNSUPPORTED_METHODS_KEY,
    normalize,
)

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests/codegen/corpus"
SPECS = ("replicate", "stability_v1", "runway")

# The same as generate.py's `_generate_one` passes (keep in step; the header is replaced there).
DCG_ARGS = [
    "--input-file-type",
    "openapi",
    "--output-model-type",
    "pydantic_v2.BaseModel",
    "--target-python-version",
    "3.11",
    "--openapi-scopes",
    "schemas",
    "api",
    "--disable-timestamp",
    "--keep-model-order",
    "--extra-fields",
    "allow",
    "--use-standard-collections",
    "--use-union-operator",
    "--use-annotated",
    "--use-schema-description",
    "--use-field-description",
    "--deserialize-default-values",
    "enum",
    "--collapse-root-models",
    "--disable-future-imports",
    "--use-subclass-enum",
    "--type-mappings",
    "email=string",
    "idn-email=string",
    "--no-formatters",
]
_DROPPED = re.compile(
    r"WARNING parsing (\w+) (\S+) within [^.]*\. Endpoint will not be generated\."
)


@dataclass
class Outcome:
    """What one corpus spec came out as."""

    operations: int
    generated: int
    dropped: list[str] = field(default_factory=list)
    opc_output: str = ""
    mypy: str = ""
    mypy_ok: bool = False
    imports: str = ""
    imports_ok: bool = False
    touched: dict[str, int] = field(default_factory=dict)


def _run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False, timeout=900)


def generate_corpus_spec(name: str, work: Path) -> Outcome:
    """Normalize ``name``'s spec, run both generators and ruff like the pipeline, then check."""
    doc = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))
    touched = normalize(doc, DEFAULT_ENABLED)
    (work / "spec.json").write_text(json.dumps(doc, indent=2), encoding="utf-8")
    pkg = f"corpus_{name}"
    (work / "cfg.yaml").write_text(
        f"package_name_override: {pkg}\nproject_name_override: {pkg}\npost_hooks: []\n",
        encoding="utf-8",
    )
    py = sys.executable
    opc = _run(
        [
            *(py, "-m", "openapi_python_client", "generate", "--path", "spec.json"),
            *("--meta", "none", "--output-path", pkg, "--config", "cfg.yaml", "--overwrite"),
            *("--custom-template-path", str(ROOT / "templates/openapi-python-client")),
        ],
        work,
    )
    assert opc.returncode == 0, opc.stdout + opc.stderr
    dcg = _run(
        [
            *(py, "-m", "datamodel_code_generator", "--input", "spec.json"),
            *("--output", f"{pkg}/schemas.py", *DCG_ARGS),
        ],
        work,
    )
    assert dcg.returncode == 0, dcg.stdout + dcg.stderr
    ruff = [py, "-m", "ruff"]
    common = ["--isolated", "--no-cache", "--line-length", "100", "--target-version", "py311"]
    _run([*ruff, "check", *common, "--fix-only", "--select", "I,F401", "--exit-zero", pkg], work)
    _run([*ruff, "format", *common, pkg], work)

    out = Outcome(
        # The vendor's count: operations under a method the generators lack count too.
        operations=sum(
            1
            for item in (doc.get("paths") or {}).values()
            for method in [*item, *(item.get(UNSUPPORTED_METHODS_KEY) or {})]
            if method in HTTP_METHODS or method not in item
        ),
        generated=sum(1 for p in (work / pkg / "api").rglob("*.py") if p.name != "__init__.py"),
        dropped=[f"{m} {p}" for m, p in _DROPPED.findall(opc.stdout + opc.stderr)]
        + [
            f"{method.upper()} {path}: a method OpenAPI 3.0/3.1 lacks"
            for path, item in (doc.get("paths") or {}).items()
            for method in item.get(UNSUPPORTED_METHODS_KEY) or {}
        ],
        opc_output=(opc.stdout + opc.stderr).strip(),
        touched={k: len(v) for k, v in touched.items() if v},
    )
    mypy = _run(
        [
            *(py, "-m", "mypy", "--strict", "--python-version", "3.11", "--no-incremental"),
            *("--cache-dir", str(work / ".mypy_cache"), pkg),
        ],
        work,
    )
    out.mypy, out.mypy_ok = (mypy.stdout + mypy.stderr).strip(), mypy.returncode == 0
    modules = sorted(
        ".".join(p.relative_to(work).with_suffix("").parts).removesuffix(".__init__")
        for p in (work / pkg).rglob("*.py")
    )
    code = f"import importlib\nfor m in {modules!r}:\n    importlib.import_module(m)\n"
    imported = _run([py, "-c", code], work)
    out.imports = (imported.stdout + imported.stderr).strip()[-2000:]
    out.imports_ok = imported.returncode == 0 and f"{pkg}.schemas" in modules
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", SPECS)
def test_corpus_spec_generates_imports_and_type_checks(name: str, tmp_path: Path) -> None:
    out = generate_corpus_spec(name, tmp_path)
    assert out.imports_ok, out.imports
    assert out.mypy_ok, out.mypy
    assert out.operations > 0
    # Every operation opc drops is named in its output, and most are kept.
    assert out.generated + len(out.dropped) == out.operations, out.opc_output
    assert out.generated >= 0.9 * out.operations, out.dropped


if __name__ == "__main__":
    import tempfile

    for spec in sys.argv[1:] or SPECS:
        with tempfile.TemporaryDirectory() as tmp:
            result = generate_corpus_spec(spec, Path(tmp))
        print(
            f"{spec}: {result.generated}/{result.operations} operations, dropped {result.dropped}, "
            f"rewrites {result.touched}, mypy {'ok' if result.mypy_ok else result.mypy[-300:]}, "
            f"imports {'ok' if result.imports_ok else result.imports[-300:]}"
        )
        print("\n".join(f"  opc: {line}" for line in result.opc_output.splitlines()[:40]))
