"""A run that explains itself: the moments worth pinning on its loss chart, and its state in words.

``run_events`` finds, in a run's recorded points (``core.events`` TrainPoint/EvalPoint; a finished
run's come from ``core.history.read_run``) and its summary, the events a presenter would point at:

- ``warmup``: the warm-up ends (``optim.warmup_steps``), once the run got that far;
- ``lr_drop``: the recorded learning rate fell by at least ``LR_DROP`` from one training point to
  the next after holding steady (a step schedule, a plateau cut); a smooth decay (cosine, linear)
  falls a little at every point and is not an event;
- ``best``: the last new best of the watched metric (the checkpoint that is kept);
- ``overfitting`` and ``diverging``: the health warnings' steps (``core.health`` found them; the
  summary's "health" list, or the warnings a live run published);
- ``early_stop``: the run stopped itself because the watched metric stopped improving.

``StoryDetector`` finds the first three as points arrive (a live run). ``status_sentence`` says in
plain words how a run is doing ("The model is learning: validation accuracy 78 %, up from 52 %").

The step at which the model first answers a probed example correctly comes from the attention
snapshots, which keep each probed example's class probabilities and true class:
``core.first_correct.first_correct_events``.

Every caption and sentence is a plain format string in ``TEXT`` (one place for a translation).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.core.events import EvalPoint, TrainPoint

# Words shown to the user, by key (format strings; a translation replaces the values).
TEXT: dict[str, str] = {
    "warmup": "warm-up ends",
    "lr_drop": "learning rate cut to {new}",
    "best": "best {metric} {value}",
    "overfitting": "overfitting begins",
    "diverging": "diverging begins",
    "early_stop": "stopped early",
    "learning": "The model is learning: {metric} {value}, up from {first}.",
    "learning_down": "The model is learning: {metric} {value}, down from {first}.",
    "learning_one": "The model is learning: {metric} {value}.",
    "starting": "The model is starting to learn: training loss {loss}.",
    "waiting": "Waiting for the first training steps…",
    "flat": "The model is not improving: {metric} has stayed near {value} for {count} evaluations.",
    "worse": "The model is getting worse: {metric} {value}, its best was {best}.",
    "diverging_now": "Training has gone wrong: the loss is rising sharply ({first} → {last}).",
    "finished": "Training finished: {metric} {value} (it started at {first}).",
    "finished_plain": "Training finished: training loss {loss}.",
}
METRIC_NAMES: dict[str, str] = {
    "loss": "validation loss", "accuracy": "validation accuracy", "f1": "validation F1",
    "perplexity": "perplexity", "r2": "R²", "mae": "mean absolute error",
    "precision": "precision", "recall": "recall", "roc_auc": "ROC AUC"}
SHORT_NAMES: dict[str, str] = {"loss": "validation loss", "mae": "MAE", "r2": "R²", "f1": "F1",
                               "roc_auc": "ROC AUC"}  # in captions, where room is short

HIGHER_IS_BETTER = {"accuracy", "precision", "recall", "f1", "roc_auc", "r2"}  # as core.metrics
PERCENT = {"accuracy", "precision", "recall", "f1"}
LR_DROP = 0.3  # a cut: the learning rate fell by at least this share between two training points
LR_STEADY = 0.05  # ... after changing by less than this share between the two before
HEALTH_CODES = ("overfitting", "diverging")
DIVERGE_FACTOR = 3.0  # as core.health: the loss this many times its start means training went wrong
FLAT_EVALS = 3  # evaluations without a meaningful change before "not improving"
FLAT_SHARE = 0.01  # a change of less than this share of the value is no change


@dataclass(frozen=True)
class StoryEvent:
    """A moment of a run, pinned on its loss chart."""

    step: int
    kind: str  # "warmup", "lr_drop", "best", "overfitting", "diverging" or "early_stop"
    caption: str  # short plain English


def format_value(metric: str, value: float) -> str:
    """``value`` of ``metric`` as shown: "78 %" for shares, three significant figures otherwise."""
    if metric in PERCENT and math.isfinite(value):
        return f"{value * 100:.0f} %"
    return f"{value:.3g}"


def metric_name(metric: str) -> str:
    """What ``metric`` is called in a sentence ("validation accuracy")."""
    return METRIC_NAMES.get(metric, metric)


class StoryDetector:
    """Finds warm-up ends, learning-rate cuts and the best evaluation as a run's points arrive."""

    def __init__(self, warmup_steps: int = 0, watch: str = "loss") -> None:
        self.warmup_steps = max(int(warmup_steps), 0)
        self.watch = watch or "loss"
        self.events: list[StoryEvent] = []  # warm-up and cuts, in order; the best is ``best``
        self.best: StoryEvent | None = None
        self._lrs: list[float] = []  # the last three learning rates seen
        self._warmed = False

    def add(self, points: Iterable[TrainPoint | EvalPoint]) -> bool:
        """Read ``points``; True when an event was found or the best moved."""
        changed = False
        for point in points:
            if isinstance(point, TrainPoint):
                changed |= self._train(point)
            elif isinstance(point, EvalPoint) and point.best:
                value = point.metrics.get(self.watch, point.metrics.get("loss", math.nan))
                metric = self.watch if self.watch in point.metrics else "loss"
                self.best = StoryEvent(point.step, "best", TEXT["best"].format(
                    metric=SHORT_NAMES.get(metric, metric), value=format_value(metric, value)))
                changed = True
        return changed

    def all(self) -> list[StoryEvent]:
        """Every event found so far, by step."""
        return sorted([*self.events, *([self.best] if self.best else [])], key=lambda e: e.step)

    def _train(self, point: TrainPoint) -> bool:
        found = False
        if self.warmup_steps and not self._warmed and point.step >= self.warmup_steps:
            self._warmed = True
            self.events.append(StoryEvent(self.warmup_steps, "warmup", TEXT["warmup"]))
            found = True
        lr = point.lr
        if not math.isfinite(lr):
            return found
        self._lrs = [*self._lrs[-2:], lr]
        if len(self._lrs) == 3 and point.step > self.warmup_steps:
            before, old, new = self._lrs
            steady = old > 0 and abs(old - before) <= LR_STEADY * old
            if steady and new <= (1 - LR_DROP) * old:
                self.events.append(StoryEvent(point.step, "lr_drop", TEXT["lr_drop"].format(
                    old=f"{old:.2g}", new=f"{new:.2g}")))
                found = True
        return found


