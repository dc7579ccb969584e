"""A spec edited so that it disagrees with the committed client makes the contract checks fail.

Each test copies an effective spec to tmp_path, breaks it the way a careless spec edit would
(a removed status, a renamed field, a new status, a renamed header), and runs the same check
functions the contract tests run. The client is not regenerated: spec and client now disagree,
which is exactly what the checks exist to catch, and the message must name the operation and what.
"""

import json
from pathlib import Path
from typing import Any

import pytest
from contract_checks import (
    Operation,
    check_examples,
    check_generated_bodies,
    check_operation_responses,
    check_request,
    check_status_coverage,
    discover_operations,
    load_specs,
    spec_from_file,
)

SPECS = {spec.name: spec for spec in load_specs()}


def edited_operation(tmp_path: Path, spec_name: str, operation_id: str, edit) -> Operation:
    """Copy the effective spec of ``spec_name`` to tmp_path, apply ``edit``, return the operation."""
    committed = SPECS[spec_name]
    doc: dict[str, Any] = json.loads(json.dumps(committed.doc))
    edit(doc)
    path = tmp_path / f"{spec_name}.json"
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    ops = discover_operations(spec_from_file(path, committed))
    return next(op for op in ops if op.operation_id == operation_id)


def assert_reported(problems: list[str], *fragments: str) -> None:
    matching = [p for p in problems if all(f in p for f in fragments)]
    assert matching, f"no problem mentions {fragments}; got:\n" + "\n".join(problems)


def test_unedited_copy_has_no_problems(tmp_path: Path) -> None:
    # The control: copying alone must not produce problems, or the tests below prove nothing.
    op = edited_operation(tmp_path, "useapi", "cancelJob", lambda doc: None)
    assert check_operation_responses(op, max_examples=10) == []
    assert check_request(op) == []


def test_removed_status_is_reported(tmp_path: Path) -> None:
    def remove_402(doc: dict[str, Any]) -> None:
        del doc["paths"]["/jobs/cancel/"]["get"]["responses"]["402"]

    op = edited_operation(tmp_path, "useapi", "cancelJob", remove_402)
    problems = check_status_coverage(op)
    assert_reported(problems, "cancelJob (GET /jobs/cancel/)", "status 402", "does not document")


def test_added_status_is_reported(tmp_path: Path) -> None:
    def add_409(doc: dict[str, Any]) -> None:
        responses = doc["paths"]["/cancel/{process_id}"]["delete"]["responses"]
        responses["418"] = {"$ref": "#/components/responses/Conflict"}

    op = edited_operation(tmp_path, "topaz", "cancelTask", add_409)
    problems = check_status_coverage(op)
    assert_reported(problems, "cancelTask (DELETE /cancel/{process_id})", "documented status 418")


@pytest.mark.parametrize(
    ("spec_name", "operation_id", "status", "schema", "old", "new", "expected"),
    [
        # An optional field: the client files the new name under additional_properties.
        (
            "useapi",
            "cancelJob",
            "200",
            "JobCancelResponse",
            "jobid",
            "jobId",
            "documented field 'jobId'",
        ),
        # A required field: the client's from_dict fails on the missing old name.
        ("topaz", "cancelTask", "409", "Error", "message", "msg", "MalformedResponse"),
    ],
)
def test_renamed_response_field_is_reported(
    tmp_path: Path, spec_name, operation_id, status, schema, old, new, expected
) -> None:
    def rename(doc: dict[str, Any]) -> None:
        target = doc["components"]["schemas"][schema]
        target["properties"][new] = target["properties"].pop(old)
        target["required"] = [new if r == old else r for r in target.get("required", [])]

    op = edited_operation(tmp_path, spec_name, operation_id, rename)
    # One status is enough to show it; every status would only repeat the same finding slower.
    problems = check_examples(op, status) + check_generated_bodies(op, status, max_examples=25)
    assert_reported(problems, f"{operation_id} (", f"status {status}", expected)


def test_renamed_request_header_is_reported(tmp_path: Path) -> None:
    def rename_header(doc: dict[str, Any]) -> None:
        doc["components"]["parameters"]["CustomerIdHeader"]["name"] = "X-Customer-Id"

    op = edited_operation(tmp_path, "jobs_api", "cancelJob", rename_header)
    problems = check_request(op)
    assert_reported(problems, "cancelJob (PUT /v1/jobs/{jobId}/cancel)", "'x_customer_id'")


@pytest.mark.parametrize(
    ("spec_name", "operation_id", "edit", "expected"),
    [
        # The spec now wants a differently shaped Customer-Id than the client sends.
        (
            "jobs_api",
            "cancelJob",
            lambda doc: doc["components"]["parameters"]["CustomerIdHeader"].update(
                schema={"type": "string", "pattern": "^C-[0-9]+$"}
            ),
            "Customer-Id",
        ),
        # The spec now requires a query parameter the client does not send.
        (
            "topaz",
            "cancelTask",
            lambda doc: doc["paths"]["/cancel/{process_id}"]["delete"]["parameters"].append(
                {"name": "force", "in": "query", "required": True, "schema": {"type": "boolean"}}
            ),
            "Missing required query parameter: force",
        ),
    ],
    ids=["customer-id-schema", "new-required-query"],
)
def test_request_the_spec_no_longer_allows_is_reported(
    tmp_path: Path, spec_name, operation_id, edit, expected
) -> None:
    op = edited_operation(tmp_path, spec_name, operation_id, edit)
    assert_reported(check_request(op), f"{operation_id} (", "openapi-core rejects", expected)


def test_auth_the_spec_requires_is_checked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The generated client takes the auth header name from its caller, so a spec/client mismatch
    # cannot be built by editing the spec; instead drop the header the client would send and
    # check that openapi-core's security validation notices.
    import contract_checks

    monkeypatch.setattr(contract_checks, "_auth_headers", lambda client: {})
    op = edited_operation(tmp_path, "topaz", "cancelTask", lambda doc: None)
    assert_reported(check_request(op), "cancelTask (", "openapi-core rejects", "Security")


def test_operation_without_generated_function_is_reported(tmp_path: Path) -> None:
    def add_operation(doc: dict[str, Any]) -> None:
        doc["paths"]["/jobs/cancel/"]["post"] = {
            "tags": ["jobs"],
            "operationId": "cancelJobByPost",
            "responses": {"204": {"description": "cancelled"}},
        }

    op = edited_operation(tmp_path, "useapi", "cancelJobByPost", add_operation)
    assert_reported(
        check_status_coverage(op), "cancelJobByPost (POST /jobs/cancel/)", "no generated module"
    )
