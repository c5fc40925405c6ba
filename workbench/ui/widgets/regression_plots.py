"""A regression model's test-set predictions: predicted against actual, and the residuals.

The points come from the run's summary (``summary["predictions"]``, see ``core.results``): up to
2,000 (actual, predicted) pairs in the target's own units.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from workbench.core.results import fit_scores, metric_label
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.charts import StaticPlot
from workbench.ui.widgets.fonts import plain_label, set_plain_text

MAX_NAME_CHARS = 30


def _short(name: str) -> str:
    return name if len(name) <= MAX_NAME_CHARS else name[: MAX_NAME_CHARS - 1] + "…"


class PredictionChart(StaticPlot):
    """Predicted against actual values with the y = x line; or, with ``residuals``, the error
    (actual minus predicted) against the prediction with the zero line."""

    def __init__(self, residuals: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.residuals = residuals
        self._x = self._y = np.empty(0)
        self._target = ""
        self.setMinimumSize(260, 240)

    def set_points(self, actual: np.ndarray, predicted: np.ndarray, target: str) -> None:
        """Show the pairs of ``target`` values (same-length arrays)."""
        self._x = predicted if self.residuals else actual
        self._y = actual - predicted if self.residuals else predicted
        self._target = _short(target)
        self.redraw()

    def point_count(self) -> int:
        """How many points are drawn."""
        return int(self._x.size)

    def redraw(self) -> None:
        """Draw the stored points with the current palette."""
        self.clear_items()
        if not self._x.size:
            return
        plot = self.getPlotItem()
        dots = QColor(self.accent())
        dots.setAlpha(150)  # overlapping points read as denser areas
        self.add(pg.ScatterPlotItem(self._x, self._y, size=6, pen=None, brush=pg.mkBrush(dots)))
        guide = pg.mkPen(self.fg(), width=1.5, style=Qt.PenStyle.DashLine)
        if self.residuals:
            plot.setTitle(translate("PredictionChart", "How far off: above the line the model guessed "
                                    "too low"), size="10pt")
            plot.setLabel("bottom", translate("PredictionChart", "predicted {target}").format(
                target=self._target))
            plot.setLabel("left", translate("PredictionChart", "actual minus predicted"))
            self.add(pg.InfiniteLine(pos=0.0, angle=0, pen=guide))
            plot.enableAutoRange()
            return
        plot.setTitle(translate("PredictionChart", "Predicted against actual: on the line is exactly right"),
                      size="10pt")
        plot.setLabel("bottom", translate("PredictionChart", "actual {target}").format(target=self._target))
        plot.setLabel("left", translate("PredictionChart", "predicted {target}").format(target=self._target))
        # Equal ranges on both axes, so the y = x line runs corner to corner and reads as 45°.
        lo, hi = float(min(self._x.min(), self._y.min())), float(max(self._x.max(), self._y.max()))
        self.add(pg.PlotDataItem([lo, hi], [lo, hi], pen=guide))
        plot.setXRange(lo, hi, padding=0.03)
        plot.setYRange(lo, hi, padding=0.03)


class RegressionPlots(QWidget):
    """A caption with R², MAE and RMSE, the predicted-vs-actual chart and the residual chart."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = plain_label()
        self.caption.setWordWrap(True)
        self.scatter = PredictionChart(residuals=False)
        self.residual = PredictionChart(residuals=True)
        charts = QHBoxLayout()
        charts.addWidget(self.scatter, 1)
        charts.addWidget(self.residual, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(charts, 1)

    def show_predictions(self, predictions: Mapping[str, Any], target: str, checkpoint: str) -> None:
        """Show ``summary["predictions"]`` of ``target`` made by ``checkpoint`` (in words)."""
        actual = np.asarray(predictions.get("actual") or [], dtype=np.float64)
        predicted = np.asarray(predictions.get("predicted") or [], dtype=np.float64)
        n = min(actual.size, predicted.size)
        actual, predicted = actual[:n], predicted[:n]
        for chart in (self.scatter, self.residual):
            chart.set_points(actual, predicted, target or translate("RegressionPlots", "target"))
        scores = fit_scores(actual, predicted)
        set_plain_text(self.caption, caption(predictions, n, target, checkpoint, scores))


def caption(predictions: Mapping[str, Any], n: int, target: str, checkpoint: str,
            scores: Mapping[str, float]) -> str:
    """'Test set, best checkpoint (step 644): all 206 rows. R² 0.867 · MAE 4.31 · RMSE 6.24 …'."""
    split = str(predictions.get("split", ""))
    total = int(predictions.get("rows") or n)
    if n >= total:
        rows = translate("RegressionPlots", "all {count} rows").format(count=f"{n:,}")
    else:
        rows = translate("RegressionPlots", "a random {count} of its {total} rows").format(
            count=f"{n:,}", total=f"{total:,}")
    if split == "val":
        where = translate("RegressionPlots", "Validation set, {checkpoint}: {rows}.")
    elif split == "train":
        where = translate("RegressionPlots", "Training set, {checkpoint}: {rows}.")
    else:
        where = translate("RegressionPlots", "Test set, {checkpoint}: {rows}.")
    numbers = "  ·  ".join(f"{core_text(metric_label(key))} {_number(scores[key])}"
                           for key in ("r2", "mae", "rmse"))
    if target:
        numbers = translate("RegressionPlots", "{scores} (MAE and RMSE in the units of '{target}').").format(
            scores=numbers, target=target)
    else:
        numbers += "."
    return translate("RegressionPlots", "{where}  {scores} R² is 1 for perfect predictions and 0 for always "
                     "guessing the average.").format(where=where.format(checkpoint=checkpoint, rows=rows),
                                                     scores=numbers)


def _number(value: float) -> str:
    """0.8661, 4.446, 12,345: four significant digits as in the headline, thousands written out."""
    if not np.isfinite(value):
        return "—"
    return f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.4g}"
