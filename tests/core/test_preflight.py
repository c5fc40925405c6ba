"""Pre-flight checks: refusals of nonsense targets, and the warnings each with what to do and a fix."""

from __future__ import annotations

import shlex
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench.core import config as C
from workbench.core.config import DataConfig
from workbench.core.data.analysis import Analysis, analyse
from workbench.core.data.checks import Check, RefusedDataError
from workbench.core.data.loading import LoadedTable
from workbench.core.data.prepare import prepare_data
from workbench.core.data.schema import resolve

WORDS = ["the", "a", "film", "plot", "cast", "scene", "story", "actor", "music", "ending", "slow", "great",
         "dull", "long", "short", "fine", "bad", "good"]


def table(df: pd.DataFrame) -> LoadedTable:
    return LoadedTable(df=df, path=Path("data.csv"), encoding="utf-8", delimiter=",")


def codes(analysis: Analysis) -> dict[str, Check]:
    return {check.code: check for check in analysis.warnings}


def reviews(n: int, seed: int = 0, words: int = 12) -> list[str]:
    rng = np.random.default_rng(seed)
    return [" ".join(rng.choice(WORDS, words)) + f" review{i}" for i in range(n)]


def with_fix(cfg: DataConfig, check: Check) -> DataConfig:
    """``cfg`` with ``check``'s fix applied the way the command line applies ``--set``."""
    args = [shlex.split(arg)[1] for arg in check.set_args()]
    return C.apply_overrides(C.RunConfig(data=cfg), args).data


def test_free_text_target_is_refused_with_the_count_and_a_better_target() -> None:
    n = 300
    df = pd.DataFrame({"review": reviews(n), "x": np.arange(n) % 7, "stars": np.arange(n) % 5})
    cfg = DataConfig(target="review", task="tabular_classification")
    with pytest.raises(RefusedDataError) as info:
        prepare_data(table(df), cfg, block_size=0)
    check = info.value.check
    assert check.code == "too_many_classes" and check.level == "error" and check.column == "review"
    assert "'review' has 300 different values" in str(info.value) and "data.csv: " in str(info.value)
    assert check.fix == {"data.target": "stars"}
    analysis = analyse(table(df), cfg)
    assert analysis.error == str(info.value) and codes(analysis)["too_many_classes"] == check
    assert resolve(table(df), with_fix(cfg, check)).target == "stars"


def test_one_class_per_row_is_refused() -> None:
    df = pd.DataFrame({"x": np.linspace(0, 1, 40), "who": [f"person {i}" for i in range(40)]})
    with pytest.raises(RefusedDataError) as info:
        resolve(table(df), DataConfig(target="who"))
    assert info.value.check.code == "one_class_per_row"
    assert "40 classes in 40 rows" in str(info.value)


def test_many_numeric_classes_are_offered_regression() -> None:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": rng.normal(size=500), "price": rng.integers(0, 400, 500)})
    with pytest.raises(RefusedDataError) as info:
        resolve(table(df), DataConfig(target="price", task="tabular_classification"))
    check = info.value.check
    assert check.fix == {"data.task": "regression"} and "regression" in check.message
    cfg = with_fix(DataConfig(target="price", task="tabular_classification"), check)
    assert resolve(table(df), cfg).task == "regression"


def test_rare_classes_are_named_in_a_warning() -> None:
    rng = np.random.default_rng(0)
    df = pd.DataFrame({"x": rng.normal(size=100), "label": ["a"] * 60 + ["b"] * 38 + ["c"] * 2})
    check = codes(analyse(table(df), DataConfig()))["rare_classes"]
    assert check.level == "warning" and "'c' (2 rows)" in check.message
    assert "fewer than 3 rows" in check.message
    assert "rare_classes" not in codes(analyse(table(df), DataConfig(test_fraction=0.0)))  # 2: train, val


