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
from workbench.core.race import Choice, challenger, race_names
from workbench.ui.widgets.fonts import plain_label, set_plain_text

TITLE = "Compare with…"
INTRO = ("Train this setup and a copy with the changes below at the same time, and watch them race. "
         "On the CPU each run gets half of the cores.")
FREE_HINT = "section.key = value; another.key = value"
ERROR_STYLE = "color: #c62828;"


class RaceDialog(QDialog):
    """Pick the challenger's changes; after ``exec()`` returns Accepted, ``challenger_config`` is
    the checked copy, ``picked`` the choices taken and ``names`` the two sides' names."""

    def __init__(self, cfg: RunConfig, choices: list[Choice], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(TITLE)
        self.cfg = cfg
        self.challenger_config: RunConfig | None = None
        self.names = ("", "")
        self.combos: dict[str, QComboBox] = {}
        self._choices: dict[str, list[Choice]] = {}
        for choice in choices:
            self._choices.setdefault(choice.group, []).append(choice)
        intro = QLabel(INTRO)
        intro.setWordWrap(True)
        form = QFormLayout()
        for group, options in self._choices.items():
            combo = QComboBox()
            combo.addItem(f"as now ({options[0].base})")
            combo.addItems([c.label for c in options])
            combo.currentIndexChanged.connect(self._on_changed)
            form.addRow(group, combo)
            self.combos[group] = combo
        self.free = QLineEdit()
        self.free.setPlaceholderText(FREE_HINT)
        self.free.setToolTip("Any other settings, as the command line's --set takes them, e.g. "
                             "train.batch_size = 32; model.d_model = 64")
        self.free.textChanged.connect(self._on_changed)
        form.addRow("Other changes", self.free)
        self.preview = plain_label()
        self.preview.setWordWrap(True)
        self.error = plain_label()
        self.error.setWordWrap(True)
        self.error.setStyleSheet(ERROR_STYLE)
        self.error.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.start_button = self.buttons.addButton("Start race", QDialogButtonBox.ButtonRole.AcceptRole)
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
        self.combos[group].setCurrentText(label)

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
            set_plain_text(self.error, "; ".join(str(p) for p in exc.problems) or str(exc))
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
            set_plain_text(self.preview, "Pick at least one change." if not self.overrides() else " ")
            return
        set_plain_text(self.preview, f"Races “{names[0]}” (this setup) against “{names[1]}”.")
