"""Starting a run from another run's weights (``train.init_from``, ``core.transfer``).

A tiny language model is trained once on movie-review texts; a text classifier on the same reviews
and a language model on another text start from it. On this tiny budget the fine-tuned classifier
is not reliably better at its first evaluation than a fresh one (the README gives the numbers of a
longer measurement), so the tests assert the mechanism: the weights that fit are the parent's, the
rest start as a fresh run's would, the parent's tokenizer is reused, and the run records its parent.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest
import torch

from cli_steps import run_cli
from workbench.core import checkpoint as ckpt
from workbench.core import config as C
from workbench.core.errors import ConfigError
from workbench.core.pipeline import resume_run, start_run
from workbench.core.runs_index import read_row
from workbench.core.transfer import adopt_parent

ROOT = Path(__file__).resolve().parents[2]
REVIEWS = ROOT / "resources" / "datasets" / "rt_polarity.csv"
SHAKESPEARE = ROOT / "resources" / "datasets" / "shakespeare_1mb.txt"

pytestmark = pytest.mark.usefixtures("one_thread_each_test")


def _reviews(folder: Path) -> Path:
    """400 reviews, half positive and half negative."""
    with REVIEWS.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    pos, neg = [r for r in rows if r["label"] == "1"], [r for r in rows if r["label"] == "0"]
    path = folder / "reviews.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["text", "label"])
        writer.writeheader()
        writer.writerows(pos[:200] + neg[:200])
    return path


def _cfg(data: Path, task: str, **train: Any) -> C.RunConfig:
    cfg = C.RunConfig(name=task.split("_")[0])
    cfg.data.path, cfg.data.task, cfg.data.text_column = str(data), task, "text"
    cfg.data.target = "label" if task == "text_classification" else ""
    cfg.model.kind = "transformer" if task == "text_classification" else "auto"
    cfg.data.tokenizer, cfg.data.max_length = "word", 16
    cfg.model.d_model, cfg.model.n_layers, cfg.model.n_heads, cfg.model.block_size = 16, 1, 2, 16
    cfg.train.num_threads, cfg.train.baseline, cfg.train.sample_length = 1, False, 0
    cfg.train.batch_size, cfg.train.max_steps, cfg.train.eval_batches = 16, 6, 2
    for key, value in train.items():
        setattr(cfg.train, key, value)
    return cfg


@pytest.fixture(scope="module")
def parent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A finished tiny language model trained on the reviews' text."""
    folder = tmp_path_factory.mktemp("transfer")
    torch.set_num_threads(1)
    trainer = start_run(_cfg(_reviews(folder), "language_modeling"), folder / "runs")
    trainer.fit()
    assert trainer.run_dir is not None
    return trainer.run_dir.path


def _weights(run: Path) -> dict[str, torch.Tensor]:
    tensors, _ = ckpt.load_checkpoint(run / "checkpoints" / "best.safetensors")
    return {k.removeprefix("model."): v for k, v in tensors.items() if k.startswith("model.")}


