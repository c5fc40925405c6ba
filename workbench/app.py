"""Composition root: the QApplication, fonts, chart settings and the main window.

Nothing here imports torch, pandas or pyqtgraph: the first window paints first, then a background
job imports the engine, and an example or file given on the command line is opened once the
window is up.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

APP_NAME = "Workbench"
ORG_NAME = "Workbench"


def configure_charts() -> None:
    """pyqtgraph settings shared by every chart (the window applies them when it makes its charts)."""
    from workbench.ui.widgets.charts import configure_charts as configure

    configure()


def make_app(argv: list[str] | None = None) -> Any:
    """The QApplication (made if there is none), with Workbench's names and fonts.

    Chart settings are applied by the window when it makes its charts, after the first paint."""
    from PySide6.QtWidgets import QApplication

    from workbench.ui.widgets.fonts import install_fonts

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationDisplayName(APP_NAME)
    install_fonts(app)
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
    return int(QApplication.instance().exec())


def main(file: str | None = None, example: str | None = None, argv: list[str] | None = None) -> int:
    """Run the desktop app; open ``example`` (a bundled example's name) or ``file`` once it shows."""
    return run(create_window(file, example, argv))
