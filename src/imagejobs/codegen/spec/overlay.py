"""OpenAPI Overlay 1.0: our additions to a vendor's file, applied before anything reads it."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import TYPE_CHECKING

from ..problems import SpecProblem
from .pointer import Pointer, walk

if TYPE_CHECKING:
    from .document import LoadedSpec

__all__ = ["apply_overlays"]


def apply_overlays(spec: LoadedSpec, root: Path) -> None:
    """Apply each overlay of the spec in order (in place).

    oas-patch does the JSONPath work. We add what it lacks: the overlay is checked first, and an
    action whose target matches nothing is an error, because that is how a new vendor file
    silently drops our additions.
    """
    if not spec.overlay_paths:
        return
    from jsonpath_ng.exceptions import JsonPathParserError
    from jsonpath_ng.ext import parse as jsonpath  # type: ignore[attr-defined]
    from oas_patch.overlay import apply_overlay

    from .document import read_spec_file

    for rel in spec.overlay_paths:
        document = read_spec_file(root, rel)
        overlay, lines = document.data, document.lines
        if not isinstance(overlay, dict) or "overlay" not in overlay:
            raise SpecProblem(rel, 1, "not an OpenAPI Overlay document (no `overlay:` version)")
        actions = overlay.get("actions")
        if not isinstance(actions, list) or not actions:
            raise SpecProblem(rel, lines.get(("actions",), 1), "overlay has no `actions` list")
        before = _all_pointers(spec.doc)
        for i, action in enumerate(actions):
            line = lines.get(("actions", i), 0)
            if not isinstance(action, dict) or not isinstance(action.get("target"), str):
                raise SpecProblem(rel, line, f"action {i}: needs a string `target`")
            if ("update" in action) == bool(action.get("remove")):
                raise SpecProblem(
                    rel, line, f"action {i}: needs exactly one of `update` or `remove: true`"
                )
            try:
                matches = jsonpath(action["target"]).find(spec.doc)
            except (JsonPathParserError, Exception) as exc:  # jsonpath-ng raises bare Exceptions
                raise SpecProblem(
                    rel, line, f"action {i}: bad JSONPath {action['target']!r}: {exc}"
                ) from None
            if not matches:
                raise SpecProblem(
                    rel,
                    line,
                    f"action {i}: target {action['target']} matches nothing in {spec.path}",
                )
            apply_overlay(spec.doc, {"actions": [copy.deepcopy(action)]})
            added = _all_pointers(spec.doc) - before
            for ptr in added:
                spec.added_by_overlay.setdefault(ptr, (rel, line))
            before |= added


def _all_pointers(doc: object) -> set[Pointer]:
    return {ptr for ptr, _ in walk(doc)}
