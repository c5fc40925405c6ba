"""A classifier's ROC and precision-recall curves, side by side, with their areas in the legends.

Fed by the predictions a run keeps (``core.class_predictions``); the numbers are ``core.curves``'s.
A binary classifier shows one curve of each kind. With more classes, a selector shows the two
averages, every class, or one class against its macro average; the diagonal (ROC) and the class's
share of the rows (PR) mark what guessing would score.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from workbench.core import class_predictions
from workbench.core.class_predictions import ClassPredictions
from workbench.core.curves import MACRO, MICRO, ClassCurves, class_curves, curves_csv
from workbench.core.errors import CheckpointError
from workbench.core.report_sections import curve_charts
from workbench.core.results import checkpoint_name
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.chart_export import ChartExport
from workbench.ui.widgets.charts import StaticPlot
from workbench.ui.widgets.fonts import plain_label, set_plain_text
from workbench.ui.widgets.plot_style import THEMES, theme_of

AVERAGES, EVERY_CLASS = "Averages (macro and micro)", "Every class"
MAX_LEGEND = 10  # "Every class" with more classes than this draws them without legend entries


def load_curves(run_dir: str, summary: Mapping[str, Any]) -> tuple[ClassPredictions, ClassCurves] | None:
    """The predictions kept in ``run_dir`` for the ``summary`` shown, and their curves; None when
    it has none or they are not this summary's (a damaged file is left unshown: the curves are a
    bonus). Reads a file and sorts every score: call it on the background pool."""
    curves = summary.get("curves") or {}
    if not run_dir or not curves:
        return None
    try:
        kept = class_predictions.load(run_dir)
    except CheckpointError:
        return None
    if kept is None or kept.step != curves.get("step") or not len(kept.actual):
        return None
    return kept, class_curves(kept.actual, kept.probabilities, kept.classes)


class CurveChart(StaticPlot):
    """One kind of curve ("roc" or "pr") on a unit square, with a legend."""

    def __init__(self, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = kind
        self._curves: list[tuple[str, np.ndarray, np.ndarray, bool]] = []
        self._guide: tuple[np.ndarray, np.ndarray] | None = None
        self._stale = False  # curves given while hidden, drawn when shown
        self.legend = self.getPlotItem().addLegend(offset=(-8, 8) if kind == "roc" else (-8, -8))
        self.setMinimumSize(300, 280)

    def set_curves(self, curves: list[tuple[str, np.ndarray, np.ndarray, bool]],
                   guide: tuple[np.ndarray, np.ndarray] | None) -> None:
        """Draw ``(legend text, x, y, bold)`` curves and the dashed "guessing" ``guide`` line (when the
        chart is next shown, if it is hidden: a run that ends shows another tab first)."""
        self._curves, self._guide = curves, guide
        self._stale = True
        if self.isVisible():
            self.draw_now()

    def draw_now(self) -> None:
        """Draw what ``set_curves`` gave, if it is not drawn yet (before an export)."""
        if self._stale:
            self._stale = False
            self.redraw()

    def showEvent(self, event: QShowEvent) -> None:
        """Draw curves given while hidden."""
        super().showEvent(event)
        self.draw_now()

    def labels(self) -> list[str]:
        """The legend texts of the curves drawn."""
        return [label for label, *_rest in self._curves]

    def redraw(self) -> None:
        """Draw the stored curves with the current palette."""
        self.clear_items()
        self.legend.clear()
        self.legend.setLabelTextColor(self.fg())
        backdrop = self.palette().color(QPalette.ColorRole.Base)
        backdrop.setAlpha(210)  # the legend sits over the curves' empty corner, readable over a line
        self.legend.setBrush(pg.mkBrush(backdrop))
        plot = self.getPlotItem()
        roc = self.kind == "roc"
        plot.setTitle(translate("CurveChart", "ROC: true against false positives") if roc else
                      translate("CurveChart", "Precision against recall"), size="10pt")
        plot.setLabel("bottom", translate("CurveChart", "false-positive rate") if roc else
                      translate("CurveChart", "recall"))
        plot.setLabel("left", translate("CurveChart", "true-positive rate") if roc else
                      translate("CurveChart", "precision"))
        plot.setXRange(0, 1, padding=0.02)
        plot.setYRange(0, 1, padding=0.02)
        plot.showGrid(x=True, y=True, alpha=0.15)
        if self._guide is not None:
            dashed = pg.mkPen(self.fg(), width=1, style=Qt.PenStyle.DashLine)
            self.add(pg.PlotDataItem(*self._guide, pen=dashed))
        colors = THEMES[theme_of(self.palette())]
        palette = [colors["train"], colors["val"], *colors["metrics"]]
        named = len(self._curves) <= MAX_LEGEND
        for i, (label, x, y, bold) in enumerate(self._curves):
            pen = pg.mkPen(palette[i % len(palette)], width=2.5 if bold else 1.5)
            self.add(pg.PlotDataItem(x, y, pen=pen, name=label if named else None, connect="finite"))


class RocPrView(QWidget):
    """ROC and PR charts of a run's kept predictions, a class selector, and export buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.curves: ClassCurves | None = None
        self.predictions: ClassPredictions | None = None
        self.caption = plain_label()
        self.caption.setWordWrap(True)
        self.selector = QComboBox()
        self.selector.setToolTip(translate("RocPrView", "Which curves to show: the averages over the "
                                           "classes, every class, or one class against the rest"))
        self.selector.currentIndexChanged.connect(self._on_selector_changed)
        self.selector_label = QLabel(translate("RocPrView", "Show:"))
        self.roc = CurveChart("roc")
        self.pr = CurveChart("pr")
        self.roc_export = ChartExport(self.roc, lambda: "roc-curve", lambda: self.csv_text("roc"),
                                      lambda: self.svg_text("roc"), self)
        self.pr_export = ChartExport(self.pr, lambda: "precision-recall-curve", lambda: self.csv_text("pr"),
                                     lambda: self.svg_text("pr"), self)
        self.roc_export.button.setText(translate("RocPrView", "Export ROC…"))
        self.pr_export.button.setText(translate("RocPrView", "Export PR…"))
        controls = QHBoxLayout()
        controls.addWidget(self.selector_label)
        controls.addWidget(self.selector, 1)
        controls.addStretch(1)
        controls.addWidget(self.roc_export.button)
        controls.addWidget(self.pr_export.button)
        charts = QHBoxLayout()
        charts.addWidget(self.roc, 1)
        charts.addWidget(self.pr, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.caption)
        layout.addLayout(controls)
        layout.addLayout(charts, 1)
        self.set_predictions(None)

    def set_predictions(self, predictions: ClassPredictions | None,
                        curves: ClassCurves | None = None) -> None:
        """Show the curves of ``predictions`` (None: none); ``curves``: already computed from them."""
        self.predictions = predictions
        if curves is None and predictions is not None and len(predictions.actual):
            curves = class_curves(predictions.actual, predictions.probabilities, predictions.classes)
        self.curves = curves if predictions is not None else None
        self.selector.blockSignals(True)
        self.selector.clear()
        if self.curves is not None and not self.curves.binary:
            self.selector.addItem(translate("RocPrView", "Averages (macro and micro)"), AVERAGES)
            self.selector.addItem(translate("RocPrView", "Every class"), EVERY_CLASS)
            for name in self.curves.classes:
                self.selector.addItem(name, name)
        self.selector.blockSignals(False)
        multi = self.selector.count() > 0
        self.selector.setVisible(multi)
        self.selector_label.setVisible(multi)
        set_plain_text(self.caption, self._caption())
        self._draw()

    def choose(self, what: str) -> None:
        """Show ``what``: ``AVERAGES``, ``EVERY_CLASS`` or a class name."""
        index = self.selector.findData(what)
        self.selector.setCurrentIndex(index if index >= 0 else self.selector.findText(what))

    def legend_texts(self, kind: str) -> list[str]:
        """The legend of the ROC ("roc") or PR ("pr") chart, as shown."""
        return (self.roc if kind == "roc" else self.pr).labels()

    def csv_text(self, kind: str) -> str:
        """Every curve of ``kind`` as CSV (``core.curves.curves_csv``)."""
        return curves_csv(self.curves, kind) if self.curves is not None else ""

    def svg_text(self, kind: str) -> str:
        """The ROC ("roc") or PR ("pr") chart of the curves shown, as SVG (``core.report_sections``)."""
        if self.curves is None:
            raise ValueError("there are no curves to save")
        charts = curve_charts(self.curves, self._names(self._choice()))
        return charts[0] if kind == "roc" else charts[1]

    # ------------------------------------------------------------------ internals
    def _caption(self) -> str:
        pred, curves = self.predictions, self.curves
        if pred is None or curves is None:
            return translate("RocPrView", "No curves: they are drawn from a classifier's test predictions, "
                             "kept since this version.")
        weights = core_text(checkpoint_name(pred.checkpoint, pred.step))
        if pred.split == "test":
            where = translate("RocPrView", "test set, {checkpoint}")
        elif pred.split == "val":
            where = translate("RocPrView", "validation set, {checkpoint}")
        elif pred.split == "train":
            where = translate("RocPrView", "training set, {checkpoint}")
        else:
            where = translate("RocPrView", "{split} set, {checkpoint}").replace("{split}", pred.split)
        where = where.format(checkpoint=weights)
        if pred.scored > len(pred.actual):
            rows = translate("RocPrView", "{count} rows of {scored} scored").format(
                count=f"{len(pred.actual):,}", scored=f"{pred.scored:,}")
        else:
            rows = translate("RocPrView", "{count} rows").format(count=f"{len(pred.actual):,}")
        if curves.binary:
            what = translate("RocPrView", "How well the scores separate '{positive}' from '{negative}' at "
                             "every threshold").format(positive=curves.positive, negative=curves.classes[0])
        else:
            what = translate("RocPrView", "Each class against the rest; the macro average weighs every class "
                             "the same, the micro average every example")
        return translate("RocPrView", "{what} ({where}, {rows}). AUC: area under the ROC curve (0.5 is "
                         "guessing, 1 perfect); AP: average precision. Dashed: what guessing scores.").format(
                             what=what, where=where, rows=rows)

    def _choice(self) -> str:
        """What the selector shows: ``AVERAGES``, ``EVERY_CLASS`` or a class name."""
        data = self.selector.currentData()
        return str(data) if data is not None else self.selector.currentText()

    @staticmethod
    def _label(curve: Any) -> str:
        """A curve's legend text; the averages' names in the interface's language."""
        return core_text(curve.label) if curve.name in (MACRO, MICRO) else str(curve.label)

    def _draw(self) -> None:
        curves = self.curves
        if curves is None:
            self.roc.set_curves([], None)
            self.pr.set_curves([], None)
            return
        names = self._names(self._choice())
        bold = {MACRO, MICRO} if len(names) > 2 else set(names)
        self.roc.set_curves([(self._label(c), c.x, c.y, c.name in bold)
                             for c in (curves.roc[n] for n in names)],
                            (np.array([0.0, 1.0]), np.array([0.0, 1.0])))
        # Guessing scores precision = the class's share at every recall: one level per class shown.
        levels = [curves.prevalence[n] for n in names if n in curves.prevalence]
        level = float(np.mean(levels)) if levels else float(np.mean(list(curves.prevalence.values())))
        guide = None if math.isnan(level) else (np.array([0.0, 1.0]), np.array([level, level]))
        self.pr.set_curves([(self._label(c), c.x, c.y, c.name in bold)
                            for c in (curves.pr[n] for n in names)], guide)

    def _names(self, choice: str) -> list[str]:
        curves = self.curves
        assert curves is not None
        if curves.binary:
            return [curves.positive]
        if choice == EVERY_CLASS:
            return [MACRO, *curves.classes]
        if choice in curves.classes:
            return [choice, MACRO]
        return [MACRO, MICRO]

    def _on_selector_changed(self, _index: int) -> None:
        self._draw()
