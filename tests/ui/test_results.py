"""The Results page fits the task: regression plots, a Try-it form for tables, and a headline that
names the checkpoint it reports."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QProgressBar

from workbench.core import config as C
from workbench.core.pipeline import start_run
from workbench.ui.pages.results_page import ResultsPage
from workbench.ui.widgets.background import Background
from workbench.ui.widgets.plots import LivePlots

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread


def _train(root: Path, name: str, data: dict, **train: Any) -> str:
    cfg = C.from_dict({"name": name, "data": data, "model": {"kind": "mlp", "hidden": [16], "dropout": 0.0},
                       "optim": {"lr": 3e-3},
                       "train": {"device": "cpu", "batch_size": 32, "max_steps": 30, "eval_interval": 10,
                                 **train}})
    trainer = start_run(cfg, root)
    trainer.fit()
    assert trainer.run_dir is not None
    return str(trainer.run_dir.path)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A regression on a real table (concrete strength) and a table classifier (penguins)."""
    root = tmp_path_factory.mktemp("runs")
    return {
        "regression": _train(root, "concrete", {"path": str(ROOT / "tests/data/tables/concrete.csv"),
                                                "task": "regression", "target": "compressive_strength"}),
        "table": _train(root, "penguins", {"path": str(ROOT / "resources/datasets/penguins.csv"),
                                           "task": "tabular_classification", "target": "species"}),
    }


