"""One module at a time: a generated module that is broken is dropped, never the whole package.

openapi-python-client writes one module per operation and per model. On big vendor specs a few
come out broken: a ``PATCH`` whose body it writes as invalid Python, a model module that imports a
model it never wrote (``EvalMessageObject.from_dict`` raising ``ModuleNotFoundError`` at call
time). :class:`Package` reads every module of a generated package once, and finds:

- modules :mod:`ast` cannot parse (before ruff, which stops at the first such file);
- modules the audit refuses (:func:`.safety.audit_module`);
- imports inside the package, including those inside functions and under ``TYPE_CHECKING``
  (which importing a module does not run), of a module or a name that is not there;
- then, in a fresh interpreter, modules that fail to import (the module an exception was raised
  in is the culprit, not every module that imported it).

A dropped module takes every module that imports it along (found on the import graph in one
pass, not by re-checking). The package's own modules (client, types, errors, the package and
folder ``__init__``) are never dropped: a problem in one of them fails the build.
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .generators import HEADER_PLACEHOLDER
from .safety import audit_module, statements

__all__ = ["CORE", "BadModule", "Package", "endpoint_operation", "is_core", "same_path"]

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
    operation: tuple[str, str] | None = None
    """(METHOD, URL template) when the module is an endpoint's."""


def is_core(rel: str) -> bool:
    """Whether ``rel`` is a module the package cannot do without (see :data:`CORE`)."""
    return rel in CORE or (rel.startswith("api/") and rel.endswith("/__init__.py"))


@dataclass
class _Module:
    tree: ast.Module
    source: str
    imports: list[tuple[str, list[str]]] = field(default_factory=list)
    """(absolute module, names) of every import of the package, wherever it is written."""
    names: set[str] = field(default_factory=set)
    """What the module defines at its top level."""


