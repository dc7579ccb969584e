"""The build script: validate every spec, generate ``generated/``, or check it is current.

Run as ``python scripts/generate.py [--check]`` or ``imagejobs generate [--check]``.

Exit codes: 0 done (or up to date), 1 a spec, overlay or generator failed, 2 usage or toolchain
problem, 3 ``--check`` found ``generated/`` out of date, 4 ``--fail-on`` found a spec change at
or above its level (nothing is written).

For each entry of ``specs/codegen.yaml`` it writes ``generated/<prefix><name>/``: the
openapi-python-client package, ``schemas.py`` (pydantic v2 models from datamodel-code-generator)
and ``openapi.json`` (the effective spec, overlays applied). ``generated/MANIFEST.json`` records the
inputs' hashes and the tool versions. Output is built in a temporary directory beside
``generated/`` and swapped in only when every spec succeeded.
"""

from __future__ import annotations

import argparse
import difflib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, TextIO

import yaml

from .config import CodegenConfig, SpecEntry, load_config
from .problems import Finding, SpecProblem
from .specload import LoadedSpec, check, load_spec, operations

EXIT_OK, EXIT_BAD_SPEC, EXIT_USAGE, EXIT_DRIFT = 0, 1, 2, 3
EXIT_API_CHANGE = 4  # --fail-on found a spec change at or above its level
FIX_COMMAND = "python scripts/generate.py"
MANIFEST = "MANIFEST.json"
# The generators and the formatter; their exact versions are pinned in pyproject's `codegen` extra.
TOOLS = ("openapi-python-client", "datamodel-code-generator", "ruff")
# A change to this file, or to how specs are loaded and overlaid (specload) or configured
# (config), can change the output, so their hash is one of every package's inputs.
SCRIPT_SHA256 = hashlib.sha256(
    b"".join(
        (Path(__file__).parent / m).read_bytes()
        for m in ("generate.py", "specload.py", "config.py")
    )
).hexdigest()
LINE_LENGTH = "100"


class ToolchainError(Exception):
    """The generator toolchain is missing or not the pinned version."""


@dataclass
class Plan:
    """What one spec needs, and what it came out as."""

    name: str
    entry: SpecEntry
    package: str
    inputs_sha256: str = ""
    spec: LoadedSpec | None = None
    warnings: list[Finding] = field(default_factory=list)
    reused: bool = False
    files: dict[str, str] = field(default_factory=dict)


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def pinned_versions(root: Path) -> dict[str, str]:
    """The ``==`` pins of the codegen tools in pyproject's ``codegen`` extra."""
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ToolchainError(f"cannot read pyproject.toml: {exc}") from None
    extra = project.get("project", {}).get("optional-dependencies", {}).get("codegen", [])
    pins: dict[str, str] = {}
    for requirement in extra:
        name, sep, version = requirement.partition("==")
        if sep:
            pins[name.strip().lower()] = version.strip()
    return pins


def installed_versions(root: Path) -> dict[str, str]:
    """Installed tool versions, verified against the pins (output must not depend on the machine)."""
    pins = pinned_versions(root)
    versions: dict[str, str] = {}
    wrong: list[str] = []
    for tool in TOOLS:
        try:
            versions[tool] = metadata.version(tool)
        except metadata.PackageNotFoundError:
            wrong.append(f"{tool} is not installed")
            continue
        if tool not in pins:
            wrong.append(f"{tool} has no == pin in pyproject's codegen extra")
        elif pins[tool] != versions[tool]:
            wrong.append(f"{tool} {versions[tool]} is installed, pyproject pins {pins[tool]}")
    if wrong:
        raise ToolchainError(
            "; ".join(wrong) + ". Install the pinned toolchain: pip install -e '.[codegen]'"
        )
    return versions


