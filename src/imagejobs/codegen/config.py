"""The codegen config (``specs/codegen.yaml``): one small validated model."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .problems import SpecProblem

CONFIG_PATH = Path("specs/codegen.yaml")
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class SpecEntry(BaseModel):
    """One spec to generate a package from."""

    model_config = ConfigDict(extra="forbid")

    spec: str
    vendor: bool = False
    """A vendor's published file: must be valid OpenAPI, but our style lint only warns."""
    overlays: list[str] = Field(default_factory=list)
    """OpenAPI Overlay 1.0 documents applied, in order, before validation and generation."""
    class_overrides: dict[str, dict[str, str]] = Field(default_factory=dict)
    """Passed to openapi-python-client's ``class_overrides`` for stable class names."""


class CodegenConfig(BaseModel):
    """The whole ``specs/codegen.yaml``."""

    model_config = ConfigDict(extra="forbid")

    package_prefix: str = "imagejobs_gen_"
    generated_dir: str = "generated"
    templates_dir: str = "templates"
    specs: dict[str, SpecEntry]

    @field_validator("specs")
    @classmethod
    def _names_are_identifiers(cls, specs: dict[str, SpecEntry]) -> dict[str, SpecEntry]:
        for name in specs:
            if not _NAME.match(name):
                raise ValueError(f"spec name {name!r} must be a lower-case Python identifier")
        return specs

    def package(self, name: str) -> str:
        """The import name of the package generated for spec ``name``."""
        return f"{self.package_prefix}{name}"


def load_config(root: Path) -> CodegenConfig:
    """Read and validate ``specs/codegen.yaml`` under ``root``."""
    path = root / CONFIG_PATH
    try:
        text = path.read_text(encoding="utf-8")
        data = yaml.safe_load(text)
    except FileNotFoundError:
        raise SpecProblem(str(CONFIG_PATH), 0, "codegen config not found") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 0
        raise SpecProblem(str(CONFIG_PATH), line, f"YAML syntax error: {exc}") from None
    try:
        config = CodegenConfig.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        line = _line_of(text, tuple(first["loc"]))
        raise SpecProblem(str(CONFIG_PATH), line, f"{where}: {first['msg']}") from None
    for name, entry in config.specs.items():
        for i, rel in enumerate([entry.spec, *entry.overlays]):
            if not (root / rel).is_file():
                ptr = ("specs", name, "spec") if i == 0 else ("specs", name, "overlays", i - 1)
                line = _line_of(text, ptr)
                raise SpecProblem(
                    str(CONFIG_PATH), line, f"specs.{name}: file {rel} does not exist"
                )
    return config


def _line_of(text: str, loc: tuple[str | int, ...]) -> int:
    """Line of the config node at ``loc`` (or its nearest ancestor), so errors read file:line."""
    from .specload import _line_map

    lines = _line_map(text)
    for i in range(len(loc), 0, -1):
        if loc[:i] in lines:
            return lines[loc[:i]]
    return 0
