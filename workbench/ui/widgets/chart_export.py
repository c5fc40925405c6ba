"""Saving a static chart: PNG (twice the screen's resolution), SVG, and its data as CSV.

``ChartExport`` gives a chart a right-click menu and an "Export" button with the same three
choices; the owner says what the file is called and gives the CSV text and the SVG drawing. The
SVG is drawn from the data by ``core.report_svg`` (as in the HTML report), not traced from the
screen: pyqtgraph's SVG exporter fails on what current Qt writes (pyqtgraph issue 3485), and Qt's
own SVG painter misplaces the clipped, transformed items of a plot.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pyqtgraph as pg
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox, QPushButton, QWidget

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.report_svg import standalone
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.fonts import plain_text
from workbench.ui.widgets.heatmap import render_png

PATTERNS = {"png": QT_TRANSLATE_NOOP("ChartExport", "PNG image (*.png)"),
            "svg": QT_TRANSLATE_NOOP("ChartExport", "SVG image (*.svg)"),
            "csv": QT_TRANSLATE_NOOP("ChartExport", "CSV table (*.csv)")}
CHOICES = ((QT_TRANSLATE_NOOP("ChartExport", "Save as PNG…"), "png"),
           (QT_TRANSLATE_NOOP("ChartExport", "Save as SVG…"), "svg"),
           (QT_TRANSLATE_NOOP("ChartExport", "Save data as CSV…"), "csv"))


def save_png(chart: pg.PlotWidget, path: str | Path) -> Path:
    """``chart`` as drawn, axes and legend included, as a 2x-resolution PNG."""
    draw_now = getattr(chart, "draw_now", None)
    if callable(draw_now):
        draw_now()  # a chart that draws when shown may not have drawn yet
    item = chart.getPlotItem()
    if item.sceneBoundingRect().width() < 2:
        chart.grab()  # a never-shown chart gets its layout here
    return render_png(chart.scene(), item.sceneBoundingRect(), path,
                      chart.palette().color(QPalette.ColorRole.Base))


def save_text(text: str, path: str | Path) -> Path:
    """Write ``text`` (CSV, SVG) to ``path``."""
    Path(path).write_text(text, encoding="utf-8")
    return Path(path)


class ChartExport:
    """The right-click menu of ``chart`` and an "Export" button, both offering PNG, SVG and CSV."""

    def __init__(self, chart: pg.PlotWidget, name: Callable[[], str], csv_text: Callable[[], str],
                 svg_text: Callable[[], str], parent: QWidget) -> None:
        self.chart, self._name, self._csv, self._svg, self._parent = chart, name, csv_text, svg_text, parent
        chart.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        chart.customContextMenuRequested.connect(self._on_chart_menu_requested)
        self.button = QPushButton(translate("ChartExport", "Export…"))
        self.button.setToolTip(translate("ChartExport", "Save this chart as a PNG or SVG image, or its "
                                         "numbers as CSV."))
        self.button.setMenu(self.menu())

    def menu(self) -> QMenu:
        """The three choices, each asking where to save."""
        menu = QMenu(self._parent)
        for text, kind in CHOICES:
            action = menu.addAction(translate("ChartExport", text))
            action.triggered.connect(lambda *_a, k=kind: self.save_with_dialog(k))
        return menu

    def save(self, kind: str, path: str | Path) -> Path:
        """Save as ``kind`` ("png", "svg" or "csv") to ``path``."""
        if kind == "png":
            return save_png(self.chart, path)
        return save_text(standalone(self._svg()) if kind == "svg" else self._csv(), path)

    def save_with_dialog(self, kind: str) -> None:
        """Ask for a file name, then save; a failure is shown, not raised."""
        title = (translate("ChartExport", "Save chart data as CSV") if kind == "csv" else
                 translate("ChartExport", "Save chart as {format}").format(format=kind.upper()))
        path, _ = QFileDialog.getSaveFileName(self._parent, title, f"{self._name()}.{kind}",
                                              translate("ChartExport", PATTERNS[kind]))
        if not path:
            return
        try:
            self.save(kind, path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self._parent, translate("ChartExport", "Could not save"),
                                plain_text(core_text(str(exc))))

    def _on_chart_menu_requested(self, pos: QPoint) -> None:
        self.menu().exec(self.chart.mapToGlobal(pos))
