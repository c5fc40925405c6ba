"""Live training charts: loss (raw, smoothed, validation), metrics and learning rate.

Data lives in growing numpy buffers whose capacity doubles, never in Python lists: a training
point costs 4 float64 (step, loss, smoothed loss, learning rate) = 32 bytes, so 1,000,000 points
take 32 MB (16 MB per (x, y) pair). A buffer holds at most ``max_points`` rows (2,000,000 by
default, 64 MB); past that it keeps every second row, so memory stays bounded however long a
run is. Curves are redrawn by a single-shot timer, only when data arrived or the view moved, at
most 10 times a second. A redraw hands pyqtgraph only what the chart can show: the rows in view
(plus half a view either side, so a pan has something to show), reduced by ``series.decimate``
to each pixel's minimum and maximum, so a 1,000,000-point curve costs about as much to draw as
a 2,000-point one and the spike of a single bad batch stays visible.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QGraphicsItem, QHBoxLayout, QLabel, QMessageBox,
                               QPushButton, QSizePolicy, QSlider, QVBoxLayout, QWidget)

from workbench.ui.widgets.fonts import plain_text, set_plain_text
from workbench.core.series import Columns, Envelopes, bucket_size, decimate, ema_debiased, format_value, nearest_index

EXACT_ROWS = 4000
"""Up to this many training rows in range are drawn as they are; more are drawn decimated."""
VAL_LOSS_KEYS = ("val_loss", "loss")
"""Keys of an evaluation that hold the validation loss (first found wins); the rest are metrics."""
_NOT_METRICS = {"step", "kind", "type", "split", "epoch", "time", "best"}
HINT = "Hover a chart to read values · click the loss chart to pick a step · right-click to save"
THEMES = {
    "light": {"bg": "#ffffff", "fg": "#404040", "train": "#1f77b4", "val": "#e8710a", "lr": "#2e9e44",
              "cross": "#9a9a9a", "metrics": ["#2e9e44", "#d62728", "#9467bd", "#8c564b", "#17becf"]},
    "dark": {"bg": "#1e1f22", "fg": "#d4d4d4", "train": "#5fa8e8", "val": "#ffa040", "lr": "#6fd37f",
             "cross": "#8a8a8a", "metrics": ["#6fd37f", "#ff6b6b", "#c29ef0", "#d4a373", "#4dd8e6"]},
}


class _LossAxis(pg.AxisItem):
    """In log mode, label only 1, 2 and 5 times a power of ten: 0.7 0.8 0.9 1 would collide."""

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        """pyqtgraph's labels, blanked where the mantissa is not 1, 2 or 5."""
        strings = super().logTickStrings(values, scale, spacing)
        mantissas = [10 ** (v % 1) for v in values]
        keep = [min(abs(m - k) for k in (1, 2, 5, 10)) < 0.05 for m in mantissas]
        return [s if k else "" for s, k in zip(strings, keep)]


