"""The Redis side of a shared rate gate: where the state common to every process lives.

`_rate.RateGate.shared` puts a gate's state in one Redis hash, so every worker process (and
machine) using one provider account paces against one account-wide schedule. This module is
only the store: three server-side scripts and the connection. It knows nothing of the policy,
which stays in `_rate` (pure functions over a `Policy`, the same for a local and a shared gate).

The hash holds:

- `rate`, `tat`, `hold`, `epoch`, `sent`, `first`: the schedule (and when it was first used). `claim` (a GCRA-style script: one slot
  per 1/rate seconds after the theoretical arrival time `tat`, none before `hold`) reads and
  moves them atomically, so two workers never take the same slot.
- `ok`: answers accepted (not 429) by every worker, counted as they come (`count_ok`).
- `p` and `v`: the learned policy (JSON, written by `_rate`) and its version. An answer's lesson
  is read (`read`), computed in Python, and written back only if no other worker wrote in
  between (`commit`, a compare-and-set on `v`); else it is computed again on the new state.

Every time is Redis's own clock (`TIME` inside the scripts): worker clocks need not agree. The
key expires after a day unused. `redis` (the `imagejobs[redis]` extra) is imported only when a
store is made; any failure of Redis surfaces as `StoreUnavailable`, which the gate turns into
one warning and pacing on its own until Redis answers again.
"""

from __future__ import annotations

from typing import Any, NamedTuple
from urllib.parse import urlsplit

__all__ = ["KEY_PREFIX", "TTL", "RedisStore", "Snapshot", "StoreUnavailable", "where"]

#: Every gate's hash is under this prefix, then the key given to `RateGate.shared`.
KEY_PREFIX = "imagejobs:rate-gate:"
#: Seconds a gate's state outlives its last use.
TTL = 86_400

# KEYS[1]: the hash. ARGV: horizon, force (0/1), ttl, max_rate ('' = none: the caller's cap,
# which paces from the first request, before any policy was written).
# -> {delay, claimed (0/1), epoch, seq, rate ('' = open)}; floats as strings (Lua numbers
# would come back truncated to integers).
_CLAIM = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local f = redis.call('HMGET', KEYS[1], 'rate', 'tat', 'hold', 'epoch')
local rate = tonumber(f[1])
local cap = tonumber(ARGV[4])
if cap and (not rate or rate > cap) then rate = cap end
local start = math.max(now, tonumber(f[3]) or 0)
local tat = tonumber(f[2]) or 0
if rate and tat > start then start = tat end
local epoch = tonumber(f[4]) or 0
local delay = start - now
local horizon = tonumber(ARGV[1])
if delay > horizon and ARGV[2] == '0' then
  return {string.format('%.6f', horizon), 0, epoch, 0, rate and tostring(rate) or ''}
end
if rate then redis.call('HSET', KEYS[1], 'tat', string.format('%.6f', start + 1 / rate)) end
local seq = redis.call('HINCRBY', KEYS[1], 'sent', 1)
if seq == 1 then redis.call('HSET', KEYS[1], 'first', string.format('%.6f', now)) end
redis.call('EXPIRE', KEYS[1], ARGV[3])
return {string.format('%.6f', delay), 1, epoch, seq, rate and tostring(rate) or ''}
"""

# -> {now, policy ('' = none yet), version, sent, hold, tat, ok, first send ('0' = none)}
_READ = """
local t = redis.call('TIME')
local f = redis.call('HMGET', KEYS[1], 'p', 'v', 'sent', 'hold', 'tat', 'ok', 'first')
return {string.format('%d.%06d', t[1], t[2]), f[1] or '', f[2] or '0', f[3] or '0',
        f[4] or '0', f[5] or '0', f[6] or '0', f[7] or '0'}
"""

# ARGV: version read, policy, rate ('' = open), epoch, hold, next_at, ttl. hold and next_at
# only move later (another worker may have claimed slots or met a longer hold meanwhile).
# -> 1 if written, 0 if another worker wrote first.
_COMMIT = """
local v = redis.call('HGET', KEYS[1], 'v') or '0'
if v ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'v', tostring(tonumber(v) + 1), 'p', ARGV[2], 'epoch', ARGV[4])
if ARGV[3] == '' then
  redis.call('HDEL', KEYS[1], 'rate')
else
  redis.call('HSET', KEYS[1], 'rate', ARGV[3])
