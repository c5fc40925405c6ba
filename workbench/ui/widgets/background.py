"""Short background jobs (loading a file, an estimate, generating text) with results on the GUI thread.

A job is a plain function with no arguments, run on a small ``QThreadPool``. Its result or
exception is sent through a signal of ``Background``, a QObject living on the GUI thread, so
the callbacks always run there and may touch widgets. Jobs share a *key*; only the newest job of
a key reports back, so a result computed for settings that have since changed is dropped rather
than shown. Training is not a job: it has its own thread (see ``controller``).
"""

from __future__ import annotations

import contextlib
import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

# A pending job: its key, then the callbacks for its result and for its exception.
_Entry = tuple[str, Callable[[Any], None], Callable[[BaseException], None] | None]


class _Job(QRunnable):
    """Runs ``fn`` on a pool thread and emits its outcome through ``owner``'s signals."""

    def __init__(self, owner: Background, ticket: int, fn: Callable[[], Any]) -> None:
        super().__init__()
        self._owner = owner
        self._ticket = ticket
        self._fn = fn

    def run(self) -> None:
        """Call the function; an exception is reported, never raised into Qt."""
        try:
            result = self._fn()
        except Exception as exc:  # noqa: BLE001 - reported to the GUI as data
            if not _is_user_error(exc):
                log.error("background job failed:\n%s", traceback.format_exc())
            self._emit(self._owner.sig_job_failed, exc)
        else:
            self._emit(self._owner.sig_job_done, result)

    def _emit(self, signal: Any, payload: object) -> None:
        # The window (and its Background) is already gone: RuntimeError, or, while its C++ side is
        # being destroyed, a TypeError from the half-gone signal (its arguments are (int, object):
        # any payload fits). Seen once in the close-during-run trials.
        with contextlib.suppress(RuntimeError, TypeError):
            signal.emit(self._ticket, payload)


def _is_user_error(exc: BaseException) -> bool:
    from workbench.core.errors import WorkbenchError

    return isinstance(exc, WorkbenchError)


def error_text(exc: BaseException) -> str:
    """One plain-language line for ``exc``: the message of a WorkbenchError, else type and text."""
    from workbench.core.errors import bounded

    if _is_user_error(exc):
        return str(exc)  # already one bounded line
    return bounded(f"{type(exc).__name__}: {exc}")


class Background(QObject):
    """A thread pool whose job results are delivered to callbacks on the GUI thread."""

    sig_job_done = Signal(int, object)
    sig_job_failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(max_threads)
        self._next = 0
        self._latest: dict[str, int] = {}
        self._pending: dict[int, _Entry] = {}
        self.sig_job_done.connect(self._on_job_done)
        self.sig_job_failed.connect(self._on_job_failed)

    def submit(self, key: str, fn: Callable[[], Any], on_done: Callable[[Any], None],
               on_failed: Callable[[BaseException], None] | None = None, *, engine: bool = False) -> int:
        """Run ``fn`` in the background; ``on_done(result)`` or ``on_failed(exc)`` follow on this thread.

        A newer job with the same ``key`` makes this one's outcome be dropped. ``engine``: ``fn``
        uses torch, so the engine is imported first, never by two jobs at once (``core.engine``).
        """
        self._next += 1
        ticket = self._next
        self._latest[key] = ticket
        self._pending[ticket] = (key, on_done, on_failed)
        self._pool.start(_Job(self, ticket, _after_engine(fn) if engine else fn))
        return ticket

    def is_busy(self, key: str | None = None) -> bool:
        """Whether a job (of ``key``, or any) has not reported yet."""
        return any(key is None or k == key for k, _d, _f in self._pending.values())

    def shutdown(self, timeout_ms: int = 10000) -> bool:
        """Drop queued jobs and wait for running ones (the window is closing)."""
        self._pool.clear()
        self._pending.clear()
        return self._pool.waitForDone(timeout_ms)

    @Slot(int, object)
    def _on_job_done(self, ticket: int, result: object) -> None:
        entry = self._take(ticket)
        if entry is not None:
            entry[1](result)

    @Slot(int, object)
    def _on_job_failed(self, ticket: int, exc: BaseException) -> None:
        entry = self._take(ticket)
        if entry is not None and entry[2] is not None:
            entry[2](exc)

    def _take(self, ticket: int) -> _Entry | None:
        entry = self._pending.pop(ticket, None)
        if entry is None or self._latest.get(entry[0]) != ticket:
            return None
        return entry


def _after_engine(fn: Callable[[], Any]) -> Callable[[], Any]:
    def job() -> Any:
        from workbench.core import engine

        engine.load()
        return fn()

    return job
