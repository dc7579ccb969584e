"""The named rewrites of imagejobs.codegen.normalize: exact before/after, idempotent, and silent
on our own three specs."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from imagejobs.codegen.normalize import (
    DEFAULT_ENABLED,
    REWRITES,
    normalize,
)

ROOT = Path(__file__).resolve().parents[2]
OK = {"200": {"description": "ok"}}


def _doc(paths: dict[str, Any], components: dict[str, Any] | None = None) -> dict[str, Any]:
    doc: dict[str, Any] = {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}}
    doc["paths"] = paths
    if components is not None:
        doc["components"] = components
    return doc


def _apply(name: str, doc: dict[str, Any]) -> list[tuple[str | int, ...]]:
    touched = normalize(doc, [name])[name]
    again = copy.deepcopy(doc)
    assert normalize(again, [name]) == {name: []}, f"{name} is not idempotent"
    assert again == doc
    return touched


# --- one fixture per rewrite --------------------------------------------------------------------


def test_example_object_keys_renamed() -> None:
    media = {
        "schema": {"type": "object", "examples": [{"title": "a schema example stays"}]},
        "examples": {
            "pending": {"title": "Pending", "summary": "s", "value": {"title": "data stays"}},
            "ref": {"$ref": "#/components/examples/done"},
        },
    }
    doc = _doc(
        {
            "/t": {
                "get": {"responses": {"200": {"description": "ok", "content": {"a/json": media}}}}
            }
        },
        {"examples": {"done": {"value": 1, "title": "Done", "x-title": "kept"}}},
    )
    assert _apply("example-object-keys", doc) == [
        ("components", "examples", "done", "title"),
        (
            "paths",
            "/t",
            "get",
            "responses",
            "200",
            "content",
            "a/json",
            "examples",
            "pending",
            "title",
        ),
    ]
    assert doc["components"]["examples"]["done"] == {"value": 1, "x-title": "kept"}
    assert media["examples"] == {
        "pending": {"summary": "s", "value": {"title": "data stays"}, "x-title": "Pending"},
        "ref": {"$ref": "#/components/examples/done"},
    }
    assert media["schema"] == {"type": "object", "examples": [{"title": "a schema example stays"}]}


def test_const_parameters_become_defaults() -> None:
    version = {"name": "X-Version", "in": "header", "required": True}
    version["schema"] = {"const": "2024-11-06", "type": "string"}
    one = {"name": "fmt", "in": "query", "required": True}
    one["schema"] = {"$ref": "#/components/schemas/Fmt"}
    optional_const = {"name": "beta", "in": "header", "schema": {"const": True}}
    optional_one = {"name": "source", "in": "query", "schema": {"enum": ["web"]}}
    two = {"name": "mode", "in": "query", "required": True, "schema": {"enum": ["a", "b"]}}
    params = [{"$ref": "#/components/parameters/V"}, one, optional_const, optional_one, two]
    doc = _doc(
        {"/t": {"get": {"parameters": params}}},
        {"parameters": {"V": version}, "schemas": {"Fmt": {"enum": [2]}}},
    )
    assert _apply("const-parameters", doc) == [
        ("components", "parameters", "V", "schema"),
        ("paths", "/t", "get", "parameters", 1, "schema"),
        ("paths", "/t", "get", "parameters", 2, "schema"),
    ]
    assert version["schema"] == {"type": "string", "default": "2024-11-06"}
    assert one["schema"] == {"type": "integer", "default": 2}
    assert doc["components"]["schemas"]["Fmt"] == {"enum": [2]}  # shared: left as it is
    # Optional: sending the value unasked would change the call, so it stays optional.
    assert optional_const["schema"] == {"type": "boolean", "enum": [True]}
    assert optional_one["schema"] == {"enum": ["web"]}
    assert two["schema"] == {"enum": ["a", "b"]}


def test_nullable_path_parameters_lose_null() -> None:
    path = {"name": "mode", "in": "path", "required": True}
    path["schema"] = {"$ref": "#/components/schemas/NullableMode"}
    listed = {"name": "id", "in": "path", "required": True, "schema": {"type": ["string", "null"]}}
    query = {"name": "q", "in": "query", "schema": {"type": ["string", "null"]}}
    nullable_mode = {"anyOf": [{"$ref": "#/components/schemas/Mode"}, {"type": "null"}]}
    doc = _doc(
        {"/a/{mode}/{id}": {"get": {"parameters": [path, listed, query], "responses": OK}}},
        {"schemas": {"Mode": {"enum": ["x"]}, "NullableMode": nullable_mode}},
    )
    assert _apply("nullable-path-parameters", doc) == [
        ("paths", "/a/{mode}/{id}", "get", "parameters", 0, "schema"),
        ("paths", "/a/{mode}/{id}", "get", "parameters", 1, "schema"),
    ]
    assert path["schema"] == {"allOf": [{"$ref": "#/components/schemas/Mode"}]}
    assert listed["schema"] == {"type": "string"}
    assert query["schema"] == {"type": ["string", "null"]}
    assert doc["components"]["schemas"]["NullableMode"] == {
        "anyOf": [{"$ref": "#/components/schemas/Mode"}, {"type": "null"}]
    }


def test_nested_schema_refs_inlined() -> None:
    tree: dict[str, Any] = {
        "type": "object",
        "properties": {
            "align": {"type": "string", "enum": ["center", "split"]},
            "child": {"$ref": "#/components/schemas/Tree/properties/child"},  # recursive
        },
    }
    body = {"$ref": "#/components/schemas/Tree/properties/align", "description": "d"}
    whole = {"$ref": "#/components/schemas/Tree"}
    doc = _doc(
        {
            "/b": {
                "post": {"requestBody": {"content": {"a/json": {"schema": body}}}, "responses": OK}
            }
        },
        {"schemas": {"Tree": tree, "Whole": whole}},
    )
    assert _apply("nested-schema-refs", doc) == [
        ("paths", "/b", "post", "requestBody", "content", "a/json", "schema")
    ]
    assert body == {"type": "string", "enum": ["center", "split"], "description": "d"}
    assert whole == {"$ref": "#/components/schemas/Tree"}
    # A ref that leads only to itself has nothing to inline; the walk ends.
    assert tree["properties"]["child"] == {"$ref": "#/components/schemas/Tree/properties/child"}


def test_inline_enum_names_made_distinct() -> None:
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            "thing": {"type": "object", "properties": {"kind": {"enum": ["a", "b"]}}},
            "thing_kind": {"type": "string", "enum": ["x", "y"]},
            "ThingKind": {"enum": ["a", "b"]},  # same values: opc reuses the class
        },
    }
    doc = _doc({}, {"schemas": {"Obj": schema}})
    assert _apply("inline-enum-names", doc) == [
        ("components", "schemas", "Obj", "properties", "thing_kind", "title")
    ]
    assert schema["properties"]["thing_kind"] == {
        "type": "string",
        "enum": ["x", "y"],
        "title": "thing_kind 2",
    }
    assert schema["properties"]["ThingKind"] == {"enum": ["a", "b"]}


# --- the registry -------------------------------------------------------------------------------


def test_registry_shape() -> None:
    assert set(DEFAULT_ENABLED) <= set(REWRITES)
    for name, rewrite in REWRITES.items():
        assert rewrite.name == name
        assert re.fullmatch(r"[a-z][a-z0-9]*(-[a-z0-9]+)*", name)
        assert rewrite.summary
        assert "\n" not in rewrite.summary


def test_unknown_name_is_named() -> None:
    with pytest.raises(ValueError, match="'no-such-rewrite'"):
        normalize({}, ["const-parameters", "no-such-rewrite"])


def test_order_is_the_registry_order() -> None:
    assert list(normalize(_doc({}), reversed(list(REWRITES)))) == list(REWRITES)


def test_empty_and_odd_documents_do_not_crash() -> None:
    odd: list[dict[str, Any]] = [
        {},
        {"paths": None},
        {"paths": {"/a": None, "/b": {"get": "x"}}},
        {"components": []},
    ]
    for doc in odd:
        touched = normalize(doc, DEFAULT_ENABLED)
        # A document without `info` gets one (openapi-python-client needs a title and version).
        assert touched.pop("info-fields") == [("info",), ("info", "title"), ("info", "version")]
        assert touched == {name: [] for name in DEFAULT_ENABLED if name != "info-fields"}


def _our_specs() -> list[tuple[str, dict[str, Any]]]:
    """Our specs as written and as generated from (generated/*/openapi.json has overlays applied)."""
    out: list[tuple[str, dict[str, Any]]] = []
    for rel in ("specs/useapi.yaml", "specs/jobs_api.yaml", "specs/topaz.json"):
        out.append((rel, yaml.safe_load((ROOT / rel).read_text(encoding="utf-8"))))
    # Only the packages of these three: the vendor files' (OpenAI, Runway...) need rewrites.
    for name in ("jobs_api", "topaz", "useapi"):
        path = ROOT / "generated" / f"imagejobs_gen_{name}" / "openapi.json"
        out.append(
            (path.relative_to(ROOT).as_posix(), json.loads(path.read_text(encoding="utf-8")))
        )
    assert len(out) == 6
    return out


@pytest.mark.parametrize("name", DEFAULT_ENABLED)
def test_default_rewrites_leave_our_specs_alone(name: str) -> None:
    for rel, doc in _our_specs():
        before = copy.deepcopy(doc)
        assert normalize(doc, [name]) == {name: []}, rel
        assert doc == before, rel


@pytest.mark.parametrize(
    ("corpus", "expected"),
    [
        ("stability_v1", {"distinct-titles": 1}),  # TextPromptsForTextToImage, titled TextPrompts
        ("runway", {"example-object-keys": 12, "const-parameters": 1}),
    ],
)
def test_corpus_counts(corpus: str, expected: dict[str, int]) -> None:
    doc = json.loads((ROOT / f"tests/codegen/corpus/{corpus}.json").read_text(encoding="utf-8"))
    counts = {name: len(ptrs) for name, ptrs in normalize(doc, DEFAULT_ENABLED).items() if ptrs}
    assert counts == expected
    assert all(not ptrs for ptrs in normalize(doc, DEFAULT_ENABLED).values())


def test_dotted_schema_names_are_renamed_with_their_references() -> None:
    """`issuing.card` stops the models generator ("Modular references require an output directory")."""
    from imagejobs.codegen.sanitize import sanitize
    from imagejobs.codegen.spec.document import LoadedSpec

    doc: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/cards": {"get": {"responses": {"200": {"description": "ok", "content": {
            "application/json": {"schema": {"$ref": "#/components/schemas/issuing.card"}}}}}}}},
        "components": {"schemas": {
            "issuing.card": {"type": "object", "properties": {
                "holder": {"$ref": "#/components/schemas/issuing.cardholder"}}},
            "issuing.cardholder": {"type": "object"},
            "Pet": {"oneOf": [{"$ref": "#/components/schemas/issuing.card"}],
                    "discriminator": {"propertyName": "t", "mapping": {
                        "card": "#/components/schemas/issuing.card", "holder": "issuing.cardholder"}}},
        }},
    }  # fmt: skip
    spec = LoadedSpec("x", "specs/x.yaml", doc, {(): 1}, vendor=True)
    findings = [str(f) for f in sanitize(spec)]
    schemas = doc["components"]["schemas"]
    assert list(schemas) == ["issuing_card", "issuing_cardholder", "Pet"]
    assert (
        schemas["issuing_card"]["properties"]["holder"]["$ref"]
        == "#/components/schemas/issuing_cardholder"
    )
    assert schemas["Pet"]["discriminator"]["mapping"] == {
        "card": "#/components/schemas/issuing_card", "holder": "issuing_cardholder"}  # fmt: skip
    assert any(
        "schema 'issuing.card' a dot in a schema name" in f and "'issuing_card'" in f
        for f in findings
    )
