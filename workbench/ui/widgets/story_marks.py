"""Story marks: a run's events (``core.run_story``) as captioned dotted lines on the loss chart.

Warm-up ends, learning-rate cuts, the best evaluation and an early stop each get a line with a
short caption. Overfitting and divergence are left to the health marks (``chart_marks``), which
draw them at the top of the chart; story captions stand lower, from ``TOP`` down. Events closer than
``MERGE_SHARE`` of the steps in view share one caption ("warm-up ends · best …"); captions that
would still run into each other go down a level. The layout is redone when the view's steps change.

Lines are made once and then hidden or moved, never removed from the chart (pyqtgraph items taken
out of a chart can crash in the garbage collector; see ``chart_marks``).
"""

from __future__ import annotations

from collections.abc import Iterable

import pyqtgraph as pg
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetricsF

from workbench.core.run_story import HEALTH_CODES, StoryEvent
from workbench.ui.i18n import core_text
from workbench.ui.widgets.chart_marks import CAPTION_HEIGHT as HEALTH_LEVEL
from workbench.ui.widgets.plot_style import THEMES, chart_font, font_pt

# Captions stand from TOP down to BOTTOM (shares of the chart's height), a caption's height apart;
# the health marks' captions are above them (0.93), the settings-change marks' at 0.75.
TOP, BOTTOM = 0.84, 0.08
MERGE_SHARE = 0.03  # events closer than this share of the steps in view share a caption
SEPARATOR = " · "
GAP_PX = 8.0  # between two captions on one level


