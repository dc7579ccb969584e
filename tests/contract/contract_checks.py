"""Contract checks between the effective specs and the committed generated clients.

Every check is a plain function that takes an ``Operation`` and returns a list of problems (human
readable strings naming the spec, the operation and what is wrong). The pytest modules next to
this file only parametrize and assert that the list is empty, so the same functions can be run on
a deliberately broken temp copy of a spec (see test_contract_broken_spec.py).

Operations are discovered from ``specs/codegen.yaml`` and each package's effective spec
(``generated/<package>/openapi.json``, overlays applied): a new spec or operation is covered
without a new test.
"""

from __future__ import annotations

import importlib
import inspect
import json
import re
import types
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache, cached_property
from http import HTTPStatus
from pathlib import Path
from typing import Any, Union, get_args, get_origin
from urllib.parse import urlsplit

import httpx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_jsonschema import from_schema
from openapi_core import OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_python_client.strings import ClassName, PythonIdentifier
from werkzeug.datastructures import Headers, ImmutableMultiDict

from imagejobs.codegen.config import load_config
from imagejobs.codegen.selection import match, prune
from imagejobs.codegen.spec.pointer import inline
from imagejobs.codegen.spec.walk import GENERATED_METHODS, operations

REPO = Path(__file__).resolve().parents[2]

# Bodies a server in trouble really sends: a proxy's HTML error page, JSON cut off mid-stream.
HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>"
)
TRUNCATED_JSON = b'{"error": "Unauthor'

# OpenAPI's field prefix for attribute names that are not identifiers (opc's default).
FIELD_PREFIX = "field_"

# hypothesis-jsonschema knows the JSON Schema formats; these are OpenAPI/our additions.
CUSTOM_FORMATS = {"uuid": st.uuids().map(str)}
INT_BOUNDS = {"int32": (-(2**31), 2**31 - 1), "int64": (-(2**63), 2**63 - 1)}
# OpenAPI-only keywords that are annotations (or unknown to JSON Schema draft 7); dropped before
# handing a schema to hypothesis-jsonschema.
OPENAPI_ONLY = {
    "example",
    "examples",
    "discriminator",
    "xml",
    "externalDocs",
    "deprecated",
    "readOnly",
    "writeOnly",
    "description",
    "title",
}


# --------------------------------------------------------------------------------------------
# Discovery


@dataclass(frozen=True)
class SpecUnderTest:
    """One effective spec and the generated package built from it."""

    name: str
    package: str
    doc: dict[str, Any]
    where: str  # for messages: the file the spec came from
    class_overrides: dict[str, dict[str, str]] = field(default_factory=dict)
    kept: frozenset[tuple[str, str]] | None = None
    """(path, method) of the operations the entry's ``select:`` generates; None: all of them."""


def load_specs(root: Path = REPO) -> list[SpecUnderTest]:
    """Every spec listed in specs/codegen.yaml, read from its package's effective openapi.json."""
    config = load_config(root)
    specs = []
    for name, entry in sorted(config.specs.items()):
        package = config.package(name)
        path = root / config.generated_dir / package / "openapi.json"
        doc = json.loads(path.read_text(encoding="utf-8"))
        kept = None
        if entry.select is not None:
            # Only what the package generates is under contract: the document is pruned as the
            # generators got it (the operations left out may hold what a validator refuses).
            picked = match(doc, entry.select, config_file="", line_of=lambda _: 0, prefix=name,
                           spec_path=entry.spec)  # fmt: skip
            kept = frozenset(picked.kept)
            doc = prune(doc, set(kept))
        specs.append(
            SpecUnderTest(
                name=name,
                package=package,
                doc=doc,
                where=str(path.relative_to(root)),
                class_overrides=entry.class_overrides,
                kept=kept,
            )
        )
    return specs


def spec_from_file(path: Path, like: SpecUnderTest) -> SpecUnderTest:
    """A spec read from ``path`` but checked against the committed package of ``like``."""
    doc = json.loads(path.read_text(encoding="utf-8"))
    return SpecUnderTest(
        name=like.name,
        package=like.package,
        doc=prune(doc, set(like.kept)) if like.kept is not None else doc,
        where=str(path),
        class_overrides=like.class_overrides,
        kept=like.kept,
    )


