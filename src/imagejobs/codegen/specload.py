"""Load a spec with line numbers, apply its overlays, validate it and lint it.

Every problem comes back as a :class:`~imagejobs.codegen.problems.Finding` naming the file and line,
so the build script can print ``specs/jobs_api.yaml:88: response 422 of cancelJob has no schema``.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .problems import Finding, SpecProblem

Pointer = tuple[str | int, ...]
HTTP_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


@dataclass
class LoadedSpec:
    """A spec after overlays, with where each node came from."""

    name: str
    path: str
    """Path of the spec file as given (relative to the repo root)."""
    doc: dict[str, Any]
    lines: dict[Pointer, int]
    """Line (1-based) of each node of the original file, by JSON pointer."""
    vendor: bool = False
    overlay_paths: list[str] = field(default_factory=list)
    added_by_overlay: dict[Pointer, str] = field(default_factory=dict)
    """Nodes an overlay introduced, mapped to the overlay file (for error locations)."""

    def where(self, pointer: Pointer) -> tuple[str, int]:
        """The file and the best line for ``pointer`` (its nearest located ancestor)."""
        for i in range(len(pointer), -1, -1):
            prefix = pointer[:i]
            if prefix in self.added_by_overlay:
                return self.added_by_overlay[prefix], 0
            if prefix in self.lines:
                return self.path, self.lines[prefix]
        return self.path, 1

    def finding(self, pointer: Pointer, message: str, severity: str = "error") -> Finding:
        """A finding located at ``pointer``."""
        file, line = self.where(pointer)
        return Finding(file, line, message, severity)


def pointer_str(pointer: Pointer) -> str:
    """RFC 6901 form of a pointer: ``/paths/~1jobs/get``."""
    return "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in pointer)


def _line_map(text: str) -> dict[Pointer, int]:
    """Map every mapping/sequence node of a YAML (or JSON) text to its line."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[Pointer, int] = {}

    def walk(node: yaml.Node, ptr: Pointer) -> None:
        lines[ptr] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                k = key.value
                lines[(*ptr, k)] = key.start_mark.line + 1
                walk(value, (*ptr, k))
                lines[(*ptr, k)] = key.start_mark.line + 1
        elif isinstance(node, yaml.SequenceNode):
            for i, item in enumerate(node.value):
                walk(item, (*ptr, i))

    if root is not None:
        walk(root, ())
    return lines


class _JSONDataLoader(yaml.SafeLoader):
    """SafeLoader without YAML's timestamp rule.

    OpenAPI is a JSON data model, so ``version: 2024-06-01`` (common in published specs) is a
    string; plain ``safe_load`` makes it a ``datetime.date``, which the validator rejects and the
    effective ``openapi.json`` cannot hold.
    """


_JSONDataLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_document(root: Path, rel: str) -> tuple[Any, dict[Pointer, int]]:
    """Parse a YAML or JSON file; syntax errors become a SpecProblem with the line."""
    path = root / rel
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise SpecProblem(rel, 0, f"cannot read file: {exc}") from None
    if rel.endswith(".json"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise SpecProblem(
                rel, exc.lineno, f"JSON syntax error: {exc.msg} (column {exc.colno})"
            ) from None
    else:
        try:
            data = yaml.load(text, Loader=_JSONDataLoader)  # noqa: S506 (a SafeLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else 0
            problem = getattr(exc, "problem", None) or str(exc)
            raise SpecProblem(rel, line, f"YAML syntax error: {problem}") from None
    return data, _line_map(text)


# --- overlays ---------------------------------------------------------------------------------


def apply_overlays(spec: LoadedSpec, root: Path) -> None:
    """Apply each OpenAPI Overlay 1.0 document of the spec in order (in place).

    oas-patch does the JSONPath work. We add what it lacks: the overlay is validated against the
    Overlay 1.0 schema first, and an action whose target matches nothing is an error, because that
    is how a new vendor file silently drops our additions.
    """
    from jsonpath_ng.exceptions import JsonPathParserError
    from jsonpath_ng.ext import parse as jsonpath  # type: ignore[attr-defined]
    from oas_patch.overlay import apply_overlay

    for rel in spec.overlay_paths:
        overlay, lines = read_document(root, rel)
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
        for ptr in _all_pointers(spec.doc) - before:
            spec.added_by_overlay[ptr] = rel


def _all_pointers(doc: Any) -> set[Pointer]:
    return {ptr for ptr, _ in walk(doc)}


def walk(node: Any, ptr: Pointer = ()) -> Iterator[tuple[Pointer, Any]]:
    """Every node of a JSON document with its pointer, in document order."""
    yield ptr, node
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, (*ptr, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, (*ptr, i))


def resolve_pointer(doc: Any, ref: str) -> Any:
    """Follow a local ``#/a/b`` reference; KeyError when it leads nowhere."""
    node = doc
    for raw in ref[2:].split("/") if ref != "#" else []:
        part = raw.replace("~1", "/").replace("~0", "~")
        if isinstance(node, list):
            node = node[int(part)]
        elif isinstance(node, dict):
            node = node[part]
        else:
            raise KeyError(part)
    return node


# --- loading ----------------------------------------------------------------------------------


def load_spec(
    root: Path, name: str, rel: str, *, vendor: bool = False, overlays: list[str] | None = None
) -> LoadedSpec:
    """Read a spec and apply its overlays; raises SpecProblem on unusable input."""
    data, lines = read_document(root, rel)
    if not isinstance(data, dict):
        raise SpecProblem(rel, 1, "not an OpenAPI document: the top level is not a mapping")
    version = str(data.get("openapi", data.get("swagger", "")))
    if not version:
        raise SpecProblem(rel, 1, "not an OpenAPI document: no `openapi:` version field")
    if not re.match(r"^3\.[01]\.\d+$", version):
        raise SpecProblem(
            rel,
            lines.get(("openapi",), 1),
            f"unsupported OpenAPI version {version!r} (need 3.0.x or 3.1.x)",
        )
    spec = LoadedSpec(
        name=name,
        path=rel,
        doc=data,
        lines=lines,
        vendor=vendor,
        overlay_paths=list(overlays or []),
    )
    apply_overlays(spec, root)
    return spec


# --- validation -------------------------------------------------------------------------------


def check_refs(spec: LoadedSpec) -> list[Finding]:
    """Every ``$ref`` must be local and lead somewhere (the validator crashes otherwise)."""
    out: list[Finding] = []
    for ptr, node in walk(spec.doc):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if not ref.startswith("#"):
                out.append(
                    spec.finding(
                        ptr,
                        f"external $ref {ref!r} at {pointer_str(ptr)} is not supported; bundle the spec into one file",
                    )
                )
                continue
            try:
                resolve_pointer(spec.doc, ref)
            except (KeyError, IndexError, ValueError):
                out.append(
                    spec.finding(
                        ptr,
                        f"dangling $ref {ref!r} at {pointer_str(ptr)}: nothing is defined there",
                    )
                )
    return out


def _locate(doc: Any, rel_path: list[str | int], instance: Any) -> Pointer | None:
    """Find the node a validator error with a relative path points at (first in doc order)."""
    for ptr, node in walk(doc):
        cur = node
        try:
            for part in rel_path:
                cur = cur[part]
        except (KeyError, IndexError, TypeError):
            continue
        if rel_path and cur == instance:
            return (*ptr, *rel_path)
    return None


_OP_IN_MESSAGE = re.compile(r"'(\w+)' operation in '([^']+)'")
_DUPLICATE_OP_ID = re.compile(r"Operation ID '.*' for '.*' in '.*' is not unique")


def validate_openapi(spec: LoadedSpec) -> list[Finding]:
    """openapi-spec-validator's verdict, located as well as its errors allow."""
    from openapi_spec_validator import OpenAPIV30SpecValidator, OpenAPIV31SpecValidator

    cls = (
        OpenAPIV31SpecValidator
        if str(spec.doc["openapi"]).startswith("3.1")
        else OpenAPIV30SpecValidator
    )
    out: list[Finding] = []
    seen: set[str] = set()
    try:
        errors = list(cls(spec.doc).iter_errors())
    except Exception as exc:  # the validator raises instead of reporting on some inputs
        return [
            Finding(spec.path, 1, f"invalid OpenAPI: {exc.__class__.__name__}: {str(exc)[:300]}")
        ]
    for err in errors:
        message = getattr(err, "message", str(err)).splitlines()[0]
        if message in seen or _DUPLICATE_OP_ID.match(message):
            # lint() reports a duplicate operationId at the operation, naming both users; the
            # validator's copy has no location and would come first as "invalid OpenAPI at /".
            continue
        seen.add(message)
        rel = list(getattr(err, "absolute_path", []) or [])
        ptr: Pointer | None = (
            _locate(spec.doc, rel, getattr(err, "instance", None)) if rel else None
        )
        if ptr is None:
            m = _OP_IN_MESSAGE.search(message)
            ptr = ("paths", m.group(2), m.group(1)) if m else ()
        out.append(spec.finding(ptr, f"invalid OpenAPI at {pointer_str(ptr) or '/'}: {message}"))
    return out


def operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) for every operation, in document order."""
    for path, item in (doc.get("paths") or {}).items():
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            op = item.get(method)
            if isinstance(op, dict):
                yield path, method, op


def _deref(doc: dict[str, Any], node: Any) -> Any:
    seen = 0
    while isinstance(node, dict) and isinstance(node.get("$ref"), str) and seen < 20:
        node = resolve_pointer(doc, node["$ref"])
        seen += 1
    return node


def lint(spec: LoadedSpec) -> list[Finding]:
    """Our house rules. Errors for the specs we write; warnings for a vendor's file.

    A duplicate operationId is always an error: the generated client cannot have two functions
    of one name.
    """
    doc = spec.doc
    style = "warning" if spec.vendor else "error"
    out: list[Finding] = []
    if not doc.get("paths"):
        out.append(spec.finding((), "the spec has no `paths`: there is nothing to generate"))
        return out
    schemes = (doc.get("components") or {}).get("securitySchemes") or {}
    global_security = doc.get("security")
    seen_ids: dict[str, str] = {}
    for path, method, op in operations(doc):
        ptr: Pointer = ("paths", path, method)
        label = f"{method.upper()} {path}"
        op_id = op.get("operationId")
        if not op_id:
            out.append(spec.finding(ptr, f"operation {label} has no operationId", style))
        elif op_id in seen_ids:
            out.append(
                spec.finding(
                    ptr, f"duplicate operationId {op_id!r}: used by {seen_ids[op_id]} and {label}"
                )
            )
        else:
            seen_ids[op_id] = label
        name = op_id or label
        if not op.get("summary"):
            out.append(spec.finding(ptr, f"operation {name} has no summary", style))
        security = op.get("security", global_security)
        if security is None:
            out.append(
                spec.finding(
                    ptr,
                    f"operation {name} declares no security (add `security`, or `security: []` for a public call)",
                    style,
                )
            )
        else:
            for requirement in security:
                for scheme in requirement:
                    if scheme not in schemes:
                        out.append(
                            spec.finding(
                                ptr,
                                f"operation {name} uses security scheme {scheme!r}, which components.securitySchemes does not define",
                            )
                        )
        responses = op.get("responses") or {}
        if not responses:
            out.append(spec.finding(ptr, f"operation {name} documents no responses", style))
        for status, response in responses.items():
            code = str(status)
            if not (code[:1] in "45" and code[:1].isdigit()):
                continue
            resolved = _deref(doc, response)
            content = (resolved or {}).get("content") or {}
            if not any(isinstance(m, dict) and m.get("schema") for m in content.values()):
                out.append(
                    spec.finding(
                        (*ptr, "responses", status),
                        f"response {code} of {name} has no schema",
                        style,
                    )
                )
    return out


def check(spec: LoadedSpec) -> list[Finding]:
    """All findings for a loaded spec: refs first (later checks need them), then validity, lint."""
    findings = check_refs(spec)
    if findings:
        return findings
    findings = validate_openapi(spec)
    findings += lint(spec)
    return findings
