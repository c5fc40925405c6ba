"""The main window end to end: examples, forms, training runs, failures, files and run folders.

Runs are tiny (a few dozen steps) and go to ``tmp_path``. Tests wait on the controller's
GUI-thread signals or poll state; never on a worker-thread signal.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QProgressBar

from window_steps import answer_close_question, make_window, open_example, start, tune
from workbench.core import config as C
from workbench.core.events import EvalPoint, Progress, RunEnded, RunOutcome, RunStarted, RunState, TrainPoint
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.shell.run_coordinator import CLOSE_QUESTION

# A small text run: ~1 s per 100 steps on one CPU thread.
SMALL_TEXT_MODEL = {"d_model": 32, "n_layers": 1, "n_heads": 2}


def _checkpoint(window: MainWindow) -> Path:
    return Path(window.controller.run_dir) / "checkpoints" / "latest.safetensors"


def test_first_window_paints_before_torch_pandas_or_charts_are_imported(tmp_path: Path) -> None:
    """The first paint comes first; the engine and the chart pages follow from the event loop."""
    code = "\n".join([
        "import sys",
        "from PySide6.QtCore import QSettings",
        "from PySide6.QtWidgets import QApplication",
        "from workbench.app import make_app",
        "app = make_app([])",
        "from workbench.ui.shell.main_window import MainWindow",
        f"w = MainWindow(QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))",
        "w.show(); w.grab()  # painted, and the warm-up timer has not run yet",
        "print(sorted(m for m in ('torch', 'pandas', 'pyqtgraph') if m in sys.modules))",
        "import time",
        "end = time.time() + 30",
        # the chart pages are made once the engine is in (the Train page takes its placeholder's place)
        "while (type(w.stack.widget(2)).__name__ != 'TrainPage' or w.background.is_busy())"
        " and time.time() < end:",
        "    app.processEvents()",
        "print(w.stack.widget(2) is w.train_page, w.stack.widget(3) is w.results_page, w.current_page())"])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-2:] == ["[]", "True True data"]


def test_the_optimizer_stack_is_imported_only_once_no_file_is_loading(
        window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Its import holds Python's lock in long stretches: it waits for a file's reading and analysis."""
    qtbot.waitUntil(lambda: window.warm, timeout=30000)  # the start-up warm-up, done once
    window.warm = False
    busy = [True]
    monkeypatch.setattr(window.session, "is_busy", lambda: busy[0])
    window.startup.warm_up_optimizers_when_idle()
    qtbot.wait(800)
    assert not window.warm and not window.background.is_busy("warm-up-optimizers")
    busy[0] = False
    qtbot.waitUntil(lambda: window.warm, timeout=10000)


def test_example_fills_the_table_with_roles_preselected(window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "movie-reviews")
    page = window.data_page
    assert page.table.model.rowCount() == 8530
    assert page.table.role_bar.combo("label").currentText() == "target"
    assert page.table.role_bar.combo("text").currentText() == "text"
    assert page.settings.chart.bar_values() == [4265, 4265]
    assert window.action_map["train"].isEnabled()
    # a role chosen in the table goes into the config as an override
    page.table.role_bar.combo("text").setCurrentText("ignore")
    assert window.session.cfg.data.roles == {"text": "ignore"}
    qtbot.waitUntil(lambda: not window.action_map["train"].isEnabled(), timeout=5000)


def test_form_edits_change_the_config_and_problems_block_training(window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "movie-reviews")
    window.go_to("model")
    forms = window.model_page.forms
    forms["optim"].editor("lr").setValue(0.003)
    assert window.session.cfg.optim.lr == pytest.approx(0.003)
    forms["model"].editor("d_model").setValue(30)
    assert window.session.cfg.model.d_model == 30
    problems = window.model_page.problems_label
    assert problems.isVisible() and "divide" in problems.text()
    train = window.action_map["train"]
    assert not train.isEnabled()
    assert "divide" in train.toolTip() and "divide" in window.readiness.text()
    forms["model"].editor("d_model").setValue(32)
    assert train.isEnabled() and not problems.isVisible()
    qtbot.waitUntil(lambda: window.model_page.last_estimate is not None, timeout=15000)
    assert "parameters" in window.model_page.size_label.text()