class _StepAxis(pg.AxisItem):
    """Step ticks that stay short: 200k and 1.5M when zoomed out, 400,012 when zoomed in."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:  # noqa: N802
        """Suffixes when ticks are at least 1,000 steps apart, digits with separators otherwise."""
        if spacing >= 1000 and max((abs(v) for v in values), default=0) >= 1e4:
            return [f"{v / 1e6:g}M" if abs(v) >= 1e6 else f"{v / 1e3:g}k" if v else "0" for v in values]
        if spacing >= 1:
            return [f"{round(v):,}" for v in values]
        return super().tickStrings(values, scale, spacing)


class LivePlots(QWidget):
    """Three X-linked charts: loss, metrics and learning rate, with smoothing and log controls.

    Feed it with ``append_train`` (arrays of steps, losses, learning rates) and ``append_eval``
    (one evaluation's metrics); ``load_history`` shows a finished run. ``sig_step_clicked(step)``
    is emitted when the user clicks the loss chart, with the nearest recorded step.
    """

    sig_step_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None, max_points: int = 2_000_000) -> None:
        super().__init__(parent)
        self._train = Columns(("step", "loss", "smooth", "lr"), max_points)
        self._evals: dict[str, Columns] = {}
        self._metric_keys: list[str] | None = None
        self._beta = 0.9
        self._log_y = False
        self._ema_state = (0.0, 0)
        self._dirty = False
        self._theme = ""
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(100)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._build_controls()
        self._glw = pg.GraphicsLayoutWidget(self)
        self.plots: dict[str, pg.PlotItem] = {}
        for row, (key, ylabel) in enumerate([("loss", "loss (nats)"), ("metrics", "metric"),
                                              ("lr", "learning rate")]):
            axes = {"bottom": _StepAxis("bottom"), **({"left": _LossAxis("left")} if key == "loss" else {})}
            plot = self._glw.addPlot(row=row, col=0, axisItems=axes)
            plot.setLabel("left", ylabel)
            plot.setLabel("bottom", "step")
            plot.showGrid(x=True, y=True, alpha=0.15)
            plot.getAxis("left").setWidth(64)
            for side in ("left", "bottom"):
                plot.getAxis(side).setStyle(maxTickLevel=1)  # the finest grid triples paint time
                plot.getAxis(side).enableAutoSIPrefix(False)  # 0.0003, not "300 (x1e-06)"
                # An axis paints its grid across the whole chart: ~1.5 ms each, every repaint (a
                # hover moves the crosshair). Cached as a pixmap, it is redrawn only when it changes.
                plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
            plot.hideButtons()
            if key != "loss":
                plot.setXLink(self.plots["loss"])
            self._add_menu_actions(key, plot)
            self.plots[key] = plot
            self._glw.ci.layout.setRowStretchFactor(row, {"loss": 5, "metrics": 3, "lr": 2}[key])
        loss = self.plots["loss"]
        self._legends = {"loss": loss.addLegend(offset=(-10, 10)),
                         "metrics": self.plots["metrics"].addLegend(offset=(-10, -10))}
        self.curves: dict[str, pg.PlotDataItem] = {
            "train": loss.plot(name="train (each step)"),
            "smooth": loss.plot(name="train (smoothed)"),
            "val": loss.plot(name="validation", symbol="o", symbolSize=7),
            "lr": self.plots["lr"].plot(),
        }
        # A transparent point at (first step, 0) makes the LR axis start at 0; a constant LR would
        # otherwise be centred in a -0.5..0.5 range and read as zero.
        self._lr_zero = self.plots["lr"].plot(pen=pg.mkPen(0, 0, 0, 0))
        self._metric_curves: dict[str, pg.PlotDataItem] = {}
        self._cross = {k: pg.InfiniteLine(angle=90, movable=False) for k in self.plots}
        for key, line in self._cross.items():
            self.plots[key].addItem(line, ignoreBounds=True)
            line.hide()
        self._marker = pg.PlotDataItem(symbol="o", symbolSize=9, pen=None)
        loss.addItem(self._marker, ignoreBounds=True)
        self._empty = pg.TextItem("No training data yet", anchor=(0.5, 0.5))
        loss.addItem(self._empty, ignoreBounds=True)
        self._empty.setPos(0.5, 0.5)
        for legend in self._legends.values():
            legend.hide()
        self._drawn: tuple[float, float, int] | None = None  # x span and bucket size on screen
        self._step_end = 0.0  # a live run's last step (0: unknown, fit the data)
        self._follow = True  # show all the data (False once the user zooms or pans)
        self._setting_range = False
        self._envelopes = Envelopes()
        loss.getViewBox().sigXRangeChanged.connect(self._on_x_range_changed)
        self._glw.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        self._glw.scene().sigMouseClicked.connect(self._on_scene_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._controls)
        layout.addWidget(self._readout)
        layout.addWidget(self._glw, 1)
        self._apply_theme()

    # ----------------------------------------------------------------- public API
    def append_train(self, steps: np.ndarray, losses: np.ndarray, lrs: np.ndarray | None = None) -> None:
        """Add training points (same-length arrays; ``lrs`` may be None). Redrawn within 0.1 s."""
        steps = np.asarray(steps, dtype=np.float64).ravel()
        losses = np.asarray(losses, dtype=np.float64).ravel()
        lrs = np.full(steps.size, np.nan) if lrs is None else np.asarray(lrs, dtype=np.float64).ravel()
        if not steps.size == losses.size == lrs.size:
            raise ValueError(f"steps, losses and lrs differ in length: {steps.size}, {losses.size}, "
                             f"{lrs.size}")
        if steps.size == 0:
            return
        if np.any(np.diff(steps) < 0):
            order = np.argsort(steps, kind="stable")
            steps, losses, lrs = steps[order], losses[order], lrs[order]
        # Steps at or before ones already shown (a resumed run) replace the old points from there.
        rewound = self._train.rewind(steps[0])
        if rewound:
            self._resmooth()
        smooth, self._ema_state = ema_debiased(losses, self._beta, self._ema_state)
        if self._train.append(steps, losses, smooth, lrs):
            self._resmooth()
        self._mark_dirty()

    def append_eval(self, step: int, metrics: dict[str, float]) -> None:
        """Add one evaluation: its validation loss goes to the loss chart, the rest to metrics."""
        for key, value in metrics.items():
            if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)):
                continue  # a text sample, a "best" flag: not a curve
            cols = self._evals.setdefault(str(key), Columns(("step", "value"), self._train.max_points))
            cols.rewind(float(step))  # a repeated or earlier step replaces what followed it
            cols.append(np.array([float(step)]), np.array([float(value)]))
        self._mark_dirty()

    def set_metric_keys(self, keys: list[str] | None) -> None:
        """Which evaluation keys the metrics chart shows (None: all but the validation loss)."""
        self._metric_keys = None if keys is None else [str(k) for k in keys]
        self._mark_dirty()

    def set_loss_label(self, text: str) -> None:
        """The loss axis label, e.g. "loss (nats)" or "loss (MSE)"."""
        self.plots["loss"].setLabel("left", text)

    def set_smoothing(self, beta: float) -> None:
        """Smoothing factor 0..0.999 (also moves the slider)."""
        self._slider.setValue(round(min(max(beta, 0.0), 0.999) * 1000))

    def smoothing(self) -> float:
        """The smoothing factor in use."""
        return self._beta

    def set_log_scale(self, on: bool) -> None:
        """Logarithmic loss axis on or off (also ticks the box)."""
        self._log_box.setChecked(on)

    def set_step_range(self, last_step: int) -> None:
        """A live run ends at ``last_step``: while following, the step axis spans 0..last_step.

        The curve then grows across a fixed axis, which shows how far the run is, and the axes
        need not be re-laid out at every redraw (that re-layout is most of a redraw's cost).
        """
        self._step_end = float(max(last_step, 0))
        self._follow = True
        self._mark_dirty()

    def clear(self) -> None:
        """Remove all data (and forget the run's step range)."""
        self._step_end = 0.0
        self._follow = True
        self._train.clear()
        self._envelopes.clear()
        self._evals.clear()
        self._ema_state = (0.0, 0)
        self._mark_dirty()
        self.redraw_now()

    def load_history(self, records: list[dict[str, Any]]) -> None:
        """Show a finished run from its metric records.

        These are the lines of a run's metrics.jsonl: ``{"kind": "train", "step", "loss", "lr"}``
        and ``{"kind": "eval", "step", "loss", "accuracy", ...}``. A record without "kind" is an
        evaluation if it has "val_loss" but no "loss", else a training point. Other records,
        and bookkeeping or non-numeric values (epoch, time, throughput, flags), are skipped.
        """
        self.clear()
        train: list[tuple[float, float, float]] = []
        for rec in records:
            if not isinstance(rec, dict) or not isinstance(rec.get("step"), (int, float)):
                continue
            kind = str(rec.get("kind", rec.get("type", ""))).lower()
            is_eval = kind in ("eval", "val", "validation", "evaluation")
            if is_eval or ("val_loss" in rec and "loss" not in rec):
                self.append_eval(int(rec["step"]), {k: v for k, v in rec.items() if k not in _NOT_METRICS})
            elif kind in ("", "train", "step") and isinstance(rec.get("loss"), (int, float)):
                lr = rec.get("lr")
                train.append((rec["step"], rec["loss"], lr if isinstance(lr, (int, float)) else math.nan))
        if train:
            arr = np.array(train, dtype=np.float64)
            self.append_train(arr[:, 0], arr[:, 1], arr[:, 2])
        self.redraw_now()
        self.fit_view()

    def fit_view(self) -> None:
        """Zoom every chart to show all of its data (and follow new data again)."""
        self._follow = True
        for plot in self.plots.values():
            plot.enableAutoRange()
        self._mark_dirty()
        self.redraw_now()

    def redraw_now(self) -> None:
        """Push pending data to the curves at once instead of at the next timer tick."""
        self._timer.stop()
        self._redraw()

    def export_png(self, path: str | Path, chart: str | None = None) -> Path:
        """Save ``chart`` ("loss", "metrics", "lr"; None: all three) as a 2x-resolution PNG."""
        self.redraw_now()
        item = self._glw.ci if chart is None else self.plots[chart]
        if item.sceneBoundingRect().width() < 2:
            self.grab()  # a never-shown widget gets its layout (and chart sizes) here
        rect = item.sceneBoundingRect()
        # Device pixel ratio 2, not a painter scale: pyqtgraph's legend ignores world transforms.
        image = QImage(max(int(rect.width() * 2), 1), max(int(rect.height() * 2), 1),
                       QImage.Format.Format_ARGB32)
        image.setDevicePixelRatio(2.0)
        image.fill(QColor(THEMES[self._theme]["bg"]))
        hidden = [c for c in [*self._cross.values(), self._marker] if c.isVisible()]
        for c in hidden:
            c.hide()
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        self._glw.scene().render(painter, QRectF(0, 0, rect.width(), rect.height()), rect)
        painter.end()
        for c in hidden:
            c.show()
        if not image.save(str(path), "PNG"):
            raise OSError(f"could not write the image {path}")
        return Path(path)

    def export_csv(self, path: str | Path, chart: str | None = None) -> Path:
        """Save the data of ``chart`` (None: every series) as CSV, one row per step."""
        self.redraw_now()
        series = self._series(chart)
        steps = np.unique(np.concatenate([s for _, s, _ in series])) if series else np.empty(0)
        table = np.full((steps.size, len(series) + 1), np.nan)
        table[:, 0] = steps
        for i, (_, s, v) in enumerate(series, start=1):
            table[np.searchsorted(steps, s), i] = v
        integral = bool(np.all(np.isfinite(steps)) and np.all(steps == np.round(steps)))
        fmt = ",".join(["%d" if integral else "%.10g"] + ["%.10g"] * len(series))
        # "%" formatting of whole rows is the fastest pure-Python way; "nan" only ever means empty.
        body = "\n".join([fmt % tuple(row) for row in table.tolist()]).replace("nan", "")
        header = ",".join(["step", *(name for name, _, _ in series)])
        Path(path).write_text(header + "\n" + body + ("\n" if body else ""), encoding="utf-8")
        return Path(path)

    # ----------------------------------------------------------------- internals
    def _build_controls(self) -> None:
        self._slider = QSlider(Qt.Orientation.Horizontal)
        self._slider.setRange(0, 999)
        self._slider.setValue(round(self._beta * 1000))
        # Shrinks before the window must grow: the charts share a 1280-px screen with a settings column.
        self._slider.setMinimumWidth(80)
        self._slider.setMaximumWidth(160)
        self._slider.setToolTip(plain_text("How strongly the bold loss line averages out the noise "
                                           "of single steps (0 = none)."))
        self._slider.valueChanged.connect(self._on_slider_value_changed)
        self._smooth_label = QLabel()
        self._log_box = QCheckBox("Log scale")
        self._log_box.setToolTip(plain_text("Logarithmic loss axis: late, small improvements "
                                            "become visible."))
        self._log_box.toggled.connect(self._on_log_box_toggled)
        self._controls = QHBoxLayout()
        self._controls.addWidget(QLabel("Smoothing"))
        self._controls.addWidget(self._slider)
        self._controls.addWidget(self._smooth_label)
        self._controls.addSpacing(12)
        self._controls.addWidget(self._log_box)
        self._controls.addStretch(1)
        for text, handler in [("Fit view", self.fit_view), ("Save PNG…", self._on_save_png_clicked),
                              ("Save CSV…", self._on_save_csv_clicked)]:
            button = QPushButton(text)
            button.clicked.connect(handler)
            self._controls.addWidget(button)
        self._readout = QLabel()
        # A long read-out is clipped, never allowed to widen the window.
        self._readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        set_plain_text(self._readout, HINT)
        self._on_slider_value_changed(self._slider.value())

    def _add_menu_actions(self, key: str, plot: pg.PlotItem) -> None:
        menu = plot.getViewBox().menu
        menu.addSeparator()
        menu.addAction("Save this chart as PNG…").triggered.connect(
            lambda *_a, k=key: self._on_save_png_clicked(chart=k))
        menu.addAction("Save this chart's data as CSV…").triggered.connect(
            lambda *_a, k=key: self._on_save_csv_clicked(chart=k))

    def _series(self, chart: str | None) -> list[tuple[str, np.ndarray, np.ndarray]]:
        t = self._train
        out = []
        if chart in (None, "loss"):
            out += [("train_loss", t.col("step"), t.col("loss")),
                    ("train_loss_smoothed", t.col("step"), t.col("smooth"))]
            vkey = self._val_key()
            if vkey:
                out.append((f"val_{vkey}" if vkey == "loss" else vkey, *self._eval_xy(vkey)))
        if chart in (None, "metrics"):
            keys = self._shown_metrics() if chart else [k for k in self._evals if k != self._val_key()]
            out += [(k, *self._eval_xy(k)) for k in keys]
        if chart in (None, "lr"):
            out.append(("learning_rate", t.col("step"), t.col("lr")))
        return [(n, s, v) for n, s, v in out if s.size]

    def _eval_xy(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        cols = self._evals[key]
        return cols.col("step"), cols.col("value")

    def _val_key(self) -> str | None:
        return next((k for k in VAL_LOSS_KEYS if k in self._evals), None)

    def _shown_metrics(self) -> list[str]:
        vkey = self._val_key()
        keys = self._metric_keys if self._metric_keys is not None else list(self._evals)
        return [k for k in keys if k in self._evals and k != vkey]

    def _resmooth(self) -> None:
        self._envelopes.clear()  # rows already drawn changed (a rewind, thinning, a new factor)
        smooth, self._ema_state = ema_debiased(self._train.col("loss"), self._beta)
        self._train.col("smooth")[:] = smooth

    def _mark_dirty(self) -> None:
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def _redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        t = self._train
        steps = t.col("step")
        self._place_steps(steps)
        start, stop, buckets = self._span(steps)
        short = stop - start <= 2 * buckets  # antialiasing a decimated curve is slow and looks no better
        whole = start == 0 and stop == len(t)
        # Raw losses keep each pixel's extremes (a bad batch's spike shows); smooth curves keep a mean.
        for key, column, mode in (("train", "loss", "peak"), ("smooth", "smooth", "mean"), ("lr", "lr", "mean")):
            y = t.col(column)
            xy = (self._envelopes.whole(key, steps, y, buckets, mode) if whole
                  else decimate(steps, y, start, stop, buckets, mode))
            self.curves[key].setData(*xy, antialias=short)
        self._drawn = (steps[start], steps[stop - 1], bucket_size(stop - start, buckets)) if len(t) else None
        vkey = self._val_key()
        val_xy = self._plottable(*self._eval_xy(vkey), self._log_y) if vkey else ([], [])
        self.curves["val"].setData(*val_xy, antialias=True)
        shown = self._shown_metrics()
        for key in [k for k in self._metric_curves if k not in shown]:
            self.plots["metrics"].removeItem(self._metric_curves.pop(key))
        for key in shown:
            if key not in self._metric_curves:
                self._metric_curves[key] = self.plots["metrics"].plot(
                    name=key.replace("_", " "), symbol="o", symbolSize=5, antialias=True)
                self._style_curves()
            self._metric_curves[key].setData(*self._plottable(*self._eval_xy(key)))
        if len(t):
            self._lr_zero.setData(steps[:1], [0.0])
        empty = len(t) == 0 and not self._evals
        self._empty.setVisible(empty)
        self._legends["loss"].setVisible(not empty)
        self._place_metric_legend(shown)

    def _following(self) -> bool:
        view_box = self.plots["loss"].getViewBox()
        return bool(view_box.autoRangeEnabled()[0]) or (self._step_end > 0 and self._follow)

    def _place_steps(self, steps: np.ndarray) -> None:
        """Following a live run of known length: the step axis spans 0..its last step."""
        if not (self._step_end > 0 and self._follow):
            return
        end = max(self._step_end, float(steps[-1]) if len(steps) else 0.0)
        view_box = self.plots["loss"].getViewBox()
        if view_box.autoRangeEnabled()[0] or view_box.viewRange()[0] != [0.0, end]:
            self._setting_range = True
            try:
                view_box.enableAutoRange(x=False)
                view_box.setXRange(0.0, end, padding=0)
            finally:
                self._setting_range = False

    def _span(self, steps: np.ndarray) -> tuple[int, int, int]:
        """Rows to draw (start, stop) and the bucket count for ``decimate``.

        Following the data: all of it, at about two points per pixel it covers. Zoomed or panned:
        the view plus half its width on either side, so a pan shows data at once and the next
        redraw fills in detail.
        """
        view_box = self.plots["loss"].getViewBox()
        pixels = max(int(view_box.width()), 400)
        n = len(steps)
        if n <= EXACT_ROWS:
            return 0, n, n
        if self._following():
            x0, x1 = view_box.viewRange()[0]
            share = (steps[-1] - steps[0]) / (x1 - x0) if x1 > x0 and not view_box.autoRangeEnabled()[0] else 1.0
            return 0, n, max(int(pixels * min(share, 1.0)), 100)
        x0, x1 = view_box.viewRange()[0]
        margin = (x1 - x0) / 2
        start = max(int(np.searchsorted(steps, x0 - margin)) - 1, 0)
        stop = min(int(np.searchsorted(steps, x1 + margin, side="right")) + 1, n)
        return start, stop, (2 * pixels if stop - start > EXACT_ROWS else stop - start)

    def _on_x_range_changed(self, *_args: object) -> None:
        """Zoom or pan: redraw unless what is on screen already covers the view at its detail."""
        if self._setting_range:
            return
        view_box = self.plots["loss"].getViewBox()
        if self._step_end > 0 and not view_box.autoRangeEnabled()[0]:
            self._follow = False  # the user moved the view: stop following until "Fit view"
        if self._drawn is None or not len(self._train):
            return
        steps = self._train.col("step")
        start, stop, buckets = self._span(steps)
        size = bucket_size(stop - start, buckets)
        x0, x1 = self.plots["loss"].getViewBox().viewRange()[0]
        first, last, drawn_size = self._drawn
        covered = first <= max(x0, steps[0]) and min(x1, steps[-1]) <= last
        if not covered or size != drawn_size:
            self._mark_dirty()

    @staticmethod
    def _plottable(x: np.ndarray, y: np.ndarray, log: bool = False) -> tuple[np.ndarray, np.ndarray]:
        """Only the points a curve with markers can draw: pyqtgraph's scatter warns on NaN."""
        keep = np.isfinite(y) & (y > 0) if log else np.isfinite(y)
        return x[keep], y[keep]

    def _place_metric_legend(self, shown: list[str]) -> None:
        """Legend top right, or bottom right when the metrics end high (accuracy rising)."""
        legend = self._legends["metrics"]
        legend.setVisible(bool(shown))
        values = [self._eval_xy(k)[1] for k in shown]
        finite = np.concatenate(values)[np.isfinite(np.concatenate(values))] if values else np.empty(0)
        ends = [v[-1] for v in values if np.isfinite(v[-1])]
        high = bool(ends) and float(np.mean(ends)) > (finite.min() + finite.max()) / 2
        corner = (1, 1) if high else (1, 0)
        legend.anchor(itemPos=corner, parentPos=corner, offset=(-10, -10 if high else 10))

    def _apply_theme(self) -> None:
        theme = "dark" if self.palette().color(QPalette.ColorRole.Window).lightness() < 128 else "light"
        if theme == self._theme:
            return
        self._theme = theme
        colors = THEMES[theme]
        self._glw.setBackground(colors["bg"])
        for plot in self.plots.values():
            for name in ("left", "bottom"):
                axis = plot.getAxis(name)
                axis.setPen(colors["fg"])
                axis.setTextPen(colors["fg"])
                axis.setLabel(axis.labelText, axis.labelUnits, color=colors["fg"])
        for legend in self._legends.values():
            legend.setLabelTextColor(colors["fg"])
            for _sample, label in legend.items:  # existing labels keep their colour until re-set
                label.setText(label.text, color=colors["fg"])
            backdrop = QColor(colors["bg"])
            backdrop.setAlpha(200)
            legend.setBrush(pg.mkBrush(backdrop))
        self._empty.setColor(colors["cross"])
        self._style_curves()

    def _style_curves(self) -> None:
        c = THEMES[self._theme]
        # Opaque and pre-blended with the background: translucent segments of a dense curve
        # pile up into a dark band that hides the smoothed line.
        line, bg, share = QColor(c["train"]), QColor(c["bg"]), 0.3 if self._theme == "light" else 0.45
        faint = QColor(*(round(share * a + (1 - share) * b) for a, b in
                         zip(line.getRgb()[:3], bg.getRgb()[:3])))
        self.curves["train"].setPen(pg.mkPen(faint, width=1))
        self.curves["smooth"].setPen(pg.mkPen(c["train"], width=2.5))
        self.curves["val"].setPen(pg.mkPen(c["val"], width=1.5))
        self.curves["val"].setSymbolBrush(c["val"])
        self.curves["val"].setSymbolPen(c["bg"])
        self.curves["lr"].setPen(pg.mkPen(c["lr"], width=1.5))
        for i, curve in enumerate(self._metric_curves.values()):
            color = c["metrics"][i % len(c["metrics"])]
            curve.setPen(pg.mkPen(color, width=2))
            curve.setSymbolBrush(color)
            curve.setSymbolPen(c["bg"])
        for line in self._cross.values():
            line.setPen(pg.mkPen(c["cross"], width=1, style=Qt.PenStyle.DashLine))
        self._marker.setSymbolBrush(c["train"])
        self._marker.setSymbolPen(c["bg"])

    def _plot_at(self, pos: QPointF) -> str | None:
        return next((k for k, p in self.plots.items() if p.getViewBox().sceneBoundingRect().contains(pos)),
                    None)

    def _step_near(self, x: float) -> int | None:
        """The recorded step nearest to ``x`` (training steps first, else evaluation steps)."""
        vkey = self._val_key()
        for steps in (self._train.col("step"), self._eval_xy(vkey)[0] if vkey else np.empty(0)):
            i = nearest_index(steps, x)
            if i is not None:
                return int(steps[i])
        return None

    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        key = self._plot_at(pos)
        if key is None or (len(self._train) == 0 and not self._evals):
            self._hide_hover()
            return
        x = self.plots[key].getViewBox().mapSceneToView(pos).x()
        parts = []
        t = self._train
        i = nearest_index(t.col("step"), x)
        if i is not None:
            step, loss, smooth = t.col("step")[i], t.col("loss")[i], t.col("smooth")[i]
            parts.append(f"step {int(step):,}   train loss {format_value(loss)}"
                         f"   smoothed {format_value(smooth)}"
                         f"   learning rate {format_value(t.col('lr')[i])}")
            self._marker.setData(*self._plottable(np.array([step]), np.array([smooth]), self._log_y))
            self._marker.show()
            x = step
        evals = []
        for name in [k for k in (self._val_key(),) if k] + self._shown_metrics():
            s, v = self._eval_xy(name)
            j = nearest_index(s, x)
            if j is not None:
                label = "validation loss" if name in VAL_LOSS_KEYS else name.replace("_", " ")
                evals.append(f"{label} {format_value(v[j])} (step {int(s[j]):,})")
        if evals:
            parts.append("evaluation: " + ", ".join(evals))
        for line in self._cross.values():
            line.setPos(x)
            line.show()
        set_plain_text(self._readout, "   ·   ".join(parts))

    def _hide_hover(self) -> None:
        for item in [*self._cross.values(), self._marker]:
            item.hide()
        set_plain_text(self._readout, HINT)

    def leaveEvent(self, event: QEvent) -> None:  # noqa: N802 (Qt override)
        """Hide the crosshair when the mouse leaves."""
        self._hide_hover()
        super().leaveEvent(event)

    def changeEvent(self, event: QEvent) -> None:  # noqa: N802
        """Follow a light/dark palette switch."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_theme()

    def _on_scene_clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._plot_at(event.scenePos()) != "loss":
            return
        x = self.plots["loss"].getViewBox().mapSceneToView(event.scenePos()).x()
        step = self._step_near(x)
        if step is not None:
            self.sig_step_clicked.emit(step)

    def _on_timer_timeout(self) -> None:
        self._redraw()

    def _on_slider_value_changed(self, value: int) -> None:
        self._beta = value / 1000
        self._smooth_label.setText(f"{self._beta:.3f}")
        if len(self._train):
            self._resmooth()
            self._mark_dirty()

    def _on_log_box_toggled(self, checked: bool) -> None:
        self._log_y = checked
        self._mark_dirty()  # first drop validation losses <= 0: a log axis cannot place them
        self.redraw_now()
        self.plots["loss"].setLogMode(y=checked)

    def _on_save_png_clicked(self, *_args: object, chart: str | None = None) -> None:
        self._save_with_dialog("png", chart)

    def _on_save_csv_clicked(self, *_args: object, chart: str | None = None) -> None:
        self._save_with_dialog("csv", chart)

    def _save_with_dialog(self, kind: str, chart: str | None) -> None:
        title = "Save chart as PNG" if kind == "png" else "Save chart data as CSV"
        pattern = "PNG image (*.png)" if kind == "png" else "CSV table (*.csv)"
        path, _ = QFileDialog.getSaveFileName(self, title, f"{chart or 'training'}.{kind}", pattern)
        if not path:
            return
        try:
            (self.export_png if kind == "png" else self.export_csv)(path, chart)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, "Could not save", plain_text(str(exc)))
