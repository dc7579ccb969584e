"""The README's runnable examples run: the quick start shape and the fakes example."""

from __future__ import annotations

import re
from pathlib import Path

from imagejobs.testing import FakeTopaz

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    return README.split(f"## {title}", 1)[1].split("\n## ", 1)[0]


def first_block(text: str) -> str:
    match = re.search(r"```(?:python|bash)?\n(.*?)```", text, re.S)
    assert match, "no code block"
    return match.group(1)


def test_quick_start_is_two_command_lines() -> None:
    lines = [line for line in first_block(section("Quick start")).splitlines() if line.strip()]
    assert len(lines) == 2
    assert "imagejobs demo" in lines[0]
    assert "pytest" in lines[1]


def test_fakes_example_runs() -> None:
    namespace: dict[str, object] = {}
    exec(
        compile(first_block(section("Testing your code with the fakes")), "README.md", "exec"),
        namespace,
    )
    test = namespace["test_my_cleanup_cancels_runaway_jobs"]
    assert callable(test)
    test(FakeTopaz())
