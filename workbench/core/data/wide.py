"""Reading a wide table a group of columns at a time, so the thread reading it lets others run.

pandas' parser turns every column's text into values in one C call that holds Python's lock:
for a 2,000-column table that is 0.2-0.4 s in which a window's GUI thread cannot run a line of
Python (each paint asks the table model, in Python, for its cells). Read ``GROUP_COLUMNS``
columns at a time (``usecols``), each call holds the lock for a few tens of milliseconds, and the
core's yield hook runs between them (``core.cpus``: a pause in the app, nothing headless).

Each group tokenises the rows again, so only a preview (``nrows``) or a small file is read so;
and ``usecols`` no longer notices a row with more fields than the header, so ``long_row`` looks
for one with the csv module, as one read of all columns would have.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

import pandas as pd

from workbench.core.cpus import yield_between_pieces

WIDE_COLUMNS = 500        # tables wider than this are read in groups...
GROUP_COLUMNS = 200       # ...of this many columns
WHOLE_BYTES = 4_000_000   # ...when only a preview is read, or the whole file is at most this size


def in_groups(columns: int, size: int, nrows: int | None) -> bool:
    """Whether a table of ``columns`` columns and ``size`` bytes is read a group of columns at a time."""
    return columns > WIDE_COLUMNS and (nrows is not None or size <= WHOLE_BYTES)


def read_in_groups(read: Callable[[range], pd.DataFrame], columns: int) -> pd.DataFrame:
    """``read(usecols)`` for each group of columns, side by side."""
    parts = []
    for start in range(0, columns, GROUP_COLUMNS):
        parts.append(read(range(start, min(start + GROUP_COLUMNS, columns))))
        yield_between_pieces()
    return pd.concat(parts, axis=1)


def long_row(path: Path, encoding: str, delimiter: str, fields: int, nrows: int | None) -> tuple[int, int]:
    """The file's line and field count of the first data row longer than the header's ``fields``,
    or (0, 0). One empty field past the end (a trailing delimiter) is allowed, as pandas does."""
    with path.open(encoding=encoding, newline="") as fh:
        reader = csv.reader(fh, delimiter=delimiter)
        start, rows = 1, 0
        try:
            for row in reader:
                if rows and len(row) > fields and not (len(row) == fields + 1 and row[-1] == ""):
                    return start, len(row)
                rows += bool(row)
                if nrows is not None and rows > nrows:
                    break
                start = reader.line_num + 1
        except csv.Error:
            pass  # a field past the csv module's size limit, a quote left open: pandas says more
    return 0, 0
