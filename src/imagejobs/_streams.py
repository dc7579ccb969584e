"""stdout and stderr that a departed reader or a full disk cannot turn into a wrong exit code.

``imagejobs diff a b --fail-on breaking | head -1`` must exit 7: the verdict is the command's,
not the pipe's. Without this, the first write after ``head`` left raises `BrokenPipeError`
somewhere deep in a command (an ``on_result`` callback of a bulk run, rich's console, which
turns it into ``SystemExit(1)``, click's echo), and the exit code becomes whatever that path
happened to map it to: 0, 1 or 2, never the verdict.

`guarded_output()` puts a `GuardedStream` in front of `sys.stdout` and `sys.stderr` for the
length of a command. A write or flush that fails with an `OSError` (EPIPE, ENOSPC on a full
disk, EIO) marks that stream lost: the stream's file descriptor is pointed at the null device,
so Python's own flush at exit is quiet too, and every later write is dropped. The command runs
on to its end (a bulk cancel keeps cancelling: the output is a report, the cancels are the
work) and exits with its verdict. A reader that left (EPIPE) is the reader's choice and says
nothing; any other lost output (a full disk) is said once on stderr when the command ends, so
a truncated file does not go unnoticed.

Plain library code only: the CLI (`cli.main`) and the codegen commands (`codegen/cli.py`, also
run as ``scripts/generate.py``) both use it.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Iterator
from typing import Any, TextIO

__all__ = ["GuardedStream", "guarded_output"]


class GuardedStream:
    """A text stream whose write errors stop the writing instead of raising.

    Everything but `write`, `writelines` and `flush` is the wrapped stream's (`encoding`,
    `isatty`, `fileno`, ...), so click and rich treat it as the stream itself.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        #: The error that stopped the writing, None while it works.
        self.lost: OSError | None = None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)

    @property
    def reader_left(self) -> bool:
        """The writing stopped because the reader closed the pipe (nothing to report)."""
        return self.lost is not None and self.lost.errno in (errno.EPIPE, errno.ECONNRESET)

    def write(self, text: str) -> int:
        if self.lost is None:
            try:
                return self.stream.write(text)
            except OSError as exc:
                self._lose(exc)
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if self.lost is None:
            try:
                self.stream.flush()
            except OSError as exc:
                self._lose(exc)

    def _lose(self, exc: OSError) -> None:
        self.lost = exc
        # What the stream still buffers, and Python's flush at exit, go to the null device
        # rather than raising again (which Python would print as "Exception ignored ...").
        with contextlib.suppress(OSError, ValueError, AttributeError):
            null = os.open(os.devnull, os.O_WRONLY)
            try:
                os.dup2(null, self.stream.fileno())
            finally:
                os.close(null)
        with contextlib.suppress(OSError, ValueError):
            self.stream.flush()


@contextlib.contextmanager
def guarded_output() -> Iterator[tuple[GuardedStream, GuardedStream]]:
    """Guard `sys.stdout` and `sys.stderr` for the block; nested uses share the outer guard.

    On leaving, both are flushed (a block-buffered pipe fails only then), put back, and lost
    output other than a departed reader is said in one line on stderr.
    """
    out, err = sys.stdout, sys.stderr
    if isinstance(out, GuardedStream) and isinstance(err, GuardedStream):
        yield out, err
        return
    guarded_out, guarded_err = GuardedStream(out), GuardedStream(err)
    sys.stdout, sys.stderr = guarded_out, guarded_err
    try:
        yield guarded_out, guarded_err
    finally:
        guarded_out.flush()
        lost = guarded_out.lost
        if lost is not None and not guarded_out.reader_left:
            reason = lost.strerror or str(lost)
            guarded_err.write(f"error: could not write the output: {reason}; it is incomplete\n")
        guarded_err.flush()
        sys.stdout, sys.stderr = out, err
