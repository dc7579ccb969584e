"""The one exit-code map of every ``imagejobs`` command (and ``scripts/generate.py``).

Plain values only, no imports from the package: the CLI (`cli.py` and its `_cli_*` modules) and
the codegen commands (`codegen/cli.py`) both read it, and ``imagejobs --help`` and the README
quote `EXIT_CODE_HELP`, built from `MEANINGS` below. A code means the same thing on every
command; a command that has no use for a code never returns it.

`Done` and `CliError` are what a CLI command raises to end with a code: `cli.main` is the one
place that turns them into the exit code (and, for `CliError`, its one line on stderr).
"""

from __future__ import annotations

from enum import IntEnum

__all__ = ["EXIT_CODE_HELP", "MEANINGS", "CliError", "Done", "ExitCode", "exit_code_lines"]


class ExitCode(IntEnum):
    """What a run of any command ended as."""

    OK = 0
    PARTIAL = 1
    USAGE = 2
    ALL_FAILED = 3
    AUTH = 4
    BAD_SPEC = 5
    DRIFT = 6
    API_CHANGE = 7
    UNREACHABLE = 8
    CHANGED = 10
    CHANGED_WARNINGS = 11
    CHANGED_BREAKING = 12
    INTERRUPTED = 130


#: Each code's meaning, in the order `--help` lists them.
MEANINGS: dict[ExitCode, str] = {
    ExitCode.OK: (
        "success (cancel: every id ended cancelled; already-cancelled counts; "
        "wait: every id ended final)"
    ),
    ExitCode.PARTIAL: (
        "some ids failed (cancel: not cancelled; status: unreadable; wait: not final), "
        "or accounts failed"
    ),
    ExitCode.USAGE: "usage error, missing credentials or a missing extra; nothing was sent",
    ExitCode.ALL_FAILED: "cancel: no id ended cancelled; wait: no id ended final",
    ExitCode.AUTH: "the provider refused the credentials (401/403); the run stopped early",
    ExitCode.BAD_SPEC: (
        "generate/update: a spec, overlay, config or generator failed, or a download (update)"
    ),
    ExitCode.DRIFT: "generate --check: generated/ is out of date",
    ExitCode.API_CHANGE: "generate/diff/update --fail-on: an API change at or above that level",
    ExitCode.UNREACHABLE: (
        "the provider could not be reached (refused, DNS, TLS) at its base URL; "
        "the run stopped early"
    ),
    ExitCode.CHANGED: "update: a spec changed, compatibly",
    ExitCode.CHANGED_WARNINGS: "update: a spec changed, with warnings",
    ExitCode.CHANGED_BREAKING: "update: a spec changed, with breaking changes",
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C); what finished was printed first",
}


def exit_code_lines() -> list[str]:
    """One ``"  N  meaning"`` line per code."""
    return [f"{int(code):>5}  {text}" for code, text in MEANINGS.items()]


#: The block `imagejobs --help` ends with (and the README quotes).
EXIT_CODE_HELP = "Exit codes:\n" + "\n".join(exit_code_lines())


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
