"""Attention heatmaps: the colour scale, token axes, and the large view of one head.

Images are uint8 colour indices made once per shown input (:func:`to_indices`), and index 255
(grey) marks keys a causal model may not see. Switching the head then only calls ``setImage``
with a ready array: a few milliseconds for 512 x 512 tokens.

The colour scale is chosen by the owner (:mod:`workbench.ui.widgets.attention_scale`): "fixed"
(0 to 1, never stretched, on a square-root scale: heads and snapshots compare at a glance, and a
row spread over 40 tokens reads as a visible, even tint), each map's own range, log, or the
difference from an even spread. The colour bar is labelled in the scale's unit and shows the
range of the map on screen.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QGraphicsScene, QLabel, QMenu, QSizePolicy, QVBoxLayout, QWidget

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import translate
from workbench.ui.widgets.attention_scale import (
    BAR_LABELS,
    MASKED,
    bar_ticks,
    colour_map,
    lookup_table,
    scale_maps,
)
from workbench.ui.widgets.fonts import set_plain_text

HINT = QT_TRANSLATE_NOOP("AttentionHeatmap", "Hover the map to read a weight · drag to pan, wheel to "
                         "zoom · right-click to save")


def to_indices(att: np.ndarray, causal: bool, scale: str = "fixed") -> np.ndarray:
    """Weights (..., T, T) in 0..1 as colour indices on ``scale``; with ``causal`` the keys after a
    query are grey."""
    return scale_maps(att, causal, scale).indices()


def render_png(scene: QGraphicsScene, rect: QRectF, path: str | Path, background: QColor) -> Path:
    """Render ``rect`` of a graphics ``scene`` to a PNG at twice the screen resolution."""
    image = QImage(max(int(rect.width() * 2), 1), max(int(rect.height() * 2), 1), QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(2.0)
    image.fill(background)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    scene.render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
    painter.end()
    # PySide6 takes the format as a str at run time, although its stubs say bytes (which it refuses).
    if not image.save(str(path), "PNG"):  # type: ignore[call-overload]
        raise OSError(f"could not write the image {path}")
    return Path(path)


def save_matrix_csv(path: str | Path, weights: np.ndarray, rows: list[str], cols: list[str]) -> Path:
    """A (queries, keys) matrix as CSV: a header of key tokens, each row led by its query token."""
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["query \\ key", *cols])
        for label, row in zip(rows, weights.tolist()):
            writer.writerow([label, *(f"{v:.6g}" for v in row)])
    return Path(path)


class TokenAxis(pg.AxisItem):
    """An axis labelled with tokens at cell centres, as many as fit.

    The bottom axis turns its labels upright when they are wider than a line is tall (words), so
    neighbours never overlap; characters (Chinese, a character-level model) stay upright as written.
    """

    def __init__(self, orientation: str) -> None:
        super().__init__(orientation)
        self.labels: list[str] = []
        self.rotated = False
        self.setStyle(autoExpandTextSpace=False, tickLength=3, hideOverlappingLabels=False)
        font = QFont()  # the application font, with the bundled CJK fallback, a little smaller
        font.setPointSizeF(font.pointSizeF() * 0.9)
        self.setTickFont(font)
        self.enableAutoSIPrefix(False)

    def set_labels(self, labels: list[str]) -> None:
        """Name cell ``i`` ``labels[i]``; the axis makes room for the longest."""
        self.labels = labels
        metrics = QFontMetricsF(self.style["tickFont"] or QFont())
        longest = max((metrics.horizontalAdvance(s) for s in labels), default=0.0)
        room = int(min(max(longest, 24.0), 110.0)) + 10 + int(metrics.height()) + 6  # ticks, labels, title
        self.rotated = self.orientation == "bottom" and longest > 1.3 * metrics.height()
        if self.orientation == "bottom":
            self.setHeight(room if self.rotated else int(2 * metrics.height()) + 16)
        else:
            self.setWidth(room)
        self.picture = None
        self.update()

    def tickValues(self, min_val: float, max_val: float, size: float) -> list[tuple[float, list[float]]]:
        """Cell centres, every ``step``-th, with ``step`` the smallest of 1, 2, 5, 10, ... that fits."""
        n = len(self.labels)
        lo, hi = sorted((min_val, max_val))  # an inverted axis passes them the other way round
        if n == 0 or size <= 0 or hi <= lo:
            return []
        line = QFontMetricsF(self.style["tickFont"] or QFont()).height()
        per_cell = size / (hi - lo)
        steps = [m * 10 ** e for e in range(6) for m in (1, 2, 5)]
        step = next((s for s in steps if s * per_cell >= line), steps[-1])
        first = max(0, int(np.floor(lo)))
        first -= first % step
        last = min(n - 1, int(np.ceil(hi)))
        return [(float(step), [i + 0.5 for i in range(first, last + 1, step)])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """The token of each cell."""
        n = len(self.labels)
        return [self.labels[int(v)] if 0 <= int(v) < n else "" for v in values]

    def drawPicture(self, p: QPainter, axis_spec: tuple[QPen, QPointF, QPointF],
                    tick_specs: list[tuple[QPen, QPointF, QPointF]],
                    text_specs: list[tuple[QRectF, int, str]]) -> None:
        """Draw as pyqtgraph does, with the bottom axis's labels turned upright when ``rotated``."""
        if not self.rotated:
            super().drawPicture(p, axis_spec, tick_specs, text_specs)
            return
        super().drawPicture(p, axis_spec, tick_specs, [])
        room = self.height() - 6
        for rect, _flags, text in text_specs:
            p.save()
            p.translate(rect.center().x(), rect.top())
            p.rotate(-90)
            line = rect.height() / 0.8
            p.drawText(QRectF(-room, -line / 2, room, line),
                       int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter), text)
            p.restore()


