"""ROC and precision-recall curves of a classifier, with their areas (numpy only, Qt-free).

A binary classifier gets one curve of each kind: the second class against the first, as
``metrics.roc_auc`` scores it. With more classes each class gets its one-vs-rest curve, plus two
averages: the *macro* average (every class counts the same: the mean of the per-class areas; its
curve is the per-class curves averaged on a common grid) and the *micro* average (every example
counts the same: all the one-vs-rest decisions pooled into one curve). The numbers are those of
scikit-learn's ``roc_auc_score(multi_class="ovr")`` and ``average_precision_score``, which the
tests check them against; this module does not need scikit-learn.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

MACRO, MICRO = "macro average", "micro average"
GRID = 201  # points of the common grid the macro-average curves are drawn on


@dataclass(frozen=True)
class Curve:
    """One curve: ROC (x = false-positive rate, y = true-positive rate) or PR (x = recall,
    y = precision); ``score`` is its area (AUC) or average precision; NaN when undefined
    (a class with no examples, or only examples, in the scored rows)."""

    name: str
    kind: str  # "roc" or "pr"
    x: np.ndarray
    y: np.ndarray
    score: float
    thresholds: np.ndarray = field(default_factory=lambda: np.empty(0))

    @property
    def label(self) -> str:
        """The legend's text: 'cat (AUC 0.912)' or 'cat (AP 0.871)'."""
        return f"{self.name} ({'AUC' if self.kind == 'roc' else 'AP'} {_fmt(self.score)})"


@dataclass(frozen=True)
class ClassCurves:
    """The ROC and PR curves of one set of predictions, keyed by class name, ``MACRO`` and ``MICRO``
    (the averages only with three or more classes); ``positive``: the class a binary curve is of."""

    classes: list[str]
    roc: dict[str, Curve]
    pr: dict[str, Curve]
    prevalence: dict[str, float]  # share of each class: a PR curve's "no skill" level
    positive: str = ""

    @property
    def binary(self) -> bool:
        """Whether there are two classes (one curve of each kind)."""
        return len(self.classes) == 2

    @property
    def roc_auc(self) -> float:
        """The ROC AUC a run reports: the binary curve's, else the macro average."""
        return self.roc[self.positive if self.binary else MACRO].score

    @property
    def average_precision(self) -> float:
        """The average precision a run reports: the binary curve's, else the macro average."""
        return self.pr[self.positive if self.binary else MACRO].score

    def names(self) -> list[str]:
        """The curves' names: the averages first, then the classes (binary: the one class)."""
        return list(self.roc)

    def to_summary(self) -> dict[str, object]:
        """The areas for summary.json: reported numbers, averages and one entry per class."""
        out: dict[str, object] = {"roc_auc": _json(self.roc_auc),
                                  "average_precision": _json(self.average_precision)}
        if not self.binary:
            out["roc_auc_micro"] = _json(self.roc[MICRO].score)
            out["average_precision_micro"] = _json(self.pr[MICRO].score)
        out["per_class"] = {c: {"roc_auc": _json(self.roc[c].score),
                                "average_precision": _json(self.pr[c].score)}
                            for c in self.classes if c in self.roc}
        return out


