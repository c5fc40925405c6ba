"""The run coordinator: one training run at a time, from the Train button to the Results page.

It owns the ``TrainingController``, starts runs with the session's config and the data the
session already holds, and connects the controller's typed signals to the pages: the Train page
follows points and progress, the Results page says the run is live and then how it ended, and
the attention tab follows the probe's snapshots. A training-health warning shows on the Train
page and in the status bar as soon as it comes; each run the Results page shows (one just ended,
or a folder opened) puts its warnings and their chart marks on the Train page too. Everything
shown comes from those events (the model kind from ``RunStarted``, the summary from
``RunEnded``), never from the config being edited meanwhile. The window hands itself over as a
``RunHost``: the few things a run needs. Closing the window during a run asks first, then stops
the run and waits for it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QStatusBar, QWidget

from workbench.core.events import Baseline, HealthWarning, RunEnded, RunStarted, RunState
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, translate
from workbench.ui.shell.controller import TrainingController
from workbench.ui.widgets.health_banners import status_text, warnings_of

if TYPE_CHECKING:  # the chart pages import pyqtgraph, which the first window does without
    from workbench.core.config import RunConfig
    from workbench.ui.pages.attention_view import AttentionView
    from workbench.ui.pages.results_page import ResultsPage
    from workbench.ui.pages.session import Session
    from workbench.ui.pages.train_page import TrainPage

INSPECT_TAB = QT_TRANSLATE_NOOP("RunCoordinator", "Inspect attention")
CLOSE_QUESTION = QT_TRANSLATE_NOOP("RunCoordinator", "A run is in progress. Stop it and close? "
                                                     "(Its latest checkpoint is kept.)")
STOP_AND_CLOSE = QT_TRANSLATE_NOOP("RunCoordinator", "Stop and close")
# How a run ended, in the status bar ("Completed after 1,200 steps"): by RunOutcome value.
OUTCOME_WORDS = {
    "running": QT_TRANSLATE_NOOP("RunCoordinator", "Running"),
    "completed": QT_TRANSLATE_NOOP("RunCoordinator", "Completed"),
    "stopped": QT_TRANSLATE_NOOP("RunCoordinator", "Stopped"),
    "early_stopped": QT_TRANSLATE_NOOP("RunCoordinator", "Early stopped"),
    "failed": QT_TRANSLATE_NOOP("RunCoordinator", "Failed"),
    "interrupted": QT_TRANSLATE_NOOP("RunCoordinator", "Interrupted"),
}
SHUTDOWN_TIMEOUT_MS = 120_000


class RunHost(Protocol):
    """What a run needs from the window: the document, the chart pages, navigation and messages."""

    session: Session
    runs_dir: Path

    @property
    def train_page(self) -> TrainPage:
        """The Train page."""

    @property
    def results_page(self) -> ResultsPage:
        """The Results page."""

    @property
    def attention(self) -> AttentionView:
        """The Results page's attention tab."""

    def train_blocker(self) -> str:
        """Why training cannot start now; "" when it can."""

    def refresh_actions(self) -> None:
        """Enable the run actions for the run's state."""

    def go_to(self, page: str) -> None:
        """Show a page ("data", "model", "train" or "results")."""

    def current_page(self) -> str:
        """The page shown."""

    def show_attention(self) -> None:
        """Go to the attention tab."""

    def show_error(self, title: str, message: str) -> None:
        """An error dialog."""

    def statusBar(self) -> QStatusBar:  # noqa: N802 - Qt's name
        """The window's status bar."""

    def isVisible(self) -> bool:  # noqa: N802 - Qt's name
        """Whether the window is shown (it is not once it closes)."""


