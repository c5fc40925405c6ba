"""The broken-input corpus (tests/corpus.py) through the real window.

Each case starts from a window with the iris example loaded and two settings changed, then opens
the input the way a user does (File → Open, or a folder dropped on the window). A file that cannot
be read must give a dialog with the message and leave the loaded data and every setting as they
were; a file that reads but cannot train must disable Train with the reason; a file that loads
must show how it was read. One window serves the whole module (a fresh one per case would cost a
second each); every case first puts it back into that starting state.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt

from corpus import CASES, Case, good_table
from window_steps import as_read, user_opens
from workbench.core import config as C
from workbench.ui.pages import session as session_module
from workbench.ui.shell.main_window import MainWindow

CHANGED_LR = 0.0042
CHANGED_VAL = 0.15
IRIS_ROWS = 150


@pytest.fixture(scope="module")
def window(qapp: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[MainWindow]:
    """One window for the module (in place of conftest's window for each test)."""
    folder = tmp_path_factory.mktemp("window")
    w = MainWindow(settings=QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat),
                   runs_dir=folder / "runs")
    w.show()
    yield w
    w.close()
    w.deleteLater()


def starting_state(window: MainWindow, qtbot: Any) -> tuple[Any, C.RunConfig, str]:
    """The iris example loaded and analysed, with a learning rate and the validation share changed."""
    s = window.session
    if s.source is None or s.source.path.name != "iris.csv" or s.cfg.optim.lr != CHANGED_LR \
            or s.cfg.data.val_fraction != CHANGED_VAL:
        action = next(a for a in window.examples_menu.actions() if a.data() == "iris")
        action.trigger()
        idle(window, qtbot)
        s.update("optim", dataclasses.replace(s.cfg.optim, lr=CHANGED_LR))
        s.update_data(val_fraction=CHANGED_VAL)
        qtbot.waitUntil(lambda: s.analysis is not None and s.analysis.roles != {}, timeout=10000)
    assert window.action_map["train"].isEnabled(), window.train_blocker()
    return s.source, s.config(), window.data_page.file_notes.text()


def idle(window: MainWindow, qtbot: Any) -> None:
    """Wait until the file has loaded (or failed) and its analysis, if any, has arrived; a new
    file's settings are fitted too (``Session.is_busy``)."""
    qtbot.waitUntil(lambda: not window.session.is_loading() and not window.background.is_busy("load")
                    and not window.background.is_busy("analysis") and not window.session.is_busy(),
                    timeout=15000)




def assert_nothing_changed(window: MainWindow, before: tuple[Any, C.RunConfig, str]) -> None:
    source, cfg, notes = before
    assert window.isVisible()
    assert window.session.source is source
    assert window.session.config() == cfg
    assert window.data_page.table.model.rowCount() == IRIS_ROWS
    assert window.data_page.info.text().startswith("iris.csv")
    assert window.data_page.file_notes.text() == notes
    assert window.action_map["train"].isEnabled(), window.train_blocker()


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_window(case: Case, window: MainWindow, qtbot: Any, tmp_path: Path, dialogs: list,
                monkeypatch: pytest.MonkeyPatch) -> None:
    reason = case.skip_reason()
    if reason:
        pytest.skip(reason)
    before = starting_state(window, qtbot)
    path = case.make(tmp_path)
    user_opens(window, path, monkeypatch)
    message = "" if case.window_note else case.window_message or case.message
    note = case.window_note or case.note
    if case.stage == "load" and message:
        qtbot.waitUntil(lambda: bool(dialogs), timeout=15000)
        idle(window, qtbot)
        ((title, text),) = dialogs
        assert title == ("Could not open the run folder" if path.is_dir() else "Could not open the file")
        hint = "" if case.window_message else case.hint
        assert message in text and hint in text, text
        assert_nothing_changed(window, before)
        return
    # The file reads: it replaces the data; settings made for the old data start over, all of them
    # (a new file's are fitted to it) but where the run goes.
    idle(window, qtbot)
    assert dialogs == []
    s = window.session
    assert s.source is not before[0] and s.source.path == path.resolve()
    assert s.cfg.optim.lr != CHANGED_LR and s.cfg.data.val_fraction != CHANGED_VAL
    qtbot.waitUntil(lambda: s.analysis is not None, timeout=10000)
    if case.on_train:
        # The size of the batch or of the context against the data: found when Train is pressed.
        overrides = dict(value.split("=", 1) for flag, value in zip(case.cli_args[::2], case.cli_args[1::2])
                         if flag == "--set" and not value.startswith("data."))
        for dotted, value in overrides.items():
            section, key = dotted.split(".")
            s.update(section, dataclasses.replace(getattr(s.cfg, section), **{key: int(value)}))
        cfg = s.config()
        assert window.action_map["train"].isEnabled(), window.train_blocker()
        window.action_map["train"].trigger()
        qtbot.waitUntil(lambda: bool(dialogs) and window.state() == "idle", timeout=20000)
        assert dialogs[0][0] == "Training failed" and message in dialogs[0][1], dialogs
        assert s.config() == cfg and window.action_map["train"].isEnabled()
        return
    if message:
        assert message in window.train_blocker()
        assert not window.action_map["train"].isEnabled()
        # The reason may quote the file's values; it is shown as written, never as markup.
        assert window.readiness.textFormat() == Qt.TextFormat.PlainText
        assert message in as_read(window.readiness.toolTip())
        return
    assert window.action_map["train"].isEnabled(), window.train_blocker()
    notes = window.data_page.file_notes
    if note:
        assert notes.isVisible() and note in notes.text(), notes.text()
        assert notes.textFormat() == Qt.TextFormat.PlainText
    if case.check is not None:
        case.check(s.source)
    assert window.data_page.table.model.rowCount() == len(s.source.df)


