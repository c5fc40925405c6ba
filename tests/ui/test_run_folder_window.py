"""File → Open run folder on a damaged run (issue 12): damaged history lines are skipped with a note;
a damaged summary or data spec gives one dialog naming the file, never a traceback."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from window_steps import small_iris_run
from workbench.ui.shell.main_window import MainWindow


@pytest.fixture(scope="module")
def finished_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return small_iris_run(tmp_path_factory.mktemp("runs"),
                          ["train.max_steps=6", "train.eval_interval=3", "model.hidden=[8]"])


@pytest.fixture
def run(finished_run: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(finished_run, tmp_path / "run"))


def test_a_history_with_bytes_that_are_not_utf8_opens_with_a_note(
    window: MainWindow, qtbot: Any, run: Path, dialogs: list
) -> None:
    with (run / "metrics.jsonl").open("ab") as fh:
        fh.write(b'\xff\xfe{"step": 7, "loss": \x80}\n{"step": "seven"}\n')
    window.open_run(run)
    curve = window.train_page.plots.curves["train"]
    qtbot.waitUntil(lambda: curve.getData()[0] is not None and len(curve.getData()[0]) > 0, timeout=15000)
    assert dialogs == []
    assert "metrics.jsonl: 2 damaged lines skipped" in window.statusBar().currentMessage()
    assert window.results_page.summary["status"] == "completed"


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("summary.json", b'{"status": "completed", "final": {"val": 3}}', "corrupt summary.json: 'final'"),
        ("summary.json", b"\xff\xfe\x00{", "corrupt summary.json: not UTF-8"),
        ("data_spec.json", b"[", "corrupt data_spec.json: not valid JSON"),
    ],
)
def test_a_damaged_run_file_gives_one_dialog(
    name: str, content: bytes, says: str, window: MainWindow, qtbot: Any, run: Path, dialogs: list
) -> None:
    (run / name).write_bytes(content)
    window.open_run(run)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=15000)
    assert len(dialogs) == 1 and says in dialogs[0][1], dialogs


@pytest.mark.parametrize(
    "summary",
    [
        {"status": "completed", "steps": 6, "final": {"val": {"accuracy": "high", "loss": None}}},
        {"status": "completed", "health": [1, "x", {"code": 5}], "best": {"test": {"per_class": 3}}},
        {"status": "no such status", "message": "ok", "scoring": {"sampled": True}},
    ],
)
def test_a_summary_with_odd_values_inside_still_opens(
    summary: dict, window: MainWindow, qtbot: Any, run: Path, dialogs: list
) -> None:
    (run / "summary.json").write_text(json.dumps(summary), encoding="utf-8")
    window.open_run(run)
    qtbot.waitUntil(lambda: bool(dialogs) or window.results_page.run_dir == str(run.resolve()), timeout=15000)
    qtbot.wait(50)
    assert dialogs == [] or "summary.json" in dialogs[0][1], dialogs
