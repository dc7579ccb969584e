"""What every ``imagejobs`` command shares: errors, options, clients, output and bulk runs.

`cli.py` holds the app, the commands and `main`, the one place that turns what a command
raised into an exit code (cog's ``Cog.main``). Nothing here exits: a command returns, raises
`Done(code)` for a result code, or `CliError(message, code)` for one line on stderr.

A command module (``imagejobs/_cli_wait.py`` is one) imports from here and defines
``register(app)``; `cli.py` lists it in `COMMAND_MODULES`, one line::

    import typer
    from . import _cli_common as common

    def register(app: typer.Typer) -> None:
        @app.command(context_settings=common.CONTEXT)
        def wait(provider: common.ProviderOpt, ids: common.IdsArg = None,
                 fmt: common.FormatOpt = None, as_json: common.JsonOpt = False,
                 timeout: common.TimeoutOpt = common.DEFAULT_TIMEOUT, ...) -> None:
            conn = common.Connection(provider, timeout=timeout, ...)
            client = common.make_client(conn, asynchronous=True)
            writer = common.RowWriter(common.pick_format(fmt, as_json), common.JOB_COLUMNS, title="wait")
            ...
            raise common.Done(common.ExitCode.OK)

Output: `--format table|tsv|json`. The default is a table on a terminal and TSV (one line per
id, tab-separated, no header, never wrapped) when stdout is a pipe or a file, so
``imagejobs status ... | grep <id>`` and ``cut -f1`` work. JSON and TSV lines are written as
each result arrives; a table is drawn at the end. The one-line summary goes to stderr.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias

import typer

from ._constants import DEFAULT_CONCURRENCY, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT
from ._exitcodes import ExitCode
from .registry import PROVIDERS, ProviderInfo

if TYPE_CHECKING:
    from datetime import datetime

    from .errors import ImageJobsError
    from .job import Job

__all__ = [
    "CONTEXT",
    "DEFAULT_CONCURRENCY",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "IN_FLIGHT",
    "JOB_COLUMNS",
    "BulkRun",
    "CliError",
    "Connection",
    "Done",
    "ExitCode",
    "Format",
    "Outcome",
    "RowWriter",
    "auth_hint",
    "base_url_source",
    "cell",
    "collect_ids",
    "finish",
    "is_auth_error",
    "is_unreachable",
    "iso_utc",
    "job_record",
    "make_client",
    "pick_format",
    "render_table",
    "shown_url",
    "summary",
    "unreachable_hint",
]

PROGRESS_THRESHOLD = 5  # below this many ids a progress bar is noise

#: Every command's context: ``-h`` is ``--help``.
CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"]}


# --- what a command raises ----------------------------------------------------------------------


class Done(Exception):
    """The command finished with this exit code (its output is already written)."""

    def __init__(self, code: int) -> None:
        super().__init__(code)
        self.code = code


class CliError(Exception):
    """Print ``error: message`` (one line, on stderr) and exit with `code`."""

    def __init__(self, message: str, code: int = ExitCode.USAGE) -> None:
        super().__init__(message)
        self.message = message
        self.code = code


# --- options every provider command takes ------------------------------------------------------

if TYPE_CHECKING:
    Provider = str
else:
    # An Enum, so typer lists the choices in --help; its members are the providers' names
    # (`registry.PROVIDERS`), and as a StrEnum each one is that name as a plain str too.
    Provider = StrEnum("Provider", {name: name for name in PROVIDERS})


class Format(StrEnum):
    """How results are written on stdout."""

    TABLE = "table"
    TSV = "tsv"
    JSON = "json"


def _env_vars(keyword: str) -> str:
    """`USEAPI_TOKEN / JOBS_API_TOKEN`: every provider's env var for this credential keyword."""
    return " / ".join(
        c.env_var for info in PROVIDERS.values() for c in info.credentials if c.keyword == keyword
    )


