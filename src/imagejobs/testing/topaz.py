"""`FakeTopaz`: the Topaz Image API's getStatus and cancelTask, from its description.

A thin `DescribedFake`: everything it answers comes from `specs/providers/topaz.yaml` and the
effective spec, so swapping in the vendor's full spec changes no line here. The rules that
follow from the description (the answer for an already-cancelled job is our choice, 409, since
Topaz does not say):

- `DELETE /cancel/{process_id}`: Pending or Processing -> 204 and the job becomes Cancelled;
  Completed, Failed or Cancelled -> 409; unknown id -> 404; an id that is not a UUID -> 400.
- `GET /status/{process_id}`: the job's `StatusResponse`; 404 and 400 as above.
- A missing or wrong `X-API-Key` -> 401 on both, checked first.

Errors are Topaz's `{message, code}`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from imagejobs.registry import TOPAZ
from imagejobs.testing.described import DescribedFake
from imagejobs.testing.faults import Faults

__all__ = ["DEFAULT_API_KEY", "FakeTopaz"]

#: The API key a `FakeTopaz()` accepts when none is given.
DEFAULT_API_KEY = "fake-topaz-key"

#: How far along a job is in each state (the rest: 0), as Topaz's `progress` says.
_PROGRESS = {"Processing": 50, "Completed": 100}


class FakeTopaz(DescribedFake):
    """An in-memory Topaz Image API (cancelTask, getStatus) checking `X-API-Key`.

    `add_job(status=..., id=None, **fields)` seeds a job and returns its process id (a UUID
    string, drawn from `seed` unless given); `fields` override any `StatusResponse` field.
    """

    provider = TOPAZ.name
    defaults: ClassVar[dict[str, str]] = {"api_key": DEFAULT_API_KEY}
    #: The key this fake accepts (`X-API-Key`).
    api_key: str

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        seed: int = 0,
        faults: Faults | None = None,
        auto_advance: bool = False,
        clock: Callable[[], float] | None = None,
        **knobs: Any,
    ) -> None:
        super().__init__(
            api_key=api_key,
            seed=seed,
            faults=faults,
            auto_advance=auto_advance,
            clock=clock,
            **knobs,
        )

    def _fields_for(self, status: str) -> dict[str, Any]:
        return {"progress": _PROGRESS.get(status, 0)}
