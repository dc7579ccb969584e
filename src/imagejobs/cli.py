"""The ``imagejobs`` command line: cancel jobs, read status, list accounts, generate, run fakes.

Loaded only by the console script (never by ``import imagejobs``); rich, the fakes and the
codegen are imported inside the commands that use them, so ``imagejobs --help`` stays quick
and works on a plain ``pip install imagejobs``.

`main` is the one place that turns what happened into an exit code, from the one map in
`imagejobs._exitcodes` (quoted at the end of ``imagejobs --help`` and in the README): a command
returns, or raises `Done(code)` or `CliError(message, code)`; click's usage errors become exit 2
with click's own one-line message; Ctrl-C becomes 130. This works whichever click typer runs
on: its vendored copy (typer 0.2x) or click itself (`click_exceptions`).

What the commands share lives beside this module, one seam each: `_cli_options` (the option
vocabulary, the ids), `_cli_clients` (a client from a provider's name and options),
`_cli_output` (record wording, writers, the summary line), `_cli_bulk` (the bulk run and its
progress bar); `Done` and `CliError` are in `_exitcodes`. A command module written elsewhere
defines ``register(app)`` and is listed in `COMMAND_MODULES` below (see `_cli_options`'s
docstring for a sketch).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from collections.abc import Callable, Sequence
from enum import StrEnum
from types import ModuleType
from typing import Annotated, Any

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
    Provider,
    ProviderOpt,
    TimeoutOpt,
    collect_ids,
    credential_options,
    pick_format,
)
from ._cli_output import JOB_COLUMNS, RowWriter, summary
from ._constants import DEFAULT_CONCURRENCY, DEFAULT_MAX_RETRIES, DEFAULT_TIMEOUT, __version__
from ._exitcodes import EXIT_CODE_HELP, CliError, Done, ExitCode
from ._streams import guarded_output
from .registry import PROVIDERS, USEAPI

__all__ = ["COMMAND_MODULES", "EXTRAS", "ExitCode", "app", "click_exceptions", "main"]

# The names tests and older callers import.
EXIT_OK, EXIT_PARTIAL, EXIT_USAGE, EXIT_ALL_FAILED = (
    ExitCode.OK,
    ExitCode.PARTIAL,
    ExitCode.USAGE,
    ExitCode.ALL_FAILED,
)

#: What each extra brings, by import name: a command that needs one says which to install.
EXTRAS: dict[str, tuple[str, ...]] = {
    "fakes": ("starlette", "uvicorn"),
    "codegen": (
        "openapi_python_client",
        "datamodel_code_generator",
        "openapi_spec_validator",
        "oas_patch",
        "jsonpath_ng",
        "yaml",
    ),
}

# generate, diff and update parse their own arguments (argparse, shared with scripts/generate.py).
PASS_THROUGH: dict[str, Any] = {
    "allow_extra_args": True,
    "ignore_unknown_options": True,
    "help_option_names": [],
}

app = typer.Typer(
    name="imagejobs",
    help=(
        "Control image-generation jobs on useapi.net (Midjourney), Topaz Labs and RFC 7807 jobs "
        "APIs. Output is a table on a terminal and TSV (one line per id) in a pipe; see --format."
        "\n\n\b\n" + EXIT_CODE_HELP
    ),
    context_settings=CONTEXT,
    invoke_without_command=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
fake_app = typer.Typer(
    help="Run the built-in stateful fakes (no credentials, no network).",
    context_settings=CONTEXT,
    invoke_without_command=True,
    rich_markup_mode=None,
)
app.add_typer(fake_app, name="fake")


class _State:
    debug = False


def _show_help_if_bare(ctx: typer.Context) -> None:
    """A group called without a command: its help, and exit 2 (nothing was done)."""
    if ctx.invoked_subcommand is None and not ctx.resilient_parsing:
        typer.echo(ctx.get_help())
        raise Done(ExitCode.USAGE)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"imagejobs {__version__}")
        raise Done(ExitCode.OK)


@app.callback()
def _main(
    ctx: typer.Context,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show tracebacks and DEBUG logs (secrets stay redacted)."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option("--version", is_eager=True, callback=_version, help="Print the version."),
    ] = False,
) -> None:
    _State.debug = debug
    if debug:
        import logging

        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s %(name)s: %(message)s")
    _show_help_if_bare(ctx)


@fake_app.callback()
def _fake(ctx: typer.Context) -> None:
    _show_help_if_bare(ctx)


def _needs_extra(extra: str, command: str) -> None:
    """One line naming the extra to install, not an ImportError, when it is missing."""
    missing = [name for name in EXTRAS[extra] if importlib.util.find_spec(name) is None]
    if missing:
        raise CliError(
            f"imagejobs {command} needs the {extra} extra ({', '.join(missing)} not installed): "
            f"pip install 'imagejobs[{extra}]'"
        )


# --- cancel and status --------------------------------------------------------------------------


def _bulk(
    operation: str,
    conn: Connection,
    ids: Sequence[str] | None,
    from_file: Any,
    *,
    concurrency: int,
    fmt: Format,
    call_kwargs: dict[str, Any] | None = None,
) -> BulkRun:
    """What `cancel` and `status` share: ids, a credentials check, the run, its rows."""
    job_ids = collect_ids(ids, from_file)
    client = make_client(conn, asynchronous=True)
    title = f"{'cancel' if operation == 'cancel' else 'status'} on {conn.provider}"
    run = BulkRun(
        operation,
        conn,
        job_ids,
        RowWriter(fmt, JOB_COLUMNS, title=title),
        concurrency=concurrency,
        call_kwargs=call_kwargs or {},
    )
    run.run(client)
    return run


def _finish(run: BulkRun, line: str, success: bool, failure: int) -> None:
    """Print the run's one summary line on stderr and raise its exit code."""
    run.finish(line, ExitCode.OK if success else failure)


