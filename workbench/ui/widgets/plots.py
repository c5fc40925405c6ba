"""Live training charts: loss (raw, smoothed, validation), metrics and learning rate.

The points live in a Qt-free ``core.curve_history.CurveHistory``; this widget draws them and shows the hover
read-out (colours and axes: ``plot_style``; the step axis of a live run and the rows in view: ``plot_view``;
one metric chart per scale, so R² and MAE do not share an axis: ``metric_charts``; where a health warning
began: ``chart_marks``). Curves are redrawn by a single-shot timer, only when data arrived or the view
moved, at most 10 times a second. A redraw hands pyqtgraph only what the chart can show: the rows in view
(plus half a view either side, so a pan has something to show), reduced by ``series.decimate`` to each
pixel's minimum and maximum, so a 1,000,000-point curve costs about as much to draw as a 2,000-point one and
the spike of a single bad batch stays visible.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from workbench.core.curve_history import CurveHistory, plottable
from workbench.core.events import EvalPoint, TrainPoint
from workbench.core.series import Envelopes, bucket_size, decimate
from workbench.ui.i18n import translate
from workbench.ui.widgets.chart_marks import ChartMarks
from workbench.ui.widgets.fonts import plain_message, plain_text, set_plain_text
from workbench.ui.widgets.heatmap import render_png
from workbench.ui.widgets.metric_charts import MetricCharts
from workbench.ui.widgets.plot_style import THEMES, add_chart, apply_theme, link_steps, style_curves, theme_of
from workbench.ui.widgets.plot_texts import HINT as HINT
from workbench.ui.widgets.plot_texts import hint, readout_text, save_dialog_texts
from workbench.ui.widgets.plot_view import StepView


class LivePlots(QWidget):
    """X-linked charts: loss, one per metric scale and learning rate, with smoothing and log controls.

    Feed it run events with ``append_points`` (or arrays with ``append_train`` and one evaluation
    with ``append_eval``); ``load_history`` shows a finished run. ``history`` holds the points;
    ``marks`` the loss chart's health marks (``ChartMarks``), which ``clear`` removes too.
    ``sig_step_clicked(step)`` is emitted when the user clicks the loss chart, with the nearest
    recorded step.
    """

    sig_step_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None, max_points: int = 2_000_000) -> None:
        super().__init__(parent)
        self.history = CurveHistory(max_points)
        self._log_y = self._dirty = False
        self.forced_theme = ""  # a theme whatever the palette ("presenter"); applied on a PaletteChange
        self._theme = ""
        self._timer = QTimer(self, singleShot=True, interval=100)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._build_controls()
        self._glw = pg.GraphicsLayoutWidget(self)
        self.plots: dict[str, pg.PlotItem] = {}  # "loss" and "lr"; the metric charts are in ``metrics``
        loss = self.plots["loss"] = add_chart(self._glw.ci, 0, translate("LivePlots", "loss (nats)"), True)
        self.metrics = MetricCharts(self._glw.ci, 1, loss)
        self.plots["lr"] = add_chart(self._glw.ci, 2, translate("LivePlots", "learning rate"), False)
        link_steps(self.plots["lr"], loss)
        loss.getAxis("bottom").showLabel(False)  # the bottom chart's "step" names every step axis
        for key, plot in self.plots.items():
            self._add_menu_actions(key, plot)
        for row, stretch in ((0, 5), (2, 2)):
            self._glw.ci.layout.setRowStretchFactor(row, stretch)
        self._legends = {"loss": loss.addLegend(offset=(-10, 10))}
        self.curves: dict[str, pg.PlotDataItem] = {
            "train": loss.plot(name=translate("LivePlots", "train (each step)")),
            "smooth": loss.plot(name=translate("LivePlots", "train (smoothed)")),
            "val": loss.plot(name=translate("LivePlots", "validation"), symbol="o", symbolSize=7),
            "lr": self.plots["lr"].plot(),
        }
        # A transparent point at (first step, 0) makes the LR axis start at 0; a constant LR would
        # otherwise be centred in a -0.5..0.5 range and read as zero.
        self._lr_zero = self.plots["lr"].plot(pen=pg.mkPen(0, 0, 0, 0))
        self._cross = {k: pg.InfiniteLine(angle=90, movable=False) for k in self.plots}
        for key, line in self._cross.items():
            self.plots[key].addItem(line, ignoreBounds=True)
            line.hide()
        self._marker = pg.PlotDataItem(symbol="o", symbolSize=9, pen=None)
        loss.addItem(self._marker, ignoreBounds=True)
        self.marks = ChartMarks(loss)
        self._empty = pg.TextItem(translate("LivePlots", "No training data yet"), anchor=(0.5, 0.5))
        loss.addItem(self._empty, ignoreBounds=True)
        self._empty.setPos(0.5, 0.5)
        self._legends["loss"].hide()
        self._view = StepView(loss.getViewBox(), lambda: self.history.train.col("step"), self._mark_dirty)
        self._envelopes = Envelopes()
        self._revision = self.history.revision  # of the rows the envelopes were made from
        self._glw.scene().sigMouseMoved.connect(self._on_scene_mouse_moved)
        self._glw.scene().sigMouseClicked.connect(self._on_scene_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(self._controls)
        layout.addWidget(self.readout)
        layout.addWidget(self._glw, 1)
        self._apply_theme()

    # ----------------------------------------------------------------- public API
    def append_points(self, points: Iterable[TrainPoint | EvalPoint]) -> None:
        """Add run events (training points and evaluations). Redrawn within 0.1 s."""
        self.history.add_points(points)
        self._mark_dirty()

    def append_train(self, steps: np.ndarray, losses: np.ndarray, lrs: np.ndarray | None = None) -> None:
        """Add training points (same-length arrays; ``lrs`` may be None). Redrawn within 0.1 s."""
        self.history.add_train(steps, losses, lrs)
        self._mark_dirty()

    def append_eval(self, step: int, metrics: Mapping[str, object]) -> None:
        """Add one evaluation: its validation loss goes to the loss chart, the rest to metrics."""
        self.history.add_eval(step, metrics)
        self._mark_dirty()

    def load_history(self, points: Iterable[TrainPoint | EvalPoint]) -> None:
        """Show a finished run from its points (``core.history`` reads them from its folder)."""
        self.clear()
        self.history.add_points(points)
        self._mark_dirty()
        self.redraw_now()
        self.fit_view()

    def set_metric_keys(self, keys: list[str] | None) -> bool:
        """Which evaluation keys the metrics chart shows (None: all but the validation loss); False
        when they were those already."""
        keys = None if keys is None else [str(k) for k in keys]
        if keys == self.history.metric_keys:
            return False
        self.history.metric_keys = keys
        self._mark_dirty()
        return True

    def set_loss_label(self, text: str) -> None:
        """The loss axis label, e.g. "loss (nats)" or "loss (MSE)"."""
        self.plots["loss"].setLabel("left", text)

    def set_smoothing(self, beta: float) -> None:
        """Smoothing factor 0..0.999 (also moves the slider)."""
        self._slider.setValue(round(min(max(beta, 0.0), 0.999) * 1000))

    def smoothing(self) -> float:
        """The smoothing factor in use."""
        return self.history.smoothing

    def set_log_scale(self, on: bool) -> None:
        """Logarithmic loss axis on or off (also ticks the box)."""
        self._log_box.setChecked(on)

    def set_step_range(self, last_step: int) -> None:
        """A live run ends at ``last_step``: while following, the step axis spans 0..last_step."""
        self._view.set_end(last_step)
        self._mark_dirty()

    def clear(self) -> None:
        """Remove all data, health marks and hover read-out (and forget the run's step range and zoom)."""
        self._view.set_end(0)
        self.history.clear()
        self.marks.clear()
        self._hide_hover()
        for plot in self._charts().values():  # no data fits no range: the last run's would stay
            plot.getViewBox().setRange(xRange=(0, 1), yRange=(0, 1), padding=0)
        self._autorange()
        self._mark_dirty()
        self.redraw_now()

    def fit_view(self) -> None:
        """Zoom every chart to show all of its data (and follow new data again)."""
        self._view.follow = True
        self._autorange()
        self._mark_dirty()
        self.redraw_now()

    def redraw_now(self) -> None:
        """Push pending data to the curves at once instead of at the next timer tick."""
        self._timer.stop()
        self._redraw()

    def export_png(self, path: str | Path, chart: str | None = None) -> Path:
        """Save ``chart`` ("loss", "lr", "metrics" (every metric chart) or a metric chart's key; None:
        all) as a 2x-resolution PNG."""
        self.redraw_now()
        item = (self._glw.ci if chart is None else self.metrics.layout if chart == "metrics"
                else self._charts()[chart])
        if min(item.sceneBoundingRect().width(), item.sceneBoundingRect().height()) < 2:
            self.grab()  # a never-shown widget (or a new chart) gets its layout and size here
        hidden = [c for c in [*self._cross_lines(), self._marker] if c.isVisible()]
        for c in hidden:
            c.hide()
        try:
            return render_png(self._glw.scene(), item.sceneBoundingRect(), path,
                              QColor(THEMES[self._theme]["bg"]))
        finally:
            for c in hidden:
                c.show()

    def export_csv(self, path: str | Path, chart: str | None = None) -> Path:
        """Save the data of ``chart`` (None: every series) as CSV, one row per step."""
        self.redraw_now()
        Path(path).write_text(self.history.csv_text(chart), encoding="utf-8")
        return Path(path)

    # ----------------------------------------------------------------- internals
    def _build_controls(self) -> None:
        self._slider = QSlider(Qt.Orientation.Horizontal)
        self._slider.setRange(0, 999)
        self._slider.setValue(round(self.history.smoothing * 1000))
        # Shrinks before the window must grow: the charts share a 1280-px screen with a settings column.
        self._slider.setMinimumWidth(80)
        self._slider.setMaximumWidth(160)
        self._slider.setToolTip(plain_text(translate("LivePlots", "How strongly the bold loss line averages "
                                                     "out the noise of single steps (0 = none).")))
        self._slider.valueChanged.connect(self._on_slider_value_changed)
        self._smooth_label = QLabel()
        self._log_box = QCheckBox(translate("LivePlots", "Log scale"))
        self._log_box.setToolTip(plain_text(translate("LivePlots", "Logarithmic loss axis: late, small "
                                                      "improvements become visible.")))
        self._log_box.toggled.connect(self._on_log_box_toggled)
        self._controls = QHBoxLayout()
        self._controls.addWidget(QLabel(translate("LivePlots", "Smoothing")))
        self._controls.addWidget(self._slider)
        self._controls.addWidget(self._smooth_label)
        self._controls.addSpacing(12)
        self._controls.addWidget(self._log_box)
        self._controls.addStretch(1)
        for text, handler in [(translate("LivePlots", "Fit view"), self.fit_view),
                              (translate("LivePlots", "Save PNG…"), self._on_save_png_clicked),
                              (translate("LivePlots", "Save CSV…"), self._on_save_csv_clicked)]:
            button = QPushButton(text)
            button.clicked.connect(handler)
            self._controls.addWidget(button)
        self.readout = QLabel()
        # A long read-out is clipped, never allowed to widen the window.
        self.readout.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        set_plain_text(self.readout, hint())
        self._on_slider_value_changed(self._slider.value())

    def _add_menu_actions(self, key: str, plot: pg.PlotItem) -> None:
        menu = plot.getViewBox().menu
        menu.addSeparator()
        menu.addAction(translate("LivePlots", "Save this chart as PNG…")).triggered.connect(
            lambda *_a, k=key: self._on_save_png_clicked(chart=k))
        menu.addAction(translate("LivePlots", "Save this chart's data as CSV…")).triggered.connect(
            lambda *_a, k=key: self._on_save_csv_clicked(chart=k))

    def _mark_dirty(self) -> None:
        self._dirty = True
        if not self._timer.isActive():
            self._timer.start()

    def _redraw(self) -> None:
        if not self._dirty:
            return
        self._dirty = False
        h = self.history
        t = h.train
        if h.revision != self._revision:  # rows already drawn changed (a rewind, thinning, a new factor)
            self._envelopes.clear()
            self._revision = h.revision
        steps = t.col("step")
        self._view.place(steps)
        start, stop, buckets = self._view.span(steps)
        short = stop - start <= 2 * buckets  # antialiasing a decimated curve is slow and looks no better
        whole = start == 0 and stop == len(t)
        # Raw losses keep each pixel's extremes (a bad batch's spike shows); smooth curves keep a mean.
        for key, column, mode in (("train", "loss", "peak"), ("smooth", "smooth", "mean"),
                                  ("lr", "lr", "mean")):
            y = t.col(column)
            xy = (self._envelopes.whole(key, steps, y, buckets, mode) if whole
                  else decimate(steps, y, start, stop, buckets, mode))
            self.curves[key].setData(*xy, antialias=short)
        self._view.drawn = ((steps[start], steps[stop - 1], bucket_size(stop - start, buckets))
                            if len(t) else None)
        vkey = h.val_key()
        val_xy = plottable(*h.eval_xy(vkey), self._log_y) if vkey else ([], [])
        self.curves["val"].setData(*val_xy, antialias=True)
        if self.metrics.sync(h.metric_groups()):
            for key, plot in self.metrics.plots.items():
                self._add_menu_actions(key, plot)
            if self._theme:
                self._paint()
        self.metrics.draw(h)
        if len(t):
            self._lr_zero.setData(steps[:1], [0.0])
        self._empty.setVisible(not h.has_data())
        self._legends["loss"].setVisible(h.has_data())

    def _charts(self) -> dict[str, pg.PlotItem]:
        """Every chart by key: "loss", "lr" and each metric chart."""
        return {**self.plots, **self.metrics.plots}

    def _cross_lines(self) -> list[pg.InfiniteLine]:
        return [*self._cross.values(), *self.metrics.cross.values()]

    def _autorange(self) -> None:
        """Every chart fits its values; the loss chart fits the steps, which the others follow."""
        for key, plot in self._charts().items():
            plot.enableAutoRange(x=key == "loss", y=True)

    def _apply_theme(self) -> None:
        theme = self.forced_theme or theme_of(self.palette())
        if theme == self._theme:
            return
        self._theme = theme
        self._paint()

    def _paint(self) -> None:
        apply_theme(self._theme, self._glw, list(self._charts().values()),
                    [*self._legends.values(), *self.metrics.legends.values()], self._empty)
        self._style_curves()
        self.marks.set_theme(self._theme)

    def _style_curves(self) -> None:
        style_curves(self._theme, self.curves, list(self.metrics.curves.values()), self._cross_lines(),
                     self._marker)

    def _plot_at(self, pos: QPointF) -> str | None:
        return next((k for k, p in self._charts().items()
                     if p.getViewBox().sceneBoundingRect().contains(pos)), None)

    def _on_scene_mouse_moved(self, pos: QPointF) -> None:
        key = self._plot_at(pos)
        if key is None or not self.history.has_data():
            self._hide_hover()
            return
        text, x, smooth = self.history.hover(self._charts()[key].getViewBox().mapSceneToView(pos).x())
        if smooth is not None:
            self._marker.setData(*plottable(np.array([x]), np.array([smooth]), self._log_y))
            self._marker.show()
        for line in self._cross_lines():
            line.setPos(x)
            line.show()
        set_plain_text(self.readout, readout_text(text))

    def _hide_hover(self) -> None:
        self._marker.setData([], [])  # a switch to a log axis must not meet a value <= 0 here
        for item in [*self._cross_lines(), self._marker]:
            item.hide()
        set_plain_text(self.readout, hint())

    def leaveEvent(self, event: QEvent) -> None:
        """Hide the crosshair when the mouse leaves."""
        self._hide_hover()
        super().leaveEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Follow a light/dark palette switch."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_theme()

    def _on_scene_clicked(self, event: Any) -> None:
        if event.button() != Qt.MouseButton.LeftButton or self._plot_at(event.scenePos()) != "loss":
            return
        x = self.plots["loss"].getViewBox().mapSceneToView(event.scenePos()).x()
        step = self.history.step_near(x)
        if step is not None:
            self.sig_step_clicked.emit(step)

    def _on_timer_timeout(self) -> None:
        self._redraw()

    def _on_slider_value_changed(self, value: int) -> None:
        self.history.set_smoothing(value / 1000)
        self._smooth_label.setText(f"{self.history.smoothing:.3f}")
        if len(self.history):
            self._mark_dirty()

    def _on_log_box_toggled(self, checked: bool) -> None:
        self._log_y = checked
        self._hide_hover()
        self._mark_dirty()  # first drop validation losses <= 0: a log axis cannot place them
        self.redraw_now()
        self.plots["loss"].setLogMode(y=checked)

    def _on_save_png_clicked(self, *_args: object, chart: str | None = None) -> None:
        self._save_with_dialog("png", chart)

    def _on_save_csv_clicked(self, *_args: object, chart: str | None = None) -> None:
        self._save_with_dialog("csv", chart)

    def _save_with_dialog(self, kind: str, chart: str | None) -> None:
        title, pattern = save_dialog_texts(kind)
        path, _ = QFileDialog.getSaveFileName(self, title, f"{chart or 'training'}.{kind}", pattern)
        if not path:
            return
        try:
            (self.export_png if kind == "png" else self.export_csv)(path, chart)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self, translate("LivePlots", "Could not save"), plain_message(exc))
