"""Training beside the window, and the GUI-thread controller the window talks to.

A run trains in a child process (``core.train_child``: the window's start-up switches it on) or on
a worker thread (the CLI's way; the tests', and a frozen app's). Either way the trainer's typed
events (``core.events``) go through a ``core.relay.EventRelay``: training points and evaluations
in batches, at most ``EMIT_HZ`` times a second (an evaluation flushes at once), each batch with a
``Progress``; health warnings at once, after the points that showed them. The worker turns them
into its signals: ``TrainingWorker`` on its QThread (wiring as superqt's: moved to the thread,
``started`` runs it, ``finished`` quits it), ``ChildWorker`` on the thread that reads the child's
pipe. The training loop runs no Qt event loop, so stop/pause are a core CancelToken (a
threading.Event) or, for a child, commands down its pipe, not queued slots. The controller, living
on the GUI thread, re-emits everything, so widgets and tests only ever connect to GUI-thread
signals. Attention snapshots go through a one-slot mailbox: the newest replaces any the GUI has
not taken yet, and at most one signal is ever queued, so a busy GUI only skips snapshots and never
lags.
"""

from __future__ import annotations

import threading
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
    RunStarted,
    RunState,
    TrainPoint,
)
from workbench.core.live_edit import ConfigChange
from workbench.core.relay import EMIT_HZ
from workbench.core.train_child import ProbeMirror, TrainingProcess, children_on

if TYPE_CHECKING:
    from workbench.core.snapshots import Snapshot

__all__ = ["EMIT_HZ", "ChildWorker", "TrainingController", "TrainingWorker"]


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
        self.cancel: Any = CancelToken()
        self.mailbox = _Mailbox(self.sig_snapshot.emit)
        self.callbacks = list(callbacks)

    def send(self, kind: str, *args: Any) -> None:
        """A relayed event (``core.relay``): snapshots to the mailbox, the rest as the signal of its kind."""
        if kind == "snapshot":
            self.mailbox.put(args[0])
        else:
            getattr(self, f"sig_{kind}").emit(*args)

    @Slot()
    def run(self) -> None:
        """Prepare, train, report; every exception becomes ``sig_failed`` (the app never dies)."""
        from workbench.core.relay import EventRelay, failure_message, run_training

        try:
            from workbench.ui.shell.scheduling import configure_training_threads

            configure_training_threads(self.cfg.train.num_threads)
            kind, result = run_training(self.cfg, self.out_root, EventRelay(self.send), self.cancel,
                                        source=self.source, resume_dir=self.resume_dir,
                                        overrides=self.overrides, callbacks=self.callbacks)
        except Exception as exc:  # noqa: BLE001 - shown to the user as a dialog
            kind, result = "failed", (failure_message(exc), None)
        try:
            if kind == "ended":
                self.sig_ended.emit(result)
            else:
                self.sig_failed.emit(*result)
        finally:
            self.sig_done.emit()


class _ChildCommands:
    """A run in a child process obeys the same stop, pause and change calls as a ``CancelToken``."""

    def __init__(self, process: TrainingProcess) -> None:
        self.process = process
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True
        self.process.send("stop")

    def pause(self) -> None:
        self.process.send("pause")

    def resume(self) -> None:
        self.process.send("resume")

    def request_changes(self, values: dict[str, Any]) -> None:
        self.process.send("changes", dict(values))


