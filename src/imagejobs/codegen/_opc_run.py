"""Run openapi-python-client with more names renamed in Python: ``python _opc_run.py NAMES ARGS``.

The generated code binds names of its own, and a property or parameter whose Python name is one
of them redefines it (``quote`` shadows the helper that builds the URL, ``to_dict`` replaces the
method). openapi-python-client already renames such names in two places, keeping the wire name,
and this runner only lengthens its two lists before starting the generator's own CLI:

- ``strings.RESERVED_WORDS`` (builtins and keywords): ``fix_reserved_words`` appends ``_`` to any
  identifier in it. ``NAMES["names"]`` are added (``to_dict`` -> ``to_dict_``).
- ``Endpoint._check_parameters_for_conflicts`` appends the location to a parameter called
  ``client`` or ``url`` (``client_query``). ``NAMES["parameters"]`` get the same
  (``quote_path``, ``body_query``).

Both are internals of the pinned version (0.29.1; the toolchain check refuses any other), and
tests/codegen/test_hostile.py generates a spec using every name and calls it, so an upgrade that
moves them fails there. A file run by path, not a module of the package: importing ``imagejobs``
would load the facade.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def main() -> None:
    names: dict[str, list[str]] = json.loads(sys.argv[1])
    from openapi_python_client import strings
    from openapi_python_client.parser.openapi import Endpoint
    from openapi_python_client.schema.untrusted_string import UntrustedString

    strings.RESERVED_WORDS |= set(names["names"])
    taken = frozenset(names["parameters"])
    original = Endpoint._check_parameters_for_conflicts

    def check(self: Endpoint, *, config: Any, previously_modified_params: Any = None) -> Any:
        if previously_modified_params is None:  # the first call of its recursion
            for location, prop in self.iter_all_parameters():
                if prop.python_name in taken:
                    new = UntrustedString(f"{prop.python_name}_{location}")
                    prop.set_python_name(new_name=new, config=config)
        return original(self, config=config, previously_modified_params=previously_modified_params)

    Endpoint._check_parameters_for_conflicts = check  # type: ignore[method-assign]
    from openapi_python_client.cli import app

    sys.argv = ["openapi-python-client", *sys.argv[2:]]
    app()


if __name__ == "__main__":
    main()
