"""The *Export model…* dialog: format, weights and file; the export runs in the background and the
dialog shows what was written and how the file compared with PyTorch (``core.export``).

ONNX needs optional packages; when they are missing its choice is off and the dialog says how to
get them. The dialog stays open while the export runs, so its result is read where it was asked for.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.background import Background, error_text
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text

SUFFIX = {"onnx": ".onnx", "torchscript": ".pt"}
FILTERS = {"onnx": QT_TRANSLATE_NOOP("ExportModelDialog", "ONNX model (*.onnx)"),
           "torchscript": QT_TRANSLATE_NOOP("ExportModelDialog", "TorchScript model (*.pt)")}
NOTE = QT_TRANSLATE_NOOP("ExportModelDialog",
                         "The file takes the same encoded inputs as the model and returns its outputs; "
                         "JSON files beside it hold the tokenizer and the data spec, so it runs without "
                         "Workbench.")


def onnx_note(missing: list[str]) -> str:
    """What to tell a user whose ONNX packages are missing ("" when none are)."""
    if not missing:
        return ""
    return translate("ExportModelDialog", "ONNX export needs the optional package(s) {packages}. Install "
                     "them with: pip install \"workbench[export]\", then restart Workbench. TorchScript "
                     "needs nothing more.").format(packages=", ".join(missing))


class ExportModelDialog(QDialog):
    """Export the model of the run in ``run_dir``; ``sig_exported(lines)`` when a file was written."""

    sig_exported = Signal(list)

    def __init__(self, run_dir: str | Path, background: Background, parent: QWidget | None = None,
                 missing_onnx: list[str] | None = None) -> None:
        super().__init__(parent)
        from workbench.core.export import missing_onnx_packages

        self.setWindowTitle(translate("ExportModelDialog", "Export model"))
        self.run_dir = Path(run_dir)
        self.background = background
        self.missing = missing_onnx_packages() if missing_onnx is None else missing_onnx
        self.formats = QButtonGroup(self)
        self.radios: dict[str, QRadioButton] = {}
        row = QHBoxLayout()
        onnx = translate("ExportModelDialog", "ONNX (onnxruntime, most languages)")
        for fmt, text in (("onnx", onnx),
                          ("torchscript", translate("ExportModelDialog", "TorchScript (PyTorch)"))):
            radio = QRadioButton(text)
            radio.setObjectName(f"format-{fmt}")
            self.formats.addButton(radio)
            self.radios[fmt] = radio
            row.addWidget(radio)
            radio.toggled.connect(self._on_format_toggled)
        self.radios["onnx"].setEnabled(not self.missing)
        self.radios["onnx"].setToolTip(plain_text(onnx_note(self.missing)))
        self.weights = QComboBox()
        self.weights.addItem(translate("ExportModelDialog", "Best on validation"), "best")
        self.weights.addItem(translate("ExportModelDialog", "Latest"), "latest")
        self.path = QLineEdit(str(self.run_dir / "model.onnx"))
        browse = QPushButton(translate("ExportModelDialog", "Browse…"))
        browse.clicked.connect(self._on_browse_clicked)
        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(browse)
        form = QFormLayout()
        form.addRow(translate("ExportModelDialog", "Format"), row)
        form.addRow(translate("ExportModelDialog", "Weights"), self.weights)
        form.addRow(translate("ExportModelDialog", "File"), file_row)
        self.missing_label = plain_label(onnx_note(self.missing))
        self.missing_label.setWordWrap(True)
        self.missing_label.setVisible(bool(self.missing))
        self.missing_label.setObjectName("onnx-missing")
        note = plain_label(translate("ExportModelDialog", NOTE))
        note.setWordWrap(True)
        self.outcome = QLabel()
        self.outcome.setWordWrap(True)
        self.outcome.setObjectName("export-result")
        self.outcome.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # paths to copy
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.export_button = self.buttons.addButton(translate("ExportModelDialog", "Export"),
                                                    QDialogButtonBox.ButtonRole.ActionRole)
        self.export_button.clicked.connect(self._on_export_clicked)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.missing_label)
        layout.addWidget(note)
        layout.addWidget(self.outcome)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.radios["torchscript" if self.missing else "onnx"].setChecked(True)
        self.setMinimumWidth(560)

    def fmt(self) -> str:
        """The chosen format, "onnx" or "torchscript"."""
        return next(f for f, radio in self.radios.items() if radio.isChecked())

    def busy(self) -> bool:
        """Whether an export is running."""
        return not self.export_button.isEnabled()

    def result_text(self) -> str:
        """What the dialog says about the last export (written files and parity, or the error)."""
        return self.outcome.text()

    def export(self) -> None:
        """Start the export with what the dialog shows (the Export button)."""
        fmt, out, which = self.fmt(), Path(self.path.text().strip()), str(self.weights.currentData())
        if not out.name:
            set_plain_text(self.outcome, translate("ExportModelDialog", "Say which file to write."))
            return
        run_dir = self.run_dir

        def work() -> list[str]:
            from workbench.core.export import export_run

            return export_run(run_dir, fmt, out, checkpoint=which).describe()

        self._set_busy(True)
        set_plain_text(self.outcome,
                       translate("ExportModelDialog", "Exporting, then checking the file against PyTorch…"))
        self.background.submit("export-model", work, self._on_job_done, self._on_job_failed, engine=True)

    def _set_busy(self, busy: bool) -> None:
        for widget in (self.export_button, self.path, self.weights, *self.radios.values()):
            widget.setEnabled(not busy)
        self.radios["onnx"].setEnabled(not busy and not self.missing)

    def _on_job_done(self, lines: Any) -> None:
        self._set_busy(False)
        done = translate("ExportModelDialog", "Done.")
        set_plain_text(self.outcome, "\n".join([done, *map(core_text, lines)]))
        self.adjustSize()  # the dialog grows to show every line
        self.sig_exported.emit(list(lines))

    def _on_job_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        set_plain_text(self.outcome, translate("ExportModelDialog", "Not exported: {reason}").format(
            reason=core_text(error_text(exc))))
        self.adjustSize()  # the dialog grows to show every line

    def _on_export_clicked(self) -> None:
        self.export()

    def _on_format_toggled(self, checked: bool) -> None:
        if not checked:
            return
        path = Path(self.path.text().strip() or self.run_dir / "model")
        if path.suffix.lower() in (".onnx", ".pt"):  # a name the user chose keeps its own suffix
            self.path.setText(str(path.with_suffix(SUFFIX[self.fmt()])))

    def _on_browse_clicked(self) -> None:
        fmt = self.fmt()
        title = translate("ExportModelDialog", "Export model")
        path, _ = QFileDialog.getSaveFileName(self, title, self.path.text(),
                                              translate("ExportModelDialog", FILTERS[fmt]))
        if path:
            self.path.setText(path if Path(path).suffix else path + SUFFIX[fmt])
