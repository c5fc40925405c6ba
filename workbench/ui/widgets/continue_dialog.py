"""The *Continue run* dialog: train a finished or stopped run further, with a new budget and rate."""

from __future__ import annotations

import math
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from workbench.core.config import RunConfig
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.fonts import plain_label


class ContinueDialog(QDialog):
    """More epochs (or steps, for a run with a step budget), a learning rate, early stopping."""

    def __init__(self, cfg: RunConfig, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("ContinueDialog", "Continue the run"))
        train, optim = cfg.train, cfg.optim
        self.by_steps = bool(train.max_steps)
        self.budget = int(train.max_steps if self.by_steps else train.epochs)
        self.more = QSpinBox()
        self.more.setRange(1, 1_000_000 if self.by_steps else 10_000)
        self.more.setValue(max(1, self.budget // 2))
        self.more.setSuffix(translate("ContinueDialog", " steps") if self.by_steps
                            else translate("ContinueDialog", " epochs"))
        self.lr = QLineEdit(f"{optim.lr:g}")
        self.lr.setToolTip(translate("ContinueDialog", "The learning rate from the next step on (the "
                                     "schedule continues from it)"))
        self.patience = QSpinBox()
        self.patience.setRange(0, 1000)
        self.patience.setValue(int(train.early_stopping_patience))
        self.patience.setSpecialValueText(translate("ContinueDialog", "off"))
        self.patience.setToolTip(translate("ContinueDialog", "Stop after this many evaluations without "
                                           "improvement (off: never)"))
        self.error = plain_label()
        self.error.setStyleSheet("color: #c62828")
        form = QFormLayout(self)
        trained = (translate("ContinueDialog", "The run trained for {count} steps.") if self.by_steps
                   else translate("ContinueDialog", "The run trained for {count} epochs.")).format(
            count=self.budget)
        form.addRow(plain_label(trained + translate("ContinueDialog", " It continues from its latest "
                                                    "checkpoint; the model and data stay as they are.")))
        form.addRow(translate("ContinueDialog", "Train for"), self.more)
        form.addRow(translate("ContinueDialog", "Learning rate"), self.lr)
        form.addRow(translate("ContinueDialog", "Early stopping"), self.patience)
        form.addRow(self.error)
        standard = QDialogButtonBox.StandardButton
        buttons = QDialogButtonBox(standard.Ok | standard.Cancel)
        ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
        if ok is not None:
            ok.setText(translate("ContinueDialog", "Continue training"))
        buttons.accepted.connect(self._on_accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.old_lr = float(optim.lr)
        self.old_patience = int(train.early_stopping_patience)

    def learning_rate(self) -> float | None:
        """The rate typed, or None when it is not a positive number."""
        try:
            value = float(self.lr.text().strip())
        except ValueError:
            return None
        return value if math.isfinite(value) and 0 < value <= 10 else None

    def _on_accept(self) -> None:
        if self.learning_rate() is None:
            self.error.setText(translate("ContinueDialog", "The learning rate must be a number above 0 and "
                                         "at most 10, e.g. 0.001."))
            return
        self.accept()

    def overrides(self) -> list[str]:
        """The ``section.key=value`` changes the dialog's answers make."""
        key = "train.max_steps" if self.by_steps else "train.epochs"
        changes = [f"{key}={self.budget + self.more.value()}"]
        lr = self.learning_rate()
        if lr is not None and not math.isclose(lr, self.old_lr):
            changes.append(f"optim.lr={lr!r}")
        if self.patience.value() != self.old_patience:
            changes.append(f"train.early_stopping_patience={self.patience.value()}")
        return changes


def ask_continue(parent: QWidget, run_path: Path) -> list[str] | None:
    """Ask how to continue the run in ``run_path``; its overrides, or None when cancelled."""
    from workbench.core import config as C
    from workbench.core.errors import WorkbenchError

    try:
        cfg = C.load(run_path / "config.toml")
    except WorkbenchError as exc:
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.warning(parent, translate("ContinueDialog", "Cannot continue the run"),
                            core_text(str(exc)))
        return None
    dialog = ContinueDialog(cfg, parent)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return dialog.overrides()
