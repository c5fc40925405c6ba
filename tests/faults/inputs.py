"""Data files that once loaded silently wrong or confused (issue 12): damaged encodings, stray NUL
bytes, numbers too large to compute with, a numeric target with text in it, mismatched delimiters,
a ragged row among multi-line values, and a few odd but honest files that must simply train.

Each case trains the iris example's small MLP (``resources/examples/iris.toml``) on the file, or,
where the task must be guessed, the settings fitted to the file (``--data`` alone).
"""

from __future__ import annotations

import codecs
from collections.abc import Callable
from pathlib import Path

from faults import Fault

ROOT = Path(__file__).resolve().parents[2]
IRIS = str(ROOT / "resources" / "examples" / "iris.toml")
QUICK = ("--quiet", "--set", "train.num_threads=1", "--set", "train.max_steps=3")
ROWS = 60


def _table(n: int = ROWS, value: Callable[[int], str] = lambda i: f"{i % 7 + 0.5}") -> str:
    """A small trainable table: a number, a category and a two-class label."""
    return "size,colour,label\n" + "".join(
        f"{value(i)},{('red', 'blue')[i % 2]},{'yes' if i % 3 == 0 else 'no'}\n" for i in range(n))


def _train(name: str, data: bytes | str, *extra: str, config: bool = True) -> Callable[[Path], list[str]]:
    """Write ``data`` to ``name`` and train on it (with the iris config, or fitted settings)."""
    def make(folder: Path) -> list[str]:
        path = folder / name
        path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
        head = [IRIS] if config else []
        return ["train", *head, "--data", str(path), "--out", str(folder / "runs"),
                "--set", "data.target='label'", *QUICK, *extra]
    return make


def _nul_late() -> bytes:
    data = _table(2000).encode("ascii")
    at = data.index(b"\n", 9000) + 3  # inside a line past the 8 KB the binary check reads
    return data[:at] + b"\x00" + data[at:]


def _nul_line() -> int:
    data = _nul_late()
    return data[:data.index(b"\x00")].count(b"\n") + 1


def _numbers_and_text() -> str:
    # 85 % different numbers (a quantity), 15 % words: not 35 classes.
    return "size,colour,label\n" + "".join(
        f"{i % 7},{('red', 'blue')[i % 2]},{'unknown' if i % 7 == 3 else f'{(i * 37) % 101}.5'}\n"
        for i in range(200))


def _multiline_ragged() -> str:
    rows = [f'{i},"a note\nover three\nlines",{"yes" if i % 2 else "no"}' for i in range(10)]
    return "size,note,label\n" + "\n".join(rows) + '\n11,"short",yes,extra\n' + "\n".join(
        f'{i},"x\ny",no' for i in range(10)) + "\n"


def _ran_and_noted(note: str) -> Callable[[Path, str, str], None]:
    def check(folder: Path, out: str, err: str) -> None:
        assert note in out + err, (out + err)[-2000:]
        assert list((folder / "runs").glob("*/summary.json")), "no run folder with a summary"
    return check


def _line_named(line: int) -> Callable[[Path, str, str], None]:
    def check(_folder: Path, _out: str, err: str) -> None:
        assert f"line {line:,} " in err, err[-500:]
    return check


def _text_column_of_megabytes() -> str:
    word = "lorem ipsum dolor sit amet " * 40_000  # about 1 MB of text per row
    return "note,label\n" + "".join(f'"{word}{i}",{"yes" if i % 2 else "no"}\n' for i in range(12))


FAULTS = [
    Fault("utf16_missing_last_byte", "wrong", _train("cut.csv", _table().encode("utf-16")[:-1]),
          message="was probably cut short"),
    Fault("utf16_bomless_missing_last_byte", "wrong", _train("cut.csv", _table().encode("utf-16-le")[:-1]),
          message="not a whole number of 2-byte characters"),
    Fault("utf16_whole_still_loads", "wrong",
          _train("wide.csv", codecs.BOM_UTF16_LE + _table().encode("utf-16-le")),
          status=0, check=_ran_and_noted("UTF-16")),
    Fault("nul_byte_after_the_first_8_kb", "wrong", _train("nul.csv", _nul_late()),
          message="holds a NUL byte", check=_line_named(_nul_line())),
    Fault("nul_byte_late_in_a_text_file", "wrong",
          _train("nul.txt", ("to be or not to be " * 1000).encode() + b"\x00tail\n", config=False),
          message="holds a NUL byte"),
    Fault("a_file_of_only_nul_bytes", "wrong", _train("zeros.csv", b"\x00" * 100_000),
          message="NUL byte at offset 0"),
    Fault("finite_1e308_in_a_numeric_column", "confusing",
          _train("huge.csv", _table(value=lambda i: "1e308" if i % 5 == 0 else f"{i % 7}.5")),
          message="column 'size' holds numbers too large to compute with"),
    Fault("finite_1e308_in_a_regression_target", "confusing",
          _train("huge_y.csv",
                 "x,label\n" + "".join(f"{i},{1e308 if i % 4 == 0 else i * 1.5}\n" for i in range(60)),
                 "--set", "data.task='regression'", "--set", "model.kind='auto'", config=False),
          message="target column 'label' holds numbers too large"),
    Fault("target_mostly_numbers_with_some_words", "confusing",
          _train("mixed.csv", _numbers_and_text(), config=False), message="looks numeric, but 29 of 200"),
    Fault("regression_target_with_some_words", "confusing",
          _train("mixed.csv", _numbers_and_text(), "--set", "data.task='regression'", config=False),
          message="not numbers (such as 'unknown')"),
    Fault("header_by_semicolon_rows_by_comma", "confusing",
          _train("semi.csv", "size;colour;label\n" + _table().split("\n", 1)[1]),
          message="the header is split by ';' but the rows by ','"),
    Fault("ragged_row_among_multiline_values", "confusing", _train("notes.csv", _multiline_ragged()),
          message="line 32 has 4 fields but the header has 3"),
    Fault("a_column_of_only_inf", "wrong",
          _train("inf.csv", "size,weight,label\n" + "".join(f"{i % 5},inf,{'yes' if i % 2 else 'no'}\n"
                                                           for i in range(ROWS))),
          status=0, check=_ran_and_noted("'weight' has no numbers in the training rows")),
    Fault("a_column_of_subnormal_numbers", "wrong",
          _train("tiny.csv", _table(value=lambda i: f"{(i % 7) + 1}e-320")),
          status=0, check=_ran_and_noted("summary")),
    Fault("duplicate_column_names", "confusing",
          _train("dup.csv", "size,size,label\n" + "".join(f"{i % 5},{i % 3},{'yes' if i % 2 else 'no'}\n"
                                                          for i in range(ROWS))),
          status=0, check=_ran_and_noted("repeats the name 'size'")),
    Fault("a_table_of_one_row", "internal", _train("one.csv", "size,colour,label\n1.5,red,yes\n"),
          message="one.csv"),
    Fault("a_target_of_100000_classes", "memory",
          _train("ids.csv", "size,label\n" + "".join(f"{i % 9},c{i}\n" for i in range(100_000)),
),
          message="too many classes"),
    Fault("a_one_class_label_of_1_mb", "hang",
          _train("long.csv", "size,label\n" + "".join(f"{i},{'x' * 1_000_000}\n" for i in range(12))),
          message="only one class"),
    Fault("a_text_column_of_1_mb_values", "hang",
          _train("texts.csv", _text_column_of_megabytes(), "--set", "data.max_length=32", config=False),
          timeout=120.0, status=0, check=_ran_and_noted("summary")),
]