def resolve(doc: dict[str, Any], node: Any) -> Any:
    """``node`` with every local ``$ref`` inlined: the codegen's one resolver (a recursive schema
    becomes ``{}``, accept anything; siblings of a $ref are kept, as 3.1 allows)."""
    return inline(doc, node)


@dataclass(frozen=True)
class Operation:
    """One operation of one spec, with its $refs resolved."""

    spec: SpecUnderTest
    path: str
    method: str
    raw: dict[str, Any]
    path_item: dict[str, Any]

    @property
    def operation_id(self) -> str:
        return str(self.raw.get("operationId", f"{self.method}_{self.path}"))

    @property
    def label(self) -> str:
        """How messages name the operation: spec, operationId, method and path."""
        return f"{self.spec.where}: {self.operation_id} ({self.method.upper()} {self.path})"

    @property
    def test_id(self) -> str:
        return f"{self.spec.name}-{self.operation_id}"

    @cached_property
    def responses(self) -> dict[str, dict[str, Any]]:
        """Documented responses by status code string ("200", "596"); "default"/"4XX" dropped."""
        out = {}
        for code, response in self.raw.get("responses", {}).items():
            if str(code).isdigit():
                out[str(code)] = resolve(self.spec.doc, response)
        return out

    def json_media(self, status: str) -> tuple[str, dict[str, Any]] | None:
        """(content type, media object) of the documented JSON body of ``status``, if any."""
        for content_type, media in self.responses[status].get("content", {}).items():
            if content_type == "application/json" or content_type.endswith("+json"):
                return content_type, media
        return None

    @cached_property
    def parameters(self) -> list[dict[str, Any]]:
        """Path-item and operation parameters, operation ones winning (by name and location)."""
        merged: dict[tuple[str, str], dict[str, Any]] = {}
        for raw in [*self.path_item.get("parameters", []), *self.raw.get("parameters", [])]:
            param = resolve(self.spec.doc, raw)
            merged[(param["name"], param["in"])] = param
        return list(merged.values())

    @cached_property
    def request_body(self) -> dict[str, Any] | None:
        body = self.raw.get("requestBody")
        return resolve(self.spec.doc, body) if body else None

    @property
    def security(self) -> list[dict[str, list[str]]]:
        return self.raw.get("security", self.spec.doc.get("security", []))

    @property
    def module_name(self) -> str:
        tags = self.raw.get("tags") or ["default"]
        tag = PythonIdentifier(tags[0], prefix="tag")
        # Without an operationId opc names the function from the method and path, as here.
        name = self.raw.get("operationId") or (
            f"{self.method}{self.path}".replace("{", "").replace("}", "").replace("/", "_")
        )
        return f"{self.spec.package}.api.{tag}.{PythonIdentifier(str(name), prefix='')}"

    def module(self) -> types.ModuleType:
        return importlib.import_module(self.module_name)


def discover_operations(spec: SpecUnderTest) -> list[Operation]:
    # Only the methods the generators read: an OpenAPI 3.2 `query` operation has no module.
    return [
        Operation(spec, op.path, op.method, op.op, op.item)
        for op in operations(spec.doc, methods=GENERATED_METHODS)
        if spec.kept is None or (op.path, op.method) in spec.kept
    ]


def all_operations(root: Path = REPO) -> list[Operation]:
    return [op for spec in load_specs(root) for op in discover_operations(spec)]


# --------------------------------------------------------------------------------------------
# Schemas -> hypothesis strategies


def to_json_schema(schema: Any, *, closed_objects: bool = False) -> Any:
    """A resolved OpenAPI 3.1 schema as plain JSON Schema that hypothesis-jsonschema accepts.

    3.1 schemas already are JSON Schema (``type: [string, "null"]`` included), so this only drops
    OpenAPI annotations, bounds ``int32``/``int64`` integers to what the format promises, and with
    ``closed_objects`` forbids undeclared properties (for requests: we only send what we document).
    """
    if isinstance(schema, list):
        return [to_json_schema(s, closed_objects=closed_objects) for s in schema]
    if not isinstance(schema, dict):
        return schema
    out: dict[str, Any] = {}
    for key, value in schema.items():
        if key in OPENAPI_ONLY:
            continue
        if key in ("properties", "patternProperties", "$defs", "definitions"):
            out[key] = {
                k: to_json_schema(v, closed_objects=closed_objects) for k, v in value.items()
            }
        else:
            out[key] = to_json_schema(value, closed_objects=closed_objects)
    types_ = out.get("type")
    type_list = types_ if isinstance(types_, list) else [types_]
    if "integer" in type_list and out.get("format") in INT_BOUNDS:
        low, high = INT_BOUNDS[out["format"]]
        out.setdefault("minimum", low)
        out.setdefault("maximum", high)
    if closed_objects and "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def body_strategy(
    schema: dict[str, Any], *, closed_objects: bool = False
) -> st.SearchStrategy[Any]:
    return schema_strategy(to_json_schema(schema, closed_objects=closed_objects))


