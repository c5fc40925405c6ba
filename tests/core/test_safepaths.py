"""The path checks (``core.safepaths``): only regular files are read, nothing blocks on a FIFO,
and each refusal is the caller's own error naming the path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.core import config as C
from workbench.core.errors import CheckpointError, ConfigError, DataError
from workbench.core.safepaths import (
    check_file,
    check_folder,
    check_writable_folder,
    read_bytes,
    resolved,
)


def test_a_regular_file_passes_and_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.toml"
    path.write_bytes(b"x = 1\n")
    assert check_file(path, DataError).st_size == 6
    assert read_bytes(path, ConfigError, max_bytes=100) == b"x = 1\n"


@pytest.mark.parametrize(("make", "says"), [
    (lambda p: os.mkfifo(p), "is a named pipe (FIFO), not a file"),
    (lambda p: p.symlink_to("/dev/null"), "is a device, not a file"),
    (lambda p: p.symlink_to(p), "is a loop of symbolic links"),
    (lambda p: p.mkdir(), "is a folder, not a file. Choose a file inside it."),
    (lambda p: None, "file not found"),
])
def test_what_is_not_a_regular_file_is_refused_by_name(tmp_path: Path, make, says: str) -> None:
    path = tmp_path / "thing"
    make(path)
    for error in (DataError, ConfigError, CheckpointError):
        with pytest.raises(error, match="thing: ") as info:
            check_file(path, error)
        assert says in str(info.value)


def test_a_fifo_is_refused_without_being_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe")
    with pytest.raises(ConfigError, match="named pipe"):  # opening it would block this test
        read_bytes(tmp_path / "pipe", ConfigError, max_bytes=100)


def test_a_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "big.toml"
    with path.open("wb") as fh:
        fh.truncate(3_000_000)
    with pytest.raises(ConfigError, match=r"too large for a config \(3.0 MB; the limit is 1.0 MB\)"):
        read_bytes(path, ConfigError, what="config", max_bytes=1_000_000)


@pytest.mark.parametrize(("path", "says"), [
    ("a\x00b.csv", "NUL character (\\x00)"),
    ("d/" * 2100 + "x", "the limit is 4,096"),
    ("n" * 256, "the limit is 255"),
])
def test_a_name_no_file_can_have_is_refused(path: str, says: str) -> None:
    with pytest.raises(DataError) as info:
        check_file(path, DataError)
    assert says in str(info.value)


def test_folders(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_text("x")
    assert check_folder(tmp_path, CheckpointError)
    with pytest.raises(CheckpointError, match="is a file, not a run folder"):
        check_folder(tmp_path / "f.txt", CheckpointError, what="run folder")
    assert check_writable_folder(tmp_path / "new" / "runs") == tmp_path / "new" / "runs"
    assert not (tmp_path / "new").exists()  # checking creates nothing
    with pytest.raises(ConfigError, match=r"is inside .*f\.txt, which is a file"):
        check_writable_folder(tmp_path / "f.txt" / "runs")


def test_resolved_leaves_a_loop_for_the_check_to_name(tmp_path: Path) -> None:
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    assert resolved(loop) == loop
    assert resolved("a\x00b").name == "a\x00b"


def test_a_config_file_is_read_once_checked(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "c.toml")
    with pytest.raises(ConfigError, match="named pipe"):
        C.load(tmp_path / "c.toml")
    (tmp_path / "bom.toml").write_bytes(b"\xef\xbb\xbfschema_version = 1\nname = 'b'\n")
    assert C.load(tmp_path / "bom.toml").name == "b"
