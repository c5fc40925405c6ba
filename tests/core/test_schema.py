"""Role and task inference, the config's overrides, and the errors that name the column."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench.core.config import DataConfig
from workbench.core.data.loading import LoadedTable, LoadedText, load_file
from workbench.core.data.schema import infer_roles, is_class_like, label_text, resolve
from workbench.core.errors import DataError

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"
REVIEWS = ["a truly wonderful film with a great cast", "boring and far too long for what it is",
           "i would watch this again tomorrow night", "the plot makes no sense at all sadly"]


def table(df: pd.DataFrame) -> LoadedTable:
    return LoadedTable(df=df, path=Path("data.csv"), encoding="utf-8", delimiter=",")


def refused(source: LoadedTable | LoadedText, **cfg: object) -> str:
    with pytest.raises(DataError) as info:
        resolve(source, DataConfig(**cfg))  # type: ignore[arg-type]
    return str(info.value)


@pytest.mark.parametrize(("name", "task", "target", "text_column"), [
    ("iris.csv", "tabular_classification", "species", ""),
    ("wine.csv", "tabular_classification", "class", ""),
    ("penguins.csv", "tabular_classification", "species", ""),
    ("rt_polarity.csv", "text_classification", "label", "text"),
    ("zh_reviews.csv", "text_classification", "label", "text"),
    ("shakespeare_1mb.txt", "language_modeling", "", ""),
])
def test_bundled_datasets_resolve(name: str, task: str, target: str, text_column: str) -> None:
    resolved = resolve(load_file(DATASETS / name), DataConfig())
    assert (resolved.task, resolved.target, resolved.text_column) == (task, target, text_column)
    assert any(note.startswith("Task:") for note in resolved.notes)


def test_penguin_roles() -> None:
    df = load_file(DATASETS / "penguins.csv").df  # type: ignore[union-attr]
    assert infer_roles(df) == {
        "species": "target", "island": "categorical", "bill_length_mm": "numeric",
        "bill_depth_mm": "numeric", "flipper_length_mm": "numeric", "body_mass_g": "numeric",
        "sex": "categorical", "year": "numeric"}


def test_chinese_text_counts_characters_not_spaces() -> None:
    df = load_file(DATASETS / "zh_reviews.csv").df  # type: ignore[union-attr]
    assert infer_roles(df)["text"] == "text"
    short = pd.DataFrame({"评论": ["很好看的一本书，值得推荐", "质量太差了，不推荐购买"] * 20,
                          "标签": [1, 0] * 20})
    assert infer_roles(short)["评论"] == "text"


def test_roles_of_mixed_columns() -> None:
    n = 60
    df = pd.DataFrame({
        "ID": [f"u{i}" for i in range(n)],
        "row_id": np.arange(n),
        "colour": ["red", "green", "blue"] * (n // 3),
        "price": [str(i) for i in range(n - 2)] + ["n/a", "?"],
        "name": [f"person {i}" for i in range(n)],
        "empty": [np.nan] * n,
        "flag": [True, False] * (n // 2),
        "outcome": [0.5 * i for i in range(n)],
    })
    roles = infer_roles(df)
    assert roles == {"ID": "ignore", "row_id": "ignore", "colour": "categorical", "price": "numeric",
                     "name": "ignore", "empty": "ignore", "flag": "categorical", "outcome": "target"}
    notes = resolve(table(df), DataConfig()).notes
    assert any("'price': 2 value(s) that are not numbers (such as 'n/a')" in note for note in notes)
    assert any("'row_id' looks like a row id" in note for note in notes)


def test_target_by_name_is_case_insensitive_else_last_usable_column() -> None:
    df = pd.DataFrame({"Label": ["a", "b"] * 5, "x": range(10), "z": range(10, 20)})
    assert resolve(table(df), DataConfig()).target == "Label"
    df = pd.DataFrame({"x": [0.1 * i for i in range(10)], "score": [1.5 * i for i in range(10)],
                       "comment": [REVIEWS[i % 4] for i in range(10)]})
    resolved = resolve(table(df), DataConfig())
    assert (resolved.target, resolved.task) == ("score", "regression")


@pytest.mark.parametrize(("values", "task"), [
    ([1, 2, 3] * 10, "tabular_classification"),
    (["yes", "no", "maybe"] * 10, "tabular_classification"),
    (list(range(30)), "regression"),
    ([0.5, 1.25, 2.0] * 10, "regression"),
    ([1.0, 2.0, np.nan] * 10, "tabular_classification"),
])
def test_task_from_the_target(values: list[object], task: str) -> None:
    df = pd.DataFrame({"x": np.linspace(0, 1, 30), "target": values})
    assert resolve(table(df), DataConfig()).task == task


def test_text_only_csv_is_language_modelling() -> None:
    df = pd.DataFrame({"id": range(8), "text": REVIEWS * 2})
    resolved = resolve(table(df), DataConfig())
    assert (resolved.task, resolved.target, resolved.text_column) == ("language_modeling", "", "text")


def test_overrides_apply_on_top() -> None:
    df = pd.DataFrame({"review": REVIEWS * 5, "stars": [1, 2, 3, 4] * 5, "label": [0, 1] * 10})
    resolved = resolve(table(df), DataConfig(target="stars", roles={"label": "ignore"}))
    assert (resolved.task, resolved.target) == ("text_classification", "stars")
    assert resolved.text_column == "review"
    assert resolved.roles == {"review": "text", "stars": "target", "label": "ignore"}
    marked = resolve(table(df), DataConfig(roles={"stars": "target"}))
    assert marked.target == "stars" and marked.roles["label"] == "numeric"
    tabular = resolve(table(df), DataConfig(task="tabular_classification", text_column="review"))
    assert tabular.task == "tabular_classification" and tabular.target == "label"


def test_class_helpers() -> None:
    assert [label_text(v) for v in (2.0, np.int64(3), True, "x", 2.5)] == ["2", "3", "True", "x", "2.5"]
    assert is_class_like(pd.Series(["1", "2", "1"]))
    assert not is_class_like(pd.Series(["1.5", "2.25", "1"]))


def test_missing_target_column_names_it_and_the_file() -> None:
    df = pd.DataFrame({"a": [1, 2], "b": [0, 1]})
    message = refused(table(df), target="labl")
    assert "data.csv" in message and "'labl'" in message and "'a', 'b'" in message


def test_single_class_target() -> None:
    df = pd.DataFrame({"x": [0.1, 0.2, 0.3], "label": [1, 1, 1]})
    assert "column 'label' has only one class ('1'): classification needs at least two" in refused(table(df))


def test_target_all_missing() -> None:
    df = pd.DataFrame({"x": [0.1, 0.2, 0.3], "label": [np.nan] * 3})
    assert "target column 'label' has no values" in refused(table(df), target="label")


def test_text_column_all_empty() -> None:
    df = pd.DataFrame({"text": ["", "  ", ""], "label": [0, 1, 0]})
    message = refused(table(df), task="text_classification", text_column="text")
    assert "text column 'text' is empty in every row" in message


def test_no_feature_columns_left() -> None:
    df = pd.DataFrame({"id": range(10), "y": [0.5 * i for i in range(10)]})
    assert "no feature columns left" in refused(table(df))


def test_regression_needs_a_numeric_target() -> None:
    df = pd.DataFrame({"x": range(6), "label": ["a", "b"] * 3})
    assert "'label' is not numeric" in refused(table(df), task="regression")


def test_plain_text_cannot_be_classified() -> None:
    text = LoadedText(text="some words", path=Path("book.txt"), encoding="utf-8")
    assert "book.txt" in refused(text, task="text_classification")


def test_conflicting_targets() -> None:
    df = pd.DataFrame({"a": [1, 2] * 3, "b": [0, 1] * 3, "c": [0.5] * 6})
    assert "marks 'a' as the target" in refused(table(df), target="b", roles={"a": "target"})
    assert "[data] roles names column 'zz'" in refused(table(df), roles={"zz": "numeric"})


# --- split column and missing-value markers -----------------------------------------------------

def split_table(split: list[str], name: str = "split") -> pd.DataFrame:
    n = len(split)
    return pd.DataFrame({"x": np.linspace(0, 1, n), name: split, "label": ["a", "b"] * (n // 2)})


@pytest.mark.parametrize("name", ["split", "Set", "fold", "subset", "partition", "dataset", "data_set"])
def test_split_column_found_by_name_and_values(name: str) -> None:
    df = split_table(["Train"] * 12 + ["VALIDATION"] * 4 + [" test "] * 4, name)
    resolved = resolve(table(df), DataConfig())
    assert resolved.split_column == name and resolved.roles[name] == "ignore"
    assert resolved.reasons[name].startswith("the split column")
    assert any(f"Column '{name}' says which rows are for training" in note for note in resolved.notes)


def test_split_column_found_by_values_alone_but_not_by_name_alone() -> None:
    by_values = split_table(["training"] * 16 + ["testing"] * 4, "case")
    assert resolve(table(by_values), DataConfig()).split_column == "case"
    folds = split_table(["a", "b", "c", "d"] * 5, "fold")
    resolved = resolve(table(folds), DataConfig())
    assert resolved.split_column == "" and resolved.roles["fold"] == "categorical"


def test_split_column_set_in_the_config_names_bad_values() -> None:
    df = split_table(["train"] * 10 + ["dev"] * 4 + ["holdout", "extra"] * 3, "group")
    message = refused(table(df), split_column="group")
    assert "[data] split_column 'group' has values 'holdout', 'extra'" in message
    assert "train, validation (valid, dev) or test" in message
    assert "[data] split_column names column 'nope'" in refused(table(df), split_column="nope")


def test_a_role_given_to_the_detected_column_turns_detection_off() -> None:
    df = split_table(["train"] * 16 + ["test"] * 4)
    resolved = resolve(table(df), DataConfig(roles={"split": "categorical"}))
    assert resolved.split_column == "" and resolved.roles["split"] == "categorical"
    message = refused(table(df), split_column="split", roles={"split": "categorical"})
    assert "cannot also be categorical" in message
    message = refused(table(df), split_column="split", target="split")
    assert "column 'split' is the split column and cannot be the target" in message


def test_missing_value_markers_in_numbers_and_categories() -> None:
    n = 40
    df = pd.DataFrame({"hp": [str(100 + i) for i in range(n - 3)] + ["?", " - ", "?"],
                       "colour": (["red", "blue", "?", "N/A"] * 10),
                       "comment": [f"a long free text that says - and ? sometimes {i}" for i in range(n)],
                       "label": ["a", "b"] * (n // 2)})
    resolved = resolve(table(df), DataConfig())
    assert resolved.missing == {"hp": 3, "colour": 20}
    assert resolved.roles["hp"] == "numeric" and resolved.roles["colour"] == "categorical"
    assert resolved.df is not None and set(resolved.df["colour"].dropna()) == {"red", "blue"}
    assert resolved.df["hp"].isna().sum() == 3
    assert df["hp"].isna().sum() == 0  # the caller's table is untouched
    notes = resolved.notes
    hp = "Column 'hp': 3 value(s) that are not numbers (such as '?') are treated as missing"
    assert any(hp in note for note in notes)
    assert any("Column 'colour': 20 value(s) such as '?' mean missing" in n for n in notes)
    custom = resolve(table(df), DataConfig(missing_values=["?"]))
    assert custom.missing == {"hp": 2, "colour": 10}
    assert resolve(table(df), DataConfig(missing_values=[])).missing == {}


def test_a_lower_case_none_is_a_category_not_a_missing_marker() -> None:
    # nassCDS: airbag deployed "none" / "airbag"; "None" alone is the marker.
    df = pd.DataFrame({"airbag": ["none", "airbag", "None", "airbag"] * 10, "x": np.arange(40.0),
                       "label": ["a", "b"] * 20})
    resolved = resolve(table(df), DataConfig())
    assert resolved.missing == {"airbag": 10}
    assert resolved.df is not None and set(resolved.df["airbag"].dropna()) == {"none", "airbag"}


def test_markers_make_a_numeric_column_of_a_census_style_one() -> None:
    age = [str(20 + i % 50) for i in range(100)]
    age[::4] = ["?"] * 25  # a quarter unknown: too many strays to be numbers without markers
    df = pd.DataFrame({"x": np.linspace(0, 1, 100), "age": age, "label": ["a", "b"] * 50})
    assert infer_roles(df)["age"] == "numeric"
    assert resolve(table(df), DataConfig(missing_values=[])).roles["age"] in ("categorical", "ignore")


def test_dates_and_row_names_are_not_inputs() -> None:
    n = 60
    df = pd.DataFrame({"rownames": np.arange(1, n + 1),
                       "when": [f"2024-01-{1 + i % 28:02d}" for i in range(n)],
                       "x": np.linspace(0, 1, n), "label": ["a", "b", "c"] * 20})
    resolved = resolve(table(df), DataConfig())
    assert resolved.roles == {"rownames": "ignore", "when": "ignore", "x": "numeric", "label": "target"}
    assert resolved.reasons["when"] == "dates"
