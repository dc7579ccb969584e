"""What the three fakes share: state, clock, request log and the ASGI app.

A fake is a `FakeProvider` subclass that declares its routes (one per spec operation, named by
operationId) and its error body. This module turns that into a Starlette app wrapped in
`_faults_asgi.FaultLayer`, which records every call and applies `Faults` before the route runs.
Starlette is imported only when `.app` is first used, so `import imagejobs.testing` stays cheap.
"""

from __future__ import annotations

import random
import threading
from collections import Counter
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import httpx
from pydantic import BaseModel, SecretStr
from pydantic_core import to_jsonable_python

from imagejobs.job import JobStatus
from imagejobs.registry import PROVIDERS
from imagejobs.testing._faults_asgi import FaultLayer
from imagejobs.testing.faults import Faults
from imagejobs.testing.timeline import Timeline, Track
from imagejobs.testing.transport import ASGIAsyncTransport, ASGISyncTransport

if TYPE_CHECKING:
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.responses import Response

__all__ = ["FIXED_EPOCH", "FakeProvider", "RecordedRequest", "dump", "provider_spelling"]

#: Where a fake's virtual clock starts: 2026-01-01T00:00:00Z. Timestamps in bodies come from
#: this clock, so they are the same on every run.
FIXED_EPOCH = 1_767_225_600.0

Handler = Callable[["Request"], Awaitable["Response"]]


class RecordedRequest(NamedTuple):
    """One call a fake answered: method, path (no query) and status (0: connection dropped)."""

    method: str
    path: str
    status: int


