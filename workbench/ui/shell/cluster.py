"""*Run → Run on a cluster…*: save the setup, then show (and copy) the torchrun command that trains
it on several processes and machines (``widgets.cluster_dialog``)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import translate

if TYPE_CHECKING:
    from workbench.ui.shell.main_window import MainWindow
    from workbench.ui.widgets.cluster_dialog import ClusterDialog

TIP = QT_TRANSLATE_NOOP("ClusterAction", "Save this setup and get the torchrun command that trains it on "
                                         "several GPUs or machines")


def add_cluster_action(window: MainWindow, menu: QMenu) -> QAction:
    """Add "Run on a cluster…" to ``menu`` (the Run menu)."""
    action = QAction(translate("ClusterAction", "Run on a &cluster…"), window)
    action.setObjectName("run-on-cluster")
    action.setStatusTip(translate("ClusterAction", TIP))
    action.triggered.connect(lambda *_a: ask(window))
    menu.addAction(action)
    return action


def ask(window: MainWindow) -> ClusterDialog | None:
    """Ask where to save the setup, save it, and show the command for it."""
    name = f"{window.session.cfg.name or 'setup'}.toml"
    title = translate("ClusterAction", "Save the setup to run on a cluster")
    path, _ = QFileDialog.getSaveFileName(window, title, name, translate("ClusterAction", "Setup (*.toml)"))
    if not path:
        return None
    window.save_setup(path)  # an error is shown there; then there is no command to give
    if not Path(path).is_file():
        return None
    from workbench.ui.widgets.cluster_dialog import ClusterDialog

    dialog = ClusterDialog(path, str(window.runs_dir), window)
    dialog.show()
    return dialog
