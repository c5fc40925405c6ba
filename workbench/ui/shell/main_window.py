"""The main window: Data → Model → Train → Results, with menus, toolbar, status bar and settings.

The window owns the ``Session`` (what is being edited), the ``Background`` pool (short jobs) and
the ``TrainingController`` (the run). Pages read and write the session; the window turns user
intent (open, save, train, stop) into calls on those three. Each run gets an attention probe; its
snapshots feed the Results page's "Inspect attention" tab, live while the run trains.

The first paint comes first: torch and pandas are imported by a background job once the window
is on screen, the controller is created on first use, and the pages that draw charts (Train,
Results and its attention tab: pyqtgraph takes ~0.5 s to import and build) are made right after
the first paint, or earlier if something asks for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (QApplication, QFileDialog, QHBoxLayout, QListWidget, QMainWindow,
                               QMessageBox, QStackedWidget, QWidget)

from workbench.core.config import validate
from workbench.ui.shell import interpreter
from workbench.ui.widgets.background import Background, error_text
from workbench.ui.pages.data_page import DataPage
from workbench.core.examples import find_example
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text
from workbench.ui.widgets.forms import humanize_problem
from workbench.ui.shell.menus import RecentFiles, build_menus, make_actions
from workbench.ui.pages.model_page import ModelPage
from workbench.core.history import read_run
from workbench.ui.pages.session import Session

PAGES = ("data", "model", "train", "results")
INSPECT_TAB = "Inspect attention"
PAGE_TITLES = {"data": "1   Data", "model": "2   Model", "train": "3   Train", "results": "4   Results"}
DEFAULT_RUNS_DIR = Path.home() / "Workbench" / "runs"
SHUTDOWN_TIMEOUT_MS = 120_000
OPTIMIZER_WARM_UP_RETRY_MS = 300


def _warm_up() -> list[str]:
    """Import the training engine off the GUI thread; the devices a run can use."""
    import workbench.core.pipeline  # noqa: F401 - the import is the point
    from workbench.core.device import available_devices

    return available_devices()


def _warm_up_optimizers() -> None:
    """What torch imports the first time an optimizer is built (~800 modules), ahead of a run."""
    from workbench.core.optim import warm_up

    warm_up()


class _FirstPaint(QObject):
    """Calls ``then`` (once, from the event loop) after ``widget`` was first painted."""

    def __init__(self, widget: QWidget, then: Any) -> None:
        super().__init__(widget)
        self._then = then
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        if event.type() == QEvent.Type.Paint and self._then is not None:
            then, self._then = self._then, None
            watched.removeEventFilter(self)
            QTimer.singleShot(0, then)  # after this paint has finished
        return False


class MainWindow(QMainWindow):
    """Workbench's window."""

    def __init__(self, settings: QSettings | None = None, runs_dir: str | Path | None = None) -> None:
        super().__init__()
        interpreter.install()  # garbage collected on this thread only; short GIL switches (see there)
        self.settings = settings if settings is not None else QSettings()
        saved = self.settings.value("runs_dir", "", type=str)
        self.runs_dir = Path(runs_dir or saved or DEFAULT_RUNS_DIR)
        self._controller: Any = None
        self._started = False
        self._first_paint_watched = False
        self.warm = False  # True once the engine and the optimizer stack are imported
        self._recent_on_load = ""
        self.background = Background(self)
        self.session = Session(self.background, self)
        self.actions = make_actions(self, {
            "open": self._on_open_triggered, "open_run": self._on_open_run_triggered,
            "save": self._on_save_triggered, "quit": self.close, "train": self.start_training,
            "pause": lambda: self.controller.pause(), "resume": lambda: self.controller.resume(),
            "stop": self.stop_training, "runs_dir": self._on_runs_dir_triggered,
            "about": self._on_about_triggered})
        recent_menu, self.examples_menu = build_menus(self, self.actions, self.open_example)
        self.recent = RecentFiles(self.settings, recent_menu, self.open_path)

        self.data_page = DataPage(self.session)
        self.model_page = ModelPage(self.session, self.background)
        self._chart_pages: tuple[Any, Any, Any] | None = None  # train, results, attention: see _build_chart_pages
        self._devices: list[str] = []  # found by the warm-up job
        self.data_page.sig_open_requested.connect(self._on_open_triggered)
        self.data_page.sig_example_requested.connect(self.open_example)
        self.nav = QListWidget()
        self.nav.addItems([PAGE_TITLES[p] for p in PAGES])
        self.nav.setFixedWidth(120)
        font = self.nav.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.nav.setFont(font)
        self.nav.setSpacing(4)
        self.stack = QStackedWidget()
        for page in (self.data_page, self.model_page, QWidget(), QWidget()):  # chart pages: placeholders
            self.stack.addWidget(page)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.readiness = plain_label()  # the reason may quote a column name or a value from the file
        self.statusBar().addPermanentWidget(self.readiness)
        self.setAcceptDrops(True)

        self.session.sig_load_started.connect(self._on_session_load_started)
        self.session.sig_loaded.connect(self._on_session_loaded)
        self.session.sig_load_failed.connect(self._on_session_load_failed)
        self.session.sig_config_changed.connect(self._on_session_config_changed)
        self.session.sig_analysis.connect(self._on_session_analysis)
        self.model_page.sig_problems_changed.connect(self.refresh_actions)
        self.go_to("data")
        self.resize(1280, 800)
        geometry, state = self.settings.value("window/geometry"), self.settings.value("window/state")
        if geometry is not None:
            self.restoreGeometry(geometry)
        if state is not None:
            self.restoreState(state)
        self._update_title()
        self.refresh_actions()

    # ------------------------------------------------------------------ the chart pages
    @property
    def train_page(self) -> Any:
        """The Train page (``train_page.TrainPage``)."""
        return self._build_chart_pages()[0]

    @property
    def results_page(self) -> Any:
        """The Results page (``results_page.ResultsPage``)."""
        return self._build_chart_pages()[1]

    @property
    def attention(self) -> Any:
        """The Results page's attention tab (``attention_view.AttentionView``)."""
        return self._build_chart_pages()[2]

    def _build_chart_pages(self) -> tuple[Any, Any, Any]:
        """Make the Train and Results pages (once) and put them in place of their placeholders."""
        if self._chart_pages is not None:
            return self._chart_pages
        from workbench.ui.pages.attention_view import AttentionView
        from workbench.ui.widgets.charts import configure_charts
        from workbench.ui.pages.results_page import ResultsPage
        from workbench.ui.pages.train_page import TrainPage

        configure_charts()
        train_page = TrainPage(self.session, self.actions)
        results_page = ResultsPage(self.background)
        attention = AttentionView(self.background, results_page.cache)
        self._chart_pages = (train_page, results_page, attention)
        results_page.add_tab(attention, INSPECT_TAB, on_run=self._on_results_run, live=True)
        train_page.set_runs_dir(str(self.runs_dir))
        if self._devices:
            train_page.set_devices(self._devices)
        train_page.plots.sig_step_clicked.connect(self._on_plots_step_clicked)
        train_page.sig_inspect_requested.connect(self.show_attention)
        current = self.stack.currentIndex()
        for index, page in ((PAGES.index("train"), train_page), (PAGES.index("results"), results_page)):
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        if self._controller is not None:
            self._connect_chart_pages(self._controller)
        # The Data page's class-balance chart too: made when the first analysis lands, it added
        # ~30 ms to that moment's stall.
        _ = self.data_page.settings.chart
        return self._chart_pages

    def _connect_chart_pages(self, controller: Any) -> None:
        controller.sig_attention.connect(self.attention.on_snapshot)
        self.train_page.attach(controller)

    def _on_nav_current_row_changed(self, row: int) -> None:
        if PAGES[row] in ("train", "results"):
            self._build_chart_pages()
        self.stack.setCurrentIndex(row)

    # ------------------------------------------------------------------ navigation and state
    def go_to(self, page: str) -> None:
        """Show ``page`` ("data", "model", "train" or "results")."""
        self.nav.setCurrentRow(PAGES.index(page))

    def current_page(self) -> str:
        """The page shown."""
        return PAGES[self.stack.currentIndex()]

    def show_attention(self) -> None:
        """Go to the Results page's attention tab."""
        self.go_to("results")
        self.results_page.tabs.setCurrentWidget(self.attention)

    @property
    def controller(self) -> Any:
        """The TrainingController, created on first use (its module imports torch)."""
        if self._controller is None:
            from workbench.ui.shell.controller import TrainingController

            controller = TrainingController(self)
            controller.sig_state.connect(self._on_controller_state)
            controller.sig_finished.connect(self._on_controller_finished)
            controller.sig_failed.connect(self._on_controller_failed)
            controller.sig_started.connect(self._on_controller_started)
            self._controller = controller
            self._connect_chart_pages(controller)
        return self._controller

    def state(self) -> str:
        """The controller's state ("idle" before the first run)."""
        return self._controller.state if self._controller is not None else "idle"

    def train_blocker(self) -> str:
        """Why training cannot start now, in plain language; "" when it can."""
        if self.state() != "idle":
            return "A run is in progress."
        if self.session.is_loading():
            return "Wait a moment: the data file is still loading."
        if not self.session.cfg.data.path:
            return "Open a data file first (File → Open, or pick one from Examples)."
        analysis = self.session.analysis
        if analysis is not None and analysis.error:
            return analysis.error
        problems = self.model_page.problems() + [
            humanize_problem(p) for p in validate(self.session.cfg) if p.startswith(("[data]", "[train]"))]
        return problems[0] if problems else ""

    def refresh_actions(self) -> None:
        """Enable the run actions for the controller's state and say why Train is off, if it is."""
        state = self.state()
        blocker = self.train_blocker()
        train = self.actions["train"]
        train.setEnabled(not blocker)
        train.setToolTip(plain_text(blocker) if blocker else "Start training with these settings (F5)")
        self.actions["pause"].setEnabled(state == "running")
        self.actions["resume"].setEnabled(state == "paused")
        self.actions["stop"].setEnabled(state in ("preparing", "running", "paused"))
        text = blocker if state == "idle" and blocker else ("Ready to train (F5)" if state == "idle" else "")
        set_plain_text(self.readiness, text[:140] + ("…" if len(text) > 140 else ""))
        self.readiness.setToolTip(plain_text(blocker))

    # ------------------------------------------------------------------ opening and saving
    def open_path(self, path: str | Path) -> None:
        """Open a data file, a setup (.toml) or a run folder."""
        p = Path(path).expanduser()
        if p.is_dir():
            self.open_run(p)
        elif p.suffix.lower() == ".toml":
            self.open_setup(p)
        else:
            self._recent_on_load = str(p.resolve())  # remembered once it has loaded
            self.session.open_data(p)
            self.go_to("data")

    def open_example(self, name: str) -> None:
        """Open a bundled example: its data and its ready-made setup."""
        try:
            example = find_example(name)
        except KeyError as exc:
            self._error("No such example", str(exc.args[0]))
            return
        self.open_setup(example.path, remember=False)

    def open_setup(self, path: str | Path, remember: bool = True) -> None:
        """Load a saved setup and the data file it names."""
        from workbench.core import config as C
        from workbench.core.errors import ConfigError

        try:
            cfg = C.load(path)
        except ConfigError as exc:
            self._error("Could not open the setup", str(exc))
            return
        if remember:
            self.recent.add(path)
        self.session.set_config(cfg)
        if cfg.data.path and Path(cfg.data.path).is_file():
            self.session.open_data(cfg.data.path, settings=cfg.data)
        elif cfg.data.path:
            self.statusBar().showMessage(f"The setup's data file is missing: {cfg.data.path}", 10000)
        self.go_to("data")

    def open_run(self, path: str | Path) -> None:
        """Show an earlier run's curves and results, and load its setup."""
        path = str(Path(path).resolve())
        self.statusBar().showMessage(f"Opening run {path}…")
        self.background.submit("open-run", lambda: read_run(path), lambda r: self._on_run_read(path, r),
                               lambda exc: self._error("Could not open the run folder", error_text(exc)))

    def save_setup(self, path: str | Path) -> None:
        """Write the whole setup as TOML."""
        from workbench.core import config as C

        try:
            C.save(self.session.cfg, path)
        except OSError as exc:
            self._error("Could not save the setup", f"{path}: {exc.strerror or exc}")
            return
        self.recent.add(path)
        self.statusBar().showMessage(f"Setup saved to {path}", 5000)

    def set_runs_dir(self, path: str | Path) -> None:
        """Where new run folders are created (created when the first run starts)."""
        self.runs_dir = Path(path)
        self.settings.setValue("runs_dir", str(self.runs_dir))
        self.train_page.set_runs_dir(str(self.runs_dir))

    def _on_run_read(self, path: str, run: dict[str, Any]) -> None:
        self.session.set_config(run["cfg"])
        data = run["cfg"].data
        if data.path and Path(data.path).is_file():
            self.session.open_data(data.path, settings=data)
        self.train_page.show_history(run["history"], run["task"])
        self.results_page.show_summary(run["summary"], path)
        self.recent.add(path)
        self.go_to("train")
        self.statusBar().showMessage(f"Opened run {path}", 5000)

    # ------------------------------------------------------------------ training
    def start_training(self) -> None:
        """Start a run with the current setup (refused, with the reason, when it cannot start)."""
        blocker = self.train_blocker()
        if blocker:
            self.statusBar().showMessage(blocker, 8000)
            return
        try:
            self.runs_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._error("Cannot create the runs folder", f"{self.runs_dir}: {exc.strerror or exc}")
            return
        from workbench.core.probe import AttentionProbe

        self._started = False
        probe = AttentionProbe()
        self.attention.follow_training(probe)
        self.controller.start(self.session.config(), str(self.runs_dir), probe=probe)
        self.go_to("train")

    def stop_training(self) -> None:
        """Stop the run after its current step."""
        if self._controller is not None:
            self._controller.stop()

    def _on_controller_state(self, state: str) -> None:
        self.refresh_actions()
        messages = {"preparing": "Preparing the data and building the model…", "running": "Training…",
                    "paused": "Paused", "stopping": "Stopping: finishing this step, saving a checkpoint and scoring "
                                "every split one last time…"}
        if state in messages:
            self.statusBar().showMessage(messages[state])

    def _on_controller_started(self, info: dict) -> None:
        from workbench.core.models import resolve_kind

        self._started = True
        attention = resolve_kind(self.session.cfg.model, info.get("task", "")) != "mlp"
        self.results_page.show_live(info.get("run_dir", ""), with_tabs=attention)
        self.train_page.inspect_button.setVisible(attention)
        self.statusBar().showMessage(f"Training on {info.get('device', '?')}; "
                                     f"run folder {info.get('run_dir')}")

    def _on_controller_finished(self, summary: dict) -> None:
        self.results_page.show_summary(summary, self.controller.run_dir)
        self.statusBar().showMessage(f"{summary.get('status', 'finished').replace('_', ' ').capitalize()} "
                                     f"after {summary.get('steps', 0):,} steps", 10000)
        if self.current_page() == "train" and self.isVisible():
            self.go_to("results")

    def _on_results_run(self, run_dir: str, summary: dict) -> None:
        self.attention.show_run(run_dir, summary)
        index = self.results_page.tabs.indexOf(self.attention)
        self.results_page.tabs.setTabVisible(index, summary.get("model_kind") not in ("mlp", None))

    def _on_plots_step_clicked(self, step: int) -> None:
        if self.attention.jump_to_step(step):
            self.show_attention()

    def _on_controller_failed(self, message: str) -> None:
        if not self._started and self.state() == "stopping":  # the user stopped it while preparing
            self.statusBar().showMessage("Stopped before training began", 8000)
            return
        self.statusBar().showMessage("Training failed", 10000)
        summary = self.controller.last_summary
        if self._started and summary:  # the Results page said "Still running": say what happened
            self.results_page.show_summary(summary, self.controller.run_dir)
        if self.isVisible():
            self._error("Training failed", message)

    # ------------------------------------------------------------------ session signals
    def _on_session_load_started(self, path: str) -> None:
        self.statusBar().showMessage(f"Loading {path}…")
        self.refresh_actions()

    def _on_session_loaded(self, source: Any) -> None:
        self.statusBar().showMessage(f"Loaded {source.path}", 5000)
        if str(source.path) == self._recent_on_load:
            self.recent.add(source.path)
        self._recent_on_load = ""
        self.refresh_actions()

    def _on_session_load_failed(self, path: str, message: str) -> None:
        self.statusBar().showMessage(f"Could not open {Path(path).name}", 10000)
        self.refresh_actions()
        self._error("Could not open the file", message)

    def _on_session_analysis(self, _analysis: Any) -> None:
        self.refresh_actions()

    def _on_session_config_changed(self, _section: str, _origin: object) -> None:
        self._update_title()
        self.refresh_actions()

    def _update_title(self) -> None:
        name = self.session.cfg.name
        self.setWindowTitle(f"{name} — Workbench" if self.session.cfg.data.path else "Workbench")

    # ------------------------------------------------------------------ menu handlers
    def _on_open_triggered(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open data or setup", str(Path.home()),
            "Data and setups (*.csv *.tsv *.txt *.text *.md *.toml);;All files (*)")
        if path:
            self.open_path(path)

    def _on_open_run_triggered(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Open a run folder", str(self.runs_dir))
        if path:
            self.open_run(path)

    def _on_save_triggered(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save setup", f"{self.session.cfg.name or 'setup'}.toml",
                                              "Workbench setup (*.toml)")
        if path:
            self.save_setup(path)

    def _on_runs_dir_triggered(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Folder for run folders", str(self.runs_dir))
        if path:
            self.set_runs_dir(path)

    def _on_about_triggered(self) -> None:
        QMessageBox.about(self, "About Workbench", plain_text(
            "Workbench: load a dataset, set up a Transformer or an MLP, train it and watch it learn."))

    def _error(self, title: str, message: str) -> None:
        QMessageBox.critical(self, title, plain_text(message))

    # ------------------------------------------------------------------ Qt events
    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 (Qt override)
        """Wait for the first paint (of the page list), then do the rest of the start-up."""
        super().showEvent(event)
        if not self._first_paint_watched:
            self._first_paint_watched = True
            self._paint_watch = _FirstPaint(self.nav, self._on_first_paint)

    def _on_first_paint(self) -> None:
        """Import torch and pandas in the background; the chart pages follow once they are in.

        One after the other, not side by side: both hold Python's lock most of the time, so
        together they would only finish later each.
        """
        self.background.submit("warm-up", _warm_up, self._on_warm_up_done)

    def _on_warm_up_done(self, devices: list[str]) -> None:
        """The engine is in: Train can start. Then the chart pages, and the optimizer stack."""
        self._devices = devices
        if self._chart_pages is not None:
            self.train_page.set_devices(devices)
        QTimer.singleShot(0, self._build_chart_pages)
        self._warm_up_optimizers_when_idle()

    def _warm_up_optimizers_when_idle(self) -> None:
        """Import the optimizer stack, once no file is being read or analysed.

        The import holds Python's lock in stretches of up to a quarter second (~2 s in all), which
        would stall the table and charts of a file loading meanwhile. A run started before it is
        done imports it on its worker, while the Train page shows "preparing".
        """
        if self.session.is_busy():
            QTimer.singleShot(OPTIMIZER_WARM_UP_RETRY_MS, self._warm_up_optimizers_when_idle)
            return
        self.background.submit("warm-up-optimizers", _warm_up_optimizers, self._on_warm)

    def _on_warm(self, _result: object = None) -> None:
        """Everything a run needs is imported: leave it out of later garbage collections."""
        self.warm = True
        interpreter.freeze_startup()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802
        """Accept a dropped local file or folder."""
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802
        """Open the first dropped file (data, setup or run folder)."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_path(paths[0])

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        """Stop a run (its checkpoint is saved) and wait for every thread before closing."""
        if self._controller is not None and self._controller.is_busy():
            self.statusBar().showMessage("Stopping the run and saving its checkpoint…")
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                self._controller.shutdown(SHUTDOWN_TIMEOUT_MS)
            finally:
                QApplication.restoreOverrideCursor()
        self.background.shutdown()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        event.accept()
