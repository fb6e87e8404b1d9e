"""Atomic file writes: a reader sees the old file or the new one, never half of one."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "w", encoding: str | None = "utf-8") -> Iterator[IO]:
    """Open a temp file beside `path`; on clean exit fsync it and rename it into place.

    On an exception (or an interrupt) the temp file is removed and `path` keeps
    whatever it held before.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    binary = "b" in mode
    os.chmod(tmp_name, 0o666 & ~_umask())
    try:
        with os.fdopen(
            fd, mode, encoding=None if binary else encoding, newline=None if binary else ""
        ) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


def write_text(path: Path, text: str, encoding: str = "utf-8") -> Path:
    with atomic_open(path, "w", encoding=encoding) as handle:
        handle.write(text)
    return Path(path)


def write_bytes(path: Path, data: bytes) -> Path:
    with atomic_open(path, "wb", encoding=None) as handle:
        handle.write(data)
    return Path(path)


# --- The output set of a run: replaced whole, at once ------------------------------------------

STAGING_MARK = ".staging-"
RETIRED_MARK = ".retired-"


try:  # the project's tree of errors, where this tree has it
    from factsheet.errors import OutputError as _OutputBase  # type: ignore[import-not-found, unused-ignore]
except ImportError:  # pragma: no cover
    _OutputBase = Exception  # type: ignore[assignment, misc, unused-ignore]


class OutputNotWritable(_OutputBase):  # type: ignore[misc, valid-type, unused-ignore]
    """`--out` cannot take the outputs; str() is the one-line reason. Raised before any work is done."""


def check_writable(out: Path) -> None:
    """Refuse an output folder that is a file, or under a file, or not writable, before extraction.

    Nothing is created: the nearest folder that exists is probed with a temporary file
    (which is removed), so permissions, read-only mounts and full disks all show here.
    """
    out = Path(out)
    probe_dir = out
    while not probe_dir.exists():
        if probe_dir.is_symlink():
            raise OutputNotWritable(f"--out {out}: {probe_dir} is a broken link")
        if probe_dir.parent == probe_dir:
            break
        probe_dir = probe_dir.parent
    if not probe_dir.is_dir():
        what = "is a file" if probe_dir == out else f"is under {probe_dir}, which is a file"
        raise OutputNotWritable(f"--out {out} {what}, not a folder")
    try:
        fd, name = tempfile.mkstemp(prefix=".factsheet-probe-", dir=probe_dir)
        os.close(fd)
        os.unlink(name)
    except OSError as exc:
        raise OutputNotWritable(f"cannot write to {probe_dir}: {exc.strerror or exc}") from None


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE); False where that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    errno = ctypes.get_errno()
    if errno in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: not on this file system
        return False
    raise OSError(errno, os.strerror(errno), str(b))


