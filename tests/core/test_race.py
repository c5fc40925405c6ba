"""Racing two settings (core.race): the verdict line, the choices offered, the challenger's config,
the sides' names and the CPU share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from workbench.core import config as C
from workbench.core import threads
from workbench.core.errors import ConfigError
from workbench.core.race import (
    ThreadShare,
    challenger,
    common_choices,
    race_names,
    race_threads,
    verdict,
    with_threads,
)

ROOT = Path(__file__).resolve().parents[2]
IRIS = ROOT / "resources" / "examples" / "iris.toml"


def summary(task: str, seconds: float, status: str = "completed", reported: str = "best",
            **val: float) -> dict[str, Any]:
    """A summary.json as the trainer writes it, reduced to what the verdict reads."""
    watch = "accuracy" if "classification" in task else "loss"
    return {"status": status, "task": task, "watch": watch, "wall_time_s": seconds, "reported": reported,
            "best": {"val": dict(val)}, "final": {"val": {k: v - 0.01 for k, v in val.items()}}}


def test_the_better_classifier_is_named_first_with_its_score_and_time() -> None:
    adamw = summary("tabular_classification", 40.2, accuracy=0.7912, loss=0.5)
    sgd = summary("tabular_classification", 38.4, accuracy=0.7081, loss=0.7)
    expected = "AdamW reached val accuracy 0.79 in 40 s; SGD 0.71 in 38 s"
    assert verdict(adamw, sgd, ("AdamW", "SGD")) == expected
    assert verdict(sgd, adamw, ("SGD", "AdamW")) == expected


def test_the_headline_weights_are_judged_best_or_final_as_the_run_reports() -> None:
    a = summary("text_classification", 3.0, reported="final", accuracy=0.80)  # final: 0.79
    b = summary("text_classification", 3.0, accuracy=0.785)
    assert verdict(a, b, ("A", "B")).startswith("A tie: both reached val accuracy 0.79")


def test_regression_is_judged_on_r2_higher_is_better() -> None:
    a = summary("regression", 12.0, r2=0.61, loss=0.4)
    b = summary("regression", 75.0, r2=0.83, loss=0.2)
    assert verdict(a, b, ("dropout 0", "dropout 0.3")) == (
        "dropout 0.3 reached val r2 0.83 in 1 min 15 s; dropout 0 0.61 in 12 s")


def test_language_models_are_judged_on_perplexity_lower_is_better() -> None:
    chars = summary("language_modeling", 5.5, perplexity=4.213, loss=1.44)
    words = summary("language_modeling", 6.25, perplexity=57.9, loss=4.06)
    assert verdict(words, chars, ("words", "characters")) == (
        "characters reached val perplexity 4.21 in 5.5 s; words 57.9 in 6.2 s")


def test_a_tie_says_so_and_gives_both_times() -> None:
    a = summary("tabular_classification", 2.0, accuracy=0.9333)
    b = summary("tabular_classification", 9.0, accuracy=0.9301)
    assert verdict(a, b, ("lr 0.01", "lr 0.03")) == (
        "A tie: both reached val accuracy 0.93 (lr 0.01 in 2.0 s, lr 0.03 in 9.0 s)")


def test_a_stopped_run_is_marked_as_stopped() -> None:
    a = summary("tabular_classification", 20.0, accuracy=0.9)
    b = summary("tabular_classification", 4.0, status="stopped", accuracy=0.5)
    assert verdict(a, b, ("AdamW", "SGD")) == (
        "AdamW reached val accuracy 0.90 in 20 s; SGD 0.50 in 4.0 s (stopped by you)")


def test_one_failed_run_is_named_with_its_reason() -> None:
    ok = summary("tabular_classification", 20.0, accuracy=0.9)
    failed = {"status": "failed", "message": "the loss became NaN at step 12; lower the learning rate"}
    assert verdict(failed, ok, ("lr 3", "lr 0.01")) == (
        "lr 0.01 reached val accuracy 0.90 in 20 s; lr 3 failed: the loss became NaN at step 12; "
        "lower the learning rate")
    assert verdict(ok, {}, ("A", "B")) == "A reached val accuracy 0.90 in 20 s; B failed"


def test_both_failed() -> None:
    text = verdict({"status": "failed", "message": "out of memory"}, {}, ("Medium size", "Small size"))
    assert text == "Both runs failed. Medium size: failed: out of memory; Small size: failed"


def test_without_validation_scores_the_test_split_is_used_or_it_says_so() -> None:
    a = {"status": "completed", "task": "tabular_classification", "wall_time_s": 1.0,
         "final": {"test": {"accuracy": 0.8}}}
    b = {**a, "final": {"test": {"accuracy": 0.6}}}
    assert verdict(a, b, ("A", "B")) == "A reached test accuracy 0.80 in 1.0 s; B 0.60 in 1.0 s"
    empty = {"status": "completed", "task": "tabular_classification", "wall_time_s": 1.0}
    assert verdict(empty, empty, ("A", "B")) == "Neither run has a loss to compare: A took 1.0 s, B 1.0 s"


def test_choices_leave_out_what_the_setup_has_and_build_valid_configs() -> None:
    cfg = C.load(IRIS)  # AdamW, dropout 0, lr 0.01
    presets = {"Tiny": {"model": {"hidden": [16]}}, "Small": {"model": {"hidden": [32, 32]}}}
    choices = common_choices(cfg, "tabular_classification", presets)
    labels = {(c.group, c.label) for c in choices}
    assert ("Optimizer", "SGD") in labels and ("Optimizer", "AdamW") not in labels
    assert ("Dropout", "dropout 0.3") in labels and ("Dropout", "dropout 0") not in labels
    assert ("Learning rate", "lr 0.003 (×0.3)") in labels and ("Learning rate", "lr 0.03 (×3)") in labels
    assert ("Model size", "Tiny size") in labels and ("Model size", "Small size") not in labels  # it is Small
    assert not any(c.group == "Tokenizer" for c in choices)  # a table has no tokenizer
    for choice in choices:
        assert challenger(cfg, choice.overrides) != cfg
    sgd = next(c for c in choices if c.label == "SGD")
    assert sgd.base == "AdamW" and challenger(cfg, sgd.overrides).optim.name == "sgd"
    assert next(c for c in choices if c.group == "Model size").base == "Small size"


def test_text_choices_offer_characters_and_pairs() -> None:
    cfg = C.RunConfig()
    cfg.data.tokenizer = "char"
    choices = {c.label: c for c in common_choices(cfg, "text_classification")}
    assert choices["characters + pairs"].overrides == ("model.ngrams=2",)
    assert choices["characters + pairs"].base == "characters"
    assert "characters" not in choices
    lm = {c.label for c in common_choices(cfg, "language_modeling") if c.group == "Tokenizer"}
    assert lm == {"words"}


def test_the_challenger_refuses_malformed_out_of_range_and_empty_changes() -> None:
    cfg = C.load(IRIS)
    with pytest.raises(ConfigError, match=r"must look like section\.key = value"):
        challenger(cfg, ["dropout 0.3"])
    with pytest.raises(ConfigError, match="dropout"):
        challenger(cfg, ["model.dropout = 3"])
    with pytest.raises(ConfigError, match="leave the setup as it is"):
        challenger(cfg, ["optim.name = adamw"])
    with pytest.raises(ConfigError, match="pick at least one change"):
        challenger(cfg, [])
    assert challenger(cfg, ["train.batch_size = 32"]).train.batch_size == 32


def test_names_come_from_the_choices_then_from_the_fields_that_differ() -> None:
    cfg = C.load(IRIS)
    sgd = next(c for c in common_choices(cfg, "tabular_classification") if c.label == "SGD")
    other = challenger(cfg, [*sgd.overrides, "train.batch_size=32"])
    assert race_names(cfg, other, [sgd]) == ("AdamW · batch_size 16", "SGD · batch_size 32")
    assert race_names(cfg, challenger(cfg, ["optim.lr=0.05"])) == ("lr 0.01", "lr 0.05")
    assert race_names(cfg, challenger(cfg, ['optim.name="sgd"', "data.tokenizer=char"])) == (
        "words · AdamW", "characters · SGD")  # in the order of the config file
    assert race_names(cfg, with_threads(cfg, 1)) == ("A", "B")  # threads are not the race's change


def test_each_run_gets_half_the_cores_and_the_setting_is_put_back() -> None:
    assert race_threads(2) == 1 and race_threads(8) == 4 and race_threads(1) == 1
    assert race_threads(8, requested=1) == 1 and race_threads(8, requested=16) == 4
    before = threads.policy()
    share = ThreadShare()
    cfg = C.load(IRIS)
    share.begin()
    assert share.share_for(cfg, cores=16) == 8 and share.active
    threads.set_policy(8, True)  # what each run's worker does as it starts
    share.end()
    assert threads.policy() == before and not share.active
