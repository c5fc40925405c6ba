"""The Runs page: every run in the runs folder (and folders added), compared, continued, tidied.

The table lists the runs (``core.runs_index``: an incremental scan, so refreshing while the page
is shown costs only the runs that changed). Selecting runs overlays their curves and lines their
settings up side by side, differences highlighted. A run can be opened (its curves and results on
the Train and Results pages), continued with a bigger budget or a new learning rate, its setup
loaded into the forms, renamed, moved to the trash or shown in the file manager.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

from PySide6.QtCore import QFile, QTimer, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.core.continuation import flatten
from workbench.core.runs_index import STATUSES, RunCurves, RunRow, RunsIndex, read_curves
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.background import Background, error_text
from workbench.ui.widgets.config_diff import ConfigDiff
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text
from workbench.ui.widgets.runs_table import RunsTable

REFRESH_MS = 3000  # while the page is shown: a running run's row keeps up
MAX_OVERLAY = 10  # more selected runs are listed, but only this many are drawn
_NAME_OK = re.compile(r"^[\w.\- ]{1,120}$")


class RunsPage(QWidget):
    """The table of runs, and the overlay and settings of those selected."""

    sig_open_run = Signal(str)        # show this run on the Train and Results pages
    sig_open_setup = Signal(str)      # load this run's config into the forms
    sig_continue = Signal(str, list)  # continue this run with these section.key=value changes
    sig_start_from = Signal(str)      # start the next run from this run's weights (core.transfer)

    def __init__(self, background: Background, folder: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.background = background
        self.folders: list[Path] = [folder]
        self.index = RunsIndex()
        self._curves: dict[str, tuple[float, RunCurves]] = {}
        self.filter_edit = QLineEdit()
        self.filter_edit.setPlaceholderText(translate("RunsPage", "Filter by name, data file, task or "
                                                      "model…"))
        self.filter_edit.setClearButtonEnabled(True)
        self.status_combo = QComboBox()
        self.status_combo.addItem(translate("RunsPage", "any status"), "")
        for status in STATUSES:
            self.status_combo.addItem(core_text(status.replace("_", " ")), status)
        add = QPushButton(translate("RunsPage", "Add folder…"))
        add.setToolTip(translate("RunsPage", "Also list the runs in another folder"))
        refresh = QPushButton(translate("RunsPage", "Refresh"))
        top = QHBoxLayout()
        self.folder_label = plain_label()
        top.addWidget(self.folder_label, 1)
        top.addWidget(self.filter_edit, 2)
        top.addWidget(self.status_combo)
        top.addWidget(add)
        top.addWidget(refresh)
        self.table = RunsTable()
        self.buttons = {name: QPushButton(text) for name, text in (
            ("open", translate("RunsPage", "Open")), ("continue", translate("RunsPage", "Continue…")),
            ("setup", translate("RunsPage", "Use this setup")),
            ("start_from", translate("RunsPage", "Start from its weights")),
            ("rename", translate("RunsPage", "Rename…")), ("delete", translate("RunsPage", "Delete…")),
            ("folder", translate("RunsPage", "Show folder")))}
        tips = {"open": translate("RunsPage", "Show the run's curves and results on the Train and Results "
                                  "pages"),
                "continue": translate("RunsPage", "Train this run further: more epochs, a new learning "
                                      "rate"),
                "setup": translate("RunsPage", "Load the run's settings into the Data, Model and Train "
                                   "forms, to start a new run"),
                "start_from": translate("RunsPage", "The next run (on the data now open) starts from this "
                                        "run's weights where they fit, with its tokenizer: continue a "
                                        "language model on another text, or fine-tune a classifier from "
                                        "a language model"),
                "rename": translate("RunsPage", "Rename the run's folder"),
                "delete": translate("RunsPage", "Move the run's folder to the trash"),
                "folder": translate("RunsPage", "Open the run's folder in the file manager")}
        actions = QHBoxLayout()
        for name, button in self.buttons.items():
            button.setToolTip(tips[name])
            actions.addWidget(button)
        actions.addStretch(1)
        self.count_label = plain_label()
        actions.addWidget(self.count_label)
        from workbench.ui.widgets.runs_overlay import RunsOverlay

        self.overlay = RunsOverlay()
        self.diff = ConfigDiff()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.overlay, translate("RunsPage", "Curves"))
        self.tabs.addTab(self.diff, translate("RunsPage", "Settings"))
        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(top)
        upper_layout.addWidget(self.table, 1)
        upper_layout.addLayout(actions)
        split = QSplitter()
        split.setOrientation(split.orientation().Vertical)
        split.addWidget(upper)
        split.addWidget(self.tabs)
        split.setSizes([330, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(split)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.filter_edit.textChanged.connect(self._on_filter_changed)
        self.status_combo.currentIndexChanged.connect(self._on_filter_changed)
        add.clicked.connect(self._on_add_clicked)
        refresh.clicked.connect(self.refresh)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.table.doubleClicked.connect(lambda _index: self._open())
        handlers = {"open": self._open, "continue": self._continue, "setup": self._setup,
                    "start_from": self._start_from, "rename": self._rename, "delete": self._delete,
                    "folder": self._show_folder}
        for name, handler in handlers.items():
            self.buttons[name].clicked.connect(handler)
        self._update_buttons()
        self._update_folder_label()

    # ------------------------------------------------------------------ listing
    def set_folder(self, folder: Path) -> None:
        """The runs folder (where new runs go) replaces the first folder listed."""
        self.folders[0] = folder
        self._update_folder_label()
        self.refresh()

    def add_folder(self, folder: Path) -> None:
        """Also list the runs in ``folder``."""
        if folder not in self.folders:
            self.folders.append(folder)
        self._update_folder_label()
        self.refresh()

    def _update_folder_label(self) -> None:
        names = ", ".join(str(f) for f in self.folders)
        set_plain_text(self.folder_label, translate("RunsPage", "Runs in {folders}").format(folders=names))

    def refresh(self) -> None:
        """Rescan the folders (only changed runs are read again)."""
        rows = self.index.scan(self.folders)
        self.table.set_rows(rows)
        shown = len(self.table.shown())
        count = (translate("RunsPage", "{shown} of {count} runs").format(shown=shown, count=len(rows))
                 if shown != len(rows) else translate("RunsPage", "{count} runs").format(count=len(rows)))
        set_plain_text(self.count_label, count)
        self._update_buttons()

    def showEvent(self, event: QShowEvent) -> None:
        """Refresh when shown, and every few seconds while shown."""
        super().showEvent(event)
        self.refresh()
        self.timer.start()

    def hideEvent(self, event: Any) -> None:
        """No rescans while hidden."""
        super().hideEvent(event)
        self.timer.stop()

    def _on_filter_changed(self) -> None:
        self.table.proxy.set_filter(self.filter_edit.text(), str(self.status_combo.currentData() or ""))
        self.refresh()

    def _on_add_clicked(self) -> None:
        path = QFileDialog.getExistingDirectory(self, translate("RunsPage", "Add a folder of runs"),
                                                str(self.folders[0]))
        if path:
            self.add_folder(Path(path))

    # ------------------------------------------------------------------ selection: overlay and settings
    def _on_selection_changed(self, *_args: Any) -> None:
        self._update_buttons()
        rows = self.table.selected()
        self._show_settings(rows)
        wanted = rows[:MAX_OVERLAY]
        missing = [r.path for r in wanted if self._cached(r) is None]
        if not missing:
            self._show_curves(wanted)
            return
        self.background.submit("runs-curves", lambda: {p: read_curves(p) for p in missing},
                               lambda got: self._on_curves_read(got, wanted),
                               lambda exc: self._on_curves_failed(exc))

    def _cached(self, row: RunRow) -> RunCurves | None:
        entry = self._curves.get(row.path)
        stamp = _stamp(row.path)
        return entry[1] if entry is not None and entry[0] == stamp else None

    def _on_curves_read(self, got: dict[str, RunCurves], wanted: list[RunRow]) -> None:
        for path, curves in got.items():
            self._curves[path] = (_stamp(path), curves)
        self._show_curves(wanted)

    def _on_curves_failed(self, exc: BaseException) -> None:
        set_plain_text(self.count_label, translate("RunsPage", "Could not read a run: {error}").format(
            error=core_text(error_text(exc))))

    def _show_curves(self, rows: list[RunRow]) -> None:
        curves = [c for c in (self._cached(r) for r in rows) if c is not None]
        self.overlay.set_runs(curves)

    def _show_settings(self, rows: list[RunRow]) -> None:
        from workbench.core import config as C

        names, settings = [], []
        for row in rows:
            try:
                flat = flatten(C.load(Path(row.path) / "config.toml"))
            except Exception:  # noqa: BLE001 - a broken config shows as empty, the table says the rest
                flat = {}
            fingerprint = _fingerprint(Path(row.path))
            if fingerprint:
                flat[translate("RunsPage", "data fingerprint")] = fingerprint
            names.append(row.name)
            settings.append(flat)
        self.diff.set_runs(names, settings)

    def _update_buttons(self) -> None:
        rows = self.table.selected()
        one = len(rows) == 1
        running = any(r.status == "running" for r in rows)
        for name in ("open", "setup", "folder"):
            self.buttons[name].setEnabled(one)
        self.buttons["continue"].setEnabled(one and not running and rows[0].status != "failed")
        finished = one and rows[0].status in ("completed", "early_stopped", "stopped")  # it has weights
        self.buttons["start_from"].setEnabled(finished)
        self.buttons["rename"].setEnabled(one and not running)
        self.buttons["delete"].setEnabled(bool(rows) and not running)

    # ------------------------------------------------------------------ actions
    def _one(self) -> RunRow | None:
        rows = self.table.selected()
        return rows[0] if len(rows) == 1 else None

    def _open(self) -> None:
        row = self._one()
        if row is not None:
            self.sig_open_run.emit(row.path)

    def _setup(self) -> None:
        row = self._one()
        if row is not None:
            self.sig_open_setup.emit(str(Path(row.path) / "config.toml"))

    def _start_from(self) -> None:
        row = self._one()
        if row is not None:
            self.sig_start_from.emit(row.path)

    def _continue(self) -> None:
        from workbench.ui.widgets.continue_dialog import ask_continue

        row = self._one()
        if row is None:
            return
        overrides = ask_continue(self, Path(row.path))
        if overrides is not None:
            self.sig_continue.emit(row.path, overrides)

    def _rename(self) -> None:
        row = self._one()
        if row is None:
            return
        name, ok = QInputDialog.getText(self, translate("RunsPage", "Rename run"),
                                        translate("RunsPage", "New name of the run's folder:"), text=row.name)
        name = name.strip()
        if not ok or not name or name == row.name:
            return
        target = Path(row.path).with_name(name)
        if not _NAME_OK.match(name):
            self._error(translate("RunsPage", "Cannot rename the run"), translate(
                "RunsPage", "Use letters, digits, spaces, dots, dashes and underscores (at most 120)."))
        elif target.exists():
            self._error(translate("RunsPage", "Cannot rename the run"),
                        translate("RunsPage", "{path} already exists.").format(path=target))
        else:
            try:
                Path(row.path).rename(target)
            except OSError as exc:
                self._error(translate("RunsPage", "Cannot rename the run"),
                            f"{row.path}: {exc.strerror or exc}")
        self.refresh()

    def _delete(self) -> None:
        rows = [r for r in self.table.selected() if r.status != "running"]
        if not rows:
            return
        names = ", ".join(r.name for r in rows[:5])
        if len(rows) > 5:
            names += translate("RunsPage", " and {count} more").format(count=len(rows) - 5)
        answer = QMessageBox.question(self, translate("RunsPage", "Delete runs"), plain_text(
            translate("RunsPage", "Move {runs} to the trash?").format(runs=names)))
        if answer != QMessageBox.StandardButton.Yes:
            return
        for row in rows:
            if QFile.moveToTrash(row.path):
                continue
            answer = QMessageBox.question(self, translate("RunsPage", "No trash here"), plain_text(
                translate("RunsPage", "{path} cannot be moved to a trash on this system. Delete it for "
                          "good?").format(path=row.path)))
            if answer == QMessageBox.StandardButton.Yes:
                shutil.rmtree(row.path, ignore_errors=True)
        self.refresh()

    def _show_folder(self) -> None:
        row = self._one()
        if row is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(row.path))

    def _error(self, title: str, message: str) -> None:
        QMessageBox.warning(self, title, plain_text(message))


def _fingerprint(run: Path) -> str:
    """The data file's content hash and size as the run recorded them ("" when it did not)."""
    import json

    try:
        record = json.loads((run / "data_fingerprint.json").read_text(encoding="utf-8"))
        return translate("RunsPage", "sha256 {hash}… ({size} bytes)").format(
            hash=str(record["sha256"])[:12], size=f"{int(record['size']):,}")
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def _stamp(path: str) -> float:
    try:
        return (Path(path) / "metrics.jsonl").stat().st_mtime
    except OSError:
        return 0.0