ProviderOpt = Annotated[
    Provider, typer.Option("--provider", "-p", help="Which API the ids belong to.")
]
TokenOpt = Annotated[
    str | None,
    typer.Option(
        "--token",
        help=f"useapi or jobs API bearer token (default: {_env_vars('token')}).",
        show_default=False,
    ),
]
ApiKeyOpt = Annotated[
    str | None,
    typer.Option(
        "--api-key", help=f"Topaz API key (default: {_env_vars('api_key')}).", show_default=False
    ),
]
ClientIdOpt = Annotated[
    str | None,
    typer.Option(
        "--client-id",
        help=f"Jobs API OAuth2 client id (default: {_env_vars('client_id')}).",
        show_default=False,
    ),
]
ClientSecretOpt = Annotated[
    str | None,
    typer.Option(
        "--client-secret",
        help=f"Jobs API OAuth2 client secret (default: {_env_vars('client_secret')}).",
        show_default=False,
    ),
]
CustomerIdOpt = Annotated[
    int | None,
    typer.Option(
        "--customer-id",
        help=f"Jobs API Customer-Id header (default: {_env_vars('customer_id')}).",
        show_default=False,
    ),
]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option(
        "--base-url",
        help="Talk to this URL instead (a fake, a proxy); default: "
        + " / ".join(info.base_url_env for info in PROVIDERS.values())
        + ", else the provider's API.",
        show_default=False,
    ),
]
InsecureOpt = Annotated[
    bool,
    typer.Option("--allow-insecure", help="Allow a plain-http --base-url that is not localhost."),
]
TimeoutOpt = Annotated[
    float,
    typer.Option("--timeout", min=0.1, help="Seconds per attempt (connect, read, write, pool)."),
]
MaxRetriesOpt = Annotated[
    int,
    typer.Option(
        "--max-retries", min=0, help="Retries of a timeout, connection error, 408/429/502-504."
    ),
]
ConcurrencyOpt = Annotated[
    int,
    typer.Option("--concurrency", "-c", min=1, max=256, help="Requests in flight at once."),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        help="Output: table (default on a terminal), tsv (default in a pipe: one line per id, "
        "tab-separated, no header, never wrapped) or json (one object per line).",
        show_default=False,
    ),
]
JsonOpt = Annotated[
    bool,
    typer.Option("--json", help="Same as --format json: one JSON object per line on stdout."),
]
IdsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Job ids; '-' reads ids from stdin, one per line.", show_default=False),
]
FromFileOpt = Annotated[
    Path | None,
    typer.Option(
        "--from-file",
        "-f",
        help="Read ids from this file, one per line.",
        exists=True,
        dir_okay=False,
    ),
]


def collect_ids(ids: Sequence[str] | None, from_file: Path | None) -> list[str]:
    """Ids from arguments, '-' (stdin) and --from-file, in order, blanks and '#' comments skipped."""
    out: list[str] = []

    def take(lines: Iterable[str]) -> None:
        for line in lines:
            text = line.strip()
            if text and not text.startswith("#"):
                out.append(text)

    for item in ids or []:
        if item == "-":
            take(sys.stdin)
        else:
            out.append(item)
    if from_file is not None:
        take(from_file.read_text(encoding="utf-8").splitlines())
    if not out:
        raise CliError("no job ids given (pass ids, '-' for stdin, or --from-file)")
    return out


# --- clients ------------------------------------------------------------------------------------


@dataclass
class Connection:
    """Everything a command needs to build a provider's client, from its options."""

    provider: str
    token: str | None = None
    api_key: str | None = None
    client_id: str | None = None
    client_secret: str | None = None
    customer_id: int | None = None
    base_url: str | None = None
    allow_insecure: bool = False
    timeout: float = DEFAULT_TIMEOUT
    max_retries: int = DEFAULT_MAX_RETRIES

    @property
    def info(self) -> ProviderInfo:
        return PROVIDERS[self.provider]


