"""Swagger 2.0 in: convert a Swagger 2.0 document to OpenAPI 3.0.3, in memory, as a pipeline step.

Neither generator reads Swagger 2.0, so a vendor's 2.0 file (the Kubeflow jobs spec in the
corpus) is converted before anything else looks at it. The vendor's file stays byte for byte;
the converted document is the effective spec.

Why a hand-written converter and not a library (surveyed 2026-12): the maintained converter is
swagger2openapi, a Node package, not Python. prance's ``convert`` module sends the spec to a web
service (mermade.org.uk), and the pipeline has no network and must not send a vendor's spec
anywhere. ``s2opy`` (0.1.0, 2023) and ``open-api-maker-kamaalio`` (0.0.2, 2023) are single
unmaintained releases; aiopenapi3 reads 2.0 for its own client but writes no 3.x document. So
this is a focused, pure, offline converter of what Swagger 2.0 has (see ``convert``).

Anything that cannot be carried over faithfully is reported as a ``ConversionIssue`` pointing at
its place in the source document; the conversion itself never raises on a vendor slip.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, NamedTuple
from urllib.parse import unquote

__all__ = ["OPENAPI_VERSION", "ConversionIssue", "convert", "is_swagger2"]

OPENAPI_VERSION = "3.0.3"

Pointer = tuple[str | int, ...]
JSONDict = dict[str, Any]

_METHODS = ("get", "put", "post", "delete", "options", "head", "patch")
_JSON = "application/json"
_URLENCODED = "application/x-www-form-urlencoded"
_MULTIPART = "multipart/form-data"
_OCTETS = "application/octet-stream"
# Keywords of a non-body parameter, an items object or a header that become its `schema`.
_SCHEMA_KEYS = frozenset(
    [
        "type",
        "format",
        "items",
        "default",
        "maximum",
        "exclusiveMaximum",
        "minimum",
        "exclusiveMinimum",
        "maxLength",
        "minLength",
        "pattern",
        "maxItems",
        "minItems",
        "uniqueItems",
        "enum",
        "multipleOf",
        "x-nullable",
    ]
)
_TOP_KEYS = frozenset(
    [
        "swagger",
        "info",
        "host",
        "basePath",
        "schemes",
        "consumes",
        "produces",
        "paths",
        "definitions",
        "parameters",
        "responses",
        "securityDefinitions",
        "security",
        "tags",
        "externalDocs",
    ]
)
_OPERATION_KEYS = frozenset(
    [
        "tags",
        "summary",
        "description",
        "externalDocs",
        "operationId",
        "consumes",
        "produces",
        "parameters",
        "responses",
        "schemes",
        "deprecated",
        "security",
    ]
)
# Swagger 2.0 section -> OpenAPI 3.0 components section, for `$ref` rewriting.
_COMPONENTS = {"definitions": "schemas", "parameters": "parameters", "responses": "responses"}
_FLOWS = {
    "implicit": "implicit",
    "password": "password",
    "application": "clientCredentials",
    "accessCode": "authorizationCode",
}
# (location, collectionFormat) -> style/explode. Missing pairs have no 3.0 equivalent.
_STYLES: dict[tuple[str, str], JSONDict] = {
    ("query", "csv"): {"style": "form", "explode": False},
    ("query", "ssv"): {"style": "spaceDelimited", "explode": False},
    ("query", "pipes"): {"style": "pipeDelimited", "explode": False},
    ("query", "multi"): {},  # form + explode is the 3.0 default for query and form fields
    ("formData", "csv"): {"style": "form", "explode": False},
    ("formData", "ssv"): {"style": "spaceDelimited", "explode": False},
    ("formData", "pipes"): {"style": "pipeDelimited", "explode": False},
    ("formData", "multi"): {},
    ("path", "csv"): {},  # simple is the 3.0 default for path and header
    ("header", "csv"): {},
}
_COMPONENT_NAME = re.compile(r"^[A-Za-z0-9._-]+$")


@dataclass(frozen=True)
class ConversionIssue:
    """Something in the Swagger 2.0 source that the OpenAPI 3.0 result does not carry faithfully.

    ``pointer`` is the JSON pointer, as tokens, of the place in the SOURCE document. ``level`` is
    ``"warning"`` (carried over approximately) or ``"error"`` (dropped, or left dangling).
    """

    pointer: Pointer
    message: str
    level: str = "warning"

    def __str__(self) -> str:
        tokens = (str(t).replace("~", "~0").replace("/", "~1") for t in self.pointer)
        return f"{self.level}: /{'/'.join(tokens)}: {self.message}"


def is_swagger2(doc: object) -> bool:
    """True for a top-level mapping with ``swagger: "2.0"`` (an unquoted YAML ``2.0`` too)."""
    if not isinstance(doc, Mapping):
        return False
    version = doc.get("swagger")
    return version == "2.0" or (isinstance(version, float) and version == 2.0)


def convert(doc: dict[str, Any]) -> tuple[dict[str, Any], list[ConversionIssue]]:
    """Convert a Swagger 2.0 document to a NEW OpenAPI 3.0.3 document; ``doc`` is not mutated.

    Carried over: host/basePath/schemes as servers; definitions, global parameters and responses
    as components, every ``$ref`` to them rewritten; body and formData parameters as
    requestBody (per-operation consumes over global, multipart for files); other parameters and
    response headers with their keywords wrapped in ``schema`` and collectionFormat as
    style/explode; response schemas per produces media type, examples included; security
    definitions as security schemes; x-nullable, discriminator, ``type: file``; path-level
    parameters; operation ids, summaries, descriptions, tags, deprecated, security and every
    ``x-`` extension. Output order follows the input, so the same input gives the same output.
    """
    if not is_swagger2(doc):
        raise ValueError("not a Swagger 2.0 document (no top-level swagger: '2.0')")
    return _Converter(doc).run()


class _Param(NamedTuple):
    """A source parameter with `$ref` resolved: its object, its pointer, its component name."""

    obj: JSONDict
    ptr: Pointer
    component: str | None

    @property
    def loc(self) -> object:
        return self.obj.get("in")


def _ext(obj: Mapping[str, Any], skip: frozenset[str] = frozenset()) -> JSONDict:
    return {
        k: copy.deepcopy(v)
        for k, v in obj.items()
        if isinstance(k, str) and k.startswith("x-") and k not in skip
    }


def _media_types(value: object) -> list[str] | None:
    if isinstance(value, list) and all(isinstance(v, str) for v in value) and value:
        return list(value)
    return None


def _base_type(media_type: str) -> str:
    return media_type.split(";", 1)[0].strip().lower()


def _unescape(token: str) -> str:
    return unquote(token).replace("~1", "/").replace("~0", "~")


class _Converter:
    def __init__(self, src: Mapping[str, Any]) -> None:
        self.src = src
        self.issues: list[ConversionIssue] = []
        self.consumes = _media_types(src.get("consumes"))
        self.produces = _media_types(src.get("produces"))
        self.sections = {key: self._section(key) for key in (*_COMPONENTS, "securityDefinitions")}
        self.params = self.sections["parameters"]
        self.names = {kind: self._component_names(kind) for kind in _COMPONENTS}

    def warn(self, ptr: Pointer, message: str, level: str = "warning") -> None:
        self.issues.append(ConversionIssue(ptr, message, level))

    def _section(self, key: str) -> Mapping[str, Any]:
        value = self.src.get(key, {})
        if isinstance(value, Mapping):
            return value
        self.warn((key,), f"{key} is not a mapping; ignored", "error")
        return {}

    def _component_names(self, kind: str) -> dict[str, str]:
        """Source name -> component name; 3.0 names allow only ``A-Za-z0-9._-``."""
        names = [str(name) for name in self.sections[kind]]
        used = {name for name in names if _COMPONENT_NAME.match(name)}
        out: dict[str, str] = {}
        for name in names:
            if _COMPONENT_NAME.match(name):
                out[name] = name
                continue
            base = re.sub(r"[^A-Za-z0-9._-]", "_", name) or "_"
            new, n = base, 2
            while new in used:
                new, n = f"{base}_{n}", n + 1
            used.add(new)
            out[name] = new
            self.warn(
                (kind, name),
                f"renamed to {new!r}: OpenAPI 3 component names allow only A-Z a-z 0-9 . _ -",
            )
        return out

    # -- the document ---------------------------------------------------------------------------

    def run(self) -> tuple[JSONDict, list[ConversionIssue]]:
        src = self.src
        out: JSONDict = {"openapi": OPENAPI_VERSION, "info": copy.deepcopy(src.get("info", {}))}
        servers = self._servers(src.get("schemes"), ())
        if servers:
            out["servers"] = servers
        for key in ("tags", "security"):
            if key in src:
                out[key] = copy.deepcopy(src[key])
        out["paths"] = self._paths(self._section("paths"))
        components = self._components()
        if components:
            out["components"] = components
        if "externalDocs" in src:
            out["externalDocs"] = copy.deepcopy(src["externalDocs"])
        out.update(_ext(src))
        for key in src:
            if key not in _TOP_KEYS and not str(key).startswith("x-"):
                self.warn((key,), f"{key!r} is not a Swagger 2.0 field; dropped")
        return out, self.issues

    def _servers(self, schemes: object, ptr: Pointer) -> list[JSONDict]:
        host, base = self.src.get("host"), self.src.get("basePath") or ""
        base = str(base).rstrip("/")
        if not host:
            return [{"url": base}] if base else []
        if not isinstance(schemes, list) or not schemes:
            if ptr == ():
                self.warn(("host",), "no schemes given for the host; https assumed")
            schemes = ["https"]
        return [{"url": f"{scheme}://{host}{base}"} for scheme in schemes]

    def _components(self) -> JSONDict:
        out: JSONDict = {}
        schemas = {
            self.names["definitions"][str(k)]: self.schema(v, ("definitions", k))
            for k, v in self.sections["definitions"].items()
        }
        parameters: JSONDict = {}
        bodies: JSONDict = {}
        for name, p in self.params.items():
            ptr: Pointer = ("parameters", name)
            new = self.names["parameters"][str(name)]
            if not isinstance(p, dict):
                self.warn(ptr, "parameter is not a mapping; dropped", "error")
            elif p.get("in") == "body":
                bodies[new] = self._body(_Param(p, ptr, None), self.consumes)
            elif p.get("in") != "formData":  # form fields are inlined where they are used
                converted = self._parameter(p, ptr)
                if converted is not None:
                    parameters[new] = converted
        responses = {
            self.names["responses"][str(k)]: self._response(v, self.produces, ("responses", k))
            for k, v in self.sections["responses"].items()
        }
        schemes: JSONDict = {}
        for name, scheme in self.sections["securityDefinitions"].items():
            converted = self._security_scheme(scheme, ("securityDefinitions", name))
            if converted is not None:
                schemes[name] = converted
        sections = (
            ("schemas", schemas),
            ("parameters", parameters),
            ("requestBodies", bodies),
            ("responses", responses),
            ("securitySchemes", schemes),
        )
        for key, section in sections:
            if section:
                out[key] = section
        return out

    # -- paths and operations -------------------------------------------------------------------

    def _paths(self, paths: Mapping[str, Any]) -> JSONDict:
        out: JSONDict = {}
        for path, item in paths.items():
            ptr: Pointer = ("paths", path)
            if str(path).startswith("x-"):
                out[path] = copy.deepcopy(item)
            elif not isinstance(item, dict):
                self.warn(ptr, "path item is not a mapping; dropped", "error")
            else:
                out[path] = self._path_item(item, ptr)
        return out

    def _path_item(self, item: JSONDict, ptr: Pointer) -> JSONDict:
        out: JSONDict = {}
        if "$ref" in item:
            out["$ref"] = item["$ref"]
            self.warn((*ptr, "$ref"), "path item $ref kept as is; its target is not converted")
        shared = self._resolve_all(item.get("parameters"), (*ptr, "parameters"))
        plain = [self._param_out(p) for p in shared if p.loc not in ("body", "formData")]
        if any(p is not None for p in plain):
            out["parameters"] = [p for p in plain if p is not None]
        for key, op in item.items():
            if key in _METHODS and isinstance(op, dict):
                out[key] = self._operation(op, shared, (*ptr, key))
            elif key in _METHODS:
                self.warn((*ptr, key), "operation is not a mapping; dropped", "error")
        out.update(_ext(item))
        for key in item:
            if key not in (*_METHODS, "parameters", "$ref") and not str(key).startswith("x-"):
                self.warn((*ptr, key), f"{key!r} is not a Swagger 2.0 path item field; dropped")
        return out

    def _operation(self, op: JSONDict, shared: list[_Param], ptr: Pointer) -> JSONDict:
        out: JSONDict = {}
        for key in ("tags", "summary", "description", "externalDocs", "operationId"):
            if key in op:
                out[key] = copy.deepcopy(op[key])
        consumes = _media_types(op.get("consumes")) or self.consumes
        produces = _media_types(op.get("produces")) or self.produces
        own = self._resolve_all(op.get("parameters"), (*ptr, "parameters"))
        plain = [self._param_out(p) for p in own if p.loc not in ("body", "formData")]
        if any(p is not None for p in plain):
            out["parameters"] = [p for p in plain if p is not None]
        body = self._request_body(self._body_params(shared, own), consumes, ptr)
        if body is not None:
            out["requestBody"] = body
        out["responses"] = self._responses(op.get("responses"), produces, (*ptr, "responses"))
        for key in ("deprecated", "security"):
            if key in op:
                out[key] = copy.deepcopy(op[key])
        if "schemes" in op and op["schemes"] != self.src.get("schemes") and self.src.get("host"):
            out["servers"] = self._servers(op["schemes"], ptr)
        out.update(_ext(op))
        for key in op:
            if key not in _OPERATION_KEYS and not str(key).startswith("x-"):
                self.warn((*ptr, key), f"{key!r} is not a Swagger 2.0 operation field; dropped")
        return out

    # -- parameters -----------------------------------------------------------------------------

    def _resolve_all(self, params: object, ptr: Pointer) -> list[_Param]:
        if params is None:
            return []
        if not isinstance(params, list):
            self.warn(ptr, "parameters is not a list; ignored", "error")
            return []
        resolved = (self._resolve(p, (*ptr, i)) for i, p in enumerate(params))
        return [p for p in resolved if p is not None]

    def _resolve(self, p: object, ptr: Pointer) -> _Param | None:
        if isinstance(p, dict) and "$ref" in p:
            ref = p["$ref"]
            prefix = "#/parameters/"
            if isinstance(ref, str) and ref.startswith(prefix):
                name = _unescape(ref[len(prefix) :])
                target = self.params.get(name)
                if isinstance(target, dict):
                    return _Param(target, ("parameters", name), self.names["parameters"][name])
            self.warn(
                (*ptr, "$ref"), f"parameter reference {ref!r} does not resolve; dropped", "error"
            )
            return None
        if isinstance(p, dict):
            return _Param(p, ptr, None)
        self.warn(ptr, "parameter is not a mapping; dropped", "error")
        return None

    def _param_out(self, p: _Param) -> JSONDict | None:
        if p.component is not None:
            return {"$ref": f"#/components/parameters/{p.component}"}
        return self._parameter(p.obj, p.ptr)

    def _parameter(self, p: JSONDict, ptr: Pointer) -> JSONDict | None:
        loc = p.get("in")
        if loc not in ("query", "header", "path", "cookie"):
            self.warn((*ptr, "in"), f"parameter location {loc!r} is unknown; dropped", "error")
            return None
        out: JSONDict = {"name": p.get("name"), "in": loc}
        if "description" in p:
            out["description"] = p["description"]
        required = p.get("required") is True
        if loc == "path" and not required:
            self.warn(ptr, "a path parameter is always required; required: true set")
            required = True
        if required:
            out["required"] = True
        if p.get("allowEmptyValue") is True:
            if loc == "query":
                out["allowEmptyValue"] = True
            else:
                self.warn(
                    (*ptr, "allowEmptyValue"),
                    "allowEmptyValue only applies to query in 3.0; dropped",
                )
        out.update(self._style(p, str(loc), ptr))
        out["schema"] = self._param_schema(p, ptr)
        out.update(_ext(p, frozenset({"x-nullable"})))
        return out

    def _style(self, p: Mapping[str, Any], loc: str, ptr: Pointer) -> JSONDict:
        if p.get("type") != "array":
            return {}
        fmt = p.get("collectionFormat", "csv")
        style = _STYLES.get((loc, str(fmt)))
        if style is None:
            self.warn(
                (*ptr, "collectionFormat"),
                f"collectionFormat {fmt!r} has no OpenAPI 3.0 equivalent for a {loc} value; "
                "the 3.0 default serialization is used",
            )
            return {}
        return dict(style)

    def _param_schema(self, p: Mapping[str, Any], ptr: Pointer) -> Any:
        if "schema" in p and "type" not in p:  # a 3.0-style parameter in a 2.0 file
            return self.schema(p["schema"], (*ptr, "schema"))
        picked = {k: v for k, v in p.items() if k in _SCHEMA_KEYS}
        if isinstance(picked.get("items"), dict):
            picked["items"] = self._items(picked["items"], (*ptr, "items"))
        return self.schema(picked, ptr)

    def _items(self, items: Mapping[str, Any], ptr: Pointer) -> JSONDict:
        """An items object without collectionFormat, which a nested array cannot express in 3.0."""
        if "collectionFormat" in items:
            self.warn(
                (*ptr, "collectionFormat"),
                "collectionFormat of a nested array has no OpenAPI 3.0 equivalent; dropped",
            )
        out = {k: v for k, v in items.items() if k != "collectionFormat"}
        if isinstance(out.get("items"), dict):
            out["items"] = self._items(out["items"], (*ptr, "items"))
        return out

    # -- request bodies -------------------------------------------------------------------------

    @staticmethod
    def _body_params(shared: list[_Param], own: list[_Param]) -> list[_Param]:
        """Body and form parameters of an operation: its own, then path-level ones it does not override."""
        own_body = any(p.loc == "body" for p in own)
        own_keys = {(p.obj.get("name"), p.loc) for p in own}
        inherited = [
            p
            for p in shared
            if (p.loc == "body" and not own_body)
            or (p.loc == "formData" and (p.obj.get("name"), p.loc) not in own_keys)
        ]
        return [*inherited, *(p for p in own if p.loc in ("body", "formData"))]

    def _request_body(
        self, params: list[_Param], consumes: list[str] | None, ptr: Pointer
    ) -> JSONDict | None:
        bodies = [p for p in params if p.loc == "body"]
        forms = [p for p in params if p.loc == "formData"]
        if not bodies:
            return self._form(forms, consumes, ptr) if forms else None
        for extra in bodies[1:]:
            self.warn(extra.ptr, "an operation has at most one body parameter; dropped", "error")
        for form in forms:
            self.warn(form.ptr, "a formData parameter next to a body parameter; dropped", "error")
        body = bodies[0]
        if body.component is not None and consumes == self.consumes:
            return {"$ref": f"#/components/requestBodies/{body.component}"}
        return self._body(body, consumes)

    def _body(self, body: _Param, consumes: list[str] | None) -> JSONDict:
        p = body.obj
        schema = self.schema(p.get("schema", {}), (*body.ptr, "schema"))
        out: JSONDict = {}
        if "description" in p:
            out["description"] = p["description"]
        out["content"] = {mt: {"schema": copy.deepcopy(schema)} for mt in consumes or [_JSON]}
        if p.get("required") is True:
            out["required"] = True
        out.update(_ext(p))
        return out

    def _form(self, forms: list[_Param], consumes: list[str] | None, ptr: Pointer) -> JSONDict:
        media = self._form_media(forms, consumes, ptr)
        multipart = _MULTIPART in map(_base_type, media)
        properties: JSONDict = {}
        required: list[str] = []
        encoding: JSONDict = {}
        for p in forms:
            name = str(p.obj.get("name"))
            prop = self._param_schema(p.obj, p.ptr)
            if isinstance(prop, dict):
                description = (
                    {"description": p.obj["description"]} if "description" in p.obj else {}
                )
                prop = {**description, **prop, **_ext(p.obj, frozenset({"x-nullable"}))}
            properties[name] = prop
            if p.obj.get("required") is True:
                required.append(name)
            style = self._style(p.obj, "formData", p.ptr)
            if style:
                encoding[name] = style
            if style and multipart:
                self.warn(
                    (*p.ptr, "collectionFormat"),
                    "multipart/form-data cannot express a collectionFormat; parts repeat per value",
                )
            if p.obj.get("allowEmptyValue") is True:
                self.warn(
                    (*p.ptr, "allowEmptyValue"),
                    "allowEmptyValue on a form field has no OpenAPI 3.0 equivalent; dropped",
                )
        schema: JSONDict = {"type": "object", "properties": properties}
        if required:
            schema["required"] = required
        content: JSONDict = {}
        for mt in media:
            content[mt] = {"schema": copy.deepcopy(schema)}
            if encoding and _base_type(mt) == _URLENCODED:
                content[mt]["encoding"] = copy.deepcopy(encoding)
        return {"content": content, "required": True} if required else {"content": content}

    def _form_media(
        self, forms: list[_Param], consumes: list[str] | None, ptr: Pointer
    ) -> list[str]:
        """The form media types of consumes; multipart/form-data when a field is a file."""
        has_file = any(p.obj.get("type") == "file" for p in forms)
        media = [mt for mt in consumes or [] if _base_type(mt) in (_URLENCODED, _MULTIPART)]
        if not media:
            media = [_MULTIPART if has_file else _URLENCODED]
            if consumes is not None:
                self.warn(
                    ptr,
                    f"formData parameters but consumes lists no form media type; sent as {media[0]}",
                )
        if has_file and _MULTIPART not in map(_base_type, media):
            self.warn(
                ptr,
                "a formData file needs multipart/form-data, which consumes does not list; multipart/form-data used",
            )
            media = [_MULTIPART]
        return media

    # -- responses ------------------------------------------------------------------------------

    def _responses(self, responses: object, produces: list[str] | None, ptr: Pointer) -> JSONDict:
        if not isinstance(responses, dict) or not responses:
            self.warn(ptr, "an operation needs responses; an empty default response added", "error")
            return {"default": {"description": ""}}
        out: JSONDict = {}
        for code, r in responses.items():
            key, rptr = str(code), (*ptr, code)
            if key.startswith("x-"):
                out[key] = copy.deepcopy(r)
            elif isinstance(r, dict) and "$ref" in r:
                out[key] = self._response_ref(r["$ref"], produces, rptr)
            elif isinstance(r, dict):
                out[key] = self._response(r, produces, rptr)
            else:
                self.warn(rptr, "response is not a mapping; dropped", "error")
        return out

    def _response_ref(self, ref: object, produces: list[str] | None, ptr: Pointer) -> JSONDict:
        prefix = "#/responses/"
        if isinstance(ref, str) and ref.startswith(prefix):
            name = _unescape(ref[len(prefix) :])
            target = self.sections["responses"].get(name)
            if isinstance(target, dict):
                if produces == self.produces:
                    return {"$ref": f"#/components/responses/{self.names['responses'][name]}"}
                return self._response(target, produces, ("responses", name))  # other media types
        self.warn(
            (*ptr, "$ref"),
            f"response reference {ref!r} does not resolve; an empty response used",
            "error",
        )
        return {"description": ""}

    def _response(self, r: Mapping[str, Any], produces: list[str] | None, ptr: Pointer) -> JSONDict:
        if not isinstance(r, Mapping):
            self.warn(ptr, "response is not a mapping; dropped", "error")
            return {"description": ""}
        out: JSONDict = {"description": r.get("description", "")}
        headers = r.get("headers")
        if isinstance(headers, dict) and headers:
            out["headers"] = {
                name: self._header(h, (*ptr, "headers", name)) for name, h in headers.items()
            }
        raw_examples = r.get("examples")
        examples: Mapping[str, Any] = raw_examples if isinstance(raw_examples, dict) else {}
        media: list[str] = []
        if "schema" in r:
            is_file = isinstance(r["schema"], dict) and r["schema"].get("type") == "file"
            media = produces or [_OCTETS if is_file else _JSON]
        media += [mt for mt in examples if mt not in media]
        content: JSONDict = {}
        for mt in media:
            content[mt] = {}
            if "schema" in r:
                content[mt]["schema"] = self.schema(r["schema"], (*ptr, "schema"))
            if mt in examples:
                content[mt]["example"] = copy.deepcopy(examples[mt])
        if content:
            out["content"] = content
        out.update(_ext(r))
        return out

    def _header(self, h: object, ptr: Pointer) -> JSONDict:
        if not isinstance(h, dict):
            self.warn(ptr, "header is not a mapping; dropped", "error")
            return {"schema": {}}
        out: JSONDict = {}
        if "description" in h:
            out["description"] = h["description"]
        out.update(self._style(h, "header", ptr))
        out["schema"] = self._param_schema(h, ptr)
        out.update(_ext(h, frozenset({"x-nullable"})))
        return out

    # -- security -------------------------------------------------------------------------------

    def _security_scheme(self, s: object, ptr: Pointer) -> JSONDict | None:
        kind = s.get("type") if isinstance(s, dict) else None
        if not isinstance(s, dict) or kind not in ("basic", "apiKey", "oauth2"):
            self.warn(ptr, f"security definition of type {kind!r} is unknown; dropped", "error")
            return None
        out: JSONDict = {"type": "http" if kind == "basic" else kind}
        if "description" in s:
            out["description"] = s["description"]
        if kind == "basic":
            out["scheme"] = "basic"
        elif kind == "apiKey":
            out["name"] = s.get("name")
            out["in"] = s.get("in")
        else:
            flow = s.get("flow")
            if flow not in _FLOWS:
                self.warn((*ptr, "flow"), f"oauth2 flow {flow!r} is unknown; dropped", "error")
                return None
            spec: JSONDict = {}
            if flow in ("implicit", "accessCode"):
                spec["authorizationUrl"] = s.get("authorizationUrl", "")
            if flow in ("password", "application", "accessCode"):
                spec["tokenUrl"] = s.get("tokenUrl", "")
            spec["scopes"] = copy.deepcopy(s.get("scopes") or {})
            out["flows"] = {_FLOWS[flow]: spec}
        out.update(_ext(s))
        return out

    # -- schemas and references -----------------------------------------------------------------

    def schema(self, s: object, ptr: Pointer) -> Any:
        """A 2.0 schema as a 3.0 schema: refs rewritten, x-nullable, discriminator, type file."""
        if not isinstance(s, dict):
            return copy.deepcopy(s)
        out: JSONDict = {}
        for key, value in s.items():
            p = (*ptr, key)
            if key == "$ref" and isinstance(value, str):
                out[key] = self.ref(value, p)
            elif key == "properties" and isinstance(value, dict):
                out[key] = {k: self.schema(v, (*p, k)) for k, v in value.items()}
            elif key in ("items", "additionalProperties", "not") and isinstance(value, dict):
                out[key] = self.schema(value, p)
            elif key == "items" and isinstance(value, list):
                self.warn(p, "tuple items have no OpenAPI 3.0 equivalent; the first schema is used")
                out[key] = self.schema(value[0], (*p, 0)) if value else {}
            elif key in ("allOf", "anyOf", "oneOf") and isinstance(value, list):
                out[key] = [self.schema(v, (*p, i)) for i, v in enumerate(value)]
            elif key == "x-nullable":
                if value is True:
                    out["nullable"] = True
            elif key == "discriminator" and isinstance(value, str):
                out[key] = {"propertyName": value}
            elif key == "type" and value == "file":
                out.update(type="string", format="binary")
            else:
                out[key] = copy.deepcopy(value)
        if s.get("type") == "file":
            out["format"] = "binary"
        if "$ref" in out and out.get("nullable") is True:  # 3.0 ignores a $ref's siblings
            out = {"allOf": [{"$ref": out.pop("$ref")}], **out}
        return out

    def ref(self, ref: str, ptr: Pointer) -> str:
        """``#/definitions/X`` -> ``#/components/schemas/X`` (and parameters, responses)."""
        doc, hashed, fragment = ref.partition("#")
        tokens = fragment.split("/")
        if not hashed or len(tokens) < 3 or tokens[0] or tokens[1] not in _COMPONENTS:
            self.warn(
                ptr, f"reference {ref!r} is not to definitions, parameters or responses; kept as is"
            )
            return ref
        kind, name = tokens[1], _unescape(tokens[2])
        if doc:
            self.warn(ptr, f"reference to another file {ref!r}: that file must be converted too")
        elif name in self.names[kind]:
            tokens[2] = self.names[kind][name].replace("~", "~0").replace("/", "~1")
        else:
            self.warn(ptr, f"reference {ref!r} points at nothing in {kind}", "error")
        return f"{doc}#/components/{_COMPONENTS[kind]}/{'/'.join(tokens[2:])}"
