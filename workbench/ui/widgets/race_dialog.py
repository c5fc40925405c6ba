"""*Run → Compare with…*: what to change in a copy of the current setup, to race it against this one.

One row per group of common changes (optimizer, dropout, learning rate, tokenizer, model size:
``core.race.common_choices``), each "as now" until a change is picked, and a free line of
``section.key = value`` settings separated by ";" for anything else. The line says which two
runs will race; "Start race" checks the changes as ``--set`` would (``core.race.challenger``)
and stays open, with the reason, when one is wrong.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import RunConfig
from workbench.core.errors import ConfigError
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.race import Choice, challenger, race_names
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.fonts import plain_label, set_plain_text

TITLE = QT_TRANSLATE_NOOP("RaceDialog", "Compare with…")
INTRO = QT_TRANSLATE_NOOP("RaceDialog", "Train this setup and a copy with the changes below at the same "
                                        "time, and watch them race. On the CPU each run gets half of the "
                                        "cores.")
FREE_HINT = QT_TRANSLATE_NOOP("RaceDialog", "section.key = value; another.key = value")


def side_name(name: str) -> str:
    """A race side's name (``core.race.race_names``: labels joined by " · ") in the interface's language."""
    return " · ".join(core_text(part) for part in name.split(" · "))
ERROR_STYLE = "color: #c62828;"


class RaceDialog(QDialog):
    """Pick the challenger's changes; after ``exec()`` returns Accepted, ``challenger_config`` is
    the checked copy, ``picked`` the choices taken and ``names`` the two sides' names."""

    def __init__(self, cfg: RunConfig, choices: list[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("RaceDialog", TITLE))
        self.cfg = cfg
        self.challenger_config: RunConfig | None = None
        self.names = ("", "")
        self.combos: dict[str, QComboBox] = {}
        self._choices: dict[str, list[Choice]] = {}
        for choice in choices:
            self._choices.setdefault(choice.group, []).append(choice)
        intro = QLabel(translate("RaceDialog", INTRO))
        intro.setWordWrap(True)
        form = QFormLayout()
        for group, options in self._choices.items():
            combo = QComboBox()
            as_now = translate("RaceDialog", "as now ({current})")
            combo.addItem(as_now.format(current=core_text(options[0].base)))
            for choice in options:
                combo.addItem(core_text(choice.label), choice.label)
            combo.currentIndexChanged.connect(self._on_changed)
            form.addRow(core_text(group), combo)
            self.combos[group] = combo
        self.free = QLineEdit()
        self.free.setPlaceholderText(translate("RaceDialog", FREE_HINT))
        self.free.setToolTip(translate("RaceDialog", "Any other settings, as the command line's --set takes "
                                                     "them, e.g. train.batch_size = 32; model.d_model = 64"))
        self.free.textChanged.connect(self._on_changed)
        form.addRow(translate("RaceDialog", "Other changes"), self.free)
        self.preview = plain_label()
        self.preview.setWordWrap(True)
        self.error = plain_label()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = self.buttons.addButton(translate("RaceDialog", "Start race"),
                                                   QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.preview)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)
        self._on_changed()

    # ------------------------------------------------------------------ public
    def select(self, group: str, label: str) -> None:
        """Pick the change ``label`` of ``group`` (as a user choosing it in the list)."""
        combo = self.combos[group]
        found = combo.findData(label)
        combo.setCurrentIndex(found if found >= 0 else combo.findText(label))

    def picked(self) -> list[Choice]:
        """The choices picked, one per group at most."""
        out = []
        for group, combo in self.combos.items():
            if combo.currentIndex() > 0:
                out.append(self._choices[group][combo.currentIndex() - 1])
        return out

    def overrides(self) -> list[str]:
        """The challenger's ``section.key=value`` changes: the picked choices', then the free line's."""
        out = [o for choice in self.picked() for o in choice.overrides]
        out += [part.strip() for part in self.free.text().split(";") if part.strip()]
        return out

    def accept(self) -> None:
        """Close with the checked copy, or stay open saying what is wrong."""
        try:
            other = challenger(self.cfg, self.overrides())
        except ConfigError as exc:
            problems = "; ".join(core_text(str(p)) for p in exc.problems)
            set_plain_text(self.error, problems or core_text(str(exc)))
            self.error.show()
            return
        self.challenger_config = other
        self.names = race_names(self.cfg, other, self.picked())
        super().accept()

    # ------------------------------------------------------------------ internals
    def _on_changed(self, *_args: object) -> None:
        self.error.hide()
        try:
            names = race_names(self.cfg, challenger(self.cfg, self.overrides()), self.picked())
        except ConfigError:
            set_plain_text(self.preview, translate("RaceDialog", "Pick at least one change.")
                           if not self.overrides() else " ")
            return
        set_plain_text(self.preview, translate("RaceDialog", "Races “{this}” (this setup) against “{other}”.")
                       .format(this=side_name(names[0]), other=side_name(names[1])))
