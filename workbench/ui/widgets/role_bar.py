"""A bar of per-column role choosers that stays cheap for a table of thousands of columns.

The roles live in a plain list; a chooser (``QComboBox``) exists only for the columns in view,
taken from a small pool as columns scroll in and given back as they scroll out. A 2,000-column
table therefore has a dozen or so choosers rather than 2,000, and re-placing them after a
column is resized costs the columns in view, not the whole table (placing every chooser on each
of the 2,000 ``sectionResized`` signals that sizing the columns sends froze the window for
15-30 s).
"""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QPoint, QTimer, Signal
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableView, QWidget

from workbench.core.config import ROLES
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import translate
from workbench.ui.widgets.fonts import plain_text

_FALLBACK_WIDTH = 110  # a chooser's width before a table is followed
_COLUMN_PROPERTY = "wb_column"
# Each role's name as shown (the value stays the English key of ``core.config.ROLES``).
_ROLE_NAMES = {"text": QT_TRANSLATE_NOOP("RoleBar", "text"),
               "numeric": QT_TRANSLATE_NOOP("RoleBar", "numeric"),
               "categorical": QT_TRANSLATE_NOOP("RoleBar", "categorical"),
               "target": QT_TRANSLATE_NOOP("RoleBar", "target"),
               "ignore": QT_TRANSLATE_NOOP("RoleBar", "ignore")}


def role_name(role: str) -> str:
    """A column role ("numeric") as the interface names it."""
    return translate("RoleBar", _ROLE_NAMES[role]) if role in _ROLE_NAMES else role


