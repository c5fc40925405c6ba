"""Runs' settings side by side: one column per run, one row per setting, differences highlighted."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QCheckBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from workbench.core.errors import one_line
from workbench.ui.i18n import translate
from workbench.ui.widgets.fonts import plain_text

HIGHLIGHT = "#fff3c4"  # a soft yellow, legible in light and dark text
MAX_VALUE_CHARS = 80


def _show(value: Any) -> str:
    if value is None:
        return "—"
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    text = one_line(text)
    return text if len(text) <= MAX_VALUE_CHARS else text[: MAX_VALUE_CHARS - 1] + "…"


def differing(settings: list[dict[str, Any]]) -> list[str]:
    """The keys whose values are not the same in every one of ``settings``."""
    keys = sorted({k for s in settings for k in s})
    return [k for k in keys if len({json.dumps(s.get(k), sort_keys=True, default=str) for s in settings}) > 1]


class ConfigDiff(QWidget):
    """The table, with a switch between "only what differs" and every setting."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.only_differences = QCheckBox(translate("ConfigDiff", "Only what differs"))
        self.only_differences.setChecked(True)
        self.table = QTableWidget()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.only_differences)
        layout.addWidget(self.table, 1)
        self.names: list[str] = []
        self.settings: list[dict[str, Any]] = []
        self.only_differences.toggled.connect(self._fill)

    def set_runs(self, names: list[str], settings: list[dict[str, Any]]) -> None:
        """Compare the flat settings (``{"section.field": value}``) of the runs ``names``."""
        self.names, self.settings = list(names), list(settings)
        self._fill()

    def differing_keys(self) -> list[str]:
        """The settings that differ between the runs shown."""
        return differing(self.settings) if len(self.settings) > 1 else []

    def _fill(self) -> None:
        changed = set(self.differing_keys())
        every = {k for s in self.settings for k in s}
        keys = sorted(changed) if self.only_differences.isChecked() else sorted(every)
        self.table.clear()
        self.table.setColumnCount(len(self.names))
        self.table.setRowCount(len(keys))
        self.table.setHorizontalHeaderLabels([one_line(n) for n in self.names])
        self.table.setVerticalHeaderLabels(keys)
        brush = QBrush(QColor(HIGHLIGHT))
        for r, key in enumerate(keys):
            for c, values in enumerate(self.settings):
                item = QTableWidgetItem(_show(values.get(key)))
                full = json.dumps(values.get(key), ensure_ascii=False, default=str)
                item.setToolTip(plain_text(full[:2000]))
                if key in changed:
                    item.setBackground(brush)
                    item.setForeground(QBrush(QColor("#202020")))
                    font = item.font()
                    font.setBold(True)
                    item.setFont(font)
                item.setTextAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        if not keys and len(self.settings) > 1:
            self.table.setRowCount(1)
            self.table.setVerticalHeaderLabels([""])
            same = translate("ConfigDiff", "The runs have the same settings.")
            self.table.setItem(0, 0, QTableWidgetItem(same))
