"""What a training run tells its listeners, and how they stop or pause it.

A :class:`Callback` hears every event the trainer publishes (``on_event``: the typed records of
``core.events`` and the probe's attention snapshots), plus the few lifecycle hooks that need the
live trainer at a precise moment. A :class:`CancelToken` carries stop and pause requests from any
thread to the loop, which checks it between steps (in the style of Orange's task state).
"""

from __future__ import annotations

import threading
import time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the trainer imports torch; this module stays light for the CLI and the window
    from workbench.core.events import RunEvent
    from workbench.core.trainer import Trainer


class Callback:
    """Trainer hooks; each is a no-op unless overridden. They run on the training thread.

    Events arrive in this order: ``RunStarted`` once, then ``TrainPoint``s, ``EvalPoint``s and
    attention ``Snapshot``s as they happen (and the ``Baseline`` once, when ready, at the latest
    just before the end), and ``RunEnded`` once, last, however the run ends. An exception raised
    in a hook before the end fails the run with its message.
    """

    def on_event(self, trainer: Trainer, event: RunEvent) -> None:
        """An event the trainer published (``trainer.publish``)."""

    def on_fit_start(self, trainer: Trainer) -> None:
        """Model, optimizer and data are ready (``RunStarted`` went out); no step has run yet."""

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        """An optimizer step finished (``trainer.step`` == ``step``). Keep it cheap."""

    def on_checkpoint(self, trainer: Trainer, path: str, best: bool) -> None:
        """A checkpoint was written (the file is complete)."""

    def on_fit_end(self, trainer: Trainer, summary: dict[str, Any]) -> None:
        """summary.json is written; ``RunEnded`` follows once every callback has returned."""


class CancelToken:
    """Thread-safe stop and pause flags, checked by the loop between steps."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self._running = threading.Event()
        self._running.set()
        self._lock = threading.Lock()
        self._changes: dict[str, Any] = {}

    def cancel(self) -> None:
        """Ask the loop to stop after the current step (also releases a pause)."""
        self._cancel.set()
        self._running.set()

    @property
    def cancelled(self) -> bool:
        """Whether a stop was asked for."""
        return self._cancel.is_set()

    def pause(self) -> None:
        """Hold the loop before its next step."""
        self._running.clear()

    def resume(self) -> None:
        """Let a paused loop continue."""
        self._running.set()

    @property
    def paused(self) -> bool:
        """Whether the loop is held."""
        return not self._running.is_set()

    def request_changes(self, values: dict[str, Any]) -> None:
        """Settings for the loop to take before its next step (``core.live_edit``), e.g.
        ``{"optim.lr": 0.0005}``; replaces any it has not taken yet."""
        with self._lock:
            self._changes = dict(values)

    def take_changes(self) -> dict[str, Any]:
        """The loop: the settings asked for since it last looked (empty when none)."""
        with self._lock:
            values, self._changes = self._changes, {}
        return values

    def wait_if_paused(self) -> float:
        """Block while paused; returns the seconds spent waiting."""
        if self._running.is_set():
            return 0.0
        start = time.perf_counter()
        while not self._running.wait(0.05):
            pass
        return time.perf_counter() - start
