"""``imagejobs demo``: the whole toolkit on the built-in fakes, with no credentials and no network.

For each provider it starts the stateful fake in-process, seeds jobs in several states and, through
the facade (which calls the generated clients), cancels a running job, cancels it again, tries to
cancel a finished job, reads a status and asks for an unknown id. Then it cancels a batch with
``cancel_many`` while the fake injects 429s and 503s, to show retries. Last it waits: for a job to
finish, for a cancelled job to be final, and, with a time limit, for a job that is stuck (which is
cancelled when the time is up). The fake's jobs follow timelines on a virtual clock, so the
minutes they take pass in no time. Every step has an expected outcome; the exit status is 0 only
if all of them happened.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

BASE_URL = "http://localhost"  # any host works: the transport never leaves the process


@dataclass
class Step:
    """One demo action, what we expected, and what happened."""

    provider: str
    action: str
    job_id: str
    expected: str
    outcome: str = ""
    detail: str = ""

    @property
    def ok(self) -> bool:
        return self.outcome == self.expected


def _attempt(step: Step, call: Callable[[], Any]) -> Step:
    from .errors import ImageJobsError, NotCancellableError, WaitTimeoutError
    from .job import Job

    try:
        result = call()
    except WaitTimeoutError as exc:
        step.outcome = type(exc).__name__
        state = exc.job.status.value if exc.job is not None else "unread"
        step.detail = f"still {state}; " + ("cancelled it" if exc.cancelled else "not cancelled")
    except NotCancellableError as exc:
        step.outcome = type(exc).__name__
        step.detail = f"job is {getattr(exc.current_status, 'value', exc.current_status)}"
    except ImageJobsError as exc:
        step.outcome = type(exc).__name__
        step.detail = str(exc).splitlines()[0][:70]
    else:
        if isinstance(result, Job):
            step.outcome = result.status.value
            step.detail = f"{result.provider_status}" if result.provider_status else "no body (204)"
        else:
            step.outcome = "ok"
            step.detail = str(result)[:70]
    return step


def _script(
    provider: str, client: Any, fake: Any, running: str, other: str, done: str, missing: str
) -> list[Step]:
    cancel: Callable[[str], Any] = client.cancel
    return [
        _attempt(
            Step(provider, "cancel a running job", running, "cancelled"), lambda: cancel(running)
        ),
        _attempt(Step(provider, "cancel it again", running, "cancelled"), lambda: cancel(running)),
        _attempt(
            Step(provider, "cancel a completed job", done, "NotCancellableError"),
            lambda: cancel(done),
        ),
        _attempt(Step(provider, "read a status", other, "running"), lambda: client.get(other)),
        _attempt(
            Step(provider, "read an unknown id", missing, "NotFoundError"),
            lambda: client.get(missing),
        ),
    ]


def _useapi() -> tuple[list[Step], list[str]]:
    from .testing import FakeUseapi
    from .testing.serve import seed_demo
    from .useapi import Useapi

    fake = FakeUseapi(seed=7)
    # The same jobs and account as `imagejobs fake serve --seed demo`.
    running, other, done = seed_demo(fake).values()
    with Useapi(token=fake.token, base_url=BASE_URL, transport=fake.transport()) as client:
        steps = _script(
            client.provider,
            client,
            fake,
            running,
            other,
            done,
            "j0000-user:1-channel:1-bot:midjourney",
        )
        accounts = client.accounts()
        notes = [f"useapi accounts(): {dict(accounts)!r}  <- the Discord token is redacted"]
    return steps, notes


def _topaz() -> tuple[list[Step], list[str]]:
    from .testing import FakeTopaz
    from .testing.serve import seed_demo
    from .topaz import Topaz

    fake = FakeTopaz(seed=7)
    running, other, done = seed_demo(fake).values()
    with Topaz(api_key=fake.api_key, base_url=BASE_URL, transport=fake.transport()) as client:
        steps = _script(
            client.provider,
            client,
            fake,
            running,
            other,
            done,
            "00000000-0000-4000-8000-000000000000",
        )
    return steps, []


def _jobs_api() -> tuple[list[Step], list[str]]:
    from .jobs_api import JobsApi
    from .testing import FakeJobsApi
    from .testing.serve import seed_demo

    fake = FakeJobsApi(seed=7)
    running, other, done = seed_demo(fake).values()
    client = JobsApi(
        customer_id=14532,
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        base_url=BASE_URL,
        transport=fake.transport(),
    )
    with client:
        steps = _script(client.provider, client, fake, running, other, done, "999999")
    tokens = sum(1 for r in fake.requests if r.path == "/auth/tokens")
    return steps, [
        f"jobs API: {tokens} OAuth2 token request(s) for {len(fake.requests) - tokens} API calls (cached)"
    ]


def _described() -> tuple[list[Step], list[str]]:
    """Every provider with no class of its own: a client by name, on a fake of its description."""
    from functools import partial

    from .clients import client
    from .registry import PROVIDERS
    from .testing.serve import OWN_FAKES, make_fake, seed_demo

    steps: list[Step] = []
    for name, info in PROVIDERS.items():
        if name in OWN_FAKES or name in ("useapi", "topaz", "jobs_api"):
            continue
        fake: Any = make_fake(name, seed=7)
        running, other, done = seed_demo(fake).values()
        rule = info.description.cancel
        # A provider that takes its time to cancel (OpenAI's batches) answers `cancelling`.
        took = "cancelling" if rule is not None and rule.strategy == "accepted" else "cancelled"
        options = {"base_url": BASE_URL, "transport": fake.transport(), **fake.credentials}
        with client(name, allow_insecure=True, **options) as described:
            steps += [
                _attempt(
                    Step(name, "cancel a running job", running, took),
                    partial(described.cancel, running),
                ),
                _attempt(
                    Step(name, "read a status", other, "running"),
                    partial(described.get, other),
                ),
                _attempt(
                    Step(name, "cancel a completed job", done, "NotCancellableError"),
                    partial(described.cancel, done),
                ),
            ]
    return steps, [f"described providers: {', '.join(PROVIDERS)} (imagejobs providers)"]


def _bulk() -> tuple[list[Step], list[str]]:
    from .bulk import cancel_many
    from .job import Job
    from .testing import FakeTopaz, Faults
    from .topaz import AsyncTopaz

    faults = Faults(rate_429=0.1, retry_after="0.05", seed=3)
    faults.script("cancelTask", 503, times=2)
    fake = FakeTopaz(seed=11, faults=faults)
    ids = [str(fake.add_job(status="Pending")) for _ in range(40)]

    async def run() -> list[Any]:
        async with AsyncTopaz(
            api_key=fake.api_key, base_url=BASE_URL, transport=fake.async_transport()
        ) as client:
            return list(await cancel_many(client, ids, concurrency=8))

    started = time.perf_counter()
    results = asyncio.run(run())
    elapsed = time.perf_counter() - started
    cancelled = sum(1 for r in results if isinstance(r, Job) and r.status.value == "cancelled")
    refused = sum(1 for r in fake.requests if r.status in (429, 503))
    step = Step(
        fake.provider, "cancel_many: 40 jobs, concurrency 8", f"{len(ids)} ids", "40 cancelled"
    )
    step.outcome = f"{cancelled} cancelled"
    step.detail = f"{refused} answers were 429/503 and were retried; {elapsed:.2f}s"
    return [step], []


def _waiting() -> tuple[list[Step], list[str]]:
    from ._deadline import use_clock
    from .testing import FakeTopaz, Timeline, VirtualClock
    from .topaz import Topaz

    clock = VirtualClock()
    fake = FakeTopaz(seed=5, clock=clock)
    finishing = str(fake.add_scripted_job(Timeline.finishes(queued=20, running=100)))
    running = str(fake.add_scripted_job(Timeline.finishes(queued=5, running=600)))
    stuck = str(fake.add_scripted_job(Timeline.stuck()))
    steps: list[Step] = []

    def timed(step: Step, call: Callable[[], Any]) -> None:
        before, reads = clock.now(), fake.operations["getStatus"]
        _attempt(step, call)
        waited = (
            f"{clock.now() - before:.0f} s (virtual), {fake.operations['getStatus'] - reads} polls"
        )
        step.detail = f"{step.detail}; {waited}" if step.detail else waited
        steps.append(step)

    def cancel_then_wait() -> Any:
        client.cancel(running)
        return client.wait(running, timeout=60)

    with (
        use_clock(clock),
        Topaz(api_key=fake.api_key, base_url=BASE_URL, transport=fake.transport()) as client,
    ):
        timed(
            Step(fake.provider, "wait for a job to finish", finishing, "completed"),
            lambda: client.wait(finishing, timeout=600),
        )
        timed(
            Step(fake.provider, "cancel, then wait until it is final", running, "cancelled"),
            cancel_then_wait,
        )
        timed(
            Step(
                fake.provider,
                "wait 30 s on a stuck job, cancel on timeout",
                stuck,
                "WaitTimeoutError",
            ),
            lambda: client.wait(stuck, timeout=30, cancel_on_timeout=True),
        )
    final = str(fake.job(stuck).status)
    return steps, [f"topaz: the stuck job is {final} after its wait timed out (cancel_on_timeout)"]


def _pipeline_summary() -> str:
    """One line on what generated the clients the demo just used."""
    root = Path(__file__).resolve().parents[2]
    manifest = root / "generated" / "MANIFEST.json"
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return (
            "generated clients: imagejobs_gen_useapi, imagejobs_gen_topaz, imagejobs_gen_jobs_api"
        )
    specs = ", ".join(f"{v['spec']} -> {v['package']}" for v in data["specs"].values())
    tools = ", ".join(f"{k} {v}" for k, v in sorted(data["tools"].items()))
    return f"generated clients ({tools}): {specs}"


def run_demo() -> int:
    """Run every step, print a table, return 0 when every outcome was the expected one."""
    from rich.console import Console
    from rich.table import Table

    console = Console()
    console.print(f"[bold]imagejobs demo[/bold] on the built-in fakes\n{_pipeline_summary()}\n")
    steps: list[Step] = []
    notes: list[str] = []
    for part in (_useapi, _topaz, _jobs_api, _described, _bulk, _waiting):
        more_steps, more_notes = part()
        steps += more_steps
        notes += more_notes

    table = Table(title="what happened")
    table.add_column("provider")
    table.add_column("action")
    table.add_column("id", max_width=14, no_wrap=True)
    table.add_column("outcome")
    table.add_column("provider said / detail", overflow="fold")
    for s in steps:
        shown = s.job_id if len(s.job_id) <= 14 else s.job_id[:13] + "…"
        outcome = (
            f"[green]✓ {s.outcome}[/]" if s.ok else f"[red]✗ {s.outcome} (expected {s.expected})[/]"
        )
        table.add_row(s.provider, s.action, shown, outcome, s.detail)
    console.print(table)
    for note in notes:
        console.print(note)
    failed = [s for s in steps if not s.ok]
    if failed:
        console.print(f"[red]{len(failed)} step(s) did not go as expected[/red]")
        return 1
    console.print(f"[green]all {len(steps)} steps went as expected[/green]")
    return 0
