"""The broken-input corpus: files a user may hand Workbench, each with what the user must be told.

Every case writes its input into a folder at test time (nothing large is stored or written: the
2 GB file is sparse) and states the outcome a user should see, the same on the command line
(``workbench train CONFIG --data FILE``: one ``error:`` line, exit status 2) and in the window (a
dialog; the data and settings already loaded stay):

- ``message``: the error, naming the file (and the row, column or field), with ``hint`` the part
  that says what to do; or
- ``message`` empty: the file *loads*. ``note`` is then the remark the user gets about how it was
  read (its encoding, a value treated as missing) and ``check`` asserts what must be true of the
  loaded data.

``stage`` says where the verdict comes from: "load" (reading the file: ``load_file``) or "data"
(the file reads, but it cannot be trained on as configured: ``pipeline.prepare``; the window then
disables Train and gives the same reason instead of a dialog, or, for the cases marked
``on_train``, which depend on the model and training settings, says it in a dialog when Train is
pressed).

Used by tests/core/test_broken_inputs.py (loader, prepare step, CLI) and
tests/ui/test_broken_inputs_window.py (the window).
"""

from __future__ import annotations

import os
import struct
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GB = 1024**3
ROWS = 40  # enough rows for a split with every class in training, and the iris example's batch of 16

# The tables that load are made to train with the iris example config plus data.target="label".
CLI_TARGET = ("--set", "data.target='label'")


@dataclass(frozen=True)
class Case:
    """One input, how to make it, and what the user must see."""

    name: str
    make: Callable[[Path], Path]        # writes the input into the folder, returns its path
    message: str = ""                   # the error a user must read ("" = the file loads)
    hint: str = ""                      # ...and the part of it that says what to do
    note: str = ""                      # loads: a note on how it was read ("" = no note needed)
    check: Callable[[Any], None] | None = None  # loads: what must be true of the LoadedTable/Text
    stage: str = "load"                 # "load": load_file decides; "data": preparing it for training
    example: str = "iris"               # the bundled example config the CLI trains it with
    cli_args: tuple[str, ...] = CLI_TARGET  # extra CLI arguments (config overrides)
    window_message: str = ""            # where the window words it differently (see the case)
    window_note: str = ""               # where the window, with every setting on auto, loads it instead
    on_train: bool = False              # the window finds this only when Train is pressed (then a dialog)
    needs_non_root: bool = False        # the OS lets root read anything

    @property
    def loads(self) -> bool:
        """Whether the file reads (and, for stage "load", trains) without an error."""
        return not self.message

    def skip_reason(self) -> str:
        """Why this case cannot run here, or ""."""
        if self.needs_non_root and hasattr(os, "geteuid") and os.geteuid() == 0:
            return "running as root, which may read any file"
        return ""


# ---------------------------------------------------------------------------------------- makers

def _rows(fmt: Callable[[int], str], n: int = ROWS) -> str:
    return "".join(fmt(i) + "\n" for i in range(n))


def _label(i: int) -> str:
    return "yes" if i % 3 == 0 else "no"


def good_table(n: int = ROWS) -> str:
    """A small trainable table: a number, a category and a two-class label."""
    return "size,colour,label\n" + _rows(lambda i: f"{i % 7 + 0.5},{('red', 'blue')[i % 2]},{_label(i)}", n)


