"""Data files that once loaded silently wrong or confused (issue 12), through the loader and the
prepare step: each is a DataError naming the file, the line or column, and what to do."""

from __future__ import annotations

import codecs
from pathlib import Path

import pandas as pd
import pytest

from workbench.core import config as C
from workbench.core.data.loading import LoadedTable, load_file
from workbench.core.data.prepare import prepare_data
from workbench.core.errors import DataError


def table(n: int = 60, value: str = "{i}.5") -> str:
    return "size,colour,label\n" + "".join(
        f"{value.format(i=i % 7)},{('red', 'blue')[i % 2]},{'yes' if i % 3 == 0 else 'no'}\n"
        for i in range(n))


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def prepare(source: LoadedTable, **data: object) -> object:
    cfg = C.DataConfig(**data)  # type: ignore[arg-type]
    return prepare_data(source, cfg, block_size=8)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_missing_its_last_byte_is_reported_not_read_as_latin1(tmp_path: Path, encoding: str) -> None:
    data = (codecs.BOM_UTF16_LE if encoding == "utf-16-le" else b"") + table().encode(encoding)
    path = write(tmp_path, "cut.csv", data[:-1])
    with pytest.raises(DataError, match=r"looks like UTF-16 text.*probably cut short") as err:
        load_file(path)
    assert str(path) in str(err.value) and "Copy or export the file again" in str(err.value)
    whole = load_file(write(tmp_path, "whole.csv", data))  # the same file, whole, reads as it should
    assert isinstance(whole, LoadedTable) and list(whole.df.columns) == ["size", "colour", "label"]


def test_a_nul_byte_after_the_first_8_kb_names_its_line(tmp_path: Path) -> None:
    text = table(2000)
    at = text.index("\n", 9000) + 3
    path = write(tmp_path, "nul.csv", text[:at].encode() + b"\x00" + text[at:].encode())
    line = text[:at].count("\n") + 1
    with pytest.raises(DataError, match=f"line {line:,} holds a NUL byte"):
        load_file(path)
    with pytest.raises(DataError, match="holds a NUL byte"):
        load_file(write(tmp_path, "nul.txt", b"words and more words\n" * 1000 + b"\x00"))


def test_utf16_text_keeps_its_nul_bytes(tmp_path: Path) -> None:
    loaded = load_file(write(tmp_path, "wide.csv", codecs.BOM_UTF16_LE + table(2000).encode("utf-16-le")))
    assert isinstance(loaded, LoadedTable) and len(loaded.df) == 2000


def test_a_header_split_otherwise_than_the_rows(tmp_path: Path) -> None:
    path = write(tmp_path, "semi.csv", "size;colour;label\n" + table().split("\n", 1)[1])
    with pytest.raises(DataError, match="the header is split by ';' but the rows by ','"):
        load_file(path)


def test_a_ragged_row_after_multiline_values_names_the_files_line(tmp_path: Path) -> None:
    rows = [f'{i},"one\ntwo\nthree",yes' for i in range(10)]
    path = write(tmp_path, "notes.csv", "size,note,label\n" + "\n".join(rows) + '\n11,"x",yes,extra\n')
    with pytest.raises(DataError, match="line 32 has 4 fields but the header has 3"):
        load_file(path)


def test_numbers_too_large_to_compute_with_name_their_column(tmp_path: Path) -> None:
    source = load_file(write(tmp_path, "huge.csv", table(value="{i}e307")))
    assert isinstance(source, LoadedTable)
    with pytest.raises(DataError, match="column 'size' holds numbers too large to compute with"):
        prepare(source, target="label", task="tabular_classification")
    target = load_file(write(tmp_path, "y.csv", "x,y\n" + "".join(f"{i},{i}e307\n" for i in range(40))))
    with pytest.raises(DataError, match="target column 'y' holds numbers too large"):
        prepare(target, target="y", task="regression")  # type: ignore[arg-type]


def test_subnormal_numbers_still_train(tmp_path: Path) -> None:
    source = load_file(write(tmp_path, "tiny.csv", table(value="{i}e-320")))
    data = prepare(source, target="label", task="tabular_classification")  # type: ignore[arg-type]
    assert bool(data.train["x_num"].isfinite().all())  # type: ignore[attr-defined]


def test_a_target_of_numbers_with_some_words_is_not_taken_for_classes(tmp_path: Path) -> None:
    rows = "".join(f"{i % 7},{'unknown' if i % 7 == 3 else f'{(i * 37) % 101}.5'}\n" for i in range(200))
    source = load_file(write(tmp_path, "mixed.csv", "size,label\n" + rows))
    with pytest.raises(DataError, match=r"target 'label' looks numeric, but 29 of 200 values are not "
                                        r"\('unknown'\); as labels it makes \d+ classes") as err:
        prepare(source, target="label")  # type: ignore[arg-type]
    assert "missing_values" in str(err.value) and "tabular_classification" in str(err.value)
    # Listing the word as a missing value makes it a regression target, as the message says.
    data = prepare(source, target="label", missing_values=["unknown"])  # type: ignore[arg-type]
    assert data.spec.task == "regression"  # type: ignore[attr-defined]
    with pytest.raises(DataError, match=r"29 value\(s\) that are not numbers \(such as 'unknown'\)"):
        prepare(source, target="label", task="regression")  # type: ignore[arg-type]


def test_a_target_column_guessed_as_ignored_is_not_noted_as_ignored() -> None:
    df = pd.DataFrame({"size": [i % 7 for i in range(200)],
                       "label": [f"c{i % 70}" for i in range(200)]})  # 70 short values: "ignored"
    data = prepare_data(df, C.DataConfig(target="label", task="tabular_classification", val_fraction=0.0,
                                         test_fraction=0.0), block_size=8)
    assert not [n for n in data.notes if "'label'" in n and "ignored" in n], data.notes


def test_a_wide_table_read_in_column_groups_is_the_table_and_still_finds_a_long_row(tmp_path: Path) -> None:
    names = [f"c{i}" for i in range(600)]  # wider than core.data.wide.WIDE_COLUMNS: read 200 at a time
    row = ",".join(str(i % 9) for i in range(600))
    path = write(tmp_path, "wide.csv", ",".join(names) + "\n" + f"{row},\n" * 5 + "x" + row[1:] + "\n")
    loaded = load_file(path)
    assert isinstance(loaded, LoadedTable)
    assert loaded.df.equals(pd.read_csv(path, index_col=False).astype({"c0": "str"}))
    long = write(tmp_path, "long.csv", ",".join(names) + "\n" + f"{row}\n" * 3 + f"{row},7,8\n" + f"{row}\n")
    with pytest.raises(DataError, match="line 5 has 602 fields but the header has 600"):
        load_file(long)
