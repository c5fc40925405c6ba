"""Training on a worker thread, and the GUI-thread controller the window talks to.

Wiring follows superqt: the worker is moved to a QThread, ``started`` runs it, ``finished`` quits
the thread. The training loop runs no Qt event loop, so stop/pause are a core CancelToken (a
threading.Event), not queued slots. The bridge, a callback on the training thread, receives the
trainer's typed events (``core.events``) and passes them on unchanged: training points and
evaluations in batches, at most ``EMIT_HZ`` times a second (an evaluation flushes at once), each
batch with a ``Progress``. Health warnings are rare and go out at once, after the points that
showed them. The controller, living on the GUI thread, re-emits everything, so
widgets and tests only ever connect to GUI-thread signals. Attention snapshots go through a
one-slot mailbox: the newest replaces any the GUI has not taken yet, and at most one signal is
ever queued, so a busy GUI only skips snapshots and never lags.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QThread, Signal, Slot

from workbench.core.callbacks import Callback, CancelToken
from workbench.core.config import RunConfig
from workbench.core.events import (
    Baseline,
    EvalPoint,
    HealthWarning,
    Progress,
    RunEnded,
    RunEvent,
    RunStarted,
    RunState,
    TrainPoint,
)
from workbench.core.live_edit import ConfigChange

if TYPE_CHECKING:
    from workbench.core.snapshots import Snapshot
    from workbench.core.trainer import Trainer

EMIT_HZ = 10.0


class _Mailbox:
    """Holds the newest attention snapshot until the GUI takes it; an unread older one is dropped."""

    def __init__(self, notify: Callable[[], None]) -> None:
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


class _Bridge(Callback):
    """The worker's callback on the training thread: events in, worker signals out, throttled."""

    def __init__(self, worker: TrainingWorker, mailbox: _Mailbox) -> None:
        self.worker = worker
        self.mailbox = mailbox
        self.lock = threading.Lock()
        self.points: list[TrainPoint | EvalPoint] = []
        self.last_flush = 0.0
        self.ended: RunEnded | None = None  # the run's end, once published

    def on_event(self, trainer: Trainer, event: RunEvent) -> None:
        """Forward ``event``: points batched, snapshots to the mailbox, the rest at once."""
        if isinstance(event, (TrainPoint, EvalPoint)):
            with self.lock:
                self.points.append(event)
            if isinstance(event, EvalPoint):
                self.flush(trainer)  # an evaluation is rare and worth seeing at once
        elif isinstance(event, RunStarted):
            self.worker.sig_run_config.emit(copy.deepcopy(trainer.cfg))  # what a pause may change
            self.worker.sig_started.emit(event)
        elif isinstance(event, ConfigChange):  # settings changed while paused (core.live_edit)
            self.flush(trainer)
            self.worker.sig_run_config.emit(copy.deepcopy(trainer.cfg))
            self.worker.sig_config_change.emit(event)
        elif isinstance(event, RunEnded):
            self.ended = event  # sent by the worker once fit() has returned or raised
        elif isinstance(event, HealthWarning):
            self.flush(trainer)  # the points that showed it arrive first, as the trainer published them
            self.worker.sig_health.emit(event)
        elif isinstance(event, Baseline):
            self.worker.sig_baseline.emit(event)  # once a run: at once
        else:
            self.mailbox.put(event)

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        """Flush at most ``EMIT_HZ`` times a second."""
        if time.perf_counter() - self.last_flush >= 1.0 / EMIT_HZ:
            self.flush(trainer)

    def flush(self, trainer: Trainer) -> None:
        """Send the points gathered so far with the run's progress (one signal)."""
        with self.lock:
            batch, self.points = self.points, []
        self.last_flush = time.perf_counter()
        done, elapsed = trainer.step, trainer.elapsed
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (trainer.total_steps - done) / rate if rate > 0 else None
        progress = Progress(step=done, total_steps=trainer.total_steps, elapsed=elapsed, steps_per_s=rate,
                            eta_s=eta, epoch=trainer.epoch)
        self.worker.sig_batch.emit(batch, progress)


