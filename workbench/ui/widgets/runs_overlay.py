"""Several runs' curves on one pair of charts: training loss above, a validation metric below.

Each run has its own colour, named in the legend above the charts (never over the curves); its
baseline score (a dashed line in its colour) and its health marks (where overfitting or divergence
began) stay visible. The x axis is the step, the epoch or the wall time. Each curve is handed to
pyqtgraph already reduced to each pixel column's minimum and maximum (``core.series.decimate``),
so 10 runs of 100,000 points redraw fast: pyqtgraph's own downsampling left 4.5 s of painting.
Curve items are made once per slot and reused (hidden when unused), never removed: pyqtgraph items
left to the garbage collector have crashed it.
"""

from __future__ import annotations

import html
import math
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.runs_index import RunCurves
from workbench.core.series import decimate
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.plot_style import THEMES, add_chart, theme_of

# Ten colours that stay apart on white and on a projector (Tableau 10).
COLOURS = ("#1f77b4", "#e8710a", "#2e9e44", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
           "#bcbd22", "#17becf")
# The x axis choices as the picker names them, and the axis titles they give.
X_CHOICES = {"step": QT_TRANSLATE_NOOP("RunsOverlay", "step"),
             "epoch": QT_TRANSLATE_NOOP("RunsOverlay", "epoch"),
             "time": QT_TRANSLATE_NOOP("RunsOverlay", "time")}
X_AXES = {"step": QT_TRANSLATE_NOOP("RunsOverlay", "step"),
          "epoch": QT_TRANSLATE_NOOP("RunsOverlay", "epoch"),
          "time": QT_TRANSLATE_NOOP("RunsOverlay", "time (s)")}


class _Slot:
    """The items of one run: its loss curve, its metric curve, its baseline line and its marks."""

    def __init__(self, loss_plot: pg.PlotItem, metric_plot: pg.PlotItem) -> None:
        self.loss = pg.PlotDataItem()
        self.metric = pg.PlotDataItem()
        for curve in (self.loss, self.metric):  # drawn as line segments: a path of wide lines is slow
            curve.curve.setSegmentedLineMode("on")
        loss_plot.addItem(self.loss)
        metric_plot.addItem(self.metric)
        self.baseline = pg.InfiniteLine(angle=0, movable=False)
        metric_plot.addItem(self.baseline, ignoreBounds=True)
        self.marks = pg.ScatterPlotItem(size=11, symbol="t")
        loss_plot.addItem(self.marks, ignoreBounds=True)

    def hide(self) -> None:
        for item in (self.loss, self.metric, self.baseline, self.marks):
            item.hide()


