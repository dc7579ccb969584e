"""The pipeline: specs in, a complete ``generated/`` tree out, or nothing changed.

For each entry of ``specs/codegen.yaml``: load (Swagger 2.0 converted, overlays applied), strip
what a spec may not steer, apply the entry's normalizations, set aside methods the generators do
not know, lint, validate, then run both generators into a temporary tree. The tree is swapped in
only when every spec succeeded; ``--check`` compares it instead.
"""

from __future__ import annotations

import copy
import gc
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import describe, generators, manifest, safety, sanitize, selection
from . import modules as checks
from .config import CONFIG_PATH, CodegenConfig, SpecEntry
from .lint import lint
from .problems import Finding, GeneratorError, Level, SpecProblem
from .selection import Selection
from .spec.document import LoadedSpec, load_spec
from .spec.pointer import to_str
from .spec.walk import NEWER_METHODS, operations
from .toolchain import installed_versions
from .validate import Validation, start_validation

__all__ = ["BuildResult", "Plan", "build", "compare_trees", "prepare", "swap_in"]

HEADER = (
    "# Generated from {sources} by scripts/generate.py. "
    "Do not edit; change the spec or templates/ and rerun.\n"
)


@dataclass
class Plan:
    """What one spec needs, and what it came out as."""

    name: str
    entry: SpecEntry
    package: str
    spec: LoadedSpec | None = None
    generation_doc: dict[str, Any] = field(default_factory=dict)
    """The effective spec minus what is set aside: what the generators read."""
    warnings: list[Finding] = field(default_factory=list)
    normalized: dict[str, int] = field(default_factory=dict)
    set_aside: list[generators.Dropped] = field(default_factory=list)
    dropped: list[generators.Dropped] = field(default_factory=list)
    operations_total: int = 0
    """Operations in the whole spec."""
    selection: Selection | None = None
    """What the entry's ``select:`` picked; None generates every operation."""
    operations_selected: int | None = None
    """How many operations ``select:`` picked (None: no selection); kept in the manifest."""
    operations_generated: int = 0
    inputs_sha256: str = ""
    reused: bool = False
    files: dict[str, str] = field(default_factory=dict)
    opc: generators.OpcResult | None = None
    """What openapi-python-client reported (dropped endpoints, schemas it could not process)."""
    lost_modules: list[checks.BadModule] = field(default_factory=list)
    validation: Validation | None = None
    """The validator, running beside the generators until :func:`finish_validation`."""
    package_modules: checks.Package | None = None
    """The new package's modules, parsed once for every check."""
    """Modules dropped that were not an operation's (a model, ``schemas.py``)."""

    @property
    def operations_wanted(self) -> int:
        """Operations the build should generate: the selected ones, or all."""
        return (
            self.operations_total if self.operations_selected is None else self.operations_selected
        )

    @property
    def header(self) -> str:
        return HEADER.format(sources=" + ".join([self.entry.spec, *self.entry.overlays]))


# --- before generation --------------------------------------------------------------------------


def prepare(
    root: Path,
    config: CodegenConfig,
    names: Sequence[str] | None = None,
    *,
    defer_validation: bool = False,
) -> list[Plan]:
    """Load, rewrite, lint and validate every spec; one SpecProblem with every error.

    With ``defer_validation`` the validator is left running (in its child process) for
    :func:`finish_validation` to collect, so it runs beside the generators.
    """
    plans: list[Plan] = []
    errors: list[Finding] = []
    for name, entry in config.specs.items():
        if names and name not in names:
            continue
        plan = Plan(name=name, entry=entry, package=config.package(name))
        try:
            findings = _prepare_one(root, plan, config.line_of)
        except SpecProblem as exc:
            errors += exc.findings
            continue
        errors += [f for f in findings if f.is_error]
        plan.warnings = [f for f in findings if not f.is_error]
        plans.append(plan)
    if errors:
        cancel_validation(plans)
        raise SpecProblem.of(errors)
    if not defer_validation:
        finish_validation(plans)
    return plans