# --- a file that changes while the window reads it (simulated; see each test) ---------------------

def test_a_file_deleted_between_the_preview_and_the_full_read(window: MainWindow, qtbot: Any, tmp_path: Path,
                                                              dialogs: list,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: the preview (first rows) is read as usual, then the file is deleted before the
    whole file is read. The preview was on screen meanwhile; the old data must come back."""
    before = starting_state(window, qtbot)
    path = tmp_path / "vanishing.csv"
    path.write_text(good_table(), encoding="utf-8")
    real_preview = session_module._load_preview
    previewed: list[int] = []

    def preview_then_delete(*args: Any) -> Any:
        result = real_preview(*args)
        previewed.append(len(result[0].df))
        path.unlink()
        return result

    monkeypatch.setattr(session_module, "_load_preview", preview_then_delete)
    user_opens(window, path, monkeypatch)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=15000)
    idle(window, qtbot)
    assert previewed == [40]
    assert dialogs == [("Could not open the file",
                        f"{path.resolve()}: file not found. Check the path and the file name.")]
    assert_nothing_changed(window, before)


def test_a_file_rewritten_in_another_encoding_after_the_preview(window: MainWindow, qtbot: Any,
                                                                tmp_path: Path, dialogs: list,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: the preview reads a UTF-8 file, which is then saved again as Latin-1 before the
    whole file is read. The whole file is read as it now is, not forced into the preview's encoding."""
    starting_state(window, qtbot)
    path = tmp_path / "resaved.csv"
    path.write_text(good_table(), encoding="utf-8")
    real_preview = session_module._load_preview

    def preview_then_resave(*args: Any) -> Any:
        result = real_preview(*args)
        path.write_bytes(good_table().replace("red", "rötlich").encode("latin-1"))
        return result

    monkeypatch.setattr(session_module, "_load_preview", preview_then_resave)
    user_opens(window, path, monkeypatch)
    idle(window, qtbot)
    assert dialogs == []
    assert window.session.source.encoding == "latin-1"
    assert "rötlich" in window.session.source.df["colour"].tolist()
    assert "Read as Latin-1" in window.data_page.file_notes.text()


def test_a_file_that_grows_while_it_is_read(window: MainWindow, qtbot: Any, tmp_path: Path, dialogs: list,
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated: a row is appended to the file while pandas reads it (as a program still writing
    it would), here right after the read returns."""
    from workbench.core.data import loading

    before = starting_state(window, qtbot)
    path = tmp_path / "growing.csv"
    path.write_text(good_table(), encoding="utf-8")
    real_read = loading._read_csv

    def read_then_append(*args: Any, **kwargs: Any) -> Any:
        df = real_read(*args, **kwargs)
        with path.open("a", encoding="utf-8") as fh:
            fh.write("4.5,red,yes\n")
        return df

    monkeypatch.setattr(loading, "_read_csv", read_then_append)
    user_opens(window, path, monkeypatch)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=15000)
    idle(window, qtbot)
    assert "changed while it was being read" in dialogs[0][1]
    assert_nothing_changed(window, before)


def test_no_read_permission_as_the_os_would_refuse_it(window: MainWindow, qtbot: Any, tmp_path: Path,
                                                      dialogs: list, monkeypatch: pytest.MonkeyPatch) -> None:
    """Simulated for runs as root, which chmod does not stop: opening this one file is refused."""
    before = starting_state(window, qtbot)
    path = (tmp_path / "locked.csv").resolve()
    path.write_text(good_table(), encoding="utf-8")
    real_open = Path.open

    def guarded(self: Path, *args: Any, **kwargs: Any) -> Any:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", guarded)
    user_opens(window, path, monkeypatch)
    qtbot.waitUntil(lambda: bool(dialogs), timeout=15000)
    idle(window, qtbot)
    assert dialogs == [("Could not open the file",
                        f"{path}: no permission to read this file. Check its permissions.")]
    assert_nothing_changed(window, before)
