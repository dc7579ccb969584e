"""useapi.net (Midjourney v2): `Useapi` and `AsyncUseapi`, as `specs/providers/useapi.yaml` says.

The description holds the job control (a cancel is a GET that answers the job: a finished job's
echoed final status is `NotCancellableError`; 596 is `ModerationBlockedError`; a 429's body names
the executing jobs; poll no faster than every 10 s). What is useapi's own lives here: `running()`
(the list operation's job ids) and `accounts()` (GET /account/midjourney, the Discord tokens
masked).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import httpx
from imagejobs_gen_useapi.api.accounts import list_midjourney_accounts
from imagejobs_gen_useapi.models import MidjourneyAccount, MidjourneyAccounts
from imagejobs_gen_useapi.types import Unset

from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._provider import AsyncProviderClient, Described, ProviderClient
from ._rate import RateGate
from ._redact import mask
from .registry import USEAPI

__all__ = ["Account", "AsyncUseapi", "Useapi"]

_ACCOUNTS = frozenset({200})


@dataclass(frozen=True, slots=True, repr=False)
class Account:
    """One Midjourney account (Discord channel) configured at useapi.net.

    `discord` is the account's Discord token, a secret: repr and str show "***" instead.
    """

    channel: str
    discord: str | None = field(default=None, compare=False)
    server: str | None = None
    max_jobs: int | None = None
    pending_mod_message: str | None = None

    def __repr__(self) -> str:
        return (
            f"Account(channel={self.channel!r}, discord={mask(self.discord)!r}, "
            f"server={self.server!r}, max_jobs={self.max_jobs!r}, "
            f"pending_mod_message={self.pending_mod_message!r})"
        )

    __str__ = __repr__


def _opt(value: Any) -> Any:
    return None if isinstance(value, Unset) else value


def account_from_model(channel: str, model: MidjourneyAccount) -> Account:
    """An Account from a parsed useapi account configuration."""
    return Account(
        channel=_opt(model.channel) or channel,
        discord=_opt(model.discord),
        server=_opt(model.server),
        max_jobs=_opt(model.max_jobs),
        pending_mod_message=_opt(model.pending_mod_message),
    )


class _Useapi(Described):
    """What only useapi has: its accounts, read the same way on both twins."""

    info = USEAPI

    def _accounts(self, response: Any) -> dict[str, Account]:
        body = self._decoded(_ACCOUNTS, response)
        try:
            parsed = MidjourneyAccounts.from_dict(body)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            self._bad(response, exc)
        return {
            channel: account_from_model(channel, model)
            for channel, model in parsed.additional_properties.items()
        }


class Useapi(_Useapi, ProviderClient):
    """useapi.net Midjourney client. The token comes from `token=` or USEAPI_TOKEN.

    Use as a context manager (or call `close()`) to release the connection pool.
    """

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        deadline: float | None = None,
        transport: httpx.BaseTransport | None = None,
        allow_insecure: bool = False,
        rate_gate: RateGate | Literal[False] | None = None,
    ) -> None:
        super().__init__(
            {} if token is None else {"token": token},
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            allow_insecure=allow_insecure,
            rate_gate=rate_gate,
        )

    def running(self, *, deadline: float | None = None) -> list[str]:
        """The ids of the jobs currently executing."""
        return [job.id for job in self.jobs(deadline=deadline)]

    def accounts(self, *, deadline: float | None = None) -> dict[str, Account]:
        """Every configured Midjourney account, keyed by Discord channel id."""
        return self._exchange(
            "GET",
            "/account/midjourney",
            list_midjourney_accounts._get_kwargs,
            self._accounts,
            deadline,
        )


class AsyncUseapi(_Useapi, AsyncProviderClient):
    """Async twin of `Useapi`: the same methods, awaitable. Use `async with` or `aclose()`."""

    def __init__(
        self,
        token: str | None = None,
        *,
        base_url: str | None = None,
        timeout: float | httpx.Timeout | None = DEFAULT_TIMEOUT,
        max_retries: int = DEFAULT_MAX_RETRIES,
        deadline: float | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        allow_insecure: bool = False,
        rate_gate: RateGate | Literal[False] | None = None,
    ) -> None:
        super().__init__(
            {} if token is None else {"token": token},
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            allow_insecure=allow_insecure,
            rate_gate=rate_gate,
        )

    async def running(self, *, deadline: float | None = None) -> list[str]:
        """The ids of the jobs currently executing."""
        return [job.id for job in await self.jobs(deadline=deadline)]

    async def accounts(self, *, deadline: float | None = None) -> dict[str, Account]:
        """Every configured Midjourney account, keyed by Discord channel id."""
        return await self._exchange(
            "GET",
            "/account/midjourney",
            list_midjourney_accounts._get_kwargs,
            self._accounts,
            deadline,
        )
