"""Spec fidelity: every status, field and enum value in the seed documents is in our specs.

The seeds (tests/fidelity/seeds/, copied byte for byte with their sources in SOURCES.md) are the
vendor pages the specs were written from. FACTS below is the table of what they say. The facts
that can be read mechanically (status codes, model fields, enum values, the JSON spec embedded in
seed 004) are extracted from the text and must all be in FACTS, so the table cannot drift from
the documents; a seed that is missing, or differs from the hash SOURCES.md records, fails the
suite rather than skipping the check. Prose-only facts (useapi's 404 for a missing configuration,
the Customer-Id header, the cancel reason) are kept by hand.

Specs are read from specs/ with their overlays applied (imagejobs.codegen.spec), the same
document the generator sees.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from imagejobs.codegen.config import load_config
from imagejobs.codegen.spec.document import load_spec
from imagejobs.codegen.spec.pointer import deref

REPO = Path(__file__).resolve().parents[2]
SEEDS = Path(__file__).resolve().parent / "seeds"


@dataclass(frozen=True, order=True)
class Fact:
    """One thing a seed document says, and where in which spec it must be.

    kind: "status"  - ``operation`` documents status ``status``
          "field"   - the body of ``status`` has property ``name`` ("*.x": x of every map value)
          "required" - ... and ``name`` is required
          "enum"    - property ``name`` of the body of ``status`` allows ``value``
          "param"   - ``operation`` has a required parameter ``name`` in ``value`` (query, header, path)
          "security" - ``operation`` is secured by ``value`` ("bearer", "apiKey header X-API-Key",
                       "oauth2 jobs:write")
          "body"    - the request body has a string property described as ``value``
    """

    seed: str
    spec: str
    operation: str  # "GET /jobs/cancel/"
    kind: str
    status: str = ""
    name: str = ""
    value: str = ""

    @property
    def what(self) -> str:
        return {
            "status": f"documented status {self.status}",
            "field": f"field {self.name!r} in the {self.status} body",
            "required": f"required field {self.name!r} in the {self.status} body",
            "enum": f"enum value {self.value!r} of {self.name!r} in the {self.status} body",
            "param": f"required {self.value} parameter {self.name!r}",
            "security": f"security {self.value!r}",
            "body": f"a request body property described {self.value!r}",
        }[self.kind]

    @property
    def test_id(self) -> str:
        return "-".join(
            p
            for p in (
                self.seed,
                self.spec,
                self.operation,
                self.kind,
                self.status,
                self.name,
                self.value,
            )
            if p
        )


def _facts(
    seed: str, spec: str, operation: str, kind: str, status: str = "", **many: list[str]
) -> list[Fact]:
    """Several facts of one kind: ``names=[...]`` or ``values=[...]`` (with a fixed ``name``)."""
    if "names" in many:
        return [Fact(seed, spec, operation, kind, status, name=n) for n in many["names"]]
    name = many.get("name", [""])[0]
    return [Fact(seed, spec, operation, kind, status, name=name, value=v) for v in many["values"]]


USEAPI_CANCEL = "GET /jobs/cancel/"
USEAPI_ACCOUNTS = "GET /account/midjourney"
JOBS_CANCEL = "PUT /v1/jobs/{jobId}/cancel"
TOPAZ_CANCEL = "DELETE /cancel/{process_id}"
JOB_STATUSES = ["created", "started", "moderated", "progress", "completed", "failed", "cancelled"]
USEAPI_ERROR = ["error", "code"]
PROBLEM = ["type", "title", "status", "detail", "instance"]
TOPAZ_ERRORS = ["400", "401", "403", "404", "409", "429", "500"]


def _table() -> list[Fact]:
    facts: list[Fact] = []
    # Seeds 000 and 001: the useapi cancel page (two captures of the same page).
    for seed in ("000", "001"):
        facts += [
            Fact(seed, "useapi", USEAPI_CANCEL, "status", s)
            for s in ("200", "400", "401", "402", "404")
        ]
        facts += _facts(
            seed,
            "useapi",
            USEAPI_CANCEL,
            "field",
            "200",
            names=["jobid", "status", "error", "errorDetails", "code"],
        )
        facts += _facts(
            seed, "useapi", USEAPI_CANCEL, "enum", "200", name=["status"], values=JOB_STATUSES
        )
        for status in ("400", "401", "402", "404"):
            facts += _facts(seed, "useapi", USEAPI_CANCEL, "field", status, names=USEAPI_ERROR)
        facts.append(Fact(seed, "useapi", USEAPI_CANCEL, "param", name="jobid", value="query"))
        facts.append(Fact(seed, "useapi", USEAPI_CANCEL, "security", value="bearer"))
    # Seed 002: useapi accounts. The 404 is prose only ("Configuration not found ...").
    facts += [Fact("002", "useapi", USEAPI_ACCOUNTS, "status", s) for s in ("200", "401", "404")]
    facts += _facts(
        "002",
        "useapi",
        USEAPI_ACCOUNTS,
        "field",
        "200",
        names=["*.discord", "*.server", "*.channel", "*.maxJobs", "*.pendingModMessage"],
    )
    facts += _facts("002", "useapi", USEAPI_ACCOUNTS, "field", "401", names=USEAPI_ERROR)
    facts.append(Fact("002", "useapi", USEAPI_ACCOUNTS, "security", value="bearer"))
    # Seed 003: the jobs API (BigChange) cancel page. The header's name is not on the page
    # ("Header Parameters: The customer identifier"); Customer-Id is from BigChange's reference.
    facts += [
        Fact("003", "jobs_api", JOBS_CANCEL, "status", s)
        for s in ("204", "400", "403", "404", "422", "500")
    ]
    for status in ("400", "403", "404", "422", "500"):
        facts += _facts("003", "jobs_api", JOBS_CANCEL, "field", status, names=PROBLEM)
    facts.append(Fact("003", "jobs_api", JOBS_CANCEL, "field", "422", name="errors"))
    facts.append(Fact("003", "jobs_api", JOBS_CANCEL, "param", name="jobId", value="path"))
    facts.append(Fact("003", "jobs_api", JOBS_CANCEL, "param", name="Customer-Id", value="header"))
    facts.append(Fact("003", "jobs_api", JOBS_CANCEL, "security", value="oauth2 jobs:write"))
    facts.append(
        Fact(
            "003",
            "jobs_api",
            JOBS_CANCEL,
            "body",
            value="A textual reason as to why the job is cancelled",
        )
    )
    # Seed 004: the Topaz cancel fragment (an OpenAPI document of its own).
    facts += [Fact("004", "topaz", TOPAZ_CANCEL, "status", s) for s in ["204", *TOPAZ_ERRORS]]
    for status in TOPAZ_ERRORS:
        facts += _facts("004", "topaz", TOPAZ_CANCEL, "field", status, names=["message", "code"])
        facts.append(Fact("004", "topaz", TOPAZ_CANCEL, "required", status, name="message"))
    facts.append(Fact("004", "topaz", TOPAZ_CANCEL, "param", name="process_id", value="path"))
    facts.append(Fact("004", "topaz", TOPAZ_CANCEL, "security", value="apiKey header X-API-Key"))
    return sorted(set(facts))


FACTS = _table()


# --------------------------------------------------------------------------------------------
# Reading our specs


@dataclass(frozen=True)
class OurSpec:
    where: str  # "specs/topaz.yaml (+ specs/overlays/topaz.yaml)"
    doc: dict[str, Any]


def _load_our_specs() -> dict[str, OurSpec]:
    config = load_config(REPO)
    specs = {}
    for name, entry in config.specs.items():
        loaded = load_spec(REPO, name, entry.spec, vendor=entry.vendor, overlays=entry.overlays)
        where = entry.spec + "".join(f" (+ {o})" for o in entry.overlays)
        specs[name] = OurSpec(where, loaded.doc)
    return specs


OUR_SPECS = _load_our_specs()


def _deref(doc: dict[str, Any], node: Any) -> Any:
    return deref(doc, node)[0]  # the codegen's one resolver: a loop is an error, not a hang


def _properties(doc: dict[str, Any], schema: Any) -> dict[str, Any]:
    """Declared properties of an object schema, allOf parts merged."""
    schema = _deref(doc, schema)
    props = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        props.update(_properties(doc, part))
    return props


def _required(doc: dict[str, Any], schema: Any) -> set[str]:
    schema = _deref(doc, schema)
    required = set(schema.get("required", []))
    for part in schema.get("allOf", []):
        required |= _required(doc, part)
    return required


def _json_schema(doc: dict[str, Any], response: Any) -> Any:
    content = _deref(doc, response).get("content", {})
    for media_type, media in content.items():
        if media_type == "application/json" or media_type.endswith("+json"):
            return _deref(doc, media.get("schema", {}))
    return None


def missing(fact: Fact, spec: OurSpec) -> str | None:
    """Why ``spec`` does not state ``fact``, or None when it does."""
    doc = spec.doc
    method, path = fact.operation.split(" ", 1)
    path_item = doc.get("paths", {}).get(path)
    operation = (path_item or {}).get(method.lower())
    if operation is None:
        return "the operation is missing"
    if fact.kind == "param":
        params = [
            _deref(doc, p)
            for p in [*path_item.get("parameters", []), *operation.get("parameters", [])]
        ]
        found = [p for p in params if p["name"] == fact.name and p["in"] == fact.value]
        if not found:
            return "the parameter is missing"
        return None if found[-1].get("required") else "the parameter is not required"
    if fact.kind == "security":
        return _missing_security(doc, operation, fact.value)
    if fact.kind == "body":
        body = _deref(doc, operation.get("requestBody", {}))
        schemas = [_deref(doc, m.get("schema", {})) for m in body.get("content", {}).values()]
        described = [
            p
            for s in schemas
            for p in _properties(doc, s).values()
            if fact.value in _deref(doc, p).get("description", "")
        ]
        return None if described else "no request body property says so"
    response = operation.get("responses", {}).get(fact.status)
    if response is None:
        return (
            "the status is missing" if fact.kind == "status" else f"status {fact.status} is missing"
        )
    if fact.kind == "status":
        return None
    schema = _json_schema(doc, response)
    if schema is None:
        return f"status {fact.status} has no JSON body"
    name = fact.name
    if name.startswith("*."):  # a map: the field is in the schema of every value
        schema, name = _deref(doc, schema.get("additionalProperties", {})), name[2:]
    props = _properties(doc, schema)
    if name not in props:
        return "the field is missing"
    if fact.kind == "required":
        return None if name in _required(doc, schema) else "the field is not required"
    if fact.kind == "enum":
        allowed = _deref(doc, props[name]).get("enum", [])
        return None if fact.value in allowed else f"the enum is {allowed}"
    return None


def _missing_security(doc: dict[str, Any], operation: dict[str, Any], wanted: str) -> str | None:
    requirements = operation.get("security", doc.get("security", []))
    schemes = doc.get("components", {}).get("securitySchemes", {})
    offered = []
    for requirement in requirements:
        for name, scopes in requirement.items():
            scheme = schemes.get(name, {})
            if scheme.get("type") == "http":
                offered.append(scheme.get("scheme", "").lower())
            elif scheme.get("type") == "apiKey":
                offered.append(f"apiKey {scheme.get('in')} {scheme.get('name')}")
            elif scheme.get("type") == "oauth2":
                offered += [f"oauth2 {scope}" for scope in scopes]
    return None if wanted in offered else f"the operation's security is {offered}"


# --------------------------------------------------------------------------------------------
# Reading the seeds


def _seed_text(number: str) -> str:
    found = sorted(SEEDS.glob(f"{number}_*.txt"))
    assert found, f"no seed {number}_*.txt in {SEEDS}: copy it back (SOURCES.md says from where)"
    return found[0].read_text(encoding="utf-8")


def _braced_blocks(text: str) -> list[str]:
    """The top-level {...} blocks of a text (examples and TypeScript models on the pages)."""
    blocks, depth, start = [], 0, 0
    for i, char in enumerate(text):
        if char == "{":
            depth, start = depth + 1, (i if depth == 0 else start)
        elif char == "}" and depth:
            depth -= 1
            if depth == 0:
                blocks.append(text[start : i + 1])
    return blocks


def _model_start(text: str) -> int:
    # The heading "Model" on a line of its own, not the "4. Model" entry of the table of contents.
    return re.search(r"^Model$", text, re.MULTILINE).start()  # type: ignore[union-attr]


def _useapi_common(seed: str, operation: str, text: str) -> list[Fact]:
    """Statuses, error body fields, auth and required query parameters of a useapi page."""
    facts = [
        Fact(seed, "useapi", operation, "status", c) for c in re.findall(r'"code":\s*(\d{3})', text)
    ]
    # Each error example shows the error body: {"error": ..., "code": N}.
    for block in _braced_blocks(text[: _model_start(text)]):
        code = re.search(r'"code":\s*(\d{3})', block)
        if '"error"' in block and code:
            facts += _facts(
                seed,
                "useapi",
                operation,
                "field",
                code.group(1),
                names=re.findall(r'"(\w+)":', block),
            )
    if re.search(r"Authorization: Bearer", text):
        facts.append(Fact(seed, "useapi", operation, "security", value="bearer"))
    query = text.split("Query Parameter", 2)[-1] if "Query Parameter\n" in text else ""
    for name in re.findall(r"^(\w+) is required", query, re.MULTILINE):
        facts.append(Fact(seed, "useapi", operation, "param", name=name, value="query"))
    return facts


def _useapi_model(text: str) -> tuple[list[str], list[str]]:
    """Field names and status enum values of the TypeScript block after "Model"."""
    model = _braced_blocks(text[_model_start(text) :])[0]
    fields = re.findall(r"^\s*(?:\[\w+: string\]: \{)?\s*(\w+): ", model, re.MULTILINE)
    status_line = re.search(r"status:([^,]*(?:\|[^,]*)*),", model, re.DOTALL)
    enum = re.findall(r"'(\w+)'", status_line.group(1)) if status_line else []
    return fields, enum


def extract_seed_facts() -> list[Fact]:
    """What can be read from the seeds mechanically (the rest is prose, kept in FACTS by hand)."""
    facts: list[Fact] = []
    for seed in ("000", "001"):
        text = _seed_text(seed)
        facts += _useapi_common(seed, USEAPI_CANCEL, text)
        fields, enum = _useapi_model(text)
        facts += _facts(seed, "useapi", USEAPI_CANCEL, "field", "200", names=fields)
        facts += _facts(seed, "useapi", USEAPI_CANCEL, "enum", "200", name=["status"], values=enum)
    text = _seed_text("002")
    facts += _useapi_common("002", USEAPI_ACCOUNTS, text)
    fields, _ = _useapi_model(text)
    facts += _facts(
        "002", "useapi", USEAPI_ACCOUNTS, "field", "200", names=[f"*.{f}" for f in fields]
    )
    text = _seed_text("003")
    statuses = re.findall(r"^- (\d{3})$", text, re.MULTILINE)
    facts += [Fact("003", "jobs_api", JOBS_CANCEL, "status", s) for s in statuses]
    # One example body per status with a body, in the order the statuses are listed (204 has none).
    bodies = [json.loads(b) for b in _braced_blocks(text)]
    for status, body in zip([s for s in statuses if s != "204"], bodies, strict=True):
        facts += _facts("003", "jobs_api", JOBS_CANCEL, "field", status, names=list(body))
    scope = re.search(r"required scope ([\w:]+)", text)
    if scope:
        facts.append(
            Fact("003", "jobs_api", JOBS_CANCEL, "security", value=f"oauth2 {scope.group(1)}")
        )
    facts += _topaz_facts(_seed_text("004"))
    return sorted(set(facts))


def _topaz_facts(text: str) -> list[Fact]:
    """Everything the OpenAPI document embedded in seed 004 says about its operations."""
    doc = json.loads(re.search(r"```json\n(.*?)\n```", text, re.DOTALL).group(1))  # type: ignore[union-attr]
    facts = []
    for path, item in doc["paths"].items():
        for method, operation in item.items():
            op = f"{method.upper()} {path}"
            for param in operation.get("parameters", []):
                if param.get("required"):
                    facts.append(
                        Fact("004", "topaz", op, "param", name=param["name"], value=param["in"])
                    )
            for requirement in operation.get("security", doc.get("security", [])):
                for name in requirement:
                    scheme = doc["components"]["securitySchemes"][name]
                    facts.append(
                        Fact(
                            "004",
                            "topaz",
                            op,
                            "security",
                            value=f"apiKey {scheme['in']} {scheme['name']}",
                        )
                    )
            for status, response in operation["responses"].items():
                facts.append(Fact("004", "topaz", op, "status", status))
                schema = _json_schema(doc, response)
                if schema is None:
                    continue
                facts += _facts(
                    "004", "topaz", op, "field", status, names=list(_properties(doc, schema))
                )
                facts += _facts(
                    "004", "topaz", op, "required", status, names=sorted(_required(doc, schema))
                )
    return facts


# --------------------------------------------------------------------------------------------
# Tests


@pytest.mark.parametrize("fact", FACTS, ids=lambda f: f.test_id)
def test_spec_states_seed_fact(fact: Fact) -> None:
    spec = OUR_SPECS.get(fact.spec)
    assert spec is not None, f"no spec named {fact.spec!r} in specs/codegen.yaml (seed {fact.seed})"
    reason = missing(fact, spec)
    assert reason is None, (
        f"{spec.where}: {fact.operation} lacks {fact.what} (seed {fact.seed}): {reason}"
    )


def _recorded_seeds() -> dict[str, tuple[int, str]]:
    """SOURCES.md's table: file name -> (bytes, sha256)."""
    rows = re.findall(
        r"^\| (\S+\.txt) \| (\d+) \| `([0-9a-f]{64})` \|",
        (SEEDS / "SOURCES.md").read_text(encoding="utf-8"),
        re.MULTILINE,
    )
    return {name: (int(size), digest) for name, size, digest in rows}


