"""One writer at a time in a data directory: an exclusive ``flock`` on its ``.lock`` file (pure Python)."""

from __future__ import annotations

import fcntl
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".lock"


@contextmanager
def dir_locked(root: Path, *, create: bool = True):
    """Hold the exclusive lock of the directory ``root`` for the block. ``create`` (a writer): make the directory and
    its lock file when missing; without it (a reader that must not add files, e.g. a backup), a directory with no lock
    file has no writer to wait for and the block runs unlocked."""
    lock = Path(root) / LOCK_NAME
    if create:
        lock.parent.mkdir(parents=True, exist_ok=True)
    elif not lock.exists():
        yield
        return
    with open(lock, "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
