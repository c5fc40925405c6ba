"""Step 3, Train: device and training settings, start/pause/stop, progress and live curves.

Training-health warnings show as banners under the progress (one per kind) and, where they began
at a step, as marks on the loss chart; a new run starts with neither.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import RunConfig, TrainConfig
from workbench.core.events import EvalPoint, HealthWarning, Progress, RunStarted, RunState, TrainPoint
from workbench.ui.pages.session import Session
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text
from workbench.ui.widgets.forms import ConfigForm
from workbench.ui.widgets.health_banners import HealthBanners
from workbench.ui.widgets.plots import LivePlots
from workbench.ui.widgets.settings_scroll import SettingsScroll

METRIC_KEYS = {"text_classification": ["accuracy", "f1"], "tabular_classification": ["accuracy", "f1"],
               "language_modeling": ["perplexity"], "regression": ["r2", "mae"]}
LOSS_LABELS = {"language_modeling": "loss (nats per token)", "regression": "loss (MSE, standardised)"}
MAX_SAMPLES = 8
IDLE_TEXT = "Ready"
SETTINGS_WIDTH = 340  # the settings' column when the window has room: no row wraps


def format_duration(seconds: float | None) -> str:
    """'45 s', '3 min 05 s', '2 h 07 min'; an em dash when unknown."""
    if seconds is None or seconds != seconds or seconds < 0:
        return "—"
    s = round(seconds)
    if s < 60:
        return f"{s} s"
    if s < 3600:
        return f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def _samples(points: Sequence[TrainPoint | EvalPoint]) -> list[tuple[int, str]]:
    """(step, text) of each evaluation that came with generated text."""
    return [(p.step, p.sample) for p in points if isinstance(p, EvalPoint) and p.sample]


class TrainPage(QWidget):
    """Training settings on the left; progress, curves and (language models) samples on the right.

    ``sig_inspect_requested`` asks to see the run's attention (the "Inspect attention" button).
    """

    sig_inspect_requested = Signal()

    def __init__(self, session: Session, actions: dict[str, QAction], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._unit = "samples"
        self._task = ""
        self._throughput = 0.0
        self.name = QLineEdit()
        self.name.setToolTip(plain_text(RunConfig.__dataclass_fields__["name"].metadata["help"]))
        self.name.textEdited.connect(self._on_name_edited)
        self.device = QComboBox()
        self.device.setToolTip(plain_text(TrainConfig.__dataclass_fields__["device"].metadata["help"]))
        self.device.currentIndexChanged.connect(self._on_device_changed)
        self.set_devices(["auto", "cpu"])
        self.form = ConfigForm(TrainConfig, exclude=("device",))
        self.form.sig_changed.connect(self._on_form_changed)
        self.runs_label = plain_label()
        self.runs_label.setWordWrap(True)
        settings = QGroupBox("Training settings")
        top = QFormLayout()
        top.addRow("Run name", self.name)
        top.addRow("Device", self.device)
        # A narrow window puts a field under its label rather than cutting it off at the side.
        for form in (top, *self.form.findChildren(QFormLayout)):
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form_box = self.form.layout()
        if form_box is not None:  # no margins of its own: level with the rows above
            form_box.setContentsMargins(0, 0, 0, 0)
        box = QVBoxLayout(settings)
        box.addLayout(top)
        box.addWidget(self.form, 1)
        box.addWidget(self.runs_label)
        self.settings_scroll = SettingsScroll(preferred_width=SETTINGS_WIDTH)
        self.settings_scroll.setWidget(settings)

        self.buttons: dict[str, QToolButton] = {}
        buttons = QHBoxLayout()
        for key in ("train", "pause", "resume", "stop"):
            button = QToolButton()
            button.setDefaultAction(actions[key])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setMinimumWidth(96)
            buttons.addWidget(button)
            self.buttons[key] = button
        self.state_label = plain_label(IDLE_TEXT)
        self.state_label.setWordWrap(True)  # the words for stopping are long: two lines, not a wider window
        buttons.addSpacing(12)
        buttons.addWidget(self.state_label, 1)
        self.inspect_button = QPushButton("Inspect attention ▸")
        self.inspect_button.setToolTip(plain_text("Watch the model's attention change as it learns "
                                                  "(or click a point of the loss curve)."))
        self.inspect_button.clicked.connect(self.sig_inspect_requested)
        self.inspect_button.hide()
        buttons.addWidget(self.inspect_button)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat("not started")
        self.stats = plain_label(" ")
        self.health = HealthBanners()
        self.plots = LivePlots()
        self.samples = QPlainTextEdit()
        self.samples.setReadOnly(True)
        self.samples.setFont(QFont("monospace"))
        self.samples.setPlaceholderText("Text the model writes at each evaluation appears here.")
        self.samples.setMinimumWidth(160)
        self.samples_box = QGroupBox("What the model writes")
        QVBoxLayout(self.samples_box).addWidget(self.samples)
        self.samples_box.hide()
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.plots)
        charts.addWidget(self.samples_box)
        charts.setStretchFactor(0, 3)
        charts.setStretchFactor(1, 2)
        right = QVBoxLayout()
        right.addLayout(buttons)
        right.addWidget(self.progress)
        right.addWidget(self.stats)
        right.addWidget(self.health)
        right.addWidget(charts, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.settings_scroll)
        layout.addLayout(right, 1)
        session.sig_config_changed.connect(self._on_session_config_changed)
        self._show_config()

    # ------------------------------------------------------------------ public
    def attach(self, controller: Any) -> None:
        """Follow ``controller``'s GUI-thread signals."""
        controller.sig_started.connect(self._on_controller_started)
        controller.sig_points.connect(self._on_controller_points)
        controller.sig_progress.connect(self._on_controller_progress)
        controller.sig_state.connect(self._on_controller_state)
        controller.sig_health.connect(self._on_controller_health)

    def set_devices(self, names: list[str]) -> None:
        """The devices to offer (``core.device.available_devices()``)."""
        current = self.session.cfg.train.device
        self.device.blockSignals(True)
        self.device.clear()
        for name in dict.fromkeys([*names, current]):
            self.device.addItem("auto (GPU if there is one)" if name == "auto" else name, name)
        self.device.setCurrentIndex(self.device.findData(current))
        self.device.blockSignals(False)

    def set_runs_dir(self, path: str) -> None:
        """Say where run folders go."""
        set_plain_text(self.runs_label, f"Runs are saved in {path} (Settings → Runs folder…).")

    def show_history(self, points: Sequence[TrainPoint | EvalPoint], task: str) -> None:
        """Show a finished run's curves (and its samples, for a language model)."""
        self._prepare_for(task)
        self.plots.load_history(points)
        train = [p for p in points if isinstance(p, TrainPoint)]
        samples = _samples(points)
        if samples:
            self.add_samples(samples[-MAX_SAMPLES:])
        if train:
            step = train[-1].step
            self.progress.setRange(0, max(step, 1))
            self.progress.setValue(step)
            self.progress.setFormat(f"step {step:,} (a finished run)")

    def show_health(self, warnings: Sequence[HealthWarning]) -> None:
        """Show a run's health warnings (those of its summary) as banners and chart marks."""
        self.health.set_warnings(warnings)
        self.plots.marks.set_warnings(warnings)

    def add_samples(self, samples: list[tuple[int, str]]) -> None:
        """Prepend generated samples, newest first, keeping the last ``MAX_SAMPLES``."""
        blocks = [f"— step {step:,} —\n{text.strip()}" for step, text in reversed(samples)]
        old = self.samples.toPlainText().split("\n\n\n") if self.samples.toPlainText() else []
        self.samples.setPlainText("\n\n\n".join((blocks + old)[:MAX_SAMPLES]))

    # ------------------------------------------------------------------ controller signals
    def _prepare_for(self, task: str) -> None:
        self._task = task
        self.plots.clear()  # its health marks too
        self.health.clear()
        self.plots.set_metric_keys(METRIC_KEYS.get(task))
        self.plots.set_loss_label(LOSS_LABELS.get(task, "loss (cross-entropy)"))
        self.samples.clear()
        self.samples_box.setVisible(task == "language_modeling")

    def _on_controller_started(self, started: RunStarted) -> None:
        self._unit = started.unit
        self._throughput = 0.0
        self._prepare_for(started.task)
        total = max(started.total_steps, 1)
        self.plots.set_step_range(total)
        self.progress.setRange(0, total)
        self.progress.setValue(started.step)
        self.progress.setFormat(f"step {started.step:,} of {total:,}  (%p%)")

    def _on_controller_points(self, points: list[TrainPoint | EvalPoint]) -> None:
        self.plots.append_points(points)
        train = [p for p in points if isinstance(p, TrainPoint)]
        if train and math.isfinite(train[-1].items_per_s):
            self._throughput = train[-1].items_per_s
        samples = _samples(points)
        if samples:
            self.add_samples(samples)

    def _on_controller_health(self, warning: HealthWarning) -> None:
        self.health.add(warning)
        self.plots.marks.add(warning)

    def _on_controller_progress(self, progress: Progress) -> None:
        step, total = progress.step, max(progress.total_steps, 1)
        self.progress.setRange(0, total)
        self.progress.setValue(min(step, total))
        self.progress.setFormat(f"step {step:,} of {total:,}  (%p%)")
        parts = [f"epoch {progress.epoch:.2f}",
                 f"{format_duration(progress.elapsed)} elapsed",
                 f"about {format_duration(progress.eta_s)} left",
                 f"{progress.steps_per_s:.1f} steps/s"]
        if self._throughput:
            parts.append(f"{self._throughput:,.0f} {self._unit}/s")
        set_plain_text(self.stats, "   ·   ".join(parts))

    def _on_controller_state(self, state: RunState) -> None:
        set_plain_text(self.state_label, state.text or IDLE_TEXT)
        busy = state != RunState.IDLE
        self.name.setEnabled(not busy)
        self.device.setEnabled(not busy)
        self.form.setEnabled(not busy)

    # ------------------------------------------------------------------ session
    def _show_config(self) -> None:
        cfg = self.session.cfg
        if self.name.text() != cfg.name:
            self.name.setText(cfg.name)
        self.form.set_values(cfg.train)
        index = self.device.findData(cfg.train.device)
        if index < 0:
            self.device.addItem(cfg.train.device, cfg.train.device)
            index = self.device.count() - 1
        self.device.blockSignals(True)
        self.device.setCurrentIndex(index)
        self.device.blockSignals(False)

    def _on_session_config_changed(self, section: str, origin: object) -> None:
        if origin is not self and section in ("", "train", "name"):
            self._show_config()

    def _on_name_edited(self, text: str) -> None:
        self.session.update("name", text, origin=self)

    def _on_device_changed(self, _index: int) -> None:
        self.session.update("train", self._train_values(), origin=self)

    def _on_form_changed(self, _name: str) -> None:
        self.session.update("train", self._train_values(), origin=self)

    def _train_values(self) -> TrainConfig:
        values = self.form.get_values()
        values.device = self.device.currentData() or "auto"
        return values
