"""``imagejobs providers``: every described provider, as a table, JSON lines or Markdown.

Read from the registry alone (what the build compiled from `specs/providers/*.yaml`), so a new
description shows up here, in ``-p``'s choices and in the credential options at once. The
README's provider table is this command's ``--markdown`` output (a test keeps them equal).
"""

from __future__ import annotations

from typing import Annotated, Any

import typer

from ._cli_options import CONTEXT, Format, FormatOpt, JsonOpt, pick_format
from ._cli_output import RowWriter
from ._exitcodes import Done, ExitCode
from .registry import PROVIDERS, ProviderInfo

__all__ = ["markdown_table", "provider_record", "register"]

COLUMNS = (
    ("name", "name"),
    ("title", "title"),
    ("operations", "operations"),
    ("credentials", "credentials"),
    ("cancel", "cancel"),
    ("final_states", "final states"),
)


def provider_record(info: ProviderInfo) -> dict[str, Any]:
    """What one provider is, as plain data (the JSON line of ``--format json``)."""
    desc = info.description
    return {
        "name": info.name,
        "title": info.title,
        "spec": desc.spec,
        "description": desc.source,
        "base_url": info.base_url,
        "base_url_env": info.base_url_env,
        "operations": {role: f"{op.method} {op.path}" for role, op in desc.operations.items()},
        "credentials": [
            {"option": c.option, "env": c.env_var, "what": c.what, "secret": c.secret}
            for c in info.credentials
        ],
        "cancel": None if desc.cancel is None else str(desc.cancel.strategy),
        "states": {name: str(status) for name, status in desc.states.items()},
        "final_states": list(desc.final_states),
        "hooks": list(desc.hooks),
    }


def _cells(record: dict[str, Any]) -> dict[str, Any]:
    return {
        **record,
        "operations": ", ".join(record["operations"]),
        "credentials": ", ".join(f"{c['option']} ({c['env']})" for c in record["credentials"]),
        "final_states": ", ".join(record["final_states"]),
    }


def markdown_table() -> str:
    """The README's table: each provider's states by `JobStatus`, final states, cancel."""
    lines = [
        "| provider | queued | running | cancelling | completed | failed / moderated / expired "
        "| cancelled | cancel | description |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for info in PROVIDERS.values():
        desc = info.description

        def states(*names: str, desc: Any = desc) -> str:
            found = [s for s, status in desc.states.items() if str(status) in names]
            return ", ".join(f"`{s}`" for s in found) or "-"

        lines.append(
            f"| {info.name} | {states('queued')} | {states('running')} | "
            f"{states('cancelling')} | {states('completed')} | "
            f"{states('failed', 'moderated', 'expired')} | {states('cancelled')} | "
            f"{desc.cancel.strategy if desc.cancel else '-'} | `{desc.source}` |"
        )
    return "\n".join(lines)


def register(app: typer.Typer) -> None:
    """Add ``providers`` to `app`."""

    @app.command(context_settings=CONTEXT)
    def providers(
        fmt: FormatOpt = None,
        as_json: JsonOpt = False,
        markdown: Annotated[
            bool, typer.Option("--markdown", help="The README's provider table, in Markdown.")
        ] = False,
    ) -> None:
        """List every provider: its spec, operations, credentials, states and cancel strategy.

        Each comes from its description (specs/providers/<name>.yaml), checked against its spec
        when generated/ was built.
        """
        if markdown:
            typer.echo(markdown_table())
            raise Done(ExitCode.OK)
        chosen = pick_format(fmt, as_json)
        writer = RowWriter(chosen, COLUMNS, title="providers")
        for info in PROVIDERS.values():
            record = provider_record(info)
            writer.write(record if chosen is Format.JSON else _cells(record))
        writer.close()
        raise Done(ExitCode.OK)