def binary_counts(y: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """True and false positives at each distinct threshold, highest threshold first, and the thresholds."""
    order = np.argsort(-scores, kind="mergesort")
    s, t = scores[order], y[order].astype(np.float64)
    last = np.r_[np.flatnonzero(np.diff(s)), s.size - 1]  # the last row of each run of equal scores
    tps = np.cumsum(t)[last]
    return tps, (last + 1) - tps, s[last]


def roc_curve(y: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(false-positive rate, true-positive rate, thresholds) from (0, 0) up; ``y`` is 0/1. NaN rates
    for a side with no examples."""
    tps, fps, thresholds = binary_counts(np.asarray(y), np.asarray(scores, dtype=np.float64))
    p, n = (tps[-1], fps[-1]) if tps.size else (0.0, 0.0)
    tpr = np.r_[0.0, tps / p] if p else np.full(tps.size + 1, np.nan)
    fpr = np.r_[0.0, fps / n] if n else np.full(tps.size + 1, np.nan)
    return fpr, tpr, np.r_[np.inf, thresholds]


def pr_curve(y: np.ndarray, scores: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(recall, precision, thresholds) from the highest threshold down, starting at recall 0,
    precision 1 as scikit-learn's curve ends."""
    tps, fps, thresholds = binary_counts(np.asarray(y), np.asarray(scores, dtype=np.float64))
    p = tps[-1] if tps.size else 0.0
    precision = tps / np.maximum(tps + fps, 1)
    recall = tps / p if p else np.full(tps.size, np.nan)
    return np.r_[0.0, recall], np.r_[1.0, precision], np.r_[np.inf, thresholds]


def roc_auc(y: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve (trapezoids: ties count half); NaN with one class only."""
    fpr, tpr, _ = roc_curve(y, scores)
    return _area(fpr, tpr)


def average_precision(y: np.ndarray, scores: np.ndarray) -> float:
    """Average precision: precision at each threshold weighted by the recall it adds; NaN without
    positives."""
    recall, precision, _ = pr_curve(y, scores)
    if np.isnan(recall).any():
        return math.nan
    return float(np.sum(np.diff(recall) * precision[1:]))


def class_curves(actual: Sequence[int] | np.ndarray, probabilities: np.ndarray,
                 classes: Sequence[str]) -> ClassCurves:
    """ROC and PR curves of class ``probabilities`` (N, C) against the ``actual`` class indices (N,)."""
    y = np.asarray(actual, dtype=np.int64)
    probs = np.asarray(probabilities, dtype=np.float64).reshape(len(y), len(classes))
    names = [str(c) for c in classes]
    prevalence = {c: float(np.mean(y == k)) if y.size else 0.0 for k, c in enumerate(names)}
    if len(names) == 2:
        pos = names[1]
        return ClassCurves(names, {pos: _roc(pos, y == 1, probs[:, 1])},
                           {pos: _pr(pos, y == 1, probs[:, 1])}, prevalence, pos)
    roc = {c: _roc(c, y == k, probs[:, k]) for k, c in enumerate(names)}
    pr = {c: _pr(c, y == k, probs[:, k]) for k, c in enumerate(names)}
    onehot = (y[:, None] == np.arange(len(names))[None, :]).ravel()
    averages_roc = {MACRO: _macro_roc(list(roc.values())), MICRO: _roc(MICRO, onehot, probs.ravel())}
    averages_pr = {MACRO: _macro_pr(list(pr.values())), MICRO: _pr(MICRO, onehot, probs.ravel())}
    return ClassCurves(names, {**averages_roc, **roc}, {**averages_pr, **pr}, prevalence)


def curves_csv(curves: ClassCurves, kind: str) -> str:
    """The points of every ``kind`` ("roc" or "pr") curve as CSV: curve, x, y, threshold, area."""
    x_name, y_name = (("false_positive_rate", "true_positive_rate") if kind == "roc"
                      else ("recall", "precision"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["curve", x_name, y_name, "threshold", "auc" if kind == "roc" else "average_precision"])
    for name, curve in (curves.roc if kind == "roc" else curves.pr).items():
        for i in range(curve.x.size):
            threshold = curve.thresholds[i] if i < curve.thresholds.size else math.nan
            writer.writerow([name, _fmt6(curve.x[i]), _fmt6(curve.y[i]),
                             "" if not math.isfinite(threshold) else _fmt6(threshold), _fmt6(curve.score)])
    return out.getvalue()


# ----------------------------------------------------------------- internals
def _roc(name: str, y: np.ndarray, scores: np.ndarray) -> Curve:
    fpr, tpr, thresholds = roc_curve(y.astype(np.int64), scores)
    return Curve(name, "roc", fpr, tpr, _area(fpr, tpr), thresholds)


def _pr(name: str, y: np.ndarray, scores: np.ndarray) -> Curve:
    recall, precision, thresholds = pr_curve(y.astype(np.int64), scores)
    ap = math.nan if np.isnan(recall).any() else float(np.sum(np.diff(recall) * precision[1:]))
    return Curve(name, "pr", recall, precision, ap, thresholds)


def _macro_roc(per_class: list[Curve]) -> Curve:
    """The mean of the per-class curves' true-positive rates on one false-positive grid; its score
    is the mean of their AUCs (scikit-learn's macro average), not the area of the mean curve."""
    usable = [c for c in per_class if math.isfinite(c.score)]
    grid = np.linspace(0.0, 1.0, GRID)
    if not usable:
        return Curve(MACRO, "roc", grid, np.full(GRID, np.nan), math.nan)
    mean = np.mean([np.interp(grid, c.x, c.y) for c in usable], axis=0)
    return Curve(MACRO, "roc", grid, mean, float(np.mean([c.score for c in usable])))


def _macro_pr(per_class: list[Curve]) -> Curve:
    """The per-class precision (the best at that recall or beyond, as a PR chart reads) averaged on
    one recall grid; its score is the mean of the per-class average precisions."""
    usable = [c for c in per_class if math.isfinite(c.score)]
    grid = np.linspace(0.0, 1.0, GRID)
    if not usable:
        return Curve(MACRO, "pr", grid, np.full(GRID, np.nan), math.nan)
    rows = []
    for c in usable:
        envelope = np.maximum.accumulate(c.y[::-1])[::-1]  # best precision at this recall or more
        index = np.clip(np.searchsorted(c.x, grid, side="left"), 0, c.x.size - 1)
        rows.append(envelope[index])
    return Curve(MACRO, "pr", grid, np.mean(rows, axis=0), float(np.mean([c.score for c in usable])))


def _area(x: np.ndarray, y: np.ndarray) -> float:
    if x.size < 2 or np.isnan(x).any() or np.isnan(y).any():
        return math.nan
    return float(np.sum(np.diff(x) * (y[1:] + y[:-1]) / 2))


def _fmt(value: float) -> str:
    return f"{value:.3f}" if math.isfinite(value) else "n/a"


def _fmt6(value: float) -> str:
    return f"{float(value):.6g}"


def _json(value: float) -> float | None:
    return round(float(value), 6) if math.isfinite(value) else None
