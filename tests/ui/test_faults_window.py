"""Paths that are not regular files, configs that are not configs and huge messages, opened in the
window the way a user does (File → Open, a folder dropped): each gives one short dialog naming the
problem; nothing blocks the window or prints a traceback.

A FIFO opened by mistake would block the GUI thread for good, so each FIFO case has a rescuer: a
thread that, after a while, opens the FIFO's other end, which ends a blocked read. The test then
fails (the window had to be rescued) instead of hanging the suite.
"""

from __future__ import annotations

import os
import threading
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from window_steps import user_opens
from workbench.core.errors import MAX_MESSAGE
from workbench.ui.shell.main_window import MainWindow

RESCUE_AFTER_S = 10.0


class Rescuer:
    """Opens the writing end of a FIFO after ``RESCUE_AFTER_S`` if a reader is blocked on it."""

    def __init__(self, fifo: Path) -> None:
        self.fifo = fifo
        self.rescued = False
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        if self._done.wait(RESCUE_AFTER_S):
            return
        try:  # succeeds only while someone has the FIFO open for reading
            fd = os.open(self.fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError:
            return
        self.rescued = True
        os.close(fd)

    def stop(self) -> None:
        self._done.set()
        self._thread.join()


@pytest.fixture
def fifo(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, Rescuer]]:
    """A FIFO named as the test asks (``indirect`` parameter), and its rescuer."""
    path = tmp_path / request.param
    os.mkfifo(path)
    rescuer = Rescuer(path)
    yield path, rescuer
    rescuer.stop()




def one_dialog(dialogs: list[tuple[str, str]], qtbot: Any, *, says: str) -> str:
    """The one dialog shown, once it is: short, printable, saying ``says``."""
    qtbot.waitUntil(lambda: bool(dialogs), timeout=15000)
    assert len(dialogs) == 1, dialogs
    _title, text = dialogs[0]
    assert says in text, text
    assert len(text) <= MAX_MESSAGE, len(text)
    assert not [c for c in text if unicodedata.category(c) in ("Cc", "Cf")], repr(text)
    return text


@pytest.mark.parametrize("fifo", ["data.csv", "setup.toml", "story.txt"], indirect=True)
def test_a_fifo_gives_a_dialog_and_never_blocks(window: MainWindow, qtbot: Any, fifo: tuple[Path, Rescuer],
                                                dialogs: list, monkeypatch: pytest.MonkeyPatch) -> None:
    path, rescuer = fifo
    user_opens(window, path, monkeypatch)
    one_dialog(dialogs, qtbot, says="is a named pipe (FIFO)")
    assert not rescuer.rescued, "the window blocked on the FIFO until it was written to"
    assert window.isVisible()


def test_a_run_folder_holding_a_fifo_gives_a_dialog(window: MainWindow, qtbot: Any, tmp_path: Path,
                                                    dialogs: list, monkeypatch: pytest.MonkeyPatch) -> None:
    run = tmp_path / "run"
    run.mkdir()
    (run / "config.toml").write_text("schema_version = 1\n")
    (run / "data_spec.json").write_text("{}")
    os.mkfifo(run / "metrics.jsonl")
    rescuer = Rescuer(run / "metrics.jsonl")
    try:
        user_opens(window, run, monkeypatch)
        one_dialog(dialogs, qtbot, says="metrics.jsonl: is a named pipe (FIFO)")
    finally:
        rescuer.stop()
    assert not rescuer.rescued


@pytest.mark.parametrize("name", ["loop.csv", "loop.toml"])
def test_a_symlink_loop_gives_a_dialog(window: MainWindow, qtbot: Any, tmp_path: Path, dialogs: list,
                                       monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    path = tmp_path / name
    path.symlink_to(path)
    user_opens(window, path, monkeypatch)
    one_dialog(dialogs, qtbot, says=f"{name}: is a loop of symbolic links")


def test_a_deeply_nested_setup_gives_a_dialog(window: MainWindow, qtbot: Any, tmp_path: Path,
                                              dialogs: list, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("x = " + "[" * 100_000 + "]" * 100_000)
    user_opens(window, path, monkeypatch)
    one_dialog(dialogs, qtbot, says="nested too deeply")
    assert window.session.cfg.name != "x"  # the setup in place stays


def test_a_setup_with_a_bom_opens(window: MainWindow, qtbot: Any, tmp_path: Path, dialogs: list,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b'\xef\xbb\xbfschema_version = 1\nname = "with-bom"\n[optim]\nlr = 0.005\n')
    user_opens(window, path, monkeypatch)
    qtbot.waitUntil(lambda: window.session.cfg.name == "with-bom", timeout=5000)
    assert window.session.cfg.optim.lr == 0.005
    assert dialogs == []


def test_a_50_mb_line_gives_a_short_dialog(window: MainWindow, qtbot: Any, tmp_path: Path, dialogs: list,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "line.csv"
    path.write_bytes("\u202e".encode() + b"x" * 50_000_000 + b"\n")  # a header with no rows below
    user_opens(window, path, monkeypatch)
    text = one_dialog(dialogs, qtbot, says="but no data rows. Add rows below the header.")
    assert "\\u202ex" in text and "…" in text


def test_any_error_dialog_is_bounded_and_escaped(window: MainWindow, dialogs: list) -> None:
    window.show_error("Could not open the file", "bad value '" + "\u202e\x1b[31m" + "v" * 50_000_000
                      + "'; choose another file")
    (_title, text), = dialogs
    assert len(text) <= MAX_MESSAGE, len(text)
    assert text.startswith("bad value '\\u202e\\x1b[31mvvv") and text.endswith("v'; choose another file")
    assert not [c for c in text if unicodedata.category(c) in ("Cc", "Cf")], repr(text)
