"""Data-fitted defaults: a new file gets a setup that suits it, each choice explained.

Each fitting times a few steps of its model (well under a second for these small files), so the
cadence it picks depends on this machine; the checks are on what holds on any machine.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import torch

from workbench.cli import main
from workbench.core import config as C
from workbench.core.data.loading import load_file
from workbench.core.defaults import BAG_LENGTH_CAP, LM_WORD_VOCAB, MAX_LENGTH_CAP, Fitted, fitted_config
from workbench.core.problems import validate
from workbench.core.tokenizers import WordTokenizer

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "resources" / "datasets"
EXAMPLES = ROOT / "resources" / "examples"

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.fixture(autouse=True)
def _restore_threads() -> Any:
    # `workbench train` sets torch's thread count for the process; keep it from leaking.
    before = torch.get_num_threads()
    yield
    torch.set_num_threads(before)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("files")
    # Reviews of 1 to 200 words, one of each length: 95 % of them have at most 190 words.
    words = ["a", "fine", "film", "with", "a", "moving", "story", "and", "a", "dull", "end"]
    texts = [" ".join(words[i % len(words)] for i in range(n)) for n in range(1, 201)]
    reviews = pd.DataFrame({"review": texts, "label": ["pos", "neg"] * 100})
    reviews.to_csv(root / "reviews.csv", index=False)
    text = (DATASETS / "shakespeare_1mb.txt").read_text(encoding="utf-8")
    (root / "tiny.txt").write_text(text[:5000], encoding="utf-8")
    return {"reviews": root / "reviews.csv", "tiny": root / "tiny.txt", "iris": DATASETS / "iris.csv",
            "shakespeare": DATASETS / "shakespeare_1mb.txt"}


def fit(path: Path, base: C.RunConfig | None = None, keep: tuple[str, ...] = ()) -> Fitted:
    return fitted_config(load_file(path), base, keep=keep)


def run_length(cfg: C.RunConfig, train_rows: int) -> int:
    """The steps the trainer will take (the same arithmetic as ``TaskRunner.steps_per_epoch``)."""
    return cfg.train.max_steps or cfg.train.epochs * math.ceil(train_rows / cfg.train.batch_size)


def check_cadence(cfg: C.RunConfig, total: int) -> None:
    """A warm-up shorter than the run, evaluations and loss points within it."""
    t = cfg.train
    assert cfg.optim.warmup_steps < total / 4
    assert 1 <= t.eval_interval <= total and 1 <= t.log_interval <= 10


def test_a_table_gets_a_small_network_and_nothing_of_the_text_example_before_it(files: dict) -> None:
    # The window had the Shakespeare example open (a GPT, 100 warm-up steps, characters...).
    before = C.load(EXAMPLES / "shakespeare.toml")
    before.data.path = str(files["iris"])
    fitted = fit(files["iris"], before)
    cfg = fitted.config
    assert validate(cfg) == []
    assert cfg.name == "iris" and cfg.data.path == str(files["iris"])
    assert (cfg.data.task, cfg.data.target) == ("tabular_classification", "species")
    assert cfg.model.kind == "mlp" and cfg.optim.warmup_steps == 0 and cfg.train.max_steps == 0
    assert cfg.train.sample_length == C.TrainConfig().sample_length  # the example's settings are gone
    assert (cfg.data.val_fraction, cfg.data.test_fraction) == (0.2, 0.2)  # 150 rows: bigger held-out shares
    train_rows = 90
    assert cfg.train.batch_size <= train_rows
    check_cadence(cfg, run_length(cfg, train_rows))
    assert cfg.train.eval_batches == 0  # 30 validation rows: all of them, every time
    assert any("MLP" in note for note in fitted.notes) and any("warm-up" in note for note in fitted.notes)


def test_a_text_transformer_reads_95_percent_of_the_texts_whole(files: dict) -> None:
    base = C.RunConfig()
    base.model.kind = "transformer"
    fitted = fit(files["reviews"], base, keep=("model.kind",))
    cfg = fitted.config
    assert validate(cfg) == []
    assert (cfg.data.task, cfg.data.target) == ("text_classification", "label")
    assert cfg.data.text_column == "review"
    assert cfg.model.kind == "transformer" and cfg.data.tokenizer == "word"
    assert cfg.data.max_length == 192  # 190 words cover 95 %, rounded up to a multiple of 8
    tokenizer = WordTokenizer(["<pad>", "<unk>"], lowercase=True)
    lengths = [len(tokenizer.pieces(t)) for t in pd.read_csv(files["reviews"])["review"]]
    assert 0.95 <= sum(n <= cfg.data.max_length for n in lengths) / len(lengths) < 1
    note = next(n for n in fitted.notes if n.startswith("Max length"))
    assert "192 tokens" in note and "96%" in note and "'review'" in note
    check_cadence(cfg, run_length(cfg, train_rows=120))


def test_the_default_text_model_is_a_bag_of_ngrams_reading_99_percent_whole(files: dict) -> None:
    fitted = fit(files["reviews"])
    cfg = fitted.config
    assert validate(cfg) == []
    assert cfg.model.kind == "bag" and cfg.model.ngrams == 2 and cfg.data.tokenizer == "word"
    assert cfg.data.max_length == 200  # 198 words cover 99 %, rounded up to a multiple of 8
    assert any("n-grams" in note for note in fitted.notes)
    check_cadence(cfg, run_length(cfg, train_rows=120))


def test_max_length_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "long.csv"
    pd.DataFrame({"text": [" ".join(["word"] * 600)] * 40 + [" ".join(["other"] * 1100)] * 40,
                  "label": ["a"] * 40 + ["b"] * 40}).to_csv(path, index=False)
    base = C.RunConfig()
    base.model.kind = "transformer"  # attention's cost grows with the square of the length
    assert fit(path, base, keep=("model.kind",)).config.data.max_length == MAX_LENGTH_CAP
    assert fit(path).config.data.max_length == BAG_LENGTH_CAP  # the bag's, in proportion


def test_a_text_file_gets_a_character_gpt_with_a_short_cadence(files: dict) -> None:
    fitted = fit(files["tiny"])
    cfg = fitted.config
    assert validate(cfg) == []
    assert cfg.data.task == "language_modeling" and cfg.model.kind == "gpt"
    assert cfg.data.tokenizer == "char" and not cfg.data.lowercase and cfg.train.sample_length > 0
    assert cfg.data.test_fraction == 0.0 and cfg.model.block_size <= 64
    check_cadence(cfg, cfg.train.max_steps)
    assert any(note.startswith("Characters as tokens") for note in fitted.notes)


def test_a_large_text_is_evaluated_on_a_sample(files: dict) -> None:
    cfg = fit(files["shakespeare"]).config
    val_windows = int(len(files["shakespeare"].read_text(encoding="utf-8")) * 0.1) // cfg.model.block_size
    # Each check scores a fixed sample, not the whole (growing with the file) validation text.
    assert 0 < cfg.train.eval_batches * 2 * cfg.train.batch_size < val_windows
    check_cadence(cfg, cfg.train.max_steps)


def test_a_word_language_model_keeps_its_vocabulary_small(files: dict) -> None:
    base = C.RunConfig()
    base.data.tokenizer = "word"
    cfg = fit(files["tiny"], base, keep=("data.tokenizer",)).config
    assert cfg.data.tokenizer == "word" and cfg.data.vocab_size == LM_WORD_VOCAB
    assert validate(cfg) == []


def test_kept_settings_stay_as_given_and_get_no_note(files: dict) -> None:
    base = C.RunConfig(name="mine")
    base.train.epochs, base.optim.lr, base.train.seed = 3, 0.05, 7
    fitted = fit(files["iris"], base, keep=("name", "train.epochs", "optim.lr"))
    cfg = fitted.config
    assert (cfg.name, cfg.train.epochs, cfg.optim.lr, cfg.train.seed) == ("mine", 3, 0.05, 7)
    assert not any("epochs" in note for note in fitted.notes)
    assert cfg.model.kind == "mlp"  # the rest is still fitted


def test_a_doubtful_target_is_not_written_down(tmp_path: Path) -> None:
    path = tmp_path / "plain.csv"
    pd.DataFrame({"height": [1.0, 2.0, 3.0, 4.0] * 30, "width": [2.0, 1.0, 4.0, 3.0] * 30,
                  "depth": [5.0, 6.0, 7.0, 8.0] * 30}).to_csv(path, index=False)
    source = load_file(path)
    from workbench.core.data.analysis import analyse

    found = analyse(source, C.DataConfig())
    assert not found.target_confident  # three measurements: any could be the one to predict
    cfg = fitted_config(source, analysis=found).config
    assert cfg.data.target == "" and cfg.data.task == "auto"  # so the window asks, the CLI says what to set
    assert validate(cfg) == []


# --- the command line ---------------------------------------------------------------------------

def history_without_times(run: Path) -> list[dict]:
    lines = [json.loads(line) for line in (run / "metrics.jsonl").read_text(encoding="utf-8").splitlines()]
    # The baseline's line lands wherever its fit ends (it fits beside the run): compared without its
    # place or its time.
    baseline = [{k: v for k, v in r.items() if k != "seconds"} for r in lines if r.get("kind") == "baseline"]
    points = [{k: v for k, v in r.items() if k != "time" and not k.endswith("_per_s")} for r in lines
              if r.get("kind") != "baseline"]
    return baseline + points


def test_train_on_a_data_file_alone_and_save_what_it_chose(files: dict, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    saved = tmp_path / "fitted.toml"
    args = ["train", "--data", files["iris"], "--set", "data.target=species", "--set", "train.epochs=3",
            "--set", "train.num_threads=1", "--out", tmp_path / "first", "--save-config", saved, "--quiet"]
    assert main([str(a) for a in args]) == 0
    err = capsys.readouterr().err
    assert "setting: Model: a small MLP" in err and f"settings written to {saved}" in err
    cfg = C.load(saved)
    assert cfg.train.epochs == 3 and cfg.data.target == "species" and cfg.model.kind == "mlp"

    # The saved file trains the very same run.
    assert main(["train", str(saved), "--out", str(tmp_path / "second"), "--quiet"]) == 0
    (first,), (second,) = (tmp_path / "first").iterdir(), (tmp_path / "second").iterdir()
    assert history_without_times(first) == history_without_times(second)
    settings = [(run / "config.toml").read_text(encoding="utf-8") for run in (first, second)]
    assert settings[0] == settings[1]


def test_train_without_a_config_or_data_says_what_to_give(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["train"]) == 2
    assert "--data FILE" in capsys.readouterr().err
