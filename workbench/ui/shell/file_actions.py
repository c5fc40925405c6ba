"""The File and Help menus' dialogs: open a file or a run folder, save the setup, choose the runs
folder, and the About box (the window's ``action_map`` calls these with the window)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMessageBox

from workbench.ui.i18n import translate
from workbench.ui.widgets.fonts import plain_text

if TYPE_CHECKING:
    from workbench.ui.shell.main_window import MainWindow


def open_file(window: MainWindow) -> None:
    """*File → Open…*: a data file or a setup."""
    path, _ = QFileDialog.getOpenFileName(
        window, translate("MainWindow", "Open data or setup"), str(Path.home()),
        translate("MainWindow", "Data and setups (*.csv *.tsv *.txt *.text *.md *.toml);;All files (*)"))
    if path:
        window.open_path(path)


def open_run_folder(window: MainWindow) -> None:
    """*File → Open run folder…*."""
    path = QFileDialog.getExistingDirectory(window, translate("MainWindow", "Open a run folder"),
                                            str(window.runs_dir))
    if path:
        window.open_run(path)


def save(window: MainWindow) -> None:
    """*File → Save setup…*."""
    path, _ = QFileDialog.getSaveFileName(window, translate("MainWindow", "Save setup"),
                                          f"{window.session.cfg.name or 'setup'}.toml",
                                          translate("MainWindow", "Workbench setup (*.toml)"))
    if path:
        window.save_setup(path)


def choose_runs_dir(window: MainWindow) -> None:
    """*Settings → Runs folder…*."""
    path = QFileDialog.getExistingDirectory(window, translate("MainWindow", "Folder for run folders"),
                                            str(window.runs_dir))
    if path:
        window.set_runs_dir(path)


def about(window: MainWindow) -> None:
    """*Help → About Workbench*."""
    QMessageBox.about(window, translate("MainWindow", "About Workbench"), plain_text(translate(
        "MainWindow", "Workbench: load a dataset, set up a Transformer or an MLP, train it and watch it "
                      "learn.")))
