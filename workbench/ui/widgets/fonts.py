"""Bundled fonts and safe display of text that comes from datasets.

Workbench ships Droid Sans Fallback so Chinese (and most other CJK text) renders as characters
rather than empty boxes on machines with no CJK font installed. ``install_fonts`` registers it
and appends it to the application font's family list, so Qt uses it only for the characters the
default family lacks; Latin text keeps the platform's look.

Text from a dataset is data, never markup: a review that reads ``<b>great</b>`` must show those
exact characters. Qt guesses "rich text" from the content in labels (``Qt.AutoText``), tooltips
and message boxes, so dataset text goes either into a plain-text label (``plain_label`` /
``set_plain_text``) or, where Qt guesses, through ``plain_text`` first.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtGui import Qt as QtGuiNamespace
from PySide6.QtWidgets import QLabel, QWidget

from workbench.core.errors import bounded

log = logging.getLogger(__name__)

FONT_DIR = Path(__file__).parents[3] / "resources" / "fonts"
FALLBACK_FILE = "DroidSansFallbackFull.ttf"
FALLBACK_FAMILY = "Droid Sans Fallback"

_registered: list[str] = []


def install_fonts(app: QGuiApplication, font_dir: Path = FONT_DIR) -> list[str]:
    """Register the bundled CJK fallback font and append it to ``app``'s default font families.

    Safe to call more than once. Returns the families now registered from ``font_dir``; an empty
    list (and a log message, never an exception) when the font file is missing or unreadable,
    in which case Chinese shows as boxes but everything else works.
    """
    if not _registered:
        path = font_dir / FALLBACK_FILE
        font_id = QFontDatabase.addApplicationFont(str(path)) if path.is_file() else -1
        if font_id < 0:
            log.warning("could not load the bundled fallback font %s; CJK text may show as boxes",
                        path)
            return []
        _registered.extend(QFontDatabase.applicationFontFamilies(font_id))
    font = app.font()
    families = list(font.families()) or [font.family()]
    added = [fam for fam in _registered if fam not in families]
    if added:
        font.setFamilies(families + added)
        app.setFont(font)
    return list(_registered)


def plain_text(value: object) -> str:
    """Markup that shows ``str(value)`` literally wherever Qt guesses plain vs rich text.

    Use it for tooltips, ``QMessageBox`` texts and ``Qt.AutoText`` labels that show dataset text
    or messages that quote it. Line breaks are kept; ``<``, ``>`` and ``&`` are escaped, so no
    text from a file can change fonts, hide itself or load a link. For a ``QLabel`` use
    ``plain_label``/``set_plain_text`` instead: a ``Qt.PlainText`` label needs no escaping.
    """
    text = "" if value is None else str(value)
    return QtGuiNamespace.convertFromPlainText(text.replace("\x00", ""),
                                               Qt.WhiteSpaceMode.WhiteSpaceNormal)


def plain_message(value: object) -> str:
    """``plain_text`` of an error message made one bounded, escaped line (``core.errors.bounded``):
    a message quoting a 50 MB value or a right-to-left override still makes a dialog at once."""
    return plain_text(bounded(value))


def set_plain_text(label: QLabel, value: object) -> None:
    """Show ``str(value)`` in ``label`` exactly as written (the label becomes ``Qt.PlainText``)."""
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setText("" if value is None else str(value).replace("\x00", ""))


def plain_label(value: object = "", parent: QWidget | None = None) -> QLabel:
    """A ``QLabel`` that never interprets its text as markup."""
    label = QLabel(parent)
    set_plain_text(label, value)
    return label
