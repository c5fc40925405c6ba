"""*Open run folder* on a run that is still being written (by ``workbench train`` in a terminal, or
rank 0 of a torchrun job on a cluster whose disk is mounted here): while the folder has no
``summary.json``, its history is read again every few seconds when ``metrics.jsonl`` has grown, and
the Train page's curves are redrawn from it. Following ends with the run's summary (then shown on
the Results page), when another run or file is opened, or when a run starts in this window."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer

from workbench.core.events import TrainPoint
from workbench.core.history import RunHistory, read_run
from workbench.ui.i18n import translate

if TYPE_CHECKING:
    from workbench.ui.shell.main_window import MainWindow

INTERVAL_MS = 2000


class RunFollower(QObject):
    """Re-reads one opened run folder while it grows; see the module docstring."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("run-follower")
        self.window = window
        self.path: str | None = None
        self.size = -1
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)

    def follow(self, path: str, run: RunHistory) -> None:
        """Follow ``path`` (just opened as ``run``) if it is still being written; else stop following."""
        self.path = None if run.summary else path
        self.size = _size(path)
        if self.path is None:
            self.timer.stop()
        else:
            self.timer.start()

    def check(self) -> None:
        """Read the run again if its metrics grew or it ended; stop once it has a summary."""
        path = self.path
        if path is None or self.window.state().active:  # a run of this window owns the Train page now
            self.stop()
            return
        size, ended = _size(path), (Path(path) / "summary.json").exists()
        if size == self.size and not ended:
            return
        self.size = size
        self.window.background.submit("follow-run", lambda: read_run(path),
                                      lambda run: self._show(path, run), lambda _exc: None)

    def _show(self, path: str, run: RunHistory) -> None:
        if path != self.path or self.window.state().active:
            return
        page = self.window.train_page
        page.show_history(run.points, run.task, run.changes)
        if run.summary:
            self.window.results_page.show_summary(run.summary, path)
            self.stop()
        else:
            train = [p for p in run.points if isinstance(p, TrainPoint)]
            if train:  # the Train page says "(a finished run)": this one is not finished yet
                text = translate("RunFollower", "step {step} (still being written)")
                page.progress.setFormat(text.format(step=f"{train[-1].step:,}"))

    def stop(self) -> None:
        """Follow nothing."""
        self.path = None
        self.timer.stop()


def _size(path: str) -> int:
    try:
        return (Path(path) / "metrics.jsonl").stat().st_size
    except OSError:
        return -1


def follow(window: MainWindow, path: str, run: RunHistory) -> RunFollower:
    """The window's follower (made on first use), now following ``path`` if it is still written."""
    follower = window.findChild(RunFollower, "run-follower")
    if follower is None:
        follower = RunFollower(window)
    follower.follow(path, run)
    return follower
