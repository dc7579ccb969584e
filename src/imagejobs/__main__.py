"""``python -m imagejobs``: the ``imagejobs`` command, where the console script is not on PATH.

The program name in usage lines and errors stays ``imagejobs``, so what ``-h`` shows is what
to type either way.
"""

from __future__ import annotations

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