# Any JSON value, for schemas that do not constrain one (``{}`` or undeclared extra properties).
JSON_VALUES: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=10),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=5,
)


def schema_strategy(schema: Any) -> st.SearchStrategy[Any]:
    """Values valid for a JSON Schema: hypothesis-jsonschema for scalars, composed here otherwise.

    Why not hypothesis-jsonschema for everything: 0.23.1 (the newest release) calls
    ``hypothesis...utils.many(...).more()``, which the pinned hypothesis 6.170.15 removed, so it
    raises AttributeError on every object schema. Objects, arrays and combinators are composed
    here with public hypothesis strategies; leaf schemas still go to hypothesis-jsonschema, which
    knows the string formats, patterns and numeric bounds.
    """
    if schema is True or schema == {}:
        return JSON_VALUES
    if schema is False:
        return st.nothing()
    if "allOf" in schema:
        return schema_strategy(merge_all_of(schema))
    for key in ("anyOf", "oneOf"):  # oneOf exclusivity is not enforced; our specs do not use it
        if key in schema:
            rest = {k: v for k, v in schema.items() if k != key}
            return st.one_of(
                [schema_strategy(merge_all_of({"allOf": [rest, s]})) for s in schema[key]]
            )
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([schema_strategy({**schema, "type": k}) for k in kind])
    if kind is None and ("properties" in schema or "additionalProperties" in schema):
        kind = "object"
    if kind is None and "items" in schema:
        kind = "array"
    if kind == "object":
        return object_strategy(schema)
    if kind == "array":
        items = schema_strategy(schema.get("items", {}))
        unique = (
            {"unique_by": lambda v: json.dumps(v, sort_keys=True)}
            if schema.get("uniqueItems")
            else {}
        )
        return st.lists(
            items,
            min_size=schema.get("minItems", 0),
            max_size=min(schema.get("maxItems", 4), 4),
            **unique,
        )
    if kind is None:
        return JSON_VALUES
    return from_schema(schema, custom_formats=CUSTOM_FORMATS)


