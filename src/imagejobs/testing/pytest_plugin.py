"""pytest fixtures for the fakes: `fake_useapi`, `fake_topaz`, `fake_jobs_api` and `fakes`.

Enable with `pytest_plugins = ["imagejobs.testing.pytest_plugin"]` in a conftest.py (installing
`imagejobs[fakes]` enables it by entry point). Each fixture is a fresh fake with the default
credentials and seed 0, reset after the test. There is one `fake_NAME` fixture, and one `Fakes`
field `NAME`, per provider in `imagejobs.registry.PROVIDERS`.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypeVar

import pytest

from imagejobs.registry import JOBS_API, TOPAZ, USEAPI
from imagejobs.testing._store import FakeProvider
from imagejobs.testing.jobs_api import FakeJobsApi
from imagejobs.testing.serve import make_fake
from imagejobs.testing.topaz import FakeTopaz
from imagejobs.testing.useapi import FakeUseapi

F = TypeVar("F", bound=FakeProvider)

__all__ = ["Fakes", "fake_jobs_api", "fake_topaz", "fake_useapi", "fakes"]


@dataclass(frozen=True)
class Fakes:
    """All three fakes, as the `fakes` fixture yields them."""

    useapi: FakeUseapi
    topaz: FakeTopaz
    jobs_api: FakeJobsApi


#: What the in-process fakes import on first use (the `fakes` extra; uvicorn only serves them).
NEEDS = ("starlette",)


def _fresh(name: str, cls: type[F]) -> Iterator[F]:
    missing = [module for module in NEEDS if importlib.util.find_spec(module) is None]
    if missing:
        # The CLI's one-line hint, not a bare ModuleNotFoundError from deep inside a fake.
        pytest.fail(
            f"the fake_{name} fixture needs the fakes extra ({', '.join(missing)} not "
            "installed): pip install 'imagejobs[fakes]'",
            pytrace=False,
        )
    fake = make_fake(name)
    assert isinstance(fake, cls)
    yield fake
    fake.reset()


@pytest.fixture
def fake_useapi() -> Iterator[FakeUseapi]:
    """A fresh `FakeUseapi` (token `imagejobs.testing.useapi.DEFAULT_TOKEN`)."""
    yield from _fresh(USEAPI.name, FakeUseapi)


@pytest.fixture
def fake_topaz() -> Iterator[FakeTopaz]:
    """A fresh `FakeTopaz` (API key `imagejobs.testing.topaz.DEFAULT_API_KEY`)."""
    yield from _fresh(TOPAZ.name, FakeTopaz)


@pytest.fixture
def fake_jobs_api() -> Iterator[FakeJobsApi]:
    """A fresh `FakeJobsApi` (credentials in `imagejobs.testing.jobs_api`)."""
    yield from _fresh(JOBS_API.name, FakeJobsApi)


@pytest.fixture
def fakes(fake_useapi: FakeUseapi, fake_topaz: FakeTopaz, fake_jobs_api: FakeJobsApi) -> Fakes:
    """All three fakes, the same instances as the single-provider fixtures."""
    return Fakes(useapi=fake_useapi, topaz=fake_topaz, jobs_api=fake_jobs_api)
