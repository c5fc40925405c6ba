"""The pre-flight findings about the data: what stops training or is worth a look, each with a fix.

Each ``core.data.checks.Check`` is a row: its level ("Cannot train", "Warning", "Note"), its
message as written, and, where the check carries a config change, a button that says what it
will do ("Ignore column 'id'", "Set maximum length to 96"). The list is as tall as its rows up to
``MAX_HEIGHT``, then scrolls; where the window is short it gives way down to ``MIN_HEIGHT``, so a
file with many findings still leaves room for its table and never makes the window grow.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QPalette, QResizeEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from workbench.core.config import field_meta
from workbench.core.data.checks import Check, cut
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, field_text, translate
from workbench.ui.widgets.fonts import plain_label, plain_text
from workbench.ui.widgets.role_bar import role_name

MAX_HEIGHT = 240
MIN_HEIGHT = 64  # about one wrapped row
LEVEL_TEXT = {"error": QT_TRANSLATE_NOOP("CheckList", "Cannot train"),
              "warning": QT_TRANSLATE_NOOP("CheckList", "Warning"),
              "note": QT_TRANSLATE_NOOP("CheckList", "Note")}
# The mark at each row's left edge, and how strongly its background is tinted (alpha of 255).
_LEVEL_COLOURS = {"error": ((220, 53, 53), 34), "warning": ((214, 140, 0), 30), "note": ((128, 128, 128), 0)}
_NAME_CHARS = 40  # a column name quoted on a button is cut after this many characters


def button_text(text: str) -> str:
    """``text`` for a button's label: an ``&`` from a file stays an ``&``, never a shortcut key."""
    return text.replace("&", "&&")


def fix_label(check: Check) -> str:
    """What ``check``'s fix does, in a few words for its button ("" when it has none)."""
    parts = []
    for dotted, value in check.fix.items():
        section, _, key = dotted.partition(".")
        if dotted == "data.roles" and isinstance(value, dict) and value:
            column = check.column if check.column in value else str(list(value)[-1])
            role = value[column]
            name = cut(column, _NAME_CHARS)
            parts.append(translate("CheckList", "Ignore column '{column}'").format(column=name)
                         if role == "ignore"
                         else translate("CheckList", "Use column '{column}' as {role}").format(
                             column=name, role=role_name(str(role))))
        elif dotted == "data.target":
            parts.append(translate("CheckList", "Predict '{column}' instead").format(
                column=cut(str(value), _NAME_CHARS)))
        elif dotted == "data.task" and value == "regression":
            parts.append(translate("CheckList", "Predict it as a number (regression)"))
        elif dotted == "data.split_column":
            parts.append(translate("CheckList", "Use '{column}' as the split").format(
                column=cut(str(value), _NAME_CHARS)) if value else translate("CheckList", "Split at random"))
        else:
            try:
                label = str(field_meta(section, key)["label"])
            except KeyError:  # a key no form shows
                label = dotted
            if label != dotted:
                label = field_text(label)
            parts.append(translate("CheckList", "Set {setting} to {value}").format(
                setting=label[:1].lower() + label[1:], value=value))
    return translate("CheckList", "; ").join(parts)


class _Row(QFrame):
    """One finding: its level, its message, and its fix button (if it has a fix)."""

    def __init__(self, check: Check, on_fix: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.check = check
        self.setObjectName("checkRow")
        self.level = QLabel(translate("CheckList", LEVEL_TEXT[check.level]) if check.level in LEVEL_TEXT
                            else check.level.title())
        font = self.level.font()
        font.setBold(True)
        self.level.setFont(font)
        self.level.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.message = plain_label(core_text(check.message))
        self.message.setWordWrap(True)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 5, 6, 5)
        layout.addWidget(self.level, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.message, 1)
        self.button: QPushButton | None = None
        label = fix_label(check)
        if label:
            self.button = QPushButton(button_text(label))
            self.button.setToolTip(plain_text(translate("CheckList", "Changes the setting: {settings}")
                                              .format(settings=", ".join(check.set_args()))))
            self.button.clicked.connect(lambda: on_fix(check))
            layout.addWidget(self.button, 0, Qt.AlignmentFlag.AlignTop)
        self.level.setMinimumWidth(self.level.fontMetrics().horizontalAdvance(
            translate("CheckList", LEVEL_TEXT["error"])) + 8)
        self._style()

    def _style(self) -> None:
        (r, g, b), alpha = _LEVEL_COLOURS.get(self.check.level, _LEVEL_COLOURS["note"])
        self.setStyleSheet(f"QFrame#checkRow {{ border-left: 4px solid rgb({r}, {g}, {b}); "
                           f"background: rgba({r}, {g}, {b}, {alpha}); border-radius: 3px; }}")
        if self.check.level == "note":  # notes are for the record: quieter than what needs a look
            for label in (self.level, self.message):
                palette = label.palette()
                palette.setColor(QPalette.ColorRole.WindowText,
                                 palette.color(QPalette.ColorRole.PlaceholderText))
                label.setPalette(palette)


class CheckList(QScrollArea):
    """The findings of a data file's pre-flight check, most serious first; hidden when there are none.

    ``sig_fix_requested`` carries the ``Check`` whose fix button was clicked; applying it is the
    page's business (the list knows no config).
    """

    sig_fix_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._rows: list[_Row] = []
        self._need = 0  # the rows' height at the current width
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.setWidget(self._inner)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName(translate("CheckList", "Findings about the data"))
        self.setVisible(False)

    def set_checks(self, checks: list[Check]) -> None:
        """Show ``checks`` (in their order); an empty list hides the list."""
        if [row.check for row in self._rows] == list(checks):
            return  # the same findings again (a setting changed elsewhere): no flicker
        for row in self._rows:
            self._layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self._rows = [_Row(check, self.sig_fix_requested.emit, self._inner) for check in checks]
        for row in self._rows:
            self._layout.addWidget(row)
        self.setVisible(bool(self._rows))
        self._fit()

    def checks(self) -> list[Check]:
        """The findings shown."""
        return [row.check for row in self._rows]

    def fix_button(self, code: str, column: str = "") -> QPushButton:
        """The fix button of the finding ``code`` (about ``column``); KeyError if there is none."""
        for row in self._rows:
            if row.check.code == code and (not column or row.check.column == column) and row.button:
                return row.button
        raise KeyError((code, column))

    def sizeHint(self) -> QSize:
        """Tall enough for every row, up to ``MAX_HEIGHT``."""
        return QSize(super().sizeHint().width(), min(self._need, MAX_HEIGHT) + 2 * self.frameWidth())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """Down to ``MIN_HEIGHT`` (it scrolls) where the window is short."""
        return QSize(super().minimumSizeHint().width(), min(self._need, MIN_HEIGHT) + 2 * self.frameWidth())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width wraps the messages anew: fit the height to them."""
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event: QEvent) -> None:
        """A new font wraps the messages anew."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        """Ask for the rows' height at this width (the hints above), once it changes."""
        if not self._rows:
            return
        # The scroll bar's width is kept free whether it shows or not: a bar that came and went
        # would rewrap the rows, change the height they need, and bring the bar back.
        width = self.width() - 2 * self.frameWidth() - self.verticalScrollBar().sizeHint().width()
        need = self._layout.totalHeightForWidth(max(width, 200))
        if need < 0:  # no row wraps (none has a message long enough to ask)
            need = self._layout.totalSizeHint().height()
        if need != self._need:
            self._need = need
            self.setMaximumHeight(min(need, MAX_HEIGHT) + 2 * self.frameWidth())
            self.updateGeometry()
