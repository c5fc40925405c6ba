"""What the window tests do as a user would: make the window, open an example, change settings,
press Train, answer the question on closing, point at a chart, and read a message as it is shown.

Shared by the window test modules (the fixtures built on these live in ``conftest.py``).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QMimeData, QPointF, QSettings, Qt, QUrl
from PySide6.QtGui import QDropEvent, QTextDocument
from PySide6.QtWidgets import QFileDialog, QGraphicsItem, QMessageBox

from workbench.ui.shell.main_window import MainWindow


def make_window(qtbot: Any, tmp_path: Path) -> MainWindow:
    """A shown window with its own settings file and runs folder under ``tmp_path``."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, runs_dir=tmp_path / "runs")
    qtbot.addWidget(window)
    window.show()
    return window


def as_read(text: str) -> str:
    """What a message box or tooltip shows for ``text``, taking any markup in it as Qt would."""
    doc = QTextDocument()
    doc.setHtml(text)
    return doc.toPlainText().replace("\u00a0", " ")


def point_at(qtbot: Any, item: QGraphicsItem, scene_pos: QPointF) -> None:
    """Move the mouse over ``scene_pos`` of the chart that shows ``item``, as a user hovering."""
    scene = item.scene()
    assert scene is not None, "the item is not on a chart"
    view = scene.views()[0]
    qtbot.mouseMove(view.viewport(), view.mapFromScene(scene_pos))


def answer_close_question(monkeypatch: pytest.MonkeyPatch, answer: str) -> list[str]:
    """Answer the window's question on closing during a run with the button labelled ``answer``
    ("Stop and close" or "Cancel"), as a click would; returns the questions asked."""
    asked: list[str] = []

    def click(box: QMessageBox) -> int:
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == answer).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    return asked


def open_example(window: MainWindow, qtbot: Any, name: str) -> None:
    """Choose ``name`` from the Examples menu and wait until its data is loaded and analysed."""
    action = next(a for a in window.examples_menu.actions() if a.data() == name)
    action.trigger()
    qtbot.waitUntil(lambda: window.session.analysis is not None and not window.session.is_loading(),
                    timeout=15000)


def tune(window: MainWindow, **sections: dict[str, Any]) -> None:
    """Override some fields of the session's config sections."""
    for section, values in sections.items():
        window.session.update(section, dataclasses.replace(getattr(window.session.cfg, section), **values))


def start(window: MainWindow, qtbot: Any) -> None:
    """Press Train (it must be enabled) and wait until the run has started."""
    assert window.action_map["train"].isEnabled(), window.train_blocker()
    with qtbot.waitSignal(window.controller.sig_started, timeout=20000):
        window.action_map["train"].trigger()


def user_opens(window: MainWindow, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Open ``path`` as a user does: a folder is dropped on the window, a file chosen in File → Open."""
    if path.is_dir():
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(str(path))])
        window.dropEvent(QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime,
                                    Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier))
        return
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *_a, **_k: (str(path), "")))
    window.action_map["open"].trigger()


def small_iris_run(out: Path, overrides: list[str]) -> Path:
    """Train the iris example with ``overrides`` (a few steps, one thread) into ``out``; its folder."""
    import torch

    from workbench.core import config as C
    from workbench.core.pipeline import start_run

    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        root = Path(__file__).resolve().parents[2]
        cfg = C.apply_overrides(C.load(root / "resources" / "examples" / "iris.toml"), overrides)
        trainer = start_run(cfg, out)
        trainer.fit()
    finally:
        torch.set_num_threads(threads)
    assert trainer.run_dir is not None
    return trainer.run_dir.path
