"""schemathesis against each fake, served on 127.0.0.1, with its effective spec: no failures.

This checks the fakes and the specs against each other: every answer a fake gives must have a
documented status, the documented content type, a body valid for the documented schema and the
documented headers, and never a 5xx. The fake runs as a real uvicorn server (not in-process), so
the wire format is what a user of `imagejobs fake serve` sees.

Each fake is seeded with jobs in every state of its spec, and a schema-local hook swaps the
generated id for a seeded one in some draws, so found and not-found ids both occur (a random
id would only ever exercise the 404 path). Cancels change the seeded jobs' states during the run,
so later cancels also meet the "not cancellable" answers.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import pytest
import schemathesis
from contract_checks import load_specs
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from imagejobs.registry import JOBS_API, PROVIDERS, TOPAZ, USEAPI
from imagejobs.testing import (
    DescribedFake,
    FakeJobsApi,
    FakeTopaz,
    FakeUseapi,
    make_fake,
    running_server,
)
from imagejobs.testing._store import FakeProvider

pytestmark = pytest.mark.slow

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]

# Bounded so the three runs together stay well under a minute; derandomized so CI is repeatable.
MAX_EXAMPLES = 25


def effective_spec(name: str) -> dict[str, Any]:
    """The spec the generated package was built from (generated/<package>/openapi.json)."""
    return next(spec.doc for spec in load_specs() if spec.name == name)


@dataclass
class Served:
    """One fake, its credentials as headers, and the ids seeded into it (by parameter name)."""

    fake: FakeProvider
    headers: dict[str, str]
    ids: dict[str, list[Any]] = field(default_factory=dict)
    # Body fields that make a request succeed (the token endpoint's client credentials).
    body: dict[str, Any] = field(default_factory=dict)


def seed_useapi() -> Served:
    fake = FakeUseapi(seed=1)
    fake.add_account("1002843")
    fake.add_account("2004686", server=None)
    jobs = [
        fake.add_job(status, channel=channel)
        for status in USEAPI.statuses
        if status != "cancelled"
        for channel in ("1002843", "2004686")
    ] + [fake.add_job("cancelled")]
    return Served(
        fake,
        {"Authorization": f"Bearer {fake.token}"},
        {"jobid": jobs, "channel": ["1002843", "2004686"]},
    )


def seed_topaz() -> Served:
    fake = FakeTopaz(seed=1)
    ids = [fake.add_job(state) for state in TOPAZ.statuses for _ in range(2)]
    return Served(fake, {"X-API-Key": fake.api_key}, {"process_id": ids})


def seed_jobs_api() -> Served:
    fake = FakeJobsApi(seed=1)
    # Ids 1 and 2 first: the spec's `minimum: 1` makes them the ids schemathesis's examples and
    # coverage phases send (before any hook runs), so they must exist: 1 is cancellable (204,
    # then 422 once cancelled), 2 is not (422 with errors.jobId).
    ids = [fake.add_job("new", id=1), fake.add_job("started", id=2)]
    ids += [fake.add_job(state) for state in JOBS_API.statuses for _ in range(2)]
    assert fake.token is not None
    # The static token: the OAuth2 scheme's bearer token, with both scopes, never expiring.
    return Served(
        fake,
        {"Authorization": f"Bearer {fake.token}"},
        {"jobId": ids},
        # The token endpoint only answers 200 to the fake's own client credentials.
        {"client_id": fake.client_id, "client_secret": fake.client_secret},
    )


def seed_described(name: str) -> Served:
    """Any other provider's fake (a DescribedFake): two jobs in every state of its table."""
    fake = make_fake(name, seed=1)
    assert isinstance(fake, DescribedFake)
    desc = fake.desc
    ids = [fake.add_job(state) for state in fake.info.statuses for _ in range(2)]
    parts = [str(i).split(desc.job_id.separator) for i in ids]
    headers: dict[str, str] = {}
    proof = next(c for c in desc.credentials if c.kind in ("header", "bearer"))
    value = fake.credentials[proof.keyword]
    headers[str(proof.name)] = f"Bearer {value}" if proof.kind == "bearer" else value
    for c in desc.credentials:
        if c.kind == "extra_header":
            headers[str(c.name)] = "14532"
    return Served(
        fake,
        headers,
        {param: [p[n] for p in parts] for n, param in enumerate(desc.job_id.params)},
    )


OWN = {"useapi": seed_useapi, "topaz": seed_topaz, "jobs_api": seed_jobs_api}
#: Every provider's seeder: its own, or the described fake's (made from the registry).
SEEDERS: dict[str, Any] = {
    name: OWN.get(name, functools.partial(seed_described, name)) for name in PROVIDERS
}
#: The providers whose fake is a DescribedFake: their runs cover the declared operations only.
DESCRIBED = [name for name in PROVIDERS if name not in OWN]
# Built (and seeded) at import: the hooks below need the seeded ids when hypothesis draws.
SERVED = {name: seeder() for name, seeder in SEEDERS.items()}


def with_seeded_ids(values: dict[str, Any] | None, ids: dict[str, list[Any]]) -> Any:
    """A strategy: ``values`` with its id replaced by a seeded one, or as generated.

    The seeded branch comes first, so hypothesis's simplest draws (and shrinking) favour ids
    that exist; the generated branch keeps the not-found answers in the run.
    """
    names = [name for name in values or {} if name in ids]
    if not names:
        return st.just(values)
    name = names[0]
    return st.one_of(
        st.sampled_from(ids[name]).map(lambda v: {**(values or {}), name: v}), st.just(values)
    )


