"""``imagejobs diff OLD NEW``: what a spec change does to users of the generated clients.

Exit codes: 0 no change at the ``--fail-on`` level (or no ``--fail-on``), 1 ``--fail-on`` found a
change at or above its level, 2 usage error or a file that cannot be read or compared.

When OLD or NEW is a spec listed in ``specs/codegen.yaml`` (or ``--spec NAME`` says which one it
is), the report names the generated package's symbols. ``--overlay FILE`` (repeatable) applies
OpenAPI Overlays to both files first, as the build script does for vendor specs.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, TextIO

import yaml

from .diff import FORMATS, DiffError, DiffReport, diff_specs, print_reports
from .problems import SpecProblem
from .specload import LoadedSpec, apply_overlays, check_refs, load_spec

EXIT_OK, EXIT_FAIL_ON, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="imagejobs diff",
        description="Compare two versions of an OpenAPI spec and class each change as breaking, warning or compatible.",
        epilog="exit codes: 0 ok, 1 --fail-on found a change at or above its level, 2 usage or unreadable/invalid file",
    )
    parser.add_argument("old", type=Path, help="the spec as it was (YAML or JSON)")
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
        "--overlay",
        action="append",
        default=[],
        type=Path,
        metavar="FILE",
        help="OpenAPI Overlay applied to both specs before comparing (repeatable, in order)",
    )
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


def _rel(path: Path) -> str:
    """The path relative to the current directory, as load_spec wants it (it joins it to a root)."""
    return os.path.relpath(path.resolve(), Path.cwd())


def _fast_parse(path: Path) -> Any:
    """The document via libyaml (or json), or None on any problem.

    specload's loader also maps every node to its line, in pure Python: four times slower, and
    the diff does not need lines. It still runs on failure, to produce its located error message.
    """
    try:
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".json":
            return json.loads(text)
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return yaml.load(text, Loader=loader)  # noqa: S506 - a safe loader
    except (OSError, UnicodeDecodeError, ValueError, yaml.YAMLError):
        return None


def _load(path: Path, overlays: list[Path]) -> LoadedSpec:
    root, rel, overlay_rels = Path.cwd(), _rel(path), [_rel(o) for o in overlays]
    data = _fast_parse(path)
    version = str(data.get("openapi", "")) if isinstance(data, dict) else ""
    if re.match(r"^3\.[01]\.\d+$", version):
        spec = LoadedSpec(name=path.stem, path=rel, doc=data, lines={}, overlay_paths=overlay_rels)
        apply_overlays(spec, root)
    else:  # let the build's loader say what is wrong, with the line
        spec = load_spec(root, path.stem, rel, overlays=overlay_rels)
    problems = check_refs(spec)  # a dangling $ref would otherwise surface mid-comparison
    if problems:
        raise SpecProblem.of(problems)
    return spec


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


def main(
    argv: Sequence[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None
) -> int:
    """Entry point of ``imagejobs diff`` (``python -m imagejobs.codegen.diff_cli``)."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return EXIT_OK if exc.code == 0 else EXIT_USAGE
    from .generate import find_root

    root = (args.root or find_root(Path.cwd())).resolve()
    name, package, overrides = _package(root, args)
    try:
        old = _load(args.old, args.overlay)
        new = _load(args.new, args.overlay)
        report: DiffReport = diff_specs(
            old.doc,
            new.doc,
            old_label=str(args.old),
            new_label=str(args.new),
            spec=name,
            package=package,
            class_overrides=overrides,
        )
    except SpecProblem as exc:
        for finding in exc.findings:
            print(finding, file=err)
        print("diff failed: a file could not be read; nothing was compared", file=err)
        return EXIT_USAGE
    except DiffError as exc:
        print(f"diff failed: {exc}", file=err)
        return EXIT_USAGE
    print_reports([report], out, args.format)
    return EXIT_FAIL_ON if report.fails(args.fail_on) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
