"""Every exception a facade call can raise. Nothing else escapes: no httpx, JSON or KeyError.

    ImageJobsError                      base of everything below
    ├── MissingCredentialsError         no token/key given and its env var is unset
    ├── APIError                        the provider answered (provider, status_code, message,
    │   │                               body, headers, request_id)
    │   ├── BadRequestError             400
    │   ├── AuthenticationError         401
    │   ├── PaymentRequiredError        402
    │   ├── PermissionDeniedError       403
    │   ├── NotFoundError               404
    │   ├── ConflictError               409
    │   │   └── NotCancellableError     the job already finished (carries current_status)
    │   ├── UnprocessableEntityError    422 (field_errors from RFC 7807 `errors`)
    │   ├── RateLimitError              429 (retry_after, executing_jobs)
    │   ├── InternalServerError         500-599 (e.g. 500, 502, 503, a proxy's 520)
    │   ├── ModerationBlockedError      useapi's 596: Midjourney moderation/CAPTCHA pending
    │   └── UnexpectedResponseError     any other status, or a 2xx body that is not the
    │                                   documented JSON (HTML, empty, truncated)
    ├── APIConnectionError              no answer: DNS, refused, reset, TLS
    │   └── APITimeoutError             no answer in time
    │       └── DeadlineExceededError   the call's deadline passed (deadline, attempts)
    └── WaitTimeoutError                wait() ran out of time (the last Job; cancelled?)

A status with its own class always raises that class, whatever the body looked like: an HTML
502 from a proxy is an `InternalServerError` whose `body` is the page text, so
`except RateLimitError` works even when a provider's spec does not list 429. `from_response()`
is the one place that picks the class, by status, from `STATUS_ERRORS`.

A body the generated parser or model could not read (wrong types, nulls, nesting too deep for
the stack, truncated or not JSON at all) is that status's error (`UnexpectedResponseError` on a
2xx) with `parse_error` naming what failed; `body` is then the parsed JSON cut at
`MAX_BODY_DEPTH` levels, or the raw text cut at `MAX_TEXT` characters.

This module is a leaf: it imports only `_constants` and `_headers` (and types for checking), so
every other module can import it.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from ._constants import MAX_BODY_DEPTH, MAX_TEXT
from ._headers import request_id, retry_after

if TYPE_CHECKING:
    from ._description import ErrorEnvelope
    from .job import Job, JobStatus

__all__ = [
    "STATUS_ERRORS",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "ConflictError",
    "DeadlineExceededError",
    "ImageJobsError",
    "InternalServerError",
    "MissingCredentialsError",
    "ModerationBlockedError",
    "NotCancellableError",
    "NotFoundError",
    "PaymentRequiredError",
    "PermissionDeniedError",
    "RateLimitError",
    "UnexpectedResponseError",
    "UnprocessableEntityError",
    "WaitTimeoutError",
    "from_response",
]

# Short enough for a log line.
_MAX_MESSAGE = 300
#: What stands in for the part of a body nested deeper than `MAX_BODY_DEPTH`.
TOO_DEEP = "<nested too deeply>"


class ImageJobsError(Exception):
    """Base class of every exception raised by imagejobs.

    Every one pickles (so it can cross a process pool) with all its attributes, whatever its
    constructor's keywords: the default pickling of exceptions calls the class with `args`
    alone, which a keyword-only constructor refuses.
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return _rebuilt, (type(self), self.args, self.__dict__)


