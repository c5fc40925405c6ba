"""Read a data file into a table or a text, or say in one line why it cannot be read.

Only a head sample is decoded and inspected here (encoding, binary content, delimiter); pandas
then reads the whole file once with the chosen encoding, so loading costs about one
``pandas.read_csv``. A file larger than ``MAX_BYTES`` (1 GB) is refused before any of it is read,
and one that changes while it is read is refused rather than half read.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import warnings
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from workbench.core.errors import DataError

TEXT_SUFFIXES = frozenset({".txt", ".text", ".md"})
MAX_BYTES = 1_000_000_000
MAX_COLUMNS = 2000
DELIMITERS = (",", "\t", ";", "|")
# Tried in this order by encoding="auto"; the BOM variants only when the file starts with a BOM.
AUTO_ENCODINGS = ("utf-8", "utf-8-sig", "utf-16", "gb18030", "latin-1")

_SAMPLE_BYTES = 64 * 1024
_BINARY_CHECK_BYTES = 8192
_SNIFF_ROWS = 200
_HIGH_BYTES = bytes(range(128, 256))
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_MAGIC = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"PK\x03\x04", "a ZIP archive (an Excel .xlsx workbook is one)"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office file (such as an Excel .xls workbook)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"SQLite format 3\x00", "an SQLite database"),
    (b"PAR1", "a Parquet file"),
    (b"\x7fELF", "a program (ELF executable)"),
)
_ENCODING_NOTES = {
    "utf-8-sig": "Read as UTF-8 (the file starts with a byte-order mark)",
    "utf-16": "Read as UTF-16 (the file starts with a byte-order mark)",
    "utf-16-le": "Read as UTF-16 LE (the file has no byte-order mark)",
    "utf-16-be": "Read as UTF-16 BE (the file has no byte-order mark)",
    "gb18030": "Read as GB18030 (not valid UTF-8)",
    "latin-1": "Read as Latin-1 (neither UTF-8 nor GB18030)",
}
_DISPLAY = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM", "utf-16": "UTF-16", "utf-16-le": "UTF-16 LE",
            "utf-16-be": "UTF-16 BE", "gb18030": "GB18030", "latin-1": "Latin-1"}
_RAGGED = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_UNCLOSED = re.compile(r"EOF inside string starting at row (\d+)")
_PANDAS_UNNAMED = re.compile(r"Unnamed: \d+")
_NUMBER = re.compile(r"[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?")


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

    ``encoding`` is a codec name or "auto" (see ``AUTO_ENCODINGS``); ``nrows`` caps the data rows
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
        except LookupError:
            raise _error(p, f"unknown encoding '{encoding}'",
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
    if p.suffix.lower() in TEXT_SUFFIXES:
        return _load_text(p, encoding)
    return _load_table(p, head, whole=size <= len(head), encoding=encoding, nrows=nrows)


def _error(p: Path, problem: str, fix: str = "") -> DataError:
    return DataError(f"{p}: {problem}.", hint=fix)


def _read_error(p: Path, exc: OSError) -> DataError:
    if isinstance(exc, PermissionError):
        return _error(p, "no permission to read this file", "Check its permissions.")
    if isinstance(exc, FileNotFoundError):
        return _error(p, "was moved or deleted while it was being read", "Open it again from where it is now.")
    return _error(p, f"cannot be read ({exc.strerror or exc})")


def _check_file(p: Path) -> tuple[int, int]:
    """The file's (size, modification time in ns), once it is known to be a file worth reading."""
    if p.is_dir():
        raise _error(p, "is a folder, not a file", "Choose a CSV or .txt file.")
    try:
        stat = p.stat()
    except FileNotFoundError:
        raise _error(p, "file not found", "Check the path and the file name.") from None
    except OSError as exc:
        raise _error(p, f"cannot be read ({exc.strerror or exc})") from None
    size = stat.st_size
    if size > MAX_BYTES:
        raise _error(p, f"too large to load in memory ({size / 1e9:.1f} GB); the limit is {MAX_BYTES / 1e9:g} GB",
                     "Use a sample of its rows.")
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
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise _error(p, f"looks like {what}, not text", "Export or save the data as a CSV or .txt file.")
    # UTF-16/32 text is full of NUL bytes; anything else with a NUL in its head is not text.
    wide = head.startswith(_UTF16_BOMS) or (
        bool(_bomless_utf16(head)) if encoding == "auto"
        else codecs.lookup(encoding).name.startswith(("utf-16", "utf-32")))
    nul = head.find(b"\x00", 0, _BINARY_CHECK_BYTES)
    if nul >= 0 and not wide:
        raise _error(p, f"looks like a binary file, not text (NUL byte at offset {nul})",
                     "Export or save the data as a CSV or .txt file.")


