#!/usr/bin/env python3
"""Build script: validate specs/, generate generated/, or --check that it is current.

Usage: python scripts/generate.py [--check [--diff]] [--force] [--validate-only]
The logic lives in imagejobs.codegen (cli.main) so `imagejobs generate` runs the same code.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Runs from a bare checkout too, before `pip install -e .`.
sys.path.insert(0, str(ROOT / "src"))

from imagejobs.codegen.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
