"""Runs in a child process, the app's way (``core.train_child``): the window shows them as it shows
a run on a thread (curves, attention, baseline, Try it), and Pause with a new learning rate, Stop,
a race, closing the window and a child that dies all behave as they do for a thread.

Each test here starts real child processes (a fresh interpreter importing torch: a few seconds).
"""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from window_steps import open_example, start, tune
from workbench.core import train_child
from workbench.core.events import RunState
from workbench.ui.shell.controller import ChildWorker
from workbench.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.training_children


def _children(window: MainWindow) -> None:
    """What the window's start-up does (``train_child.warm_up``, held off in the tests by
    ``conftest``): runs train in children from here on."""
    train_child.use_children()
    assert train_child.children_on()


def _child_pid(window: MainWindow) -> int:
    worker = window.controller._worker
    assert isinstance(worker, ChildWorker)
    process = worker.process.process
    assert process is not None
    return process.pid


def _long_iris(window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "iris")
    tune(window, optim={"lr": 0.01, "schedule": "constant", "warmup_steps": 0},
         train={"max_steps": 100000, "log_interval": 1, "num_threads": 1, "baseline": False,
                "early_stopping_patience": 0, "checkpoint_interval": 20})
    _children(window)
    start(window, qtbot)
    assert window.controller.in_child()
    qtbot.waitUntil(lambda: window.train_page.progress.value() >= 30, timeout=30000)


def test_a_run_in_a_child_shows_its_curves_attention_baseline_and_try_it(window: MainWindow,
                                                                          qtbot: Any) -> None:
    from workbench.core.pipeline import predict_texts
    from workbench.core.train_child import ProbeMirror

    open_example(window, qtbot, "movie-reviews")
    tune(window, model={"d_model": 32, "n_layers": 1, "n_heads": 2},
         train={"max_steps": 40, "eval_interval": 20, "num_threads": 1})
    _children(window)
    points: list[Any] = []
    snapshots: list[int] = []
    baselines: list[Any] = []
    window.controller.sig_points.connect(points.extend)
    window.controller.sig_snapshot.connect(lambda s: snapshots.append(s.step))
    window.controller.sig_baseline.connect(baselines.append)
    with qtbot.waitSignal(window.controller.sig_ended, timeout=120000) as ended:
        start(window, qtbot)
        assert window.controller.in_child() and _child_pid(window) != os.getpid()
    summary = ended.args[0].summary
    assert summary["status"] == "completed" and summary["steps"] == 40
    qtbot.waitUntil(lambda: window.state() == "idle", timeout=10000)
    assert [p.step for p in points if not hasattr(p, "split")][-1] == 40
    assert {p.split for p in points if hasattr(p, "split")} >= {"val"}
    assert snapshots[0] == 0 and snapshots[-1] == 40
    assert len(baselines) == 1 and baselines[0].val  # fitted in the child, shown in the window
    probe = window.attention.probe
    assert isinstance(probe, ProbeMirror) and probe.store is not None and len(probe.store.meta.examples) > 0
    assert window.attention.has_snapshots()
    live = probe.live_run()  # Try it during training uses the child's latest copy of the weights
    assert live is not None and live[0] == 40
    [answer] = predict_texts(live[1], ["a wonderful, moving film"])
    assert abs(sum(answer["probabilities"].values()) - 1) < 1e-5
    run_dir = Path(summary.get("run_dir") or window.controller.run_dir or "")
    assert (Path(window.runs_dir) / run_dir.name / "checkpoints").is_dir()


def test_pause_a_new_learning_rate_then_stop_in_a_child(window: MainWindow, qtbot: Any) -> None:
    _long_iris(window, qtbot)
    window.action_map["pause"].trigger()
    assert window.state() == "paused"
    window.train_page.pause_edits.editor("optim.lr").setValue(0.005)  # type: ignore[attr-defined]
    with qtbot.waitSignal(window.controller.sig_config_change, timeout=15000) as change:
        window.action_map["resume"].trigger()
    step = change.args[0].step
    qtbot.waitUntil(lambda: window.train_page.progress.value() >= step + 3, timeout=15000)
    pid = _child_pid(window)
    with qtbot.waitSignal(window.controller.sig_ended, timeout=30000) as ended:
        window.action_map["stop"].trigger()
    qtbot.waitUntil(lambda: window.state() == "idle", timeout=15000)
    assert ended.args[0].summary["status"] == "stopped"
    run_dir = Path(window.controller.run_dir)
    records = [json.loads(line) for line in (run_dir / "metrics.jsonl").read_text().splitlines()]
    lrs = {r["step"]: r["lr"] for r in records if "lr" in r}
    assert lrs[step] == 0.01 and lrs[step + 1] == 0.005
    assert window.train_page.plots.marks.changes() == [(step, "settings changed: lr 0.01 → 0.005")]
    assert (run_dir / "checkpoints" / "latest.safetensors").exists()
    _gone(pid)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
def test_a_child_that_dies_fails_the_run_with_a_message_and_keeps_its_checkpoints(
        window: MainWindow, qtbot: Any, dialogs: list[tuple[str, str]]) -> None:
    _long_iris(window, qtbot)
    run_dir = Path(window.controller.run_dir)
    qtbot.waitUntil(lambda: (run_dir / "checkpoints" / "latest.safetensors").exists(), timeout=15000)
    with qtbot.waitSignal(window.controller.sig_failed, timeout=30000) as failed:
        os.kill(_child_pid(window), signal.SIGKILL)
    assert "stopped unexpectedly" in failed.args[0]
    qtbot.waitUntil(lambda: window.state() == "idle", timeout=10000)
    assert dialogs and dialogs[-1][0] == "Training failed" and "stopped unexpectedly" in dialogs[-1][1]
    assert (run_dir / "checkpoints" / "latest.safetensors").exists()
    assert window.action_map["train"].isEnabled()  # the window goes on: train again at once


def test_closing_the_window_stops_the_child_with_a_checkpoint(window: MainWindow, qtbot: Any) -> None:
    _long_iris(window, qtbot)
    run_dir = Path(window.controller.run_dir)
    pid = _child_pid(window)
    window.close()
    assert window.controller.state == RunState.IDLE and not window.controller.is_busy()
    summary = json.loads((run_dir / "summary.json").read_text())
    assert summary["status"] == "stopped"
    assert (run_dir / "checkpoints" / "latest.safetensors").exists()
    _gone(pid)


def test_a_race_trains_both_runs_in_children(window: MainWindow, qtbot: Any) -> None:
    from test_race_window import race_against_sgd, room_of

    open_example(window, qtbot, "iris")
    tune(window, train={"num_threads": 1, "baseline": False, "device": "cpu", "epochs": 4})
    _children(window)
    qtbot.waitUntil(lambda: window.action_map["compare"].isEnabled(), timeout=10000)
    pids: list[int] = []
    room = room_of(window)
    challenger = room.controllers[1]
    challenger.sig_started.connect(lambda _s: pids.append(challenger._worker.process.process.pid))
    with qtbot.waitSignal(room.sig_finished, timeout=120000) as finished:
        race_against_sgd(window, qtbot, running=False)
        assert window.controller.in_child()
    assert "AdamW" in finished.args[0] and "SGD" in finished.args[0]
    assert all(n > 0 for n in room.view.drawn_points())
    assert pids and pids[0] != os.getpid()
    for folder in Path(window.runs_dir).iterdir():
        assert json.loads((folder / "summary.json").read_text())["status"] in ("completed", "early_stopped")


def _gone(pid: int) -> None:
    """The child has ended and been reaped (no zombie left behind)."""
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)
