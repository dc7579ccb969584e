"""The ``imagejobs`` command line: cancel jobs, read status, list accounts, generate, run fakes.

Loaded only by the console script (never by ``import imagejobs``); rich and the fakes are
imported inside the commands that use them, so ``imagejobs --help`` stays quick.

Exit codes (also in ``imagejobs --help``):
  0  every id ended cancelled (already-cancelled counts) / the command succeeded
  1  some ids did not end cancelled, or a status/accounts call failed
  2  usage error or missing credentials
  3  no id ended cancelled (every one failed)
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from .registry import JOBS_API, PROVIDERS, USEAPI

if TYPE_CHECKING:
    from .errors import ImageJobsError
    from .job import Job

EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_ALL_FAILED = 0, 1, 2, 3
PROGRESS_THRESHOLD = 5  # below this many ids a progress bar is noise

app = typer.Typer(
    name="imagejobs",
    help=(
        "Control image-generation jobs on useapi.net (Midjourney), Topaz Labs and RFC 7807 jobs APIs.\n\n"
        "Exit codes: 0 success (every id cancelled); 1 some ids failed; 2 usage or missing "
        "credentials; 3 every id failed."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
fake_app = typer.Typer(
    help="Run the built-in stateful fakes (no credentials, no network).", no_args_is_help=True
)
app.add_typer(fake_app, name="fake")

if TYPE_CHECKING:
    Provider = str
else:
    # An Enum, so typer lists the choices in --help; its members are the providers' names
    # (`registry.PROVIDERS`), and as a StrEnum each one is that name as a plain str too.
    Provider = StrEnum("Provider", {name: name for name in PROVIDERS})


class _State:
    debug = False


def _fail(message: str, code: int = EXIT_USAGE) -> typer.Exit:
    """Print one clear line on stderr and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@app.callback()
def _main(
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show tracebacks and DEBUG logs (secrets stay redacted)."),
    ] = False,
) -> None:
    _State.debug = debug
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")


# --- shared options -----------------------------------------------------------------------------