def with_known_fields(body: Any, known: dict[str, Any]) -> Any:
    """A strategy: a generated object body with the known-good fields set in, or as generated."""
    if not known or not isinstance(body, dict) or not set(known) <= set(body):
        return st.just(body)
    return st.sampled_from([{**body, **known}, body])


def declared(name: str) -> Any:
    """A matcher of the operations the provider's description declares (what its fake serves)."""
    wanted = {(op.method, op.path) for op in PROVIDERS[name].description.operations.values()}
    return lambda ctx: (ctx.operation.method.upper(), ctx.operation.path) in wanted


def load_schema(name: str) -> schemathesis.BaseSchema:
    schema = schemathesis.openapi.from_dict(effective_spec(name))
    if name in DESCRIBED:
        schema = schema.include(declared(name))
    # The fake's credential on every request, as a user of the fake would send it.
    schema.config.update(headers=SERVED[name].headers)
    ids, known = SERVED[name].ids, SERVED[name].body

    @schema.hook
    def flatmap_path_parameters(context: Any, path_parameters: dict[str, Any]) -> Any:
        return with_seeded_ids(path_parameters, ids)

    @schema.hook
    def flatmap_query(context: Any, query: dict[str, Any]) -> Any:
        return with_seeded_ids(query, ids)

    @schema.hook
    def flatmap_body(context: Any, body: Any) -> Any:
        return with_known_fields(body, known)

    return schema


@pytest.fixture(scope="module")
def base_urls() -> Iterator[dict[str, str]]:
    """Every fake served on 127.0.0.1 for the module; stopped after it."""
    with ExitStack() as stack:
        yield {
            name: stack.enter_context(running_server(served.fake))
            for name, served in SERVED.items()
        }


SETTINGS = hypothesis.settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,  # a real server round trip; timing is not what is tested
    suppress_health_check=list(hypothesis.HealthCheck),
)

# Why not schemathesis.pytest.from_fixture (a schema built in a fixture, after the server has
# its port): in schemathesis 4.32.5 it sets `request.node._nodeid`, which pytest 9.2 no longer
# has (AttributeError). So the schemas load at import and the base URL is passed per call.
useapi_schema = load_schema("useapi")
topaz_schema = load_schema("topaz")
jobs_api_schema = load_schema("jobs_api")


@useapi_schema.parametrize()
@SETTINGS
def test_useapi_fake(case: schemathesis.Case, base_urls: dict[str, str]) -> None:
    case.call_and_validate(base_url=base_urls["useapi"], checks=CHECKS)


@topaz_schema.parametrize()
@SETTINGS
def test_topaz_fake(case: schemathesis.Case, base_urls: dict[str, str]) -> None:
    case.call_and_validate(base_url=base_urls["topaz"], checks=CHECKS)


@jobs_api_schema.parametrize()
@SETTINGS
def test_jobs_api_fake(case: schemathesis.Case, base_urls: dict[str, str]) -> None:
    case.call_and_validate(base_url=base_urls["jobs_api"], checks=CHECKS)


def _described_fake_test(name: str) -> Any:
    schema = load_schema(name)

    spec = effective_spec(name)

    spec, desc = effective_spec(name), PROVIDERS[name].description
    conflicts = set(desc.cancel.statuses) if desc.cancel is not None else set()

    @schema.parametrize()
    @SETTINGS
    def test(case: schemathesis.Case, base_urls: dict[str, str]) -> None:
        op = case.operation
        documented = set(spec["paths"][op.path][op.method.lower()].get("responses") or {})
        response = case.call(base_url=base_urls[name])
        status = response.status_code
        # What a vendor's spec may leave out and the provider still answers: a 401 for a wrong
        # credential, the described conflict status of a cancel, or any error at all where the
        # operation documents none (OpenAI's batches). Its body is checked all the same.
        unlisted = status == 401 or (
            str(status) not in documented
            and (status in conflicts or not any(c.startswith("4") for c in documented))
        )
        checks = [c for c in CHECKS if not (unlisted and c is status_code_conformance)]
        case.validate_response(response, checks=checks)

    test.__name__ = test.__qualname__ = f"test_{name}_fake"
    return test


for _name in DESCRIBED:
    globals()[f"test_{_name}_fake"] = _described_fake_test(_name)


def test_runs_met_found_and_unknown_ids() -> None:
    """The runs above reached both the seeded jobs and unknown ids (else they proved little).

    Reads what each fake recorded, so it runs after the schemathesis tests (pytest keeps file
    order); a fake whose test was deselected recorded nothing and is skipped.
    """
    ran = {name: served.fake.requests for name, served in SERVED.items() if served.fake.requests}
    if not ran:
        pytest.skip("no schemathesis run in this session")
    for name, requests in ran.items():
        statuses = {r.status for r in requests}
        assert statuses & {200, 204}, f"{name}: no request found a seeded job: {sorted(statuses)}"
        assert 404 in statuses, f"{name}: no request used an unknown id: {sorted(statuses)}"
        assert not statuses & {0, *range(500, 600)}, f"{name}: server errors: {sorted(statuses)}"


def test_every_spec_has_a_fake_run() -> None:
    # A spec added to specs/codegen.yaml needs a fake and a seeder here to be checked at all.
    assert {spec.name for spec in load_specs()} == set(SEEDERS)
