"""``python -m imagejobs.codegen.diff --write|--check``: docs/diff-rules.md from the rules table."""

import sys

from .docs import main

sys.exit(main())
