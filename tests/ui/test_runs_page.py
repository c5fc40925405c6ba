"""The Runs page: the table of runs, its filter and sort, the overlay, the settings side by side,
rename, delete, "use this setup" and continuing a run from the window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QFile, QItemSelectionModel, Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from workbench.core import config as C
from workbench.core.pipeline import start_run
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.widgets import continue_dialog

ROOT = Path(__file__).resolve().parents[2]
IRIS = ROOT / "resources" / "examples" / "iris.toml"

pytestmark = pytest.mark.usefixtures("one_thread_each_test")


def make_run(runs: Path, run_name: str, **optim: Any) -> Path:
    cfg = C.load(IRIS)
    cfg.name = run_name
    cfg.train.epochs, cfg.train.num_threads, cfg.train.device = 2, 1, "cpu"
    for key, value in optim.items():
        setattr(cfg.optim, key, value)
    trainer = start_run(cfg, runs)
    trainer.fit()
    assert trainer.run_dir is not None
    return trainer.run_dir.path


@pytest.fixture
def runs(window: MainWindow) -> list[Path]:
    folder = Path(window.runs_dir)
    return [make_run(folder, "adamw"), make_run(folder, "sgd", name="sgd", lr=0.05)]


def select(page: Any, names: list[str]) -> None:
    table = page.table
    table.clearSelection()
    for r in range(table.proxy.rowCount()):
        index = table.proxy.index(r, 0)
        if any(index.data().startswith(n) for n in names):
            table.selectionModel().select(index, QItemSelectionModel.SelectionFlag.Select
                                          | QItemSelectionModel.SelectionFlag.Rows)


def test_the_runs_page_lists_filters_and_sorts_runs(window: MainWindow, runs: list[Path]) -> None:
    window.go_to("runs")
    page = window.runs_room.page
    assert window.current_page() == "runs"
    names = [row.name for row in page.table.shown()]
    assert sorted(names) == sorted(p.name for p in runs)
    assert all(row.status == "completed" and row.model_kind == "mlp" for row in page.table.shown())
    page.filter_edit.setText("sgd")
    assert [row.name for row in page.table.shown()] == [runs[1].name]
    assert page.count_label.text() == "1 of 2 runs"
    page.filter_edit.clear()
    page.status_combo.setCurrentText("failed")
    assert page.table.shown() == []
    page.status_combo.setCurrentText("any status")
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [row.name for row in page.table.shown()] == sorted(p.name for p in runs)


def test_selected_runs_are_overlaid_and_their_settings_lined_up(window: MainWindow, runs: list[Path],
                                                                qtbot: Any) -> None:
    window.go_to("runs")
    page = window.runs_room.page
    select(page, ["adamw", "sgd"])
    qtbot.waitUntil(lambda: len(page.overlay.runs) == 2, timeout=10000)
    shown = [slot for slot in page.overlay.slots if slot.loss.isVisible()]
    assert len(shown) == 2
    pens = {slot.loss.opts["pen"].color().name() for slot in shown}
    assert len(pens) == 2  # a colour each
    legend = page.overlay.legend.text()
    assert all(p.name in legend for p in runs)
    assert page.overlay.metric_combo.currentText() == "accuracy"  # the runs' watched metric
    page.overlay.x_combo.setCurrentText("epoch")
    assert max(shown[0].loss.xData) <= 2.0  # two epochs
    assert set(page.diff.differing_keys()) >= {"optim.name", "optim.lr", "name"}
    select(page, ["adamw"])
    qtbot.waitUntil(lambda: len(page.overlay.runs) == 1, timeout=10000)
    assert sum(slot.loss.isVisible() for slot in page.overlay.slots) == 1  # the other hidden, not removed


def test_rename_and_delete(window: MainWindow, runs: list[Path], monkeypatch: pytest.MonkeyPatch) -> None:
    window.go_to("runs")
    page = window.runs_room.page
    select(page, ["sgd"])
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("my best run", True)))
    page.buttons["rename"].click()
    assert (runs[1].parent / "my best run").is_dir() and not runs[1].exists()
    assert "my best run" in [row.name for row in page.table.shown()]
    select(page, ["my best run"])
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: QMessageBox.StandardButton.Yes))
    trashed: list[str] = []

    def no_trash(path: str) -> bool:
        trashed.append(path)
        return False

    monkeypatch.setattr(QFile, "moveToTrash", staticmethod(no_trash))
    page.buttons["delete"].click()  # no trash here: asked again, then deleted for good
    assert trashed and not (runs[1].parent / "my best run").exists()
    assert [row.name for row in page.table.shown()] == [runs[0].name]


def test_use_this_setup_loads_the_runs_config(window: MainWindow, runs: list[Path], qtbot: Any) -> None:
    window.go_to("runs")
    page = window.runs_room.page
    select(page, ["sgd"])
    page.buttons["setup"].click()
    assert window.session.cfg.optim.name == "sgd" and window.session.cfg.optim.lr == 0.05
    assert window.current_page() == "data"


def test_continue_a_run_from_the_window(window: MainWindow, runs: list[Path], qtbot: Any,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window.go_to("runs")
    page = window.runs_room.page
    select(page, ["adamw"])
    steps_before = json.loads((runs[0] / "summary.json").read_text())["steps"]
    changes = ["train.epochs=4", "optim.lr=0.002"]
    monkeypatch.setattr(continue_dialog, "ask_continue", lambda parent, path: changes)
    with qtbot.waitSignal(window.controller.sig_ended, timeout=60000):
        page.buttons["continue"].click()
    summary = json.loads((runs[0] / "summary.json").read_text())
    assert summary["steps"] == 2 * steps_before
    assert C.load(runs[0] / "config.toml").optim.lr == 0.002


def test_the_continue_dialog_builds_the_changes(qtbot: Any) -> None:
    cfg = C.load(IRIS)
    dialog = continue_dialog.ContinueDialog(cfg)
    qtbot.addWidget(dialog)
    dialog.more.setValue(5)
    dialog.lr.setText("0.002")
    assert dialog.overrides() == [f"train.epochs={cfg.train.epochs + 5}", "optim.lr=0.002"]
    dialog.lr.setText("fast")
    dialog._on_accept()
    assert "learning rate must be a number" in dialog.error.text() and not dialog.result()
