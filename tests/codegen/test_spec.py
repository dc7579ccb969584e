"""The spec layer every reader uses: pointers and $ref, the operation walker, the safe loader."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from imagejobs.codegen.spec.load import MAX_DEPTH, LoadError, parse_document
from imagejobs.codegen.spec.pointer import RefError, deref, inline, parse_ref, refs, resolve, to_str
from imagejobs.codegen.spec.walk import operations

DOC: dict[str, Any] = {
    "paths": {
        "/a/{id}": {"get": {"operationId": "getA"}, "query": {"operationId": "searchA"}},
        "/b": {"$ref": "#/components/pathItems/B"},
        "/c": {"$ref": "#/components/pathItems/Missing"},
    },
    "components": {
        "pathItems": {"B": {"post": {"operationId": "postB"}}},
        "schemas": {
            "Node": {
                "type": "object",
                "properties": {"next": {"$ref": "#/components/schemas/Node"}},
            },
            "Alias": {"$ref": "#/components/schemas/Node"},
            "Loop1": {"$ref": "#/components/schemas/Loop2"},
            "Loop2": {"$ref": "#/components/schemas/Loop1"},
            "a/b~c": {"type": "string"},
        },
    },
}


def test_pointer_round_trip_escapes_slash_and_tilde() -> None:
    ptr = ("components", "schemas", "a/b~c")
    assert to_str(ptr) == "/components/schemas/a~1b~0c"
    assert parse_ref("#" + to_str(ptr)) == ptr
    assert resolve(DOC, ptr) == {"type": "string"}


@pytest.mark.parametrize(
    ("ref", "kind"),
    [
        ("https://evil.example/spec.yaml#/x", "external"),
        ("file:///etc/passwd", "external"),
        ("../outside.yaml#/components/schemas/X", "external"),
        ("#/components/schemas/Nope", "dangling"),
        ("#/components/schemas/Loop1", "cycle"),
    ],
)
def test_deref_refuses_what_it_cannot_follow(ref: str, kind: str) -> None:
    with pytest.raises(RefError) as caught:
        deref(DOC, {"$ref": ref}, ("here",))
    assert caught.value.kind == kind
    assert repr(ref) in str(caught.value)
    # where the chain started, or for a cycle where it closes
    assert (" at /components/schemas/Loop2 " if kind == "cycle" else " at /here ") in str(
        caught.value
    )


def test_deref_follows_a_chain_to_where_the_node_is_written() -> None:
    node, ptr = deref(DOC, {"$ref": "#/components/schemas/Alias"})
    assert ptr == ("components", "schemas", "Node")
    assert node["type"] == "object"


def test_inline_stops_at_recursion_and_keeps_siblings() -> None:
    out = inline(DOC, {"$ref": "#/components/schemas/Node", "description": "mine"})
    assert out["description"] == "mine"
    assert out["properties"]["next"] == {}  # a recursive schema: accept anything, finite
    assert json.dumps(out)  # no cycle left


def test_refs_lists_every_reference_with_its_place() -> None:
    found = dict(refs(DOC))
    assert found[("paths", "/b")] == "#/components/pathItems/B"
    assert len(found) == 6


def test_walker_sees_every_method_and_path_item_refs() -> None:
    ops = [(op.label, op.operation_id, op.pointer, op.generated) for op in operations(DOC)]
    assert ops == [
        ("GET /a/{id}", "getA", ("paths", "/a/{id}", "get"), True),
        ("QUERY /a/{id}", "searchA", ("paths", "/a/{id}", "query"), False),
        ("POST /b", "postB", ("components", "pathItems", "B", "post"), True),
    ]


# --- the loader ---------------------------------------------------------------------------------


def _load(text: str, name: str = "x.yaml") -> Any:
    return parse_document(text, name, as_json=name.endswith(".json"))


def test_lines_point_at_each_key_in_yaml_and_json() -> None:
    yaml_doc = _load("openapi: 3.1.0\npaths:\n  /a:\n    get:\n      operationId: a\n")
    assert yaml_doc.lines[("paths", "/a", "get", "operationId")] == 5
    json_doc = _load(
        '{\n  "openapi": "3.1.0",\n  "paths": {\n    "/a": {\n      "get": {}\n    }\n  }\n}\n',
        "x.json",
    )
    assert json_doc.lines[("paths", "/a", "get")] == 5


def test_yaml_dates_stay_strings() -> None:
    assert _load("info:\n  version: 2024-06-01\n").data == {"info": {"version": "2024-06-01"}}


def test_yaml_is_read_with_the_yaml_1_2_core_schema() -> None:
    """`no` is Norwegian, `16:9` an aspect ratio, `012` twelve: not YAML 1.1's false, 969, 10."""
    text = "a: [no, yes, on, off, n, y]\nb: 16:9\nc: 012\nd: 0o17\ne: 0x1F\nf: 1_000\ng: [true, False, NULL, ~]\nh:\ni: 1.5e3\n"
    assert _load(text).data == {
        "a": ["no", "yes", "on", "off", "n", "y"], "b": "16:9", "c": 12, "d": 15, "e": 31,
        "f": "1_000", "g": [True, False, None, None], "h": None, "i": 1500.0,
    }  # fmt: skip
    assert _load("no: 1\n").data == {"no": 1}