class StoryMarks:
    """The story marks of one chart (``plot``: the loss chart)."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self._plot = plot
        self._theme = "light"
        self._lines: list[pg.InfiniteLine] = []  # a pool: shown ones first, the rest hidden
        self._events: list[StoryEvent] = []
        self._shown: list[tuple[int, str]] = []
        # Laid out again once the chart has settled after its steps or its size changed (the legend,
        # which captions avoid, is placed after the chart's resize).
        self._relayout = QTimer()
        self._relayout.setSingleShot(True)
        self._relayout.setInterval(0)
        self._relayout.timeout.connect(self._on_relayout_timeout)
        plot.getViewBox().sigXRangeChanged.connect(self._on_range_changed)
        plot.getViewBox().sigResized.connect(self._on_range_changed)

    def set_events(self, events: Iterable[StoryEvent]) -> None:
        """Show ``events`` (those of health warnings are skipped: ``chart_marks`` draws them)."""
        self._events = sorted((e for e in events if e.kind not in HEALTH_CODES), key=lambda e: e.step)
        self._layout()
        self._relayout.start()  # and again once the chart has placed its legend

    def clear(self) -> None:
        """Hide every story mark."""
        self.set_events(())

    def events(self) -> list[StoryEvent]:
        """The events marked."""
        return list(self._events)

    def marks(self) -> list[tuple[int, str]]:
        """(step, caption) of each line shown, after merging close events."""
        return list(self._shown)

    def levels(self) -> list[float]:
        """The caption height of each line shown."""
        return [line.label.orthoPos for line in self._lines[:len(self._shown)]]

    def set_theme(self, theme: str) -> None:
        """Colours for ``theme`` (``plot_style.THEMES``)."""
        self._theme = theme
        for line in self._lines:
            self._style(line)
        if self._events:
            self._layout()  # captions changed size

    # ----------------------------------------------------------------- internals
    def _groups(self) -> list[tuple[int, str]]:
        """Events merged where they are close: (step of the first, joined captions)."""
        lo, hi = self._plot.getViewBox().viewRange()[0]
        close = MERGE_SHARE * max(hi - lo, 1.0)
        groups: list[tuple[int, list[str]]] = []
        for event in self._events:
            if groups and event.step - groups[-1][0] <= close:
                groups[-1][1].append(core_text(event.caption))
            else:
                groups.append((event.step, [core_text(event.caption)]))
        return [(step, SEPARATOR.join(dict.fromkeys(captions))) for step, captions in groups]

    def _layout(self) -> None:
        groups = self._groups()
        while len(self._lines) < len(groups):
            line = pg.InfiniteLine(angle=90, movable=False, label="",
                                   labelOpts={"position": TOP, "anchors": [(0, 0), (0, 0)]})
            self._plot.addItem(line, ignoreBounds=True)  # a mark never changes what the chart shows
            self._style(line)
            self._lines.append(line)
        box = self._plot.getViewBox()
        lo, hi = box.viewRange()[0]
        width_px = box.width() if box.width() > 10 else 600.0
        height_px = box.height() if box.height() > 10 else 300.0
        per_px = max(hi - lo, 1.0) / width_px  # steps per pixel
        legend = self._legend_area(lo, per_px, height_px)
        font = self._lines[0].label.textItem.font() if groups else QFont()
        tall = (QFontMetricsF(font).height() + 4) / height_px  # a caption's height
        top = min(TOP, HEALTH_LEVEL - tall)  # under a health mark's caption
        levels = [top - i * tall for i in range(int((top - BOTTOM) / tall) + 1)]  # a caption's height apart
        ends = [-float("inf")] * len(levels)  # where each level's last caption ends, in steps
        for line, (step, caption) in zip(self._lines, groups):
            line.label.setFormat(caption.replace("{", "{{").replace("}", "}}"))
            width = (QFontMetricsF(line.label.textItem.font()).horizontalAdvance(caption) + GAP_PX) * per_px
            # No room on the right of the line: the caption goes on its left, if there is more room there.
            left = step + width > hi and (step - width >= lo or step - lo > hi - step)
            start, stop = (step - width, step) if left else (step, step + width)

            def free(i: int, start: float = start, stop: float = stop) -> bool:
                if ends[i] >= start:
                    return False
                if legend is None:  # a caption under the legend would be hidden by it
                    return True
                x0, x1, y0, y1 = legend
                return stop < x0 or start > x1 or levels[i] < y0 or levels[i] - tall > y1

            level = next((i for i in range(len(levels)) if free(i)),
                         min(range(len(levels)), key=lambda i: ends[i]))  # none free: the least crowded
            ends[level] = stop
            line.label.anchors = [(1, 0), (1, 0)] if left else [(0, 0), (0, 0)]
            line.setValue(step)
            line.label.setPosition(levels[level])
            line.show()
        for line in self._lines[len(groups):]:
            line.hide()
        self._shown = groups

    def _legend_area(self, lo: float, per_px: float, height_px: float) -> tuple[float, ...] | None:
        """The loss chart legend's place: (first step, last step, bottom, top as shares of the
        chart's height from its bottom), or None when it is hidden."""
        legend = getattr(self._plot, "legend", None)
        if legend is None or not legend.isVisible():
            return None
        view, rect = self._plot.getViewBox().sceneBoundingRect(), legend.sceneBoundingRect()
        if rect.width() < 1:
            return None
        return (lo + (rect.left() - view.left()) * per_px, lo + (rect.right() - view.left()) * per_px,
                (view.bottom() - rect.bottom()) / height_px, (view.bottom() - rect.top()) / height_px)

    def _on_range_changed(self, *_args: object) -> None:
        if self._events:
            self._relayout.start()

    def _on_relayout_timeout(self) -> None:
        # The timer may fire after the window closed and took the chart with it.
        if shiboken6.isValid(self._plot) and shiboken6.isValid(self._plot.getViewBox()):
            self._layout()

    def _style(self, line: pg.InfiniteLine) -> None:
        colours = THEMES[self._theme]
        colour = colours.get("story", colours["fg"])
        line.setPen(pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DotLine))
        backdrop = QColor(str(colours["bg"]))
        backdrop.setAlpha(210)
        line.label.setColor(colour)
        line.label.setFont(chart_font(font_pt(self._theme)) or QFont())  # bigger in presenter mode
        line.label.fill = pg.mkBrush(backdrop)
        line.label.update()

