"""Run folder names: a user's run name survives, in any script, on any file system."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.run import RunDir, folder_name


@pytest.mark.parametrize(("name", "expected"), [
    ("电影评论 情感", "电影评论-情感"),  # Chinese letters stay; the space becomes a dash
    ("Filmkritik für Anfänger", "Filmkritik-für-Anfänger"),
    ("iris-mlp", "iris-mlp"),
    ('a/b\\c:d*e?"f"<g>|h', "a-b-c-d-e-f-g-h"),  # what Windows or POSIX forbid
    ("...", "run"),
    ("", "run"),
    ("CON", "run-CON"),  # a device name on Windows
])
def test_folder_name_keeps_letters_and_drops_what_file_systems_forbid(name: str, expected: str) -> None:
    assert folder_name(name) == expected


def test_a_run_named_in_chinese_gets_a_folder_with_its_name(tmp_path: Path) -> None:
    run = RunDir.create(tmp_path, "中文评论")
    assert run.path.parent == tmp_path
    assert run.path.name.startswith("中文评论-")
    assert (run.path / "checkpoints").is_dir()


def test_a_very_long_name_is_cut(tmp_path: Path) -> None:
    run = RunDir.create(tmp_path, "x" * 500)
    assert len(run.path.name) < 120