def _tree_sha256(directory: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        digest.update(
            path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
        )
    return digest.hexdigest()


def _inputs_sha256(
    root: Path, entry: SpecEntry, versions: dict[str, str], templates: str, prefix: str
) -> str:
    digest = hashlib.sha256()
    for rel in [entry.spec, *entry.overlays]:
        digest.update(rel.encode() + b"\0" + (root / rel).read_bytes() + b"\0")
    digest.update(
        json.dumps(
            {
                "entry": entry.model_dump(),
                "tools": versions,
                "templates": templates,
                "prefix": prefix,
                "script": SCRIPT_SHA256,
            },
            sort_keys=True,
        ).encode()
    )
    return digest.hexdigest()


def header_for(entry: SpecEntry) -> str:
    """Line 1 of every generated Python file."""
    sources = " + ".join([entry.spec, *entry.overlays])
    return f"# Generated from {sources} by scripts/generate.py. Do not edit; change the spec or templates/ and rerun.\n"


# --- running the generators -------------------------------------------------------------------


def _run(cmd: list[str], cwd: Path, what: str, spec_path: str) -> str:
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, check=False)
    output = (proc.stdout + proc.stderr).strip()
    if proc.returncode != 0:
        tail = "\n".join(output.splitlines()[-15:])
        raise SpecProblem(spec_path, 0, f"{what} failed (exit {proc.returncode}):\n{tail}")
    return output


def _generate_one(root: Path, config: CodegenConfig, plan: Plan, out: Path, work: Path) -> None:
    """Run both generators for one spec into ``out/<package>``."""
    assert plan.spec is not None
    spec_dir = work / plan.name
    spec_dir.mkdir()
    effective = spec_dir / "openapi.json"
    effective_text = json.dumps(plan.spec.doc, indent=2, ensure_ascii=False) + "\n"
    effective.write_text(effective_text, encoding="utf-8")

    opc_config = spec_dir / "opc.yaml"
    opc_config.write_text(
        yaml.safe_dump(
            {
                "package_name_override": plan.package,
                "project_name_override": plan.package,
                "class_overrides": plan.entry.class_overrides,
                "post_hooks": [],  # we format the whole tree once, with the pinned ruff and fixed settings
            },
            sort_keys=True,
        ),
        encoding="utf-8",
    )
    package_dir = out / plan.package
    output = _run(
        [
            sys.executable,
            "-m",
            "openapi_python_client",
            "generate",
            "--path",
            str(effective),
            "--meta",
            "none",
            "--output-path",
            str(package_dir),
            "--config",
            str(opc_config),
            "--custom-template-path",
            str(root / config.templates_dir / "openapi-python-client"),
            "--fail-on-warning",
            "--overwrite",
        ],
        spec_dir,
        "openapi-python-client",
        plan.entry.spec,
    )
    lowered = output.lower()
    if "will not be generated" in lowered or "will be omitted" in lowered or "warning" in lowered:
        raise SpecProblem(
            plan.entry.spec, 0, f"openapi-python-client dropped part of the spec:\n{output}"
        )

    _run(
        [
            sys.executable,
            "-m",
            "datamodel_code_generator",
            "--input",
            str(effective),
            "--input-file-type",
            "openapi",
            "--output",
            str(package_dir / "schemas.py"),
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
            # Vendor specs: a default on a field typed by an enum or a constrained number is written
            # as the enum member / inside the inlined type, not as a str/int mypy rejects.
            "--deserialize-default-values",
            "enum",
            "--collapse-root-models",
            # Evaluated annotations make --keep-model-order put a model after the enum its
            # default names (otherwise NameError on import).
            "--disable-future-imports",
            # An enum member named after a str method (`center`) is renamed (`center_`).
            "--use-subclass-enum",
            # `format: email` is a str: EmailStr needs email-validator, which we do not ship.
            "--type-mappings",
            "email=string",
            "idn-email=string",
            "--custom-file-header",
            "# header replaced by scripts/generate.py",
            "--no-formatters",
        ],
        spec_dir,
        "datamodel-code-generator",
        plan.entry.spec,
    )
    (package_dir / "openapi.json").write_text(effective_text, encoding="utf-8")
    (package_dir / "py.typed").write_text(
        "", encoding="utf-8"
    )  # PEP 561: users type-check against it


