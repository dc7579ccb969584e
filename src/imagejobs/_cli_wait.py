"""``imagejobs wait`` and ``imagejobs status --watch``: follow jobs to their end from the shell.

A command module (`cli.COMMAND_MODULES`): `register(app)` adds ``wait``; ``status --watch``
is an option of `cli.status`, which calls `run_watch`. Both use what every command shares
(`_cli_options`: the connection options, `--format`, `--max-retries`, `--concurrency`;
`_cli_output`: the records and the summary line; `_exitcodes`: `Done` and the one exit-code
map). rich and the library's waiting code are imported inside the functions, so
``imagejobs --help`` stays quick.

``wait`` polls every id (`bulk.wait_many`, one time limit for the batch) with a progress bar on
a terminal, writing each id's line as its wait ends (a table at the end; TSV or JSON lines as
they come). Its ``--timeout`` is that limit, as in `client.wait(timeout=)`; the per-attempt
timeout the other commands call ``--timeout`` is ``--request-timeout`` here. Exit codes, like
``cancel``: 0 every id reached a final state; 1 some did not (out of time, or an error); 3 none
did; 4 the credentials were refused; 130 Ctrl-C, after printing what finished.

``status --watch`` redraws a table of every id's status on a terminal until each one is final
(or cannot be read: a 404 will not change), reading them all every ``--interval`` seconds; off
a terminal, or with ``--format tsv|json``, it prints the final rows only. Ctrl-C stops it
cleanly: the last rows it read are printed, and the exit code is 130.

Both run on the deadline clock (`_deadline.clock`), so tests drive them on a virtual one.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._cli_bulk import BulkRun
from ._cli_clients import (
    Connection,
    auth_hint,
    is_auth_error,
    is_unreachable,
    make_client,
    unreachable_hint,
)
from ._cli_options import (
    CONTEXT,
    BaseUrlOpt,
    ConcurrencyOpt,
    Format,
    FormatOpt,
    FromFileOpt,
    IdsArg,
    InsecureOpt,
    JsonOpt,
    MaxRetriesOpt,
    ProviderOpt,
    collect_ids,
    credential_options,
    pick_format,
)
from ._cli_output import (
    IN_FLIGHT,
    JOB_COLUMNS,
    Outcome,
    RowWriter,
    cell,
    finish,
    iso_utc,
    job_record,
    summary,
)
from ._constants import DEFAULT_CONCURRENCY, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._exitcodes import ExitCode

if TYPE_CHECKING:
    from .errors import ImageJobsError
    from .job import Job

__all__ = ["register", "run_watch", "wait_exit_code", "wait_record", "watch_record"]

WaitTimeoutOpt = Annotated[
    float | None,
    typer.Option(
        "--timeout",
        "-t",
        min=0,
        help="Seconds for the whole batch (default: no limit); ids still going then are "
        "reported as WaitTimeoutError.",
        show_default=False,
    ),
]
RequestTimeoutOpt = Annotated[
    float,
    typer.Option(
        "--request-timeout",
        min=0.1,
        help="Seconds per attempt (connect, read, write, pool): the other commands' --timeout.",
    ),
]
CancelOnTimeoutOpt = Annotated[
    bool, typer.Option("--cancel-on-timeout", help="Cancel each job still going at --timeout.")
]
PollIntervalOpt = Annotated[
    float | None,
    typer.Option(
        "--poll-interval",
        min=0.01,
        help="Fixed seconds between polls (default: 0.5 s growing to 10 s).",
        show_default=False,
    ),
]


# --- records --------------------------------------------------------------------------------


def watch_record(provider: str, job_id: str, result: Outcome) -> dict[str, Any]:
    """`job_record` with `final`: whether the id's status can no longer change."""
    from .job import Job

    record = job_record(provider, job_id, result)
    record["final"] = isinstance(result, Job) and result.status.is_final
    return record


