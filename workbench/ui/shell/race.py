"""*Run → Compare with…* (and the Train page's button): race the current setup against a copy with
a few fields changed, both trained at once.

The dialog (``widgets.race_dialog``) picks the changes; this setup then starts as an ordinary run
through the ``RunCoordinator`` (the Train and Results pages follow it as always) and the copy,
the challenger, on a second ``TrainingController`` owned here, started as soon as the first run
has prepared its data (two preparations at once stalled the window). Both controllers' signals feed the
race view (``pages.race_view``), a window of its own: the two curves overlaid live, their
attention side by side, a Stop for each and for both. The window's Stop stops both. On the CPU
each run trains on half of the cores (``core.race.ThreadShare``: torch's thread count is one
setting for the process), and the setting is put back when both have ended; on a GPU both runs
use it. When both have ended the view shows the verdict (``core.race.verdict``).

Closing the main window during a race asks once, then stops both runs and waits for them.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox, QWidget

from workbench.core.config import MAX_NAME, RunConfig
from workbench.core.events import RunEnded, RunStarted, RunState
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.race import ThreadShare, verdict, with_threads
from workbench.ui.i18n import core_text, translate
from workbench.ui.shell.controller import TrainingController

if TYPE_CHECKING:
    from workbench.core.probe import AttentionProbe
    from workbench.core.train_child import ProbeMirror
    from workbench.ui.pages.race_view import RaceView
    from workbench.ui.shell.main_window import MainWindow
    from workbench.ui.widgets.race_dialog import RaceDialog

TIP = QT_TRANSLATE_NOOP("RaceRoom", "Train this setup and a copy with a few settings changed at the same "
                                    "time, and compare them live")
CLOSE_QUESTION = QT_TRANSLATE_NOOP("RaceRoom", "A race is in progress. Stop both runs and close? "
                                               "(Their latest checkpoints are kept.)")
STOP_AND_CLOSE = QT_TRANSLATE_NOOP("RaceRoom", "Stop and close")
SHUTDOWN_TIMEOUT_MS = 120_000
VIEW_DELAY_MS = 60  # from Start race to showing the race view


def add_race_action(window: MainWindow, menu: QMenu, actions: dict[str, QAction]) -> QAction:
    """Add "Compare with…" to ``menu`` (the Run menu) and to ``actions`` (as "compare", where the
    Train page finds it), with the race room that carries it out."""
    room = RaceRoom(window)
    action = QAction(translate("RaceRoom", "&Compare with…"), window)
    action.setObjectName("compare-with")
    action.setStatusTip(translate("RaceRoom", TIP))
    action.setToolTip(translate("RaceRoom", TIP))
    action.triggered.connect(lambda *_a: room.ask())
    room.action = action
    actions["train"].changed.connect(room.refresh_action)
    room.refresh_action()
    menu.addAction(action)
    actions["compare"] = action
    return action


class RaceRoom(QObject):
    """Owns the challenger's controller and the race view; see the module docstring.

    ``sig_finished(verdict)`` once both runs of a race have ended.
    """

    sig_finished = Signal(str)

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("race-room")
        self.window = window
        self.action: QAction | None = None
        self.challenger = TrainingController(self)
        self.controllers = (window.runs.controller, self.challenger)
        self.dialog: RaceDialog | None = None
        self._view: RaceView | None = None
        self.names = ("", "")
        self.racing = False
        self.pending = [False, False]  # a side started and not yet finished
        self.summaries: list[dict[str, Any]] = [{}, {}]
        self.probes: list[AttentionProbe | ProbeMirror | None] = [None, None]
        self.verdict = ""
        self._held: RunConfig | None = None  # the challenger, until this setup's run has its data
        self.share = ThreadShare()
        for side, controller in enumerate(self.controllers):
            controller.sig_started.connect(partial(self._on_started, side))
            controller.sig_points.connect(partial(self._on_points, side))
            controller.sig_progress.connect(partial(self._on_progress, side))
            controller.sig_snapshot.connect(partial(self._on_snapshot, side))
            controller.sig_health.connect(partial(self._on_health, side))
            controller.sig_baseline.connect(partial(self._on_baseline, side))
            controller.sig_ended.connect(partial(self._on_ended, side))
            controller.sig_failed.connect(partial(self._on_failed, side))
            controller.sig_state.connect(partial(self._on_state, side))
        window.action_map["stop"].triggered.connect(self._on_window_stop)
        window.installEventFilter(self)

    # ------------------------------------------------------------------ commands
    @property
    def view(self) -> RaceView:
        """The race view (made on first use: it draws with pyqtgraph)."""
        if self._view is None:
            from workbench.ui.pages.race_view import RaceView

            view = RaceView(self.window)
            view.setWindowFlag(Qt.WindowType.Window)
            view.resize(1100, 760)
            view.sig_stop.connect(self.stop_side)
            view.sig_stop_all.connect(self.stop)
            self._view = view
        return self._view

    def _make_view(self) -> None:
        view = self.view
        # Laid out and painted once, hidden, while the dialog is read: its first show at the race's
        # start then paints from warm caches (fonts, chart axes).
        view.ensurePolished()
        layout = view.layout()
        if layout is not None:
            layout.activate()
        view.grab()

    def ask(self) -> None:
        """Open the dialog of changes (or, during a race, show the race)."""
        window = self.window
        if self.racing:
            self.show_view()
            return
        blocker = window.train_blocker()
        if blocker:
            window.statusBar().showMessage(blocker, 8000)
            return
        from workbench.core.race import common_choices
        from workbench.ui.pages.presets import PRESETS
        from workbench.ui.widgets.race_dialog import RaceDialog

        cfg = window.session.config()
        task = window.model_page.task()
        dialog = RaceDialog(cfg, common_choices(cfg, task, PRESETS.get(task)), window)
        dialog.accepted.connect(partial(self._on_dialog_accepted, dialog))
        self.dialog = dialog
        dialog.open()
        # The view takes ~0.2 s to make: while the dialog is read, not as two runs start.
        QTimer.singleShot(0, self._make_view)

    def start(self, cfg: RunConfig, other: RunConfig, names: tuple[str, str]) -> bool:
        """Race ``cfg`` (started as the window's run) against ``other``; False if it could not start."""
        window = self.window
        if self.racing or any(c.is_busy() for c in self.controllers):
            window.statusBar().showMessage(
                translate("RaceRoom", "A run is in progress: stop it before starting a race."), 8000)
            return False
        self.share.begin()
        configs = [with_threads(c, self.share.share_for(c)) for c in (cfg, other)]
        for c, name in zip(configs, names):
            c.name = f"{cfg.name} {name.replace(' · ', '+')}"[:MAX_NAME]
        self.names, self.summaries, self.verdict = names, [{}, {}], ""
        self.racing, self.pending = True, [True, False]
        window.runs.start(configs[0])
        if not self.controllers[0].is_busy():  # refused: the coordinator said why
            self._finish_race()
            return False
        self.view.begin(names)
        self.probes[0] = window.attention.probe
        self.probes[1] = self.challenger.new_probe()
        self.pending[1] = True
        self._held = configs[1]  # started once this setup's run has its data (see _release)
        self.view.set_outcome(1, translate("RaceRoom", "starts once the first run has prepared its data"))
        # A moment later: the view's first paint and the Train page's, in one turn of the event
        # loop, held the window's thread for 50-60 ms.
        QTimer.singleShot(VIEW_DELAY_MS, self, self._show_view_if_racing)
        self.refresh_action()
        return True

    def _show_view_if_racing(self) -> None:
        if self.racing:
            self.show_view()

    def stop_side(self, side: int) -> None:
        """Stop one run of the race (0: this setup, 1: the challenger)."""
        if side == 1 and self._held is not None:
            self._drop_challenger()
        self.controllers[side].stop()

    def stop(self) -> None:
        """Stop both runs."""
        if self._held is not None:
            self._drop_challenger()
        for controller in self.controllers:
            controller.stop()

    def _release(self) -> None:
        """Start the challenger. It waits for this setup's run to have prepared its data: two
        preparations at once (tokenising, building the model, fitting the baseline) shared
        Python's lock with the window and stalled it for up to 0.9 s (``bench/bench_race.py``).
        ``wall_time_s``, which the verdict compares, counts training time only."""
        cfg, self._held = self._held, None
        if cfg is not None and self.racing:
            self.challenger.start(cfg, str(self.window.runs_dir), source=self._loaded_source(cfg),
                                  probe=self.probes[1])

    def _drop_challenger(self) -> None:
        """The race is stopped before the challenger started: it never will."""
        self._held = None
        self.pending[1] = False
        self.summaries[1] = {"status": "stopped", "message": "stopped before it started"}
        self.view.set_outcome(1, translate("RaceRoom", "Stopped before it started"))
        if not any(self.pending):
            self._finish_race()

    def show_view(self) -> None:
        """Show the race view in front."""
        view = self.view
        view.show()
        view.activateWindow()  # shown already, it may be behind the main window

    def refresh_action(self) -> None:
        """"Compare with…" is on when Train is, and during a race (to show it again)."""
        if self.action is not None:
            self.action.setEnabled(self.racing or self.window.action_map["train"].isEnabled())

    def _loaded_source(self, cfg: RunConfig) -> Any:
        """The data the session holds, when it is the file ``cfg`` names (else the run reads it)."""
        source = self.window.session.source
        return source if source is not None and str(source.path) == cfg.data.path else None

    # ------------------------------------------------------------------ the dialog and the window
    def _on_dialog_accepted(self, dialog: RaceDialog) -> None:
        if dialog.challenger_config is not None:
            self.start(dialog.cfg, dialog.challenger_config, dialog.names)

    def _on_window_stop(self) -> None:
        if self.racing:
            self.stop_side(1)  # the window's own run is stopped by the window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Before the window closes during a race: ask once, then stop both runs and wait."""
        if watched is self.window and event.type() == QEvent.Type.Close and self.racing:
            if any(c.state.active for c in self.controllers) and not _ask_stop_and_close(self.window):
                assert isinstance(event, QCloseEvent)
                event.ignore()
                return True
            self._held = None
            QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                for controller in self.controllers:
                    controller.shutdown(SHUTDOWN_TIMEOUT_MS)
            finally:
                QApplication.restoreOverrideCursor()
            self._finish_race()
            if self._view is not None:
                self._view.close()
        return False

    # ------------------------------------------------------------------ the runs' signals
    def _racing(self, side: int) -> bool:
        return self.racing and self.pending[side]

    def _on_started(self, side: int, started: RunStarted) -> None:
        if self._racing(side):
            self.view.on_started(side, started)
            if side == 0:
                self._release()

    def _on_points(self, side: int, points: list[Any]) -> None:
        if self._racing(side):
            self.view.add_points(side, points)

    def _on_progress(self, side: int, progress: Any) -> None:
        if self._racing(side):
            self.view.set_progress(side, progress)

    def _on_snapshot(self, side: int, snapshot: Any) -> None:
        probe = self.probes[side]
        if self._racing(side) and probe is not None:
            self.view.show_snapshot(side, snapshot, probe.store.meta if probe.store is not None else None)

    def _on_health(self, side: int, warning: Any) -> None:
        if self._racing(side):
            self.view.add_warning(side, warning)

    def _on_baseline(self, side: int, baseline: Any) -> None:
        if self._racing(side):
            self.view.set_baseline(side, baseline)

    def _on_ended(self, side: int, ended: RunEnded) -> None:
        if self._racing(side):
            self.summaries[side] = dict(ended.summary)
            self.view.set_outcome(side, core_text(ended.outcome.headline))

    def _on_failed(self, side: int, message: str, ended: RunEnded | None) -> None:
        if self._racing(side):
            stopped = ended is None and self.controllers[side].state == RunState.STOPPING
            summary = dict(ended.summary) if ended is not None else {}
            summary.setdefault("status", "stopped" if stopped else "failed")
            summary.setdefault("message", message)
            self.summaries[side] = summary
            failed = translate("RaceRoom", "Failed: {message}").format(message=core_text(message))
            before = translate("RaceRoom", "Stopped before training began")
            self.view.set_outcome(side, before if stopped else failed)

    def _on_state(self, side: int, state: RunState) -> None:
        if not self._racing(side):
            return
        self.view.set_state(side, state)
        if state == RunState.IDLE:  # the worker thread has finished: nothing more comes from it
            self.pending[side] = False
            if side == 0 and self._held is not None:  # it ended before training: stopped, or failed
                if self.summaries[0].get("status") == "stopped":
                    self._drop_challenger()
                else:
                    self._release()  # failed: the challenger may still train, and the verdict says which
            if not any(self.pending):
                self._finish_race()

    def _finish_race(self) -> None:
        """Both runs are over (or the race never began): the verdict, and the threads put back."""
        if not self.racing:
            return
        self.racing, self.pending = False, [False, False]
        self.share.end()
        self.probes = [None, None]
        if any(self.summaries):
            self.verdict = verdict(self.summaries[0], self.summaries[1], self.names)
            self.view.show_verdict(self.verdict)
            self.window.statusBar().showMessage(
                translate("RaceRoom", "Race over: {verdict}").format(verdict=core_text(self.verdict)), 15000)
            self.sig_finished.emit(self.verdict)
        self.refresh_action()


def _ask_stop_and_close(parent: QWidget) -> bool:
    """Ask "Stop and close" or "Cancel" (the default, and Esc): True for "Stop and close"."""
    box = QMessageBox(QMessageBox.Icon.Question, translate("RaceRoom", "Close Workbench"),
                      translate("RaceRoom", CLOSE_QUESTION), parent=parent)
    stop = box.addButton(translate("RaceRoom", STOP_AND_CLOSE), QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(box.addButton(QMessageBox.StandardButton.Cancel))
    box.exec()
    return box.clickedButton() is stop