def finish_validation(plans: Sequence[Plan]) -> None:
    """Collect the validators' findings into each plan; one SpecProblem with every error."""
    errors: list[Finding] = []
    try:
        for plan in plans:
            if plan.validation is None:
                continue
            try:
                findings = plan.validation.result()
            except SpecProblem as exc:
                errors += exc.findings
                continue
            finally:
                plan.validation = None
            if plan.selection is not None and plan.spec is not None:
                findings = selection.relevant(findings, plan.generation_doc, plan.spec.path)
            errors += [f for f in findings if f.is_error]
            plan.warnings += [f for f in findings if not f.is_error]
    finally:
        cancel_validation(plans)
    if errors:
        raise SpecProblem.of(errors, [w for p in plans for w in p.warnings])


def cancel_validation(plans: Sequence[Plan]) -> None:
    """Stop validators still running (something else failed first)."""
    for plan in plans:
        if plan.validation is not None:
            plan.validation.cancel()
            plan.validation = None


def _prepare_one(
    root: Path, plan: Plan, config_line: Callable[[tuple[str | int, ...]], int]
) -> list[Finding]:
    entry = plan.entry
    spec = load_spec(root, plan.name, entry.spec, vendor=entry.vendor, overlays=entry.overlays)
    plan.spec = spec
    findings = list(spec.load_findings)
    if entry.select is not None:
        # Before any rewrite: selectors name operationIds as the vendor wrote them.
        plan.selection = _select(spec, plan, config_line)
    findings += _strip(spec, Level.WARNING if entry.vendor else Level.ERROR)
    findings += sanitize.sanitize(spec)  # names and references the generators would mishandle
    plan.normalized = _normalize(spec, entry, findings)
    findings += lint(spec)
    plan.operations_total = sum(1 for _ in operations(spec.doc))
    chosen = spec.doc
    if plan.selection is not None:
        chosen = selection.prune(spec.doc, plan.selection.kept)
        findings = selection.relevant(findings, chosen, spec.path)
    if any(f.is_error and f.rule in ("ref-local", "ref-resolves", "paths") for f in findings):
        return findings  # the validator cannot read a document with broken references
    plan.generation_doc = _without_newer_methods(chosen, plan)
    plan.validation = start_validation(_view(spec, plan.generation_doc))
    return findings


def _strip(spec: LoadedSpec, level: Level) -> list[Finding]:
    """Remove what a spec may not steer or leak; a finding for each removal."""
    findings: list[Finding] = []
    for ptr in safety.strip_generator_keys(spec.doc):
        findings.append(
            spec.finding(
                ptr,
                f"`{ptr[-1]}` chooses Python code in the generated models; removed",
                level,
                "generator-keys",
            )
        )
    for ptr, ref in safety.strip_foreign_extension_refs(spec.doc):
        findings.append(
            spec.finding(
                ptr,
                f"vendor extension `{ptr[-1]}` holds $ref {ref!r} to another file; no generator"
                " reads extensions, so it was removed",
                level,
                "foreign-extension-ref",
            )
        )
    for ptr in safety.strip_credential_samples(spec.doc):
        findings.append(
            spec.finding(
                ptr,
                "a credential's sample value would be written into the generated models; removed",
                Level.WARNING,
                "credential-defaults",
            )
        )
    for ptr in safety.strip_credential_defaults(spec.doc):
        findings.append(
            spec.finding(
                ptr,
                "a credential's sample value would become a default argument; removed",
                Level.WARNING,
                "credential-defaults",
            )
        )
    return findings


def _select(
    spec: LoadedSpec, plan: Plan, config_line: Callable[[tuple[str | int, ...]], int]
) -> Selection:
    """The operations the entry's ``select:`` picks; SpecProblem for a selector that picks none."""
    assert plan.entry.select is not None
    picked = selection.match(
        spec.doc,
        plan.entry.select,
        config_file=CONFIG_PATH.as_posix(),
        line_of=lambda loc: config_line(("specs", plan.name, "select", *loc)),
        prefix=f"specs.{plan.name}.select",
        spec_path=spec.path,
    )
    if picked.errors:
        raise SpecProblem.of(picked.errors)
    plan.operations_selected = len(picked.kept)
    return picked


