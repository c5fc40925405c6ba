"""Read a data file into a table or a text, or say in one line why it cannot be read.

Only a head sample is decoded and inspected (encoding and binary content: ``encodings``;
delimiter: ``sniffing``); pandas then reads the whole file once with the chosen encoding, so
loading costs about one ``pandas.read_csv``. A file larger than ``MAX_BYTES`` (1 GB) is refused
before any of it is read, and one that changes while it is read is refused rather than half read.
"""

from __future__ import annotations

import codecs
import csv
import re
import warnings
from collections.abc import Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from stat import S_ISREG

import pandas as pd

from workbench.core.data.encodings import (
    BINARY_CHECK_BYTES,
    binary_problem,
    candidates,
    code_unit,
    decode_head,
    display_name,
    encoding_notes,
    find_nul,
    plausible_gb18030,
)
from workbench.core.data.sniffing import (
    foreign_delimiter,
    mixed_delimiters,
    parse_rows,
    record_line,
    shown_delimiter,
    sniff,
)
from workbench.core.data.wide import in_groups, long_row, read_in_groups
from workbench.core.errors import DataError
from workbench.core.safepaths import check_file, check_name

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
MAX_BYTES = 1_000_000_000
MAX_COLUMNS = 2000

_SAMPLE_BYTES = 64 * 1024
_RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_UNCLOSED = re.compile(r"EOF inside string starting at row (\d+)")
_PANDAS_UNNAMED = re.compile(r"Unnamed: \d+")


@dataclass
class LoadedTable:
    """A delimited file read into a DataFrame, with what was detected and anything worth a note."""

    df: pd.DataFrame
    path: Path
    encoding: str
    delimiter: str
    notes: list[str] = field(default_factory=list)


@dataclass
class LoadedText:
    """A plain-text file (for language modelling), newlines normalised to ``\\n``."""

    text: str
    path: Path
    encoding: str
    notes: list[str] = field(default_factory=list)


def load_file(path: str | Path, encoding: str = "auto", nrows: int | None = None,
              threads: int | None = None) -> LoadedTable | LoadedText:
    """Read ``path``: ``.txt``/``.text``/``.md`` as plain text, anything else as a delimited table.

    ``encoding`` is a codec name or "auto" (see ``encodings.candidates``); ``nrows`` caps the data rows
    read from a table. pandas parses a big table on every core by default; ``threads`` caps that
    (the app leaves one core to its window). Every problem raises a DataError naming the file.
    """
    if nrows is not None and nrows < 1:
        raise ValueError(f"nrows must be at least 1, got {nrows}")
    p = Path(path)
    stamp = _check_file(p)
    if encoding != "auto":
        try:
            codecs.lookup(encoding)
            "".encode(encoding)  # rot13 and base64 are codecs, but not text encodings (LookupError)
        except (LookupError, ValueError):
            raise _error(p, f"unknown encoding '{encoding}' (not a text encoding)",
                         "Use 'auto' or a name such as utf-8, gb18030 or latin-1.") from None
    try:
        with pd.option_context("mode.max_threads", threads) if threads else nullcontext():
            loaded = _load(p, stamp[0], encoding, nrows)
    except DataError:
        _check_unchanged(p, stamp)  # a file rewritten mid-read explains the error better
        raise
    _check_unchanged(p, stamp)
    return loaded


def _load(p: Path, size: int, encoding: str, nrows: int | None) -> LoadedTable | LoadedText:
    try:
        with p.open("rb") as fh:
            head = fh.read(_SAMPLE_BYTES)
    except OSError as exc:
        raise _read_error(p, exc) from None
    _check_binary(p, head, encoding)
    _check_damage(p, head, size, encoding)
    if p.suffix.lower() in TEXT_SUFFIXES:
        return _load_text(p, encoding)
    return _load_table(p, head, whole=size <= len(head), encoding=encoding, nrows=nrows)


