"""Topaz Labs Image API: `Topaz` and `AsyncTopaz`, as `specs/providers/topaz.yaml` describes it.

Everything Topaz does is in its description (cancel answers 204, or 409 for a job past
cancelling, which is then read; UUID process ids; Unix-second times; submit is the multipart
POST /enhance/async): these classes only spell out the typed constructors and submit's body type.

    from imagejobs_gen_topaz.models import EnhanceGANRequest
    from imagejobs_gen_topaz.types import File

    with Topaz() as tz:
        body = EnhanceGANRequest(image=File(payload=open("in.png", "rb"), file_name="in.png"))
        job = tz.run(body, timeout=600)  # submitted, waited for, cancelled if time runs out
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import httpx
from imagejobs_gen_topaz.models import EnhanceGANRequest

from ._constants import DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._provider import AsyncProviderClient, ProviderClient
from ._rate import RateGate
from .job import Job
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

    def submit(
        self, body: EnhanceGANRequest | Mapping[str, Any], *, deadline: float | None = None
    ) -> Job:
        """Start an enhancement (the image is uploaded as bytes); returns the queued Job."""
        return super().submit(body, deadline=deadline)


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

    async def submit(
        self, body: EnhanceGANRequest | Mapping[str, Any], *, deadline: float | None = None
    ) -> Job:
        """Start an enhancement (see `Topaz.submit`)."""
        return await super().submit(body, deadline=deadline)