def _normalize(spec: LoadedSpec, entry: SpecEntry, findings: list[Finding]) -> dict[str, int]:
    from .normalize import DEFAULT_ENABLED, REWRITES, normalize

    unknown = sorted(set(entry.normalize) - set(REWRITES))
    if unknown:
        raise SpecProblem(
            "specs/codegen.yaml", 0,
            f"specs.{spec.name}.normalize: unknown normalization(s) {', '.join(unknown)}; known: {', '.join(REWRITES)}",
        )  # fmt: skip
    defaults = set(DEFAULT_ENABLED) if entry.vendor else set()
    enabled = [n for n in REWRITES if entry.normalize.get(n, n in defaults)]
    touched = normalize(spec.doc, enabled)
    counts: dict[str, int] = {}
    for name, pointers in touched.items():
        if pointers:
            counts[name] = len(pointers)
            first = spec.finding(pointers[0], "", Level.WARNING)
            findings.append(
                Finding(first.file, first.line,
                        f"normalized `{name}`: {REWRITES[name].summary} ({len(pointers)} place(s), first at {to_str(pointers[0]) or '/'})",
                        Level.WARNING, "", "normalize")
            )  # fmt: skip
    return counts


def _without_newer_methods(doc: dict[str, Any], plan: Plan) -> dict[str, Any]:
    """A copy without the operations no generator reads, each listed in ``plan.set_aside``."""
    newer = list(operations(doc, methods=NEWER_METHODS))
    if not newer:
        return doc
    out = copy.deepcopy(doc)
    for op in newer:
        plan.set_aside.append(
            generators.Dropped(
                op.method.upper(), op.path, "an OpenAPI 3.2 method; neither generator reads it"
            )
        )
        parent: Any = out
        for part in op.pointer[:-1]:
            parent = parent[part]
        del parent[op.method]
    return out


def _view(spec: LoadedSpec, doc: dict[str, Any]) -> LoadedSpec:
    """The same spec (lines, origin) over another document: what the validator should see."""
    view = copy.copy(spec)
    view.doc = doc
    return view


# --- generation -------------------------------------------------------------------------------


def _generate_one(
    root: Path, config: CodegenConfig, plan: Plan, out: Path, work_root: Path
) -> None:
    assert plan.spec is not None
    work = work_root / plan.name
    work.mkdir()
    effective = plan.spec.doc
    generators.write_json(work / "effective.json", effective)
    source = work / "openapi.json"
    generators.write_json(source, plan.generation_doc or effective)
    package_dir = out / plan.package
    # The two generators side by side (two processes; dcg is the longer on big specs), and the
    # client checked while the models are still being written. dcg writes beside the package:
    # opc's --overwrite replaces the package folder.
    with ThreadPoolExecutor(max_workers=1) as pool:
        models = pool.submit(
            generators.run_dcg, source, work / "schemas.py", spec_path=plan.entry.spec, work=work
        )
        try:
            plan.opc = generators.run_opc(
                source,
                plan.package,
                package_dir,
                templates=root / config.templates_dir / "openapi-python-client",
                class_overrides=plan.entry.class_overrides,
                spec_path=plan.entry.spec,
                work=work,
            )
            plan.dropped = list(plan.opc.dropped)
            shutil.copyfile(work / "effective.json", package_dir / "openapi.json")
            (package_dir / "py.typed").write_text("", encoding="utf-8")  # PEP 561
            _finish_client(plan, package_dir, out)
        finally:
            models.result()
        # The client's import probe (a child process, the longest check) runs while schemas.py
        # is checked, on the module list as it is now: the two never touch the same module.
        assert plan.package_modules is not None
        client = list(plan.package_modules.modules)
        probe = pool.submit(plan.package_modules.import_failures, out, client)
        try:
            shutil.copyfile(work / "schemas.py", package_dir / "schemas.py")
            _finish_models(plan, package_dir, out)
        finally:
            bad = probe.result()
    _import_client(plan, out, client, bad)
    plan.files = manifest.file_hashes(package_dir, package_dir.parent)
    plan.operations_generated = generators.generated_operations(package_dir)
    _judge_losses(plan)


def _finish_client(plan: Plan, package_dir: Path, out: Path) -> None:
    """Check and format the client (every module but schemas.py), one module at a time.

    Its import probe runs after, beside the models' checks (`_generate_one`, `_import_client`).
    """
    package = plan.package_modules = checks.Package(package_dir, plan.package, plan.header)
    _drop_modules(plan, package.parse())  # before ruff, which stops at the first such file
    _drop_modules(plan, package.audit())
    _drop_modules(plan, package.missing_imports())
    generators.format_paths([package_dir], out)  # the header, on line 1, stays there
    _drop_modules(plan, _invisible(package, list(package.modules)))