ProviderOpt = Annotated[
    Provider, typer.Option("--provider", "-p", help="Which API the ids belong to.")
]
TokenOpt = Annotated[
    str | None,
    typer.Option(
        "--token",
        help="useapi or jobs API bearer token (default: USEAPI_TOKEN / JOBS_API_TOKEN).",
        show_default=False,
    ),
]
ApiKeyOpt = Annotated[
    str | None,
    typer.Option("--api-key", help="Topaz API key (default: TOPAZ_API_KEY).", show_default=False),
]
ClientIdOpt = Annotated[
    str | None,
    typer.Option("--client-id", help="Jobs API OAuth2 client id (default: JOBS_API_CLIENT_ID)."),
]
ClientSecretOpt = Annotated[
    str | None,
    typer.Option(
        "--client-secret",
        help="Jobs API OAuth2 client secret (default: JOBS_API_CLIENT_SECRET).",
        show_default=False,
    ),
]
CustomerIdOpt = Annotated[
    int | None,
    typer.Option(
        "--customer-id", help="Jobs API Customer-Id header (default: JOBS_API_CUSTOMER_ID)."
    ),
]
BaseUrlOpt = Annotated[
    str | None, typer.Option("--base-url", help="Talk to this URL instead (a fake, a proxy).")
]
InsecureOpt = Annotated[
    bool,
    typer.Option("--allow-insecure", help="Allow a plain-http --base-url that is not localhost."),
]
JsonOpt = Annotated[
    bool, typer.Option("--json", help="One JSON object per id on stdout, nothing else.")
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


def _collect_ids(ids: Sequence[str] | None, from_file: Path | None) -> list[str]:
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
    return out


def _client(
    provider: Provider,
    *,
    asynchronous: bool,
    token: str | None = None,
    api_key: str | None = None,
    client_id: str | None = None,
    client_secret: str | None = None,
    customer_id: int | None = None,
    base_url: str | None = None,
    allow_insecure: bool = False,
) -> Any:
    """Build the facade client; credentials come from options or the documented env vars."""
    import imagejobs
    from imagejobs import errors

    info = PROVIDERS[provider]
    given = {
        "token": token,
        "api_key": api_key,
        "client_id": client_id,
        "client_secret": client_secret,
        "customer_id": customer_id,
    }
    # Each client takes exactly the credentials its description lists, by keyword.
    credentials = {item.keyword: given[item.keyword] for item in info.credentials}
    client_cls = getattr(imagejobs, info.async_client if asynchronous else info.client)
    try:
        return client_cls(base_url=base_url, allow_insecure=allow_insecure, **credentials)
    except errors.MissingCredentialsError as exc:
        # The library names its keyword argument; a shell user needs the option.
        option = "--" + exc.keyword.replace("_", "-")
        raise _fail(
            f"{exc.provider}: {exc.keyword.replace('_', ' ')} missing; pass {option} or set {exc.env_var}"
        ) from None
    except errors.ImageJobsError as exc:
        raise _fail(str(exc)) from None


def _credentials(
    token: str | None,
    api_key: str | None,
    client_id: str | None,
    client_secret: str | None,
    customer_id: int | None,
    base_url: str | None,
    allow_insecure: bool,
) -> dict[str, Any]:
    """The connection options every provider command takes, as `_client` keywords."""
    return {
        "token": token,
        "api_key": api_key,
        "client_id": client_id,
        "client_secret": client_secret,
        "customer_id": customer_id,
        "base_url": base_url,
        "allow_insecure": allow_insecure,
    }


def _job_dict(job: Job) -> dict[str, Any]:
    return {
        "id": job.id,
        "provider": job.provider,
        "ok": True,
        "status": job.status.value,
        "provider_status": job.provider_status,
    }


def _error_dict(job_id: str, provider: str, exc: ImageJobsError) -> dict[str, Any]:
    from .errors import APIError, NotCancellableError

    out: dict[str, Any] = {
        "id": job_id,
        "provider": provider,
        "ok": False,
        "error": type(exc).__name__,
        "message": str(exc),
    }
    if isinstance(exc, APIError):
        out["status_code"] = exc.status_code
    if isinstance(exc, NotCancellableError) and exc.current_status is not None:
        out["status"] = getattr(exc.current_status, "value", exc.current_status)
    return out


def _print_table(title: str, rows: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title)
    for column in ("id", "result", "status", "detail"):
        table.add_column(column, overflow="fold")
    for row in rows:
        if row["ok"]:
            table.add_row(
                row["id"], "[green]ok[/green]", row["status"], row.get("provider_status") or ""
            )
        else:
            table.add_row(
                row["id"], f"[red]{row['error']}[/red]", str(row.get("status", "")), row["message"]
            )
    Console().print(table)


def _run_bulk(
    operation: str,
    job_ids: list[str],
    *,
    client: Any,
    concurrency: int,
    call_kwargs: dict[str, Any],
    show_progress: bool,
) -> list[Job | ImageJobsError]:
    """`cancel_many` / `get_many` on an async client, with a progress bar on stderr if asked.

    The client is built by the caller, outside the event loop (its aiohttp session binds to the
    loop on first use), so missing credentials fail before anything is drawn.
    """
    import asyncio

    import imagejobs

    async def go() -> list[Job | ImageJobsError]:
        progress = None
        on_result = None
        if show_progress:
            from rich.console import Console
            from rich.progress import Progress

            progress = Progress(console=Console(stderr=True), transient=True)
            task_id = progress.add_task(f"{operation} {len(job_ids)} jobs", total=len(job_ids))

            def on_result(index: int, result: object) -> None:
                progress.advance(task_id)

            progress.start()
        bulk = imagejobs.cancel_many if operation == "cancel" else imagejobs.get_many
        try:
            async with client:
                return await bulk(
                    client, job_ids, concurrency=concurrency, on_result=on_result, **call_kwargs
                )
        finally:
            if progress is not None:
                progress.stop()

    return asyncio.run(go())


def _bulk_command(
    operation: str,
    provider: Provider,
    ids: Sequence[str] | None,
    from_file: Path | None,
    *,
    concurrency: int,
    as_json: bool,
    client_kwargs: dict[str, Any],
    call_kwargs: dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """What `cancel` and `status` share: ids, a credentials check, the bulk run, the report."""
    job_ids = _collect_ids(ids, from_file)
    if not job_ids:
        raise _fail("no job ids given (pass ids, '-' for stdin, or --from-file)")
    client = _client(provider, asynchronous=True, **client_kwargs)
    results = _guarded(
        lambda: _run_bulk(
            operation,
            job_ids,
            client=client,
            concurrency=concurrency,
            call_kwargs=call_kwargs or {},
            show_progress=len(job_ids) > PROGRESS_THRESHOLD and not as_json,
        )
    )
    title = f"{'cancel' if operation == 'cancel' else 'status'} on {provider}"
    return _report(provider, job_ids, results, as_json=as_json, title=title)


def _report(
    provider: Provider,
    job_ids: list[str],
    results: list[Job | ImageJobsError],
    *,
    as_json: bool,
    title: str,
) -> list[dict[str, Any]]:
    from .errors import ImageJobsError

    rows = [
        _error_dict(job_id, provider, r) if isinstance(r, ImageJobsError) else _job_dict(r)
        for job_id, r in zip(job_ids, results, strict=True)
    ]
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, sort_keys=True))
    else:
        _print_table(title, rows)
        if getattr(results, "throttled", 0) or getattr(results, "rate_limited", 0):
            typer.echo(f"rate limit: {results.summary()}", err=True)  # type: ignore[attr-defined]
    return rows


