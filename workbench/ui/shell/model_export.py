"""*File → Export model…*: the model of the run on the Results page as ONNX or TorchScript.

The action is on while the Results page shows a finished run that has a checkpoint and no run is
training (it is checked each time the File menu opens); the dialog (``widgets.export_dialog``)
does the rest.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.export_dialog import ExportModelDialog

if TYPE_CHECKING:
    from workbench.ui.shell.main_window import MainWindow

TIP = QT_TRANSLATE_NOOP("ModelExport", "Save the model of the run on the Results page as an ONNX or "
                                       "TorchScript file that runs without Workbench")
OFF_TIP = QT_TRANSLATE_NOOP("ModelExport", "Export model: train a model or open a finished run folder first")


def add_model_export_action(window: MainWindow, menu: QMenu) -> QAction:
    """Add "Export model…" to ``menu`` (the File menu), on only when there is a model to export."""
    action = QAction(translate("ModelExport", "Export &model…"), window)
    action.setObjectName("export-model")
    action.setStatusTip(translate("ModelExport", TIP))
    action.triggered.connect(lambda *_a: open_export_dialog(window))
    menu.aboutToShow.connect(lambda: refresh_export_action(window, action))
    menu.addAction(action)
    action.setEnabled(False)  # no run is shown yet; the pages that show one are built later
    action.setToolTip(translate("ModelExport", OFF_TIP))
    return action


def exportable_run(window: MainWindow) -> str:
    """The run folder whose model can be exported now, or "" (none shown, still training, no weights)."""
    if window.state() != "idle":
        return ""
    page = window.results_page
    if not page.summary or not page.run_dir:
        return ""
    checkpoints = Path(page.run_dir) / "checkpoints"
    has_weights = any((checkpoints / name).is_file() for name in ("best.safetensors", "latest.safetensors"))
    return str(page.run_dir) if has_weights else ""


def refresh_export_action(window: MainWindow, action: QAction) -> None:
    """Turn the action on or off for what the window shows now."""
    on = bool(exportable_run(window))
    action.setEnabled(on)
    action.setToolTip(translate("ModelExport", TIP if on else OFF_TIP))


def open_export_dialog(window: MainWindow) -> ExportModelDialog | None:
    """Show the export dialog for the run on the Results page (None when there is none)."""
    run_dir = exportable_run(window)
    if not run_dir:
        window.show_error(translate("ModelExport", "No model to export"),
                          translate("ModelExport", "Train a model or open a finished run folder "
                                                   "(File → Open run folder…) first."))
        return None
    dialog = ExportModelDialog(run_dir, window.background, window)
    dialog.sig_exported.connect(lambda lines: window.statusBar().showMessage(core_text(lines[0]), 10000))
    dialog.show()
    return dialog
