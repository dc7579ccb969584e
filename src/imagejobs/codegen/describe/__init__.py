"""Provider descriptions: ``specs/providers/<name>.yaml`` in, ``generated/imagejobs_providers`` out.

A provider is a description: the specs/codegen.yaml entry it builds on, and as data how to
control jobs on it (credentials, operations, the job id, where the job sits in an answer, the
states table, the cancel strategy, the error envelope). The build reads each description in two
steps, so a bad one fails before anything is generated when it can:

1. :func:`check` (before generation): the file reads, every key is known and of its type, the
   entry exists (:mod:`.load`, :mod:`.shape`);
2. :func:`compile_all` (after generation): every operation, parameter, scheme, pointer and status
   value fits the entry's effective spec (:mod:`.validate`), every operation is bound to its
   generated endpoint module (:mod:`.compile`), and the one package is written.

Every misfit is a finding ``file:line: key: what is wrong; what to write``; any error fails the
build, which then leaves generated/ as it was.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..manifest import PROVIDERS_PACKAGE
from ..problems import Finding, SpecProblem
from .compile import bind, write_package
from .load import Description, did_you_mean, load_descriptions
from .shape import check_shape
from .spec_view import SpecView
from .validate import fit

__all__ = ["Checked", "SpecView", "check", "compile_all", "fit_all"]


@dataclass
class Checked:
    """One description whose keys are known and typed, and the entry it names."""

    desc: Description
    data: dict[str, Any]
    entry: str


def check(root: Path, entries: Collection[str]) -> list[Checked]:
    """Read and shape-check every description; one SpecProblem with every error."""
    out: list[Checked] = []
    for desc in load_descriptions(root):
        data = check_shape(desc)
        entry = data.get("entry", desc.name)
        if entry not in entries:
            how = "write `entry: NAME`" if "entry" not in data else "name one"
            desc.error(("entry",), f"specs/codegen.yaml has no entry {entry!r} to build on; {how}"
                       f" of {', '.join(entries)}" + did_you_mean(str(entry), entries))  # fmt: skip
        out.append(Checked(desc, data, str(entry)))
    _raise(out)
    return out


def fit_all(
    checked: list[Checked], view_of: Callable[[str], SpecView], out: Path | None = None
) -> tuple[dict[str, dict[str, Any]], list[tuple[str, Finding]]]:
    """Fit each description to its entry's effective spec; bind it to the tree ``out`` if given.

    Returns the compiled descriptions and the warnings met, each with the entry it is about;
    SpecProblem when any description does not fit.
    """
    compiled: dict[str, dict[str, Any]] = {}
    for item in checked:
        result = fit(item.desc, item.data, view_of(item.entry))
        if out is not None and not item.desc.errors:
            bind(item.desc, result, out)
        compiled[item.desc.name] = result
    _distinct(checked, compiled)
    _raise(checked)
    warnings = [(c.entry, f) for c in checked for f in c.desc.findings if not f.is_error]
    return compiled, warnings


def compile_all(
    checked: list[Checked], view_of: Callable[[str], SpecView], out: Path
) -> list[tuple[str, Finding]]:
    """Fit, bind to the generated tree in ``out``, and write imagejobs_providers there.

    Returns the warnings met (with their entries); SpecProblem, nothing written, on a misfit.
    """
    compiled, warnings = fit_all(checked, view_of, out)
    write_package(out / PROVIDERS_PACKAGE, compiled, out)
    return warnings


def _distinct(checked: list[Checked], compiled: dict[str, dict[str, Any]]) -> None:
    """Two providers may not share a client class name or a base URL variable."""
    seen: dict[tuple[str, str], str] = {}
    for item in checked:
        result = compiled[item.desc.name]
        for key in ("client", "async_client", "base_url_env"):
            value = result.get(key)
            if value is None:
                continue
            other = seen.setdefault((key, value), item.desc.name)
            if other != item.desc.name:
                loc = ("base_url", "env") if key == "base_url_env" else (key,)
                item.desc.error(loc, f"{value!r} is already {other}'s {key}; choose another")


def _raise(checked: list[Checked]) -> None:
    errors = [f for c in checked for f in c.desc.errors]
    warnings = [f for c in checked for f in c.desc.findings if not f.is_error]
    if errors:
        raise SpecProblem.of(errors, warnings)
