"""One writer per store, across processes: an advisory lock on ``DB.lock`` beside the file.

SQLite would serialise two writers' transactions, but two jobs interleaving their articles
and each saving the story grouper's state would lose one job's grouping. A job that writes
holds this lock for its whole run; a second writer waits for it up to ``wait`` seconds and
then stops with E033. The operating system releases the lock when its holder dies, even by
``kill -9``, so a crashed run never leaves a stale lock behind. Readers (``serve``,
listings) never take it: WAL lets them read while the writer writes.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import Errors, RashomonError

_POLL_SECONDS = 0.1


def lock_path(db: str | Path) -> Path:
    """The lock file of a database."""
    return Path(f"{db}.lock")


@contextmanager
def writer_lock(db: str | Path, wait: float = 60.0) -> Iterator[None]:
    """Hold the store's writer lock for the block; wait up to ``wait`` seconds for it.

    Raises:
        RashomonError: E033 when another process still holds it after ``wait`` seconds.
    """
    path = lock_path(db)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + max(0.0, wait)
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise RashomonError(
                        Errors.E033, path=str(db), holder=_holder(fd), wait=wait
                    ) from None
                time.sleep(_POLL_SECONDS)
        os.ftruncate(fd, 0)
        os.pwrite(fd, str(os.getpid()).encode(), 0)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _holder(fd: int) -> str:
    pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
    return f"process {pid}" if pid.isdigit() else "another process"
