"""A spec is untrusted input: hostile specs and configs, each through scripts/generate.py.

Each file in hostile/ is one attack, with ``# attack:`` and ``# expect:`` (the exact first stderr
line, or ``generates``). How a file is installed, by its name:
- ``codegen_*.yaml`` replaces specs/codegen.yaml;
- ``gen_*.yaml`` are the attacks whose right outcome is safe generation; they are generated
  together in one run (one entry each) and their packages imported and type-checked;
- anything else becomes specs/hostile.yaml with a ``vendor: true`` entry (a vendor's file is what
  arrives untrusted), or ``vendor: false`` if the file says ``# vendor: false``.
Attacks that cannot be a small text file (deep nesting, a 40 MB file, bad bytes, symlinks) are
built below. Every refusal must: exit 5 (bad spec) with the expected line, print no traceback,
leave generated/ as it was (hashes and mtimes), leave no temporary tree, and write nothing outside
the repository copy (the rest of ``tmp_path`` is snapshotted; it holds ``outside.yaml``, the file a
``../`` reference aims at).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import Run, copy_repo, leftovers, run_script, snapshot

HOSTILE = Path(__file__).parent / "hostile"
REFUSALS = sorted(p.name for p in HOSTILE.glob("*.yaml") if not p.name.startswith("gen_"))
GENERATES = sorted(p.name for p in HOSTILE.glob("gen_*.yaml"))
PWNED = Path("/tmp/imagejobs-pwned")  # what yaml_python_tag.yaml would create if it ran
OUTSIDE_OUT = Path("/tmp/imagejobs-hostile-out")  # codegen_generated_absolute.yaml's target


def header(path: Path, key: str) -> str:
    match = re.search(rf"^# {key}: (.+)$", path.read_text(encoding="utf-8"), re.M)
    assert match, f"{path.name} has no `# {key}:` line"
    return match.group(1)


def add_entry(root: Path, name: str, rel: str, *, vendor: bool = True) -> None:
    with (root / "specs/codegen.yaml").open("a", encoding="utf-8") as config:
        config.write(f"  {name}:\n    spec: {rel}\n" + ("    vendor: true\n" if vendor else ""))


def install(path: Path, root: Path) -> None:
    if path.name.startswith("codegen_"):
        shutil.copy(path, root / "specs/codegen.yaml")
        return
    shutil.copy(path, root / "specs/hostile.yaml")
    vendor = "# vendor: false" not in path.read_text(encoding="utf-8")
    add_entry(root, "hostile", "specs/hostile.yaml", vendor=vendor)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repo copy at tmp_path/repo, next to a file a hostile path could reach."""
    # A catastrophic pattern must be stopped by the limit, not by the test's patience.
    monkeypatch.setenv("IMAGEJOBS_VALIDATION_SECONDS", "2")
    monkeypatch.setenv("IMAGEJOBS_GENERATOR_SECONDS", "120")
    (tmp_path / "outside.yaml").write_text("Thing: {type: string}\n", encoding="utf-8")
    return copy_repo(tmp_path / "repo")


def outside(tmp_path: Path) -> dict[str, tuple[str, int]]:
    return {k: v for k, v in snapshot(tmp_path).items() if not k.startswith("repo/")}


def assert_refused(run: Run, expected: str, root: Path, before: dict[str, tuple[str, int]],
                   around: dict[str, tuple[str, int]]) -> None:  # fmt: skip
    assert "Traceback" not in run.stderr, run.stderr
    assert run.code == 5, run.stderr  # bad spec, in the CLI's one exit-code map
    assert run.first_error == expected
    assert run.stderr.splitlines()[-1].endswith("; generated/ was not changed")
    assert snapshot(root / "generated") == before
    assert leftovers(root) == []
    assert outside(root.parent) == around
    assert not PWNED.exists()
    assert not OUTSIDE_OUT.exists()


