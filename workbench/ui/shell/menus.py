"""The window's actions, menus and toolbar (shortcuts live here, in one table), and recent files."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QStyle, QToolBar, QToolButton

from workbench.core.examples import list_examples
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, translate
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
    "open": (QT_TRANSLATE_NOOP("Menus", "&Open…"), ("Ctrl+O",), _SP.SP_DialogOpenButton,
             QT_TRANSLATE_NOOP("Menus", "Open a data file (CSV or .txt) or a saved setup (.toml)")),
    "open_run": (QT_TRANSLATE_NOOP("Menus", "Open &run folder…"), ("Ctrl+Shift+O",), _SP.SP_DirOpenIcon,
                 QT_TRANSLATE_NOOP("Menus", "Show the curves and results of an earlier run")),
    "save": (QT_TRANSLATE_NOOP("Menus", "&Save setup…"), ("Ctrl+S",), _SP.SP_DialogSaveButton,
             QT_TRANSLATE_NOOP("Menus", "Save the data, model and training settings as a TOML file the "
                                        "command line can run")),
    "quit": (QT_TRANSLATE_NOOP("Menus", "&Quit"), ("Ctrl+Q",), None,
             QT_TRANSLATE_NOOP("Menus", "Close Workbench (a run in progress is stopped and saved)")),
    "train": (QT_TRANSLATE_NOOP("Menus", "&Train"), ("F5",), _SP.SP_MediaPlay,
              QT_TRANSLATE_NOOP("Menus", "Start training with these settings")),
    "pause": (QT_TRANSLATE_NOOP("Menus", "&Pause"), (), _SP.SP_MediaPause,
              QT_TRANSLATE_NOOP("Menus", "Hold training; nothing is lost")),
    "resume": (QT_TRANSLATE_NOOP("Menus", "&Resume"), (), _SP.SP_MediaSeekForward,
               QT_TRANSLATE_NOOP("Menus", "Continue a paused run")),
    "stop": (QT_TRANSLATE_NOOP("Menus", "&Stop"), ("Esc", "Shift+F5"), _SP.SP_MediaStop,
             QT_TRANSLATE_NOOP("Menus", "Stop after this step; the latest checkpoint is kept")),
    "runs_dir": (QT_TRANSLATE_NOOP("Menus", "Runs &folder…"), (), None,
                 QT_TRANSLATE_NOOP("Menus", "Choose the folder where run folders are created")),
    "about": (QT_TRANSLATE_NOOP("Menus", "&About Workbench"), (), None, ""),
}
_MNEMONIC = re.compile(r"\(&\w\)|&(?=\w)")  # "打开(&O)…" and "&Open…" alike


def plain_action_text(text: str) -> str:
    """An action's text without its mnemonic and trailing "…", for a tooltip."""
    return _MNEMONIC.sub("", text).rstrip("…")


def make_actions(window: MainWindow, handlers: dict[str, Callable[[], object]]) -> dict[str, QAction]:
    """One QAction per ``ACTIONS`` entry, triggering ``handlers[key]`` (its result is ignored)."""
    actions = {}
    for key, (text, shortcuts, icon, tip) in ACTIONS.items():
        text, tip = translate("Menus", text), translate("Menus", tip) if tip else ""
        action = QAction(text, window)
        if icon is not None:
            action.setIcon(window.style().standardIcon(icon))
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setStatusTip(tip)
        plain = plain_action_text(text)
        action.setToolTip(f"{plain} ({shortcuts[0]})" if shortcuts else plain)
        action.triggered.connect(lambda *_a, k=key: handlers[k]())
        actions[key] = action
    actions["quit"].setMenuRole(QAction.MenuRole.QuitRole)
    return actions


def build_menus(window: MainWindow, actions: dict[str, QAction],
                on_example: Callable[[str], None]) -> tuple[QMenu, QMenu]:
    """File, Examples, Run, Settings and Help menus and the toolbar; returns (recent, examples) menus."""
    bar = window.menuBar()
    file_menu = bar.addMenu(translate("Menus", "&File"))
    file_menu.addAction(actions["open"])
    recent = file_menu.addMenu(translate("Menus", "Open &recent"))
    file_menu.addAction(actions["open_run"])
    file_menu.addSeparator()
    file_menu.addAction(actions["save"])
    add_model_export_action(window, file_menu)
    add_report_action(window, file_menu)
    file_menu.addSeparator()
    file_menu.addAction(actions["quit"])
    examples = bar.addMenu(translate("Menus", "E&xamples"))
    for example in list_examples():
        action = examples.addAction(core_text(example.title))
        action.setObjectName(f"example-{example.name}")
        action.setData(example.name)
        action.setStatusTip(core_text(example.description))
        action.triggered.connect(lambda *_a, n=example.name: on_example(n))
    run = bar.addMenu(translate("Menus", "&Run"))
    for key in ("train", "pause", "resume", "stop"):
        run.addAction(actions[key])
    run.addSeparator()
    add_race_action(window, run, actions)  # "Compare with…": two settings raced (shell.race)
    add_cluster_action(window, run)  # "Run on a cluster…": the torchrun command (shell.cluster)
    add_view_menu(window, bar)  # "Presenter mode" and its text size (shell.presenter)
    settings_menu = bar.addMenu(translate("Menus", "&Settings"))
    settings_menu.addAction(actions["runs_dir"])
    add_language_menu(window, settings_menu)  # English or 简体中文, from the next start
    help_menu = bar.addMenu(translate("Menus", "&Help"))
    add_glossary_action(window, help_menu)
    help_menu.addAction(actions["about"])

    toolbar = QToolBar(translate("Menus", "Main"), window)
    toolbar.setObjectName("main-toolbar")  # saveState needs a name
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
    toolbar.addAction(actions["open"])
    toolbar.addAction(actions["save"])
    examples_button = QToolButton(toolbar)
    examples_button.setText(translate("Menus", "Examples"))
    examples_button.setMenu(examples)
    examples_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
    examples_button.setToolTip(translate("Menus", "Open a bundled dataset with a ready-made setup"))
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
            self._menu.addAction(translate("Menus", "(none yet)")).setEnabled(False)
