"""House rules for specs, as a registry of small rule functions.

Each rule yields findings through ``report(pointer, message)``; its level comes from the registry:
``ours`` for the specs we write (strict), ``vendor`` for a vendor's published file, where a style
gap is a warning because we do not edit their bytes. Rules whose breach the generators cannot
live with (a duplicate operationId, a ``$ref`` that leaves the file) are errors for both.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from .problems import Finding, Level
from .spec.document import LoadedSpec
from .spec.pointer import Pointer, RefError, deref, parse_ref, refs, resolve, to_str
from .spec.walk import NEWER_METHODS, operations

__all__ = ["RULES", "Rule", "lint"]

Report = Callable[[Pointer, str], None]
Check = Callable[[LoadedSpec, Report], None]


@dataclass(frozen=True)
class Rule:
    """One house rule: its id, its level for our specs and for a vendor's, and the check."""

    id: str
    summary: str
    ours: Level
    vendor: Level
    check: Check


RULES: dict[str, Rule] = {}


def rule(
    rule_id: str, summary: str, *, ours: Level = Level.ERROR, vendor: Level = Level.WARNING
) -> Callable[[Check], Check]:
    def register(check: Check) -> Check:
        assert rule_id not in RULES, rule_id
        RULES[rule_id] = Rule(rule_id, summary, ours, vendor, check)
        return check

    return register


def lint(spec: LoadedSpec, *, only: tuple[str, ...] | None = None) -> list[Finding]:
    """Run every rule (or ``only`` these) on ``spec``; findings in rule order, then document order."""
    out: list[Finding] = []
    _REF_STRINGS.clear()
    for r in RULES.values():
        if only is not None and r.id not in only:
            continue
        level = r.vendor if spec.vendor else r.ours

        def report(ptr: Pointer, message: str, _r: Rule = r, _level: Level = level) -> None:
            out.append(spec.finding(ptr, message, _level, rule=_r.id))

        r.check(spec, report)
    _REF_STRINGS.clear()
    return out


# --- references -------------------------------------------------------------------------------


_REF_STRINGS: dict[int, set[str]] = {}
"""Within one :func:`lint` run (which clears it), each document's references, found once."""


def _ref_strings(doc: Any) -> set[str]:
    """Every distinct ``$ref`` string of ``doc``, found without building a pointer per node."""
    if id(doc) in _REF_STRINGS:
        return _REF_STRINGS[id(doc)]
    found = _REF_STRINGS[id(doc)] = set()
    stack = [doc]
    while stack:
        node = stack.pop()
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str):
                found.add(ref)
            stack.extend(v for v in node.values() if isinstance(v, (dict, list)))
        elif isinstance(node, list):
            stack.extend(v for v in node if isinstance(v, (dict, list)))
    return found


def _resolves(doc: Any, ref: str) -> bool:
    try:
        resolve(doc, parse_ref(ref))
        deref(doc, {"$ref": ref})
    except (KeyError, RefError):
        return False
    return True


@rule(
    "ref-local",
    "every $ref is local (#/...): a spec never makes us read the network or another file",
    vendor=Level.ERROR,
)
def _ref_local(spec: LoadedSpec, report: Report) -> None:
    # The located walk only when some reference is bad: on a 4 MB file it costs a second.
    if all(ref.startswith("#") for ref in _ref_strings(spec.doc)):
        return
    for ptr, ref in refs(spec.doc):
        if not ref.startswith("#"):
            report(
                (*ptr, "$ref"),
                f"$ref {ref!r} leaves the document; only local #/... references are followed "
                "(bundle the spec into one file)",
            )


@rule(
    "ref-resolves",
    "every local $ref leads to a node, and no chain of $ref loops",
    vendor=Level.ERROR,
)
def _ref_resolves(spec: LoadedSpec, report: Report) -> None:
    if all(not ref.startswith("#") or _resolves(spec.doc, ref) for ref in _ref_strings(spec.doc)):
        return
    for ptr, ref in refs(spec.doc):
        if not ref.startswith("#"):
            continue
        try:
            resolve(spec.doc, parse_ref(ref))
            deref(spec.doc, {"$ref": ref}, ptr)
        except KeyError:
            report((*ptr, "$ref"), f"dangling $ref {ref!r}: nothing is defined there")
        except RefError as exc:
            report((*ptr, "$ref"), str(exc) if exc.kind != "dangling" else f"dangling $ref {ref!r}")