def wait_record(provider: str, job_id: str, result: Outcome) -> dict[str, Any]:
    """One id's line from a wait: how it ended, or how far it got when time ran out."""
    from .errors import WaitTimeoutError

    record = watch_record(provider, job_id, result)
    if result is None or result is IN_FLIGHT:
        # Still waiting (or not yet started) when the run stopped: Ctrl-C, a refused credential.
        # A wait only reads, so whether its poll was in flight changes nothing.
        record["result"] = "not finished"
        record["error"] = "NotFinished"
        record["detail"] = ""
        record["message"] = "the run stopped before this id's wait ended"
    elif isinstance(result, WaitTimeoutError):
        record["polls"] = result.polls
        if result.job is not None:
            record["status"] = result.job.status.value
            record["provider_status"] = result.job.provider_status
        record["detail"] = f"out of time after {result.timeout:g} s ({result.polls} polls)"
        if result.last_error is not None:
            # Never answered (or not lately): why, so a dead server does not read as a slow job.
            last = result.last_error
            said = getattr(last, "message", None) or str(last)
            record["detail"] += f"; the last poll got no answer: {said}"
            record["last_error"] = type(last).__name__
        if result.cancel_requested:
            record["cancelled"] = result.cancelled
            record["detail"] += (
                "; cancelled on timeout" if result.cancelled else "; the cancel failed"
            )
    return record


def wait_exit_code(records: Sequence[dict[str, Any]]) -> ExitCode:
    """0 when every id ended final, 3 when none did, 1 otherwise."""
    final = sum(1 for record in records if record["final"])
    if final == len(records):
        return ExitCode.OK
    return ExitCode.ALL_FAILED if final == 0 else ExitCode.PARTIAL


# --- the live view of many jobs ------------------------------------------------------------

#: How the board counts an id, in the order the counts are shown.
STATE_ORDER = (
    "queued",
    "running",
    "moderated",
    "unknown",
    "completed",
    "failed",
    "cancelled",
    "out of time",
    "error",
    "not read",
)
#: How long a row that changed stays at the top of the board, in seconds.
CHANGED_FOR = 5.0
#: What the board's frame takes besides its rows: title, counts, the table's borders and
#: header, the "more" line, and the line the cursor rests on.
BOARD_CHROME = 8
#: The least time between two redraws, in seconds: polls can come by the hundred.
REDRAW_EVERY = 0.2


def unread_record(provider: str, job_id: str) -> dict[str, Any]:
    """A board's row for an id not read yet."""
    record = watch_record(provider, job_id, IN_FLIGHT)
    record.update(result="not read yet", error="NotRead", detail="", message="")
    return record


def state_of(record: dict[str, Any]) -> str:
    """The state a row counts as on the board (one of `STATE_ORDER`)."""
    if record["ok"]:
        return str(record["status"]) or "unknown"
    if record.get("error") == "WaitTimeoutError":
        return "out of time"
    if record.get("error") in ("NotRead", "NotAttempted", "NotFinished", "InFlight"):
        return "not read"
    return "error"


def count_line(records: Sequence[dict[str, Any]], noun: str = "jobs") -> str:
    """``"150 jobs: 40 queued, 60 running, 50 completed"``: the non-zero counts, in order."""
    counts: dict[str, int] = dict.fromkeys(STATE_ORDER, 0)
    for record in records:
        counts[state_of(record)] += 1
    parts = [f"{n} {state}" for state, n in counts.items() if n]
    return f"{len(records)} {noun}: " + ", ".join(parts)


