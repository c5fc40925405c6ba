"""Pause, edit, resume: a paused run's learning rate changes, is used from the next step, is
recorded in metrics.jsonl and marked on the loss chart (live and when the run folder is replayed).

Runs are the iris example on one thread (a few ms a step). Tests wait on the controller's
GUI-thread signals or poll state; never on a worker-thread signal.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from window_steps import open_example, start, tune
from workbench.core import config as C
from workbench.core.continuation import RECORD_KIND
from workbench.core.history import read_run
from workbench.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("one_thread")


def _records(run_dir: str) -> list[dict[str, Any]]:
    lines = (Path(run_dir) / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def _pause(window: MainWindow, qtbot: Any) -> None:
    """Start a long iris run (constant LR 0.01, a point every step) and pause it."""
    open_example(window, qtbot, "iris")
    tune(window, optim={"lr": 0.01, "schedule": "constant", "warmup_steps": 0},
         train={"max_steps": 100000, "log_interval": 1, "num_threads": 1, "baseline": False,
                "early_stopping_patience": 0})
    start(window, qtbot)
    qtbot.waitUntil(lambda: window.train_page.progress.value() >= 3, timeout=20000)
    window.action_map["pause"].trigger()
    assert window.state() == "paused"


def _stop(window: MainWindow, qtbot: Any) -> None:
    window.action_map["stop"].trigger()
    qtbot.waitUntil(lambda: window.state() == "idle", timeout=15000)


def test_a_new_learning_rate_is_used_from_the_next_step_recorded_and_marked(window: MainWindow,
                                                                            qtbot: Any) -> None:
    _pause(window, qtbot)
    edits = window.train_page.pause_edits
    assert edits.isVisible() and edits.editor("optim.lr").isEnabled()
    edits.editor("optim.lr").setValue(0.005)  # type: ignore[attr-defined]  # a FloatSpin
    with qtbot.waitSignal(window.controller.sig_config_change, timeout=10000) as change:
        window.action_map["resume"].trigger()
    step = change.args[0].step
    qtbot.waitUntil(lambda: window.train_page.progress.value() >= step + 3, timeout=10000)
    _stop(window, qtbot)

    run_dir = window.controller.run_dir or ""
    records = _records(run_dir)
    [recorded] = [r for r in records if r.get("kind") == RECORD_KIND]
    assert recorded == {"kind": RECORD_KIND, "step": step,
                        "changes": {"optim.lr": {"from": 0.01, "to": 0.005}}}
    lrs = {r["step"]: r["lr"] for r in records if "lr" in r}
    assert {lrs[s] for s in lrs if s <= step} == {0.01}
    assert lrs[step + 1] == 0.005 and {lrs[s] for s in lrs if s > step} == {0.005}
    assert C.load(Path(run_dir) / "config.toml").optim.lr == 0.005  # a continued run goes on with it

    caption = "settings changed: lr 0.01 → 0.005"
    assert window.train_page.plots.marks.changes() == [(step, caption)]
    assert edits.values() == {}  # the box now shows the run's new settings
    assert edits.forms["optim"].get_values().lr == 0.005

    replay = read_run(run_dir)  # File → Open run folder shows the same mark
    assert [(c.step, c.caption) for c in replay.changes] == [(step, caption)]
    window.train_page.show_history(replay.points, replay.task, replay.changes)
    assert window.train_page.plots.marks.changes() == [(step, caption)]
    window.train_page.plots.grab().save(str(Path(run_dir).parent / "pause_edit_chart.png"))


def test_while_paused_only_the_safe_settings_can_change(window: MainWindow, qtbot: Any) -> None:
    _pause(window, qtbot)
    page = window.train_page
    edits = page.pause_edits
    for key in ("optim.lr", "optim.schedule", "optim.min_lr_ratio", "optim.weight_decay", "optim.grad_clip",
                "train.early_stopping_patience", "train.early_stopping_metric"):
        assert edits.editor(key).isEnabled(), key
    for key in ("optim.name", "optim.beta1", "train.batch_size", "train.epochs", "train.seed"):
        with pytest.raises(KeyError):
            edits.editor(key)
    assert not page.form.editor("batch_size").isEnabled()  # the setup form stays locked during a run
    assert not page.form.editor("early_stopping_patience").isEnabled()
    window.action_map["resume"].trigger()
    qtbot.waitUntil(lambda: window.state() == "running", timeout=5000)
    assert not edits.editor("optim.lr").isEnabled()  # running: editable only once paused
    _stop(window, qtbot)
    assert not edits.isVisible()
    assert not [r for r in _records(window.controller.run_dir or "") if r.get("kind") == RECORD_KIND]