def _write(name: str, data: bytes | str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
        return path
    return make


def _png() -> bytes:
    """A real 1×1 PNG image."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
            + chunk(b"IEND", b""))


def _sparse(name: str, size: int) -> Callable[[Path], Path]:
    def make(folder: Path) -> Path:
        path = folder / name
        with path.open("wb") as fh:
            fh.truncate(size)  # sparse: no blocks are written, and nothing may read them all
        return path
    return make


def _folder(folder: Path) -> Path:
    path = folder / "data.csv"
    path.mkdir()
    (path / "part1.csv").write_text(good_table(), encoding="utf-8")
    return path


def _unreadable(folder: Path) -> Path:
    path = _write("locked.csv", good_table())(folder)
    path.chmod(0)
    return path


def _wide(n: int, name: Callable[[int], str]) -> Callable[[Path], Path]:
    header = ",".join(name(i) for i in range(n))
    row = ",".join(str(i % 10) for i in range(n))
    return _write("wide.csv", f"{header}\n{row}\n{row}\n")


def _latin1_late() -> bytes:
    # Pure ASCII for more than the 64 KB head and the window's 500-row preview; one Latin-1 byte after.
    head = "size,colour,label\n" + _rows(lambda i: f"{i % 7},{('red', 'blue')[i % 2]},{_label(i)}", 10_000)
    return head.encode("ascii") + "3,café crème,yes\n".encode("latin-1")


# ---------------------------------------------------------------------------------------- checks

def _column(name: str, *values: str) -> Callable[[Any], None]:
    def check(loaded: Any) -> None:
        got = loaded.df[name].tolist()
        assert all(v in got for v in values), f"{name}: {got[:10]}"
    return check


def _shape(rows: int, cols: int) -> Callable[[Any], None]:
    def check(loaded: Any) -> None:
        assert loaded.df.shape == (rows, cols), loaded.df.shape
    return check


# ---------------------------------------------------------------------------------------- the corpus

CASES: list[Case] = [
    Case("empty file", _write("empty.csv", b""),
         "the file is empty (0 bytes)", "Choose a file with data in it"),
    Case("whitespace only", _write("blank.csv", "  \n\n\t\n   \n"),
         "the file holds only blank lines or spaces", "Choose a file with data in it"),
    Case("header only", _write("header.csv", "size,colour,label\n\n"),
         "has a header (size, colour, label) but no data rows", "Add rows below the header"),
    # The message quotes the names; the window must show them as written, not as bold and italics.
    Case("header only, with markup in the names", _write("markup-header.csv", "<b>size</b>,<i>label</i>\n"),
         "has a header (<b>size</b>, <i>label</i>) but no data rows", "Add rows below the header"),
    Case("PNG image renamed .csv", _write("photo.csv", _png()),
         "looks like a PNG image, not text", "save the data as a CSV"),
    Case("Excel workbook renamed .csv", _write("book.csv", b"PK\x03\x04\x14\x00\x06\x00" + bytes(64)),
         "looks like a ZIP archive (an Excel .xlsx workbook is one)", "save the data as a CSV"),
    Case("binary bytes in a .txt", _write("blob.txt", b"some text\n\x00\x01\x02\x03\xfe\xff"),
         "looks like a binary file, not text (NUL byte at offset 10)", "save the data as a CSV or .txt"),
    # ':' and spaces are not among the delimiters read (, tab ; |): rather than one useless column,
    # the user is told what the file seems to use.
    Case("wrong delimiter (colons)", _write("colons.csv", good_table().replace(",", ":")),
         "values look separated by ':'", "commas, tabs, semicolons or |"),
    Case("wrong delimiter (spaces)", _write("spaces.csv", good_table().replace(",", " ")),
         "values look separated by spaces", "commas, tabs, semicolons or |"),
    Case("semicolons (a supported delimiter)", _write("semi.csv", good_table().replace(",", ";")),
         check=_shape(ROWS, 3)),
    Case("ragged rows",
         _write("ragged.csv", "size,colour,label\n1,red,yes\n2,blue,no\n3,red,big,yes\n4,blue,no\n"),
         "line 4 has 4 fields but the header has 3", "put such values in double quotes"),
    Case("unclosed quote", _write("quote.csv", 'size,colour,label\n1,red,yes\n2,"blue,no\n3,red,yes\n'),
         'line 3 opens a quote (") that is never closed', 'double it ("")'),
    Case("Latin-1 bytes",
         _write("latin1.csv", good_table().replace("red", "Müller").replace("blue", "Zürich"),
                encoding="latin-1"),
         note="Read as Latin-1", check=_column("colour", "Müller", "Zürich")),
    Case("GB18030 bytes", _write("gb18030.csv", good_table().replace("red", "红色").replace("blue", "蓝色"),
                                 encoding="gb18030"),
         note="Read as GB18030", check=_column("colour", "红色", "蓝色")),
    Case("a Latin-1 byte far into a UTF-8 file", _write("late.csv", _latin1_late()),
         note="Read as Latin-1 (not valid UTF-8 further into the file)",
         check=_column("colour", "café crème")),
    Case("UTF-16 with a byte-order mark (Excel's 'Unicode text')",
         _write("utf16.csv", good_table().replace(",", "\t").replace("red", "café"), encoding="utf-16"),
         note="Read as UTF-16", check=_column("colour", "café", "blue")),
    Case("UTF-16 without a byte-order mark",
         _write("utf16le.csv", good_table().replace("red", "中文"), encoding="utf-16-le"),
         note="Read as UTF-16 LE", check=_column("colour", "中文", "blue")),
    Case("10,000 columns", _wide(10_000, lambda i: f"c{i}"),
         "has 10000 columns; the limit is 2000", "check that the delimiter is right"),
    Case("10,000 columns with a header longer than the sample",
         _wide(10_000, lambda i: f"measurement_{i:05d}"),
         "has more than 2000 columns", "check that the delimiter is right"),
    # A column that is nearly all numbers stays numeric; the strays count as missing, with a note.
    Case("a numeric column with a stray string",
         _write("stray.csv", good_table().replace("\n3.5,", "\n?,", 1)),
         note="Column 'size': 1 value(s) that are not numbers (such as '?') are treated as missing",
         stage="data", check=_column("size", "?")),
    # Mostly words: it is a category column, not numbers with strays.
    Case("a column of mostly words with some numbers",
         _write("words.csv", "size,colour,label\n" + _rows(
             lambda i: f"{('small', 'large', 'medium', 3)[i % 4]},{('red', 'blue')[i % 2]},{_label(i)}")),
         check=_column("size", "small", "3")),
    Case("a directory", _folder, "is a folder, not a file", "Choose a CSV or .txt file",
         # The window opens a folder as a run folder (the CLI's --data wants a file).
         window_message="is not a Workbench run folder"),
    Case("no read permission", _unreadable, "no permission to read this file", "Check its permissions",
         needs_non_root=True),
    Case("a 2 GB file", _sparse("huge.csv", 2 * GB),
         "too large to load in memory (2.1 GB); the limit is 1 GB", "Use a sample of its rows"),
    Case("a file that does not exist", lambda folder: folder / "gone.csv",
         "file not found", "Check the path and the file name"),

    # ------------------------------------------------------------ it reads, but cannot be trained on
    Case("single-class target", _write("oneclass.csv", good_table().replace(",no\n", ",yes\n")),
         "column 'label' has only one class ('yes'): classification needs at least two",
         "Choose another [data] target", stage="data"),
    Case("single-class target written as markup",
         _write("markup.csv", "size,colour,label\n" + _rows(lambda i: f"{i},red,<b>spam</b>")),
         "column 'label' has only one class ('<b>spam</b>')", "Choose another [data] target", stage="data"),
    Case("a target with every value missing", _write("notarget.csv", "size,colour,label\n" + _rows(
         lambda i: f"{i},{('red', 'blue')[i % 2]},")),
         "target column 'label' has no values (every row is missing)", "Choose another [data] target",
         stage="data",
         # The window's settings start on auto for a new file: the empty column is not guessed as the
         # target (the last usable column is), and the user is told why 'label' is left out.
         window_note="Column 'label' is empty; it is ignored"),
    # Rows with no target cannot be learned from; they are dropped and the user is told how many.
    Case("a target with some missing values", _write("holes.csv", good_table().replace(",no\n", ",\n", 5)),
         note="5 rows with no target ('label') were dropped", stage="data", check=_shape(ROWS, 3)),
    Case("a text column that is all empty",
         _write("notext.csv", "text,label\n" + _rows(lambda i: f",{_label(i)}")),
         "text column 'text' is empty in every row", "Choose another [data] text_column",
         stage="data", example="movie-reviews", cli_args=(),
         # A new file in the window starts with every setting on auto, so no text column is asked for.
         window_message="every column other than the target 'label' is ignored or text ('text' is empty)"),
    Case("batch larger than the dataset", _write("small.csv", good_table(20)),
         # The training rows depend on the split shares: 12 with the iris example's, 14 with the defaults.
         "[train] batch_size (64) is larger than the training set (", "rows); use at most 1",
         stage="data", cli_args=(*CLI_TARGET, "--set", "train.batch_size=64"), on_train=True),
    Case("context longer than the text", _write("tiny.txt", "To be, or not to be, that is the question.\n"),
         "fewer than the context length + 1 (128 + 1)", "smaller context length ([model] block_size)",
         stage="data", example="shakespeare", cli_args=("--set", "model.block_size=128"), on_train=True),
]

BY_NAME = {case.name: case for case in CASES}
assert len(BY_NAME) == len(CASES), "case names must be unique"


# The second round (issue 12): faults of every channel (config, run folder, checkpoint, CLI
# arguments, memory, the window), one module per area under tests/faults, run through the CLI by
# tests/core/test_faults.py.
from faults import all_faults  # noqa: E402 - after the data cases, which do not depend on it

FAULTS = all_faults()
