"""What the model should predict: asked plainly when the data leaves it in doubt, else named.

When the guess is not sure, a box the eye goes to asks "What should the model learn to predict?"
with the candidate columns ranked best first, each with why it might be the one; a click chooses.
When the target is plain (or already chosen), one line names it and why, and "Change…" opens the
same list. Column names come from the file: they are shown as plain text, never as markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.check_list import button_text
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text

if TYPE_CHECKING:  # core.data.target imports pandas: kept off the first window's path
    from workbench.core.data.target import Candidate

QUESTION = QT_TRANSLATE_NOOP("TargetQuestion", "What should the model learn to predict?")
MAX_SHOWN = 3  # the core's promise: a documented target is among the first three
_NAME_CHARS = 40


def _cut(text: str, limit: int = _NAME_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reasons_text(candidate: Candidate) -> str:
    """Why ``candidate`` might be the target, as one short phrase."""
    return translate("TargetQuestion", ", ").join(core_text(r) for r in candidate.reasons)


class TargetQuestion(QFrame):
    """Asks which column to predict, or names the one predicted with a way to change it.

    ``sig_target_chosen`` carries the column the user clicked; the page writes it into the config
    and calls ``set_target`` again with what the config now says.
    """

    sig_target_chosen = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("targetQuestion")
        self._asking = False
        self._shown: tuple[object, ...] = ()
        self._buttons: dict[str, QPushButton] = {}
        self.title = QLabel(translate("TargetQuestion", QUESTION))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.title.setFont(font)
        self.explain = QLabel(translate("TargetQuestion", "Workbench is not sure which column holds the "
                                        "answer. Choose one below; Train waits until you do. Any other "
                                        "column can be chosen as Target on the right."))
        self.explain.setWordWrap(True)
        self.line = plain_label()
        self.line.setWordWrap(True)
        self.change = QPushButton(translate("TargetQuestion", "Change…"))
        self.change.setCheckable(True)
        self.change.setToolTip(translate("TargetQuestion",
                                         "Show the columns that could be the target, best first"))
        self.change.toggled.connect(self._on_change_toggled)
        summary = QHBoxLayout()
        summary.setContentsMargins(0, 0, 0, 0)
        summary.addWidget(self.line, 1)
        summary.addWidget(self.change, 0, Qt.AlignmentFlag.AlignTop)
        self._rows = QWidget()
        self._grid = QGridLayout(self._rows)
        self._grid.setContentsMargins(0, 2, 0, 0)
        self._grid.setHorizontalSpacing(10)
        self._grid.setVerticalSpacing(4)
        self._grid.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(4)
        layout.addWidget(self.title)
        layout.addWidget(self.explain)
        layout.addLayout(summary)
        layout.addWidget(self._rows)
        self._apply_style()

    def set_target(self, candidates: Sequence[Candidate], target: str, *, asking: bool,
                   chosen: bool) -> None:
        """Show the ranked ``candidates``: as the question when ``asking``, else one line for
        ``target`` (``chosen``: set by the user or a saved setup rather than guessed)."""
        key = (tuple(candidates), target, asking, chosen)
        if key == self._shown:
            return  # nothing new (a setting changed elsewhere): the open list stays as it is
        self._shown = key
        self._asking = asking
        self._fill(list(candidates)[:MAX_SHOWN], target, chosen)
        self.title.setVisible(asking)
        self.explain.setVisible(asking)
        self.line.setVisible(not asking)
        self.change.setVisible(not asking and bool(candidates))
        self.change.blockSignals(True)
        self.change.setChecked(False)
        self.change.blockSignals(False)
        self._rows.setVisible(asking)
        if not asking:
            why = next((reasons_text(c) for c in candidates if c.column == target), "")
            if chosen:
                line = (translate("TargetQuestion", "Predicting '{column}' (your choice): {why}") if why
                        else translate("TargetQuestion", "Predicting '{column}' (your choice)"))
            else:
                line = (translate("TargetQuestion", "Predicting '{column}': {why}") if why
                        else translate("TargetQuestion", "Predicting '{column}'"))
            set_plain_text(self.line, line.format(column=target, why=why))
        self._apply_style()

    def is_asking(self) -> bool:
        """Whether the question is shown (the target is still to be chosen)."""
        return self._asking

    def offered(self) -> list[str]:
        """The columns offered, best first."""
        return list(self._buttons)

    def button(self, column: str) -> QPushButton:
        """The button that chooses ``column`` (KeyError if it is not offered)."""
        return self._buttons[column]

    def changeEvent(self, event: QEvent) -> None:
        """Follow a light/dark palette switch."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self._apply_style()

    def _fill(self, candidates: list[Candidate], target: str, chosen: bool) -> None:
        while self._grid.count():
            item = self._grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self._buttons = {}
        for row, candidate in enumerate(candidates):
            button = QPushButton(button_text(_cut(candidate.column)))
            button.setToolTip(plain_text(translate("TargetQuestion", "Predict the column '{column}'").format(
                column=candidate.column)))
            button.setAccessibleName(translate("TargetQuestion", "Predict {column}").format(
                column=candidate.column))
            # The current target is offered too while asking (a click confirms the guess).
            current = candidate.column == target and (chosen or not self._asking)
            button.setEnabled(not current)
            button.clicked.connect(lambda *_a, col=candidate.column: self.sig_target_chosen.emit(col))
            why = plain_label(reasons_text(candidate) + (translate("TargetQuestion", "  (predicted now)")
                                                          if current else ""))
            why.setWordWrap(True)
            self._grid.addWidget(button, row, 0)
            self._grid.addWidget(why, row, 1)
            self._buttons[candidate.column] = button

    def _on_change_toggled(self, checked: bool) -> None:
        self._rows.setVisible(checked)

    def _apply_style(self) -> None:
        sheet = ""
        if self._asking:
            # Tinted with the palette's highlight: it stands out in a light and a dark theme alike.
            colour = self.palette().color(QPalette.ColorRole.Highlight)
            r, g, b = colour.red(), colour.green(), colour.blue()
            sheet = (f"QFrame#targetQuestion {{ background: rgba({r}, {g}, {b}, 38); "
                     f"border: 2px solid rgb({r}, {g}, {b}); border-radius: 6px; }}")
        if sheet != self.styleSheet():  # setting a style sheet changes the palette: no loop
            self.setStyleSheet(sheet)
