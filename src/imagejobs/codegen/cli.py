"""The codegen commands: ``generate`` (``scripts/generate.py``), ``diff`` and ``update``.

``main``, ``diff_main`` and ``update_main`` are the only places that turn what went wrong into
an exit code, by the exception's class (cog's ``Cog.main``): nothing below them prints a
traceback or calls ``sys.exit``, and an unexpected exception still ends as one line naming it.
For ``update`` this module only parses the arguments and dispatches: the workflow (fetch,
staged build, report, write) is `codegen.update.update_specs`.

The codes are the CLI's one map (``imagejobs._exitcodes.ExitCode``), so they mean the same as
on ``cancel``: generate: 0 done or up to date · 5 a spec, overlay, config or generator failed ·
2 usage, toolchain or a missing extra · 6 ``--check`` found ``generated/`` out of date · 7
``--fail-on`` found an API change at or above its level (nothing written).

diff: 0 no change at the ``--fail-on`` level · 7 ``--fail-on`` found one · 2 usage, a missing
extra, or a file that cannot be read or compared.

update: 0 nothing changed · 5 a source could not be fetched, sent something that is not a spec,
or the new spec fails the build · 2 usage or toolchain · 7 ``--fail-on`` found an API change
(nothing written) · 10 changed, compatible · 11 changed, with warnings · 12 changed, breaking.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TextIO

from .._exitcodes import ExitCode
from .._streams import guarded_output
from .problems import ApiChange, CodegenError, SpecProblem, ToolchainError, UsageError
from .update import FetchError

if TYPE_CHECKING:
    from .config import CodegenConfig
    from .pipeline import Plan

FIX_COMMAND = "python scripts/generate.py"
INSTALL_HINT = "pip install 'imagejobs[codegen]'"


class Exit(IntEnum):
    """generate's exit codes: its part of the CLI's one map (`ExitCode`)."""

    OK = ExitCode.OK
    BAD_SPEC = ExitCode.BAD_SPEC
    USAGE = ExitCode.USAGE
    DRIFT = ExitCode.DRIFT
    API_CHANGE = ExitCode.API_CHANGE


class DiffExit(IntEnum):
    """diff's exit codes: its part of the CLI's one map (`ExitCode`)."""

    OK = ExitCode.OK
    FAIL_ON = ExitCode.API_CHANGE
    USAGE = ExitCode.USAGE


class UpdateExit(IntEnum):
    """update's exit codes: its part of the CLI's one map (`ExitCode`).

    What changed, so a workflow can label its pull request.
    """

    UNCHANGED = ExitCode.OK
    FAILED = ExitCode.BAD_SPEC
    USAGE = ExitCode.USAGE
    API_CHANGE = ExitCode.API_CHANGE
    CHANGED = ExitCode.CHANGED
    WARNINGS = ExitCode.CHANGED_WARNINGS
    BREAKING = ExitCode.CHANGED_BREAKING


class _Drift(CodegenError):
    """``--check`` found generated/ out of date (already reported)."""


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
    run: Callable[[TextIO, TextIO], int],
    streams: tuple[TextIO | None, TextIO | None],
    codes: dict[type[BaseException], int],
    usage: int,
    verbose: bool = False,
) -> int:
    """Run a command on `streams` (default: stdout, stderr); map what it raised to an exit code.

    The process's own streams are guarded (`guarded_output`): a reader that leaves (``diff |
    head -1``) or a full disk stops the writing, never the verdict. ``verbose`` (``-v``) prints
    every warning of a failed build instead of folding repeated ones.
    """
    with guarded_output():
        out, err = streams[0] or sys.stdout, streams[1] or sys.stderr
        return _mapped(lambda: run(out, err), err, codes, usage, verbose)


def _mapped(
    run: Callable[[], int],
    err: TextIO,
    codes: dict[type[BaseException], int],
    usage: int,
    verbose: bool = False,
) -> int:
    """Run; map what it raised to an exit code and one clear message."""
    try:
        return run()
    except _HelpShown as shown:
        return shown.status
    except SpecProblem as exc:
        _print_warnings([*exc.warnings, *exc.findings], err, verbose=verbose)
        print(f"failed: {len(exc.findings)} problem(s); generated/ was not changed", file=err)
        return codes[SpecProblem]
    except (ToolchainError, UsageError) as exc:
        print(f"error: {exc}", file=err)
        return usage
    except FetchError as exc:
        print(f"error: {exc}; nothing was written", file=err)
        return codes[FetchError]
    except (_Drift, ApiChange) as exc:
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


def _generate_parser(prog: str = "generate.py") -> _Parser:
    parser = _Parser(
        prog=prog,
        description="Validate specs/ and generate generated/ (see specs/codegen.yaml).",
        epilog=f"exit codes: {Exit.OK} ok, {Exit.BAD_SPEC} bad spec or generator failure, {Exit.USAGE} usage/toolchain,"
        f" {Exit.DRIFT} --check found drift, {Exit.API_CHANGE} --fail-on found a breaking (or warning) API change",
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help=f"write nothing; exit {Exit.DRIFT} if generated/ is not what the specs produce",
    )
    parser.add_argument(
        "--diff", action="store_true", help="with --check, show a unified diff of what differs"
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="with --check, always regenerate to compare (the default answers from"
        " generated/MANIFEST.json when every input and output hashes as recorded)",
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
        "-v",
        "--verbose",
        action="store_true",
        help="print every warning (repeated ones are otherwise folded into a count)",
    )
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "warning"),
        help=f"exit {Exit.API_CHANGE}, writing nothing, if a spec changed in a way of this class since the last generation",
    )
    parser.add_argument(
        "--format", choices=("text", "json", "markdown"), default="text",
        help="format of the per-spec API change report (default: text), as on diff and update",
    )  # fmt: skip
    _hidden_alias(parser, "--report", "format")
    return parser


def _hidden_alias(parser: _Parser, option: str, dest: str) -> None:
    """`option` as a second, unlisted spelling of the option whose value is `dest`."""
    original = next(a for a in parser._actions if a.dest == dest)
    parser.add_argument(
        option, dest=dest, choices=original.choices, default=argparse.SUPPRESS,
        help=argparse.SUPPRESS,
    )  # fmt: skip


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
    argv: Sequence[str] | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
    *,
    prog: str = "generate.py",
) -> int:
    """Entry point shared by scripts/generate.py and ``imagejobs generate``.

    `prog` is the command's name in usage lines and errors.
    """
    codes: dict[type[BaseException], int] = {
        SpecProblem: Exit.BAD_SPEC,
        _Drift: Exit.DRIFT,
        ApiChange: Exit.API_CHANGE,
    }
    args = list(sys.argv[1:] if argv is None else argv)
    verbose = any(a in ("-v", "--verbose") for a in args)
    return _outcome(
        lambda out, err: _generate(args, out, err, prog),
        (stdout, stderr),
        codes,
        Exit.USAGE,
        verbose,
    )


def _generate(argv: Sequence[str] | None, out: TextIO, err: TextIO, prog: str) -> int:
    args = _generate_parser(prog).parse_args(argv)
    root = _root(args.root)
    started = time.perf_counter()

    def say(message: str) -> None:
        if not args.quiet:
            print(message, file=out)

    from .config import load_config

    config = load_config(root)
    # Before importing the pipeline (and through it the generators' helpers): the shortcut is
    # what keeps an unchanged `--check` under half a second.
    if args.check and not args.full and _check_from_manifest(root, config, out, started):
        return Exit.OK
    from .pipeline import build, prepare, swap_in

    if args.validate_only:
        plans = prepare(root, config)
        for plan in plans:
            _print_warnings(plan.warnings, err, verbose=args.verbose)
            say(f"valid: {plan.entry.spec} ({_operations_note(plan)})")
        for line in _validate_descriptions(root, plans, err):
            say(line)
        return Exit.OK
    generated = root / config.generated_dir
    tmp_parent = Path(tempfile.mkdtemp(prefix=".generated-tmp-", dir=root))
    try:
        result = build(
            root, config, tmp_parent / "generated", incremental=not (args.force or args.check)
        )
        for plan in result.plans:
            _print_warnings(plan.warnings, err, verbose=args.verbose)
        from .diff import report_changes, violates

        reports = report_changes(
            root, config, result.plans, generated, out=out, fmt=args.format, tree=result.tree
        )
        if violates(reports, args.fail_on):
            print(
                f"API change at or above --fail-on {args.fail_on}; generated/ was not changed",
                file=err,
            )
            raise ApiChange
        if args.check:
            return _report_check(
                result.tree, generated, show_diff=args.diff, out=out, err=err, started=started
            )
        for plan in result.plans:
            say(_plan_line(plan, config.generated_dir))
        if result.changed:
            swap_in(result.tree, generated)
            say(f"wrote {config.generated_dir}/ in {time.perf_counter() - started:.1f}s")
        else:
            say(f"{config.generated_dir}/ is up to date ({time.perf_counter() - started:.1f}s)")
        return Exit.OK
    finally:
        shutil.rmtree(tmp_parent, ignore_errors=True)


def _validate_descriptions(root: Path, plans: Sequence[Plan], err: TextIO) -> list[str]:
    """Check every provider description against its entry's effective spec; a line per one.

    SpecProblem when one does not fit. Nothing is bound to endpoint modules: none is built.
    """
    from . import describe

    by_name = {plan.name: plan for plan in plans}

    def view(name: str) -> describe.SpecView:
        plan = by_name[name]
        assert plan.spec is not None
        return describe.SpecView(name, plan.package, plan.entry.spec, plan.spec.doc)

    checked = describe.check(root, list(by_name))
    _, warnings = describe.fit_all(checked, view)
    _print_warnings([finding for _, finding in warnings], err)
    return [f"valid: {item.desc.path} (on {item.entry})" for item in checked]


def _plan_line(plan: Plan, generated_dir: str) -> str:
    what = "unchanged" if plan.reused else "generated"
    wanted = plan.operations_wanted
    kept = f"{plan.operations_generated} of {wanted}" if plan.operations_generated != wanted else ""
    note = _operations_note(plan)
    if plan.operations_selected is not None:
        note = f"{kept or wanted} generated; {note}"
    elif kept:
        note = f"{kept} operations"
    return f"valid: {plan.entry.spec} ({note}) -> {what} {generated_dir}/{plan.package}"


def _operations_note(plan: Plan) -> str:
    """``64 operations``, or with ``select:`` ``4 of 288 operations selected, 284 left out by choice``."""
    if plan.operations_selected is None:
        return f"{plan.operations_total} operations"
    left_out = plan.operations_total - plan.operations_selected
    return (
        f"{plan.operations_selected} of {plan.operations_total} operations selected,"
        f" {left_out} left out by choice"
    )


def _check_from_manifest(root: Path, config: CodegenConfig, out: TextIO, started: float) -> bool:
    """``--check``'s shortcut: True (and said so) when the manifest proves generated/ current."""
    from .accepted import apply, load_accepted
    from .manifest import up_to_date

    entries = load_accepted(root, config.specs)  # a broken file fails here as in a full check
    if not up_to_date(root, config):
        return False
    # Nothing changed, so every entry for these specs matches nothing: stale, as a full run says.
    for line in apply([], entries, config.specs).lines():
        print(line, file=out)
    print(
        f"generated/ is up to date with specs/ ({time.perf_counter() - started:.2f}s, from"
        " generated/MANIFEST.json; --full regenerates to compare)",
        file=out,
    )
    return True


