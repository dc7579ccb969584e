"""The README's "Testing your code with the fakes" example, run as a user runs it: under pytest,
with the plugin's own `fake_topaz` fixture (`tests/test_readme.py` runs every block too, but
hands it a `FakeTopaz()` it builds itself, so it cannot tell whether the fixture works).

The example is read from the README, not copied: a README without it fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

from imagejobs.testing import FakeTopaz

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
SECTION = "## Testing your code with the fakes"
EXAMPLE = "test_my_cleanup_cancels_runaway_jobs"


def readme_example() -> str:
    assert SECTION in README, f"README.md has no {SECTION!r} section"
    text = README.split(SECTION, 1)[1].split("\n## ", 1)[0]
    match = re.search(r"^```python\n(.*?)^```", text, re.S | re.M)
    assert match, f"README.md's {SECTION!r} section has no Python example"
    return match.group(1)


def test_the_readme_fakes_example_passes_with_the_plugin_fixture(fake_topaz: FakeTopaz) -> None:
    namespace: dict[str, object] = {"__name__": "readme_fakes_example"}
    exec(compile(readme_example(), "README.md (fakes example)", "exec"), namespace)
    example = namespace.get(EXAMPLE)
    assert callable(example), f"the README's fakes example no longer defines {EXAMPLE}"
    example(fake_topaz)
