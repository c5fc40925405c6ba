"""The main window: Data → Model → Train → Results, with menus, toolbar, status bar and settings.

The window owns the ``Session`` (what is being edited), the ``Background`` pool (short jobs) and
the ``RunCoordinator`` (the run, and its ``TrainingController``). Pages read and write the
session; the window turns user intent (open, save, train, stop) into calls on those three. Each
run gets an attention probe; its snapshots feed the Results page's "Inspect attention" tab, live
while the run trains.

The first paint comes first: the start-up sequence (``startup``) then imports torch and pandas in
the background and has the pages that draw charts (Train, Results and its attention tab:
pyqtgraph takes ~0.5 s to import and build) made once they are in, or earlier if something asks
for them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

from PySide6.QtCore import QSettings
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QHBoxLayout, QMainWindow, QMessageBox, QStackedWidget, QWidget

from workbench.core.events import RunState
from workbench.core.examples import find_example
from workbench.core.history import RunHistory, read_run
from workbench.ui.i18n import core_text, translate
from workbench.ui.pages.data_page import DataPage
from workbench.ui.pages.model_page import ModelPage
from workbench.ui.pages.session import Session
from workbench.ui.shell import file_actions, presenter, run_follow, scheduling
from workbench.ui.shell.controller import TrainingController
from workbench.ui.shell.menus import RecentFiles, build_menus, make_actions
from workbench.ui.shell.run_coordinator import RunCoordinator
from workbench.ui.shell.runs_room import PAGES, RunsRoom, make_nav
from workbench.ui.shell.startup import StartUp
from workbench.ui.widgets.background import Background, error_text
from workbench.ui.widgets.fonts import plain_label, plain_message, plain_text, set_plain_text
from workbench.ui.widgets.forms import humanize_problem

DEFAULT_RUNS_DIR = Path.home() / "Workbench" / "runs"


class MainWindow(QMainWindow):
    """Workbench's window."""

    def __init__(self, settings: QSettings | None = None, runs_dir: str | Path | None = None) -> None:
        super().__init__()
        self.settings = settings if settings is not None else QSettings()
        saved = str(self.settings.value("runs_dir", "", type=str))
        self.runs_dir = Path(runs_dir or saved or DEFAULT_RUNS_DIR)
        self.warm = False  # True once the engine and the optimizer stack are imported
        self._recent_on_load = ""
        self.background = Background(self)
        self.session = Session(self.background, self, scheduling.load_timing())
        self.runs = RunCoordinator(self, self)
        self.action_map = make_actions(self, {  # by key; `actions` would hide QWidget.actions()
            "open": lambda: file_actions.open_file(self), "quit": self.close,
            "open_run": lambda: file_actions.open_run_folder(self), "save": lambda: file_actions.save(self),
            "train": self.start_training, "stop": self.stop_training,
            "pause": lambda: self.controller.pause(), "resume": lambda: self.controller.resume(),
            "runs_dir": lambda: file_actions.choose_runs_dir(self),
            "about": lambda: file_actions.about(self)})
        recent_menu, self.examples_menu = build_menus(self, self.action_map, self.open_example)
        self.recent = RecentFiles(self.settings, recent_menu, self.open_path)

        self.data_page = DataPage(self.session)
        self.model_page = ModelPage(self.session, self.background)
        self._chart_pages: tuple[Any, Any, Any] | None = None  # see _build_chart_pages
        self._devices: list[str] = []  # found by the warm-up job
        self.data_page.sig_open_requested.connect(self.action_map["open"].trigger)
        self.data_page.sig_example_requested.connect(self.open_example)
        self.nav = make_nav()
        self.stack = QStackedWidget()
        for page in (self.data_page, self.model_page, QWidget(), QWidget(), QWidget()):  # 3 made later
            self.stack.addWidget(page)
        self.runs_room = RunsRoom(self, self.stack)
        self.nav.currentRowChanged.connect(self._on_nav_current_row_changed)
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.readiness = plain_label()  # the reason may quote a column name or a value from the file
        self.statusBar().addPermanentWidget(self.readiness)
        self.setAcceptDrops(True)
        self.startup = StartUp(self, self.nav, self.background, self.session, self._build_chart_pages)
        self.startup.sig_engine_ready.connect(self._on_startup_engine_ready)
        self.startup.sig_warm.connect(self._on_startup_warm)

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
        from workbench.ui.pages.results_page import ResultsPage
        from workbench.ui.pages.train_page import TrainPage
        from workbench.ui.widgets.charts import configure_charts

        configure_charts()
        train_page = TrainPage(self.session, self.action_map)
        results_page = ResultsPage(self.background)
        attention = AttentionView(self.background, results_page.cache, settings=self.settings)
        self._chart_pages = (train_page, results_page, attention)
        self.runs.attach_pages(train_page, results_page, attention)
        train_page.set_runs_dir(str(self.runs_dir))
        if self._devices:
            train_page.set_devices(self._devices)
        train_page.sig_inspect_requested.connect(self.show_attention)
        current = self.stack.currentIndex()
        for index, page in ((PAGES.index("train"), train_page), (PAGES.index("results"), results_page)):
            placeholder = cast(QWidget, self.stack.widget(index))  # there since __init__, never None
            self.stack.insertWidget(index, page)
            self.stack.removeWidget(placeholder)
            placeholder.deleteLater()
        self.stack.setCurrentIndex(current)
        # The Data page's class-balance chart too: made when the first analysis lands, it added
        # ~30 ms to that moment's stall.
        _ = self.data_page.settings.chart
        return self._chart_pages

    def _on_nav_current_row_changed(self, row: int) -> None:
        if PAGES[row] in ("train", "results"):
            self._build_chart_pages()
        elif PAGES[row] == "runs":
            _ = self.runs_room.page
        self.stack.setCurrentIndex(row)

    # ------------------------------------------------------------------ navigation and state
    def go_to(self, page: str) -> None:
        """Show ``page`` ("data", "model", "train", "results" or "runs")."""
        self.nav.setCurrentRow(PAGES.index(page))

    def current_page(self) -> str:
        """The page shown."""
        return PAGES[self.stack.currentIndex()]

    def show_attention(self) -> None:
        """Go to the Results page's attention tab."""
        self.go_to("results")
        self.results_page.tabs.setCurrentWidget(self.attention)

    @property
    def controller(self) -> TrainingController:
        """The TrainingController (``runs`` owns it)."""
        return self.runs.controller

    def state(self) -> RunState:
        """What the run controller is doing."""
        return self.runs.controller.state

    def train_blocker(self) -> str:
        """Why training cannot start now, in plain language; "" when it can."""
        if self.state() != "idle":
            return translate("MainWindow", "A run is in progress.")
        if self.session.is_loading():
            return translate("MainWindow", "Wait a moment: the data file is still loading.")
        if not self.session.cfg.data.path:
            return translate("MainWindow", "Open a data file first (File → Open, "
                                           "or pick one from Examples).")
        data = self.session.data_blocker()  # a refusal, or a target still to be chosen
        if data:
            return core_text(data)
        problems = self.model_page.problems() + [
            humanize_problem(p) for p in self.session.problems() if p.section in ("data", "train")]
        return problems[0] if problems else ""

    def refresh_actions(self) -> None:
        """Enable the run actions for the controller's state and say why Train is off, if it is."""
        state = self.state()
        blocker = self.train_blocker()
        train = self.action_map["train"]
        train.setEnabled(not blocker)
        train.setToolTip(plain_text(blocker) if blocker
                         else translate("MainWindow", "Start training with these settings (F5)"))
        self.action_map["pause"].setEnabled(state == "running")
        self.action_map["resume"].setEnabled(state == "paused")
        self.action_map["stop"].setEnabled(state.active)
        ready = translate("MainWindow", "Ready to train (F5)")
        text = blocker if state == "idle" and blocker else (ready if state == "idle" else "")
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
            self.session.open_data(p)
            self._recent_on_load = self.session.loading_path  # remembered once it has loaded
            self.go_to("data")

    def open_example(self, name: str) -> None:
        """Open a bundled example: its data and its ready-made setup."""
        try:
            example = find_example(name)
        except KeyError as exc:
            self.show_error(translate("MainWindow", "No such example"), core_text(str(exc.args[0])))
            return
        self.open_setup(example.path, remember=False)

    def open_setup(self, path: str | Path, remember: bool = True) -> None:
        """Load a saved setup and the data file it names."""
        from workbench.core import config as C
        from workbench.core.errors import ConfigError

        try:
            cfg = C.load(path)
        except ConfigError as exc:
            self.show_error(translate("MainWindow", "Could not open the setup"), core_text(str(exc)))
            return
        if remember:
            self.recent.add(path)
        self.session.set_config(cfg)
        if cfg.data.path and Path(cfg.data.path).is_file():
            self.session.open_data(cfg.data.path, settings=cfg.data)
        elif cfg.data.path:
            self.statusBar().showMessage(translate("MainWindow", "The setup's data file is missing: {path}")
                                         .format(path=cfg.data.path), 10000)
        self.go_to("data")

    def open_run(self, path: str | Path) -> None:
        """Show an earlier run's curves and results, and load its setup."""
        path = str(Path(path).resolve())
        self.statusBar().showMessage(translate("MainWindow", "Opening run {path}…").format(path=path))
        title = translate("MainWindow", "Could not open the run folder")
        self.background.submit("open-run", lambda: read_run(path), lambda r: self._on_run_read(path, r),
                               lambda exc: self.show_error(title, core_text(error_text(exc))))

    def save_setup(self, path: str | Path) -> None:
        """Write the whole setup as TOML."""
        from workbench.core import config as C

        try:
            C.save(self.session.cfg, path)
        except OSError as exc:
            self.show_error(translate("MainWindow", "Could not save the setup"),
                            f"{path}: {exc.strerror or exc}")
            return
        self.recent.add(path)
        self.statusBar().showMessage(translate("MainWindow", "Setup saved to {path}").format(path=path), 5000)

    def set_runs_dir(self, path: str | Path) -> None:
        """Where new run folders are created (created when the first run starts)."""
        self.runs_dir = Path(path)
        self.settings.setValue("runs_dir", str(self.runs_dir))
        self.train_page.set_runs_dir(str(self.runs_dir))
        self.runs_room.set_folder(self.runs_dir)

    def _on_run_read(self, path: str, run: RunHistory) -> None:
        self.session.set_config(run.cfg)
        data = run.cfg.data
        if data.path and Path(data.path).is_file():
            self.session.open_data(data.path, settings=data)
        self.train_page.show_history(run.points, run.task, run.changes)
        run_follow.follow(self, path, run)  # a run still being written (a cluster's): its curves grow
        self.results_page.show_summary(run.summary, path)
        self.recent.add(path)
        self.go_to("train")
        # Damaged history lines were skipped; say so rather than show a shorter curve silently.
        opened = translate("MainWindow", "Opened run {path}").format(path=path)
        shown = translate("MainWindow", "; ").join([*(core_text(n) for n in run.notes), opened])
        self.statusBar().showMessage(shown, 10000 if run.notes else 5000)

    # ------------------------------------------------------------------ training (see run_coordinator)
    def start_training(self) -> None:
        """Start a run with the current setup (refused, with the reason, when it cannot start)."""
        self.runs.start()

    def stop_training(self) -> None:
        """Stop the run after its current step."""
        self.runs.stop()

    # ------------------------------------------------------------------ session signals
    def _on_session_load_started(self, path: str) -> None:
        self.statusBar().showMessage(translate("MainWindow", "Loading {path}…").format(path=path))
        self.refresh_actions()

    def _on_session_loaded(self, source: Any) -> None:
        self.statusBar().showMessage(translate("MainWindow", "Loaded {path}").format(path=source.path), 5000)
        if str(source.path) == self._recent_on_load:
            self.recent.add(source.path)
        self._recent_on_load = ""
        self.refresh_actions()

    def _on_session_load_failed(self, path: str, message: str) -> None:
        failed = translate("MainWindow", "Could not open {name}").format(name=Path(path).name)
        self.statusBar().showMessage(failed, 10000)
        self.refresh_actions()
        self.show_error(translate("MainWindow", "Could not open the file"), core_text(message))

    def _on_session_analysis(self, _analysis: Any) -> None:
        self.refresh_actions()

    def _on_session_config_changed(self, _section: str, _origin: object) -> None:
        self._update_title()
        self.refresh_actions()

    def _update_title(self) -> None:
        name = self.session.cfg.name
        self.setWindowTitle(f"{name} — Workbench" if self.session.cfg.data.path else "Workbench")

    # ------------------------------------------------------------------ messages
    def show_error(self, title: str, message: str) -> None:
        """An error dialog (``message`` is shown as plain text, bounded and escaped)."""
        QMessageBox.critical(self, title, plain_message(message))

    # ------------------------------------------------------------------ start-up (see startup)
    def _on_startup_engine_ready(self, devices: list[str]) -> None:
        self._devices = devices
        if self._chart_pages is not None:
            self.train_page.set_devices(devices)

    def _on_startup_warm(self) -> None:
        self.warm = True

    # ------------------------------------------------------------------ Qt events
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        """Accept a dropped local file or folder."""
        if event.mimeData().hasUrls() and any(u.isLocalFile() for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        """Open the first dropped file (data, setup or run folder)."""
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.open_path(paths[0])

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask before stopping a run (Cancel keeps it going); then wait for every thread and close."""
        if not self.runs.stop_before_close(self):
            event.ignore()
            return
        self.background.shutdown()
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.sync()
        presenter.restore_application_font()  # presenter mode scales it while the window is open
        event.accept()