class ChildWorker(TrainingWorker):
    """One run in a child process (``core.train_child``), with a ``TrainingWorker``'s signals, emitted
    from the thread that reads the child's messages (so they are queued to the GUI thread)."""

    def __init__(self, cfg: RunConfig, out_root: str, probe: ProbeMirror | None,
                 resume_dir: str | None = None, overrides: Sequence[str] = ()) -> None:
        super().__init__(cfg, out_root, resume_dir=resume_dir, overrides=overrides)
        from workbench.core.train_child import TrainingProcess

        self.probe = probe
        job = {"cfg": cfg, "out_root": out_root, "resume_dir": resume_dir, "overrides": list(overrides),
               "probe": probe.settings if probe is not None else None,
               "copy_folder": probe.folder if probe is not None else ""}
        self.process = TrainingProcess(job, self._on_message)
        self.cancel = _ChildCommands(self.process)

    def start(self) -> None:
        """Start the child (returns at once)."""
        self.process.start()

    def _on_message(self, message: tuple[Any, ...]) -> None:
        kind = message[0]
        if kind in ("probe", "probe_error", "copy"):
            if self.probe is not None:
                self.probe.on_message(message)
        elif kind == "exit":
            self.sig_done.emit()
        else:
            self.send(kind, *message[1:])


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
        self._thread: QThread | None = None  # None for a run in a child process
        self._worker: TrainingWorker | None = None
        self.state = RunState.IDLE
        self.run_dir = ""

    # --- commands -----------------------------------------------------------------------
    def new_probe(self) -> Any:
        """The attention probe for the next run: a ``core.probe.AttentionProbe`` on a thread, a
        ``core.train_child.ProbeMirror`` for a run in a child process (the window's way)."""
        if children_on():
            return ProbeMirror()
        from workbench.core.probe import AttentionProbe

        return AttentionProbe()

    def start(self, cfg: RunConfig, out_root: str, source: Any = None, resume_dir: str | None = None,
              extra_callbacks: Sequence[Callback] = (), probe: Any = None,
              overrides: Sequence[str] = ()) -> None:
        """Start a run (refused while one is running): in a child process when ``probe`` is a
        ``ProbeMirror`` (``new_probe``), or with no probe and no callbacks where runs train in
        children; else on a fresh worker thread.

        ``source`` is the loaded data file (``core.data.loading``) when the caller holds it
        already; None reads ``cfg.data.path`` (a child always reads it). ``probe`` joins the
        callbacks; its snapshots come out as ``sig_snapshot``, newest only.
        """
        if self.is_busy():
            raise RuntimeError("a run is already in progress")
        in_child = isinstance(probe, ProbeMirror) or (probe is None and not extra_callbacks and children_on())
        if in_child and extra_callbacks:
            raise ValueError("a run in a child process takes no callbacks of this process")
        worker: TrainingWorker
        thread: QThread | None = None
        if in_child:
            worker = ChildWorker(cfg, out_root, probe, resume_dir=resume_dir, overrides=overrides)
        else:
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
        if thread is not None:
            worker.sig_done.connect(thread.quit)
            # No worker.deleteLater on finished: Python owns the worker, and the finishing thread's
            # deferred delete raced _cleanup dropping the last reference on the GUI thread (a double
            # delete: "shared QObject was deleted directly", then a crash, seen with two runs at once).
            # The worker goes with its last reference, on the GUI thread, after its thread finished.
            thread.finished.connect(self._on_thread_finished)
        else:
            worker.sig_done.connect(self._on_thread_finished)  # queued: after the run's last signals
        self._thread, self._worker = thread, worker
        self.run_dir = ""
        self._set_state(RunState.PREPARING)
        if isinstance(worker, ChildWorker):
            worker.start()
        elif thread is not None:
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
        """Stop and wait for the run (used when the window closes); True if it ended. A child still
        running after ``timeout_ms`` is killed (its checkpoints on disk stay)."""
        worker = self._worker
        if worker is None:
            return True
        worker.cancel.cancel()
        if isinstance(worker, ChildWorker):
            ended = worker.process.wait(timeout_ms / 1000)
            if not ended:
                worker.process.kill()
                worker.process.wait(5.0)
            self._cleanup()
            return ended
        thread = self._thread
        assert thread is not None
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
        """True from start until the run's thread or process has finished."""
        return self._worker is not None

    def in_child(self) -> bool:
        """Whether the run under way trains in a child process."""
        return isinstance(self._worker, ChildWorker)

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
        if self._worker is None:
            return
        thread = self._thread
        self._thread, self._worker = None, None
        if thread is not None:
            thread.deleteLater()
        self._set_state(RunState.IDLE)

    def _set_state(self, state: RunState) -> None:
        if state != self.state:
            self.state = state
            self.sig_state.emit(state)
