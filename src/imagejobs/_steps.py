"""The per-request steps, one ordered list run by both request paths.

    GateStep       wait for the rate gate before sending; tell it what the answer said
    DeadlineStep   cut the attempt's timeouts to what the deadline in force leaves
    AnswerStep     show the answer to a `wait()` polling this call (its Retry-After)

The sync and async httpx clients run the list from their event hooks (`httpx_hooks`,
`async_httpx_hooks`), the lean aiohttp client (`_lean.LeanClient`) inline around its send: a
new per-request concern (an idempotency key, metrics, a tracing header) is one more `Step`,
written once, and both paths run it in the same order.

A step sees an `Exchange`: the request's method and URL, the timeouts it will be sent with
(which a step may cut), the rate gate's ticket. `abefore` returns None when it did its work
without waiting, so the lean path pays no coroutine for a gate that is open.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, Protocol, TypeVar

import httpx

from ._deadline import TIMEOUT_KEYS, attempt_timeouts
from ._deadline import current as current_deadline
from ._rate import RateGate, Ticket
from ._wait import note_answer

__all__ = [
    "AnswerStep",
    "DeadlineStep",
    "Exchange",
    "GateStep",
    "RequestSteps",
    "Step",
    "async_httpx_hooks",
    "httpx_hooks",
    "quiet",
    "request_steps",
]

_EXCHANGE = "imagejobs.exchange"

_F = TypeVar("_F", bound=Callable[..., Any])


def quiet(method: _F) -> _F:
    """Mark a step's method that does nothing: `RequestSteps` leaves it out of what it runs.

    Every request runs every step's methods; one that has nothing to do should cost nothing.
    """
    method.__imagejobs_quiet__ = True  # type: ignore[attr-defined]
    return method


def _runs(method: Callable[..., Any]) -> bool:
    return not getattr(method, "__imagejobs_quiet__", False)


class Exchange:
    """One request on its way out and, once it came, its answer's status and headers."""

    __slots__ = ("cut", "method", "ticket", "timeouts", "url")

    def __init__(self, method: str, url: Any, timeouts: Mapping[str, float | None]) -> None:
        self.method = method
        self.url = url
        self.timeouts = timeouts
        #: Whether a step changed `timeouts` (the lean path then builds a new aiohttp timeout).
        self.cut = False
        self.ticket: Ticket | None = None


class Step(Protocol):
    """One per-request concern. Every method must be cheap: it runs on every request."""

    def before(self, exchange: Exchange) -> None:
        """Before a sync send (may block)."""

    def abefore(self, exchange: Exchange) -> Awaitable[None] | None:
        """Before an async send: None when done at once, else what to await."""

    def after(self, exchange: Exchange, answer: Any) -> None:
        """After an answer arrived (`answer` has `status_code` and `headers`)."""


class GateStep:
    """Wait for the rate gate; then tell it each answer's status and rate-limit headers."""

    __slots__ = ("gate",)

    def __init__(self, gate: RateGate) -> None:
        self.gate = gate

    def before(self, exchange: Exchange) -> None:
        exchange.ticket = self.gate.acquire()

    def abefore(self, exchange: Exchange) -> Awaitable[None] | None:
        ticket = self.gate.pass_open()  # no await (and no coroutine) while the gate is open
        if ticket is not None:
            exchange.ticket = ticket
            return None
        return self._wait(exchange)

    async def _wait(self, exchange: Exchange) -> None:
        exchange.ticket = await self.gate.aacquire()

    def after(self, exchange: Exchange, answer: Any) -> None:
        self.gate.observe(exchange.ticket, answer.status_code, answer.headers)


