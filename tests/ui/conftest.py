"""pytest-qt setup for the widget tests: offscreen Qt, the bundled CJK fallback font and the app's
scheduling policy."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: no display needed

import pytest
from PySide6.QtWidgets import QMessageBox

from window_steps import answer_close_question, as_read, make_window
from workbench.ui.shell.main_window import MainWindow


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Error dialogs shown, as (title, text as the user reads it); a real modal box would hang an
    offscreen test.

    A window closed during a run (a test that ends early) is told "Stop and close".
    """
    shown: list[tuple[str, str]] = []

    def critical(_parent: Any, title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        shown.append((title, as_read(text)))
        return QMessageBox.StandardButton.Ok

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(critical))
    answer_close_question(monkeypatch, "Stop and close")
    return shown


@pytest.fixture
def window(qtbot: Any, tmp_path: Path, dialogs: list[tuple[str, str]]) -> MainWindow:
    """A fresh main window for one test, its dialogs answered; closed after the test."""
    return make_window(qtbot, tmp_path)


@pytest.fixture(scope="session", autouse=True)
def _fonts(qapp: Any) -> list[str]:
    """Register Droid Sans Fallback once, as the app does at start-up."""
    from workbench.ui.widgets.fonts import install_fonts

    return install_fonts(qapp)


@pytest.fixture(scope="session", autouse=True)
def _scheduling(qapp: Any) -> None:
    """Install the scheduling policy once, as the app's composition root does (``app.make_app``).

    The windows built here run background jobs and training threads; without the policy a garbage
    collection on one of those threads could destroy a closed window's Qt objects there and
    deadlock the run (see ``scheduling``).
    """
    from workbench.ui.shell import scheduling

    scheduling.install(qapp)


@pytest.fixture
def background() -> Any:
    """A pool for a page's jobs (``widgets.background.Background``), alive for the whole test."""
    from workbench.ui.widgets.background import Background

    return Background()


@pytest.fixture
def chinese(qapp: Any) -> Any:
    """The interface in Simplified Chinese for one test (windows made after this), English after."""
    from workbench.ui.i18n import install_language

    assert install_language("zh_CN") == "zh_CN", "the Chinese translations did not load"
    yield
    install_language("en")


@pytest.fixture(autouse=True)
def baseline_on_threads(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Window tests fit baselines on a thread, as the CLI does: the app's child processes (one
    started per window, each importing torch and scikit-learn) would cost seconds of CPU per test.
    Tests marked ``baseline_children`` run the app's way (``core.baseline.warm_up``)."""
    from workbench.core import baseline, baseline_child

    if request.node.get_closest_marker("baseline_children") is None:
        monkeypatch.setattr(baseline, "warm_up", lambda: None)
        yield
        return
    yield
    baseline_child.use_threads()


@pytest.fixture(scope="session", autouse=True)
def _no_training_children_from_start_up() -> Any:
    """The window's start-up never switches runs to child processes in the tests: its warm-up is a
    background job that can finish after its test has ended, and would switch every later test's
    runs to children. For the whole session, then, not per test."""
    from workbench.core import train_child

    real = train_child.warm_up
    train_child.warm_up = lambda: False
    yield
    train_child.warm_up = real


@pytest.fixture(autouse=True)
def training_on_threads(request: pytest.FixtureRequest) -> Any:
    """Window tests train on a thread, as the CLI does: the app's child processes (a standby per
    window, importing torch) would cost seconds per test. Tests marked ``training_children`` switch
    runs to children themselves (``core.train_child.use_children``); they are switched back after."""
    from workbench.core import train_child

    train_child.use_threads()
    yield
    if request.node.get_closest_marker("training_children") is not None:
        train_child.use_threads()
