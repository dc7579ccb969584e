"""Fault injection for the fakes: seeded rates and a scripted queue.

A fake consults its `Faults` once per request to a spec operation (never for `/_fake/...`
control routes). Scripted faults come first, in order; otherwise one seeded draw decides
whether a random fault fires. Everything is off by default, and the same seed and the same
request order give the same faults.

What each kind does:

- ``slow``: wait ``seconds`` (``asyncio.sleep``), then answer normally.
- ``error``: answer ``code`` with the provider's own error body; no state changes.
  A 429 carries ``Retry-After`` unless ``retry_after`` is None.
- ``html``: answer ``code`` (502 by default) with a proxy's ``text/html`` page.
- ``empty``: run the request (state changes), then send its status with an empty body.
- ``truncated``: run the request (state changes), then send half of its body.
- ``drop``: close the connection before the request is handled (no state change). In-process
  transports raise ``httpx.RemoteProtocolError``; a served fake closes the socket.
- ``trickle``: run the request, send its status and headers at once, then the body in
  ``pieces`` parts ``seconds`` apart (a slow body: each gap is shorter than a read timeout).
"""

from __future__ import annotations

import random
import threading
from collections import deque
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Fault", "FaultKind", "Faults"]

FaultKind = Literal["slow", "error", "html", "empty", "truncated", "drop", "trickle"]


@dataclass(frozen=True)
class Fault:
    """One fault to apply to one request; build it with the class methods."""

    kind: FaultKind
    code: int | None = None
    retry_after: str | None = None
    seconds: float = 0.0
    pieces: int = 1

    @classmethod
    def error(cls, code: int, retry_after: str | None = None) -> Fault:
        """Answer `code` with the provider's error body (a 429 gets `Retry-After` if given)."""
        return cls("error", code=code, retry_after=retry_after)

    @classmethod
    def too_many_requests(cls, retry_after: str | None = "1") -> Fault:
        """Answer 429; `retry_after=None` leaves the `Retry-After` header out."""
        return cls("error", code=429, retry_after=retry_after)

    @classmethod
    def html(cls, code: int = 502) -> Fault:
        """Answer `code` with a reverse proxy's HTML error page."""
        return cls("html", code=code)

    @classmethod
    def empty(cls, code: int | None = None) -> Fault:
        """Handle the request, then send an empty body (with `code` instead of the real status)."""
        return cls("empty", code=code)

    @classmethod
    def truncated(cls) -> Fault:
        """Handle the request, then send only the first half of its body."""
        return cls("truncated")

    @classmethod
    def drop(cls) -> Fault:
        """Close the connection without an answer; the request is not handled."""
        return cls("drop")

    @classmethod
    def slow(cls, seconds: float) -> Fault:
        """Wait `seconds` before handling the request normally."""
        return cls("slow", seconds=seconds)

    @classmethod
    def trickle(cls, pieces: int = 8, seconds: float = 0.4) -> Fault:
        """Answer at once, but send the body in `pieces` parts `seconds` apart."""
        return cls("trickle", seconds=seconds, pieces=max(1, pieces))


@dataclass
class Faults:
    """Fault settings for one fake. All rates are probabilities per targeted request.

    `operations` limits the rates and `latency` to those operationIds (None: every operation);
    `script()` queues exact faults for the next calls. `seed` makes the draws reproducible.
    """

    latency: float = 0.0
    rate_429: float = 0.0
    retry_after: str | None = "1"
    rate_5xx: float = 0.0
    statuses_5xx: tuple[int, ...] = (500, 502, 503, 520)
    rate_html: float = 0.0
    html_status: int = 502
    rate_empty: float = 0.0
    rate_truncated: float = 0.0
    rate_drop: float = 0.0
    operations: Collection[str] | None = None
    seed: int = 0
    _rng: random.Random = field(init=False, repr=False, compare=False)
    _queue: deque[tuple[str | None, Fault]] = field(
        init=False, repr=False, compare=False, default_factory=deque
    )
    _lock: threading.Lock = field(
        init=False, repr=False, compare=False, default_factory=threading.Lock
    )

    def __post_init__(self) -> None:
        total = (
            self.rate_429
            + self.rate_5xx
            + self.rate_html
            + self.rate_empty
            + self.rate_truncated
            + self.rate_drop
        )
        if not 0.0 <= total <= 1.0:
            raise ValueError(f"fault rates must add up to a value in [0, 1], got {total}")
        if self.rate_5xx and not self.statuses_5xx:
            raise ValueError("rate_5xx needs at least one status in statuses_5xx")
        self._rng = random.Random(self.seed)  # noqa: S311 - reproducible, not secret

    def script(self, operation: str | None, fault: Fault | int, times: int = 1) -> Faults:
        """Make the next `times` calls to `operation` (None: any operation) fail with `fault`.

        An int is shorthand for `Fault.error(code)`; 429 then uses this object's `retry_after`.
        Returns self so calls chain.
        """
        if isinstance(fault, int):
            fault = Fault.error(fault, self.retry_after if fault == 429 else None)
        with self._lock:
            self._queue.extend((operation, fault) for _ in range(times))
        return self

    def pending(self) -> int:
        """How many scripted faults have not fired yet."""
        with self._lock:
            return len(self._queue)

    def reset(self) -> None:
        """Forget scripted faults and restart the random sequence from `seed`."""
        with self._lock:
            self._queue.clear()
            self._rng = random.Random(self.seed)  # noqa: S311 - reproducible, not secret

    def targets(self, operation: str) -> bool:
        """Whether the rates and `latency` apply to `operation`."""
        return self.operations is None or operation in self.operations

    def draw(self, operation: str) -> tuple[float, Fault | None]:
        """Pick (added latency, fault or None) for one request to `operation`."""
        with self._lock:
            for index, (target, fault) in enumerate(self._queue):
                if target is None or target == operation:
                    del self._queue[index]
                    return 0.0, fault
            if not self.targets(operation):
                return 0.0, None
            return self.latency, self._draw_random()

    def _draw_random(self) -> Fault | None:
        # Always exactly one draw (two for a 5xx), so a sequence of requests maps to a fixed
        # sequence of faults for a given seed whatever the rates are.
        roll = self._rng.random()
        for rate, make in (
            (self.rate_drop, Fault.drop),
            (self.rate_429, lambda: Fault.too_many_requests(self.retry_after)),
            (self.rate_5xx, lambda: Fault.error(self._rng.choice(self.statuses_5xx))),
            (self.rate_html, lambda: Fault.html(self.html_status)),
            (self.rate_empty, Fault.empty),
            (self.rate_truncated, Fault.truncated),
        ):
            if roll < rate:
                return make()
            roll -= rate
        return None
