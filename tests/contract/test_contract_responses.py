"""Every documented response of every operation is parsed by the generated client as documented.

Operations and statuses come from the effective specs (contract_checks.all_operations), so a new
spec, operation or status is covered here without writing a test.
"""

import pytest
from contract_checks import (
    all_operations,
    check_examples,
    check_generated_bodies,
    check_malformed_bodies,
    check_status_coverage,
    check_undocumented_statuses,
)

OPERATIONS = all_operations()
OPERATION_STATUSES = [(op, status) for op in OPERATIONS for status in op.responses]

# Bounded so the suite stays fast; derandomized in contract_checks, so CI sees the same bodies.
MAX_EXAMPLES = 25


def _ids(value: object) -> str:
    return getattr(value, "test_id", str(value))


def _report(problems: list[str]) -> str:
    return "\n".join(problems)


def test_specs_have_operations() -> None:
    # Guards the parametrized tests below against silently collecting nothing.
    assert OPERATIONS, "no operations discovered from specs/codegen.yaml"
    assert {op.spec.name for op in OPERATIONS} >= {"useapi", "jobs_api", "topaz"}


@pytest.mark.parametrize("op", OPERATIONS, ids=_ids)
def test_every_documented_status_is_parsed(op) -> None:
    """Spec and client agree on the set of statuses (documented but unparsed, or the reverse)."""
    problems = check_status_coverage(op)
    assert not problems, _report(problems)


@pytest.mark.parametrize(("op", "status"), OPERATION_STATUSES, ids=_ids)
def test_documented_examples_parse(op, status) -> None:
    problems = check_examples(op, status)
    assert not problems, _report(problems)


@pytest.mark.parametrize(
    ("op", "status"), [(op, s) for op, s in OPERATION_STATUSES if op.json_media(s)], ids=_ids
)
def test_generated_bodies_parse(op, status) -> None:
    problems = check_generated_bodies(op, status, MAX_EXAMPLES)
    assert not problems, _report(problems)


@pytest.mark.parametrize("op", OPERATIONS, ids=_ids)
def test_undocumented_statuses_raise_unexpected_status(op) -> None:
    problems = check_undocumented_statuses(op)
    assert not problems, _report(problems)


@pytest.mark.parametrize(
    ("op", "status"), [(op, s) for op, s in OPERATION_STATUSES if op.json_media(s)], ids=_ids
)
def test_malformed_bodies_raise_malformed_response(op, status) -> None:
    problems = check_malformed_bodies(op, status)
    assert not problems, _report(problems)


def test_non_standard_status_stays_an_int() -> None:
    # useapi's 596 is not an IANA status: Response.status_code must be the plain int 596, not an
    # HTTPStatus (which would raise) - checked on every operation that documents it.
    documented_596 = [op for op in OPERATIONS if "596" in op.responses]
    assert documented_596, "no spec documents 596 any more; drop or move this test"
    for op in documented_596:
        assert not check_examples(op, "596"), _report(check_examples(op, "596"))
