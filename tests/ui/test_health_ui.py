"""Training health in the window: banners on the Train and Results pages, marks on the loss chart,
a note under the learning-rate field, and a new run that starts clean.

Runs are tiny (iris, or 80 rows of noise for a big network that overfits) and take a second or two.
Tests wait on the controller's GUI-thread signals, never on the worker's.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QFormLayout

from window_steps import open_example, point_at, tune
from workbench.core import config as C
from workbench.core.events import HealthWarning, RunState
from workbench.core.pipeline import start_run
from workbench.ui.pages.results_page import ResultsPage
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.widgets import plots as plots_module
from workbench.ui.widgets.background import Background
from workbench.ui.widgets.field_note import FieldNote
from workbench.ui.widgets.heatmap import HINT as HEATMAP_HINT
from workbench.ui.widgets.heatmap import AttentionHeatmap
from workbench.ui.widgets.plots import LivePlots

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread

FAST = {"device": "cpu", "num_threads": 1}
STUCK = HealthWarning("stuck", "serious", 40,
                      "After 40 steps the model predicts 'species' no better than chance.",
                      "Check that the target is the right column.")
OVERFITTING = HealthWarning("overfitting", "caution", 12, "From step 12 on, the validation loss rose.",
                            "Train for fewer steps.")


@pytest.fixture
def results(qtbot: Any, background: Background) -> Iterator[ResultsPage]:
    page = ResultsPage(background)
    qtbot.addWidget(page)
    page.resize(1100, 700)
    page.show()
    yield page
    qtbot.waitUntil(lambda: not background.is_busy(), timeout=10000)


def train_to_the_end(window: MainWindow, qtbot: Any) -> None:
    assert window.action_map["train"].isEnabled(), window.train_blocker()
    with qtbot.waitSignal(window.controller.sig_ended, timeout=60000):
        window.action_map["train"].trigger()
    qtbot.waitUntil(lambda: window.state() == RunState.IDLE, timeout=10000)


def overfitting_run(root: Path) -> str:
    """A big network on 80 rows of one weak signal and much noise: it overfits (as in core's test)."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 10))
    df = pd.DataFrame(x, columns=[f"f{i}" for i in range(10)])
    df["label"] = np.where(x[:, 0] + rng.normal(size=80) > 0, "yes", "no")
    cfg = C.from_dict({"name": "noisy",
                       "data": {"target": "label", "val_fraction": 0.3, "test_fraction": 0.1},
                       "model": {"kind": "mlp", "hidden": [128, 128], "dropout": 0.0},
                       "optim": {"lr": 3e-3, "schedule": "constant", "weight_decay": 0.0},
                       "train": {**FAST, "batch_size": 16, "sample_length": 0, "epochs": 60,
                                 "eval_interval": 4, "log_interval": 2}})
    trainer = start_run(cfg, root, source=df)
    trainer.fit()
    assert trainer.run_dir is not None
    return str(trainer.run_dir.path)


def test_a_learning_rate_of_10_shows_the_diverging_banner_and_its_mark_as_it_happens(
        window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "iris")
    tune(window, optim={"lr": 10.0}, train={**FAST, "epochs": 10})
    page = window.train_page
    seen: list[tuple[HealthWarning, RunState, list[str], dict[str, int], str]] = []
    window.controller.sig_health.connect(lambda w: seen.append(
        (w, window.controller.state, page.health.texts(), page.plots.marks.steps(),
         window.statusBar().currentMessage())))
    train_to_the_end(window, qtbot)

    # Shown while the run went on (the controller still running), on the page and in the status bar.
    ((warning, state, texts, marks, status),) = seen
    assert warning.code == "diverging" and state.active
    assert texts[0].startswith("Training diverged\nThe training loss rose far above where it started")
    assert "What to do: Lower the learning rate (now 10), for example to 1" in texts[0]
    assert marks == {"diverging": warning.step} and warning.step > 0
    assert status.startswith(f"Training diverged (from step {warning.step:,}). Lower the learning rate")
    # After the run: the same, once (the summary's list replaces the live one), and the Results page.
    assert page.health.warnings() == [warning] and not page.health.isHidden()
    assert page.plots.marks.captions() == {"diverging": "diverging begins"}
    assert window.results_page.health.warnings() == [warning]
    assert "with 1 health warning (see Results)" in window.statusBar().currentMessage()


def test_an_overfitting_run_folder_opened_shows_its_mark_at_its_step(window: MainWindow, qtbot: Any,
                                                                    tmp_path: Path) -> None:
    run_dir = overfitting_run(tmp_path / "runs")
    window.open_run(run_dir)
    marks = window.train_page.plots.marks
    qtbot.waitUntil(lambda: bool(marks.steps()), timeout=10000)
    (warning,) = window.results_page.health.warnings()
    assert warning.code == "overfitting" and warning.step > 0
    assert marks.steps() == {"overfitting": warning.step}
    assert marks.captions() == {"overfitting": "overfitting begins"}
    assert window.train_page.health.texts()[0].startswith("The model began to overfit\nFrom step")
    assert window.current_page() == "train"


def test_the_results_page_lists_the_warnings_under_the_headline(results: ResultsPage) -> None:
    summary = {"status": "completed", "task": "tabular_classification", "steps": 80, "total_steps": 80,
               "final": {"val": {"accuracy": 0.34, "loss": 1.1}}, "reported": "final",
               "health": [STUCK.to_record(), OVERFITTING.to_record(), "not a record"]}
    results.show_summary(summary, "")
    layout = results.layout()
    assert layout.indexOf(results.health) == layout.indexOf(results.title) + 1  # right under the headline
    assert results.title.text() == "Training finished" and results.health.isVisible()
    stuck, overfitting = results.health.texts()
    assert stuck == ("The model did not learn\nAfter 40 steps the model predicts 'species' no better than "
                     "chance.\nWhat to do: Check that the target is the right column.")
    assert overfitting.startswith("The model began to overfit\n")
    results.show_summary({**summary, "health": []}, "")
    assert not results.health.isVisible() and results.health.warnings() == []
    results.show_summary(summary, "")
    results.show_live("elsewhere")  # a new run: nothing of the old one's health
    assert results.health.isHidden()


def test_the_learning_rate_field_gets_an_amber_note_for_0_5_with_adamw(window: MainWindow,
                                                                        qtbot: Any) -> None:
    open_example(window, qtbot, "iris")
    window.go_to("model")
    page = window.model_page
    lr = page.forms["optim"].editor("lr")
    lr.lineEdit().selectAll()
    qtbot.keyClicks(lr, "0.5")
    assert window.session.cfg.optim.lr == 0.5 and window.session.cfg.optim.name == "adamw"
    note = page.notes()["optim.lr"]
    assert "0.5 is unusually high for AdamW" in note and "Try 0.001" in note
    (label,) = page.findChildren(FieldNote)
    assert label.isVisible()
    form = next(f for f in page.forms["optim"].findChildren(QFormLayout) if f.indexOf(lr) >= 0)
    assert form.getWidgetPosition(label)[0] == form.getWidgetPosition(lr)[0] + 1  # right under the field
    assert window.action_map["train"].isEnabled() and not page.problems()  # a caution, not a problem

    lr.lineEdit().selectAll()
    qtbot.keyClicks(lr, "0.001")
    assert window.session.cfg.optim.lr == 0.001
    assert page.notes() == {} and not label.isVisible()


def test_a_second_run_starts_clean(window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "iris")
    tune(window, optim={"lr": 10.0}, train={**FAST, "epochs": 10})
    train_to_the_end(window, qtbot)
    page, results = window.train_page, window.results_page
    assert page.plots.marks.steps() and page.health.warnings() and results.health.warnings()
    window.go_to("train")
    plots = page.plots
    plots.redraw_now()
    loss_box = plots.plots["loss"].getViewBox()
    point_at(qtbot, loss_box, loss_box.mapViewToScene(QPointF(30, 1.0)))  # the pointer over step 30
    assert plots.readout.text().startswith("step 30")
    results.try_it.input.setText("an old sentence")
    results.generate.prompt.setText("ROMEO:")

    tune(window, optim={"lr": 0.01}, train={**FAST, "epochs": 3})
    with qtbot.waitSignal(window.controller.sig_started, timeout=20000):
        window.action_map["train"].trigger()
    assert page.health.warnings() == [] and page.health.isHidden()
    assert plots.marks.steps() == {}
    assert results.health.warnings() == []
    assert results.try_it.input.text() == "" and results.generate.prompt.text() == ""
    assert plots.readout.text() == plots_module.HINT
    qtbot.waitUntil(lambda: window.state() == RunState.IDLE, timeout=60000)
    assert page.health.warnings() == [] and plots.marks.steps() == {}


def test_clearing_the_charts_forgets_the_last_runs_ranges(qtbot: Any) -> None:
    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.resize(800, 600)
    plots.show()
    plots.set_metric_keys(["accuracy"])
    plots.append_train(np.arange(1, 101, dtype=float), np.linspace(900, 800, 100))
    plots.append_eval(50, {"loss": 850.0, "accuracy": 0.75})
    plots.append_eval(100, {"loss": 820.0, "accuracy": 0.78})
    plots.marks.add(OVERFITTING)
    plots.fit_view()
    (accuracy,) = plots.metrics.plots.values()
    qtbot.waitUntil(lambda: accuracy.getViewBox().viewRange()[1][0] > 0.7)  # fitted at the next paint
    plots.clear()
    qtbot.wait(50)
    assert accuracy.getViewBox().viewRange()[1] == [0.0, 1.0]
    assert plots.plots["loss"].getViewBox().viewRange() == [[0.0, 1.0], [0.0, 1.0]]
    assert plots.marks.steps() == {}


def test_new_tokens_in_the_heatmap_forget_the_old_read_out(qtbot: Any) -> None:
    heatmap = AttentionHeatmap()
    qtbot.addWidget(heatmap)
    heatmap.set_tokens(["old", "token"], ["old", "token"])
    heatmap.readout.setText("‘old’ (#1) → ‘token’ (#2): weight 0.5000")
    heatmap.set_tokens(["new", "words"], ["new", "words"])
    assert heatmap.readout.text() == HEATMAP_HINT
