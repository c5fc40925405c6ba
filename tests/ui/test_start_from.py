"""Start from a run's weights in the window: the Runs page's button sets ``train.init_from`` (and the
parent's model shape), the Train page says so, the run records its parent, the table shows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QItemSelectionModel

from window_steps import open_example, start, tune
from workbench.core import config as C
from workbench.core.pipeline import start_run
from workbench.ui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
IRIS = ROOT / "resources" / "examples" / "iris.toml"

pytestmark = pytest.mark.usefixtures("one_thread_each_test")


def _select(page: Any, name: str) -> None:
    table = page.table
    table.clearSelection()
    for r in range(table.proxy.rowCount()):
        index = table.proxy.index(r, 0)
        if index.data() == name:
            table.selectionModel().select(index, QItemSelectionModel.SelectionFlag.Select
                                          | QItemSelectionModel.SelectionFlag.Rows)


def test_a_run_started_from_another_runs_weights_records_it_as_its_parent(window: MainWindow,
                                                                           qtbot: Any) -> None:
    cfg = C.load(IRIS)
    cfg.name, cfg.train.epochs, cfg.train.num_threads, cfg.train.baseline = "parent", 2, 1, False
    cfg.model.hidden = [8]
    trainer = start_run(cfg, Path(window.runs_dir))
    trainer.fit()
    parent = str(trainer.run_dir.path)
    open_example(window, qtbot, "iris")
    window.go_to("runs")
    page = window.runs_room.page
    _select(page, Path(parent).name)
    assert page.buttons["start_from"].isEnabled()
    page.buttons["start_from"].click()
    assert window.current_page() == "train"
    assert window.session.cfg.train.init_from == parent
    note = window.train_page.parent_note
    assert note.isVisible() and Path(parent).name in note.label.text()

    tune(window, train={"epochs": 1, "num_threads": 1, "baseline": False})
    start(window, qtbot)
    with qtbot.waitSignal(window.controller.sig_ended, timeout=30000) as ended:
        pass
    summary = ended.args[0].summary
    assert summary["parent"] == parent
    assert summary["init"]["new"] == 0 and summary["init"]["copied"] >= 4  # its hidden layer was taken too
    assert window.session.cfg.model.hidden == [8]
    window.go_to("runs")
    page.refresh()
    parents = {row.name: row.parent for row in page.table.shown()}
    assert parents[Path(parent).name] == "" and sorted(parents.values()) == ["", parent]
    child = next(name for name, value in parents.items() if value == parent)
    _select(page, child)
    legend = f"{child} (from {Path(parent).name})"
    qtbot.waitUntil(lambda: legend in page.overlay.legend.text(), timeout=10000)  # the overlay names it

    qtbot.waitUntil(lambda: window.state() == "idle", timeout=10000)
    window.go_to("train")
    note.fresh.click()  # the next run starts from fresh weights again
    assert window.session.cfg.train.init_from == "" and not note.isVisible()
