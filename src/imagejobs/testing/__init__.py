"""Stateful fakes of every provider, for testing code that uses imagejobs.

Each fake keeps jobs in memory, follows its provider's cancel rules, answers with bodies its
generated client parses, and can inject faults (`Faults`, `Fault`); a job can follow a
`Timeline` on the fake's clock (a `VirtualClock` runs it without sleeping). `DescribedFake(name)`
is the fake of any provider, made from its description; `FakeTopaz` is one, and `FakeUseapi` and
`FakeJobsApi` are written out because they model more (useapi's accounts, the jobs API's
OAuth2). `make_fake(name)` picks the right one. Reach one in-process with `fake.transport()`
(sync httpx) or `fake.async_transport()`, or over a socket with `running_server(fake)` /
`serve(...)`.
pytest users get the fixtures in `imagejobs.testing.pytest_plugin`.

Importing this package does not import Starlette or uvicorn; they load on first use.
"""

from __future__ import annotations

from imagejobs.testing._store import FakeProvider, RecordedRequest
from imagejobs.testing.described import DescribedFake
from imagejobs.testing.faults import Fault, Faults
from imagejobs.testing.jobs_api import FakeJobsApi
from imagejobs.testing.serve import make_fake, running_server, serve
from imagejobs.testing.timeline import Timeline, VirtualClock
from imagejobs.testing.topaz import FakeTopaz
from imagejobs.testing.useapi import FakeUseapi

__all__ = [
    "DescribedFake",
    "FakeJobsApi",
    "FakeProvider",
    "FakeTopaz",
    "FakeUseapi",
    "Fault",
    "Faults",
    "RecordedRequest",
    "Timeline",
    "VirtualClock",
    "make_fake",
    "running_server",
    "serve",
]
