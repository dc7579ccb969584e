"""OpenAPI Overlay 1.0: our additions to a vendor's file, applied before anything reads it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from ..problems import SpecProblem
from .load import read_spec_file
from .pointer import Pointer, walk

__all__ = ["apply_overlays"]


def apply_overlays(
    doc: dict[str, Any], spec_path: str, overlay_paths: list[str], root: Path
) -> dict[Pointer, tuple[str, int]]:
    """Apply each overlay in order to ``doc`` (in place); return the nodes they added.

    Each added node maps to the overlay file and the line of the action that added it.

    oas-patch does the JSONPath work. We add what it lacks: the overlay is checked first, and an
    action whose target matches nothing is an error, because that is how a new vendor file
    silently drops our additions.
    """
    added_by: dict[Pointer, tuple[str, int]] = {}
    if not overlay_paths:
        return added_by
    from jsonpath_ng.exceptions import JsonPathParserError
    from jsonpath_ng.ext import parse as jsonpath  # type: ignore[attr-defined]
    from oas_patch.overlay import apply_overlay

    for rel in overlay_paths:
        document = read_spec_file(root, rel)
        overlay, lines = document.data, document.lines
        if not isinstance(overlay, dict) or "overlay" not in overlay:
            raise SpecProblem(rel, 1, "not an OpenAPI Overlay document (no `overlay:` version)")
        actions = overlay.get("actions")
        if not isinstance(actions, list) or not actions:
            raise SpecProblem(rel, lines.get(("actions",), 1), "overlay has no `actions` list")
        before = _all_pointers(doc)
        for i, action in enumerate(actions):
            line = lines.get(("actions", i), 0)
            if not isinstance(action, dict) or not isinstance(action.get("target"), str):
                raise SpecProblem(rel, line, f"action {i}: needs a string `target`")
            if ("update" in action) == bool(action.get("remove")):
                raise SpecProblem(
                    rel, line, f"action {i}: needs exactly one of `update` or `remove: true`"
                )
            try:
                matches = jsonpath(action["target"]).find(doc)
            except (JsonPathParserError, Exception) as exc:  # jsonpath-ng raises bare Exceptions
                raise SpecProblem(
                    rel, line, f"action {i}: bad JSONPath {action['target']!r}: {exc}"
                ) from None
            if not matches:
                raise SpecProblem(
                    rel,
                    line,
                    f"action {i}: target {action['target']} matches nothing in {spec_path}",
                )
            apply_overlay(doc, {"actions": [copy.deepcopy(action)]})
            added = _all_pointers(doc) - before
            for ptr in added:
                added_by.setdefault(ptr, (rel, line))
            before |= added
    return added_by


def _all_pointers(doc: object) -> set[Pointer]:
    return {ptr for ptr, _ in walk(doc)}
