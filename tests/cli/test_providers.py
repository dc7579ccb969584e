"""`imagejobs providers`: every described provider, and the README's table made from them."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from imagejobs._cli_providers import markdown_table
from imagejobs.cli import main
from imagejobs.registry import PROVIDERS

README = Path(__file__).resolve().parents[2] / "README.md"
NEW = ("useapi", "topaz", "jobs_api", "topaz_video", "replicate", "runway", "openai")


def test_json_lists_every_provider_with_what_it_needs(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["providers", "--format", "json"]) == 0
    records = {r["name"]: r for r in map(json.loads, capsys.readouterr().out.splitlines())}
    assert set(NEW) <= set(records) == set(PROVIDERS)
    for name, record in records.items():
        info = PROVIDERS[name]
        assert record["description"] == f"specs/providers/{name}.yaml"
        assert Path(README.parent, record["spec"]).is_file()
        assert "get" in record["operations"]
        assert [c["env"] for c in record["credentials"]] == [c.env_var for c in info.credentials]
        assert set(record["final_states"]) <= set(record["states"])
        assert all(
            info.statuses[state].is_final == (state in record["final_states"])
            for state in record["states"]
        )
    assert records["openai"]["cancel"] == "accepted"
    assert records["runway"]["operations"]["cancel"].startswith("DELETE ")


def test_the_table_lists_every_provider(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["providers", "--format", "tsv"]) == 0
    assert [line.split("\t")[0] for line in capsys.readouterr().out.splitlines()] == list(PROVIDERS)


def test_the_readme_table_is_the_descriptions() -> None:
    found = re.search(
        r"<!-- providers-table -->\n(.*?)\n<!-- /providers-table -->", README.read_text(), re.S
    )
    assert found is not None, "README.md lost its providers table markers"
    assert found.group(1) == markdown_table(), (
        "README.md's provider table is stale: paste `imagejobs providers --markdown`"
    )


def test_an_accepted_cancel_exits_0_and_wait_waits_for_cancelled(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from imagejobs.testing import make_fake, running_server

    fake = make_fake("openai")
    first, second = fake.add_job(status="in_progress"), fake.add_job(status="validating")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with running_server(fake) as url:
        common = ["-p", "openai", "--base-url", url, "--api-key", fake.api_key, "--format", "json"]
        assert main(["cancel", *common, first]) == 0
        (row,) = map(json.loads, capsys.readouterr().out.splitlines())
        assert (row["ok"], row["status"]) == (True, "cancelling")
        assert main(["cancel", *common, "--wait", "--wait-timeout", "30", second]) == 0
        (row,) = map(json.loads, capsys.readouterr().out.splitlines())
        assert (row["ok"], row["status"], row["provider_status"]) == (
            True,
            "cancelled",
            "cancelled",
        )
