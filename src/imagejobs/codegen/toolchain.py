"""The generator toolchain: exact pins in pyproject, checked against what is installed.

Generated code depends on the generators' versions, so ``generated/`` is byte-identical on every
machine only if every machine runs the same ones. We refuse to generate with anything else.
"""

from __future__ import annotations

import tomllib
from importlib import metadata
from pathlib import Path

from .problems import ToolchainError

__all__ = ["TOOLS", "installed_versions", "pinned_versions"]

TOOLS = ("openapi-python-client", "datamodel-code-generator", "ruff")
"""The generators and the formatter whose output is committed."""
INSTALL_HINT = "pip install -e '.[codegen]'"


def pinned_versions(root: Path) -> dict[str, str]:
    """The ``==`` pins of the codegen extra in ``root/pyproject.toml``."""
    try:
        project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ToolchainError(f"cannot read {root / 'pyproject.toml'}: {exc}") from None
    extra = project.get("project", {}).get("optional-dependencies", {}).get("codegen", [])
    pins: dict[str, str] = {}
    for requirement in extra:
        name, sep, version = str(requirement).partition("==")
        if sep:
            pins[name.strip().lower()] = version.strip()
    return pins


def installed_versions(root: Path) -> dict[str, str]:
    """Installed tool versions, verified against the pins."""
    pins = pinned_versions(root)
    versions: dict[str, str] = {}
    wrong: list[str] = []
    for tool in TOOLS:
        try:
            versions[tool] = metadata.version(tool)
        except metadata.PackageNotFoundError:
            wrong.append(f"{tool} is not installed")
            continue
        if tool not in pins:
            wrong.append(f"{tool} has no == pin in pyproject's codegen extra")
        elif pins[tool] != versions[tool]:
            wrong.append(f"{tool} {versions[tool]} is installed, pyproject pins {pins[tool]}")
    if wrong:
        raise ToolchainError("; ".join(wrong) + f". Install the pinned toolchain: {INSTALL_HINT}")
    return versions
