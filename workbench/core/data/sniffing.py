"""Which delimiter a table uses, found from its decoded head sample.

Not csv.Sniffer: it could not determine the delimiter of rt_polarity.csv's first 8 KB (commas
inside quoted text). csv.reader parses quotes properly, so each delimiter in ``DELIMITERS`` is
scored by the share of rows it splits into as many fields as the header.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path

DELIMITERS = (",", "\t", ";", "|")
SNIFF_ROWS = 200
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


def sniff(sample: str, whole: bool) -> tuple[str, list[str]]:
    """The delimiter and the header fields, from parsing the sample with each candidate.

    ``whole`` says the sample is the whole file; otherwise its last, maybe cut, line is left out.
    Ties go to the earlier in DELIMITERS; a file no delimiter splits is one column (",").
    """
    if not whole:
        cut = max(sample.rfind("\n"), sample.rfind("\r"))
        sample = sample[:cut] if cut > 0 else sample
    best: tuple[float, int] | None = None
    choice, choice_header = DELIMITERS[0], []
    for rank, delimiter in enumerate(DELIMITERS):
        rows = parse_rows(sample, delimiter)
        if rank == 0:
            choice_header = rows[0] if rows else []  # a single-column file keeps this
        if not rows or len(rows[0]) < 2:
            continue
        header, data = rows[0], rows[1:]
        consistency = sum(len(r) == len(header) for r in data) / len(data) if data else 1.0
        if best is None or (consistency, -rank) > best:
            best, choice, choice_header = (consistency, -rank), delimiter, header
    return choice, choice_header


def parse_rows(sample: str, delimiter: str) -> list[list[str]]:
    """The first ``SNIFF_ROWS`` + 1 non-empty rows of ``sample`` split on ``delimiter``, quotes honoured."""
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
            if row:
                rows.append(row)
            if len(rows) > SNIFF_ROWS:
                break
    except csv.Error:
        pass  # a quote left open at the end of the sample; the rows before it still count
    return rows


def foreign_delimiter(sample: str, whole: bool) -> str:
    """"':'" or "spaces" where every line of a one-column reading splits alike on it; else "".

    Such a file is a table with a delimiter that is not read (see DELIMITERS); one column holding
    whole lines is never what the user meant. Spaces count only with a column of numbers, so a
    column of two-word names is not taken for two columns.
    """
    lines = [line for line in sample.splitlines()[: SNIFF_ROWS + 1] if line.strip()]
    if not whole and len(lines) > 1:
        lines = lines[:-1]  # the sample may end mid-line
    if len(lines) < 2:
        return ""
    splits: tuple[tuple[str, Callable[[str], list[str]]], ...] = (
        ("':'", lambda line: line.split(":")), ("spaces", str.split))
    for shown, split in splits:
        rows = [split(line) for line in lines]
        width = len(rows[0])
        if width < 2 or any(len(row) != width for row in rows):
            continue
        if shown == "spaces" and not any(all(_NUMBER.fullmatch(row[i]) for row in rows[1:])
                                         for i in range(width)):
            continue
        return shown
    return ""


def mixed_delimiters(sample: str, whole: bool) -> tuple[str, str]:
    """The header's and the rows' delimiters where they differ (``";"`` and ``","``); else ("", "").

    Such a file reads as a header of several columns over rows that fill only the first, which
    later looks like empty columns ("the target has no values") rather than what it is.
    """
    if not whole:
        cut = max(sample.rfind("\n"), sample.rfind("\r"))
        sample = sample[:cut] if cut > 0 else sample
    parsed = {d: parse_rows(sample, d) for d in DELIMITERS}
    if not parsed[DELIMITERS[0]] or len(parsed[DELIMITERS[0]]) < 2:
        return "", ""

    def splits_rows(d: str) -> bool:
        data = parsed[d][1:]
        return bool(data) and len(data[0]) >= 2 and all(len(row) == len(data[0]) for row in data)

    for head in DELIMITERS:
        if not parsed[head] or len(parsed[head][0]) < 2 or splits_rows(head):
            continue
        for rows in DELIMITERS:
            if rows != head and parsed[rows] and len(parsed[rows][0]) == 1 and splits_rows(rows):
                return head, rows
    return "", ""


def shown_delimiter(delimiter: str) -> str:
    """How a message names a delimiter: "a tab", "';'"."""
    return "a tab" if delimiter == "\t" else f"'{delimiter}'"


def record_line(path: Path, encoding: str, delimiter: str, record: int) -> int:
    """The file's line (1-based) where row ``record`` starts, counting rows as pandas' parser does
    (the header is row 1, a blank line is a row, a quoted value over several lines is one row).

    pandas reports the row; the user's editor shows lines, which differ once a value holds line
    breaks. Falls back to ``record`` where the file cannot be re-read.
    """
    try:
        with path.open(encoding=encoding, newline="") as fh:
            reader = csv.reader(fh, delimiter=delimiter)
            start = 1
            for index, _row in enumerate(reader, start=1):
                if index == record:
                    return start
                start = reader.line_num + 1
    except (OSError, UnicodeDecodeError, csv.Error):
        pass
    return record
