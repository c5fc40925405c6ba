"""Run → Compare with…: the dialog builds the challenger's changes; the race trains both runs at
once, draws both curves while they train, stops each (or both) and ends with the verdict."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from window_steps import open_example, tune
from workbench.core import config as C
from workbench.core import threads
from workbench.core.events import RunState
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.shell.race import CLOSE_QUESTION, RaceRoom

pytestmark = pytest.mark.usefixtures("one_thread_each_test")


def room_of(window: MainWindow) -> RaceRoom:
    room = window.findChild(RaceRoom)
    assert room is not None
    return room


def iris(window: MainWindow, qtbot: Any, **train: Any) -> RaceRoom:
    """The iris example loaded, with ``train`` settings (one thread, no baseline, ...)."""
    open_example(window, qtbot, "iris")
    tune(window, train={"num_threads": 1, "baseline": False, "device": "cpu", **train})
    qtbot.waitUntil(lambda: window.action_map["compare"].isEnabled(), timeout=10000)
    return room_of(window)


def race_against_sgd(window: MainWindow, qtbot: Any, running: bool = True) -> RaceRoom:
    """Compare with… → SGD → Start race, as a user would; with ``running``, returns once both
    runs are training."""
    room = room_of(window)
    window.action_map["compare"].trigger()
    dialog = room.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.select("Optimizer", "SGD")
    dialog.start_button.click()
    assert room.racing and room.names == ("AdamW", "SGD")
    if running:
        qtbot.waitUntil(lambda: all(c.state == RunState.RUNNING for c in room.controllers), timeout=30000)
    return room


def test_the_dialog_builds_the_challengers_changes_and_refuses_a_wrong_one(window: MainWindow,
                                                                          qtbot: Any) -> None:
    room = iris(window, qtbot)
    assert window.train_page.buttons["compare"].defaultAction() is window.action_map["compare"]
    window.action_map["compare"].trigger()
    dialog = room.dialog
    assert dialog is not None and dialog.isVisible()
    assert list(dialog.combos) == ["Optimizer", "Dropout", "Learning rate", "Model size"]  # no tokenizer
    dialog.select("Optimizer", "SGD")
    dialog.select("Dropout", "dropout 0.3")
    dialog.free.setText("train.batch_size = 32")
    assert dialog.overrides() == ['optim.name="sgd"', "model.dropout=0.3", "train.batch_size = 32"]
    assert "“AdamW · dropout 0 · batch_size 16” (this setup) against “SGD · dropout 0.3 · batch_size 32”" \
        in dialog.preview.text()
    dialog.free.setText("model.dropout = 3")
    dialog.start_button.click()
    assert dialog.isVisible() and dialog.error.isVisible() and not room.racing
    assert "dropout" in dialog.error.text()
    dialog.free.setText("dropout")
    dialog.start_button.click()
    assert "must look like section.key = value" in dialog.error.text()
    dialog.reject()
    assert not room.racing and not window.controller.is_busy()


def test_a_race_trains_both_and_ends_with_the_verdict(window: MainWindow, qtbot: Any) -> None:
    import torch

    iris(window, qtbot, epochs=4)
    before = (torch.get_num_threads(), threads.policy())
    with qtbot.waitSignal(room_of(window).sig_finished, timeout=120000) as finished:
        room = race_against_sgd(window, qtbot, running=False)
        qtbot.waitUntil(room.view.isVisible, timeout=5000)  # a moment after Start race
    text = finished.args[0]
    assert re.fullmatch(r"(AdamW|SGD) reached val accuracy \d\.\d\d in [\d.]+ s( \(stopped early\))?; "
                        r"(SGD|AdamW) \d\.\d\d in [\d.]+ s( \(stopped early\))?|A tie: .*", text), text
    assert room.view.verdict.text() == text
    assert all(n > 0 for n in room.view.drawn_points())
    folders = sorted(Path(window.runs_dir).iterdir())
    assert [re.sub(r"-\d{8}-\d{6}$", "", f.name) for f in folders] == ["iris-AdamW", "iris-SGD"]
    for folder, optimizer in zip(folders, ("adamw", "sgd")):
        assert json.loads((folder / "summary.json").read_text())["status"] in ("completed", "early_stopped")
        cfg = C.load(folder / "config.toml")
        assert cfg.optim.name == optimizer and cfg.train.num_threads == 1
    assert (torch.get_num_threads(), threads.policy()) == before  # the threads' setting is put back
    assert window.action_map["compare"].isEnabled() and not room.racing


def test_both_runs_draw_live_and_stop_one_at_a_time(window: MainWindow, qtbot: Any) -> None:
    iris(window, qtbot, epochs=5000, log_interval=1, eval_interval=10, early_stopping_patience=0)
    room = race_against_sgd(window, qtbot)
    view = room.view
    qtbot.waitUntil(lambda: all(n > 0 for n in view.drawn_points()), timeout=30000)
    assert all(c.state.active for c in room.controllers)  # drawn while both train
    assert all(row.stop.isEnabled() for row in view.rows) and view.stop_all.isEnabled()
    view.rows[1].stop.click()
    qtbot.waitUntil(lambda: not room.challenger.is_busy(), timeout=30000)
    assert window.controller.state == RunState.RUNNING and room.racing  # the other one goes on
    assert not view.rows[1].stop.isEnabled() and view.rows[0].stop.isEnabled()
    with qtbot.waitSignal(room.sig_finished, timeout=30000) as finished:
        window.action_map["stop"].trigger()  # the window's Stop
    assert finished.args[0].count("(stopped by you)") == 2
    assert not view.stop_all.isEnabled()


def test_stop_both_and_the_window_stop_stop_both_runs(window: MainWindow, qtbot: Any) -> None:
    iris(window, qtbot, epochs=5000)
    room = race_against_sgd(window, qtbot)
    with qtbot.waitSignal(room.sig_finished, timeout=30000) as finished:
        room.view.stop_all.click()
    assert finished.args[0].count("(stopped by you)") == 2
    room = race_against_sgd(window, qtbot)
    with qtbot.waitSignal(room.sig_finished, timeout=30000):
        window.action_map["stop"].trigger()
    assert not any(c.is_busy() for c in room.controllers)


def test_closing_the_window_during_a_race_asks_once_and_stops_both(window: MainWindow, qtbot: Any,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from window_steps import answer_close_question

    asked = answer_close_question(monkeypatch, "Stop and close")
    iris(window, qtbot, epochs=5000)
    room = race_against_sgd(window, qtbot)
    window.close()
    assert asked == [CLOSE_QUESTION]
    assert not any(c.is_busy() for c in room.controllers) and not room.racing


def test_stopping_before_the_first_run_has_its_data_never_starts_the_challenger(window: MainWindow,
                                                                                 qtbot: Any) -> None:
    iris(window, qtbot, epochs=5000)
    room = race_against_sgd(window, qtbot, running=False)  # the challenger waits for the first run's data
    assert not room.challenger.is_busy()
    with qtbot.waitSignal(room.sig_finished, timeout=30000) as finished:
        room.view.stop_all.click()
    assert not room.challenger.is_busy() and "SGD" in finished.args[0]
    assert room.view.rows[1].status.text() == "Stopped before it started"
    assert all("SGD" not in p.name for p in Path(window.runs_dir).glob("*"))