def _format(out: Path, packages: list[str]) -> None:
    """Format generated code with the pinned ruff, ignoring any ruff config of the caller."""
    targets = [str(out / p) for p in packages]
    if not targets:
        return
    ruff = [sys.executable, "-m", "ruff"]
    common = ["--isolated", "--no-cache", "--line-length", LINE_LENGTH, "--target-version", "py311"]
    _run(
        [*ruff, "check", *common, "--fix-only", "--select", "I,F401", "--exit-zero", *targets],
        out,
        "ruff check --fix",
        "generated/",
    )
    _run([*ruff, "format", *common, *targets], out, "ruff format", "generated/")


def _stamp(package_dir: Path, header: str) -> dict[str, str]:
    """Put the header on line 1 of each .py file; return every file's sha256."""
    files: dict[str, str] = {}
    for path in sorted(p for p in package_dir.rglob("*") if p.is_file()):
        if "__pycache__" in path.parts:
            path.unlink()
            continue
        if path.suffix == ".py":
            text = path.read_text(encoding="utf-8")
            lines = text.splitlines(keepends=True)
            if lines and lines[0].startswith("# header replaced by scripts/generate.py"):
                lines = lines[1:]
            text = header + "".join(lines)
            path.write_text(text, encoding="utf-8")
        rel = path.relative_to(package_dir.parent).as_posix()
        files[rel] = _sha256(path.read_bytes())
    return files


# --- the build --------------------------------------------------------------------------------


@dataclass
class BuildResult:
    """What a build produced, for printing and for tests."""

    plans: list[Plan]
    tree: Path
    manifest: dict[str, Any]
    changed: bool


def _read_manifest(generated: Path) -> dict[str, Any]:
    try:
        data = json.loads((generated / MANIFEST).read_text(encoding="utf-8"))
        return data if isinstance(data, dict) else {}
    except (OSError, ValueError):
        return {}


def _reusable(generated: Path, old: dict[str, Any], plan: Plan) -> bool:
    """True when the committed package was made from the same inputs and was not hand-edited."""
    entry = (old.get("specs") or {}).get(plan.name) or {}
    if entry.get("inputs_sha256") != plan.inputs_sha256 or not entry.get("files"):
        return False
    on_disk = {
        p.relative_to(generated).as_posix()
        for p in (generated / plan.package).rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }
    if on_disk != set(entry["files"]):
        return False
    return all(
        _sha256((generated / rel).read_bytes()) == sha for rel, sha in entry["files"].items()
    )


def validate_all(
    root: Path, config: CodegenConfig, names: Sequence[str] | None = None
) -> list[Plan]:
    """Load, overlay, validate and lint every spec; raise one SpecProblem with all errors."""
    plans: list[Plan] = []
    errors: list[Finding] = []
    for name, entry in config.specs.items():
        if names and name not in names:
            continue
        plan = Plan(name=name, entry=entry, package=config.package(name))
        try:
            plan.spec = load_spec(
                root, name, entry.spec, vendor=entry.vendor, overlays=entry.overlays
            )
        except SpecProblem as exc:
            errors += exc.findings
            continue
        findings = check(plan.spec)
        errors += [f for f in findings if f.severity == "error"]
        plan.warnings = [f for f in findings if f.severity == "warning"]
        plans.append(plan)
    if errors:
        raise SpecProblem.of(errors)
    return plans