def _rebuilt(cls: type[ImageJobsError], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class MissingCredentialsError(ImageJobsError):
    """No credential was passed and the environment variable that supplies it is unset."""

    def __init__(self, provider: str, *, env_var: str, keyword: str, what: str) -> None:
        self.provider = provider
        self.env_var = env_var
        self.keyword = keyword
        super().__init__(f"{provider}: no {what}; pass {keyword}=... or set {env_var}")


class APIError(ImageJobsError):
    """The provider answered with an error status or an answer we could not use.

    Attributes:
        provider: "useapi", "topaz" or "jobs_api" (`registry.PROVIDERS`).
        status_code: The HTTP status the provider answered with (an int, also for 596 or 520).
        message: The provider's own error text, or a short description of the body.
        body: The parsed JSON error body (dict), the raw text when it was not JSON, or None.
        headers: The response headers.
        request_id: From x-request-id, request-id or cf-ray, when the provider sent one.
        parse_error: Why the body could not be read as documented ("TypeError: ..."), or None.

    """

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status_code: int,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        parse_error: str | None = None,
    ) -> None:
        self.message = message
        self.provider = provider
        self.status_code = status_code
        self.body = body
        self.headers: Mapping[str, str] = _as_headers(headers)
        self.request_id = request_id(self.headers)
        self.parse_error = parse_error
        super().__init__(self._describe())

    def _describe(self) -> str:
        text = f"{self.provider}: {self.status_code} {self.message}"
        return f"{text} (request id {self.request_id})" if self.request_id else text


def _as_headers(headers: Mapping[str, str] | None) -> Mapping[str, str]:
    """An error's headers: a dict as given, anything else as an httpx.Headers.

    The async default path reads answers as aiohttp's CIMultiDict; an error the user catches
    offers httpx's API (`get_list`, `multi_items`, repeated headers joined by `get`) on every
    path. Errors are rare, so the copy costs nothing that matters.
    """
    if headers is None:
        return {}
    if isinstance(headers, dict):
        return headers
    import httpx  # local: `import imagejobs` stays light; every client has loaded it already

    return headers if isinstance(headers, httpx.Headers) else httpx.Headers(list(headers.items()))


class BadRequestError(APIError):
    """400: a parameter is missing or invalid."""


class AuthenticationError(APIError):
    """401: the token or key is missing, wrong or expired."""


class PaymentRequiredError(APIError):
    """402: the account has no subscription or no credits left."""


class PermissionDeniedError(APIError):
    """403: the credential is valid but not allowed to do this."""


class NotFoundError(APIError):
    """404: no job (or account) with this id."""


class ConflictError(APIError):
    """409: the request conflicts with the job's current state."""


