"""Topaz Labs Image API: `Topaz` and `AsyncTopaz`, as `specs/providers/topaz.yaml` describes it.

Everything Topaz does is in its description (cancel answers 204, or 409 for a job past
cancelling, which is then read; UUID process ids; Unix-second times): these classes only spell
out the typed constructors.
"""

from __future__ import annotations

from typing import Literal

import httpx

from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._provider import AsyncProviderClient, ProviderClient
from ._rate import RateGate
from .registry import TOPAZ

__all__ = ["AsyncTopaz", "Topaz"]


class Topaz(ProviderClient):
    """Topaz Labs Image API client. The key comes from `api_key=` or TOPAZ_API_KEY.

    Use as a context manager (or call `close()`) to release the connection pool.
    """

    info = TOPAZ

    def __init__(
        self,
        api_key: str | None = None,
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
            {} if api_key is None else {"api_key": api_key},
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            allow_insecure=allow_insecure,
            rate_gate=rate_gate,
        )


class AsyncTopaz(AsyncProviderClient):
    """Async twin of `Topaz`: the same methods, awaitable. Use `async with` or `aclose()`."""

    info = TOPAZ

    def __init__(
        self,
        api_key: str | None = None,
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
            {} if api_key is None else {"api_key": api_key},
            base_url=base_url,
            timeout=timeout,
            max_retries=max_retries,
            deadline=deadline,
            transport=transport,
            allow_insecure=allow_insecure,
            rate_gate=rate_gate,
        )
