"""Step 3, Train: device and training settings, start/pause/stop, progress and live curves.

Training-health warnings show as banners under the progress (one per kind) and, where they began
at a step, as marks on the loss chart; a new run starts with neither.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, QTimer, Signal
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

from workbench.core.baseline_words import chart_metric
from workbench.core.config import RunConfig, TrainConfig
from workbench.core.events import (
    Baseline,
    EvalPoint,
    HealthWarning,
    Progress,
    RunStarted,
    RunState,
    TrainPoint,
)
from workbench.core.glossary import GROUP_TERMS, task_terms
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.live_edit import ConfigChange
from workbench.core.log_config import LogConfig
from workbench.ui.i18n import core_text, field_text, translate
from workbench.ui.pages.session import Session
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text
from workbench.ui.widgets.forms import ConfigForm
from workbench.ui.widgets.health_banners import HealthBanners
from workbench.ui.widgets.help_button import HelpButton, TermRow
from workbench.ui.widgets.parent_note import ParentNote
from workbench.ui.widgets.pause_edits import PauseEdits
from workbench.ui.widgets.plots import LivePlots
from workbench.ui.widgets.replay import RunStory
from workbench.ui.widgets.settings_scroll import SettingsScroll

METRIC_KEYS = {"text_classification": ["accuracy", "f1"], "tabular_classification": ["accuracy", "f1"],
               "language_modeling": ["perplexity"], "regression": ["r2", "mae"]}
LOSS_LABELS = {"language_modeling": QT_TRANSLATE_NOOP("TrainPage", "loss (nats per token)"),
               "regression": QT_TRANSLATE_NOOP("TrainPage", "loss (MSE, standardised)")}
LOSS_LABEL = QT_TRANSLATE_NOOP("TrainPage", "loss (cross-entropy)")
UNITS = {"samples": QT_TRANSLATE_NOOP("TrainPage", "samples"),
         "tokens": QT_TRANSLATE_NOOP("TrainPage", "tokens")}
MAX_SAMPLES = 8
# The metric charts of the task the data was analysed for are made ahead: when the charts are
# empty, a moment after the analysis; else after Train, while the run prepares (in a child process,
# ~0.3 s). Made at a run's first redraw, the charts and the axes they squeeze took 25-60 ms of the
# window's thread in the run's busiest second.
CHARTS_AHEAD_MS = 120
CHARTS_IDLE_MS = 1000  # after an analysis: when the empty charts get the task's metric charts
IDLE_TEXT = QT_TRANSLATE_NOOP("TrainPage", "Ready")
SETTINGS_WIDTH = 340  # the settings' column when the window has room: no row wraps


def format_duration(seconds: float | None) -> str:
    """'45 s', '3 min 05 s', '2 h 07 min'; an em dash when unknown."""
    if seconds is None or seconds != seconds or seconds < 0:
        return "—"
    s = round(seconds)
    if s < 60:
        return translate("TrainPage", "{s} s").format(s=s)
    if s < 3600:
        return translate("TrainPage", "{m} min {s} s").format(m=s // 60, s=f"{s % 60:02d}")
    return translate("TrainPage", "{h} h {m} min").format(h=s // 3600, m=f"{s % 3600 // 60:02d}")


def _samples(points: Sequence[TrainPoint | EvalPoint]) -> list[tuple[int, str]]:
    """(step, text) of each evaluation that came with generated text."""
    return [(p.step, p.sample) for p in points if isinstance(p, EvalPoint) and p.sample]


def _step_of(step: int, total: int) -> str:
    """The progress bar's text during a run: "step 1,200 of 5,000  (24%)"."""
    text = translate("TrainPage", "step {step} of {total}  (%p%)")
    return text.format(step=f"{step:,}", total=f"{total:,}")


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
        self._state = RunState.IDLE
        self._throughput = 0.0
        self.name = QLineEdit()
        self.name.setToolTip(plain_text(field_text(RunConfig.__dataclass_fields__["name"].metadata["help"])))
        self.name.textEdited.connect(self._on_name_edited)
        self.device = QComboBox()
        self.device.setToolTip(plain_text(field_text(
            TrainConfig.__dataclass_fields__["device"].metadata["help"])))
        self.device.currentIndexChanged.connect(self._on_device_changed)
        self.set_devices(["auto", "cpu"])
        self.form = ConfigForm(TrainConfig, exclude=("device",))
        self.form.sig_changed.connect(self._on_form_changed)
        self.log_form = ConfigForm(LogConfig)  # [log]: logs for other tools (TensorBoard)
        self.log_form.sig_changed.connect(self._on_log_form_changed)
        self.runs_label = plain_label()
        self.runs_label.setWordWrap(True)
        settings = QGroupBox(translate("TrainPage", "Training settings"))
        top = QFormLayout()
        top.addRow(translate("TrainPage", "Run name"), self.name)
        top.addRow(translate("TrainPage", "Device"), self.device)
        # A narrow window puts a field under its label rather than cutting it off at the side.
        for form in (top, *self.form.findChildren(QFormLayout), *self.log_form.findChildren(QFormLayout)):
            form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        for section in (self.form, self.log_form):
            form_box = section.layout()
            if form_box is not None:  # no margins of its own: level with the rows above
                form_box.setContentsMargins(0, 0, 0, 0)
        self.pause_edits = PauseEdits()  # the running run's optimizer: editable while paused
        self.pause_edits.hide()
        box = QVBoxLayout(settings)
        box.addWidget(HelpButton(GROUP_TERMS["train"]), 0, Qt.AlignmentFlag.AlignRight)  # the group's "?"
        box.addWidget(self.pause_edits)
        self.parent_note = ParentNote()  # the next run starts from another run's weights
        self.parent_note.sig_cleared.connect(self._on_parent_note_cleared)
        box.addWidget(self.parent_note)
        box.addLayout(top)
        box.addWidget(self.form)
        box.addWidget(self.log_form)  # right under the training settings, not at the foot of the box
        box.addStretch(1)
        box.addWidget(self.runs_label)
        self.settings_scroll = SettingsScroll(preferred_width=SETTINGS_WIDTH)
        self.settings_scroll.setWidget(settings)

        self.buttons: dict[str, QToolButton] = {}
        buttons = QHBoxLayout()
        for key in ("train", "pause", "resume", "stop", "compare"):
            if key not in actions:  # "compare" ("Compare with…", shell.race) comes with the window's menus
                continue
            button = QToolButton()
            button.setDefaultAction(actions[key])
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            button.setMinimumWidth(96)
            buttons.addWidget(button)
            self.buttons[key] = button
        self.state_label = plain_label(translate("TrainPage", IDLE_TEXT))
        self.state_label.setWordWrap(True)  # the words for stopping are long: two lines, not a wider window
        buttons.addSpacing(12)
        buttons.addWidget(self.state_label, 1)
        self.inspect_button = QPushButton(translate("TrainPage", "Inspect attention ▸"))
        self.inspect_button.setToolTip(plain_text(translate(
            "TrainPage", "Watch the model's attention change as it learns "
            "(or click a point of the loss curve).")))
        self.inspect_button.clicked.connect(self.sig_inspect_requested)
        self.inspect_button.hide()
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.progress.setFormat(translate("TrainPage", "not started"))
        self.stats = plain_label(" ")
        self.health = HealthBanners()
        self.plots = LivePlots()
        self.chart_help = TermRow((*task_terms(""), GROUP_TERMS["lr_chart"]))  # "?" for the charts' terms
        self.samples = QPlainTextEdit()
        self.samples.setReadOnly(True)
        self.samples.setFont(QFont("monospace"))
        self.samples.setPlaceholderText(translate("TrainPage", "Text the model writes at each evaluation "
                                                  "appears here."))
        self.samples.setMinimumWidth(160)
        self.samples_box = QGroupBox(translate("TrainPage", "What the model writes"))
        QVBoxLayout(self.samples_box).addWidget(self.samples)
        self.samples_box.hide()
        self.story = RunStory(self.plots, self.add_samples, self.samples.clear, self)  # marks, Replay
        # Under the run's buttons, beside the progress bar: on one row with them the page would
        # be wider than a 1024-pixel window leaves it.
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.story.button)
        if "compare" in self.buttons:
            compare = self.buttons["compare"]
            buttons.removeWidget(compare)
            compare.setMinimumWidth(0)
            progress_row.addWidget(compare)
        progress_row.addWidget(self.inspect_button)
        charts = QSplitter(Qt.Orientation.Horizontal)
        charts.addWidget(self.plots)
        charts.addWidget(self.samples_box)
        charts.setStretchFactor(0, 3)
        charts.setStretchFactor(1, 2)
        right = QVBoxLayout()
        right.addLayout(buttons)
        right.addWidget(self.story.status)  # presenter mode: the run's state in words
        right.addLayout(progress_row)
        right.addWidget(self.stats)
        right.addWidget(self.health)
        right.addWidget(self.chart_help)
        right.addWidget(charts, 1)
        layout = QHBoxLayout(self)
        layout.addWidget(self.settings_scroll)
        layout.addLayout(right, 1)
        session.sig_config_changed.connect(self._on_session_config_changed)
        session.sig_analysis.connect(self._on_session_analysis)
        if session.analysis is not None:  # the page is made after a file was analysed
            self._on_session_analysis(session.analysis)
        self._show_config()

    # ------------------------------------------------------------------ public
    def attach(self, controller: Any) -> None:
        """Follow ``controller``'s GUI-thread signals."""
        controller.sig_started.connect(self._on_controller_started)
        controller.sig_points.connect(self._on_controller_points)
        controller.sig_progress.connect(self._on_controller_progress)
        controller.sig_state.connect(self._on_controller_state)
        controller.sig_health.connect(self._on_controller_health)
        controller.sig_baseline.connect(self._on_controller_baseline)
        controller.sig_run_config.connect(self.pause_edits.set_config)
        controller.sig_config_change.connect(self._on_controller_config_change)
        self.pause_edits.sig_changed.connect(controller.request_changes)

    def set_devices(self, names: list[str]) -> None:
        """The devices to offer (``core.device.available_devices()``)."""
        current = self.session.cfg.train.device
        self.device.blockSignals(True)
        self.device.clear()
        for name in dict.fromkeys([*names, current]):
            text = translate("TrainPage", "auto (GPU if there is one)") if name == "auto" else name
            self.device.addItem(text, name)
        self.device.setCurrentIndex(self.device.findData(current))
        self.device.blockSignals(False)

    def set_runs_dir(self, path: str) -> None:
        """Say where run folders go."""
        text = translate("TrainPage", "Runs are saved in {path} (Settings → Runs folder…).")
        set_plain_text(self.runs_label, text.format(path=path))

    def show_history(self, points: Sequence[TrainPoint | EvalPoint], task: str,
                     changes: Sequence[ConfigChange] = ()) -> None:
        """Show a finished run's curves (and its samples, for a language model), with a mark
        where its settings changed."""
        self._prepare_for(task)
        self.plots.load_history(points)
        self.plots.marks.set_changes(changes)
        self.story.show_run(points, self.session.cfg.optim.warmup_steps, changes)
        train = [p for p in points if isinstance(p, TrainPoint)]
        samples = _samples(points)
        if samples:
            self.add_samples(samples[-MAX_SAMPLES:])
        if train:
            step = train[-1].step
            self.progress.setRange(0, max(step, 1))
            self.progress.setValue(step)
            text = translate("TrainPage", "step {step} (a finished run)")
            self.progress.setFormat(text.format(step=f"{step:,}"))

    def show_health(self, warnings: Sequence[HealthWarning]) -> None:
        """Show a run's health warnings (those of its summary) as banners and chart marks."""
        self.health.set_warnings(warnings)
        self.plots.marks.set_warnings(warnings)

    def show_baseline(self, baseline: Baseline | None) -> None:
        """Show the simple reference model's validation score as a dashed level (None: none)."""
        self.plots.metrics.set_baseline(baseline, chart_metric(self._task))

    def add_samples(self, samples: list[tuple[int, str]]) -> None:
        """Prepend generated samples, newest first, keeping the last ``MAX_SAMPLES``."""
        blocks = [translate("TrainPage", "— step {step} —").format(step=f"{step:,}") + f"\n{text.strip()}"
                  for step, text in reversed(samples)]
        old = self.samples.toPlainText().split("\n\n\n") if self.samples.toPlainText() else []
        self.samples.setPlainText("\n\n\n".join((blocks + old)[:MAX_SAMPLES]))

    # ------------------------------------------------------------------ controller signals
    def _prepare_for(self, task: str) -> None:
        self._task = task
        self.plots.clear()  # its health marks too
        self.plots.metrics.set_baseline(None)
        self.health.clear()
        self.story.clear()
        self.plots.set_metric_keys(METRIC_KEYS.get(task))
        self.chart_help.set_terms((*task_terms(task), GROUP_TERMS["lr_chart"]))
        self.plots.set_loss_label(translate("TrainPage", LOSS_LABELS.get(task, LOSS_LABEL)))
        self.samples.clear()
        self.samples_box.setVisible(task == "language_modeling")

    def _on_controller_started(self, started: RunStarted) -> None:
        self._unit = started.unit
        self._throughput = 0.0
        from workbench.core.precision import device_peak  # torch: loaded by the run already

        self._mfu_of = (started.params, device_peak(started.device))  # a known CUDA card's peak, or None
        if not started.step or started.task != self._task:  # a continued run keeps its curves so far
            self._prepare_for(started.task)
        self.story.start_live(self.session.cfg.optim.warmup_steps, started.watch)
        total = max(started.total_steps, 1)
        self.plots.set_step_range(total)
        self.progress.setRange(0, total)
        self.progress.setValue(started.step)
        self.progress.setFormat(_step_of(started.step, total))

    def _on_controller_points(self, points: list[TrainPoint | EvalPoint]) -> None:
        self.plots.append_points(points)
        self.story.add_live(points)
        train = [p for p in points if isinstance(p, TrainPoint)]
        if train and math.isfinite(train[-1].items_per_s):
            self._throughput = train[-1].items_per_s
        samples = _samples(points)
        if samples:
            self.add_samples(samples)

    def _on_controller_health(self, warning: HealthWarning) -> None:
        self.health.add(warning)
        self.plots.marks.add(warning)

    def _on_controller_config_change(self, change: ConfigChange) -> None:
        self.plots.marks.add_change(change)

    def _on_controller_baseline(self, baseline: Baseline) -> None:
        self.show_baseline(baseline)

    def _on_controller_progress(self, progress: Progress) -> None:
        step, total = progress.step, max(progress.total_steps, 1)
        self.progress.setRange(0, total)
        self.progress.setValue(min(step, total))
        self.progress.setFormat(_step_of(step, total))
        parts = [translate("TrainPage", "epoch {epoch}").format(epoch=f"{progress.epoch:.2f}"),
                 translate("TrainPage", "{time} elapsed").format(time=format_duration(progress.elapsed)),
                 translate("TrainPage", "about {time} left").format(time=format_duration(progress.eta_s)),
                 translate("TrainPage", "{rate} steps/s").format(rate=f"{progress.steps_per_s:.1f}")]
        if self._throughput:
            unit = translate("TrainPage", UNITS[self._unit]) if self._unit in UNITS else self._unit
            parts.append(translate("TrainPage", "{rate} {unit}/s").format(rate=f"{self._throughput:,.0f}",
                                                                          unit=unit))
            params, peak = getattr(self, "_mfu_of", (0, None))
            if peak and self._unit == "tokens":  # on a GPU: how much of the card the model uses
                from workbench.core.precision import mfu

                parts.append(translate("TrainPage", "MFU about {share}").format(
                    share=f"{mfu(params, self._throughput, peak):.1%}"))
        set_plain_text(self.stats, "   ·   ".join(parts))

    def _on_controller_state(self, state: RunState) -> None:
        if state == RunState.PREPARING:
            QTimer.singleShot(CHARTS_AHEAD_MS, self, self._make_charts_ahead)
        self._state = state
        set_plain_text(self.state_label, core_text(state.text) or translate("TrainPage", IDLE_TEXT))
        busy = state != RunState.IDLE
        self.name.setEnabled(not busy)
        self.device.setEnabled(not busy)
        self.form.setEnabled(not busy)
        self.log_form.setEnabled(not busy)
        self.parent_note.setEnabled(not busy)
        self.pause_edits.setVisible(state in (RunState.RUNNING, RunState.PAUSED))
        self.pause_edits.set_paused(state == RunState.PAUSED)

    def _on_session_analysis(self, _analysis: object) -> None:
        QTimer.singleShot(CHARTS_IDLE_MS, self, self._make_charts_ahead)

    def _make_charts_ahead(self) -> None:
        """The metric charts of the analysed data's task, ahead of its run: once the data is
        analysed while the charts are empty, else while a run prepares (a run of another task makes
        its own when it starts; the curves shown stay until then)."""
        analysis = self.session.analysis
        task = analysis.task if analysis is not None else ""
        empty = self._state == RunState.IDLE and not self.plots.history.has_data()
        if (empty or self._state == RunState.PREPARING) and task in METRIC_KEYS \
                and self.plots.set_metric_keys(METRIC_KEYS[task]):
            self.plots.redraw_now()

    # ------------------------------------------------------------------ session
    def _show_config(self) -> None:
        cfg = self.session.cfg
        if self.name.text() != cfg.name:
            self.name.setText(cfg.name)
        self.form.set_values(cfg.train)
        self.log_form.set_values(cfg.log)
        self.parent_note.set_parent_run(cfg.train.init_from)
        index = self.device.findData(cfg.train.device)
        if index < 0:
            self.device.addItem(cfg.train.device, cfg.train.device)
            index = self.device.count() - 1
        self.device.blockSignals(True)
        self.device.setCurrentIndex(index)
        self.device.blockSignals(False)

    def _on_session_config_changed(self, section: str, origin: object) -> None:
        if origin is not self and section in ("", "train", "name", "log"):
            self._show_config()

    def _on_name_edited(self, text: str) -> None:
        self.session.update("name", text, origin=self)

    def _on_device_changed(self, _index: int) -> None:
        self.session.update("train", self._train_values(), origin=self)

    def _on_form_changed(self, _name: str) -> None:
        self.session.update("train", self._train_values(), origin=self)
        self.parent_note.set_parent_run(self.session.cfg.train.init_from)

    def _on_parent_note_cleared(self) -> None:
        self.session.update("train", dataclasses.replace(self.session.cfg.train, init_from=""))

    def _on_log_form_changed(self, _name: str) -> None:
        self.session.update("log", self.log_form.get_values(), origin=self)

    def _train_values(self) -> TrainConfig:
        values = self.form.get_values()
        values.device = self.device.currentData() or "auto"
        return values
