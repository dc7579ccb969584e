"""Provider descriptions (specs/providers/*.yaml): checked against their specs, compiled once.

One test per kind of misfit, each run the README way on a copy of the repository: the build
exits 5, names the description's file:line with what is wrong and what to write, and leaves
generated/ byte for byte as it was. Then: the committed imagejobs_providers is what the
descriptions compile to, a changed description is seen by ``--check``, and a no-op run reuses
the package without reading a spec.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from imagejobs.codegen import describe
from imagejobs.codegen.config import load_config
from imagejobs.codegen.describe.compile import render
from imagejobs.codegen.describe.schema import enum_values, reach
from imagejobs.codegen.manifest import PROVIDERS_PACKAGE, up_to_date

from .conftest import REPO, contents, run_main, run_script

PROVIDERS = "specs/providers"

# (description, text to replace, replacement, the line's marker, what stderr must say there)
MISFITS: dict[str, tuple[str, str, str, str, str]] = {
    "unknown key": (
        "topaz.yaml", "answer:", "answr:", "answr:",
        "answr: unknown key `answr`; a description knows entry, title, base_url, client,"
        " async_client, credentials, headers, operations, job_id, answer, list, states,"
        " cancellable, cancel, errors, poll, rate_limit, hooks; did you mean `answer`?",
    ),
    "unknown operation": (
        "topaz.yaml", "get: getStatus", "get: getStatuss", "get: getStatuss",
        "operations.get: specs/topaz.json has no operation 'getStatuss'; write an operationId"
        " or `METHOD /path` of the spec; did you mean `getStatus`?",
    ),
    "unknown job id parameter": (
        "topaz.yaml", "operations:", "job_id: {params: [proces_id]}\noperations:", "job_id:",
        "job_id.params: getStatus has no parameter 'proces_id'; its parameters: process_id;"
        " did you mean `process_id`?",
    ),
    "pointer the schema lacks": (
        "topaz.yaml", "status: /status", "status: /statuss", "status: /statuss",
        "answer.status: /statuss is not in the 200 answer of getStatus: the body has"
        " process_id, source_id, filename,",
    ),
    "pointer deep in a list answer": (
        "openai.yaml", "list: {items: /data}", "list: {items: /data/0/idd}", "list: {items",
        "list.items: /data/0/idd is not in the answer of listBatches: /data/0 has id, object,"
        " endpoint, model, errors,",
    ),
    "state missing from the table": (
        "topaz.yaml", "  Failed: failed\n", "", "states:",
        "states: the spec's `Failed` is missing; add `Failed: failed`",
    ),
    "state the spec lacks": (
        "topaz.yaml", "  Failed: failed\n", "  Failed: failed\n  Queued: queued\n", "Queued:",
        "states.Queued: the spec has no `Queued` (its values: Pending, Processing, Completed,"
        " Cancelled, Failed); remove it",
    ),
    "unknown JobStatus": (
        "topaz.yaml", "Pending: queued", "Pending: queud", "Pending: queud",
        "states.Pending: 'queud' is not a JobStatus; write one of queued, running, cancelling,"
        " moderated, completed, failed, cancelled, expired; did you mean `queued`?",
    ),
    "bad strategy": (
        "topaz.yaml", "strategy: conflict", "strategy: conflicts", "strategy: conflicts",
        "cancel.strategy: 'conflicts' is not a cancel strategy; write one of no_content, job,"
        " conflict, accepted; did you mean `conflict`?",
    ),
    "scheme the spec lacks": (
        "topaz.yaml", "apiKeyAuth:", "apiKeyAuthh:", "apiKeyAuthh:",
        "credentials.apiKeyAuthh: specs/topaz.json has no security scheme 'apiKeyAuthh'; its"
        " schemes: apiKeyAuth; did you mean `apiKeyAuth`?",
    ),
    "required header not described": (
        "jobs_api.yaml", "headers:\n  Customer-Id: {keyword: customer_id, env: JOBS_API_CUSTOMER_ID,"
        " what: customer id, secret: false}\n", "", "  get: getJob",
        "operations.get: getJob needs the header Customer-Id; write `headers: {Customer-Id:"
        " {keyword: customer_id, env: JOBS_API_CUSTOMER_ID}}`",
    ),
    "unknown error kind": (
        "useapi.yaml", "596: moderation_blocked", "596: moderated", "596: moderated",
        "errors.statuses.596: 'moderated' is not an error kind; write one of bad_request,",
    ),
    "cancel without a strategy": (
        "useapi.yaml", "cancel: {strategy: job}\n", "", "  cancel: cancelJob",
        "operations.cancel: say how it answers: write `cancel: {strategy: job}`",
    ),
}  # fmt: skip


def _edit(root: Path, name: str, old: str, new: str) -> str:
    path = root / PROVIDERS / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{name} no longer has {old!r}: update the test"
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


@pytest.mark.parametrize("case", sorted(MISFITS))
def test_a_misfit_fails_at_its_line_and_changes_nothing(built_copy: Path, case: str) -> None:
    name, old, new, marker, message = MISFITS[case]
    before = contents(built_copy / "generated")
    text = _edit(built_copy, name, old, new)
    line = 1 + next(i for i, t in enumerate(text.splitlines()) if marker in t)
    run = run_main(built_copy)
    assert run.code == 5, run.stderr
    assert f"{PROVIDERS}/{name}:{line}: {message}" in run.stderr, run.stderr
    assert "generated/ was not changed" in run.stderr
    assert contents(built_copy / "generated") == before


def test_a_typo_is_reported_once_not_also_as_a_missing_key(built_copy: Path) -> None:
    _edit(built_copy, "topaz.yaml", "answer:", "answr:")
    run = run_main(built_copy)
    assert run.code == 5
    assert "`answer` is missing" not in run.stderr
    assert "failed: 1 problem(s)" in run.stderr


def test_a_description_of_no_entry_names_the_entries(built_copy: Path) -> None:
    (built_copy / PROVIDERS / "acme.yaml").write_text(
        "title: Acme\nbase_url: {env: ACME_BASE_URL}\noperations: {get: getJob}\n"
        "answer: {status: /status}\nstates: {done: completed}\n",
        encoding="utf-8",
    )
    run = run_main(built_copy)
    assert run.code == 5
    assert (
        f"{PROVIDERS}/acme.yaml:1: entry: specs/codegen.yaml has no entry 'acme' to build on;"
        " write `entry: NAME` of useapi, jobs_api, topaz," in run.stderr
    )


def test_the_committed_package_is_what_the_descriptions_compile_to(tmp_path: Path) -> None:
    """Compiled in-process against the committed packages: no generator runs."""
    config = load_config(REPO)
    out = tmp_path / "generated"
    out.mkdir()
    for name in config.specs:
        (out / config.package(name)).symlink_to(REPO / "generated" / config.package(name))

    def view(name: str) -> describe.SpecView:
        package = config.package(name)
        doc = json.loads((out / package / "openapi.json").read_text(encoding="utf-8"))
        return describe.SpecView(name, package, config.specs[name].spec, doc)

    warnings = describe.compile_all(describe.check(REPO, list(config.specs)), view, out)
    assert [str(f) for _, f in warnings] == []
    committed = REPO / "generated" / PROVIDERS_PACKAGE
    for file in ("__init__.py", "py.typed"):
        assert (out / PROVIDERS_PACKAGE / file).read_bytes() == (committed / file).read_bytes()


def test_every_description_compiles_to_a_provider() -> None:
    from imagejobs_providers import DESCRIPTIONS

    assert sorted(DESCRIPTIONS) == [
        "jobs_api", "openai", "replicate", "runway", "topaz", "topaz_video", "useapi",
    ]  # fmt: skip
    runway = DESCRIPTIONS["runway"]
    assert runway["operations"]["cancel"]["method"] == "DELETE"
    assert (
        runway["operations"]["cancel"]["module"]
        == "imagejobs_gen_runway.api.task_management.delete_v1_tasks_id"
    )
    assert runway["job_id"]["kind"] == "uuid"
    assert DESCRIPTIONS["openai"]["states"]["cancelling"] == "cancelling"
    assert DESCRIPTIONS["topaz"]["job_id"] == {
        "params": ["process_id"], "in": "path", "kind": "uuid", "pattern": None,
        "minimum": None, "separator": "/",
    }  # fmt: skip
    assert DESCRIPTIONS["useapi"]["job_id"]["in"] == "query"
    assert DESCRIPTIONS["useapi"]["errors"]["statuses"] == {"596": "moderation_blocked"}
    replicate = DESCRIPTIONS["replicate"]["operations"]["submit"]
    assert replicate["body_model"] == (
        "imagejobs_gen_replicate.models.schemas_version_prediction_request"
        ":SchemasVersionPredictionRequest"
    )


def test_a_no_op_run_reuses_the_package(built_copy: Path) -> None:
    before = contents(built_copy / "generated")
    run = run_main(built_copy)
    assert run.code == 0, run.stderr
    assert "generated/ is up to date" in run.stdout
    assert contents(built_copy / "generated") == before
    record = json.loads((built_copy / "generated/MANIFEST.json").read_text(encoding="utf-8"))
    assert sorted(record["providers"]["descriptions"]) == sorted(
        f"{PROVIDERS}/{p.name}" for p in (built_copy / PROVIDERS).glob("*.yaml")
    )


def test_a_changed_description_recompiles_the_package_alone(built_copy: Path) -> None:
    _edit(built_copy, "topaz.yaml", "title: Topaz Labs Image API", "title: Topaz Image")
    assert not up_to_date(built_copy, load_config(built_copy))
    run = run_main(built_copy)
    assert run.code == 0, run.stderr
    assert "-> generated" not in run.stdout  # every spec's package reused
    init = (built_copy / "generated" / PROVIDERS_PACKAGE / "__init__.py").read_text("utf-8")
    assert '"title": "Topaz Image"' in init
    assert up_to_date(built_copy, load_config(built_copy))


@pytest.mark.slow
def test_check_fails_on_a_changed_description(built_copy: Path) -> None:
    _edit(built_copy, "topaz.yaml", "title: Topaz Labs Image API", "title: Topaz Image")
    run = run_script(built_copy, "--check")
    assert run.code == 6, run.stderr[-2000:]
    assert f"  M generated/{PROVIDERS_PACKAGE}/__init__.py" in run.stderr


def test_validate_only_checks_the_descriptions(built_copy: Path) -> None:
    _edit(built_copy, "topaz.yaml", "Pending: queued", "Pending: queud")
    run = run_main(built_copy, "--validate-only")
    assert run.code == 5
    assert "states.Pending: 'queud' is not a JobStatus" in run.stderr


# --- units --------------------------------------------------------------------------------------


def test_the_literal_escapes_what_a_description_says() -> None:
    hostile = {"x": {"title": 'a"""\n\u202e#', "states": {"\x00": "queued"}}}
    namespace: dict[str, Any] = {}
    exec(compile(render(hostile), "<providers>", "exec"), namespace)
    assert namespace["DESCRIPTIONS"] == hostile
    assert "\u202e" not in render(hostile)