class RunsOverlay(QWidget):
    """The overlay of the runs given to :meth:`set_runs`."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runs: list[RunCurves] = []
        self.x_combo = QComboBox()
        for key, text in X_CHOICES.items():
            self.x_combo.addItem(translate("RunsOverlay", text), key)
        self.x_combo.setToolTip(translate("RunsOverlay", "What the horizontal axis counts: optimizer steps, "
                                          "passes over the data (epochs) or seconds of training"))
        self.metric_combo = QComboBox()
        self.metric_combo.setToolTip(translate("RunsOverlay", "The validation score drawn in the lower "
                                               "chart"))
        self.log_box = QCheckBox(translate("RunsOverlay", "log scale"))
        self.log_box.setToolTip(translate("RunsOverlay", "Draw the loss on a logarithmic scale"))
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.legend.setWordWrap(True)
        controls = QHBoxLayout()
        for label, widget in ((translate("RunsOverlay", "x axis"), self.x_combo),
                              (translate("RunsOverlay", "validation"), self.metric_combo)):
            controls.addWidget(QLabel(label))
            controls.addWidget(widget)
        controls.addWidget(self.log_box)
        controls.addStretch(1)
        self.view = pg.GraphicsLayoutWidget()
        self.loss_plot = add_chart(self.view.ci, 0, translate("RunsOverlay", "training loss"), log_axis=True)
        self.metric_plot = add_chart(self.view.ci, 1, translate("RunsOverlay", "validation"), log_axis=False)
        self.metric_plot.setXLink(self.loss_plot)
        self.slots: list[_Slot] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addWidget(self.legend)
        layout.addWidget(self.view, 1)
        self.x_combo.currentTextChanged.connect(self.redraw)
        self.metric_combo.currentTextChanged.connect(self.redraw)
        self.log_box.toggled.connect(self._on_log_toggled)
        self._apply_theme()

    def _apply_theme(self) -> None:
        colours = THEMES[theme_of(self.palette())]
        self.view.setBackground(colours["bg"])
        for plot in (self.loss_plot, self.metric_plot):
            for side in ("left", "bottom"):
                plot.getAxis(side).setPen(colours["fg"])
                plot.getAxis(side).setTextPen(colours["fg"])

    def set_runs(self, runs: list[RunCurves]) -> None:
        """Overlay ``runs`` (the metric choice is kept when the new runs have it)."""
        self.runs = list(runs)
        names: list[str] = []
        for run in runs:
            names += [k for k in run.val if k not in ("step", "epoch", "time") and k not in names]
        preferred = str(self.metric_combo.currentData() or "")
        if preferred not in names:
            watches = [run.watch for run in runs if run.watch in names]
            preferred = max(set(watches), key=watches.count) if watches else (names[0] if names else "")
        self.metric_combo.blockSignals(True)
        self.metric_combo.clear()
        for name in names:
            self.metric_combo.addItem(core_text(name), name)
        self.metric_combo.setCurrentIndex(max(self.metric_combo.findData(preferred), 0))
        self.metric_combo.blockSignals(False)
        self.redraw()

    def _on_log_toggled(self, on: bool) -> None:
        self.loss_plot.setLogMode(y=on)
        self.redraw()

    def redraw(self) -> None:
        """Draw every run in its colour."""
        x_key = str(self.x_combo.currentData() or "step")
        metric = str(self.metric_combo.currentData() or "")
        while len(self.slots) < len(self.runs):
            self.slots.append(_Slot(self.loss_plot, self.metric_plot))
        entries = []
        log = self.log_box.isChecked()
        buckets = max(800, self.view.width())  # about a point pair per pixel column
        for i, (run, slot) in enumerate(zip(self.runs, self.slots)):
            colour = COLOURS[i % len(COLOURS)]
            x, y = np.asarray(run.train[x_key]), np.asarray(run.train["loss"])
            if log:
                keep = y > 0
                x, y = x[keep], y[keep]
            x, y = decimate(x, y, 0, len(y), buckets)
            # Not antialiased: a dense zigzag of wide smooth lines took 20 ms a curve to paint.
            slot.loss.setData(x, y, pen=pg.mkPen(colour, width=2), antialias=len(x) <= 2000)
            slot.loss.show()
            vx, vy = np.asarray(run.val.get(x_key, [])), np.asarray(run.val.get(metric, []), dtype=float)
            if len(vy):
                vx, vy = decimate(vx, vy, 0, len(vy), buckets)
                few = len(vy) <= 200  # a dot per evaluation while they can be told apart
                slot.metric.setData(vx, vy, pen=pg.mkPen(colour, width=2), symbol="o" if few else None,
                                    symbolSize=5, symbolBrush=colour, symbolPen=colour, antialias=few)
                slot.metric.show()
            else:
                slot.metric.hide()
            base = run.baseline.get(metric)
            if base is not None and math.isfinite(base):
                slot.baseline.setPen(pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine))
                slot.baseline.setValue(base)
                slot.baseline.show()
            else:
                slot.baseline.hide()
            self._place_marks(run, slot, x_key, colour)
            origin = translate("RunsOverlay", " (from {parent})").format(parent=Path(run.parent).name)
            name = html.escape(run.name + (origin if run.parent else ""))
            entries.append(f'<span style="color:{colour}; font-weight:600">&#9632; {name}</span>')
        for slot in self.slots[len(self.runs):]:
            slot.hide()
        hint = translate("RunsOverlay", "Select runs in the table to compare their curves.")
        self.legend.setText("\u00a0\u00a0 ".join(entries) if entries else hint)  # no-break spaces
        axis = translate("RunsOverlay", X_AXES[x_key]) if x_key in X_AXES else x_key
        self.loss_plot.setLabel("bottom", axis)
        self.metric_plot.setLabel("bottom", axis)
        self.metric_plot.setLabel("left", translate("RunsOverlay", "validation {metric}").format(
            metric=core_text(metric)) if metric else translate("RunsOverlay", "validation"))
        self.loss_plot.enableAutoRange()
        self.metric_plot.enableAutoRange()

    @staticmethod
    def _place_marks(run: RunCurves, slot: _Slot, x_key: str, colour: str) -> None:
        """Health marks at the loss curve's height where they began (steps mapped onto the x axis)."""
        steps, xs, losses = run.train["step"], run.train[x_key], run.train["loss"]
        spots = []
        for step, _code in run.marks:
            if not len(steps):
                break
            i = int(np.searchsorted(steps, step).clip(0, len(steps) - 1))
            spots.append({"pos": (xs[i], losses[i]), "brush": pg.mkBrush(colour), "pen": pg.mkPen("w")})
        slot.marks.setData(spots)
        slot.marks.setVisible(bool(spots))