def _bomless_utf16(head: bytes) -> str:
    """"utf-16-le" or "utf-16-be" where the head looks like UTF-16 text without a byte-order mark.

    Such text has a NUL beside every ASCII character (newlines, delimiters, digits), all on the
    same side of each 2-byte unit; binary data has NULs on both sides.
    """
    sample = head[: _BINARY_CHECK_BYTES & ~1]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    enough = max(4, len(sample) // 20)  # at least a tenth of the units carry an ASCII character
    if odd >= enough and even == 0:
        return "utf-16-le"
    if even >= enough and odd == 0:
        return "utf-16-be"
    return ""


def _candidates(head: bytes, encoding: str) -> list[str]:
    if encoding != "auto":
        return [encoding]
    if head.startswith(codecs.BOM_UTF8):
        return ["utf-8-sig"]
    if head.startswith(_UTF16_BOMS):
        return ["utf-16", "latin-1"]
    bomless = _bomless_utf16(head)
    if bomless:
        return [bomless]
    return ["utf-8", "gb18030", "latin-1"]


def _decode_head(head: bytes, enc: str, *, whole: bool, auto: bool) -> str:
    """The head sample decoded with ``enc``; raises UnicodeDecodeError where it is not that encoding."""
    text = codecs.getincrementaldecoder(enc)("strict").decode(head, final=whole)
    if auto and enc == "gb18030" and not _plausible_gb18030(head, text):
        raise UnicodeDecodeError(enc, head, 0, 1, "implausible as Chinese text")
    return text


def _plausible_gb18030(data: bytes, text: str) -> bool:
    # Latin-1 text such as "Müller" often decodes as GB18030 too, as a high byte followed by an
    # ASCII letter. Real Chinese text is mostly two high bytes per character. A head with no
    # non-ASCII text at all gives no evidence for Chinese, and Latin-1 is the safer reading.
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    return non_ascii > 0 and high >= 1.5 * non_ascii


def _encoding_notes(enc: str, auto: bool, failed_late: list[str]) -> list[str]:
    if failed_late:
        tried = ", ".join(_DISPLAY.get(e, e) for e in failed_late)
        return [f"Read as {_DISPLAY.get(enc, enc)} (not valid {tried} further into the file)"]
    return [_ENCODING_NOTES[enc]] if auto and enc in _ENCODING_NOTES else []


def _load_text(p: Path, encoding: str) -> LoadedText:
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise _read_error(p, exc) from None
    except MemoryError:
        raise _error(p, "not enough memory to load this file", "Use a part of the text.") from None
    auto = encoding == "auto"
    candidates = _candidates(data[:_SAMPLE_BYTES], encoding)
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError as exc:
            if auto and enc != candidates[-1]:
                continue
            raise _bad_encoding(p, enc, exc) from None
        if auto and enc == "gb18030" and not _plausible_gb18030(data, text):
            continue
        if not text.strip():
            raise _error(p, "the file holds only blank lines or spaces", "Choose a file with text in it.")
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        return LoadedText(text=text, path=p, encoding=enc, notes=_encoding_notes(enc, auto, []))
    raise AssertionError("the last candidate either decodes or raises")


def _bad_encoding(p: Path, enc: str, exc: UnicodeDecodeError) -> DataError:
    byte = exc.object[exc.start]
    return _error(p, f"is not valid {_DISPLAY.get(enc, enc)} text (byte 0x{byte:02x} at offset {exc.start})",
                  "Set the encoding to 'auto' or to the file's real encoding.")


def _load_table(p: Path, head: bytes, *, whole: bool, encoding: str, nrows: int | None) -> LoadedTable:
    auto = encoding == "auto"
    candidates = _candidates(head, encoding)
    failed_late: list[str] = []
    for enc in candidates:
        last = enc == candidates[-1]
        try:
            sample = _decode_head(head, enc, whole=whole, auto=auto)
        except UnicodeDecodeError as exc:
            if auto and not last:
                continue
            raise _bad_encoding(p, enc, exc) from None
        delimiter, header = _sniff(sample, whole)
        if len(header) > MAX_COLUMNS:
            # Without a line break in the sample, the header was cut off: there are more columns.
            raise _too_many_columns(p, len(header), cut=not whole and "\n" not in sample and "\r" not in sample)
        if len(header) == 1:
            _check_foreign_delimiter(p, sample, whole)
        try:
            df = _read_csv(p, enc, delimiter, nrows, sample)
        except UnicodeDecodeError as exc:
            # The head was fine but a later byte is not: fall back to the next encoding.
            if auto and not last:
                failed_late.append(enc)
                continue
            raise _error(p, f"is not valid {_DISPLAY.get(enc, enc)} text further into the file",
                         "Set the encoding to 'auto' or to the file's real encoding.") from exc
        if df.shape[1] > MAX_COLUMNS:
            raise _too_many_columns(p, df.shape[1])
        if len(df) == 0:
            shown = ", ".join(map(str, df.columns[:5])) + (", ..." if df.shape[1] > 5 else "")
            raise _error(p, f"has a header ({shown}) but no data rows", "Add rows below the header.")
        for col in df.columns:
            if df[col].dtype == object:  # numbers and text mixed, see _read_csv
                df[col] = df[col].astype("str")
        notes = _encoding_notes(enc, auto, failed_late)
        df.columns = _clean_names(header if len(header) == df.shape[1] else list(df.columns), notes)
        return LoadedTable(df=df, path=p, encoding=enc, delimiter=delimiter, notes=notes)
    raise AssertionError("the last candidate either decodes or raises")


def _too_many_columns(p: Path, n: int, cut: bool = False) -> DataError:
    count = (f"more than {MAX_COLUMNS} columns (its first line is longer than {_SAMPLE_BYTES // 1024} KB)"
             if cut else f"{n} columns")
    return _error(p, f"has {count}; the limit is {MAX_COLUMNS}",
                  "Keep only the columns you need, or check that the delimiter is right.")


def _check_foreign_delimiter(p: Path, sample: str, whole: bool) -> None:
    """Refuse a one-column reading of a file whose lines all split alike on ':' or on spaces.

    Such a file is a table with a delimiter that is not read (see DELIMITERS); one column holding
    whole lines is never what the user meant. Spaces count only with a column of numbers, so a
    column of two-word names is not taken for two columns.
    """
    lines = [line for line in sample.splitlines()[: _SNIFF_ROWS + 1] if line.strip()]
    if not whole and len(lines) > 1:
        lines = lines[:-1]  # the sample may end mid-line
    if len(lines) < 2:
        return
    for shown, split in (("':'", lambda line: line.split(":")), ("spaces", str.split)):
        rows = [split(line) for line in lines]
        width = len(rows[0])
        if width < 2 or any(len(row) != width for row in rows):
            continue
        if shown == "spaces" and not any(all(_NUMBER.fullmatch(row[i]) for row in rows[1:])
                                         for i in range(width)):
            continue
        raise _error(p, f"only one column was found: the values look separated by {shown}, which is not "
                     "a delimiter Workbench reads",
                     "Save the file with commas, tabs, semicolons or | between the values.")


def _sniff(sample: str, whole: bool) -> tuple[str, list[str]]:
    """The delimiter and the header fields, from parsing the sample with each candidate.

    Not csv.Sniffer: it could not determine the delimiter of rt_polarity.csv's first 8 KB (commas
    inside quoted text). csv.reader parses quotes properly, so each delimiter is scored by the share
    of rows it splits into as many fields as the header; ties go to the earlier in DELIMITERS.
    """
    if not whole:
        cut = max(sample.rfind("\n"), sample.rfind("\r"))
        sample = sample[:cut] if cut > 0 else sample
    best: tuple[float, int] | None = None
    choice, choice_header = DELIMITERS[0], []
    for rank, delimiter in enumerate(DELIMITERS):
        rows = _parse_rows(sample, delimiter)
        if rank == 0:
            choice_header = rows[0] if rows else []  # a single-column file keeps this
        if not rows or len(rows[0]) < 2:
            continue
        header, data = rows[0], rows[1:]
        consistency = sum(len(r) == len(header) for r in data) / len(data) if data else 1.0
        if best is None or (consistency, -rank) > best:
            best, choice, choice_header = (consistency, -rank), delimiter, header
    return choice, choice_header


def _parse_rows(sample: str, delimiter: str) -> list[list[str]]:
    rows: list[list[str]] = []
    try:
        for row in csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter):
            if row:
                rows.append(row)
            if len(rows) > _SNIFF_ROWS:
                break
    except csv.Error:
        pass  # a quote left open at the end of the sample; the rows before it still count
    return rows


