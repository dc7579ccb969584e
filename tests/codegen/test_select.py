"""``select:`` in a codegen.yaml entry: only the chosen operations and what they reach.

The unit tests pin the matching (operationId, ``METHOD /path``, tag, path pattern, their union)
and the pruning (every ``$ref`` followed transitively, discriminator mappings, path-item refs,
refs into operations left out); the slow ones run the build script the README way, on Replicate
and on OpenAI's 288-operation file with the entry the facade uses.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from imagejobs.codegen.config import Select
from imagejobs.codegen.problems import Finding, Level
from imagejobs.codegen.selection import kept_pointer, match, prune, relevant
from imagejobs.codegen.spec.walk import operations

from .conftest import Built, copy_repo, run_main, run_script
from .repo_copy import drop_entries

CORPUS = Path(__file__).parent / "corpus"


def _op(op_id: str, *refs: str, tags: tuple[str, ...] = ()) -> dict[str, Any]:
    responses = {
        str(200 + i): {
            "description": "ok",
            "content": {"application/json": {"schema": {"$ref": r}}},
        }
        for i, r in enumerate(refs)
    }
    return {"operationId": op_id, "tags": list(tags), "responses": responses or {"204": {"description": "no"}}}  # fmt: skip


def _doc() -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "t", "version": "1"},
        "security": [{"key": []}],
        "paths": {
            "/batches": {
                "get": _op("listBatches", "#/components/schemas/BatchList", tags=("Batch",)),
                "post": _op("createBatch", "#/components/schemas/Batch", tags=("Batch",)),
            },
            "/batches/{id}": {
                "parameters": [{"$ref": "#/components/parameters/Id"}],
                "get": _op("retrieveBatch", "#/components/schemas/Batch", tags=("Batch",)),
            },
            "/batches/{id}/cancel": {
                "post": _op("cancelBatch", "#/components/responses/Cancelled/content/application~1json/schema", tags=("Batch",)),
            },
            "/files": {"$ref": "#/components/pathItems/Files"},
            "/pets": {"get": _op("listPets", "#/components/schemas/Pet", tags=("Pets",))},
            "/echo": {
                "post": {
                    "operationId": "echo",
                    "responses": {"200": {"$ref": "#/paths/~1pets/get/responses/200"}},
                }
            },
        },
        "webhooks": {"batchDone": {"post": _op("batchDone", "#/components/schemas/Unused")}},
        "components": {
            "schemas": {
                "Batch": {"type": "object", "properties": {"status": {"$ref": "#/components/schemas/Status"}, "parent": {"$ref": "#/components/schemas/Batch"}}},
                "BatchList": {"type": "array", "items": {"$ref": "#/components/schemas/Batch"}},
                "Status": {"type": "string", "enum": ["queued", "done"]},
                "Pet": {"oneOf": [{"$ref": "#/components/schemas/Cat"}], "discriminator": {"propertyName": "kind", "mapping": {"cat": "#/components/schemas/Cat", "dog": "Dog"}}},
                "Cat": {"type": "object"},
                "Dog": {"type": "object", "properties": {"files": {"type": "string"}}},
                "File": {"type": "object"},
                "Unused": {"type": "object", "properties": {"x": {"$ref": "#/components/schemas/Status"}}},
            },
            "parameters": {"Id": {"name": "id", "in": "path", "required": True, "schema": {"type": "string"}}, "Other": {"name": "o", "in": "query"}},
            "responses": {"Cancelled": {"description": "c", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Batch"}}}}},
            "pathItems": {"Files": {"get": _op("listFiles", "#/components/schemas/File", tags=("Files",)), "delete": _op("deleteFiles")}},
            "securitySchemes": {"key": {"type": "apiKey", "in": "header", "name": "X-Key"}, "other": {"type": "http", "scheme": "basic"}},
        },
    }  # fmt: skip


def _match(doc: dict[str, Any], **select: list[str]) -> tuple[set[tuple[str, str]], list[str]]:
    lines = {("operations", 0): 11, ("operations", 1): 12, ("tags", 0): 13, ("paths", 0): 14}
    picked = match(
        doc,
        Select(**select),
        config_file="specs/codegen.yaml",
        line_of=lambda loc: lines.get(loc, 10),
        prefix="specs.demo.select",
        spec_path="specs/demo.yaml",
    )
    assert picked.total == 8
    return picked.kept, [str(f) for f in picked.errors]


def test_operation_ids_and_method_path() -> None:
    kept, errors = _match(_doc(), operations=["createBatch", "get /batches/{id}"])
    assert kept == {("/batches", "post"), ("/batches/{id}", "get")}
    assert errors == []


def test_tags_and_path_patterns_and_their_union() -> None:
    assert _match(_doc(), tags=["Pets"])[0] == {("/pets", "get")}
    # fnmatch: * crosses slashes; a method in front narrows it.
    assert _match(_doc(), paths=["/batches*"])[0] == {
        ("/batches", "get"), ("/batches", "post"), ("/batches/{id}", "get"), ("/batches/{id}/cancel", "post"),
    }  # fmt: skip
    assert _match(_doc(), paths=["POST /batches*"])[0] == {
        ("/batches", "post"),
        ("/batches/{id}/cancel", "post"),
    }
    # A path item given as a $ref counts as its operations.
    assert _match(_doc(), tags=["Files"], operations=["listPets"])[0] == {
        ("/files", "get"),
        ("/pets", "get"),
    }


def test_a_selector_matching_nothing_is_an_error_at_its_line() -> None:
    _, errors = _match(_doc(), operations=["createBatch", "retrieveBatches"], tags=["Nope"])
    assert errors == [
        "specs/codegen.yaml:12: specs.demo.select.operations[1]: 'retrieveBatches' matches no"
        " operation of specs/demo.yaml; did you mean 'retrieveBatch' or 'createBatch' or 'listBatches'?",
        "specs/codegen.yaml:13: specs.demo.select.tags[0]: 'Nope' matches no operation of specs/demo.yaml",
    ]
    _, errors = _match(_doc(), paths=["/v1/pets/v2/cats"], operations=["DELETE /batches"])
    assert errors == [
        "specs/codegen.yaml:11: specs.demo.select.operations[0]: 'DELETE /batches' matches no"
        " operation of specs/demo.yaml; did you mean 'GET /batches' or 'POST /batches' or 'DELETE /files'?",
        "specs/codegen.yaml:14: specs.demo.select.paths[0]: '/v1/pets/v2/cats' matches no operation"
        " of specs/demo.yaml (a path pattern matches the whole path: add * to match below it)",
    ]


def test_select_needs_a_selector_and_plain_text() -> None:
    with pytest.raises(ValueError, match="at least one of operations, tags or paths"):
        Select()
    with pytest.raises(ValueError, match="control characters"):
        Select(tags=["a\x1b[2Jb"])
    with pytest.raises(ValueError, match="Extra inputs"):
        Select.model_validate({"operation": ["x"]})


def test_prune_keeps_what_the_selected_operations_reach() -> None:
    doc = _doc()
    before = json.dumps(doc, sort_keys=True)
    kept = {("/batches/{id}", "get"), ("/batches/{id}/cancel", "post")}
    out = prune(doc, kept)
    assert json.dumps(doc, sort_keys=True) == before, "the effective spec is never changed"
    assert list(out["paths"]) == ["/batches/{id}", "/batches/{id}/cancel"]
    # Transitively: Batch -> Status and Batch itself (a cycle), through a response component
    # reached by a pointer into it; the path item's own parameters too.
    assert set(out["components"]["schemas"]) == {"Batch", "Status"}
    assert set(out["components"]["parameters"]) == {"Id"}
    assert set(out["components"]["responses"]) == {"Cancelled"}
    assert "webhooks" not in out
    assert "pathItems" not in out["components"]
    # Security schemes are referenced by name, not $ref: all are kept.
    assert set(out["components"]["securitySchemes"]) == {"key", "other"}
    assert out["security"] == [{"key": []}]
    assert sum(1 for _ in operations(out)) == 2
    out["components"]["schemas"]["Batch"]["type"] = "changed"
    assert doc["components"]["schemas"]["Batch"]["type"] == "object", "shares nothing"


def test_prune_follows_discriminator_mappings_and_path_item_refs() -> None:
    out = prune(_doc(), {("/pets", "get"), ("/files", "get")})
    assert set(out["components"]["schemas"]) == {"Pet", "Cat", "Dog", "File"}
    # Only the selected method of a $ref'd path item is generated.
    assert set(out["paths"]["/files"]) == {"get"}


def test_a_ref_into_an_operation_left_out_is_inlined() -> None:
    out = prune(_doc(), {("/echo", "post")})
    response = out["paths"]["/echo"]["post"]["responses"]["200"]
    assert "$ref" not in response
    assert response["content"]["application/json"]["schema"]["oneOf"] == [{"type": "object"}]
    assert list(out["paths"]) == ["/echo"]


def test_findings_about_parts_left_out_are_dropped_unless_about_safety() -> None:
    out = prune(_doc(), {("/pets", "get")})

    def finding(pointer: str, rule: str = "lint", level: Level = Level.WARNING) -> Finding:
        return Finding("specs/demo.yaml", 3, "m", level, pointer, rule)

    findings = [
        finding("/components/schemas/Dog/properties/files", "reserved-names", Level.ERROR),
        finding("/components/schemas/Unused/properties/x", "reserved-names", Level.ERROR),
        finding("/paths/~1batches/get/summary"),
        finding("/paths/~1pets/get/summary"),
        finding(
            "/paths/~1pets/get/removed-key"
        ),  # a key a rewrite removed: judged by its operation
        finding("/webhooks/batchDone/post", "ref-local", Level.ERROR),
        finding(""),
        Finding("specs/overlays/demo.yaml", 3, "m", Level.WARNING, "/paths/~1x", "overlay"),
    ]
    assert [f.pointer for f in relevant(findings, out, "specs/demo.yaml")] == [
        "/components/schemas/Dog/properties/files",
        "/paths/~1pets/get/summary",
        "/paths/~1pets/get/removed-key",
        "/webhooks/batchDone/post",
        "",
        "/paths/~1x",
    ]
    assert kept_pointer(out, "/info/title")
    assert not kept_pointer(out, "/paths/~1batches")


# --- the build script, the README way -----------------------------------------------------------


def _add_entry(root: Path, name: str, filename: str, select: str) -> None:
    drop_entries(root, name)  # the committed entry (and description) of this spec, if any
    shutil.copyfile(CORPUS / filename, root / "specs" / filename)
    with (root / "specs/codegen.yaml").open("a", encoding="utf-8") as config:
        config.write(
            f"  {name}:\n    spec: specs/{filename}\n    vendor: true\n    select:\n{select}"
        )


@pytest.mark.slow
def test_selected_operations_only_are_generated(built: Built, tmp_path: Path) -> None:
    root = copy_repo(tmp_path / "repo", source=built.root)
    _add_entry(
        root,
        "replicate",
        "replicate.json",
        '      operations: [predictions.cancel, "GET /predictions/{prediction_id}"]\n'
        '      paths: ["/trainings/*"]\n',
    )
    run = run_script(root)
    assert run.code == 0, run.stderr[-3000:]
    assert (
        "valid: specs/replicate.json (4 generated; 4 of 37 operations selected, 33 left out by"
        " choice) -> generated generated/imagejobs_gen_replicate"
    ) in run.stdout
    package = root / "generated/imagejobs_gen_replicate"
    modules = sorted(p.stem for p in (package / "api").rglob("*.py") if p.stem != "__init__")
    assert modules == ["predictions_cancel", "predictions_get", "trainings_cancel", "trainings_get"]
    # The effective spec (what diff and update compare) is the whole file.
    effective = json.loads((package / "openapi.json").read_text(encoding="utf-8"))
    assert sum(1 for _ in operations(effective)) == 37
    # No finding about an operation that was left out (e.g. the QUERY /models set aside).
    assert "QUERY /models" not in run.stderr
    assert "/paths/~1models" not in run.stderr
    manifest = json.loads((root / "generated/MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["specs"]["replicate"]["operations_generated"] == 4
    # The manifest answers --check, and a changed selection regenerates.
    assert run_script(root, "--check").code == 0
    config = (root / "specs/codegen.yaml").read_text(encoding="utf-8")
    (root / "specs/codegen.yaml").write_text(
        config.replace('      paths: ["/trainings/*"]\n', ""), encoding="utf-8"
    )
    assert run_script(root, "--check").code == 6


@pytest.mark.slow
def test_changes_outside_the_selection_are_reported_without_symbols(
    built: Built, tmp_path: Path
) -> None:
    root = copy_repo(tmp_path / "repo", source=built.root)
    _add_entry(root, "replicate", "replicate.json", '      paths: ["/trainings/*"]\n')
    assert run_script(root).code == 0
    spec = root / "specs/replicate.json"
    doc = json.loads(spec.read_text(encoding="utf-8"))
    del doc["paths"]["/account"]  # left out by choice
    del doc["paths"]["/trainings/{training_id}/cancel"]  # selected
    spec.write_text(json.dumps(doc), encoding="utf-8")
    run = run_script(root)
    assert run.code == 0, run.stderr[-2000:]
    lines = run.stdout.splitlines()
    account = next(line for line in lines if "operation removed (GET /account" in line)
    assert "->" not in account  # the diff still sees it, but no generated symbol exists
    cancel = next(
        line for line in lines if "operation removed (POST /trainings/{training_id}/cancel" in line
    )
    assert cancel.endswith("-> imagejobs_gen_replicate.api.default.trainings_cancel")


@pytest.mark.slow
def test_a_selector_matching_nothing_fails_the_build_naming_its_line(
    built: Built, tmp_path: Path
) -> None:
    root = copy_repo(tmp_path / "repo", source=built.root)
    before = sorted(p.name for p in (root / "generated").iterdir())
    _add_entry(
        root,
        "replicate",
        "replicate.json",
        "      tags: [jobs]\n      operations: [predictions.cancle]\n",
    )
    lines = (root / "specs/codegen.yaml").read_text(encoding="utf-8").splitlines()
    tag_line = 1 + next(i for i, line in enumerate(lines) if "tags: [jobs]" in line)
    run = run_main(root)
    assert run.code == 5
    assert (
        f"specs/codegen.yaml:{tag_line}: specs.replicate.select.tags[0]: 'jobs' matches no operation of specs/replicate.json"
        in run.stderr
    )
    assert (
        f"specs/codegen.yaml:{tag_line + 1}: specs.replicate.select.operations[0]: 'predictions.cancle'"
        " matches no operation of specs/replicate.json; did you mean 'predictions.cancel'"
    ) in run.stderr
    assert sorted(p.name for p in (root / "generated").iterdir()) == before


@pytest.mark.slow
def test_openai_batches_the_way_the_facade_selects_them(built: Built, tmp_path: Path) -> None:
    """The lead's entry: four batch operations of OpenAI's 288, a few dozen files, mypy-clean."""
    root = copy_repo(tmp_path / "repo", source=built.root)
    _add_entry(
        root,
        "openai",
        "openai.yaml",
        "      operations: [createBatch, retrieveBatch, cancelBatch, listBatches]\n"
        "      tags: [Batch]\n"
        '      paths: ["/batches*"]\n',
    )
    run = run_script(root)
    assert run.code == 0, run.stderr[-3000:]
    assert "4 of 288 operations selected, 284 left out by choice" in run.stdout
    package = root / "generated/imagejobs_gen_openai"
    assert sorted(p.stem for p in (package / "api/batch").glob("*.py")) == [
        "__init__", "cancel_batch", "create_batch", "list_batches", "retrieve_batch",
    ]  # fmt: skip
    assert len(list(package.rglob("*.py"))) < 60
    # Nothing about the 284 other operations is reported.
    assert "/paths/~1chat" not in run.stderr
    import subprocess
    import sys

    mypy = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.11",
         "--cache-dir", str(tmp_path / "mypy"), "imagejobs_gen_openai"],
        cwd=root / "generated", capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert mypy.returncode == 0, mypy.stdout[-3000:]
    code = (
        "from imagejobs_gen_openai.api.batch import cancel_batch\n"
        "from imagejobs_gen_openai import schemas, models\n"
        "print(schemas.Batch.model_validate({'id': 'b', 'object': 'batch', 'endpoint': '/v1/x',"
        " 'input_file_id': 'f', 'completion_window': '24h', 'status': 'cancelling',"
        " 'created_at': 1}).status)\n"
    )
    imported = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root / "generated",
        capture_output=True,
        text=True,
        check=False,
    )
    assert imported.returncode == 0, imported.stderr[-2000:]
