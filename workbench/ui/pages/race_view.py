"""The race between two settings, live: both runs' curves on one chart, their attention side by side,
a Stop for each and for both, and at the end the verdict in one line (``core.race.verdict``).

The view is told what happens (points, progress, state, snapshots) by the shell's ``race`` module,
which owns the two runs; it keeps each run's curves so far and redraws the overlay
(``widgets.runs_overlay``) from a timer, every ``REDRAW_MS`` at most and only when points came:
a redraw with its repaint cost the GUI thread ~30 ms of CPU (two runs of 300 points, loaded machine)
(``bench/bench_race.py`` measures the stalls). Attention: the latest snapshot of the first probed
input, last layer, mean of the heads, for each run whose model has attention.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from workbench.core.attention_maps import display_token
from workbench.core.events import (
    Baseline,
    EvalPoint,
    HealthWarning,
    Progress,
    RunStarted,
    RunState,
    TrainPoint,
)
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.race import format_seconds
from workbench.core.runs_index import RunCurves
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.fonts import plain_label, set_plain_text
from workbench.ui.widgets.heatmap import AttentionHeatmap, to_indices
from workbench.ui.widgets.runs_overlay import COLOURS, RunsOverlay

if TYPE_CHECKING:  # core.snapshots imports torch
    from workbench.core.snapshots import ProbeMeta, Snapshot

REDRAW_MS = 500  # a redraw and its repaint take ~30 ms of CPU on the GUI thread (two charts)
WAITING = QT_TRANSLATE_NOOP("RaceView", "Racing… the verdict appears here when both runs have ended.")
ATTENTION_TITLE = QT_TRANSLATE_NOOP("RaceView", "Attention on the same input (last layer, mean of the heads)")
NO_ATTENTION = QT_TRANSLATE_NOOP("RaceView", "This model has no attention to show (an MLP or a bag of "
                                 "words).")


class _Live:
    """One run's curves so far, in the shape the overlay draws (``RunCurves``)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.train: dict[str, list[float]] = {k: [] for k in ("step", "epoch", "time", "loss")}
        self.val: dict[str, list[float]] = {k: [] for k in ("step", "epoch", "time")}
        self.watch = ""
        self.baseline: dict[str, float] = {}
        self.marks: list[tuple[int, str]] = []

    def add(self, points: list[TrainPoint | EvalPoint]) -> None:
        """Append a batch of the run's points (validation evaluations only, for the lower chart)."""
        for p in points:
            if isinstance(p, TrainPoint):
                for key, value in (("step", p.step), ("epoch", p.epoch), ("time", p.time), ("loss", p.loss)):
                    self.train[key].append(float(value))
            elif p.split == "val":
                n = len(self.val["step"])
                for key, value in (("step", p.step), ("epoch", p.epoch), ("time", p.time)):
                    self.val[key].append(float(value))
                for name, value in p.metrics.items():
                    if isinstance(value, (int, float)):
                        self.val.setdefault(name, [float("nan")] * n).append(float(value))
                for column in self.val.values():  # a metric this evaluation lacks
                    column.extend([float("nan")] * (n + 1 - len(column)))

    def curves(self) -> RunCurves:
        """The curves so far as arrays."""
        return RunCurves(self.name, {k: np.asarray(v) for k, v in self.train.items()},
                         {k: np.asarray(v) for k, v in self.val.items()}, self.watch, dict(self.baseline),
                         list(self.marks))

    @property
    def points(self) -> int:
        """Training points so far."""
        return len(self.train["step"])


class _SideRow:
    """A run's line above the chart: its name in its colour, progress, state and its own Stop."""

    def __init__(self, grid: QGridLayout, row: int, colour: str) -> None:
        self.colour = colour
        self.name = QLabel()
        self.name.setTextFormat(Qt.TextFormat.RichText)
        self.progress = QProgressBar()
        self.progress.setRange(0, 1)
        self.progress.setFormat(translate("RaceView", "waiting"))
        self.status = plain_label(translate("RaceView", "preparing"))
        self.stop = QPushButton(translate("RaceView", "Stop"))
        self.stop.setEnabled(False)
        for col, widget in enumerate((self.name, self.progress, self.status, self.stop)):
            grid.addWidget(widget, row, col)

    def set_name(self, name: str) -> None:
        self.name.setText(f'<span style="color:{self.colour}; font-weight:600">&#9632; '
                          f"{html.escape(name)}</span>")


