"""`FakeTopaz`: the Topaz Image API's cancel and status operations, in memory.

Rules (from the Topaz spec; the answer for an already-cancelled job is our choice, 409, since
Topaz does not say):

- `DELETE /cancel/{process_id}`: Pending or Processing -> 204 and the job becomes Cancelled;
  Completed, Failed or Cancelled -> 409; unknown id -> 404; an id that is not a UUID -> 400.
- `GET /status/{process_id}`: the job's `StatusResponse`; 404 and 400 as above.
- A missing or wrong `X-API-Key` -> 401 on both, checked first.

Errors are Topaz's `{message, code}`.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from imagejobs_gen_topaz import schemas

from imagejobs.registry import TOPAZ
from imagejobs.testing._store import FakeProvider, Handler, dump
from imagejobs.testing.faults import Faults

if TYPE_CHECKING:
    from collections.abc import Callable

    from starlette.requests import Request
    from starlette.responses import Response

__all__ = ["DEFAULT_API_KEY", "FakeTopaz"]

#: The API key a `FakeTopaz()` accepts when none is given.
DEFAULT_API_KEY = "fake-topaz-key"

#: Where the key travels, as the provider description says.
_KEY_HEADER = TOPAZ.credential("api_key").header or ""
_CANCELLABLE = {schemas.ProcessStatus.Pending, schemas.ProcessStatus.Processing}
_NEXT = {
    schemas.ProcessStatus.Pending: schemas.ProcessStatus.Processing,
    schemas.ProcessStatus.Processing: schemas.ProcessStatus.Completed,
}
_PROGRESS = {schemas.ProcessStatus.Processing: 50, schemas.ProcessStatus.Completed: 100}


class FakeTopaz(FakeProvider):
    """An in-memory Topaz Image API (cancelTask, getStatus) checking `X-API-Key`.

    `add_job(status=..., id=None, **fields)` seeds a job and returns its process id (a UUID
    string, drawn from `seed` unless given); `fields` override any `StatusResponse` field.
    """

    provider = TOPAZ.name

    def __init__(
        self,
        *,
        api_key: str = DEFAULT_API_KEY,
        seed: int = 0,
        faults: Faults | None = None,
        auto_advance: bool = False,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.api_key = api_key
        super().__init__(seed=seed, faults=faults, auto_advance=auto_advance, clock=clock)

    def _init_state(self) -> None:
        super()._init_state()
        self._jobs: dict[str, schemas.StatusResponse] = {}

    # -- seeding -----------------------------------------------------------------------------

    def add_job(
        self,
        status: str | schemas.ProcessStatus = schemas.ProcessStatus.Pending,
        id: str | uuid.UUID | None = None,
        **fields: Any,
    ) -> str:
        """Seed a job in `status` and return its process id."""
        state = schemas.ProcessStatus(status)
        with self._lock:
            process_id = uuid.UUID(str(id)) if id is not None else self._new_id()
            now = int(self.now())
            values: dict[str, Any] = {
                "process_id": process_id,
                "source_id": f"src-{process_id.hex[:12]}",
                "filename": "photo.jpg",
                "input_format": "jpeg",
                "input_height": 1024,
                "input_width": 1024,
                "output_format": "jpeg",
                "output_height": 2048,
                "output_width": 2048,
                "category": "Enhance",
                "model_type": "GAN",
                "model": "Standard V2",
                "crop_to_fill": False,
                "status": state,
                "progress": _PROGRESS.get(state, 0),
                "eta": now + 60,
                "creation_time": now,
                "modification_time": now,
                "credits": 1,
            }
            values.update(fields)
            job = schemas.StatusResponse.model_validate(values)
            self._jobs[str(job.process_id)] = job
            return str(job.process_id)

    def _new_id(self) -> uuid.UUID:
        while True:
            candidate = uuid.UUID(int=self._rng.getrandbits(128), version=4)
            if str(candidate) not in self._jobs:
                return candidate

    def job(self, id: str | uuid.UUID) -> schemas.StatusResponse:
        """The stored state of a job (KeyError if unknown)."""
        with self._lock:
            return self._jobs[str(uuid.UUID(str(id)))].model_copy()

    def _seed_from_control(self, data: dict[str, Any]) -> object:
        return self.add_job(**data)

    def _status_of(self, key: str) -> str | None:
        job = self._jobs.get(key)
        return None if job is None else str(job.status.value)

    def _set_status(self, key: str, status: str) -> None:
        state = schemas.ProcessStatus(status)
        self._jobs[key] = self._jobs[key].model_copy(
            update={
                "status": state,
                "progress": _PROGRESS.get(state, 0),
                "modification_time": int(self.now()),
            }
        )

    # -- HTTP --------------------------------------------------------------------------------

    def _routes(self) -> list[tuple[str, str, str, Handler]]:
        return [
            ("DELETE", "/cancel/{process_id}", "cancelTask", self._cancel),
            ("GET", "/status/{process_id}", "getStatus", self._status),
        ]

    def _error_response(self, status: int, message: str, request: Request | None) -> Response:
        from starlette.responses import JSONResponse

        body = schemas.Error(message=message, code=status)
        return JSONResponse(dump(body), status_code=status)

    def _check(self, request: Request) -> tuple[Response | None, str]:
        """Auth, then id syntax, then existence; returns (error response or None, key)."""
        if request.headers.get(_KEY_HEADER) != self.api_key:
            return self._error_response(401, "Unauthorized", request), ""
        raw = request.path_params["process_id"]
        try:
            key = str(uuid.UUID(raw))
        except ValueError:
            return self._error_response(400, f"Invalid process_id: {raw}", request), ""
        if key not in self._jobs:
            return self._error_response(404, f"Process {key} not found", request), key
        return None, key

    async def _cancel(self, request: Request) -> Response:
        from starlette.responses import Response

        with self._lock:
            error, key = self._check(request)
            if error is not None:
                return error
            self._settle(key)
            job = self._jobs[key]
            if job.status not in _CANCELLABLE:
                return self._error_response(
                    409, f"Process {key} cannot be cancelled: it is {job.status.value}", request
                )
            self._jobs[key] = job.model_copy(
                update={
                    "status": schemas.ProcessStatus.Cancelled,
                    "modification_time": int(self.now()),
                }
            )
        return Response(status_code=204)

    async def _status(self, request: Request) -> Response:
        from starlette.responses import JSONResponse

        with self._lock:
            error, key = self._check(request)
            if error is not None:
                return error
            throttled = self._poll(key, request)
            if throttled is not None:
                return throttled
            job = self._jobs[key]
            if self.auto_advance and job.status in _NEXT:
                state = _NEXT[job.status]
                job = job.model_copy(
                    update={
                        "status": state,
                        "progress": _PROGRESS.get(state, 0),
                        "modification_time": int(self.now()),
                    }
                )
                self._jobs[key] = job
        return JSONResponse(dump(job))
