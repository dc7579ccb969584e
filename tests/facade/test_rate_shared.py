"""The rate gate shared on Redis: a real redis-server on 127.0.0.1, started and stopped here.

Two gates with stores of their own stand for two worker processes (one process shares one gate
per url and key, so `fresh_shared` forgets the process's cache between them). The waits are
recorded, not slept: the schedule is read from what Redis hands out.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest

from imagejobs import JobStatus, RateGate, Topaz
from imagejobs import _rate as rate
from imagejobs._rate_shared import KEY_PREFIX, where
from imagejobs.errors import ImageJobsError

from .conftest import PID, TOPAZ_KEY, Script

pytestmark = pytest.mark.slow  # a server process per test

#: Nothing written to disk: a throwaway server.
NO_DISK = ("--save", "", "--appendonly", "no")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class RedisServer:
    """A throwaway redis-server (no persistence) on 127.0.0.1: start, kill, freeze, restart."""

    def __init__(self) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            if os.environ.get("CI"):
                pytest.fail("redis-server is missing: .ci/run installs it (apt-get)")
            pytest.skip("redis-server is not installed (Debian: apt-get install redis-server)")
        self.binary = binary
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None
        self.start()

    def start(self) -> None:
        import redis

        self.proc = subprocess.Popen(
            [*(self.binary, "--port", str(self.port), "--bind", "127.0.0.1"), *NO_DISK],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        for _ in range(500):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.01)
        client.close()

    def client(self) -> object:
        import redis

        return redis.Redis.from_url(self.url, decode_responses=True)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.kill()
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGCONT)  # a frozen one must wake to end
            self.proc.terminate()
            self.proc.wait(timeout=10)


@pytest.fixture
def server() -> Iterator[RedisServer]:
    running = RedisServer()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(autouse=True)
def no_shared_cache() -> Iterator[None]:
    rate._shared_gates.clear()
    yield
    for gate in rate._shared_gates.values():
        if gate._store is not None:
            gate._store.close()
    rate._shared_gates.clear()


@pytest.fixture
def waits(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    """The gate's waits, recorded instead of slept."""
    seen: list[float] = []
    monkeypatch.setattr(rate, "sleep", seen.append)

    async def record(seconds: float) -> None:
        seen.append(seconds)

    monkeypatch.setattr(rate, "async_sleep", record)
    return seen


def schedule(server: RedisServer, gate: RateGate) -> float:
    """How far the next free slot is past the first send, in Redis's own times."""
    assert gate._store is not None
    stored = server.client().hgetall(gate._store.key)  # type: ignore[attr-defined]
    return float(stored["tat"]) - float(stored["first"])


def worker(url: str, key: str = "topaz:acct", **kw: float) -> RateGate:
    """A gate as a separate worker process would hold it (its own store and connection)."""
    rate._shared_gates.clear()
    return RateGate.shared(url, key=key, **kw)


def test_two_workers_take_turns_on_one_schedule(server: RedisServer, waits: list[float]) -> None:
    one, two = worker(server.url, max_rate=20.0), worker(server.url, max_rate=20.0)
    assert one is not two
    for gate in (one, two, one, two):
        gate.acquire()
    # One slot every 1/20 s across both, from the first send: the schedule Redis keeps.
    assert schedule(server, one) == pytest.approx(4 / 20, abs=1e-5)
    assert len(waits) == 3  # each waited for its slot (less the time the test took)
    assert all(0 < got <= slot for got, slot in zip(waits, (0.05, 0.10, 0.15), strict=True))
    assert [one.stats().sent, two.stats().sent] == [2, 2]


def test_what_one_worker_learns_the_other_obeys(server: RedisServer, waits: list[float]) -> None:
    one, two = worker(server.url), worker(server.url)
    tickets = [one.acquire() for _ in range(20)]
    for ticket in tickets[:19]:
        one.observe(ticket, 204, {})
    one.observe(tickets[19], 429, {"Retry-After": "30"})  # the first contact: held 30 s
    assert one.rate is not None
    assert two._store is not None
    claim = two._store.claim(rate.HORIZON, force=False)
    assert not claim.claimed  # the other worker is held too, ...
    assert claim.rate == pytest.approx(one.rate)  # ... and paced at the rate learned
    forced = two._store.claim(rate.HORIZON, force=True)
    assert 29.0 <= forced.delay <= 30.0 * (1 + rate.RESUME_JITTER)
    assert waits == []


def test_retry_now_and_slots_busy_leave_the_shared_gate_open(
    server: RedisServer, waits: list[float]
) -> None:
    one, two = worker(server.url), worker(server.url)
    one.observe(one.acquire(), 429, {"Retry-After": "0"})
    one.observe(one.acquire(), 429, {"Retry-After": "9"}, slots_busy=True)
    two.acquire()
    assert waits == []
    assert two.rate is None
    assert one.stats().slots_busy == 1
    assert one.stats().rate_limited == 2


