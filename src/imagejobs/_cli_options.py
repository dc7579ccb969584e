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

import sys
from collections.abc import Iterable, Sequence
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from ._exitcodes import CliError
from .registry import PROVIDERS

__all__ = [
    "CONTEXT",
    "ApiKeyOpt",
    "BaseUrlOpt",
    "ClientIdOpt",
    "ClientSecretOpt",
    "ConcurrencyOpt",
    "CustomerIdOpt",
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
    "TokenOpt",
    "collect_ids",
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


def pick_format(fmt: Format | None, as_json: bool = False) -> Format:
    """--json, else --format, else a table on a terminal and TSV in a pipe or file."""
    if as_json:
        return Format.JSON
    if fmt is not None:
        return fmt
    return Format.TABLE if sys.stdout.isatty() else Format.TSV
