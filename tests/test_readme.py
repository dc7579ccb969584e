"""The README's examples run as written: every Python block, against fakes served on 127.0.0.1.

Each block gets fresh fakes of every provider, seeded with the ids the README uses, and
the environment the README describes (`TOPAZ_API_KEY`, `TOPAZ_BASE_URL`, ...) pointing at them.
A block that defines `test_*` functions has them called with the fake fixtures they name.
"""

from __future__ import annotations

import inspect
import re
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest

from imagejobs.registry import JOBS_API, PROVIDERS, TOPAZ, USEAPI
from imagejobs.testing import FakeJobsApi, FakeTopaz, FakeUseapi, Timeline, running_server
from imagejobs.testing.serve import make_fake

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
PYTHON_BLOCKS = re.findall(r"^```python\n(.*?)^```", README, re.S | re.M)

#: The ids the README's examples use, seeded in a state their example expects.
USEAPI_JOB = "j1023841923-user:1234-channel:1002843-bot:midjourney"
TOPAZ_JOBS = ("6513270e-269e-4d37-b2a7-4de452e6b438", "9531985d-5a1c-4e4e-9d3c-2f1e0b7a6c55")
#: The job "Waiting for a job" waits on: queued, running, then completed within a second.
TOPAZ_WAITED_JOB = "0d7f5b8e-4d1c-4b8a-9d2e-6f3a1c2b4e5d"
JOBS_API_JOB = 1234567
#: "Any provider, by name" and "Adding a provider": a prediction and a batch still going.
REPLICATE_JOB = "gm3qorzdhgbfurvjtvhg6dckhu"
OPENAI_BATCH = "batch_abc123"


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


def test_every_python_block_is_found() -> None:
    assert len(PYTHON_BLOCKS) == README.count("```python") >= 6


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The three fakes on 127.0.0.1, and the README's env vars pointing at them."""
    for info in PROVIDERS.values():
        monkeypatch.delenv(info.base_url_env, raising=False)
        for credential in info.credentials:
            monkeypatch.delenv(credential.env_var, raising=False)
    useapi = FakeUseapi()
    useapi.add_account("1002843")
    useapi.add_job(status="progress", id=USEAPI_JOB, channel="1002843")
    topaz = FakeTopaz(clock=time.time)  # a timeline on the wall clock, for the wait example
    for job in TOPAZ_JOBS:
        topaz.add_job(status="Processing", id=job)
    topaz.add_scripted_job(Timeline.finishes(queued=0.3, running=0.5), id=TOPAZ_WAITED_JOB)
    # The README's JobsApi example passes these client credentials.
    jobs_api = FakeJobsApi(client_id="my-app", client_secret="...")
    jobs_api.add_job(status="scheduled", id=JOBS_API_JOB)
    # Every other provider: its fake made from its description, on the wall clock (a submitted
    # prediction finishes within seconds), credentials in the environment as the README says.
    # A variable two providers share (topaz_video reads TOPAZ_API_KEY) holds one key for both.
    shared = {TOPAZ.credential("api_key").env_var: topaz.api_key}
    described = {
        name: make_fake(
            name,
            clock=time.time,
            cancel_delay=0.5,
            **{c.keyword: shared[c.env_var] for c in info.credentials if c.env_var in shared},
        )
        for name, info in PROVIDERS.items()
        if name not in (USEAPI.name, TOPAZ.name, JOBS_API.name)
    }
    described["replicate"].add_job(status="processing", id=REPLICATE_JOB)
    described["openai"].add_job(status="in_progress", id=OPENAI_BATCH)
    with ExitStack() as stack:
        served = [(USEAPI, useapi), (TOPAZ, topaz), (JOBS_API, jobs_api)]
        for info, fake in [*served, *((PROVIDERS[n], f) for n, f in described.items())]:
            monkeypatch.setenv(info.base_url_env, stack.enter_context(running_server(fake)))
        monkeypatch.setenv(USEAPI.credential("token").env_var, useapi.token)
        monkeypatch.setenv(TOPAZ.credential("api_key").env_var, topaz.api_key)
        for name, fake in described.items():
            for keyword, value in fake.credentials.items():
                monkeypatch.setenv(PROVIDERS[name].credential(keyword).env_var, value)
        yield


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(PYTHON_BLOCKS)))
def test_readme_python_block_runs(index: int, served: None, capsys) -> None:
    namespace: dict[str, object] = {"__name__": f"readme_block_{index}"}
    exec(compile(PYTHON_BLOCKS[index], f"README.md block {index + 1}", "exec"), namespace)
    for name, value in namespace.items():
        if name.startswith("test_") and callable(value):
            # `fake_<provider>`: what the pytest plugin's fixture of that name gives.
            value(**{arg: make_fake(arg[5:]) for arg in inspect.signature(value).parameters})
    assert "Traceback" not in capsys.readouterr().err


def test_the_virtual_clock_example_runs() -> None:
    text = section("Testing your code with the fakes").split("VirtualClock` moves only", 1)[1]
    exec(compile(first_block(text), "README.md", "exec"), {})
