"""Composition root: the QApplication, fonts, chart settings and the main window.

Nothing here imports torch or pandas: the first window paints first, then a background job
imports them, and an example or file given on the command line is opened once the window is up.
"""

from __future__ import annotations

import sys
from pathlib import Path

APP_NAME = "Workbench"
ORG_NAME = "Workbench"


def configure_charts() -> None:
    """pyqtgraph settings shared by every chart."""
    import pyqtgraph as pg

    pg.setConfigOptions(antialias=True, imageAxisOrder="row-major")


def main(file: str | None = None, example: str | None = None, argv: list[str] | None = None) -> int:
    """Run the desktop app; open ``example`` (a bundled example's name) or ``file`` once it shows."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from workbench.ui.fonts import install_fonts

    app = QApplication.instance() or QApplication(argv if argv is not None else sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(ORG_NAME)
    app.setApplicationDisplayName(APP_NAME)
    install_fonts(app)
    configure_charts()

    from workbench.ui.main_window import MainWindow

    window = MainWindow()
    window.show()
    if example:
        QTimer.singleShot(0, lambda: window.open_example(example))
    elif file:
        QTimer.singleShot(0, lambda: window.open_path(Path(file)))
    return int(app.exec())
