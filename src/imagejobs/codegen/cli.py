"""The codegen commands: ``generate`` (``scripts/generate.py``) and ``diff``.

``main`` and ``diff_main`` are the only places that turn what went wrong into an exit code, by the
exception's class (cog's ``Cog.main``): nothing below them prints a traceback or calls
``sys.exit``, and an unexpected exception still ends as one line naming it.

generate: 0 done or up to date · 1 a spec, overlay, config or generator failed · 2 usage or
toolchain · 3 ``--check`` found ``generated/`` out of date · 4 ``--fail-on`` found an API change
at or above its level (nothing written).

diff: 0 no change at the ``--fail-on`` level · 1 ``--fail-on`` found one · 2 usage, or a file that
cannot be read or compared.
"""

from __future__ import annotations

import argparse
import difflib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import NoReturn, TextIO

from .problems import CodegenError, SpecProblem, ToolchainError, UsageError

FIX_COMMAND = "python scripts/generate.py"
INSTALL_HINT = "pip install 'imagejobs[codegen]'"


class Exit(IntEnum):
    """generate's exit codes."""

    OK = 0
    BAD_SPEC = 1
    USAGE = 2
    DRIFT = 3
    API_CHANGE = 4


class DiffExit(IntEnum):
    """diff's exit codes."""

    OK = 0
    FAIL_ON = 1
    USAGE = 2


class _Drift(CodegenError):
    """``--check`` found generated/ out of date (already reported)."""


class _ApiChange(CodegenError):
    """``--fail-on`` found a change at or above its level (already reported)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser that raises instead of exiting, so ``main`` maps every outcome."""

    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{self.prog}: {message}")

    def exit(self, status: int = 0, message: str | None = None) -> NoReturn:
        if message:
            print(message, file=sys.stderr, end="")
        raise _HelpShown(status)


class _HelpShown(Exception):
    def __init__(self, status: int) -> None:
        self.status = status


def _outcome(
    run: Callable[[], int], err: TextIO, codes: dict[type[BaseException], int], usage: int
) -> int:
    """Run a command; map what it raised to an exit code and one clear message."""
    try:
        return run()
    except _HelpShown as shown:
        return shown.status
    except SpecProblem as exc:
        for finding in [*exc.warnings, *exc.findings]:
            print(finding, file=err)
        print(f"failed: {len(exc.findings)} problem(s); generated/ was not changed", file=err)
        return codes[SpecProblem]
    except (ToolchainError, UsageError) as exc:
        print(f"error: {exc}", file=err)
        return usage
    except (_Drift, _ApiChange) as exc:
        return codes[type(exc)]
    except ModuleNotFoundError as exc:
        print(
            f"error: {exc.name} is not installed; the codegen commands need {INSTALL_HINT}",
            file=err,
        )
        return usage
    except OSError as exc:
        print(f"error: {exc.filename or ''}: {exc.strerror or exc}", file=err)
        return codes[SpecProblem]
    except Exception as exc:
        print(
            f"error: unexpected {type(exc).__name__}: {exc} (a bug in imagejobs.codegen; "
            "please report it with the spec that caused it)",
            file=err,
        )
        return codes[SpecProblem]


# --- generate ---------------------------------------------------------------------------------


def _generate_parser() -> _Parser:
    parser = _Parser(
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
        "--root",
        type=Path,
        default=None,
        help="repository root (default: found from the current directory)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="print only problems")
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "warning"),
        help="exit 4, writing nothing, if a spec changed in a way of this class since the last generation",
    )
    parser.add_argument(
        "--report", choices=("text", "json", "markdown"), default="text",
        help="format of the per-spec API change report (default: text)",
    )  # fmt: skip
    return parser


def find_root(start: Path) -> Path | None:
    """The nearest directory at or above ``start`` with specs/codegen.yaml."""
    for candidate in [start, *start.parents]:
        if (candidate / "specs" / "codegen.yaml").is_file():
            return candidate
    return None


def _root(given: Path | None) -> Path:
    if given is not None:
        return given.resolve()
    found = find_root(Path.cwd())
    if found is None:
        raise UsageError(
            f"no specs/codegen.yaml in {Path.cwd()} or any folder above it; "
            "run from your checkout or pass --root"
        )
    return found.resolve()


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Entry point shared by scripts/generate.py and ``imagejobs generate``."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    codes: dict[type[BaseException], int] = {
        SpecProblem: Exit.BAD_SPEC,
        _Drift: Exit.DRIFT,
        _ApiChange: Exit.API_CHANGE,
    }
    return _outcome(lambda: _generate(argv, out, err), err, codes, Exit.USAGE)