class Board:
    """What a terminal shows while many jobs are followed (``wait``, ``status --watch``).

    A line of counts per state, then the rows that matter first: those that changed in the
    last `CHANGED_FOR` seconds (newest first), then those still going, then the settled ones,
    as many as fit the terminal's height, one line each; the rows left out are counted by
    state in one last line. Pipes never see it: they get the rows as lines, as before.
    """

    def __init__(self, title: str, records: list[dict[str, Any]]) -> None:
        from ._deadline import clock

        self.title = title
        self.records = records
        self.going: set[int] = set(range(len(records)))
        self.changed_at: dict[int, float] = {}
        self._now = clock().now
        self._live: Any = None
        self._drawn = float("-inf")

    def set(self, index: int, record: dict[str, Any], *, going: bool) -> None:
        """Put in an id's latest row; whether it is still going (not final, not settled)."""
        old = self.records[index]
        if any(old.get(key) != record.get(key) for key in ("result", "status", "detail")):
            self.changed_at[index] = self._now()
        self.records[index] = record
        if going:
            self.going.add(index)
        else:
            self.going.discard(index)

    def order(self) -> list[int]:
        """The rows' order on the board: changed (newest first), still going, the rest."""
        now = self._now()
        fresh = sorted(
            (i for i, at in self.changed_at.items() if now - at < CHANGED_FOR),
            key=lambda i: -self.changed_at[i],
        )
        shown = set(fresh)
        going = [i for i in sorted(self.going) if i not in shown]
        shown.update(going)
        rest = [i for i in range(len(self.records)) if i not in shown]
        return fresh + going + rest

    def render(self, height: int) -> Any:
        """The board for a terminal `height` lines tall."""
        from rich.console import Group
        from rich.table import Table
        from rich.text import Text

        order = self.order()
        room = max(1, height - BOARD_CHROME)
        shown, hidden = order[:room], order[room:]
        table = Table(title=self.title, title_justify="left")
        for index, (_key, header) in enumerate(JOB_COLUMNS):
            # One line per row, so the count of rows that fit is the count of lines.
            table.add_column(header, no_wrap=True, overflow="fold" if index == 0 else "ellipsis")
        for i in shown:
            table.add_row(*(cell(self.records[i].get(key)) for key, _ in JOB_COLUMNS))
        parts: list[Any] = [Text(count_line(self.records)), table]
        if hidden:
            rest = count_line([self.records[i] for i in hidden], noun="more not shown")
            parts.append(Text(f"... {rest}"))
        return Group(*parts)

    def __enter__(self) -> Board:
        from rich.console import Console
        from rich.live import Live

        console = Console()
        self._live = Live(
            get_renderable=lambda: self.render(console.size.height),
            console=console,
            auto_refresh=False,
            transient=True,  # the final rows are printed in full once it ends
        )
        self._live.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        self._live.__exit__(*exc)
        self._live = None

    def redraw(self, *, now: bool = False) -> None:
        """Redraw, at most every `REDRAW_EVERY` seconds unless `now`."""
        import time

        if self._live is None:
            return
        moment = time.monotonic()
        if now or moment - self._drawn >= REDRAW_EVERY:
            self._drawn = moment
            self._live.refresh()


# --- imagejobs wait -------------------------------------------------------------------------


def register(app: typer.Typer) -> None:
    """Add ``imagejobs wait`` to `app`."""

    @app.command(context_settings=CONTEXT)
    @credential_options
    def wait(
        provider: ProviderOpt,
        ids: IdsArg = None,
        from_file: FromFileOpt = None,
        timeout: WaitTimeoutOpt = None,
        cancel_on_timeout: CancelOnTimeoutOpt = False,
        poll_interval: PollIntervalOpt = None,
        credentials: dict[str, str | None] | None = None,
        base_url: BaseUrlOpt = None,
        allow_insecure: InsecureOpt = False,
        concurrency: ConcurrencyOpt = DEFAULT_CONCURRENCY,
        request_timeout: RequestTimeoutOpt = DEFAULT_TIMEOUT,
        max_retries: MaxRetriesOpt = DEFAULT_MAX_RETRIES,
        fmt: FormatOpt = None,
        as_json: JsonOpt = False,
    ) -> None:
        """Wait until jobs are final. Exit 0 when every id ended final, 1 some, 3 none.

        --timeout bounds the whole batch; with --cancel-on-timeout the jobs still going then
        are cancelled. A refused credential stops the run (exit 4); Ctrl-C prints what
        finished (exit 130).
        """
        conn = Connection(
            provider, credentials, base_url, allow_insecure, request_timeout, max_retries
        )  # fmt: skip
        run_wait(
            conn,
            collect_ids(ids, from_file),
            timeout=timeout,
            poll_interval=poll_interval,
            cancel_on_timeout=cancel_on_timeout,
            concurrency=concurrency,
            fmt=pick_format(fmt, as_json),
        )


