"""One writer per run folder, and what a killed writer leaves behind (Qt-free, torch only on demand).

- ``RunLock``: ``<run>/run.lock`` held with an operating-system lock (``fcntl.flock`` on POSIX,
  ``msvcrt.locking`` on Windows) for as long as a process trains, resumes or scores the run. The
  system drops the lock when the process ends however it ends (SIGKILL included), so a lock file
  left by a dead process is simply taken over; a live holder makes a second writer fail at once
  with a ``CheckpointError`` naming its pid. The file holds the holder's pid and host, for the
  message, and is removed on release. ``being_written(folder)`` tells a reader (a list of runs)
  whether a live process holds it.
- ``clean_stale_tmp``: the ``.<name>.<random>.tmp`` files of ``fileio.atomic_write_bytes`` that a
  kill in the middle of a write left; removed when the next writer takes the lock.
- ``meta_on_disk``/``step_on_disk``/``sync_with_disk``: what a checkpoint file really holds, read
  from its header, for a run cut short in the middle of a save (the summary names those steps,
  not the ones the trainer meant to write).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
from pathlib import Path
from typing import Any

from workbench.core.errors import CheckpointError

LOCK_NAME = "run.lock"
_TMP_FOLDERS = (".", "checkpoints", "attention")

try:  # POSIX
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]
try:  # Windows
    import msvcrt
except ImportError:
    msvcrt = None  # type: ignore[assignment]

_WINDOWS_LOCK_OFFSET = 4096  # msvcrt locks a byte range; one past the pid text, so it stays readable


def _try_lock(fd: int) -> bool:
    """Take the operating system's exclusive lock on ``fd`` without waiting; False when held."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        elif msvcrt is not None:  # pragma: no cover - Windows
            os.lseek(fd, _WINDOWS_LOCK_OFFSET, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
    except OSError:
        return False
    return True


def _try_lock_again(fd: int, tries: int = 5, pause_s: float = 0.01) -> bool:
    """A few more tries: ``being_written`` (a list of runs rescanning) holds the lock for
    microseconds, which must not pass for another writer."""
    for _ in range(tries):
        time.sleep(pause_s)
        if _try_lock(fd):
            return True
    return False


def _holder(path: Path) -> str:
    """Who holds the lock, in words ("pid 123 on host"), from the lock file."""
    try:
        info = json.loads(path.read_text(encoding="utf-8")[:1000])
        pid, host = int(info["pid"]), str(info.get("host", ""))[:60]
    except (OSError, ValueError, KeyError, TypeError):
        return "another process"
    here = host in ("", socket.gethostname())
    return f"another Workbench process (pid {pid}{'' if here else ' on ' + host})"


def _same_file(fd: int, path: Path) -> bool:
    try:
        mine, now = os.fstat(fd), os.stat(path)
    except OSError:
        return False
    return (mine.st_dev, mine.st_ino) == (now.st_dev, now.st_ino)


class RunLock:
    """The one-writer lock of a run folder; see the module docstring."""

    def __init__(self, folder: Path) -> None:
        self.folder = Path(folder)
        self.path = self.folder / LOCK_NAME
        self._fd: int | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, or raise CheckpointError when a live process holds it."""
        if self._fd is not None:
            return
        for _ in range(20):  # each retry follows a holder that released (and removed the file) meanwhile
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            except OSError as exc:
                raise CheckpointError(f"{self.folder} cannot be written: {exc.strerror or exc}",
                                      hint="Check that the folder exists and is writable.") from None
            if not _try_lock(fd) and not _try_lock_again(fd):
                os.close(fd)
                raise CheckpointError(
                    f"{self.folder} is in use: {_holder(self.path)} is training or resuming this run",
                    hint="Wait for it to end, or stop it, then try again.")
            if _same_file(fd, self.path):
                self._fd = fd
                self._write_holder(fd)
                return
            os.close(fd)  # the file was replaced while we locked it: lock the new one
        raise CheckpointError(f"{self.folder}: could not take the run's lock ({LOCK_NAME} keeps changing)")

    @staticmethod
    def _write_holder(fd: int) -> None:
        text = json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode("utf-8")
        with contextlib.suppress(OSError):  # the pid is only for the message; the lock is what counts
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, text)

    def release(self) -> None:
        """Drop the lock and remove the file (a no-op when not held)."""
        fd, self._fd = self._fd, None
        if fd is None:
            return
        if msvcrt is None:  # POSIX: remove while still holding, so no one locks a file about to vanish
            with contextlib.suppress(OSError):
                os.unlink(self.path)
            os.close(fd)
            return
        os.close(fd)  # pragma: no cover - Windows cannot remove an open file
        with contextlib.suppress(OSError):
            os.unlink(self.path)

    def __del__(self) -> None:
        # Closing the descriptor is what releases the lock; an abandoned object must not keep it.
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)


def being_written(folder: Path) -> bool:
    """Whether a live process holds the run folder's lock (is training, resuming or scoring it)."""
    try:
        fd = os.open(Path(folder) / LOCK_NAME, os.O_RDWR)
    except OSError:
        return False  # no lock file: no writer
    try:
        return not _try_lock(fd)  # taken and dropped at once when no one holds it
    finally:
        os.close(fd)


def clean_stale_tmp(folder: Path) -> list[Path]:
    """Remove the temporary files an interrupted atomic write left in a run folder; returns them."""
    removed = []
    for sub in _TMP_FOLDERS:
        place = Path(folder) / sub
        if not place.is_dir():
            continue
        for path in place.glob(".*.tmp"):
            with contextlib.suppress(OSError):
                if path.is_file() and not path.is_symlink():
                    path.unlink()
                    removed.append(path)
    return removed


def meta_on_disk(path: Path) -> dict[str, Any] | None:
    """The metadata of the checkpoint at ``path``; None when there is none or it is unreadable."""
    from workbench.core.checkpoint import read_meta  # torch: only when a run needs it

    if not Path(path).is_file():
        return None
    try:
        return read_meta(path)
    except CheckpointError:
        return None


def step_on_disk(path: Path) -> int | None:
    """The step of the checkpoint at ``path``; None when there is none or it is unreadable."""
    meta = meta_on_disk(path)
    return int(meta.get("step", 0)) if meta is not None else None


def sync_with_disk(trainer: Any) -> None:
    """A run cut short, perhaps in the middle of a save: set the trainer's saved, best step and
    best value from the checkpoints on disk, so its summary and message name what the folder holds."""
    if trainer.run_dir is None:
        return
    trainer.saved_step = step_on_disk(trainer.run_dir.latest)
    best = meta_on_disk(trainer.run_dir.best)
    trainer.best_step = int(best["step"]) if best else 0
    trainer.best_value = best.get("best_value") if best else None