def _import_client(plan: Plan, out: Path, client: list[str], bad: list[checks.BadModule]) -> None:
    """Drop the client modules the first import probe blamed, and probe again until none fail."""
    package = plan.package_modules
    assert package is not None
    for _ in range(5):  # a drop can only uncover failures in modules that imported it
        if not bad:
            return
        _drop_modules(plan, bad)
        client = [rel for rel in client if rel in package.modules]
        bad = package.import_failures(out, client)


def _finish_models(plan: Plan, package_dir: Path, out: Path) -> None:
    """The same for datamodel-code-generator's one module, schemas.py (dropped alone if bad)."""
    package = plan.package_modules
    assert package is not None
    only = ["schemas.py"]
    bad = package.parse(only) or package.audit(only)
    if not bad:
        generators.format_paths([package_dir / "schemas.py"], out)
        bad = _invisible(package, only) or package.import_failures(out, only)
    _drop_modules(plan, bad)


def _judge_losses(plan: Plan) -> None:
    """Name every lost operation and model; fail when too many are lost (or any, for ours)."""
    assert plan.spec is not None
    spec = plan.spec
    level = Level.WARNING if plan.entry.vendor else Level.ERROR
    findings = _loss_findings(plan, level)
    total, kept = plan.operations_wanted, plan.operations_generated
    floor = plan.entry.min_operations
    wanted = (
        (floor * total if floor is not None and floor <= 1 else floor)
        if floor is not None
        else total / 2
    )
    if total and kept < wanted:
        why = f"min_operations: {floor:g}" if floor is not None else "more than half would be lost"
        which = "selected operations" if plan.operations_selected is not None else "operations"
        findings.append(
            spec.finding(
                (),
                f"only {kept} of {total} {which} generated ({why})",
                Level.ERROR,
                "min-operations",
            )
        )
    errors = [f for f in findings if f.is_error]
    plan.warnings += [f for f in findings if not f.is_error]
    if errors:
        raise GeneratorError.of(errors, plan.warnings)


def _loss_findings(plan: Plan, level: Level) -> list[Finding]:
    """One finding per lost operation (its root cause, a Fix where one applies) and model."""
    from . import losses
    from .normalize import DEFAULT_ENABLED

    assert plan.spec is not None
    spec = plan.spec
    doc = plan.generation_doc or spec.doc
    opc = plan.opc or generators.OpcResult([], {}, [])
    failed = losses.failed_components(doc, opc.schemas)
    defaults = set(DEFAULT_ENABLED) if plan.entry.vendor else set()
    enabled = set(plan.normalized) | {n for n in defaults if plan.entry.normalize.get(n, True)}
    enabled |= {n for n, on in plan.entry.normalize.items() if on}
    findings: list[Finding] = []
    for lost in [*plan.set_aside, *plan.dropped]:
        reason, fix = losses.explain(doc, lost, failed, enabled)
        if lost.module:
            reason += losses.model_cause(lost.module, failed)
        findings.append(
            spec.finding(
                ("paths", lost.path, lost.method.lower()),
                f"{lost.label}: not generated: {reason}" + (f". Fix: {fix}" if fix else ""),
                level,
                "dropped-operation",
            )
        )
    for module in plan.lost_modules:
        findings.append(
            spec.finding(
                (),
                f"{plan.package}/{module.rel} not generated: {module.reason}"
                + losses.model_cause(module.rel, failed),
                level,
                "dropped-module",
            )
        )
    findings += [
        spec.finding((), f"openapi-python-client: {warning}", level, "generator-warning")
        for warning in opc.other_warnings
    ]
    return findings


# --- the build --------------------------------------------------------------------------------