def test_a_pointer_follows_refs_unions_and_arrays() -> None:
    doc: dict[str, Any] = {
        "components": {
            "schemas": {
                "Status": {"type": "string", "enum": ["a", "b"]},
                "Job": {
                    "allOf": [
                        {"type": "object", "properties": {"id": {"type": "string"}}},
                        {"properties": {"status": {"$ref": "#/components/schemas/Status"}}},
                    ]
                },
            }
        }
    }
    body = {"type": "object", "properties": {"data": {"type": "array", "items": {"$ref": "#/components/schemas/Job"}}}}  # fmt: skip
    assert reach(doc, body, ["data", "0", "id"]).found
    status = reach(doc, body, ["data", "0", "status"])
    assert enum_values(doc, status.schemas) == ["a", "b"]
    missing = reach(doc, body, ["data", "0", "stat"])
    assert not missing.found
    assert missing.stopped == "/data/0/stat"
    assert missing.known == ["id", "status"]
    # A schema that does not say what it holds holds anything.
    assert reach(doc, {"type": "object"}, ["anything", "at", "all"]).open


def test_a_status_of_one_const_per_branch_is_an_enum() -> None:
    branches = [
        {"type": "object", "properties": {"status": {"type": "string", "const": s}}}
        for s in ("PENDING", "RUNNING")
    ]
    reached = reach({}, {"oneOf": branches}, ["status"])
    assert enum_values({}, reached.schemas) == ["PENDING", "RUNNING"]
    assert enum_values({}, [{"type": "string"}]) is None  # free text: nothing to check


