"""Each provider described once: its name, base URL, credentials (with env vars) and states.

The facade clients, the CLI, the fakes, the served fakes, the pytest plugin and the contract
tests all read `PROVIDERS`; none of them spells a provider's name, env var or state table
itself. A provider's `name` is the one spelling used everywhere: `Job.provider`, error
messages, `imagejobs cancel -p NAME`, `imagejobs fake serve -p NAME`, `specs/NAME.*`, the
generated package `imagejobs_gen_NAME`, and the fake fixture `fake_NAME`.

Each state table maps a provider's own status strings to `JobStatus`; a state a provider adds
later maps to `JobStatus.UNKNOWN` and keeps its spelling in `Job.provider_status`, so reading a
status never raises. The README quotes the tables:

| JobStatus  | useapi.net (Midjourney) | Topaz      | jobs API (BigChange)                                   |
|------------|-------------------------|------------|--------------------------------------------------------|
| QUEUED     | created                 | Pending    | new, scheduled, unscheduled, sent, read, accepted, onTheWay |
| RUNNING    | started, progress       | Processing | started, suspended                                     |
| MODERATED  | moderated               |            |                                                        |
| COMPLETED  | completed               | Completed  | completedOk, completedWithIssues                       |
| FAILED     | failed                  | Failed     | refused                                                |
| CANCELLED  | cancelled               | Cancelled  | cancelled                                              |
| UNKNOWN    | anything else           | anything else | anything else                                       |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

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
    """What identifies a provider; the one place each of these facts is written.

    Attributes:
        name: The one spelling of the provider (see the module docstring).
        title: A human name, for help texts and tables.
        base_url: The production base URL.
        base_url_env: The environment variable that overrides `base_url` when a client is not
            given one (like openai's `OPENAI_BASE_URL`): a proxy, or a fake in tests.
        credentials: What the client reads; the first is the one a fake accepts as its
            `credentials[0].keyword` knob.
        statuses: The provider's states mapped to `JobStatus`.
        client: The sync client's name in `imagejobs`.
        async_client: The async client's name in `imagejobs`.

    """

    name: str
    title: str
    base_url: str
    base_url_env: str
    credentials: tuple[Credential, ...]
    statuses: Mapping[str, JobStatus]
    client: str
    async_client: str

    @property
    def package(self) -> str:
        """The generated client package for this provider's spec."""
        return f"imagejobs_gen_{self.name}"

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


#: useapi.net job states (specs/useapi.yaml `JobStatus`) to `JobStatus`.
USEAPI_STATUSES: Mapping[str, JobStatus] = MappingProxyType(
    {
        "created": JobStatus.QUEUED,
        "started": JobStatus.RUNNING,
        "progress": JobStatus.RUNNING,
        "moderated": JobStatus.MODERATED,
        "completed": JobStatus.COMPLETED,
        "failed": JobStatus.FAILED,
        "cancelled": JobStatus.CANCELLED,
    }
)

#: Topaz process states (`ProcessStatus` in the Topaz spec) to `JobStatus`.
TOPAZ_STATUSES: Mapping[str, JobStatus] = MappingProxyType(
    {
        "Pending": JobStatus.QUEUED,
        "Processing": JobStatus.RUNNING,
        "Completed": JobStatus.COMPLETED,
        "Failed": JobStatus.FAILED,
        "Cancelled": JobStatus.CANCELLED,
    }
)

#: Jobs API (BigChange) job states (specs/jobs_api.yaml `JobStatus`) to `JobStatus`.
#: `onTheWay` counts as queued: the work itself has not started. `suspended` counts as running:
#: the work started and will resume. `refused` (the engineer refused it) is final, so failed.
JOBS_API_STATUSES: Mapping[str, JobStatus] = MappingProxyType(
    {
        "new": JobStatus.QUEUED,
        "scheduled": JobStatus.QUEUED,
        "unscheduled": JobStatus.QUEUED,
        "sent": JobStatus.QUEUED,
        "read": JobStatus.QUEUED,
        "accepted": JobStatus.QUEUED,
        "onTheWay": JobStatus.QUEUED,
        "started": JobStatus.RUNNING,
        "suspended": JobStatus.RUNNING,
        "completedOk": JobStatus.COMPLETED,
        "completedWithIssues": JobStatus.COMPLETED,
        "refused": JobStatus.FAILED,
        "cancelled": JobStatus.CANCELLED,
    }
)

USEAPI = ProviderInfo(
    name="useapi",
    title="useapi.net (Midjourney)",
    base_url="https://api.useapi.net/v2",
    base_url_env="USEAPI_BASE_URL",
    credentials=(Credential("token", "USEAPI_TOKEN", "API token", header="Authorization"),),
    statuses=USEAPI_STATUSES,
    client="Useapi",
    async_client="AsyncUseapi",
)

TOPAZ = ProviderInfo(
    name="topaz",
    title="Topaz Labs Image API",
    base_url="https://api.topazlabs.com/image/v1",
    base_url_env="TOPAZ_BASE_URL",
    credentials=(Credential("api_key", "TOPAZ_API_KEY", "API key", header="X-API-Key"),),
    statuses=TOPAZ_STATUSES,
    client="Topaz",
    async_client="AsyncTopaz",
)

JOBS_API = ProviderInfo(
    name="jobs_api",
    title="RFC 7807 jobs API (BigChange)",
    base_url="https://api.bigchange.com",
    base_url_env="JOBS_API_BASE_URL",
    credentials=(
        # A static bearer token, or OAuth2 client credentials traded for one.
        Credential("token", "JOBS_API_TOKEN", "access token", header="Authorization"),
        Credential("client_id", "JOBS_API_CLIENT_ID", "client id", secret=False),
        Credential("client_secret", "JOBS_API_CLIENT_SECRET", "client secret"),
        # Not a secret, but required: every call carries it as the Customer-Id header.
        Credential(
            "customer_id", "JOBS_API_CUSTOMER_ID", "customer id", secret=False, header="Customer-Id"
        ),
    ),
    statuses=JOBS_API_STATUSES,
    client="JobsApi",
    async_client="AsyncJobsApi",
)

#: Every provider, by name.
PROVIDERS: Mapping[str, ProviderInfo] = MappingProxyType(
    {info.name: info for info in (USEAPI, TOPAZ, JOBS_API)}
)


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
