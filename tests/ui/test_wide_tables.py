"""A 2,000-column table and a class label a megabyte long open in the window and leave it usable
(issue 12): a bounded number of role choosers exist whatever the width, each column keeps its role,
and a long label is cut wherever it is drawn. Speed is measured by bench/bench_wide.py."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from PySide6.QtWidgets import QComboBox, QLabel

from workbench.ui.shell.main_window import MainWindow

COLUMNS = 2000
LONG = 1_000_000


def settled(window: MainWindow, qtbot: Any) -> None:
    qtbot.waitUntil(lambda: window.session.analysis is not None and not window.session.is_busy(),
                    timeout=60000)


def wide_csv(folder: Path) -> Path:
    rng = np.random.default_rng(0)
    frame = pd.DataFrame(rng.integers(0, 9, (40, COLUMNS - 1)), columns=[f"f{i}" for i in range(COLUMNS - 1)])
    frame["label"] = ["yes" if i % 2 else "no" for i in range(40)]
    path = folder / "wide.csv"
    frame.to_csv(path, index=False)
    return path


def test_a_2000_column_table_opens_with_a_few_choosers(window: MainWindow, qtbot: Any,
                                                       tmp_path: Path) -> None:
    window.open_path(wide_csv(tmp_path))
    settled(window, qtbot)
    page = window.data_page
    bar, view = page.table.role_bar, page.table.view
    assert page.table.model.columnCount() == COLUMNS
    assert window.session.analysis.target == "label"
    assert 0 < bar.chooser_count() <= 60, bar.chooser_count()  # the columns in view, not 2,000
    assert bar.roles()["f1500"] == "numeric" and bar.roles()["label"] == "target"
    # Scrolled to the end, the choosers follow: the last columns get theirs, still a handful.
    view.horizontalScrollBar().setValue(view.horizontalScrollBar().maximum())
    qtbot.waitUntil(lambda: bar.combo("label").isVisible(), timeout=5000)
    assert bar.combo("label").currentText() == "target"
    assert bar.chooser_count() <= 60
    with qtbot.waitSignal(page.table.sig_roles_changed) as blocker:
        bar.combo(f"f{COLUMNS - 2}").setCurrentText("ignore")
    assert blocker.args[0][f"f{COLUMNS - 2}"] == "ignore" and len(blocker.args[0]) == COLUMNS


def test_a_megabyte_label_is_cut_wherever_it_is_drawn(window: MainWindow, qtbot: Any, tmp_path: Path) -> None:
    long = ("spam" * (LONG // 4))[:LONG]
    path = tmp_path / "long_label.csv"
    path.write_text("a,b,label\n" + "".join(f"{i % 7},{(i * 3) % 11},{long if i % 2 else 'ham'}\n"
                                            for i in range(20)), encoding="utf-8")
    window.open_path(path)
    settled(window, qtbot)
    # Such long values read as text; the user makes the column the target.
    chosen = replace(window.session.cfg.data, target="label", task="tabular_classification")
    window.session.update("data", chosen)
    qtbot.waitUntil(lambda: window.session.analysis.target == "label", timeout=30000)
    settled(window, qtbot)
    assert window.session.analysis.n_classes == 2
    texts = [label.text() for label in window.findChildren(QLabel)]
    texts += [combo.itemText(i) for combo in window.findChildren(QComboBox) for i in range(combo.count())]
    texts += [combo.toolTip() for combo in window.findChildren(QComboBox)]
    assert max(map(len, texts)) < 2000, max(map(len, texts))
    ticks = window.data_page.settings.chart.getPlotItem().getAxis("left")._tickLevels
    assert ticks and all(len(name) <= 40 for level in ticks for _pos, name in level)


def test_a_model_too_big_for_memory_disables_train(window: MainWindow, qtbot: Any) -> None:
    window.open_path(Path(__file__).resolve().parents[2] / "resources" / "datasets" / "iris.csv")
    settled(window, qtbot)
    qtbot.waitUntil(lambda: window.action_map["train"].isEnabled(), timeout=30000)
    window.session.update("model", replace(window.session.cfg.model, kind="mlp", hidden=[65536] * 4))
    qtbot.waitUntil(lambda: not window.action_map["train"].isEnabled(), timeout=30000)
    blocker = window.train_blocker()
    assert "would need about" in blocker and "“Hidden layers”" in blocker, blocker
    window.session.update("model", replace(window.session.cfg.model, hidden=[64, 32]))
    qtbot.waitUntil(lambda: window.action_map["train"].isEnabled(), timeout=30000)