class RaceView(QWidget):
    """Two runs racing; see the module docstring. ``sig_stop(i)`` asks to stop run ``i`` (0: this
    setup, 1: the challenger), ``sig_stop_all`` both."""

    sig_stop = Signal(int)
    sig_stop_all = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.verdict = QLabel(translate("RaceView", WAITING))
        self.verdict.setWordWrap(True)
        self.verdict.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = QFont(self.verdict.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.verdict.setFont(font)
        grid = QGridLayout()
        grid.setColumnStretch(1, 1)
        self.rows = [_SideRow(grid, i, COLOURS[i]) for i in range(2)]
        for i, row in enumerate(self.rows):
            row.stop.clicked.connect(lambda *_a, i=i: self.sig_stop.emit(i))
        self.stop_all = QPushButton(translate("RaceView", "Stop both"))
        self.stop_all.setEnabled(False)
        self.stop_all.clicked.connect(self.sig_stop_all)
        grid.addWidget(self.stop_all, 0, 4, 2, 1)
        self.overlay = RunsOverlay()
        self.heatmaps = [AttentionHeatmap() for _ in range(2)]
        self.attention_notes = [plain_label() for _ in range(2)]
        self.attention_box = QGroupBox(translate("RaceView", ATTENTION_TITLE))
        pair = QVBoxLayout(self.attention_box)  # one above the other, beside the charts: square maps
        for heatmap, note in zip(self.heatmaps, self.attention_notes):
            column = QVBoxLayout()
            column.addWidget(note)
            column.addWidget(heatmap, 1)
            note.setWordWrap(True)
            pair.addLayout(column, 1)
        self.attention_box.hide()
        self.split = split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.overlay)
        split.addWidget(self.attention_box)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.verdict)
        layout.addLayout(grid)
        layout.addWidget(split, 1)
        self.live = [_Live("A"), _Live("B")]
        self.states = [RunState.IDLE, RunState.IDLE]
        self._dirty = False
        self._timer = QTimer(self)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self._on_timer_timeout)

    # ------------------------------------------------------------------ what the race reports
    def begin(self, names: tuple[str, str]) -> None:
        """A new race between ``names`` (this setup's first)."""
        self.live = [_Live(names[0]), _Live(names[1])]
        for row, name in zip(self.rows, names):
            row.set_name(name)
            row.progress.setRange(0, 1)
            row.progress.setValue(0)
            row.progress.setFormat(translate("RaceView", "waiting"))
        for note, heatmap in zip(self.attention_notes, self.heatmaps):
            set_plain_text(note, "")
            heatmap.show()
        self.attention_box.hide()
        set_plain_text(self.verdict, translate("RaceView", WAITING))
        self.setWindowTitle(translate("RaceView", "Race: {a} vs {b}").format(a=names[0], b=names[1]))
        self.overlay.set_runs([])
        self._dirty = False
        self._timer.start()

    def on_started(self, side: int, started: RunStarted) -> None:
        """Run ``side`` began training."""
        self.live[side].watch = started.watch
        if not started.has_attention:
            self._no_attention(side)

    def add_points(self, side: int, points: list[TrainPoint | EvalPoint]) -> None:
        """A batch of run ``side``'s points (drawn at the next redraw)."""
        self.live[side].add(points)
        self._dirty = True

    def set_progress(self, side: int, progress: Progress) -> None:
        """Run ``side``'s step count and time."""
        bar = self.rows[side].progress
        bar.setRange(0, max(progress.total_steps, 1))
        bar.setValue(min(progress.step, max(progress.total_steps, 1)))
        elapsed = format_seconds(progress.elapsed)
        bar.setFormat(translate("RaceView", "step {step} of {total} · {elapsed}").format(
            step=f"{progress.step:,}", total=f"{progress.total_steps:,}", elapsed=elapsed))

    def set_state(self, side: int, state: RunState) -> None:
        """Run ``side``'s state: its Stop is on while it runs."""
        self.states[side] = state
        row = self.rows[side]
        row.stop.setEnabled(state.active)
        self.stop_all.setEnabled(any(s.active for s in self.states))
        if state.text:
            set_plain_text(row.status, core_text(state.text))

    def set_outcome(self, side: int, text: str) -> None:
        """How run ``side`` ended, in a few words."""
        set_plain_text(self.rows[side].status, core_text(text))

    def set_baseline(self, side: int, baseline: Baseline) -> None:
        """Run ``side``'s simple reference scores (a dashed line in its colour)."""
        self.live[side].baseline = dict(baseline.val)
        self._dirty = True

    def add_warning(self, side: int, warning: HealthWarning) -> None:
        """A health warning of run ``side``: marked where it began."""
        if warning.step > 0:
            self.live[side].marks.append((warning.step, warning.code))
            self._dirty = True

    def show_snapshot(self, side: int, snapshot: Snapshot, meta: ProbeMeta | None) -> None:
        """Run ``side``'s newest attention on the first probed input."""
        if meta is None or not meta.examples or not snapshot.codes:
            return
        if self.attention_box.isHidden():  # the first snapshot: the charts and the maps share the width
            self.attention_box.show()
            total = sum(self.split.sizes()) or 2
            self.split.setSizes([total * 3 // 5, total - total * 3 // 5])
        att = snapshot.attention(0)  # (layers, heads, n, n)
        weights = att[-1].mean(axis=0)  # (n, n): the last layer, heads averaged
        tokens = [display_token(t) for t in meta.examples[0].tokens][: weights.shape[0]]
        heatmap = self.heatmaps[side]
        if heatmap.rows != tokens:
            heatmap.set_tokens(tokens, tokens)
        caption = translate("RaceView", "{name} · step {step}").format(name=self.live[side].name,
                                                                      step=f"{snapshot.step:,}")
        heatmap.set_image(to_indices(weights, meta.kind == "lm"), weights, caption, exact=False)
        set_plain_text(self.attention_notes[side], f"{self.live[side].name}: “{meta.examples[0].label}”")
        heatmap.show()
        self.attention_box.show()

    def show_verdict(self, text: str) -> None:
        """Both runs have ended: the verdict, and the curves as they ended."""
        self._timer.stop()
        self.redraw()
        set_plain_text(self.verdict, core_text(text))

    # ------------------------------------------------------------------ drawing
    def redraw(self) -> None:
        """Draw both runs' curves as they are now, the whole of both on the x axis."""
        self._dirty = False
        curves = [live.curves() for live in self.live]
        self.overlay.set_runs(curves)
        # Set rather than auto-ranged: with the curves clipped to the view, pyqtgraph's automatic
        # range followed the validation points alone and hid the first training steps.
        x_key = str(self.overlay.x_combo.currentData() or "step")
        xs = [part[x_key] for run in curves for part in (run.train, run.val) if len(part.get(x_key, ()))]
        if xs:
            lo, hi = min(float(np.min(x)) for x in xs), max(float(np.max(x)) for x in xs)
            self.overlay.loss_plot.setXRange(lo, max(hi, lo + 1e-9), padding=0.02)

    def _on_timer_timeout(self) -> None:
        if self._dirty:
            self.redraw()

    def _no_attention(self, side: int) -> None:
        set_plain_text(self.attention_notes[side], f"{self.live[side].name}: "
                       + translate("RaceView", NO_ATTENTION))
        self.heatmaps[side].hide()

    def drawn_points(self) -> list[int]:
        """Training points on the loss chart now, for each run (0 for a run not drawn yet)."""
        out = [0] * len(self.live)
        for i, slot in enumerate(self.overlay.slots[: len(self.live)]):
            x = slot.loss.xData
            out[i] = len(x) if x is not None and slot.loss.isVisible() else 0
        return out
