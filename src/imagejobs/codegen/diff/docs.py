"""``docs/diff-rules.md``, rendered from the rules table (`.rules.TABLE`), and its command.

The page is the table in prose: one section per area, each rule's class in a request and in a
response, the notes that say why, and what the diff leaves out. It is never edited by hand::

    python -m imagejobs.codegen.diff --write    # rewrite docs/diff-rules.md
    python -m imagejobs.codegen.diff --check    # exit 6 if it is out of date (the tests check it)
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from ._model import Severity
from .rules import AREAS, SCHEMA_PREFIXES, TABLE, Area, Rule

__all__ = ["DOCS", "main", "render_docs"]

DOCS = Path("docs/diff-rules.md")
_FIX = "python -m imagejobs.codegen.diff --write"

_INTRO = """\
<!-- Generated from src/imagejobs/codegen/diff/rules.py by `{fix}`. Do not edit; change the table and rerun. -->
# What `imagejobs diff` reports, and why

`imagejobs diff OLD NEW` (and `generate` and `update`, against the `openapi.json` of each committed
package) compares two versions of a spec after resolving `$ref`s and applying overlays. Each change
gets one of three classes, judged by what it does to **code written against the generated client**:

- **breaking**: that code may stop working (an import, argument or attribute disappears, a type
  changes, the server now rejects what it sends or sends what it cannot parse);
- **warning**: it keeps working but may meet something it does not handle;
- **compatible**: additions old code ignores.

The suggested version bump is **major** when anything is breaking, **minor** for any other change.

