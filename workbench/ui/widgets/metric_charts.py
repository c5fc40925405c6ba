"""The training charts' metrics: one chart per scale, between the loss and learning-rate charts.

R² (1 is perfect) and an MAE of 30 on one axis make R² a flat line at the bottom; so metrics of
different scales (``core.results.metric_groups``) get charts of their own, each labelled with
what it shows. Accuracy and F1 share one: the same scale, and a legend names them.

The baseline (``core.baseline``: a simple model fitted on the same training rows) is a dashed
level on its metric's chart at its validation score, captioned, so a curve that stays under it
says at a glance that the network does no better than the simple model.
"""

from __future__ import annotations

import html

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt

from workbench.core.curve_history import CurveHistory, plottable
from workbench.core.events import Baseline
from workbench.core.results import MetricGroup, metric_label
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.plot_style import add_chart, link_steps

BASELINE_COLOUR = "#8a8a8a"  # a grey that reads on the light and the dark theme alike
BASELINE_CAPTION_AT = 0.03  # along the level, from the left: the curves end on the right


class MetricCharts:
    """The metric charts in ``row`` of the training charts' ``grid``, their steps the loss chart's.

    ``plots`` (keyed "metrics:<scale>"), ``curves`` (keyed by metric), ``legends`` and ``cross``
    (the hover lines) hold what is drawn; ``sync`` rebuilds them when the scales change.
    """

    def __init__(self, grid: pg.GraphicsLayout, row: int, loss: pg.PlotItem) -> None:
        self._grid, self._row, self._loss = grid, row, loss
        self.layout = grid.addLayout(row=row, col=0)
        self.layout.setContentsMargins(0, 0, 0, 0)
        grid.layout.setRowStretchFactor(row, 0)
        self.groups: list[MetricGroup] = []
        self.plots: dict[str, pg.PlotItem] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        self.legends: dict[str, pg.LegendItem] = {}
        self.cross: dict[str, pg.InfiniteLine] = {}
        self._floored: set[str] = set()  # charts whose lower edge is held at their floor
        self.levels: dict[str, pg.InfiniteLine] = {}  # the baseline's dashed level of each chart
        self._baseline: tuple[Baseline, str] | None = None

    def sync(self, groups: list[MetricGroup]) -> bool:
        """One chart per group, top to bottom; rebuilt only when the groups change (a new run,
        other metric keys). True when rebuilt: the new charts want colours and menus."""
        if groups == self.groups:
            return False
        for plot in self.plots.values():
            plot.setXLink(None)
        self.layout.clear()
        for store in (self.plots, self.curves, self.legends, self.cross, self.levels):
            store.clear()
        self._floored.clear()
        self.groups = list(groups)
        for row, group in enumerate(groups):
            key = f"metrics:{group.scale}"
            # Two lines: the charts are short, and "perplexity (lower is better)" is longer than one.
            names = translate("MetricCharts", ", ").join(core_text(metric_label(k)) for k in group.keys)
            note = core_text(group.note)
            label = html.escape(names) + (f"<br>({html.escape(note)})" if note else "")
            plot = self.plots[key] = add_chart(self.layout, row, label, log_axis=False)
            link_steps(plot, self._loss)
            plot.getAxis("bottom").showLabel(False)  # the bottom chart's "step" names every step axis
            if len(group.keys) > 1:  # one metric: the axis label names it
                self.legends[key] = plot.addLegend(offset=(-10, -10))
            for name in group.keys:
                self.curves[name] = plot.plot(name=core_text(metric_label(name)), symbol="o", symbolSize=5,
                                              antialias=True)
            self.cross[key] = pg.InfiniteLine(angle=90, movable=False)
            plot.addItem(self.cross[key], ignoreBounds=True)
            self.cross[key].hide()
            # The level widens the chart's range (no ignoreBounds): a baseline above the curve shows.
            level = self.levels[key] = pg.InfiniteLine(
                angle=0, movable=False, pen=pg.mkPen(BASELINE_COLOUR, width=1.5, style=Qt.PenStyle.DashLine),
                label="", labelOpts={"position": BASELINE_CAPTION_AT, "anchors": [(0, 0), (0, 1)],
                                     "color": BASELINE_COLOUR})
            plot.addItem(level)
            level.hide()
        self._show_baseline()
        self._grid.layout.setRowStretchFactor(self._row, 3 * len(groups))
        # Sized now, not at the next pass of the event loop: an export may follow at once.
        self._grid.layout.activate()
        return True

    def set_baseline(self, baseline: Baseline | None, metric: str = "") -> None:
        """Draw ``baseline``'s validation ``metric`` as a dashed level on its chart (None: none)."""
        self._baseline = (baseline, metric) if baseline is not None else None
        self._show_baseline()

    def baseline_level(self) -> tuple[str, float, str] | None:
        """The level shown: (its chart's key, its value, its caption); None when none is shown."""
        return next(((key, float(line.value()), line.label.toPlainText()) for key, line in self.levels.items()
                     if line.isVisible()), None)

    def _show_baseline(self) -> None:
        for line in self.levels.values():
            line.hide()
        if self._baseline is None:
            return
        baseline, metric = self._baseline
        value = baseline.val.get(metric)
        group = next((g for g in self.groups if metric in g.keys), None)
        if value is None or not np.isfinite(value) or group is None:
            return
        line = self.levels[f"metrics:{group.scale}"]
        line.setValue(value)
        caption = translate("MetricCharts", "{model}: {metric} {value} (validation)")
        line.label.setPlainText(caption.format(model=core_text(baseline.description),
                                               metric=core_text(metric_label(metric)), value=f"{value:.3g}"))
        line.show()

    def draw(self, history: CurveHistory) -> None:
        """Hand each curve its points; hold floors and place the legends."""
        held = set(history.eval_keys())
        for key, curve in self.curves.items():
            curve.setData(*(plottable(*history.eval_xy(key)) if key in held else ([], [])))
        for group in self.groups:
            shown = [k for k in group.keys if k in held]
            self._hold_floor(group, history, shown)
            self._place_legend(f"metrics:{group.scale}", history, shown)

    def _hold_floor(self, group: MetricGroup, history: CurveHistory, keys: list[str]) -> None:
        """Keep a chart's lower edge at its floor (R²: -1) while its values go below it."""
        if group.floor is None or not keys:
            return
        key = f"metrics:{group.scale}"
        values = np.concatenate([history.eval_xy(k)[1] for k in keys])
        values = values[np.isfinite(values)]
        if not values.size:
            return
        box = self.plots[key].getViewBox()
        if values.min() < group.floor:
            self._floored.add(key)
            box.setYRange(group.floor, max(float(values.max()), group.floor + 0.1), padding=0.05)
        elif key in self._floored:
            self._floored.discard(key)
            box.enableAutoRange(y=True)

    def _place_legend(self, key: str, history: CurveHistory, shown: list[str]) -> None:
        """Legend top right, or bottom right when the metrics end high (accuracy rising)."""
        legend = self.legends.get(key)
        if legend is None:
            return
        legend.setVisible(bool(shown))
        high = history.metrics_end_high(shown)
        corner = (1, 1) if high else (1, 0)
        legend.anchor(itemPos=corner, parentPos=corner, offset=(-10, -10 if high else 10))
