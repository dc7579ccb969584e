"""pytest fixtures for the fakes: one `fake_NAME` per provider, and `fakes` with them all.

Enable with `pytest_plugins = ["imagejobs.testing.pytest_plugin"]` in a conftest.py (installing
`imagejobs[fakes]` enables it by entry point). Each fixture is a fresh fake with the default
credentials and seed 0, reset after the test. There is one `fake_NAME` fixture, and one `Fakes`
field `NAME`, per provider in `imagejobs.registry.PROVIDERS`: made here from the registry, so a
provider added by a description has its fixture without a line of Python. `fake_useapi`,
`fake_topaz` and `fake_jobs_api` are written out, for their precise types.
"""

from __future__ import annotations

import dataclasses
import importlib.util
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

import pytest

from imagejobs.registry import JOBS_API, PROVIDERS, TOPAZ, USEAPI
from imagejobs.testing._store import FakeProvider
from imagejobs.testing.jobs_api import FakeJobsApi
from imagejobs.testing.serve import make_fake
from imagejobs.testing.topaz import FakeTopaz
from imagejobs.testing.useapi import FakeUseapi

F = TypeVar("F", bound=FakeProvider)

__all__ = ["Fakes", "fake_jobs_api", "fake_topaz", "fake_useapi", "fakes"]


@dataclass(frozen=True)
class _Written:
    """The fakes whose fixtures are written out (their fields are typed precisely)."""

    useapi: FakeUseapi
    topaz: FakeTopaz
    jobs_api: FakeJobsApi


if TYPE_CHECKING:
    Fakes = _Written
else:
    #: Every provider's fake, as the `fakes` fixture yields them: one field per provider.
    Fakes = dataclasses.make_dataclass(
        "Fakes",
        [(name, FakeProvider) for name in PROVIDERS if name not in _Written.__annotations__],
        bases=(_Written,),
        frozen=True,
    )
    Fakes.__module__ = __name__
    Fakes.__doc__ = "Every provider's fake, as the `fakes` fixture yields them."


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


def _fixture(name: str) -> Callable[..., Any]:
    """The `fake_NAME` fixture of a provider that has none written out."""

    def fixture() -> Iterator[FakeProvider]:
        yield from _fresh(name, FakeProvider)

    fixture.__name__ = fixture.__qualname__ = f"fake_{name}"
    fixture.__doc__ = (
        f"A fresh fake of {PROVIDERS[name].title} (a `DescribedFake`; credentials: "
        f"`imagejobs.testing.described.default_credential`)."
    )
    return pytest.fixture(name=f"fake_{name}")(fixture)


for _name in PROVIDERS:
    if f"fake_{_name}" not in globals():
        globals()[f"fake_{_name}"] = _fixture(_name)


@pytest.fixture
def fakes(request: pytest.FixtureRequest) -> Fakes:
    """Every provider's fake, the same instances as the single-provider fixtures."""
    return Fakes(**{name: request.getfixturevalue(f"fake_{name}") for name in PROVIDERS})
