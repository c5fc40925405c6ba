"""The "?" button beside a chart or a group of settings: it opens the glossary at its term.

The generated forms end a field's tooltip with "See Glossary: <term>" where
``core.glossary.FIELD_TERMS`` names one, so no field's metadata has to.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QToolButton, QWidget

from workbench.core.glossary import FIELD_TERMS, GLOSSARY, find, title
from workbench.ui.i18n import translate
from workbench.ui.widgets.glossary_dialog import interface_language, open_glossary


def field_term(section: str, name: str) -> str:
    """The glossary term that explains setting ``section.name`` ("" when none does)."""
    return FIELD_TERMS.get(f"{section}.{name}", "")


def term_name(term: str) -> str:
    """How the interface names glossary term ``term`` (its Chinese name in a Chinese interface)."""
    key = find(term)
    return title(key, "zh") if key in GLOSSARY and interface_language() == "zh" else term


def with_glossary_hint(tip: str, term: str) -> str:
    """``tip`` ending with a pointer to the glossary entry ``term`` (unchanged without a term)."""
    if not term:
        return tip
    hint = translate("HelpButton", "See Glossary: {term}").format(term=term_name(term))
    return f"{tip}\n\n{hint}" if tip else hint


class HelpButton(QToolButton):
    """A small "?" that opens the glossary at ``term``; ``set_term`` changes it (a task's metric)."""

    def __init__(self, term: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setText("?")
        self.setAutoRaise(True)
        self.term = ""
        self.set_term(term)
        self.clicked.connect(self._on_clicked)

    def set_term(self, term: str) -> None:
        """Point at ``term`` (as the interface writes it: "f1", "R2" work too)."""
        self.term = find(term) or term
        self.setObjectName(f"help-{self.term}")
        name = term_name(self.term)
        self.setToolTip(translate("HelpButton", "What is “{term}”? Opens the glossary.").format(term=name))
        self.setAccessibleName(translate("HelpButton", "Explain {term}").format(term=name))

    def _on_clicked(self) -> None:
        open_glossary(self, self.term)



class TermRow(QWidget):
    """A row of labelled "?" buttons ("? loss", "? accuracy"…), one per term; ``set_terms`` renews it."""

    def __init__(self, terms: tuple[str, ...] = (), parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons: list[HelpButton] = []
        self._row = QHBoxLayout(self)
        self._row.setContentsMargins(0, 0, 0, 0)
        self._row.setSpacing(2)
        self._row.addWidget(QLabel(translate("HelpButton", "Explain:")))
        self._row.addStretch(1)
        self.set_terms(terms)

    def set_terms(self, terms: tuple[str, ...]) -> None:
        """One button per term, in order."""
        if tuple(b.term for b in self.buttons) == tuple(find(t) or t for t in terms):
            return
        layout = self._row
        for button in self.buttons:
            layout.removeWidget(button)
            button.deleteLater()
        self.buttons = []
        for i, term in enumerate(terms):
            button = HelpButton(term, self)
            button.setText(f"? {term_name(term)}")
            layout.insertWidget(1 + i, button)
            self.buttons.append(button)
