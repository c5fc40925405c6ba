"""The table of runs (``core.runs_index.RunRow``): sortable by any column, filtered by text and status."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from workbench.core.errors import one_line
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.runs_index import RunRow
from workbench.ui.i18n import core_text, language, translate
from workbench.ui.widgets.fonts import plain_text

_Index = QModelIndex | QPersistentModelIndex
# (header, what a cell shows, what it sorts by)
COLUMNS: tuple[tuple[str, str], ...] = (
    (QT_TRANSLATE_NOOP("RunsTable", "Name"), "name"),
    (QT_TRANSLATE_NOOP("RunsTable", "Started"), "started"),
    (QT_TRANSLATE_NOOP("RunsTable", "Data"), "data_file"),
    (QT_TRANSLATE_NOOP("RunsTable", "Task"), "task"),
    (QT_TRANSLATE_NOOP("RunsTable", "Model"), "model_kind"),
    (QT_TRANSLATE_NOOP("RunsTable", "Size"), "params"),
    (QT_TRANSLATE_NOOP("RunsTable", "Metric"), "metric"),
    (QT_TRANSLATE_NOOP("RunsTable", "Best"), "best"),
    (QT_TRANSLATE_NOOP("RunsTable", "Final"), "final"),
    (QT_TRANSLATE_NOOP("RunsTable", "Test"), "test"),
    (QT_TRANSLATE_NOOP("RunsTable", "Steps"), "steps"),
    (QT_TRANSLATE_NOOP("RunsTable", "Time"), "wall_time_s"),
    (QT_TRANSLATE_NOOP("RunsTable", "Device"), "device"),
    (QT_TRANSLATE_NOOP("RunsTable", "Status"), "status"),
    (QT_TRANSLATE_NOOP("RunsTable", "Parent"), "parent"),
)
TASKS = {"text_classification": QT_TRANSLATE_NOOP("RunsTable", "text"),
         "tabular_classification": QT_TRANSLATE_NOOP("RunsTable", "table"),
         "tabular_regression": QT_TRANSLATE_NOOP("RunsTable", "regression"),
         "language_modeling": QT_TRANSLATE_NOOP("RunsTable", "language model")}
# Model kinds whose key is an English word (the others are names kept in every language: mlp, gpt).
MODEL_KINDS = {"bag": QT_TRANSLATE_NOOP("RunsTable", "bag")}
STATUS_COLOURS = {"failed": "#c62828", "interrupted": "#9a6700", "running": "#1f77b4"}
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_NUMERIC = frozenset({"params", "best", "final", "test", "steps", "wall_time_s", "started"})


def _size(params: int) -> str:
    if not params:
        return ""
    if params >= 1_000_000:
        return f"{params / 1e6:.1f} M"
    return f"{params / 1e3:.1f} k" if params >= 1000 else str(params)


def _duration(seconds: float) -> str:
    if seconds < 60:
        return f"{seconds:.0f} s"
    if seconds < 3600:
        return f"{seconds / 60:.1f} min"
    return f"{seconds / 3600:.1f} h"


def cell_text(row: RunRow, key: str) -> str:
    """What the cell of ``key`` shows for ``row``."""
    value = getattr(row, key)
    if key == "started":
        if not value:
            return ""
        if language() == "en":  # as it always was; other languages: the locale's short format
            return time.strftime("%Y-%m-%d %H:%M", time.localtime(value))
        moment = QDateTime.fromSecsSinceEpoch(int(value))
        return QLocale().toString(moment, QLocale.FormatType.ShortFormat)
    if key == "params":
        return _size(value)
    if key in ("best", "final", "test"):
        return "" if value is None else f"{value:.4f}"
    if key == "steps":
        return f"{row.steps:,} / {row.total_steps:,}" if row.total_steps else f"{row.steps:,}"
    if key == "wall_time_s":
        return _duration(value) if value else ""
    if key == "task":
        return translate("RunsTable", TASKS[value]) if value in TASKS else str(value)
    if key == "status":
        return core_text(str(value).replace("_", " "))
    if key == "model_kind":
        return translate("RunsTable", MODEL_KINDS[value]) if value in MODEL_KINDS else one_line(str(value))
    if key == "metric":
        return core_text(one_line(str(value)))
    return one_line(str(value))


class RunsModel(QAbstractTableModel):
    """The rows of a scan; ``set_rows`` replaces them all (a scan of 500 runs is one reset)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[RunRow] = []

    def set_rows(self, rows: list[RunRow]) -> None:
        """Show ``rows``."""
        self.beginResetModel()
        self.rows = list(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:
        """Runs."""
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:
        """Columns."""
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Column titles."""
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return translate("RunsTable", COLUMNS[section][0])
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text, sort key, alignment, colour and tooltip."""
        if not index.isValid():
            return None
        row, key = self.rows[index.row()], COLUMNS[index.column()][1]
        if role == Qt.ItemDataRole.DisplayRole:
            return cell_text(row, key)
        if role == Qt.ItemDataRole.UserRole:  # the sort key
            value = getattr(row, key)
            if key in _NUMERIC:
                return float("-inf") if value is None else float(value)
            return str(value).lower()
        if role == Qt.ItemDataRole.TextAlignmentRole and key in _NUMERIC and key != "started":
            return _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and key == "status" and row.status in STATUS_COLOURS:
            return QColor(STATUS_COLOURS[row.status])
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_text(row.path if key == "name" else cell_text(row, key))
        return None


class RunsFilter(QSortFilterProxyModel):
    """Rows whose name, data file, task or model contain the text, with the chosen status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = ""
        self.status = ""
        self.setSortRole(Qt.ItemDataRole.UserRole)

    def set_filter(self, text: str, status: str) -> None:
        """Show only matching rows ("" matches all)."""
        self.beginFilterChange()
        self.text, self.status = text.strip().lower(), status
        self.endFilterChange()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:  # noqa: N802 - Qt's API
        """Whether the row matches the text and the status."""
        model = self.sourceModel()
        assert isinstance(model, RunsModel)
        row = model.rows[source_row]
        if self.status and row.status != self.status:
            return False
        if not self.text:
            return True
        task = translate("RunsTable", TASKS[row.task]) if row.task in TASKS else ""
        haystack = " ".join((row.name, row.data_file, row.task, TASKS.get(row.task, ""), task, row.model_kind,
                             row.device, row.parent)).lower()
        return all(word in haystack for word in self.text.split())


class RunsTable(QTableView):
    """The view: whole rows selected (several with Ctrl/Shift), sortable, newest first."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.runs_model = RunsModel(self)
        self.proxy = RunsFilter(self)
        self.proxy.setSourceModel(self.runs_model)
        self.setModel(self.proxy)
        self.setSortingEnabled(True)
        self.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        for column, width in enumerate((230, 120, 120, 100, 110, 60, 80, 60, 60, 60, 100, 60, 60, 90)):
            self.setColumnWidth(column, width)

    def set_rows(self, rows: list[RunRow]) -> None:
        """Show ``rows``, keeping the selection of the runs still there."""
        chosen = {row.path for row in self.selected()}
        self.runs_model.set_rows(rows)
        selection = self.selectionModel()
        for r, row in enumerate(self.runs_model.rows):
            if row.path in chosen:
                index = self.proxy.mapFromSource(self.runs_model.index(r, 0))
                if index.isValid():
                    selection.select(index, selection.SelectionFlag.Select | selection.SelectionFlag.Rows)

    def selected(self) -> list[RunRow]:
        """The selected runs, in the order shown."""
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [self.runs_model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()] for r in rows]

    def shown(self) -> list[RunRow]:
        """The runs that pass the filter, in the order shown."""
        return [self.runs_model.rows[self.proxy.mapToSource(self.proxy.index(r, 0)).row()]
                for r in range(self.proxy.rowCount())]
