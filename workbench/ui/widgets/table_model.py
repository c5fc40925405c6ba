"""A table model over a pandas DataFrame, and the table with its role choosers (``role_bar``).

``DataFrameModel`` does no per-row work up front: it keeps one reference to each column's
array and formats a cell only when the view asks for it, so a 1,000,000-row file opens as fast
as a 10-row one. pandas is not imported here; the caller's DataFrame brings it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt, Signal
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QHeaderView, QTableView, QVBoxLayout, QWidget

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import language, translate
from workbench.ui.widgets.fonts import plain_text
from workbench.ui.widgets.role_bar import RoleBar
from workbench.ui.widgets.role_bar import role_name as role_text

if TYPE_CHECKING:
    import pandas as pd
    from pandas.api.extensions import ExtensionArray

MISSING = "—"
"""What an empty cell (NaN, None, NA, NaT) shows, in the placeholder (grey) colour."""

MAX_CELL_CHARS = 200
"""Longer text is cut in the cell (with "…"); the tooltip shows up to ``MAX_TOOLTIP_CHARS``."""
MAX_TOOLTIP_CHARS = 2000
SIZE_ROWS = 50
# A column's pandas type in words, for a translated interface (English shows the type's own name).
_DTYPES = {"int64": QT_TRANSLATE_NOOP("DataFrameModel", "int64"),
           "Int64": QT_TRANSLATE_NOOP("DataFrameModel", "Int64"),
           "float64": QT_TRANSLATE_NOOP("DataFrameModel", "float64"),
           "Float64": QT_TRANSLATE_NOOP("DataFrameModel", "Float64"),
           "object": QT_TRANSLATE_NOOP("DataFrameModel", "object"),
           "string": QT_TRANSLATE_NOOP("DataFrameModel", "string"),
           "str": QT_TRANSLATE_NOOP("DataFrameModel", "str"),
           "bool": QT_TRANSLATE_NOOP("DataFrameModel", "bool"),
           "boolean": QT_TRANSLATE_NOOP("DataFrameModel", "boolean"),
           "category": QT_TRANSLATE_NOOP("DataFrameModel", "category"),
           "datetime64[ns]": QT_TRANSLATE_NOOP("DataFrameModel", "datetime64[ns]")}

def _dtype_text(dtype: str) -> str:
    return translate("DataFrameModel", _DTYPES[dtype]) if dtype in _DTYPES and language() != "en" else dtype
"""Column widths are fitted to the header and this many first rows..."""
SIZE_COLUMNS = 40
"""...in this many first columns; later ones to their header."""

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
        self._columns: list[ExtensionArray | None] = []  # each column's array, fetched when first shown
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

            # .array is a view, not a copy, and .array[i] is one cheap lookup; but taking it costs
            # ~0.4 ms a column, so a column's is taken when the view first asks for one of its cells
            # (a 2,000-column table shows a dozen).
            self._columns = [None] * frame.shape[1]
            self._names = [str(c) for c in frame.columns]
            numeric: dict[object, bool] = {}  # a table has a few distinct dtypes, however wide
            for t in frame.dtypes:
                if t not in numeric:
                    numeric[t] = is_numeric_dtype(t) and not is_bool_dtype(t)
            self._numeric = [numeric[t] for t in frame.dtypes]
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
        return format_cell(self._column(col)[row])

    def _column(self, col: int) -> ExtensionArray:
        array = self._columns[col]
        if array is None:
            assert self._frame is not None  # columns exist only while a frame is shown
            array = self._columns[col] = self._frame.iloc[:, col].array
        return array

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
            return format_cell(self._column(col)[row])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._numeric[col] else _LEFT
        if role == Qt.ItemDataRole.ForegroundRole:
            if is_missing(self._column(col)[row]):
                return QGuiApplication.palette().color(QPalette.ColorRole.PlaceholderText)
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            value = self._column(col)[row]
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
            return f"{label}\n{role_text(role_name)}" if role_name else label
        if role == Qt.ItemDataRole.ToolTipRole:
            role_name = self._roles.get(name)
            extra = translate("DataFrameModel", "\nrole: {role}").format(role=role_text(role_name)) \
                if role_name else ""
            return plain_text(translate("DataFrameModel", "{name}\ntype: {type}{role}").format(
                name=name, type=_dtype_text(self._dtypes[section]), role=extra))
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self._numeric[section] else _LEFT
        return None

class QuickHeader(QHeaderView):
    """A header whose size hint looks at the sections in view and the last one, not 200.

    Qt's own hint asks the model about the first and last 100 sections, some eight questions
    each, whenever the header data changes: 1,600 calls into Python for a wide table (or a long
    one, for the row numbers), each waiting for Python's lock while a file is read or analysed on
    a background thread, which froze the window for 0.4 s at a time. Small tables keep Qt's hint.
    """

    SAMPLE = 24

    def __init__(self, orientation: Qt.Orientation, parent: QWidget | None = None) -> None:
        super().__init__(orientation, parent)
        self._hint: QSize | None = None
        self.sectionCountChanged.connect(self.forget_hint)

    def forget_hint(self, *_args: object) -> None:
        """Work the hint out again at the next ask (the header's data or sections changed)."""
        self._hint = None

    def sizeHint(self) -> QSize:
        """The size that fits the sections in view and the last one."""
        count = self.count()
        if count <= 2 * self.SAMPLE:
            return super().sizeHint()
        if self._hint is None:
            first = max(self.visualIndexAt(0), 0)
            shown = {self.logicalIndex(v) for v in range(first, min(first + self.SAMPLE, count))}
            sizes = [self.sectionSizeFromContents(i) for i in {*shown, self.logicalIndex(count - 1)}]
            self._hint = QSize(max(s.width() for s in sizes), max(s.height() for s in sizes))
        return self._hint

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
        for orientation in (Qt.Orientation.Horizontal, Qt.Orientation.Vertical):
            header = QuickHeader(orientation, self.view)
            header.setSectionsClickable(True)
            header.setHighlightSections(True)
            self.model.headerDataChanged.connect(header.forget_hint)
            self.model.modelReset.connect(header.forget_hint)
            if orientation == Qt.Orientation.Horizontal:
                self.view.setHorizontalHeader(header)
            else:
                self.view.setVerticalHeader(header)
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
        char = metrics.averageCharWidth()
        for col in range(len(columns)):
            # Measured here on the first rows' text: QTableView.sizeHintForColumn asks the model
            # for every role of every cell and took ~20 ms a column. Past the first SIZE_COLUMNS
            # columns the name alone sizes a column, so a 2,000-column table opens at once.
            if col < SIZE_COLUMNS:
                rows = min(self.model.rowCount(), SIZE_ROWS)
                texts = [self.model.cell_text(row, col) for row in range(rows)]
                widest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
                from_header = header.sectionSizeFromContents(col).width()
                width = max(widest + 2 * char, from_header)
            else:
                width = metrics.horizontalAdvance(format_cell(columns[col], 60)) + 4 * char
            header.resizeSection(col, min(max(width + 12, 110), 360))

    def _on_role_bar_roles_changed(self, roles: dict[str, str]) -> None:
        self.sig_roles_changed.emit(roles)
