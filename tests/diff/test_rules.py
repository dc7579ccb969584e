"""One spec edit per rule, applied to a temp copy of one of our real specs.

Each row: the spec, the edit (and a ``base`` edit applied to both sides when the rule needs a
starting point our specs lack), then the rule that must be reported with its class, place
(``METHOD path status``) and JSON pointer. A symbol, when given, must be among the change's
affected generated names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from imagejobs.codegen.diff.rules import RULES, TABLE

from .conftest import Edit, edited_pair, run_json


def schemas(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["components"]["schemas"]


def op(doc: dict[str, Any], path: str, method: str) -> dict[str, Any]:
    return doc["paths"][path][method]


def jobs_param(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["components"]["parameters"]["JobIdQuery"]


def rename_key(mapping: dict[str, Any], old: str, new: str) -> None:
    items = [(new if k == old else k, v) for k, v in mapping.items()]
    mapping.clear()
    mapping.update(items)


def add_queued(doc: dict[str, Any]) -> None:
    schemas(doc)["JobStatus"]["enum"].append("queued")


def extensible(doc: dict[str, Any]) -> None:
    status = schemas(doc)["JobStatus"]
    status["x-extensible-enum"] = status.pop("enum")


def add_ext_value(doc: dict[str, Any]) -> None:
    schemas(doc)["JobStatus"]["x-extensible-enum"].append("queued")


def rename_job_id_path(doc: dict[str, Any]) -> None:
    rename_key(doc["paths"], "/v1/jobs/{jobId}/cancel", "/v1/jobs/{id}/cancel")
    rename_key(doc["paths"], "/v1/jobs/{jobId}", "/v1/jobs/{id}")
    doc["components"]["parameters"]["JobIdPath"]["name"] = "id"


def request_id_header(doc: dict[str, Any]) -> None:
    op(doc, "/jobs/", "get")["responses"]["200"]["headers"] = {
        "X-Request-Id": {"schema": {"type": "string"}},
    }


def recursive_job(doc: dict[str, Any]) -> None:
    schemas(doc)["Job"]["properties"]["parent"] = {"$ref": "#/components/schemas/Job"}


def oauth_flows(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["components"]["securitySchemes"]["oauth2"]["flows"]


def add_code_flow(doc: dict[str, Any]) -> None:
    oauth_flows(doc)["authorizationCode"] = {
        "authorizationUrl": "https://x.invalid/authorize",
        "tokenUrl": "https://x.invalid/token",
        "scopes": {},
    }


@dataclass(frozen=True)
class Case:
    id: str
    spec: str
    edit: Edit
    rule: str
    severity: str
    where: str
    pointer: str
    symbol: str | None = None
    base: Edit | None = None


CASES = [
    # --- responses: properties, types, enums (useapi) ---
    Case(
        "response property removed",
        "useapi",
        lambda d: schemas(d)["JobCancelResponse"]["properties"].pop("jobid"),
        "response-property-removed",
        "breaking",
        "GET /jobs/cancel/ 200",
        "#/components/schemas/JobCancelResponse/properties/jobid",
        "imagejobs_gen_useapi.models.JobCancelResponse.jobid",
    ),
    Case(
        "response property added",
        "useapi",
        lambda d: schemas(d)["Job"]["properties"].update(queuePosition={"type": "integer"}),
        "response-property-added",
        "compatible",
        "GET /jobs/ 200",
        "#/components/schemas/Job/properties/queuePosition",
        "imagejobs_gen_useapi.models.Job.queue_position",
    ),
    Case(
        "response enum value added",
        "useapi",
        add_queued,
        "response-property-enum-value-added",
        "warning",
        "GET /jobs/cancel/ 200",
        "#/components/schemas/JobStatus",
        "imagejobs_gen_useapi.models.JobStatus.QUEUED",
    ),
    Case(
        "response enum value added, x-extensible-enum",
        "useapi",
        add_ext_value,
        "response-property-enum-value-added",
        "compatible",
        "GET /jobs/ 200",
        "#/components/schemas/JobStatus",
        base=extensible,
    ),
    Case(
        "response enum value removed",
        "useapi",
        lambda d: schemas(d)["JobStatus"]["enum"].remove("moderated"),
        "response-property-enum-value-removed",
        "compatible",
        "GET /jobs/ 200",
        "#/components/schemas/JobStatus",
        "imagejobs_gen_useapi.schemas.JobStatus.moderated",
    ),
    Case(
        "response type changed",
        "useapi",
        lambda d: schemas(d)["Job"]["properties"]["maxJobs"].update(type="string"),
        "response-property-type-changed",
        "breaking",
        "GET /jobs/ 200",
        "#/components/schemas/Job/properties/maxJobs",
        "imagejobs_gen_useapi.models.Job.max_jobs",
    ),
    Case(
        "response type narrowed number -> integer",
        "useapi",
        lambda d: schemas(d)["Attachment"]["properties"]["size"].update(type="integer"),
        "response-property-type-compatible",
        "compatible",
        "GET /jobs/ 200",
        "#/components/schemas/Attachment/properties/size",
        base=lambda d: schemas(d)["Attachment"]["properties"]["size"].update(type="number"),
    ),
    Case(
        "response format changed",
        "useapi",
        lambda d: schemas(d)["Job"]["properties"]["created"].update(format="date"),
        "response-property-format-changed",
        "breaking",
        "GET /jobs/ 200",
        "#/components/schemas/Job/properties/created",
    ),
    Case(
        "response became nullable (3.1 type array)",
        "useapi",
        lambda d: schemas(d)["Job"]["properties"]["prompt"].update(type=["string", "null"]),
        "response-property-became-nullable",
        "breaking",
        "GET /jobs/ 200",
        "#/components/schemas/Job/properties/prompt",
    ),
    Case(
        "response became not nullable",
        "jobs_api",
        lambda d: schemas(d)["Job"]["properties"]["reference"].update(type="string"),
        "response-property-became-not-nullable",
        "compatible",
        "GET /v1/jobs/{jobId} 200",
        "#/components/schemas/Job/properties/reference",
    ),
    Case(
        "response property became optional",
        "jobs_api",
        lambda d: schemas(d)["Job"].update(required=["id"]),
        "response-property-became-optional",
        "breaking",
        "GET /v1/jobs/{jobId} 200",
        "#/components/schemas/Job/properties/status",
        "imagejobs_gen_jobs_api.models.Job.status",
    ),
    Case(
        "response property became required",
        "jobs_api",
        lambda d: schemas(d)["Job"]["required"].append("reference"),
        "response-property-became-required",
        "compatible",
        "GET /v1/jobs/{jobId} 200",
        "#/components/schemas/Job/properties/reference",
    ),
    Case(
        "response property removed through allOf",
        "jobs_api",
        lambda d: schemas(d)["Problem"]["properties"].pop("title"),
        "response-property-removed",
        "breaking",
        "PUT /v1/jobs/{jobId}/cancel 422",
        "#/components/schemas/Problem/properties/title",
        "imagejobs_gen_jobs_api.models.ValidationProblem.title",
    ),
    Case(
        "response max increased",
        "useapi",
        lambda d: schemas(d)["MidjourneyAccount"]["properties"]["maxJobs"].update(maximum=20),
        "response-property-max-increased",
        "breaking",
        "GET /account/midjourney/{channel} 200",
        "#/components/schemas/MidjourneyAccount/properties/maxJobs",
    ),
    Case(
        "response max decreased",
        "useapi",
        lambda d: schemas(d)["MidjourneyAccount"]["properties"]["maxJobs"].update(maximum=10),
        "response-property-max-decreased",
        "compatible",
        "GET /account/midjourney/{channel} 200",
        "#/components/schemas/MidjourneyAccount/properties/maxJobs",
    ),
    Case(
        "response property deprecated",
        "useapi",
        lambda d: schemas(d)["Job"]["properties"]["server"].update(deprecated=True),
        "response-property-deprecated",
        "warning",
        "GET /jobs/ 200",
        "#/components/schemas/Job/properties/server",
    ),
    Case(
        "recursive schema",
        "useapi",
        lambda d: schemas(d)["Job"]["properties"].pop("replyRef"),
        "response-property-removed",
        "breaking",
        "GET /jobs/ 200",
        "#/components/schemas/Job/properties/replyRef",
        base=recursive_job,
    ),
    # --- operations and statuses ---
    Case(
        "operation removed",
        "useapi",
        lambda d: d["paths"].pop("/jobs/"),
        "api-removed",
        "breaking",
        "GET /jobs/",
        "#/paths/~1jobs~1/get",
        "imagejobs_gen_useapi.api.jobs.get_job",
    ),
    Case(
        "operation added",
        "useapi",
        lambda d: d["paths"]["/jobs/"].update(
            delete={
                "operationId": "deleteJob",
                "tags": ["jobs"],
                "summary": "x",
                "responses": {"204": {"description": "gone"}},
            }
        ),
        "endpoint-added",
        "compatible",
        "DELETE /jobs/",
        "#/paths/~1jobs~1/delete",
        "imagejobs_gen_useapi.api.jobs.delete_job",
    ),
    Case(
        "operation deprecated",
        "useapi",
        lambda d: op(d, "/jobs/", "get").update(deprecated=True),
        "endpoint-deprecated",
        "warning",
        "GET /jobs/",
        "#/paths/~1jobs~1/get/deprecated",
    ),
    Case(
        "operationId changed",
        "useapi",
        lambda d: op(d, "/jobs/cancel/", "get").update(operationId="cancelTheJob"),
        "api-operation-id-changed",
        "breaking",
        "GET /jobs/cancel/",
        "#/paths/~1jobs~1cancel~1/get/operationId",
        "imagejobs_gen_useapi.api.jobs.cancel_the_job",
    ),
    Case(
        "tag changed",
        "useapi",
        lambda d: op(d, "/jobs/cancel/", "get").update(tags=["control"]),
        "api-tag-changed",
        "breaking",
        "GET /jobs/cancel/",
        "#/paths/~1jobs~1cancel~1/get/tags",
        "imagejobs_gen_useapi.api.control.cancel_job",
    ),
    Case(
        "error status removed",
        "useapi",
        lambda d: op(d, "/jobs/cancel/", "get")["responses"].pop("596"),
        "response-non-success-status-removed",
        "breaking",
        "GET /jobs/cancel/ 596",
        "#/paths/~1jobs~1cancel~1/get/responses/596",
    ),
    Case(
        "success status removed",
        "useapi",
        lambda d: op(d, "/account/midjourney/{channel}", "delete")["responses"].pop("204"),
        "response-success-status-removed",
        "breaking",
        "DELETE /account/midjourney/{channel} 204",
        "#/paths/~1account~1midjourney~1{channel}/delete/responses/204",
    ),
    Case(
        "success status added",
        "useapi",
        lambda d: op(d, "/jobs/cancel/", "get")["responses"].update(
            {"202": {"description": "queued"}}
        ),
        "response-success-status-added",
        "warning",
        "GET /jobs/cancel/ 202",
        "#/paths/~1jobs~1cancel~1/get/responses/202",
    ),
    Case(
        "error status added",
        "useapi",
        lambda d: op(d, "/jobs/cancel/", "get")["responses"].update(
            {"429": {"$ref": "#/components/responses/BadRequest"}}
        ),
        "response-non-success-status-added",
        "compatible",
        "GET /jobs/cancel/ 429",
        "#/paths/~1jobs~1cancel~1/get/responses/429",
    ),
    Case(
        "response media type removed",
        "useapi",
        lambda d: rename_key(
            op(d, "/jobs", "get")["responses"]["200"]["content"], "application/json", "text/plain"
        ),
        "response-media-type-removed",
        "breaking",
        "GET /jobs 200",
        "#/paths/~1jobs/get/responses/200/content/application~1json",
    ),
    Case(
        "optional response header removed",
        "useapi",
        lambda d: op(d, "/jobs/", "get")["responses"]["200"].pop("headers"),
        "optional-response-header-removed",
        "warning",
        "GET /jobs/ 200",
        "#/paths/~1jobs~1/get/responses/200/headers/X-Request-Id",
        base=request_id_header,
    ),
    Case(
        "response header added",
        "useapi",
        request_id_header,
        "response-header-added",
        "compatible",
        "GET /jobs/ 200",
        "#/paths/~1jobs~1/get/responses/200/headers/X-Request-Id",
    ),
    # --- parameters ---
    Case(
        "new required parameter",
        "useapi",
        lambda d: op(d, "/jobs", "get").update(
            parameters=[
                {"name": "channel", "in": "query", "required": True, "schema": {"type": "string"}}
            ]
        ),
        "new-required-request-parameter",
        "breaking",
        "GET /jobs",
        "#/paths/~1jobs/get/parameters/0",
        "imagejobs_gen_useapi.api.jobs.list_running_jobs argument channel",
    ),
    Case(
        "new optional parameter",
        "useapi",
        lambda d: op(d, "/jobs", "get").update(
            parameters=[{"name": "channel", "in": "query", "schema": {"type": "string"}}]
        ),
        "new-optional-request-parameter",
        "compatible",
        "GET /jobs",
        "#/paths/~1jobs/get/parameters/0",
    ),
    Case(
        "parameter removed",
        "useapi",
        lambda d: op(d, "/jobs/", "get").pop("parameters"),
        "request-parameter-removed",
        "breaking",
        "GET /jobs/",
        "#/components/parameters/JobIdQuery",
        "imagejobs_gen_useapi.api.jobs.get_job argument jobid",
    ),
    Case(
        "parameter became required",
        "useapi",
        lambda d: jobs_param(d).update(required=True),
        "request-parameter-became-required",
        "breaking",
        "GET /jobs/cancel/",
        "#/components/parameters/JobIdQuery",
        base=lambda d: jobs_param(d).update(required=False),
    ),
    Case(
        "parameter became optional",
        "useapi",
        lambda d: jobs_param(d).update(required=False),
        "request-parameter-became-optional",
        "compatible",
        "GET /jobs/",
        "#/components/parameters/JobIdQuery",
    ),
    Case(
        "parameter deprecated",
        "useapi",
        lambda d: jobs_param(d).update(deprecated=True),
        "request-parameter-deprecated",
        "warning",
        "GET /jobs/",
        "#/components/parameters/JobIdQuery",
    ),
    Case(
        "parameter minLength increased",
        "useapi",
        lambda d: jobs_param(d)["schema"].update(minLength=10),
        "request-parameter-min-length-increased",
        "breaking",
        "GET /jobs/cancel/",
        "#/components/parameters/JobIdQuery/schema",
    ),
    Case(
        "parameter restricted to an enum",
        "useapi",
        lambda d: jobs_param(d)["schema"].update(enum=["a", "b"]),
        "request-parameter-became-enum",
        "breaking",
        "GET /jobs/",
        "#/components/parameters/JobIdQuery/schema",
    ),
    Case(
        "parameter type changed",
        "jobs_api",
        lambda d: d["components"]["parameters"]["JobIdPath"]["schema"].update(type="string"),
        "request-parameter-type-changed",
        "breaking",
        "GET /v1/jobs/{jobId}",
        "#/components/parameters/JobIdPath/schema",
    ),
    Case(
        "parameter type widened integer -> number",
        "jobs_api",
        lambda d: d["components"]["parameters"]["CustomerIdHeader"]["schema"].update(type="number"),
        "request-parameter-type-compatible",
        "compatible",
        "GET /v1/jobs/{jobId}",
        "#/components/parameters/CustomerIdHeader/schema",
    ),
    Case(
        "path parameter renamed",
        "jobs_api",
        rename_job_id_path,
        "request-path-parameter-renamed",
        "breaking",
        "PUT /v1/jobs/{id}/cancel",
        "#/paths/~1v1~1jobs~1{id}~1cancel",
        "imagejobs_gen_jobs_api.api.jobs.cancel_job argument id",
    ),
    # --- request bodies ---
    Case(
        "new required request property",
        "jobs_api",
        lambda d: (
            schemas(d)["CancelJobRequest"]["properties"].update(notify={"type": "boolean"}),
            schemas(d)["CancelJobRequest"]["required"].append("notify"),
        ),
        "new-required-request-property",
        "breaking",
        "PUT /v1/jobs/{jobId}/cancel",
        "#/components/schemas/CancelJobRequest/properties/notify",
        "imagejobs_gen_jobs_api.models.CancelJobRequest.notify",
    ),
    Case(
        "new optional request property",
        "jobs_api",
        lambda d: schemas(d)["CancelJobRequest"]["properties"].update(notify={"type": "boolean"}),
        "new-optional-request-property",
        "compatible",
        "PUT /v1/jobs/{jobId}/cancel",
        "#/components/schemas/CancelJobRequest/properties/notify",
    ),
    Case(
        "request property removed",
        "jobs_api",
        lambda d: schemas(d)["TokenRequest"]["properties"].pop("scope"),
        "request-property-removed",
        "breaking",
        "POST /auth/tokens",
        "#/components/schemas/TokenRequest/properties/scope",
        "imagejobs_gen_jobs_api.models.TokenRequest.scope",
    ),
    Case(
        "request property became required",
        "jobs_api",
        lambda d: schemas(d)["TokenRequest"]["required"].append("scope"),
        "request-property-became-required",
        "breaking",
        "POST /auth/tokens",
        "#/components/schemas/TokenRequest/properties/scope",
    ),
    Case(
        "request property became optional",
        "jobs_api",
        lambda d: schemas(d)["CancelJobRequest"].update(required=[]),
        "request-property-became-optional",
        "compatible",
        "PUT /v1/jobs/{jobId}/cancel",
        "#/components/schemas/CancelJobRequest/properties/reason",
    ),
    Case(
        "request enum value removed",
        "jobs_api",
        lambda d: schemas(d)["TokenRequest"]["properties"]["grant_type"]["enum"].remove("password"),
        "request-property-enum-value-removed",
        "breaking",
        "POST /auth/tokens",
        "#/components/schemas/TokenRequest/properties/grant_type",
        "imagejobs_gen_jobs_api.models.TokenRequest.grant_type",
        base=lambda d: schemas(d)["TokenRequest"]["properties"]["grant_type"]["enum"].append(
            "password"
        ),
    ),
    Case(
        "request enum value added",
        "jobs_api",
        lambda d: schemas(d)["TokenRequest"]["properties"]["grant_type"]["enum"].append("password"),
        "request-property-enum-value-added",
        "compatible",
        "POST /auth/tokens",
        "#/components/schemas/TokenRequest/properties/grant_type",
    ),
    Case(
        "request became not nullable",
        "jobs_api",
        lambda d: schemas(d)["TokenRequest"]["properties"]["scope"].update(type="string"),
        "request-property-became-not-nullable",
        "breaking",
        "POST /auth/tokens",
        "#/components/schemas/TokenRequest/properties/scope",
        base=lambda d: schemas(d)["TokenRequest"]["properties"]["scope"].update(
            type=["string", "null"]
        ),
    ),
    Case(
        "request maxLength decreased",
        "jobs_api",
        lambda d: schemas(d)["CancelJobRequest"]["properties"]["reason"].update(maxLength=100),
        "request-property-max-length-decreased",
        "breaking",
        "PUT /v1/jobs/{jobId}/cancel",
        "#/components/schemas/CancelJobRequest/properties/reason",
    ),
    Case(
        "request maxLength increased",
        "jobs_api",
        lambda d: schemas(d)["CancelJobRequest"]["properties"]["reason"].update(maxLength=1000),
        "request-property-max-length-increased",
        "compatible",
        "PUT /v1/jobs/{jobId}/cancel",
        "#/components/schemas/CancelJobRequest/properties/reason",
    ),
    Case(
        "request pattern added",
        "jobs_api",
        lambda d: schemas(d)["CancelJobRequest"]["properties"]["reason"].update(
            pattern="^[a-z ]+$"
        ),
        "request-property-pattern-added",
        "breaking",
        "PUT /v1/jobs/{jobId}/cancel",
        "#/components/schemas/CancelJobRequest/properties/reason",
    ),
    Case(
        "request type changed",
        "jobs_api",
        lambda d: schemas(d)["CancelJobRequest"]["properties"]["reason"].update(type="integer"),
        "request-property-type-changed",
        "breaking",
        "PUT /v1/jobs/{jobId}/cancel",
        "#/components/schemas/CancelJobRequest/properties/reason",
    ),
    Case(
        "request body became optional",
        "jobs_api",
        lambda d: op(d, "/v1/jobs/{jobId}/cancel", "put")["requestBody"].update(required=False),
        "request-body-became-optional",
        "compatible",
        "PUT /v1/jobs/{jobId}/cancel",
        "#/paths/~1v1~1jobs~1{jobId}~1cancel/put/requestBody",
    ),
    Case(
        "request body removed",
        "jobs_api",
        lambda d: op(d, "/v1/jobs/{jobId}/cancel", "put").pop("requestBody"),
        "request-body-removed",
        "breaking",
        "PUT /v1/jobs/{jobId}/cancel",
        "#/paths/~1v1~1jobs~1{jobId}~1cancel/put/requestBody",
        "imagejobs_gen_jobs_api.api.jobs.cancel_job argument body",
    ),
    Case(
        "required request body added",
        "jobs_api",
        lambda d: op(d, "/v1/jobs/{jobId}", "get").update(
            requestBody={
                "required": True,
                "content": {"application/json": {"schema": {"type": "object"}}},
            }
        ),
        "request-body-added-required",
        "breaking",
        "GET /v1/jobs/{jobId}",
        "#/paths/~1v1~1jobs~1{jobId}/get/requestBody",
    ),
    Case(
        "request media type removed",
        "jobs_api",
        lambda d: rename_key(
            op(d, "/auth/tokens", "post")["requestBody"]["content"],
            "application/x-www-form-urlencoded",
            "application/json",
        ),
        "request-body-media-type-removed",
        "breaking",
        "POST /auth/tokens",
        "#/paths/~1auth~1tokens/post/requestBody/content/application~1x-www-form-urlencoded",
    ),
    # --- security ---
    Case(
        "security scope added",
        "jobs_api",
        lambda d: op(d, "/v1/jobs/{jobId}", "get").update(
            security=[{"oauth2": ["jobs:read", "jobs:write"]}]
        ),
        "api-security-scope-added",
        "breaking",
        "GET /v1/jobs/{jobId}",
        "#/paths/~1v1~1jobs~1{jobId}/get/security",
        "imagejobs_gen_jobs_api.AuthenticatedClient",
    ),
    Case(
        "security scope removed",
        "jobs_api",
        lambda d: op(d, "/v1/jobs/{jobId}", "get").update(security=[{"oauth2": []}]),
        "api-security-scope-removed",
        "compatible",
        "GET /v1/jobs/{jobId}",
        "#/paths/~1v1~1jobs~1{jobId}/get/security",
    ),
    Case(
        "security added to a public operation",
        "jobs_api",
        lambda d: op(d, "/auth/tokens", "post").update(security=[{"oauth2": []}]),
        "api-security-added",
        "breaking",
        "POST /auth/tokens",
        "#/paths/~1auth~1tokens/post/security",
    ),
    Case(
        "security removed",
        "useapi",
        lambda d: op(d, "/jobs", "get").update(security=[]),
        "api-security-removed",
        "compatible",
        "GET /jobs",
        "#/paths/~1jobs/get/security",
    ),
    Case(
        "security scheme type changed",
        "useapi",
        lambda d: d["components"]["securitySchemes"].update(
            apiToken={"type": "apiKey", "in": "header", "name": "X-Token"}
        ),
        "api-security-component-type-changed",
        "breaking",
        "spec",
        "#/components/securitySchemes/apiToken/type",
        "imagejobs_gen_useapi.AuthenticatedClient",
    ),
    Case(
        "http scheme changed",
        "useapi",
        lambda d: d["components"]["securitySchemes"]["apiToken"].update(scheme="basic"),
        "api-security-component-http-scheme-changed",
        "breaking",
        "spec",
        "#/components/securitySchemes/apiToken/scheme",
    ),
    Case(
        "oauth token url changed",
        "jobs_api",
        lambda d: d["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"].update(
            tokenUrl="https://x.invalid/token"
        ),
        "api-security-component-oauth-token-url-changed",
        "breaking",
        "spec",
        "#/components/securitySchemes/oauth2/flows/clientCredentials/tokenUrl",
    ),
    Case(
        "oauth scope removed from the scheme",
        "jobs_api",
        lambda d: d["components"]["securitySchemes"]["oauth2"]["flows"]["clientCredentials"][
            "scopes"
        ].pop("jobs:read"),
        "api-security-component-oauth-scope-removed",
        "breaking",
        "spec",
        "#/components/securitySchemes/oauth2/flows/clientCredentials/scopes",
    ),
    # --- a vendor spec, compared with its overlay applied to both sides ---
    Case(
        "vendor: error status removed",
        "topaz",
        lambda d: op(d, "/cancel/{process_id}", "delete")["responses"].pop("409"),
        "response-non-success-status-removed",
        "breaking",
        "DELETE /cancel/{process_id} 409",
        "#/paths/~1cancel~1{process_id}/delete/responses/409",
        "imagejobs_gen_topaz.api.cancel.cancel_task",
    ),
    Case(
        "vendor: api key header renamed",
        "topaz",
        lambda d: d["components"]["securitySchemes"]["apiKeyAuth"].update(name="Authorization"),
        "api-security-component-api-key-name-changed",
        "breaking",
        "spec",
        "#/components/securitySchemes/apiKeyAuth/name",
    ),
    # --- the rest of the request-body, response and security-scheme rules ---
    Case(
        "request property deprecated",
        "jobs_api",
        lambda d: schemas(d)["TokenRequest"]["properties"]["scope"].update(deprecated=True),
        "request-property-deprecated",
        "warning",
        "POST /auth/tokens",
        "#/components/schemas/TokenRequest/properties/scope",
    ),
    Case(
        "optional request body added",
        "jobs_api",
        lambda d: op(d, "/v1/jobs/{jobId}", "get").update(
            requestBody={"content": {"application/json": {"schema": {"type": "object"}}}}
        ),
        "request-body-added-optional",
        "compatible",
        "GET /v1/jobs/{jobId}",
        "#/paths/~1v1~1jobs~1{jobId}/get/requestBody",
    ),
    Case(
        "request body became required",
        "jobs_api",
        lambda d: op(d, "/v1/jobs/{jobId}/cancel", "put")["requestBody"].update(required=True),
        "request-body-became-required",
        "breaking",
        "PUT /v1/jobs/{jobId}/cancel",
        "#/paths/~1v1~1jobs~1{jobId}~1cancel/put/requestBody",
        base=lambda d: op(d, "/v1/jobs/{jobId}/cancel", "put")["requestBody"].update(
            required=False
        ),
    ),
    Case(
        "request media type added",
        "jobs_api",
        lambda d: op(d, "/v1/jobs/{jobId}/cancel", "put")["requestBody"]["content"].update(
            {"application/xml": {}}
        ),
        "request-body-media-type-added",
        "compatible",
        "PUT /v1/jobs/{jobId}/cancel",
        "#/paths/~1v1~1jobs~1{jobId}~1cancel/put/requestBody/content/application~1xml",
    ),
    Case(
        "response media type added",
        "useapi",
        lambda d: op(d, "/jobs/", "get")["responses"]["200"]["content"].update({"text/plain": {}}),
        "response-media-type-added",
        "compatible",
        "GET /jobs/ 200",
        "#/paths/~1jobs~1/get/responses/200/content/text~1plain",
    ),
    Case(
        "required response header removed",
        "useapi",
        lambda d: op(d, "/jobs/", "get")["responses"]["200"].pop("headers"),
        "required-response-header-removed",
        "breaking",
        "GET /jobs/ 200",
        "#/paths/~1jobs~1/get/responses/200/headers/X-Request-Id",
        base=lambda d: (
            request_id_header(d),
            op(d, "/jobs/", "get")["responses"]["200"]["headers"]["X-Request-Id"].update(
                required=True
            ),
        ),
    ),
    Case(
        "security scheme removed",
        "useapi",
        lambda d: d["components"]["securitySchemes"].pop("apiToken"),
        "api-security-component-removed",
        "breaking",
        "spec",
        "#/components/securitySchemes/apiToken",
    ),
    Case(
        "security scheme added",
        "useapi",
        lambda d: d["components"]["securitySchemes"].update(
            basic={"type": "http", "scheme": "basic"}
        ),
        "api-security-component-added",
        "compatible",
        "spec",
        "#/components/securitySchemes/basic",
    ),
    Case(
        "vendor: api key moved to the query",
        "topaz",
        lambda d: d["components"]["securitySchemes"]["apiKeyAuth"].update({"in": "query"}),
        "api-security-component-api-key-in-changed",
        "breaking",
        "spec",
        "#/components/securitySchemes/apiKeyAuth/in",
    ),
    Case(
        "oauth authorization url changed",
        "jobs_api",
        lambda d: oauth_flows(d)["authorizationCode"].update(
            authorizationUrl="https://x.invalid/authorize2"
        ),
        "api-security-component-oauth-url-changed",
        "breaking",
        "spec",
        "#/components/securitySchemes/oauth2/flows/authorizationCode/authorizationUrl",
        base=add_code_flow,
    ),
    Case(
        "oauth flow removed",
        "jobs_api",
        lambda d: oauth_flows(d).pop("authorizationCode"),
        "api-security-component-oauth-flow-removed",
        "breaking",
        "spec",
        "#/components/securitySchemes/oauth2/flows",
        base=add_code_flow,
    ),
    Case(
        "oauth scope added to the scheme",
        "jobs_api",
        lambda d: oauth_flows(d)["clientCredentials"]["scopes"].update(
            {"jobs:admin": "Everything."}
        ),
        "api-security-component-oauth-scope-added",
        "compatible",
        "spec",
        "#/components/securitySchemes/oauth2/flows/clientCredentials/scopes/jobs:admin",
    ),
]


def place(change: dict[str, Any]) -> str:
    """``METHOD path status`` of a reported change, or ``spec`` outside any operation."""
    return " ".join(p for p in (change["method"], change["path"], change["status"]) if p) or "spec"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_rule(case: Case, tmp_path: Path) -> None:
    old, new = edited_pair(tmp_path, case.spec, case.edit, case.base)
    _, report = run_json(old, new, case.spec)
    found = [
        c
        for c in report["changes"]
        if (c["rule"], place(c), c["pointer"]) == (case.rule, case.where, case.pointer)
    ]
    assert len(found) == 1, (
        f"{case.rule} at {case.where} {case.pointer} not reported once; got:\n"
        + "\n".join(
            f"{c['severity']} {c['rule']} {place(c)} {c['pointer']}" for c in report["changes"]
        )
    )
    (change,) = found
    assert change["severity"] == case.severity
    if case.symbol:
        assert case.symbol in change["symbols"]
    expected_bump = "major" if case.severity == "breaking" else "minor"
    if case.severity != "breaking" and report["counts"]["breaking"]:
        expected_bump = (
            "major"  # an edit may also cause a breaking change elsewhere (e.g. a rename)
        )
    assert report["bump"] == expected_bump


def test_path_rename_is_not_a_removed_operation(tmp_path: Path) -> None:
    old, new = edited_pair(tmp_path, "jobs_api", rename_job_id_path)
    _, report = run_json(old, new, "jobs_api")
    rules = {c["rule"] for c in report["changes"]}
    assert rules == {"request-path-parameter-renamed"}


def test_every_rule_outside_the_schema_families_has_a_case() -> None:
    """Each operation, parameter, body, response and security rule of the table has a case here;
    every case's rule is in the table (the schema families are tested through the concrete cases
    above, both directions for each family). docs/diff-rules.md is generated from the same table."""
    concrete = {r.id for r in TABLE if not r.family}
    tested = {c.rule for c in CASES}
    assert not concrete - tested, f"in the table without a case: {sorted(concrete - tested)}"
    assert not tested - set(RULES), f"reported but not in the table: {sorted(tested - set(RULES))}"
