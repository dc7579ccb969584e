"""Running the two generators and the formatter, each in its own process with a time limit.

openapi-python-client makes the client, datamodel-code-generator the pydantic models
(``schemas.py``), the pinned ruff formats both. What a generator leaves out is parsed from its
output into :class:`Dropped` entries, so the pipeline can name every lost operation.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .problems import GeneratorError

__all__ = [
    "GENERATOR_SECONDS",
    "HEADER_PLACEHOLDER",
    "Dropped",
    "OpcResult",
    "format_paths",
    "format_tree",
    "generated_operations",
    "run_dcg",
    "run_opc",
]

GENERATOR_SECONDS = float(os.environ.get("IMAGEJOBS_GENERATOR_SECONDS", "300"))
LINE_LENGTH = "100"
HEADER_PLACEHOLDER = "# header replaced by scripts/generate.py"

# datamodel-code-generator's flags, chosen so our three packages come out as they always have.
DCG_FLAGS = (
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
    # Vendor specs: a default on a field typed by an enum or a constrained number is written as
    # the enum member / inside the inlined type, not as a str/int mypy rejects.
    "--deserialize-default-values",
    "enum",
    "--collapse-root-models",
    # Evaluated annotations make --keep-model-order put a model after the enum its default
    # names (otherwise NameError on import).
    "--disable-future-imports",
    # An enum member named after a str method (`center`) is renamed (`center_`).
    "--use-subclass-enum",
    # `format: email` is a str: EmailStr needs email-validator, which a plain install lacks, and
    # one odd but real address from a vendor would fail the whole response.
    "--type-mappings",
    "email=string",
    "idn-email=string",
    # Never fetch a $ref over the network (lint already refuses one; this is the second lock).
    "--no-allow-remote-refs",
    "--custom-file-header",
    HEADER_PLACEHOLDER,
    "--no-formatters",
)


@dataclass(frozen=True)
class Dropped:
    """Something a generator left out: an operation (method and path) or another piece."""

    method: str
    path: str
    reason: str
    detail: str = ""
    module: str = ""
    """The generated module that was dropped, when the operation was generated but broken."""

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}" if self.method else self.path


@dataclass(frozen=True)
class OpcResult:
    """What openapi-python-client reported, sorted into three kinds.

    Endpoints it left out, schemas it could not process, and its other warnings (one line each).
    """

    dropped: list[Dropped]
    schemas: dict[str, str]
    """``/components/schemas/X`` (or a name it made, ``X_type_1``) -> why it was not processed."""
    other_warnings: list[str]


def _run(cmd: list[str], cwd: Path, what: str, spec_path: str, seconds: float) -> str:
    try:
        proc = subprocess.run(
            cmd, cwd=cwd, capture_output=True, text=True, check=False, timeout=seconds
        )
    except subprocess.TimeoutExpired:
        raise GeneratorError(
            spec_path,
            0,
            f"{what} did not finish within {seconds:g} s "
            "(set IMAGEJOBS_GENERATOR_SECONDS to allow longer)",
        ) from None
    output = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        lines = [line for line in output.splitlines() if line.strip()]
        # The tool's own error is usually the last lines; a Python traceback's last line says it.
        tail = "\n  ".join(lines[-12:]) or "(no output)"
        raise GeneratorError(spec_path, 0, f"{what} failed (exit {proc.returncode}):\n  {tail}")
    return output


def run_opc(
    spec_file: Path,
    package: str,
    out_dir: Path,
    *,
    templates: Path,
    class_overrides: dict[str, dict[str, str]],
    spec_path: str,
    work: Path,
    seconds: float = GENERATOR_SECONDS,
) -> OpcResult:
    """openapi-python-client into ``out_dir``; what it dropped, parsed from its warnings."""
    config = work / "opc.yaml"
    config.write_text(
        yaml.safe_dump(
            {
                "package_name_override": package,
                "project_name_override": package,
                "class_overrides": class_overrides,
                "post_hooks": [],  # one ruff pass over the whole tree, with fixed settings
            },
            sort_keys=True,
        ),
        encoding="utf-8",
    )
    from .sanitize import TAKEN_BY_ENDPOINTS, TAKEN_IN_PYTHON

    errors = work / "opc-errors.json"
    settings = {
        "names": sorted(TAKEN_IN_PYTHON),
        "parameters": sorted(TAKEN_BY_ENDPOINTS),
        "errors": str(errors),
    }
    try:
        _run(
            [
                sys.executable, str(Path(__file__).with_name("_opc_run.py")),
                json.dumps(settings), "generate",
                "--path", str(spec_file),
                "--meta", "none",
                "--output-path", str(out_dir),
                "--config", str(config),
                "--custom-template-path", str(templates),
                "--overwrite",
            ],
            work, "openapi-python-client", spec_path, seconds,
        )  # fmt: skip
    except GeneratorError:
        records = _records(errors)
        if records:  # the document as a whole was refused: say why, from its own words
            detail = "; ".join(_one_line(r["detail"] or r["header"]) for r in records[:5])
            raise GeneratorError(
                spec_path, 0, f"openapi-python-client refused the whole document: {detail}"
            ) from None
        raise
    return parse_opc_errors(_records(errors))


def _records(path: Path) -> list[dict[str, str]]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [r for r in data if isinstance(r, dict)] if isinstance(data, list) else []


def _one_line(text: str, limit: int = 400) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


_ENDPOINT = re.compile(
    r"^WARNING parsing (\w+) (\S+) within .*?\.( Endpoint will not be generated\.)?$"
)
_SCHEMA = re.compile(r"^Unable to (?:process|parse) schema (\S+?):?$")


def parse_opc_errors(records: list[dict[str, str]]) -> OpcResult:
    """Sort openapi-python-client's warnings: dropped endpoints, failed schemas, the rest."""
    dropped: list[Dropped] = []
    schemas: dict[str, str] = {}
    other: list[str] = []
    for record in records:
        header = " ".join(str(record.get("header", "")).split())
        # The removed schema is named where the finding points; its boilerplate says no more.
        detail = _one_line(
            str(record.get("detail", "")).split("Failure to process schema has resulted")[0]
        )
        endpoint = _ENDPOINT.match(header)
        schema = _SCHEMA.match(header)
        if endpoint and endpoint.group(3):
            dropped.append(
                Dropped(endpoint.group(1).upper(), endpoint.group(2), detail or "no reason given")
            )
        elif endpoint:
            other.append(f"{endpoint.group(1).upper()} {endpoint.group(2)}: {detail}")
        elif schema:
            schemas[schema.group(1)] = detail or "no reason given"
        else:
            other.append(f"{header.rstrip(':')}: {detail}" if detail else header)
    return OpcResult(dropped, schemas, other)


