"""The Train page's run story: event marks on the loss chart, the status in words, and Replay.

``RunStory`` follows what the Train page shows. A live run's points go to a ``StoryDetector``
(warm-up ends, learning-rate cuts and the best so far appear as they happen); a finished or opened
run's events come from ``run_events`` with its summary (early stop, overfitting, divergence), and
from its attention snapshots the steps where the model first answered a probed example right
(``core.first_correct``; ``set_probe_store``). The status line (``status_sentence``) is shown in
presenter mode (``shell.presenter``).

*Replay* plays the points again in about ``REPLAY_S`` seconds: a timer hands chunks of them to
the same ``LivePlots.append_points`` a live run uses, so curves grow as they did; story and health
marks appear once the replay passes their step, generated samples at theirs, and
``sig_replay_step`` tells the attention timeline where the replay is. The GUI never waits on it;
Stop (the same button) ends it with the whole run shown.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from workbench.core.events import EvalPoint, HealthWarning, TrainPoint
from workbench.core.first_correct import first_correct_events
from workbench.core.live_edit import ConfigChange
from workbench.core.run_story import StoryDetector, StoryEvent, run_events, status_sentence
from workbench.core.snapshots import SnapshotStore
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.fonts import set_plain_text
from workbench.ui.widgets.plots import LivePlots
from workbench.ui.widgets.story_marks import StoryMarks

REPLAY_S = 30.0
TICK_MS = 50
ATTENTION_EVERY = 5  # ticks between moves of the attention timeline (it redraws heat maps)
MAX_POINTS = 500_000  # a live run's points kept for a replay; beyond, Replay reads nothing more
Point = TrainPoint | EvalPoint


class RunStory(QObject):
    """See the module doc. ``add_samples(list of (step, text))`` and ``clear_samples()`` are the
    page's samples box."""

    sig_replay_step = Signal(int)
    sig_replay_running = Signal(bool)

    def __init__(self, plots: LivePlots, add_samples: Callable[[list[tuple[int, str]]], None],
                 clear_samples: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plots = plots
        self.marks = StoryMarks(plots.plots["loss"])
        self._add_samples, self._clear_samples = add_samples, clear_samples
        self.status = QLabel()
        self.status.setObjectName("presenter-status")
        self.status.setWordWrap(True)
        font = QFont(self.status.font())
        font.setBold(True)
        self.status.setFont(font)
        self.status.hide()  # presenter mode shows it
        self.button = QPushButton(translate("RunStory", "Replay"))
        self.button.setObjectName("replay-button")
        self.button.setToolTip(translate("RunStory", "Play this run again in about 30 seconds: its curves, "
                                                "the events on them, the attention timeline and the "
                                                "samples, in step."))
        self.button.setEnabled(False)
        self.button.clicked.connect(self._on_button_clicked)
        self._timer = QTimer(self)
        self.duration_s = REPLAY_S  # how long a replay takes
        self._timer.timeout.connect(self._on_tick)
        self._points: list[Point] = []
        self._warmup, self._watch = 0, "loss"
        self._summary: Mapping[str, Any] = {}
        self._changes: list[ConfigChange] = []
        self._detector = StoryDetector()
        self._brief = _Brief()  # what the status sentence reads, of the whole run so far
        self._finished = False
        self._at = self._chunk = self._ticks = 0
        self._replayed = _Brief()  # ... of the replay so far
        self._replay_events: list[StoryEvent] = []
        self._probe_events: list[StoryEvent] = []  # "first answers … right", of a finished run
        self._replay_health: list[HealthWarning] = []

    # ----------------------------------------------------------------- following the page
    def start_live(self, warmup_steps: int, watch: str) -> None:
        """A run starts: events and status follow its points."""
        self._halt()
        self._points, self._summary, self._changes, self._finished = [], {}, [], False
        self._probe_events = []
        self._warmup, self._watch = warmup_steps, watch or "loss"
        self._detector = StoryDetector(warmup_steps, self._watch)
        self._brief = _Brief()
        self.marks.clear()
        self.button.setEnabled(False)
        self._say()

    def add_live(self, points: Sequence[Point]) -> None:
        """A live run's new points."""
        if len(self._points) < MAX_POINTS:
            self._points.extend(points)
        self._brief.add(points)
        if self._detector.add(points):
            self.marks.set_events(self._detector.all())
        self._say()

    def show_run(self, points: Sequence[Point], warmup_steps: int,
                 changes: Sequence[ConfigChange] = ()) -> None:
        """A finished or opened run's points (its summary follows with ``finish``)."""
        self._halt()
        self._points, self._warmup, self._changes = list(points), warmup_steps, list(changes)
        self._summary, self._finished, self._probe_events = {}, True, []
        self._brief = _Brief()
        self._brief.add(self._points)
        self.marks.set_events(run_events(self._points, warmup_steps, None, self._watch))
        self.button.setEnabled(bool(self._points))
        self._say()

    def finish(self, summary: Mapping[str, Any]) -> None:
        """The run ended (or its summary was read): its whole story, and Replay."""
        self._summary, self._finished = summary, True
        self._watch = str(summary.get("watch") or self._watch)
        if not self._timer.isActive():
            self.marks.set_events(self.events())
        self.button.setEnabled(bool(self._points))
        self._say()

    def events(self) -> list[StoryEvent]:
        """The run's events as known now (``core.run_story.StoryEvent``)."""
        found = run_events(self._points, self._warmup, self._summary, self._watch)
        return sorted([*found, *self._probe_events], key=lambda e: e.step)

    def set_probe_store(self, store: SnapshotStore) -> None:
        """A finished run's attention snapshots: pin where it first answered a probed example right."""
        self._probe_events = first_correct_events(store.meta, store.all())
        if self._finished and not self._timer.isActive():
            self.marks.set_events(self.events())

    def clear(self) -> None:
        """Nothing shown (another task's run is coming)."""
        self._halt()
        self.marks.clear()
        self._points, self._finished, self._brief, self._probe_events = [], False, _Brief(), []
        self.button.setEnabled(False)
        self._say()

    def sentence(self) -> str:
        """The status in words (``status_sentence``)."""
        return status_sentence(self._brief.points(), self._watch, self._finished)

    # ----------------------------------------------------------------- replay
    def replay(self) -> None:
        """Play the run again (see the module doc)."""
        if not self._points:
            return
        self.plots.clear()
        self.marks.clear()
        self._clear_samples()
        self.plots.set_step_range(max(p.step for p in self._points))
        self._at, self._ticks, self._replayed = 0, 0, _Brief()
        self._replay_events = self.events()
        self._replay_health = [HealthWarning.from_record(r) for r in self._summary.get("health") or []
                               if isinstance(r, dict)]
        ticks = max(1, min(len(self._points), round(self.duration_s * 1000 / TICK_MS)))
        self._chunk = math.ceil(len(self._points) / ticks)
        self._timer.setInterval(round(self.duration_s * 1000 / ticks))  # a short run: fewer, slower ticks
        self.button.setText(translate("RunStory", "Stop replay"))
        self._timer.start()
        self.sig_replay_running.emit(True)

    def is_replaying(self) -> bool:
        """Whether a replay is playing."""
        return self._timer.isActive()

    def stop(self) -> None:
        """End a replay, showing the whole run."""
        if not self._timer.isActive():
            return
        self._feed(len(self._points))
        self.plots.fit_view()
        self._halt()

    def _halt(self) -> None:
        """End a replay where it is (the page is about to show something else)."""
        if self._timer.isActive():
            self._timer.stop()
            self.button.setText(translate("RunStory", "Replay"))
            self.sig_replay_running.emit(False)

    def _on_button_clicked(self) -> None:
        if self.is_replaying():
            self.stop()
        else:
            self.replay()

    def _on_tick(self) -> None:
        self._ticks += 1
        self._feed(self._at + self._chunk)
        if self._at >= len(self._points):
            self.stop()

    def _feed(self, stop: int) -> None:
        """Hand the points up to index ``stop`` to the charts, with the marks and samples reached."""
        chunk = self._points[self._at:stop]
        if not chunk and self._at:
            return
        self._at += len(chunk)
        self._replayed.add(chunk)
        self.plots.append_points(chunk)
        samples = [(p.step, p.sample) for p in chunk if isinstance(p, EvalPoint) and p.sample]
        if samples:
            self._add_samples(samples)
        step = chunk[-1].step if chunk else 0
        done = self._at >= len(self._points)
        self.marks.set_events([e for e in self._replay_events if done or e.step <= step])
        self.plots.marks.set_warnings([w for w in self._replay_health if done or w.step <= step])
        self.plots.marks.set_changes([c for c in self._changes if done or c.step <= step])
        if done or self._ticks % ATTENTION_EVERY == 0:
            self.sig_replay_step.emit(step)
        self._say(replaying=not done)

    def _say(self, replaying: bool = False) -> None:
        """Put the status sentence in the status line (when shown: presenter mode)."""
        if self.status.isHidden():
            return
        brief = self._replayed if replaying else self._brief
        set_plain_text(self.status, core_text(status_sentence(brief.points(), self._watch,
                                                              self._finished and not replaying)))

    def refresh_status(self) -> None:
        """Say the status now (the status line was just shown)."""
        self._say(replaying=self.is_replaying())


class _Brief:
    """What ``status_sentence`` reads, kept as points arrive: the first and the last training
    point and every evaluation (a sentence then costs nothing however long the run)."""

    def __init__(self) -> None:
        self.first: TrainPoint | None = None
        self.last: TrainPoint | None = None
        self.evals: list[EvalPoint] = []

    def add(self, points: Sequence[Point]) -> None:
        """Take in ``points``."""
        for point in points:
            if isinstance(point, TrainPoint):
                self.first = self.first or point
                self.last = point
            else:
                self.evals.append(point)

    def points(self) -> list[Point]:
        """The points, in order."""
        ends = [p for p in (self.first, self.last) if p is not None]
        return [*ends[:1], *self.evals, *ends[1:]]