ODD_VALUES: list[Any] = [None, 5, "x", [], {}, [1, 2], {"a": 1}, True, "/", "/x/~2", 1.5, [[1]]]


def _leaves(node: Any, at: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    if isinstance(node, dict):
        return [at, *(p for k, v in node.items() for p in _leaves(v, (*at, k)))]
    if isinstance(node, list):
        return [at, *(p for i, v in enumerate(node) for p in _leaves(v, (*at, i)))]
    return [at]


@pytest.mark.parametrize("name", sorted(p.name for p in (REPO / PROVIDERS).glob("*.yaml")))
def test_any_value_anywhere_is_reported_never_a_crash(name: str) -> None:
    """Every key of a real description, given each odd value (or dropped, or renamed)."""
    import copy

    import yaml

    from imagejobs.codegen.describe.load import Description
    from imagejobs.codegen.describe.shape import check_shape
    from imagejobs.codegen.describe.validate import fit

    stem = name.removesuffix(".yaml")
    package = f"imagejobs_gen_{stem}"
    doc = json.loads((REPO / "generated" / package / "openapi.json").read_text("utf-8"))
    view = describe.SpecView(stem, package, f"specs/{stem}", doc)
    base = yaml.safe_load((REPO / PROVIDERS / name).read_text(encoding="utf-8"))
    for at in _leaves(base)[1:]:
        for value in [*ODD_VALUES, "drop", "rename"]:
            data = copy.deepcopy(base)
            parent = data
            for key in at[:-1]:
                parent = parent[key]
            if value in ("drop", "rename") and isinstance(parent, dict):
                moved = parent.pop(at[-1])
                if value == "rename":
                    parent[f"{at[-1]}_"] = moved
            else:
                parent[at[-1]] = copy.deepcopy(value)
            desc = Description(stem, f"{PROVIDERS}/{name}", data, {})
            fit(desc, check_shape(desc), view)  # raises nothing, whatever it finds
