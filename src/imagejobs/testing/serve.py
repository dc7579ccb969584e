"""Run a fake as a real HTTP server on 127.0.0.1 (uvicorn, imported only here).

`serve()` blocks (what `imagejobs fake serve` calls), first printing the address, the
credentials the fake accepts and its seed routes (`describe()`); `running_server()` runs one in
a background thread for the length of a `with` block, for tests, benchmarks and schemathesis.

The seed routes, so out-of-process users can set up state (`SEED_ROUTES`, quoted in the README):

    POST /_fake/jobs      {"status": S, "id"?: ..., field: ...} -> 201 {"id": ...}; S is the
                          provider's spelling ("Pending") or ours ("queued", "RUNNING")
    POST /_fake/accounts  useapi only: {"channel", "discord"?, "server"?, "maxJobs"?,
                          "pendingModMessage"?} -> 204
    POST /_fake/reset     forget every job, account, token, recorded request and fault -> 204

Every provider in `imagejobs.registry.PROVIDERS` has a fake: its hand-written one where it
models more than its description says (useapi's accounts, the jobs API's OAuth2), else a
`DescribedFake` built from its description (`make_fake(name)`).

`seed_demo(fake)` puts in the jobs (and the useapi account) that `imagejobs demo` uses; for a
provider without its own list, two running jobs and a completed one. `imagejobs fake serve
--seed demo` starts with them.

A fake's clock stands still unless it is given one (its timestamps are then reproducible);
`wall_clock(speed)` is the real time, `speed` times faster, so a served fake's timelines move
on their own (`imagejobs fake serve --clock wall [--speed F]`).
"""

from __future__ import annotations

import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from imagejobs.job import JobStatus
from imagejobs.registry import PROVIDERS as INFO
from imagejobs.testing._store import FakeProvider, provider_spelling
from imagejobs.testing.described import DescribedFake
from imagejobs.testing.jobs_api import FakeJobsApi
from imagejobs.testing.topaz import FakeTopaz
from imagejobs.testing.useapi import FakeUseapi

__all__ = [
    "DEMO_ACCOUNT",
    "DEMO_JOBS",
    "OWN_FAKES",
    "SEED_ROUTES",
    "describe",
    "make_fake",
    "running_server",
    "seed_demo",
    "serve",
    "wall_clock",
]

#: The providers whose fake is a class of its own, by name in `imagejobs.registry.PROVIDERS`;
#: every other provider's fake is a `DescribedFake` of its description.
OWN_FAKES: dict[str, type[FakeProvider]] = {
    fake.provider: fake for fake in (FakeUseapi, FakeTopaz, FakeJobsApi)
}


#: Each control route under /_fake/ and what it takes and answers (`describe()` prints the ones
#: the fake has; the README quotes them).
SEED_ROUTES: dict[str, str] = {
    "/_fake/jobs": '{"status": S, "id"?: ..., more fields?} -> 201 {"id": ...}',
    "/_fake/accounts": (
        '{"channel": "1002843", "discord"?, "server"?, "maxJobs"?, "pendingModMessage"?} -> 204'
    ),
    "/_fake/reset": "-> 204: forget every job, account, token, request and fault",
}

#: The jobs `seed_demo` adds, by the role `imagejobs demo` gives them, in the provider's spelling
#: (a provider not listed: `DEMO_ROLES` in its own words).
DEMO_JOBS: dict[str, tuple[tuple[str, str], ...]] = {
    "useapi": (("running", "progress"), ("other", "started"), ("done", "completed")),
    "topaz": (("running", "Processing"), ("other", "Processing"), ("done", "Completed")),
    "jobs_api": (("running", "scheduled"), ("other", "started"), ("done", "completedOk")),
}
#: The demo's roles and their states, in our words.
DEMO_ROLES = (
    ("running", JobStatus.RUNNING),
    ("other", JobStatus.RUNNING),
    ("done", JobStatus.COMPLETED),
)
#: The useapi account `seed_demo` configures (its Discord token is a fake one).
DEMO_ACCOUNT: dict[str, Any] = {
    "channel": "1002843",
    "discord": "MTE2-demo-discord-token-xyz",
    "server": "9988776",
    "max_jobs": 3,
}


def seed_demo(fake: FakeProvider) -> dict[str, str]:
    """Add the demo's jobs (and, on useapi, its account) to `fake`; returns role -> job id."""
    if isinstance(fake, FakeUseapi):
        fake.add_account(**DEMO_ACCOUNT)
    jobs = DEMO_JOBS.get(fake.provider)
    if jobs is None:
        if fake.provider not in INFO:
            raise ValueError(f"no demo jobs for the {fake.provider} fake")
        jobs = tuple(
            (role, provider_spelling(fake.provider, status.value)) for role, status in DEMO_ROLES
        )
    return {role: str(fake.add_job(status=status)) for role, status in jobs}