class RunCoordinator(QObject):
    """Starts and stops runs and shows what their controller reports; see the module docstring."""

    def __init__(self, host: RunHost, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._host = host
        self._started: RunStarted | None = None  # the run under way, once its training began
        self.controller = TrainingController(self)
        self.controller.sig_state.connect(self._on_controller_state)
        self.controller.sig_started.connect(self._on_controller_started)
        self.controller.sig_ended.connect(self._on_controller_ended)
        self.controller.sig_health.connect(self._on_controller_health)
        self.controller.sig_failed.connect(self._on_controller_failed)

    def attach_pages(self, train_page: TrainPage, results_page: ResultsPage,
                     attention: AttentionView) -> None:
        """The chart pages are made: the attention tab joins the Results page; runs are shown on them."""
        results_page.add_tab(attention, translate("RunCoordinator", INSPECT_TAB), on_run=self._on_results_run,
                             live=True)
        results_page.sig_inspect_example.connect(self._on_results_inspect_example)
        train_page.plots.sig_step_clicked.connect(self._on_plots_step_clicked)
        train_page.story.sig_replay_step.connect(attention.jump_to_step)  # Replay moves the timeline
        attention.sig_finished_store.connect(train_page.story.set_probe_store)  # "first answers … right"
        train_page.attach(self.controller)
        self.controller.sig_started.connect(attention.on_run_started)
        self.controller.sig_snapshot.connect(attention.on_snapshot)

    # ------------------------------------------------------------------ commands
    def start(self, cfg: RunConfig | None = None) -> None:
        """Start a run with the session's setup, or ``cfg`` (a race's copy of it: ``race``), refused
        with the reason when it cannot start."""
        host = self._host
        blocker = host.train_blocker()
        if blocker:
            host.statusBar().showMessage(blocker, 8000)
            return
        try:
            host.runs_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            host.show_error(translate("RunCoordinator", "Cannot create the runs folder"),
                            f"{host.runs_dir}: {exc.strerror or exc}")
            return
        self._started = None
        probe = self.controller.new_probe()
        host.attention.follow_training(probe)
        self.controller.start(cfg or host.session.config(), str(host.runs_dir), source=self._loaded_source(),
                              probe=probe)
        host.go_to("train")

    def continue_run(self, path: str, overrides: list[str]) -> None:
        """Train the run in ``path`` further with ``overrides`` (a bigger budget, a new rate): its
        curves so far stay on the Train page and the new steps follow them."""
        host = self._host
        if self.controller.is_busy():
            host.statusBar().showMessage(
                translate("RunCoordinator", "A run is in progress: stop it before continuing another."), 8000)
            return
        from workbench.core.history import read_run

        try:
            run = read_run(path)
        except Exception as exc:  # noqa: BLE001 - a broken run folder is the user's to know, not a crash
            from workbench.ui.widgets.background import error_text

            host.show_error(translate("RunCoordinator", "Cannot continue the run"),
                            core_text(error_text(exc)))
            return
        host.train_page.show_history(run.points, run.task, run.changes)
        self._started = None
        probe = self.controller.new_probe()
        host.attention.follow_training(probe)
        self.controller.start(run.cfg, str(Path(path).parent), resume_dir=path, probe=probe,
                              overrides=overrides)
        host.go_to("train")

    def stop(self) -> None:
        """Stop the run after its current step."""
        self.controller.stop()

    def stop_before_close(self, parent: QWidget) -> bool:
        """Before the window closes: ask whether to stop a run under way and, if so, stop it and
        wait for its thread (its checkpoint is saved). False when the user keeps the run."""
        controller = self.controller
        if controller.state.active and not _ask_stop_and_close(parent):
            return False
        if controller.is_busy():  # asked, or already stopping, or finishing as it ended
            self._host.statusBar().showMessage(
                translate("RunCoordinator", "Stopping the run and saving its checkpoint…"))
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                controller.shutdown(SHUTDOWN_TIMEOUT_MS)
            finally:
                QApplication.restoreOverrideCursor()
        return True

    def _loaded_source(self) -> Any:
        """The data the session holds, when it is the file the config names (else the run reads it)."""
        session = self._host.session
        source = session.source
        if source is not None and str(source.path) == session.cfg.data.path:
            return source
        return None

    # ------------------------------------------------------------------ controller signals
    def _on_controller_state(self, state: RunState) -> None:
        self._host.refresh_actions()
        if state.text:
            self._host.statusBar().showMessage(core_text(state.text))

    def _on_controller_started(self, started: RunStarted) -> None:
        self._started = started
        host = self._host
        host.results_page.show_live(started.run_dir, with_tabs=started.has_attention)
        host.train_page.inspect_button.setVisible(started.has_attention)
        host.statusBar().showMessage(translate("RunCoordinator", "Training on {device}; run folder {folder}")
                                     .format(device=started.device, folder=started.run_dir))

    def _on_controller_ended(self, ended: RunEnded) -> None:
        host = self._host
        summary = ended.summary
        host.results_page.show_summary(summary, self._run_dir())
        warned = len(warnings_of(summary))
        if warned == 1:
            remark = translate("RunCoordinator", ", with 1 health warning (see Results)")
        else:
            remark = translate("RunCoordinator", ", with {count} health warnings (see Results)").format(
                count=warned) if warned else ""
        outcome = ended.outcome.value
        words = OUTCOME_WORDS.get(outcome)
        said = translate("RunCoordinator", words) if words else outcome.replace("_", " ").capitalize()
        message = translate("RunCoordinator", "{outcome} after {steps} steps{remark}")
        host.statusBar().showMessage(message.format(outcome=said, steps=f"{summary.get('steps', 0):,}",
                                                    remark=remark), 10000)
        if host.current_page() == "train" and host.isVisible():
            host.go_to("results")

    def _on_controller_health(self, warning: HealthWarning) -> None:
        self._host.statusBar().showMessage(status_text(warning))  # until the next message: no timeout

    def _on_controller_failed(self, message: str, ended: RunEnded | None) -> None:
        host = self._host
        if self._started is None and self.controller.state == RunState.STOPPING:  # stopped while preparing
            host.statusBar().showMessage(translate("RunCoordinator", "Stopped before training began"), 8000)
            return
        host.statusBar().showMessage(translate("RunCoordinator", "Training failed"), 10000)
        if self._started is not None and ended is not None:  # the Results page said "Still running"
            host.results_page.show_summary(ended.summary, self._run_dir())
        if host.isVisible():
            host.show_error(translate("RunCoordinator", "Training failed"), core_text(message))

    def _run_dir(self) -> str:
        return self._started.run_dir if self._started is not None else ""

    # ------------------------------------------------------------------ page signals
    def _on_results_inspect_example(self, example: object) -> None:
        """A confusion cell's example: its attention, on the attention tab."""
        attention = self._host.attention
        attention.inspect(example)
        self._host.results_page.tabs.setCurrentWidget(attention)

    def _on_results_run(self, run_dir: str, summary: dict) -> None:
        self._host.train_page.show_health(warnings_of(summary))
        self._host.train_page.story.finish(summary)  # the run's events pinned on its loss chart
        self._host.train_page.show_baseline(Baseline.from_record(summary.get("baseline") or {}))
        attention = self._host.attention
        attention.show_run(run_dir, summary)
        tabs = self._host.results_page.tabs
        tabs.setTabVisible(tabs.indexOf(attention), summary.get("model_kind") not in ("mlp", None))

    def _on_plots_step_clicked(self, step: int) -> None:
        if self._host.attention.jump_to_step(step):
            self._host.show_attention()


def _ask_stop_and_close(parent: QWidget) -> bool:
    """Ask "Stop and close" or "Cancel" (the default, and Esc): True for "Stop and close"."""
    box = QMessageBox(QMessageBox.Icon.Question, translate("RunCoordinator", "Close Workbench"),
                      translate("RunCoordinator", CLOSE_QUESTION), parent=parent)
    stop = box.addButton(translate("RunCoordinator", STOP_AND_CLOSE), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.exec()
    return box.clickedButton() is stop
