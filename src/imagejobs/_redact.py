"""Keeping secrets out of text: every error message and body passes through a `Redactor`.

The facade never puts a credential into a message on purpose; this is the second line, for a
server that echoes the token back ("invalid key abc123...") into an error body we then quote.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from typing import Any

__all__ = ["MASK", "Redactor", "mask"]

MASK = "***"

# Shorter strings are not secrets worth hunting and would mangle ordinary words.
_MIN_SECRET_LENGTH = 6


def mask(value: str | None) -> str | None:
    """What a repr shows instead of a secret: "***" when there is one, None when not."""
    return MASK if value else None


class Redactor:
    """Replaces every known secret in text (and in parsed bodies) with "***".

    Secrets can be added later (an OAuth access token arrives after construction); adding is
    thread-safe, and scrubbing reads an immutable snapshot.
    """

    __slots__ = ("_lock", "_secrets")

    def __init__(self, secrets: Iterable[str | None] = ()) -> None:
        self._lock = threading.Lock()
        self._secrets: tuple[str, ...] = ()
        for secret in secrets:
            self.add(secret)

    def add(self, secret: str | None) -> None:
        """Remember one more secret (ignored when empty or too short to be one)."""
        if not secret or len(secret) < _MIN_SECRET_LENGTH:
            return
        with self._lock:
            if secret not in self._secrets:
                # Longest first, so a secret containing another is masked whole.
                self._secrets = tuple(sorted((*self._secrets, secret), key=len, reverse=True))

    def text(self, value: str) -> str:
        """`value` with every known secret replaced by "***"."""
        for secret in self._secrets:
            if secret in value:
                value = value.replace(secret, MASK)
        return value

    def obj(self, value: Any) -> Any:
        """A copy of a parsed JSON value with every string scrubbed (dicts and lists recursed)."""
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, dict):
            return {self.text(str(k)): self.obj(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.obj(v) for v in value]
        return value

    def __repr__(self) -> str:
        return f"Redactor({len(self._secrets)} secrets)"