Rule ids are [oasdiff](https://github.com/oasdiff/oasdiff)'s check ids where one exists, so a
rule can be looked up there. Where our class differs from oasdiff's level the table says why:
almost always because a change that is harmless on the wire removes or renames a *generated
Python symbol*.

The rules are **direction-aware**. What a client sends (parameters, request bodies) may widen
but not narrow; what it receives (responses) may narrow but not widen. So an enum value removed
is breaking in a request and compatible in a response; an enum value added is compatible in a
request and a **warning** in a response (old clients may not parse it; the peers' research,
oasdiff #639, and our own `UNKNOWN` job status are why), unless the schema declares its values
with `x-extensible-enum`. OpenAPI 3.1 type arrays (`type: [string, "null"]`), 3.0 `nullable`,
`enum: [..., null]` and `anyOf: [X, {{type: "null"}}]` all read as "X, nullable".

This page is generated from the rules table, `src/imagejobs/codegen/diff/rules.py`: each id below
is written there once, with its class in a request and in a response and its message. A known,
reviewed break can be accepted in `specs/accepted-changes.yaml` (see the end of this page).
"""

_NOTES: dict[Area, str] = {
    "Parameters": "A parameter's schema is compared with the schema rules below, prefix "
    "`request-parameter-`.",
    "Request bodies": "`readOnly` properties are skipped in requests. The body schema is compared "
    "with the schema rules below, prefix `request-body-` at its root and `request-property-` below "
    "it.",
    "Responses": "`writeOnly` properties are skipped in responses. Response bodies use the schema "
    "rules below with prefix `response-body-` at the root and `response-property-` below it; header "
    "schemas use `response-header-`.\n\nWhy removing an *optional* response field is breaking here, "
    "although oasdiff lowered it: useapi documents every field as optional, so under oasdiff's rule "
    "no useapi field could ever be removed in a breaking way, yet `job.jobid` raising "
    "`AttributeError` breaks every caller that read it.",
    "Schema rules": "`allOf` parts are merged (their properties belong to the class holding the "
    "`allOf`, as in the generated code). `$ref` cycles are followed once per pair of nodes, so "
    "recursive schemas end. The bounds classes follow one principle: a tighter bound rejects what "
    "clients send (breaking in a request), a looser one lets through what the pydantic models in "
    "`schemas.py` reject (breaking in a response).",
}

_OUTRO = """\
## Affected Python symbols

Each change lists the generated names it touches, derived with openapi-python-client's own
`ClassName`/`PythonIdentifier` helpers (its `class_overrides` from `specs/codegen.yaml` applied):

- an operation: `imagejobs_gen_<spec>.api.<tag>.<operation_id>` (the module with `sync`,
  `sync_detailed`, `asyncio`, `asyncio_detailed`); a parameter: `… argument <python_name>`;
- a property of component schema `S`: `…models.<S>.<snake_case>` and `…schemas.<S>.<rawName>`;
- an enum value: `…models.<Enum>.<UPPER_CASE>` and `…schemas.<Enum>.<value>`;
- a security change: `…AuthenticatedClient`.

Inline schemas get generator-made class names (`CancelJobBody`, `…Response200`); rather than guess
them, a change inside one names the attribute or operation module that holds it.

## Accepted changes

`specs/accepted-changes.yaml` lists reviewed breaks that may pass `--fail-on` (oasdiff's
`--err-ignore`, structured): each entry names the spec, the rule id (checked against this table),
the location (the change's JSON pointer, or its `METHOD path status`; `*` matches any run of
characters), a reason, and optionally an `expires` date after which it stops applying. An
accepted change still shows in every report, marked with its reason, and still counts for the
suggested bump; an entry that matches no change is reported as stale, so the file does not
collect dead entries.

## Reports

Text, Markdown and JSON (`--format`/`--report`). Text and Markdown merge changes that differ only
in their place into one line and count the lines they show; JSON lists every change. Whatever
comes from a spec is escaped in every format: control characters (terminal escape sequences, a
carriage return, a newline that could fake a `suggested bump` line) print as `\\x1b`-style
escapes in text, Markdown also escapes markup, pipes and HTML, and JSON is written ASCII-only.

## oasdiff checks left out, and why

- **Sunset dates, stability levels, `*-with-deprecation`, `*-before-sunset`**: our specs carry no
  `x-sunset` or `x-stability-level`; a removal is breaking for the generated client whether or not
  it was deprecated first (the message says when it was).
- **`api-version-not-bumped` and friends**: we suggest the bump of the generated package instead;
  the vendor's `info.version` is theirs to manage.
- **Request/response default values** (`*-default-value-*`): the generated clients do not send
  defaults, and a changed server default is not visible in the client's types.
- **Formats that keep the Python type** (int32→int64, float→double): nothing a user of the
  generated code can notice.
- **`oneOf`/`anyOf` branch-by-branch comparison, discriminators, `prefixItems`, `not`, boolean
  schemas**: none of our specs use them beyond nullable unions, which are handled. A real union is
  compared by the set of its branch types only.
- **`readOnly`/`writeOnly` flips** (`response-*-became-read-only`, …): not used by our specs;
  such properties are only skipped in the direction they never travel.
- **Servers, tags' descriptions, examples, descriptions, summaries, `x-` extensions other than
  `x-extensible-enum`**: the generated client takes its base URL from the caller, and text changes
  only reach docstrings.
- **Request header *properties*, cookie-parameter specifics, `multipleOf`, `uniqueItems`**:
  none of our specs use them.
"""


def _cell(severity: Severity | None, extensible: Severity | None = None) -> str:
    if severity is None:
        return "–"
    text = f"**{severity}**" if severity == "warning" else severity
    return text + (f" ({extensible} with `x-extensible-enum`)" if extensible else "")


def _area_table(area: Area) -> list[str]:
    lines = [
        "| Rule | Request | Response | When | oasdiff |",
        "|---|---|---|---|---|",
    ]
    for r in TABLE:
        if r.area == area:
            lines.append(
                f"| `{r.id}` | {_cell(r.request)} | {_cell(r.response)} | {r.when} | {r.oasdiff} |"
            )
    return lines


def _schema_table() -> list[str]:
    lines = [
        "| Rule | Request | Response | Ids | When | oasdiff |",
        "|---|---|---|---|---|---|",
    ]
    families: dict[str, list[Rule]] = {}
    for r in TABLE:
        if r.family:
            families.setdefault(r.family, []).append(r)
    for family, rules in families.items():
        req = next(r for r in rules if r.request is not None)
        resp = next(r for r in rules if r.response is not None)
        ids = "<br>".join(f"`{r.id}`" for r in rules)
        lines.append(
            f"| `P-{family}` | {_cell(req.request)} | {_cell(resp.response, resp.extensible)} "
            f"| {ids} | {req.when} | {req.oasdiff} |"
        )
    return lines


def render_docs() -> str:
    """The text of docs/diff-rules.md."""
    out = [_INTRO.format(fix=_FIX)]
    for area in AREAS:
        out.append(f"## {area}\n")
        if area == "Schema rules":
            prefixes = ", ".join(f"`{p}`" for p in SCHEMA_PREFIXES)
            out.append(
                f"`P` is one of {prefixes}; each row lists its id under every prefix. A message's "
                "`{what}` names the parameter, header, body or property.\n"
            )
            out.append("\n".join(_schema_table()) + "\n")
        else:
            out.append("\n".join(_area_table(area)) + "\n")
        if area in _NOTES:
            out.append(_NOTES[area] + "\n")
    out.append(_OUTRO)
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    """``--write`` rewrites docs/diff-rules.md; ``--check`` exits 6 (drift) when it differs."""
    from ..._exitcodes import ExitCode

    parser = argparse.ArgumentParser(prog="python -m imagejobs.codegen.diff")
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", action="store_true", help="rewrite docs/diff-rules.md")
    group.add_argument("--check", action="store_true", help="exit 6 if it is out of date")
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="repository root")
    args = parser.parse_args(argv)
    path = args.root / DOCS
    text = render_docs()
    if args.write:
        path.write_text(text, encoding="utf-8")
        return ExitCode.OK
    current = path.read_text(encoding="utf-8") if path.is_file() else ""
    if current != text:
        print(f"{DOCS} is out of date with the rules table; fix: run `{_FIX}`", file=sys.stderr)
        return ExitCode.DRIFT
    return ExitCode.OK
