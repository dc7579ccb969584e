"""Swagger 2.0 in: ``imagejobs.codegen.spec.swagger2`` on the corpus file and on one fixture per feature.

The fixtures under ``swagger2/`` are small hand-written Swagger 2.0 files; the expected OpenAPI
3.0.3 fragments are written out here in full, so a change in the converter's output fails a test.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from openapi_spec_validator import validate

from imagejobs.codegen.spec.swagger2 import ConversionIssue, convert, is_swagger2

HERE = Path(__file__).parent
CORPUS = HERE / "corpus" / "kubeflow_jobs.json"
FIXTURES = HERE / "swagger2"
VALID_FIXTURES = ["bodies.yaml", "params.yaml", "schemas.yaml", "security.yaml"]
KUBEFLOW_SHA256 = "5da1ab1b78daa8f08392916d4cf53435ed38ed4d8ce9064abaaeb9bb31c40bcb"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch")


def load(name: str) -> dict[str, Any]:
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


def kubeflow() -> dict[str, Any]:
    return json.loads(CORPUS.read_text(encoding="utf-8"))


def messages(issues: list[ConversionIssue]) -> list[str]:
    return [str(issue) for issue in issues]


def refs(node: object) -> list[str]:
    """Every ``$ref`` string in a document, outside ``x-`` extensions and examples."""
    found: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                found.append(value)
            elif not str(key).startswith("x-") and key != "example":
                found.extend(refs(value))
    elif isinstance(node, list):
        for item in node:
            found.extend(refs(item))
    return found


def operations(doc: dict[str, Any]) -> list[tuple[str, str, str]]:
    return [
        (method, path, op["operationId"])
        for path, item in doc["paths"].items()
        for method, op in item.items()
        if method in METHODS
    ]


def minimal(**extra: Any) -> dict[str, Any]:
    """A one-operation Swagger 2.0 document; ``extra`` goes on top (``op=`` replaces the operation)."""
    op = extra.pop("op", {"operationId": "ping", "responses": {"200": {"description": "ok"}}})
    return {
        "swagger": "2.0",
        "info": {"title": "t", "version": "1"},
        **extra,
        "paths": {"/ping": {"post": op}},
    }


def only_op(doc: dict[str, Any]) -> dict[str, Any]:
    out, _ = convert(doc)
    return out["paths"]["/ping"]["post"]  # type: ignore[no-any-return]


# -- the corpus file -------------------------------------------------------------------------------


def test_corpus_copy_is_the_vendor_bytes() -> None:
    assert hashlib.sha256(CORPUS.read_bytes()).hexdigest() == KUBEFLOW_SHA256
    assert KUBEFLOW_SHA256 in (HERE / "corpus" / "SOURCES.md").read_text(encoding="utf-8")


def test_kubeflow_converts_to_valid_openapi_303_without_issues() -> None:
    out, issues = convert(kubeflow())
    assert issues == []
    assert out["openapi"] == "3.0.3"
    validate(out)  # raises on an invalid document


def test_kubeflow_keeps_all_six_operations() -> None:
    out, _ = convert(kubeflow())
    assert operations(out) == [
        ("get", "/apis/v1beta1/jobs", "JobService_ListJobs"),
        ("post", "/apis/v1beta1/jobs", "JobService_CreateJob"),
        ("get", "/apis/v1beta1/jobs/{id}", "JobService_GetJob"),
        ("delete", "/apis/v1beta1/jobs/{id}", "JobService_DeleteJob"),
        ("post", "/apis/v1beta1/jobs/{id}/disable", "JobService_DisableJob"),
        ("post", "/apis/v1beta1/jobs/{id}/enable", "JobService_EnableJob"),
    ]
    assert operations(out) == operations(kubeflow())


def test_kubeflow_refs_all_point_into_components_schemas() -> None:
    source = kubeflow()
    out, _ = convert(source)
    assert "#/definitions" not in json.dumps(out)
    found = refs(out)
    assert len(found) == len(refs(source)) > 20
    schemas = out["components"]["schemas"]
    assert list(schemas) == list(source["definitions"])
    for ref in found:
        assert ref.startswith("#/components/schemas/")
        assert ref.removeprefix("#/components/schemas/") in schemas


def test_kubeflow_body_query_parameters_and_security() -> None:
    out, _ = convert(kubeflow())
    jobs = out["paths"]["/apis/v1beta1/jobs"]
    assert jobs["post"]["requestBody"] == {
        "description": "The job to be created",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/apiJob"}}},
        "required": True,
    }
    assert "parameters" not in jobs["post"]
    assert jobs["get"]["parameters"][3] == {
        "name": "resource_reference_key.type",
        "in": "query",
        "description": "The type of the resource that referred to.",
        "schema": {
            "type": "string",
            "enum": [
                "UNKNOWN_RESOURCE_TYPE",
                "EXPERIMENT",
                "JOB",
                "PIPELINE",
                "PIPELINE_VERSION",
                "NAMESPACE",
            ],
            "default": "UNKNOWN_RESOURCE_TYPE",
        },
    }
    assert out["paths"]["/apis/v1beta1/jobs/{id}"]["delete"]["responses"]["200"] == {
        "description": "A successful response.",
        "content": {"application/json": {"schema": {"type": "object", "properties": {}}}},
    }
    assert out["components"]["securitySchemes"] == {
        "Bearer": {"type": "apiKey", "name": "authorization", "in": "header"}
    }
    assert out["security"] == [{"Bearer": []}]
    assert "servers" not in out  # no host, no basePath: the 3.0 default "/"


@pytest.mark.slow
def test_kubeflow_generates_with_openapi_python_client_without_warnings(tmp_path: Path) -> None:
    out, _ = convert(kubeflow())
    spec = tmp_path / "openapi.json"
    spec.write_text(json.dumps(out, indent=2), encoding="utf-8")
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    result = subprocess.run(
        [
            *(sys.executable, "-m", "openapi_python_client", "generate", "--path", str(spec)),
            *("--meta", "none", "--output-path", str(tmp_path / "client")),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
        check=False,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Warning" not in output, output
    modules = sorted(p.stem for p in (tmp_path / "client" / "api" / "job_service").glob("job_*.py"))
    assert modules == [
        "job_service_create_job",
        "job_service_delete_job",
        "job_service_disable_job",
        "job_service_enable_job",
        "job_service_get_job",
        "job_service_list_jobs",
    ]


# -- fixtures: every valid one converts to a valid 3.0.3 document ---------------------------------


@pytest.mark.parametrize("name", VALID_FIXTURES)
def test_fixture_converts_to_valid_openapi(name: str) -> None:
    source = load(name)
    if name != "bodies.yaml":  # its `type: file` response is valid 2.0 the validator rejects
        validate(source)
    out, _ = convert(source)
    validate(out)
    assert operations(out) == operations(source)
    assert "#/definitions" not in json.dumps(refs(out))


# -- body and formData parameters, consumes and produces --------------------------------------------


def test_body_parameter_with_per_operation_consumes_becomes_request_body() -> None:
    out, issues = convert(load("bodies.yaml"))
    assert issues == []
    put = out["paths"]["/pets/{petId}"]["put"]
    assert put["requestBody"] == {
        "description": "the new pet",
        "content": {
            "application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}},
            "application/json": {"schema": {"$ref": "#/components/schemas/Pet"}},
        },
    }
    assert put["responses"]["200"]["content"] == {
        "application/xml": {"schema": {"$ref": "#/components/schemas/Pet"}}
    }


def test_global_body_parameter_becomes_a_request_body_component() -> None:
    out, _ = convert(load("bodies.yaml"))
    assert out["paths"]["/pets"]["post"]["requestBody"] == {
        "$ref": "#/components/requestBodies/PetBody"
    }
    assert out["components"]["requestBodies"] == {
        "PetBody": {
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Pet"}}},
            "required": True,
        }
    }


def test_global_body_parameter_is_inlined_where_the_operation_consumes_differ() -> None:
    op = {
        "operationId": "ping",
        "consumes": ["text/plain"],
        "parameters": [{"$ref": "#/parameters/Note"}],
        "responses": {"200": {"description": "ok"}},
    }
    note = {"name": "note", "in": "body", "schema": {"type": "string"}}
    out, issues = convert(minimal(parameters={"Note": note}, op=op))
    assert issues == []
    assert out["paths"]["/ping"]["post"]["requestBody"] == {
        "content": {"text/plain": {"schema": {"type": "string"}}}
    }
    assert out["components"]["requestBodies"] == {
        "Note": {"content": {"application/json": {"schema": {"type": "string"}}}}
    }


def test_urlencoded_form_parameters_become_an_object_schema_with_encoding() -> None:
    out, _ = convert(load("bodies.yaml"))
    op = out["paths"]["/pets/{petId}/form"]["post"]
    assert op["parameters"] == [
        {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}
    ]
    assert op["requestBody"] == {
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "name": {"description": "new name", "type": "string"},
                        "ages": {"type": "array", "items": {"type": "integer"}},
                        "tag": {"type": "string"},  # from a global formData parameter
                    },
                    "required": ["name"],
                },
                "encoding": {"ages": {"style": "form", "explode": False}},
            }
        },
        "required": True,
    }
    assert "Tag" not in out["components"].get("parameters", {})


def test_multipart_array_field_with_collection_format_warns() -> None:
    field = {"name": "ids", "in": "formData", "type": "array", "items": {"type": "string"}}
    op = {
        "operationId": "ping",
        "consumes": ["multipart/form-data", "application/x-www-form-urlencoded"],
        "parameters": [field],
        "responses": {"200": {"description": "ok"}},
    }
    out, issues = convert(minimal(op=op))
    content = out["paths"]["/ping"]["post"]["requestBody"]["content"]
    array = {
        "type": "object",
        "properties": {"ids": {"type": "array", "items": {"type": "string"}}},
    }
    assert content == {
        "multipart/form-data": {"schema": array},
        "application/x-www-form-urlencoded": {
            "schema": array,
            "encoding": {"ids": {"style": "form", "explode": False}},
        },
    }
    assert messages(issues) == [
        "warning: /paths/~1ping/post/parameters/0/collectionFormat: multipart/form-data cannot "
        "express a collectionFormat; parts repeat per value"
    ]


def test_multipart_file_upload_becomes_binary_string() -> None:
    out, _ = convert(load("bodies.yaml"))
    assert out["paths"]["/pets/{petId}/photo"]["post"]["requestBody"] == {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "caption": {"type": "string", "x-form-ext": True},
                    },
                    "required": ["file"],
                }
            }
        },
        "required": True,
    }


def test_file_response_is_a_binary_string_per_produces_media_type() -> None:
    out, _ = convert(load("bodies.yaml"))
    assert out["paths"]["/pets/{petId}/photo"]["get"]["responses"]["200"] == {
        "description": "the photo",
        "content": {"image/png": {"schema": {"type": "string", "format": "binary"}}},
    }


def test_response_headers_examples_and_global_responses() -> None:
    out, _ = convert(load("bodies.yaml"))
    assert out["paths"]["/pets"]["get"]["responses"]["200"] == {
        "description": "pets",
        "headers": {
            "X-Rate-Limit": {
                "description": "calls left",
                "schema": {"type": "integer", "format": "int32"},
            }
        },
        "content": {
            "application/json": {
                "schema": {"type": "array", "items": {"$ref": "#/components/schemas/Pet"}},
                "example": [{"name": "rex"}],
            }
        },
    }
    # Same produces as the global one: the component is referenced.
    assert out["paths"]["/pets"]["post"]["responses"]["404"] == {
        "$ref": "#/components/responses/NotFound"
    }
    assert out["components"]["responses"]["NotFound"] == {
        "description": "no such pet",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }
    # Other produces: inlined with the operation's media types.
    assert out["paths"]["/pets/{petId}"]["put"]["responses"]["404"] == {
        "description": "no such pet",
        "content": {"application/xml": {"schema": {"$ref": "#/components/schemas/Error"}}},
    }


def test_path_level_and_global_parameters() -> None:
    out, _ = convert(load("bodies.yaml"))
    item = out["paths"]["/pets/{petId}"]
    assert list(item) == ["parameters", "put"]
    assert item["parameters"] == [
        {"name": "petId", "in": "path", "required": True, "schema": {"type": "string"}}
    ]
    assert out["paths"]["/pets"]["get"]["parameters"] == [{"$ref": "#/components/parameters/Limit"}]
    assert out["components"]["parameters"] == {
        "Limit": {
            "name": "limit",
            "in": "query",
            "schema": {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
        }
    }


def test_operation_fields_and_extensions_are_kept() -> None:
    out, _ = convert(load("bodies.yaml"))
    op = out["paths"]["/pets"]["get"]
    assert {k: v for k, v in op.items() if k not in ("parameters", "responses")} == {
        "tags": ["pets"],
        "summary": "List pets",
        "description": "All of them.",
        "operationId": "listPets",
        "deprecated": True,
        "x-op-ext": 1,
    }
    assert out["x-vendor"] == "kept"


def test_path_level_body_and_form_parameters_move_into_each_operation() -> None:
    doc = minimal()
    doc["paths"]["/ping"]["parameters"] = [
        {"name": "a", "in": "formData", "type": "string"},
        {"name": "b", "in": "formData", "type": "string"},
        {"name": "q", "in": "query", "type": "string"},
    ]
    doc["paths"]["/ping"]["post"]["parameters"] = [
        {"name": "b", "in": "formData", "type": "integer"}
    ]
    out, issues = convert(doc)
    assert issues == []
    item = out["paths"]["/ping"]
    assert item["parameters"] == [{"name": "q", "in": "query", "schema": {"type": "string"}}]
    assert item["post"]["requestBody"]["content"]["application/x-www-form-urlencoded"] == {
        "schema": {
            "type": "object",
            "properties": {"a": {"type": "string"}, "b": {"type": "integer"}},
        }
    }


@pytest.mark.parametrize(
    ("params", "consumes", "media_type"),
    [
        ([{"name": "p", "in": "body", "schema": {"type": "object"}}], None, "application/json"),
        (
            [{"name": "f", "in": "formData", "type": "string"}],
            None,
            "application/x-www-form-urlencoded",
        ),
        ([{"name": "f", "in": "formData", "type": "file"}], None, "multipart/form-data"),
        (
            [{"name": "f", "in": "formData", "type": "string"}],
            ["multipart/form-data"],
            "multipart/form-data",
        ),
    ],
)
def test_request_body_media_type_defaults(
    params: list[dict[str, Any]], consumes: list[str] | None, media_type: str
) -> None:
    op: dict[str, Any] = {
        "operationId": "ping",
        "parameters": params,
        "responses": {"200": {"description": "ok"}},
    }
    if consumes is not None:
        op["consumes"] = consumes
    assert list(only_op(minimal(op=op))["requestBody"]["content"]) == [media_type]


@pytest.mark.parametrize(
    ("schema", "produces", "content"),
    [
        ({"type": "string"}, None, {"application/json": {"schema": {"type": "string"}}}),
        (
            {"type": "file"},
            None,
            {"application/octet-stream": {"schema": {"type": "string", "format": "binary"}}},
        ),
        (
            {"type": "string"},
            ["text/plain", "text/csv"],
            {
                "text/plain": {"schema": {"type": "string"}},
                "text/csv": {"schema": {"type": "string"}},
            },
        ),
    ],
)
def test_response_media_type_defaults(
    schema: dict[str, Any], produces: list[str] | None, content: dict[str, Any]
) -> None:
    op: dict[str, Any] = {
        "operationId": "ping",
        "responses": {"200": {"description": "ok", "schema": schema}},
    }
    if produces is not None:
        op["produces"] = produces
    assert only_op(minimal(op=op))["responses"]["200"]["content"] == content


def test_global_consumes_and_produces_apply_unless_the_operation_overrides() -> None:
    body = {"name": "p", "in": "body", "schema": {"type": "string"}}
    ok = {"200": {"description": "ok", "schema": {"type": "string"}}}
    glob = {"consumes": ["text/plain"], "produces": ["text/html"]}
    inherited = only_op(
        minimal(**glob, op={"operationId": "a", "parameters": [body], "responses": ok})
    )
    assert list(inherited["requestBody"]["content"]) == ["text/plain"]
    assert list(inherited["responses"]["200"]["content"]) == ["text/html"]
    own = {"operationId": "b", "parameters": [body], "responses": ok}
    own |= {"consumes": ["application/xml"], "produces": ["application/yaml"]}
    overridden = only_op(minimal(**glob, op=own))
    assert list(overridden["requestBody"]["content"]) == ["application/xml"]
    assert list(overridden["responses"]["200"]["content"]) == ["application/yaml"]


# -- schemas and references -----------------------------------------------------------------------


def test_definitions_become_component_schemas_with_refs_rewritten() -> None:
    out, issues = convert(load("schemas.yaml"))
    assert messages(issues) == [
        "warning: /definitions/Page«Animal»: renamed to 'Page_Animal_': "
        "OpenAPI 3 component names allow only A-Z a-z 0-9 . _ -"
    ]
    assert out["components"]["schemas"] == {
        "Animal": {
            "type": "object",
            "discriminator": {"propertyName": "kind"},
            "required": ["kind"],
            "properties": {
                "kind": {"type": "string"},
                "owner": {"allOf": [{"$ref": "#/components/schemas/Owner"}], "nullable": True},
                "nickname": {"type": "string", "nullable": True},
                "tags": {"type": "array", "items": {"$ref": "#/components/schemas/Tag"}},
                "extra": {
                    "type": "object",
                    "additionalProperties": {"$ref": "#/components/schemas/Tag"},
                },
            },
        },
        "Dog": {
            "allOf": [
                {"$ref": "#/components/schemas/Animal"},
                {"type": "object", "properties": {"bark": {"type": "boolean"}}},
            ],
            # extensions and examples are data, not schemas: left as they are
            "x-schema-ext": {"$ref": "#/definitions/not-a-ref-just-data"},
        },
        "Owner": {
            "type": "object",
            "properties": {"name": {"$ref": "#/components/schemas/Tag/properties/label"}},
        },
        "Tag": {
            "type": "object",
            "properties": {"label": {"type": "string"}},
            "example": {"$ref": "#/definitions/also-just-data"},
        },
        "Page_Animal_": {
            "type": "object",
            "properties": {
                "items": {"type": "array", "items": {"$ref": "#/components/schemas/Animal"}}
            },
        },
    }
    response = out["paths"]["/animals"]["get"]["responses"]["200"]
    assert response["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/Page_Animal_"
    }


def test_percent_encoded_ref_to_a_renamed_definition() -> None:
    doc = minimal(definitions={"A B": {"type": "string"}, "A_B": {"type": "integer"}})
    doc["paths"]["/ping"]["post"]["responses"]["200"]["schema"] = {"$ref": "#/definitions/A%20B"}
    out, _ = convert(doc)
    assert list(out["components"]["schemas"]) == ["A_B_2", "A_B"]  # the valid name keeps its own
    schema = out["paths"]["/ping"]["post"]["responses"]["200"]["content"]["application/json"]
    assert schema == {"schema": {"$ref": "#/components/schemas/A_B_2"}}


# -- non-body parameters ----------------------------------------------------------------------------


def test_parameter_keywords_go_into_schema_and_collection_format_into_style() -> None:
    out, issues = convert(load("params.yaml"))
    params = out["paths"]["/search/{ids}"]["get"]["parameters"]
    string_array = {"type": "array", "items": {"type": "string"}}
    assert params == [
        {"name": "ids", "in": "path", "required": True, "schema": string_array},
        {
            "name": "q",
            "in": "query",
            "allowEmptyValue": True,
            "schema": {"type": "string", "minLength": 1, "maxLength": 50, "pattern": "^[a-z]+$"},
        },
        {
            "name": "size",
            "in": "query",
            "schema": {
                "type": "integer",
                "format": "int32",
                "minimum": 1,
                "maximum": 100,
                "exclusiveMaximum": True,
                "multipleOf": 5,
                "default": 10,
            },
        },
        {
            "name": "sort",
            "in": "query",
            "schema": {
                "type": "string",
                "enum": ["asc", "desc"],
                "default": "asc",
                "nullable": True,
            },
            "x-param-ext": "sorted",
        },
        {"name": "csv", "in": "query", "style": "form", "explode": False, "schema": string_array},
        {
            "name": "ssv",
            "in": "query",
            "style": "spaceDelimited",
            "explode": False,
            "schema": string_array,
        },
        {
            "name": "pipes",
            "in": "query",
            "style": "pipeDelimited",
            "explode": False,
            "schema": string_array,
        },
        {
            "name": "multi",
            "in": "query",
            "schema": {**string_array, "maxItems": 3, "uniqueItems": True},
        },
        {"name": "tsv", "in": "query", "schema": string_array},
        {
            "name": "grid",
            "in": "query",
            "style": "form",
            "explode": False,
            "schema": {"type": "array", "items": {"type": "array", "items": {"type": "integer"}}},
        },
        {"name": "X-Trace", "in": "header", "schema": string_array},
        {"name": "X-Space", "in": "header", "schema": string_array},
    ]
    assert out["paths"]["/search/{ids}"]["get"]["responses"]["200"]["headers"] == {
        "X-Ids": {"schema": string_array}
    }
    where = "/paths/~1search~1{ids}/get"
    assert messages(issues) == [
        f"warning: {where}/parameters/8/collectionFormat: collectionFormat 'tsv' has no OpenAPI 3.0 "
        "equivalent for a query value; the 3.0 default serialization is used",
        f"warning: {where}/parameters/9/items/collectionFormat: collectionFormat of a nested array "
        "has no OpenAPI 3.0 equivalent; dropped",
        f"warning: {where}/parameters/11/collectionFormat: collectionFormat 'ssv' has no OpenAPI 3.0 "
        "equivalent for a header value; the 3.0 default serialization is used",
        f"warning: {where}/responses/200/headers/X-Ids/collectionFormat: collectionFormat 'pipes' has "
        "no OpenAPI 3.0 equivalent for a header value; the 3.0 default serialization is used",
    ]


# -- security ---------------------------------------------------------------------------------------


def test_security_definitions_become_security_schemes() -> None:
    out, issues = convert(load("security.yaml"))
    assert issues == []
    assert out["components"]["securitySchemes"] == {
        "basicAuth": {"type": "http", "description": "user and password", "scheme": "basic"},
        "apiKey": {"type": "apiKey", "name": "X-API-Key", "in": "header", "x-key-ext": 1},
        "queryKey": {"type": "apiKey", "name": "key", "in": "query"},
        "implicit": {
            "type": "oauth2",
            "flows": {
                "implicit": {
                    "authorizationUrl": "https://auth.example.com/authorize",
                    "scopes": {"read": "read things"},
                }
            },
        },
        "password": {
            "type": "oauth2",
            "flows": {"password": {"tokenUrl": "https://auth.example.com/token", "scopes": {}}},
        },
        "application": {
            "type": "oauth2",
            "flows": {
                "clientCredentials": {
                    "tokenUrl": "https://auth.example.com/token",
                    "scopes": {"admin": "everything"},
                }
            },
        },
        "accessCode": {
            "type": "oauth2",
            "flows": {
                "authorizationCode": {
                    "authorizationUrl": "https://auth.example.com/authorize",
                    "tokenUrl": "https://auth.example.com/token",
                    "scopes": {"read": "read things", "write": "write things"},
                }
            },
        },
    }
    assert out["security"] == [{"apiKey": []}]
    assert out["paths"]["/public"]["get"]["security"] == []
    assert out["paths"]["/mine"]["get"]["security"] == [{"accessCode": ["read"]}, {"basicAuth": []}]


# -- servers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("top", "servers"),
    [
        ({}, None),
        ({"basePath": "/"}, None),
        ({"basePath": "/v2/"}, [{"url": "/v2"}]),
        ({"schemes": ["http", "https"]}, None),
        (
            {"host": "api.example.com:8443", "basePath": "/v1", "schemes": ["http", "https"]},
            [{"url": "http://api.example.com:8443/v1"}, {"url": "https://api.example.com:8443/v1"}],
        ),
        ({"host": "api.example.com", "schemes": ["wss"]}, [{"url": "wss://api.example.com"}]),
    ],
)
def test_host_base_path_and_schemes_become_servers(
    top: dict[str, Any], servers: list[dict[str, str]] | None
) -> None:
    out, issues = convert(minimal(**top))
    assert out.get("servers") == servers
    assert issues == []


def test_host_without_schemes_assumes_https_and_says_so() -> None:
    out, issues = convert(minimal(host="api.example.com"))
    assert out["servers"] == [{"url": "https://api.example.com"}]
    assert messages(issues) == ["warning: /host: no schemes given for the host; https assumed"]


def test_operation_schemes_become_operation_servers() -> None:
    op = {"operationId": "ping", "schemes": ["http"], "responses": {"200": {"description": "ok"}}}
    doc = minimal(host="h.example", basePath="/b", schemes=["https"], op=op)
    assert only_op(doc)["servers"] == [{"url": "http://h.example/b"}]


# -- what cannot be carried over: issues, never exceptions ------------------------------------------


def test_slips_come_back_as_issues_with_source_pointers() -> None:
    out, issues = convert(load("slips.yaml"))
    assert messages(issues) == [
        "warning: /host: no schemes given for the host; https assumed",
        "error: /paths/~1things~1{id}/get/parameters/1/$ref: parameter reference '#/parameters/Nope' does not resolve; dropped",
        "warning: /paths/~1things~1{id}/get/parameters/0: a path parameter is always required; required: true set",
        "error: /paths/~1things~1{id}/get/responses/200/$ref: response reference '#/responses/Gone' does not resolve; an empty response used",
        "error: /paths/~1things~1{id}/post/parameters/2: an operation has at most one body parameter; dropped",
        "error: /paths/~1things~1{id}/post/parameters/3: a formData parameter next to a body parameter; dropped",
        "warning: /paths/~1upload/post: a formData file needs multipart/form-data, which consumes does not list; multipart/form-data used",
        "warning: /paths/~1form/post: formData parameters but consumes lists no form media type; sent as application/x-www-form-urlencoded",
        "warning: /paths/~1form/post/parameters/0/allowEmptyValue: allowEmptyValue on a form field has no OpenAPI 3.0 equivalent; dropped",
        "error: /definitions/Thing/properties/ref/$ref: reference '#/definitions/Missing' points at nothing in definitions",
        "warning: /definitions/Thing/properties/pair/items: tuple items have no OpenAPI 3.0 equivalent; the first schema is used",
        "error: /securityDefinitions/weird/flow: oauth2 flow 'deviceCode' is unknown; dropped",
        "error: /securityDefinitions/custom: security definition of type 'mutualTLS' is unknown; dropped",
    ]
    assert issues[1] == ConversionIssue(
        ("paths", "/things/{id}", "get", "parameters", 1, "$ref"),
        "parameter reference '#/parameters/Nope' does not resolve; dropped",
        "error",
    )
    assert operations(out) == operations(load("slips.yaml"))
    get = out["paths"]["/things/{id}"]["get"]
    assert get["parameters"] == [
        {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}
    ]
    assert get["responses"] == {"200": {"description": ""}}
    post = out["paths"]["/things/{id}"]["post"]
    assert post["requestBody"] == {"content": {"application/json": {"schema": {"type": "object"}}}}
    upload = out["paths"]["/upload"]["post"]["requestBody"]["content"]
    assert upload == {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
            }
        }
    }
    assert "securitySchemes" not in out["components"]


def test_fields_that_are_not_swagger_2_are_dropped_with_a_warning() -> None:
    op = {"operationId": "ping", "requestBody": {}, "responses": {"200": {"description": "ok"}}}
    doc = minimal(servers=[{"url": "/"}], op=op)
    doc["paths"]["/ping"]["servers"] = []
    out, issues = convert(doc)
    assert messages(issues) == [
        "warning: /paths/~1ping/post/requestBody: 'requestBody' is not a Swagger 2.0 operation field; dropped",
        "warning: /paths/~1ping/servers: 'servers' is not a Swagger 2.0 path item field; dropped",
        "warning: /servers: 'servers' is not a Swagger 2.0 field; dropped",
    ]
    assert "servers" not in out
    assert "requestBody" not in out["paths"]["/ping"]["post"]


def test_malformed_sections_do_not_raise() -> None:
    doc = minimal(definitions=[], parameters="nope")
    doc["paths"]["/ping"]["post"]["responses"] = {}
    doc["paths"]["/ping"]["get"] = "not an operation"
    out, issues = convert(doc)
    assert messages(issues) == [
        "error: /definitions: definitions is not a mapping; ignored",
        "error: /parameters: parameters is not a mapping; ignored",
        "error: /paths/~1ping/post/responses: an operation needs responses; an empty default response added",
        "error: /paths/~1ping/get: operation is not a mapping; dropped",
    ]
    assert out["paths"]["/ping"] == {
        "post": {"operationId": "ping", "responses": {"default": {"description": ""}}}
    }


# -- the API: detection, determinism, no mutation ---------------------------------------------------


@pytest.mark.parametrize(
    ("doc", "expected"),
    [
        ({"swagger": "2.0", "paths": {}}, True),
        ({"swagger": 2.0}, True),  # an unquoted YAML 2.0
        ({"swagger": "3.0"}, False),
        ({"openapi": "3.0.3"}, False),
        ({"swagger": "2"}, False),
        ([{"swagger": "2.0"}], False),
        ("swagger: '2.0'", False),
        (None, False),
    ],
)
def test_is_swagger2(doc: object, expected: bool) -> None:
    assert is_swagger2(doc) is expected


def test_convert_refuses_a_document_that_is_not_swagger_2() -> None:
    with pytest.raises(ValueError, match=r"not a Swagger 2\.0 document"):
        convert({"openapi": "3.0.3", "paths": {}})


def test_conversion_issue_is_frozen() -> None:
    issue = ConversionIssue(("paths", "/a/b", "get"), "m", "error")
    with pytest.raises(AttributeError):
        issue.message = "other"  # type: ignore[misc]
    assert str(issue) == "error: /paths/~1a~1b/get: m"
    assert ConversionIssue(("x",), "m").level == "warning"


SOURCES = [*VALID_FIXTURES, "slips.yaml", "kubeflow"]


def source(name: str) -> dict[str, Any]:
    return kubeflow() if name == "kubeflow" else load(name)


@pytest.mark.parametrize("name", SOURCES)
def test_conversion_is_deterministic(name: str) -> None:
    first, first_issues = convert(source(name))
    second, second_issues = convert(source(name))
    assert json.dumps(first, ensure_ascii=False) == json.dumps(second, ensure_ascii=False)
    assert first_issues == second_issues


def container_ids(node: object) -> set[int]:
    if isinstance(node, dict):
        return {id(node)}.union(*(container_ids(v) for v in node.values()))
    if isinstance(node, list):
        return {id(node)}.union(*(container_ids(v) for v in node))
    return set()


@pytest.mark.parametrize("name", SOURCES)
def test_input_is_not_mutated_and_shares_nothing_with_the_output(name: str) -> None:
    doc = source(name)
    before = copy.deepcopy(doc)
    out, _ = convert(doc)
    assert doc == before
    assert json.dumps(doc) == json.dumps(before)  # key order too
    assert not container_ids(doc) & container_ids(out)
