"""Every request the generated clients send is one the spec allows (checked with openapi-core).

Method, path, path/query/header parameters (Customer-Id included), the auth the security scheme
asks for, and the JSON or form body are validated against the effective spec; the arguments are
the spec's own examples plus values drawn from the parameter and body schemas.
"""

import pytest
from contract_checks import all_operations, check_generated_requests, check_request

OPERATIONS = all_operations()
MAX_EXAMPLES = 25


def _ids(value: object) -> str:
    return getattr(value, "test_id", str(value))


@pytest.mark.parametrize("op", OPERATIONS, ids=_ids)
def test_request_with_plausible_arguments_matches_spec(op) -> None:
    problems = check_request(op)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("op", OPERATIONS, ids=_ids)
def test_requests_with_generated_arguments_match_spec(op) -> None:
    problems = check_generated_requests(op, MAX_EXAMPLES)
    assert not problems, "\n".join(problems)
