"""One module at a time: a generated module that is broken is dropped, never the whole package.

openapi-python-client writes one module per operation and per model. On big vendor specs a few
come out broken: a ``PATCH`` whose body it writes as invalid Python, a model module that imports a
model it never wrote (``EvalMessageObject.from_dict`` raising ``ModuleNotFoundError`` at call
time). Each check here finds such modules; the pipeline deletes them (and their line in
``models/__init__.py``), names the operation each one was, and checks again, since a module that
imported a dropped one is broken in turn. The package's own modules (client, types, errors, the
package and folder ``__init__``) are never dropped: a problem there fails the build.

- :func:`unparsable`: modules :mod:`ast` cannot parse or the compiler refuses (before ruff,
  which stops on the first such file);
- :func:`missing_imports`: every import inside the package, including those inside functions and
  under ``TYPE_CHECKING`` (which importing the module does not run), must name a module that
  exists and a name it defines;
- :func:`import_failures`: every module is imported in a fresh interpreter (after the audit, so no
  module that could run anything is imported); the module a failure was raised in is the culprit.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "CORE",
    "BadModule",
    "import_failures",
    "is_core",
    "missing_imports",
    "operation_of",
    "remove",
    "unparsable",
]

CORE = frozenset(
    {"__init__.py", "client.py", "types.py", "errors.py", "models/__init__.py", "api/__init__.py"}
)
"""Modules the package cannot work without: a problem in one fails the build."""


@dataclass(frozen=True)
class BadModule:
    """A generated module that cannot be kept, and why."""

    rel: str
    """Path relative to the package folder: ``api/batch/create_batch.py``."""
    reason: str


def is_core(rel: str) -> bool:
    """Whether ``rel`` is a module the package cannot do without (see :data:`CORE`)."""
    return rel in CORE or (rel.startswith("api/") and rel.endswith("/__init__.py"))


def _modules(package_dir: Path) -> list[Path]:
    return sorted(p for p in package_dir.rglob("*.py") if "__pycache__" not in p.parts)


def unparsable(package_dir: Path) -> list[BadModule]:
    """Modules that do not parse or compile (a duplicate argument is only refused by the compiler)."""
    bad: list[BadModule] = []
    for path in _modules(package_dir):
        rel = path.relative_to(package_dir).as_posix()
        try:
            compile(path.read_text(encoding="utf-8"), rel, "exec", dont_inherit=True)
        except SyntaxError as exc:
            bad.append(
                BadModule(rel, f"the generated code does not parse (line {exc.lineno}: {exc.msg})")
            )
        except (UnicodeDecodeError, ValueError) as exc:
            bad.append(BadModule(rel, f"the generated code cannot be read ({exc})"))
    return bad


def missing_imports(package_dir: Path, package: str) -> list[BadModule]:
    """Modules importing, anywhere in their code, a module or name of the package that is not there."""
    defined: dict[str, set[str] | None] = {}  # module name -> top-level names (None: unreadable)

    def names_of(module: str) -> set[str] | None:
        if module not in defined:
            defined[module] = _top_level_names(package_dir, package, module)
        return defined[module]

    bad: list[BadModule] = []
    for path in _modules(package_dir):
        rel = path.relative_to(package_dir).as_posix()
        here = _module_name(package, rel)
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue  # unparsable() reports it
        for node in ast.walk(tree):
            if not isinstance(node, ast.ImportFrom):
                continue
            target = _absolute(here, rel, node)
            if target is None or not (target == package or target.startswith(package + ".")):
                continue
            found = names_of(target)
            if found is None:
                bad.append(BadModule(rel, f"it imports {target}, which was not generated"))
                break
            missing = [
                a.name
                for a in node.names
                if a.name != "*" and a.name not in found and names_of(f"{target}.{a.name}") is None
            ]
            if missing:
                bad.append(
                    BadModule(
                        rel, f"it imports {missing[0]} from {target}, which does not define it"
                    )
                )
                break
    return bad


def _module_name(package: str, rel: str) -> str:
    parts = [package, *Path(rel).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _absolute(here: str, rel: str, node: ast.ImportFrom) -> str | None:
    if node.level == 0:
        return node.module
    base = here.split(".")
    if not rel.endswith("__init__.py"):
        base = base[:-1]  # a module's package
    if node.level - 1 > len(base) - 1:
        return None
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


def _top_level_names(package_dir: Path, package: str, module: str) -> set[str] | None:
    parts = module.split(".")[1:]
    candidates = [
        package_dir.joinpath(*parts).with_suffix(".py"),
        package_dir.joinpath(*parts, "__init__.py"),
    ]
    if not parts:
        candidates = [package_dir / "__init__.py"]
    for path in candidates:
        if path.is_file():
            try:
                tree = ast.parse(path.read_text(encoding="utf-8"))
            except (SyntaxError, UnicodeDecodeError, ValueError):
                return None
            names: set[str] = set()
            for node in tree.body:
                if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                    names.add(node.name)
                elif isinstance(node, (ast.Import, ast.ImportFrom)):
                    names |= {(a.asname or a.name).split(".")[0] for a in node.names}
                elif isinstance(node, ast.Assign):
                    names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
                elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
                    names.add(node.target.id)
            if path.name == "__init__.py":  # submodules are importable names of a package
                names |= {p.stem for p in path.parent.glob("*.py")}
                names |= {p.name for p in path.parent.iterdir() if (p / "__init__.py").is_file()}
            return names
    return None


_PROBE = """
import importlib, json, os, sys, traceback
root, package, names = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.path.insert(0, root)
prefix = os.path.join(os.path.abspath(root), package) + os.sep
failed = {}
for name in names:
    try:
        importlib.import_module(name)
    except BaseException as exc:
        frames = [f.filename for f in traceback.extract_tb(exc.__traceback__)]
        inside = [f for f in frames if os.path.abspath(f).startswith(prefix)]
        culprit = os.path.relpath(inside[-1], os.path.join(root, package)) if inside else None
        failed[name] = [culprit, (type(exc).__name__ + ": " + str(exc))[:300]]
