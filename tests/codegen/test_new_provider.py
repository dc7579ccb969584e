"""Adding a provider is: drop a spec in specs/, add one codegen.yaml entry, run the script.

new_provider/petshop.yaml is written the way published third-party specs are (OpenAPI 3.0,
``nullable``, an unquoted date as ``info.version``, dotted and missing operationIds, a large
inline response schema, only 200s, an XML alternative). The generated package is then imported
in a fresh interpreter and called through an ``httpx.MockTransport``: no network, no patching.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from imagejobs.codegen.config import load_config

from .conftest import REPO, Built, Run, contents, copy_repo, run_script

pytestmark = pytest.mark.slow

PETSHOP = Path(__file__).parent / "new_provider" / "petshop.yaml"

# Runs in a subprocess so the temp generated/ is importable without touching this interpreter.
CLIENT_SCRIPT = textwrap.dedent(
    """
    import json, sys
    sys.path.insert(0, sys.argv[1])
    import httpx
    from imagejobs_gen_petshop import AuthenticatedClient, errors, schemas
    from imagejobs_gen_petshop.api.pets import pets_get, pets_list
    from imagejobs_gen_petshop.api.service_health import get_healthz
    from imagejobs_gen_petshop.models import PetsListStatusItem

    seen = []

    def handler(request):
        seen.append({"url": str(request.url), "key": request.headers.get("X-Petshop-Key")})
        if request.url.path == "/v1/pets":
            return httpx.Response(200, json={
                "data": [{"id": 7, "name": "Rex", "tag": None, "status": "sold", "owner": None}],
                "paging": {"next_cursor": None, "total": 1},
            })
        if request.url.path == "/v1/healthz":
            return httpx.Response(200, json={"ok": True})
        return httpx.Response(404, json={"error": "no such pet"})  # undocumented error

    client = AuthenticatedClient(
        base_url="https://api.petshop.example/v1", token="s3cret-key",
        auth_header_name="X-Petshop-Key", prefix="", raise_on_unexpected_status=True,
        httpx_args={"transport": httpx.MockTransport(handler)},
    )
    listed = pets_list.sync_detailed(client=client, limit=5, status=[PetsListStatusItem.SOLD])
    pet = listed.parsed.data[0]
    health = get_healthz.sync(client=client)
    try:
        pets_get.sync_detailed(client=client, pet_id="404")
        undocumented = "no error"
    except errors.UnexpectedStatus as exc:
        undocumented = exc.status_code
    model = schemas.PetsGetResponse.model_validate({"data": [{"id": 1, "name": "Tom"}]})
    print(json.dumps({
        "status": int(listed.status_code), "name": pet.name, "pet_status": pet.status.value,
        "tag": pet.tag, "health": health.ok, "undocumented": undocumented,
        "model_name": model.data[0].name, "requests": seen,
        "secret_in_repr": "s3cret-key" in repr(client),
    }))
    """
)


@pytest.fixture(scope="module")
def with_petshop(built: Built, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Run, Built]:
    """The baseline plus petshop, generated once for this module."""
    root = copy_repo(tmp_path_factory.mktemp("petshop") / "repo", source=built.root)
    shutil.copy(PETSHOP, root / "specs/petshop.yaml")
    with (root / "specs/codegen.yaml").open("a", encoding="utf-8") as config:
        config.write("  petshop:\n    spec: specs/petshop.yaml\n    vendor: true\n")
    return root, run_script(root), built


def test_new_vendor_spec_generates_with_style_warnings_only(
    with_petshop: tuple[Path, Run, Built],
) -> None:
    root, run, built = with_petshop
    assert run.code == 0, run.stderr
    assert (
        "valid: specs/petshop.yaml (4 operations) -> generated generated/imagejobs_gen_petshop"
        in run.stdout
    )
    # A vendor's style gaps are warnings, with file and line; generation goes on.
    assert (
        "specs/petshop.yaml:158: warning: /paths/~1pets~1{pet-id}/delete: operation pets.delete has no summary"
        in run.stderr
    )
    assert (
        "specs/petshop.yaml:171: warning: /paths/~1healthz/get: operation GET /healthz has no operationId"
        in (run.stderr)
    )
    # The existing providers are reused untouched.
    assert run.stdout.count("-> unchanged") == len(load_config(built.root).specs)
    old = contents(built.root / "generated")
    new = contents(root / "generated")
    assert {k: v for k, v in new.items() if k in old and k != "MANIFEST.json"} == {
        k: v for k, v in old.items() if k != "MANIFEST.json"
    }
    manifest = json.loads((root / "generated/MANIFEST.json").read_text(encoding="utf-8"))
    assert manifest["specs"]["petshop"]["vendor"] is True
    pkg = root / "generated/imagejobs_gen_petshop"
    # Dotted operationIds become snake_case modules; the missing one is named from the path.
    assert (pkg / "api/pets/pets_list.py").is_file()
    assert (pkg / "api/service_health/get_healthz.py").is_file()
    # The unquoted `version: 2024-06-01` stays a string in the effective spec.
    assert json.loads((pkg / "openapi.json").read_text(encoding="utf-8"))["info"]["version"] == (
        "2024-06-01"
    )


def test_new_client_imports_and_calls_through_a_mock_transport(
    with_petshop: tuple[Path, Run, Built],
) -> None:
    root, run, _ = with_petshop
    assert run.code == 0, run.stderr
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(
        [sys.executable, "-c", CLIENT_SCRIPT, str(root / "generated")],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
        env=env,
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["status"] == 200
    assert (result["name"], result["pet_status"], result["tag"]) == ("Rex", "sold", None)
    assert result["health"] is True
    assert result["undocumented"] == 404
    assert result["model_name"] == "Tom"
    assert result["requests"][0] == {
        "url": "https://api.petshop.example/v1/pets?limit=5&status=sold",
        "key": "s3cret-key",
    }
    assert result["secret_in_repr"] is False


def test_validate_only_on_the_real_checkout() -> None:
    # --validate-only writes nothing, so it is the one mode allowed on the real checkout.
    proc = subprocess.run(
        [sys.executable, "scripts/generate.py", "--validate-only"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    import yaml

    specs = yaml.safe_load((REPO / "specs/codegen.yaml").read_text(encoding="utf-8"))["specs"]
    lines = proc.stdout.splitlines()
    descriptions = sorted((REPO / "specs/providers").glob("*.yaml"))
    assert len(lines) == len(specs) + len(descriptions)
    for line, entry in zip(lines, specs.values(), strict=False):
        assert line.startswith(f"valid: {entry['spec']} (")
        # With `select:`, "(4 of 288 operations selected, 284 left out by choice)".
        assert line.endswith((" operations)", " left out by choice)"))
    # Then each provider description, checked against its entry's spec.
    for line, path in zip(lines[len(specs) :], descriptions, strict=True):
        assert line.startswith(f"valid: specs/providers/{path.name} (on ")
