"""A note on the Train page when the next run starts from another run's weights (``train.init_from``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QWidget

from workbench.ui.i18n import translate
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text


class ParentNote(QFrame):
    """"Starts from the weights of RUN …" with a "Start fresh" button; hidden when there is no parent."""

    sig_cleared = Signal()  # the user chose fresh weights

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.label = plain_label()
        self.label.setWordWrap(True)
        self.fresh = QPushButton(translate("ParentNote", "Start fresh"))
        self.fresh.setToolTip(plain_text(translate("ParentNote", "Start the next run from fresh random "
                                                             "weights instead.")))
        self.fresh.clicked.connect(self.sig_cleared)
        layout = QHBoxLayout(self)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.fresh)
        self.hide()

    def set_parent_run(self, folder: str) -> None:
        """Show that the next run starts from ``folder`` ("" hides the note)."""
        self.setVisible(bool(folder))
        if folder:
            text = translate("ParentNote", "Starts from the weights of {run} where their names and shapes "
                             "fit; the rest (a new head) starts fresh, and text is read with its tokenizer.")
            set_plain_text(self.label, text.format(run=Path(folder).name))
            self.label.setToolTip(plain_text(folder))
