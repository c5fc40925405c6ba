"""How the training charts look: axes that keep their labels short, and light and dark colours."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QGraphicsItem

from workbench.ui.i18n import translate

# "serious" and "caution" colour the health marks (``chart_marks``), as the warnings' banners are.
THEMES = {
    "light": {"bg": "#ffffff", "fg": "#404040", "train": "#1f77b4", "val": "#e8710a", "lr": "#2e9e44",
              "cross": "#9a9a9a", "metrics": ["#2e9e44", "#d62728", "#9467bd", "#8c564b", "#17becf"],
              "serious": "#c62828", "caution": "#9a6700"},
    "dark": {"bg": "#1e1f22", "fg": "#d4d4d4", "train": "#5fa8e8", "val": "#ffa040", "lr": "#6fd37f",
             "cross": "#8a8a8a", "metrics": ["#6fd37f", "#ff6b6b", "#c29ef0", "#d4a373", "#4dd8e6"],
             "serious": "#ff6b6b", "caution": "#e6b422"},
    # Presenter mode (``shell.presenter``) on a projector: black on white, strong colours, lines
    # "width" times as thick, axis text of "font_pt" points (set by the presenter's text scale).
    "presenter": {"bg": "#ffffff", "fg": "#000000", "train": "#0046a8", "val": "#d04a00", "lr": "#00782a",
                  "cross": "#555555", "metrics": ["#00782a", "#c00000", "#6a2c9e", "#6b3d1f", "#00838f"],
                  "serious": "#b00000", "caution": "#8a5a00", "story": "#1a1a1a", "width": "2.2",
                  "font_pt": "14"},
}
AXIS_WIDTH = 64  # the value axis's width at the normal font size (wider with a bigger font)
LEGEND_PT = "9pt"  # pyqtgraph's legend text size
SMALL_SHARE = 0.8  # axis titles and legends, as a share of a theme's "font_pt"


def font_pt(theme: str) -> float:
    """The chart text size of ``theme`` in points; 0 for the platform's default."""
    return float(str(THEMES[theme].get("font_pt", "0")))


class LossAxis(pg.AxisItem):
    """In log mode, label only 1, 2 and 5 times a power of ten: 0.7 0.8 0.9 1 would collide."""

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """pyqtgraph's labels, blanked where the mantissa is not 1, 2 or 5."""
        strings = super().logTickStrings(values, scale, spacing)
        mantissas = [10 ** (v % 1) for v in values]
        keep = [min(abs(m - k) for k in (1, 2, 5, 10)) < 0.05 for m in mantissas]
        return [s if k else "" for s, k in zip(strings, keep)]


class StepAxis(pg.AxisItem):
    """Step ticks that stay short: 200k and 1.5M when zoomed out, 400,012 when zoomed in."""

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Suffixes when ticks are at least 1,000 steps apart, digits with separators otherwise."""
        if spacing >= 1000 and max((abs(v) for v in values), default=0) >= 1e4:
            return [f"{v / 1e6:g}M" if abs(v) >= 1e6 else f"{v / 1e3:g}k" if v else "0" for v in values]
        if spacing >= 1:
            return [f"{round(v):,}" for v in values]
        return super().tickStrings(values, scale, spacing)


def add_chart(layout: pg.GraphicsLayout, row: int, ylabel: str, log_axis: bool) -> pg.PlotItem:
    """A chart in ``row`` of ``layout`` with a step axis below and a grid; cheap to repaint."""
    plot = new_chart(log_axis)
    layout.addItem(plot, row=row, col=0)
    plot.setLabel("left", ylabel)
    return plot


def new_chart(log_axis: bool) -> pg.PlotItem:
    """A chart not yet in a layout (``add_chart`` places it): ~15 ms of the GUI thread, most of it
    pyqtgraph's context menus."""
    axes = {"bottom": StepAxis("bottom"), **({"left": LossAxis("left")} if log_axis else {})}
    plot = pg.PlotItem(axisItems=axes)
    plot.setLabel("bottom", translate("LivePlots", "step"))
    plot.showGrid(x=True, y=True, alpha=0.15)
    plot.getAxis("left").setWidth(AXIS_WIDTH)
    for side in ("left", "bottom"):
        # Major ticks and grid lines only: the labels are the same, and a repaint after the axes
        # moved (every redraw of a live run) takes 12.5 ms instead of 21.5 with the minor level
        # (three charts, measured); the finest level tripled it again.
        plot.getAxis(side).setStyle(maxTickLevel=0)
        plot.getAxis(side).enableAutoSIPrefix(False)  # 0.0003, not "300 (x1e-06)"
        # An axis paints its grid across the whole chart: ~1.5 ms each, every repaint (a hover
        # moves the crosshair). Cached as a pixmap, it is redrawn only when it changes.
        plot.getAxis(side).setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    plot.hideButtons()
    return plot