def _generate(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    args = _generate_parser().parse_args(argv)
    root = _root(args.root)
    started = time.perf_counter()

    def say(message: str) -> None:
        if not args.quiet:
            print(message, file=out)

    from .config import load_config
    from .pipeline import build, prepare, swap_in

    config = load_config(root)
    if args.validate_only:
        for plan in prepare(root, config):
            _print_warnings(plan.warnings, err)
            say(f"valid: {plan.entry.spec} ({plan.operations_total} operations)")
        return Exit.OK
    generated = root / config.generated_dir
    tmp_parent = Path(tempfile.mkdtemp(prefix=".generated-tmp-", dir=root))
    try:
        result = build(
            root, config, tmp_parent / "generated", incremental=not (args.force or args.check)
        )
        for plan in result.plans:
            _print_warnings(plan.warnings, err)
        from .diff import report_changes, violates

        reports = report_changes(root, config, result.plans, generated, out=out, fmt=args.report)
        if violates(reports, args.fail_on):
            print(
                f"API change at or above --fail-on {args.fail_on}; generated/ was not changed",
                file=err,
            )
            raise _ApiChange
        if args.check:
            return _report_check(
                result.tree, generated, show_diff=args.diff, out=out, err=err, started=started
            )
        for plan in result.plans:
            what = "unchanged" if plan.reused else "generated"
            kept = (
                f"{plan.operations_generated} of {plan.operations_total}"
                if plan.operations_generated != plan.operations_total
                else str(plan.operations_total)
            )
            say(
                f"valid: {plan.entry.spec} ({kept} operations) -> {what} {config.generated_dir}/{plan.package}"
            )
        if result.changed:
            swap_in(result.tree, generated)
            say(f"wrote {config.generated_dir}/ in {time.perf_counter() - started:.1f}s")
        else:
            say(f"{config.generated_dir}/ is up to date ({time.perf_counter() - started:.1f}s)")
        return Exit.OK
    finally:
        shutil.rmtree(tmp_parent, ignore_errors=True)


def _print_warnings(warnings: Sequence[object], err: TextIO) -> None:
    for warning in warnings:
        print(warning, file=err)


def _report_check(
    tree: Path, generated: Path, *, show_diff: bool, out: TextIO, err: TextIO, started: float
) -> int:
    from .pipeline import compare_trees

    changed, missing, extra = compare_trees(tree, generated)
    if not (changed or missing or extra):
        print(
            f"generated/ is up to date with specs/ ({time.perf_counter() - started:.1f}s)", file=out
        )
        return Exit.OK
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
                (tree / name)
                .read_text(encoding="utf-8", errors="replace")
                .splitlines(keepends=True)
            )
            err.writelines(
                difflib.unified_diff(
                    a, b, f"generated/{name} (committed)", f"generated/{name} (from specs)"
                )
            )
    print(f"fix: run `{FIX_COMMAND}` and commit generated/", file=err)
    raise _Drift


# --- diff -------------------------------------------------------------------------------------


def _diff_parser() -> _Parser:
    from .diff import FORMATS

    parser = _Parser(
        prog="imagejobs diff",
        description="Compare two versions of an OpenAPI spec and class each change as breaking, warning or compatible.",
        epilog="exit codes: 0 ok, 1 --fail-on found a change at or above its level, 2 usage or unreadable/invalid file",
    )
    parser.add_argument(
        "old", type=Path, help="the spec as it was (YAML or JSON; Swagger 2.0 is converted)"
    )
    parser.add_argument("new", type=Path, help="the spec as it is now")
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "warning"),
        help="exit 1 if a change of this class (warning: or breaking) exists",
    )
    parser.add_argument(
        "--format", choices=FORMATS, default="text", help="output format (default: text)"
    )
    parser.add_argument(
        "--overlay", action="append", default=[], type=Path, metavar="FILE",
        help="OpenAPI Overlay applied to both specs before comparing (repeatable, in order)",
    )  # fmt: skip
    parser.add_argument(
        "--spec",
        metavar="NAME",
        help="the specs/codegen.yaml entry these files are, to name its generated symbols",
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        help="repository root (default: found from the current directory)",
    )
    return parser


def diff_main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Entry point of ``imagejobs diff``."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    codes: dict[type[BaseException], int] = {
        SpecProblem: DiffExit.USAGE,
        _ApiChange: DiffExit.FAIL_ON,
    }
    return _outcome(lambda: _diff(argv, out, err), err, codes, DiffExit.USAGE)


def _diff(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    from .diff import DiffError, diff_specs, print_reports

    args = _diff_parser().parse_args(argv)
    root = (args.root or find_root(Path.cwd()) or Path.cwd()).resolve()
    name, package, overrides = _package(root, args)
    try:
        old, new = _load_for_diff(args.old, args.overlay), _load_for_diff(args.new, args.overlay)
        report = diff_specs(
            old, new, old_label=str(args.old), new_label=str(args.new),
            spec=name, package=package, class_overrides=overrides,
        )  # fmt: skip
    except SpecProblem as exc:
        for finding in exc.findings:
            print(finding, file=err)
        print("diff failed: a file could not be read; nothing was compared", file=err)
        return DiffExit.USAGE
    except DiffError as exc:
        print(f"diff failed: {exc}", file=err)
        return DiffExit.USAGE
    print_reports([report], out, args.format)
    if report.fails(args.fail_on):
        raise _ApiChange
    return DiffExit.OK


def _load_for_diff(path: Path, overlays: list[Path]) -> dict[str, object]:
    from .lint import lint
    from .spec.document import load_spec

    cwd = Path.cwd()
    rel = os.path.relpath(path.resolve(), cwd)
    spec = load_spec(
        cwd, path.stem, rel, overlays=[os.path.relpath(o.resolve(), cwd) for o in overlays]
    )
    problems = [f for f in lint(spec, only=("ref-local", "ref-resolves")) if f.is_error]
    if problems:  # a broken $ref would otherwise surface mid-comparison
        raise SpecProblem.of(problems)
    return spec.doc


def _package(
    root: Path, args: argparse.Namespace
) -> tuple[str | None, str | None, dict[str, dict[str, str]]]:
    """(spec name, generated package, class overrides) from specs/codegen.yaml, when they apply."""
    from .config import load_config

    try:
        config = load_config(root)
    except SpecProblem:
        return args.spec, None, {}
    wanted = {args.old.resolve(), args.new.resolve()}
    for name, entry in config.specs.items():
        if name == args.spec or (args.spec is None and (root / entry.spec).resolve() in wanted):
            return name, config.package(name), entry.class_overrides
    return args.spec, None, {}