def _error(p: Path, problem: str, fix: str = "") -> DataError:
    return DataError(f"{p}: {problem}.", hint=fix)


def _read_error(p: Path, exc: OSError) -> DataError:
    if isinstance(exc, PermissionError):
        return _error(p, "no permission to read this file", "Check its permissions.")
    if isinstance(exc, FileNotFoundError):
        return _error(p, "was moved or deleted while it was being read",
                      "Open it again from where it is now.")
    return _error(p, f"cannot be read ({exc.strerror or exc})")


def _check_file(p: Path) -> tuple[int, int]:
    """The file's (size, modification time in ns), once it is known to be a file worth reading."""
    check_name(p, DataError)  # a NUL byte or an over-long name: said, not raised as ValueError
    if p.is_dir():
        raise _error(p, "is a folder, not a file", "Choose a CSV or .txt file.")
    try:
        stat = p.stat()
    except FileNotFoundError:
        raise _error(p, "file not found", "Check the path and the file name.") from None
    except OSError:
        stat = check_file(p, DataError, what="data file")  # says which: a link loop, no permission...
    if not S_ISREG(stat.st_mode):  # a FIFO would block the reader, /dev/zero never ends
        check_file(p, DataError, what="data file")
    size = stat.st_size
    if size > MAX_BYTES:
        raise _error(p, f"too large to load in memory ({size / 1e9:.1f} GB); "
                     f"the limit is {MAX_BYTES / 1e9:g} GB", "Use a sample of its rows.")
    if size == 0:
        raise _error(p, "the file is empty (0 bytes)", "Choose a file with data in it.")
    return size, stat.st_mtime_ns


def _check_unchanged(p: Path, before: tuple[int, int]) -> None:
    """Refuse what was read from a file that was replaced, grew or vanished meanwhile."""
    try:
        stat = p.stat()
    except OSError:
        raise _error(p, "was moved or deleted while it was being read",
                     "Open it again from where it is now.") from None
    if (stat.st_size, stat.st_mtime_ns) != before:
        raise _error(p, "changed while it was being read",
                     "Wait until the program writing it has finished, then open it again.")


def _check_binary(p: Path, head: bytes, encoding: str) -> None:
    problem = binary_problem(head, encoding)
    if problem:
        raise _error(p, problem, "Export or save the data as a CSV or .txt file.")


def _check_damage(p: Path, head: bytes, size: int, encoding: str) -> None:
    """Refuse a UTF-16/32 file cut mid-character, and a NUL byte past the head's binary check."""
    unit = code_unit(head, encoding)
    if unit and size % unit:
        raise _error(p, f"looks like UTF-{8 * unit} text, but its size ({size:,} bytes) is not a whole "
                     f"number of {unit}-byte characters: its end is missing, so the file was probably "
                     "cut short",
                     "Copy or export the file again.")
    if unit or size <= BINARY_CHECK_BYTES:
        return  # wide text is full of NULs; the head's check covered a small file
    try:
        offset, line = find_nul(p, BINARY_CHECK_BYTES)
    except OSError as exc:
        raise _read_error(p, exc) from None
    if offset >= 0:
        raise _error(p, f"line {line:,} holds a NUL byte (at byte {offset:,}), which text never does: the "
                     "file is damaged or not plain text", "Remove the NUL bytes, or save the file again.")


def _load_text(p: Path, encoding: str) -> LoadedText:
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise _read_error(p, exc) from None
    except MemoryError:
        raise _error(p, "not enough memory to load this file", "Use a part of the text.") from None
    auto = encoding == "auto"
    encodings = candidates(data[:_SAMPLE_BYTES], encoding)
    for enc in encodings:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            if auto and enc != encodings[-1]:
                continue
            raise _bad_encoding(p, enc, exc) from None
        if auto and enc == "gb18030" and not plausible_gb18030(data, text):
            continue
        if not text.strip():
            raise _error(p, "the file holds only blank lines or spaces", "Choose a file with text in it.")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return LoadedText(text=text, path=p, encoding=enc, notes=encoding_notes(enc, auto, []))
    raise AssertionError("the last candidate either decodes or raises")