class Package:
    """The modules of one generated package, each parsed once."""

    def __init__(self, package_dir: Path, package: str, header: str = "") -> None:
        self.dir, self.name, self.header = package_dir, package, header
        self.modules: dict[str, _Module] = {}

    # --- reading ------------------------------------------------------------------------------

    def parse(self, only: list[str] | None = None) -> list[BadModule]:
        """Parse every module (or ``only`` these); the ones that do not parse."""
        bad: list[BadModule] = []
        paths = (
            [self.dir / rel for rel in only]
            if only is not None
            else sorted(p for p in self.dir.rglob("*.py") if "__pycache__" not in p.parts)
        )
        for path in paths:
            rel = path.relative_to(self.dir).as_posix()
            try:
                source = self._stamped(path)
                tree = ast.parse(source, filename=rel)
            except SyntaxError as exc:
                why = f"the generated code does not parse (line {exc.lineno}: {exc.msg})"
                bad.append(BadModule(rel, why, endpoint_operation(path)))
                continue
            except (UnicodeDecodeError, ValueError) as exc:
                bad.append(BadModule(rel, f"the generated code cannot be read ({exc})"))
                continue
            module = _Module(tree, source, names=_top_level_names(tree))
            module.imports = list(self._package_imports(rel, tree))
            if rel.endswith("__init__.py"):  # a package's submodules are importable names of it
                folder = path.parent
                module.names |= {p.stem for p in folder.glob("*.py")}
                module.names |= {p.name for p in folder.iterdir() if (p / "__init__.py").is_file()}
            self.modules[rel] = module
        return bad

    def _stamped(self, path: Path) -> str:
        """The module's text with the header on line 1 (written back: one pass over the files)."""
        source = path.read_text(encoding="utf-8")
        if not self.header:
            return source
        first, _, rest = source.partition("\n")
        body = rest if first.startswith(HEADER_PLACEHOLDER) else source
        stamped = self.header + body
        if stamped != source:
            path.write_text(stamped, encoding="utf-8")
        return stamped

    def _package_imports(self, rel: str, tree: ast.Module) -> Iterator[tuple[str, list[str]]]:
        here = _module_name(self.name, rel)
        for node in statements(tree.body):
            if isinstance(node, ast.ImportFrom):
                target = _absolute(here, rel, node)
                if target is not None and _inside(target, self.name):
                    yield target, [a.name for a in node.names if a.name != "*"]
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    if _inside(alias.name, self.name):
                        yield alias.name, []

    # --- checks -------------------------------------------------------------------------------

    def audit(self, only: list[str] | None = None) -> list[BadModule]:
        """Modules the audit refuses (imports from outside, calls that run code)."""
        bad: list[BadModule] = []
        for rel, module in self.modules.items():
            if only is not None and rel not in only:
                continue
            problems = audit_module(module.tree, self.name, module.source)
            if problems:
                line, what = problems[0]
                reason = f"refused by the audit (line {line}: {what})"
                bad.append(BadModule(rel, reason, endpoint_operation(self.dir / rel)))
        return bad

    def missing_imports(self) -> list[BadModule]:
        """Modules importing a module or a name of the package that is not there."""
        by_name = {_module_name(self.name, rel): m for rel, m in self.modules.items()}
        bad: list[BadModule] = []
        for rel, module in self.modules.items():
            for target, names in module.imports:
                found = by_name.get(target)
                if found is None:
                    why = f"it imports {target}, which was not generated"
                elif missing := [
                    n for n in names if n not in found.names and f"{target}.{n}" not in by_name
                ]:
                    why = f"it imports {missing[0]} from {target}, which does not define it"
                else:
                    continue
                bad.append(BadModule(rel, why, endpoint_operation(self.dir / rel)))
                break
        return bad

    def import_failures(
        self, out: Path, only: list[str] | None = None, seconds: float = 300
    ) -> list[BadModule]:
        """Import every module (or ``only`` these) in a fresh interpreter; the modules to blame.

        With ``only``, the module table is not read (another thread may be changing it).
        """
        rels = list(self.modules) if only is None else only
        names = [_module_name(self.name, rel) for rel in rels]
        env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONSAFEPATH": "1"}
        try:
            proc = subprocess.run(
                [sys.executable, "-c", _PROBE, str(out), self.name, *names],
                capture_output=True, text=True, check=False, timeout=seconds, env=env, cwd=out,
            )  # fmt: skip
            failed: dict[str, list[str | None]] = json.loads(proc.stdout or "{}")
        except (subprocess.TimeoutExpired, ValueError) as exc:
            return [BadModule("__init__.py", f"importing the package did not finish: {exc}")]
        blamed: dict[str, str] = {}
        for name, (culprit, error) in failed.items():
            rel = culprit or _rel_of(self.name, str(name))
            blamed.setdefault(str(rel), f"it does not import ({error})")
        return [
            BadModule(rel, why, endpoint_operation(self.dir / rel))
            for rel, why in sorted(blamed.items())
        ]

    # --- dropping -----------------------------------------------------------------------------

    def drop(self, bad: list[BadModule]) -> list[BadModule]:
        """Delete ``bad`` and every module that imports one of them; all that was deleted.

        Core modules are never deleted (the caller fails the build on them first).
        """
        importers: dict[str, set[str]] = {}
        for rel, module in self.modules.items():
            for target, _ in module.imports:
                importers.setdefault(target, set()).add(rel)
        gone: dict[str, BadModule] = {}
        queue = list(bad)
        while queue:
            item = queue.pop(0)
            if item.rel in gone or is_core(item.rel):
                continue
            gone[item.rel] = item
            name = _module_name(self.name, item.rel)
            for user in sorted(importers.get(name, ())):
                if user not in gone:
                    why = f"it imports {name}, which was dropped ({item.reason})"
                    queue.append(BadModule(user, why, endpoint_operation(self.dir / user)))
        for rel in gone:
            self._remove(rel)
        return list(gone.values())

    def _remove(self, rel: str) -> None:
        (self.dir / rel).unlink(missing_ok=True)
        self.modules.pop(rel, None)
        if not rel.startswith("models/") or rel == "models/__init__.py":
            return
        init = self.dir / "models/__init__.py"
        if not init.is_file():
            return
        stem = Path(rel).stem
        text = init.read_text(encoding="utf-8")
        dropped = re.findall(rf"^from \.{re.escape(stem)} import (\w+)\n", text, re.M)
        text = re.sub(rf"^from \.{re.escape(stem)} import \w+\n", "", text, flags=re.M)
        for name in dropped:
            text = re.sub(rf'^\s*"{name}",\n', "", text, flags=re.M)
        init.write_text(text, encoding="utf-8")
        module = self.modules.get("models/__init__.py")
        if module is not None:
            module.imports = [
                (t, n) for t, n in module.imports if t != f"{self.name}.models.{stem}"
            ]
            module.names -= {stem, *dropped}


# --- helpers ------------------------------------------------------------------------------------


def _top_level_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in statements(tree.body):  # names bound under `if TYPE_CHECKING:` count too
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names |= {(a.asname or a.name).split(".")[0] for a in node.names}
        elif isinstance(node, ast.Assign):
            names |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
    return names


