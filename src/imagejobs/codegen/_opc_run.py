"""Run openapi-python-client for the pipeline: ``python _opc_run.py SETTINGS ARGS``.

Three small changes to the pinned generator, applied in its own process before its CLI starts
(``SETTINGS`` is JSON: ``names``, ``parameters``, ``errors``), and no cyclic garbage collection
(its parsed spec and models stay alive to the end, and full collections walking them cost a
fifth of its time on OpenAI's spec, as in the build's own process: ``pipeline``):

**Names.**
The generated code binds names of its own, and a property or parameter whose Python name is one
of them redefines it (``quote`` shadows the helper that builds the URL, ``to_dict`` replaces the
method). openapi-python-client already renames such names in two places, keeping the wire name,
and this runner only lengthens its two lists before starting the generator's own CLI:

- ``strings.RESERVED_WORDS`` (builtins and keywords): ``fix_reserved_words`` appends ``_`` to any
  identifier in it. ``NAMES["names"]`` are added (``to_dict`` -> ``to_dict_``).
- ``Endpoint._check_parameters_for_conflicts`` appends the location to a parameter called
  ``client`` or ``url`` (``client_query``). ``NAMES["parameters"]`` get the same
  (``quote_path``, ``body_query``).

**Its warnings, as data.** ``cli.handle_errors`` prints each warning's header and detail to
stderr and blank lines around them, which text parsing got wrong (the first warning of a run was
lost). Each error is also written as JSON to ``SETTINGS["errors"]``: level, header, detail.

**Names in its messages.** Its messages format names held in ``UntrustedString`` with f-strings,
which printed ``<UntrustedString object at 0x...>``; ``__format__`` gives the value's ``repr``
(quoted and escaped). Templates use ``str()``, which stays the object's default: no untrusted
text reaches generated code through this.

All three are internals of the pinned version (0.29.1; the toolchain check refuses any other),
and tests generate specs that need each (tests/codegen/test_hostile.py calls a spec using every
name), so an upgrade that moves them fails there. A file run by path, not a module of the
package: importing ``imagejobs`` would load the facade.
"""

from __future__ import annotations

import gc
import json
import sys
from typing import Any


def main() -> None:
    gc.disable()
    settings: dict[str, Any] = json.loads(sys.argv[1])
    from openapi_python_client import strings
    from openapi_python_client.parser.openapi import Endpoint
    from openapi_python_client.schema.untrusted_string import UntrustedString

    strings.RESERVED_WORDS |= set(settings["names"])
    taken = frozenset(settings["parameters"])
    original = Endpoint._check_parameters_for_conflicts

    def check(self: Endpoint, *, config: Any, previously_modified_params: Any = None) -> Any:
        if previously_modified_params is None:  # the first call of its recursion
            for location, prop in self.iter_all_parameters():
                if prop.python_name in taken:
                    new = UntrustedString(f"{prop.python_name}_{location}")
                    prop.set_python_name(new_name=new, config=config)
        return original(self, config=config, previously_modified_params=previously_modified_params)

    Endpoint._check_parameters_for_conflicts = check  # type: ignore[method-assign]

    def quoted(self: UntrustedString, spec: str) -> str:
        return repr(self.get_untrusted_value())

    UntrustedString.__format__ = quoted  # type: ignore[method-assign,assignment]
    from openapi_python_client import cli

    handle = cli.handle_errors

    def recorded(errors: Any, fail_on_warning: bool = False) -> None:
        with open(settings["errors"], "w", encoding="utf-8") as out:
            json.dump(
                [
                    {"level": e.level.value, "header": str(e.header), "detail": str(e.detail or "")}
                    for e in errors
                ],
                out,
            )
        handle(errors, fail_on_warning)

    cli.handle_errors = recorded
    app = cli.app

    sys.argv = ["openapi-python-client", *sys.argv[2:]]
    app()


if __name__ == "__main__":
    main()