def test_every_attack_class_has_a_case() -> None:
    assert {
        "codegen_spec_newline.yaml", "codegen_generated_parent.yaml", "codegen_duplicate_entry.yaml",
        "codegen_package_stdlib.yaml", "codegen_name_traversal.yaml", "yaml_python_tag.yaml",
        "yaml_alias_bomb.yaml", "ref_remote.yaml", "ref_file_url.yaml", "ref_outside.yaml",
        "ref_cycle.yaml", "catastrophic_pattern.yaml", "yaml_recursive_alias.yaml",
    } <= set(REFUSALS)  # fmt: skip
    assert set(GENERATES) == {
        "gen_dcg_keys.yaml", "gen_text.yaml", "gen_credentials.yaml", "gen_reserved_names.yaml",
        "gen_invisible.yaml",
    }  # fmt: skip
    for name in REFUSALS + GENERATES:
        assert header(HOSTILE / name, "attack")
        assert header(HOSTILE / name, "expect")


@pytest.mark.parametrize("name", REFUSALS)
def test_hostile_input_is_refused_at_its_line(world: Path, name: str) -> None:
    install(HOSTILE / name, world)
    before, around = snapshot(world / "generated"), outside(world.parent)
    started = time.monotonic()

    run = run_script(world)

    assert_refused(run, header(HOSTILE / name, "expect"), world, before, around)
    assert time.monotonic() - started < 30  # the catastrophic pattern is cut at 2 s


# --- attacks built here: what a small text file cannot carry --------------------------------


def _deep_yaml(root: Path) -> str:
    (root / "specs/hostile.yaml").write_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    return "specs/hostile.yaml"


def _deep_block_yaml(root: Path) -> str:
    lines = [" " * i + f"k{i}:" for i in range(2_000)]
    (root / "specs/hostile.yaml").write_text("\n".join(lines) + " x\n")
    return "specs/hostile.yaml"


def _deep_json(root: Path) -> str:
    (root / "specs/hostile.json").write_text('{"a": ' + "[" * 100_000 + "]" * 100_000 + "}")
    return "specs/hostile.json"


def _json_numbers(root: Path) -> str:
    (root / "specs/hostile.json").write_text('{"openapi": "3.1.0",\n "x": 1e400}\n')
    return "specs/hostile.json"


def _json_long_int(root: Path) -> str:
    (root / "specs/hostile.json").write_text('{"openapi": "3.1.0",\n "x": ' + "7" * 5000 + "}\n")
    return "specs/hostile.json"


def _not_utf8(root: Path) -> str:
    (root / "specs/hostile.yaml").write_bytes(b"openapi: 3.1.0\ninfo: {title: \xff\xfe}\n")
    return "specs/hostile.yaml"


def _json_surrogate(root: Path) -> str:
    (root / "specs/hostile.json").write_text(
        '{"openapi": "3.1.0",\n "info": {"title": "\\udead"}}\n'
    )
    return "specs/hostile.json"


def _huge(root: Path) -> str:
    with (root / "specs/hostile.yaml").open("w") as f:
        f.write("openapi: 3.1.0\nx-pad: |\n")
        line = "  " + "x" * 1022 + "\n"
        f.writelines(line for _ in range(40 * 1024))
    return "specs/hostile.yaml"


def _symlink_spec(root: Path) -> str:
    (root / "specs/hostile.yaml").symlink_to(root.parent / "outside.yaml")
    return "specs/hostile.yaml"


def _symlink_generated(root: Path) -> str:
    # generated/ itself a link out of the repository: the swap would replace the target.
    target = root.parent / "elsewhere"
    shutil.move(root / "generated", target)
    (root / "generated").symlink_to(target)
    return ""