class TrainingWorker(QObject):
    """Runs one training run on its own thread; talks only through signals."""

    sig_started = Signal(object)        # RunStarted
    sig_batch = Signal(object, object)  # list[TrainPoint | EvalPoint], Progress
    sig_snapshot = Signal()             # a snapshot is waiting in the mailbox
    sig_health = Signal(object)         # HealthWarning
    sig_baseline = Signal(object)       # Baseline
    sig_run_config = Signal(object)     # RunConfig: the run's settings, at its start and after a change
    sig_config_change = Signal(object)  # ConfigChange
    sig_ended = Signal(object)          # RunEnded
    sig_failed = Signal(str, object)    # message, RunEnded or None
    sig_done = Signal()

    def __init__(self, cfg: RunConfig, out_root: str, source: Any = None, resume_dir: str | None = None,
                 callbacks: Sequence[Callback] = (), overrides: Sequence[str] = ()) -> None:
        super().__init__()
        self.overrides = list(overrides)  # a continued run's changes (core.continuation)
        self.cfg = cfg
        self.out_root = out_root
        self.source = source
        self.resume_dir = resume_dir
        self.cancel = CancelToken()
        self.mailbox = _Mailbox(self.sig_snapshot.emit)
        self.callbacks = list(callbacks)

    @Slot()
    def run(self) -> None:
        """Prepare, train, report; every exception becomes ``sig_failed`` (the app never dies)."""
        bridge = _Bridge(self, self.mailbox)
        callbacks = [bridge, *self.callbacks]
        # A local, never an attribute: the model is let go of as soon as this returns, rather than
        # when the worker is deleted (a GPU that just ran out of memory needs it for the next run).
        trainer: Trainer | None = None
        try:
            from workbench.core.pipeline import resume_run, start_run
            from workbench.ui.shell.scheduling import configure_training_threads

            configure_training_threads(self.cfg.train.num_threads)
            if self.resume_dir:
                trainer = resume_run(self.resume_dir, callbacks=callbacks, cancel=self.cancel,
                                     overrides=self.overrides)
            else:
                trainer = start_run(self.cfg, self.out_root, source=self.source, callbacks=callbacks,
                                    cancel=self.cancel)
            if self.cancel.cancelled:
                self.sig_failed.emit("stopped before training began", None)
                return
            summary = trainer.fit()
            bridge.flush(trainer)
            self.sig_ended.emit(bridge.ended or RunEnded(summary))
        except Exception as exc:  # noqa: BLE001 - shown to the user as a dialog
            if trainer is not None:
                bridge.flush(trainer)
            self.sig_failed.emit(_message(exc), bridge.ended)
        finally:
            self.sig_done.emit()


def _message(exc: BaseException) -> str:
    from workbench.core.errors import WorkbenchError
    from workbench.core.outcome import explain_failure

    if isinstance(exc, WorkbenchError):
        return str(exc)
    return explain_failure(exc)


