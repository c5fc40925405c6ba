"""ROC and precision-recall curves and their areas, checked against scikit-learn; the predictions a
classification run keeps for its curves and confusion cells."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
from sklearn.preprocessing import label_binarize

from workbench.core import class_predictions as cp
from workbench.core import config as C
from workbench.core import curves
from workbench.core.errors import CheckpointError
from workbench.core.pipeline import start_run

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("one_thread")


def _scores(n: int, classes: int, seed: int, ties: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Labels and softmax probabilities that are informative but not perfect."""
    rng = np.random.default_rng(seed)
    y = rng.integers(0, classes, n)
    logits = rng.normal(0, 1, (n, classes)) + 1.5 * np.eye(classes)[y]
    if ties:
        logits = np.round(logits, 1)  # many equal scores: ties must count half, as sklearn's do
    p = np.exp(logits)
    return y, p / p.sum(1, keepdims=True)


@pytest.mark.parametrize("ties", [False, True])
def test_binary_curve_points_and_areas_match_scikit_learn(ties: bool) -> None:
    y, p = _scores(400, 2, seed=1, ties=ties)
    got = curves.class_curves(y, p, ["neg", "pos"])
    assert got.binary and got.names() == ["pos"]
    fpr, tpr, thr = roc_curve(y, p[:, 1], drop_intermediate=False)
    roc = got.roc["pos"]
    np.testing.assert_allclose(roc.x, fpr)
    np.testing.assert_allclose(roc.y, tpr)
    np.testing.assert_allclose(roc.thresholds[1:], thr[1:])
    assert got.roc_auc == pytest.approx(roc_auc_score(y, p[:, 1]), abs=1e-12)
    precision, recall, _ = precision_recall_curve(y, p[:, 1])
    pr = got.pr["pos"]
    # scikit-learn lists the PR points from the lowest threshold up: the same points, reversed.
    np.testing.assert_allclose(pr.x, recall[::-1])
    np.testing.assert_allclose(pr.y, precision[::-1])
    assert got.average_precision == pytest.approx(average_precision_score(y, p[:, 1]), abs=1e-12)


def test_multi_class_one_vs_rest_and_averages_match_scikit_learn() -> None:
    y, p = _scores(600, 4, seed=2)
    names = ["a", "b", "c", "d"]
    got = curves.class_curves(y, p, names)
    assert got.names() == [curves.MACRO, curves.MICRO, *names]
    onehot = label_binarize(y, classes=range(4))
    assert got.roc_auc == pytest.approx(roc_auc_score(y, p, multi_class="ovr", average="macro"), abs=1e-12)
    assert got.roc[curves.MICRO].score == pytest.approx(roc_auc_score(onehot, p, average="micro"), abs=1e-12)
    assert got.average_precision == pytest.approx(average_precision_score(onehot, p, average="macro"),
                                                  abs=1e-12)
    assert got.pr[curves.MICRO].score == pytest.approx(average_precision_score(onehot, p, average="micro"),
                                                       abs=1e-12)
    for k, name in enumerate(names):
        assert got.roc[name].score == pytest.approx(roc_auc_score(y == k, p[:, k]), abs=1e-12)
        assert got.pr[name].score == pytest.approx(average_precision_score(y == k, p[:, k]), abs=1e-12)
    macro = got.roc[curves.MACRO]
    assert macro.x[0] == 0 and macro.x[-1] == 1 and macro.y[-1] == pytest.approx(1.0)
    assert np.all(np.diff(macro.y) >= -1e-12)  # a mean of rising curves rises
    summary = got.to_summary()
    assert summary["roc_auc"] == pytest.approx(got.roc_auc, abs=1e-6)
    assert set(summary["per_class"]) == set(names)  # type: ignore[arg-type]
    assert got.roc["b"].label.startswith("b (AUC 0.") and got.pr["b"].label.startswith("b (AP 0.")


def test_a_class_absent_from_the_rows_has_no_area_and_the_averages_skip_it() -> None:
    y, p = _scores(300, 3, seed=3)
    y[y == 2] = 0  # class "c" never occurs
    got = curves.class_curves(y, p, ["a", "b", "c"])
    assert math.isnan(got.roc["c"].score) and math.isnan(got.pr["c"].score)
    assert got.roc_auc == pytest.approx((got.roc["a"].score + got.roc["b"].score) / 2)
    assert got.to_summary()["per_class"]["c"] == {"roc_auc": None, "average_precision": None}  # type: ignore[index]


def test_curve_csv_has_one_row_per_point() -> None:
    y, p = _scores(50, 3, seed=4)
    got = curves.class_curves(y, p, ["a", "b", "c"])
    lines = curves.curves_csv(got, "pr").splitlines()
    assert lines[0] == "curve,recall,precision,threshold,average_precision"
    assert len(lines) == 1 + sum(c.x.size for c in got.pr.values())
    header = curves.curves_csv(got, "roc").splitlines()[0]
    assert header.startswith("curve,false_positive_rate,true_positive_rate")


