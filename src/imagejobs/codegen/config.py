"""``specs/codegen.yaml``: one small validated model, checked before anything is written.

The config is input too: an entry name becomes a package name, paths become reads and writes. So
names are plain identifiers, every path stays inside the repository and names no control
characters, the output and template folders cannot be the repository itself or a source folder,
and a name given twice is an error (YAML would silently keep the last one).
"""

from __future__ import annotations

import keyword
import re
import sys
from pathlib import Path, PurePosixPath
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from .problems import Finding, SpecProblem
from .spec.load import read_spec_file

__all__ = ["CONFIG_PATH", "CodegenConfig", "Select", "SpecEntry", "load_config"]

CONFIG_PATH = Path("specs/codegen.yaml")
_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_PREFIX = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_SAFE_PATH = re.compile(r"^[A-Za-z0-9_./-]+$")
# Folders the generated tree must never replace: the swap deletes what it replaces.
_PROTECTED = {
    "",
    ".",
    "src",
    "specs",
    "templates",
    "tests",
    "scripts",
    "docs",
    "bench",
    ".git",
    ".ci",
}


def _relative_path(value: str, what: str) -> str:
    """A repository-relative POSIX path without surprises, or ValueError saying why."""
    if not _SAFE_PATH.match(value):
        raise ValueError(
            f"{what} {value!r} may only use letters, digits and _ . / - (no spaces or control characters)"
        )
    path = PurePosixPath(value)
    if path.is_absolute() or ".." in path.parts:
        raise ValueError(
            f"{what} {value!r} must be a path inside the repository (no / start, no ..)"
        )
    return path.as_posix()


class Select(BaseModel):
    """``select:``: generate only these operations (the union of what each selector matches)."""

    model_config = ConfigDict(extra="forbid")

    operations: list[str] = Field(default_factory=list)
    """operationIds, or ``METHOD /path`` exactly as the spec writes the path."""
    tags: list[str] = Field(default_factory=list)
    """Every operation carrying one of these tags."""
    paths: list[str] = Field(default_factory=list)
    """fnmatch-style patterns over the path (``/batches*``), optionally after a method
    (``GET /batches/*``)."""

    @field_validator("operations", "tags", "paths")
    @classmethod
    def _selectors(cls, values: list[str]) -> list[str]:
        for value in values:
            if not value.strip() or any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
                raise ValueError(
                    f"selector {value!r} must be non-empty text without control characters"
                )
        return values

    @model_validator(mode="after")
    def _something(self) -> Select:
        if not (self.operations or self.tags or self.paths):
            raise ValueError("select needs at least one of operations, tags or paths")
        return self


class SpecEntry(BaseModel):
    """One spec to generate a package from."""

    model_config = ConfigDict(extra="forbid")

    spec: str
    vendor: bool = False
    """A vendor's published file: validator findings the generators can live with and our style
    rules only warn; the vendor's bytes are never edited."""
    overlays: list[str] = Field(default_factory=list)
    """OpenAPI Overlay 1.0 documents applied, in order, before validation and generation."""
    class_overrides: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Passed to openapi-python-client's ``class_overrides`` for stable class names."""
    normalize: dict[str, bool] = Field(default_factory=dict)
    """Switch a normalization on or off (``const-parameters: false``); unnamed ones use their
    default, which is on for vendor specs and off for ours."""
    min_operations: float | None = Field(default=None, ge=0)
    """Fail when fewer operations are generated: a count (12) or a share of the spec's (0.9).
    Without it the build fails only when most operations would be lost."""
    select: Select | None = None
    """Generate only these operations and the schemas they reach; the diff, ``update`` and the
    manifest still read the whole file."""
    source: str | None = None
    """Where the vendor publishes this spec: ``imagejobs update`` downloads it from here. https
    only (http for localhost, for tests), no credentials in the URL."""

    @field_validator("source")
    @classmethod
    def _source(cls, value: str | None) -> str | None:
        if value is not None:
            check_source_url(value)
        return value

    @field_validator("spec")
    @classmethod
    def _spec_path(cls, value: str) -> str:
        path = _relative_path(value, "spec")
        if not (path.endswith((".yaml", ".yml", ".json"))):
            raise ValueError(f"spec {value!r} must be a .yaml, .yml or .json file")
        return path

    @field_validator("overlays")
    @classmethod
    def _overlay_paths(cls, values: list[str]) -> list[str]:
        return [_relative_path(v, "overlay") for v in values]

    @field_validator("class_overrides")
    @classmethod
    def _overrides(cls, value: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        for name, override in value.items():
            for key in ("class_name", "module_name"):
                if key in override and not _is_identifier(override[key]):
                    raise ValueError(
                        f"class_overrides.{name}.{key} {override[key]!r} is not a Python identifier"
                    )
        return value


class CodegenConfig(BaseModel):
    """The whole ``specs/codegen.yaml``."""

    model_config = ConfigDict(extra="forbid")

    package_prefix: str = "imagejobs_gen_"
    generated_dir: str = "generated"
    templates_dir: str = "templates"
    specs: dict[str, SpecEntry]
    _lines: dict[tuple[Any, ...], int] = PrivateAttr(default_factory=dict)

    @field_validator("package_prefix")
    @classmethod
    def _prefix(cls, value: str) -> str:
        if not _PREFIX.match(value):
            raise ValueError(
                f"package_prefix {value!r} must be a lower-case identifier start (like imagejobs_gen_)"
            )
        return value

    @field_validator("generated_dir", "templates_dir")
    @classmethod
    def _dirs(cls, value: str) -> str:
        path = _relative_path(value, "folder")
        if path in _PROTECTED or path.split("/")[0] in {".git", "src", "specs", "tests"}:
            raise ValueError(f"folder {value!r} would overwrite part of the repository")
        return path

    @field_validator("specs")
    @classmethod
    def _names(cls, specs: dict[str, SpecEntry]) -> dict[str, SpecEntry]:
        if not specs:
            raise ValueError("no specs listed")
        for name in specs:
            if not _NAME.match(name) or keyword.iskeyword(name):
                raise ValueError(
                    f"spec name {name!r} must be a lower-case Python identifier (a-z, 0-9, _)"
                )
        return specs

    @model_validator(mode="after")
    def _distinct_folders(self) -> CodegenConfig:
        if self.generated_dir == self.templates_dir:
            raise ValueError("generated_dir and templates_dir must differ")
        return self

    def line_of(self, loc: tuple[Any, ...]) -> int:
        """The codegen.yaml line of ``loc`` (``("specs", "openai", "select")``), or its parent's."""
        return _line_of(self._lines, loc)

    def package(self, name: str) -> str:
        """The import name of the package generated for spec ``name``."""
        return f"{self.package_prefix}{name}"


_TAKEN_MODULES = frozenset(sys.stdlib_module_names) | {
    "imagejobs", "openapi_python_client", "datamodel_code_generator", "pydantic", "pydantic_core",
    "httpx", "attr", "attrs", "dateutil", "typing_extensions", "yaml", "ruff", "mypy", "pytest",
}  # fmt: skip
"""Modules a generated package must not be named like: the standard library and what we run on."""


LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
"""Hosts a source may use plain http with: a test server on this machine."""


def check_source_url(url: str) -> None:
    """Raise ValueError saying why ``url`` may not be a spec source (also used for redirects)."""
    from urllib.parse import urlsplit

    if not url or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in url):
        raise ValueError(f"source {url!r} must be a URL without spaces or control characters")
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise ValueError(f"source {url!r} is not a URL: {exc}") from None
    if parts.scheme not in ("https", "http") or not host:
        raise ValueError(f"source {url!r} must be an https:// URL")
    if parts.scheme == "http" and host not in LOCAL_HOSTS:
        raise ValueError(f"source {url!r} must use https (plain http only for localhost)")
    if parts.username is not None or parts.password is not None:
        raise ValueError(f"source {url!r} must not carry credentials (it is committed)")