@dataclass
class BuildResult:
    """What a build produced, for printing and for tests."""

    plans: list[Plan]
    tree: Path
    manifest: dict[str, Any]
    changed: bool


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside: a big spec's build keeps millions of objects alive.

    The loaded spec's dicts and every generated module's syntax tree (thousands of modules on
    OpenAI's spec) are alive until the build ends, and each full collection walks them all
    again: with it, parsing and auditing OpenAI's generated package took 8 s, without it 2 s
    (bench/codegen.py). Neither makes reference cycles; what is freed is freed by reference
    counts as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            # Everything made meanwhile is still the youngest generation: the first collection
            # after enable() would walk it all (0.7 s on OpenAI's spec). Moved to the oldest
            # generation instead (freeze, then unfreeze), it waits for a full collection.
            gc.freeze()
            gc.enable()
            gc.unfreeze()


def build(
    root: Path,
    config: CodegenConfig,
    out: Path,
    *,
    incremental: bool = True,
    sources: dict[str, dict[str, Any]] | None = None,
) -> BuildResult:
    """Generate every spec into ``out`` (a fresh directory). Reuses unchanged packages.

    ``sources`` are what ``update`` fetched (URL, ETag, Last-Modified, sha256) by spec name, for
    the manifest; otherwise the committed manifest's record is kept while it still describes the
    spec file. The provider descriptions compile last, against the packages just built.
    """
    with _cyclic_gc_paused():
        return _build(root, config, out, incremental=incremental, sources=sources)


def _build(
    root: Path,
    config: CodegenConfig,
    out: Path,
    *,
    incremental: bool,
    sources: dict[str, dict[str, Any]] | None,
) -> BuildResult:
    versions = installed_versions(root)
    templates = manifest.tree_sha256(root / config.templates_dir)
    generated = root / config.generated_dir
    old = manifest.read_manifest(generated)
    # What is reused is decided from the inputs' hashes alone: an unchanged spec is not even read.
    plans = [Plan(name, entry, config.package(name)) for name, entry in config.specs.items()]
    for plan in plans:
        plan.inputs_sha256 = manifest.plan_inputs_sha256(root, config, plan, versions, templates)
        plan.reused = incremental and manifest.reusable(
            generated, old, plan.name, plan.package, plan.inputs_sha256
        )
        if plan.reused:
            _restore_counts(plan, old)
    providers = _Providers.plan(root, plans, generated, old, incremental)
    fresh = [p.name for p in plans if not p.reused]
    prepared = (
        {p.name: p for p in prepare(root, config, fresh, defer_validation=True)} if fresh else {}
    )
    for plan in prepared.values():
        plan.inputs_sha256 = manifest.plan_inputs_sha256(root, config, plan, versions, templates)
    plans = [prepared.get(p.name, p) for p in plans]

    out.mkdir(parents=True, exist_ok=True)
    to_build = [p for p in plans if not p.reused]
    try:
        # Our own specs' validator errors stop the build before anything runs (they are small);
        # a vendor file's findings are warnings, collected after the generators.
        finish_validation([p for p in to_build if not p.entry.vendor])
        _generate_all(root, config, to_build, out)
    except SpecProblem:
        cancel_validation(to_build)
        raise
    finish_validation(to_build)
    for plan in plans:
        if plan.reused:
            shutil.copytree(generated / plan.package, out / plan.package)
            plan.files = dict(old["specs"][plan.name]["files"])

    sources = manifest.sources_record(root, plans, old, sources)
    record = providers.build(root, plans, generated, out, old)  # the descriptions, compiled
    tree_manifest = manifest.build_manifest(root, plans, versions, templates, sources, record)
    (out / manifest.MANIFEST).write_text(
        json.dumps(tree_manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    changed = not all(p.reused for p in plans) or manifest.read_manifest(generated) != tree_manifest
    return BuildResult(plans=plans, tree=out, manifest=tree_manifest, changed=changed)


@dataclass
class _Providers:
    """What the build does with the provider descriptions (generated/imagejobs_providers)."""

    files: list[str]
    inputs: str
    reused: bool
    checked: list[describe.Checked]

    @classmethod
    def plan(
        cls, root: Path, plans: list[Plan], generated: Path, old: dict[str, Any], incremental: bool
    ) -> _Providers:
        """Decide reuse from hashes alone; otherwise check every description's keys now.

        Before any generator runs, so a typo in a description fails in milliseconds.
        """
        files = manifest.description_files(root)
        inputs = manifest.providers_inputs_sha256(root, files, plans)
        reused = incremental and manifest.providers_reusable(
            generated, old.get("providers"), inputs
        )
        checked = describe.check(root, [p.name for p in plans]) if files and not reused else []
        return cls(files, inputs, reused, checked)

    def build(
        self, root: Path, plans: list[Plan], generated: Path, out: Path, old: dict[str, Any]
    ) -> dict[str, Any] | None:
        """Compile into ``out`` (or copy the committed package); the manifest's record."""
        if not self.files:
            return None
        if self.reused:
            shutil.copytree(
                generated / manifest.PROVIDERS_PACKAGE, out / manifest.PROVIDERS_PACKAGE
            )
            return dict(old["providers"])
        by_name = {p.name: p for p in plans}
        warnings = describe.compile_all(
            self.checked, lambda name: _spec_view(by_name[name], out), out
        )
        for entry, finding in warnings:
            by_name[entry].warnings.append(finding)
        return manifest.providers_record(root, self.files, self.inputs, out)


def _spec_view(plan: Plan, out: Path) -> describe.SpecView:
    """The entry's effective spec: in memory when it was just built, else its openapi.json."""
    if plan.spec is not None:
        doc = plan.spec.doc
    else:  # a reused package: the effective spec it was generated from, written beside it
        doc = json.loads((out / plan.package / "openapi.json").read_text(encoding="utf-8"))
    return describe.SpecView(plan.name, plan.package, plan.entry.spec, doc)


def _generate_all(root: Path, config: CodegenConfig, to_build: list[Plan], out: Path) -> None:
    """Run both generators for every plan, side by side; one GeneratorError with every problem."""
    with tempfile.TemporaryDirectory(prefix="imagejobs-gen-work-") as work_dir:
        problems: list[Finding] = []
        warnings: list[Finding] = []
        # Two generators per spec, each a separate process: run the specs side by side.
        with ThreadPoolExecutor(
            max_workers=max(1, min(len(to_build), os.cpu_count() or 2))
        ) as pool:
            futures = [
                pool.submit(_generate_one, root, config, p, out, Path(work_dir)) for p in to_build
            ]
            for future in futures:
                try:
                    future.result()
                except SpecProblem as exc:
                    problems += exc.findings
                    warnings += exc.warnings
        if problems:
            raise GeneratorError.of(problems, warnings)


def _invisible(package: checks.Package, rels: list[str]) -> list[checks.BadModule]:
    """Escape control and bidi characters in strings and comments; where impossible, the module."""
    bad: list[checks.BadModule] = []
    for rel in rels:
        why = checks.escape_invisible(package.dir / rel)
        if why is not None:
            bad.append(checks.BadModule(rel, why))
    return bad


def _drop_modules(plan: Plan, bad: list[checks.BadModule]) -> None:
    """Delete broken modules, each named as a lost operation or model; core ones fail the build."""
    assert plan.spec is not None
    assert plan.package_modules is not None
    core = [b for b in bad if checks.is_core(b.rel)]
    if core:
        raise GeneratorError.of(
            plan.spec.finding((), f"{plan.package}/{b.rel}: {b.reason}", Level.ERROR, "module")
            for b in core
        )
    for b in plan.package_modules.drop(bad):
        if b.operation is None:
            plan.lost_modules.append(b)
            continue
        method, template = b.operation
        path = next(
            (op.path for op in operations(plan.spec.doc) if op.method.upper() == method
             and checks.same_path(template, op.path)), template,
        )  # fmt: skip
        plan.dropped.append(generators.Dropped(method, path, b.reason, module=b.rel))


def _restore_counts(plan: Plan, old: dict[str, Any]) -> None:
    entry = old["specs"][plan.name]
    plan.operations_generated = int(entry.get("operations_generated", 0))
    plan.operations_total = int(entry.get("operations_total", plan.operations_generated))
    selected = entry.get("operations_selected")
    plan.operations_selected = int(selected) if selected is not None else None


def _stamp(package_dir: Path, header: str, only: Path | None = None) -> None:
    """Put the header on line 1 of each .py file (or of ``only`` that one)."""
    paths = [only] if only is not None else sorted(p for p in package_dir.rglob("*") if p.is_file())
    for path in paths:
        if "__pycache__" in path.parts:
            path.unlink()
        elif path.suffix == ".py":
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            if lines and lines[0].startswith(generators.HEADER_PLACEHOLDER):
                lines = lines[1:]
            path.write_text(header + "".join(lines), encoding="utf-8")


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
