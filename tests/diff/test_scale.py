"""Big specs: each component schema is compared once, and deep reference chains are followed.

A payments spec's expandable objects reference each other in long chains and cycles; the diff
used to compare every schema again for every operation, status and path that reached it (three
million schema views for two 4 MB files), and a chain deeper than the interpreter's recursion
limit ended in RecursionError. The results must still name every operation a change reaches.
"""

from __future__ import annotations

import copy
from typing import Any

from imagejobs.codegen.diff import diff_specs


def _spec(schemas: dict[str, Any], roots: dict[str, str]) -> dict[str, Any]:
    paths = {
        f"/{path}": {
            "get": {
                "operationId": f"get_{path}",
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{root}"}}},
                    }
                },
            }
        }
        for path, root in roots.items()
    }  # fmt: skip
    return {"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": paths,
            "components": {"schemas": schemas}}  # fmt: skip


def _node(next_name: str | None) -> dict[str, Any]:
    props: dict[str, Any] = {"id": {"type": "string"}}
    if next_name:
        # Nullable, the 3.1 way: `anyOf: [X, null]` is read as X (a real union is compared by
        # its branch types only, see docs/diff-rules.md).
        props["next"] = {"anyOf": [{"$ref": f"#/components/schemas/{next_name}"}, {"type": "null"}]}
    return {"type": "object", "properties": props}


def test_a_chain_deeper_than_the_recursion_limit_is_followed() -> None:
    n = 3000
    schemas = {f"S{i}": _node(f"S{i + 1}" if i + 1 < n else None) for i in range(n)}
    old = _spec(schemas, {"a": "S0", "b": "S1500"})
    new = copy.deepcopy(old)
    new["components"]["schemas"][f"S{n - 1}"]["properties"]["id"]["maxLength"] = 5
    report = diff_specs(old, new)
    # Reached from both operations, through 3,000 and 1,500 schemas: one change per place.
    assert sorted((c.path, c.method, c.pointer) for c in report.changes) == [
        ("/a", "GET", f"#/components/schemas/S{n - 1}/properties/id"),
        ("/b", "GET", f"#/components/schemas/S{n - 1}/properties/id"),
    ]


def test_every_operation_reaching_a_change_through_a_cycle_is_named() -> None:
    schemas = {
        "A": {"type": "object", "properties": {"b": {"$ref": "#/components/schemas/B"}}},
        "B": {"type": "object", "properties": {"a": {"$ref": "#/components/schemas/A"},
                                               "c": {"$ref": "#/components/schemas/C"}}},
        "C": {"type": "object", "properties": {"status": {"type": "string", "enum": ["x"]}}},
        "D": {"type": "object", "properties": {"id": {"type": "string"}}},
    }  # fmt: skip
    old = _spec(schemas, {"a": "A", "b": "B", "c": "C", "d": "D"})
    new = copy.deepcopy(old)
    new["components"]["schemas"]["C"]["properties"]["status"]["enum"].append("y")
    report = diff_specs(old, new)
    assert sorted((c.rule, c.path) for c in report.changes) == [
        ("response-property-enum-value-added", "/a"),
        ("response-property-enum-value-added", "/b"),
        ("response-property-enum-value-added", "/c"),
    ]
    # The same comparison, twice over, gives the same report (nothing is remembered wrongly).
    again = diff_specs(new, old)
    assert sorted(c.path for c in again.changes) == ["/a", "/b", "/c"]
