"""The baseline on screen: a dashed level at the simple model's validation score on the metric chart,
and a sentence under the Results headline that says which model is better, live and for a run
folder opened later. A run with the baseline off shows neither.

Runs are iris for one or two epochs. Tests wait on the controller's GUI-thread signals.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from window_steps import make_window, open_example, tune
from workbench.core.baseline_words import results_sentence
from workbench.core.events import Baseline, RunState
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.widgets.plots import LivePlots

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread

FAST = {"device": "cpu", "num_threads": 1}


def train_iris(window: MainWindow, qtbot: Any, **train: Any) -> tuple[list[Baseline], dict]:
    """Train the iris example to its end; the baselines the controller sent, and the summary."""
    open_example(window, qtbot, "iris")
    tune(window, train={**FAST, "epochs": 2, **train})
    sent: list[Baseline] = []
    window.controller.sig_baseline.connect(sent.append)
    with qtbot.waitSignal(window.controller.sig_ended, timeout=60000) as ended:
        window.action_map["train"].trigger()
    qtbot.waitUntil(lambda: window.state() == RunState.IDLE, timeout=10000)
    return sent, ended.args[0].summary


def test_a_run_draws_its_baseline_as_a_dashed_level_and_says_it_beside_the_result(
        window: MainWindow, qtbot: Any, tmp_path: Path) -> None:
    sent, summary = train_iris(window, qtbot)
    (baseline,) = sent  # once, before the run ended
    assert baseline.to_summary() == summary["baseline"]
    plots = window.train_page.plots
    plots.redraw_now()
    key, value, caption = plots.metrics.baseline_level() or ("", 0.0, "")
    assert key == "metrics:share" and value == pytest.approx(baseline.val["accuracy"])
    assert caption == f"{baseline.description}: accuracy {value:.3g} (validation)"
    level = plots.metrics.levels[key]
    assert level.pen.style() == Qt.PenStyle.DashLine and level.angle == 0  # dashed, horizontal
    low, high = plots.metrics.plots[key].getViewBox().viewRange()[1]
    assert low <= value <= high  # in view, even above the curve

    results = window.results_page
    assert results.baseline.isVisible() and results.baseline.text() == results_sentence(summary)
    what = baseline.description
    assert results.baseline.text().startswith(f"{what[0].upper()}{what[1:]} ({baseline.model}) scores ")
    assert " on the same test rows (this model " in results.baseline.text()
    layout = results.layout()
    assert layout.indexOf(results.baseline) > layout.indexOf(results.scores)  # beside the result

    # Opened later from its folder (File → Open run folder): the same level and sentence.
    other = make_window(qtbot, tmp_path / "again")
    other.open_run(results.run_dir)
    qtbot.waitUntil(lambda: other.train_page.plots.metrics.baseline_level() is not None, timeout=15000)
    assert other.train_page.plots.metrics.baseline_level() == (key, value, caption)
    assert other.results_page.baseline.text() == results.baseline.text()

    # A new run starts without the old level.
    tune(window, train={**FAST, "epochs": 1, "baseline": False})
    with qtbot.waitSignal(window.controller.sig_started, timeout=20000):
        window.action_map["train"].trigger()
    assert plots.metrics.baseline_level() is None and results.baseline.isHidden()
    qtbot.waitUntil(lambda: window.state() == RunState.IDLE, timeout=60000)


def test_a_run_with_the_baseline_off_shows_none(window: MainWindow, qtbot: Any) -> None:
    sent, summary = train_iris(window, qtbot, baseline=False)
    assert sent == [] and "baseline" not in summary
    window.train_page.plots.redraw_now()
    assert window.train_page.plots.metrics.plots  # the charts are there, without a level
    assert window.train_page.plots.metrics.baseline_level() is None
    assert window.results_page.baseline.isHidden()


def test_a_regression_baseline_stands_on_the_r2_chart(qtbot: Any) -> None:
    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.resize(800, 600)
    plots.show()
    plots.set_metric_keys(["r2", "mae"])
    plots.append_eval(10, {"loss": 0.4, "r2": 0.6, "mae": 3.0})
    baseline = Baseline("ridge regression", "a simple linear model", {"r2": 0.82, "mae": 2.1}, {}, 100, 0.1)
    plots.metrics.set_baseline(baseline, "r2")
    plots.redraw_now()
    caption = "a simple linear model: R² 0.82 (validation)"
    assert plots.metrics.baseline_level() == ("metrics:r2", 0.82, caption)
    plots.metrics.set_baseline(None)
    assert plots.metrics.baseline_level() is None


@pytest.mark.baseline_children
def test_in_the_window_the_baseline_is_fitted_in_a_child_process(
        window: MainWindow, qtbot: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The window's start-up switches to child processes (scikit-learn never holds the window's
    Python lock) and keeps a standby child ready; a run's baseline arrives from it as before."""
    from workbench.core import baseline_child

    taken: list[int] = []
    take = baseline_child.take
    monkeypatch.setattr(baseline_child, "take", lambda: taken.append(1) or take())
    qtbot.waitUntil(lambda: baseline_child._children.on, timeout=30000)  # the start-up's warm-up
    sent, summary = train_iris(window, qtbot)
    (baseline,) = sent
    assert baseline.to_summary() == summary["baseline"]
    assert taken == [1]  # the run's fit took a child process