def make_client(conn: Connection, *, asynchronous: bool) -> Any:
    """Build the facade client; credentials come from options or the documented env vars.

    Build it outside the event loop (an aiohttp session binds to the loop on first use), so
    missing credentials fail before anything is drawn.
    """
    from urllib.parse import urlsplit

    import imagejobs
    from imagejobs import errors

    from ._base_client import check_base_url

    info = conn.info
    url, source = base_url_source(conn)
    try:
        check_base_url(url, provider=info.name, allow_insecure=conn.allow_insecure)
    except errors.ImageJobsError:
        # The library names its keyword (allow_insecure=True); a shell user needs the option,
        # and where the URL came from.
        parts = urlsplit(url)
        if parts.scheme != "http" or not parts.hostname:
            raise CliError(
                f"{info.name}: the base URL must be an http(s) URL with a host, not "
                f"{shown_url(url)!r} ({source})"
            ) from None
        raise CliError(
            f"{info.name}: refusing plain-http base URL http://{parts.hostname} ({source}): "
            "credentials would travel unencrypted; use https, or pass --allow-insecure"
        ) from None
    # Each client takes exactly the credentials its description lists, by keyword.
    credentials = {item.keyword: getattr(conn, item.keyword) for item in info.credentials}
    client_cls = getattr(imagejobs, info.async_client if asynchronous else info.client)
    try:
        return client_cls(
            base_url=conn.base_url,
            allow_insecure=conn.allow_insecure,
            timeout=conn.timeout,
            max_retries=conn.max_retries,
            **credentials,
        )
    except errors.MissingCredentialsError as exc:
        # The library names its keyword argument; a shell user needs the option.
        option = info.credential(exc.keyword).option
        raise CliError(
            f"{exc.provider}: {exc.keyword.replace('_', ' ')} missing; pass {option} or set {exc.env_var}"
        ) from None
    except errors.ImageJobsError as exc:
        raise CliError(str(exc)) from None


def is_auth_error(exc: BaseException) -> bool:
    """A refusal of the credentials themselves (401, 403): every other id would fail the same."""
    from .errors import AuthenticationError, PermissionDeniedError

    return isinstance(exc, AuthenticationError | PermissionDeniedError)


def is_unreachable(exc: BaseException) -> bool:
    """No connection to the provider could be made (refused, DNS, TLS), retries included."""
    from .errors import APIConnectionError

    return isinstance(exc, APIConnectionError) and exc.unreachable


def base_url_source(conn: Connection) -> tuple[str, str]:
    """(the base URL a client of `conn` talks to, what set it): the option, env var or default."""
    import os

    info = conn.info
    if conn.base_url:
        return conn.base_url, "set by --base-url"
    if os.environ.get(info.base_url_env):
        return os.environ[info.base_url_env], f"set by {info.base_url_env}"
    return info.base_url, f"the default; --base-url or {info.base_url_env} sets another"


