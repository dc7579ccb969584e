"""The bulk run of ``imagejobs cancel``, ``status`` and ``wait``, with its progress bar.

`BulkRun` drives `bulk.cancel_many` / `get_many` / `wait_many` over a command's ids: the first id
alone (so a refused credential or an unreachable provider costs one request), then the rest,
writing each id's line as its result arrives, a progress bar on a terminal, and a line for
every id that never finished (in flight or not attempted) when the run stops early or on
Ctrl-C. What the run saw (`finished`, `in_flight`, `not_attempted`, `stopped_line`) makes the
command's summary line and exit code.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import typer

from ._cli_clients import Connection, auth_hint, is_auth_error, is_unreachable, unreachable_hint
from ._cli_options import Format
from ._cli_output import IN_FLIGHT, Outcome, RowWriter, finish, job_record
from ._constants import DEFAULT_CONCURRENCY

if TYPE_CHECKING:
    from .errors import ImageJobsError
    from .job import Job

__all__ = ["PROGRESS_THRESHOLD", "BulkRun", "RecordOf"]

PROGRESS_THRESHOLD = 5  # below this many ids a progress bar is noise


class _Stop(Exception):
    """Raised from `on_result` to stop a batch: refused credentials, or no provider to reach."""


#: What a bulk run reports for one id: (provider, id, its result, `IN_FLIGHT` or None) -> its record.
RecordOf = Callable[[str, str, Outcome], dict[str, Any]]


@dataclass
class BulkRun:
    """`cancel_many` / `get_many` / `wait_many` over the ids, reporting each result as it arrives.

    The first id goes alone (`first_alone`); only once it answered do the rest go, `concurrency`
    at a time. So a refused credential (401/403 before any success) costs one request and stops
    the run (`refused`), and so does a provider that cannot be reached at all (`unreachable`:
    refused connection, DNS, TLS, after the call's retries); the ids after it are reported as
    not attempted. A wait sends them all at once (the first id's wait could take hours), so
    there the first result stops the run. Ctrl-C stops it too (`interrupted`): `on_result` has seen every
    id that finished, so nothing finished is lost, and `on_start` every id whose call began, so
    an id in flight (`IN_FLIGHT`: sent, outcome unknown) is told from one never sent (None).
    `record` turns a result into its line.
    """

    operation: str  # "cancel", "get" or "wait"
    conn: Connection
    ids: list[str]
    writer: RowWriter
    concurrency: int = DEFAULT_CONCURRENCY
    call_kwargs: dict[str, Any] = field(default_factory=dict)
    record: RecordOf = job_record
    first_alone: bool = True
    progress_threshold: int = PROGRESS_THRESHOLD
    #: Sees each result after its line is written (a live view of the run).
    observe: Callable[[int, Job | ImageJobsError], None] | None = None
    #: Kept open while the calls run, closed before the rows are drawn (a live view).
    around: AbstractContextManager[Any] | None = None
    results: dict[int, Job | ImageJobsError] = field(default_factory=dict)
    #: Positions of the ids whose call began (finished or not).
    started: set[int] = field(default_factory=set)
    #: What the client's rate gate did over the run (`bulk.Results`' counts, summed).
    throttled: int = 0
    rate_limited: int = 0
    rate: float | None = None
    refused: ImageJobsError | None = None
    unreachable: ImageJobsError | None = None
    interrupted: bool = False
    _progress: Callable[[int], None] | None = field(default=None, init=False, repr=False)

    def run(self, client: Any) -> None:
        """Run the batch on an async client (built by `make_client` outside the loop)."""
        import asyncio

        try:
            with self.around if self.around is not None else contextlib.nullcontext():
                asyncio.run(self._go(client))
        except KeyboardInterrupt:
            self.interrupted = True
        except _Stop:
            pass
        # Every id without a result gets its line (JSON/TSV), so a script can retry those; a
        # table shows the ids in flight (to check) but not the many never sent.
        table = self.writer.format is Format.TABLE
        for index in range(len(self.ids)):
            if index not in self.results and not (table and index not in self.started):
                self.writer.write(self.unfinished(index))
        self.writer.close()
        if self.throttled or self.rate_limited:
            from .bulk import Results

            met = Results()
            met.throttled, met.rate_limited, met.rate = self.throttled, self.rate_limited, self.rate
            typer.echo(f"rate limit: {met.summary()}", err=True)

    def _met(self, got: object) -> None:
        """Add what the rate gate did in one `bulk` call (its `Results`) to the run's counts."""
        self.throttled += getattr(got, "throttled", 0)
        self.rate_limited += getattr(got, "rate_limited", 0)
        rate = getattr(got, "rate", None)
        if rate is not None:
            self.rate = rate

    def _on_result(self, index: int, result: Job | ImageJobsError) -> None:
        if self.refused is not None or self.unreachable is not None:
            raise _Stop  # already stopping: results still arriving are not reported
        from .errors import ImageJobsError

        ok_before = any(not isinstance(r, ImageJobsError) for r in self.results.values())
        self.results[index] = result
        self.writer.write(self.record(self.conn.provider, self.ids[index], result))
        if self._progress is not None:
            self._progress(index)
        if self.observe is not None:
            self.observe(index, result)
        if isinstance(result, ImageJobsError) and not ok_before:
            if is_auth_error(result):
                self.refused = result
                raise _Stop
            # Only before any answer: once the provider answered, a failed connection is
            # about that moment, and the other ids may still get through.
            if is_unreachable(result) and not self.results.keys() - {index}:
                self.unreachable = result
                raise _Stop

    def _progress_bar(self) -> Any:
        """A started rich progress bar on stderr (a table run of many ids on a terminal), or None.

        Each result advances it (`_progress`); `_go` stops it, so it leaves no line behind.
        """
        if (
            self.writer.format is not Format.TABLE
            or len(self.ids) <= self.progress_threshold
            or not sys.stderr.isatty()
        ):
            return None
        from rich.console import Console
        from rich.progress import Progress

        progress = Progress(console=Console(stderr=True), transient=True)
        task_id = progress.add_task(f"{self.operation} {len(self.ids)} jobs", total=len(self.ids))
        self._progress = lambda _index: progress.advance(task_id)
        progress.start()
        return progress

    async def _go(self, client: Any) -> None:
        from . import bulk as many  # the module, not the package __init__ above the CLI

        bulks: dict[str, Callable[..., Awaitable[Any]]] = {
            "cancel": many.cancel_many,
            "get": many.get_many,
            "wait": many.wait_many,
        }
        bulk = bulks[self.operation]
        progress = self._progress_bar()

        def offset(start: int) -> Callable[[int, Job | ImageJobsError], None]:
            return lambda index, result: self._on_result(start + index, result)

        def started(start: int) -> Callable[[int], None]:
            return lambda index: self.started.add(start + index)

        first = 1 if self.first_alone else 0
        try:
            async with client:
                if first:
                    self._met(
                        await bulk(
                            client,
                            self.ids[:1],
                            concurrency=1,
                            on_result=offset(0),
                            on_start=started(0),
                            **self.call_kwargs,
                        )
                    )
                if len(self.ids) > first:
                    got = await bulk(
                        client,
                        self.ids[first:],
                        concurrency=self.concurrency,
                        on_result=offset(first),
                        on_start=started(first),
                        **self.call_kwargs,
                    )
                    self._met(got)
        finally:
            if progress is not None:
                progress.stop()

    # -- what happened

    @property
    def finished(self) -> int:
        return len(self.results)

    @property
    def in_flight(self) -> int:
        """Ids whose call began but never finished: sent (or about to be), outcome unknown."""
        return len(self.started - self.results.keys())

    @property
    def not_attempted(self) -> int:
        """Ids whose call never began: certainly not sent."""
        return len(self.ids) - len(self.results) - self.in_flight

    def unfinished(self, index: int) -> dict[str, Any]:
        """The record of an id without a result: in flight, or not attempted."""
        outcome = IN_FLIGHT if index in self.started else None
        return self.record(self.conn.provider, self.ids[index], outcome)

    def count(self, test: Callable[[dict[str, Any]], bool]) -> int:
        """How many finished ids' records pass `test`."""
        return sum(
            1
            for index, result in self.results.items()
            if test(self.record(self.conn.provider, self.ids[index], result))
        )

    def stopped_line(self) -> str | None:
        """Why the run stopped early, as the one line to print; None if it ran to the end."""
        if self.refused is not None:
            return auth_hint(self.conn.info, self.refused) + "; stopped after the first answer"
        if self.unreachable is not None:
            first = "first result" if self.operation == "wait" else "first id"
            return unreachable_hint(self.conn, self.unreachable) + f"; stopped after the {first}"
        if self.interrupted:
            return "interrupted"
        return None

    def finish(self, line: str, code: int) -> None:
        """Print the summary `line` (with why the run stopped, if it did) and raise the code."""
        finish(
            line,
            code,
            refused=self.stopped_line() if self.refused is not None else None,
            unreachable=self.stopped_line() if self.unreachable is not None else None,
            interrupted=self.interrupted,
        )
