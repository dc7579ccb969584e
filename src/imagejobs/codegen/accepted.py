"""``specs/accepted-changes.yaml``: reviewed API breaks that may pass ``--fail-on``.

oasdiff's ``--err-ignore`` takes lines of exact messages; ours is structured and reviewed::

    accepted:
      - spec: topaz
        rule: response-property-removed          # an id of the rules table, checked
        location: "#/components/schemas/Status/properties/eta"   # the pointer, or "GET /x 200"
        reason: Topaz dropped eta in 1.3; the facade never read it (PR #41).
        expires: 2027-03-31                      # optional: after this day it stops applying

An entry marks each change it matches as accepted (the change still shows, with its reason, and
still counts for the suggested bump) so that ``--fail-on`` passes. An entry that matches nothing
in the specs compared is *stale* and reported, so the file never collects dead entries; an
expired one no longer applies and is reported too.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .problems import Finding, SpecProblem

__all__ = ["ACCEPTED_PATH", "Acceptance", "Entry", "apply", "load_accepted"]

ACCEPTED_PATH = "specs/accepted-changes.yaml"


class Entry(BaseModel):
    """One accepted change."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    spec: str
    rule: str
    location: str = Field(min_length=1)
    """The change's JSON pointer (``#/paths/...``) or its place (``GET /jobs/ 200``); ``*``
    matches any run of characters."""
    reason: str = Field(min_length=1)
    expires: dt.date | None = None
    line: int = 0
    """Where the entry starts in the file (filled in by the loader, for messages)."""

    @field_validator("rule")
    @classmethod
    def _known_rule(cls, value: str) -> str:
        from .diff.rules import RULES

        if value not in RULES:
            raise ValueError(
                f"unknown rule id {value!r} (docs/diff-rules.md lists the ids the diff reports)"
            )
        return value

    @field_validator("reason")
    @classmethod
    def _real_reason(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("say why this break is acceptable")
        return value.strip()

    def matches(self, spec: str | None, rule: str, pointer: str, where: str) -> bool:
        if spec != self.spec or rule != self.rule:
            return False
        pattern = re.compile("^" + ".*".join(map(re.escape, self.location.split("*"))) + "$")
        return bool(pattern.match(pointer) or pattern.match(where))

    def describe(self) -> str:
        return f"{ACCEPTED_PATH}:{self.line}: {self.spec} {self.rule} at {self.location}"


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid")

    accepted: list[dict[str, Any]] = Field(default_factory=list)


def load_accepted(root: Path, specs: Iterable[str] | None = None) -> list[Entry]:
    """The entries of ``root/specs/accepted-changes.yaml`` ([] when there is no such file).

    ``specs`` are the codegen.yaml names: an entry naming another spec is an error, as is an
    unknown rule id, a missing reason or a date that is not one.
    """
    from .spec.load import LoadError, read_document

    if not (root / ACCEPTED_PATH).is_file():
        return []
    try:
        document = read_document(root, ACCEPTED_PATH)
    except LoadError as exc:
        raise SpecProblem(ACCEPTED_PATH, exc.line, exc.message) from None
    data = document.data if document.data is not None else {}
    lines = document.lines
    try:
        raw = _File.model_validate(data).accepted
    except ValidationError as exc:
        raise SpecProblem(ACCEPTED_PATH, 1, _first_error(exc)) from None
    known = set(specs) if specs is not None else None
    entries: list[Entry] = []
    problems: list[Finding] = []
    for i, item in enumerate(raw):
        line = lines.get(("accepted", i), 0)
        try:
            entry = Entry.model_validate({**item, "line": line})
        except ValidationError as exc:
            problems.append(Finding(ACCEPTED_PATH, line, f"accepted[{i}]: {_first_error(exc)}"))
            continue
        if known is not None and entry.spec not in known:
            problems.append(
                Finding(ACCEPTED_PATH, line, f"accepted[{i}]: no spec {entry.spec!r} in specs/codegen.yaml")
            )  # fmt: skip
            continue
        entries.append(entry)
    if problems:
        raise SpecProblem.of(problems)
    return entries


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    where = ".".join(str(p) for p in error["loc"])
    return f"{where + ': ' if where else ''}{str(error['msg']).removeprefix('Value error, ')}"


@dataclass
class Acceptance:
    """What the accepted-changes file did to a set of reports."""

    used: list[Entry] = field(default_factory=list)
    stale: list[Entry] = field(default_factory=list)
    expired: list[Entry] = field(default_factory=list)

    def lines(self) -> list[str]:
        """One line per stale or expired entry, naming the file and line to edit."""
        out = [
            f"{e.describe()}: stale, matches no change; remove it" for e in self.stale
        ]  # fmt: skip
        out += [f"{e.describe()}: expired on {e.expires}, no longer applies" for e in self.expired]
        return out

    def to_dict(self) -> dict[str, Any]:
        def one(e: Entry) -> dict[str, Any]:
            return {
                "spec": e.spec,
                "rule": e.rule,
                "location": e.location,
                "reason": e.reason,
                "expires": e.expires.isoformat() if e.expires else None,
                "line": e.line,
            }

        return {
            "stale": [one(e) for e in self.stale],
            "expired": [one(e) for e in self.expired],
        }


def apply(
    reports: Sequence[Any],
    entries: Sequence[Entry],
    compared: Iterable[str],
    today: dt.date | None = None,
) -> Acceptance:
    """Mark every change an entry matches as accepted (in place); report stale and expired ones.

    ``reports`` are :class:`~imagejobs.codegen.diff.DiffReport` objects; ``compared`` names every
    spec that was compared, changed or not, so an entry for an unchanged spec reads as stale while
    one for a spec this run did not look at is left alone.
    """
    today = today or dt.date.today()
    names = set(compared)
    result = Acceptance()
    live: list[Entry] = []
    for entry in entries:
        if entry.spec not in names:
            continue
        if entry.expires is not None and entry.expires < today:
            result.expired.append(entry)
        else:
            live.append(entry)
    hit: set[int] = set()
    for report in reports:
        for i, change in enumerate(report.changes):
            for n, entry in enumerate(live):
                if entry.matches(report.spec, change.rule, change.pointer, change.where):
                    hit.add(n)
                    if change.accepted is None:
                        report.changes[i] = dataclasses.replace(change, accepted=entry.reason)
    result.used = [e for n, e in enumerate(live) if n in hit]
    result.stale = [e for n, e in enumerate(live) if n not in hit]
    return result
