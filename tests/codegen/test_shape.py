"""The codegen package keeps the shape issue 16 gave it: small functions, no facade import."""

from __future__ import annotations

import ast
from pathlib import Path

CODEGEN = Path(__file__).resolve().parents[2] / "src" / "imagejobs" / "codegen"
MAX_LINES = 60


def test_no_function_in_codegen_is_over_60_lines() -> None:
    long = []
    for path in sorted(CODEGEN.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                lines = (node.end_lineno or node.lineno) - node.lineno + 1
                if lines > MAX_LINES:
                    long.append(
                        f"{path.relative_to(CODEGEN)}:{node.lineno} {node.name} ({lines} lines)"
                    )
    assert not long, "\n".join(long)