class RoleBar(QWidget):
    """One role chooser (text, numeric, categorical, target, ignore) per column in view.

    ``follow(view)`` places each chooser exactly above its column of a ``QTableView`` and keeps
    it there while columns are resized, moved or scrolled. ``sig_roles_changed`` carries the
    whole ``{column: role}`` mapping after each user choice; ``overrides()`` gives just the
    columns whose role differs from the guess passed to ``set_columns`` (what
    ``DataConfig.roles`` stores).
    """

    sig_roles_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._columns: list[str] = []
        self._index: dict[str, int] = {}  # column name -> its place
        self._roles: list[str] = []
        self._tips: dict[int, str] = {}
        self._guessed: dict[str, str] = {}
        self._bound: dict[int, QComboBox] = {}  # column index -> its chooser, while it has one
        self._spare: list[QComboBox] = []
        self._header: QHeaderView | None = None
        # Header changes come in bursts (sizing a table resizes every column): place once after.
        self._place_timer = QTimer(self)
        self._place_timer.setSingleShot(True)
        self._place_timer.setInterval(0)
        self._place_timer.timeout.connect(self._place)
        probe = QComboBox(self)
        probe.hide()
        self.setFixedHeight(probe.sizeHint().height() + 4)
        probe.deleteLater()

    def set_columns(self, columns: list[str], guessed: dict[str, str] | None = None) -> None:
        """Show a chooser per column, set to ``guessed`` (default: ignore); emits nothing.

        The same columns again (the whole file after its preview) keep their choices' widgets.
        """
        self._guessed = {c: r for c, r in (guessed or {}).items() if r in ROLES}
        if [str(c) for c in columns] == self._columns and self._columns:
            self.set_roles({c: self._guessed.get(c, "ignore") for c in self._columns})
            return
        for index in list(self._bound):
            self._release(index)
        self._columns = [str(c) for c in columns]
        self._index = {name: i for i, name in enumerate(self._columns)}
        self._roles = [self._guessed.get(name, "ignore") for name in self._columns]
        self._tips = {}
        self._place()

    def set_roles(self, roles: dict[str, str]) -> None:
        """Set choosers from ``roles`` (unknown columns or roles are ignored); emits nothing."""
        for index, name in enumerate(self._columns):
            role = roles.get(name)
            if role in ROLES and role != self._roles[index]:
                self._roles[index] = role
                if index in self._bound:
                    self._show_role(self._bound[index], role)

    def set_tooltip(self, column: str, text: str) -> None:
        """What the chooser of ``column`` says on hover (unknown columns are ignored)."""
        index = self._index.get(column)
        if index is None:
            return
        self._tips[index] = text
        if index in self._bound:
            self._bound[index].setToolTip(plain_text(text))

    def roles(self) -> dict[str, str]:
        """The role chosen for every column."""
        return dict(zip(self._columns, self._roles))

    def overrides(self) -> dict[str, str]:
        """Only the columns whose chosen role differs from the guess."""
        return {c: r for c, r in self.roles().items() if self._guessed.get(c) != r}

    def combo(self, column: str) -> QComboBox:
        """The chooser for ``column`` (KeyError if there is none), made now if it is out of view."""
        index = self._index[column]
        return self._bound.get(index) or self._bind(index)

    def chooser_count(self) -> int:
        """How many chooser widgets exist (in view or kept for reuse)."""
        return len(self._bound) + len(self._spare)

    def follow(self, view: QTableView) -> None:
        """Keep each chooser above its column of ``view``."""
        header = view.horizontalHeader()
        self._header = header
        header.sectionResized.connect(self._on_header_changed)
        header.sectionMoved.connect(self._on_header_changed)
        header.geometriesChanged.connect(self._on_header_changed)
        view.horizontalScrollBar().valueChanged.connect(self._on_header_changed)
        self._place()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Re-place the choosers when the bar changes size."""
        super().resizeEvent(event)
        self._place()

    def showEvent(self, event: QShowEvent) -> None:
        """Place the choosers once the header has its final geometry."""
        super().showEvent(event)
        self._place()

    # ------------------------------------------------------------------ internals
    def _bind(self, index: int) -> QComboBox:
        combo = self._spare.pop() if self._spare else self._new_combo()
        combo.setProperty(_COLUMN_PROPERTY, index)
        self._show_role(combo, self._roles[index])
        name = self._columns[index]
        combo.setToolTip(plain_text(self._tips.get(index, translate(
            "RoleBar", "How the model uses the column “{column}”.").format(column=name))))
        combo.setAccessibleName(translate("RoleBar", "Role of column {column}").format(column=name))
        self._bound[index] = combo
        return combo

    def _release(self, index: int) -> None:
        combo = self._bound.pop(index)
        combo.hide()
        combo.setProperty(_COLUMN_PROPERTY, -1)
        self._spare.append(combo)

    def _new_combo(self) -> QComboBox:
        combo = QComboBox(self)
        for role in ROLES:  # the role's name shown in the interface's language; its value as the data
            combo.addItem(role_name(role), role)
        combo.currentIndexChanged.connect(
            lambda i, c=combo: self._on_combo_changed(c, str(c.itemData(i)) if i >= 0 else ""))
        return combo

    @staticmethod
    def _show_role(combo: QComboBox, role: str) -> None:
        combo.blockSignals(True)
        combo.setCurrentIndex(combo.findData(role))
        combo.blockSignals(False)

    def _on_combo_changed(self, combo: QComboBox, role: str) -> None:
        index = combo.property(_COLUMN_PROPERTY)
        if isinstance(index, int) and 0 <= index < len(self._roles) and self._bound.get(index) is combo:
            self._roles[index] = role
            self.sig_roles_changed.emit(self.roles())

    def _on_header_changed(self, *_args: object) -> None:
        self._place_timer.start()

    def _visible(self, header: QHeaderView) -> list[int]:
        """The logical indices of the columns in the header's view, left to right."""
        width = header.viewport().width()
        first, last = header.visualIndexAt(0), header.visualIndexAt(max(width - 1, 0))
        if first < 0:
            return []
        last = header.count() - 1 if last < 0 else last
        return [header.logicalIndex(v) for v in range(first, last + 1)
                if not header.isSectionHidden(header.logicalIndex(v))]

    def _place(self) -> None:
        height = self.height() - 4
        header = self._header
        if header is not None and not shiboken6.isValid(header):  # the table is being destroyed
            self._header = header = None
        if header is None or header.count() != len(self._columns):
            # No table to follow yet: the first columns side by side, as many as fit.
            shown = range(min(len(self._columns), max(1, self.width() // (_FALLBACK_WIDTH + 4) + 1)))
            for index in [i for i in self._bound if i not in shown]:
                self._release(index)
            for index in shown:
                combo = self._bound.get(index) or self._bind(index)
                combo.setGeometry(index * (_FALLBACK_WIDTH + 4), 2, _FALLBACK_WIDTH, height)
                combo.show()
            return
        visible = self._visible(header)
        keep = set(visible)
        for index in [i for i in self._bound if i not in keep]:
            self._release(index)
        origin = self.mapFromGlobal(header.viewport().mapToGlobal(QPoint(0, 0))).x()
        left_edge, right_edge = origin, origin + header.viewport().width()
        for index in visible:
            x = origin + header.sectionViewportPosition(index)
            start = max(x, left_edge)
            combo = self._bound.get(index) or self._bind(index)
            end = min(x + header.sectionSize(index), right_edge)
            combo.setGeometry(start + 1, 2, end - start - 2, height)
            combo.show()
