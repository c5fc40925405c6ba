"""The interpreter settings the window makes: GUI-thread garbage collection, short GIL switches.

A collection started by a background thread once destroyed a closed window's menu there, and
the app deadlocked (Qt's lock against Python's). The window turns automatic collection off and
collects from a GUI-thread timer instead.
"""

from __future__ import annotations

import gc
import sys
import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QSettings, Qt

from workbench.ui.shell import interpreter
from workbench.ui.shell.main_window import MainWindow


def test_the_window_collects_garbage_itself_and_shortens_gil_switches(qtbot: Any, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, runs_dir=tmp_path / "runs")
    qtbot.addWidget(window)
    assert not gc.isenabled()
    assert sys.getswitchinterval() == interpreter.SWITCH_INTERVAL_S


def test_a_qt_object_in_a_garbage_cycle_dies_on_the_gui_thread(qtbot: Any) -> None:
    interpreter.install()
    destroyed_on: list[int] = []

    class Holder:
        pass

    holder, obj = Holder(), QObject()
    holder.obj, obj.holder = obj, holder  # a reference cycle: only the collector frees it
    obj.destroyed.connect(lambda: destroyed_on.append(threading.get_ident()),
                          Qt.ConnectionType.DirectConnection)
    del holder, obj

    kept: list[list] = []

    def allocate() -> None:  # far past the threshold at which Python would collect, here
        kept.extend([] for _ in range(20 * gc.get_threshold()[0]))

    worker = threading.Thread(target=allocate)
    worker.start()
    worker.join()
    assert destroyed_on == []  # not collected on the worker thread
    qtbot.waitUntil(lambda: bool(destroyed_on), timeout=3 * interpreter.INTERVAL_MS)
    assert destroyed_on == [threading.get_ident()]


def test_collecting_after_start_up_is_freeze_cheap() -> None:
    """Once frozen, what existed at start-up is not walked again by a full collection."""
    interpreter.freeze_startup()
    assert gc.get_freeze_count() > 0
    before = gc.get_freeze_count()
    interpreter.freeze_startup()  # once per process
    assert gc.get_freeze_count() == before
