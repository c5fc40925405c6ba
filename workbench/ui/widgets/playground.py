"""Use a finished run: "Try it" (classify typed text) and "Generate" (continue a prompt).

Loading a run and running the model happen on the ``Background`` pool; the loaded run is kept
for the next request, so only the first one pays for reading the checkpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFormLayout,
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

from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.background import Background, error_text
from workbench.ui.widgets.fonts import plain_label, set_plain_text
from workbench.ui.widgets.generation_controls import GenerationControls

TRY_DELAY_MS = 300
MAX_CLASSES_SHOWN = 8


def add_probability_rows(grid: QGridLayout, probabilities: dict[str, float], limit: int,
                         bar_height: int | None = None) -> list[tuple[QLabel, QProgressBar]]:
    """Add a (class name, probability bar) row to ``grid`` for each of the ``limit`` likeliest
    classes, likeliest first, from row 0; returns the new widgets, row by row."""
    rows: list[tuple[QLabel, QProgressBar]] = []
    ranked = sorted(probabilities.items(), key=lambda kv: -kv[1])[:limit]
    for row, (name, p) in enumerate(ranked):
        label = plain_label(name)
        bar = QProgressBar()
        bar.setRange(0, 1000)
        bar.setValue(round(p * 1000))
        bar.setFormat(f"{p:.1%}")
        if bar_height is not None:
            bar.setMaximumHeight(bar_height)
        grid.addWidget(label, row, 0)
        grid.addWidget(bar, row, 1)
        rows.append((label, bar))
    return rows


def remove_probability_rows(rows: list[tuple[QLabel, QProgressBar]]) -> None:
    """Take rows made by ``add_probability_rows`` off the screen at once, and delete them."""
    for label, bar in rows:
        for widget in (label, bar):
            widget.setParent(None)  # gone now, not when an event loop next runs
            widget.deleteLater()


class RunCache:
    """Loads a run folder's model once (on the pool) and hands it to each request.

    ``label`` says which weights those are, in words ("best checkpoint (step 120)").
    """

    def __init__(self, background: Background) -> None:
        self._bg = background
        self._path = ""
        self._which = "best"
        self._run: Any = None
        self.label = "best checkpoint"

    def reset(self, path: str, which: str = "best", label: str = "best checkpoint") -> None:
        """Forget the loaded model; the next request loads ``path``'s ``which`` checkpoint ("best",
        or "latest": the final weights), described as ``label``."""
        self._path, self._which, self._run, self.label = path, which, None, label

    def call(self, key: str, work: Callable[[Any], Any], on_done: Callable[[Any], None],
             on_failed: Callable[[BaseException], None]) -> None:
        """Run ``work(loaded_run)`` in the background (loading the run first if needed)."""
        path, which, cached = self._path, self._which, self._run

        def job() -> tuple[Any, Any]:
            from workbench.core.pipeline import load_run

            run = cached if cached is not None else load_run(path, which=which, device="cpu")
            return run, work(run)

        def done(result: tuple[Any, Any]) -> None:
            if (path, which) == (self._path, self._which):
                self._run = result[0]
            on_done(result[1])

        self._bg.submit(key, job, done, on_failed, engine=True)


class TryItBox(QWidget):
    """Type a text, see the predicted class and every class's probability."""

    def __init__(self, cache: RunCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cache = cache
        self.input = QLineEdit()
        self.input.setPlaceholderText(translate("TryItBox", "Type a sentence, e.g. “a warm, funny and moving "
                                                "film”"))
        self.input.textChanged.connect(self._on_input_changed)
        self.input.returnPressed.connect(self.classify)
        self.prediction = plain_label("")
        font = self.prediction.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.prediction.setFont(font)
        self.status = plain_label("")
        self._grid = QGridLayout()
        self._rows: list[tuple[QLabel, QProgressBar]] = []
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(translate("TryItBox", "Type any text and the model classifies it as you "
                                          "type:")))
        layout.addWidget(self.input)
        layout.addWidget(self.prediction)
        layout.addLayout(self._grid)
        layout.addWidget(self.status)
        layout.addStretch(1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TRY_DELAY_MS)
        self._timer.timeout.connect(self.classify)

    def classify(self) -> None:
        """Classify the input now."""
        self._timer.stop()
        text = self.input.text()
        if not text.strip():
            self.show_result(None)
            return
        def work(run: Any) -> dict:
            from workbench.core.pipeline import predict_texts

            return predict_texts(run, [text])[0]

        set_plain_text(self.status, translate("TryItBox", "Thinking…"))
        self._cache.call("try-it", work, self.show_result, self._on_failed)

    def reset(self) -> None:
        """Forget the typed text and its result (another run is shown)."""
        self._timer.stop()
        self.input.blockSignals(True)  # an empty box has nothing to classify
        self.input.clear()
        self.input.blockSignals(False)
        self.show_result(None)

    def show_result(self, result: dict | None) -> None:
        """Show a ``predict_texts`` result (None clears)."""
        set_plain_text(self.status, "")
        remove_probability_rows(self._rows)
        self._rows = []
        if result is None:
            set_plain_text(self.prediction, "")
            return
        set_plain_text(self.prediction, f"→ {result['prediction']}")
        self._rows = add_probability_rows(self._grid, result["probabilities"], MAX_CLASSES_SHOWN)

    def _on_input_changed(self, _text: str) -> None:
        self._timer.start()

    def _on_failed(self, exc: BaseException) -> None:
        set_plain_text(self.status, translate("TryItBox", "Could not classify: {reason}").format(
            reason=core_text(error_text(exc))))