def test_the_seeds_are_the_recorded_copies() -> None:
    import hashlib

    recorded = _recorded_seeds()
    assert len(recorded) == 5, f"SOURCES.md lists {len(recorded)} seeds, not 000-004"
    present = {path.name for path in SEEDS.glob("*.txt")}
    assert present == set(recorded), (
        f"{SEEDS}: seeds missing {sorted(set(recorded) - present)}, "
        f"not in SOURCES.md {sorted(present - set(recorded))}"
    )
    for name, (size, digest) in recorded.items():
        data = (SEEDS / name).read_bytes()
        assert (len(data), hashlib.sha256(data).hexdigest()) == (size, digest), (
            f"{SEEDS / name} is not the copy SOURCES.md records: seeds are copied, never edited"
        )


def test_facts_table_covers_what_the_seeds_say() -> None:
    extracted = extract_seed_facts()
    assert len(extracted) > 50, "extraction found almost nothing: did the seed format change?"
    not_in_table = [f for f in extracted if f not in FACTS]
    assert not not_in_table, "facts in the seeds but not in FACTS (add them):\n" + "\n".join(
        f"seed {f.seed}: {f.operation} {f.what}" for f in not_in_table
    )


def test_missing_fact_is_named() -> None:
    # The failure message must say which spec, which operation and what is missing.
    spec = OUR_SPECS["useapi"]
    doc = json.loads(json.dumps(spec.doc))
    del doc["paths"]["/jobs/cancel/"]["get"]["responses"]["402"]
    fact = Fact("000", "useapi", USEAPI_CANCEL, "status", "402")
    assert missing(fact, OurSpec(spec.where, doc)) == "the status is missing"
    assert fact.what == "documented status 402"