def build(root: Path, out: Path, *, incremental: bool = True) -> BuildResult:
    """Generate every spec into ``out`` (a fresh directory). Reuses unchanged packages."""
    config = load_config(root)
    versions = installed_versions(root)
    templates = _tree_sha256(root / config.templates_dir)
    generated = root / config.generated_dir
    old = _read_manifest(generated)
    plans = validate_all(root, config)
    for plan in plans:
        plan.inputs_sha256 = _inputs_sha256(
            root, plan.entry, versions, templates, config.package_prefix
        )
        plan.reused = incremental and _reusable(generated, old, plan)

    out.mkdir(parents=True, exist_ok=True)
    to_build = [p for p in plans if not p.reused]
    with tempfile.TemporaryDirectory(prefix="imagejobs-gen-work-") as work_dir:
        work = Path(work_dir)
        # Two generators per spec, each a separate process: run the specs side by side.
        with ThreadPoolExecutor(
            max_workers=max(1, min(len(to_build), os.cpu_count() or 2))
        ) as pool:
            futures = [pool.submit(_generate_one, root, config, p, out, work) for p in to_build]
            problems: list[Finding] = []
            for future in futures:
                try:
                    future.result()
                except SpecProblem as exc:
                    problems += exc.findings
        if problems:
            raise SpecProblem.of(problems)
    _format(out, [p.package for p in to_build])
    for plan in plans:
        if plan.reused:
            shutil.copytree(generated / plan.package, out / plan.package)
            plan.files = dict(old["specs"][plan.name]["files"])
        else:
            plan.files = _stamp(out / plan.package, header_for(plan.entry))

    manifest = {
        "generated_by": "scripts/generate.py",
        "note": "Do not edit generated/ by hand; change specs/ or templates/ and rerun scripts/generate.py.",
        "tools": versions,
        "templates_sha256": templates,
        "specs": {
            p.name: {
                "spec": p.entry.spec,
                "spec_sha256": _sha256((root / p.entry.spec).read_bytes()),
                "overlays": {o: _sha256((root / o).read_bytes()) for o in p.entry.overlays},
                "vendor": p.entry.vendor,
                "package": p.package,
                "inputs_sha256": p.inputs_sha256,
                "files": p.files,
            }
            for p in plans
        },
    }
    (out / MANIFEST).write_text(
        json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    changed = not all(p.reused for p in plans) or _read_manifest(generated) != manifest
    return BuildResult(plans=plans, tree=out, manifest=manifest, changed=changed)


def swap_in(tree: Path, generated: Path) -> None:
    """Replace ``generated`` by ``tree`` with two renames on one filesystem."""
    old = generated.with_name(generated.name + ".old")
    if old.exists():
        shutil.rmtree(old)
    if generated.exists():
        generated.rename(old)
    tree.rename(generated)
    if old.exists():
        shutil.rmtree(old)


def compare_trees(expected: Path, actual: Path) -> tuple[list[str], list[str], list[str]]:
    """(changed, missing from actual, extra in actual), as paths relative to the trees."""

    def files(d: Path) -> dict[str, Path]:
        if not d.exists():
            return {}
        return {
            p.relative_to(d).as_posix(): p
            for p in d.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")
        }

    want, have = files(expected), files(actual)
    changed = sorted(
        k for k in want.keys() & have.keys() if want[k].read_bytes() != have[k].read_bytes()
    )
    return changed, sorted(want.keys() - have.keys()), sorted(have.keys() - want.keys())


# --- command line -----------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Validate specs/ and generate generated/ (see specs/codegen.yaml).",
        epilog="exit codes: 0 ok, 1 bad spec or generator failure, 2 usage/toolchain, 3 --check found drift,"
        " 4 --fail-on found a breaking (or warning) API change",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 3 if generated/ is not what the specs produce",
    )
    parser.add_argument(
        "--diff", action="store_true", help="with --check, show a unified diff of what differs"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="regenerate every spec even if its inputs did not change",
    )
    parser.add_argument(
        "--validate-only", action="store_true", help="validate and lint the specs, generate nothing"
    )
    parser.add_argument(
        "--root", type=Path, default=None, help="repository root (default: the current checkout)"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "warning"),
        help="exit 4, writing nothing, if a spec changed in a way of this class since the last generation",
    )
    parser.add_argument(
        "--report",
        choices=("text", "json", "markdown"),
        default="text",
        help="format of the per-spec API change report (default: text)",
    )
    return parser


