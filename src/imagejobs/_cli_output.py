"""What the ``imagejobs`` commands print: each id's record, the writers, the summary line.

`job_record` words one id's result (a Job, an error, in flight, never sent) as the record a JSON
line carries whole and a table or TSV line shows by `JOB_COLUMNS`. `RowWriter` writes records as
`--format` says: JSON and TSV lines as each result arrives, a table at the end (drawn at its own
width on a pipe, so nothing wraps). `finish` prints a run's one summary line on stderr and
raises its exit code; nothing else here exits.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any, TypeAlias

import typer

from ._cli_options import Format
from ._exitcodes import Done, ExitCode

if TYPE_CHECKING:
    from datetime import datetime

    from .errors import ImageJobsError
    from .job import Job

__all__ = [
    "IN_FLIGHT",
    "JOB_COLUMNS",
    "Outcome",
    "RowWriter",
    "cell",
    "finish",
    "iso_utc",
    "job_record",
    "render_table",
    "summary",
]

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
    from .errors import ImageJobsError

    at = iso_utc()
    if result is None or isinstance(result, _InFlight):
        return _unfinished_record(provider, job_id, at, unsent=result is None)
    if not isinstance(result, ImageJobsError):
        return _job_record(provider, job_id, at, result)
    return _error_record(provider, job_id, at, result)


def _unfinished_record(provider: str, job_id: str, at: str, *, unsent: bool) -> dict[str, Any]:
    """The record of an id never sent (`unsent`) or in flight when the run stopped."""
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


def _job_record(provider: str, job_id: str, at: str, job: Job) -> dict[str, Any]:
    """The record of an id whose call answered with its job."""
    found: dict[str, Any] = {
        "id": job_id,
        "provider": provider,
        "at": at,
        "ok": True,
        "result": "ok",
        "status": job.status.value,
        "provider_status": job.provider_status,
        "detail": job.provider_status or "",
    }
    for key in ("created_at", "updated_at"):
        moment = getattr(job, key)
        if moment is not None:
            found[key] = iso_utc(moment)
    return found


def _error_record(provider: str, job_id: str, at: str, error: ImageJobsError) -> dict[str, Any]:
    """The record of an id whose call failed: the error said once, in the `detail` cell."""
    from .errors import (
        APIConnectionError,
        APIError,
        NotCancellableError,
        UnprocessableEntityError,
    )

    message = error.message if isinstance(error, APIError | APIConnectionError) else str(error)
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
        "result": type(error).__name__,
        "error": type(error).__name__,
        "status": "",
        "detail": detail,
        "message": str(error),
    }
    if isinstance(error, APIError):
        record["status_code"] = error.status_code
        record["detail"] = f"{error.status_code} {detail}"
    if isinstance(error, UnprocessableEntityError) and error.field_errors:
        record["field_errors"] = error.field_errors
    if isinstance(error, NotCancellableError) and error.current_status is not None:
        record["status"] = getattr(error.current_status, "value", error.current_status)
        # Not the provider's own wording after it in parentheses: that says the same again.
        said = error.provider_status or record["status"]
        record["detail"] = f"{error.status_code} cannot be cancelled: it is {said}"
    return record


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