# --- the document -----------------------------------------------------------------------------


@rule("paths", "the spec has operations to generate", vendor=Level.ERROR)
def _paths(spec: LoadedSpec, report: Report) -> None:
    if not spec.doc.get("paths"):
        report((), "the spec has no `paths`: there is nothing to generate")


@rule(
    "newer-method",
    "a method the generators do not know (OpenAPI 3.2 `query`) is named, not silently skipped",
    ours=Level.WARNING,
)
def _newer_method(spec: LoadedSpec, report: Report) -> None:
    for op in operations(spec.doc, methods=NEWER_METHODS):
        report(
            op.pointer,
            f"{op.label}: `{op.method}` is an OpenAPI 3.2 method that neither generator reads; "
            "it is set aside (no client function), and `imagejobs diff` still tracks it",
        )


# --- operations -------------------------------------------------------------------------------


@rule("operation-id", "every operation has an operationId (the generated function's name)")
def _operation_id(spec: LoadedSpec, report: Report) -> None:
    for op in operations(spec.doc):
        if not op.operation_id:
            report(op.pointer, f"operation {op.label} has no operationId")


@rule(
    "operation-id-unique",
    "operationIds are unique: a client cannot have two functions of one name",
    vendor=Level.ERROR,
)
def _operation_id_unique(spec: LoadedSpec, report: Report) -> None:
    seen: dict[str, str] = {}
    for op in operations(spec.doc):
        op_id = op.operation_id
        if not op_id:
            continue
        if op_id in seen:
            report(
                op.pointer, f"duplicate operationId {op_id!r}: used by {seen[op_id]} and {op.label}"
            )
        else:
            seen[op_id] = op.label


@rule("summary", "every operation has a summary (the generated docstring)")
def _summary(spec: LoadedSpec, report: Report) -> None:
    for op in operations(spec.doc):
        if not op.op.get("summary"):
            report(op.pointer, f"operation {op.operation_id or op.label} has no summary")


@rule("security-declared", "every operation says how it authenticates (security: [] if public)")
def _security_declared(spec: LoadedSpec, report: Report) -> None:
    top = spec.doc.get("security")
    for op in operations(spec.doc):
        if op.op.get("security", top) is None:
            report(
                op.pointer,
                f"operation {op.operation_id or op.label} declares no security "
                "(add `security`, or `security: []` for a public call)",
            )


@rule("security-scheme-defined", "every security requirement names a defined scheme")
def _security_scheme_defined(spec: LoadedSpec, report: Report) -> None:
    schemes = _mapping(_mapping(spec.doc.get("components")).get("securitySchemes"))
    top = spec.doc.get("security")
    for op in operations(spec.doc):
        security = op.op.get("security", top)
        for requirement in security if isinstance(security, list) else []:
            for scheme in requirement if isinstance(requirement, dict) else []:
                if scheme not in schemes:
                    report(
                        op.pointer,
                        f"operation {op.operation_id or op.label} uses security scheme {scheme!r}, "
                        "which components.securitySchemes does not define",
                    )


@rule("responses", "every operation documents its responses")
def _responses(spec: LoadedSpec, report: Report) -> None:
    for op in operations(spec.doc):
        if not op.op.get("responses"):
            report(op.pointer, f"operation {op.operation_id or op.label} documents no responses")


@rule("error-schema", "every 4xx/5xx response has a body schema (typed errors need one)")
def _error_schema(spec: LoadedSpec, report: Report) -> None:
    for op in operations(spec.doc):
        for status, response in _mapping(op.op.get("responses")).items():
            code = str(status)
            if code[:1] not in ("4", "5"):
                continue
            try:
                resolved, _ = deref(spec.doc, response)
            except RefError:
                continue  # ref-resolves reports it
            content = _mapping(_mapping(resolved).get("content"))
            if not any(isinstance(m, dict) and m.get("schema") for m in content.values()):
                report(
                    (*op.pointer, "responses", status),
                    f"response {code} of {op.operation_id or op.label} has no schema",
                )


def _mapping(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def rules_table() -> Iterator[tuple[str, str, str, str]]:
    """(id, level for our specs, level for a vendor's, summary), for docs and ``--help``."""
    for r in RULES.values():
        yield r.id, r.ours.value, r.vendor.value, r.summary


__all__ += ["rules_table", "to_str"]
