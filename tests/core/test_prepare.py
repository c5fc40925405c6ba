"""prepare_data: splits, train-only fitting, tensor shapes, encoding for prediction, DataSpec JSON."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.config import DataConfig
from workbench.core.data.loading import LoadedTable, LoadedText, load_file
from workbench.core.data.prepare import DataSpec, encode_table, encode_texts, prepare_data
from workbench.core.errors import CheckpointError, DataError
from workbench.core.tokenizers import UNK_ID, fit_tokenizer

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"


def table(df: pd.DataFrame) -> LoadedTable:
    return LoadedTable(df=df, path=Path("data.csv"), encoding="utf-8", delimiter=",")


@pytest.fixture(scope="module")
def iris() -> LoadedTable:
    loaded = load_file(DATASETS / "iris.csv")
    assert isinstance(loaded, LoadedTable)
    return loaded


@pytest.fixture(scope="module")
def penguins() -> LoadedTable:
    loaded = load_file(DATASETS / "penguins.csv")
    assert isinstance(loaded, LoadedTable)
    return loaded


def test_iris_split_is_stratified(iris: LoadedTable) -> None:
    data = prepare_data(iris, DataConfig(val_fraction=0.2, test_fraction=0.2), block_size=0)
    assert data.spec.classes == ["setosa", "versicolor", "virginica"]
    for split, per_class in ((data.train, 30), (data.val, 10), (data.test, 10)):
        assert torch.bincount(split["y"], minlength=3).tolist() == [per_class] * 3
        assert split["x_num"].shape == (3 * per_class, 4) and split["x_num"].dtype == torch.float32
        assert split["x_cat"].shape == (3 * per_class, 0) and split["y"].dtype == torch.long
    assert data.spec.split_sizes == {"train": 90, "val": 30, "test": 30}


def test_split_is_reproducible_with_the_seed(iris: LoadedTable) -> None:
    first = prepare_data(iris, DataConfig(split_seed=7), block_size=0)
    again = prepare_data(iris, DataConfig(split_seed=7), block_size=0)
    other = prepare_data(iris, DataConfig(split_seed=8), block_size=0)
    assert torch.equal(first.val["x_num"], again.val["x_num"])
    assert not torch.equal(first.val["x_num"], other.val["x_num"])


def test_uneven_classes_keep_their_share_and_a_training_row() -> None:
    y = ["a"] * 91 + ["b"] * 8 + ["c"]
    df = pd.DataFrame({"x": np.arange(100.0), "label": y})
    data = prepare_data(table(df), DataConfig(val_fraction=0.1, test_fraction=0.2), block_size=0)
    assert len(data.val["y"]) == 10 and len(data.test["y"]) == 20
    assert torch.bincount(data.train["y"], minlength=3)[2] == 1
    assert 1 <= torch.bincount(data.test["y"], minlength=3)[1] <= 2


def test_standardisation_uses_training_statistics_only(iris: LoadedTable) -> None:
    data = prepare_data(iris, DataConfig(), block_size=0)
    train = data.train["x_num"]
    assert torch.allclose(train.mean(0), torch.zeros(4), atol=1e-5)
    assert torch.allclose(train.std(0, unbiased=False), torch.ones(4), atol=1e-5)
    rows = iris.df.iloc[:5]
    expected = (rows["sepal_length"].to_numpy() - data.spec.num_mean[0]) / data.spec.num_std[0]
    assert np.allclose(encode_table(data.spec, rows)["x_num"][:, 0].numpy(), expected, atol=1e-6)


def test_missing_values_are_imputed_and_flagged(penguins: LoadedTable) -> None:
    data = prepare_data(penguins, DataConfig(), block_size=0)
    spec = data.spec
    assert spec.numeric_columns == ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g",
                                    "year"]
    assert spec.missing_flags == ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g"]
    assert spec.n_numeric == 9 and spec.feature_names[8:] == ["body_mass_g (missing)", "island", "sex"]
    assert spec.categorical_columns == ["island", "sex"] and spec.categories["sex"] == ["female", "male"]
    assert spec.category_sizes == [4, 3]
    features = encode_table(spec, penguins.df.iloc[[3]])  # the row with every measurement missing
    assert features["x_num"][0, :4].tolist() == [0.0] * 4
    assert features["x_num"][0, 5:].tolist() == [1.0] * 4
    assert features["x_cat"][0].tolist() == [spec.categories["island"].index("Torgersen") + 1, 0]
    assert torch.isfinite(data.train["x_num"]).all()


def test_encode_table_handles_unknowns_and_refuses_missing_columns(penguins: LoadedTable) -> None:
    spec = prepare_data(penguins, DataConfig(), block_size=0).spec
    new = pd.DataFrame({"island": ["Atlantis"], "sex": ["male"], "bill_length_mm": ["n/a"],
                        "bill_depth_mm": [18.0], "flipper_length_mm": [190], "body_mass_g": [4000.0],
                        "year": [2008]})
    features = encode_table(spec, new)
    assert features["x_cat"][0].tolist() == [0, 2]
    assert features["x_num"][0, 0] == 0.0 and features["x_num"][0, 5] == 1.0
    with pytest.raises(DataError, match="year"):
        encode_table(spec, new.drop(columns=["year"]))


def test_regression_target_is_standardised() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=200)
    df = pd.DataFrame({"x": x, "colour": rng.choice(["r", "g"], 200), "price": 50 + 10 * x})
    data = prepare_data(table(df), DataConfig(), block_size=0)
    spec = data.spec
    assert spec.task == "regression" and data.train["y"].dtype == torch.float32
    assert abs(float(data.train["y"].mean())) < 1e-5
    assert np.allclose(spec.destandardise(data.train["y"]).numpy().mean(), spec.target_mean, atol=1e-4)
    assert np.isclose(spec.destandardise(0.0), spec.target_mean)


def test_rows_without_a_target_are_dropped_with_a_note() -> None:
    df = pd.DataFrame({"x": np.arange(20.0), "label": ["a", "b", None, "a"] * 5})
    data = prepare_data(table(df), DataConfig(), block_size=0)
    assert sum(data.spec.split_sizes.values()) == 15
    assert any("5 rows with no target ('label') were dropped" in note for note in data.notes)


def test_text_classification_rt_polarity() -> None:
    data = prepare_data(load_file(DATASETS / "rt_polarity.csv"), DataConfig(max_length=32), block_size=0)
    spec, tok = data.spec, data.tokenizer
    assert spec.task == "text_classification" and spec.classes == ["0", "1"]
    assert tok is not None and spec.vocab_size == tok.vocab_size
    x = data.train["x"]
    assert x.shape == (spec.split_sizes["train"], 32) and x.dtype == torch.long
    lengths = (x != 0).sum(1)
    assert bool((x[torch.arange(32) < lengths[:, None]] != 0).all())  # left-aligned, then padding
    assert len(data.val_examples) == 16 and all(isinstance(t, str) for t in data.val_examples)
    again = encode_texts(spec, tok, data.val_examples[:3])["x"]
    assert torch.equal(again, data.val["x"][:3])


def test_text_tokenizer_is_fitted_on_training_rows_only() -> None:
    words = [f"word{i} common" for i in range(40)]
    df = pd.DataFrame({"text": [w + " and a few more words" for w in words], "label": [0, 1] * 20})
    data = prepare_data(table(df), DataConfig(val_fraction=0.25, test_fraction=0.25), block_size=0)
    tok = data.tokenizer
    assert tok is not None
    for split in (data.val, data.test):
        assert bool((split["x"][:, 0] == UNK_ID).all())  # each row's own "wordN" was never trained on
    assert not bool((data.train["x"][:, 0] == UNK_ID).any())


def test_chinese_text_classification_by_character() -> None:
    data = prepare_data(load_file(DATASETS / "zh_reviews.csv"), DataConfig(tokenizer="char"), block_size=0)
    tok = data.tokenizer
    assert tok is not None
    review = data.val_examples[0]
    assert tok.decode(encode_texts(data.spec, tok, [review])["x"][0].tolist()) == review[:64].lower()


def test_empty_text_encodes_as_one_unknown_token() -> None:
    spec = DataSpec(task="text_classification", max_length=4)
    tok = fit_tokenizer("word", ["a b"], vocab_size=10)
    assert encode_texts(spec, tok, ["", "a b a b a b"])["x"].tolist() == [[UNK_ID, 0, 0, 0], [2, 3, 2, 3]]


def test_language_model_validates_on_the_tail() -> None:
    source = load_file(DATASETS / "shakespeare_1mb.txt")
    assert isinstance(source, LoadedText)
    cfg = DataConfig(tokenizer="char", lowercase=False, val_fraction=0.1, test_fraction=0.0)
    data = prepare_data(source, cfg, block_size=64)
    tok, ids = data.tokenizer, data.val["ids"]
    assert tok is not None and data.spec.block_size == 64
    n = len(source.text)
    assert len(ids) == n // 10 and len(data.train["ids"]) == n - n // 10 and len(data.test["ids"]) == 0
    assert tok.decode(ids.tolist()) == source.text[n - n // 10:]
    assert len(data.val_examples) == 16 and all(len(s) == 64 for s in data.val_examples)


def test_language_model_random_pieces_are_reproducible() -> None:
    text = LoadedText(text="abcdefghij" * 2000, path=Path("t.txt"), encoding="utf-8")
    cfg = DataConfig(tokenizer="char", lm_val_tail=False, val_fraction=0.1, test_fraction=0.1, split_seed=3)
    first, again = prepare_data(text, cfg, block_size=16), prepare_data(text, cfg, block_size=16)
    assert torch.equal(first.val["ids"], again.val["ids"])
    sizes = first.spec.split_sizes
    assert sum(sizes.values()) == 20_000 and 1000 <= sizes["val"] <= 3000


def test_language_model_split_too_short_for_the_context() -> None:
    text = LoadedText(text="to be or not to be " * 20, path=Path("t.txt"), encoding="utf-8")
    with pytest.raises(DataError) as info:
        prepare_data(text, DataConfig(tokenizer="char", val_fraction=0.1, test_fraction=0.0), block_size=128)
    message = str(info.value)
    assert message.startswith("t.txt: the validation split has only 38 tokens") and "128 + 1" in message
    assert "smaller context length" in message


def test_language_model_from_a_csv_text_column() -> None:
    lines = [f"line {i} of a text that is long enough to be prose" for i in range(30)]
    df = pd.DataFrame({"text": [line if i % 3 else None for i, line in enumerate(lines)]})
    data = prepare_data(table(df), DataConfig(tokenizer="word", val_fraction=0.2, test_fraction=0.0),
                        block_size=8)
    tok = data.tokenizer
    assert data.spec.task == "language_modeling" and data.spec.text_column == "text" and tok is not None
    assert tok.decode(data.train["ids"][:24].tolist()) == f"{lines[1]} {lines[2]}"


def test_data_spec_json_round_trip(penguins: LoadedTable) -> None:
    spec = prepare_data(penguins, DataConfig(), block_size=0).spec
    again = DataSpec.from_dict(json.loads(json.dumps(spec.to_dict())))
    assert again == spec and again.feature_names == spec.feature_names
    with pytest.raises(CheckpointError):
        DataSpec.from_dict({"classes": []})
    with pytest.raises(CheckpointError):
        DataSpec.from_dict({"task": "regression", "spec_version": 99})


def test_tabular_val_examples_are_plain_json(penguins: LoadedTable) -> None:
    examples = prepare_data(penguins, DataConfig(), block_size=0).val_examples
    assert 0 < len(examples) <= 16
    assert set(examples[0]) == {"island", "bill_length_mm", "bill_depth_mm", "flipper_length_mm",
                                "body_mass_g", "sex", "year"}
    json.dumps(examples)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(st.tuples(st.sampled_from(["1.5", "", "x", "-2", "NA"]),
                               st.sampled_from(["a", "b", "", "c"]),
                               st.sampled_from(["0", "1", "", "2.5"])), min_size=1, max_size=25),
       task=st.sampled_from(["auto", "tabular_classification", "regression", "text_classification"]))
def test_small_tables_prepare_or_raise_data_error(tmp_path: Path, rows: list[tuple[str, str, str]],
                                                  task: str) -> None:
    path = tmp_path / "small.csv"
    path.write_text("num,cat,label\n" + "".join(",".join(r) + "\n" for r in rows), encoding="utf-8")
    try:
        data = prepare_data(load_file(path), DataConfig(task=task), block_size=0)
    except DataError:
        return
    assert sum(data.spec.split_sizes.values()) == sum(len(s["y"]) for s in (data.train, data.val, data.test))


def test_the_split_column_decides_the_splits_and_is_no_input() -> None:
    n = 100
    split = ["train"] * 60 + ["valid"] * 15 + ["test"] * 25
    df = pd.DataFrame({"x": np.arange(float(n)), "split": split, "label": ["a", "b"] * 50})
    data = prepare_data(table(df), DataConfig(val_fraction=0.3, test_fraction=0.3), block_size=0)
    assert data.spec.split_sizes == {"train": 60, "val": 15, "test": 25}
    assert "split" not in data.spec.feature_names and data.spec.numeric_columns == ["x"]
    assert sorted(data.test["x_num"][:, 0] * data.spec.num_std[0] + data.spec.num_mean[0]) == \
        pytest.approx(list(range(75, 100)), abs=1e-3)  # exactly the rows the file calls test
    assert any("(by the split column)" in note for note in data.notes)


def test_a_split_column_without_validation_rows_lends_training_rows() -> None:
    split = ["TRAIN"] * 80 + ["Test"] * 20
    df = pd.DataFrame({"x": np.arange(100.0), "set": split, "label": ["a", "b"] * 50})
    data = prepare_data(table(df), DataConfig(val_fraction=0.1), block_size=0)
    assert data.spec.split_sizes == {"train": 72, "val": 8, "test": 20}
    assert torch.bincount(data.val["y"]).tolist() == [4, 4]  # still stratified
    assert any("which has no validation rows: 10% of its training rows" in note for note in data.notes)


def test_a_split_column_with_no_training_rows_is_refused() -> None:
    df = pd.DataFrame({"x": np.arange(10.0), "part": ["valid", "test"] * 5, "label": ["a", "b"] * 5})
    with pytest.raises(DataError, match="marks no row as training"):
        prepare_data(table(df), DataConfig(split_column="part"), block_size=0)


def test_missing_value_markers_are_no_category_and_no_class() -> None:
    n = 60
    df = pd.DataFrame({"hp": [str(90 + i) for i in range(n - 4)] + ["?"] * 4,
                       "work": ["private", "?", "state", "private"] * 15,
                       "label": ["yes", "no", "yes", "?"] * 15})
    data = prepare_data(table(df), DataConfig(target="label"), block_size=0)
    assert data.spec.categories["work"] == ["private", "state"] and data.spec.classes == ["no", "yes"]
    assert "hp" in data.spec.missing_flags
    assert sum(data.spec.split_sizes.values()) == 45  # the 15 rows whose label is '?' have no target
    assert any("15 rows with no target ('label') were dropped" in note for note in data.notes)
