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


def test_the_virtual_clock_example_runs() -> None:
    text = section("Testing your code with the fakes").split("VirtualClock` moves only", 1)[1]
    exec(compile(first_block(text), "README.md", "exec"), {})


def test_the_terminal_states_table_is_the_registry() -> None:
    from imagejobs.registry import PROVIDERS

    rows = {
        line.split("|")[1].strip(" `"): line.split("|")[2:4]
        for line in section("Using it from Python")
        .split("### Waiting for a job", 1)[1]
        .splitlines()
        if line.startswith("| `")
    }
    assert set(rows) == set(PROVIDERS)
    for name, info in PROVIDERS.items():
        final, moving = (cell.replace("(", ",").replace(")", ",") for cell in rows[name])
        for state, status in info.statuses.items():
            words = {w.strip() for w in (final if status.is_final else moving).split(",")}
            assert state in words, f"{name}: {state} ({status.name}) is in the wrong column"
            if status.is_final:
                assert status.name in final, f"{name}: {status.name} missing"
