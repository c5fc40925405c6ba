"""Settings fitted to a file the user opens, and which of them the user has made their own.

When a new data file is opened (File → Open, a drop, a recent data file; not a saved setup, an
example or a run folder), ``Session`` starts it on a clean setup and, once its analysis is in,
asks ``core.defaults.fitted_config`` for one that suits it, on the background pool: the fit
times a few training steps, about a second and a half. ``FitState`` remembers what that needs,
by one rule:

    A setting the user changes after opening the file is theirs from then on: no fit, the
    first or a later one, changes it.

A fit runs again when the analysis says the model will learn something else (another target,
task or text column, since the model preset depends on the task); a learning rate typed by hand
survives it, and so does a target picked before the first fit landed. What to learn (task,
target, text column) is the Data page's to show as guessed or chosen, so a fit never writes it.
Opening a saved setup, an example or a run ends the fitting: those keep their own settings.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Any

from workbench.core.config import RunConfig
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, language, translate

FITTING_TEXT = QT_TRANSLATE_NOOP("FitState", "Fitting settings to this file…")
# Shown by the Data page as guessed or chosen; the fit leaves them as the user has them.
_WHAT_TO_LEARN = ("data.task", "data.target", "data.text_column")


def changed_fields(section: str, old: Any, new: Any) -> set[str]:
    """The settings ("section.key", or "name") that differ between two values of ``section``."""
    if not dataclasses.is_dataclass(old) or not dataclasses.is_dataclass(new):
        return {section} if old != new else set()
    return {f"{section}.{f.name}" for f in dataclasses.fields(old)
            if getattr(old, f.name) != getattr(new, f.name)}


def summary(notes: list[str]) -> str:
    """One line from the fit's notes: each choice, with its figure where it has one.

    "Max length 40 tokens: covers 97% of the texts in 'text' (the longest has 59)" becomes
    "max length 40 tokens (covers 97% of the texts in 'text')". A reason with a number (what a
    choice covers or costs) stays, and so does the example a model's settings come from; one
    that argues why a choice suits ("a small table learns better from …") is left out.
    """
    if language() != "en":  # a translated note is whole: the cut below reads English
        return translate("FitState", "Settings fitted to this file: {choices}.").format(
            choices=translate("FitState", "; ").join(core_text(n) for n in notes)) if notes else ""
    parts = []
    for note in notes:
        head, _, why = note.partition(": ")
        if head == "Model":  # "Model: <which>: <whose settings they are>"
            head, _, why = why.partition(": ")
        why = why.split(" (")[0].split(" here ")[0]
        keep = any(c.isdigit() for c in why) or "example" in why
        parts.append(head[:1].lower() + head[1:] + (f" ({why})" if why and keep else ""))
    return translate("FitState", "Settings fitted to this file: {choices}.").format(
        choices="; ".join(parts)) if parts else ""


class FitState:
    """Whether the session's file gets fitted settings, what the user changed, what was fitted.

    Plain data, no Qt: ``Session`` calls it as files open, settings change and fits land.
    """

    def __init__(self) -> None:
        self._reset()

    def _reset(self) -> None:
        self.active = False  # the file was opened as a new file: it gets fitted settings
        self.running = False  # a fit is on its way
        self.edited: set[str] = set()  # settings the user changed since the file was opened
        self.fitted_for: tuple[str, str, str] | None = None  # what to learn, as the last fit saw it
        self.note = ""  # what the last fit chose (or why it could not), one line

    def begin(self, current: RunConfig, name: str, path: str) -> RunConfig:
        """A new file: the clean setup it starts from, until its fit lands.

        Nothing made for the previous data stays (its model, schedule and text settings would
        mislead); where the run goes (device, threads, seed) does, as with ``fitted_config``.
        """
        from workbench.core.defaults import RUN_KEYS  # imports numpy: not on the first window's path

        self._reset()
        self.active = True
        cfg = RunConfig(name=name)
        cfg.data.path = path
        for key in RUN_KEYS:
            setattr(cfg.train, key, getattr(current.train, key))
        return cfg

    def end(self) -> None:
        """A saved setup, an example or a run: its settings are kept as they are."""
        self._reset()

    def note_edit(self, section: str, old: Any, new: Any) -> None:
        """The user changed ``section`` from ``old`` to ``new``."""
        if self.active:
            self.edited |= changed_fields(section, old, new)

    def wants_fit(self, analysis: Any) -> bool:
        """Whether ``analysis`` (current, of the session's file) calls for a fit: this file gets
        fitted settings, it can train, and it learns something other than the last fit saw."""
        return (self.active and analysis is not None and not analysis.error
                and _learns(analysis) != self.fitted_for)

    def started(self, analysis: Any) -> tuple[str, ...]:
        """A fit for ``analysis`` is on its way; the settings it must keep (``fitted_config``'s ``keep``)."""
        self.running, self.fitted_for = True, _learns(analysis)
        self.note = translate("FitState", FITTING_TEXT)
        return tuple(sorted(self.edited | set(_WHAT_TO_LEARN)))

    def landed(self, fitted: Any, current: RunConfig) -> RunConfig:
        """The config to use: ``fitted`` (a ``Fitted``) with the user's changes made meanwhile."""
        self.running = False
        self.note = summary(fitted.notes)
        cfg = copy.deepcopy(fitted.config)
        for key in self.edited | set(_WHAT_TO_LEARN):
            if key == "name":
                cfg.name = current.name
                continue
            section, name = key.split(".", 1)
            setattr(getattr(cfg, section), name, copy.deepcopy(getattr(getattr(current, section), name)))
        return cfg

    def failed(self, message: str) -> None:
        """The fit failed: the clean setup stays, and the note says why."""
        self.running = False
        self.note = translate("FitState", "Settings could not be fitted to this file ({reason}); the "
                              "defaults stay.").format(reason=message)


def _learns(analysis: Any) -> tuple[str, str, str]:
    """What a model of ``analysis`` learns: its task, target and text column."""
    return str(analysis.task), str(analysis.target), str(analysis.text_column)