def _is_identifier(value: str) -> bool:
    return value.isidentifier() and value.isascii() and not keyword.iskeyword(value)


def load_config(root: Path) -> CodegenConfig:
    """Read and check ``specs/codegen.yaml`` under ``root``."""
    rel = CONFIG_PATH.as_posix()
    if not (root / CONFIG_PATH).is_file():
        raise SpecProblem(rel, 0, f"codegen config not found (looked for {root / CONFIG_PATH})")
    document = read_spec_file(root, rel)
    data, lines = document.data, document.lines
    if document.duplicates:
        raise SpecProblem.of(
            Finding(rel, line, f"{'.'.join(map(str, ptr))} is given twice; names must be unique")
            for ptr, line in document.duplicates
        )
    try:
        config = CodegenConfig.model_validate(data)
    except ValidationError as exc:
        findings = []
        for error in exc.errors():
            loc = tuple(error["loc"])
            message = str(error["msg"]).removeprefix("Value error, ")
            findings.append(
                Finding(
                    rel, _line_of(lines, loc), f"{'.'.join(map(str, loc)) or 'config'}: {message}"
                )
            )
        raise SpecProblem.of(findings) from None
    config._lines = lines
    for name in config.specs:
        # generated/ goes on sys.path: a package spelled `os` or `pydantic` (prefix `o` + name
        # `s`) would replace that module for everything imported after it.
        package = config.package(name)
        if package in _TAKEN_MODULES or keyword.iskeyword(package):
            raise SpecProblem(
                rel,
                _line_of(lines, ("specs", name)),
                f"specs.{name}: package {package!r} would shadow the module of that name; "
                "choose another package_prefix or name",
            )
    for name, entry in config.specs.items():
        for i, path in enumerate([entry.spec, *entry.overlays]):
            ptr: tuple[Any, ...] = (
                ("specs", name, "spec") if i == 0 else ("specs", name, "overlays", i - 1)
            )
            if not _inside(root, path):
                raise SpecProblem(
                    rel, _line_of(lines, ptr), f"specs.{name}: {path} leads outside the repository"
                )
            if not (root / path).is_file():
                raise SpecProblem(
                    rel, _line_of(lines, ptr), f"specs.{name}: file {path} does not exist"
                )
    for folder in ("generated_dir", "templates_dir"):
        if not _inside(root, getattr(config, folder)):
            raise SpecProblem(
                rel, _line_of(lines, (folder,)), f"{folder} leads outside the repository"
            )
    return config


def _inside(root: Path, rel: str) -> bool:
    """Whether ``root/rel`` stays inside ``root`` once symlinks are followed."""
    return (root / rel).resolve().is_relative_to(root.resolve())


def _line_of(lines: dict[tuple[Any, ...], int], loc: tuple[Any, ...]) -> int:
    for i in range(len(loc), 0, -1):
        if loc[:i] in lines:
            return lines[loc[:i]]
    return 0
