"""*File → Export report…*: the run shown on the Results page as one self-contained HTML file.

The report is written by ``core.report_html`` on the background pool (it reads the run folder and
its attention snapshots), and the status bar says where it went.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QMenu

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.background import error_text

if TYPE_CHECKING:
    from workbench.ui.shell.main_window import MainWindow

TIP = QT_TRANSLATE_NOOP("ReportExport", "Save the run shown on the Results page as one HTML file that opens "
                                        "in any browser, offline")


def add_report_action(window: MainWindow, menu: QMenu) -> QAction:
    """Add "Export report…" to ``menu`` (the File menu)."""
    action = QAction(translate("ReportExport", "Export &report…"), window)
    action.setObjectName("export-report")
    action.setStatusTip(translate("ReportExport", TIP))
    action.setToolTip(translate("ReportExport", TIP))
    action.triggered.connect(lambda *_a: export_report(window))
    menu.addAction(action)
    return action


def export_report(window: MainWindow, path: str | None = None) -> None:
    """Ask where to save the report of the run on the Results page (``path``: do not ask), then
    write it in the background."""
    run_dir = window.results_page.run_dir if window.results_page.summary else ""
    if not run_dir or not Path(run_dir).is_dir():
        window.show_error(translate("ReportExport", "No run to report"),
                          translate("ReportExport", "Train a model or open a run folder (File → Open run "
                                                    "folder…) first; the report is of the run the Results "
                                                    "page shows."))
        return
    if path is None:
        suggested = str(Path(run_dir) / "report.html")
        title = translate("ReportExport", "Export run report")
        path, _ = QFileDialog.getSaveFileName(window, title, suggested,
                                              translate("ReportExport", "HTML page (*.html)"))
        if not path:
            return
    target = path

    def work() -> Path:
        from workbench.core.report_html import write_report

        return write_report(run_dir, target)

    def done(written: Any) -> None:
        window.statusBar().showMessage(translate("ReportExport", "Report saved: {path}").format(path=written),
                                       10000)

    def failed(exc: BaseException) -> None:
        window.show_error(translate("ReportExport", "Could not write the report"), core_text(error_text(exc)))

    window.statusBar().showMessage(translate("ReportExport", "Writing the report…"))
    window.background.submit("export-report", work, done, failed, engine=True)