def find_root(start: Path) -> Path:
    """The nearest directory at or above ``start`` with specs/codegen.yaml."""
    for candidate in [start, *start.parents]:
        if (candidate / "specs" / "codegen.yaml").is_file():
            return candidate
    return start


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Entry point shared by scripts/generate.py and ``imagejobs generate``."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    root = (args.root or find_root(Path.cwd())).resolve()

    def say(message: str) -> None:
        if not args.quiet:
            print(message, file=out)

    started = time.perf_counter()
    try:
        config = load_config(root)
        if args.validate_only:
            plans = validate_all(root, config)
            for plan in plans:
                for warning in plan.warnings:
                    print(warning, file=err)
                say(f"valid: {plan.entry.spec} ({_operation_count(plan)} operations)")
            return EXIT_OK
        generated = root / config.generated_dir
        tmp_parent = Path(tempfile.mkdtemp(prefix=".generated-tmp-", dir=root))
        try:
            result = build(
                root, tmp_parent / "generated", incremental=not (args.force or args.check)
            )
            for plan in result.plans:
                for warning in plan.warnings:
                    print(warning, file=err)
            # What each spec change does to users of the generated clients, against the
            # effective spec recorded in the committed package (generated/<pkg>/openapi.json).
            from .diff import report_changes, violates

            reports = report_changes(
                root, config, result.plans, generated, out=out, fmt=args.report
            )
            if violates(reports, args.fail_on):
                print(
                    f"API change at or above --fail-on {args.fail_on}; generated/ was not changed",
                    file=err,
                )
                return EXIT_API_CHANGE
            if args.check:
                return _report_check(
                    result, generated, show_diff=args.diff, out=out, err=err, started=started
                )
            for plan in result.plans:
                what = "unchanged" if plan.reused else "generated"
                say(
                    f"valid: {plan.entry.spec} ({_operation_count(plan)} operations) -> {what} {config.generated_dir}/{plan.package}"
                )
            if result.changed:
                swap_in(result.tree, generated)
                say(f"wrote {config.generated_dir}/ in {time.perf_counter() - started:.1f}s")
            else:
                say(f"{config.generated_dir}/ is up to date ({time.perf_counter() - started:.1f}s)")
            return EXIT_OK
        finally:
            shutil.rmtree(tmp_parent, ignore_errors=True)
    except SpecProblem as exc:
        for finding in exc.findings:
            print(finding, file=err)
        print(
            f"generation failed: {len(exc.findings)} problem(s); generated/ was not changed",
            file=err,
        )
        return EXIT_BAD_SPEC
    except ToolchainError as exc:
        print(f"error: {exc}", file=err)
        return EXIT_USAGE


def _operation_count(plan: Plan) -> int:
    assert plan.spec is not None
    return sum(1 for _ in operations(plan.spec.doc))


def _report_check(
    result: BuildResult,
    generated: Path,
    *,
    show_diff: bool,
    out: TextIO,
    err: TextIO,
    started: float,
) -> int:
    changed, missing, extra = compare_trees(result.tree, generated)
    if not (changed or missing or extra):
        print(
            f"generated/ is up to date with specs/ ({time.perf_counter() - started:.1f}s)", file=out
        )
        return EXIT_OK
    print(
        f"generated/ is out of date: {len(changed)} changed, {len(missing)} missing, {len(extra)} unexpected file(s)",
        file=err,
    )
    for tag, names in (("M", changed), ("A", missing), ("D", extra)):
        for name in names[:20]:
            print(f"  {tag} generated/{name}", file=err)
        if len(names) > 20:
            print(f"  ... and {len(names) - 20} more", file=err)
    if show_diff:
        for name in changed:
            a = (
                (generated / name)
                .read_text(encoding="utf-8", errors="replace")
                .splitlines(keepends=True)
            )
            b = (
                (result.tree / name)
                .read_text(encoding="utf-8", errors="replace")
                .splitlines(keepends=True)
            )
            err.writelines(
                difflib.unified_diff(
                    a, b, f"generated/{name} (committed)", f"generated/{name} (from specs)"
                )
            )
    print(f"fix: run `{FIX_COMMAND}` and commit generated/", file=err)
    return EXIT_DRIFT