class DeadlineStep:
    """Cut the attempt's timeouts to the deadline in force; refuse to send past it.

    After the gate, so the cut counts from the actual send.
    """

    __slots__ = ()

    def before(self, exchange: Exchange) -> None:
        deadline = current_deadline()
        if deadline is None:
            return
        left = deadline.remaining()
        if left <= 0:
            raise httpx.PoolTimeout("the deadline passed before the request was sent")
        exchange.timeouts = attempt_timeouts(exchange.timeouts, left)
        exchange.cut = True

    def abefore(self, exchange: Exchange) -> Awaitable[None] | None:
        if current_deadline() is not None:  # most calls have none: no second frame for them
            self.before(exchange)
        return None

    @quiet
    def after(self, exchange: Exchange, answer: Any) -> None:
        return None


class AnswerStep:
    """Show each answer to a `wait()` polling this call: its Retry-After sets the next poll."""

    __slots__ = ()

    @quiet
    def before(self, exchange: Exchange) -> None:
        return None

    @quiet
    def abefore(self, exchange: Exchange) -> Awaitable[None] | None:
        return None

    def after(self, exchange: Exchange, answer: Any) -> None:
        note_answer(answer)


class RequestSteps:
    """The ordered steps of one client; `after` runs in reverse order, like middleware.

    `befores`, `abefores` and `afters` are the methods to run, in order, without the ones
    marked `quiet`.
    """

    __slots__ = ("abefores", "afters", "befores", "steps")

    def __init__(self, steps: Sequence[Step]) -> None:
        self.steps = tuple(steps)
        self.befores = tuple(s.before for s in self.steps if _runs(s.before))
        self.abefores = tuple(s.abefore for s in self.steps if _runs(s.abefore))
        self.afters = tuple(s.after for s in reversed(self.steps) if _runs(s.after))

    def before(self, exchange: Exchange) -> None:
        for before in self.befores:
            before(exchange)

    async def abefore(self, exchange: Exchange) -> None:
        for abefore in self.abefores:
            pending = abefore(exchange)
            if pending is not None:
                await pending

    def after(self, exchange: Exchange, answer: Any) -> None:
        for after in self.afters:
            after(exchange, answer)


def request_steps(gate: RateGate | None, extra: Sequence[Step] = ()) -> RequestSteps:
    """A client's steps: the gate (if any), the deadline, the answer note, then `extra`."""
    steps: list[Step] = [] if gate is None else [GateStep(gate)]
    steps += [DeadlineStep(), AnswerStep(), *extra]
    return RequestSteps(steps)


def _timeouts(request: httpx.Request) -> dict[str, float | None]:
    configured = request.extensions.get("timeout", {})
    return {key: configured.get(key) for key in TIMEOUT_KEYS}


def _start(request: httpx.Request) -> Exchange:
    exchange = Exchange(request.method, request.url, _timeouts(request))
    request.extensions[_EXCHANGE] = exchange
    return exchange


def _finish(request: httpx.Request, exchange: Exchange) -> None:
    if exchange.cut:
        request.extensions["timeout"] = dict(exchange.timeouts)


def httpx_hooks(steps: RequestSteps) -> dict[str, list[Callable[[Any], Any]]]:
    """The event hooks that run `steps` on a sync httpx client."""

    def on_request(request: httpx.Request) -> None:
        exchange = _start(request)
        steps.before(exchange)
        _finish(request, exchange)

    def on_response(response: httpx.Response) -> None:
        exchange = response.request.extensions.get(_EXCHANGE)
        if exchange is not None:
            steps.after(exchange, response)

    return {"request": [on_request], "response": [on_response]}


def async_httpx_hooks(steps: RequestSteps) -> dict[str, list[Callable[[Any], Any]]]:
    """The event hooks that run `steps` on an httpx.AsyncClient."""

    async def on_request(request: httpx.Request) -> None:
        exchange = _start(request)
        await steps.abefore(exchange)
        _finish(request, exchange)

    async def on_response(response: httpx.Response) -> None:
        exchange = response.request.extensions.get(_EXCHANGE)
        if exchange is not None:
            steps.after(exchange, response)

    return {"request": [on_request], "response": [on_response]}
