"""Every provider, from its description: name, base URL, credentials (with env vars), states.

A provider is a description (`specs/providers/<name>.yaml`), checked against its spec by the
build and compiled into the generated package `imagejobs_providers`; this module reads it once.
The facade clients, the CLI, the fakes, the served fakes, the pytest plugin and the contract
tests all read `PROVIDERS`; none of them spells a provider's name, env var or state table
itself. A provider's `name` is the one spelling used everywhere: `Job.provider`, error
messages, `imagejobs cancel -p NAME`, `imagejobs fake serve -p NAME`, its description's file
name, the generated package `imagejobs_gen_NAME`, and the fake fixture `fake_NAME`.

Each state table maps a provider's own status strings to `JobStatus`; a state a provider adds
later maps to `JobStatus.UNKNOWN` and keeps its spelling in `Job.provider_status`, so reading a
status never raises. `imagejobs providers --markdown` prints the README's table of them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from imagejobs_providers import DESCRIPTIONS

from ._description import Description, parse
from .job import JobStatus

__all__ = [
    "JOBS_API",
    "JOBS_API_STATUSES",
    "PROVIDERS",
    "TOPAZ",
    "TOPAZ_STATUSES",
    "USEAPI",
    "USEAPI_STATUSES",
    "Credential",
    "ProviderInfo",
    "get",
    "status_for",
]


@dataclass(frozen=True, slots=True)
class Credential:
    """One thing a client needs to authenticate, and where it comes from when not passed.

    Attributes:
        keyword: The client constructor's keyword (and, as `--keyword`, the CLI option).
        env_var: The environment variable read when the keyword is not given.
        what: How messages name it ("API token").
        secret: Whether it is masked in reprs, errors and logs.
        header: The request header it travels in, if it is sent as is.

    """

    keyword: str
    env_var: str
    what: str
    secret: bool = True
    header: str | None = None

    @property
    def option(self) -> str:
        """The CLI option that passes it: `--api-key` for `api_key`."""
        return "--" + self.keyword.replace("_", "-")


@dataclass(frozen=True, slots=True)
class ProviderInfo:
    """What identifies a provider, read from its description (the one place each fact is written).

    Attributes (all but `credentials`, built for the clients and the CLI, read through to
    `description`):
        name: The one spelling of the provider (see the module docstring).
        title: A human name, for help texts and tables.
        base_url: The production base URL.
        base_url_env: The environment variable that overrides `base_url` when a client is not
            given one (like openai's `OPENAI_BASE_URL`): a proxy, or a fake in tests.
        credentials: What the client reads; the first is the one a fake accepts as its
            `credentials[0].keyword` knob.
        statuses: The provider's states mapped to `JobStatus`.
        client: The sync client's name (a class in `imagejobs` for the first three providers;
            `imagejobs.client(name)` for every one).
        async_client: The async client's name.
        description: Everything the description says (operations, answers, cancel strategy).

    """

    description: Description
    credentials: tuple[Credential, ...]

    # The rest is the description's own, read through (not copied into a second record).

    @property
    def name(self) -> str:
        return self.description.name

    @property
    def title(self) -> str:
        return self.description.title

    @property
    def base_url(self) -> str:
        return self.description.base_url

    @property
    def base_url_env(self) -> str:
        return self.description.base_url_env

    @property
    def statuses(self) -> Mapping[str, JobStatus]:
        return self.description.states

    @property
    def client(self) -> str:
        return self.description.client

    @property
    def async_client(self) -> str:
        return self.description.async_client

    @property
    def package(self) -> str:
        """The generated client package for this provider's spec."""
        return self.description.package

    def credential(self, keyword: str) -> Credential:
        """The credential passed as `keyword` (KeyError if the provider has none)."""
        for item in self.credentials:
            if item.keyword == keyword:
                return item
        raise KeyError(f"{self.name} has no credential {keyword!r}")

    def status(self, provider_status: str | None) -> JobStatus:
        """Map the provider's own status string to `JobStatus`; unknown or missing: UNKNOWN."""
        if provider_status is None:
            return JobStatus.UNKNOWN
        return self.statuses.get(provider_status, JobStatus.UNKNOWN)


_HEADER_KINDS = frozenset({"header", "bearer", "extra_header"})


def _info(desc: Description) -> ProviderInfo:
    return ProviderInfo(
        description=desc,
        credentials=tuple(
            Credential(
                c.keyword,
                c.env,
                c.what,
                secret=c.secret,
                header=c.name if c.kind in _HEADER_KINDS else None,
            )
            for c in desc.credentials
        ),
    )


#: Every provider, by name, in the build's order.
PROVIDERS: Mapping[str, ProviderInfo] = MappingProxyType(
    {name: _info(parse(data)) for name, data in DESCRIPTIONS.items()}
)

USEAPI = PROVIDERS["useapi"]
TOPAZ = PROVIDERS["topaz"]
JOBS_API = PROVIDERS["jobs_api"]
#: The three first providers' state tables (their descriptions' `states`).
USEAPI_STATUSES: Mapping[str, JobStatus] = USEAPI.statuses
TOPAZ_STATUSES: Mapping[str, JobStatus] = TOPAZ.statuses
JOBS_API_STATUSES: Mapping[str, JobStatus] = JOBS_API.statuses


def get(name: str) -> ProviderInfo:
    """The provider called `name`; an unknown name raises ValueError listing the known ones."""
    try:
        return PROVIDERS[name]
    except KeyError:
        known = ", ".join(PROVIDERS)
        raise ValueError(f"unknown provider {name!r}; choose one of {known}") from None


def status_for(provider: str, provider_status: str | None) -> JobStatus:
    """Map a provider's own status string to `JobStatus`; unknown provider or state: UNKNOWN."""
    info = PROVIDERS.get(provider)
    return info.status(provider_status) if info is not None else JobStatus.UNKNOWN
