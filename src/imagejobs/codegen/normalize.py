"""Placeholder until the normalization registry lands (same interface)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from .spec.pointer import Pointer


@dataclass(frozen=True)
class Rewrite:
    """One named rewrite of the effective spec."""

    name: str
    summary: str
    apply: Callable[[dict[str, Any]], list[Pointer]]


REWRITES: dict[str, Rewrite] = {}
DEFAULT_ENABLED: tuple[str, ...] = ()


def normalize(doc: dict[str, Any], enabled: Iterable[str]) -> dict[str, list[Pointer]]:
    """Apply the enabled rewrites in order; name -> pointers touched."""
    out: dict[str, list[Pointer]] = {}
    for name in enabled:
        if name not in REWRITES:
            raise ValueError(f"unknown normalization {name!r}")
        out[name] = REWRITES[name].apply(doc)
    return out