def _print_warnings(warnings: Sequence[object], err: TextIO, *, verbose: bool = False) -> None:
    from .report import fold

    for line in fold(warnings, verbose=verbose):
        print(line, file=err)


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
        import difflib

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
        epilog=f"exit codes: {DiffExit.OK} ok, {DiffExit.FAIL_ON} --fail-on found a change at or above its level,"
        f" {DiffExit.USAGE} usage or unreadable/invalid file",
    )
    parser.add_argument(
        "old", type=Path, help="the spec as it was (YAML or JSON; Swagger 2.0 is converted)"
    )
    parser.add_argument("new", type=Path, help="the spec as it is now")
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "warning"),
        help=f"exit {DiffExit.FAIL_ON} if a change of this class (warning: or breaking) exists",
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
    codes: dict[type[BaseException], int] = {
        SpecProblem: DiffExit.USAGE,
        ApiChange: DiffExit.FAIL_ON,
    }
    return _outcome(lambda out, err: _diff(argv, out, err), (stdout, stderr), codes, DiffExit.USAGE)


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
    acceptance = None
    if name is not None:  # accepted changes are per spec: only when we know which one this is
        from .accepted import apply, load_accepted

        acceptance = apply([report], load_accepted(root), [name])
    print_reports([report], out, args.format, acceptance)
    if report.fails(args.fail_on):
        raise ApiChange
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


