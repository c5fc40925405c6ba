"""*Help → Glossary* (F1): the glossary of the terms the interface shows (``widgets.glossary_dialog``)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu

from workbench.ui.i18n import translate
from workbench.ui.widgets.glossary_dialog import open_glossary


def add_glossary_action(window: QMainWindow, menu: QMenu) -> QAction:
    """Add "Glossary" to ``menu``; it opens (or raises) the window's glossary."""
    action = QAction(translate("Menus", "&Glossary…"), window)
    action.setObjectName("glossary-action")
    action.setShortcut(QKeySequence(QKeySequence.StandardKey.HelpContents))
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setStatusTip(translate(
        "Menus", "What the words on the screen mean: loss, accuracy, learning rate, attention…"))
    action.triggered.connect(lambda *_a: open_glossary(window))
    menu.addAction(action)
    return action
