"""Client construction for the ``imagejobs`` commands: from a provider's name and its options.

`Connection` is what a command's options say about reaching a provider; `make_client` builds
the facade client from it (credentials from the options or the documented env vars), turning
the library's keyword-named errors into one line that names the option a shell user passes.
The hints (`auth_hint`, `unreachable_hint`) say which credential was refused or which base URL,
and what set it, could not be reached; `shown_url` never prints a URL's user or password.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._exitcodes import CliError
from .registry import PROVIDERS, ProviderInfo

if TYPE_CHECKING:
    from .errors import ImageJobsError

__all__ = [
    "Connection",
    "auth_hint",
    "base_url_source",
    "is_auth_error",
    "is_unreachable",
    "make_client",
    "shown_url",
    "unreachable_hint",
]


@dataclass
class Connection:
    """Everything a command needs to build a provider's client, from its options."""

    provider: str
    #: Credentials by keyword (`--api-key` -> "api_key"); None or absent: the env var.
    credentials: dict[str, str | None] | None = field(default_factory=dict)
    base_url: str | None = None
    allow_insecure: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES

    @property
    def info(self) -> ProviderInfo:
        return PROVIDERS[self.provider]


def make_client(conn: Connection, *, asynchronous: bool) -> Any:
    """Build the facade client; credentials come from options or the documented env vars.

    Build it outside the event loop (an aiohttp session binds to the loop on first use), so
    missing credentials fail before anything is drawn.
    """
    from urllib.parse import urlsplit

    from . import errors
    from ._base_client import check_base_url

    info = conn.info
    url, source = base_url_source(conn)
    try:
        check_base_url(url, provider=info.name, allow_insecure=conn.allow_insecure)
    except errors.ImageJobsError:
        # The library names its keyword (allow_insecure=True); a shell user needs the option,
        # and where the URL came from.
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise CliError(
                f"{info.name}: the base URL must be an http(s) URL with a host, not "
                f"{shown_url(url)!r} ({source})"
            ) from None
        raise CliError(
            f"{info.name}: refusing plain-http base URL http://{parts.hostname} ({source}): "
            "credentials would travel unencrypted; use https, or pass --allow-insecure"
        ) from None
    # Each client takes exactly the credentials its description lists, by keyword; an option
    # for another provider's credential is not this one's business.
    credentials = {
        item.keyword: value
        for item in info.credentials
        if (value := (conn.credentials or {}).get(item.keyword)) is not None
    }
    from .clients import async_client, client

    try:
        return (async_client if asynchronous else client)(
            info.name,
            base_url=conn.base_url,
            allow_insecure=conn.allow_insecure,
            timeout=conn.timeout,
            max_retries=conn.max_retries,
            **credentials,
        )
    except errors.MissingCredentialsError as exc:
        # The library names its keyword argument; a shell user needs the option.
        option = info.credential(exc.keyword).option
        raise CliError(
            f"{exc.provider}: {exc.keyword.replace('_', ' ')} missing; pass {option} or set {exc.env_var}"
        ) from None
    except errors.ImageJobsError as exc:
        raise CliError(str(exc)) from None


def is_auth_error(exc: BaseException) -> bool:
    """A refusal of the credentials themselves (401, 403): every other id would fail the same."""
    from .errors import AuthenticationError, PermissionDeniedError

    return isinstance(exc, AuthenticationError | PermissionDeniedError)


def is_unreachable(exc: BaseException) -> bool:
    """No connection to the provider could be made (refused, DNS, TLS), retries included."""
    from .errors import APIConnectionError

    return isinstance(exc, APIConnectionError) and exc.unreachable


def base_url_source(conn: Connection) -> tuple[str, str]:
    """(the base URL a client of `conn` talks to, what set it): the option, env var or default."""
    import os

    info = conn.info
    if conn.base_url:
        return conn.base_url, "set by --base-url"
    if os.environ.get(info.base_url_env):
        return os.environ[info.base_url_env], f"set by {info.base_url_env}"
    return info.base_url, f"the default; --base-url or {info.base_url_env} sets another"


def shown_url(url: str) -> str:
    """`url` as it may be printed: without a user or password (a credential, maybe)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def unreachable_hint(conn: Connection, exc: ImageJobsError) -> str:
    """One line: which base URL could not be reached, what set it, and why."""
    url, source = base_url_source(conn)
    why = getattr(exc, "message", str(exc))
    return f"cannot connect to {conn.provider} at {shown_url(url)} ({source}): {why}"


def auth_hint(info: ProviderInfo, exc: ImageJobsError) -> str:
    """One line: what was refused, and the options and env vars to check."""
    from .errors import APIError

    status = f" ({exc.status_code})" if isinstance(exc, APIError) else ""
    what = " / ".join(c.what for c in info.credentials if c.secret)
    check = ", ".join(f"{c.option} or {c.env_var}" for c in info.credentials)
    return f"{info.name} refused the {what}{status}: check {check}"
