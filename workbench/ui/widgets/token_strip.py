"""Per-token summaries: the text with each token highlighted by its weight, and feature bars.

The strip paints each token itself with ``QPainter.drawText``: the text is data and is never
given to anything that could read it as markup.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPaintEvent, QPalette, QResizeEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from workbench.core.attention_maps import display_token
from workbench.ui.i18n import translate

PAD_X, PAD_Y, GAP = 4, 2, 3


class TokenStrip(QWidget):
    """Tokens laid out like text, each behind a highlight as strong as its share of the weight.

    The strongest token gets the full highlight colour (unless attention is spread evenly, see
    ``paintEvent``), so the pattern reads at any length; ``sig_hovered(index)`` (-1 when none)
    lets the owner say the exact value.
    """

    sig_hovered = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tokens: list[str] = []
        self.scores = np.zeros(0, np.float32)
        self.marked = -1
        self._breaks: list[bool] = []
        self._boxes: list[QRect] = []
        self._laid_for = -1
        self.setMouseTracking(True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_tokens(self, tokens: list[str], scores: np.ndarray, marked: int = -1) -> None:
        """Show ``tokens`` (raw strings) weighted by ``scores``; ``marked`` gets an outline."""
        self.tokens = [display_token(t, 24) for t in tokens]
        self._breaks = [t == "\n" for t in tokens]
        self.scores = np.asarray(scores, dtype=np.float32)
        self.marked = marked
        self._laid_for = -1
        self._fit_height()
        self.update()

    def _fit_height(self) -> None:
        # A scroll area sizes its widget from the minimum height, not from heightForWidth.
        self.setMinimumHeight(self.heightForWidth(max(self.width(), 1)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-wrap the tokens for the new width."""
        self._fit_height()

    def hasHeightForWidth(self) -> bool:
        """The height follows the width, like wrapped text."""
        return True

    def heightForWidth(self, width: int) -> int:
        """Height needed to lay the tokens out in ``width`` pixels."""
        boxes = self._layout(width)
        return (boxes[-1].bottom() + PAD_Y + 1) if boxes else self.fontMetrics().height() + 2 * PAD_Y

    def sizeHint(self) -> QSize:
        """As wide as offered; as tall as the tokens need at that width."""
        width = max(self.width(), 200)
        return QSize(width, self.heightForWidth(width))

    def _layout(self, width: int) -> list[QRect]:
        if width == self._laid_for:
            return self._boxes
        metrics = self.fontMetrics()
        line = metrics.height() + 2 * PAD_Y
        x = y = 0
        boxes = []
        for token, br in zip(self.tokens, self._breaks):
            w = metrics.horizontalAdvance(token) + 2 * PAD_X
            if x > 0 and x + w > width:
                x, y = 0, y + line + GAP
            boxes.append(QRect(x, y, w, line))
            x += w + GAP
            if br:
                x, y = 0, y + line + GAP
        self._boxes, self._laid_for = boxes, width
        return boxes

    def paintEvent(self, event: QPaintEvent) -> None:
        """Highlight, then the token text on top."""
        boxes = self._layout(self.width())
        painter = QPainter(self)
        palette = self.palette()
        accent = QColor(palette.color(QPalette.ColorRole.Highlight))
        text = palette.color(QPalette.ColorRole.Text)
        strong_text = palette.color(QPalette.ColorRole.HighlightedText)
        # Full colour for the strongest token when attention is peaked; when it is spread about
        # evenly (no token above twice an even share), an even share shows as half colour.
        n = max(self.scores.size, 1)
        top = max(float(self.scores.max(initial=0.0)), 2.0 / n)
        for i, (box, token) in enumerate(zip(boxes, self.tokens)):
            share = float(self.scores[i]) / top if i < self.scores.size else 0.0
            fill = QColor(accent)
            fill.setAlphaF(min(max(share, 0.0), 1.0))
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(fill)
            painter.drawRoundedRect(QRectF(box), 3, 3)
            if i == self.marked:
                painter.setPen(text)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRoundedRect(QRectF(box).adjusted(0.5, 0.5, -0.5, -0.5), 3, 3)
            painter.setPen(strong_text if share > 0.6 else text)
            painter.drawText(box, int(Qt.AlignmentFlag.AlignCenter), token)
        painter.end()

    def box(self, index: int) -> QRect:
        """Where token ``index`` is drawn."""
        boxes = self._layout(max(self.width(), 1))
        return boxes[index] if 0 <= index < len(boxes) else QRect()

    def index_at(self, pos: QPoint) -> int:
        """The token under ``pos`` (-1 when none)."""
        return next((i for i, box in enumerate(self._layout(self.width())) if box.contains(pos)), -1)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        """Report the token under the mouse."""
        self.sig_hovered.emit(self.index_at(event.position().toPoint()))

    def leaveEvent(self, event: QEvent) -> None:
        """Nothing hovered any more."""
        self.sig_hovered.emit(-1)


class FeatureBars(pg.PlotWidget):
    """Horizontal bars: how much the prediction (the CLS token) attends to each feature."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: pg.BarGraphItem | None = None
        self.values = np.zeros(0, np.float32)
        plot = self.getPlotItem()
        plot.setMouseEnabled(False, False)
        plot.setMenuEnabled(False)
        plot.hideButtons()
        plot.invertY(True)
        plot.setLabel("bottom", translate("FeatureBars", "attention from the prediction token [CLS]"))
        plot.getAxis("bottom").enableAutoSIPrefix(False)
        self.setMinimumHeight(120)
        palette = self.palette()
        self.setBackground(palette.color(QPalette.ColorRole.Base))
        for side in ("left", "bottom"):
            axis = plot.getAxis(side)
            axis.setPen(palette.color(QPalette.ColorRole.Text))
            axis.setTextPen(palette.color(QPalette.ColorRole.Text))

    def set_values(self, names: list[str], values: np.ndarray) -> None:
        """One bar per feature name."""
        plot = self.getPlotItem()
        if self._bars is not None:
            plot.removeItem(self._bars)
        self.values = np.asarray(values, dtype=np.float32)
        ys = np.arange(len(names), dtype=float)
        self._bars = pg.BarGraphItem(x0=0, y=ys, height=0.7, width=self.values,
                                     brush=self.palette().color(QPalette.ColorRole.Highlight), pen=None)
        plot.addItem(self._bars)
        plot.getAxis("left").setTicks([[(float(y), display_token(n, 22)) for y, n in zip(ys, names)]])
        plot.setXRange(0, max(float(self.values.max(initial=0.0)), 1e-3) * 1.05, padding=0)
        plot.setYRange(-0.6, len(names) - 0.4, padding=0)
