"""The package's import graph: no cycles, and every module in its layer.

Every import counts, wherever it is written: at the top, deferred inside a function, or under
`if TYPE_CHECKING:` (a cycle there still couples the modules, and becomes real the day someone
moves the import up). The graph is read with `ast`, so nothing is imported to check it.

    _constants, _headers, _exitcodes,         leaves: plain values, header parsing, exit codes,
      _streams                                output streams that keep the verdict
    errors, job, _redact, registry            what every call raises and returns; descriptions
    _retry, _deadline, _rate, _rate_shared    the retry policy; the one deadline; the rate gate
                                              and its Redis store
    _base_client, _aiohttp_errors, _oauth,    the shared client machinery; waiting;
      _wait, _lean, _socket_deadline          the async clients' lean aiohttp path and its
                                              error table; the sync twin's socket deadline
    useapi, topaz, jobs_api                   one module per provider
    bulk                                      many ids at once
    imagejobs (the package), __main__, cli,   the public surface and the programs on top
      _cli_options, _cli_clients, _cli_output,
      _cli_bulk, _cli_wait, demo

A module imports only from its own layer or below, and none reads a name from the package
`imagejobs` itself (its __init__ re-exports from everything else, so that is an upward import
even in the top layer). Beside the facade: `imagejobs.testing` (the fakes) reads the two lowest
layers only, never a client; the codegen (`imagejobs.codegen`) is imported by the CLI alone.

The README's "Layout" section says what each module holds; the last check here keeps it naming
every module under src/imagejobs, and none that is gone.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"
README = SRC.parent / "README.md"
PACKAGE = "imagejobs"

LAYERS: list[set[str]] = [
    {"imagejobs._constants", "imagejobs._headers", "imagejobs._exitcodes", "imagejobs._streams"},
    {
        "imagejobs.errors",
        "imagejobs.job",
        "imagejobs._redact",
        "imagejobs._description",
        "imagejobs.registry",
    },
    {"imagejobs._retry", "imagejobs._deadline", "imagejobs._rate", "imagejobs._rate_shared"},
    {
        "imagejobs._base_client",
        "imagejobs._aiohttp_errors",
        "imagejobs._oauth",
        "imagejobs._wait",
        "imagejobs._steps",
        "imagejobs._lean",
        "imagejobs._socket_deadline",
    },
    {"imagejobs._provider"},
    {"imagejobs.useapi", "imagejobs.topaz", "imagejobs.jobs_api"},
    {"imagejobs.bulk", "imagejobs.clients"},
    {
        "imagejobs",
        "imagejobs.__main__",
        "imagejobs.cli",
        "imagejobs._cli_options",
        "imagejobs._cli_clients",
        "imagejobs._cli_output",
        "imagejobs._cli_bulk",
        "imagejobs._cli_wait",
        "imagejobs._cli_providers",
        "imagejobs.demo",
    },
]
LAYER = {module: number for number, layer in enumerate(LAYERS) for module in layer}
#: The layers the fakes may read: plain values, errors, Job and the provider descriptions.
TESTING_MAY_READ = 1
CODEGEN = ("imagejobs.codegen",)
TESTING = "imagejobs.testing"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(path): path for path in sorted((SRC / PACKAGE).rglob("*.py"))}


def is_package(module: str) -> bool:
    return MODULES[module].name == "__init__.py"


def under(module: str, prefix: str) -> bool:
    return module == prefix or module.startswith(prefix + ".")


def imports(module: str) -> Iterator[tuple[str, int]]:
    """(imported module inside the package, line) for every import statement in `module`."""
    tree = ast.parse(MODULES[module].read_text(encoding="utf-8"))
    here = module if is_package(module) else module.rpartition(".")[0]
    for node in ast.walk(tree):  # every statement: top level, functions, TYPE_CHECKING blocks
        if isinstance(node, ast.Import):
            for alias in node.names:
                if under(alias.name, PACKAGE):
                    yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: len(here.split(".")) - (node.level - 1)]
                target = ".".join([*base, *([node.module] if node.module else [])])
            else:
                target = node.module or ""
            if not under(target, PACKAGE):
                continue
            for alias in node.names:
                # `from . import errors` imports the module imagejobs.errors; `from imagejobs
                # import Topaz` reads a name from the package itself.
                submodule = f"{target}.{alias.name}"
                yield (submodule if submodule in MODULES else target), node.lineno


GRAPH: dict[str, set[str]] = {
    module: {target for target, _ in imports(module) if target in MODULES} for module in MODULES
}


def edges() -> Iterator[tuple[str, str, int]]:
    for module in MODULES:
        for target, line in imports(module):
            yield module, target, line


def test_the_walk_sees_every_kind_of_import() -> None:
    # If the walk missed deferred or TYPE_CHECKING imports, the rules below would pass vacuously.
    assert "imagejobs.job" in GRAPH["imagejobs.errors"]  # under TYPE_CHECKING
    assert "imagejobs._socket_deadline" in GRAPH["imagejobs._base_client"]  # inside a function
    assert "imagejobs.topaz" in GRAPH["imagejobs"]  # under TYPE_CHECKING
    assert "imagejobs.testing" in GRAPH["imagejobs.demo"]  # inside a function
    nowhere = [f"{m} imports {t}, line {n}" for m, t, n in edges() if t not in MODULES]
    assert not nowhere, "imports that name no module:\n" + "\n".join(nowhere)


def test_every_facade_module_has_a_layer() -> None:
    facade = {m for m in MODULES if not any(under(m, prefix) for prefix in (*CODEGEN, TESTING))}
    assert facade == set(LAYER), (
        f"put new modules in a layer: {sorted(facade - set(LAYER))}; "
        f"gone: {sorted(set(LAYER) - facade)}"
    )


def cycles_among(modules: set[str]) -> list[list[str]]:
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(module: str) -> None:
        state[module] = 1
        path.append(module)
        for target in sorted(GRAPH[module] & modules):
            if target == module:
                continue  # `from imagejobs import x` inside imagejobs/__init__ is no cycle
            if state.get(target) == 1:
                cycles.append([*path[path.index(target) :], target])
            elif target not in state:
                visit(target)
        path.pop()
        state[module] = 2

    for module in sorted(modules):
        if module not in state:
            visit(module)
    return cycles


def test_no_import_cycles() -> None:
    cycles = cycles_among({m for m in MODULES if not any(under(m, p) for p in CODEGEN)})
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_no_import_cycles_in_codegen() -> None:
    cycles = cycles_among({m for m in MODULES if any(under(m, p) for p in CODEGEN)})
    assert not cycles, "import cycles:\n" + "\n".join(" -> ".join(c) for c in cycles)


def test_facade_layers_point_down() -> None:
    upward = [
        f"{module} (layer {LAYER[module]}) imports {target} (layer {LAYER[target]}), line {line}"
        for module, target, line in edges()
        if module in LAYER and target in LAYER and LAYER[target] > LAYER[module]
    ]
    assert not upward, "\n".join(upward)


def test_no_module_imports_the_package_itself() -> None:
    # The package __init__ is the public surface, above every module it re-exports: a module
    # that reads a name from it (`import imagejobs`, `from imagejobs import x`) imports upward.
    upward = [
        f"{module} imports the package {PACKAGE} itself, line {line}: import the module "
        "that defines the name instead"
        for module, target, line in edges()
        if target == PACKAGE and module != PACKAGE
    ]
    assert not upward, "\n".join(upward)


def readme_layout_modules() -> dict[str, str]:
    """The modules the README's "Layout" section describes: `imagejobs/x/y` -> what it holds.

    Each package has a bold ``**`src/imagejobs/.../`**`` line, then a table whose rows begin
    with a module's file name.
    """
    text = README.read_text(encoding="utf-8").split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    named: dict[str, str] = {}
    package = None
    for number, line in enumerate(text.splitlines(), 1):
        if heading := re.match(r"\*\*`src/(imagejobs(?:/\w+)*)/`\*\*", line):
            package = heading.group(1)
        elif row := re.match(r"\| `(\w+)\.py` \| (.*) \|$", line):
            assert package, f"README Layout line {number}: a module row before any package line"
            named[f"{package}/{row.group(1)}"] = row.group(2).strip()
    return named


def test_the_readme_layout_names_every_module() -> None:
    named = readme_layout_modules()
    modules = {path.relative_to(SRC).with_suffix("").as_posix() for path in MODULES.values()}
    assert not modules - named.keys(), (
        "README.md, Layout: add a row saying what each of these holds: "
        f"{sorted(modules - named.keys())}"
    )
    assert not named.keys() - modules, (
        f"README.md, Layout: these modules are gone: {sorted(named.keys() - modules)}"
    )
    empty = sorted(module for module, what in named.items() if not what)
    assert not empty, f"README.md, Layout: say what these hold: {empty}"


def test_the_fakes_never_import_the_facade_clients() -> None:
    wrong = [
        f"{module} imports {target}, line {line}"
        for module, target, line in edges()
        if under(module, TESTING)
        and not under(target, TESTING)
        and LAYER.get(target, TESTING_MAY_READ + 1) > TESTING_MAY_READ
    ]
    assert not wrong, "\n".join(wrong)


def test_nothing_below_the_cli_imports_codegen_or_the_fakes() -> None:
    wrong = [
        f"{module} imports {target}, line {line}"
        for module, target, line in edges()
        if (module in LAYER or under(module, TESTING))
        and module != "imagejobs.cli"
        and any(under(target, prefix) for prefix in CODEGEN)
    ]
    wrong += [
        f"{module} imports the fakes ({target}), line {line}"
        for module, target, line in edges()
        if module in LAYER
        and module not in {"imagejobs.cli", "imagejobs.demo"}
        and under(target, TESTING)
    ]
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from . import errors", {"imagejobs.errors"}),
        ("from .errors import APIError", {"imagejobs.errors"}),
        ("from imagejobs import Topaz", {"imagejobs"}),
        ("def f():\n    from .topaz import Topaz", {"imagejobs.topaz"}),
        ("if TYPE_CHECKING:\n    import imagejobs.job", {"imagejobs.job"}),
        ("import httpx", set()),
    ],
)
def test_import_resolution(
    source: str, expected: set[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The resolver itself, on a module placed at imagejobs/_probe.py.
    probe = SRC / PACKAGE / "_probe.py"
    monkeypatch.setitem(MODULES, "imagejobs._probe", tmp_path / "_probe.py")
    (tmp_path / "_probe.py").write_text(source, encoding="utf-8")
    assert not probe.exists()
    assert {target for target, _ in imports("imagejobs._probe")} == expected