# --- update -----------------------------------------------------------------------------------


def _update_parser() -> _Parser:
    from .diff import FORMATS

    parser = _Parser(
        prog="imagejobs update",
        description="Download each spec from its `source:` in specs/codegen.yaml; when it changed,"
        " validate, regenerate generated/ and print the change report. Nothing is written when"
        " any step fails.",
        epilog=f"exit codes: {UpdateExit.UNCHANGED} nothing changed, {UpdateExit.FAILED} fetch"
        f" refused or the new spec failed the build, {UpdateExit.USAGE} usage/toolchain,"
        f" {UpdateExit.API_CHANGE} --fail-on found an API change (nothing written),"
        f" {UpdateExit.CHANGED} changed (compatible), {UpdateExit.WARNINGS} changed with warnings,"
        f" {UpdateExit.BREAKING} changed with breaking changes",
    )
    parser.add_argument(
        "names",
        nargs="*",
        metavar="NAME",
        help="specs to update (default: every one with a source)",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="fetch, build and report, write nothing"
    )
    parser.add_argument(
        "--fail-on",
        choices=("breaking", "warning"),
        help=f"exit {UpdateExit.API_CHANGE}, writing nothing, if the new spec has a change of this"
        " class not accepted in specs/accepted-changes.yaml",
    )
    parser.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="format of the change report (markdown: a pull-request body)",
    )
    _hidden_alias(parser, "--report", "format")
    parser.add_argument(
        "--timeout", type=float, default=30.0, help="seconds per connect/read (default 30)"
    )
    parser.add_argument(
        "--root",
        type=Path,
        default=None,
        help="repository root (default: found from the current directory)",
    )
    parser.add_argument(
        "-q", "--quiet", action="store_true", help="print only the report and problems"
    )
    return parser  # fmt: skip


def update_main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Entry point of ``imagejobs update``."""
    codes: dict[type[BaseException], int] = {
        SpecProblem: UpdateExit.FAILED,
        FetchError: UpdateExit.FAILED,
        ApiChange: UpdateExit.API_CHANGE,
    }
    return _outcome(
        lambda out, err: _update(argv, out, err), (stdout, stderr), codes, UpdateExit.USAGE
    )


def _update(argv: Sequence[str] | None, out: TextIO, err: TextIO) -> int:
    from .update import Outcome, update_specs

    args = _update_parser().parse_args(argv)
    root = _root(args.root)

    def say(message: str) -> None:
        if not args.quiet:
            print(message, file=err)

    outcome = update_specs(
        root,
        args.names,
        dry_run=args.dry_run,
        fail_on=args.fail_on,
        fmt=args.format,
        timeout=args.timeout,
        out=out,
        err=err,
        say=say,
    )
    codes = {
        Outcome.UNCHANGED: UpdateExit.UNCHANGED,
        Outcome.CHANGED: UpdateExit.CHANGED,
        Outcome.WARNINGS: UpdateExit.WARNINGS,
        Outcome.BREAKING: UpdateExit.BREAKING,
    }
    return codes[outcome]
