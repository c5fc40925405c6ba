"""How a language model writes: length, temperature and top-k, one row of boxes.

The Results page's "Generate" tab and the Inspect view's input panel both use this row, so the
two offer the same ranges.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSpinBox, QWidget

from workbench.ui.i18n import translate
from workbench.ui.widgets.fonts import plain_text
from workbench.ui.widgets.number_edit import FloatSpin

MAX_LENGTH = 5000
MAX_TEMPERATURE = 2.0
MAX_TOP_K = 100_000
DEFAULT_TEMPERATURE = 0.8


class GenerationControls(QWidget):
    """Boxes for how many tokens to write, how randomly, and among how many likeliest tokens."""

    def __init__(self, length: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.length = QSpinBox()
        self.length.setRange(1, MAX_LENGTH)
        self.length.setValue(length)
        self.length.setToolTip(plain_text(translate("GenerationControls", "How many tokens (characters or "
                                                    "words) to write.")))
        self.temperature = FloatSpin(0.0, MAX_TEMPERATURE, 0.1)
        self.temperature.setValue(DEFAULT_TEMPERATURE)
        self.temperature.setMinimumWidth(80)  # its size hint fits only the "2" of the maximum
        self.temperature.setToolTip(plain_text(translate(
            "GenerationControls", "Randomness: 0 always picks the likeliest next token; "
            "higher values are more surprising (and less careful).")))
        self.top_k = QSpinBox()
        self.top_k.setRange(0, MAX_TOP_K)
        self.top_k.setSpecialValueText(translate("GenerationControls", "all"))
        self.top_k.setToolTip(plain_text(translate("GenerationControls", "Pick only among the k likeliest "
                                                   "next tokens (all = no limit).")))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for text, box in ((translate("GenerationControls", "Length"), self.length),
                          (translate("GenerationControls", "Temp."), self.temperature),
                          (translate("GenerationControls", "Top-k"), self.top_k)):
            label = QLabel(text)
            label.setToolTip(box.toolTip())
            label.setBuddy(box)
            layout.addWidget(label)
            layout.addWidget(box, 1)