# ------------------------------------------------------------------ what a run keeps
def _train(root: Path, name: str, data: dict, model: dict) -> Path:
    cfg = C.from_dict({"name": name, "data": data, "model": model, "optim": {"lr": 3e-3},
                       "train": {"device": "cpu", "batch_size": 32, "max_steps": 40, "eval_interval": 20,
                                 "num_threads": 1, "sample_length": 0}})
    trainer = start_run(cfg, root)
    trainer.fit()
    assert trainer.run_dir is not None
    return trainer.run_dir.path


@pytest.fixture(scope="module")
def iris(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _train(tmp_path_factory.mktemp("runs"), "iris",
                  {"path": str(ROOT / "resources/datasets/iris.csv"), "target": "species"},
                  {"kind": "mlp", "hidden": [16]})


def test_a_multi_class_run_reports_roc_auc_and_keeps_its_test_predictions(iris: Path) -> None:
    summary = json.loads((iris / "summary.json").read_text(encoding="utf-8"))
    kept = cp.load(iris)
    assert kept is not None and kept.kind == "table" and kept.split == "test"
    assert summary["curves"]["checkpoint"] == kept.checkpoint == summary["reported"]
    assert kept.scored == kept.rows == len(kept.actual) == summary["scoring"]["total"]["test"]
    # The summary's ROC-AUC is scikit-learn's macro one-vs-rest over the kept test rows.
    probs = kept.probabilities / kept.probabilities.sum(1, keepdims=True)  # the file keeps 5 decimals
    expected = roc_auc_score(kept.actual, probs, multi_class="ovr", average="macro")
    assert summary["curves"]["roc_auc"] == pytest.approx(expected, abs=1e-4)
    assert summary["curves"]["roc_auc_micro"] is not None and len(summary["curves"]["per_class"]) == 3
    # The kept rows give the confusion matrix the summary reports.
    assert kept.confusion().tolist() == summary[kept.checkpoint]["test"]["confusion"]
    # Each example is the row the model read, in the table's own units and categories.
    assert set(kept.examples[0]) == {"sepal_length", "sepal_width", "petal_length", "petal_width"}
    assert 4.0 <= kept.examples[0]["sepal_length"] <= 8.0


def test_a_binary_run_keeps_the_predictions_of_the_weights_its_headline_reports(tmp_path: Path) -> None:
    reviews = tmp_path / "reviews.csv"
    table = pd.read_csv(ROOT / "resources/datasets/rt_polarity.csv")
    table.sample(300, random_state=2).to_csv(reviews, index=False)
    run = _train(tmp_path, "reviews", {"path": str(reviews), "max_length": 24},
                 {"kind": "transformer", "d_model": 16, "n_layers": 1, "n_heads": 2})
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    kept = cp.load(run)
    assert kept is not None and kept.kind == "text" and kept.checkpoint == summary["reported"]
    test = summary[kept.checkpoint]["test"]
    # The evaluation's own ROC-AUC (metrics.roc_auc, a rank sum) and confusion matrix: the same rows
    # and the same weights as the kept predictions.
    assert summary["curves"]["roc_auc"] == pytest.approx(test["roc_auc"], abs=1e-6)
    assert kept.confusion().tolist() == test["confusion"]
    assert all(isinstance(text, str) and text for text in kept.examples)


def test_a_confusion_cell_lists_its_rows_most_confident_first() -> None:
    probs = np.array([[0.7, 0.3], [0.2, 0.8], [0.4, 0.6], [0.9, 0.1], [0.1, 0.9]], dtype=np.float32)
    kept = cp.ClassPredictions("test", ["no", "yes"], np.array([0, 0, 0, 1, 1]), probs,
                               ["a", "b", "c", "d", "e"], "text", 5, 5)
    assert kept.cell(0, 1) == [1, 2]  # true "no", said "yes": 0.8 before 0.6
    assert kept.cell(1, 0) == [3] and kept.cell(0, 0) == [0] and kept.cell(1, 1) == [4]
    assert kept.confusion().tolist() == [[1, 2], [1, 1]]


def test_predictions_round_trip_and_a_damaged_file_is_refused(tmp_path: Path) -> None:
    kept = cp.ClassPredictions("test", ["x", "y"], np.array([1, 0]), np.array([[0.25, 0.75], [0.5, 0.5]]),
                               ["one", "two"], "text", 9, 2, "best", 30)
    cp.save(tmp_path, kept)
    back = cp.load(tmp_path)
    assert back is not None and back.examples == ["one", "two"] and back.step == 30 and back.rows == 9
    np.testing.assert_allclose(back.probabilities, kept.probabilities)
    assert cp.load(tmp_path / "nowhere") is None
    (tmp_path / cp.FILE).write_text('{"format": "workbench-class-predictions-1", "classes": ["x"]}',
                                    encoding="utf-8")
    with pytest.raises(CheckpointError, match="not a predictions file"):
        cp.load(tmp_path)