BUILT: dict[str, tuple[Callable[[Path], str], str]] = {
    "deep-yaml-flow": (_deep_yaml, "specs/hostile.yaml:1: nesting is deeper than 128 levels"),
    "deep-yaml-block": (_deep_block_yaml, "specs/hostile.yaml:1026: nesting is deeper than 128 levels"),
    "deep-json": (_deep_json, "specs/hostile.json: nesting is deeper than 128 levels"),
    "json-1e400": (_json_numbers, "specs/hostile.json:2: number 1e400 is out of range (it would become infinity)"),
    "json-5000-digits": (_json_long_int, "specs/hostile.json:2: an integer of 5,000 digits; the limit is 4,300"),
    "json-lone-surrogate": (_json_surrogate, "specs/hostile.json:2: text holds a lone surrogate (U+DEAD, written as an escape): it is not a character and cannot be written as UTF-8"),
    "not-utf8": (_not_utf8, "specs/hostile.yaml:2: not UTF-8 text (invalid start byte at byte 29)"),
    "40-MB": (_huge, "specs/hostile.yaml: file is 41,984,024 bytes; the limit is 33,554,432"),
    "symlink-spec": (_symlink_spec, "specs/codegen.yaml:{spec_line}: specs.hostile: specs/hostile.yaml leads outside the repository"),
    "symlink-generated": (_symlink_generated, "specs/codegen.yaml: generated_dir leads outside the repository"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(BUILT))
def test_built_hostile_input_is_refused(world: Path, case: str) -> None:
    build, expected = BUILT[case]
    rel = build(world)
    # The appended entry's `spec:` line, whatever the committed codegen.yaml's length.
    spec_line = 2 + len((world / "specs/codegen.yaml").read_text(encoding="utf-8").splitlines())
    expected = expected.replace("{spec_line}", str(spec_line))
    if rel:
        add_entry(world, "hostile", rel)
    before, around = snapshot(world / "generated"), outside(world.parent)

    run = run_script(world)

    assert_refused(run, expected, world, before, around)


# --- attacks whose right outcome is a safe package ---------------------------------------------

MARKER_MODULE = """\
from pathlib import Path
Path(__file__).with_name("IMPORTED").write_text("the spec chose this module")
class Base: ...
class Other: ...
class Imported: ...
Custom = Typed = U = str
"""


@pytest.fixture(scope="module")
def generated_hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run]:
    """One run generating every gen_*.yaml, each as its own vendor entry (one process, ~6 s)."""
    tmp = tmp_path_factory.mktemp("hostile-gen")
    (tmp / "outside.yaml").write_text("Thing: {type: string}\n", encoding="utf-8")
    root = copy_repo(tmp / "repo")
    for name in GENERATES:
        stem = Path(name).stem
        shutil.copy(HOSTILE / name, root / f"specs/{stem}.yaml")
        add_entry(root, stem, f"specs/{stem}.yaml")
    # The module the dcg keys name, importable when the package is: if any key survived, the
    # package's import would run it and leave IMPORTED next to it.
    markers = tmp / "markers"
    markers.mkdir()
    (markers / "hostile_marker.py").write_text(MARKER_MODULE, encoding="utf-8")
    around = outside(tmp)
    env = {**os.environ, "IMAGEJOBS_VALIDATION_SECONDS": "30"}
    proc = subprocess.run(
        [sys.executable, str(root / "scripts/generate.py"), "--root", str(root), "-v"],
        cwd=root, capture_output=True, text=True, check=False, env=env,
    )  # fmt: skip
    assert outside(tmp) == around
    return root, Run(proc.returncode, proc.stdout, proc.stderr)