def shown_url(url: str) -> str:
    """`url` as it may be printed: without a user or password (a credential, maybe)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()


def unreachable_hint(conn: Connection, exc: ImageJobsError) -> str:
    """One line: which base URL could not be reached, what set it, and why."""
    url, source = base_url_source(conn)
    why = getattr(exc, "message", str(exc))
    return f"cannot connect to {conn.provider} at {shown_url(url)} ({source}): {why}"


def auth_hint(info: ProviderInfo, exc: ImageJobsError) -> str:
    """One line: what was refused, and the options and env vars to check."""
    from .errors import APIError

    status = f" ({exc.status_code})" if isinstance(exc, APIError) else ""
    what = " / ".join(c.what for c in info.credentials if c.secret)
    check = ", ".join(f"{c.option} or {c.env_var}" for c in info.credentials)
    return f"{info.name} refused the {what}{status}: check {check}"


# --- rows and output ----------------------------------------------------------------------------

#: (record key, table/TSV header) of a job row.
JOB_COLUMNS: tuple[tuple[str, str], ...] = (
    ("id", "id"),
    ("result", "result"),
    ("status", "status"),
    ("detail", "detail"),
)


class _InFlight:
    """The result of an id whose call had begun when the run stopped: its outcome is unknown."""

    def __repr__(self) -> str:
        return "IN_FLIGHT"


#: What a bulk run records for an id that was in flight when it stopped (Ctrl-C).
IN_FLIGHT = _InFlight()

#: What an id's record is made from: its Job, its error, `IN_FLIGHT`, or None (never started).
Outcome: TypeAlias = "Job | ImageJobsError | _InFlight | None"


def iso_utc(moment: datetime | None = None) -> str:
    """ISO 8601 in UTC with a ``Z``: `moment` (now if None; a naive one is taken as UTC)."""
    from datetime import UTC, datetime

    if moment is None:
        moment = datetime.now(UTC)
    elif moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    text = moment.astimezone(UTC).isoformat(timespec="milliseconds")
    return text.removesuffix("+00:00") + "Z"


def job_record(provider: str, job_id: str, result: Outcome) -> dict[str, Any]:
    """One id's JSON record, whose `result`/`status`/`detail` keys are also its table cells.

    Every record says when its result was known (`at`, ISO 8601 UTC: when the record is made,
    which is when the result arrived for the lines written as they come); a job's own
    `created_at` / `updated_at` come along when the provider gave them, and a 422's
    `field_errors` when it had any.

    `result` is ``ok``, the error's class name, ``in flight`` (`IN_FLIGHT`: its request had
    been sent, or was about to be, when the run stopped; whether it took effect is unknown) or
    ``not attempted`` (None: the run stopped before this id's request was made). The detail
    says the error once: the provider's message, without the provider, status code and id that
    other cells already show.
    """
    from .errors import (
        APIConnectionError,
        APIError,
        ImageJobsError,
        NotCancellableError,
        UnprocessableEntityError,
    )

    at = iso_utc()
    if result is None or isinstance(result, _InFlight):
        unsent = result is None
        return {
            "id": job_id,
            "provider": provider,
            "at": at,
            "ok": False,
            "result": "not attempted" if unsent else "in flight",
            "error": "NotAttempted" if unsent else "InFlight",
            "status": "",
            "detail": "" if unsent else "outcome unknown: read its status",
            "message": (
                "the run stopped before this id's request was made"
                if unsent
                else "the run stopped while this id's request was in flight; its outcome is "
                "unknown (read its status)"
            ),
        }
    if not isinstance(result, ImageJobsError):
        found: dict[str, Any] = {
            "id": job_id,
            "provider": provider,
            "at": at,
            "ok": True,
            "result": "ok",
            "status": result.status.value,
            "provider_status": result.provider_status,
            "detail": result.provider_status or "",
        }
        for key in ("created_at", "updated_at"):
            moment = getattr(result, key)
            if moment is not None:
                found[key] = iso_utc(moment)
        return found
    message = result.message if isinstance(result, APIError | APIConnectionError) else str(result)
    message = message.removeprefix(f"{provider}: ")
    # The id has its own cell: "job <id> cannot be cancelled" reads "cannot be cancelled".
    detail = message.replace(f"job {job_id} ", "")
    if len(job_id) >= 6:
        detail = detail.replace(job_id, "this job")
    record: dict[str, Any] = {
        "id": job_id,
        "provider": provider,
        "at": at,
        "ok": False,
        "result": type(result).__name__,
        "error": type(result).__name__,
        "status": "",
        "detail": detail,
        "message": str(result),
    }
    if isinstance(result, APIError):
        record["status_code"] = result.status_code
        record["detail"] = f"{result.status_code} {detail}"
    if isinstance(result, UnprocessableEntityError) and result.field_errors:
        record["field_errors"] = result.field_errors
    if isinstance(result, NotCancellableError) and result.current_status is not None:
        record["status"] = getattr(result.current_status, "value", result.current_status)
        # Not the provider's own wording after it in parentheses: that says the same again.
        said = result.provider_status or record["status"]
        record["detail"] = f"{result.status_code} cannot be cancelled: it is {said}"
    return record


def pick_format(fmt: Format | None, as_json: bool = False) -> Format:
    """--json, else --format, else a table on a terminal and TSV in a pipe or file."""
    if as_json:
        return Format.JSON
    if fmt is not None:
        return fmt
    return Format.TABLE if sys.stdout.isatty() else Format.TSV


def cell(value: Any) -> str:
    # One TSV field: no tab or newline inside, so `cut -f` and `grep` see one line per id.
    text = "" if value is None else str(value)
    return " ".join(text.split()) if any(c in text for c in "\t\r\n") else text


class RowWriter:
    """Write records as JSON lines, TSV lines (both as they come) or one table (at `close`).

    `columns` are (record key, header) pairs: which cells a table and a TSV line show. JSON lines
    carry the whole record. A table on a pipe is drawn at its full width, so nothing wraps.
    """

    def __init__(self, fmt: Format, columns: Sequence[tuple[str, str]], *, title: str) -> None:
        self.format = fmt
        self.columns = tuple(columns)
        self.title = title
        self._rows: list[list[str]] = []
        self.written = 0

    def write(self, record: Mapping[str, Any]) -> None:
        self.written += 1
        cells = [cell(record.get(key)) for key, _ in self.columns]
        if self.format is Format.JSON:
            typer.echo(json.dumps(record, sort_keys=True, default=str))
        elif self.format is Format.TSV:
            typer.echo("\t".join(cells))
        else:
            self._rows.append(cells)
        sys.stdout.flush()

    def close(self) -> None:
        """Draw the table (JSON and TSV lines are already out)."""
        if self.format is not Format.TABLE or not self._rows:
            return
        from rich.console import Console

        # On a pipe rich would assume 80 columns and fold the ids; draw at the table's own width.
        console = Console() if sys.stdout.isatty() else Console(width=100_000, no_color=True)
        console.print(render_table(self.title, self.columns, self._rows))


def render_table(title: str, columns: Sequence[tuple[str, str]], rows: Iterable[Any]) -> Any:
    """A rich Table of `rows`: records (mappings, their `columns` keys) or lists of cells."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(title=title)
    for index, (_key, header) in enumerate(columns):
        # The first column is the key (an id, a channel): never folded.
        table.add_column(header, no_wrap=index == 0, overflow="fold")
    for row in rows:
        cells = [cell(row.get(key)) for key, _ in columns] if isinstance(row, Mapping) else row
        table.add_row(*(escape(c) for c in cells))
    return table


def finish(
    line: str,
    code: int,
    *,
    refused: str | None = None,
    unreachable: str | None = None,
    interrupted: bool = False,
) -> None:
    """Print a run's one summary line on stderr and raise its exit code.

    `refused`: why the run stopped on a refused credential (exit 4); `unreachable`: why it
    stopped on a provider it could not connect to (exit 8); `interrupted`: Ctrl-C (exit 130);
    otherwise `code`.
    """
    if refused is not None:
        typer.echo(f"error: {refused}: {line}", err=True)
        raise Done(ExitCode.AUTH)
    if unreachable is not None:
        typer.echo(f"error: {unreachable}: {line}", err=True)
        raise Done(ExitCode.UNREACHABLE)
    if interrupted:
        typer.echo(f"interrupted: {line}", err=True)
        raise Done(ExitCode.INTERRUPTED)
    typer.echo(line, err=True)
    raise Done(code)


def summary(*parts: tuple[int, str], total: int, prefix: str = "") -> str:
    """``"3 of 8 cancelled, 2 failed, 3 not attempted"``: the first part, then the non-zero rest."""
    (count, what), *rest = parts
    text = f"{count} of {total} {what}"
    more = [f"{n} {label}" for n, label in rest if n]
    return prefix + ", ".join([text, *more])


# --- bulk runs ----------------------------------------------------------------------------------


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

    async def _go(self, client: Any) -> None:
        import imagejobs

        bulks: dict[str, Callable[..., Awaitable[Any]]] = {
            "cancel": imagejobs.cancel_many,
            "get": imagejobs.get_many,
            "wait": imagejobs.wait_many,
        }
        bulk = bulks[self.operation]
        progress = None
        if (
            self.writer.format is Format.TABLE
            and len(self.ids) > self.progress_threshold
            and sys.stderr.isatty()
        ):
            from rich.console import Console
            from rich.progress import Progress

            progress = Progress(console=Console(stderr=True), transient=True)
            task_id = progress.add_task(
                f"{self.operation} {len(self.ids)} jobs", total=len(self.ids)
            )
            self._progress = lambda _index: progress.advance(task_id)
            progress.start()

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
