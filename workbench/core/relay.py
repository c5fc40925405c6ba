"""A run's events, passed on to whoever shows them: throttled, in the order the trainer published them.

The window shows a run that trains on a thread of its own process or in a child process
(``core.train_child``); either way the same ``EventRelay`` sits among the trainer's callbacks
and hands each event to ``send(kind, *args)``, which the thread turns into Qt signals and the
child into messages on its pipe. The kinds:

- ``"started"`` (RunStarted), after ``"run_config"`` (a copy of the run's RunConfig: what a pause
  may change);
- ``"batch"`` (a list of TrainPoint/EvalPoint, Progress): points gathered, sent at most
  ``EMIT_HZ`` times a second; an evaluation goes out at once;
- ``"health"`` (HealthWarning), after the points that showed it;
- ``"baseline"`` (Baseline), once a run;
- ``"config_change"`` (ConfigChange), after ``"run_config"`` with the changed settings;
- ``"snapshot"`` (an attention snapshot, ``core.snapshots.Snapshot``).

The run's end (RunEnded) is kept in ``ended``, for the runner to send once ``fit()`` returned.
"""

from __future__ import annotations

import copy
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from workbench.core.callbacks import Callback
from workbench.core.events import (
    Baseline,
    EvalPoint,
    HealthWarning,
    Progress,
    RunEnded,
    RunEvent,
    RunStarted,
    TrainPoint,
)
from workbench.core.live_edit import ConfigChange

if TYPE_CHECKING:
    from workbench.core.trainer import Trainer

EMIT_HZ = 10.0

Send = Callable[..., None]


class EventRelay(Callback):
    """The trainer's events to ``send(kind, *args)`` (see the module docstring), on the training thread."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.lock = threading.Lock()
        self.points: list[TrainPoint | EvalPoint] = []
        self.last_flush = 0.0
        self.ended: RunEnded | None = None  # the run's end, once published

    def on_event(self, trainer: Trainer, event: RunEvent) -> None:
        """Pass ``event`` on: points batched, the rest at once."""
        if isinstance(event, (TrainPoint, EvalPoint)):
            with self.lock:
                self.points.append(event)
            if isinstance(event, EvalPoint):
                self.flush(trainer)  # an evaluation is rare and worth seeing at once
        elif isinstance(event, RunStarted):
            self.send("run_config", copy.deepcopy(trainer.cfg))
            self.send("started", event)
        elif isinstance(event, ConfigChange):  # settings changed while paused (core.live_edit)
            self.flush(trainer)
            self.send("run_config", copy.deepcopy(trainer.cfg))
            self.send("config_change", event)
        elif isinstance(event, RunEnded):
            self.ended = event  # sent by the runner once fit() has returned or raised
        elif isinstance(event, HealthWarning):
            self.flush(trainer)  # the points that showed it arrive first, as the trainer published them
            self.send("health", event)
        elif isinstance(event, Baseline):
            self.send("baseline", event)
        else:
            self.send("snapshot", event)

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        """Flush at most ``EMIT_HZ`` times a second."""
        if time.perf_counter() - self.last_flush >= 1.0 / EMIT_HZ:
            self.flush(trainer)

    def flush(self, trainer: Trainer) -> None:
        """Send the points gathered so far with the run's progress (one message)."""
        with self.lock:
            batch, self.points = self.points, []
        self.last_flush = time.perf_counter()
        done, elapsed = trainer.step, trainer.elapsed
        rate = done / elapsed if elapsed > 0 else 0.0
        eta = (trainer.total_steps - done) / rate if rate > 0 else None
        progress = Progress(step=done, total_steps=trainer.total_steps, elapsed=elapsed, steps_per_s=rate,
                            eta_s=eta, epoch=trainer.epoch)
        self.send("batch", batch, progress)


def failure_message(exc: BaseException) -> str:
    """What a failed run says to its user: a WorkbenchError's own words, else a plain explanation."""
    from workbench.core.errors import WorkbenchError
    from workbench.core.outcome import explain_failure

    if isinstance(exc, WorkbenchError):
        return str(exc)
    return explain_failure(exc)


def run_training(cfg: Any, out_root: str, relay: EventRelay, cancel: Any, *, source: Any = None,
                 resume_dir: str | None = None, overrides: Any = (), callbacks: Any = (),
                 leading: Any = ()) -> tuple[str, Any]:
    """Prepare and train one run with ``relay`` among its callbacks (after ``leading``, before
    ``callbacks``); never raises.

    Returns ("ended", RunEnded) or ("failed", (message, RunEnded or None)); the last points are
    flushed before it returns.
    """
    trainer: Trainer | None = None
    try:
        from workbench.core.pipeline import resume_run, start_run

        every = [*leading, relay, *callbacks]
        if resume_dir:
            trainer = resume_run(resume_dir, callbacks=every, cancel=cancel, overrides=overrides)
        else:
            trainer = start_run(cfg, out_root, source=source, callbacks=every, cancel=cancel)
        if cancel.cancelled:
            return "failed", ("stopped before training began", None)
        summary = trainer.fit()
        relay.flush(trainer)
        return "ended", relay.ended or RunEnded(summary)
    except Exception as exc:  # noqa: BLE001 - shown to the user as a dialog
        if trainer is not None:
            relay.flush(trainer)
        return "failed", (failure_message(exc), relay.ended)