print(json.dumps(failed))
"""


def import_failures(out: Path, package: str, seconds: float = 300) -> list[BadModule]:
    """Import every module of ``out/package`` in a fresh interpreter; the modules to blame.

    A module that fails because another one did (every endpoint importing a broken model) is not
    blamed: the failure names the module it was raised in, and only those are returned.
    """
    package_dir = out / package
    names = [
        _module_name(package, p.relative_to(package_dir).as_posix()) for p in _modules(package_dir)
    ]
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONSAFEPATH": "1"}
    try:
        proc = subprocess.run(
            [sys.executable, "-c", _PROBE, str(out), package, *names],
            capture_output=True, text=True, check=False, timeout=seconds, env=env, cwd=out,
        )  # fmt: skip
        failed: dict[str, list[str | None]] = json.loads(proc.stdout or "{}")
    except (subprocess.TimeoutExpired, ValueError) as exc:
        return [BadModule("__init__.py", f"importing the package did not finish: {exc}")]
    bad: dict[str, str] = {}
    for name, (culprit, error) in failed.items():
        rel = culprit or _rel_of(package, str(name))
        bad.setdefault(str(rel), f"it does not import ({error})")
    return [BadModule(rel, reason) for rel, reason in sorted(bad.items())]


def _rel_of(package: str, module: str) -> str:
    parts = module.split(".")[1:]
    return "/".join(parts) + ".py" if parts else "__init__.py"


_GET_KWARGS_URL = re.compile(r'"url": "((?:[^"\\]|\\.)*)"')


def operation_of(path: Path) -> tuple[str, str] | None:
    """(METHOD, path template) of an endpoint module, read from its ``_get_kwargs``.

    The template names Python parameters (``{quote_path}``); :func:`same_path` compares it with a
    spec path.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    method = re.search(r'"method": "(\w+)"', text)
    url = _GET_KWARGS_URL.search(text)
    if not (method and url):
        return None
    return method.group(1).upper(), url.group(1)


def same_path(template: str, spec_path: str) -> bool:
    """Whether a generated URL template is ``spec_path`` (parameter names aside)."""
    strip = re.compile(r"\{[^}]*\}")
    return strip.sub("{}", template) == strip.sub("{}", spec_path)


def remove(package_dir: Path, rel: str) -> None:
    """Delete a module, and its import from ``models/__init__.py`` when it is a model."""
    (package_dir / rel).unlink(missing_ok=True)
    if rel.startswith("models/") and rel != "models/__init__.py":
        init = package_dir / "models/__init__.py"
        if init.is_file():
            stem = Path(rel).stem
            text = init.read_text(encoding="utf-8")
            dropped = re.findall(rf"^from \.{re.escape(stem)} import (\w+)\n", text, re.M)
            text = re.sub(rf"^from \.{re.escape(stem)} import \w+\n", "", text, flags=re.M)
            for name in dropped:
                text = re.sub(rf'^\s*"{name}",\n', "", text, flags=re.M)
            init.write_text(text, encoding="utf-8")