def _read_csv(p: Path, enc: str, delimiter: str, nrows: int | None, sample: str) -> pd.DataFrame:
    try:
        with warnings.catch_warnings():
            # In low-memory mode pandas warns when chunks of a column get different types; such
            # columns are made text by the caller, which is what low_memory=False would give at
            # about four times the time.
            warnings.simplefilter("ignore", pd.errors.DtypeWarning)
            # index_col=False: never take the first field as the index when rows are longer than
            # the header; pandas then drops one trailing delimiter and warns about anything more.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            return pd.read_csv(p, sep=delimiter, encoding=enc, engine="c", nrows=nrows, compression=None,
                               index_col=False)
    except UnicodeDecodeError:
        raise
    except pd.errors.ParserWarning:
        raise _long_rows(p, sample, delimiter) from None
    except pd.errors.EmptyDataError:
        raise _error(p, "the file holds only blank lines or spaces",
                     "Choose a file with data in it.") from None
    except pd.errors.ParserError as exc:
        raise _parser_error(p, str(exc), delimiter) from None
    except MemoryError:
        raise _error(p, "not enough memory to load this file", "Use a sample of its rows.") from None
    except PermissionError:
        raise _error(p, "no permission to read this file", "Check its permissions.") from None
    except (ValueError, OSError, csv.Error) as exc:
        raise _error(p, f"could not be read as a table ({str(exc).strip().splitlines()[0]})") from None