@app.command()
def cancel(
    provider: ProviderOpt,
    ids: IdsArg = None,
    from_file: FromFileOpt = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", "-c", min=1, max=256, help="Cancels in flight at once.")
    ] = 16,
    reason: Annotated[
        str, typer.Option("--reason", help="Cancel reason (jobs API).")
    ] = "Cancelled via imagejobs CLI",
    token: TokenOpt = None,
    api_key: ApiKeyOpt = None,
    client_id: ClientIdOpt = None,
    client_secret: ClientSecretOpt = None,
    customer_id: CustomerIdOpt = None,
    base_url: BaseUrlOpt = None,
    allow_insecure: InsecureOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Cancel jobs. Exit 0 only when every id ended cancelled (already-cancelled counts)."""
    client_kwargs = _credentials(
        token, api_key, client_id, client_secret, customer_id, base_url, allow_insecure
    )
    rows = _bulk_command(
        "cancel",
        provider,
        ids,
        from_file,
        concurrency=concurrency,
        as_json=as_json,
        client_kwargs=client_kwargs,
        call_kwargs={"reason": reason} if provider == JOBS_API.name else None,
    )
    cancelled = sum(1 for r in rows if r["ok"] and r["status"] == "cancelled")
    if not as_json:
        typer.echo(f"{cancelled} of {len(rows)} cancelled", err=True)
    if cancelled == len(rows):
        raise typer.Exit(EXIT_OK)
    raise typer.Exit(EXIT_ALL_FAILED if cancelled == 0 else EXIT_PARTIAL)


@app.command()
def status(
    provider: ProviderOpt,
    ids: IdsArg = None,
    from_file: FromFileOpt = None,
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", min=1, max=256)] = 16,
    token: TokenOpt = None,
    api_key: ApiKeyOpt = None,
    client_id: ClientIdOpt = None,
    client_secret: ClientSecretOpt = None,
    customer_id: CustomerIdOpt = None,
    base_url: BaseUrlOpt = None,
    allow_insecure: InsecureOpt = False,
    as_json: JsonOpt = False,
    watch: Annotated[
        bool, typer.Option("--watch", "-w", help="Redraw until every job is final (Ctrl-C: 130).")
    ] = False,
    interval: Annotated[
        float, typer.Option("--interval", min=0.1, help="Seconds between reads with --watch.")
    ] = 2.0,
) -> None:
    """Show the status of jobs. Exit 1 if any id could not be read."""
    client_kwargs = _credentials(
        token, api_key, client_id, client_secret, customer_id, base_url, allow_insecure
    )
    if watch:
        from ._cli_wait import run_watch

        job_ids = _ids_or_fail(ids, from_file)
        client = _client(provider, asynchronous=True, **client_kwargs)
        raise typer.Exit(
            run_watch(
                client,
                provider,
                job_ids,
                interval=interval,
                concurrency=concurrency,
                as_json=as_json,
            )
        )
    rows = _bulk_command(
        "get",
        provider,
        ids,
        from_file,
        concurrency=concurrency,
        as_json=as_json,
        client_kwargs=client_kwargs,
    )
    raise typer.Exit(EXIT_OK if all(r["ok"] for r in rows) else EXIT_PARTIAL)


@app.command()
def wait(
    provider: ProviderOpt,
    ids: IdsArg = None,
    from_file: FromFileOpt = None,
    timeout: Annotated[
        float | None,
        typer.Option("--timeout", "-t", min=0, help="Seconds for the whole batch (default: none)."),
    ] = None,
    cancel_on_timeout: Annotated[
        bool, typer.Option("--cancel-on-timeout", help="Cancel each job still going at --timeout.")
    ] = False,
    poll_interval: Annotated[
        float | None,
        typer.Option(
            "--poll-interval",
            min=0.01,
            help="Fixed seconds between polls (default: 0.5 s growing to 10 s).",
        ),
    ] = None,
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", min=1, max=256)] = 16,
    token: TokenOpt = None,
    api_key: ApiKeyOpt = None,
    client_id: ClientIdOpt = None,
    client_secret: ClientSecretOpt = None,
    customer_id: CustomerIdOpt = None,
    base_url: BaseUrlOpt = None,
    allow_insecure: InsecureOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """Wait until jobs are final. Exit 0 when every id ended final, 1 some, 3 none (130: Ctrl-C)."""
    from ._cli_wait import run_wait
    from ._wait import DEFAULT_POLL

    job_ids = _ids_or_fail(ids, from_file)
    client_kwargs = _credentials(
        token, api_key, client_id, client_secret, customer_id, base_url, allow_insecure
    )
    client = _client(provider, asynchronous=True, **client_kwargs)
    code = run_wait(
        client,
        provider,
        job_ids,
        timeout=timeout,
        poll_interval=DEFAULT_POLL if poll_interval is None else poll_interval,
        cancel_on_timeout=cancel_on_timeout,
        concurrency=concurrency,
        as_json=as_json,
    )
    raise typer.Exit(code)


def _ids_or_fail(ids: Sequence[str] | None, from_file: Path | None) -> list[str]:
    job_ids = _collect_ids(ids, from_file)
    if not job_ids:
        raise _fail("no job ids given (pass ids, '-' for stdin, or --from-file)")
    return job_ids


@app.command()
def accounts(
    token: TokenOpt = None,
    base_url: BaseUrlOpt = None,
    allow_insecure: InsecureOpt = False,
    as_json: JsonOpt = False,
) -> None:
    """List the Midjourney accounts configured at useapi.net (Discord tokens redacted)."""
    from .errors import ImageJobsError

    client = _client(
        USEAPI.name,
        asynchronous=False,
        token=token,
        base_url=base_url,
        allow_insecure=allow_insecure,
    )
    try:
        with client:
            found = client.accounts()
    except ImageJobsError as exc:
        raise _fail(f"accounts: {exc}", EXIT_PARTIAL) from (exc if _State.debug else None)
    rows = [
        {
            "channel": channel,
            "server": account.server,
            "max_jobs": account.max_jobs,
            "discord": "***" if account.discord else None,
            "pending_mod_message": account.pending_mod_message,
        }
        for channel, account in found.items()
    ]
    if as_json:
        for row in rows:
            typer.echo(json.dumps(row, sort_keys=True))
        return
    from rich.console import Console
    from rich.table import Table

    table = Table(title="useapi.net Midjourney accounts")
    for column in ("channel", "server", "max jobs", "discord", "pending moderation"):
        table.add_column(column)
    for row in rows:
        table.add_row(
            row["channel"],
            row["server"] or "",
            str(row["max_jobs"] or ""),
            row["discord"] or "",
            row["pending_mod_message"] or "",
        )
    Console().print(table)


def _guarded(call: Any) -> Any:
    """Turn an unexpected library error into one clear line (a traceback only with --debug)."""
    from .errors import ImageJobsError

    try:
        return call()
    except ImageJobsError as exc:
        if _State.debug:
            raise
        raise _fail(str(exc), EXIT_ALL_FAILED) from None


@app.command(
    context_settings={
        "allow_extra_args": True,
        "ignore_unknown_options": True,
        "help_option_names": [],
    }
)
def generate(ctx: typer.Context) -> None:
    """Validate specs/ and regenerate generated/ (same as scripts/generate.py; try --help)."""
    from .codegen.cli import main as generate_main

    raise typer.Exit(generate_main(ctx.args))


@app.command(
    context_settings={
        "allow_extra_args": True,
        "ignore_unknown_options": True,
        "help_option_names": [],
    }
)
def diff(ctx: typer.Context) -> None:
    """Report breaking changes between two versions of a spec (try --help)."""
    from .codegen.cli import diff_main

    raise typer.Exit(diff_main(ctx.args))


@app.command(
    context_settings={
        "allow_extra_args": True,
        "ignore_unknown_options": True,
        "help_option_names": [],
    }
)
def update(ctx: typer.Context) -> None:
    """Fetch specs from their source:, regenerate, report (exit 10/11/12 when changed; try --help)."""
    from .codegen.cli import update_main

    raise typer.Exit(update_main(ctx.args))


@fake_app.command("serve")
def fake_serve(
    provider: ProviderOpt,
    port: Annotated[
        int, typer.Option("--port", help="Port on 127.0.0.1 (0 picks a free one).")
    ] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    latency: Annotated[
        float, typer.Option("--latency", help="Added latency per request, seconds.")
    ] = 0.0,
    seed: Annotated[int, typer.Option("--seed", help="Seed for ids, timestamps and faults.")] = 0,
    credential: Annotated[
        str | None,
        typer.Option(
            "--credential",
            help="The token (useapi, jobs_api) or API key (topaz) the fake accepts; default: the fake's built-in one.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve a stateful fake with uvicorn until Ctrl-C (POST /_fake/jobs seeds jobs)."""
    _needs_fakes()
    from .testing import Faults, serve

    knobs: dict[str, Any] = {"seed": seed, "faults": Faults(latency=latency, seed=seed)}
    if credential is not None:
        # A fake accepts its provider's first credential, under the client's keyword.
        knobs[PROVIDERS[provider].credentials[0].keyword] = credential
    try:
        serve(provider, host=host, port=port, **knobs)
    except OSError as exc:
        raise _fail(f"cannot serve on {host}:{port}: {exc}") from None
    except KeyboardInterrupt:
        raise typer.Exit(EXIT_OK) from None


