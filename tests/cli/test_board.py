"""The live board of ``wait`` and ``status --watch``: counts per state, the rows that matter
first, cut to the terminal's height; pipes never see it."""

from __future__ import annotations

import fcntl
import io
import os
import pty
import re
import struct
import sys
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.console import Console

from imagejobs._cli_wait import BOARD_CHROME, CHANGED_FOR, Board, unread_record, watch_record
from imagejobs._deadline import use_clock
from imagejobs.errors import NotFoundError
from imagejobs.job import Job, JobStatus
from imagejobs.testing import FakeTopaz, Timeline, VirtualClock, running_server

KEY = "sk-board-test-0123456789"
SCRIPT = Path(sys.executable).with_name("imagejobs")


@pytest.fixture
def clock() -> Iterator[VirtualClock]:
    vc = VirtualClock()
    with use_clock(vc):
        yield vc


def job(n: int, status: JobStatus) -> Job:
    return Job(provider="topaz", id=f"id-{n:03d}", status=status, provider_status=status.value)


def board_of(n: int) -> Board:
    return Board("status on topaz", [unread_record("topaz", f"id-{i:03d}") for i in range(n)])


def put(board: Board, n: int, status: JobStatus) -> None:
    result = job(n, status)
    board.set(n, watch_record("topaz", result.id, result), going=not status.is_final)


def text(board: Board, height: int) -> list[str]:
    console = Console(width=120, record=True, file=io.StringIO())
    console.print(board.render(height))
    return console.export_text().splitlines()


def test_counts_per_state_and_only_what_fits(clock: VirtualClock) -> None:
    board = board_of(150)
    for n in range(150):
        put(board, n, (JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.COMPLETED)[n % 3])
    clock.advance(CHANGED_FOR)  # nothing is fresh any more
    lines = text(board, 30)
    assert lines[0] == "150 jobs: 50 queued, 50 running, 50 completed"
    rows = [line for line in lines if line.startswith("│ id-")]
    assert len(rows) == 30 - BOARD_CHROME
    assert len(lines) <= 30 - 1  # the cursor's line stays free
    # Still going first (in input order), so every row shown is queued or running.
    assert all("completed" not in row for row in rows)
    assert rows[0].startswith("│ id-000 ")
    # The rows left out, counted by state: 22 of the 100 still going were shown (11 of each).
    assert lines[-1] == "... 128 more not shown: 39 queued, 39 running, 50 completed"


def test_rows_that_changed_come_first_newest_first_then_fall_back(clock: VirtualClock) -> None:
    board = board_of(40)
    for n in range(40):
        put(board, n, JobStatus.RUNNING)
    clock.advance(CHANGED_FOR)
    put(board, 30, JobStatus.COMPLETED)
    clock.advance(1)
    put(board, 35, JobStatus.FAILED)
    put(board, 2, JobStatus.RUNNING)  # read again, unchanged: not fresh
    assert board.order()[:4] == [35, 30, 0, 1]
    clock.advance(CHANGED_FOR)
    # No longer fresh: settled rows go after those still going.
    assert board.order()[:2] == [0, 1]
    assert board.order()[-2:] == [30, 35]


def test_errors_and_unread_ids_are_counted_too(clock: VirtualClock) -> None:
    board = board_of(4)
    put(board, 0, JobStatus.RUNNING)
    gone = NotFoundError("not found", provider="topaz", status_code=404)
    board.set(1, watch_record("topaz", "id-001", gone), going=False)
    assert text(board, 40)[0] == "4 jobs: 1 running, 1 error, 2 not read"


@pytest.mark.slow
@pytest.mark.parametrize("command", ["status", "wait"])
def test_on_a_30_line_terminal_every_frame_fits_and_the_end_has_every_row(command: str) -> None:
    fake = FakeTopaz(api_key=KEY, clock=time.time)
    ids = [
        fake.add_scripted_job(Timeline.finishes(queued=0.2 + (n % 4) * 0.3, running=0.5))
        for n in range(150)
    ]
    watch = ["--watch", "--interval", "0.5"] if command == "status" else []
    with running_server(fake) as url:
        pid, fd = pty.fork()
        if pid == 0:  # the child: the CLI on a terminal 30 lines tall
            argv = [str(SCRIPT), command, "-p", "topaz", "--api-key", KEY, "--base-url", url]
            os.execv(str(SCRIPT), [*argv, *watch, *ids])
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 120, 0, 0))
        out = b""
        while True:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            out += chunk
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    screen = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.decode())
    frames = screen.split("150 jobs: ")[1:]
    assert len(frames) >= 2, screen[-2000:]
    counts = [frame.splitlines()[0] for frame in frames]
    assert any("running" in line for line in counts)
    assert counts[-1] == "150 completed"
    for frame in frames[:-1]:  # every live frame fits; the last is followed by the full table
        rows = [line for line in frame.splitlines() if re.match(r"│ [0-9a-f-]{36} ", line)]
        assert len(rows) <= 30 - BOARD_CHROME
    # Once it ends, every id's final row is printed in full.
    for job_id in ids:
        assert re.search(rf"│ {job_id} │ ok\s+│ completed ", screen)
    assert "150 of 150 final" in screen
