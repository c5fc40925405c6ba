"""View → Presenter mode: bigger text and thicker high-contrast charts, the settings folded away,
nothing cut off on a 1280×800 screen, and the run's state in plain words on the Train page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QAbstractButton, QApplication, QMenu, QMessageBox

from workbench.core.events import EvalPoint, HealthWarning, Progress, RunStarted, TrainPoint
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.shell.presenter import KEY_ON, Presenter
from workbench.ui.widgets.plot_style import THEMES

STARTED = RunStarted(run_dir="", task="tabular_classification", model_kind="mlp", device="cpu",
                     total_steps=100, step=0, steps_per_epoch=10, params=100, unit="samples",
                     watch="accuracy")


def _presenter(window: MainWindow) -> Presenter:
    presenter = window.findChild(Presenter, "presenter")
    assert presenter is not None
    return presenter


def _points(step: int, accuracy: float) -> list[TrainPoint | EvalPoint]:
    return [TrainPoint(step=step - 5, epoch=0.0, time=0.0, loss=1.0 - step / 200, lr=1e-3),
            EvalPoint(step=step, epoch=0.0, time=0.0, split="val",
                      metrics={"accuracy": accuracy, "loss": 1.0})]


def _mid_run(window: MainWindow) -> None:
    """The Train page as in the middle of a run: curves, statistics, the status in words."""
    controller = window.controller
    controller.sig_started.emit(STARTED)
    controller.sig_points.emit(_points(10, 0.52) + _points(20, 0.78))
    controller.sig_progress.emit(Progress(step=20, total_steps=100, elapsed=21.0, steps_per_s=14.3,
                                          eta_s=49.0, epoch=17.6))


def _nothing_clipped(window: MainWindow) -> None:
    QApplication.processEvents()
    hint = window.minimumSizeHint()
    assert hint.width() <= 1280 and hint.height() <= 800
    assert window.width() <= 1280 and window.height() <= 800  # the window did not have to grow
    nav = window.nav
    for row in range(nav.count()):  # every page's name shows whole
        rect = nav.visualItemRect(nav.item(row))
        assert nav.viewport().rect().contains(rect)
        assert nav.fontMetrics().horizontalAdvance(nav.item(row).text()) <= rect.width()
    page = window.train_page
    buttons = [b for b in page.findChildren(QAbstractButton) if b.isVisible() and b.text()]
    assert len(buttons) >= 5
    for button in buttons:  # no text elided or cut: each button got the width its text asks for
        assert button.width() >= button.sizeHint().width(), button.text()


def test_presenter_mode_scales_text_and_charts_and_folds_the_settings(window: MainWindow, qtbot: Any) -> None:
    window.resize(1280, 800)
    window.go_to("train")
    page = window.train_page
    _mid_run(window)
    base = QApplication.font().pointSizeF()
    nav_base = window.nav.font().pointSizeF()
    axis = page.plots.plots["loss"].getAxis("left")
    assert page.settings_scroll.isVisible() and not page.story.status.isVisible()
    menu = window.menuBar().findChild(QMenu, "view-menu")
    assert menu is not None and _presenter(window).action in menu.actions()

    _presenter(window).action.trigger()
    assert window.font().pointSizeF() == pytest.approx(base * 1.6)
    assert window.nav.font().pointSizeF() == pytest.approx(nav_base * 1.6)  # its own size, scaled too
    assert page.stats.font().pointSizeF() == pytest.approx(base * 1.6)
    assert not page.settings_scroll.isVisible() and page.story.status.isVisible()
    assert page.story.status.font().pointSizeF() > window.font().pointSizeF()
    assert page.plots.forced_theme == "presenter"
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(9 * 1.6)
    assert page.plots.curves["smooth"].opts["pen"].widthF() == pytest.approx(2.5 * 2.2)
    assert page.plots.curves["smooth"].opts["pen"].color().name() == THEMES["presenter"]["train"]
    # Dialogs (windows of their own) and the captions of health marks are scaled too.
    assert QMessageBox(window).font().pointSizeF() == pytest.approx(base * 1.6)
    page.plots.marks.add(HealthWarning("overfitting", "caution", 12, "The validation loss rose.", "Stop."))
    (line,) = [line for _w, line in page.plots.marks._lines.values()]
    assert line.label.textItem.font().pointSizeF() == pytest.approx(9 * 1.6)
    _nothing_clipped(window)

    two = next(a for a in menu.findChildren(type(_presenter(window).action)) if a.data() == 2.0)
    two.trigger()
    assert window.font().pointSizeF() == pytest.approx(base * 2.0)
    assert axis.style["tickFont"].pointSizeF() == pytest.approx(18)
    _nothing_clipped(window)

    _presenter(window).action.trigger()  # off: everything as it was
    assert window.font().pointSizeF() == pytest.approx(base)
    assert QMessageBox(window).font().pointSizeF() == pytest.approx(base)
    assert window.nav.font().pointSizeF() == pytest.approx(nav_base)
    assert page.settings_scroll.isVisible() and not page.story.status.isVisible()
    assert axis.style["tickFont"] is None and page.plots.curves["smooth"].opts["pen"].widthF() == 2.5


def test_the_status_sentence_follows_the_live_run(window: MainWindow, qtbot: Any) -> None:
    window.go_to("train")
    page = window.train_page
    _presenter(window).set_on(True)
    controller = window.controller
    controller.sig_started.emit(STARTED)
    assert page.story.status.text() == "Waiting for the first training steps…"
    controller.sig_points.emit(_points(10, 0.52))
    assert page.story.status.text() == "The model is learning: validation accuracy 52 %."
    controller.sig_points.emit(_points(20, 0.78))
    assert page.story.status.text() == "The model is learning: validation accuracy 78 %, up from 52 %."
    controller.sig_points.emit(_points(30, 0.70))
    assert page.story.status.text().startswith("The model is getting worse")


def test_presenter_mode_is_remembered(qtbot: Any, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(KEY_ON, True)
    settings.setValue("presenter/scale", 1.3)
    window = MainWindow(settings=settings, runs_dir=tmp_path / "runs")
    qtbot.addWidget(window)
    window.show()
    presenter = _presenter(window)
    base = QApplication.font().pointSizeF()
    qtbot.waitUntil(lambda: window.font().pointSizeF() == pytest.approx(base * 1.3))
    assert presenter.on and presenter.action.isChecked() and presenter.scale == 1.3
    window.go_to("train")  # the chart pages are made now and join the mode
    qtbot.waitUntil(lambda: window.train_page.story.status.isVisible())
    assert not window.train_page.settings_scroll.isVisible()
    presenter.action.trigger()
    assert settings.value(KEY_ON, type=bool) is False