def _bad_encoding(p: Path, enc: str, exc: UnicodeDecodeError) -> DataError:
    byte = exc.object[exc.start]
    return _error(p, f"is not valid {display_name(enc)} text (byte 0x{byte:02x} at offset {exc.start})",
                  "Set the encoding to 'auto' or to the file's real encoding.")


def _load_table(p: Path, head: bytes, *, whole: bool, encoding: str, nrows: int | None) -> LoadedTable:
    auto = encoding == "auto"
    encodings = candidates(head, encoding)
    failed_late: list[str] = []
    for enc in encodings:
        last = enc == encodings[-1]
        try:
            sample = decode_head(head, enc, whole=whole, auto=auto)
        except UnicodeDecodeError as exc:
            if auto and not last:
                continue
            raise _bad_encoding(p, enc, exc) from None
        delimiter, header = sniff(sample, whole)
        head_delimiter, row_delimiter = mixed_delimiters(sample, whole)
        if head_delimiter:
            raise _error(p, f"the header is split by {shown_delimiter(head_delimiter)} but the rows by "
                         f"{shown_delimiter(row_delimiter)}", "Use one delimiter throughout: fix the first "
                         "line, or save the file again.")
        if len(header) > MAX_COLUMNS:
            # Without a line break in the sample, the header was cut off: there are more columns.
            cut = not whole and "\n" not in sample and "\r" not in sample
            raise _too_many_columns(p, len(header), cut=cut)
        if len(header) == 1:
            _check_foreign_delimiter(p, sample, whole)
        try:
            df = _read_csv(p, enc, delimiter, nrows, sample, columns=len(header))
        except UnicodeDecodeError as exc:
            # The head was fine but a later byte is not: fall back to the next encoding.
            if auto and not last:
                failed_late.append(enc)
                continue
            raise _error(p, f"is not valid {display_name(enc)} text further into the file",
                         "Set the encoding to 'auto' or to the file's real encoding.") from exc
        if df.shape[1] > MAX_COLUMNS:
            raise _too_many_columns(p, df.shape[1])
        if len(df) == 0:
            shown = ", ".join(map(str, df.columns[:5])) + (", ..." if df.shape[1] > 5 else "")
            raise _error(p, f"has a header ({shown}) but no data rows", "Add rows below the header.")
        # numbers and text mixed, see _read_csv (found from the dtypes: df[col] costs ~0.1 ms a column)
        for col in df.columns[[dtype == "object" for dtype in df.dtypes]]:
            df[col] = df[col].astype("str")
        notes = encoding_notes(enc, auto, failed_late)
        df.columns = _clean_names(header if len(header) == df.shape[1] else list(df.columns), notes)
        return LoadedTable(df=df, path=p, encoding=enc, delimiter=delimiter, notes=notes)
    raise AssertionError("the last candidate either decodes or raises")


def _too_many_columns(p: Path, n: int, cut: bool = False) -> DataError:
    count = (f"more than {MAX_COLUMNS} columns (its first line is longer than {_SAMPLE_BYTES // 1024} KB)"
             if cut else f"{n} columns")
    return _error(p, f"has {count}; the limit is {MAX_COLUMNS}",
                  "Keep only the columns you need, or check that the delimiter is right.")


def _check_foreign_delimiter(p: Path, sample: str, whole: bool) -> None:
    """Refuse a one-column reading of a file whose lines all split alike on ':' or on spaces."""
    shown = foreign_delimiter(sample, whole)
    if shown:
        raise _error(p, f"only one column was found: the values look separated by {shown}, which is not "
                     "a delimiter Workbench reads",
                     "Save the file with commas, tabs, semicolons or | between the values.")


