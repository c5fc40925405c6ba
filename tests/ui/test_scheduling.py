"""The app's scheduling policy: GUI-thread garbage collection, short GIL switches, core work that
pauses between its pieces; installed by the composition root, not by building a window.

A collection started by a background thread once destroyed a closed window's menu there, and
the app deadlocked (Qt's lock against Python's). The policy turns automatic collection off and
collects from a GUI-thread timer instead.
"""

from __future__ import annotations

import gc
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from PySide6.QtCore import QObject, Qt

from workbench.core.data import columns
from workbench.ui.shell import scheduling


def test_the_app_installs_the_policy_and_a_window_alone_does_not(tmp_path: Path) -> None:
    """In a fresh process: a MainWindow changes no interpreter setting; ``make_app`` sets them all."""
    code = "\n".join([
        "import gc, sys",
        "from PySide6.QtCore import QSettings",
        "from PySide6.QtWidgets import QApplication",
        "app = QApplication([])",
        "from workbench.core import cpus",
        "from workbench.ui.shell import scheduling",
        "from workbench.ui.shell.main_window import MainWindow",
        f"w = MainWindow(QSettings({str(tmp_path / 's.ini')!r}, QSettings.Format.IniFormat))",
        "hook = cpus.set_yield_hook(None); cpus.set_yield_hook(hook)",
        "print(gc.isenabled(), sys.getswitchinterval(), hook is scheduling.pause_between_pieces)",
        "from workbench.app import make_app",
        "make_app([])",
        "hook = cpus.set_yield_hook(None); cpus.set_yield_hook(hook)",
        "print(gc.isenabled(), sys.getswitchinterval(), hook is scheduling.pause_between_pieces)"])
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-2:] == [
        "True 0.005 False", f"False {scheduling.SWITCH_INTERVAL_S} True"]


def test_a_qt_object_in_a_garbage_cycle_dies_on_the_gui_thread(qapp: Any, qtbot: Any) -> None:
    scheduling.install(qapp)
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
    qtbot.waitUntil(lambda: bool(destroyed_on), timeout=3 * scheduling.GC_INTERVAL_MS)
    assert destroyed_on == [threading.get_ident()]


def test_column_work_pauses_between_pieces_in_the_app(qapp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The policy's yield hook: a short sleep after each piece, which hands Python's lock to the GUI."""
    scheduling.install(qapp)
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)
    series = pd.Series(range(3 * columns.PIECE_ROWS))
    assert columns.count_present(series) == len(series)
    assert slept == [scheduling.PIECE_PAUSE_S] * 3


def test_collecting_after_start_up_is_freeze_cheap() -> None:
    """Once frozen, what existed at start-up is not walked again by a full collection."""
    scheduling.freeze_startup()
    assert gc.get_freeze_count() > 0
    before = gc.get_freeze_count()
    scheduling.freeze_startup()  # once per process
    assert gc.get_freeze_count() == before


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="per-thread priorities are read on Linux")
def test_a_training_thread_yields_the_cpu_to_the_window() -> None:
    """A run's thread (and what it starts) runs at a lower CPU priority than the GUI thread."""
    from workbench.ui.shell.scheduling import TRAINING_NICE, lower_this_thread

    seen: dict[str, int] = {}

    def training() -> None:
        before = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
        assert lower_this_thread()
        seen["lowered"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) - before
        child = threading.Thread(target=lambda: seen.update(
            child=os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) - before))
        child.start()
        child.join()

    gui = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    worker = threading.Thread(target=training)
    worker.start()
    worker.join()
    assert seen == {"lowered": min(TRAINING_NICE, 19 - gui), "child": min(TRAINING_NICE, 19 - gui)}
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == gui  # the window's is unchanged
