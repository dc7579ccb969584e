"""What a description reads of its entry's effective spec: operations, parameters, bodies."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..spec.pointer import RefError, deref
from ..spec.walk import Operation, operations

__all__ = ["SpecView", "body_schemas", "op_label", "parameters", "status_codes"]

_METHOD_PATH = re.compile(r"^([A-Za-z]+)\s+(/\S*)$")
_JSON = re.compile(r"^(application/([\w.+-]*\+)?json|\*/\*|application/\*)$")


@dataclass
class SpecView:
    """One codegen entry as a description sees it."""

    entry: str
    package: str
    spec_path: str
    """The entry's spec file (``specs/topaz.yaml``)."""
    doc: dict[str, Any]
    """The effective spec: overlays applied, normalized (what the package's openapi.json holds)."""
    _ops: list[Operation] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self._ops = list(operations(self.doc))

    def find(self, selector: str) -> Operation | None:
        """The operation an operationId or ``METHOD /path`` names."""
        method_path = _METHOD_PATH.match(selector.strip())
        for op in self._ops:
            if method_path:
                if op.method == method_path.group(1).lower() and op.path == method_path.group(2):
                    return op
            elif op.operation_id == selector:
                return op
        return None

    def names(self) -> list[str]:
        """Every operation as a description may name it (operationId, else ``METHOD /path``)."""
        return [op.operation_id or op.label for op in self._ops]

    def schemes(self) -> dict[str, Any]:
        found = (self.doc.get("components") or {}).get("securitySchemes")
        return found if isinstance(found, dict) else {}


def op_label(op: Operation) -> str:
    """How messages name an operation: its operationId, or ``GET /path``."""
    return op.operation_id or op.label


def _deref(doc: Any, node: Any) -> Any:
    try:
        return deref(doc, node)[0]
    except RefError:
        return None


def parameters(doc: Any, op: Operation) -> list[dict[str, Any]]:
    """The operation's parameters (path item's first, the operation's overriding), dereferenced."""
    merged: dict[tuple[str, str], dict[str, Any]] = {}
    for owner in (op.item, op.op):
        for raw in owner.get("parameters") or []:
            param = _deref(doc, raw)
            if isinstance(param, dict) and isinstance(param.get("name"), str):
                merged[(param["name"], str(param.get("in")))] = param
    return list(merged.values())


def status_codes(op: Operation) -> list[str]:
    """The statuses the operation documents, as written (``"200"``, ``"4XX"``, ``"default"``)."""
    responses = op.op.get("responses")
    return [str(code) for code in responses] if isinstance(responses, dict) else []


def _in_class(code: str, klass: str) -> bool:
    """Whether ``code`` (``"200"``, ``"2XX"``, ``"default"``) is of ``klass`` (``"2"``, ``"4"``)."""
    if code == "default":
        return klass in ("4", "5")
    return code[:1] == klass and (code[1:].isdigit() or code[1:].upper() == "XX")


def body_schemas(doc: Any, op: Operation, klass: str | int) -> list[tuple[str, Any]]:
    """(status, schema) of every JSON body the operation answers with.

    ``klass`` is a status class (``"2"``: success, ``"4"``/``"5"``: errors) or one exact status.
    """
    responses = op.op.get("responses")
    out: list[tuple[str, Any]] = []
    if not isinstance(responses, dict):
        return out
    for code, raw in responses.items():
        code = str(code)
        wanted = code == str(klass) if isinstance(klass, int) else _in_class(code, klass)
        response = _deref(doc, raw) if wanted else None
        content = response.get("content") if isinstance(response, dict) else None
        if not isinstance(content, dict):
            continue
        for media, body in content.items():
            json_body = _JSON.match(str(media).split(";")[0].strip())
            if json_body and isinstance(body, dict) and "schema" in body:
                out.append((code, body["schema"]))
    return out
