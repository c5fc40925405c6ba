"""Composition root: the QApplication, its fonts and scheduling policy, and the main window.

Nothing here imports torch, pandas or pyqtgraph: the first window paints first, then a background
job imports the engine, and an example or file given on the command line is opened once the
window is up.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

APP_NAME = "Workbench"
ORG_NAME = "Workbench"


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (made if there is none), with Workbench's names, fonts and scheduling policy
    (``ui.shell.scheduling``: garbage collected on the GUI thread, short GIL switches, core work
    that pauses between its pieces).

    Chart settings are applied by the window when it makes its charts, after the first paint."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workbench.ui.i18n import chosen_language, install_language
    from workbench.ui.shell import scheduling
    from workbench.ui.widgets.fonts import install_fonts

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    if not isinstance(app, QApplication):
        raise RuntimeError("a QCoreApplication exists already; the window needs a QApplication")
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationDisplayName(APP_NAME)
    install_language(chosen_language(QSettings()))  # Settings → Language, else the system's
    install_fonts(app)
    scheduling.install(app)
    return app


def create_window(file: str | None = None, example: str | None = None, argv: list[str] | None = None) -> Any:
    """The QApplication (made if there is none) and the shown main window, with ``example`` or
    ``file`` queued to open once the event loop runs. Returns the window."""
    from PySide6.QtCore import QTimer

    make_app(argv)

    from workbench.ui.shell.main_window import MainWindow

    window = MainWindow()
    window.show()
    if example:
        QTimer.singleShot(0, lambda: window.open_example(example))
    elif file:
        QTimer.singleShot(0, lambda: window.open_path(Path(file)))
    return window


def run(window: Any) -> int:
    """Run the event loop until ``window`` is closed; returns the exit status."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    # Delete the window as it closes, inside the event loop. Left to PySide's clean-up at
    # interpreter exit, its charts' items were destroyed in no particular order, and closing the
    # window just as a run started crashed the process (exit status 139) after a clean shutdown.
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return int(QApplication.exec())


def main(file: str | None = None, example: str | None = None, argv: list[str] | None = None) -> int:
    """Run the desktop app; open ``example`` (a bundled example's name) or ``file`` once it shows."""
    return run(create_window(file, example, argv))
