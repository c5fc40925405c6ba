"""The settings a paused run may change: learning rate, schedule tail, weight decay, clipping, early stopping.

The editors are the config forms' own (``forms.ConfigForm``), limited to ``core.live_edit``'s
``PAUSE_EDITABLE`` fields, so labels, ranges and help come from the config as everywhere else. The
box shows the running run's settings (not the forms' setup for the next run), is editable only
while the run is paused, and emits the values that differ from the run's on every edit; the run
takes them when it resumes.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QGroupBox, QToolButton, QVBoxLayout, QWidget

from workbench.core.config import OptimConfig, RunConfig, TrainConfig
from workbench.core.errors import ConfigError
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.live_edit import PAUSE_EDITABLE, edited_config
from workbench.ui.i18n import translate
from workbench.ui.widgets.fonts import plain_label, set_plain_text
from workbench.ui.widgets.forms import ConfigForm, ProblemsLabel, humanize_problem

RUNNING_HINT = QT_TRANSLATE_NOOP("PauseEdits", "Pause the run to change these; it takes them from its "
                                                "next step.")
PAUSED_HINT = QT_TRANSLATE_NOOP("PauseEdits", "Changes take effect when you resume, from the next step, "
                                "and are marked on the loss chart.")


def _form(section: str, cls: type) -> ConfigForm:
    keep = PAUSE_EDITABLE[section]
    form = ConfigForm(cls, exclude=tuple(f.name for f in dataclasses.fields(cls) if f.name not in keep))
    form.set_advanced_expanded(True)  # few fields: all in sight, with no "Advanced" toggle among them
    for button in form.findChildren(QToolButton):
        button.hide()
    return form


class PauseEdits(QGroupBox):
    """Editors for the settings a paused run may change; ``sig_changed(values)`` on every edit.

    ``values`` is ``{"optim.lr": 0.0005, ...}``: each setting that differs from the run's (empty
    when none does, or while a value is not valid, which the box then names).
    """

    sig_changed = Signal(object)  # dict[str, Any]

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(translate("PauseEdits", "This run's optimizer"), parent)
        self.forms = {"optim": _form("optim", OptimConfig), "train": _form("train", TrainConfig)}
        self.hint = plain_label(translate("PauseEdits", RUNNING_HINT))
        self.hint.setWordWrap(True)
        self.problems = ProblemsLabel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.hint)
        for form in self.forms.values():
            form_box = form.layout()
            if form_box is not None:
                form_box.setContentsMargins(0, 0, 0, 0)
            form.sig_changed.connect(self._on_form_changed)
            layout.addWidget(form)
        layout.addWidget(self.problems)
        self._cfg: RunConfig | None = None
        self.set_paused(False)

    def set_config(self, cfg: RunConfig) -> None:
        """Show the running run's settings ``cfg`` (after a change: the new ones); emits nothing."""
        self._cfg = cfg
        for section, form in self.forms.items():
            form.set_values(getattr(cfg, section))
        self.problems.set_problems([])

    def set_paused(self, paused: bool) -> None:
        """Editable only while the run is paused."""
        for form in self.forms.values():
            form.setEnabled(paused)
        set_plain_text(self.hint, translate("PauseEdits", PAUSED_HINT) if paused
                       else translate("PauseEdits", RUNNING_HINT))

    def editor(self, key: str) -> QWidget:
        """The editor of ``key`` ("optim.lr"); KeyError for a setting a pause cannot change."""
        section, _, name = key.partition(".")
        return self.forms[section].editor(name)

    def values(self) -> dict[str, Any]:
        """The settings that differ from the run's, as ``{"section.field": value}``."""
        if self._cfg is None:
            return {}
        out: dict[str, Any] = {}
        for section, form in self.forms.items():
            shown, running = form.get_values(), getattr(self._cfg, section)
            for name in PAUSE_EDITABLE[section]:
                if getattr(shown, name) != getattr(running, name):
                    out[f"{section}.{name}"] = getattr(shown, name)
        return out

    def _on_form_changed(self, _name: str) -> None:
        values = self.values()
        if self._cfg is not None and values:
            try:
                edited_config(self._cfg, values)
            except ConfigError as exc:
                self.problems.set_problems([humanize_problem(p) for p in exc.problems])
                self.sig_changed.emit({})
                return
        self.problems.set_problems([])
        self.sig_changed.emit(values)
