"""*Settings → Language*: English or 简体中文, remembered; it takes effect at the next start.

Every window, chart and message is built in the interface's language when it is made, so a switch
asks to restart: *Restart now* closes the window as the close button would (a run in progress is
asked about first, its checkpoints kept) and starts Workbench again with the same file or example;
*Later* keeps working and the next start is in the new language.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QProcess, QStandardPaths
from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox

from workbench.ui.i18n import LANGUAGES, SETTING, chosen_language, language, translate

if TYPE_CHECKING:
    from workbench.ui.shell.main_window import MainWindow


def add_language_menu(window: MainWindow, settings_menu: QMenu) -> QMenu:
    """Add the Language submenu: one checkable entry per language, each named in its own language."""
    menu = settings_menu.addMenu(translate("LanguageMenu", "&Language"))
    menu.setObjectName("language-menu")
    group = QActionGroup(menu)
    chosen = chosen_language(window.settings)
    for code, name in LANGUAGES.items():
        action = menu.addAction(name)
        action.setObjectName(f"language-{code}")
        action.setCheckable(True)
        action.setChecked(code == chosen)
        action.setData(code)
        group.addAction(action)
        action.triggered.connect(lambda *_a, c=code: choose_language(window, c))
    return menu


def choose_language(window: MainWindow, code: str) -> bool:
    """Remember ``code``; if it is not the language in use, offer to restart. True if restarting."""
    window.settings.setValue(SETTING, code)
    window.settings.sync()
    if code == language():
        return False
    box = QMessageBox(QMessageBox.Icon.Question, translate("LanguageMenu", "Language"),
                      translate("LanguageMenu", "Workbench will be in {language} from its next start. "
                                "Restart now?").format(language=LANGUAGES[code]), parent=window)
    restart = box.addButton(translate("LanguageMenu", "Restart now"), QMessageBox.ButtonRole.AcceptRole)
    box.addButton(translate("LanguageMenu", "Later"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if box.clickedButton() is not restart or not window.close():
        return False
    QProcess.startDetached(sys.executable, ["-m", "workbench", "app", *_setup_to_reopen(window)])
    return True


def _setup_to_reopen(window: MainWindow) -> list[str]:
    """The open data and every setting, saved as a setup in the cache folder for the new start."""
    from workbench.core import config

    if not window.session.cfg.data.path:
        return []
    folder = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation))
    try:
        folder.mkdir(parents=True, exist_ok=True)
        config.save(window.session.cfg, folder / "setup-before-restart.toml")
    except OSError:
        return [str(window.session.cfg.data.path)]  # the data at least
    return [str(folder / "setup-before-restart.toml")]
