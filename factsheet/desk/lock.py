"""One run at a time on a desk: the second waits, and says so.

Two runs at once would both find an article missing and both extract and store it. A
run holds an exclusive lock on `DESK/.factsheet.lock` from the moment it asks the desk
what needs extracting until its facts are stored; a second run waits for it, and after
a second tells the user why it is waiting. The lock is the kernel's (`flock`): a killed
run releases it.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

LOCK_NAME = ".factsheet.lock"
SAY_AFTER_S = 1.0


@contextlib.contextmanager
def desk_lock(folder: Path, notify: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the desk's run lock for the block; `notify` hears "desk busy, waiting" once."""
    try:
        import fcntl
    except ImportError:  # not POSIX: runs are not serialised
        yield
        return
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666)
    try:
        started = time.monotonic()
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if not told and time.monotonic() - started >= SAY_AFTER_S:
                    if notify is not None:
                        notify(f"{folder}: desk busy (another run is writing to it), waiting")
                    told = True
                time.sleep(0.05)
        yield
    finally:
        os.close(fd)  # closing releases the lock
