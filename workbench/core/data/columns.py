"""Whole-column statistics computed a piece at a time, so the thread doing them lets others run.

pandas does its column work in C loops that hold Python's lock from start to end. On a million
strings a ``to_numeric`` holds it for ~800 ms, a ``unique`` or ``str.len`` for ~50 ms and even an
``isna`` for ~25 ms, and the GUI thread, which needs the lock for every Python slot and paint,
stalls that long although the work runs on a background thread. Done ``PIECE_ROWS`` rows at a
time, each call holds the lock for a few milliseconds, and Python hands it over between pieces.
A column of up to ``PIECE_ROWS`` rows is one piece, so small data costs nothing extra.

After each piece of a longer column the work calls ``core.cpus.yield_between_pieces``: nothing
headless, a short pause in the desktop app (its scheduling policy sets the hook), so a GUI thread
waiting for the lock gets it at once rather than after the next piece's C call.

Every function skips missing values, as ``Series.dropna`` would.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pandas as pd

from workbench.core.cpus import yield_between_pieces

PIECE_ROWS = 25_000


def pieces(series: pd.Series) -> Iterator[pd.Series]:
    """``series`` in consecutive slices of at most ``PIECE_ROWS`` rows."""
    n = len(series)
    if n <= PIECE_ROWS:
        yield series
        return
    for start in range(0, n, PIECE_ROWS):
        yield series.iloc[start:start + PIECE_ROWS]
        yield_between_pieces()


def present(series: pd.Series) -> Iterator[pd.Series]:
    """The pieces of ``series`` without their missing values (empty pieces skipped)."""
    for piece in pieces(series):
        piece = piece.dropna()
        if len(piece):
            yield piece


def count_present(series: pd.Series) -> int:
    """How many values are not missing."""
    # count() is notna().sum() without the boolean Series: a third of the time on a short column,
    # which a 2,000-column table asks about thousands of times.
    return sum(int(piece.count()) for piece in pieces(series))


def count_missing(series: pd.Series) -> int:
    """How many values are missing."""
    return len(series) - count_present(series)


def head(series: pd.Series, n: int) -> pd.Series:
    """The first ``n`` values that are not missing."""
    taken: list[pd.Series] = []
    have = 0
    for piece in present(series):
        taken.append(piece.iloc[:n - have])
        have += len(taken[-1])
        if have >= n:
            break
    return pd.concat(taken) if len(taken) > 1 else (taken[0] if taken else series.iloc[:0])


def distinct(series: pd.Series, limit: int | None = None,
             key: Callable[[Any], Any] | None = None) -> set[Any]:
    """The distinct values (mapped through ``key`` if given); stops once it has more than ``limit``."""
    seen: set[Any] = set()
    for piece in present(series):
        values = piece.unique()
        seen.update(values if key is None else map(key, values))
        if limit is not None and len(seen) > limit:
            break
    return seen


def count_distinct(series: pd.Series, as_text: bool = False) -> int:
    """How many distinct values (of their string forms with ``as_text``: ``1`` and ``"1"`` are one)."""
    if not as_text:
        return len(distinct(series))
    seen: set[Any] = set()
    for piece in present(series):
        seen.update(piece.astype(str).unique())
    return len(seen)


def all_distinct(series: pd.Series) -> bool:
    """Whether no value occurs twice (missing values aside)."""
    seen: set[Any] = set()
    for piece in present(series):
        values = piece.unique()
        if len(values) < len(piece):
            return False
        before = len(seen)
        seen.update(values)
        if len(seen) < before + len(values):
            return False
    return True


def value_counts(series: pd.Series, key: Callable[[Any], Any] | None = None) -> list[tuple[Any, int]]:
    """(value, count) pairs, most frequent first; values mapped through ``key`` are merged."""
    counts: dict[Any, int] = {}
    for piece in present(series):
        for value, n in piece.value_counts(sort=False).items():
            value = value if key is None else key(value)
            counts[value] = counts.get(value, 0) + int(n)
    return sorted(counts.items(), key=lambda item: -item[1])


def numbers(series: pd.Series) -> pd.Series:
    """The values read as numbers (float), NaN where a value is not one; missing values dropped."""
    if pd.api.types.is_numeric_dtype(series.dtype) and not pd.api.types.is_bool_dtype(series.dtype):
        return series.dropna().astype(float)
    parts = [pd.to_numeric(piece, errors="coerce").astype(float) for piece in present(series)]
    return pd.concat(parts) if parts else pd.Series([], dtype=float)


def total_length(series: pd.Series) -> int:
    """Characters in all values, as strings."""
    return sum(int(piece.astype(str).str.len().sum()) for piece in present(series))


def mean_length(series: pd.Series) -> float:
    """Mean characters per value, as strings (0 for an empty column)."""
    n = count_present(series)
    return total_length(series) / n if n else 0.0


def total_words(series: pd.Series) -> int:
    """Whitespace-separated words in all values."""
    return sum(int(piece.astype(str).str.split().map(len).sum()) for piece in present(series))


def any_text(series: pd.Series) -> bool:
    """Whether any value has a character other than whitespace."""
    return any(bool(piece.astype(str).str.strip().astype(bool).any()) for piece in present(series))
