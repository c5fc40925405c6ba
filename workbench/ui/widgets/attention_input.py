"""The Inspect view's input panel: pick a validation example or type your own, see the answer.

Classifiers classify the typed text as you type; language models continue it when asked, with
length, temperature and top-k controls. The panel only collects intent and shows results; the
view runs the model.
"""

from __future__ import annotations

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import translate
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text
from workbench.ui.widgets.generation_controls import GenerationControls
from workbench.ui.widgets.playground import add_probability_rows, remove_probability_rows

TYPE_DELAY_MS = 300
MAX_CLASSES_SHOWN = 4
YOUR_TEXT = QT_TRANSLATE_NOOP("InputPanel", "Your own text (type below)")


class InputPanel(QWidget):
    """Example picker, text box, language-model knobs, and the model's answer."""

    sig_example_chosen = Signal(int)  # index of a probed example; -1 for the typed text
    sig_text_submitted = Signal(str)
    sig_generate = Signal(str, int, float, int)  # prompt, length, temperature, top-k (0 = all)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = ""
        self._n_examples = 0
        self.examples = QComboBox()
        self.examples.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.examples.setMinimumContentsLength(16)
        self.examples.setToolTip(plain_text(translate("InputPanel", "Validation examples the model was "
                                                      "watched on while it trained; their attention has a "
                                                      "timeline.")))
        self.examples.currentIndexChanged.connect(self._on_examples_changed)
        self.text = QLineEdit()
        self.text.textEdited.connect(self._on_text_edited)
        self.text.returnPressed.connect(self._on_button_clicked)
        self.button = QPushButton(translate("InputPanel", "Show"))
        self.button.clicked.connect(self._on_button_clicked)
        self.knobs = GenerationControls(length=100)
        self.prediction = plain_label()
        font = self.prediction.font()
        font.setBold(True)
        self.prediction.setFont(font)
        self.prediction.setWordWrap(True)
        self._bars = QGridLayout()
        self._bars.setColumnStretch(1, 1)
        self._bar_rows: list[tuple[QLabel, QProgressBar]] = []
        self.generated = QPlainTextEdit()
        self.generated.setReadOnly(True)
        self.generated.setFont(QFont("monospace"))
        self.generated.setPlaceholderText(translate("InputPanel", "The model's text appears here."))
        self.generated.setMaximumHeight(90)
        self.status = plain_label()
        self.status.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.examples)
        layout.addLayout(row)
        layout.addWidget(self.knobs)
        layout.addWidget(self.prediction)
        layout.addLayout(self._bars)
        layout.addWidget(self.generated)
        layout.addWidget(self.status)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TYPE_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.set_kind("", [])

    # ------------------------------------------------------------------ public
    def set_kind(self, kind: str, labels: list[str]) -> None:
        """Configure for a model kind ("text", "lm", "table"; "" = nothing) and its probed examples."""
        self.kind = kind
        self._n_examples = len(labels)
        self.examples.blockSignals(True)
        self.examples.clear()
        for i, label in enumerate(labels):
            self.examples.addItem(f"{i + 1}. {label}")
        typed = kind in ("text", "lm")
        if typed:
            self.examples.addItem(translate("InputPanel", YOUR_TEXT))
        self.examples.blockSignals(False)
        self.examples.setEnabled(self.examples.count() > 0)
        self.text.setVisible(typed)
        self.button.setVisible(typed)
        self.knobs.setVisible(kind == "lm")
        self.generated.setVisible(kind == "lm")
        self.button.setText(translate("InputPanel", "Write") if kind == "lm"
                            else translate("InputPanel", "Show"))
        self.text.clear()
        self.generated.clear()
        self.set_status("")
        self.text.setPlaceholderText(
            translate("InputPanel", "Start a text and press Write, e.g. “ROMEO:”") if kind == "lm"
            else translate("InputPanel", "Type a sentence to classify it and see its attention"))
        self.show_outputs("", None)

    def choose(self, index: int) -> None:
        """Select example ``index`` (-1: the typed text) without emitting ``sig_example_chosen``."""
        row = self._n_examples if index < 0 else index
        if 0 <= row < self.examples.count():
            self.examples.blockSignals(True)
            self.examples.setCurrentIndex(row)
            self.examples.blockSignals(False)

    def show_outputs(self, title: str, probabilities: dict[str, float] | None) -> None:
        """A headline (e.g. "→ positive") and, for classifiers, the top class probabilities."""
        set_plain_text(self.prediction, title)
        self.prediction.setVisible(bool(title))
        remove_probability_rows(self._bar_rows)
        self._bar_rows = add_probability_rows(self._bars, probabilities or {}, MAX_CLASSES_SHOWN,
                                              bar_height=18)

    def show_generated(self, text: str) -> None:
        """The language model's prompt and continuation."""
        self.generated.setPlainText(text)

    def set_status(self, text: str) -> None:
        """A short line under the answer ("Thinking…", an error)."""
        set_plain_text(self.status, text)

    # ------------------------------------------------------------------ handlers
    def _on_examples_changed(self, row: int) -> None:
        self.sig_example_chosen.emit(-1 if row >= self._n_examples else row)
        if row >= self._n_examples:
            self.text.setFocus()

    def _on_text_edited(self, _text: str) -> None:
        self.choose(-1)
        if self.kind == "text":
            self._timer.start()

    def _on_timer_timeout(self) -> None:
        if self.text.text().strip():
            self.sig_text_submitted.emit(self.text.text())

    def _on_button_clicked(self) -> None:
        self._timer.stop()
        self.choose(-1)
        if self.kind == "lm":
            self.sig_generate.emit(self.text.text(), self.knobs.length.value(),
                                   self.knobs.temperature.value(), self.knobs.top_k.value())
        elif self.text.text().strip():
            self.sig_text_submitted.emit(self.text.text())
