"""The grid of small heatmaps: one per layer (rows) and head (columns); click one to select it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QSize, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGraphicsRectItem, QMenu, QSizePolicy, QWidget

from workbench.ui.heatmap import MASKED, MenuViewBox, colour_index, lookup_table, render_png

THUMB = 64  # thumbnails are at most this many cells a side
MAX_THUMBS = 64  # more heads than this: the grid shows the selected layer only


def thumbnails(att: np.ndarray, causal: bool, size: int = THUMB) -> np.ndarray:
    """(L, H, T, T) weights -> (L, H, t, t) colour indices, t <= ``size``, by block maxima.

    Maxima, not means, so a thin pattern (a diagonal, one strong key) stays visible when shrunk;
    a block is grey only when every cell in it is hidden from a causal model.
    """
    n = att.shape[-1]
    values = att.astype(np.float32, copy=True)
    if causal:
        values[..., np.triu(np.ones((n, n), dtype=bool), 1)] = -1.0
    factor = max(1, int(np.ceil(n / size)))
    if factor > 1:
        padded = factor * int(np.ceil(n / factor))
        grown = np.full(values.shape[:-2] + (padded, padded), -1.0, np.float32)
        grown[..., :n, :n] = values
        t = padded // factor
        values = grown.reshape(*values.shape[:-2], t, factor, t, factor).max(axis=(-3, -1))
    out = colour_index(values)
    out[values < 0] = MASKED
    return out


class HeadGrid(pg.GraphicsLayoutWidget):
    """Thumbnails of every head; ``sig_selected(layer, head)`` when one is clicked.

    Right-click shows ``make_menu()``, when set.
    """

    sig_selected = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMinimumSize(160, 90)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Maximum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)  # as tall as square thumbnails need, less when space is short
        self._lut = lookup_table()
        self._boxes: dict[tuple[int, int], tuple[pg.ViewBox, pg.ImageItem, QGraphicsRectItem]] = {}
        self.selected = (0, 0)
        self._shape: tuple[int, int] = (0, 0)
        self._layers: list[int] = []
        self.make_menu: Callable[[], QMenu] | None = None
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.setBackground(self.palette().color(QPalette.ColorRole.Base))

    def set_shape(self, layers: int, heads: int, selected_layer: int = 0) -> None:
        """Lay out the grid for ``layers`` x ``heads`` (only one layer when there are too many heads)."""
        shown = list(range(layers)) if layers * heads <= MAX_THUMBS else [selected_layer]
        if (layers, heads) == self._shape and shown == self._layers:
            return
        self.clear()
        self._boxes = {}
        self._shape, self._layers = (layers, heads), shown
        self.updateGeometry()
        fg = self.palette().color(QPalette.ColorRole.Text).name()
        for h in range(heads):
            self.addLabel(f"head {h + 1}", row=0, col=h + 1, size="8pt", color=fg)
        for r, layer in enumerate(shown):
            self.addLabel(f"layer {layer + 1}", row=r + 1, col=0, angle=-90, size="8pt", color=fg)
            for h in range(heads):
                box = MenuViewBox(self._menu, lockAspect=True, enableMouse=False, invertY=True)
                self.addItem(box, row=r + 1, col=h + 1)
                image = pg.ImageItem(axisOrder="row-major")
                image.setLookupTable(self._lut)
                image.setLevels((0, 255))
                box.addItem(image)
                frame = QGraphicsRectItem(0, 0, 1, 1)  # around the image, wherever the aspect lock puts it
                box.addItem(frame, ignoreBounds=True)
                self._boxes[(layer, h)] = (box, image, frame)
        self._highlight()

    def hasHeightForWidth(self) -> bool:  # noqa: N802 (Qt override)
        """Square thumbnails: the height follows the width."""
        return True

    def sizeHint(self) -> QSize:  # noqa: N802
        """Square thumbnails at the current width."""
        width = max(self.width(), 200)
        return QSize(width, self.heightForWidth(width))

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        """Room for the head labels and one square thumbnail per head and layer shown."""
        heads, rows = self._shape[1], len(self._layers)
        if not heads or not rows:
            return self.minimumHeight()
        return max(self.minimumHeight(), int(40 + rows * (width - 40) / heads))

    def set_images(self, thumbs: np.ndarray) -> None:
        """Show (L, H, t, t) colour indices (from :func:`thumbnails`)."""
        for (layer, head), (box, image, frame) in self._boxes.items():
            image.setImage(thumbs[layer, head], autoLevels=False)
            n = thumbs.shape[-1]
            frame.setRect(0, 0, n, n)
            box.setRange(xRange=(0, n), yRange=(0, n), padding=0.06)

    def select(self, layer: int, head: int) -> None:
        """Mark ``(layer, head)`` as the one shown large."""
        self.selected = (layer, head)
        if layer not in self._layers:
            self.set_shape(*self._shape, selected_layer=layer)
        self._highlight()

    def export_png(self, path: str | Path) -> Path:
        """The whole grid as a 2x-resolution PNG."""
        if self.ci.sceneBoundingRect().width() < 2:
            self.grab()
        return render_png(self.scene(), self.ci.sceneBoundingRect(), path,
                          self.palette().color(QPalette.ColorRole.Base))

    def _menu(self) -> QMenu | None:
        return self.make_menu() if self.make_menu is not None else None

    def _highlight(self) -> None:
        accent = self.palette().color(QPalette.ColorRole.Highlight)
        faint = self.palette().color(QPalette.ColorRole.Mid)
        for key, (_box, _image, frame) in self._boxes.items():
            chosen = key == self.selected
            pen = pg.mkPen(accent if chosen else faint, width=3 if chosen else 1)
            pen.setCosmetic(True)
            frame.setPen(pen)

    def _on_scene_clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton:
            return
        pos: QPointF = event.scenePos()
        for key, (box, _image, _frame) in self._boxes.items():
            if box.sceneBoundingRect().contains(pos):
                self.select(*key)
                self.sig_selected.emit(*key)
                return
