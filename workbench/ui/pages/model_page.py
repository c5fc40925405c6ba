"""Step 2, Model: the network and optimizer forms, size presets, and a live size estimate.

A setting unusual enough to spoil a run (``core.health.check_config``: a learning rate far above
what its optimizer is used with) gets an amber note under its field as it is typed; a note is a
caution, not a problem, so Train stays enabled.
"""

from __future__ import annotations

import copy
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import ModelConfig, OptimConfig, RunConfig
from workbench.core.data.analysis import TASK_LABELS
from workbench.core.glossary import GROUP_TERMS
from workbench.core.health import check_config
from workbench.ui.i18n import core_text, field_text, translate
from workbench.ui.pages.presets import DESCRIPTIONS, PRESET_NAMES, PRESETS, apply_preset
from workbench.ui.pages.session import Session
from workbench.ui.widgets.background import Background, error_text
from workbench.ui.widgets.field_note import FieldNote, place_under
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text
from workbench.ui.widgets.forms import ConfigForm, ProblemsLabel, humanize_problem
from workbench.ui.widgets.help_button import HelpButton

ESTIMATE_DELAY_MS = 200
# Fields that a model kind does not read; their editors are greyed out for it.
UNUSED_FIELDS = {
    "mlp": ("d_model", "n_layers", "n_heads", "ff_mult", "block_size", "pooling"),
    "transformer": ("block_size", "hidden"),
    "bag": ("n_layers", "n_heads", "ff_mult", "block_size", "pooling", "hidden"),
    "gpt": ("pooling", "hidden"),
    "ft_transformer": ("block_size", "pooling", "hidden"),
}
# The presets' names and descriptions (``presets.DESCRIPTIONS``), marked for translation here.
PRESET_TEXTS = (
    QT_TRANSLATE_NOOP("ModelPage", "Tiny"),
    QT_TRANSLATE_NOOP("ModelPage", "Small"),
    QT_TRANSLATE_NOOP("ModelPage", "Medium"),
    QT_TRANSLATE_NOOP("ModelPage", "Trains in seconds on a laptop; good for a first look."),
    QT_TRANSLATE_NOOP("ModelPage", "A sensible default: a few minutes on a CPU."),
    QT_TRANSLATE_NOOP("ModelPage", "Learns more, and takes longer; a GPU helps."),
)


def run_estimate(cfg: RunConfig, spec: Any) -> dict[str, Any]:
    """The resolved model kind and its size as display strings (runs on the pool: imports torch)."""
    from workbench.core.device import resolve_device
    from workbench.core.errors import ConfigError
    from workbench.core.memory import fit_problem
    from workbench.core.models import estimate, format_bytes, format_count, resolve_kind

    kind = resolve_kind(cfg.model, spec.task)
    est = estimate(cfg, spec)
    try:
        too_big = fit_problem(cfg, spec, resolve_device(cfg.train.device))
    except ConfigError:  # a device that is not there: the Train page says so
        too_big = None
    return {"kind": kind, "params": est.params, "params_text": format_count(est.params),
            "weights_text": format_bytes(est.weight_bytes), "train_text": format_bytes(est.train_bytes),
            "too_big": too_big}


