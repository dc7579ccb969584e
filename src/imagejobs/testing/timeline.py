"""Job timelines for the fakes, and a virtual clock to run them (and the clients) on.

A `Timeline` says where a job is at each moment of the fake's clock, counted from when it was
scripted (`fake.script_job(id, timeline)` or `fake.add_scripted_job(timeline)`), and what its
polls see:

    Timeline.finishes(queued=1, running=2)   queued, running after 1 s, completed after 3 s
    Timeline.finishes(outcome=FAILED)        ... and failed instead
    Timeline.stuck()                         running forever
    Timeline.fails_after(polls=3)            running for 3 status reads, failed from the 4th
    Timeline.finishes().throttled(polls=2)   the first 2 status reads answer 429 + Retry-After

States are `JobStatus` values, which each fake spells in its provider's words (the first of the
provider's states in `registry` that maps to it: useapi `created`/`started`, Topaz
`Pending`/`Processing`, the jobs API `new`/`started`/`refused`), or a provider's own state
string. A job that reaches a final state by any road (its timeline, or a cancel) stays there.
Jobs without a timeline keep today's behaviour: they change only when cancelled (or with
`auto_advance`).

`VirtualClock` is a clock that moves only when something sleeps on it or calls `advance()`.
Give it to a fake (`FakeTopaz(clock=vc)`: it is callable, in Unix seconds) and to the clients
(`imagejobs.use_clock(vc)`), and `client.wait(...)` runs a whole timeline in microseconds,
without sleeping. Concurrent sleepers each move it by their own sleep, so it suits one waiter
at a time; give concurrent waits (`wait_many`) a real clock or ignore the sums.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from typing import Any

from imagejobs.job import JobStatus

__all__ = ["Timeline", "VirtualClock"]

State = JobStatus | str


@dataclass(frozen=True)
class Timeline:
    """A job's script: the states it passes through and what its status reads answer.

    Attributes:
        steps: (seconds after the start, state) pairs in time order; the job is in the state
            of the last step whose time has come.
        fail_after_polls: If set, the job fails once it has answered this many status reads.
        throttle_polls: The first this-many status reads answer 429 (the job does not move).
        retry_after: The `Retry-After` header on those 429s (None: no header).

    """

    steps: tuple[tuple[float, State], ...] = ((0.0, JobStatus.RUNNING),)
    fail_after_polls: int | None = None
    throttle_polls: int = 0
    retry_after: str | None = "1"

    def __post_init__(self) -> None:
        if not self.steps or self.steps[0][0] != 0:
            raise ValueError("a timeline starts with a step at 0 seconds")
        times = [at for at, _ in self.steps]
        if times != sorted(times):
            raise ValueError("timeline steps must be in time order")
        if any(state is JobStatus.UNKNOWN for _, state in self.steps):
            raise ValueError("a fake cannot answer UNKNOWN; use the provider's own string")

    @classmethod
    def finishes(
        cls,
        *,
        queued: float = 1.0,
        running: float = 2.0,
        outcome: State = JobStatus.COMPLETED,
    ) -> Timeline:
        """Queued for `queued` s, running for `running` s, then `outcome`."""
        return cls(
            ((0.0, JobStatus.QUEUED), (queued, JobStatus.RUNNING), (queued + running, outcome))
        )

    @classmethod
    def stuck(cls, state: State = JobStatus.RUNNING) -> Timeline:
        """In `state` forever."""
        return cls(((0.0, state),))

    @classmethod
    def fails_after(cls, polls: int, state: State = JobStatus.RUNNING) -> Timeline:
        """In `state` for the first `polls` status reads, failed from the next one on."""
        return cls(((0.0, state),), fail_after_polls=polls)

    def throttled(self, polls: int, retry_after: str | None = "1") -> Timeline:
        """The same timeline, with the first `polls` status reads answering 429."""
        return replace(self, throttle_polls=polls, retry_after=retry_after)

    def state(self, elapsed: float, polls: int) -> State:
        """Where the job is `elapsed` seconds in, after answering `polls` status reads."""
        if self.fail_after_polls is not None and polls > self.fail_after_polls:
            return JobStatus.FAILED
        now = self.steps[0][1]
        for at, state in self.steps:
            if at <= elapsed:
                now = state
        return now

    # -- JSON, for `POST /_fake/jobs` {"status": ..., "timeline": {...}} on a served fake

    def to_dict(self) -> dict[str, Any]:
        """The timeline as JSON-ready data (`from_dict` reads it back)."""
        return {
            "steps": [[at, str(state)] for at, state in self.steps],
            "fail_after_polls": self.fail_after_polls,
            "throttle_polls": self.throttle_polls,
            "retry_after": self.retry_after,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Timeline:
        """A timeline from `to_dict` data; states are JobStatus values or provider strings."""
        statuses = {s.value: s for s in JobStatus}
        steps = tuple(
            (float(at), statuses.get(str(state), str(state)))
            for at, state in data.get("steps", [[0, "running"]])
        )
        fail = data.get("fail_after_polls")
        return cls(
            steps,
            fail_after_polls=None if fail is None else int(fail),
            throttle_polls=int(data.get("throttle_polls", 0)),
            retry_after=data.get("retry_after", "1"),
        )


@dataclass
class Track:
    """A scripted job's progress: its timeline, when it started and what its reads saw."""

    timeline: Timeline
    started: float
    polls: int = 0
    throttled: int = 0


#: Where a `VirtualClock` starts: the fakes' fixed epoch, 2026-01-01T00:00:00Z.
_EPOCH = 1_767_225_600.0


@dataclass
class VirtualClock:
    """Time that passes only when something sleeps on it or calls `advance()`.

    Callable (Unix seconds), so it is a fake's `clock=`; `now`/`sleep`/`asleep` make it the
    clients' clock too (`imagejobs.use_clock`). `sleeps` records every sleep, in order.
    """

    start: float = _EPOCH
    sleeps: list[float] = field(default_factory=list)
    _offset: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __call__(self) -> float:
        return self.now()

    def now(self) -> float:
        """The current virtual time."""
        with self._lock:
            return self.start + self._offset

    def advance(self, seconds: float) -> None:
        """Move time on by `seconds`."""
        with self._lock:
            self._offset += max(0.0, seconds)

    def sleep(self, seconds: float) -> None:
        """Sleep without sleeping: time moves on by `seconds` at once."""
        self.sleeps.append(seconds)
        self.advance(seconds)

    async def asleep(self, seconds: float) -> None:
        """Async twin of `sleep`; yields to the event loop once."""
        import asyncio

        self.sleep(seconds)
        await asyncio.sleep(0)
