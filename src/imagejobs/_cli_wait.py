"""``imagejobs wait`` and ``imagejobs status --watch``: follow jobs to their end from the shell.

`cli.py` declares the two commands' options and builds the async client; the work is here.
rich is imported inside the functions, like everything the CLI draws.

``wait`` polls every id (`bulk.wait_many`, one time limit for the batch) with a progress bar on
stderr, then prints a summary table (or one JSON object per id). Exit codes, like ``cancel``:
0 every id reached a final state; 1 some did not (out of time, or an error); 3 none did.

``status --watch`` redraws a table of every id's status until each one is final (or cannot be
read: a 404 will not change), reading them all every ``--interval`` seconds. Ctrl-C stops it
cleanly: the last table it drew is printed, and the exit code is 130.

Both run on the deadline clock (`_deadline.clock`), so tests drive them on a virtual one.
Ctrl-C during ``wait`` prints what finished, too, and exits 130.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable
from typing import Any

import typer

from ._deadline import clock
from ._wait import PollInterval, is_transient
from .bulk import get_many, wait_many
from .errors import APIError, ImageJobsError, NotCancellableError, WaitTimeoutError
from .job import Job

__all__ = ["EXIT_INTERRUPTED", "row_of", "run_wait", "run_watch", "wait_exit_code"]

EXIT_OK, EXIT_PARTIAL, EXIT_ALL_FAILED = 0, 1, 3
EXIT_INTERRUPTED = 130

Result = Job | ImageJobsError


def row_of(provider: str, job_id: str, result: Result | None) -> dict[str, Any]:
    """One id's line of output: what it ended as, or why it did not."""
    if isinstance(result, Job):
        return {
            "id": job_id,
            "provider": provider,
            "ok": True,
            "final": result.status.is_final,
            "status": result.status.value,
            "provider_status": result.provider_status,
        }
    if result is None:
        return {"id": job_id, "provider": provider, "ok": False, "final": False, "status": None}
    row: dict[str, Any] = {
        "id": job_id,
        "provider": provider,
        "ok": False,
        "final": False,
        "error": type(result).__name__,
        "message": str(result),
        "status": None,
    }
    if isinstance(result, WaitTimeoutError):
        row["polls"] = result.polls
        if result.job is not None:
            row["status"] = result.job.status.value
            row["provider_status"] = result.job.provider_status
        if result.cancel_requested:
            row["cancelled"] = result.cancelled
    elif isinstance(result, NotCancellableError):
        row["status"] = result.current_status.value
    if isinstance(result, APIError):
        row["status_code"] = result.status_code
    return row


def wait_exit_code(rows: list[dict[str, Any]]) -> int:
    """0 when every id ended final, 3 when none did, 1 otherwise."""
    final = sum(1 for row in rows if row["final"])
    if final == len(rows):
        return EXIT_OK
    return EXIT_ALL_FAILED if final == 0 else EXIT_PARTIAL


def _table(title: str, rows: list[dict[str, Any]]) -> Any:
    from rich.table import Table

    table = Table(title=title)
    for column in ("id", "status", "provider status", "detail"):
        table.add_column(column, overflow="fold")
    for row in rows:
        status = row.get("status") or "?"
        shown = f"[green]{status}[/green]" if row["final"] else f"[yellow]{status}[/yellow]"
        detail = "" if row["ok"] else f"[red]{row.get('error', 'not read yet')}[/red]"
        if row.get("cancelled") is not None:
            detail += " (cancelled on timeout)" if row["cancelled"] else " (cancel failed)"
        table.add_row(row["id"], shown, row.get("provider_status") or "", detail)
    return table


def _emit(title: str, rows: list[dict[str, Any]], *, as_json: bool) -> None:
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, sort_keys=True))
        return
    from rich.console import Console

    Console().print(_table(title, rows))


def run_wait(
    client: Any,
    provider: str,
    job_ids: list[str],
    *,
    timeout: float | None,
    poll_interval: float | PollInterval,
    cancel_on_timeout: bool,
    concurrency: int,
    as_json: bool,
) -> int:
    """`imagejobs wait`: wait for every id, print the summary, return the exit code."""
    done: dict[int, Result] = {}

    async def go() -> None:
        progress: Any = None
        on_result: Callable[[int, Result], None] = done.__setitem__
        if not as_json:
            from rich.console import Console
            from rich.progress import Progress

            progress = Progress(console=Console(stderr=True), transient=True)
            task = progress.add_task(f"waiting for {len(job_ids)} jobs", total=len(job_ids))

            def on_result(index: int, result: Result) -> None:
                done[index] = result
                progress.advance(task)

            progress.start()
        try:
            async with client:
                await wait_many(
                    client,
                    job_ids,
                    timeout=timeout,
                    poll_interval=poll_interval,
                    cancel_on_timeout=cancel_on_timeout,
                    concurrency=concurrency,
                    on_result=on_result,
                )
        finally:
            if progress is not None:
                progress.stop()

    interrupted = False
    try:
        asyncio.run(go())
    except KeyboardInterrupt:
        interrupted = True
    rows = [row_of(provider, job_id, done.get(i)) for i, job_id in enumerate(job_ids)]
    _emit(f"wait on {provider}", rows, as_json=as_json)
    if not as_json:
        final = sum(1 for row in rows if row["final"])
        typer.echo(f"{final} of {len(rows)} final", err=True)
    return EXIT_INTERRUPTED if interrupted else wait_exit_code(rows)


def _settled(result: Result | None) -> bool:
    """Whether an id's status can no longer change: final, or an error that will not pass."""
    if isinstance(result, Job):
        return result.status.is_final
    return result is not None and not is_transient(result)


def run_watch(
    client: Any,
    provider: str,
    job_ids: list[str],
    *,
    interval: float,
    concurrency: int,
    as_json: bool,
) -> int:
    """`imagejobs status --watch`: redraw until every id is final; return the exit code."""
    from rich.console import Console
    from rich.live import Live

    latest: dict[int, Result] = {}
    title = f"status on {provider} (watching; Ctrl-C stops)"

    def rows() -> list[dict[str, Any]]:
        return [row_of(provider, job_id, latest.get(i)) for i, job_id in enumerate(job_ids)]

    async def go(live: Any) -> None:
        async with client:
            while True:
                await get_many(
                    client, job_ids, concurrency=concurrency, on_result=latest.__setitem__
                )
                if live is not None:
                    live.update(_table(title, rows()))
                if all(_settled(latest.get(i)) for i in range(len(job_ids))):
                    return
                await clock().asleep(interval)

    console = Console()
    interrupted = False
    try:
        if as_json or not console.is_terminal:
            asyncio.run(go(None))  # off a terminal: no redrawing, the final table only
        else:
            with Live(_table(title, rows()), console=console, auto_refresh=False) as live:
                try:
                    asyncio.run(go(live))
                finally:
                    live.update(_table(f"status on {provider}", rows()), refresh=True)
    except KeyboardInterrupt:
        interrupted = True
    if not as_json and not console.is_terminal:
        console.print(_table(f"status on {provider}", rows()))
    final_rows = rows()
    if as_json:
        _emit("", final_rows, as_json=True)
    if interrupted:
        return EXIT_INTERRUPTED
    return EXIT_OK if all(row["ok"] for row in final_rows) else EXIT_PARTIAL