def test_a_window_budget_holds_every_worker(server: RedisServer, waits: list[float]) -> None:
    one, two = worker(server.url), worker(server.url)
    first, second = one.acquire(), two.acquire()
    # The server counted `first`; `second` went out after it: one left means none.
    one.observe(first, 204, {"X-RateLimit-Remaining": "1", "X-RateLimit-Reset": "20"})
    assert two._store is not None
    assert not two._store.claim(rate.HORIZON, force=False).claimed
    del second


def test_the_claim_script_schedules_like_the_local_gate(server: RedisServer) -> None:
    gate = worker(server.url)
    store = gate._store
    assert store is not None
    control = server.client()
    now = store.read().now
    control.hset(store.key, mapping={"rate": "4", "tat": repr(now + 0.2)})  # type: ignore[attr-defined]
    claim = store.claim(rate.HORIZON, force=False)
    assert claim.claimed
    assert 0 < claim.delay <= 0.2  # the next slot
    assert float(control.hget(store.key, "tat")) == pytest.approx(now + 0.45)  # type: ignore[attr-defined]
    far = store.claim(rate.HORIZON, force=False)  # 0.45 s away: past the horizon, ask again
    assert (far.claimed, far.delay) == (False, rate.HORIZON)
    control.hset(store.key, "hold", repr(now + 5))  # type: ignore[attr-defined]
    held = store.claim(rate.HORIZON, force=True)
    assert held.claimed
    assert 4.9 <= held.delay <= 5.0
    assert claim.seq + 1 == held.seq


def test_a_dead_redis_is_one_warning_and_no_failed_call(
    server: RedisServer, waits: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    gate = worker(server.url)
    tickets = [gate.acquire() for _ in range(10)]
    for ticket in tickets[:9]:
        gate.observe(ticket, 204, {})
    gate.observe(tickets[9], 429, {})  # learned on Redis
    learned = gate.rate
    assert learned is not None
    server.kill()
    with caplog.at_level(logging.INFO, logger="imagejobs"):
        for _ in range(30):
            ticket = gate.acquire()
            gate.observe(ticket, 204, {})
        gate._retry_at = 0.0  # time to try Redis again: still down, no second warning
        gate.observe(gate.acquire(), 429, {"Retry-After": "1"})
    warnings = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1
    assert "did not answer" in warnings[0].getMessage()
    assert gate.rate is not None
    assert gate.rate >= learned * 0.5  # paced locally from what Redis had learned
    assert gate.stats().sent == 41

    server.start()  # back on the same port
    gate._retry_at = 0.0
    with caplog.at_level(logging.INFO, logger="imagejobs"):
        gate.observe(gate.acquire(), 204, {})
    assert any("answers again" in r.getMessage() for r in caplog.records)
    assert gate._down is False


def test_a_frozen_redis_counts_as_down(
    server: RedisServer, waits: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    gate = worker(server.url, timeout=0.05)
    gate.acquire()
    assert server.proc is not None
    server.proc.send_signal(signal.SIGSTOP)
    try:
        with caplog.at_level(logging.WARNING, logger="imagejobs"):
            for _ in range(5):
                gate.observe(gate.acquire(), 204, {})
    finally:
        server.proc.send_signal(signal.SIGCONT)
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1
    assert gate.stats().sent == 6


async def test_the_async_path_shares_too(server: RedisServer, waits: list[float]) -> None:
    one, two = worker(server.url, max_rate=20.0), worker(server.url, max_rate=20.0)
    assert one.pass_open() is None  # a shared gate always asks Redis
    await one.aacquire()
    await two.aacquire()
    assert schedule(server, one) == pytest.approx(2 / 20, abs=1e-5)
    assert len(waits) == 1
    assert 0 < waits[0] <= 0.05


def test_the_password_in_the_url_is_never_shown(
    server: RedisServer, waits: list[float], caplog: pytest.LogCaptureFixture
) -> None:
    # A wrong password: Redis refuses the AUTH, an error the gate must survive and not quote.
    server.client().config_set("requirepass", "the-right-one")  # type: ignore[attr-defined]
    url = f"redis://:hunter2-secret@127.0.0.1:{server.port}/0"
    gate = worker(url)
    with caplog.at_level(logging.DEBUG, logger="imagejobs"):
        gate.observe(gate.acquire(), 204, {})
    assert "hunter2" not in caplog.text
    assert "hunter2" not in repr(gate)
    assert f"127.0.0.1:{server.port}/0" in repr(gate)
    assert len([r for r in caplog.records if r.levelno == logging.WARNING]) == 1


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("redis://:pw@example.invalid:6380/2", "redis://example.invalid:6380/2"),
        ("redis://user:pw@localhost/0", "redis://localhost/0"),
        ("unix:///run/redis.sock", "unix:///run/redis.sock"),
    ],
)
def test_where_drops_the_credentials(url: str, shown: str) -> None:
    assert where(url) == shown