def run_wait(
    conn: Connection,
    job_ids: list[str],
    *,
    timeout: float | None,
    poll_interval: float | None,
    cancel_on_timeout: bool,
    concurrency: int,
    fmt: Format,
) -> None:
    """`imagejobs wait`: wait for every id, write each line, the summary; raise the code."""
    from ._wait import DEFAULT_POLL

    client = make_client(conn, asynchronous=True)
    call_kwargs: dict[str, Any] = {
        "timeout": timeout,
        "poll_interval": DEFAULT_POLL if poll_interval is None else poll_interval,
        "cancel_on_timeout": cancel_on_timeout,
    }
    board: Board | None = None
    if fmt is Format.TABLE and sys.stdout.isatty():
        # A live board on the terminal (a table of every id is printed in full at the end).
        board = Board(
            f"wait on {conn.provider}",
            [unread_record(conn.provider, i) for i in job_ids],
        )

        def polled(index: int, job: Job) -> None:
            assert board is not None
            board.set(index, watch_record(conn.provider, job_ids[index], job), going=True)
            board.redraw()

        def ended(index: int, result: Job | ImageJobsError) -> None:
            assert board is not None
            board.set(index, wait_record(conn.provider, job_ids[index], result), going=False)
            board.redraw()

        call_kwargs["on_poll"] = polled
    run = BulkRun(
        "wait",
        conn,
        job_ids,
        RowWriter(fmt, JOB_COLUMNS, title=f"wait on {conn.provider}"),
        concurrency=concurrency,
        call_kwargs=call_kwargs,
        record=wait_record,
        first_alone=False,  # the first id's wait could take hours
        # Waiting is long: a progress bar even for one id, unless the board shows more.
        progress_threshold=0 if board is None else len(job_ids) + 1,
        observe=None if board is None else ended,
        around=board,
    )
    run.run(client)
    records = [wait_record(conn.provider, i, run.results.get(n)) for n, i in enumerate(job_ids)]
    final = sum(1 for record in records if record["final"])
    late = sum(1 for record in records if record.get("error") == "WaitTimeoutError")
    line = summary(
        (final, "final"),
        (late, "out of time"),
        (run.finished - final - late, "failed"),
        (len(job_ids) - run.finished, "not finished"),
        total=len(job_ids),
    )
    run.finish(line, wait_exit_code(records))


# --- imagejobs status --watch ---------------------------------------------------------------


def _settled(result: Job | ImageJobsError | None) -> bool:
    """Whether an id's status can no longer change: final, or an error that will not pass."""
    from ._wait import is_transient
    from .job import Job

    if isinstance(result, Job):
        return result.status.is_final
    return result is not None and not is_transient(result)


