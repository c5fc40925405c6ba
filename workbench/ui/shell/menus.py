"""The window's actions, menus and toolbar (shortcuts live here, in one table), and recent files."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar, QToolButton

from workbench.core.examples import list_examples
from workbench.ui.i18n import translate
from workbench.ui.shell.cluster import add_cluster_action
from workbench.ui.shell.glossary_action import add_glossary_action
from workbench.ui.shell.language_menu import add_language_menu
from workbench.ui.shell.model_export import add_model_export_action
from workbench.ui.shell.presenter import add_view_menu
from workbench.ui.shell.race import add_race_action
from workbench.ui.shell.report_export import add_report_action

if TYPE_CHECKING:
    from workbench.ui.shell.main_window import MainWindow

_SP = QStyle.StandardPixmap
# key: (text, shortcuts, icon, status tip)
ACTIONS: dict[str, tuple[str, tuple[str, ...], QStyle.StandardPixmap | None, str]] = {
    "open": ("&Open…", ("Ctrl+O",), _SP.SP_DialogOpenButton,
             "Open a data file (CSV or .txt) or a saved setup (.toml)"),
    "open_run": ("Open &run folder…", ("Ctrl+Shift+O",), _SP.SP_DirOpenIcon,
                 "Show the curves and results of an earlier run"),
    "save": ("&Save setup…", ("Ctrl+S",), _SP.SP_DialogSaveButton,
             "Save the data, model and training settings as a TOML file the command line can run"),
    "quit": ("&Quit", ("Ctrl+Q",), None, "Close Workbench (a run in progress is stopped and saved)"),
    "train": ("&Train", ("F5",), _SP.SP_MediaPlay, "Start training with these settings"),
    "pause": ("&Pause", (), _SP.SP_MediaPause, "Hold training; nothing is lost"),
    "resume": ("&Resume", (), _SP.SP_MediaSeekForward, "Continue a paused run"),
    "stop": ("&Stop", ("Esc", "Shift+F5"), _SP.SP_MediaStop,
             "Stop after this step; the latest checkpoint is kept"),
    "runs_dir": ("Runs &folder…", (), None, "Choose the folder where run folders are created"),
    "about": ("&About Workbench", (), None, ""),
}


def make_actions(window: MainWindow, handlers: dict[str, Callable[[], object]]) -> dict[str, QAction]:
    """One QAction per ``ACTIONS`` entry, triggering ``handlers[key]`` (its result is ignored)."""
    actions = {}
    for key, (text, shortcuts, icon, tip) in ACTIONS.items():
        action = QAction(text, window)
        if icon is not None:
            action.setIcon(window.style().standardIcon(icon))
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        action.setToolTip(f"{text.replace('&', '').rstrip('…')} ({shortcuts[0]})" if shortcuts
                          else text.replace("&", "").rstrip("…"))
        action.triggered.connect(lambda *_a, k=key: handlers[k]())
        actions[key] = action
    actions["quit"].setMenuRole(QAction.MenuRole.QuitRole)
    return actions


def build_menus(window: MainWindow, actions: dict[str, QAction],
                on_example: Callable[[str], None]) -> tuple[QMenu, QMenu]:
    """File, Examples, Run, Settings and Help menus and the toolbar; returns (recent, examples) menus."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    file_menu.addAction(actions["open"])
    recent = file_menu.addMenu("Open &recent")
    file_menu.addAction(actions["open_run"])
    file_menu.addSeparator()
    file_menu.addAction(actions["save"])
    add_model_export_action(window, file_menu)
    add_report_action(window, file_menu)
    file_menu.addSeparator()
    file_menu.addAction(actions["quit"])
    examples = bar.addMenu("E&xamples")
    for example in list_examples():
        action = examples.addAction(example.title)
        action.setObjectName(f"example-{example.name}")
        action.setData(example.name)
        action.setStatusTip(example.description)
        action.triggered.connect(lambda *_a, n=example.name: on_example(n))
    run = bar.addMenu("&Run")
    for key in ("train", "pause", "resume", "stop"):
        run.addAction(actions[key])
    run.addSeparator()
    add_race_action(window, run, actions)  # "Compare with…": two settings raced (shell.race)
    add_cluster_action(window, run)  # "Run on a cluster…": the torchrun command (shell.cluster)
    add_view_menu(window, bar)  # "Presenter mode" and its text size (shell.presenter)
    settings_menu = bar.addMenu(translate("Menus", "&Settings"))
    settings_menu.addAction(actions["runs_dir"])
    add_language_menu(window, settings_menu)  # English or 简体中文, from the next start
    help_menu = bar.addMenu("&Help")
    add_glossary_action(window, help_menu)
    help_menu.addAction(actions["about"])

    toolbar = QToolBar("Main", window)
    toolbar.setObjectName("main-toolbar")  # saveState needs a name
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addAction(actions["open"])
    toolbar.addAction(actions["save"])
    examples_button = QToolButton(toolbar)
    examples_button.setText("Examples")
    examples_button.setMenu(examples)
    examples_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    examples_button.setToolTip("Open a bundled dataset with a ready-made setup")
    toolbar.addWidget(examples_button)
    toolbar.addSeparator()
    for key in ("train", "pause", "resume", "stop"):
        toolbar.addAction(actions[key])
    window.addToolBar(toolbar)
    return recent, examples


class RecentFiles:
    """The "Open recent" menu, kept in QSettings (data files, setups and run folders)."""

    MAX = 8
    KEY = "recent_files"

    def __init__(self, settings: QSettings, menu: QMenu, on_open: Callable[[str], None]) -> None:
        self._settings = settings
        self._menu = menu
        self._on_open = on_open
        menu.aboutToShow.connect(self._on_menu_about_to_show)

    def add(self, path: str | Path) -> None:
        """Put ``path`` first."""
        paths = [str(Path(path).resolve()), *self.paths()]
        self._settings.setValue(self.KEY, list(dict.fromkeys(paths))[: self.MAX])

    def paths(self) -> list[str]:
        """Most recent first."""
        value = self._settings.value(self.KEY, [])
        if isinstance(value, str):  # a list of one comes back as that one string
            return [value]
        return [str(v) for v in value] if isinstance(value, (list, tuple)) else []

    def _on_menu_about_to_show(self) -> None:
        self._menu.clear()
        for path in self.paths():
            self._menu.addAction(path).triggered.connect(lambda *_a, p=path: self._on_open(p))
        if not self.paths():
            self._menu.addAction("(none yet)").setEnabled(False)
