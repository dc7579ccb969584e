"""Reading response headers: case-insensitive lookup, Retry-After, request ids.

Below both `errors` (which reads request ids and Retry-After into its exceptions) and `_retry`
(which decides waits from Retry-After), so neither has to import the other.
"""

from __future__ import annotations

import math
import sys
import time
from collections.abc import Mapping

__all__ = ["REQUEST_ID_HEADERS", "caseless", "header", "request_id", "retry_after"]

REQUEST_ID_HEADERS = ("x-request-id", "request-id", "cf-ray")


#: Per mapping type: whether its `get` ignores case (httpx.Headers, multidict's CIMultiDict).
_CASELESS: dict[type, bool] = {}


def caseless(headers: Mapping[str, str]) -> bool:
    """Whether `headers` looks names up case-insensitively itself (decided once per type)."""
    kind = type(headers)
    known = _CASELESS.get(kind)
    if known is None:
        multidict = sys.modules.get("multidict")  # aiohttp's; loaded only with an async client
        known = hasattr(headers, "get_list") or (
            multidict is not None
            and isinstance(headers, multidict.CIMultiDict | multidict.CIMultiDictProxy)
        )
        _CASELESS[kind] = known
    return known


def header(headers: Mapping[str, str], name: str) -> str | None:
    """A header's value by lower-case `name`, from httpx.Headers, a CIMultiDict or a dict alike."""
    value = headers.get(name)
    if value is None and not caseless(headers):  # a plain dict is case-sensitive
        value = next((v for k, v in headers.items() if k.lower() == name), None)
    return value


def request_id(headers: Mapping[str, str]) -> str | None:
    """The provider's id for the request (x-request-id, request-id or Cloudflare's cf-ray)."""
    for name in REQUEST_ID_HEADERS:
        value = header(headers, name)
        if value:
            return value
    return None


def retry_after(headers: Mapping[str, str], *, now: float | None = None) -> float | None:
    """Seconds the server asked us to wait, from retry-after-ms or Retry-After; else None.

    Retry-After may be seconds ("2", "1.5") or an HTTP date. Missing, zero, negative, or
    unparseable values give None (so the caller falls back to backoff). Not capped here.
    """
    ms = header(headers, "retry-after-ms")
    if ms is not None:
        seconds = _positive(ms, scale=1000.0)
        if seconds is not None:
            return seconds
    value = header(headers, "retry-after")
    if value is None:
        return None
    seconds = _positive(value)
    if seconds is not None:
        return seconds
    # Local: the email package is only worth loading for the rare date-form header.
    from email.utils import parsedate_to_datetime

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    delta = when.timestamp() - (time.time() if now is None else now)
    return delta if delta > 0 else None


def _positive(value: str, *, scale: float = 1.0) -> float | None:
    try:
        number = float(value) / scale
    except ValueError:
        return None
    return number if math.isfinite(number) and number > 0 else None
