"""load_file: the bundled datasets, encodings, delimiters, and every broken input it must explain."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workbench.core.data import loading
from workbench.core.data.loading import LoadedTable, LoadedText, load_file
from workbench.core.errors import DataError

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"


def write(tmp_path: Path, name: str, data: bytes | str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode(encoding))
    return path


def refused(path: Path, **kwargs: object) -> str:
    """The message of the DataError that loading ``path`` raises; it always names the file."""
    with pytest.raises(DataError) as info:
        load_file(path, **kwargs)  # type: ignore[arg-type]
    message = str(info.value)
    assert str(path) in message
    assert "\n" not in message
    return message


@pytest.mark.parametrize(("name", "shape"), [
    ("iris.csv", (150, 5)), ("wine.csv", (178, 14)), ("penguins.csv", (344, 8)),
    ("rt_polarity.csv", (8530, 2)), ("zh_reviews.csv", (6000, 2)),
])
def test_bundled_tables_load_as_plain_utf8(name: str, shape: tuple[int, int]) -> None:
    table = load_file(DATASETS / name)
    assert isinstance(table, LoadedTable)
    assert table.df.shape == shape
    assert (table.encoding, table.delimiter, table.notes) == ("utf-8", ",", [])


def test_bundled_text_and_chinese_content() -> None:
    text = load_file(DATASETS / "shakespeare_1mb.txt")
    assert isinstance(text, LoadedText)
    assert len(text.text) == 1_114_964 and text.text.startswith("ALL'S WELL")
    zh = load_file(DATASETS / "zh_reviews.csv")
    assert isinstance(zh, LoadedTable)
    assert "《海底的秘密》" in zh.df["text"].iloc[0]
    assert list(zh.df.columns) == ["text", "label"]


@pytest.mark.parametrize("delimiter", [",", "\t", ";", "|"])
def test_delimiter_is_detected(tmp_path: Path, delimiter: str) -> None:
    rows = [["name", "score", "note"], ["a", "1,5", "x"], ["b", "2", "y; z"], ["c", "3", "w|v"]]
    quoted = [[f'"{v}"' if any(d in v for d in ",;|") else v for v in row] for row in rows]
    path = write(tmp_path, "d.csv", "\n".join(delimiter.join(row) for row in quoted) + "\n")
    table = load_file(path)
    assert isinstance(table, LoadedTable)
    assert table.delimiter == delimiter
    assert list(table.df.columns) == ["name", "score", "note"]
    assert table.df["note"].tolist() == ["x", "y; z", "w|v"]


def test_quoted_commas_with_a_single_text_column(tmp_path: Path) -> None:
    path = write(tmp_path, "one.csv", 'text\n"hello, world"\nplain line\n')
    table = load_file(path)
    assert isinstance(table, LoadedTable)
    assert table.df["text"].tolist() == ["hello, world", "plain line"]


def test_gb18030_is_detected_and_noted(tmp_path: Path) -> None:
    path = write(tmp_path, "gb.csv", "评论,标签\n这本书很好看,1\n质量太差了,0\n", encoding="gb18030")
    table = load_file(path)
    assert isinstance(table, LoadedTable)
    assert table.encoding == "gb18030"
    assert table.df["评论"].tolist() == ["这本书很好看", "质量太差了"]
    assert any("GB18030" in note for note in table.notes)


def test_latin1_is_not_mistaken_for_gb18030(tmp_path: Path) -> None:
    # Every accented letter here is followed by a letter, so the bytes also decode as GB18030.
    path = write(tmp_path, "l1.csv", "name;city\nMüller;München\nStraße;Zürich\n", encoding="latin-1")
    table = load_file(path)
    assert isinstance(table, LoadedTable)
    assert table.encoding == "latin-1"
    assert table.df["city"].tolist() == ["München", "Zürich"]
    assert any("Latin-1" in note for note in table.notes)


def test_utf16_with_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "u16.csv", "word\tcount\ncafé\t3\n中文\t4\n", encoding="utf-16")
    table = load_file(path)
    assert isinstance(table, LoadedTable)
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert table.df["word"].tolist() == ["café", "中文"]


def test_utf8_bom_is_not_part_of_the_first_name(tmp_path: Path) -> None:
    path = write(tmp_path, "bom.csv", "\ufeffa,b\n1,2\n")
    table = load_file(path)
    assert isinstance(table, LoadedTable)
    assert list(table.df.columns) == ["a", "b"] and table.encoding == "utf-8-sig"


def test_bad_byte_after_the_sample_falls_back_to_the_next_encoding(tmp_path: Path) -> None:
    body = "".join(f"row{i},{i}\n" for i in range(20_000))  # far more than the 64 KB head sample
    path = write(tmp_path, "late.csv", b"name,value\n" + body.encode() + "café,1\n".encode("latin-1"))
    table = load_file(path)
    assert isinstance(table, LoadedTable)
    assert table.encoding == "latin-1"
    assert table.df["name"].iloc[-1] == "café" and len(table.df) == 20_001
    assert "UTF-8" in table.notes[0]


def test_explicit_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "l1.csv", "a,b\ncafé,1\n", encoding="latin-1")
    table = load_file(path, encoding="latin-1")
    assert isinstance(table, LoadedTable) and table.df["a"].iloc[0] == "café" and table.notes == []
    assert "not valid UTF-8" in refused(path, encoding="utf-8")
    assert "unknown encoding 'klingon'" in refused(path, encoding="klingon")


def test_text_file_encodings_and_newlines(tmp_path: Path) -> None:
    gb = load_file(write(tmp_path, "zh.txt", "第一行\r\n第二行\r\n", encoding="gb18030"))
    assert isinstance(gb, LoadedText)
    assert (gb.text, gb.encoding) == ("第一行\n第二行\n", "gb18030")
    assert gb.notes == ["Read as GB18030 (not valid UTF-8)"]
    md = load_file(write(tmp_path, "notes.md", "# Title\rbody\n"))
    assert isinstance(md, LoadedText) and md.text == "# Title\nbody\n" and md.notes == []


def test_column_names_are_stripped_and_made_unique(tmp_path: Path) -> None:
    table = load_file(write(tmp_path, "names.csv", " a ,a,,b\n1,2,3,4\n"))
    assert isinstance(table, LoadedTable)
    assert list(table.df.columns) == ["a", "a_2", "column_3", "b"]
    assert any("column_3" in note for note in table.notes)


def test_trailing_delimiter_on_every_row_is_ignored(tmp_path: Path) -> None:
    table = load_file(write(tmp_path, "trail.csv", "a,b\n1,2,\n3,4,\n"))
    assert isinstance(table, LoadedTable)
    assert table.df.to_dict("list") == {"a": [1, 3], "b": [2, 4]}


def test_rows_with_more_fields_than_the_header(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "extra.csv", "a,b\n1,2,\n4,5,6\n"))
    assert "data row 2 has 3 fields but the header has 2" in message


def test_nrows_limits_the_rows(tmp_path: Path) -> None:
    table = load_file(DATASETS / "iris.csv", nrows=10)
    assert isinstance(table, LoadedTable) and len(table.df) == 10


def test_mixed_column_types_become_text_without_a_warning(tmp_path: Path) -> None:
    # Past pandas' low-memory chunk (~262k rows) a stray string gives the column two types.
    body = "".join(f"{i},{i % 3}\n" for i in range(300_000))
    table = load_file(write(tmp_path, "mixed.csv", "x,y\n" + body + "oops,1\n"))
    assert isinstance(table, LoadedTable)
    assert table.df["x"].iloc[0] == "0" and table.df["x"].iloc[-1] == "oops"


def test_missing_file(tmp_path: Path) -> None:
    assert "file not found" in refused(tmp_path / "nope.csv")


def test_directory(tmp_path: Path) -> None:
    folder = tmp_path / "data.csv"
    folder.mkdir()
    assert "is a folder" in refused(folder)


def test_no_read_permission(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, "locked.csv", "a,b\n1,2\n")

    def deny(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    # chmod 000 does not stop root, so the refusal the OS would give is simulated.
    monkeypatch.setattr(Path, "open", deny)
    assert "no permission to read" in refused(path)


@pytest.mark.parametrize("name", ["empty.csv", "empty.txt"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    assert "empty (0 bytes)" in refused(write(tmp_path, name, b""))


@pytest.mark.parametrize("name", ["blank.csv", "blank.txt"])
def test_whitespace_only(tmp_path: Path, name: str) -> None:
    assert "only blank lines or spaces" in refused(write(tmp_path, name, "  \n\n\t\n   \n"))


def test_header_only(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "header.csv", "sepal,petal,species\n\n"))
    assert "header (sepal, petal, species) but no data rows" in message


@pytest.mark.parametrize("name", ["image.csv", "image.txt"])
def test_png_renamed(tmp_path: Path, name: str) -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))
    assert "looks like a PNG image" in refused(write(tmp_path, name, png))


def test_nul_bytes(tmp_path: Path) -> None:
    assert "binary file" in refused(write(tmp_path, "blob.csv", b"a,b\n1,\x00\x01\x02\n"))


def test_xlsx_renamed(tmp_path: Path) -> None:
    assert "Excel .xlsx" in refused(write(tmp_path, "book.csv", b"PK\x03\x04\x14\x00\x06\x00"))


def test_ragged_row_names_the_line(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "ragged.csv", "a,b\n1,2\n3,4\n5,6,7\n8,9\n"))
    assert "line 4 has 3 fields but the header has 2" in message
    assert "double quotes" in message


def test_unclosed_quote_names_the_line(tmp_path: Path) -> None:
    message = refused(write(tmp_path, "quote.csv", 'a,b\n1,2\n3,"four\n5,6\n'))
    assert "line 3 opens a quote" in message and "never closed" in message


def test_too_many_columns(tmp_path: Path) -> None:
    header = ",".join(f"c{i}" for i in range(2500))
    message = refused(write(tmp_path, "wide.csv", header + "\n" + ",".join("1" * 2500) + "\n"))
    assert "2500 columns; the limit is 2000" in message


def test_too_large(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as fh:
        fh.truncate(2_100_000_000)  # sparse: no disk space is used
    assert "too large to load in memory (2.1 GB); the limit is 1 GB" in refused(path)


def test_nrows_must_be_positive() -> None:
    with pytest.raises(ValueError):
        load_file(DATASETS / "iris.csv", nrows=0)


_CSV_PIECES = [b",", b"\n", b"\r", b'"', b"a", b"1", b"2.5", b"\t", b";", b"|", b" ", b"\xe9", b"\xff",
               b"\xef\xbb\xbf", b"\xff\xfe", b"\xe4\xb8\xad", b"\x00", b"NA", b"label"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.one_of(st.binary(max_size=300),
                      st.lists(st.sampled_from(_CSV_PIECES), max_size=60).map(b"".join)),
       suffix=st.sampled_from([".csv", ".txt"]))
def test_any_bytes_load_or_raise_data_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"fuzz{suffix}"
    path.write_bytes(data)
    try:
        loaded = load_file(path)
    except DataError as exc:
        assert str(path) in str(exc)
        return
    if isinstance(loaded, LoadedTable):
        assert len(loaded.df) > 0 and all(isinstance(c, str) and c for c in loaded.df.columns)
        assert len(set(loaded.df.columns)) == loaded.df.shape[1] <= loading.MAX_COLUMNS
    else:
        assert loaded.text.strip()


def test_capping_the_parse_threads_reads_the_same_table(tmp_path: Path) -> None:
    """The app reads with one core fewer than pandas would use; the table must not change."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(0)
    frame = pd.DataFrame({"x": rng.standard_normal(200_000).round(3),
                          "word": rng.choice(["a", "b"], 200_000)})
    path = tmp_path / "big.csv"
    frame.to_csv(path, index=False)
    default = load_file(path).df
    capped = load_file(path, threads=1).df
    pd.testing.assert_frame_equal(default, capped)
    assert pd.get_option("mode.max_threads") is None  # the cap was only for that read
