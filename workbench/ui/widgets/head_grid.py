"""The grid of small heatmaps: one per layer (rows) and head (columns); click one to select it.

Under each thumbnail, a caption says what the head does when the pattern is clear ("previous
token", "since step 120"; ``core.head_patterns``).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QPainterPath, QPalette
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsRectItem, QMenu, QSizePolicy, QWidget

from workbench.ui.i18n import translate
from workbench.ui.widgets.attention_scale import MASKED, lookup_table, scale_maps
from workbench.ui.widgets.heatmap import MenuViewBox, render_png

THUMB = 64  # thumbnails are at most this many cells a side
MAX_THUMBS = 64  # more heads than this: the grid shows the selected layer only


def thumbnails(att: np.ndarray, causal: bool, size: int = THUMB, scale: str = "fixed") -> np.ndarray:
    """(L, H, T, T) weights -> (L, H, t, t) colour indices on ``scale``, t <= ``size``, by block maxima.

    Maxima, not means, so a thin pattern (a diagonal, one strong key) stays visible when shrunk;
    a block is grey only when every cell in it is hidden from a causal model.
    """
    n = att.shape[-1]
    values = scale_maps(att, causal, scale).values  # 0..1, -1 where hidden
    factor = max(1, int(np.ceil(n / size)))
    if factor > 1:
        padded = factor * int(np.ceil(n / factor))
        grown = np.full((*values.shape[:-2], padded, padded), -1.0, np.float32)
        grown[..., :n, :n] = values
        t = padded // factor
        values = grown.reshape(*values.shape[:-2], t, factor, t, factor).max(axis=(-3, -1))
    out = np.rint(np.clip(values, 0.0, 1.0) * 254).astype(np.uint8)
    out[values < 0] = MASKED
    return out


GAP = 0.12  # space between thumbnails, as a share of one
LABEL_ROOM = 0.45  # room for the head and layer labels, as a share of one thumbnail
CAPTION_ROOM = 0.5  # room under each thumbnail for what the head does (two short lines)


def _step(tile: int) -> int:
    """Cells from one thumbnail's start to the next's (the thumbnail plus a gap)."""
    return tile + max(1, round(tile * GAP))


def _row_step(tile: int) -> int:
    """Cells from one row of thumbnails to the next (the thumbnail, its caption and a gap)."""
    return tile + max(2, round(tile * (GAP + CAPTION_ROOM)))


class HeadGrid(pg.GraphicsLayoutWidget):
    """Thumbnails of every head; ``sig_selected(layer, head)`` when one is clicked.

    All thumbnails are one image (a mosaic) in one view, with text labels and frames on top:
    a new snapshot is one ``setImage``, and a new shape makes a handful of items, not a view per
    head (16 views took ~0.3 s to build, a stall on the first snapshot of a run).
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
        self.selected = (0, 0)
        self._shape: tuple[int, int] = (0, 0)
        self._layers: list[int] = []
        self._tile = 1  # cells a thumbnail side
        self.make_menu: Callable[[], QMenu] | None = None
        self._box = MenuViewBox(self._menu, lockAspect=True, enableMouse=False, invertY=True)
        self.addItem(self._box)
        self._image = pg.ImageItem(axisOrder="row-major")
        self._box.addItem(self._image)
        self._frames = QGraphicsPathItem()
        self._chosen = QGraphicsRectItem()
        for item in (self._frames, self._chosen):
            self._box.addItem(item, ignoreBounds=True)
        self._labels: list[pg.TextItem] = []
        self._captions: dict[tuple[int, int], pg.TextItem] = {}  # (layer, head) -> what the head does
        self.captions: dict[tuple[int, int], tuple[str, str]] = {}  # (layer, head) -> (caption, tooltip)
        self.scene().sigMouseClicked.connect(self._on_scene_clicked)
        self.setBackground(self.palette().color(QPalette.ColorRole.Base))

    def set_shape(self, layers: int, heads: int, selected_layer: int = 0) -> None:
        """Lay out the grid for ``layers`` x ``heads`` (only one layer when there are too many heads)."""
        shown = list(range(layers)) if layers * heads <= MAX_THUMBS else [selected_layer]
        if (layers, heads) == self._shape and shown == self._layers:
            return
        self._shape, self._layers = (layers, heads), shown
        self.updateGeometry()
        for label in [*self._labels, *self._captions.values()]:
            self._box.removeItem(label)
        self._captions = {}
        fg = self.palette().color(QPalette.ColorRole.Text)
        self._labels = []
        for h in range(heads):
            text = translate("HeadGrid", "head {number}").format(number=h + 1)
            self._labels.append(pg.TextItem(text, color=fg, anchor=(0.5, 1.0)))
        for layer in shown:
            text = translate("HeadGrid", "layer {number}").format(number=layer + 1)
            self._labels.append(pg.TextItem(text, color=fg, anchor=(0.5, 1.0), angle=90))
        font = self.font()
        font.setPointSizeF(8)
        for label in self._labels:
            label.setFont(font)
            self._box.addItem(label, ignoreBounds=True)
        font.setPointSizeF(7.5)
        for layer in shown:
            for h in range(heads):
                caption = pg.TextItem("", color=fg, anchor=(0.5, 0.0))
                caption.setFont(font)
                self._box.addItem(caption, ignoreBounds=True)
                self._captions[(layer, h)] = caption
        self._show_captions()
        self._place(self._tile)

    def set_captions(self, captions: dict[tuple[int, int], tuple[str, str]]) -> None:
        """What each head does, shown under its thumbnail: (layer, head) -> (caption, tooltip)."""
        self.captions = dict(captions)
        self._show_captions()

    def _show_captions(self) -> None:
        for key, item in self._captions.items():
            text, tip = self.captions.get(key, ("", ""))
            item.setText(text)
            item.setToolTip(tip)

    def _place(self, tile: int) -> None:
        """Put labels, frames and the view range for thumbnails of ``tile`` cells a side."""
        self._tile = tile
        heads, rows = self._shape[1], len(self._layers)
        step, row_step = _step(tile), _row_step(tile)
        for h, label in enumerate(self._labels[:heads]):
            label.setPos(h * step + tile / 2, -tile * 0.05)
        for r, label in enumerate(self._labels[heads:]):
            label.setPos(-tile * 0.05, r * row_step + tile / 2)
        for (layer, h), caption in self._captions.items():
            caption.setPos(h * step + tile / 2, self._layers.index(layer) * row_step + tile * 1.02)
        path = QPainterPath()
        for r in range(rows):
            for h in range(heads):
                path.addRect(QRectF(h * step, r * row_step, tile, tile))
        self._frames.setPath(path)
        margin = tile * LABEL_ROOM
        self._box.setRange(xRange=(-margin, heads * step), yRange=(-margin, rows * row_step), padding=0.02)
        self._highlight()

    def hasHeightForWidth(self) -> bool:
        """Square thumbnails: the height follows the width."""
        return True

    def sizeHint(self) -> QSize:
        """Square thumbnails at the current width."""
        width = max(self.width(), 200)
        return QSize(width, self.heightForWidth(width))

    def heightForWidth(self, width: int) -> int:
        """Room for the head labels and one square thumbnail per head and layer shown."""
        heads, rows = self._shape[1], len(self._layers)
        if not heads or not rows:
            return self.minimumHeight()
        return max(self.minimumHeight(), int(40 + rows * (width - 40) / heads * (1 + GAP + CAPTION_ROOM)))

    def set_scale(self, scale: str) -> None:
        """Colour the next ``set_images`` along ``scale``'s colour map (``attention_scale``)."""
        self._lut = lookup_table(scale)

    def set_images(self, thumbs: np.ndarray) -> None:
        """Show (L, H, t, t) colour indices (from :func:`thumbnails`)."""
        heads, rows = self._shape[1], len(self._layers)
        if not heads or not rows:
            return
        t = thumbs.shape[-1]
        step, row_step = _step(t), _row_step(t)
        mosaic = np.zeros((rows * row_step - (row_step - t), heads * step - (step - t), 4),
                          dtype=np.ubyte)  # gaps: clear
        for r, layer in enumerate(self._layers):
            for h in range(heads):
                mosaic[r * row_step:r * row_step + t, h * step:h * step + t] = self._lut[thumbs[layer, h]]
        self._image.setImage(mosaic, autoLevels=False, levels=(0, 255))
        if t != self._tile:
            self._place(t)

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
        faint = pg.mkPen(self.palette().color(QPalette.ColorRole.Mid), width=1)
        faint.setCosmetic(True)
        self._frames.setPen(faint)
        accent = pg.mkPen(self.palette().color(QPalette.ColorRole.Highlight), width=3)
        accent.setCosmetic(True)
        self._chosen.setPen(accent)
        layer, head = self.selected
        if layer in self._layers and head < self._shape[1]:
            r = self._layers.index(layer)
            tile = self._tile
            self._chosen.setRect(QRectF(head * _step(tile), r * _row_step(tile), tile, tile))
            self._chosen.show()
        else:
            self._chosen.hide()

    def _tile_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        """The (layer, head) under ``scene_pos``, if any."""
        if not self._box.sceneBoundingRect().contains(scene_pos):
            return None
        point = self._box.mapSceneToView(scene_pos)
        step, row_step = _step(self._tile), _row_step(self._tile)
        col, row = int(point.x() // step), int(point.y() // row_step)
        inside = point.x() - col * step <= self._tile and point.y() - row * row_step <= self._tile
        if point.x() < 0 or point.y() < 0 or not inside or col >= self._shape[1] or row >= len(self._layers):
            return None
        return self._layers[row], col

    def _on_scene_clicked(self, event: Any) -> None:  # a pyqtgraph MouseClickEvent (untyped)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        key = self._tile_at(event.scenePos())
        if key is not None:
            self.select(*key)
            self.sig_selected.emit(*key)
