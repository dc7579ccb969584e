"""Cold import time of imagejobs vs httpx alone: median of 10 fresh interpreters each.

Goal: `import imagejobs` <= 1.5x `import httpx`. Also shows what the first client costs
(`from imagejobs import Topaz`) and the CLI module, which loads typer.

Run: python bench/import_time.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from statistics import median

from _common import ROOT, table

RUNS = 10
ENV = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), str(ROOT / "generated")])}


def cold(statement: str) -> float:
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", statement], check=True, env=ENV)
        times.append(time.perf_counter() - start)
    return median(times)


def main() -> None:
    base = cold("pass")
    httpx_t = cold("import httpx") - base
    rows = [("import httpx", httpx_t)]
    for stmt in (
        "import imagejobs",
        "from imagejobs import Topaz",
        "from imagejobs import AsyncTopaz",
        "import imagejobs.cli",
    ):
        rows.append((stmt, cold(stmt) - base))
    print(
        f"cold import, median of {RUNS} fresh interpreters, interpreter start-up ({base * 1000:.0f} ms) subtracted"
    )
    table([(name, f"{t * 1000:6.1f} ms  {t / httpx_t:5.2f}x httpx") for name, t in rows])
    print("  goal: import imagejobs <= 1.5x import httpx")


if __name__ == "__main__":
    main()