class NotCancellableError(ConflictError):
    """The job cannot be cancelled: it already completed, failed or was moderated, or it started.

    `status_code` is what the provider actually answered: 409 on Topaz, 422 on the jobs API, and
    200 on useapi (which echoes the job's final status instead of cancelling).

    Attributes:
        current_status: The job's status when the cancel was refused.
        provider_status: The provider's own spelling of that status.
        job: The job as read when the cancel was refused, if it was read.

    """

    def __init__(
        self,
        message: str,
        *,
        provider: str,
        status_code: int,
        current_status: JobStatus,
        provider_status: str | None = None,
        job: Job | None = None,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.current_status = current_status
        self.provider_status = provider_status
        self.job = job
        super().__init__(
            message, provider=provider, status_code=status_code, body=body, headers=headers
        )

    @classmethod
    def for_job(
        cls,
        job: Job,
        *,
        status_code: int,
        body: Any = None,
        headers: Mapping[str, str] | None = None,
        detail: str | None = None,
    ) -> NotCancellableError:
        """The refusal for `job`, read after (or echoed by) a cancel that did not happen."""
        suffix = f" ({detail})" if detail else ""
        return cls(
            f"job {job.id} cannot be cancelled: it is {job.provider_status}{suffix}",
            provider=job.provider,
            status_code=status_code,
            current_status=job.status,
            provider_status=job.provider_status,
            job=job,
            body=body,
            headers=headers,
        )


class UnprocessableEntityError(APIError):
    """422: the request was understood but refused; `field_errors` says what, per field.

    Attributes:
        field_errors: The RFC 7807 `errors` map (property name -> messages); empty if none.

    """

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.field_errors: dict[str, list[str]] = _field_errors(self.body)


class RateLimitError(APIError):
    """429: too many requests (or, on useapi, all account slots busy).

    Attributes:
        retry_after: Seconds the provider asked us to wait (Retry-After / retry-after-ms), or None.
        executing_jobs: useapi's `executingJobs`, the job ids holding the slots, when sent.

    """

    def __init__(self, message: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.retry_after: float | None = retry_after(self.headers)
        jobs = self.body.get("executingJobs") if isinstance(self.body, dict) else None
        self.executing_jobs: list[str] | None = (
            [str(j) for j in jobs] if isinstance(jobs, list) else None
        )


class InternalServerError(APIError):
    """5xx: the provider (or a proxy in front of it) failed."""


class ModerationBlockedError(APIError):
    """596, useapi's own status: the Midjourney account is blocked by moderation.

    The account has a pending moderation message or CAPTCHA and is out of rotation until it is
    resolved in Discord and reset (POST /account/midjourney/{channel}/reset). Retrying does
    not help.
    """


class UnexpectedResponseError(APIError):
    """A status with no class of its own, or a success whose body is not the documented JSON."""


class APIConnectionError(ImageJobsError):
    """No answer from the provider: DNS failure, refused or reset connection, TLS error.

    Attributes:
        unreachable: No connection could be made at all (refused, DNS, TLS handshake, or no
            connection within the connect timeout): the request never reached the provider.
            False when a connection was made and then failed (reset, closed, no answer in
            time), so the provider may have acted on it.

    """

    def __init__(self, message: str, *, provider: str, unreachable: bool = False) -> None:
        self.message = message
        self.provider = provider
        self.unreachable = unreachable
        super().__init__(f"{provider}: {message}")


class APITimeoutError(APIConnectionError):
    """The provider did not answer within the timeout."""


class DeadlineExceededError(APITimeoutError):
    """The call's deadline passed: it bounds every attempt and every wait between them.

    Raised when an attempt was cut at the deadline, when the next retry could not finish
    before it, or when the deadline had passed before the call began.

    Attributes:
        deadline: The budget, in seconds.
        attempts: How many attempts ran (0 when none could start).
        last_error: What the last attempt raised, if one ran (also the `__cause__`).

    """

    def __init__(
        self,
        *,
        provider: str,
        deadline: float,
        attempts: int,
        last_error: ImageJobsError | None = None,
    ) -> None:
        self.deadline = deadline
        self.attempts = attempts
        self.last_error = last_error
        ran = f"{attempts} attempt" + ("" if attempts == 1 else "s")
        text = f"deadline of {deadline:g} s reached after {ran}"
        if last_error is not None:
            detail = getattr(last_error, "message", None) or str(last_error)
            text += f" (last: {type(last_error).__name__}: {detail})"
        super().__init__(text, provider=provider)


class WaitTimeoutError(ImageJobsError):
    """`wait()` ran out of time before the job reached a status it was waiting for.

    Attributes:
        provider: The provider's name.
        job_id: The id waited for.
        job: The job as last read (None if no read succeeded).
        timeout: The time allowed, in seconds.
        polls: How many status reads answered.
        last_error: Why the last status read got no answer (a connection error, a timeout, a
            429 or 5xx), if it got none; None when it was answered.
        cancel_requested: Whether `cancel_on_timeout=True` asked for a cancel.
        cancelled: Whether that cancel worked (the job is cancelled).
        cancel_error: Why the cancel did not work, if it was tried and failed.

    """

    def __init__(
        self,
        *,
        provider: str,
        job_id: str,
        job: Job | None,
        timeout: float,
        polls: int,
        last_error: ImageJobsError | None = None,
        cancel_requested: bool = False,
        cancelled: bool = False,
        cancel_error: ImageJobsError | None = None,
    ) -> None:
        self.provider = provider
        self.job_id = job_id
        self.job = job
        self.timeout = timeout
        self.polls = polls
        self.last_error = last_error
        self.cancel_requested = cancel_requested
        self.cancelled = cancelled
        self.cancel_error = cancel_error
        state = f"still {job.status.value}" if job is not None else "never read"
        text = f"{provider}: job {job_id} is {state} after {timeout:g} s ({polls} polls)"
        if last_error is not None:
            said = getattr(last_error, "message", None) or str(last_error)
            text += f"; the last poll got no answer: {type(last_error).__name__}: {said}"
        if cancelled:
            text += "; cancelled it"
        elif cancel_error is not None:
            text += f"; the cancel failed: {type(cancel_error).__name__}: {cancel_error}"
        elif cancel_requested:
            text += "; the cancel did not take"
        super().__init__(text)


#: The class `from_response()` raises for each status; any other 5xx is `InternalServerError`,
#: anything else `UnexpectedResponseError`. 596 is useapi's own code.
STATUS_ERRORS: Mapping[int, type[APIError]] = MappingProxyType(
    {
        400: BadRequestError,
        401: AuthenticationError,
        402: PaymentRequiredError,
        403: PermissionDeniedError,
        404: NotFoundError,
        409: ConflictError,
        422: UnprocessableEntityError,
        429: RateLimitError,
        596: ModerationBlockedError,
    }
)


def error_class(status_code: int, envelope: ErrorEnvelope | None = None) -> type[APIError]:
    """The class for a status: the provider's own, the table, any 5xx, else unexpected."""
    if envelope is not None and status_code in envelope.statuses:
        return MEANINGS[envelope.statuses[status_code]]
    cls = STATUS_ERRORS.get(status_code)
    if cls is not None:
        return cls
    if 500 <= status_code <= 599:
        return InternalServerError
    return UnexpectedResponseError


def from_response(
    provider: str,
    status_code: int,
    *,
    body: Any = None,
    content: bytes | None = None,
    headers: Mapping[str, str] | None = None,
    malformed: bool = False,
    reason: BaseException | None = None,
    redact: Callable[[Any], Any] | None = None,
    envelope: ErrorEnvelope | None = None,
) -> APIError:
    """Build the error for one answer. Reads all three error formats.

    Pass `body` when the generated client already parsed it (a documented error), or `content`
    for the raw bytes of an undocumented status or malformed body (parsed here if it is JSON,
    kept as capped text if not). `malformed` marks a body that did not match the spec, and
    `reason` the exception its parsing raised (named in `parse_error` and the message).
    `redact` scrubs secrets out of the body and the parse error before they reach a message.
    `envelope` is where the provider's description says its error bodies keep the message,
    detail, code and field errors, and which statuses have a meaning of their own; without one
    (or where it finds nothing) the three known formats are tried.
    """
    if body is None and content is not None:
        body = _decode(content)
    body = _bounded(body, MAX_BODY_DEPTH)
    parse_error = None if reason is None else _clip(f"{type(reason).__name__}: {reason}")
    if redact is not None:
        body = redact(body)
        parse_error = None if parse_error is None else redact(parse_error)
    cls = error_class(status_code, envelope)
    if (malformed or reason is not None) and cls is UnexpectedResponseError:
        shape = "JSON of another shape" if isinstance(body, dict | list) else _describe_text(body)
        message = f"the answer is not the documented JSON: {shape}"
    else:
        message = _enveloped(body, envelope) or _message(body, status_code)
    if parse_error is not None:
        message = f"{message} ({parse_error})"
    error = cls(
        message,
        provider=provider,
        status_code=status_code,
        body=body,
        headers=headers,
        parse_error=parse_error,
    )
    if envelope is not None:
        _apply_envelope(error, body, envelope)
    return error


#: What a description's `errors.statuses` may call a status of the provider's own.
MEANINGS: Mapping[str, type[APIError]] = MappingProxyType(
    {
        "bad_request": BadRequestError,
        "authentication": AuthenticationError,
        "payment_required": PaymentRequiredError,
        "permission_denied": PermissionDeniedError,
        "not_found": NotFoundError,
        "conflict": ConflictError,
        # A conflict: the cancel strategy reads the job and raises NotCancellableError with its
        # current status (which a status alone cannot tell).
        "not_cancellable": ConflictError,
        "unprocessable_entity": UnprocessableEntityError,
        "rate_limit": RateLimitError,
        "moderation_blocked": ModerationBlockedError,
        "internal_server": InternalServerError,
        "unexpected_response": UnexpectedResponseError,
    }
)


def _enveloped(body: Any, envelope: ErrorEnvelope | None) -> str | None:
    """The message where the description says it is: "message: detail", or None."""
    if envelope is None or not isinstance(body, dict):
        return None
    message, detail = pointed(body, envelope.message), pointed(body, envelope.detail)
    parts = [p for p in (message, detail) if isinstance(p, str) and p]
    return _clip(": ".join(parts)) if parts else None


def _apply_envelope(error: APIError, body: Any, envelope: ErrorEnvelope) -> None:
    if isinstance(error, UnprocessableEntityError) and envelope.fields and not error.field_errors:
        error.field_errors = _field_errors({"errors": pointed(body, envelope.fields)})
    if isinstance(error, RateLimitError) and envelope.busy and error.executing_jobs is None:
        jobs = pointed(body, envelope.busy)
        if isinstance(jobs, list):
            error.executing_jobs = [str(j) for j in jobs]


def pointed(doc: Any, pointer: str | None) -> Any:
    """The value at a JSON pointer ("/a/0/b") in a decoded body; None where there is none."""
    if pointer is None:
        return None
    for token in pointer_tokens(pointer):
        if isinstance(doc, dict):
            doc = doc.get(token)
        elif isinstance(doc, list) and token.isdigit() and int(token) < len(doc):
            doc = doc[int(token)]
        else:
            return None
    return doc


@functools.lru_cache(maxsize=256)
def pointer_tokens(pointer: str | None) -> tuple[str, ...]:
    """A JSON pointer's reference tokens ("/error/message" -> ("error", "message"))."""
    if not pointer or pointer == "/":
        return ()
    return tuple(t.replace("~1", "/").replace("~0", "~") for t in pointer.lstrip("/").split("/"))


def _decode(content: bytes) -> Any:
    text = content.decode("utf-8", errors="replace")
    stripped = text.lstrip()
    if stripped[:1] in ("{", "["):
        try:
            return json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: nested deeper than the stack
            pass
    return text[:MAX_TEXT] if text else None


def _bounded(value: Any, depth: int) -> Any:
    """`value` with every dict or list nested deeper than `depth` replaced by `TOO_DEEP`.

    Recursion here is bounded by `depth`; without the cut, redacting, comparing or printing a
    hostile body would hit the recursion limit in the middle of raising its error.
    """
    if isinstance(value, dict):
        if depth <= 0:
            return TOO_DEEP
        return {key: _bounded(item, depth - 1) for key, item in value.items()}
    if isinstance(value, list):
        if depth <= 0:
            return TOO_DEEP
        return [_bounded(item, depth - 1) for item in value]
    return value


def _message(body: Any, status_code: int) -> str:
    if isinstance(body, dict):
        # useapi: {error, errorDetails, code}
        error = body.get("error")
        if isinstance(error, str) and error:
            details = body.get("errorDetails")
            return _clip(f"{error}: {details}" if isinstance(details, str) and details else error)
        # Topaz: {message, code}
        message = body.get("message")
        if isinstance(message, str) and message:
            return _clip(message)
        # RFC 7807: {type, title, status, detail, instance}
        title, detail = body.get("title"), body.get("detail")
        parts = [p for p in (title, detail) if isinstance(p, str) and p]
        if parts:
            return _clip(": ".join(parts))
        return "error body without a message"
    return _describe_text(body)


def _describe_text(body: Any) -> str:
    if body is None or (isinstance(body, str) and not body.strip()):
        return "empty body"
    if isinstance(body, str):
        head = body.lstrip()[:200].lower()
        if head.startswith(("<!doctype html", "<html")) or "<html" in head:
            return "an HTML page instead of JSON (a proxy or gateway answered?)"
        if head.startswith(("{", "[")):
            return "truncated or invalid JSON"
        return _clip(body.strip().splitlines()[0])
    return _clip(repr(body))


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_MESSAGE else text[: _MAX_MESSAGE - 1] + "…"


def _field_errors(body: Any) -> dict[str, list[str]]:
    errors = body.get("errors") if isinstance(body, dict) else None
    if not isinstance(errors, dict):
        return {}
    out: dict[str, list[str]] = {}
    for name, messages in errors.items():
        if isinstance(messages, list):
            out[str(name)] = [str(m) for m in messages]
        elif messages is not None:
            out[str(name)] = [str(messages)]
    return out
