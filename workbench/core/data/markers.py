"""Missing-value markers: values such as ``?`` or ``N/A`` that stand for "no value" in a column.

pandas already reads empty fields and ``NA``-like words as missing when it parses a file; what is
left (``?``, ``-``, or the user's own markers) arrives as text. Markers are matched with their
surrounding spaces removed, as written: "None" is Python's missing value, but "none" is a real
answer in many tables (an airbag deployed: none / driver / passenger), so folding case would
silently erase a category. Only the abbreviations of "not available" (NA, N/A, NaN, NULL), which
are no category's word, match in any case. They are counted a piece at a time: only a column's distinct
values are compared, so a million repeated ``?`` cost one comparison per piece.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from workbench.core.data import columns

_ANY_CASE = frozenset({"na", "n/a", "nan", "null"})


def normalise(markers: Iterable[object]) -> frozenset[str]:
    """The markers as they are compared: stripped; the "not available" abbreviations case-folded."""
    stripped = (str(m).strip() for m in markers)
    return frozenset(m.casefold() if m.casefold() in _ANY_CASE else m for m in stripped)


def _is_marker(value: str, markers: frozenset[str]) -> bool:
    text = value.strip()
    return text in markers or (text.casefold() in _ANY_CASE and text.casefold() in markers)


def is_text(series: pd.Series) -> bool:
    """Whether ``series`` holds strings (markers can only hide in such a column)."""
    dtype = series.dtype
    return not pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype) \
        and not isinstance(dtype, pd.DatetimeTZDtype) and dtype.kind != "M"


def find(series: pd.Series, markers: frozenset[str]) -> tuple[int, list[str]]:
    """How many values of ``series`` are markers, and which values they are, first met first."""
    if not markers or not is_text(series):
        return 0, []
    count, hits = 0, []
    for piece in columns.pieces(series):  # missing values are no str: skipped without a dropna pass
        found = [v for v in piece.unique() if isinstance(v, str) and _is_marker(v, markers)]
        if found:
            count += int(piece.isin(found).sum())
            hits += [v for v in found if v not in hits]
    return count, hits


def blank(series: pd.Series, hits: list[str]) -> pd.Series:
    """A copy of ``series`` with the values in ``hits`` (as ``find`` returned them) made missing."""
    return series.mask(series.isin(hits), np.nan)