def _credentials(fake: FakeProvider) -> list[str]:
    """What a client passes to this fake: each credential's option and variable, with a value.

    A header the fake only wants present (the jobs API's `Customer-Id`) takes any value; its
    line says so. Credentials are printed in clear: they are the fake's, made for tests.
    """
    info = INFO.get(fake.provider)
    if info is None:
        return []
    anything = {c.keyword for c in info.description.credentials if c.kind == "extra_header"}
    out: list[str] = []
    for item in info.credentials:
        value = getattr(fake, item.keyword, None)
        if item.keyword in anything:
            if isinstance(fake, FakeJobsApi):  # it checks the header is an integer
                out.append(f"{item.option} / {item.env_var}: any integer, e.g. 14532")
            else:
                out.append(f"{item.option} / {item.env_var}: any value, e.g. {value}")
        elif value is not None:
            out.append(f"{item.option} {value} / {item.env_var}={value}")
    return out


def wall_clock(speed: float = 1.0) -> Callable[[], float]:
    """A fake's clock that follows the real time from now on, `speed` times faster.

    Its time starts at the real time (so jobs' timestamps read as today), and `speed` 10
    makes a timeline of a minute end in six seconds.
    """
    if not speed > 0:
        raise ValueError(f"speed must be more than 0, not {speed}")
    start = time.time()
    if speed == 1.0:
        return time.time
    return lambda: start + (time.time() - start) * speed


def describe(
    fake: FakeProvider,
    url: str,
    seeded: dict[str, str] | None = None,
    *,
    clock: str | None = None,
) -> list[str]:
    """The lines `serve()` prints on start: address, credentials, seed routes, seeded jobs.

    `clock` says how the fake's time moves (`imagejobs fake serve --clock`); each seeded job is
    listed with its state, the provider's word and ours.
    """
    lines = [f"imagejobs fake {fake.provider} serving on {url}"]
    info = INFO.get(fake.provider)
    if info is not None:
        lines.append(f"  base URL: --base-url {url} / {info.base_url_env}={url}")
    lines += [f"  accepts {line}" for line in _credentials(fake)]
    lines.append("  seed routes:")
    for method, path, _handler in fake._control_routes():
        lines.append(f"    {method} {path:<16} {SEED_ROUTES.get(path, '')}".rstrip())
    if info is not None:
        ours = ", ".join(dict.fromkeys(status.value for status in info.statuses.values()))
        lines.append(f"    S: {', '.join(info.statuses)}, or ours: {ours}")
    if clock is not None:
        lines.append(f"  clock: {clock}")
    if seeded:
        lines.append("  seeded jobs:")
        for job_id in seeded.values():
            state = fake._status_of(str(job_id)) or "?"
            ours = info.status(state).value if info is not None else ""
            lines.append(f"    {job_id} {state}" + (f" ({ours})" if ours else ""))
    return lines


def make_fake(provider: str, **knobs: Any) -> FakeProvider:
    """Build the fake for `provider` (a name in `registry.PROVIDERS`) with constructor knobs.

    Its own class where it has one (`OWN_FAKES`), else a `DescribedFake` of its description.
    """
    if provider in OWN_FAKES:
        return OWN_FAKES[provider](**knobs)
    if provider not in INFO:
        names = ", ".join(sorted(INFO))
        raise ValueError(f"unknown provider {provider!r}; choose one of {names}")
    return DescribedFake(provider, **knobs)


def _bind(host: str, port: int) -> socket.socket:
    # Binding ourselves (rather than letting uvicorn do it) tells us the port chosen for 0.
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # Accepted connections inherit this on Linux. Without it, a response whose head and body go
    # out in two writes stalls ~40 ms on Nagle + delayed ACK, on every keep-alive request.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind((host, port))
    return sock


def _server(fake: FakeProvider, log_level: str) -> Any:
    import uvicorn

    config = uvicorn.Config(
        fake.app,
        log_level=log_level,
        access_log=False,
        lifespan="off",
        # h11 is the protocol whose connection `Fault.drop` knows how to close; no websockets.
        http="h11",
        ws="none",
        proxy_headers=False,
    )
    return uvicorn.Server(config)


def serve(
    provider: str | FakeProvider,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    log_level: str = "info",
    seed_with: str | None = None,
    clock_line: str | None = None,
    **knobs: Any,
) -> None:
    """Serve a fake until interrupted; `provider` is a name (knobs go to the fake) or a fake.

    `seed_with="demo"` starts it with `seed_demo`'s jobs. Prints `describe()` on stderr first
    (`clock_line`: how its clock moves, for the banner).
    """
    fake = provider if isinstance(provider, FakeProvider) else make_fake(provider, **knobs)
    if seed_with not in (None, "demo"):
        raise ValueError(f"unknown seed {seed_with!r}; the one seed is 'demo'")
    seeded = seed_demo(fake) if seed_with == "demo" else None
    sock = _bind(host, port)
    url = f"http://{host}:{sock.getsockname()[1]}"
    print("\n".join(describe(fake, url, seeded, clock=clock_line)), file=sys.stderr, flush=True)
    try:
        _server(fake, log_level).run(sockets=[sock])
    finally:
        sock.close()


@contextmanager
def running_server(
    fake: FakeProvider, host: str = "127.0.0.1", port: int = 0, *, startup_timeout: float = 10.0
) -> Iterator[str]:
    """Serve `fake` from a background thread; yields its base URL and stops it on exit."""
    sock = _bind(host, port)
    server = _server(fake, "warning")
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="imagejobs-fake-server", daemon=True
    )
    thread.start()
    try:
        deadline = time.monotonic() + startup_timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the {fake.provider} fake server did not start")
            time.sleep(0.005)
        yield f"http://{host}:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(startup_timeout)
        sock.close()
