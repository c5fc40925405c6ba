"""The bag-of-n-grams text classifier as a user meets it: it learns real text in seconds, is saved
and loaded with its run, predicts, has no attention (and says so), and is what "auto" builds."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import torch

from workbench.core import config as C
from workbench.core.data.loading import load_file
from workbench.core.defaults import fitted_config
from workbench.core.explain import attention_kind
from workbench.core.models import NgramBag, build_model, estimate, resolve_kind
from workbench.core.pipeline import load_run, predict_texts, start_run
from workbench.core.probe import AttentionProbe
from workbench.core.run import RunDir

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(scope="module")
def reviews(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """1,200 of the bundled movie-review sentences: enough for a bag of words to learn."""
    path = tmp_path_factory.mktemp("data") / "reviews.csv"
    pd.read_csv(DATASETS / "rt_polarity.csv").sample(1200, random_state=0).to_csv(path, index=False)
    return path


def _bag_config(path: Path, **model: object) -> C.RunConfig:
    cfg = C.RunConfig(name="bag")
    cfg.data.path, cfg.data.task, cfg.data.target, cfg.data.text_column = str(path), "text_classification", \
        "label", "text"
    cfg.data.max_length, cfg.data.min_freq = 48, 1
    cfg.model.kind, cfg.model.d_model, cfg.model.ngrams, cfg.model.dropout = "bag", 8, 2, 0.0
    for key, value in model.items():
        setattr(cfg.model, key, value)
    cfg.optim.lr, cfg.optim.weight_decay, cfg.optim.warmup_steps = 0.02, 0.0, 0
    cfg.train.batch_size, cfg.train.epochs, cfg.train.num_threads = 32, 4, 1
    return cfg


@pytest.fixture(scope="module")
def trained(reviews: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    cfg = _bag_config(reviews)
    probe = AttentionProbe(every=5, keep_copy=False)  # as the window and the CLI train: with the probe
    trainer = start_run(cfg, tmp_path_factory.mktemp("runs"), callbacks=[probe])
    summary = trainer.fit()
    assert trainer.run_dir is not None and probe.error == ""
    return trainer.run_dir.path, summary


def test_learns_real_sentiment_well_above_chance(trained: tuple[Path, dict]) -> None:
    _, summary = trained
    test = (summary.get("best") or summary["final"])["test"]
    assert summary["model_kind"] == "bag"
    assert test["accuracy"] > 0.62  # two balanced classes: chance is 0.5
    assert test["f1"] > 0.6


def test_saved_run_loads_and_predicts_what_it_scored(trained: tuple[Path, dict]) -> None:
    path, _ = trained
    run = load_run(path)
    assert isinstance(run.model, NgramBag)
    texts = ["a wonderful , moving and funny film", "dull , tedious and far too long", ""]
    first = predict_texts(run, texts)
    again = predict_texts(load_run(path), texts)
    assert [p["prediction"] for p in first] == [p["prediction"] for p in again]
    assert all(abs(sum(p["probabilities"].values()) - 1) < 1e-5 for p in first)
    assert first[0]["probabilities"]["1"] > first[1]["probabilities"]["1"]  # label 1: positive


def test_has_no_attention_and_keeps_no_snapshots(trained: tuple[Path, dict]) -> None:
    path, _ = trained
    run = load_run(path)
    assert attention_kind(run.model) is None
    logits, attention = run.model({"x": torch.tensor([[5, 6, 7, 0]])}, return_attention=True)
    assert attention is None and logits.shape == (1, 2)
    folder = RunDir(path).path / "attention"
    assert not folder.exists() or not any(folder.iterdir())


@pytest.mark.parametrize("ngrams", [1, 3])
def test_reads_tokens_alone_or_longer_ngrams(ngrams: int) -> None:
    spec = type("Spec", (), {"task": "text_classification", "vocab_size": 50, "max_length": 8,
                             "classes": ["a", "b", "c"]})()
    cfg = C.ModelConfig(kind="bag", d_model=8, ngrams=ngrams)
    model = build_model(cfg, spec)
    x = torch.tensor([[3, 4, 5, 0, 0, 0, 0, 0], [0] * 8])  # a blank text gives the head's bias, not NaN
    out = model({"x": x})
    assert out.shape == (2, 3) and torch.isfinite(out).all()


def test_padding_changes_nothing() -> None:
    spec = type("Spec", (), {"task": "text_classification", "vocab_size": 50, "max_length": 8,
                             "classes": ["a", "b"]})()
    model = build_model(C.ModelConfig(kind="bag", d_model=8, ngrams=2), spec).eval()
    torch.nn.init.normal_(model.head.weight)
    short, padded = torch.tensor([[3, 4, 5]]), torch.tensor([[3, 4, 5, 0, 0, 0, 0, 0]])
    assert torch.allclose(model({"x": short}), model({"x": padded}))


def test_estimate_counts_its_parameters() -> None:
    spec = type("Spec", (), {"task": "text_classification", "vocab_size": 100, "max_length": 16,
                             "classes": ["a", "b"], "block_size": 0, "n_numeric": 0, "category_sizes": []})()
    cfg = C.RunConfig()
    cfg.model.kind, cfg.model.d_model, cfg.model.ngrams = "bag", 8, 2
    est = estimate(cfg, spec)
    model = build_model(cfg.model, spec)
    assert est.params == sum(p.numel() for p in model.parameters())
    assert est.train_bytes > 4 * est.weight_bytes


def test_auto_and_fitted_defaults_build_it_for_text(reviews: Path) -> None:
    assert resolve_kind(C.ModelConfig(kind="auto"), "text_classification") == "bag"
    fitted = fitted_config(load_file(reviews)).config
    assert fitted.model.kind == "bag"
    assert any("n-gram" in note for note in fitted_config(load_file(reviews)).notes)