def object_strategy(schema: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    properties = schema.get("properties", {})
    required = set(schema.get("required", []))
    declared = st.fixed_dictionaries(
        {name: schema_strategy(properties.get(name, {})) for name in sorted(required)},
        optional={n: schema_strategy(s) for n, s in properties.items() if n not in required},
    )
    extra_schema = schema.get("additionalProperties", True)
    if extra_schema is False:
        return declared
    extra_keys = st.text(min_size=1, max_size=12).filter(lambda k: k not in properties)
    extras = st.dictionaries(extra_keys, schema_strategy(extra_schema), max_size=3)
    return st.builds(lambda more, known: {**more, **known}, extras, declared)


def merge_all_of(schema: dict[str, Any]) -> dict[str, Any]:
    """One schema equivalent to an ``allOf`` of object schemas (the RFC 7807 extension pattern)."""
    merged: dict[str, Any] = {k: v for k, v in schema.items() if k != "allOf"}
    for part in schema.get("allOf", []):
        part = merge_all_of(part) if "allOf" in part else part
        for key, value in part.items():
            if key == "properties":
                merged["properties"] = {**merged.get("properties", {}), **value}
            elif key == "required":
                merged["required"] = sorted({*merged.get("required", []), *value})
            else:
                merged.setdefault(key, value)
    return merged


def documented_examples(media: dict[str, Any]) -> list[Any]:
    """The spec's own examples for a media object: ``example``, ``examples.*.value``, schema ones."""
    found = []
    if "example" in media:
        found.append(media["example"])
    for example in (media.get("examples") or {}).values():
        if isinstance(example, dict) and "value" in example:
            found.append(example["value"])
    schema = media.get("schema") or {}
    if "example" in schema:
        found.append(schema["example"])
    found.extend(schema.get("examples") or [])
    return found


class _Failed(Exception):
    """Raised inside a property so hypothesis shrinks to the smallest failing draw."""


def run_property(
    strategy: st.SearchStrategy[Any], check: Callable[[Any], list[str]], max_examples: int
) -> list[str]:
    """Run ``check`` on ``max_examples`` reproducible draws; the problems of the minimal failure.

    Hypothesis shrinks a failing draw before reporting it, so the body in the message is small.
    """
    found: list[str] = []

    @settings(
        max_examples=max_examples,
        derandomize=True,  # CI runs must be reproducible
        database=None,  # and must not depend on a local example database
        deadline=None,  # the first call imports and builds validators; timing is not the point
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
        report_multiple_bugs=False,
    )
    @given(strategy)
    def prop(value: Any) -> None:
        problems = check(value)
        if problems:
            found[:] = problems
            raise _Failed  # any exception makes hypothesis shrink and re-raise it

    try:
        prop()
    except _Failed:
        return found
    return []


# --------------------------------------------------------------------------------------------
# Building calls: client, arguments, mock transport


def server_url(spec: SpecUnderTest) -> str:
    servers = spec.doc.get("servers") or [{"url": "https://api.example.invalid"}]
    return str(servers[0]["url"]).rstrip("/")


def make_client(op: Operation, handler: Callable[[httpx.Request], httpx.Response]) -> Any:
    """The generated client for ``op`` with auth as its security scheme says, over a MockTransport.

    ``raise_on_unexpected_status=True`` is how the facade builds clients, so that is what we test.
    """
    client_mod = importlib.import_module(f"{op.spec.package}.client")
    transport = httpx.MockTransport(handler)
    schemes = op.spec.doc.get("components", {}).get("securitySchemes", {})
    names = [name for requirement in op.security for name in requirement]
    base_url = server_url(op.spec)
    if not names:
        client = client_mod.Client(base_url=base_url, raise_on_unexpected_status=True)
    else:
        scheme = schemes[names[0]]
        auth: dict[str, str] = {"prefix": "Bearer", "auth_header_name": "Authorization"}
        if scheme["type"] == "apiKey" and scheme.get("in") == "header":
            auth = {"prefix": "", "auth_header_name": scheme["name"]}
        elif scheme["type"] == "http" and scheme.get("scheme", "").lower() == "basic":
            auth = {"prefix": "Basic", "auth_header_name": "Authorization"}
        client = client_mod.AuthenticatedClient(
            base_url=base_url, token="test-token-123", raise_on_unexpected_status=True, **auth
        )
    client.set_httpx_client(
        httpx.Client(base_url=base_url, transport=transport, headers=_auth_headers(client))
    )
    return client


def _auth_headers(client: Any) -> dict[str, str]:
    # set_httpx_client replaces the client the generated class would have built (and with it the
    # auth header it adds), so add that header the same way AuthenticatedClient does.
    if not hasattr(client, "token"):
        return {}
    value = f"{client.prefix} {client.token}" if client.prefix else client.token
    return {client.auth_header_name: value}


def plausible_value(schema: dict[str, Any]) -> Any:
    """A simple valid value for a parameter or property schema (examples and enums first)."""
    if "example" in schema:
        return schema["example"]
    if schema.get("examples"):
        return schema["examples"][0]
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type", "string")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), "null")
    if kind == "integer":
        return max(int(schema.get("minimum", 1)), 1234567)
    if kind == "number":
        return 1.5
    if kind == "boolean":
        return True
    if kind == "null":
        return None
    if kind == "array":
        return [plausible_value(schema.get("items", {}))]
    if kind == "object":
        props = schema.get("properties", {})
        return {name: plausible_value(props[name]) for name in schema.get("required", [])}
    if schema.get("format") == "uuid":
        return "3f1c9a1e-8a9b-4c1d-9e2f-1a2b3c4d5e6f"
    return "j1023841923-user:1234-channel:1002843-bot:midjourney"


def argument_schemas(op: Operation) -> dict[str, tuple[str, dict[str, Any]]]:
    """sync_detailed's argument name -> (where it goes, JSON schema), from the spec alone."""
    out: dict[str, tuple[str, dict[str, Any]]] = {}
    for param in op.parameters:
        if not param.get("required") and param["in"] != "path":
            continue  # optional parameters are left to their defaults (UNSET)
        schema = dict(param.get("schema", {}))
        if param["in"] == "header" and "string" in str(schema.get("type")):
            schema.setdefault("pattern", r"^[!-~]+$")  # header values must be visible ASCII
        if param["in"] == "path" and "string" in str(schema.get("type")):
            # A path segment is never empty (`/batches/` is another route): vendors that leave
            # out minLength (OpenAI, Replicate) still mean it. And the client percent-encodes a
            # `/` or `;` in it, which openapi-core's route matching decodes back into a separator:
            # such a draw would test the validator, not the client.
            schema.setdefault("minLength", 1)
            schema.setdefault("pattern", r"^[^/;]+$")
        out[PythonIdentifier(param["name"], prefix=FIELD_PREFIX)] = (param["in"], schema)
    if op.request_body and op.request_body.get("required", False):
        media = next(iter(op.request_body.get("content", {}).values()))
        out["body"] = ("body", media.get("schema", {}))
    return out


def to_python(value: Any, annotation: Any) -> Any:
    """A JSON value as the Python type sync_detailed expects (UUID, model class, ...)."""
    options = (
        get_args(annotation)
        if get_origin(annotation) in (Union, types.UnionType)
        else (annotation,)
    )
    for option in options:
        if option is uuid.UUID and isinstance(value, str):
            return uuid.UUID(value)
        if inspect.isclass(option) and hasattr(option, "from_dict") and isinstance(value, dict):
            return option.from_dict(value)
    return value


def build_arguments(op: Operation, values: dict[str, Any]) -> dict[str, Any]:
    # Arguments the function does not take are dropped here and reported by check_signature.
    parameters = inspect.signature(op.module().sync_detailed).parameters
    return {
        name: to_python(value, parameters[name].annotation)
        for name, value in values.items()
        if name in parameters
    }


def check_signature(op: Operation) -> list[str]:
    """sync_detailed takes an argument for every required parameter and body, and no others."""
    try:
        parameters = inspect.signature(op.module().sync_detailed).parameters
    except ImportError:
        return [f"{op.label}: no generated module {op.module_name}"]
    documented = argument_schemas(op)
    problems = [
        f"{op.label}: {where} parameter {name!r} has no argument in sync_detailed"
        f" (it takes {', '.join(parameters)})"
        for name, (where, _schema) in documented.items()
        if name not in parameters
    ]
    problems += [
        f"{op.label}: sync_detailed requires argument {name!r}, which the spec does not document"
        for name, param in parameters.items()
        if name != "client" and param.default is inspect.Parameter.empty and name not in documented
    ]
    return problems


def plausible_arguments(op: Operation) -> dict[str, Any]:
    """JSON values for every required argument: the documented request example, else simple ones."""
    values = {}
    for name, (where, schema) in argument_schemas(op).items():
        if where == "body":
            media = next(iter(op.request_body["content"].values()))  # type: ignore[index]
            examples = documented_examples(media)
            values[name] = examples[0] if examples else plausible_value(schema)
        else:
            values[name] = plausible_value(schema)
    return values


def arguments_strategy(op: Operation) -> st.SearchStrategy[dict[str, Any]]:
    """Hypothesis draws of every required argument, from the parameter and body schemas."""
    return st.fixed_dictionaries(
        {
            name: body_strategy(schema, closed_objects=(where == "body"))
            for name, (where, schema) in argument_schemas(op).items()
        }
    )


@dataclass
class Call:
    """What one call of sync_detailed did: the request it sent, what it returned or raised."""

    request: httpx.Request | None = None
    response: Any = None
    error: BaseException | None = None


def call_operation(
    op: Operation,
    respond: Callable[[httpx.Request], httpx.Response],
    arguments: dict[str, Any] | None = None,
) -> Call:
    call = Call()

    def handler(request: httpx.Request) -> httpx.Response:
        request.read()
        call.request = request
        return respond(request)

    client = make_client(op, handler)
    args = build_arguments(op, plausible_arguments(op) if arguments is None else arguments)
    try:
        call.response = op.module().sync_detailed(client=client, **args)
    except Exception as exc:  # a check reports any exception as a problem, with its type
        call.error = exc
    return call


def reply(
    status: int, content: bytes, content_type: str | None
) -> Callable[[httpx.Request], httpx.Response]:
    headers = {"Content-Type": content_type} if content_type else {}
    return lambda _request: httpx.Response(status, content=content, headers=headers)


# --------------------------------------------------------------------------------------------
# Response checks


def expected_python_type(op: Operation, status: str) -> type | None:
    """The Python type ``parsed`` must have for ``status``: a model class, list, str...; None for no body.

    Named from the spec the way openapi-python-client names things (schema name -> class name,
    honouring class_overrides), so a client generated from a different spec does not pass.
    """
    media = op.json_media(status)
    if media is None:
        return type(None)
    raw_schema = media[1].get("schema", {})
    schema = resolve(op.spec.doc, raw_schema)
    models = importlib.import_module(f"{op.spec.package}.models")
    ref = raw_schema.get("$ref", "")
    kind = schema.get("type")
    if ref.startswith("#/components/schemas/") and (
        kind == "object" or "allOf" in schema or "properties" in schema or "enum" in schema
    ):
        name = ClassName(ref.rsplit("/", 1)[1], prefix=FIELD_PREFIX)
        name = ClassName(
            op.spec.class_overrides.get(name, {}).get("class_name", name), prefix=FIELD_PREFIX
        )
        return getattr(models, name, None) or _Missing(name)
    simple = {"array": list, "string": str, "integer": int, "number": float, "boolean": bool}
    if isinstance(kind, str) and kind in simple:
        return simple[kind]
    return object  # an inline object: any model class will do


class _Missing(type):
    """Stands for a model class the spec implies but the package does not define."""

    def __new__(mcs, name: str) -> Any:
        return super().__new__(mcs, f"<missing model class {name}>", (), {})

    def __init__(cls, name: str) -> None:
        super().__init__(cls.__name__, (), {})


def lost_fields(value: Any, parsed: Any, schema: dict[str, Any], where: str = "") -> list[str]:
    """Documented fields present in ``value`` (the JSON) that the parsed model does not hold.

    A field the client does not know lands in ``additional_properties`` (or nowhere): that is how a
    renamed field shows up even when every field is optional.
    """
    if value is None or parsed is None:
        return []
    if isinstance(value, list) and isinstance(parsed, list):
        item_schema = schema.get("items", {})
        return [
            p
            for v, pv in zip(value, parsed, strict=False)
            for p in lost_fields(v, pv, item_schema, f"{where}[]")
        ]
    if (
        isinstance(value, str)
        and schema.get("format") == "date-time"
        and not isinstance(parsed, datetime)
    ):
        # The generated unions fall back to the raw string when parsing fails, so an RFC 3339
        # date-time Python cannot read would reach the facade as a str without any error.
        return [f"date-time {where.rstrip('.')}={value!r} was not parsed to a datetime"]
    if not isinstance(value, dict):
        return []
    properties: dict[str, Any] = dict(schema.get("properties", {}))
    for part in schema.get("allOf", []):
        properties.update(part.get("properties", {}))
    problems = []
    extra = getattr(parsed, "additional_properties", {})
    for name, sub_value in value.items():
        if name in properties:
            attr = PythonIdentifier(name, prefix=FIELD_PREFIX)
            if name in extra or not hasattr(parsed, attr):
                problems.append(
                    f"documented field {where}{name!r} is not a field of {type(parsed).__name__}"
                )
                continue
            problems += lost_fields(
                sub_value, getattr(parsed, attr), properties[name], f"{where}{name}."
            )
        elif isinstance(schema.get("additionalProperties"), dict) and name in extra:
            problems += lost_fields(
                sub_value, extra[name], schema["additionalProperties"], f"{where}{name}."
            )
    return problems


def check_response(op: Operation, status: str, body: Any) -> list[str]:
    """Serve ``body`` with ``status`` and check that the client parses it as documented."""
    media = op.json_media(status)
    content_type, content = (media[0], json.dumps(body).encode()) if media else (None, b"")
    call = call_operation(op, reply(int(status), content, content_type))
    where = f"{op.label}: status {status} with body {content[:300].decode(errors='replace')}"
    if call.error is not None:
        return [f"{where}: client raised {type(call.error).__name__}: {call.error}"]
    response = call.response
    problems = []
    if response.status_code != int(status):
        problems.append(f"{where}: status_code is {response.status_code!r}")
    if type(response.status_code) is not type(_status_of(int(status))):
        problems.append(
            f"{where}: status_code has type {type(response.status_code).__name__}, "
            f"expected {type(_status_of(int(status))).__name__}"
        )
    expected = expected_python_type(op, status)
    if isinstance(expected, _Missing):
        problems.append(
            f"{where}: the spec implies a model {expected.__name__[1:-1]} the client does not have"
        )
    elif expected is not None and not isinstance(response.parsed, expected):
        problems.append(
            f"{where}: parsed is {type(response.parsed).__name__}, expected {expected.__name__}"
        )
    elif media:
        schema = resolve(op.spec.doc, media[1].get("schema", {}))
        problems += [f"{where}: {p}" for p in lost_fields(body, response.parsed, schema)]
    return problems


def _status_of(code: int) -> HTTPStatus | int:
    try:
        return HTTPStatus(code)
    except ValueError:
        return code


def check_examples(op: Operation, status: str) -> list[str]:
    """The spec's own examples for ``status`` parse (or the empty body of a body-less status)."""
    media = op.json_media(status)
    if media is None:
        return check_response(op, status, None)
    return [
        p for example in documented_examples(media[1]) for p in check_response(op, status, example)
    ]


def check_generated_bodies(op: Operation, status: str, max_examples: int = 25) -> list[str]:
    """Bodies generated from the schema of ``status`` parse; the minimal failing body if not."""
    media = op.json_media(status)
    if media is None:
        return []
    schema = resolve(op.spec.doc, media[1].get("schema", {}))
    return run_property(
        body_strategy(schema), lambda body: check_response(op, status, body), max_examples
    )


# Statuses probed to learn which ones the client parses. 1xx are informational and never reach
# a client as a final response.
PROBED_STATUSES = range(200, 600)


def client_statuses(op: Operation) -> set[int]:
    """The statuses the generated client treats as documented, learnt by probing it.

    An undocumented status raises exactly UnexpectedStatus; a documented one parses or (with the
    probe's empty-object body) raises MalformedResponse, a subclass.
    """
    errors = importlib.import_module(f"{op.spec.package}.errors")
    handled = set()
    for code in PROBED_STATUSES:
        call = call_operation(op, reply(code, b"{}", "application/json"))
        if type(call.error) is not errors.UnexpectedStatus:
            handled.add(code)
    return handled


def check_status_coverage(op: Operation) -> list[str]:
    """Spec and client agree on the documented statuses, in both directions."""
    try:
        op.module()
    except ImportError:
        return [f"{op.label}: no generated module {op.module_name}"]
    documented = {int(code) for code in op.responses}
    handled = client_statuses(op)
    problems = [
        f"{op.label}: documented status {code} is not parsed by the client (it raises UnexpectedStatus)"
        for code in sorted(documented - handled)
    ]
    problems += [
        f"{op.label}: the client parses status {code}, which the spec does not document"
        for code in sorted(handled - documented)
    ]
    return problems


def check_undocumented_statuses(op: Operation) -> list[str]:
    """520 (JSON) and an HTML 502 page raise errors.UnexpectedStatus carrying status and body."""
    errors = importlib.import_module(f"{op.spec.package}.errors")
    problems = []
    cases = [
        (520, b'{"error": "origin unreachable"}', "application/json"),
        (502, HTML_PAGE, "text/html"),
    ]
    for code, content, content_type in cases:
        if str(code) in op.responses:
            continue  # documented here, so it is not an "undocumented" case for this operation
        call = call_operation(op, reply(code, content, content_type))
        what = f"{op.label}: undocumented status {code} ({content_type})"
        if type(call.error) is not errors.UnexpectedStatus:
            got = f"raised {type(call.error).__name__}" if call.error else "returned normally"
            problems.append(f"{what}: expected errors.UnexpectedStatus, client {got}")
        elif call.error.status_code != code or call.error.content != content:
            problems.append(f"{what}: UnexpectedStatus lost the status or the body")
    return problems


MALFORMED_BODIES = {
    "an HTML page": (HTML_PAGE, "text/html"),
    "truncated JSON": (TRUNCATED_JSON, "application/json"),
    "an empty body": (b"", "application/json"),
}


def check_malformed_bodies(op: Operation, status: str) -> list[str]:
    """A non-JSON body on a documented JSON status raises errors.MalformedResponse, nothing else."""
    if op.json_media(status) is None:
        return []
    errors = importlib.import_module(f"{op.spec.package}.errors")
    problems = []
    for what, (content, content_type) in MALFORMED_BODIES.items():
        call = call_operation(op, reply(int(status), content, content_type))
        label = f"{op.label}: status {status} with {what}"
        if not isinstance(call.error, errors.MalformedResponse):
            got = (
                f"raised {type(call.error).__name__}: {call.error}"
                if call.error
                else "returned normally"
            )
            problems.append(f"{label}: expected errors.MalformedResponse, client {got}")
        elif call.error.status_code != int(status):
            problems.append(f"{label}: MalformedResponse carries status {call.error.status_code}")
    return problems


def check_operation_responses(op: Operation, max_examples: int = 25) -> list[str]:
    """Everything about responses for one operation (used on temp copies of a spec)."""
    problems = check_status_coverage(op)
    for status in op.responses:
        problems += check_examples(op, status)
        problems += check_generated_bodies(op, status, max_examples)
    return problems


# --------------------------------------------------------------------------------------------
# Request checks (openapi-core)


class HttpxOpenAPIRequest:
    """An httpx.Request in the shape openapi-core's request validator reads.

    Modelled on openapi_core.contrib.requests.RequestsOpenAPIRequest; openapi-core has no httpx
    adapter.
    """

    def __init__(self, request: httpx.Request):
        self.request = request
        url = urlsplit(str(request.url))
        self.host_url = f"{url.scheme}://{url.netloc}"
        self.path = request.url.path  # decoded, as WSGI frameworks hand it to openapi-core
        query = ImmutableMultiDict(list(request.url.params.multi_items()))
        self.parameters = RequestParameters(
            query=query, header=Headers(list(request.headers.items())), cookie=ImmutableMultiDict()
        )

    @property
    def method(self) -> str:
        return self.request.method.lower()

    @property
    def body(self) -> bytes | None:
        return self.request.content or None

    @property
    def content_type(self) -> str:
        return self.request.headers.get("Content-Type", "")


@cache
def _validator_for(spec_json: str) -> OpenAPI:
    doc = json.loads(spec_json)
    # openapi-core cannot check OAuth2 (it warns "Unsupported scheme type" and accepts anything).
    # An OAuth2 access token is sent as a bearer token (RFC 6750), so check it as one.
    for scheme in doc.get("components", {}).get("securitySchemes", {}).values():
        if scheme.get("type") in ("oauth2", "openIdConnect"):
            scheme.clear()
            scheme.update({"type": "http", "scheme": "bearer"})
    return OpenAPI.from_dict(doc)


def validator_for(spec: SpecUnderTest) -> OpenAPI:
    return _validator_for(json.dumps(spec.doc, sort_keys=True))


def path_regex(op: Operation) -> re.Pattern[str]:
    base = urlsplit(server_url(op.spec)).path.rstrip("/")
    pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(op.path))
    return re.compile(f"^{re.escape(base)}{pattern}$")