class TrainingController(QObject):
    """GUI-thread owner of the worker thread: start, pause, resume, stop, shut down.

    Its signals carry the run's events unchanged, in the order the trainer published them.
    """

    sig_started = Signal(object)     # RunStarted
    sig_points = Signal(object)      # list[TrainPoint | EvalPoint]
    sig_progress = Signal(object)    # Progress
    sig_snapshot = Signal(object)    # the newest attention snapshot (core.snapshots.Snapshot)
    sig_health = Signal(object)      # HealthWarning: the run is going wrong, and what to do
    sig_baseline = Signal(object)    # Baseline: the simple reference model's scores (core.baseline)
    sig_run_config = Signal(object)  # RunConfig: the running run's settings (at its start, after a change)
    sig_config_change = Signal(object)  # ConfigChange: settings changed while paused took effect
    sig_ended = Signal(object)       # RunEnded: completed, stopped or stopped early
    sig_failed = Signal(str, object)  # plain-language message; RunEnded, or None when training never began
    sig_state = Signal(object)       # RunState

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._worker: TrainingWorker | None = None
        self.state = RunState.IDLE
        self.run_dir = ""

    # --- commands -----------------------------------------------------------------------
    def start(self, cfg: RunConfig, out_root: str, source: Any = None, resume_dir: str | None = None,
              extra_callbacks: Sequence[Callback] = (), probe: Callback | None = None,
              overrides: Sequence[str] = ()) -> None:
        """Start a run on a fresh worker thread (refused while one is running).

        ``source`` is the loaded data file (``core.data.loading``) when the caller holds it
        already; None reads ``cfg.data.path``. ``probe`` (a ``core.probe.AttentionProbe``) joins
        the callbacks; its snapshots come out as ``sig_snapshot``, newest only.
        """
        if self.is_busy():
            raise RuntimeError("a run is already in progress")
        thread = QThread()
        thread.setObjectName("workbench-training")
        callbacks = [*extra_callbacks, *([probe] if probe is not None else [])]
        worker = TrainingWorker(cfg, out_root, source=source, resume_dir=resume_dir, callbacks=callbacks,
                                overrides=overrides)
        worker.moveToThread(thread)
        thread.started.connect(worker.run)
        worker.sig_started.connect(self._on_worker_started)
        worker.sig_batch.connect(self._on_worker_batch)
        worker.sig_snapshot.connect(self._on_worker_snapshot)
        worker.sig_health.connect(self._on_worker_health)
        worker.sig_baseline.connect(self._on_worker_baseline)
        worker.sig_run_config.connect(self._on_worker_run_config)
        worker.sig_config_change.connect(self._on_worker_config_change)
        worker.sig_ended.connect(self._on_worker_ended)
        worker.sig_failed.connect(self._on_worker_failed)
        worker.sig_done.connect(thread.quit)
        # No worker.deleteLater on finished: Python owns the worker, and the finishing thread's
        # deferred delete raced _cleanup dropping the last reference on the GUI thread (a double
        # delete: "shared QObject was deleted directly", then a crash, seen with two runs at once).
        # The worker goes with its last reference, on the GUI thread, after its thread finished.
        thread.finished.connect(self._on_thread_finished)
        self._thread, self._worker = thread, worker
        self.run_dir = ""
        self._set_state(RunState.PREPARING)
        thread.start()

    def pause(self) -> None:
        """Hold training before its next step."""
        if self._worker is not None and self.state == RunState.RUNNING:
            self._worker.cancel.pause()
            self._set_state(RunState.PAUSED)

    def resume(self) -> None:
        """Continue a paused run."""
        if self._worker is not None and self.state == RunState.PAUSED:
            self._worker.cancel.resume()
            self._set_state(RunState.RUNNING)

    def request_changes(self, values: dict[str, Any]) -> None:
        """While paused: settings the run takes when it resumes (``core.live_edit``), e.g.
        ``{"optim.lr": 0.0005}``; replaces those asked for before. Ignored unless paused."""
        if self._worker is not None and self.state == RunState.PAUSED:
            self._worker.cancel.request_changes(values)

    def stop(self) -> None:
        """Ask the run to stop after the current step; it keeps its latest checkpoint."""
        if self._worker is not None and self.state.active:
            self._worker.cancel.cancel()
            self._set_state(RunState.STOPPING)

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

    # --- worker signals (delivered on the GUI thread) -------------------------------------
    @Slot(object)
    def _on_worker_started(self, started: RunStarted) -> None:
        self.run_dir = started.run_dir
        if self.state == RunState.PREPARING:
            self._set_state(RunState.RUNNING)
        self.sig_started.emit(started)

    @Slot(object, object)
    def _on_worker_batch(self, points: list[TrainPoint | EvalPoint], progress: Progress) -> None:
        if points:
            self.sig_points.emit(points)
        self.sig_progress.emit(progress)

    @Slot()
    def _on_worker_snapshot(self) -> None:
        snapshot: Snapshot | None = self._worker.mailbox.take() if self._worker is not None else None
        if snapshot is not None:
            self.sig_snapshot.emit(snapshot)

    @Slot(object)
    def _on_worker_health(self, warning: HealthWarning) -> None:
        self.sig_health.emit(warning)

    @Slot(object)
    def _on_worker_baseline(self, baseline: Baseline) -> None:
        self.sig_baseline.emit(baseline)

    @Slot(object)
    def _on_worker_run_config(self, cfg: RunConfig) -> None:
        self.sig_run_config.emit(cfg)

    @Slot(object)
    def _on_worker_config_change(self, change: ConfigChange) -> None:
        self.sig_config_change.emit(change)

    @Slot(object)
    def _on_worker_ended(self, ended: RunEnded) -> None:
        self.sig_ended.emit(ended)

    @Slot(str, object)
    def _on_worker_failed(self, message: str, ended: RunEnded | None) -> None:
        self.sig_failed.emit(message, ended)

    @Slot()
    def _on_thread_finished(self) -> None:
        self._cleanup()

    def _cleanup(self) -> None:
        if self._thread is None:
            return
        thread = self._thread
        self._thread, self._worker = None, None
        thread.deleteLater()
        self._set_state(RunState.IDLE)

    def _set_state(self, state: RunState) -> None:
        if state != self.state:
            self.state = state
            self.sig_state.emit(state)