def test_a_tiny_run_fills_the_curves_and_the_results(window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "iris")
    tune(window, train={"epochs": 3})
    with qtbot.waitSignal(window.controller.sig_ended, timeout=30000):
        start(window, qtbot)
    page = window.train_page
    page.plots.redraw_now()
    assert len(page.plots.curves["train"].getData()[0]) > 0
    assert page.progress.value() == page.progress.maximum() == 18
    qtbot.waitUntil(lambda: window.state() == "idle")
    assert window.current_page() == "results"
    results = window.results_page
    assert results.summary["status"] == "completed"
    assert results.confusion.matrix().sum() == 30  # the test split of 150 flowers
    assert results.per_class.rowCount() == 3


def test_pause_resume_and_stop(window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "movie-reviews")
    tune(window, model=SMALL_TEXT_MODEL, train={"max_steps": 100000, "log_interval": 1})
    start(window, qtbot)
    bar = window.train_page.progress
    qtbot.waitUntil(lambda: bar.value() >= 2, timeout=20000)
    window.action_map["pause"].trigger()
    assert window.state() == "paused" and window.action_map["resume"].isEnabled()
    qtbot.wait(300)  # the step in flight lands
    held = bar.value()
    qtbot.wait(600)
    assert bar.value() == held
    window.action_map["resume"].trigger()
    qtbot.waitUntil(lambda: bar.value() > held, timeout=10000)
    window.action_map["stop"].trigger()
    qtbot.waitUntil(lambda: window.state() == "idle", timeout=15000)
    assert _checkpoint(window).exists()
    assert window.action_map["train"].isEnabled()


