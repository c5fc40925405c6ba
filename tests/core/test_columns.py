"""Column statistics done a piece at a time give what pandas gives on the whole column.

``PIECE_ROWS`` is shrunk to 7 so that every column here is cut into many pieces, with missing
values, duplicates and strays falling on both sides of the cuts. Between pieces the work calls
the yield hook a caller set (the desktop app's pauses), and nothing when none is set (the CLI).
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import pandas as pd
import pytest

from workbench.core import cpus
from workbench.core.config import DataConfig
from workbench.core.data import columns, schema


@pytest.fixture(autouse=True)
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(columns, "PIECE_ROWS", 7)


def _frame(rows: int = 103, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    colour = rng.choice(["red", "green", "blue", None], rows)
    note = [" ".join(rng.choice(["good", "bad", "fine", "so", "very"], 6)) for _ in range(rows)]
    number_text = [str(round(x, 2)) for x in rng.standard_normal(rows)]
    number_text[50] = "n/a"  # one stray, past the first pieces
    return pd.DataFrame({
        "x": np.where(rng.random(rows) < 0.1, np.nan, rng.standard_normal(rows)),
        "grade": rng.integers(0, 5, rows),
        "colour": colour,
        "note": note,
        "amount": number_text,
        "row_id": np.arange(rows),
    })


@pytest.mark.parametrize("col", ["x", "grade", "colour", "note", "amount", "row_id"])
def test_counts_and_distinct_values_match_pandas(col: str) -> None:
    s = _frame()[col]
    assert columns.count_present(s) == int(s.notna().sum())
    assert columns.count_missing(s) == int(s.isna().sum())
    assert columns.distinct(s) == set(s.dropna().unique())
    assert columns.count_distinct(s, as_text=True) == s.dropna().astype(str).nunique()
    assert columns.all_distinct(s) == (s.dropna().nunique() == len(s.dropna()))
    assert columns.head(s, 20).tolist() == s.dropna().iloc[:20].tolist()
    expected = s.dropna().value_counts()
    assert dict(columns.value_counts(s)) == {k: int(v) for k, v in expected.items()}
    counts = [n for _, n in columns.value_counts(s)]
    assert counts == sorted(counts, reverse=True)


def test_text_lengths_words_and_numbers_match_pandas() -> None:
    df = _frame()
    note, amount = df["note"], df["amount"]
    assert columns.total_length(note) == int(note.str.len().sum())
    assert columns.mean_length(note) == pytest.approx(note.str.len().mean())
    assert columns.total_words(note) == int(note.str.split().str.len().sum())
    got = columns.numbers(amount)
    want = pd.to_numeric(amount, errors="coerce")
    assert got.isna().sum() == 1 and np.allclose(got.dropna(), want.dropna())
    assert columns.any_text(note) and not columns.any_text(pd.Series(["  ", None, "\t"] * 10))


def test_a_duplicate_in_a_later_piece_is_found() -> None:
    values = [*range(50), 3]
    assert not columns.all_distinct(pd.Series(values))
    assert columns.all_distinct(pd.Series(list(range(51))))


def test_distinct_stops_once_past_its_limit() -> None:
    s = pd.Series([f"v{i}" for i in range(100)])
    assert 2 < len(columns.distinct(s, limit=2)) <= 2 + columns.PIECE_ROWS


def test_head_of_an_empty_or_all_missing_column_is_empty() -> None:
    assert columns.head(pd.Series([None] * 30, dtype=object), 5).empty
    assert columns.head(pd.Series([], dtype=float), 5).empty


def test_roles_and_task_from_pieces_match_one_piece(monkeypatch: pytest.MonkeyPatch) -> None:
    """The schema guesses the same roles, task and notes however the columns are cut."""
    df = _frame(rows=400, seed=1)
    df["label"] = np.random.default_rng(2).choice(["yes", "no"], 400)
    cut = schema.resolve(df, DataConfig())
    monkeypatch.setattr(columns, "PIECE_ROWS", 1_000_000)
    whole = schema.resolve(df, DataConfig())
    assert cut == whole
    assert cut.roles == {"x": "numeric", "grade": "numeric", "colour": "categorical", "note": "text",
                         "amount": "numeric", "row_id": "ignore", "label": "target"}
    assert cut.inferred == schema.infer_roles(df)
    assert any("'amount': 1 value(s) that are not numbers (such as 'n/a')" in n for n in cut.notes)


def test_a_word_target_is_classes_without_reading_it_as_numbers(monkeypatch: pytest.MonkeyPatch) -> None:
    read: list[int] = []
    real = pd.to_numeric

    def counting(values, *args, **kwargs):  # type: ignore[no-untyped-def]
        read.append(len(values))
        return real(values, *args, **kwargs)

    monkeypatch.setattr(pd, "to_numeric", counting)
    words = pd.Series(["red", "green", "blue"] * 5000)
    assert schema.is_class_like(words)
    assert sum(read) <= 2000  # only the first values were tried as numbers
    assert schema.is_class_like(pd.Series([1, 2, 3] * 100))
    assert not schema.is_class_like(pd.Series(np.arange(300) * 0.5))
    assert not schema.is_class_like(pd.Series(np.arange(300)))  # many whole numbers: a quantity


@pytest.fixture
def no_hook() -> Iterator[None]:
    """No yield hook, as in a process that never installed one (the CLI)."""
    previous = cpus.set_yield_hook(None)
    yield
    cpus.set_yield_hook(previous)


def test_without_a_hook_column_work_never_pauses(no_hook: None, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_sleep(_seconds: float) -> None:
        raise AssertionError("headless column work slept")

    monkeypatch.setattr(time, "sleep", no_sleep)
    s = _frame()["colour"]
    assert columns.count_distinct(s, as_text=True) == s.dropna().astype(str).nunique()


def _statistics(df: pd.DataFrame) -> list[object]:
    return [(columns.count_present(df[c]), columns.count_distinct(df[c], as_text=True),
             columns.all_distinct(df[c]), columns.head(df[c], 20).tolist(), columns.value_counts(df[c]))
            for c in df.columns] + [columns.total_words(df["note"]), columns.numbers(df["amount"]).sum()]


def test_a_yield_hook_runs_after_each_piece_and_changes_no_result(no_hook: None) -> None:
    df = _frame(rows=400, seed=1)
    without = _statistics(df)
    calls: list[None] = []
    cpus.set_yield_hook(lambda: calls.append(None))
    assert _statistics(df) == without
    calls.clear()
    columns.count_present(df["x"])
    assert len(calls) == -(-len(df) // columns.PIECE_ROWS)  # one per piece of 7 rows
