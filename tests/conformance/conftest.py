"""One case per provider x twin: the provider's fake on a virtual clock, and its client.

The twins are the sync client (in-process transport), the async client on the lean aiohttp path
(which needs a socket: the fake is served on 127.0.0.1) and the async client on httpx
(in-process). Clients come from `imagejobs.client` / `imagejobs.async_client` by name, and the
fakes from `make_fake(name)`: nothing here names a provider.
"""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any, TypeVar

import pytest

import imagejobs
import imagejobs._rate as rate_module
from imagejobs.registry import PROVIDERS
from imagejobs.testing import FakeProvider, VirtualClock, make_fake, running_server

T = TypeVar("T")

TWINS = ("sync", "async-lean", "async-httpx")
#: Where the in-process clients think they are (no socket: https keeps credentials "safe").
IN_PROCESS = "https://fake.invalid"
#: What a header the fakes only want present carries (the jobs API checks for an integer).
ANY_HEADER_VALUE = "14532"


@dataclass
class Case:
    """One provider's fake and one twin of its client, on one virtual clock."""

    name: str
    twin: str
    fake: FakeProvider
    clock: VirtualClock
    url: str

    @property
    def is_async(self) -> bool:
        return self.twin != "sync"

    @property
    def desc(self) -> Any:
        return PROVIDERS[self.name].description

    def op(self, role: str) -> str:
        """The operation name the fake counts and scripts faults by."""
        op = self.desc.operations[role]
        return str(op.operation_id or f"{op.method} {op.path}")

    def credentials(self, wrong: bool = False) -> dict[str, Any]:
        """The fake's first proving credential (or a wrong one) and any header it wants."""
        kinds = ("header", "bearer", "query")
        proof = next(c for c in self.desc.credentials if c.kind in kinds)
        out = {proof.keyword: "wrong-credential" if wrong else getattr(self.fake, proof.keyword)}
        for c in self.desc.credentials:
            if c.kind == "extra_header":
                out[c.keyword] = ANY_HEADER_VALUE
        return out

    def client(self, *, wrong: bool = False, **options: Any) -> Any:
        settings: dict[str, Any] = {
            "base_url": self.url,
            "timeout": 5.0,
            "max_retries": 3,
            "allow_insecure": self.twin == "async-lean",
            # The gate's schedule on the virtual clock too, so a poll's wait counts for it.
            "rate_gate": imagejobs.RateGate(clock=self.clock, wall=self.clock),
            **self.credentials(wrong),
            **options,
        }
        if self.twin == "sync":
            return imagejobs.client(self.name, transport=self.fake.transport(), **settings)
        if self.twin == "async-httpx":
            return imagejobs.async_client(
                self.name, transport=self.fake.async_transport(), **settings
            )
        return imagejobs.async_client(self.name, transport=None, **settings)

    def run(self, scenario: Callable[[Any], Awaitable[T]], **options: Any) -> T:
        """Run `scenario(client)` on a fresh client of this twin (awaiting what is awaitable)."""

        async def go() -> T:
            client = self.client(**options)
            if self.is_async:
                async with client:
                    return await scenario(client)
            with client:
                return await scenario(client)

        return asyncio.run(go())


async def call(value: Any) -> Any:
    """`value`, awaited if the async twin returned an awaitable."""
    return await value if inspect.isawaitable(value) else value


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    # Only what a test passes reaches a client: no credential or base URL from the machine.
    for info in PROVIDERS.values():
        monkeypatch.delenv(info.base_url_env, raising=False)
        for c in info.credentials:
            monkeypatch.delenv(c.env_var, raising=False)


@pytest.fixture(
    params=[(name, twin) for name in PROVIDERS for twin in TWINS],
    ids=lambda p: f"{p[0]}-{p[1]}",
)
def case(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[Case]:
    name, twin = request.param
    clock = VirtualClock()
    # The rate gate's waits pass on the virtual clock too, unrecorded: `clock.sleeps` keeps the
    # waits of the retries and the polls.

    async def gate_asleep(seconds: float) -> None:
        clock.advance(seconds)
        await asyncio.sleep(0)

    monkeypatch.setattr(rate_module, "sleep", clock.advance)
    monkeypatch.setattr(rate_module, "async_sleep", gate_asleep)
    fake = make_fake(name, clock=clock)
    with ExitStack() as stack:
        stack.enter_context(imagejobs.use_clock(clock))
        url = stack.enter_context(running_server(fake)) if twin == "async-lean" else IN_PROCESS
        yield Case(name, twin, fake, clock, url)