def run_dcg(
    spec_file: Path,
    output: Path,
    *,
    spec_path: str,
    work: Path,
    extra_flags: tuple[str, ...] = (),
    seconds: float = GENERATOR_SECONDS,
) -> None:
    """datamodel-code-generator's pydantic models into ``output``."""
    _run(
        [sys.executable, "-m", "datamodel_code_generator", "--input", str(spec_file),
         "--output", str(output), *DCG_FLAGS, *extra_flags],
        work, "datamodel-code-generator", spec_path, seconds,
    )  # fmt: skip


def format_tree(out: Path, packages: list[str], seconds: float = GENERATOR_SECONDS) -> None:
    """Format generated code with the pinned ruff, ignoring any ruff config of the caller."""
    format_paths([out / p for p in packages], out, seconds)


def format_paths(targets: list[Path], cwd: Path, seconds: float = GENERATOR_SECONDS) -> None:
    """Format these folders or files with the pinned ruff (imports sorted, unused ones dropped)."""
    if not targets:
        return
    names = [str(t) for t in targets]
    ruff = [sys.executable, "-m", "ruff"]
    common = ["--isolated", "--no-cache", "--line-length", LINE_LENGTH, "--target-version", "py311"]
    _run([*ruff, "check", *common, "--fix-only", "--select", "I,F401", "--exit-zero", *names],
         cwd, "ruff check --fix", "generated/", seconds)  # fmt: skip
    _run([*ruff, "format", *common, *names], cwd, "ruff format", "generated/", seconds)


def generated_operations(package_dir: Path) -> int:
    """Endpoint modules opc wrote (one per generated operation)."""
    api = package_dir / "api"
    if not api.is_dir():
        return 0
    return sum(1 for p in api.rglob("*.py") if p.name != "__init__.py")


def write_json(path: Path, doc: Any) -> str:
    """Write ``doc`` as the effective spec; return the text (deterministic: insertion order)."""
    text = json.dumps(doc, indent=2, ensure_ascii=False) + "\n"
    path.write_text(text, encoding="utf-8")
    return text
