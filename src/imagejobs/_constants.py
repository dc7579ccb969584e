"""The package version and every default number, in one place (openai-python's `_constants.py`).

Plain values only, no imports: every layer may read this module, and `pyproject.toml` takes the
version from `__version__` here.
"""

from __future__ import annotations

__all__ = [
    "DEFAULT_CONCURRENCY",
    "DEFAULT_MAX_RETRIES",
    "DEFAULT_TIMEOUT",
    "INITIAL_BACKOFF",
    "JITTER",
    "LOCAL_HOSTS",
    "MAX_BACKOFF",
    "MAX_BODY_DEPTH",
    "MAX_CONNECTIONS",
    "MAX_KEEPALIVE_CONNECTIONS",
    "MAX_RETRY_AFTER",
    "MAX_TEXT",
    "MAX_UNKNOWN_WAIT",
    "MAX_UNREACHABLE_WAIT",
    "MIN_ATTEMPT_TIME",
    "MIN_UNREACHABLE_POLLS",
    "POLL_FACTOR",
    "POLL_INITIAL",
    "POLL_MAX",
    "RETRYABLE_STATUSES",
    "USER_AGENT",
    "WAIT_CANCEL_DEADLINE",
    "__version__",
]

__version__ = "0.1.0"
USER_AGENT = f"imagejobs/{__version__}"

# -- clients
#: Seconds per attempt (connect, read, write and pool each), unless a client is given another.
DEFAULT_TIMEOUT = 30.0
DEFAULT_MAX_RETRIES = 2
MAX_CONNECTIONS = 100
#: Enough keep-alive connections that bulk's default concurrency reuses them all.
MAX_KEEPALIVE_CONNECTIONS = 64
#: Hosts that may be reached over plain http without `allow_insecure=True`.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})

# -- retries (see _retry.py for the policy)
RETRYABLE_STATUSES = frozenset({408, 429, 502, 503, 504})
#: The longest Retry-After we sleep through; a longer one raises instead of blocking a worker.
MAX_RETRY_AFTER = 60.0
INITIAL_BACKOFF = 0.5
MAX_BACKOFF = 8.0
#: Up to this fraction is taken off each backoff, so many clients do not retry in lockstep.
JITTER = 0.25

# -- deadlines and waiting (see _deadline.py and _wait.py)
#: A retry starts only if at least this much of the deadline is left once its wait is over.
MIN_ATTEMPT_TIME = 0.1
#: wait() polls after 0.5 s, then 1.5x longer each time, up to 10 s between polls.
POLL_INITIAL = 0.5
POLL_FACTOR = 1.5
POLL_MAX = 10.0
#: A wait with no timeout and no deadline still ends once a job reads as UNKNOWN for this long.
MAX_UNKNOWN_WAIT = 600.0
#: A wait gives up once no connection to the provider could be made (refused, DNS, TLS) for
#: this long, over at least `MIN_UNREACHABLE_POLLS` polls in a row (each with its retries): a
#: dead or mistyped server ends the wait instead of polling it for ever.
MAX_UNREACHABLE_WAIT = 30.0
MIN_UNREACHABLE_POLLS = 3
#: The time a cancel_on_timeout cancel gets after the wait's own time ran out.
WAIT_CANCEL_DEADLINE = 10.0

# -- errors
#: The most raw response text an error keeps: enough for a problem document, not a whole page.
MAX_TEXT = 4000
#: An error body deeper than this is cut there: a hostile answer must not exhaust the stack.
MAX_BODY_DEPTH = 64

# -- bulk
DEFAULT_CONCURRENCY = 32
