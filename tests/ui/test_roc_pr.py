"""The Results page's ROC/PR view, the examples behind a confusion-matrix cell (opened in Try it
and the attention view), and the export of these charts."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QComboBox, QLineEdit
from sklearn.metrics import average_precision_score, roc_auc_score

from workbench.core import class_predictions as cp
from workbench.core import config as C
from workbench.core.pipeline import start_run
from workbench.ui.pages.results_page import ResultsPage
from workbench.ui.widgets.background import Background
from workbench.ui.widgets.roc_pr import AVERAGES, EVERY_CLASS, RocPrView

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("one_thread")


def _predictions(classes: list[str], n: int = 300, seed: int = 0) -> cp.ClassPredictions:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, len(classes), n)
    logits = rng.normal(0, 1, (n, len(classes))) + 1.2 * np.eye(len(classes))[y]
    p = np.exp(logits) / np.exp(logits).sum(1, keepdims=True)
    return cp.ClassPredictions("test", classes, y, p.astype(np.float32), [f"text {i}" for i in range(n)],
                               "text", n, n, "best", 40)


def test_multi_class_curves_offer_averages_each_class_and_show_their_areas(qtbot: Any,
                                                                            tmp_path: Path) -> None:
    view = RocPrView()
    qtbot.addWidget(view)
    view.resize(1000, 500)
    kept = _predictions(["ant", "bee", "cat"])
    view.set_predictions(kept)
    items = [view.selector.itemText(i) for i in range(view.selector.count())]
    assert items == [AVERAGES, EVERY_CLASS, "ant", "bee", "cat"] and view.selector.isVisibleTo(view)
    macro = roc_auc_score(kept.actual, kept.probabilities.astype(np.float64) /
                          kept.probabilities.sum(1, keepdims=True), multi_class="ovr")
    roc_legend = view.legend_texts("roc")
    assert roc_legend[0] == f"macro average (AUC {macro:.3f})"
    assert roc_legend[1].startswith("micro average (AUC")
    view.choose("bee")
    ap = average_precision_score(kept.actual == 1, kept.probabilities[:, 1])
    assert view.legend_texts("pr")[0] == f"bee (AP {ap:.3f})"
    assert view.legend_texts("pr")[1].startswith("macro average (AP")
    view.choose(EVERY_CLASS)
    assert [t.split(" (")[0] for t in view.legend_texts("roc")] == ["macro average", "ant", "bee", "cat"]
    # Both charts export as PNG, SVG and CSV.
    png, svg, csv = (view.roc_export.save(kind, tmp_path / f"roc.{kind}") for kind in ("png", "svg", "csv"))
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    drawing = svg.read_text(encoding="utf-8")  # drawn from the curves: lines and text stay vectors
    assert 'xmlns="http://www.w3.org/2000/svg"' in drawing and ">false-positive rate<" in drawing
    assert f">macro average (AUC {macro:.3f})<" in drawing and drawing.count("<polyline") >= 5
    assert csv.read_text(encoding="utf-8").startswith("curve,false_positive_rate,true_positive_rate")
    pr_csv = view.pr_export.save("csv", tmp_path / "pr.csv").read_text(encoding="utf-8")
    assert pr_csv.startswith("curve,recall")


def test_a_binary_classifier_has_one_curve_of_each_kind_and_no_selector(qtbot: Any) -> None:
    view = RocPrView()
    qtbot.addWidget(view)
    kept = _predictions(["neg", "pos"])
    view.set_predictions(kept)
    assert not view.selector.isVisibleTo(view)
    auc = roc_auc_score(kept.actual, kept.probabilities[:, 1])
    assert view.legend_texts("roc") == [f"pos (AUC {auc:.3f})"] and len(view.legend_texts("pr")) == 1
    view.set_predictions(None)
    assert view.legend_texts("roc") == [] and "No curves" in view.caption.text()


# ------------------------------------------------------------------ a real run on the page
def _train(root: Path, name: str, data: dict, model: dict) -> str:
    cfg = C.from_dict({"name": name, "data": data, "model": model, "optim": {"lr": 3e-3},
                       "train": {"device": "cpu", "batch_size": 32, "max_steps": 30, "eval_interval": 15,
                                 "num_threads": 1, "sample_length": 0}})
    trainer = start_run(cfg, root)
    trainer.fit()
    assert trainer.run_dir is not None
    return str(trainer.run_dir.path)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("runs")
    reviews = root / "reviews.csv"
    table = pd.read_csv(ROOT / "resources/datasets/rt_polarity.csv")
    table.sample(240, random_state=1).to_csv(reviews, index=False)
    return {"text": _train(root, "reviews", {"path": str(reviews), "max_length": 32},
                           {"kind": "transformer", "d_model": 16, "n_layers": 1, "n_heads": 2}),
            "table": _train(root, "penguins", {"path": str(ROOT / "resources/datasets/penguins.csv"),
                                               "target": "species"}, {"kind": "mlp", "hidden": [16]})}


@pytest.fixture
def page(qtbot: Any, background: Background) -> Iterator[ResultsPage]:
    widget = ResultsPage(background)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    yield widget
    qtbot.waitUntil(lambda: not background.is_busy(), timeout=10000)


def _show(qtbot: Any, page: ResultsPage, run: str) -> cp.ClassPredictions:
    page.show_summary(json.loads((Path(run) / "summary.json").read_text(encoding="utf-8")), run)
    # The kept predictions are read on the pool: a run that ends does not stall the window.
    qtbot.waitUntil(lambda: page.cells.predictions is not None, timeout=10000)
    kept = cp.load(run)
    assert kept is not None
    return kept


def _click_cell(qtbot: Any, page: ResultsPage, true: int, predicted: int, double: bool = False) -> None:
    page.tabs.setCurrentIndex(page._tab["Confusion matrix"])
    matrix = page.confusion
    scene = matrix.getPlotItem().getViewBox().mapViewToScene(QPointF(predicted + 0.5, true + 0.5))
    qtbot.mouseClick(matrix.viewport(), Qt.MouseButton.LeftButton, pos=matrix.mapFromScene(scene))


def test_clicking_a_cell_lists_its_examples_and_double_clicking_one_opens_it_in_try_it(
        qtbot: Any, page: ResultsPage, runs: dict[str, str], tmp_path: Path) -> None:
    kept = _show(qtbot, page, runs["text"])
    assert page.tabs.isTabVisible(page._tab["Curves"]) and page.curves.legend_texts("roc")
    true, said = max(((t, p) for t in range(2) for p in range(2)), key=lambda c: len(kept.cell(*c)))
    _click_cell(qtbot, page, true, said)
    cells = page.cells
    assert cells.cell == (true, said) and cells.table.rowCount() == len(kept.cell(true, said))
    first = kept.cell(true, said)[0]
    assert cells.table.item(0, 0).text() == kept.examples[first][:300]
    assert cells.table.item(0, 1).text() == f"{kept.classes[said]}: {kept.probabilities[first, said]:.1%}"
    assert cells.inspect_button.isVisible()  # a Transformer: its attention can be shown
    with qtbot.waitSignal(page.sig_inspect_example, timeout=2000) as inspected:
        cells.inspect_button.click()
    assert inspected.args == [kept.examples[first]]
    cells.table.cellDoubleClicked.emit(0, 0)
    assert page.tabs.currentWidget() is page.try_it and page.try_it.input.text() == kept.examples[first]
    qtbot.waitUntil(lambda: page.try_it.prediction.text().startswith("→"), timeout=20000)
    # The matrix, now exportable, saves its counts as CSV and its picture as PNG and SVG.
    csv = cells.export.save("csv", tmp_path / "cm.csv").read_text(encoding="utf-8").splitlines()
    assert csv[0] == "true \\ predicted,0,1" and len(csv) == 3
    assert cells.export.save("svg", tmp_path / "cm.svg").read_text(encoding="utf-8").count("<svg") == 1
    assert cells.export.save("png", tmp_path / "cm.png").stat().st_size > 1000


def test_a_table_row_opens_in_the_try_it_form_with_its_values(
        qtbot: Any, page: ResultsPage, runs: dict[str, str]) -> None:
    kept = _show(qtbot, page, runs["table"])
    qtbot.waitUntil(lambda: bool(page.try_table.fields), timeout=20000)
    true = int(kept.actual[0])
    _click_cell(qtbot, page, true, int(kept.predicted[0]))
    assert not page.cells.inspect_button.isVisible()  # an MLP has no attention
    row = page.cells.example(0)
    page.cells.open_button.click()
    assert page.tabs.currentWidget() is page.try_table
    for column, value in row.items():
        field = page.try_table.fields[column]
        if isinstance(field, QLineEdit):
            assert field.text() == ("" if value is None else f"{value:.6g}")
        elif value is not None:
            assert isinstance(field, QComboBox) and field.currentText() == value
    qtbot.waitUntil(lambda: page.try_table.prediction.text().startswith("→"), timeout=20000)


def test_file_export_report_writes_the_run_on_the_results_page(
        qtbot: Any, window: Any, runs: dict[str, str], tmp_path: Path,
        dialogs: list[tuple[str, str]]) -> None:
    from PySide6.QtGui import QAction

    from workbench.ui.shell.report_export import export_report

    action = window.findChild(QAction, "export-report")
    assert action is not None and action.text() == "Export &report…"
    out = tmp_path / "shared.html"
    export_report(window, str(out))  # no run shown yet
    assert dialogs[-1][0] == "No run to report" and not out.exists()
    run = runs["table"]
    summary = json.loads((Path(run) / "summary.json").read_text(encoding="utf-8"))
    window.results_page.show_summary(summary, run)
    export_report(window, str(out))
    qtbot.waitUntil(out.exists, timeout=30000)
    html = out.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and 'id="curves"' in html and 'id="confusion"' in html
    qtbot.waitUntil(lambda: "Report saved" in window.statusBar().currentMessage(), timeout=5000)


def test_show_its_attention_opens_the_example_in_the_attention_tab(
        qtbot: Any, window: Any, runs: dict[str, str]) -> None:
    run = runs["text"]
    summary = json.loads((Path(run) / "summary.json").read_text(encoding="utf-8"))
    page = window.results_page
    page.show_summary(summary, run)
    qtbot.waitUntil(lambda: page.cells.predictions is not None, timeout=10000)
    kept = cp.load(run)
    assert kept is not None
    page.cells.show_cell(int(kept.actual[0]), int(kept.predicted[0]))
    page.cells.inspect_button.click()
    assert page.tabs.currentWidget() is window.attention
    attention = window.attention
    qtbot.waitUntil(lambda: attention.display.shown is not None and attention.example == -1, timeout=30000)
    # Its tokens are the example's words, as the model read it (unknown words come back as <unk>).
    known = [t for t in attention.display.shown.tokens if t not in ("[CLS]", "<unk>")]
    assert known and set(known) <= set(page.cells.example(0).split())
