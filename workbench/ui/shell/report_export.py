"""*File → Export report…*: the run shown on the Results page as one self-contained HTML file.

The report is written by ``core.report_html`` on the background pool (it reads the run folder and
its attention snapshots), and the status bar says where it went.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from workbench.ui.widgets.background import error_text

if TYPE_CHECKING:
    from workbench.ui.shell.main_window import MainWindow

TIP = "Save the run shown on the Results page as one HTML file that opens in any browser, offline"


def add_report_action(window: MainWindow, menu: QMenu) -> QAction:
    """Add "Export report…" to ``menu`` (the File menu)."""
    action = QAction("Export &report…", window)
    action.setObjectName("export-report")
    action.setStatusTip(TIP)
    action.setToolTip(TIP)
    action.triggered.connect(lambda *_a: export_report(window))
    menu.addAction(action)
    return action


def export_report(window: MainWindow, path: str | None = None) -> None:
    """Ask where to save the report of the run on the Results page (``path``: do not ask), then
    write it in the background."""
    run_dir = window.results_page.run_dir if window.results_page.summary else ""
    if not run_dir or not Path(run_dir).is_dir():
        window.show_error("No run to report", "Train a model or open a run folder (File → Open run folder…) "
                                              "first; the report is of the run the Results page shows.")
        return
    if path is None:
        suggested = str(Path(run_dir) / "report.html")
        path, _ = QFileDialog.getSaveFileName(window, "Export run report", suggested, "HTML page (*.html)")
        if not path:
            return
    target = path

    def work() -> Path:
        from workbench.core.report_html import write_report

        return write_report(run_dir, target)

    def done(written: Any) -> None:
        window.statusBar().showMessage(f"Report saved: {written}", 10000)

    def failed(exc: BaseException) -> None:
        window.show_error("Could not write the report", error_text(exc))

    window.statusBar().showMessage("Writing the report…")
    window.background.submit("export-report", work, done, failed, engine=True)
