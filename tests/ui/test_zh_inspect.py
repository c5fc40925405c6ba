"""The Inspect (attention) view, the Runs page and the continue dialog in Simplified Chinese: after a
tiny run, no English is left but the data's own words (tokens, class labels, run and file names)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from PySide6.QtCore import QDateTime, QItemSelectionModel, QLocale

from chinese import english_left as english_everywhere
from workbench.core import config as C
from workbench.core.pipeline import start_run
from workbench.core.probe import AttentionProbe
from workbench.ui.pages.attention_view import AttentionView
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.widgets.background import Background
from workbench.ui.widgets.continue_dialog import ContinueDialog
from workbench.ui.widgets.playground import RunCache
from workbench.ui.widgets.runs_table import COLUMNS, cell_text

ROOT = Path(__file__).resolve().parents[2]
OTHERS = ("HelpButton",)  # widgets other helpers translate (their texts are checked by their tests)
DATASETS = ROOT / "resources" / "datasets"
IRIS = ROOT / "resources" / "examples" / "iris.toml"


def english_left(widget: Any, allowed: Any = ()) -> list[str]:
    """English under ``widget`` in the widgets of this area (see ``OTHERS``)."""
    return [line for line in english_everywhere(widget, allowed) if not line.startswith(OTHERS)]


def _text_run(root: Path) -> str:
    """A tiny text classifier with attention snapshots every 5 steps."""
    data = root / "rt.csv"
    pd.read_csv(DATASETS / "rt_polarity.csv").sample(200, random_state=0).to_csv(data, index=False)
    cfg = C.from_dict({"name": "text", "data": {"path": str(data), "target": "label", "text_column": "text",
                                                "max_length": 16},
                       "model": {"kind": "transformer", "pooling": "cls", "d_model": 16, "n_layers": 2,
                                 "n_heads": 2},
                       "optim": {"lr": 3e-3},
                       "train": {"device": "cpu", "batch_size": 16, "max_steps": 20, "eval_interval": 10,
                                 "sample_length": 0, "num_threads": 1}})
    trainer = start_run(cfg, root, callbacks=[AttentionProbe(every=5)])
    trainer.fit()
    assert trainer.run_dir is not None
    return str(trainer.run_dir.path)


def _iris_run(runs: Path, run_name: str, **optim: Any) -> Path:
    cfg = C.load(IRIS)
    cfg.name = run_name
    cfg.train.epochs, cfg.train.num_threads, cfg.train.device = 2, 1, "cpu"
    for key, value in optim.items():
        setattr(cfg.optim, key, value)
    trainer = start_run(cfg, runs)
    trainer.fit()
    assert trainer.run_dir is not None
    return trainer.run_dir.path


@pytest.mark.usefixtures("one_thread")
def test_the_inspect_view_speaks_chinese(chinese: Any, qtbot: Any, tmp_path: Path,
                                         background: Background) -> None:
    run_dir = _text_run(tmp_path)
    cache = RunCache(background)
    view = AttentionView(background, cache)
    qtbot.addWidget(view)
    view.resize(1100, 640)
    view.show()
    assert english_left(view) == []  # nothing trained yet: the invitation
    cache.reset(run_dir)
    summary = json.loads((Path(run_dir) / "summary.json").read_text(encoding="utf-8"))
    view.show_run(run_dir, summary)
    qtbot.waitUntil(lambda: view.display.shown is not None, timeout=10000)
    assert view.store is not None and view.display.shown is not None
    meta = view.store.meta
    data = [*view.display.shown.tokens, *meta.classes, *(e.label for e in meta.examples)]
    assert view.timeline_label.text().startswith("第")
    assert english_left(view, allowed=data) == []
    # the heatmap's read-out as the mouse finds a cell, and the method of the summary
    view.display.method.setCurrentIndex(view.display.method.findData("head"))
    assert english_left(view, allowed=data) == []
    view.inputs.text.setText("the best film of the year")
    view.inputs.button.click()
    qtbot.waitUntil(lambda: view.inputs.prediction.text().startswith("→"), timeout=10000)
    assert "最佳检查点" in view.inputs.status.text()
    assert view.display.shown is not None
    typed = [*view.display.shown.tokens, *meta.classes, *(e.label for e in meta.examples)]
    assert english_left(view, allowed=typed) == []  # the grid's head labels and captions included


@pytest.mark.usefixtures("one_thread_each_test")
def test_the_runs_page_and_continue_dialog_speak_chinese(chinese: Any, window: MainWindow,
                                                         qtbot: Any) -> None:
    folder = Path(window.runs_dir)
    runs = [_iris_run(folder, "adamw"), _iris_run(folder, "sgd", name="sgd", lr=0.05)]
    window.go_to("runs")
    page = window.runs_room.page
    assert len(page.table.shown()) == 2
    names = [p.name for p in runs]
    data = [*names, "iris.csv", "species", str(folder)]
    assert english_left(page, allowed=data) == []
    row = page.table.shown()[0]
    moment = QDateTime.fromSecsSinceEpoch(int(row.started))
    started = QLocale().toString(moment, QLocale.FormatType.ShortFormat)
    assert cell_text(row, "started") == started and "-" not in started  # the Chinese short date
    assert cell_text(row, "status") == "已完成"
    status_column = [key for _header, key in COLUMNS].index("status")
    assert page.table.model().index(0, status_column).data() == "已完成"
    table = page.table
    for r in range(table.proxy.rowCount()):
        table.selectionModel().select(table.proxy.index(r, 0), QItemSelectionModel.SelectionFlag.Select
                                      | QItemSelectionModel.SelectionFlag.Rows)
    qtbot.waitUntil(lambda: len(page.overlay.runs) == 2, timeout=10000)
    assert english_left(page, allowed=data) == []
    page.tabs.setCurrentIndex(1)  # the settings side by side
    assert english_left(page, allowed=data) == []
    page.status_combo.setCurrentIndex(page.status_combo.findData("failed"))
    assert page.table.shown() == [] and english_left(page, allowed=data) == []
    dialog = ContinueDialog(C.load(runs[0] / "config.toml"), window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.lr.setText("fast")
    dialog._on_accept()
    assert "学习率" in dialog.error.text()
    assert english_left(dialog) == []


def test_the_race_view_speaks_chinese(chinese: Any, qtbot: Any) -> None:
    from workbench.core.events import Progress
    from workbench.core.race import verdict
    from workbench.ui.pages.race_view import RaceView

    view = RaceView()
    qtbot.addWidget(view)
    view.show()
    names = ("AdamW", "SGD")
    view.begin(names)
    view.set_progress(0, Progress(step=12, total_steps=40, elapsed=3.0, steps_per_s=4.0, eta_s=7.0,
                                  epoch=1.0))
    assert english_left(view, allowed=names) == []
    a = {"status": "completed", "task": "tabular_classification", "wall_time_s": 40.0,
         "final": {"val": {"accuracy": 0.79}}}
    b = {**a, "status": "stopped", "wall_time_s": 38.0, "final": {"val": {"accuracy": 0.71}}}
    view.show_verdict(verdict(a, b, names))
    expected = "AdamW 用时 40 s 达到 验证集准确率 0.79；SGD 0.71，用时 38 s（被你停止）"
    assert view.verdict.text() == expected
    assert english_left(view, allowed=names) == []
