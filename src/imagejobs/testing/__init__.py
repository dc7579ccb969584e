"""Stateful fakes of the three providers, for testing code that uses imagejobs.

Each fake (`FakeUseapi`, `FakeTopaz`, `FakeJobsApi`) keeps jobs in memory, follows its
provider's cancel rules, answers with bodies built from the generated models, and can inject
faults (`Faults`, `Fault`); a job can follow a `Timeline` on the fake's clock (a
`VirtualClock` runs it without sleeping). Reach one in-process with `fake.transport()` (sync httpx) or
`fake.async_transport()`, or over a socket with `running_server(fake)` / `serve(...)`.
pytest users get the fixtures in `imagejobs.testing.pytest_plugin`.

Importing this package does not import Starlette or uvicorn; they load on first use.
"""

from __future__ import annotations

from imagejobs.testing._store import FakeProvider, RecordedRequest
from imagejobs.testing.faults import Fault, Faults
from imagejobs.testing.jobs_api import FakeJobsApi
from imagejobs.testing.serve import make_fake, running_server, serve
from imagejobs.testing.timeline import Timeline, VirtualClock
from imagejobs.testing.topaz import FakeTopaz
from imagejobs.testing.useapi import FakeUseapi

__all__ = [
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
