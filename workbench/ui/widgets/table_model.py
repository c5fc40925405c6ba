"""A table model over a pandas DataFrame, and a bar of per-column role choosers.

``DataFrameModel`` does no per-row work up front: it keeps one reference to each column's
array and formats a cell only when the view asks for it, so a 1,000,000-row file opens as fast
as a 10-row one. pandas is not imported here; the caller's DataFrame brings it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

import shiboken6
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QComboBox, QHeaderView, QTableView, QVBoxLayout, QWidget

from workbench.core.config import ROLES
from workbench.ui.widgets.fonts import plain_text

if TYPE_CHECKING:
    import pandas as pd
    from pandas.api.extensions import ExtensionArray

MISSING = "—"
"""What an empty cell (NaN, None, NA, NaT) shows, in the placeholder (grey) colour."""

MAX_CELL_CHARS = 200
"""Longer text is cut in the cell (with "…"); the tooltip shows up to ``MAX_TOOLTIP_CHARS``."""
MAX_TOOLTIP_CHARS = 2000
SIZE_ROWS = 50
"""Column widths are fitted to the header and this many first rows."""

_Index = QModelIndex | QPersistentModelIndex
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
# The roles ``data`` answers. A view asks about nine per cell it paints; the rest return at once.
_CELL_ROLES = frozenset(int(r) for r in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.TextAlignmentRole,
                                         Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.ToolTipRole))


def is_missing(value: Any) -> bool:
    """True for NaN, None, pandas NA and NaT; False for anything else a cell can hold."""
    if value is None:
        return True
    if isinstance(value, float):  # also numpy.float64, a float subclass
        return math.isnan(value)
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    try:
        return bool(value != value)  # numpy float32/float16 NaN, datetime64("NaT")
    except (TypeError, ValueError):  # arrays and other objects with odd comparisons
        return False


def format_cell(value: Any, limit: int = MAX_CELL_CHARS) -> str:
    """One line of display text for a cell: numbers compact, text cut to ``limit`` characters."""
    if is_missing(value):
        return MISSING
    if isinstance(value, bool) or type(value).__name__ in ("bool", "bool_"):  # numpy 2: "bool"
        return "true" if value else "false"
    if isinstance(value, float) or type(value).__name__ in ("float32", "float16"):
        number = float(value)
        # An integer column with a gap is float64 in pandas: show 1234567, not 1.23457e+06.
        if number.is_integer() and abs(number) < 1e15:
            return str(int(number))
        return format(number, ".7g")
    text = str(value)[: 2 * limit]  # a megabyte cell is cut before any work on it
    if "\n" in text or "\r" in text or "\t" in text:
        text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DataFrameModel(QAbstractTableModel):
    """Read-only view of a DataFrame: cells formatted on demand, numbers right-aligned.

    Rows are numbered from 1 in the vertical header, as in a spreadsheet. The horizontal header
    shows the column name and, once ``set_roles`` was called, its role on a second line.
    """

    def __init__(self, frame: pd.DataFrame | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._frame: pd.DataFrame | None = None
        self._columns: list[ExtensionArray] = []
        self._names: list[str] = []
        self._numeric: list[bool] = []
        self._dtypes: list[str] = []
        self._roles: dict[str, str] = {}
        self._rows = 0
        if frame is not None:
            self.set_frame(frame)

    def set_frame(self, frame: pd.DataFrame | None) -> None:
        """Show ``frame`` (``None`` empties the table); clears the roles."""
        self.beginResetModel()
        self._frame = frame
        self._roles = {}
        if frame is None:
            self._columns, self._names, self._numeric, self._dtypes, self._rows = [], [], [], [], 0
        else:
            from pandas.api.types import is_bool_dtype, is_numeric_dtype

            # .array is a view, not a copy: O(columns), and .array[i] is one cheap lookup.
            self._columns = [frame.iloc[:, i].array for i in range(frame.shape[1])]
            self._names = [str(c) for c in frame.columns]
            self._numeric = [is_numeric_dtype(t) and not is_bool_dtype(t) for t in frame.dtypes]
            self._dtypes = [str(t) for t in frame.dtypes]
            self._rows = len(frame)
        self.endResetModel()

    def frame(self) -> pd.DataFrame | None:
        """The DataFrame shown, or ``None``."""
        return self._frame

    def set_roles(self, roles: dict[str, str]) -> None:
        """Show each column's role under its name in the header (``{}`` hides the roles)."""
        self._roles = dict(roles)
        if self._names:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, len(self._names) - 1)

    def column_names(self) -> list[str]:
        """The column names, as text."""
        return list(self._names)

    def cell_text(self, row: int, col: int) -> str:
        """The text cell (``row``, ``col``) shows."""
        return format_cell(self._columns[col][row])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        """Number of rows (0 for a child index: this is a flat table)."""
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        """Number of columns."""
        return 0 if parent.isValid() else len(self._columns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Format one cell for ``role``; nothing is precomputed per row."""
        if role not in _CELL_ROLES or not index.isValid():
            return None
        row, col = index.row(), index.column()
        if not (0 <= row < self._rows and 0 <= col < len(self._columns)):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return format_cell(self._columns[col][row])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._numeric[col] else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            if is_missing(self._columns[col][row]):
                return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            value = self._columns[col][row]
            if is_missing(value) or self._numeric[col]:
                return None
            text = str(value)
            if len(text) <= MAX_CELL_CHARS and "\n" not in text:
                return None
            return plain_text(format_cell(text, MAX_TOOLTIP_CHARS) if len(text) > MAX_TOOLTIP_CHARS
                              else text)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column name (and role) across the top, 1-based row numbers down the side."""
        if orientation == Qt.Orientation.Vertical:
            if role == Qt.ItemDataRole.DisplayRole and 0 <= section < self._rows:
                return str(section + 1)
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return _RIGHT
            return None
        if not 0 <= section < len(self._names):
            return None
        name = self._names[section]
        if role == Qt.ItemDataRole.DisplayRole:
            label = format_cell(name, 60)
            role_name = self._roles.get(name)
            return f"{label}\n{role_name}" if role_name else label
        if role == Qt.ItemDataRole.ToolTipRole:
            role_name = self._roles.get(name)
            extra = f"\nrole: {role_name}" if role_name else ""
            return plain_text(f"{name}\ntype: {self._dtypes[section]}{extra}")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._numeric[section] else _LEFT
        return None


class RoleBar(QWidget):
    """One role chooser (text, numeric, categorical, target, ignore) per column.

    ``follow(view)`` places each chooser exactly above its column of a ``QTableView`` and keeps
    it there while columns are resized, moved or scrolled. ``sig_roles_changed`` carries the
    whole ``{column: role}`` mapping after each user choice; ``overrides()`` gives just the
    columns whose role differs from the guess passed to ``set_columns`` (what
    ``DataConfig.roles`` stores).
    """

    sig_roles_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._combos: list[QComboBox] = []
        self._columns: list[str] = []
        self._guessed: dict[str, str] = {}
        self._header: QHeaderView | None = None
        probe = QComboBox(self)
        probe.hide()
        self.setFixedHeight(probe.sizeHint().height() + 4)
        probe.deleteLater()

    def set_columns(self, columns: list[str], guessed: dict[str, str] | None = None) -> None:
        """Show a chooser per column, set to ``guessed`` (default: ignore); emits nothing.

        The same columns again (the whole file after its preview) keep their choosers.
        """
        if [str(c) for c in columns] == self._columns and self._combos:
            self._guessed = {c: r for c, r in (guessed or {}).items() if r in ROLES}
            self.set_roles({c: self._guessed.get(c, "ignore") for c in self._columns})
            return
        for combo in self._combos:
            combo.hide()
            combo.deleteLater()
        self._columns = [str(c) for c in columns]
        self._guessed = {c: r for c, r in (guessed or {}).items() if r in ROLES}
        self._combos = []
        for name in self._columns:
            combo = QComboBox(self)
            combo.addItems(list(ROLES))
            combo.setCurrentText(self._guessed.get(name, "ignore"))
            combo.setToolTip(plain_text(f"How the model uses the column “{name}”."))
            combo.setAccessibleName(f"Role of column {name}")
            combo.currentTextChanged.connect(self._on_combo_changed)
            combo.show()
            self._combos.append(combo)
        self._place()

    def set_roles(self, roles: dict[str, str]) -> None:
        """Set choosers from ``roles`` (unknown columns or roles are ignored); emits nothing."""
        for name, combo in zip(self._columns, self._combos):
            if roles.get(name) in ROLES:
                combo.blockSignals(True)
                combo.setCurrentText(roles[name])
                combo.blockSignals(False)

    def roles(self) -> dict[str, str]:
        """The role chosen for every column."""
        return {name: combo.currentText() for name, combo in zip(self._columns, self._combos)}

    def overrides(self) -> dict[str, str]:
        """Only the columns whose chosen role differs from the guess."""
        return {c: r for c, r in self.roles().items() if self._guessed.get(c) != r}

    def combo(self, column: str) -> QComboBox:
        """The chooser for ``column`` (KeyError if there is none)."""
        try:
            return self._combos[self._columns.index(column)]
        except ValueError:
            raise KeyError(column) from None

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

    def _on_combo_changed(self, _role: str) -> None:
        self.sig_roles_changed.emit(self.roles())

    def _on_header_changed(self, *_args: object) -> None:
        self._place()

    def _place(self) -> None:
        height = self.height() - 4
        header = self._header
        if header is not None and not shiboken6.isValid(header):  # the table is being destroyed
            self._header = header = None
        if header is None or header.count() != len(self._combos):
            x = 0
            for combo in self._combos:
                width = max(combo.sizeHint().width(), 110)
                combo.setGeometry(x, 2, width, height)
                x += width + 4
            return
        origin = self.mapFromGlobal(header.viewport().mapToGlobal(QPoint(0, 0))).x()
        left_edge = origin
        right_edge = origin + header.viewport().width()
        for logical, combo in enumerate(self._combos):
            x = origin + header.sectionViewportPosition(logical)
            width = header.sectionSize(logical)
            visible = not header.isSectionHidden(logical) and x + width > left_edge and x < right_edge
            combo.setVisible(visible)
            if visible:
                start = max(x, left_edge)
                combo.setGeometry(start + 1, 2, min(x + width, right_edge) - start - 2, height)


class DataTable(QWidget):
    """A ``QTableView`` over a ``DataFrameModel`` with a ``RoleBar`` above its columns.

    The choosers show the roles, so the header shows names only; ``sig_roles_changed`` re-emits
    the bar's signal.
    """

    sig_roles_changed = Signal(dict)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = DataFrameModel(parent=self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setWordWrap(False)
        self.view.setAlternatingRowColors(True)
        self.view.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.view.verticalHeader().setDefaultSectionSize(self.view.fontMetrics().height() + 8)
        self.view.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.view.horizontalHeader().setDefaultAlignment(_LEFT)
        self.view.horizontalHeader().setResizeContentsPrecision(SIZE_ROWS)
        self.role_bar = RoleBar(self)
        self.role_bar.follow(self.view)
        self.role_bar.sig_roles_changed.connect(self._on_role_bar_roles_changed)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.role_bar)
        layout.addWidget(self.view)

    def set_frame(self, frame: pd.DataFrame | None, roles: dict[str, str] | None = None) -> None:
        """Show ``frame`` with ``roles`` (the guessed roles) in the choosers and the header.

        The same columns as before (the whole file after its preview) keep their widths, which
        the user may have changed; new columns are sized to their name and first rows.
        """
        same_columns = frame is not None and self.model.column_names() == [str(c) for c in frame.columns]
        self.model.set_frame(frame)
        columns = self.model.column_names()
        self.role_bar.set_columns(columns, roles or {})
        if same_columns:
            return
        header = self.view.horizontalHeader()
        metrics = self.view.fontMetrics()
        for col in range(len(columns)):
            # Measured here on the first rows' text: QTableView.sizeHintForColumn asks the model
            # for every role of every cell and took ~20 ms a column.
            texts = [self.model.cell_text(row, col) for row in range(min(self.model.rowCount(), SIZE_ROWS))]
            widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
            width = max(widest + 2 * metrics.averageCharWidth(), header.sectionSizeFromContents(col).width())
            header.resizeSection(col, min(max(width + 12, 110), 360))

    def _on_role_bar_roles_changed(self, roles: dict[str, str]) -> None:
        self.sig_roles_changed.emit(roles)
