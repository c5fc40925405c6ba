"""Training on a worker thread, and the GUI-thread controller the window talks to.

Wiring follows superqt: the worker is moved to a QThread, ``started`` runs it, ``finished`` quits
the thread. The training loop runs no Qt event loop, so stop/pause are a core CancelToken (a
threading.Event), not queued slots. The worker batches metric records and sends them at most
``EMIT_HZ`` times a second; the controller (living on the GUI thread) re-emits them, so widgets and
tests only ever connect to GUI-thread signals. Attention snapshots from the probe go through a
one-slot mailbox: the newest replaces any the GUI has not taken yet, and at most one signal is
ever queued, so a busy GUI only skips snapshots (they stay in the probe's store) and never lags.
"""

from __future__ import annotations

import threading
import time
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from workbench.core.config import RunConfig
from workbench.core.trainer import Callback, CancelToken

EMIT_HZ = 10.0


class _Bridge(Callback):
    """Collects records on the training thread; flushes them to the worker's signal, throttled."""

    def __init__(self, worker: "TrainingWorker") -> None:
        self.worker = worker
        self.lock = threading.Lock()
        self.records: list[dict] = []
        self.last_flush = 0.0
        self.fit_start = 0.0

    def on_fit_start(self, trainer: Any) -> None:
        self.fit_start = time.perf_counter()
        self.worker.sig_started.emit({"total_steps": trainer.total_steps, "step": trainer.step,
                                      "device": str(trainer.device), "unit": trainer.runner.unit,
                                      "run_dir": str(trainer.run_dir.path) if trainer.run_dir else "",
                                      "task": trainer.data.spec.task, "watch": trainer.watch})

    def on_log(self, trainer: Any, record: dict) -> None:
        with self.lock:
            self.records.append(record)

    def on_eval_end(self, trainer: Any, record: dict) -> None:
        with self.lock:
            self.records.append(record)
        self.flush(trainer, force=True)

    def on_step_end(self, trainer: Any, step: int) -> None:
        now = time.perf_counter()
        if now - self.last_flush >= 1.0 / EMIT_HZ:
            self.flush(trainer)

    def flush(self, trainer: Any, force: bool = False) -> None:
        """Send what has accumulated plus a progress snapshot (one signal)."""
        now = time.perf_counter()
        with self.lock:
            batch, self.records = self.records, []
        self.last_flush = now
        done = trainer.step
        elapsed = trainer.elapsed
        rate = done / elapsed if elapsed > 0 else 0.0
        progress = {"step": done, "total_steps": trainer.total_steps, "elapsed": elapsed,
                    "steps_per_s": rate,
                    "eta_s": (trainer.total_steps - done) / rate if rate > 0 else None,
                    "epoch": trainer.epoch}
        self.worker.sig_batch.emit(batch, progress)


class _Mailbox:
    """Holds the newest attention snapshot until the GUI takes it; an unread older one is dropped."""

    def __init__(self, notify: Any) -> None:
        self._notify = notify
        self._lock = threading.Lock()
        self._item: Any = None

    def put(self, item: Any) -> None:
        """Training thread: leave ``item``; signal only if the GUI is not already due to look."""
        with self._lock:
            was_empty, self._item = self._item is None, item
        if was_empty:
            self._notify()

    def take(self) -> Any:
        """GUI thread: the newest item, or None."""
        with self._lock:
            item, self._item = self._item, None
        return item


class TrainingWorker(QObject):
    """Runs one training run on its own thread; talks only through signals."""

    sig_started = Signal(object)        # dict: total_steps, device, run_dir, ...
    sig_batch = Signal(object, object)  # list[record], progress dict
    sig_finished = Signal(object)       # summary dict
    sig_failed = Signal(str, object)    # message, summary dict or None
    sig_attention = Signal()            # a snapshot is waiting in the controller's mailbox
    sig_done = Signal()

    def __init__(self, cfg: RunConfig, out_root: str, data: Any = None, resume_dir: str | None = None,
                 extra_callbacks: list[Callback] | None = None) -> None:
        super().__init__()
        self.cfg = cfg
        self.out_root = out_root
        self.data = data
        self.resume_dir = resume_dir
        self.cancel = CancelToken()
        self.extra_callbacks = list(extra_callbacks or [])
        self.trainer: Any = None

    @Slot()
    def run(self) -> None:
        """Prepare, train, report; every exception becomes ``sig_failed`` (the app never dies)."""
        bridge = _Bridge(self)
        callbacks = [bridge, *self.extra_callbacks]
        try:
            from workbench.core.device import configure_threads
            from workbench.core.pipeline import resume_run, start_run

            configure_threads(self.cfg.train.num_threads, leave_one_free=True)
            if self.resume_dir:
                self.trainer = resume_run(self.resume_dir, callbacks=callbacks, cancel=self.cancel)
            else:
                self.trainer = start_run(self.cfg, self.out_root, data=self.data, callbacks=callbacks,
                                         cancel=self.cancel)
            if self.cancel.cancelled:
                self.sig_failed.emit("stopped before training began", None)
                return
            summary = self.trainer.fit()
            bridge.flush(self.trainer, force=True)
            self.sig_finished.emit(summary)
        except Exception as exc:  # noqa: BLE001 - shown to the user as a dialog
            summary = None
            if self.trainer is not None:
                bridge.flush(self.trainer, force=True)
                summary = self.trainer.summary  # what fit() wrote to summary.json, if it got that far
            self.sig_failed.emit(_message(exc), summary)
        finally:
            # Let go of the model now: the trainer and this worker refer to each other (through the
            # callbacks), so only the cyclic collector would free it, and a GPU that just ran out of
            # memory would still hold it when the next run starts.
            self.trainer = None
            self.sig_done.emit()


