"""imagejobs: one dependable way to control jobs on image-generation APIs.

    from imagejobs import Useapi, Topaz, JobsApi                 # sync clients
    from imagejobs import AsyncUseapi, AsyncTopaz, AsyncJobsApi  # async twins
    from imagejobs import client, async_client                   # any provider, by name
    from imagejobs import Job, JobStatus, errors, cancel_many, get_many, wait_many
    from imagejobs import cancel_many_sync, get_many_sync, wait_many_sync  # on a sync client
    from imagejobs import within, PollInterval, TERMINAL         # waiting and deadlines
    from imagejobs import RateGate                               # one gate shared by clients

Names load on first use (module `__getattr__`), so `import imagejobs` stays cheap: httpx,
aiohttp, tenacity and the generated clients are imported only when a client is.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._constants import __version__

if TYPE_CHECKING:
    from . import errors
    from ._deadline import use_clock, within
    from ._rate import RateGate
    from ._wait import PollInterval
    from .bulk import (
        Results,
        cancel_many,
        cancel_many_sync,
        get_many,
        get_many_sync,
        wait_many,
        wait_many_sync,
    )
    from .clients import async_client, client
    from .errors import ImageJobsError
    from .job import TERMINAL, Job, JobStatus
    from .jobs_api import AsyncJobsApi, JobsApi
    from .topaz import AsyncTopaz, Topaz
    from .useapi import Account, AsyncUseapi, Useapi

# public name -> the module that defines it
_EXPORTS = {
    "Useapi": "useapi",
    "AsyncUseapi": "useapi",
    "Account": "useapi",
    "Topaz": "topaz",
    "AsyncTopaz": "topaz",
    "JobsApi": "jobs_api",
    "AsyncJobsApi": "jobs_api",
    "Job": "job",
    "JobStatus": "job",
    "ImageJobsError": "errors",
    "RateGate": "_rate",
    "Results": "bulk",
    "cancel_many": "bulk",
    "cancel_many_sync": "bulk",
    "get_many": "bulk",
    "get_many_sync": "bulk",
    "wait_many": "bulk",
    "wait_many_sync": "bulk",
    "TERMINAL": "job",
    "client": "clients",
    "async_client": "clients",
    "PollInterval": "_wait",
    "within": "_deadline",
    "use_clock": "_deadline",
}

__all__ = [
    "TERMINAL",
    "Account",
    "AsyncJobsApi",
    "AsyncTopaz",
    "AsyncUseapi",
    "ImageJobsError",
    "Job",
    "JobStatus",
    "JobsApi",
    "PollInterval",
    "RateGate",
    "Results",
    "Topaz",
    "Useapi",
    "__version__",
    "async_client",
    "cancel_many",
    "cancel_many_sync",
    "client",
    "errors",
    "get_many",
    "get_many_sync",
    "use_clock",
    "wait_many",
    "wait_many_sync",
    "within",
]


def __getattr__(name: str) -> Any:
    """Import a public name's module on first access (PEP 562)."""
    if name == "errors":
        return importlib.import_module(".errors", __name__)
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'imagejobs' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