@app.command()
def demo() -> None:
    """Run the whole toolkit on the built-in fakes: no credentials, no network."""
    _needs_fakes()
    from .demo import run_demo

    raise typer.Exit(run_demo())


def _needs_fakes() -> None:
    """A clear message, not an ImportError, when the fakes extra is not installed."""
    import importlib.util

    if importlib.util.find_spec("starlette") is None or importlib.util.find_spec("uvicorn") is None:
        raise _fail("this command runs the built-in fakes: pip install 'imagejobs[fakes]'")


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point; returns the exit code (tests call it with argv)."""
    try:
        result = app(
            args=list(argv) if argv is not None else None,
            prog_name="imagejobs",
            standalone_mode=False,
        )
        # In non-standalone mode click returns a command's typer.Exit code instead of raising.
        return result if isinstance(result, int) else EXIT_OK
    except typer.Exit as exc:
        return int(exc.exit_code)
    except SystemExit as exc:  # click's own exits (--help)
        return int(exc.code or 0)
    except Exception as exc:  # click usage errors and anything unforeseen: one line, no traceback
        import click

        if isinstance(exc, click.exceptions.Abort):
            return 130
        if isinstance(exc, click.ClickException):
            exc.show()
            return EXIT_USAGE
        if _State.debug:
            raise
        typer.echo(f"error: {type(exc).__name__}: {exc}", err=True)
        return EXIT_PARTIAL


if __name__ == "__main__":
    sys.exit(main())