def health_events(health: Iterable[Mapping[str, Any]]) -> list[StoryEvent]:
    """The overfitting and divergence warnings of a summary's "health" list, at their steps."""
    out = []
    for record in health:
        code, step = record.get("code"), record.get("step")
        if code in HEALTH_CODES and isinstance(step, int) and not isinstance(step, bool):
            out.append(StoryEvent(step, str(code), TEXT[str(code)]))
    return out


def run_events(points: Sequence[TrainPoint | EvalPoint], warmup_steps: int = 0,
               summary: Mapping[str, Any] | None = None, watch: str = "") -> list[StoryEvent]:
    """The events of a run (see the module doc), by step; ``summary`` is summary.json ({} or None
    while the run goes on), ``watch`` the watched metric (default: the summary's, else "loss")."""
    summary = summary or {}
    detector = StoryDetector(warmup_steps, watch or str(summary.get("watch") or "loss"))
    detector.add(points)
    events = detector.all()
    health = summary.get("health")
    if isinstance(health, list):
        events += health_events(r for r in health if isinstance(r, Mapping))
    steps = summary.get("steps")
    if summary.get("status") == "early_stopped" and isinstance(steps, int):
        events.append(StoryEvent(steps, "early_stop", TEXT["early_stop"]))
    return sorted(events, key=lambda e: e.step)


def _scores(points: Sequence[TrainPoint | EvalPoint], watch: str) -> tuple[str, list[float]]:
    """The metric to speak of (``watch`` if evaluations have it, else the validation loss) and its
    finite values in order."""
    evals = [p.metrics for p in points if isinstance(p, EvalPoint)]
    metric = watch if any(watch in m for m in evals) else "loss"
    return metric, [m[metric] for m in evals if metric in m and math.isfinite(m[metric])]


def status_sentence(points: Sequence[TrainPoint | EvalPoint], watch: str = "loss",
                    finished: bool = False) -> str:
    """How the run is doing, in one plain sentence (the presenter mode's big status line)."""
    losses = [p.loss for p in points if isinstance(p, TrainPoint)]
    if not losses:
        return TEXT["waiting"]
    start = next((x for x in losses if math.isfinite(x)), math.nan)
    last = losses[-1]
    if not math.isfinite(last) or (math.isfinite(start) and last > DIVERGE_FACTOR * start):
        return TEXT["diverging_now"].format(first=f"{start:.3g}", last=f"{last:.3g}")
    metric, values = _scores(points, watch)
    name = metric_name(metric)
    if not values:
        return TEXT["finished_plain" if finished else "starting"].format(loss=f"{last:.3g}")
    higher = metric in HIGHER_IS_BETTER
    first, value = values[0], values[-1]
    shown = {"metric": name, "value": format_value(metric, value), "first": format_value(metric, first)}
    if finished:
        return TEXT["finished"].format(**shown)
    best = max(values) if higher else min(values)
    tolerance = FLAT_SHARE * max(abs(best), 1e-12)
    worse = value < best - tolerance if higher else value > best + tolerance
    recent = values[-FLAT_EVALS - 1:]
    if worse and len(values) >= 2 and _falling(recent, higher):
        return TEXT["worse"].format(metric=name, value=shown["value"], best=format_value(metric, best))
    if len(recent) > FLAT_EVALS and max(recent) - min(recent) <= FLAT_SHARE * max(abs(value), 1e-12):
        return TEXT["flat"].format(metric=name, value=shown["value"], count=len(recent))
    if len(values) == 1 or value == first:
        return TEXT["learning_one"].format(**shown)
    return TEXT["learning" if value > first else "learning_down"].format(**shown)


def _falling(recent: list[float], higher: bool) -> bool:
    """The last two of ``recent`` went the wrong way (the score fell, or the loss rose)."""
    a, b = recent[-2], recent[-1]
    return b < a if higher else b > a
