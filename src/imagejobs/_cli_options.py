"""The ``imagejobs`` commands' option vocabulary: one `Annotated` type per option, and the ids.

Every provider command spells an option the same way by taking its type from here
(``provider: ProviderOpt``, ``fmt: FormatOpt``, ...); the help texts name each provider's env
var from `registry.PROVIDERS`, so a new provider shows up in ``--help`` without an edit here.
`collect_ids` reads the ids from arguments, stdin and ``--from-file``; `pick_format` turns
``--format``/``--json`` into the one `Format`: a table on a terminal, TSV (one line per id,
tab-separated, no header, never wrapped) in a pipe or a file, so ``imagejobs status ... | grep
<id>`` and ``cut -f1`` work.

A command module (``imagejobs/_cli_wait.py`` is one) defines ``register(app)``, and `cli.py`
lists it in `COMMAND_MODULES`, one line::

    def register(app: typer.Typer) -> None:
        @app.command(context_settings=CONTEXT)
        def wait(provider: ProviderOpt, ids: IdsArg = None, fmt: FormatOpt = None,
                 as_json: JsonOpt = False, timeout: TimeoutOpt = DEFAULT_TIMEOUT, ...) -> None:
            conn = Connection(provider, timeout=timeout, ...)          # _cli_clients
            client = make_client(conn, asynchronous=True)              # _cli_clients
            writer = RowWriter(pick_format(fmt, as_json), JOB_COLUMNS, title="wait")  # _cli_output
            ...
            raise Done(ExitCode.OK)                                    # _exitcodes
"""

from __future__ import annotations

import functools
import inspect
import sys
from collections.abc import Callable, Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._exitcodes import CliError
from .registry import PROVIDERS

__all__ = [
    "CONTEXT",
    "CREDENTIAL_KEYWORDS",
    "BaseUrlOpt",
    "ConcurrencyOpt",
    "Format",
    "FormatOpt",
    "FromFileOpt",
    "IdsArg",
    "InsecureOpt",
    "JsonOpt",
    "MaxRetriesOpt",
    "Provider",
    "ProviderOpt",
    "TimeoutOpt",
    "collect_ids",
    "credential_options",
    "pick_format",
]

#: Every command's context: ``-h`` is ``--help``.
CONTEXT: dict[str, Any] = {"help_option_names": ["-h", "--help"]}

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


#: Every credential keyword the providers' descriptions name, each one option (`--api-key`).
CREDENTIAL_KEYWORDS: tuple[str, ...] = tuple(
    dict.fromkeys(c.keyword for info in PROVIDERS.values() for c in info.credentials)
)


def _credential_help(keyword: str) -> str:
    """`useapi's API token (USEAPI_TOKEN), ...`: who takes this option, and its env vars."""
    uses = [
        f"{info.name} {c.what} ({c.env_var})"
        for info in PROVIDERS.values()
        for c in info.credentials
        if c.keyword == keyword
    ]
    return "; ".join(uses) + ". Default: the variable."


def credential_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give `command` one option per credential keyword of the descriptions.

    The command declares a `credentials: dict[str, str | None]` parameter instead; the options
    (`--token`, `--api-key`, `--client-id`, ...) come from the registry, so a provider whose
    description names a new credential gets its option without an edit here.
    """
    signature = inspect.signature(command, eval_str=True)  # typer reads evaluated types
    kept = [p for p in signature.parameters.values() if p.name != "credentials"]
    added = [
        inspect.Parameter(
            keyword,
            inspect.Parameter.KEYWORD_ONLY,
            default=None,
            annotation=Annotated[
                str | None,
                typer.Option(
                    "--" + keyword.replace("_", "-"),
                    help=_credential_help(keyword),
                    show_default=False,
                ),
            ],
        )
        for keyword in CREDENTIAL_KEYWORDS
    ]

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        given = {keyword: kwargs.pop(keyword, None) for keyword in CREDENTIAL_KEYWORDS}
        return command(*args, credentials=given, **kwargs)

    # typer reads the signature: the added options are keyword-only, after the command's own.
    run.__signature__ = signature.replace(  # type: ignore[attr-defined]
        parameters=[*kept, *added]
    )
    return run


ProviderOpt = Annotated[
    Provider, typer.Option("--provider", "-p", help="Which API the ids belong to.")
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


def pick_format(fmt: Format | None, as_json: bool = False) -> Format:
    """--json, else --format, else a table on a terminal and TSV in a pipe or file."""
    if as_json:
        return Format.JSON
    if fmt is not None:
        return fmt
    return Format.TABLE if sys.stdout.isatty() else Format.TSV
