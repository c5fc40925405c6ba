"""The Results page in Simplified Chinese: after a tiny classification, regression and text run,
every tab shows no English but the data's own words (column names, class labels)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.ui.chinese import english_left, english_words
from tests.ui.window_steps import small_iris_run
from workbench.core import config as C
from workbench.core.pipeline import start_run
from workbench.ui.pages.results_page import ResultsPage
from workbench.ui.widgets.background import Background

ROOT = Path(__file__).resolve().parents[2]
IRIS = ["sepal_length", "sepal_width", "petal_length", "petal_width", "species", "setosa", "versicolor",
        "virginica"]
CONCRETE = (ROOT / "tests/data/tables/concrete.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
TEXTS = ["neg", "pos", "ROMEO"]  # a text run's labels; the Generate box's example prompt (Shakespeare)
PRODUCTS = ["scikit-learn"]  # a baseline model's library, named as it is

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread


def summary_of(run_dir: Path | str) -> dict:
    return json.loads((Path(run_dir) / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A tiny iris classifier and a tiny regression on the concrete table."""
    root = tmp_path_factory.mktemp("runs")
    iris = small_iris_run(root, ["train.max_steps=12", "train.eval_interval=6", "model.hidden=[8]"])
    cfg = C.from_dict({"name": "concrete", "model": {"kind": "mlp", "hidden": [8], "dropout": 0.0},
                       "data": {"path": str(ROOT / "tests/data/tables/concrete.csv"), "task": "regression",
                                "target": "compressive_strength"},
                       "train": {"device": "cpu", "batch_size": 32, "max_steps": 12, "eval_interval": 6,
                                 "baseline": False}})
    trainer = start_run(cfg, root)
    trainer.fit()
    assert trainer.run_dir is not None
    text = C.apply_overrides(C.load(ROOT / "resources/examples/chinese-reviews.toml"), [
        "model.d_model=16", "data.max_length=32", "train.max_steps=6", "train.eval_interval=3",
        "train.baseline=false", "train.device=cpu"])
    texts = start_run(text, root)
    texts.fit()
    assert texts.run_dir is not None
    return {"iris": str(iris), "regression": str(trainer.run_dir.path), "text": str(texts.run_dir.path)}


@pytest.fixture
def page(chinese: Any, qtbot: Any, background: Background) -> Iterator[ResultsPage]:
    widget = ResultsPage(background)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    yield widget
    qtbot.waitUntil(lambda: not background.is_busy(), timeout=10000)


def _left(page: ResultsPage, allowed: list[str]) -> list[str]:
    """English left on the page, less what widgets this page borrows show (the glossary's "?"
    buttons, the health banners and the confusion matrix chart are translated where they live)."""
    allowed = [*allowed, *PRODUCTS]
    borrowed = {*english_left(page.metric_help, allowed), *english_left(page.health, allowed),
                *english_left(page.confusion, allowed)}
    return [line for line in english_left(page, allowed) if line not in borrowed]


def _each_tab(page: ResultsPage, allowed: list[str]) -> list[str]:
    """What is left in English on every visible tab (each shown in turn), with the headline."""
    found: list[str] = []
    for index in range(page.tabs.count()):
        if page.tabs.isTabVisible(index):
            page.tabs.setCurrentIndex(index)
            found += _left(page, allowed)
    return list(dict.fromkeys(found))


def test_an_empty_results_page_is_in_chinese(page: ResultsPage) -> None:
    assert _left(page, []) == []