def run_watch(
    conn: Connection,
    job_ids: list[str],
    *,
    interval: float,
    concurrency: int,
    fmt: Format,
) -> None:
    """`imagejobs status --watch`: read until every id is settled; print; raise the exit code.

    The first id is read alone: a refused credential stops the watch there (exit 4), and so
    does a provider that cannot be reached at all (exit 8). Later, a provider that could not
    be reached by any read for `MAX_UNREACHABLE_WAIT` seconds stops it too (exit 8), as it
    ends a `wait`. Each round reads only the ids not yet settled.
    """
    import asyncio

    from ._constants import MAX_UNREACHABLE_WAIT
    from ._deadline import clock
    from .bulk import get_many
    from .errors import APIConnectionError, ImageJobsError

    client = make_client(conn, asynchronous=True)
    latest: dict[int, Job | ImageJobsError] = {}
    title = f"status on {conn.provider}"
    refused: list[ImageJobsError] = []
    unreachable: list[ImageJobsError] = []

    read_at: dict[int, str] = {}  # when each id's latest read was answered

    def records() -> list[dict[str, Any]]:
        rows = []
        for i, job_id in enumerate(job_ids):
            record = watch_record(conn.provider, job_id, latest.get(i))
            record["at"] = read_at.get(i, record["at"])
            rows.append(record)
        return rows

    async def read(indexes: list[int]) -> bool:
        """Read these ids; whether any read was answered (a Job or an error status)."""
        answered: list[bool] = []

        def got(position: int, result: Job | ImageJobsError) -> None:
            index = indexes[position]
            latest[index] = result
            read_at[index] = iso_utc()
            answered.append(not isinstance(result, APIConnectionError))
            if board is not None:
                record = watch_record(conn.provider, job_ids[index], result)
                board.set(index, record, going=not _settled(result))
                board.redraw()

        ids = [job_ids[i] for i in indexes]
        await get_many(client, ids, concurrency=concurrency, on_result=got)
        return any(answered)

    def stopped(results: list[Job | ImageJobsError], patient: bool) -> bool:
        """Whether these results (every one an error of one kind) stop the watch."""
        if not results or not all(isinstance(r, ImageJobsError) for r in results):
            return False
        errors = [r for r in results if isinstance(r, ImageJobsError)]
        if all(map(is_auth_error, errors)):
            refused.append(errors[0])  # every id refused: the credentials are wrong
            return True
        if all(map(is_unreachable, errors)) and not patient:
            unreachable.append(errors[-1])
            return True
        return False

    async def go() -> None:
        async with client:
            await read([0])
            if stopped([latest[0]], patient=False):
                return
            last_answer = clock().now()
            rest = list(range(1, len(job_ids)))
            while True:
                if rest and await read(rest):
                    last_answer = clock().now()
                if board is not None:
                    board.redraw(now=True)
                patient = clock().now() - last_answer < MAX_UNREACHABLE_WAIT
                if stopped([latest[i] for i in rest], patient=patient):
                    return
                rest = [i for i in range(len(job_ids)) if not _settled(latest.get(i))]
                if not rest:
                    return
                await clock().asleep(interval)

    board: Board | None = None
    if fmt is Format.TABLE and sys.stdout.isatty():
        # A live board on the terminal; every row is printed in full once the watch ends.
        board = Board(
            f"{title} (watching; Ctrl-C stops)",
            [unread_record(conn.provider, i) for i in job_ids],
        )
    interrupted = False
    try:
        with board if board is not None else contextlib.nullcontext():
            asyncio.run(go())
    except KeyboardInterrupt:
        interrupted = True
    final_records = records()
    writer = RowWriter(fmt, JOB_COLUMNS, title=title)
    for record in final_records:
        writer.write(record)
    writer.close()
    read_ok = sum(1 for record in final_records if record["ok"])
    final = sum(1 for record in final_records if record["final"])
    unread = sum(1 for i in range(len(job_ids)) if i not in latest)
    line = summary(
        (final, "final"),
        (read_ok - final, "not final"),
        (len(job_ids) - read_ok - unread, "failed"),
        (unread, "not read"),
        total=len(job_ids),
    )
    hint = gone = None
    if refused:
        hint = auth_hint(conn.info, refused[0]) + "; stopped watching"
    if unreachable:
        gone = unreachable_hint(conn, unreachable[0]) + "; stopped watching"
    code = ExitCode.OK if read_ok == len(job_ids) else ExitCode.PARTIAL
    finish(line, code, refused=hint, unreachable=gone, interrupted=interrupted)