def test_closing_during_a_run_stops_it_and_keeps_the_checkpoint(qtbot: Any, tmp_path: Path,
                                                                 dialogs: list,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    window = make_window(qtbot, tmp_path)
    open_example(window, qtbot, "movie-reviews")
    tune(window, model=SMALL_TEXT_MODEL, train={"max_steps": 100000})
    start(window, qtbot)
    qtbot.waitUntil(lambda: window.train_page.progress.value() >= 1, timeout=20000)
    asked = answer_close_question(monkeypatch, "Stop and close")
    # qt_log_level_fail catches "QThread: Destroyed while thread is still running"
    assert window.close()
    assert asked == [CLOSE_QUESTION]
    assert not window.controller.is_busy()
    assert _checkpoint(window).exists()


def test_a_failed_run_shows_the_message_and_a_new_run_can_start(window: MainWindow, qtbot: Any,
                                                                 dialogs: list) -> None:
    open_example(window, qtbot, "iris")
    tune(window, train={"batch_size": 1000, "epochs": 2})
    with qtbot.waitSignal(window.controller.sig_failed, timeout=20000):
        window.action_map["train"].trigger()
    qtbot.waitUntil(lambda: window.state() == "idle")
    assert dialogs and dialogs[0][0] == "Training failed" and "batch_size" in dialogs[0][1]
    tune(window, train={"batch_size": 16})
    with qtbot.waitSignal(window.controller.sig_ended, timeout=30000):
        start(window, qtbot)


def _tiny_transformer_run(examples_dir: Path) -> C.RunConfig:
    cfg = C.load(examples_dir / "iris.toml")
    cfg.model = dataclasses.replace(cfg.model, kind="ft_transformer", d_model=8, n_layers=1, n_heads=2)
    cfg.train = dataclasses.replace(cfg.train, epochs=2, log_interval=2, eval_interval=4)
    return cfg


def test_the_controller_sends_the_run_as_typed_events(qtbot: Any, tmp_path: Path, examples_dir: Path) -> None:
    from workbench.core.probe import AttentionProbe
    from workbench.core.snapshots import Snapshot
    from workbench.ui.shell.controller import TrainingController

    controller = TrainingController()
    events: list[Any] = []
    for signal in (controller.sig_started, controller.sig_points, controller.sig_progress,
                   controller.sig_snapshot, controller.sig_ended):
        signal.connect(events.append)
    controller.sig_failed.connect(lambda message, ended: events.append((message, ended)))
    probe = AttentionProbe(every=4)
    with qtbot.waitSignal(controller.sig_state, check_params_cb=lambda s: s == RunState.IDLE, timeout=30000):
        controller.start(_tiny_transformer_run(examples_dir), str(tmp_path), probe=probe)
    started, ended = events[0], events[-1]
    assert isinstance(started, RunStarted) and started.has_attention
    assert started.model_kind == "ft_transformer"
    assert isinstance(ended, RunEnded) and ended.outcome == RunOutcome.COMPLETED
    assert ended.summary["steps"] == started.total_steps > 4
    assert controller.run_dir == started.run_dir and Path(started.run_dir).is_dir()
    points = [p for e in events if isinstance(e, list) for p in e]
    assert [p.step for p in points if isinstance(p, TrainPoint)] == list(range(2, started.total_steps + 1, 2))
    assert [p.step for p in points if isinstance(p, EvalPoint)][:2] == [4, 8]
    assert any(isinstance(e, Progress) for e in events) and any(isinstance(e, Snapshot) for e in events)
    assert not any(isinstance(e, tuple) for e in events)  # no failure


def test_a_failed_run_sends_its_summary_with_the_failure(qtbot: Any, tmp_path: Path, examples_dir: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.core import tasks
    from workbench.ui.shell.controller import TrainingController

    real, calls = tasks.TaskRunner.loss, []

    def loss(runner: tasks.TaskRunner, model: Any, batch: dict) -> Any:
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return real(runner, model, batch)

    monkeypatch.setattr(tasks.TaskRunner, "loss", loss)
    controller = TrainingController()
    failed: list[tuple[str, Any]] = []
    controller.sig_failed.connect(lambda message, ended: failed.append((message, ended)))
    with qtbot.waitSignal(controller.sig_state, check_params_cb=lambda s: s == RunState.IDLE, timeout=30000):
        controller.start(_tiny_transformer_run(examples_dir), str(tmp_path))
    [(message, ended)] = failed
    assert message == "RuntimeError: boom"
    assert isinstance(ended, RunEnded) and ended.outcome == RunOutcome.FAILED
    assert ended.message == message and ended.summary["steps"] == 2


def test_a_run_uses_the_data_the_window_holds(window: MainWindow, qtbot: Any,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """The file is not read again for the run: what trains is what the Data page shows."""
    from workbench.core import pipeline

    open_example(window, qtbot, "iris")
    tune(window, train={"epochs": 1})

    def no_reading(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("the run read the data file again")

    monkeypatch.setattr(pipeline, "load_file", no_reading)
    with qtbot.waitSignal(window.controller.sig_ended, timeout=30000):
        start(window, qtbot)
    assert window.results_page.summary["status"] == "completed"


def test_the_window_follows_the_model_that_trains_not_the_one_being_edited(window: MainWindow,
                                                                            qtbot: Any) -> None:
    open_example(window, qtbot, "iris")
    tune(window, model={"kind": "ft_transformer", "d_model": 8, "n_layers": 1, "n_heads": 2},
         train={"epochs": 1})
    with qtbot.waitSignal(window.controller.sig_started, timeout=20000):
        window.action_map["train"].trigger()
        tune(window, model={"kind": "mlp"})  # edited while the run is being prepared
    assert window.train_page.inspect_button.isVisibleTo(window.train_page)
    tabs = window.results_page.tabs
    assert tabs.isVisibleTo(window.results_page) and tabs.isTabVisible(tabs.indexOf(window.attention))
    qtbot.waitUntil(lambda: window.state() == "idle", timeout=30000)


def test_a_broken_file_shows_an_error_and_keeps_the_data(window: MainWindow, qtbot: Any, tmp_path: Path,
                                                         dialogs: list) -> None:
    open_example(window, qtbot, "iris")
    before = window.session.config()
    broken = tmp_path / "photo.csv"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    window.open_path(broken)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10000)
    assert "PNG" in dialogs[0][1]
    assert window.session.config() == before
    assert window.data_page.table.model.rowCount() == 150
    assert window.action_map["train"].isEnabled()


def test_a_dropped_file_opens_and_a_numeric_target_gets_a_histogram(window: MainWindow, qtbot: Any,
                                                                      tmp_path: Path) -> None:
    path = tmp_path / "houses.csv"
    path.write_text("rooms,area,price\n" + "".join(f"{i % 5 + 1},{40 + 3 * i},{100 + 7.5 * i}\n"
                                                     for i in range(60)), encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    enter = QDragEnterEvent(QPoint(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    window.dragEnterEvent(enter)
    assert enter.isAccepted()
    window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                                Qt.KeyboardModifier.NoModifier))
    qtbot.waitUntil(lambda: window.session.analysis is not None and not window.session.is_loading(),
                    timeout=10000)
    assert window.session.analysis.task == "regression"
    assert window.data_page.table.role_bar.combo("price").currentText() == "target"
    assert sum(window.data_page.settings.chart.bar_values()) == 60
    assert window.session.cfg.name == "houses"
    assert window.recent.paths() == [str(path.resolve())]


def test_save_setup_and_load_it_back(window: MainWindow, qtbot: Any, tmp_path: Path) -> None:
    open_example(window, qtbot, "movie-reviews")
    tune(window, optim={"lr": 0.0042}, model={"d_model": 96}, data={"val_fraction": 0.15})
    saved = window.session.config()
    path = tmp_path / "setup.toml"
    window.save_setup(path)
    assert C.load(path) == saved
    assert window.recent.paths() == [str(path.resolve())]
    tune(window, optim={"lr": 0.1})
    window.open_path(path)
    qtbot.waitUntil(lambda: not window.session.is_loading() and window.session.analysis is not None,
                    timeout=10000)
    assert window.session.config() == saved
    assert window.model_page.forms["optim"].editor("lr").value() == pytest.approx(0.0042)


def test_opening_a_finished_run_folder_shows_its_curves(window: MainWindow, qtbot: Any, tmp_path: Path,
                                                         examples_dir: Path, dialogs: list) -> None:
    from workbench.core.pipeline import start_run

    cfg = C.load(examples_dir / "iris.toml")
    cfg.train.epochs = 2
    trainer = start_run(cfg, tmp_path / "runs")
    trainer.fit()
    window.open_run(trainer.run_dir.path)
    curve = window.train_page.plots.curves["train"]
    qtbot.waitUntil(lambda: curve.getData()[0] is not None and len(curve.getData()[0]) > 0, timeout=10000)
    assert window.current_page() == "train"
    assert window.results_page.summary["status"] == "completed"
    window.open_run(tmp_path)  # not a run folder
    qtbot.waitUntil(lambda: bool(dialogs), timeout=10000)
    assert "not a Workbench run folder" in dialogs[0][1]


def test_language_model_samples_and_generation(window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "shakespeare")
    assert window.data_page.stack.currentWidget() is window.data_page.text_view
    assert "characters" in window.data_page.info.text()
    tune(window, model={**SMALL_TEXT_MODEL, "block_size": 32},
         train={"max_steps": 20, "eval_interval": 10, "eval_batches": 2, "sample_length": 30},
         data={"val_fraction": 0.02})
    with qtbot.waitSignal(window.controller.sig_ended, timeout=60000):
        start(window, qtbot)
    assert "step 20" in window.train_page.samples.toPlainText()
    box = window.results_page.generate
    assert window.results_page.tabs.isTabVisible(window.results_page.tabs.indexOf(box))
    box.prompt.setText("ROMEO:")
    box.knobs.length.setValue(25)
    box.generate()
    qtbot.waitUntil(lambda: box.output.toPlainText().startswith("ROMEO:"), timeout=20000)


def test_try_it_classifies_typed_text(window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "movie-reviews")
    tune(window, model=SMALL_TEXT_MODEL, train={"max_steps": 30})
    with qtbot.waitSignal(window.controller.sig_ended, timeout=60000):
        start(window, qtbot)
    box = window.results_page.try_it
    box.input.setText("a warm and funny film")
    qtbot.waitUntil(lambda: box.prediction.text().startswith("→"), timeout=20000)
    assert len(box.findChildren(QProgressBar)) == 2  # a bar for each class


def test_one_keystroke_validates_the_config_once(window: MainWindow, qtbot: Any,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The pages, the Train button and the size estimate all read the session's problems."""
    from workbench.core.problems import validate
    from workbench.ui.pages.model_page import ESTIMATE_DELAY_MS

    open_example(window, qtbot, "iris")
    window.go_to("model")
    lr = window.model_page.forms["optim"].editor("lr")
    lr.setValue(0.01)
    calls: list[C.RunConfig] = []

    def counting(cfg: C.RunConfig) -> list[Any]:
        calls.append(cfg)
        return validate(cfg)

    for name, module in list(sys.modules.items()):  # wherever it was imported by name
        if name.startswith("workbench") and getattr(module, "validate", None) is validate:
            monkeypatch.setattr(module, "validate", counting)
    lr.lineEdit().end(False)
    qtbot.keyClick(lr, Qt.Key.Key_5)
    assert window.session.cfg.optim.lr == pytest.approx(0.015)
    qtbot.wait(2 * ESTIMATE_DELAY_MS)  # the size estimate reads the problems too
    assert len(calls) == 1


def test_closing_during_a_run_with_cancel_keeps_the_run_and_the_window(
        window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    open_example(window, qtbot, "movie-reviews")
    tune(window, model=SMALL_TEXT_MODEL, train={"max_steps": 100000, "log_interval": 1})
    start(window, qtbot)
    bar = window.train_page.progress
    qtbot.waitUntil(lambda: bar.value() >= 1, timeout=20000)
    asked = answer_close_question(monkeypatch, "Cancel")
    assert not window.close()
    assert asked == [CLOSE_QUESTION]
    assert window.isVisible() and window.state() == "running"
    step = bar.value()
    qtbot.waitUntil(lambda: bar.value() > step, timeout=10000)  # it trains on
    asked = answer_close_question(monkeypatch, "Stop and close")
    assert window.close()
    assert asked == [CLOSE_QUESTION] and not window.controller.is_busy()
    summary = json.loads((Path(window.controller.run_dir) / "summary.json").read_text(encoding="utf-8"))
    assert summary["status"] == "stopped" and _checkpoint(window).exists()


def test_closing_with_no_run_asks_nothing(window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    asked = answer_close_question(monkeypatch, "Cancel")
    assert window.close()
    assert asked == []


def test_the_train_page_shows_the_tasks_metric_charts_before_the_first_run(window: MainWindow,
                                                                           qtbot: Any) -> None:
    """Made while the window is idle after the analysis, not in a run's first second."""
    open_example(window, qtbot, "iris")
    metrics = window.train_page.plots.metrics
    qtbot.waitUntil(lambda: bool(metrics.plots), timeout=10000)
    [(key, plot)] = metrics.plots.items()
    assert key == "metrics:share" and plot.getAxis("left").labelText.startswith("accuracy, F1")
    assert window.state() == "idle" and not window.train_page.plots.history.has_data()
    made = plot
    tune(window, train={"max_steps": 4, "num_threads": 1, "baseline": False})
    with qtbot.waitSignal(window.controller.sig_ended, timeout=60000):
        start(window, qtbot)
    qtbot.waitUntil(lambda: metrics.curves["accuracy"].getOriginalDataset()[0] is not None, timeout=5000)
    assert list(metrics.plots.values()) == [made]  # the run drew into them: none rebuilt