def _parser_error(p: Path, message: str, delimiter: str) -> DataError:
    shown = "a tab" if delimiter == "\t" else f"'{delimiter}'"
    ragged = _RAGGED.search(message)
    if ragged:
        expected, line, saw = ragged.groups()
        return _error(p, f"line {line} has {saw} fields but the header has {expected}",
                      f"A value probably contains {shown} without quotes around it; "
                      "put such values in double quotes, or fix that line.")
    unclosed = _UNCLOSED.search(message)
    if unclosed:
        line = int(unclosed.group(1)) + 1
        return _error(p, f"line {line} opens a quote (\") that is never closed",
                      "Close the quote, or double it (\"\") if it is part of the value.")
    first = message.strip().splitlines()[0] if message.strip() else "unknown parser error"
    return _error(p, f"could not be read as a table ({first})")


def _long_rows(p: Path, sample: str, delimiter: str) -> DataError:
    rows = _parse_rows(sample, delimiter)
    n = len(rows[0]) if rows else 0
    where = next((f"data row {i} has {len(row)} fields" for i, row in enumerate(rows[1:], start=1)
                  if len(row) > n + (row[-1] == "")), "some data rows have more fields")
    return _error(p, f"{where} but the header has {n}",
                  "Add the missing column names to the header, or remove the extra fields.")


def _clean_names(raw: list[object], notes: list[str]) -> list[str]:
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
