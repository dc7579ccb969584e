"""Secrets declared in the specs (`format: password`) never reach a generated repr."""

from __future__ import annotations

import json
import re
from pathlib import Path

from imagejobs_gen_jobs_api.client import AuthenticatedClient
from imagejobs_gen_jobs_api.models import TokenRequest, TokenRequestGrantType
from imagejobs_gen_useapi.models import MidjourneyAccount

ROOT = Path(__file__).resolve().parent.parent
SECRET = "s3cret-value-that-must-not-show"


def snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def test_every_password_field_in_every_spec_is_masked_by_its_model() -> None:
    # Discovered from the effective specs, so a new secret field is covered without a new test.
    unmasked = []
    for package in sorted((ROOT / "generated").glob("imagejobs_gen_*")):
        spec = json.loads((package / "openapi.json").read_text(encoding="utf-8"))
        for schema_name, schema in spec.get("components", {}).get("schemas", {}).items():
            for prop, prop_schema in (schema.get("properties") or {}).items():
                if prop_schema.get("format") != "password":
                    continue
                module = package / "models" / f"{snake(schema_name)}.py"
                source = module.read_text(encoding="utf-8") if module.exists() else ""
                if f'"{snake(prop)}"' not in source.split("secret = ", 1)[-1].split("\n", 1)[0]:
                    unmasked.append(f"{package.name}.{schema_name}.{prop}")
    assert not unmasked, f"password fields printed by repr: {unmasked}"


def test_discord_token_and_client_secret_are_masked() -> None:
    account = MidjourneyAccount(channel="1002843", discord=SECRET)
    request = TokenRequest(
        grant_type=TokenRequestGrantType.CLIENT_CREDENTIALS, client_id="app", client_secret=SECRET
    )
    for value in (account, request):
        assert SECRET not in repr(value)
        assert "***" in repr(value)
    assert "1002843" in repr(account)


def test_client_repr_hides_token_and_auth_header() -> None:
    client = AuthenticatedClient(base_url="https://api.example", token=SECRET)
    client.get_httpx_client()  # puts "Authorization: Bearer <token>" into the headers
    assert SECRET not in repr(client)
    assert "api.example" in repr(client)
