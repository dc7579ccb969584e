"""registry.py: each provider described once, and every consumer reads that description."""

from __future__ import annotations

import dataclasses
import importlib
from pathlib import Path

import pytest

import imagejobs
from imagejobs import errors
from imagejobs.clients import client
from imagejobs.registry import PROVIDERS, ProviderInfo, get
from imagejobs.testing import make_fake
from imagejobs.testing import pytest_plugin as plugin

ROOT = Path(__file__).resolve().parents[2]
INFOS = list(PROVIDERS.values())


@pytest.mark.parametrize("info", INFOS, ids=lambda i: i.name)
def test_the_clients_are_the_providers(info: ProviderInfo) -> None:
    from imagejobs.clients import async_client_class, client_class

    for cls, name in (
        (client_class(info.name), info.client),
        (async_client_class(info.name), info.async_client),
    ):
        assert cls.__name__ == name
        assert cls.info is info
        assert cls.provider == info.name
        # The first three are public classes of the package; every one is made by name.
        assert getattr(imagejobs, name, cls) is cls


@pytest.mark.parametrize("info", INFOS, ids=lambda i: i.name)
def test_one_spelling_from_spec_to_fixture(info: ProviderInfo) -> None:
    assert list(ROOT.glob(f"specs/{info.name}.*")), f"no specs/{info.name}.*"
    importlib.import_module(info.package)
    assert make_fake(info.name).provider == info.name
    assert callable(getattr(plugin, f"fake_{info.name}"))
    assert info.name in {f.name for f in dataclasses.fields(plugin.Fakes)}


def test_the_cli_offers_exactly_the_providers() -> None:
    import typer.main

    from imagejobs.cli import app

    command = typer.main.get_command(app)
    cancel = command.commands["cancel"]  # type: ignore[attr-defined]
    option = next(p for p in cancel.params if p.name == "provider")
    assert list(option.type.choices) == list(PROVIDERS)  # choices, not free text


@pytest.mark.parametrize("info", INFOS, ids=lambda i: i.name)
def test_a_missing_credential_names_the_described_env_var(info: ProviderInfo) -> None:
    with pytest.raises(errors.MissingCredentialsError) as caught:
        client(info.name)
    assert caught.value.env_var == info.credentials[0].env_var
    assert caught.value.provider == info.name


def test_an_unknown_name_lists_the_known_ones() -> None:
    with pytest.raises(ValueError, match="jobs_api, openai, replicate, runway, topaz"):
        get("jobs-api")
