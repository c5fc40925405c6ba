"""*Help → Glossary*: a searchable list of the terms the interface shows, in English or Chinese.

One dialog per window, not modal, so it can stay open beside a chart while a presenter talks;
:func:`open_glossary` finds it (or makes it) and shows a term. The words live in
``workbench.core.glossary``; the dialog starts in the interface's language and a toggle shows the
other one.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from workbench.core.glossary import GLOSSARY, LANGUAGES, find, search, title
from workbench.ui.i18n import language, translate


def interface_language() -> str:
    """The language the interface speaks ("en" or "zh"), for the glossary's first view."""
    return "zh" if language().startswith("zh") else "en"


class GlossaryDialog(QDialog):
    """The glossary: a search box, the list of terms and the selected term's explanation."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("glossary")
        self.setWindowTitle(translate("GlossaryDialog", "Glossary"))
        self.language = interface_language()
        self.search = QLineEdit()
        self.search.setPlaceholderText(translate("GlossaryDialog", "Search the glossary (English or 中文)…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search_changed)
        self.language_box = QComboBox()
        for key, name in LANGUAGES.items():
            self.language_box.addItem(name, key)
        self.language_box.setCurrentIndex(self.language_box.findData(self.language))
        self.language_box.setToolTip(translate("GlossaryDialog",
                                               "Show the explanations in English or in Simplified Chinese"))
        self.language_box.currentIndexChanged.connect(self._on_language_changed)
        self.terms = QListWidget()
        self.terms.currentItemChanged.connect(self._on_term_changed)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.empty = QLabel(translate("GlossaryDialog", "No term matches. Try another word."))
        self.empty.hide()
        top = QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.language_box)
        body = QSplitter(Qt.Orientation.Horizontal)
        body.addWidget(self.terms)
        body.addWidget(self.text)
        body.setSizes([250, 470])
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.empty)
        layout.addWidget(body, 1)
        self.resize(760, 440)
        self._fill(list(GLOSSARY))

    # ------------------------------------------------------------------ public
    def show_term(self, name: str) -> bool:
        """Select ``name`` (as the interface writes it); False when the glossary has no such term."""
        term = find(name)
        if term is None:
            return False
        if term not in self.shown_terms():
            self.search.clear()
        for row in range(self.terms.count()):
            if self.terms.item(row).data(Qt.ItemDataRole.UserRole) == term:
                self.terms.setCurrentRow(row)
        return True

    def shown_terms(self) -> list[str]:
        """The terms listed now (those the search matches)."""
        return [self.terms.item(r).data(Qt.ItemDataRole.UserRole) for r in range(self.terms.count())]

    def current_term(self) -> str:
        """The term whose explanation is shown ("" when none)."""
        item = self.terms.currentItem()
        return "" if item is None else str(item.data(Qt.ItemDataRole.UserRole))

    def set_language(self, language: str) -> None:
        """Show names and explanations in ``language`` ("en" or "zh")."""
        self.language_box.setCurrentIndex(self.language_box.findData(language))

    # ------------------------------------------------------------------ internals
    def _fill(self, terms: list[str]) -> None:
        current = self.current_term()
        self.terms.blockSignals(True)
        self.terms.clear()
        for term in terms:
            other = title(term, "en" if self.language == "zh" else "zh")
            item = QListWidgetItem(f"{title(term, self.language)}  ·  {other}")
            item.setData(Qt.ItemDataRole.UserRole, term)
            self.terms.addItem(item)
        self.terms.blockSignals(False)
        self.empty.setVisible(not terms)
        keep = terms.index(current) if current in terms else 0
        if terms:
            self.terms.setCurrentRow(keep)
        self._show(self.current_term())

    def _show(self, term: str) -> None:
        if not term:
            self.text.clear()
            return
        entry = GLOSSARY[term]
        other = "en" if self.language == "zh" else "zh"
        self.text.setHtml(f"<h2>{escape(title(term, self.language))}</h2>"
                          f"<p style='font-size:large'>{escape(entry[self.language])}</p><hr>"
                          f"<p><b>{escape(title(term, other))}</b>: {escape(entry[other])}</p>")

    def _on_search_changed(self, text: str) -> None:
        self._fill(search(text, self.language))

    def _on_language_changed(self, _index: int) -> None:
        self.language = str(self.language_box.currentData())
        self._fill(search(self.search.text(), self.language))

    def _on_term_changed(self, current: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        self._show("" if current is None else str(current.data(Qt.ItemDataRole.UserRole)))


def open_glossary(anchor: QWidget, term: str = "") -> GlossaryDialog:
    """Show the glossary of ``anchor``'s window (made on first use), at ``term`` when given."""
    window = anchor.window()
    dialog = window.findChild(GlossaryDialog, "glossary")
    if dialog is None:
        dialog = GlossaryDialog(window)
    if term:
        dialog.show_term(term)
    dialog.show()
    dialog.raise_()
    dialog.activateWindow()
    return dialog
