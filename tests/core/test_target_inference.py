"""Target inference: on real public tables nobody tuned for, and the rules it must never break.

The tables and their documented targets are listed in tests/data/tables/SOURCES.md (written down
from each data set's documentation before the guesses were looked at). For every table, either
the documented target is the confident guess, or the guess is not confident and the documented
target is among the first three candidates: no table gets a confident wrong target.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from workbench.core.config import DataConfig
from workbench.core.data.analysis import Analysis, analyse
from workbench.core.data.loading import LoadedTable, load_file
from workbench.core.data.schema import resolve
from workbench.core.data.target import guess, target_task

TABLES = Path(__file__).resolve().parents[1] / "data" / "tables"
# Checked only once the inference was done: their results were not used to tune it.
HOLDOUT = ("Wage.csv", "Chicago.csv", "nassCDS.csv", "attrition.csv", "ischemic_stroke.csv")


def documented() -> list[tuple[str, str]]:
    """(file, documented target) for every table in SOURCES.md, holdout included."""
    rows = []
    for line in (TABLES / "SOURCES.md").read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0].endswith(".csv"):
            rows.append((cells[0], cells[3]))
    return rows


TUNED = [row for row in documented() if row[0] not in HOLDOUT]
HELD_OUT = [row for row in documented() if row[0] in HOLDOUT]
# The holdout's result when it was first checked, kept as found (see SOURCES.md): in these two the
# documented target, a column of two labels inside the table with a name the lists do not hold,
# is not among the first three candidates. The guess was not confident in either.
HOLDOUT_MISSES = {"nassCDS.csv", "attrition.csv"}


def table(df: pd.DataFrame) -> LoadedTable:
    return LoadedTable(df=df, path=Path("data.csv"), encoding="utf-8", delimiter=",")


@functools.cache
def analysed(name: str) -> Analysis:
    return analyse(load_file(TABLES / name), DataConfig())


def check_guess(name: str, target: str) -> None:
    analysis = analysed(name)
    top3 = [c.column for c in analysis.candidates[:3]]
    if analysis.target_confident:
        assert analysis.target == target, f"{name}: confident in '{analysis.target}', documented '{target}'"
    else:
        assert target in top3, f"{name}: not confident, '{target}' not in the first three {top3}"


def test_the_sources_list_the_tables_in_the_folder() -> None:
    listed = {name for name, _ in documented()}
    assert listed == {p.name for p in TABLES.glob("*.csv")}
    assert len(TUNED) >= 30 and len(HELD_OUT) == 5


@pytest.mark.parametrize(("name", "target"), TUNED)
def test_real_table_target(name: str, target: str) -> None:
    check_guess(name, target)


@pytest.mark.parametrize(("name", "target"), [
    pytest.param(name, target, marks=pytest.mark.xfail(strict=True, reason="a holdout miss, kept as found"))
    if name in HOLDOUT_MISSES else (name, target) for name, target in HELD_OUT])
def test_holdout_table_target(name: str, target: str) -> None:
    check_guess(name, target)


@pytest.mark.parametrize(("name", "target"), HELD_OUT)
def test_holdout_table_is_never_confidently_wrong(name: str, target: str) -> None:
    analysis = analysed(name)
    assert analysis.target == target or not analysis.target_confident


def test_most_real_tables_are_confident() -> None:
    # Asking is the safe answer, but a guesser that always asks would pass the test above.
    assert sum(analysed(name).target_confident for name, _ in TUNED) >= len(TUNED) // 2


def test_never_an_identifier_free_text_split_or_one_class_per_row() -> None:
    n = 60
    rng = np.random.default_rng(0)
    df = pd.DataFrame({
        "x": rng.normal(size=n),
        "z": rng.normal(size=n),
        "customer_id": [f"C{i:04d}" for i in range(n)],
        "comment": [f"this is a long free text comment number {i} about the product" for i in range(n)],
        "split": ["train"] * 40 + ["test"] * 20,
        "name": [f"n{i}" for i in range(n)],
        "label": [f"class{i}" for i in range(n)],
    })
    resolved = resolve(table(df), DataConfig())
    assert {c.column for c in resolved.candidates} == {"x", "z"} and not resolved.target_confident
    assert resolved.split_column == "split"
    assert resolved.roles == {"x": "numeric", "z": "target", "customer_id": "ignore", "comment": "text",
                              "split": "ignore", "name": "ignore", "label": "ignore"}


def test_a_name_beats_the_last_column_and_is_confident() -> None:
    df = pd.DataFrame({"outcome": ["yes", "no"] * 20, "a": np.arange(40.0), "b": ["u", "v", "w", "z"] * 10})
    got = guess(df, {"outcome": "categorical", "a": "numeric", "b": "categorical"})
    assert (got.target, got.confident) == ("outcome", True)
    assert "named like a target" in got.why


def test_two_target_names_are_not_confident() -> None:
    df = pd.DataFrame({"label": ["a", "b"] * 20, "class": ["c", "d"] * 20, "x": np.arange(40.0)})
    got = guess(df, {"label": "categorical", "class": "categorical", "x": "numeric"})
    assert not got.confident and {c.column for c in got.candidates[:2]} == {"label", "class"}


def test_y_beside_x_is_a_coordinate() -> None:
    rng = np.random.default_rng(1)
    df = pd.DataFrame({"x": rng.normal(size=50), "y": rng.normal(size=50), "z": rng.normal(size=50),
                       "price": rng.normal(size=50)})
    got = guess(df, dict.fromkeys(df.columns, "numeric"))
    assert got.target == "price" and all(c.named == 0 for c in got.candidates if c.column == "y")


def test_numbers_with_many_values_are_regression() -> None:
    stackloss = [42, 37, 37, 28, 18, 18, 19, 20, 15, 14, 14, 13, 11, 12, 8, 7, 8, 8, 9, 15, 15]
    assert target_task(pd.Series(stackloss)) == "regression"  # 15 whole numbers in 21 rows: a quantity
    assert target_task(pd.Series([0, 1, 2] * 10)) == "classification"
    assert target_task(pd.Series(np.linspace(0, 1, 30))) == "regression"


def test_a_table_of_numbers_with_no_name_to_go_on_asks() -> None:
    rng = np.random.default_rng(2)
    df = pd.DataFrame({"a": rng.normal(size=80), "b": rng.normal(size=80), "c": rng.normal(size=80)})
    resolved = resolve(table(df), DataConfig())
    assert not resolved.target_confident and resolved.target == "c" and resolved.task == "regression"
    assert any("only a guess" in note for note in resolved.notes)
    assert resolve(table(df), DataConfig(target="a")).target_confident


def test_the_one_column_of_labels_among_numbers_is_confident() -> None:
    rng = np.random.default_rng(3)
    df = pd.DataFrame({"a": rng.normal(size=80), "b": rng.normal(size=80),
                       "kind": rng.choice(["cat", "dog", "bird"], 80)})
    resolved = resolve(table(df), DataConfig())
    assert (resolved.target, resolved.target_confident) == ("kind", True)
    assert "the one column of labels among numbers" in resolved.candidates[0].reasons
