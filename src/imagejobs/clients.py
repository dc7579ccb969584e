"""A client by name, for code that does not know the provider in advance.

    imagejobs.client("replicate", token="...")          # a ProviderClient
    imagejobs.async_client("openai", api_key="...")     # an AsyncProviderClient

A provider with a public class of its own (`Useapi`, `Topaz`, `JobsApi` and their twins, which
add what is truly theirs) gets that class; every other described provider gets a class made
from its description, named as the description says (`client:`), once per process.
"""

from __future__ import annotations

from functools import cache
from typing import Any, TypeVar, cast

from ._provider import AsyncProviderClient, ProviderClient
from .jobs_api import AsyncJobsApi, JobsApi
from .registry import get
from .topaz import AsyncTopaz, Topaz
from .useapi import AsyncUseapi, Useapi

__all__ = ["async_client", "async_client_class", "client", "client_class"]

T = TypeVar("T")

_OWN: dict[str, tuple[type[ProviderClient], type[AsyncProviderClient]]] = {
    cls.provider: (cls, twin)
    for cls, twin in ((Useapi, AsyncUseapi), (Topaz, AsyncTopaz), (JobsApi, AsyncJobsApi))
}


def _made(name: str, twin: int, base: type[T]) -> type[T]:
    """Provider `name`'s own class (`twin` 0: sync, 1: async), else one made from `base`."""
    info = get(name)
    if name in _OWN:
        return cast("type[T]", _OWN[name][twin])
    made = type(
        (info.client, info.async_client)[twin], (base,), {"info": info, "__module__": __name__}
    )
    made.__doc__ = f"{info.title}: a client made from {info.description.source}."
    return made


@cache
def client_class(name: str) -> type[ProviderClient]:
    """The sync client class of provider `name` (ValueError naming the known ones if none)."""
    return _made(name, 0, ProviderClient)


@cache
def async_client_class(name: str) -> type[AsyncProviderClient]:
    """The async client class of provider `name`."""
    return _made(name, 1, AsyncProviderClient)


def _split(name: str, options: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keywords = {c.keyword for c in get(name).credentials}
    credentials = {k: options.pop(k) for k in list(options) if k in keywords}
    return credentials, options


def client(name: str, /, **options: Any) -> ProviderClient:
    """A sync client of provider `name`.

    `options`: its credentials by keyword (else their environment variables) and any client
    option (`base_url=`, `timeout=`, `deadline=`...).
    """
    cls = client_class(name)
    credentials, rest = _split(name, options)
    if name in _OWN:
        return cls(**credentials, **rest)
    return cls(credentials, **rest)


def async_client(name: str, /, **options: Any) -> AsyncProviderClient:
    """An async client of provider `name` (see `client`)."""
    cls = async_client_class(name)
    credentials, rest = _split(name, options)
    if name in _OWN:
        return cls(**credentials, **rest)
    return cls(credentials, **rest)