def test_a_url_that_is_not_redis_is_refused_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(ValueError, match="redis://"):
        RateGate.shared("http://127.0.0.1:1/0", key="k")
    monkeypatch.setenv(rate.GATE_URL_ENV, "http://:pw@127.0.0.1:1/0")
    with pytest.raises(
        ImageJobsError, match=re.escape("IMAGEJOBS_RATE_GATE_URL=http://127.0.0.1:1/0")
    ) as err:
        Topaz(TOPAZ_KEY)
    assert "pw" not in str(err.value)


def test_the_environment_shares_each_accounts_gate(
    server: RedisServer, script: Script, monkeypatch: pytest.MonkeyPatch, waits: list[float]
) -> None:
    monkeypatch.setenv(rate.GATE_URL_ENV, server.url)
    other_key = "another-topaz-key-9f8e7d"
    with (
        Topaz(TOPAZ_KEY, transport=script.transport()) as one,
        Topaz(TOPAZ_KEY, transport=script.transport()) as two,
        Topaz(other_key, transport=script.transport()) as other,
    ):
        assert one.rate_gate is not None
        assert one.rate_gate.is_shared
        assert one.rate_gate is two.rate_gate  # one account, one gate in this process
        assert other.rate_gate is not one.rate_gate
        script.on(
            "DELETE", f"/image/v1/cancel/{PID}", (429, {"message": "slow"}, {"Retry-After": "1"})
        )
        script.on("DELETE", f"/image/v1/cancel/{PID}", (204, None))
        assert one.cancel(PID).status is JobStatus.CANCELLED
    control = server.client()
    keys = sorted(control.keys("*"))  # type: ignore[attr-defined]
    assert keys == [KEY_PREFIX + rate.gate_key("topaz", TOPAZ_KEY)]
    assert keys[0].startswith(KEY_PREFIX + "topaz:")
    stored = control.hgetall(keys[0])  # type: ignore[attr-defined]
    assert float(stored["rate"]) > 0  # the 429 was learned on Redis
    everything = " ".join([*keys, *stored.values(), repr(one.rate_gate)])
    for secret in (TOPAZ_KEY, other_key):
        assert secret not in everything


def test_without_the_environment_each_client_has_its_own_gate(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(rate.GATE_URL_ENV, raising=False)
    gate = rate.default_gate("topaz", TOPAZ_KEY)
    assert not gate.is_shared
    monkeypatch.setenv(rate.GATE_URL_ENV, "redis://127.0.0.1:1/0")
    assert not rate.default_gate("jobs_api", None).is_shared  # no credential to key it by


@pytest.mark.parametrize(
    ("provider", "credential", "other"),
    [("topaz", "k1", "k2"), ("useapi", "user:1-token", "user:2-token")],
)
def test_gate_keys_tell_accounts_apart_and_hide_them(
    provider: str, credential: str, other: str
) -> None:
    key = rate.gate_key(provider, credential)
    assert key.startswith(f"{provider}:")
    assert credential not in key
    assert key == rate.gate_key(provider, credential)
    assert key != rate.gate_key(provider, other)
    assert key.split(":", 1)[1] != rate.gate_key("jobs_api", credential).split(":", 1)[1]


def test_a_worker_that_loses_redis_keeps_its_share_of_the_rate(
    server: RedisServer, waits: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rate, "SHARE_SPAN", 0.0)  # measure the share at every send
    one, two, three = (worker(server.url) for _ in range(3))
    for _ in range(20):  # `one` sends a third of the account's requests
        for gate in (one, two, three):
            gate.observe(gate.acquire(), 204, {})
    one.observe(one.acquire(), 429, {})  # the shared rate is learned
    shared = one.rate
    assert shared is not None
    server.kill()
    one.observe(one.acquire(), 204, {})  # Redis is gone: pace on its own share
    assert one.rate == pytest.approx(shared / 3, rel=0.1)


def test_a_worker_that_loses_redis_measures_its_own_sending_from_then(
    server: RedisServer, waits: list[float], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The shared marks count every worker's sends and acceptances, from the epoch's start on
    # Redis's clock: against them, what one worker alone sends and gets accepted afterwards
    # reads as a fraction of what it is, and its next 429 lowered the rate from that.
    monkeypatch.setattr(rate, "SHARE_SPAN", 0.0)
    one, two = worker(server.url), worker(server.url)
    for _ in range(30):
        for gate in (one, two):
            gate.observe(gate.acquire(), 204, {})
    one.observe(one.acquire(), 429, {})
    for _ in range(30):  # the epoch that 429 began goes on, on the other worker
        two.observe(two.acquire(), 204, {})
    one.observe(one.acquire(), 204, {})  # `one` sees the shared state as it is now
    server.kill()
    lost_at = time.monotonic()
    ticket = one.acquire()  # Redis is gone: its own gate from here
    policy = one._p
    assert (policy.sent_from, policy.ok_from) == (one._seq - 1, one._ok)
    assert policy.measure_from is not None
    assert policy.measure_from >= lost_at
    assert policy.ceiling is None
    one.observe(ticket, 204, {})