def _message(exc: BaseException) -> str:
    from workbench.core.errors import WorkbenchError
    from workbench.core.trainer import explain_failure

    if isinstance(exc, WorkbenchError):
        return str(exc)
    return explain_failure(exc)


class TrainingController(QObject):
    """GUI-thread owner of the worker thread: start, pause, resume, stop, shut down."""

    sig_started = Signal(object)
    sig_records = Signal(object)     # list[dict] of train/eval records
    sig_progress = Signal(object)    # dict: step, total_steps, steps_per_s, eta_s, ...
    sig_finished = Signal(object)    # summary
    sig_failed = Signal(str)         # plain-language message (``last_summary``: the run's summary, if any)
    sig_state = Signal(str)          # idle / preparing / running / paused / stopping
    sig_attention = Signal(object)   # the newest attention snapshot (core.snapshots.Snapshot)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self._mailbox: _Mailbox | None = None
        self.probe: Any = None
        self.state = "idle"
        self.last_summary: dict | None = None
        self.run_dir = ""

    # --- commands -----------------------------------------------------------------------
    def start(self, cfg: RunConfig, out_root: str, data: Any = None, resume_dir: str | None = None,
              extra_callbacks: list[Callback] | None = None, probe: Any = None) -> None:
        """Start a run on a fresh worker thread (refused while one is running).

        ``probe`` (a ``core.probe.AttentionProbe``) joins the callbacks, and its snapshots are
        re-emitted as ``sig_attention``, newest only.
        """
        if self.is_busy():
            raise RuntimeError("a run is already in progress")
        thread = QThread()
        thread.setObjectName("workbench-training")
        callbacks = list(extra_callbacks or [])
        worker = TrainingWorker(cfg, out_root, data=data, resume_dir=resume_dir,
                                extra_callbacks=callbacks + ([probe] if probe is not None else []))
        self.probe, self._mailbox = probe, None
        if probe is not None:
            self._mailbox = _Mailbox(worker.sig_attention.emit)
            probe.on_snapshot = self._mailbox.put
            worker.sig_attention.connect(self._on_worker_attention)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.sig_started.connect(self._on_worker_started)
        worker.sig_batch.connect(self._on_worker_batch)
        worker.sig_finished.connect(self._on_worker_finished)
        worker.sig_failed.connect(self._on_worker_failed)
        worker.sig_done.connect(thread.quit)
        thread.finished.connect(worker.deleteLater)
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        self.last_summary = None
        self._set_state("preparing")
        thread.start()

    def pause(self) -> None:
        """Hold training before its next step."""
        if self._worker is not None and self.state == "running":
            self._worker.cancel.pause()
            self._set_state("paused")

    def resume(self) -> None:
        """Continue a paused run."""
        if self._worker is not None and self.state == "paused":
            self._worker.cancel.resume()
            self._set_state("running")

    def stop(self) -> None:
        """Ask the run to stop after the current step; it keeps its latest checkpoint."""
        if self._worker is not None and self.state in ("preparing", "running", "paused"):
            self._worker.cancel.cancel()
            self._set_state("stopping")

    def shutdown(self, timeout_ms: int = 30000) -> bool:
        """Stop and wait for the thread (used when the window closes); True if it ended."""
        if self._thread is None:
            return True
        if self._worker is not None:
            self._worker.cancel.cancel()
        thread = self._thread
        # The worker's sig_done -> thread.quit is queued to this (GUI) thread, which is about to
        # block in wait(), so it would never arrive and wait() would time out. quit() is
        # thread-safe, and called before the thread's exec() starts it makes exec() return at once.
        thread.quit()
        ended = thread.wait(timeout_ms)
        if ended:
            self._cleanup()
        return ended

    # --- queries ------------------------------------------------------------------------
    def is_busy(self) -> bool:
        """True from start until the worker thread has finished."""
        return self._thread is not None

    @property
    def trainer(self) -> Any:
        """The live Trainer (for the attention probe and "try it"), or None."""
        return self._worker.trainer if self._worker is not None else None

    # --- worker signals (delivered on the GUI thread) -------------------------------------
    @Slot(object)
    def _on_worker_started(self, info: dict) -> None:
        self.run_dir = info.get("run_dir", "")
        if self.state == "preparing":
            self._set_state("running")
        self.sig_started.emit(info)

    @Slot(object, object)
    def _on_worker_batch(self, records: list, progress: dict) -> None:
        if records:
            self.sig_records.emit(records)
        self.sig_progress.emit(progress)

    @Slot()
    def _on_worker_attention(self) -> None:
        snapshot = self._mailbox.take() if self._mailbox is not None else None
        if snapshot is not None:
            self.sig_attention.emit(snapshot)

    @Slot(object)
    def _on_worker_finished(self, summary: dict) -> None:
        self.last_summary = summary
        self.sig_finished.emit(summary)

    @Slot(str, object)
    def _on_worker_failed(self, message: str, summary: object) -> None:
        self.last_summary = summary if isinstance(summary, dict) else None
        self.sig_failed.emit(message)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        if self._thread is None:
            return
        thread = self._thread
        self._thread, self._worker = None, None
        if self.probe is not None:
            self.probe.on_snapshot = None  # its worker's signal is about to be deleted
        thread.deleteLater()
        self._set_state("idle")

    def _set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.sig_state.emit(state)