def link_steps(plot: pg.PlotItem, loss: pg.PlotItem) -> None:
    """Show the loss chart's steps in ``plot``.

    Never fitted to its own steps: a linked chart that fits its steps moves the loss chart too,
    and one fitted while hidden (no width yet) moves it anywhere.
    """
    plot.enableAutoRange(x=False)
    plot.setXLink(loss)


def theme_of(palette: QPalette) -> str:
    """The theme for ``palette``: "dark" when its window colour is dark, else "light"."""
    return "dark" if palette.color(QPalette.ColorRole.Window).lightness() < 128 else "light"


def apply_theme(theme: str, glw: pg.GraphicsLayoutWidget, plots: list[pg.PlotItem],
                legends: list[pg.LegendItem], empty: pg.TextItem) -> None:
    """Background, axes, legends and the "no data" text in ``theme``'s colours."""
    colors = THEMES[theme]
    glw.setBackground(colors["bg"])
    points = font_pt(theme)
    small = round(points * SMALL_SHARE, 1)  # axis titles and legends: charts are short
    size = {"font-size": f"{small:g}pt"} if points else {}
    for plot in plots:
        for name in ("left", "bottom"):
            axis = plot.getAxis(name)
            axis.setPen(colors["fg"])
            axis.setTextPen(colors["fg"])
            axis.setTickFont(chart_font(points))
            shown = axis.label.isVisible()  # setLabel shows a label a chart hid
            axis.setLabel(axis.labelText, axis.labelUnits, color=colors["fg"], **size)
            axis.showLabel(shown)
        plot.getAxis("left").setWidth(round(AXIS_WIDTH * max(points / 9, 1)))  # room for bigger ticks
    for legend in legends:
        legend.setLabelTextColor(colors["fg"])
        legend.setLabelTextSize(f"{small:g}pt" if points else LEGEND_PT)
        for _sample, label in legend.items:  # existing labels keep their colour until re-set
            label.setText(label.text, color=colors["fg"], size=f"{small:g}pt" if points else LEGEND_PT)
        backdrop = QColor(colors["bg"])
        backdrop.setAlpha(200)
        legend.setBrush(pg.mkBrush(backdrop))
    empty.setColor(colors["cross"])


def style_curves(theme: str, curves: dict[str, pg.PlotDataItem], metric_curves: list[pg.PlotDataItem],
                 cross_lines: list[pg.InfiniteLine], marker: pg.PlotDataItem) -> None:
    """Pens and symbols of the loss, validation, learning-rate and metric curves and the hover marks."""
    c = THEMES[theme]
    # Opaque and pre-blended with the background: translucent segments of a dense curve
    # pile up into a dark band that hides the smoothed line.
    line, bg, share = QColor(c["train"]), QColor(c["bg"]), 0.3 if theme == "light" else 0.45
    k = float(str(c.get("width", "1")))  # thicker lines for a projector
    faint = QColor(*(round(share * a + (1 - share) * b) for a, b in
                     zip((line.red(), line.green(), line.blue()), (bg.red(), bg.green(), bg.blue()))))
    curves["train"].setPen(pg.mkPen(faint, width=k))
    curves["smooth"].setPen(pg.mkPen(c["train"], width=2.5 * k))
    curves["val"].setPen(pg.mkPen(c["val"], width=1.5 * k))
    curves["val"].setSymbolBrush(c["val"])
    curves["val"].setSymbolPen(c["bg"])
    curves["lr"].setPen(pg.mkPen(c["lr"], width=1.5 * k))
    for i, curve in enumerate(metric_curves):
        color = c["metrics"][i % len(c["metrics"])]
        curve.setPen(pg.mkPen(color, width=2 * k))
        curve.setSymbolBrush(color)
        curve.setSymbolPen(c["bg"])
    for cross in cross_lines:
        cross.setPen(pg.mkPen(c["cross"], width=1, style=Qt.PenStyle.DashLine))
    marker.setSymbolBrush(c["train"])
    marker.setSymbolPen(c["bg"])


def chart_font(points: float) -> QFont | None:
    """A font of ``points`` points (None: pyqtgraph's default)."""
    if not points:
        return None
    font = QFont()
    font.setPointSizeF(points)
    return font
