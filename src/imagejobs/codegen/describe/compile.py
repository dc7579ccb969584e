"""Bind compiled descriptions to the generated tree, and write ``imagejobs_providers``.

An operation's endpoint module is found in the package just built, by the method and URL its
``_get_kwargs`` sends, never by re-deriving openapi-python-client's naming: so it is right for
tagged, untagged and renamed operations alike. The body model is read from the same function's
``body`` annotation and the import that names it.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

from ..generators import format_paths
from ..modules import endpoint_operation, same_path
from .load import Description

__all__ = ["HEADER", "bind", "render", "write_package"]

HEADER = (
    "# Generated from specs/providers/*.yaml (checked against the specs they name) by"
    " scripts/generate.py. Do not edit; change a description and rerun.\n"
)


def _endpoints(package_dir: Path) -> list[tuple[str, str, Path]]:
    """(METHOD, URL template, file) of every endpoint module of a generated package."""
    api = package_dir / "api"
    found: list[tuple[str, str, Path]] = []
    for path in sorted(api.rglob("*.py")) if api.is_dir() else []:
        operation = endpoint_operation(path)
        if operation is not None:
            found.append((*operation, path))
    return found


def bind(desc: Description, compiled: dict[str, Any], out: Path) -> None:
    """Fill each operation's ``module`` and ``body_model`` from the package in ``out``."""
    package = compiled["package"]
    endpoints = _endpoints(out / package)
    for role, op in compiled["operations"].items():
        if op is None:
            continue
        path = next(
            (p for method, url, p in endpoints if method == op["method"]
             and same_path(url, op["path"])), None,
        )  # fmt: skip
        if path is None:
            desc.error(("operations", role), f"{op['method']} {op['path']} is not generated in"
                       f" {package} (left out by the entry's select:, or dropped: see the build's"
                       " warnings); select it in specs/codegen.yaml")  # fmt: skip
            continue
        rel = path.relative_to(out).with_suffix("")
        op["module"] = ".".join(rel.parts)
        op["body_model"] = _body_model(path, package)


def _body_model(path: Path, package: str) -> str | None:
    """``package.models.module:Class`` of the ``body`` argument of ``_get_kwargs``, if a model."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported: dict[str, str] = {}
    for node in tree.body:
        if (
            isinstance(node, ast.ImportFrom)
            and node.level
            and (node.module or "").startswith("models.")
        ):
            for alias in node.names:
                imported[alias.asname or alias.name] = f"{package}.{node.module}"
    kwargs = next(
        (n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_get_kwargs"), None
    )
    if kwargs is None:
        return None
    args = [*kwargs.args.args, *kwargs.args.kwonlyargs]
    body = next((a for a in args if a.arg == "body"), None)
    if body is None or body.annotation is None:
        return None
    for name in _names(body.annotation):
        if name in imported:
            return f"{imported[name]}:{name}"
    return None


def _names(annotation: ast.expr) -> list[str]:
    """The class names of an annotation, leftmost first (``A | B | Unset`` -> A, B, Unset)."""
    if isinstance(annotation, ast.Name):
        return [annotation.id]
    if isinstance(annotation, ast.BinOp) and isinstance(annotation.op, ast.BitOr):
        return _names(annotation.left) + _names(annotation.right)
    return []


def render(compiled: dict[str, dict[str, Any]]) -> str:
    """The package's ``__init__.py`` (before formatting): one literal, by provider name."""
    literal = repr({name: compiled[name] for name in sorted(compiled)})
    return (
        HEADER + '"""Every provider description, compiled.\n\n'
        "Each entry is specs/providers/<name>.yaml checked against its specs/codegen.yaml"
        " entry's effective\nspec, with defaults filled in and every operation bound to its"
        " generated endpoint module.\nThe facade (imagejobs) reads it at import time.\n"
        '"""\n\n'
        "from typing import Any\n\n"
        '__all__ = ["DESCRIPTIONS"]\n\n'
        f"DESCRIPTIONS: dict[str, dict[str, Any]] = {literal}\n"
    )


def write_package(package_dir: Path, compiled: dict[str, dict[str, Any]], cwd: Path) -> None:
    """Write the package (``__init__.py``, ``py.typed``) and format it with the pinned ruff."""
    package_dir.mkdir(parents=True)
    init = package_dir / "__init__.py"
    init.write_text(render(compiled), encoding="utf-8")
    (package_dir / "py.typed").write_text("", encoding="utf-8")  # PEP 561
    format_paths([init], cwd)