def test_a_classifier_takes_the_embeddings_and_blocks_of_a_language_model_and_gets_a_new_head(
        parent: Path, tmp_path: Path) -> None:
    data = Path(C.load(parent / "config.toml").data.path)
    fresh = start_run(_cfg(data, "text_classification"), tmp_path / "runs")
    tuned = start_run(_cfg(data, "text_classification", init_from=str(parent)), tmp_path / "runs")
    theirs, own, new = _weights(parent), tuned.model.state_dict(), fresh.model.state_dict()
    copied = [k for k in own if k in theirs and theirs[k].shape == own[k].shape]
    assert {"wte.weight", "wpe.weight", "ln_f.weight"} <= set(copied)
    block = [k for k in own if k.startswith("blocks.0.")]
    assert block and set(block) <= set(copied)  # the whole Transformer block
    assert all(torch.equal(own[k], theirs[k]) for k in copied)  # the parent's weights, exactly
    assert not any(torch.equal(new[k], theirs[k]) for k in copied)  # which a fresh run does not have
    assert "head.weight" not in theirs  # the head is new
    assert tuned.data.tokenizer.to_dict() == json.loads((parent / "tokenizer.json").read_text("utf-8"))
    assert any("weight tensors copied" in note and "head.weight" in note for note in tuned.data.notes)

    summary = tuned.fit()
    assert summary["parent"] == str(parent)
    assert summary["init"] == {"copied": len(copied), "new": 2}  # head.weight, head.bias
    assert json.loads((tuned.run_dir.path / "summary.json").read_text("utf-8"))["parent"] == str(parent)
    assert read_row(tuned.run_dir.path).parent == str(parent)  # the Runs table's Parent column
    assert read_row(fresh.run_dir.path).parent == ""
    continued = resume_run(tuned.run_dir.path, overrides=["train.max_steps=8"]).fit()
    assert (continued["steps"], continued["parent"], continued["init"]) == (8, str(parent), summary["init"])


def test_a_language_model_continues_on_another_text_with_its_parents_vocabulary(
        parent: Path, tmp_path: Path) -> None:
    text = tmp_path / "plays.txt"
    text.write_text(SHAKESPEARE.read_text(encoding="utf-8")[:20000], encoding="utf-8")
    trainer = start_run(_cfg(text, "language_modeling", init_from=str(parent)), tmp_path / "runs")
    theirs, own = _weights(parent), trainer.model.state_dict()
    assert set(own) == set(theirs) and all(torch.equal(own[k], theirs[k]) for k in own)  # all of it
    assert (trainer.run_dir.path / "tokenizer.json").read_text("utf-8") == \
        (parent / "tokenizer.json").read_text("utf-8")
    assert any("unknown to it" in note for note in trainer.data.notes)  # another text: many unknown words
    assert trainer.fit()["init"]["new"] == 0


def test_a_missing_parent_or_one_whose_weights_do_not_fit_is_refused_before_a_run_folder_exists(
        parent: Path, tmp_path: Path) -> None:
    data = Path(C.load(parent / "config.toml").data.path)
    with pytest.raises(ConfigError, match=r"init_from.*no-such-run"):
        start_run(_cfg(data, "text_classification", init_from=str(tmp_path / "no-such-run")),
                  tmp_path / "runs")
    wide = _cfg(data, "text_classification", init_from=str(parent))
    wide.model.d_model = 32
    with pytest.raises(ConfigError, match=r"none of the weights .* fit this model \(d_model 16 there, 32 he"):
        start_run(wide, tmp_path / "runs")
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())


def test_the_command_line_starts_from_a_run_and_says_what_it_copied(
        parent: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    config = tmp_path / "clf.toml"
    C.save(_cfg(Path(C.load(parent / "config.toml").data.path), "text_classification"), config)
    code, _, err = run_cli(capsys, "train", config, "--out", tmp_path / "runs", "--no-attention", "--quiet",
                           "--set", f"train.init_from='{parent}'")
    assert code == 0, err
    assert f"note: Started from the best weights of {parent}:" in err
    assert "2 new (head.weight, head.bias)" in err


def test_choosing_a_parent_takes_its_model_shape_and_tokenizer_settings(parent: Path) -> None:
    cfg = C.RunConfig()
    adopted, notes = adopt_parent(cfg, parent)
    assert adopted.train.init_from == str(parent)
    assert (adopted.model.d_model, adopted.model.n_layers, adopted.model.n_heads) == (16, 1, 2)
    assert adopted.data.tokenizer == "word" and adopted.model.block_size == 16
    assert "[model] d_model = 16, as in " + parent.name in notes
    assert cfg.train.init_from == ""  # the config given is left alone
    assert adopted.model.kind == "auto"  # a language model goes on as one
    classifier, notes = adopt_parent(cfg, parent, task="text_classification")
    assert classifier.model.kind == "transformer"  # not the bag of words: it has no blocks to take