def test_a_feature_that_gives_the_answer_away_is_a_leak() -> None:
    rng = np.random.default_rng(0)
    n = 400
    label = rng.choice(["yes", "no"], n)
    paid = np.where(label == "yes", 1.0, 0.0) + rng.normal(0, 0.01, n)
    df = pd.DataFrame({"x": rng.normal(size=n), "paid": paid, "label": label})
    cfg = DataConfig()
    check = codes(analyse(table(df), cfg))["leak"]
    assert check.column == "paid" and "alone predicts 'label' almost perfectly" in check.message
    assert check.fix == {"data.roles": {"paid": "ignore"}}
    fixed = analyse(table(df), with_fix(cfg, check))
    assert "leak" not in codes(fixed) and fixed.roles["paid"] == "ignore"


def test_regression_leak_by_rank() -> None:
    rng = np.random.default_rng(1)
    wage = rng.lognormal(3, 0.5, 300)
    df = pd.DataFrame({"age": rng.integers(18, 65, 300), "logwage": np.log(wage), "wage": wage})
    assert codes(analyse(table(df), DataConfig(target="wage")))["leak"].column == "logwage"


def test_rows_in_both_training_and_test_are_counted() -> None:
    rng = np.random.default_rng(0)
    base = pd.DataFrame({"a": rng.normal(size=300), "b": rng.normal(size=300),
                         "label": rng.choice(["u", "v"], 300)})
    doubled = pd.concat([base, base.iloc[:100]], ignore_index=True)
    check = codes(analyse(table(doubled), DataConfig()))["duplicates"]
    assert check.level == "warning" and "same inputs as a training row" in check.message
    assert "duplicates" not in codes(analyse(table(base), DataConfig()))


def test_identifier_and_split_columns_are_noted_and_left_out() -> None:
    rng = np.random.default_rng(0)
    n = 100
    df = pd.DataFrame({"row_id": np.arange(n), "x": rng.normal(size=n), "fold": np.arange(n) % 5,
                       "subset": ["train"] * 70 + ["valid"] * 10 + ["test"] * 20,
                       "label": rng.choice(["a", "b"], n)})
    analysis = analyse(table(df), DataConfig())
    found = codes(analysis)
    assert found["identifier"].column == "row_id" and found["identifier"].level == "note"
    assert found["split_column"].column == "subset" and analysis.roles["subset"] == "ignore"
    assert found["split_like"].column == "fold"
    assert found["split_like"].fix == {"data.roles": {"fold": "ignore"}}
    assert [w.level for w in analysis.warnings] == sorted((w.level for w in analysis.warnings),
                                                           key=["error", "warning", "note"].index)


def test_texts_cut_by_max_length_and_unknown_tokens() -> None:
    n = 200
    rng = np.random.default_rng(0)
    texts = [" ".join([*rng.choice(WORDS, 40), *(f"rare{i}x{j}" for j in range(10))]) for i in range(n)]
    df = pd.DataFrame({"text": texts, "label": rng.choice(["pos", "neg"], n)})
    cfg = DataConfig(max_length=16)
    found = codes(analyse(table(df), cfg))
    cut = found["texts_cut"]
    assert cut.column == "text" and cut.message.startswith("100% of the texts in 'text' are longer than")
    assert cut.fix["data.max_length"] >= 48
    unknown = found["unknown_tokens"]
    assert "never occur in the training texts" in unknown.message
    assert unknown.fix == {"data.tokenizer": "char"}
    assert "texts_cut" not in codes(analyse(table(df), with_fix(cfg, cut)))


def test_not_confident_target_is_a_warning_with_the_guess_as_fix() -> None:
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"a": rng.normal(size=80), "b": rng.normal(size=80), "c": rng.normal(size=80)})
    check = codes(analyse(table(df), DataConfig()))["target_not_confident"]
    assert check.fix == {"data.target": "c"} and check.column == "c"
    assert "the best guess is 'c'" in check.message and "Set [data] target" in check.message
    assert "target_not_confident" not in codes(analyse(table(df), with_fix(DataConfig(), check)))


def test_checks_are_plain_json() -> None:
    check = Check("leak", "a b", "x" * 1000, "warning", {"data.roles": {"a b": "ignore"}})
    data = check.to_dict()
    assert set(data) == {"code", "column", "message", "level", "fix"}
    assert len(data["message"]) == 300 and data["message"].endswith("…")
    assert check.set_args() == ["--set 'data.roles={\"a b\" = \"ignore\"}'"]
