"""An amber note under a settings field: a caution about its value, not an error.

A problem (``forms.ProblemsLabel``, red) stops a run; a note does not: the user may mean the
value ("test what too high a learning rate does"), so Train stays enabled. ``place_under`` puts
the note in the field column of the form row right below the field's editor, where the eye is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from workbench.ui.widgets.fonts import set_plain_text

_AMBER = (214, 140, 0)  # the colour of a data finding that is worth a look (``check_list``)


class FieldNote(QLabel):
    """A word-wrapped, amber-tinted note; hidden while it has nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        r, g, b = _AMBER
        self.setStyleSheet(f"QLabel {{ border-left: 3px solid rgb({r}, {g}, {b}); "
                           f"background: rgba({r}, {g}, {b}, 30); border-radius: 3px; padding: 4px 6px; }}")
        self.set_note("")

    def set_note(self, text: str) -> None:
        """Say ``text`` (plain, never markup); an empty text hides the note."""
        set_plain_text(self, text)
        self.setVisible(bool(text))
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """A new width wraps the text anew: fit the height to it."""
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        # A form row is as tall as the label's size hint, which wraps the text for a narrower width
        # than the row gives it: the note would stand in a box twice its height.
        height = self.heightForWidth(self.width())
        if height > 0 and height != self.height():
            self.setFixedHeight(height)


def place_under(editor: QWidget, note: QWidget) -> bool:
    """Insert ``note`` as a new form row right under ``editor``, in its field column.

    The form is the ``QFormLayout`` that holds ``editor`` anywhere inside its parent widget (a
    ``ConfigForm`` keeps basic and advanced rows in two). False when no form holds it.
    """
    parent = editor.parentWidget()
    for form in parent.findChildren(QFormLayout) if parent is not None else []:
        for row in range(form.rowCount()):
            item = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if item is not None and item.widget() is editor:
                form.insertRow(row + 1, "", note)
                return True
    return False
