"""The simple reference model beside every run: fitted on the run's own training rows, scored on its
validation and test rows with the run's own metrics, kept in metrics.jsonl and summary.json, and
printed by the CLI after the run's scores. A run with ``train.baseline = false`` has none.

The data are small slices of the bundled sets; the direct scikit-learn computations are written
out here on purpose, so a change in what the baseline fits shows as a failing number.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from itertools import pairwise
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from sklearn import metrics as skm
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.preprocessing import OneHotEncoder

from cli_steps import run_cli
from workbench.core import baseline as B
from workbench.core import config as C
from workbench.core.baseline_lm import BIGRAM_WEIGHTS
from workbench.core.baseline_words import cli_line, comparison, results_sentence
from workbench.core.callbacks import Callback
from workbench.core.data.loading import LoadedText
from workbench.core.data.prepare import PreparedData, prepare_data
from workbench.core.events import Baseline, RunEvent
from workbench.core.history import read_run
from workbench.core.pipeline import start_run
from workbench.core.trainer import Trainer

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "resources" / "datasets"
IRIS_TOML = ROOT / "resources" / "examples" / "iris.toml"

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread


def prepared(df: pd.DataFrame, **data: Any) -> PreparedData:
    cfg = C.from_dict({"data": {"val_fraction": 0.2, "test_fraction": 0.2, **data}})
    return prepare_data(df, cfg.data, cfg.model.block_size)


@pytest.fixture(scope="module")
def reviews() -> PreparedData:
    df = pd.read_csv(DATASETS / "rt_polarity.csv").sample(600, random_state=0)
    return prepared(df, task="text_classification", target="label", text_column="text", tokenizer="word")


def test_the_text_baseline_is_tfidf_and_logistic_regression_on_exactly_the_training_rows(
        reviews: PreparedData, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(B, "TEXT_C", (10.0,))  # one C, so the direct computation below is the same model
    baseline = B.fit_baseline(reviews)
    assert baseline is not None
    assert baseline.train_rows == reviews.spec.split_sizes["train"] == 360
    assert baseline.description == "a simple bag-of-words model"
    assert baseline.model == "TF-IDF of words and word pairs + logistic regression"

    texts, y = reviews.texts, {s: getattr(reviews, s)["y"].numpy() for s in ("train", "val", "test")}
    vectorizer = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"(?u)\b\w+\b",
                                 max_features=B.MAX_WORD_FEATURES, dtype=np.float32)
    model = LogisticRegression(C=10.0, max_iter=1000)
    model.fit(vectorizer.fit_transform(texts["train"]), y["train"])
    for split, scores in (("val", baseline.val), ("test", baseline.test)):
        proba = model.predict_proba(vectorizer.transform(texts[split]))
        assert len(texts[split]) == len(y[split]) == reviews.spec.split_sizes[split]
        predicted = proba.argmax(1)
        assert scores["accuracy"] == pytest.approx(skm.accuracy_score(y[split], predicted), abs=1e-9)
        assert scores["f1"] == pytest.approx(skm.f1_score(y[split], predicted, average="macro"), abs=1e-6)
        assert scores["roc_auc"] == pytest.approx(skm.roc_auc_score(y[split], proba[:, 1]), abs=1e-6)
        assert scores["loss"] == pytest.approx(skm.log_loss(y[split], proba), abs=1e-4)


def test_a_larger_training_split_is_sampled_down_to_the_cap(reviews: PreparedData) -> None:
    baseline = B.fit_baseline(reviews, max_rows=100)
    assert baseline is not None and baseline.train_rows == 100


def test_chinese_text_also_gets_character_ngrams() -> None:
    df = pd.read_csv(DATASETS / "zh_reviews.csv").sample(300, random_state=0)
    data = prepared(df, task="text_classification", target="label", text_column="text", tokenizer="char")
    assert B.unspaced(data.texts["train"]) and not B.unspaced(["the rock is destined to be great"])
    baseline = B.fit_baseline(data)
    assert baseline is not None
    assert baseline.model == "TF-IDF of words and character 1-3-grams + logistic regression"
    assert 0.5 < baseline.test["accuracy"] <= 1.0


def test_a_table_gets_the_better_on_validation_of_a_linear_model_and_boosted_trees() -> None:
    df = pd.read_csv(DATASETS / "penguins.csv")
    data = prepared(df, target="species")
    assert data.spec.categorical_columns  # island and sex: one-hot for the linear model
    baseline = B.fit_baseline(data)
    assert baseline is not None and baseline.train_rows == data.spec.split_sizes["train"]

    part = {s: getattr(data, s) for s in ("train", "val", "test")}
    num = {s: p["x_num"].numpy() for s, p in part.items()}
    cat = {s: p["x_cat"].numpy() for s, p in part.items()}
    y = {s: p["y"].numpy() for s, p in part.items()}
    onehot = OneHotEncoder(handle_unknown="ignore").fit(cat["train"])
    linear = {s: np.hstack([num[s], onehot.transform(cat[s]).toarray()]) for s in part}
    trees = {s: np.hstack([num[s], cat[s]]).astype(np.float64) for s in part}
    mask = [False] * num["train"].shape[1] + [True] * cat["train"].shape[1]
    fitted = {
        "logistic regression": (LogisticRegression(C=1.0, max_iter=2000).fit(linear["train"], y["train"]),
                                linear),
        "scikit-learn's histogram gradient boosting": (HistGradientBoostingClassifier(
            max_iter=300, categorical_features=mask, early_stopping=True, random_state=0).fit(
                trees["train"], y["train"]), trees)}
    accuracy = {name: {s: skm.accuracy_score(y[s], model.predict(x[s])) for s in ("val", "test")}
                for name, (model, x) in fitted.items()}
    best = max(fitted, key=lambda name: accuracy[name]["val"])  # ties: the linear model, listed first
    assert baseline.model == best
    assert baseline.val["accuracy"] == pytest.approx(accuracy[best]["val"])
    assert baseline.test["accuracy"] == pytest.approx(accuracy[best]["test"])


def test_a_regression_baseline_reports_rmse_mae_and_r2_in_the_targets_units() -> None:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"size": rng.uniform(10, 100, 300), "kind": rng.choice(["a", "b", "c"], 300)})
    df["price"] = 30 * df["size"] + df["kind"].map({"a": 0, "b": 500, "c": 900}) + rng.normal(0, 40, 300)
    data = prepared(df, task="regression", target="price")
    baseline = B.fit_baseline(data, budget_s=0.0)  # out of time after the first: the linear model only
    assert baseline is not None and baseline.model == "ridge regression"

    spec, onehot = data.spec, OneHotEncoder(handle_unknown="ignore").fit(data.train["x_cat"].numpy())
    def x(split: str) -> np.ndarray:
        part = getattr(data, split)
        return np.hstack([part["x_num"].numpy(), onehot.transform(part["x_cat"].numpy()).toarray()])
    model = Ridge(alpha=1.0).fit(x("train"), data.train["y"].numpy())
    actual = data.test["y"].numpy() * spec.target_std + spec.target_mean
    predicted = model.predict(x("test")) * spec.target_std + spec.target_mean
    assert baseline.test["rmse"] == pytest.approx(skm.root_mean_squared_error(actual, predicted), rel=1e-4)
    assert baseline.test["mae"] == pytest.approx(skm.mean_absolute_error(actual, predicted), rel=1e-4)
    assert baseline.test["r2"] == pytest.approx(skm.r2_score(actual, predicted), abs=1e-4)
    assert baseline.test["r2"] > 0.95  # the linear model finds the linear price


def test_a_language_models_baseline_is_bigram_counts_scored_on_the_runs_own_tokens() -> None:
    text = (DATASETS / "shakespeare_1mb.txt").read_text(encoding="utf-8")[:20000]
    cfg = C.from_dict({"data": {"tokenizer": "char", "val_fraction": 0.1, "test_fraction": 0.1,
                                "lm_val_tail": True}, "model": {"block_size": 32}})
    data = prepare_data(LoadedText(text=text, path=Path("play.txt"), encoding="utf-8"), cfg.data, 32)
    baseline = B.fit_baseline(data)
    assert baseline is not None and baseline.description == "a simple bigram model"
    assert baseline.train_rows == data.spec.split_sizes["train"]  # tokens

    train = data.train["ids"].tolist()
    pairs, before, single = Counter(pairwise(train)), Counter(train[:-1]), Counter(train)
    vocab = data.spec.vocab_size

    def loss(split: str, weight: float) -> float:
        ids = getattr(data, split)["ids"].tolist()
        end = (len(ids) - 1) // 32 * 32  # the targets of the whole windows the run scores
        total = 0.0
        for prev, nxt in pairwise(ids[:end + 1]):
            bigram = pairs[prev, nxt] / before[prev] if before[prev] else 0.0
            unigram = (single[nxt] + 1) / (len(train) + vocab)
            total -= math.log(weight * bigram + (1 - weight) * unigram)
        return total / end

    weight = min(BIGRAM_WEIGHTS, key=lambda w: loss("val", w))
    for split, scores in (("val", baseline.val), ("test", baseline.test)):
        assert scores["loss"] == pytest.approx(loss(split, weight), rel=1e-9)
        assert scores["bpc"] == pytest.approx(scores["loss"] / math.log(2))
        assert scores["perplexity"] == pytest.approx(math.exp(scores["loss"]))


def test_no_baseline_says_why_and_never_raises(reviews: PreparedData) -> None:
    reasons: list[str] = []
    iris = pd.read_csv(DATASETS / "iris.csv")
    unscored = prepared(iris, target="species", val_fraction=0.0, test_fraction=0.0)
    assert B.fit_baseline(unscored, reasons=reasons) is None
    assert reasons == ["No baseline: there are no validation or test rows to score it on."]
    broken = PreparedData(reviews.spec, reviews.tokenizer, reviews.train, reviews.val, reviews.test, [],
                          texts={"train": [None] * 360})  # type: ignore[list-item]  # what goes wrong here
    assert B.fit_baseline(broken, reasons=reasons) is None
    assert reasons[1].startswith("No baseline: it failed: ")


def test_the_baseline_event_reads_back_from_its_record() -> None:
    baseline = Baseline("ridge regression", "a simple linear model", {"rmse": 3.5, "r2": 0.8},
                        {"rmse": 4.0, "r2": 0.75}, 120, 0.4)
    assert Baseline.from_record(json.loads(json.dumps(baseline.to_record()))) == baseline
    assert Baseline.from_record(baseline.to_summary()) == baseline
    assert Baseline.from_record({"kind": "eval", "step": 3}) is None


# --- in a run -----------------------------------------------------------------------------------------
class Recorder(Callback):
    def __init__(self) -> None:
        self.events: list[RunEvent] = []

    def on_event(self, trainer: Trainer, event: RunEvent) -> None:
        self.events.append(event)


def iris_run(root: Path, baseline: bool) -> tuple[Trainer, dict[str, Any], Recorder]:
    cfg = C.apply_overrides(C.load(IRIS_TOML), ["train.epochs=1", "train.num_threads=1",
                                                f"train.baseline={str(baseline).lower()}"])
    recorder = Recorder()
    trainer = start_run(cfg, root, callbacks=[recorder])
    return trainer, trainer.fit(), recorder


def test_a_run_publishes_records_and_sums_up_its_baseline(tmp_path: Path) -> None:
    trainer, summary, recorder = iris_run(tmp_path, baseline=True)
    (event,) = [e for e in recorder.events if isinstance(e, Baseline)]
    assert event.train_rows == trainer.data.spec.split_sizes["train"] == 90
    assert summary["baseline"] == event.to_summary()
    assert set(summary["baseline"]) >= {"model", "description", "val", "test"}
    assert {"accuracy", "f1", "loss"} <= set(event.test)
    assert trainer.run_dir is not None
    lines = [json.loads(line) for line in trainer.run_dir.metrics_path.read_text().splitlines()]
    assert [line for line in lines if line["kind"] == "baseline"] == [event.to_record()]
    assert json.loads(trainer.run_dir.summary_path.read_text())["baseline"] == event.to_summary()
    history = read_run(trainer.run_dir.path)
    assert history.baseline == event
    assert all(p.step > 0 for p in history.points)  # the baseline line is no training point


def test_a_run_with_the_baseline_off_has_none(tmp_path: Path) -> None:
    trainer, summary, recorder = iris_run(tmp_path, baseline=False)
    assert "baseline" not in summary
    assert not any(isinstance(e, Baseline) for e in recorder.events)
    assert trainer.run_dir is not None and read_run(trainer.run_dir.path).baseline is None
    assert cli_line(summary) == "" and results_sentence(summary) == ""


def test_the_cli_prints_the_baseline_after_the_scores(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                                      one_thread_each_test: None) -> None:
    code, out, _ = run_cli(capsys, "train", IRIS_TOML, "--set", "train.epochs=1",
                           "--set", "train.num_threads=1", "--out", tmp_path)
    assert code == 0
    lines = out.splitlines()
    (line,) = [line for line in lines if line.startswith("baseline: ")]
    assert lines.index(line) > next(i for i, s in enumerate(lines) if s.startswith("completed after"))
    summary = json.loads(next(tmp_path.glob("*/summary.json")).read_text())
    test = summary["baseline"]["test"]["accuracy"]
    mine = (summary.get("best") or summary["final"])["test"]["accuracy"]
    assert line == (f"baseline: {summary['baseline']['description']} ({summary['baseline']['model']}) scores "
                    f"accuracy {test:.3f} on the same test rows; this run {mine:.3f}")
    code, out, _ = run_cli(capsys, "train", IRIS_TOML, "--set", "train.epochs=1",
                           "--set", "train.baseline=false", "--set", "train.num_threads=1", "--out", tmp_path)
    assert code == 0 and "baseline" not in out


def text_summary(mine: float, baseline: float, sampled: bool = False) -> dict[str, Any]:
    return {"status": "completed", "task": "text_classification", "steps": 10, "best_step": 10,
            "final": {"val": {"accuracy": 0.7}, "test": {"accuracy": mine, "f1": mine}},
            "best": {"val": {"accuracy": 0.7}, "test": {"accuracy": mine, "f1": mine}},
            "scoring": {"sampled": sampled},
            "baseline": Baseline("TF-IDF of words and word pairs + logistic regression",
                                 "a simple bag-of-words model", {"accuracy": 0.79},
                                 {"accuracy": baseline}, 5971, 2.0).to_summary()}


def test_the_sentences_say_honestly_which_model_is_better() -> None:
    lost = text_summary(mine=0.743, baseline=0.803)
    assert cli_line(lost) == ("baseline: a simple bag-of-words model (TF-IDF of words and word pairs + "
                              "logistic regression) scores accuracy 0.803 on the same test rows; "
                              "this run 0.743")
    assert results_sentence(lost) == ("A simple bag-of-words model (TF-IDF of words and word pairs + "
                                      "logistic regression) scores accuracy 80.3% on the same test rows "
                                      "(this model 74.3%): the simple model does better.")
    won = results_sentence(text_summary(0.861, 0.803))
    assert won.endswith("(this model 86.1%): this model does better.")
    assert results_sentence(text_summary(0.8031, 0.803)).endswith("(this model 80.3%): about the same.")
    assert "on the test set (this model" in results_sentence(text_summary(0.7, 0.8, sampled=True))
    regression = {"status": "completed", "task": "regression", "steps": 5, "best_step": 5,
                  "best": {"test": {"rmse": 547.0, "r2": 0.9}},
                  "baseline": {"model": "scikit-learn's histogram gradient boosting",
                               "description": "a gradient-boosted tree model", "val": {},
                               "test": {"rmse": 527.0}}}
    found = comparison(regression)
    assert found is not None and found.baseline_wins  # lower RMSE is better
    assert results_sentence(regression).startswith("A gradient-boosted tree model (scikit-learn's histogram "
                                                   "gradient boosting) scores RMSE 527 on the same test rows "
                                                   "(this model 547)")