def summary_of(run_dir: str) -> dict:
    return json.loads((Path(run_dir) / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture
def page(qtbot: Any, background: Background) -> Iterator[ResultsPage]:
    widget = ResultsPage(background)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    yield widget
    qtbot.waitUntil(lambda: not background.is_busy(), timeout=10000)  # no job outlives the page


def _regression_summary(n: int) -> dict:
    rng = np.random.default_rng(0)
    actual = rng.uniform(10, 80, n)
    predicted = actual + rng.normal(0, 5, n)
    metrics = {"loss": 0.2, "r2": 0.86, "mae": 4.4, "rmse": 6.2, "mse": 38.4}
    return {"status": "completed", "task": "regression", "steps": 100, "total_steps": 100, "best_step": 100,
            "watch": "loss", "final": {"test": metrics}, "best": {"test": metrics}, "reported": "best",
            "predictions": {"split": "test", "rows": 5000, "target": "strength", "checkpoint": "best",
                            "step": 100, "actual": actual.tolist(), "predicted": predicted.tolist()}}


# --------------------------------------------------------------------------- regression plots
def test_a_regression_summary_shows_predicted_vs_actual_and_residuals(page: ResultsPage) -> None:
    summary = _regression_summary(1500)
    page.show_summary(summary, "")
    assert page.tabs.currentWidget() is page.predictions  # the first tab of a regression run
    plots = page.predictions
    assert plots.scatter.point_count() == 1500 and plots.residual.point_count() == 1500
    residuals = np.asarray(summary["predictions"]["actual"]) - np.asarray(summary["predictions"]["predicted"])
    (dots,) = [i for i in plots.residual.getPlotItem().items if isinstance(i, pg.ScatterPlotItem)]
    np.testing.assert_allclose(dots.getData()[1], residuals)  # the dots drawn, at the residuals
    caption = plots.caption.text()
    assert "a random 1,500 of its 5,000 rows" in caption and "'strength'" in caption
    assert "R²" in caption and "MAE" in caption and "RMSE" in caption
    assert plots.scatter.getPlotItem().getAxis("bottom").labelText == "actual strength"
    assert plots.scatter.getPlotItem().getAxis("left").labelText == "predicted strength"


def test_a_classification_run_has_no_regression_plots(page: ResultsPage) -> None:
    metrics = {"loss": 0.3, "accuracy": 0.9, "f1": 0.88}
    page.show_summary({"status": "completed", "task": "text_classification", "steps": 10, "best_step": 10,
                       "final": {"test": metrics}, "best": {"test": metrics}}, "")
    assert not page.tabs.isTabVisible(page.tabs.indexOf(page.predictions))


def test_a_real_regression_run_keeps_its_test_predictions(page: ResultsPage, qtbot: Any,
                                                          runs: dict[str, str]) -> None:
    summary = summary_of(runs["regression"])
    predictions = summary["predictions"]
    assert predictions["split"] == "test" and predictions["target"] == "compressive_strength"
    assert len(predictions["actual"]) == len(predictions["predicted"]) == predictions["rows"] > 100
    assert 2.0 < min(predictions["actual"]) and max(predictions["actual"]) < 83.0  # MPa, not standardised
    page.show_summary(summary, runs["regression"])
    assert page.predictions.scatter.point_count() == predictions["rows"]


# --------------------------------------------------------------------------- training charts
def test_training_charts_put_r2_and_mae_on_separate_axes(qtbot: Any) -> None:
    plots = LivePlots()
    qtbot.addWidget(plots)
    plots.resize(900, 700)
    plots.show()
    plots.set_metric_keys(["r2", "mae"])
    plots.redraw_now()  # labelled from the start, before the first evaluation
    labels = {key: plot.getAxis("left").labelText for key, plot in plots.metrics.plots.items()}
    assert labels == {"metrics:r2": "R²<br>(1 is perfect)", "metrics:units": "MAE<br>(target units)"}
    for step, r2, mae in ((10, -40.0, 30.0), (20, 0.5, 8.0), (30, 0.8, 4.0)):
        plots.append_eval(step, {"loss": 1.0 / step, "r2": r2, "mae": mae})
    plots.redraw_now()
    plots.grab()  # autoranging happens at paint
    r2_box, mae_box = (plots.metrics.curves[k].getViewBox() for k in ("r2", "mae"))
    assert r2_box is not mae_box and r2_box is plots.metrics.plots["metrics:r2"].getViewBox()
    assert r2_box.viewRange()[1][0] == pytest.approx(-1.0, abs=0.15)  # -40 does not squash the rest
    assert mae_box.viewRange()[1][1] >= 30.0
    plots.set_metric_keys(["accuracy", "f1"])  # one scale: one chart, with a legend
    plots.redraw_now()
    assert list(plots.metrics.plots) == ["metrics:share"]
    assert plots.metrics.plots["metrics:share"].getAxis("left").labelText == "accuracy, F1<br>(1 is perfect)"


# --------------------------------------------------------------------------- table Try it
def test_the_table_try_it_form_has_one_field_per_feature_and_predicts(page: ResultsPage, qtbot: Any,
                                                                      runs: dict[str, str]) -> None:
    page.show_summary(summary_of(runs["table"]), runs["table"])
    form = page.try_table
    assert page.tabs.isTabVisible(page.tabs.indexOf(form))
    assert not page.tabs.isTabVisible(page.tabs.indexOf(page.try_it))  # the text box is for texts
    qtbot.waitUntil(lambda: form.prediction.text().startswith("→"), timeout=20000)
    spec = json.loads((Path(runs["table"]) / "data_spec.json").read_text(encoding="utf-8"))
    assert list(form.fields) == spec["numeric_columns"] + spec["categorical_columns"]
    island, bill = form.fields["island"], form.fields["bill_length_mm"]
    assert isinstance(island, QComboBox) and isinstance(bill, QLineEdit)
    assert island.count() == 3  # a drop-down of the islands seen in training
    hints = [label.text() for label in form.findChildren(QLabel) if label.text().startswith("training: ")]
    assert len(hints) == len(spec["numeric_columns"])  # "training: 32.1 to 59.6": the range seen
    assert len(form.findChildren(QProgressBar)) == 3  # a bar for each class
    assert form.prediction.text().removeprefix("→ ") in spec["classes"]
    bill.setText("abc")
    form.predict()
    assert form.status.text() == "'abc' in bill_length_mm is not a number."
    bill.setText("")  # empty: missing, which the model takes
    form.predict()
    qtbot.waitUntil(lambda: form.prediction.text().startswith("→"), timeout=20000)


def test_the_table_try_it_predicts_a_regression_value(page: ResultsPage, qtbot: Any,
                                                      runs: dict[str, str]) -> None:
    page.show_summary(summary_of(runs["regression"]), runs["regression"])
    form = page.try_table
    qtbot.waitUntil(lambda: form.prediction.text().startswith("→"), timeout=20000)
    assert form.prediction.text().startswith("→ compressive_strength ≈ ")
    assert not form.findChildren(QProgressBar)  # a value, no class bars
    assert "cement" in form.fields and "compressive_strength" not in form.fields


# --------------------------------------------------------------------------- the headline
def _lm_summary(reported: str, by: str) -> dict:
    best, final = {"loss": 8.76, "perplexity": 6376.0}, {"loss": 8.14, "perplexity": 3421.0}
    return {"status": "stopped", "task": "language_modeling", "steps": 100, "best_step": 22,
            "watch": "loss", "reported": reported, "reported_by": by,
            "best": {"val": best, "test": best}, "final": {"val": final, "test": final}}


def test_the_headline_names_the_checkpoint_and_shows_both_when_they_differ(page: ResultsPage) -> None:
    page.show_summary(_lm_summary("final", "loss"), "")
    assert page.scores.text().startswith("perplexity 3421")
    assert page.scores.text().endswith("on the test set, final weights (step 100)")
    other = page.other_scores.text()
    assert page.other_scores.isVisible() and other.startswith("best checkpoint (step 22): perplexity 6376")
    assert "The final weights are reported: their validation loss is better." in other
    assert page.cache.label == "final weights (step 100)"  # Try it and Generate use those weights too
    page.show_summary(_regression_summary(10), "")  # one set of weights: one line, saying so
    assert page.scores.text().endswith("best checkpoint (step 100), which is also the final weights")
    assert not page.other_scores.isVisible()
