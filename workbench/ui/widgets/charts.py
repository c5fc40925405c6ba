"""Small static charts: class balance (bars), target histogram and the confusion matrix.

They follow the application palette (light or dark) rather than pyqtgraph's black default, and
take no mouse input: they are read, not explored.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QWidget

from workbench.ui.i18n import translate

MAX_LABEL_CHARS = 22
MAX_CELL_TEXT = 12  # more classes than this: the matrix is too dense for numbers in the cells


def configure_charts() -> None:
    """pyqtgraph settings shared by every chart (antialiasing; images indexed row, column)."""
    pg.setConfigOptions(antialias=True, imageAxisOrder="row-major")


def _short(name: str, limit: int = MAX_LABEL_CHARS) -> str:
    name = " ".join(str(name)[: 4 * limit].split())  # a megabyte label is cut before any work on it
    return name if len(name) <= limit else name[: limit - 1] + "…"


class StaticPlot(pg.PlotWidget):
    """A PlotWidget coloured from the palette, without mouse interaction."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._items: list[pg.GraphicsObject] = []
        plot = self.getPlotItem()
        plot.setMouseEnabled(False, False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        for side in ("left", "bottom"):
            plot.getAxis(side).enableAutoSIPrefix(False)
        self._apply_palette()
        self._ready = True

    def fg(self) -> QColor:
        """The text colour of the palette."""
        return self.palette().color(QPalette.ColorRole.Text)

    def accent(self) -> QColor:
        """The palette's highlight colour, the one the bars are drawn in."""
        return self.palette().color(QPalette.ColorRole.Highlight)

    def clear_items(self) -> None:
        """Remove what the last ``set_*`` call drew."""
        for item in self._items:
            self.getPlotItem().removeItem(item)
        self._items = []

    def add(self, item: pg.GraphicsObject) -> None:
        """Draw ``item`` until the next ``clear_items``."""
        self.getPlotItem().addItem(item)
        self._items.append(item)

    def changeEvent(self, event: QEvent) -> None:
        """Follow a light/dark palette switch."""
        super().changeEvent(event)
        # pyqtgraph changes the palette role while it is being built: nothing to colour yet.
        if event.type() == QEvent.Type.PaletteChange and getattr(self, "_ready", False):
            self._apply_palette()
            self.redraw()

    def redraw(self) -> None:
        """Draw the current data again (after a palette change)."""

    def _apply_palette(self) -> None:
        self.setBackground(self.palette().color(QPalette.ColorRole.Base))
        plot = self.getPlotItem()
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setPen(self.fg())
            axis.setTextPen(self.fg())
        plot.titleLabel.setAttr("color", self.fg().name())


class BalanceChart(StaticPlot):
    """Rows per class as horizontal bars (most frequent on top), or a histogram of a numeric target."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # What is shown: (class, rows) pairs and the number of classes, or a histogram; or neither.
        self._counts: tuple[list[tuple[str, int]], int] | None = None
        self._histogram: tuple[list[float], list[int], str] | None = None
        self.setMinimumHeight(140)

    def set_counts(self, counts: Sequence[tuple[str, int]], n_classes: int | None = None) -> None:
        """Show ``(class, rows)`` pairs; ``n_classes`` > len(counts) notes the classes left out."""
        self._counts, self._histogram = (list(counts), n_classes or len(counts)), None
        self.redraw()

    def set_histogram(self, edges: Sequence[float], counts: Sequence[int], name: str) -> None:
        """Show a histogram of a numeric target."""
        self._counts, self._histogram = None, (list(edges), list(counts), name)
        self.redraw()

    def clear_chart(self) -> None:
        """Show nothing."""
        self._counts = self._histogram = None
        self.redraw()

    def bar_values(self) -> list[int]:
        """The heights of the bars shown (for tests and screen readers)."""
        if self._counts is not None:
            return [c for _n, c in self._counts[0]]
        return list(self._histogram[1]) if self._histogram is not None else []

    def redraw(self) -> None:
        """Draw the stored data with the current palette."""
        self.clear_items()
        plot = self.getPlotItem()
        plot.setTitle("")
        plot.getAxis("left").setTicks(None)
        if self._counts is not None:
            self._draw_counts(*self._counts)
        elif self._histogram is not None:
            self._draw_histogram(*self._histogram)

    def _draw_counts(self, counts: list[tuple[str, int]], n_classes: int) -> None:
        plot = self.getPlotItem()
        total = sum(c for _n, c in counts) or 1
        ys = np.arange(len(counts), dtype=np.float64)
        widths = np.array([c for _n, c in counts], dtype=np.float64)
        self.add(pg.BarGraphItem(x0=0, y=ys, height=0.7, width=widths, brush=self.accent(), pen=None))
        inside = QColor(self.palette().color(QPalette.ColorRole.HighlightedText))
        for y, (_name, count) in zip(ys, counts):
            # Long bars carry their count inside (a label past the end would be clipped).
            long = count >= 0.4 * widths.max()
            label = pg.TextItem(f" {count:,} ({count / total:.0%}) ", color=inside if long else self.fg(),
                                anchor=(1, 0.5) if long else (0, 0.5))
            label.setPos(count, y)
            self.add(label)
        plot.getAxis("left").setTicks([[(float(y), _short(n)) for y, (n, _c) in zip(ys, counts)]])
        plot.invertY(True)
        plot.setXRange(0, float(widths.max(initial=1)) * 1.05, padding=0)
        plot.setYRange(-0.6, len(counts) - 0.4, padding=0)
        plot.getAxis("bottom").setLabel(translate("BalanceChart", "rows"))
        title = (translate("BalanceChart", "Class balance (top {shown} of {classes})").format(
            shown=len(counts), classes=n_classes) if n_classes > len(counts)
            else translate("BalanceChart", "Class balance"))
        plot.setTitle(title, size="10pt")

    def _draw_histogram(self, edges: list[float], counts: list[int], name: str) -> None:
        plot = self.getPlotItem()
        x = np.asarray(edges, dtype=np.float64)
        outline = pg.mkPen(self.palette().color(QPalette.ColorRole.Base))
        self.add(pg.BarGraphItem(x0=x[:-1], x1=x[1:], y0=0, height=np.asarray(counts, dtype=np.float64),
                                 brush=self.accent(), pen=outline))
        plot.invertY(False)
        plot.setXRange(float(x[0]), float(x[-1]), padding=0.02)
        plot.setYRange(0, max(counts, default=1) * 1.1, padding=0)
        plot.getAxis("bottom").setLabel(_short(name, 40))
        plot.getAxis("left").setLabel(translate("BalanceChart", "rows"))
        plot.setTitle(translate("BalanceChart", "Distribution of '{column}'").format(column=_short(name, 30)),
                      size="10pt")


class ConfusionMatrix(StaticPlot):
    """Counts of (true class, predicted class): rows are the truth, columns the prediction.

    Cells are coloured by the share of their row (so a rare class reads as clearly as a common
    one) and show their count.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._matrix = np.zeros((0, 0))
        self._classes: list[str] = []
        plot = self.getPlotItem()
        plot.setLabel("left", translate("ConfusionMatrix", "true class"))
        plot.setLabel("bottom", translate("ConfusionMatrix", "predicted class"))
        plot.setAspectLocked(False)
        self.setMinimumSize(260, 240)

    def set_matrix(self, matrix: Sequence[Sequence[int]], classes: Sequence[str]) -> None:
        """Show ``matrix[true][predicted]`` with ``classes`` along both axes."""
        self._matrix = np.asarray(matrix, dtype=float).reshape(len(classes), len(classes))
        self._classes = [str(c) for c in classes]
        self.redraw()

    def matrix(self) -> np.ndarray:
        """The counts shown."""
        return self._matrix.copy()

    def classes(self) -> list[str]:
        """The class names along both axes."""
        return list(self._classes)

    def redraw(self) -> None:
        """Draw the stored matrix with the current palette."""
        self.clear_items()
        n = len(self._classes)
        plot = self.getPlotItem()
        if n == 0:
            return
        rows = self._matrix.sum(axis=1, keepdims=True)
        share = np.divide(self._matrix, rows, out=np.zeros_like(self._matrix), where=rows > 0)
        low = QColor(self.palette().color(QPalette.ColorRole.Base))
        high = QColor(self.accent())
        cmap = pg.ColorMap([0.0, 1.0], [low, high])
        image = pg.ImageItem(share, axisOrder="row-major", levels=(0.0, 1.0))
        image.setLookupTable(cmap.getLookupTable(nPts=256))
        image.setRect(0, 0, n, n)
        self.add(image)
        if n <= MAX_CELL_TEXT:
            font = QFont()
            font.setPointSizeF(max(7.0, 13.0 - 0.5 * n))
            font.setBold(True)
            light_text = QColor(self.palette().color(QPalette.ColorRole.HighlightedText))
            for i in range(n):
                for j in range(n):
                    color = light_text if share[i, j] > 0.5 else self.fg()
                    text = pg.TextItem(f"{int(self._matrix[i, j]):,}", color=color, anchor=(0.5, 0.5))
                    text.setFont(font)
                    text.setPos(j + 0.5, i + 0.5)
                    self.add(text)
        ticks = [[(i + 0.5, _short(c, 14)) for i, c in enumerate(self._classes)]]
        plot.getAxis("left").setTicks(ticks)
        plot.getAxis("bottom").setTicks(ticks)
        plot.invertY(True)
        plot.setXRange(0, n, padding=0)
        plot.setYRange(0, n, padding=0)
