"""Endurance: 20,000 training steps with the window open, live curves and the attention probe on.

A tiny FT-Transformer on iris keeps 20,000 real trainer steps within about a minute. While it
trains, the window switches between the Train page (the curves) and the attention tab every
couple of seconds, as a user watching both would. Checked: the run completes; resident memory
grows by less than 100 MB after the first tenth of the run; progress reached the GUI all along,
to the end; and thousands of signals were delivered on the way (PySide6 6.12.0 aborted after
~1,000 ``Signal.emit()`` calls). How responsive the GUI stays over such a run (its timer gaps
in the first and last quarters) depends on the machine's load, so ``bench/bench_soak.py``
measures it, not this test.
"""

from __future__ import annotations

import time
from typing import Any

import pytest
from PySide6.QtCore import QTimer

from window_steps import open_example, start, tune
from workbench.core.events import Progress
from workbench.ui.shell.main_window import MainWindow

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_thread")]

STEPS = 20_000


def rss_mb() -> float:
    """This process's resident memory (VmRSS), in MB."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS in /proc/self/status")


def test_20000_steps_with_live_curves_and_attention(window: MainWindow, qtbot: Any, dialogs: list) -> None:
    open_example(window, qtbot, "iris")
    tune(window, model={"kind": "ft_transformer", "d_model": 8, "n_layers": 1, "n_heads": 2},
         train={"batch_size": 8, "max_steps": STEPS, "log_interval": 10, "eval_interval": 1000,
                "early_stopping_patience": 0})  # the example stops early; this run goes the distance
    flip = QTimer()
    flip.setInterval(2000)
    flip.timeout.connect(lambda: window.go_to("train") if window.current_page() == "results"
                         else window.show_attention())
    signals = {"records": 0, "progress": 0, "attention": 0}
    memory: dict[str, float] = {}
    progress_steps: list[int] = []

    def on_progress(progress: Progress) -> None:
        signals["progress"] += 1
        progress_steps.append(progress.step)
        if "early" not in memory and progress.step >= STEPS // 10:
            memory["early"] = rss_mb()

    controller = window.controller
    controller.sig_progress.connect(on_progress)
    controller.sig_points.connect(lambda _p: signals.__setitem__("records", signals["records"] + 1))
    controller.sig_snapshot.connect(lambda _s: signals.__setitem__("attention", signals["attention"] + 1))
    start(window, qtbot)
    began = time.perf_counter()
    flip.start()
    qtbot.waitUntil(lambda: window.state() == "idle", timeout=600_000)
    seconds = time.perf_counter() - began
    flip.stop()
    memory["end"] = rss_mb()

    assert not dialogs
    summary = window.results_page.summary
    assert summary["status"] == "completed" and summary["steps"] == STEPS
    window.train_page.plots.redraw_now()
    assert len(window.train_page.plots.curves["train"].getData()[0]) == STEPS // 10
    probe = window.attention.probe
    assert probe is not None and probe.store is not None and len(probe.store) >= 20 and not probe.error

    growth = memory["end"] - memory["early"]
    # Python-side Signal.emit() calls: the worker's batch and snapshot signals, and the controller's
    # re-emits of each on the GUI thread.
    emits = 2 * signals["progress"] + signals["records"] + 2 * signals["attention"]
    print(f"\n{STEPS:,} steps in {seconds:.1f} s (for information); RSS {memory['early']:.0f} MB at 10 % "
          f"-> {memory['end']:.0f} MB at the end ({growth:+.1f} MB); {emits:,} emits ({signals})")
    assert growth < 100
    # The GUI took the throttled stream of progress all along, to the end: every tenth of the run
    # was reported while it trained.
    assert {min(9, 10 * step // STEPS) for step in progress_steps} == set(range(10))
    assert emits >= 1000