def check_request(op: Operation, arguments: dict[str, Any] | None = None) -> list[str]:
    """The request sync_detailed sends for ``arguments`` is one the spec allows, for this operation."""
    problems = check_signature(op)
    call = call_operation(
        op, reply(599, b"", None), arguments
    )  # any answer: the request is the point
    if call.request is None:
        return [
            *problems,
            f"{op.label}: no request was sent ({type(call.error).__name__}: {call.error})",
        ]
    request = call.request
    where = f"{op.label}: request {request.method} {request.url} (arguments {arguments})"
    if request.method != op.method.upper() or not path_regex(op).match(
        request.url.raw_path.decode().split("?")[0]
    ):
        problems.append(f"{where}: does not address {op.method.upper()} {op.path}")
    try:
        validator_for(op.spec).validate_request(HttpxOpenAPIRequest(request))
    except Exception as exc:  # openapi-core raises a chain of validation errors; report it all
        problems.append(f"{where}: openapi-core rejects it: {describe_validation_error(exc)}")
    return problems


def describe_validation_error(exc: BaseException) -> str:
    """openapi-core's error, its cause and the schema errors, on one line."""
    parts = [f"{type(exc).__name__}: {exc}"]
    cause = exc.__cause__
    if cause is not None:
        parts.append(f"{type(cause).__name__}: {cause}")
        parts += [getattr(e, "message", str(e)) for e in getattr(cause, "schema_errors", ())]
    return "; ".join(parts)


def check_generated_requests(op: Operation, max_examples: int = 25) -> list[str]:
    return run_property(arguments_strategy(op), lambda args: check_request(op, args), max_examples)
