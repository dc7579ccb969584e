"""``generated/MANIFEST.json``: what produced the tree, and whether a package can be reused.

It also answers ``--check`` without generating (:func:`up_to_date`): the manifest records every
input's hash and every output file's, so when all of them still hash as recorded, regenerating
could only write the same tree.

A package is reused only when every input that can change it hashes the same: the spec and its
overlays, its codegen.yaml entry, the templates, the tool versions, and every file of this
``imagejobs.codegen`` package (hashed as a whole, so no hand-kept list can forget one).

``imagejobs_providers``, the compiled provider descriptions, is reused the same way: when every
description (``specs/providers/*.yaml``) and every package's inputs hash as recorded, the
effective specs and endpoint modules it was compiled against are the same, so no spec is read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .config import CodegenConfig, SpecEntry

__all__ = [
    "CODE_SHA256",
    "DESCRIPTIONS_DIR",
    "MANIFEST",
    "PROVIDERS_PACKAGE",
    "PlanLike",
    "build_manifest",
    "checked_with",
    "description_files",
    "file_hashes",
    "inputs_sha256",
    "plan_inputs_sha256",
    "providers_inputs_sha256",
    "providers_record",
    "providers_reusable",
    "read_manifest",
    "reusable",
    "sha256",
    "sources_record",
    "tree_sha256",
    "up_to_date",
]

MANIFEST = "MANIFEST.json"
DESCRIPTIONS_DIR = "specs/providers"
"""Where provider descriptions live (``<name>.yaml``), relative to the repository root."""
PROVIDERS_PACKAGE = "imagejobs_providers"
"""The one package every description compiles into."""


def sha256(data: bytes) -> str:
    """Hex sha256 of ``data``."""
    return hashlib.sha256(data).hexdigest()


def tree_sha256(directory: Path, pattern: str = "*") -> str:
    """One hash over the names and bytes of every file under ``directory``."""
    digest = hashlib.sha256()
    for path in sorted(
        p for p in directory.rglob(pattern) if p.is_file() and "__pycache__" not in p.parts
    ):
        digest.update(
            path.relative_to(directory).as_posix().encode() + b"\0" + path.read_bytes() + b"\0"
        )
    return digest.hexdigest()


CODE_SHA256 = tree_sha256(Path(__file__).parent, "*.py")
"""Every module of imagejobs.codegen: a change to any of them can change the output."""


def inputs_sha256(root: Path, files: list[str], settings: dict[str, Any]) -> str:
    """The hash of one package's inputs: its files' bytes and every setting that shapes it."""
    digest = hashlib.sha256()
    for rel in files:
        digest.update(rel.encode() + b"\0" + (root / rel).read_bytes() + b"\0")
    digest.update(json.dumps({**settings, "code": CODE_SHA256}, sort_keys=True).encode())
    return digest.hexdigest()


def read_manifest(generated: Path) -> dict[str, Any]:
    """The committed manifest, or {} when there is none or it is unreadable."""
    try:
        data = json.loads((generated / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def file_hashes(directory: Path, relative_to: Path) -> dict[str, str]:
    """sha256 of every file under ``directory``, keyed by its path relative to ``relative_to``."""
    return {
        p.relative_to(relative_to).as_posix(): sha256(p.read_bytes())
        for p in sorted(directory.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def reusable(generated: Path, old: dict[str, Any], name: str, package: str, inputs: str) -> bool:
    """True when the committed package came from the same inputs and was not hand-edited."""
    entry = (old.get("specs") or {}).get(name) or {}
    if entry.get("inputs_sha256") != inputs or not entry.get("files"):
        return False
    return bool(file_hashes(generated / package, generated) == entry["files"])


def description_files(root: Path) -> list[str]:
    """Every provider description, sorted, relative to ``root`` (``specs/providers/*.yaml``)."""
    folder = root / DESCRIPTIONS_DIR
    if not folder.is_dir():
        return []
    return sorted(f"{DESCRIPTIONS_DIR}/{p.name}" for p in folder.glob("*.yaml") if p.is_file())


def providers_inputs_sha256(root: Path, files: list[str], plans: Sequence[PlanLike]) -> str:
    """The hash of what shapes imagejobs_providers: the descriptions and every package's inputs.

    A package's inputs hash covers its spec, overlays, entry, tools and this code, so an
    unchanged hash means an unchanged effective spec and endpoint modules to compile against.
    """
    packages = {p.name: p.inputs_sha256 for p in plans}
    return inputs_sha256(root, files, {"packages": packages})


def providers_reusable(generated: Path, recorded: Any, inputs: str) -> bool:
    """True when the committed imagejobs_providers came from these inputs and was not edited."""
    if not isinstance(recorded, dict) or recorded.get("inputs_sha256") != inputs:
        return False
    files = recorded.get("files")
    return bool(files) and file_hashes(generated / PROVIDERS_PACKAGE, generated) == files


def providers_record(root: Path, files: list[str], inputs: str, out: Path) -> dict[str, Any]:
    """What the manifest says of a freshly written imagejobs_providers under ``out``."""
    return {
        "package": PROVIDERS_PACKAGE,
        "descriptions": {rel: sha256((root / rel).read_bytes()) for rel in files},
        "inputs_sha256": inputs,
        "files": file_hashes(out / PROVIDERS_PACKAGE, out),
    }


class PlanLike(Protocol):
    """What the manifest needs of one spec's plan (``pipeline.Plan`` has it all)."""

    name: str
    entry: SpecEntry
    package: str
    inputs_sha256: str
    operations_generated: int
    operations_total: int
    operations_selected: int | None
    files: dict[str, str]


@dataclass
class _Recorded:
    """A plan as the manifest recorded it: enough to rebuild the manifest without generating."""

    name: str
    entry: SpecEntry
    package: str
    inputs_sha256: str = ""
    operations_generated: int = 0
    operations_total: int = 0
    operations_selected: int | None = None
    files: dict[str, str] = field(default_factory=dict)


def plan_inputs_sha256(
    root: Path, config: CodegenConfig, plan: PlanLike, versions: dict[str, str], templates: str
) -> str:
    """The hash of everything that shapes one package (see :func:`inputs_sha256`)."""
    # `source` is where the spec comes from, not what shapes the package: leave it out, so adding
    # one does not regenerate anything.
    entry = plan.entry.model_dump(exclude={"source"})
    return inputs_sha256(
        root,
        [plan.entry.spec, *plan.entry.overlays],
        {
            "entry": entry,
            "tools": versions,
            "templates": templates,
            "prefix": config.package_prefix,
        },
    )


def sources_record(
    root: Path,
    plans: Sequence[PlanLike],
    old: dict[str, Any],
    fetched: dict[str, dict[str, Any]] | None,
) -> dict[str, dict[str, Any]]:
    """Per spec with a ``source:``, what the next conditional request needs (see update.py)."""
    out: dict[str, dict[str, Any]] = {}
    for plan in plans:
        if plan.entry.source is None:
            continue
        record = (fetched or {}).get(plan.name) or (
            (old.get("specs") or {}).get(plan.name) or {}
        ).get("source")
        spec_sha = sha256((root / plan.entry.spec).read_bytes())
        # Kept only while it describes this URL and these bytes: a hand-edited or re-pointed
        # spec then gets an unconditional request next time.
        if (
            isinstance(record, dict)
            and record.get("url") == plan.entry.source
            and record.get("sha256") == spec_sha
        ):
            out[plan.name] = dict(record)
    return out


def build_manifest(
    root: Path,
    plans: Sequence[PlanLike],
    versions: dict[str, str],
    templates: str,
    sources: dict[str, dict[str, Any]],
    providers: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The manifest a build of ``plans`` writes (and :func:`up_to_date` expects to find).

    ``providers`` is imagejobs_providers' record, when there are descriptions.
    """
    return {
        **({"providers": providers} if providers is not None else {}),
        "generated_by": "scripts/generate.py",
        "note": "Do not edit generated/ by hand; change specs/ or templates/ and rerun scripts/generate.py.",
        "tools": versions,
        "checked_with": checked_with(root),
        "templates_sha256": templates,
        "specs": {
            p.name: {
                "spec": p.entry.spec,
                "spec_sha256": sha256((root / p.entry.spec).read_bytes()),
                "overlays": {o: sha256((root / o).read_bytes()) for o in p.entry.overlays},
                "vendor": p.entry.vendor,
                "package": p.package,
                "inputs_sha256": p.inputs_sha256,
                "operations_generated": p.operations_generated,
                "operations_total": p.operations_total,
                **(
                    {"operations_selected": p.operations_selected}
                    if p.operations_selected is not None
                    else {}
                ),
                "files": p.files,
                **({"source": sources[p.name]} if p.name in sources else {}),
            }
            for p in plans
        },
    }


def checked_with(root: Path) -> dict[str, str]:
    """Installed versions of the rest of the pinned codegen extra (validator, overlay tool...).

    They do not write code, but they decide what is valid and what the effective spec is, so a
    change of any of them must make the next ``--check`` (and its manifest shortcut) look again.
    """
    from importlib import metadata

    from .toolchain import TOOLS, pinned_versions

    out: dict[str, str] = {}
    for name in sorted(pinned_versions(root)):
        if name in TOOLS:
            continue
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def up_to_date(root: Path, config: CodegenConfig) -> bool:
    """True only when generated/ is exactly what a build would write, judged from the manifest.

    Every input (spec and overlay bytes, the codegen.yaml entry, templates, tool versions, this
    package's code) must hash as recorded, every output file must hash as recorded with no file
    missing or extra, and the manifest itself must be the one a build would write now. Any doubt
    answers False and the caller regenerates to compare: the shortcut can only say "current".
    """
    generated = root / config.generated_dir
    old = read_manifest(generated)
    if set(old.get("specs") or {}) != set(config.specs):
        return False
    from .toolchain import installed_versions

    versions = installed_versions(root)
    templates = tree_sha256(root / config.templates_dir)
    plans: list[_Recorded] = []
    for name, entry in config.specs.items():
        plan = _Recorded(name, entry, config.package(name))
        plan.inputs_sha256 = plan_inputs_sha256(root, config, plan, versions, templates)
        if not reusable(generated, old, name, plan.package, plan.inputs_sha256):
            return False
        recorded = old["specs"][name]
        plan.operations_generated = int(recorded.get("operations_generated", 0))
        plan.operations_total = int(recorded.get("operations_total", 0))
        selected = recorded.get("operations_selected")
        plan.operations_selected = int(selected) if selected is not None else None
        plan.files = dict(recorded["files"])
        plans.append(plan)
    providers = old.get("providers")
    files = description_files(root)
    inputs = providers_inputs_sha256(root, files, plans)
    if bool(files) != (providers is not None) or (
        files and not providers_reusable(generated, providers, inputs)
    ):
        return False
    sources = sources_record(root, plans, old, None)
    if build_manifest(root, plans, versions, templates, sources, providers) != old:
        return False
    expected = {f for plan in plans for f in plan.files} | {MANIFEST}
    expected |= set((providers or {}).get("files") or {})
    actual = {
        p.relative_to(generated).as_posix()
        for p in generated.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts and not p.name.endswith(".pyc")
    }
    return actual == expected