def _inside(module: str, package: str) -> bool:
    return module == package or module.startswith(package + ".")


def _module_name(package: str, rel: str) -> str:
    parts = [package, *Path(rel).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _rel_of(package: str, module: str) -> str:
    parts = module.split(".")[1:]
    return "/".join(parts) + ".py" if parts else "__init__.py"


def _absolute(here: str, rel: str, node: ast.ImportFrom) -> str | None:
    if node.level == 0:
        return node.module
    base = here.split(".")
    if not rel.endswith("__init__.py"):
        base = base[:-1]  # a module's package
    if node.level - 1 >= len(base):
        return None
    base = base[: len(base) - (node.level - 1)]
    return ".".join([*base, node.module] if node.module else base)


_PROBE = """
import gc, importlib, json, os, sys, traceback
gc.disable()  # thousands of modules and classes stay alive: full collections only cost time
root, package, names = sys.argv[1], sys.argv[2], sys.argv[3:]
sys.path.insert(0, root)
prefix = os.path.join(os.path.abspath(root), package) + os.sep
failed = {}
for name in names:
    try:
        importlib.import_module(name)
    except BaseException as exc:
        frames = [f.filename for f in traceback.extract_tb(exc.__traceback__)]
        if isinstance(exc, SyntaxError) and exc.filename:
            frames.append(exc.filename)
        inside = [f for f in frames if os.path.abspath(f).startswith(prefix)]
        culprit = os.path.relpath(inside[-1], os.path.join(root, package)) if inside else None
        failed[name] = [culprit, (type(exc).__name__ + ": " + str(exc))[:300]]
print(json.dumps(failed))
"""

_URL = re.compile(r'"url": "((?:[^"\\]|\\.)*)"')


def endpoint_operation(path: Path) -> tuple[str, str] | None:
    """(METHOD, URL template) of an endpoint module, read from its ``_get_kwargs``."""
    if "api" not in path.parts or path.name == "__init__.py":
        return None
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    method = re.search(r'"method": "(\w+)"', text)
    url = _URL.search(text)
    return (method.group(1).upper(), url.group(1)) if method and url else None


def same_path(template: str, spec_path: str) -> bool:
    """Whether a generated URL template is ``spec_path`` (parameter names aside)."""
    strip = re.compile(r"\{[^}]*\}")
    return strip.sub("{}", template) == strip.sub("{}", spec_path)


_INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u2028-\u202e\u2060-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f]"
)
"""Control, bidi and other invisible format characters (Cc, Cf, Zl, Zp) that can make source
read differently from what it does ("Trojan Source", CVE-2021-42574)."""


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape_invisible(path: Path) -> str | None:
    """Rewrite each invisible character of a generated module as its unicode escape.

    Only inside strings and comments, where a spec's text lands (a description in a docstring, a
    value in a literal); an escape means the same there. Returns why the module cannot be kept
    when one sits where no escape is possible (a raw or bytes string), else None.
    """
    import io
    import tokenize

    source = path.read_text(encoding="utf-8")
    if not _INVISIBLE.search(source):
        return None
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source, newline="\n").readline))
    except (tokenize.TokenError, SyntaxError) as exc:
        return f"it cannot be read to escape an invisible character ({exc})"
    # tokenize counts rows by "\n" only (not by the other breaks str.splitlines knows).
    offsets = [0]
    for line in source.split("\n"):
        offsets.append(offsets[-1] + len(line) + 1)
    edits: list[tuple[int, int, str]] = []
    for tok in tokens:
        found = _INVISIBLE.search(tok.string)
        if found is None:
            continue
        prefix = re.match(r"[A-Za-z]*", tok.string)
        letters = prefix.group().lower() if prefix and tok.type == tokenize.STRING else ""
        if tok.type not in (tokenize.STRING, tokenize.COMMENT) or "r" in letters or "b" in letters:
            return (
                f"an invisible character (U+{ord(found.group()):04X}) sits where no escape can"
                " replace it"
            )
        start = offsets[tok.start[0] - 1] + tok.start[1]
        end = offsets[tok.end[0] - 1] + tok.end[1]
        edits.append((start, end, _INVISIBLE.sub(_escape, tok.string)))
    out = source
    for start, end, new in sorted(edits, reverse=True):
        out = out[:start] + new + out[end:]
    path.write_text(out, encoding="utf-8")
    return None