class GenerateBox(QWidget):
    """A prompt, length, temperature and top-k; the language model continues the prompt."""

    def __init__(self, cache: RunCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cache = cache
        self.prompt = QLineEdit()
        self.prompt.setPlaceholderText(translate("GenerateBox", "Start the text, e.g. “ROMEO:” (or leave "
                                                 "empty)"))
        self.prompt.returnPressed.connect(self.generate)
        self.knobs = GenerationControls(length=200)
        self.button = QPushButton(translate("GenerateBox", "Generate"))
        self.button.clicked.connect(self.generate)
        self.output = QPlainTextEdit()
        self.output.setReadOnly(True)
        self.output.setFont(QFont("monospace"))
        self.status = plain_label("")
        form = QFormLayout()
        form.addRow(translate("GenerateBox", "Prompt"), self.prompt)
        knobs = QHBoxLayout()
        knobs.addWidget(self.knobs)
        knobs.addStretch(1)
        knobs.addWidget(self.button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addLayout(knobs)
        layout.addWidget(self.output, 1)
        layout.addWidget(self.status)

    def reset(self) -> None:
        """Forget the prompt and the text written from it (another run is shown)."""
        self.prompt.clear()
        self.output.clear()
        set_plain_text(self.status, "")

    def generate(self) -> None:
        """Generate from the prompt in the background."""
        prompt, length = self.prompt.text(), self.knobs.length.value()
        temperature, top_k = self.knobs.temperature.value(), self.knobs.top_k.value() or None

        def work(run: Any) -> str:
            from workbench.core.pipeline import generate

            return generate(run, prompt, length, temperature, top_k)

        self.button.setEnabled(False)
        set_plain_text(self.status, translate("GenerateBox", "Writing…"))
        self._cache.call("generate", work, self._on_done, self._on_failed)

    def _on_done(self, text: str) -> None:
        self.button.setEnabled(True)
        set_plain_text(self.status, "")
        self.output.setPlainText(text)

    def _on_failed(self, exc: BaseException) -> None:
        self.button.setEnabled(True)
        set_plain_text(self.status, translate("GenerateBox", "Could not generate: {reason}").format(
            reason=core_text(error_text(exc))))