def _import_all(generated: Path, package: str, markers: Path) -> subprocess.CompletedProcess[str]:
    probe = (
        "import importlib, pkgutil, sys; sys.path[:0] = sys.argv[1:3];"
        f" pkg = importlib.import_module({package!r});"
        f" [importlib.import_module(m.name) for m in pkgutil.walk_packages(pkg.__path__, {package + '.'!r})];"
        f" importlib.import_module({package + '.schemas'!r})"
    )
    return subprocess.run(
        [sys.executable, "-c", probe, str(generated), str(markers)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip


@pytest.mark.slow
def test_hostile_specs_generate_safely(generated_hostile: tuple[Path, Run]) -> None:
    root, run = generated_hostile
    assert run.code == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert leftovers(root) == []
    for name in GENERATES:
        assert header(HOSTILE / name, "expect") == "generates"
        assert f"-> generated generated/imagejobs_gen_{Path(name).stem}" in run.stdout


@pytest.mark.slow
@pytest.mark.parametrize("name", GENERATES)
def test_hostile_package_imports_and_type_checks(
    generated_hostile: tuple[Path, Run], name: str
) -> None:
    root, run = generated_hostile
    assert run.code == 0, run.stderr
    package = f"imagejobs_gen_{Path(name).stem}"
    markers = root.parent / "markers"
    imported = _import_all(root / "generated", package, markers)
    assert imported.returncode == 0, imported.stderr
    assert not (markers / "IMPORTED").exists(), "a spec chose a module the package imports"
    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", package],
        cwd=root / "generated", capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout


@pytest.mark.slow
def test_generator_keys_are_stripped_and_named(generated_hostile: tuple[Path, Run]) -> None:
    root, run = generated_hostile
    schemas = (root / "generated/imagejobs_gen_gen_dcg_keys/schemas.py").read_text("utf-8")
    assert "hostile_marker" not in schemas
    for key in ("customBasePath", "customTypePath", "x-python-import", "x-python-type",
                "x-is-base-class", "x-is-classvar", "x-enum-field-as-literal",
                "x-datamodel-code-generator-field-name", "x-python-union-branch"):  # fmt: skip
        assert f"`{key}` chooses Python code in the generated models; removed" in run.stderr
    # A property that happens to be called like a key is a name, not a key: it is kept.
    assert "properties/customBasePath: `customBasePath`" not in run.stderr
    assert re.search(r"^\s+customBasePath: ", schemas, re.M)


@pytest.mark.slow
def test_hostile_text_keeps_its_values(generated_hostile: tuple[Path, Run]) -> None:
    root, run = generated_hostile
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        " from imagejobs_gen_gen_text import schemas, models;"
        " print(sorted(m.value for m in schemas.Shades) == sorted(m.value for m in models.Shades));"
        " print(len(schemas.Shades), schemas.Shades('a\"b ').name, schemas.Shades('format').name);"
        " print(schemas.Item.model_fields['greeting'].default)"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(root / "generated")],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    # Every value survives in both packages; no member shadows a str method.
    assert out == ["True", "12 AB_1 FORMAT", '\'"""\'\\']
    api = root / "generated/imagejobs_gen_gen_text/api"
    assert {p.name for p in (api / "tag").iterdir()} >= {"get_item.py", "get_item_2.py"}
    assert "generated as 'item2'" in run.stderr


@pytest.mark.slow
def test_no_credential_becomes_a_default(generated_hostile: tuple[Path, Run]) -> None:
    root, _ = generated_hostile
    package = root / "generated/imagejobs_gen_gen_credentials"
    leaked = [
        p.relative_to(package).as_posix()
        for p in package.rglob("*")
        if p.is_file() and b"sk-live-" in p.read_bytes()
    ]
    assert leaked == []
    # An ordinary default still becomes one: the stripping is about credentials only.
    endpoint = (package / "api/default/list_things.py").read_text("utf-8")
    assert "limit: int | Unset = 10," in endpoint
    model = (package / "models/login.py").read_text("utf-8")
    assert 'user: str | Unset = "ada"' in model
    assert "max_tokens: int | Unset = 256" in model
    assert "ada" in (package / "schemas.py").read_text("utf-8")


ROUND_TRIP = """
import json, sys
sys.path.insert(0, sys.argv[1])
import httpx
from imagejobs_gen_gen_reserved_names import Client
from imagejobs_gen_gen_reserved_names.api.default import make_thing
from imagejobs_gen_gen_reserved_names.models import Thing

wire = {"to_dict": "a", "from_dict": "b", "d": "c", "field_dict": "e", "cls": "f", "cast": 7,
        "json": "g", "files": ["h"], "types": "i", "additionalProperties": "j",
        "additional_keys": "k", "thing": "l", "when": "2026-12-01T10:00:00+00:00", "extra": 1}
seen = []

def handler(request):
    seen.append({"url": str(request.url), "header": request.headers.get("headers"),
                 "json": json.loads(request.content)})
    return httpx.Response(200, json=wire)

client = Client(base_url="https://api.example.invalid",
                httpx_args={"transport": httpx.MockTransport(handler)})
thing = Thing.from_dict(wire)
back = make_thing.sync(quote_path="a b/c", client=client, body=thing, body_query="x", client_query="y",
                       params_query=3, headers_header="z", types="t", files="f")
print(json.dumps({"round_trip": thing.to_dict() == wire, "answer": back.to_dict() == wire,
                  "d": thing.d, "thing": thing.thing, "extra": thing["extra"],
                  "additional": thing.additional_properties_, "request": seen[0]}))
"""


@pytest.mark.slow
def test_names_the_generated_code_binds_are_renamed_in_python_only(
    generated_hostile: tuple[Path, Run],
) -> None:
    root, run = generated_hostile
    assert run.code == 0, run.stderr
    assert (
        "specs/gen_reserved_names.yaml:13: warning: /paths/~1things~1{quote}/post/parameters/0:"
        " parameter 'quote' is `quote_path` in Python: the generated code uses `quote` itself"
        " (the wire name is kept)"
    ) in run.stderr
    assert "property 'additionalProperties' is `additional_properties_` in Python" in run.stderr
    out = subprocess.run(
        [sys.executable, "-c", ROUND_TRIP, str(root / "generated")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["round_trip"] is True
    assert result["answer"] is True
    assert (result["d"], result["thing"], result["extra"], result["additional"]) == (
        "c",
        "l",
        1,
        "j",
    )
    request = result["request"]
    assert request["url"] == (
        "https://api.example.invalid/things/a%20b%2Fc?body=x&client=y&params=3&types=t&files=f"
    )
    assert request["header"] == "z"
    # The body goes out under the wire names, the unknown key included.
    assert request["json"] == {
        "to_dict": "a", "from_dict": "b", "d": "c", "field_dict": "e", "cls": "f", "cast": 7,
        "json": "g", "files": ["h"], "types": "i", "additionalProperties": "j",
        "additional_keys": "k", "thing": "l", "when": "2026-12-01T10:00:00+00:00", "extra": 1,
    }  # fmt: skip


INVISIBLE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]"
)


@pytest.mark.slow
def test_no_control_or_bidi_character_reaches_generated_source(
    generated_hostile: tuple[Path, Run],
) -> None:
    root, run = generated_hostile
    assert run.code == 0, run.stderr
    package = root / "generated/imagejobs_gen_gen_invisible"
    sources = {
        p.relative_to(package).as_posix(): p.read_text("utf-8") for p in package.rglob("*.py")
    }
    assert "api/default/make_thing.py" in sources
    assert {
        rel: INVISIBLE.findall(text) for rel, text in sources.items() if INVISIBLE.search(text)
    } == {}
    # Escaped, the values are unchanged: the defaults and the wire name keep their character
    # (the enum whose value holds one is a plain string: safe-enums, see test_hostile_text).
    probe = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        " from imagejobs_gen_gen_invisible import models, schemas;"
        " print(repr(models.Thing().label)); print(repr(schemas.Thing().label));"
        " print(repr(schemas.Thing.model_fields['na_me'].alias))"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe, str(root / "generated")],
        capture_output=True, text=True, check=True,
    ).stdout.splitlines()  # fmt: skip
    assert out == [repr("abc\u202edef"), repr("abc\u202edef"), repr("na\u202eme")]