def _reveal(value: Any) -> Any:
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, dict):
        return {key: _reveal(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_reveal(item) for item in value]
    return value


def dump(model: BaseModel) -> Any:
    """A generated model as JSON-ready data, leaving out None and revealing `SecretStr` fields.

    The generated models hide secrets (`discord`, `access_token`) when dumped; on the wire
    the provider sends them in clear, and so does the fake.
    """
    # warnings=False: a timeline may have moved a job to a state its model's enum lacks (the
    # client must read it as UNKNOWN); that value is sent as is, on purpose.
    data = model.model_dump(mode="python", exclude_none=True, warnings=False)
    return to_jsonable_python(_reveal(data))


def provider_spelling(provider: str, status: str) -> str:
    """`status` as `provider` spells it: its own spelling as is, or one of our `JobStatus` names.

    `"Pending"` (Topaz's own), `"queued"` and `"QUEUED"` (ours) all seed a queued Topaz job: a
    `JobStatus` becomes the first provider state the registry maps to it. ValueError lists what
    is accepted when neither fits (e.g. `moderated` on Topaz, which has no such state).
    """
    info = PROVIDERS.get(provider)
    if info is None:  # a fake of a provider the registry does not describe: no translation
        return status
    table = info.statuses
    if status in table:
        return status
    wanted = next((s for s in JobStatus if status.lower() == s.value), None)
    spelled = next((own for own, ours in table.items() if ours is wanted), None)
    if spelled is None:
        ours = ", ".join(s.value for s in JobStatus if s in table.values())
        raise ValueError(
            f"unknown status {status!r} for {provider}: use one of {', '.join(table)} "
            f"or one of ours: {ours}"
        )
    return spelled


class FakeProvider:
    """Base class of the fakes: an in-memory store behind an ASGI app.

    Knobs shared by all fakes: `seed` (ids, and the default fault draws), `faults`,
    `auto_advance` (each read of a running job moves it one state on) and `clock` (None: a
    virtual clock fixed at `FIXED_EPOCH` that moves only with `advance()`; pass `time.time`
    for wall-clock behaviour, e.g. real token expiry).
    """

    #: The provider name used by `serve()` and in messages.
    provider = "fake"

    def __init__(
        self,
        *,
        seed: int = 0,
        faults: Faults | None = None,
        auto_advance: bool = False,
        clock: Callable[[], float] | None = None,
    ) -> None:
        self.seed = seed
        self.faults = faults if faults is not None else Faults(seed=seed)
        self.auto_advance = auto_advance
        self._clock = clock
        # Handlers run on the transport's event-loop thread while tests seed and read state
        # from their own thread; every touch of the store holds this lock.
        self._lock = threading.RLock()
        self._app: FaultLayer | None = None
        # (path template, method) -> operationId, filled when the app is built.
        self._operations: dict[tuple[str, str], str] = {}
        #: Every answered call to a spec route, in order.
        self.requests: list[RecordedRequest] = []
        #: How many calls each operationId received (faulted ones included).
        self.operations: Counter[str] = Counter()
        self._init_state()

    # -- state -------------------------------------------------------------------------------

    def _init_state(self) -> None:
        """Set the store to its initial, seeded state (subclasses extend this)."""
        self._rng = random.Random(self.seed)  # noqa: S311 - reproducible ids, not secrets
        self._offset = 0.0
        # str(job id) -> its timeline's progress (`testing.timeline`); unscripted jobs have none.
        self._tracks: dict[str, Track] = {}

    def reset(self) -> None:
        """Forget all jobs, tokens, accounts, recorded requests and scripted faults."""
        with self._lock:
            self._init_state()
            self.requests.clear()
            self.operations.clear()
            self.faults.reset()

    def now(self) -> float:
        """The fake's current time in Unix seconds."""
        base = self._clock() if self._clock is not None else FIXED_EPOCH
        return base + self._offset

    def advance(self, seconds: float) -> None:
        """Move the fake's clock forward, e.g. past a token's expiry."""
        with self._lock:
            self._offset += seconds

    # -- timelines ---------------------------------------------------------------------------

    def add_job(self, status: Any = None, id: Any = None, **fields: Any) -> Any:
        """Seed a job (each fake documents its own states and fields)."""
        raise NotImplementedError

    def script_job(self, job_id: object, timeline: Timeline) -> None:
        """Make the job follow `timeline` from now on (see `imagejobs.testing.timeline`)."""
        with self._lock:
            self._tracks[str(job_id)] = Track(timeline, self.now())
            self._settle(str(job_id))

    def add_scripted_job(self, timeline: Timeline, **fields: Any) -> Any:
        """Seed a job in `timeline`'s first state, script it, and return its id."""
        with self._lock:
            first = self._provider_state(timeline.state(0.0, 0))
            job_id = self.add_job(status=first, **fields)
            self.script_job(job_id, timeline)
            return job_id

    def _provider_state(self, state: JobStatus | str) -> str:
        """The provider's spelling of a timeline state (the first in its registry table)."""
        if isinstance(state, JobStatus):
            return provider_spelling(self.provider, state.value)
        try:  # the provider's own spelling, or one of our JobStatus names in any case
            return provider_spelling(self.provider, state)
        except ValueError:
            return state  # a string the registry does not know: the client reads UNKNOWN

    def _settle(self, key: str) -> None:
        """Move a scripted job to where its timeline says it is now (call with the lock)."""
        track = self._tracks.get(key)
        if track is None:
            return
        current = self._status_of(key)
        if current is None or PROVIDERS[self.provider].status(current).is_final:
            del self._tracks[key]  # gone, or final by its timeline or a cancel: stays so
            return
        wanted = self._provider_state(track.timeline.state(self.now() - track.started, track.polls))
        if wanted != current:
            self._set_status(key, wanted)

    def _settle_all(self) -> None:
        for key in list(self._tracks):
            self._settle(key)

    def _poll(self, key: str, request: Request | None) -> Response | None:
        """A status read of a job (call with the lock): a scripted 429, or None to answer.

        Counts the read and settles the job first, so the answer shows its current state.
        """
        track = self._tracks.get(key)
        if track is not None and track.throttled < track.timeline.throttle_polls:
            track.throttled += 1
            response = self._error_response(429, "Too many requests", request)
            if track.timeline.retry_after is not None:
                response.headers["Retry-After"] = track.timeline.retry_after
            return response
        self._settle(key)
        track = self._tracks.get(key)
        if track is not None:
            track.polls += 1
            self._settle(key)
        return None

    def _status_of(self, key: str) -> str | None:
        """A stored job's provider status (None if unknown); fakes with timelines override."""
        raise NotImplementedError

    def _set_status(self, key: str, status: str) -> None:
        """Set a stored job's provider status, as its timeline moves it on."""
        raise NotImplementedError

    def _record(self, method: str, path: str, status: int, operation: str | None) -> None:
        with self._lock:
            self.requests.append(RecordedRequest(method, path, status))
            if operation is not None:
                self.operations[operation] += 1

    # -- provider hooks ----------------------------------------------------------------------

    def _routes(self) -> list[tuple[str, str, str, Handler]]:
        """(method, path, operationId, handler) for every spec operation."""
        raise NotImplementedError

    def _error_response(self, status: int, message: str, request: Request | None) -> Response:
        """The provider's error body for `status`."""
        raise NotImplementedError

    def _seed_from_control(self, data: dict[str, Any]) -> object:
        """Handle `POST /_fake/jobs`: create a job from JSON and return its id."""
        raise NotImplementedError

    def _control_routes(self) -> list[tuple[str, str, Handler]]:
        """Extra (method, path, handler) routes under `/_fake/` (subclasses add to these)."""
        return [
            ("POST", "/_fake/reset", self._control_reset),
            ("POST", "/_fake/jobs", self._control_jobs),
        ]

    async def _control_reset(self, request: Request) -> Response:
        from starlette.responses import Response

        self.reset()
        return Response(status_code=204)

    async def _control_jobs(self, request: Request) -> Response:
        from pydantic import ValidationError
        from starlette.responses import JSONResponse

        try:
            data = await request.json()
            if not isinstance(data, dict) or "status" not in data:
                raise ValueError("send a JSON object with at least 'status'")
            # Our JobStatus names are accepted too ("queued" as well as Topaz's "Pending"),
            # in the job's status and in its timeline's steps.
            data["status"] = provider_spelling(self.provider, str(data["status"]))
            timeline = data.pop("timeline", None)
            script = Timeline.from_dict(timeline) if isinstance(timeline, dict) else None
            job_id = self._seed_from_control(data)
            if script is not None:
                self.script_job(job_id, script)
        except (ValueError, TypeError, ValidationError) as exc:
            return JSONResponse({"error": str(exc)}, status_code=400)
        return JSONResponse({"id": to_jsonable_python(job_id)}, status_code=201)

    # -- ASGI --------------------------------------------------------------------------------

    @property
    def app(self) -> FaultLayer:
        """The ASGI app serving the spec's paths at the root (plus `/_fake/` control routes)."""
        if self._app is None:
            self._app = FaultLayer(self, self._build_starlette())
        return self._app

    def _build_starlette(self) -> Starlette:
        from starlette.applications import Starlette
        from starlette.exceptions import HTTPException
        from starlette.routing import Route

        # One Route per path, dispatching on the method, so a 405 lists every method the
        # path supports in `Allow` (two Routes on one path would each list only their own).
        by_path: dict[str, dict[str, tuple[str, Handler]]] = {}
        for method, path, operation, handler in self._routes():
            by_path.setdefault(path, {})[method] = (operation, handler)
        routes = [
            Route(path, _dispatch(methods), methods=list(methods), name=path)
            for path, methods in by_path.items()
        ]
        self._operations = {
            (path, method): operation
            for path, methods in by_path.items()
            for method, (operation, _) in methods.items()
        }
        routes += [
            Route(path, handler, methods=[method], name=path)
            for method, path, handler in self._control_routes()
        ]

        async def on_http_error(request: Request, exc: Exception) -> Response:
            assert isinstance(exc, HTTPException)
            response = self._error_response(exc.status_code, str(exc.detail), request)
            # Keeps Starlette's `Allow` on 405, which RFC 9110 requires.
            response.headers.update(exc.headers or {})
            return response

        app = Starlette(routes=routes, exception_handlers={404: on_http_error, 405: on_http_error})
        # The specs tell `/jobs` from `/jobs/`; a redirect would hide a wrong path in a client.
        app.router.redirect_slashes = False
        return app

    def transport(self) -> httpx.BaseTransport:
        """A sync httpx transport reaching this fake in-process (thread-safe, no port)."""
        return ASGISyncTransport(self.app)

    def async_transport(self) -> httpx.ASGITransport:
        """An async httpx transport reaching this fake in-process (no port)."""
        return ASGIAsyncTransport(app=self.app)


def _dispatch(methods: dict[str, tuple[str, Handler]]) -> Handler:
    async def endpoint(request: Request) -> Response:
        method = "GET" if request.method == "HEAD" else request.method
        return await methods[method][1](request)

    return endpoint