def test_a_byte_order_mark_is_ignored(tmp_path: Path) -> None:
    from imagejobs.codegen.spec.load import read_document

    (tmp_path / "bom.json").write_bytes(b'\xef\xbb\xbf{"openapi": "3.1.0",\n "x": 1}')
    (tmp_path / "bom.yaml").write_bytes(b"\xef\xbb\xbfopenapi: 3.1.0\nx: 1\n")
    for name in ("bom.json", "bom.yaml"):
        document = read_document(tmp_path, name)
        assert document.data == {"openapi": "3.1.0", "x": 1}
        assert document.lines[("x",)] == 2


def test_surrogate_pairs_are_text() -> None:
    assert _load('{"a": "\\ud83d\\ude00"}', "x.json").data == {"a": "\U0001f600"}


def test_duplicate_keys_are_reported_with_their_line() -> None:
    assert _load("a: 1\nb:\n  c: 1\n  c: 2\n").duplicates == [(("b", "c"), 4)]
    assert _load('{"a": 1,\n "a": 2}', "x.json").duplicates == [(("a",), 2)]


BILLION_LAUGHS = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("x.yaml", "a: !!python/object/apply:os.system ['true']\n", "x.yaml:1: YAML tag refused"),
        ("x.yaml", BILLION_LAUGHS, "expand to more than"),
        ("x.yaml", "[" * 100_000, f"nesting is deeper than {MAX_DEPTH} levels"),
        ("x.json", "[" * 100_000 + "]" * 100_000, f"nesting is deeper than {MAX_DEPTH} levels"),
        ("x.json", '{"maximum": 1e400}', "x.json:1: number 1e400 is out of range"),
        ("x.json", '{"a": NaN}', "NaN is not a JSON number"),
        ("x.json", '{"a": ' + "9" * 5000 + "}", "an integer of 5,000 digits; the limit is 4,300"),
        ("x.yaml", "1: one\n", "key 1 is a int; OpenAPI keys are strings"),
        ("x.yaml", "a: [1,\n", "x.yaml:2: YAML syntax error"),
        (
            "x.yaml",
            "a:\n  b: &x\n    c: [*x]\n",
            "x.yaml:3: a YAML alias here refers to a node that contains it",
        ),
        (
            "x.yaml",
            "a: &x [1, [2, *x]]\n",
            "x.yaml:1: a YAML alias here refers to a node that contains it",
        ),
        ("x.yaml", 'a: "x\\ud800"\n', "x.yaml:1: YAML syntax error: found invalid Unicode"),
        ("x.json", '{"a": 1,\n "b": ["\\ud800"]}', "x.json:2: text holds a lone surrogate (U+D800"),
        ("x.json", '{"a": 1,\n "\\udc00": 2}', "x.json:1: text holds a lone surrogate (U+DC00"),
    ],
)
def test_loader_refuses_hostile_documents_clearly(name: str, text: str, message: str) -> None:
    with pytest.raises(LoadError) as caught:
        _load(text, name)
    assert message in str(caught.value)


def test_loader_refuses_non_utf8_and_huge_files(tmp_path: Path) -> None:
    from imagejobs.codegen.spec.load import read_document

    (tmp_path / "latin1.yaml").write_bytes(b"title: caf\xe9\n")
    with pytest.raises(LoadError, match="not UTF-8"):
        read_document(tmp_path, "latin1.yaml")
    with (tmp_path / "big.yaml").open("wb") as big:
        big.truncate(33 * 1024 * 1024)
    with pytest.raises(LoadError, match="the limit is"):
        read_document(tmp_path, "big.yaml")