class ModelPage(QWidget):
    """Model and optimizer settings; ``problems()`` lists what stops a run from starting."""

    sig_problems_changed = Signal()

    def __init__(self, session: Session, background: Background, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._bg = background
        self._estimate_problem = ""
        self.last_estimate: dict[str, Any] | None = None
        self._notes: dict[str, FieldNote] = {}  # by setting ("optim.lr"), made when first needed
        self.forms = {"model": ConfigForm(ModelConfig), "optim": ConfigForm(OptimConfig)}
        for key, form in self.forms.items():
            form.sig_changed.connect(lambda _name, k=key: self._on_form_changed(k))

        self.preset_buttons: dict[str, QPushButton] = {}
        presets = QHBoxLayout()
        presets.addWidget(QLabel(translate("ModelPage", "Size presets:")))
        for name in PRESET_NAMES:
            button = QPushButton(translate("ModelPage", name))
            button.setToolTip(plain_text(translate("ModelPage", DESCRIPTIONS[name])))
            button.clicked.connect(lambda *_a, n=name: self.apply_preset(n))
            presets.addWidget(button)
            self.preset_buttons[name] = button
        self.preset_hint = plain_label()
        presets.addWidget(self.preset_hint, 1)

        card = QFrame()
        card.setFrameShape(QFrame.Shape.StyledPanel)
        self.size_label = plain_label(self._placeholder())
        font = self.size_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.size_label.setFont(font)
        self.memory_label = plain_label()
        self.memory_label.setWordWrap(True)
        card_layout = QVBoxLayout(card)
        card_layout.addWidget(self.size_label)
        card_layout.addWidget(self.memory_label)
        self.problems_label = ProblemsLabel()

        boxes = QHBoxLayout()
        for key, title in (("model", translate("ModelPage", "Network")),
                           ("optim", translate("ModelPage", "Optimizer"))):
            box = QGroupBox(title)
            scroll = QScrollArea()
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QScrollArea.Shape.NoFrame)
            scroll.setWidget(self.forms[key])
            box_layout = QVBoxLayout(box)
            box_layout.addWidget(HelpButton(GROUP_TERMS[key]), 0, Qt.AlignmentFlag.AlignRight)  # "?"
            box_layout.addWidget(scroll)
            boxes.addWidget(box, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(presets)
        layout.addWidget(card)
        layout.addWidget(self.problems_label)
        layout.addLayout(boxes, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(ESTIMATE_DELAY_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        session.sig_config_changed.connect(self._on_session_config_changed)
        session.sig_analysis.connect(self._on_session_analysis)
        self._show_config()

    # ------------------------------------------------------------------ public
    def problems(self) -> list[str]:
        """What is wrong with the model or optimizer settings (plain language)."""
        found = [humanize_problem(p) for p in self.session.problems() if p.section in ("model", "optim")]
        if self._estimate_problem:
            found.append(self._estimate_problem)
        return found

    def notes(self) -> dict[str, str]:
        """The cautions shown under fields, by setting ("optim.lr")."""
        return {setting: note.text() for setting, note in self._notes.items() if note.text()}

    def task(self) -> str:
        """The task the presets are for: the detected one, else the configured one."""
        analysis = self.session.analysis
        if analysis is not None and analysis.task:
            return str(analysis.task)
        return self.session.cfg.data.task

    def apply_preset(self, name: str) -> None:
        """Apply preset ``name`` for the current task."""
        task = self.task()
        if task not in PRESETS:
            return
        changed = apply_preset(self.session.cfg, task, name)
        for section in PRESETS[task][name]:
            self.session.update(section, getattr(changed, section))

    # ------------------------------------------------------------------ internals
    def _show_config(self) -> None:
        for key, form in self.forms.items():
            form.set_values(getattr(self.session.cfg, key))
        self._update_presets()
        self._refresh_problems()
        self._refresh_notes()
        self._timer.start()

    def _refresh_notes(self) -> None:
        said = {w.setting: w.text for w in check_config(self.session.cfg) if w.setting}
        for setting in {*said, *self._notes}:
            note = self._note(setting)
            if note is not None:
                note.set_note(core_text(said.get(setting, "")))

    def _note(self, setting: str) -> FieldNote | None:
        """The note under ``setting``'s field, placed when first needed; None when no form shows it."""
        if setting not in self._notes:
            section, _, name = setting.partition(".")
            try:
                editor = self.forms[section].editor(name)
            except KeyError:
                return None
            note = FieldNote()
            if not place_under(editor, note):
                return None
            self._notes[setting] = note
        return self._notes[setting]

    def _update_presets(self) -> None:
        task = self.task()
        for button in self.preset_buttons.values():
            button.setEnabled(task in PRESETS)
        if task in PRESETS:
            shown = field_text(task)  # the task's name in the interface's language
            hint = translate("ModelPage", "for {task}").format(
                task=TASK_LABELS[task].lower() if shown == task else shown)
        else:
            hint = translate("ModelPage", "(load data to choose a preset)")
        set_plain_text(self.preset_hint, hint)

    def _refresh_problems(self) -> None:
        self.problems_label.set_problems(self.problems())
        self.sig_problems_changed.emit()

    def _on_form_changed(self, key: str) -> None:
        self.session.update(key, self.forms[key].get_values(), origin=self)
        self._refresh_problems()
        self._refresh_notes()
        self._timer.start()

    def _on_session_config_changed(self, section: str, origin: object) -> None:
        if origin is self:
            return
        if section in ("", "model", "optim"):
            self._show_config()
        elif section in ("data", "train"):  # max length and batch size change the estimate
            self._refresh_problems()
            self._timer.start()

    def _on_session_analysis(self, _analysis: Any) -> None:
        self._update_presets()
        self._timer.start()

    def _on_timer_timeout(self) -> None:
        analysis = self.session.analysis
        spec = analysis.spec if analysis is not None else None
        if spec is None or any(p.section == "model" for p in self.session.problems()):
            if spec is None:
                self._show_estimate(None)
            return
        if self.last_estimate is None and not self._estimate_problem:
            set_plain_text(self.size_label, translate("ModelPage", "Working out the model's size…"))
        cfg = copy.deepcopy(self.session.cfg)
        sized = spec.sized(cfg.data.max_length, cfg.model.block_size)
        self._bg.submit("estimate", lambda: run_estimate(cfg, sized), self._show_estimate,
                        self._on_estimate_failed, engine=True)

    def _show_estimate(self, result: dict[str, Any] | None) -> None:
        self.last_estimate = result
        before = self._estimate_problem
        # A model too big for this machine's memory: Train waits, saying which settings to lower.
        too_big = result.get("too_big") if result is not None else None
        self._estimate_problem = humanize_problem(too_big) if too_big is not None else ""
        changed = before != self._estimate_problem
        if result is None:
            set_plain_text(self.size_label, self._placeholder())
            set_plain_text(self.memory_label, "")
        else:
            batch = self.session.cfg.train.batch_size
            set_plain_text(self.size_label, translate("ModelPage", "{count} parameters  ·  {kind}").format(
                count=result["params_text"], kind=field_text(result["kind"])))
            set_plain_text(self.memory_label, translate(
                "ModelPage", "Weights take {weights}; one training step with batches of {batch} needs "
                "about {memory} of memory.").format(weights=result["weights_text"], batch=f"{batch:,}",
                                                    memory=result["train_text"]))
            for name in ModelConfig.__dataclass_fields__:
                try:
                    editor = self.forms["model"].editor(name)
                except KeyError:
                    continue
                editor.setEnabled(name not in UNUSED_FIELDS.get(result["kind"], ()))
            if result["kind"] == "mlp":  # its size is the hidden layers, an advanced field
                self.forms["model"].set_advanced_expanded(True)
        if changed:
            self._refresh_problems()

    def _placeholder(self) -> str:
        analysis = self.session.analysis
        if analysis is not None and analysis.error:
            return translate("ModelPage", "The size shows once the data's problems are fixed (see Data).")
        if self.session.source is not None or self.session.is_loading():
            return translate("ModelPage", "Reading the data…")
        return translate("ModelPage", "Open a data file to see the model's size.")

    def _on_estimate_failed(self, exc: BaseException) -> None:
        self.last_estimate = None
        self._estimate_problem = core_text(error_text(exc))
        set_plain_text(self.size_label,
                       translate("ModelPage", "The model cannot be built with these settings."))
        set_plain_text(self.memory_label, "")
        self._refresh_problems()
