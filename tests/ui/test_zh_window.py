"""The window's shell in Simplified Chinese: menus, toolbar, navigation, status bar and the shell's
dialogs (cluster, export, race, glossary, About, the language prompt) show no English; and the
language is chosen in Settings → Language (English by default on a non-Chinese system)."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QLocale, QSettings
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QMessageBox, QToolBar

from chinese import english_left, english_words
from window_steps import make_window, open_example, small_iris_run
from workbench.ui.i18n import SETTING, chosen_language
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.shell.runs_room import PAGES

ROOT = Path(__file__).resolve().parents[2]
IRIS = ROOT / "resources" / "datasets" / "iris.csv"
LANGUAGE_NAMES = ["English"]  # each language is named in its own language in Settings → Language
PROPER_NAMES = ["Fisher", "UCI", "nanoGPT"]  # the examples' sources, named in their descriptions
# Names, values and code the pages quote as they are: a library, an optimizer, a float value, a
# command, an example prompt, and the column names a split column is recognised by.
PAGE_WORDS = ["scikit-learn", "RMSprop", "NaN", "pip install", "ROMEO", "split", "set", "fold", "valid",
              "dev"]


def iris_words() -> list[str]:
    """The iris data's own words: its column names and species (the user's data, not ours)."""
    with IRIS.open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    return [*rows[0], *{row[-1] for row in rows[1:] if row}]


def iris_window(qtbot: Any, tmp_path: Path) -> MainWindow:
    window = make_window(qtbot, tmp_path)
    open_example(window, qtbot, "iris")
    return window


def answer_boxes(monkeypatch: pytest.MonkeyPatch, answer: str) -> list[QMessageBox]:
    """Question boxes shown (``exec``), each answered with the button labelled ``answer``."""
    shown: list[QMessageBox] = []

    def click(box: QMessageBox) -> int:
        shown.append(box)
        next(b for b in box.buttons() if b.text() == answer).click()
        return 0

    monkeypatch.setattr(QMessageBox, "exec", click)
    return shown


def test_menus_toolbar_navigation_and_status_bar_in_chinese(chinese: Any, qtbot: Any, tmp_path: Path) -> None:
    window = iris_window(qtbot, tmp_path)
    for action in window.menuBar().actions():  # fill menus made when shown ("Open recent")
        menu = action.menu()
        if isinstance(menu, QMenu):
            menu.aboutToShow.emit()
    left = english_left(window.menuBar(), allowed=[*LANGUAGE_NAMES, *PROPER_NAMES])
    toolbar = window.findChild(QToolBar, "main-toolbar")
    assert toolbar is not None
    left += english_left(toolbar, PROPER_NAMES) + english_left(window.nav)
    left += english_left(window.statusBar(), iris_words())
    status = window.statusBar().currentMessage()
    left += [f"status: {status}"] if english_words(status, iris_words()) else []
    assert left == []
    assert window.nav.item(0).text() == "1   数据"


def test_shell_status_messages_in_chinese(chinese: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    window.refresh_actions()
    assert english_words(window.readiness.text()) == [] and "文件" in window.readiness.text()
    window.save_setup(tmp_path / "setup.toml")
    assert english_words(window.statusBar().currentMessage()) == []
    shown: list[tuple[str, str]] = []  # the error names the known examples: their file names
    window.show_error = lambda title, text: shown.append((title, text))  # type: ignore[method-assign,assignment]
    window.open_example("no-such-example")
    known = [a.data() for a in window.examples_menu.actions()]
    assert shown and english_words(" ".join(shown[0]), [*known, "no-such-example"]) == []


def test_shell_dialogs_in_chinese(chinese: Any, qtbot: Any, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from workbench.core.race import common_choices
    from workbench.ui.pages.presets import PRESETS
    from workbench.ui.shell.run_coordinator import _ask_stop_and_close
    from workbench.ui.widgets.cluster_dialog import ClusterDialog
    from workbench.ui.widgets.export_dialog import ExportModelDialog
    from workbench.ui.widgets.glossary_dialog import open_glossary
    from workbench.ui.widgets.race_dialog import RaceDialog

    window = iris_window(qtbot, tmp_path)
    left: list[str] = []

    window.save_setup(tmp_path / "iris.toml")
    cluster = ClusterDialog(str(tmp_path / "iris.toml"), str(tmp_path / "runs"), window)
    cluster.nnodes.setValue(2)
    cluster.show()
    command = cluster.command.toPlainText().replace("-", " ").replace("_", " ").replace("=", " ")
    left += english_left(cluster, allowed=[command, "host", "port", "train.batch_size"])  # code and keys

    export = ExportModelDialog(tmp_path, window.background, window, missing_onnx=["onnxscript"])
    export.show()
    left += english_left(export, allowed=["onnxruntime", "onnxscript", "pip", "install", "export"])

    cfg = window.session.config()
    task = window.model_page.task()
    race = RaceDialog(cfg, common_choices(cfg, task, PRESETS.get(task)), window)
    race.show()
    presets = list(PRESETS.get(task) or {})  # preset names: the Model page's (translated there)
    left += english_left(race, allowed=[*presets, "train.batch_size", "model.d_model", "set"])

    glossary = open_glossary(window)
    assert glossary.language == "zh" and glossary.language_box.currentData() == "zh"
    for text in (glossary.windowTitle(), glossary.search.placeholderText(), glossary.language_box.toolTip(),
                 glossary.empty.text()):
        left += [f"glossary: {text}"] if english_words(text, ["English"]) else []

    about: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "about",
                        staticmethod(lambda _p, title, text: about.append((title, text))))
    window.action_map["about"].trigger()
    assert about and english_words(" ".join(about[0])) == []

    boxes = answer_boxes(monkeypatch, "稍后")
    english = window.findChild(QAction, "language-en")
    assert english is not None
    english.trigger()
    assert len(boxes) == 1
    left += english_left(boxes[0], allowed=LANGUAGE_NAMES)

    closing = answer_boxes(monkeypatch, "取消")
    assert _ask_stop_and_close(window) is False
    left += english_left(closing[0])
    assert left == []


def test_choosing_chinese_saves_it_and_asks_to_restart(qtbot: Any, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    window = make_window(qtbot, tmp_path)
    settings = window.settings
    assert chosen_language(settings) == "en"  # nothing chosen, a German system: English
    settings_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Settings")
    assert isinstance(settings_menu, QMenu)
    language = next(a.menu() for a in settings_menu.actions() if a.menu() is not None)
    assert isinstance(language, QMenu) and language.objectName() == "language-menu"
    entries = {a.text(): a for a in language.actions()}
    assert entries["English"].isChecked() and not entries["简体中文"].isChecked()
    boxes = answer_boxes(monkeypatch, "Later")
    entries["简体中文"].trigger()
    assert len(boxes) == 1 and "简体中文" in boxes[0].text() and "Restart now?" in boxes[0].text()
    assert window.isVisible()  # Later: no restart
    assert QSettings(settings.fileName(), QSettings.Format.IniFormat).value(SETTING) == "zh_CN"
    assert chosen_language(settings) == "zh_CN"


def test_every_page_in_chinese(chinese: Any, qtbot: Any, tmp_path: Path) -> None:
    run_dir = small_iris_run(tmp_path / "cli-runs", ["train.max_steps=12", "train.eval_interval=6",
                                                     "model.hidden=[8]"])
    window = iris_window(qtbot, tmp_path)
    window.open_run(run_dir)
    qtbot.waitUntil(lambda: bool(window.results_page.summary), timeout=15000)
    allowed = [*iris_words(), *LANGUAGE_NAMES, *PAGE_WORDS, run_dir.name]
    left: dict[str, list[str]] = {}
    for page in PAGES:
        window.go_to(page)
        qtbot.wait(50)
        widget = window.stack.currentWidget()
        assert widget is not None
        tabs = getattr(widget, "tabs", None)
        for i in range(tabs.count() if tabs is not None else 1):
            if tabs is not None:
                tabs.setCurrentIndex(i)
                qtbot.wait(50)
            where = page if tabs is None else f"{page} tab {i}"
            found = english_left(widget, allowed)
            if found:
                left[where] = found
    for where, found in left.items():
        print(f"--- {where}: {len(found)} left")
        for line in found:
            print("   ", line)
    assert left == {}