def _cancel_kwargs(provider: str, reason: str, wait: bool, wait_timeout: float) -> dict[str, Any]:
    """What each `cancel` call takes.

    A reason where the description names that hook (the jobs API's body), and with --wait a
    wait for the final state within its own deadline.
    """
    kwargs: dict[str, Any] = {}
    if "reason" in PROVIDERS[provider].description.hooks:
        kwargs["reason"] = reason
    if wait:
        kwargs.update(wait=True, deadline=wait_timeout)
    return kwargs


@app.command(context_settings=CONTEXT)
@credential_options
def cancel(
    provider: ProviderOpt,
    ids: IdsArg = None,
    from_file: FromFileOpt = None,
    reason: Annotated[
        str, typer.Option("--reason", help="Cancel reason (jobs API).")
    ] = "Cancelled via imagejobs CLI",
    wait: Annotated[
        bool,
        typer.Option(
            "--wait",
            help="Where a provider takes its time to cancel (OpenAI batches: cancelling), wait "
            "until each job is final (at most --wait-timeout).",
        ),
    ] = False,
    wait_timeout: Annotated[
        float, typer.Option("--wait-timeout", min=0.1, help="Seconds --wait may take per job.")
    ] = 600.0,
    credentials: dict[str, str | None] | None = None,
    base_url: BaseUrlOpt = None,
    allow_insecure: InsecureOpt = False,
    concurrency: ConcurrencyOpt = DEFAULT_CONCURRENCY,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    max_retries: MaxRetriesOpt = DEFAULT_MAX_RETRIES,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Cancel jobs. Exit 0 only when every id ended cancelled (already-cancelled counts).

    A cancel the provider accepted and is still carrying out (OpenAI's `cancelling`) counts as
    cancelled; --wait waits for such jobs to be final.

    A refused credential stops the run after the first answer (exit 4); Ctrl-C prints what
    finished (exit 130).
    """
    conn = Connection(
        provider, credentials, base_url, allow_insecure, timeout, max_retries
    )  # fmt: skip
    run = _bulk(
        "cancel",
        conn,
        ids,
        from_file,
        concurrency=concurrency,
        fmt=pick_format(fmt, as_json),
        # A cancel that carries a reason (the jobs API's body) takes it; others have none.
        call_kwargs=_cancel_kwargs(provider, reason, wait, wait_timeout),
    )
    # An accepted cancel (the provider is winding the job down: `cancelling`) took.
    cancelling = run.count(lambda r: r["ok"] and r["status"] == "cancelling")
    cancelled = run.count(lambda r: r["ok"] and r["status"] == "cancelled") + cancelling
    line = summary(
        (cancelled, "cancelled"),
        (cancelling, "still cancelling (--wait waits)"),
        (run.finished - cancelled, "failed"),
        (run.in_flight, "in flight"),
        (run.not_attempted, "not attempted"),
        total=len(run.ids),
    )
    _finish(
        run,
        line,
        cancelled == len(run.ids),
        ExitCode.ALL_FAILED if cancelled == 0 else ExitCode.PARTIAL,
    )


@app.command(context_settings=CONTEXT)
@credential_options
def status(
    provider: ProviderOpt,
    ids: IdsArg = None,
    from_file: FromFileOpt = None,
    credentials: dict[str, str | None] | None = None,
    base_url: BaseUrlOpt = None,
    allow_insecure: InsecureOpt = False,
    concurrency: ConcurrencyOpt = DEFAULT_CONCURRENCY,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    max_retries: MaxRetriesOpt = DEFAULT_MAX_RETRIES,
    fmt: FormatOpt = None,
    as_json: JsonOpt = False,
    watch: Annotated[
        bool,
        typer.Option(
            "--watch", "-w", help="Redraw until every job is final (Ctrl-C: what it read, 130)."
        ),
    ] = False,
    interval: Annotated[
        float, typer.Option("--interval", min=0.1, help="Seconds between reads with --watch.")
    ] = 2.0,
) -> None:
    """Show the status of jobs. Exit 1 if any id could not be read.

    With --watch, read every --interval seconds until each job is final (a live table on a
    terminal; the last rows in a pipe or with --format tsv|json).
    """
    conn = Connection(
        provider, credentials, base_url, allow_insecure, timeout, max_retries
    )  # fmt: skip
    if watch:
        from ._cli_wait import run_watch

        run_watch(
            conn,
            collect_ids(ids, from_file),
            interval=interval,
            concurrency=concurrency,
            fmt=pick_format(fmt, as_json),
        )
    run = _bulk("get", conn, ids, from_file, concurrency=concurrency, fmt=pick_format(fmt, as_json))
    read = run.count(lambda r: bool(r["ok"]))
    line = summary(
        (read, "read"),
        (run.finished - read, "failed"),
        (run.in_flight, "in flight"),
        (run.not_attempted, "not attempted"),
        total=len(run.ids),
    )
    _finish(run, line, read == len(run.ids), ExitCode.PARTIAL)


# --- accounts -----------------------------------------------------------------------------------

ACCOUNT_COLUMNS = (
    ("channel", "channel"),
    ("server", "server"),
    ("max_jobs", "max jobs"),
    ("discord", "discord"),
    ("pending_mod_message", "pending moderation"),
)


@app.command(context_settings=CONTEXT)
def accounts(
    token: Annotated[
        str | None,
        typer.Option(
            "--token",
            help=f"useapi.net API token (default: {USEAPI.credential('token').env_var}).",
            show_default=False,
        ),
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option(
            "--base-url",
            help=f"Talk to this URL instead (a fake, a proxy); default: {USEAPI.base_url_env}, "
            "else useapi.net.",
            show_default=False,
        ),
    ] = None,
    allow_insecure: InsecureOpt = False,
    timeout: TimeoutOpt = DEFAULT_TIMEOUT,
    max_retries: MaxRetriesOpt = DEFAULT_MAX_RETRIES,
    fmt: FormatOpt = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Same as --format json: one JSON object per account.")
    ] = False,
) -> None:
    """List the Midjourney accounts configured at useapi.net (Discord tokens redacted).

    One request, so no --concurrency. Exit 1 if the call failed, 4 if the token was refused.
    """
    from .errors import ImageJobsError

    conn = Connection(
        USEAPI.name,
        {"token": token},
        base_url=base_url,
        allow_insecure=allow_insecure,
        timeout=timeout,
        max_retries=max_retries,
    )
    client = make_client(conn, asynchronous=False)
    try:
        with client:
            found = client.accounts()
    except ImageJobsError as exc:
        if _State.debug:
            raise
        if is_auth_error(exc):
            raise CliError(auth_hint(USEAPI, exc), ExitCode.AUTH) from None
        if is_unreachable(exc):
            raise CliError(unreachable_hint(conn, exc), ExitCode.UNREACHABLE) from None
        raise CliError(f"accounts: {exc}", ExitCode.PARTIAL) from None
    writer = RowWriter(
        pick_format(fmt, as_json), ACCOUNT_COLUMNS, title="useapi.net Midjourney accounts"
    )
    for channel, account in found.items():
        writer.write(
            {
                "channel": channel,
                "server": account.server,
                "max_jobs": account.max_jobs,
                "discord": "***" if account.discord else None,
                "pending_mod_message": account.pending_mod_message,
            }
        )
    writer.close()
    typer.echo(f"{writer.written} account(s)", err=True)


# --- generate, diff and update: the codegen commands, same code as scripts/generate.py --------


def _pass_through(ctx: typer.Context) -> list[str]:
    return list(ctx.args)


@app.command(context_settings=PASS_THROUGH)
def generate(ctx: typer.Context) -> None:
    """Validate specs/ and regenerate generated/ (same as scripts/generate.py; try -h).

    Needs the codegen extra and a checkout (specs/codegen.yaml).
    """
    args = _pass_through(ctx)
    if not {"-h", "--help"} & set(args):
        _needs_extra("codegen", "generate")
    from .codegen.cli import main as generate_main

    raise Done(generate_main(args, prog="imagejobs generate"))


@app.command(context_settings=PASS_THROUGH)
def diff(ctx: typer.Context) -> None:
    """Report breaking changes between two versions of a spec (try -h).

    Works on a plain install; --overlay and naming generated symbols need the codegen extra.
    """
    from .codegen.cli import diff_main

    raise Done(diff_main(_pass_through(ctx)))


@app.command(context_settings=PASS_THROUGH)
def update(ctx: typer.Context) -> None:
    """Fetch specs from their source:, regenerate, report (exit 10/11/12 when changed; try -h).

    Needs the codegen extra and a checkout (specs/codegen.yaml).
    """
    args = _pass_through(ctx)
    if not {"-h", "--help"} & set(args):
        _needs_extra("codegen", "update")
    from .codegen.cli import update_main

    raise Done(update_main(args))


# --- fakes --------------------------------------------------------------------------------------


class FakeClock(StrEnum):
    """How a served fake's time moves (`fake serve --clock`)."""

    FIXED = "fixed"
    WALL = "wall"


@fake_app.command("serve", context_settings=CONTEXT)
def fake_serve(
    provider: Annotated[
        Provider, typer.Option("--provider", "-p", help="Which provider's fake to serve.")
    ],
    port: Annotated[
        int, typer.Option("--port", help="Port on 127.0.0.1 (0 picks a free one).")
    ] = 8000,
    host: Annotated[str, typer.Option("--host", help="Address to bind.")] = "127.0.0.1",
    latency: Annotated[
        float, typer.Option("--latency", min=0.0, help="Added latency per request, seconds.")
    ] = 0.0,
    seed: Annotated[
        str | None,
        typer.Option(
            "--seed",
            help="'demo': start with imagejobs demo's jobs (and useapi account); default: empty.",
            show_default=False,
        ),
    ] = None,
    random_seed: Annotated[
        int, typer.Option("--random-seed", help="Seed for ids, timestamps and faults.")
    ] = 0,
    credential: Annotated[
        str | None,
        typer.Option(
            "--credential",
            help="The provider's first credential (its token or API key) the fake accepts; "
            "default: the fake's built-in one (printed on start).",
            show_default=False,
        ),
    ] = None,
    clock: Annotated[
        FakeClock,
        typer.Option(
            "--clock",
            help="'fixed': the fake's time stands still (timelines move only by POST "
            "/_fake/...; reproducible timestamps); 'wall': the real time, so posted timelines "
            "advance on their own.",
        ),
    ] = FakeClock.FIXED,
    speed: Annotated[
        float,
        typer.Option(
            "--speed", min=0.001, help="With --clock wall: how many times faster time runs."
        ),
    ] = 1.0,
) -> None:
    """Serve a stateful fake until Ctrl-C; prints its credentials and seed routes on start."""
    _needs_extra("fakes", "fake serve")
    if seed not in (None, "demo"):
        raise CliError(f"Invalid value for '--seed': {seed!r}; the one seed is 'demo'")
    if speed != 1.0 and clock is not FakeClock.WALL:
        raise CliError("--speed needs --clock wall (a fixed clock does not run)")
    from .testing import Faults, serve
    from .testing.serve import wall_clock

    knobs: dict[str, Any] = {
        "seed": random_seed,
        "faults": Faults(latency=latency, seed=random_seed),
    }
    if clock is FakeClock.WALL:
        knobs["clock"] = wall_clock(speed)
        pace = "real time" if speed == 1.0 else f"{speed:g}x real time"
        clock_line = f"wall ({pace}): posted timelines advance on their own"
    else:
        clock_line = "fixed: timelines stand still (--clock wall makes them advance in real time)"
    if credential is not None:
        # A fake accepts its provider's first credential, under the client's keyword.
        knobs[PROVIDERS[provider].credentials[0].keyword] = credential
    try:
        serve(provider, host=host, port=port, seed_with=seed, clock_line=clock_line, **knobs)
    except OSError as exc:
        raise CliError(f"cannot serve on {host}:{port}: {exc}") from None
    except KeyboardInterrupt:
        raise Done(ExitCode.OK) from None


@app.command(context_settings=CONTEXT)
def demo() -> None:
    """Run the whole toolkit on the built-in fakes: no credentials, no network."""
    _needs_extra("fakes", "demo")
    from .demo import run_demo

    raise Done(ExitCode.OK if run_demo() == 0 else ExitCode.PARTIAL)


# --- command modules ----------------------------------------------------------------------------

#: Modules that add commands: each defines `register(app: typer.Typer) -> None`. Add yours here.
COMMAND_MODULES: tuple[str, ...] = ("imagejobs._cli_wait", "imagejobs._cli_providers")


def _register(modules: Sequence[str] = COMMAND_MODULES) -> None:
    for name in modules:
        register: Callable[[typer.Typer], None] = importlib.import_module(name).register
        register(app)


_register()


# --- main: the one place that turns outcomes into exit codes -----------------------------------


def click_exceptions() -> ModuleType:
    """The exceptions module of the click typer runs on: its vendored copy, or click itself."""
    try:
        return importlib.import_module("typer._click.exceptions")
    except ModuleNotFoundError:  # typer before it vendored click
        return importlib.import_module("click.exceptions")


def _click_classes(*names: str) -> tuple[type[BaseException], ...]:
    """Those of click's exception classes `names` that the running click has."""
    module = click_exceptions()
    return tuple(getattr(module, name) for name in names if hasattr(module, name))


def _usage_line(exc: Any) -> str:
    """One line: click's own message (it names the option) and where to look for help."""
    ctx = getattr(exc, "ctx", None)
    where = f"{ctx.command_path}: " if ctx is not None else ""
    hint = f" (see '{ctx.command_path} -h')" if ctx is not None else ""
    message = " ".join(str(exc.format_message()).split())
    return f"{where}error: {message}{hint}"


def _outcome(exc: BaseException) -> int:
    """Map what `app` raised to an exit code, printing at most one line."""
    if isinstance(exc, Done):
        return exc.code
    if isinstance(exc, CliError):
        typer.echo(f"error: {exc.message}", err=True)
        return exc.code
    # typer's own Exit and Abort, and click's (the same classes before typer vendored click).
    if isinstance(exc, (typer.Exit, *_click_classes("Exit"))):
        return int(getattr(exc, "exit_code", 0))
    if isinstance(exc, (KeyboardInterrupt, typer.Abort, *_click_classes("Abort"))):
        typer.echo("interrupted", err=True)
        return ExitCode.INTERRUPTED
    if isinstance(exc, _click_classes("ClickException")):
        # UsageError (a missing option, a bad value, an unknown command) and file errors alike.
        typer.echo(_usage_line(exc), err=True)
        return ExitCode.USAGE
    if isinstance(exc, SystemExit):
        return int(exc.code or 0) if not isinstance(exc.code, str) else ExitCode.USAGE
    if _State.debug or not isinstance(exc, Exception):
        raise exc
    typer.echo(f"error: unexpected {type(exc).__name__}: {exc} (rerun with --debug)", err=True)
    return ExitCode.PARTIAL


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point; returns the exit code (tests call it with argv).

    stdout and stderr are guarded for the run (`_streams.guarded_output`): a reader that
    leaves (``| head -1``) or a full disk stops the writing, never the verdict.
    """
    _State.debug = False
    with guarded_output():
        try:
            result = app(
                args=list(argv) if argv is not None else sys.argv[1:],
                prog_name="imagejobs",
                standalone_mode=False,
            )
        except BaseException as exc:  # the one place that maps every outcome to a code
            return _outcome(exc)
    # Without standalone mode, click returns the code of an Exit raised by typer itself (its
    # own Ctrl-C handling returns 130) instead of raising it.
    return result if isinstance(result, int) else ExitCode.OK


if __name__ == "__main__":
    sys.exit(main())
