"""What a spec change does to the people who import the generated clients.

:func:`diff_specs` compares two versions of an OpenAPI document (after overlays) and returns a
:class:`DiffReport`: one :class:`Change` per difference, classed

- ``breaking``: code written against the old generated client may stop working (an operation,
  status, parameter or response field removed, a required request field added, a type changed...);
- ``warning``: it keeps working but may meet something it does not handle (a new enum value in a
  response, a deprecation);
- ``compatible``: additions old code ignores.

Each change carries its location (path, method, status, JSON pointer), a rule id (oasdiff's id
where one exists; docs/diff-rules.md lists them) and the generated Python symbols it touches, named
the way openapi-python-client and datamodel-code-generator name them. The rules are
direction-aware: narrowing what a client may *send* breaks it, widening what it may *receive* does.

:func:`report_changes` is the build script's hook: it compares each spec with the ``openapi.json``
of its committed generated package and prints a short report per changed spec.

The code lives in private modules, one per concern: ``_model`` (the result classes),
``_symbols`` (generated Python names), ``_resolve`` (``$ref`` resolution and schema views),
``rules`` (the rules table: each id's classes and message, and docs/diff-rules.md made from it),
``_record`` (the comparison context and change recording), ``_operations``, ``_schemas`` and
``_security`` (the walkers, by area), ``_render`` (text, JSON and Markdown output) and ``_build``
(the build script's hook).
"""

from ._build import report_changes, violates
from ._model import SEVERITIES, Change, DiffError, DiffReport, Severity
from ._operations import diff_specs
from ._render import (
    FORMATS,
    exit_class,
    plain,
    print_reports,
    render_json,
    render_markdown,
    text_lines,
)
from ._resolve import BOUNDS
from ._schemas import PYTHON_FORMATS
from ._symbols import SymbolNamer

__all__ = [
    "BOUNDS",
    "FORMATS",
    "PYTHON_FORMATS",
    "SEVERITIES",
    "Change",
    "DiffError",
    "DiffReport",
    "Severity",
    "SymbolNamer",
    "diff_specs",
    "exit_class",
    "plain",
    "print_reports",
    "render_json",
    "render_markdown",
    "report_changes",
    "text_lines",
    "violates",
]