end
local f = redis.call('HMGET', KEYS[1], 'hold', 'tat')
if tonumber(ARGV[5]) > (tonumber(f[1]) or 0) then redis.call('HSET', KEYS[1], 'hold', ARGV[5]) end
if tonumber(ARGV[6]) > (tonumber(f[2]) or 0) then redis.call('HSET', KEYS[1], 'tat', ARGV[6]) end
redis.call('EXPIRE', KEYS[1], ARGV[7])
return 1
"""


class StoreUnavailable(Exception):
    """Redis did not answer (down, slow, refused, or an error); the gate paces on its own."""


class Claim(NamedTuple):
    """One `claim`: wait `delay` seconds; `claimed` a slot (else ask again after the wait)."""

    delay: float
    claimed: bool
    epoch: int
    seq: int
    rate: float | None


class Snapshot(NamedTuple):
    """What `read` saw: Redis's time, the policy JSON ('' if none yet) and its version."""

    now: float
    policy: str
    version: str
    sent: int
    hold: float
    tat: float
    #: Answers accepted (not 429), by every worker.
    ok: int
    #: When the first request was sent (0.0: none yet).
    first: float


def where(url: str) -> str:
    """`url` without its user name and password: what a log line or a repr may show."""
    parts = urlsplit(url)
    host = parts.hostname or parts.path or "localhost"
    port = f":{parts.port}" if parts.port else ""
    path = parts.path if parts.hostname else ""
    return f"{parts.scheme}://{host}{port}{path}"


class RedisStore:
    """One gate's hash on one Redis server (see the module docstring).

    `timeout` bounds every operation, connecting included: a slow Redis counts as down. redis-py's
    own retries are off, so an outage costs one timeout, not several.
    """

    def __init__(
        self, url: str, key: str, *, timeout: float, max_rate: float | None = None
    ) -> None:
        try:
            import redis
            from redis.backoff import NoBackoff
            from redis.retry import Retry
        except ImportError as exc:  # the extra is not installed
            raise ImportError(
                "a shared rate gate needs redis-py: pip install 'imagejobs[redis]'"
            ) from exc
        self.where = where(url)
        self._cap = "" if max_rate is None else repr(max_rate)
        self.key = KEY_PREFIX + key
        self._errors: tuple[type[BaseException], ...] = (redis.RedisError, OSError)
        self._redis: Any = redis.Redis.from_url(
            url,
            socket_timeout=timeout,
            socket_connect_timeout=timeout,
            retry=Retry(NoBackoff(), 0),
            retry_on_timeout=False,
            decode_responses=True,
        )
        self._claim = self._redis.register_script(_CLAIM)
        self._read = self._redis.register_script(_READ)
        self._commit = self._redis.register_script(_COMMIT)

    def _run(self, script: Any, *args: object) -> Any:
        try:
            return script(keys=[self.key], args=list(args))
        except self._errors as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def claim(self, horizon: float, *, force: bool) -> Claim:
        """Take the next send slot if it is at most `horizon` seconds away (or `force`)."""
        delay, claimed, epoch, seq, rate = self._run(
            self._claim, horizon, int(force), TTL, self._cap
        )
        return Claim(
            float(delay), bool(claimed), int(epoch), int(seq), float(rate) if rate else None
        )

    def read(self) -> Snapshot:
        """The policy and the schedule as they are now, with Redis's time."""
        now, policy, version, sent, hold, tat, ok, first = self._run(self._read)
        return Snapshot(
            float(now), policy, version, int(sent), float(hold), float(tat), int(ok), float(first)
        )

    def epoch(self) -> int:
        """The policy's epoch now (it changes when the rate falls)."""
        try:
            return int(self._redis.hget(self.key, "epoch") or 0)
        except self._errors as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def count_ok(self) -> None:
        """Count one accepted answer (atomically: every worker's count the same counter)."""
        try:
            self._redis.hincrby(self.key, "ok", 1)
        except self._errors as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def commit(
        self,
        version: str,
        policy: str,
        *,
        rate: float | None,
        epoch: int,
        hold: float,
        next_at: float,
    ) -> bool:
        """Write a new policy if the version is still `version`; False if another wrote first."""
        rate_text = "" if rate is None else repr(rate)
        return bool(
            self._run(
                self._commit, version, policy, rate_text, epoch, repr(hold), repr(next_at), TTL
            )
        )

    def clear(self) -> None:
        """Forget the gate's state (tests and benchmarks start from a fresh account)."""
        try:
            self._redis.delete(self.key)
        except self._errors as exc:
            raise StoreUnavailable(type(exc).__name__) from exc

    def close(self) -> None:
        self._redis.close()