def _read_csv(p: Path, enc: str, delimiter: str, nrows: int | None, sample: str,
              columns: int = 0) -> pd.DataFrame:
    grouped = in_groups(columns, p.stat().st_size, nrows)  # a wide table: see core.data.wide
    if grouped:
        line, saw = long_row(p, enc, delimiter, columns, nrows)
        if line:
            raise _error(p, f"line {line:,} has {saw} fields but the header has {columns}",
                         "Add the missing column names to the header, or remove the extra fields.")
    try:
        with warnings.catch_warnings():
            # In low-memory mode pandas warns when chunks of a column get different types; such
            # columns are made text by the caller, which is what low_memory=False would give at
            # about four times the time.
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            # index_col=False: never take the first field as the index when rows are longer than
            # the header; pandas then drops one trailing delimiter and warns about anything more.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            def read(usecols: range | None = None) -> pd.DataFrame:
                return pd.read_csv(p, sep=delimiter, encoding=enc, engine="c", nrows=nrows, compression=None,
                                   index_col=False, usecols=usecols)

            return read_in_groups(read, columns) if grouped else read()
    except UnicodeDecodeError:
        raise
    except pd.errors.ParserWarning:
        raise _long_rows(p, sample, delimiter) from None
    except pd.errors.EmptyDataError:
        raise _error(p, "the file holds only blank lines or spaces",
                     "Choose a file with data in it.") from None
    except pd.errors.ParserError as exc:
        raise _parser_error(p, str(exc), delimiter, enc) from None
    except MemoryError:
        raise _error(p, "not enough memory to load this file", "Use a sample of its rows.") from None
    except PermissionError:
        raise _error(p, "no permission to read this file", "Check its permissions.") from None
    except (ValueError, OSError, csv.Error) as exc:
        raise _error(p, f"could not be read as a table ({str(exc).strip().splitlines()[0]})") from None


def _parser_error(p: Path, message: str, delimiter: str, enc: str) -> DataError:
    shown = shown_delimiter(delimiter)
    ragged = _RAGGED.search(message)
    if ragged:
        expected, row, saw = ragged.groups()
        line = record_line(p, enc, delimiter, int(row))
        return _error(p, f"line {line:,} has {saw} fields but the header has {expected}",
                      f"A value probably contains {shown} without quotes around it; "
                      "put such values in double quotes, or fix that line.")
    unclosed = _UNCLOSED.search(message)
    if unclosed:
        line = record_line(p, enc, delimiter, int(unclosed.group(1)) + 1)
        return _error(p, f"line {line} opens a quote (\") that is never closed",
                      "Close the quote, or double it (\"\") if it is part of the value.")
    first = message.strip().splitlines()[0] if message.strip() else "unknown parser error"
    return _error(p, f"could not be read as a table ({first})")


def _long_rows(p: Path, sample: str, delimiter: str) -> DataError:
    rows = parse_rows(sample, delimiter)
    n = len(rows[0]) if rows else 0
    where = next((f"data row {i} has {len(row)} fields" for i, row in enumerate(rows[1:], start=1)
                  if len(row) > n + (row[-1] == "")), "some data rows have more fields")
    return _error(p, f"{where} but the header has {n}",
                  "Add the missing column names to the header, or remove the extra fields.")


def _clean_names(raw: Sequence[object], notes: list[str]) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    for i, value in enumerate(raw, start=1):
        name = str(value).strip()
        if not name or _PANDAS_UNNAMED.fullmatch(name):
            name = f"column_{i}"
            notes.append(f"Column {i} has no name; it is called '{name}'")
        if name in seen:
            k = 2
            while f"{name}_{k}" in seen:
                k += 1
            notes.append(f"Column {i} repeats the name '{name}'; it is called '{name}_{k}'")
            name = f"{name}_{k}"
        seen.add(name)
        names.append(name)
    return names
