"""Marks on the loss chart where a training-health warning began: "overfitting begins" at its step.

Only warnings tied to a point in the run get one: overfitting (where the validation loss was
lowest) and diverging (where the loss first rose far above its start). Being stuck at chance is a
state of the whole run and a high learning rate a setting, so neither has a place on the step axis.
A mark is a dashed vertical line with a short caption near the top of the chart; it never widens
the chart's range, and it stays in an exported PNG, where it explains the curve. Settings changed
while a run was paused (``core.live_edit.ConfigChange``) get a mark of their own, in the learning
rate's colour and lower down: "settings changed: lr 0.001 → 0.0005".
"""

from __future__ import annotations

from collections.abc import Iterable

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont

from workbench.core.events import HealthWarning
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.live_edit import ConfigChange
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.plot_style import THEMES, chart_font, font_pt

CAPTIONS = {"overfitting": QT_TRANSLATE_NOOP("ChartMarks", "overfitting begins"),
            "diverging": QT_TRANSLATE_NOOP("ChartMarks", "diverging begins")}
CAPTION_HEIGHT = 0.93  # along the line, as a share of the chart's height from its bottom
CHANGE_CAPTION_HEIGHT = 0.75  # below the health captions, so a change near a warning stays readable


class ChartMarks:
    """The health marks of one chart, at most one per warning code (a newer one replaces it)."""

    def __init__(self, plot: pg.PlotItem) -> None:
        self._plot = plot
        self._theme = "light"
        # One line per code, made once and then hidden or moved, never removed: a line taken out of
        # its chart was left to the garbage collector with its caption (a child item), and pyqtgraph
        # items freed that way can crash in the collector.
        self._lines: dict[str, tuple[HealthWarning, pg.InfiniteLine]] = {}
        self._shown: set[str] = set()
        # Settings-change marks: any number, kept in a pool of lines reused the same way.
        self._change_lines: list[pg.InfiniteLine] = []
        self._changes: list[ConfigChange] = []

    def add(self, warning: HealthWarning) -> bool:
        """Mark ``warning``'s step if it is a kind that has one; True when it was marked."""
        caption = CAPTIONS.get(warning.code)
        if caption is None:
            return False
        entry = self._lines.get(warning.code)
        if entry is None:
            line = pg.InfiniteLine(pos=warning.step, angle=90, movable=False,
                                   label=translate("ChartMarks", caption),
                                   labelOpts={"position": CAPTION_HEIGHT, "anchors": [(0, 0), (0, 0)]})
            self._plot.addItem(line, ignoreBounds=True)  # a mark never changes what the chart shows
        else:
            line = entry[1]
            line.setValue(warning.step)
        self._lines[warning.code] = (warning, line)
        self._shown.add(warning.code)
        self._style(warning, line)
        line.show()
        return True

    def set_warnings(self, warnings: Iterable[HealthWarning]) -> None:
        """Show the marks of ``warnings`` and no other health marks (settings-change marks stay)."""
        self._hide_health()
        for warning in warnings:
            self.add(warning)

    def add_change(self, change: ConfigChange) -> None:
        """Mark the step where settings changed, captioned with what changed."""
        if len(self._change_lines) <= len(self._changes):
            line = pg.InfiniteLine(angle=90, movable=False, label="",
                                   labelOpts={"position": CHANGE_CAPTION_HEIGHT, "anchors": [(0, 0), (0, 0)]})
            self._plot.addItem(line, ignoreBounds=True)
            self._change_lines.append(line)
        line = self._change_lines[len(self._changes)]
        self._changes.append(change)
        line.setValue(change.step)
        caption = core_text(change.caption)
        line.label.setFormat(caption.replace("{", "{{").replace("}", "}}"))  # a format string
        self._style_change(line)
        line.show()

    def set_changes(self, changes: Iterable[ConfigChange]) -> None:
        """Show the marks of ``changes`` and no other settings-change marks."""
        for line in self._change_lines:
            line.hide()
        self._changes = []
        for change in changes:
            self.add_change(change)

    def changes(self) -> list[tuple[int, str]]:
        """(step, caption) of each settings-change mark shown, in the order added."""
        return [(round(line.value()), line.label.toPlainText())
                for line, _change in zip(self._change_lines, self._changes)]

    def clear(self) -> None:
        """Hide every mark (a new run starts clean)."""
        self._hide_health()
        self.set_changes(())

    def _hide_health(self) -> None:
        for _warning, line in self._lines.values():
            line.hide()
        self._shown.clear()

    def steps(self) -> dict[str, int]:
        """The step each mark stands at, by warning code."""
        return {code: round(line.value()) for code, (_w, line) in self._lines.items() if code in self._shown}

    def captions(self) -> dict[str, str]:
        """The caption of each mark, by warning code."""
        return {code: line.label.toPlainText() for code, (_w, line) in self._lines.items()
                if code in self._shown}

    def set_theme(self, theme: str) -> None:
        """Colours for ``theme`` ("light" or "dark", ``plot_style.THEMES``)."""
        self._theme = theme
        for warning, line in self._lines.values():
            self._style(warning, line)
        for line in self._change_lines:
            self._style_change(line)

    def _style(self, warning: HealthWarning, line: pg.InfiniteLine) -> None:
        colours = THEMES[self._theme]
        colour = colours["serious"] if warning.severity == "serious" else colours["caution"]
        line.setPen(pg.mkPen(colour, width=1.5, style=Qt.PenStyle.DashLine))
        backdrop = QColor(colours["bg"])
        backdrop.setAlpha(210)  # the caption stays readable over the grid and the curves
        line.label.setColor(colour)
        line.label.fill = pg.mkBrush(backdrop)
        line.label.setFont(chart_font(font_pt(self._theme)) or QFont())  # bigger in presenter mode
        line.label.update()

    def _style_change(self, line: pg.InfiniteLine) -> None:
        colours = THEMES[self._theme]
        line.setPen(pg.mkPen(colours["lr"], width=1.5, style=Qt.PenStyle.DashDotLine))
        line.label.setFont(chart_font(font_pt(self._theme)) or QFont())
        backdrop = QColor(colours["bg"])
        backdrop.setAlpha(210)
        line.label.setColor(colours["lr"])
        line.label.fill = pg.mkBrush(backdrop)
        line.label.update()