class MenuViewBox(pg.ViewBox):
    """A ViewBox whose right-click shows Workbench's own menu instead of pyqtgraph's."""

    def __init__(self, make_menu: Callable[[], QMenu | None], **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._make_menu = make_menu

    def raiseContextMenu(self, ev: Any) -> None:  # a pyqtgraph MouseClickEvent (untyped)
        """Pop up the owner's menu."""
        menu = self._make_menu()
        if menu is not None:
            menu.popup(ev.screenPos().toPoint())


class AttentionHeatmap(QWidget):
    """One head's (query, key) weights with token labels, a fixed 0..1 colour bar and a read-out.

    ``set_tokens`` once per input (or window), then ``set_image`` for each head. ``sig_query_clicked``
    gives the row clicked, ``sig_export`` asks the owner to save ("png", "csv" or "npy").
    """

    sig_query_clicked = Signal(int)
    sig_export = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.weights = np.zeros((0, 0), np.float32)
        self.rows: list[str] = []
        self.cols: list[str] = []
        self.offset = 0
        self.caption = ""
        self.exact = True
        self.glw = pg.GraphicsLayoutWidget(self)
        self.glw.setMinimumSize(240, 220)
        self.axes = {"left": TokenAxis("left"), "bottom": TokenAxis("bottom")}
        self.viewbox = MenuViewBox(self.menu, invertY=True, enableMenu=True)
        self.plot = self.glw.addPlot(row=0, col=0, viewBox=self.viewbox, axisItems=self.axes)
        self.plot.hideButtons()
        self.plot.setLabel("left", translate("AttentionHeatmap", "token that looks (query)"))
        self.plot.setLabel("bottom", translate("AttentionHeatmap", "token looked at (key)"))
        self.viewbox.setMouseEnabled(x=True, y=True)
        self.image = pg.ImageItem(axisOrder="row-major")
        self.image.setLevels((0, 255))
        self.plot.addItem(self.image)
        self.colorbar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=colour_map("fixed"),
                                        interactive=False, width=12, colorMapMenu=False)
        self.scale = ""
        self.set_scale("fixed", 0.0, 1.0)
        self.glw.addItem(self.colorbar, row=0, col=1)
        self.readout = QLabel()
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        set_plain_text(self.readout, translate("AttentionHeatmap", HINT))
        self.glw.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        self.glw.scene().sigMouseClicked.connect(self._on_scene_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.glw, 1)
        layout.addWidget(self.readout)
        self._apply_palette()

    # ------------------------------------------------------------------ public
    def set_tokens(self, rows: list[str], cols: list[str], offset: int = 0) -> None:
        """Axis labels (display strings) of the rows and columns; ``offset`` numbers them in a window."""
        self.rows, self.cols, self.offset = rows, cols, offset
        # A read-out of the old tokens would name ones no longer shown.
        set_plain_text(self.readout, translate("AttentionHeatmap", HINT))
        self.axes["left"].set_labels(rows)
        self.axes["bottom"].set_labels(cols)
        self.viewbox.setLimits(xMin=-0.5, xMax=len(cols) + 0.5, yMin=-0.5, yMax=len(rows) + 0.5,
                               minXRange=min(4, len(cols) or 1), minYRange=min(4, len(rows) or 1))
        self.image.setRect(QRectF(0, 0, len(cols), len(rows)))
        self.reset_view()

    def set_scale(self, scale: str, lo: float, hi: float) -> None:
        """Colour the image along ``scale``'s map; the colour bar shows ``lo``..``hi`` in its unit."""
        if scale != self.scale:
            self.scale = scale
            self.image.setLookupTable(lookup_table(scale))
            self.colorbar.setColorMap(colour_map(scale))
            self.colorbar.axis.setLabel(translate("AttentionHeatmap", BAR_LABELS[scale]),
                                        color=self.palette().color(QPalette.ColorRole.Text).name())
        ticks = bar_ticks(scale, lo, hi)
        self.colorbar.axis.setTicks([ticks])
        axis = self.colorbar.axis  # room for the widest tick label and the axis title beside it
        metrics = QFontMetricsF(axis.style["tickFont"] or QFont())
        widest = max(metrics.horizontalAdvance(text) for _pos, text in ticks)
        axis.setWidth(int(widest + 20 + 2.2 * metrics.height()))

    def set_image(self, indices: np.ndarray, weights: np.ndarray, caption: str = "",
                  exact: bool = True, label: str = "") -> None:
        """Show ready colour ``indices`` (T, T) uint8; ``weights`` are what the read-out reports
        (prefixed "≈" unless ``exact``: a stored snapshot is within 0.002 of the true weight).
        ``label`` (what the head does, ``core.head_patterns``) follows the caption in the title."""
        self.weights = weights
        self.caption = caption
        self.exact = exact
        title = f"{caption}  ·  {label}" if label else caption
        self.plot.setTitle(title, size="10pt", color=self.palette().color(QPalette.ColorRole.Text).name())
        self.image.setImage(indices, autoLevels=False)
        self.image.setRect(QRectF(0, 0, indices.shape[1], indices.shape[0]))

    def reset_view(self) -> None:
        """Show the whole matrix."""
        self.viewbox.setRange(xRange=(0, max(len(self.cols), 1)), yRange=(0, max(len(self.rows), 1)),
                              padding=0)

    def export_png(self, path: str | Path) -> Path:
        """This heatmap, axes and colour bar included, as a 2x-resolution PNG."""
        if self.glw.ci.sceneBoundingRect().width() < 2:
            self.grab()  # a never-shown widget gets its layout here
        return render_png(self.glw.scene(), self.glw.ci.sceneBoundingRect(), path,
                          self.palette().color(QPalette.ColorRole.Base))

    # ------------------------------------------------------------------ internals
    def menu(self) -> QMenu:
        """The right-click menu: save this head, all heads, or the grid."""
        menu = QMenu(self)
        for text, kind in ((translate("AttentionHeatmap", "Save this heatmap as PNG…"), "png"),
                           (translate("AttentionHeatmap", "Save these weights as CSV…"), "csv"),
                           (translate("AttentionHeatmap", "Save these weights as NumPy (.npy)…"), "npy"),
                           (translate("AttentionHeatmap", "Save all layers and heads as NumPy (.npy)…"),
                            "npy-all"),
                           (translate("AttentionHeatmap", "Save the grid of heads as PNG…"), "grid-png")):
            menu.addAction(text).triggered.connect(lambda *_a, k=kind: self.sig_export.emit(k))
        menu.addSeparator()
        menu.addAction(translate("AttentionHeatmap", "Show everything")).triggered.connect(self.reset_view)
        return menu

    def _cell(self, scene_pos: QPointF) -> tuple[int, int] | None:
        if not self.viewbox.sceneBoundingRect().contains(scene_pos):
            return None
        point = self.viewbox.mapSceneToView(scene_pos)
        row, col = int(np.floor(point.y())), int(np.floor(point.x()))
        if 0 <= row < self.weights.shape[0] and 0 <= col < self.weights.shape[1]:
            return row, col
        return None

    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        cell = self._cell(pos)
        if cell is None:
            set_plain_text(self.readout, translate("AttentionHeatmap", HINT))
            return
        row, col = cell
        where = f"{self.caption}  ·  " if self.caption else ""
        query = f"‘{self.rows[row]}’ (#{row + self.offset + 1})"
        key = f"‘{self.cols[col]}’ (#{col + self.offset + 1})"
        if self.image.image is not None and self.image.image[row, col] == MASKED:
            text = where + translate("AttentionHeatmap", "{query} cannot look at {key}: it comes "
                                     "later").format(query=query, key=key)
        else:
            approx = "" if self.exact else "≈ "
            text = where + translate("AttentionHeatmap", "{query} → {key}: weight {weight}").format(
                query=query, key=key, weight=f"{approx}{self.weights[row, col]:.4f}")
        set_plain_text(self.readout, text)

    def _on_scene_clicked(self, event: Any) -> None:  # a pyqtgraph MouseClickEvent (untyped)
        if event.button() == Qt.MouseButton.LeftButton:
            cell = self._cell(event.scenePos())
            if cell is not None:
                self.sig_query_clicked.emit(cell[0])

    def _apply_palette(self) -> None:
        palette = self.palette()
        fg = palette.color(QPalette.ColorRole.Text)
        self.glw.setBackground(palette.color(QPalette.ColorRole.Base))
        for name in ("left", "bottom"):
            axis = self.plot.getAxis(name)
            axis.setPen(fg)
            axis.setTextPen(fg)
            axis.setLabel(axis.labelText, color=fg.name())
        self.colorbar.axis.setPen(fg)
        self.colorbar.axis.setTextPen(fg)
        self.colorbar.axis.setLabel(translate("AttentionHeatmap", BAR_LABELS[self.scale or "fixed"]),
                                    color=fg.name())

    def changeEvent(self, event: QEvent) -> None:
        """Follow a light/dark palette switch."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange and hasattr(self, "colorbar"):
            self._apply_palette()