def test_a_classification_run_is_in_chinese(page: ResultsPage, qtbot: Any, runs: dict[str, str]) -> None:
    run_dir = runs["iris"]
    page.show_summary(summary_of(run_dir), run_dir)
    qtbot.waitUntil(lambda: page.tabs.isTabVisible(page.tabs.indexOf(page.curves)), timeout=20000)
    qtbot.waitUntil(lambda: page.try_table.prediction.text().startswith("→"), timeout=20000)
    page.tabs.setCurrentIndex(page.tabs.indexOf(page.curves))
    page.curves.choose(page.curves.selector.itemData(1))  # every class
    page.cells.show_cell(0, 0)  # a cell's examples listed under the matrix
    assert page.cells.table.rowCount() > 0
    page.cells.show_cell(1, 2)
    assert "宏平均" in " ".join(page.curves.legend_texts("roc"))
    left = _each_tab(page, IRIS)
    assert left == [], "\n".join(left)
    names = [item.text() for row in range(page.metrics.rowCount()) if (item := page.metrics.item(row, 0))]
    assert "准确率" in names and english_words(" ".join(names)) == []  # the All-metrics table's rows
    menu = page.curves.roc_export.menu()
    assert [a.text() for a in menu.actions()] == ["另存为 PNG…", "另存为 SVG…", "将数据另存为 CSV…"]


def test_a_regression_run_is_in_chinese(page: ResultsPage, qtbot: Any, runs: dict[str, str]) -> None:
    run_dir = runs["regression"]
    page.show_summary(summary_of(run_dir), run_dir)
    qtbot.waitUntil(lambda: page.try_table.prediction.text().startswith("→"), timeout=20000)
    assert english_left(page.predictions.caption, CONCRETE) == []
    left = _each_tab(page, CONCRETE)
    assert left == [], "\n".join(left)


def test_a_text_run_is_in_chinese(page: ResultsPage, qtbot: Any, runs: dict[str, str]) -> None:
    run_dir = runs["text"]
    page.show_summary(summary_of(run_dir), run_dir)
    qtbot.waitUntil(lambda: page.tabs.isTabVisible(page.tabs.indexOf(page.curves)), timeout=20000)
    page.cells.show_cell(0, 1)
    page.cells.show_cell(1, 1)
    page.try_it.input.setText("一部温暖、有趣又感人的电影")
    page.try_it.classify()
    qtbot.waitUntil(lambda: page.try_it.prediction.text().startswith("→"), timeout=20000)
    left = _each_tab(page, ["label", "text", "0", "1"])
    assert left == [], "\n".join(left)


def test_the_text_boxes_are_in_chinese(page: ResultsPage) -> None:
    """Try it (texts) and Generate, as a text or language-model run shows them."""
    page.try_it.show_result({"prediction": "pos", "probabilities": {"pos": 0.8, "neg": 0.2}})
    assert english_left(page.try_it, TEXTS) == []
    assert english_left(page.generate, TEXTS) == []


def test_a_baseline_sentence_and_the_headline_are_in_chinese(page: ResultsPage) -> None:
    metrics = {"loss": 0.5, "accuracy": 0.74, "f1": 0.73}
    best = {"loss": 0.4, "accuracy": 0.80, "f1": 0.79}
    summary = {"status": "completed", "task": "text_classification", "steps": 300, "total_steps": 300,
               "best_step": 120, "watch": "accuracy", "epochs": 2.0, "device": "cpu", "params": 1234,
               "model_kind": "transformer", "final": {"test": metrics, "val": metrics},
               "best": {"test": best, "val": best}, "reported": "best", "reported_by": "accuracy",
               "baseline": {"model": "TF-IDF of words and word pairs + logistic regression",
                            "description": "a simple bag-of-words model", "val": {"accuracy": 0.81},
                            "test": {"accuracy": 0.803}, "train_rows": 100, "seconds": 0.1}}
    page.show_summary(summary, "")
    sentence = page.baseline.text()
    assert sentence.startswith("简单的词袋模型") and "TF-IDF + 逻辑回归" in sentence
    assert "在同样的测试行上的准确率为 80.3%" in sentence and sentence.endswith("简单模型表现更好。")
    left = _left(page, TEXTS)
    assert left == [], "\n".join(left)
    failed = {"status": "failed", "task": "text_classification", "steps": 40, "total_steps": 300,
              "last_eval": {"step": 40, "split": "val", "loss": 0.6, "accuracy": 0.7}}
    page.show_summary(failed, "")
    assert "第 40 步，验证集" in page.scores.text()
    left = _each_tab(page, TEXTS)
    assert left == [], "\n".join(left)