def _fsync_dir(path: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


class OutputSet:
    """All the files of one run, written into a staging folder and swapped in at once.

    The target folder (`out/<date>`) is exchanged with the staging folder in one
    rename, so a reader sees either the whole old set or the whole new one, never
    new facts beside an old PDF. Whatever else lives in the target (the review
    database, `published/`) is carried over. Staging and retired folders are
    siblings of the target named `.<date>.staging-*` / `.<date>.retired-*`; a run
    killed part-way leaves one behind, and the next run into that folder removes it
    (after moving back anything it alone still holds). Runs into the same folder
    take turns through a lock on the parent folder.
    """

    def __init__(self, target: Path) -> None:
        self.target = Path(target)
        self.parent = self.target.parent
        try:
            self.parent.mkdir(parents=True, exist_ok=True)
            self._lock_fd = self._lock(self.parent)
        except OSError as exc:
            raise OutputNotWritable(f"cannot write to {self.parent}: {exc.strerror or exc}") from None
        try:
            self.clean_leftovers()
            self.staging = Path(
                tempfile.mkdtemp(prefix=f".{self.target.name}{STAGING_MARK}", dir=self.parent)
            )
            os.chmod(self.staging, 0o777 & ~_umask())
        except OSError as exc:
            self._unlock()
            raise OutputNotWritable(f"cannot write to {self.parent}: {exc.strerror or exc}") from None
        except BaseException:
            self._unlock()
            raise
        self.done = False

    @staticmethod
    def _lock(folder: Path) -> int | None:
        try:
            import fcntl
        except ImportError:  # not POSIX: no lock, the swap itself is still atomic where the OS allows
            return None
        fd = os.open(folder, os.O_RDONLY)
        fcntl.flock(fd, fcntl.LOCK_EX)
        return fd

    def _unlock(self) -> None:
        if self._lock_fd is not None:
            os.close(self._lock_fd)  # closing releases the flock
            self._lock_fd = None

    def path(self, name: str) -> Path:
        """Where to write output `name` for this run (inside the staging folder)."""
        return self.staging / name

    def leftovers(self) -> list[Path]:
        prefix = f".{self.target.name}"
        return sorted(
            p
            for p in self.parent.iterdir()
            if p.name.startswith(prefix + STAGING_MARK) or p.name.startswith(prefix + RETIRED_MARK)
        )

    def clean_leftovers(self) -> None:
        """Remove the staging and retired folders of runs that were killed before they finished.

        Folders (published/) a killed run had not yet moved back are moved into the
        target first; so are files of a retired set the target lacks (the review
        database). A staging folder's files are that run's unfinished outputs: dropped.
        """
        for leftover in self.leftovers():
            if self.target.is_dir():
                retired = leftover.name.startswith(f".{self.target.name}{RETIRED_MARK}")
                self._carry(leftover, self.target, folders=True, files="move" if retired else "skip")
            shutil.rmtree(leftover, ignore_errors=True)

    @staticmethod
    def _carry(source: Path, dest: Path, *, folders: bool, files: str) -> None:
        """Bring what `source` holds and `dest` lacks (review database, published/) across.

        `files`: "link" (one inode under both names, so an open database stays
        consistent), "move" or "skip". Folders are moved when `folders` is true.
        Temporary `.part` files are never carried.
        """
        for entry in source.iterdir():
            if entry.name.endswith(".part") or os.path.lexists(dest / entry.name):
                continue
            if entry.is_dir() and not entry.is_symlink():
                if folders:
                    os.replace(entry, dest / entry.name)
            elif files == "move":
                os.replace(entry, dest / entry.name)
            elif files == "link":
                try:
                    os.link(entry, dest / entry.name, follow_symlinks=False)
                except OSError:
                    shutil.copy2(entry, dest / entry.name, follow_symlinks=False)

    def commit(self) -> None:
        """Swap the staging folder in for the target in one step, then retire the old set."""
        if self.done:
            return
        try:
            for name in os.listdir(self.staging):
                if name.endswith(".part"):
                    os.unlink(self.staging / name)
            _fsync_dir(self.staging)
            if not self.target.exists():
                os.replace(self.staging, self.target)
            else:
                if not self.target.is_dir():
                    raise OutputNotWritable(f"{self.target} is a file, not a folder")
                self._carry(self.target, self.staging, folders=False, files="link")
                retired = self.parent / self.staging.name.replace(STAGING_MARK, RETIRED_MARK)
                if _exchange(self.staging, self.target):
                    os.replace(self.staging, retired)  # the old set, now under the staging name
                else:  # two renames: in between there is no folder, but never a mixed one
                    os.replace(self.target, retired)
                    os.replace(self.staging, self.target)
                # Folders, and files that appeared in the old folder since the links were made.
                self._carry(retired, self.target, folders=True, files="move")
                shutil.rmtree(retired, ignore_errors=True)
            _fsync_dir(self.parent)
            self.done = True
        finally:
            self._unlock()

    def abort(self) -> None:
        """Forget this run's outputs; the target keeps the previous set."""
        if not self.done:
            shutil.rmtree(self.staging, ignore_errors=True)
            self.done = True
        self._unlock()


_pending: dict[Path, OutputSet] = {}


def begin_output_set(target: Path) -> OutputSet:
    """Start the output set for `target`, replacing (and discarding) one this process left open."""
    key = Path(target).absolute()
    # A set this process left open (its run failed before run.json) holds the lock on the
    # same parent folder: give it up, or this run would wait for itself.
    for stale in [k for k in _pending if k == key or k.parent == key.parent]:
        _pending.pop(stale).abort()
    output_set = OutputSet(target)
    _pending[key] = output_set
    return output_set


def pending_output_set(target: Path) -> OutputSet | None:
    """The output set this process has begun for `target` and not yet committed."""
    return _pending.get(Path(target).absolute())


def finish_output_set(target: Path) -> None:
    """Commit the pending output set for `target` (if any): the new set appears whole."""
    output_set = _pending.pop(Path(target).absolute(), None)
    if output_set is not None:
        output_set.commit()


def discard_output_set(target: Path) -> None:
    """Drop the pending output set for `target` (a writer failed): the previous set stays."""
    output_set = _pending.pop(Path(target).absolute(), None)
    if output_set is not None:
        output_set.abort()


@contextlib.contextmanager
def output_set(target: Path) -> Iterator[OutputSet]:
    """`with output_set(out_dir) as outputs:` write to `outputs.path(name)`; swapped in on a clean exit."""
    staged = begin_output_set(target)
    try:
        yield staged
    except BaseException:
        discard_output_set(target)
        raise
    finish_output_set(target)
