"""Faults during a run, as the window's user meets them: Stop, an error in a step, divergence.

The runs are tiny (iris); where a test needs a step of known length, the training loss sleeps
first. Tests wait on the controller's GUI-thread signals or poll state, never on a worker signal.
"""

from __future__ import annotations

import re
import statistics
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import torch

from window_steps import open_example, start, tune
from workbench.core import checkpoint as ckpt
from workbench.core import tasks
from workbench.core.trainer import Trainer
from workbench.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("one_thread")


class Steps:
    """Wraps the training loss: notes when each step's forward begins, and can make a step slow
    or make one step raise. The worker thread calls it; the test thread reads ``starts``."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, sleep: float = 0.0,
                 fail_at: int = 0, error: Callable[[], BaseException] | None = None) -> None:
        self.starts: list[float] = []
        self.models: list[weakref.ref] = []
        self.lock = threading.Lock()
        real = tasks.TaskRunner.loss

        def loss(runner: tasks.TaskRunner, model: torch.nn.Module, batch: dict) -> torch.Tensor:
            with self.lock:
                self.starts.append(time.perf_counter())
                n = len(self.starts)
                if not self.models:
                    self.models.append(weakref.ref(model))
            if n == fail_at and error is not None:
                raise error()
            time.sleep(sleep)
            return real(runner, model, batch)

        monkeypatch.setattr(tasks.TaskRunner, "loss", loss)

    def count(self) -> int:
        with self.lock:
            return len(self.starts)


def dialog_text(dialogs: list[tuple[str, str]]) -> tuple[str, str]:
    """The one error dialog shown: its title and its text as the user reads it (markup removed)."""
    assert len(dialogs) == 1, dialogs
    return dialogs[0]


# --- Stop ---------------------------------------------------------------------------------------

STEP_S = 0.12


@pytest.mark.parametrize("into_step", [0.0, 0.6])
def test_stop_ends_the_run_within_one_step_plus_100_ms(into_step: float, window: MainWindow, qtbot: Any,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """From pressing Stop to the run having ended (the step in flight finished, the checkpoint
    saved, the summary evaluated and written): at most one step plus 100 ms. The window follows:
    the Results page shows the stopped run, then Train is enabled again (the thread has ended).
    Stop lands just after a step began (the worst case: a whole step to wait) or 60 % into one."""
    steps = Steps(monkeypatch, sleep=STEP_S)
    ended_at: list[float] = []
    finish = Trainer._finish

    def timed_finish(trainer: Trainer, summary: dict) -> None:
        finish(trainer, summary)
        ended_at.append(time.perf_counter())

    monkeypatch.setattr(Trainer, "_finish", timed_finish)
    open_example(window, qtbot, "iris")
    # Evaluations every 5 steps: by the Stop there is a best checkpoint other than the final weights,
    # so the summary evaluates both (the most work a Stop can leave).
    tune(window, train={"epochs": 1000, "eval_interval": 5})
    start(window, qtbot)
    qtbot.waitUntil(lambda: steps.count() >= 9, timeout=20000)  # step 9 has just begun
    began = steps.starts[-1]
    while time.perf_counter() < began + into_step * STEP_S:
        time.sleep(0.002)
    shown_at: list[float] = []
    idle_at: list[float] = []
    # Connected after the window's own slot, so this runs once the Results page shows the run.
    window.controller.sig_ended.connect(lambda _ended: shown_at.append(time.perf_counter()))
    window.controller.sig_state.connect(
        lambda s: idle_at.append(time.perf_counter()) if s == "idle" else None)
    pressed = time.perf_counter()
    window.action_map["stop"].trigger()
    assert window.train_page.state_label.text().startswith("Stopping")
    qtbot.waitUntil(lambda: bool(idle_at), timeout=10000)
    ended, shown, idle = ended_at[0] - pressed, shown_at[0] - pressed, idle_at[0] - pressed

    gaps = [b - a for a, b in zip(steps.starts, steps.starts[1:])]
    step = statistics.median(gaps)  # the sleep plus the real step (and its share of evaluations)
    print(f"\nStop {(pressed - began) * 1000:.0f} ms into a {step * 1000:.0f} ms step: run ended after "
          f"{ended * 1000:.0f} ms, results shown after {shown * 1000:.0f} ms, "
          f"idle after {idle * 1000:.0f} ms")
    assert STEP_S <= step < STEP_S + 0.15  # the step time is what the test set (give or take a busy CPU)
    assert ended <= step + 0.1  # the promise: within one step plus 100 ms
    # The window follows at once; the bound is loose so a busy shared machine does not fail it
    # (bench/bench_gui.py measures how fast the GUI settles after Stop).
    assert shown <= ended + 0.25 and idle <= shown + 0.25
    assert ended >= began + STEP_S - pressed  # it did wait for the step in flight
    assert all(t < pressed for t in steps.starts)  # and started no other
    summary = window.results_page.summary
    assert summary["status"] == "stopped" and summary["steps"] == steps.count() == 9
    assert summary["best_step"] == 5 and set(summary["best"]) == {"train", "val", "test"}
    assert window.results_page.title.text() == "Stopped by you"
    _, meta = ckpt.load_checkpoint(Path(window.controller.run_dir) / "checkpoints" / "latest.safetensors")
    assert meta["step"] == 9
    assert window.action_map["train"].isEnabled()


# --- an exception in the worker -----------------------------------------------------------------

@pytest.mark.parametrize(("error", "expected"), [
    (lambda: RuntimeError("mat1 and mat2 shapes cannot be multiplied"),
     ["RuntimeError: mat1 and mat2 shapes cannot be multiplied"]),
    (lambda: torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB "
                                    "(GPU 0; 139.8 GiB total)"),
     ["the GPU ran out of memory", "smaller batch size", "smaller model", "train on the CPU"]),
], ids=["error", "out_of_memory"])
def test_an_error_in_a_step_is_shown_and_the_next_run_works(error: Callable[[], BaseException],
                                                            expected: list[str],
                                                            window: MainWindow, qtbot: Any, dialogs: list,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    steps = Steps(monkeypatch, fail_at=5, error=error)
    open_example(window, qtbot, "iris")
    tune(window, train={"epochs": 3, "eval_interval": 3})
    with qtbot.waitSignal(window.controller.sig_failed, timeout=20000):
        start(window, qtbot)
    qtbot.waitUntil(lambda: window.state() == "idle", timeout=10000)
    title, text = dialog_text(dialogs)
    assert title == "Training failed"
    assert all(words in text for words in expected), text
    assert "Traceback" not in text
    # The model is let go of at once (a GPU that ran out of memory needs it back for the next run).
    assert steps.models[0]() is None

    # The Results page says what happened, instead of "Still running".
    results = window.results_page
    assert results.title.text() == "Training failed"
    assert results.message.text() == text
    assert results.facts.text().startswith("4 of 18 steps")
    assert "its last evaluation before it ended: step 3, validation set" in results.scores.text()
    assert "accuracy" in results.scores.text()
    assert results.metrics.rowCount() > 0

    # The app carries on: the same window trains again, to the end.
    assert window.action_map["train"].isEnabled()
    with qtbot.waitSignal(window.controller.sig_ended, timeout=30000):
        start(window, qtbot)
    qtbot.waitUntil(lambda: window.state() == "idle", timeout=10000)
    assert results.summary["status"] == "completed" and results.summary["steps"] == 18
    assert results.title.text() == "Training finished"
    assert len(dialogs) == 1


# --- divergence ---------------------------------------------------------------------------------

def test_a_diverging_run_says_what_to_try_and_keeps_the_last_good_checkpoint(window: MainWindow, qtbot: Any,
                                                                            dialogs: list) -> None:
    """A learning rate far too high for SGD with momentum and no clipping: the loss becomes NaN."""
    open_example(window, qtbot, "iris")
    tune(window, optim={"name": "sgd", "lr": 10.0, "momentum": 0.99, "grad_clip": 0.0},
         train={"epochs": 100, "checkpoint_interval": 1,
                "early_stopping_patience": 0})  # the example stops early; this run must go on to diverge
    with qtbot.waitSignal(window.controller.sig_failed, timeout=30000):
        start(window, qtbot)
    qtbot.waitUntil(lambda: window.state() == "idle", timeout=10000)
    title, text = dialog_text(dialogs)
    assert title == "Training failed"
    match = re.match(r"the loss became (nan|inf|-inf) at step (\d+)", text)
    assert match, text
    step = int(match[2])
    assert "diverged" in text and "lower learning rate (now 10)" in text and "gradient clipping" in text
    assert f"the checkpoint of step {step - 1:,} is kept" in text
    # Caught before the bad step was applied: the kept checkpoint is the step before, and it works.
    latest = Path(window.controller.run_dir) / "checkpoints" / "latest.safetensors"
    tensors, meta = ckpt.load_checkpoint(latest)
    assert meta["step"] == step - 1
    assert all(bool(torch.isfinite(v.float()).all()) for v in tensors.values())
    summary = window.results_page.summary
    assert summary["status"] == "failed" and summary["steps"] == step - 1
    assert window.results_page.message.text() == text
    assert window.action_map["train"].isEnabled()
