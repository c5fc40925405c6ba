"""What a finished run's results say, Qt-free: metric names and scales, the checkpoint a headline
reports, and a regression model's predictions kept for the Results page.

The summary (``core.outcome``) gets three keys from here: "reported" (the checkpoint the headline
leads with, ``choose_reported``), "predictions" (a regression model's test-set predictions,
``prediction_sample``) and "feature_ranges" (the training range of each numeric table column, the
hints of the table Try-it form). Importing this module costs no torch: the window reads it.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from workbench.core.data.prepare import PreparedData
    from workbench.core.trainer import Trainer

PREDICTIONS_MAX = 2000  # (actual, predicted) pairs kept: enough to see the shape, small in summary.json
PREDICTIONS_SEED = 0
SPLIT_ORDER = ("test", "val", "train")  # the split a headline reports: the first the run has

#: name: (what a reader calls it, the scale it shares an axis with)
METRICS: dict[str, tuple[str, str]] = {
    "accuracy": ("accuracy", "share"), "precision": ("precision", "share"),
    "recall": ("recall", "share"), "f1": ("F1", "share"), "roc_auc": ("ROC AUC", "share"),
    "r2": ("R²", "r2"), "mae": ("MAE", "units"), "rmse": ("RMSE", "units"), "mse": ("MSE", "squared"),
    "perplexity": ("perplexity", "perplexity"), "bpc": ("bits per character", "bits"),
    "bits_per_token": ("bits per token", "bits"), "loss": ("loss", "loss"),
}
SCALE_NOTES = {"share": "1 is perfect", "r2": "1 is perfect", "units": "target units",
               "squared": "target units²", "perplexity": "lower is better", "bits": "lower is better"}
#: Where an axis of a scale stops going down: an R² of -40 (a fresh model) would squash the rest
#: of the curve into a flat line at the top; below -1 is "far worse than guessing the mean" anyway.
SCALE_FLOORS = {"r2": -1.0}


def metric_label(name: str) -> str:
    """How a reader calls metric ``name``: "R²", "MAE", "F1"; unknown names with spaces for '_'."""
    return METRICS[name][0] if name in METRICS else name.replace("_", " ")


def metric_scale(name: str) -> str:
    """The scale of metric ``name``: metrics of one scale can share an axis (unknown: its own)."""
    return METRICS[name][1] if name in METRICS else name


@dataclass(frozen=True)
class MetricGroup:
    """Metrics of one scale, drawn on one chart: its key, series, their names and what the scale
    means ("1 is perfect"; "" for a metric Workbench does not know)."""

    scale: str
    keys: tuple[str, ...]
    names: str
    note: str

    @property
    def label(self) -> str:
        """'accuracy, F1 (1 is perfect)'."""
        return f"{self.names} ({self.note})" if self.note else self.names

    @property
    def floor(self) -> float | None:
        """The lowest value the chart's axis shows (None: no limit)."""
        return SCALE_FLOORS.get(self.scale)


def metric_groups(keys: Sequence[str]) -> list[MetricGroup]:
    """``keys`` grouped by scale, in the order each scale first appears: accuracy and F1 share an
    axis, R² and MAE do not (an R² near 1 would be a flat line on an MAE of 30)."""
    scales: dict[str, list[str]] = {}
    for key in keys:
        scales.setdefault(metric_scale(key), []).append(key)
    return [MetricGroup(scale, tuple(members), ", ".join(metric_label(k) for k in members),
                        SCALE_NOTES.get(scale, "")) for scale, members in scales.items()]


# ----------------------------------------------------------------- which checkpoint is reported
@dataclass(frozen=True)
class Scores:
    """One checkpoint's scores on one split, as a headline reports them."""

    checkpoint: str  # "best" or "final"
    step: int
    split: str  # "test", "val" or "train"
    metrics: Mapping[str, Any]
    same_weights: bool = False  # the best checkpoint is the final weights

    @property
    def name(self) -> str:
        """'best checkpoint (step 120)', 'final weights (step 300)'."""
        return checkpoint_name(self.checkpoint, self.step)


def checkpoint_name(checkpoint: str, step: int) -> str:
    """'best checkpoint (step 120)' for "best", 'final weights (step 300)' for "final"."""
    what = "best checkpoint" if checkpoint == "best" else "final weights"
    return f"{what} (step {step:,})"


def choose_reported(summary: Mapping[str, Any]) -> tuple[str, str]:
    """The checkpoint a headline leads with ("best" or "final"; "" when neither was scored) and
    the validation metric that decided it ("" when nothing did: one set of weights, or a tie)."""
    best, final = summary.get("best") or {}, summary.get("final") or {}
    if not (best and final) or summary.get("best_step") == summary.get("steps"):
        return ("best" if best else "final" if final else ""), ""
    # Both were scored at the end on the same rows. The headline reports the test split, so
    # picking by the test score would be peeking; pick by validation, as the trainer picks its
    # best. Validation decides rather than the label "best": that checkpoint was chosen among the
    # evaluations during training, which may never have seen the final weights (a Stop between
    # evaluations) or saw a smaller sample. A language model whose "best" perplexity 6,376 came
    # from step 22 while the final weights score 3,421 leads with the final weights.
    # A tie on the watched metric (accuracy 100 % on a small validation set, for both) is broken
    # by the loss, which still tells which is more confident where it is right.
    from workbench.core.metrics import is_improvement  # torch: only where the trainer runs

    split = "val" if best.get("val") and final.get("val") else "train"
    for metric in dict.fromkeys([str(summary.get("watch") or "loss"), "loss"]):
        b, f = (_number((s.get(split) or {}).get(metric)) for s in (best, final))
        if b is None or f is None or b == f:
            continue
        return ("final" if is_improvement(metric, f, b) else "best"), metric
    return "best", ""


def reported_scores(summary: Mapping[str, Any]) -> list[Scores]:
    """The scores a headline shows, the reported checkpoint first; the other checkpoint's too when
    it holds other weights. Empty when the run was never scored (failed, interrupted)."""
    best, final = summary.get("best") or {}, summary.get("final") or {}
    steps = {"best": int(summary.get("best_step") or 0), "final": int(summary.get("steps") or 0)}
    same = bool(best and final) and steps["best"] == steps["final"]
    lead = "best" if same else summary.get("reported") or ("best" if best else "final")
    order = [lead] if same else [lead, "final" if lead == "best" else "best"]
    lead_splits = summary.get(lead) or {}
    split = next((s for s in SPLIT_ORDER if lead_splits.get(s)), "")
    out = []
    for which in order:
        splits = summary.get(which) or {}
        if split and splits.get(split):
            out.append(Scores(which, steps[which], split, splits[split], same))
    return out


# ----------------------------------------------------------------- regression predictions
def fit_scores(actual: Sequence[float] | np.ndarray,
               predicted: Sequence[float] | np.ndarray) -> dict[str, float]:
    """R², MAE and RMSE of ``predicted`` against ``actual`` (NaN for no points)."""
    y, p = np.asarray(actual, dtype=np.float64), np.asarray(predicted, dtype=np.float64)
    if not y.size:
        return {"r2": math.nan, "mae": math.nan, "rmse": math.nan}
    err = p - y
    mse = float(np.mean(err**2))
    var = float(np.mean((y - y.mean()) ** 2))
    return {"r2": 1.0 - mse / var if var > 0 else 0.0, "mae": float(np.mean(np.abs(err))),
            "rmse": math.sqrt(mse)}


def prediction_sample(trainer: Trainer) -> dict[str, Any] | None:
    """Up to ``PREDICTIONS_MAX`` (actual, predicted) pairs of the model now in ``trainer``, in the
    target's units, from the test split (validation when there is none); None unless regression."""
    from workbench.core.tasks import RegressionRunner

    runner = trainer.runner
    split = next((s for s in ("test", "val") if runner.split_size(s)), "")
    if not isinstance(runner, RegressionRunner) or not split:
        return None
    was_training = trainer.model.training
    trainer.model.eval()
    try:
        actual, predicted = runner.predictions(trainer.model, split, PREDICTIONS_MAX, PREDICTIONS_SEED,
                                               trainer.autocast)
    finally:
        trainer.model.train(was_training)
    return {"split": split, "rows": runner.split_size(split), "target": trainer.data.spec.target,
            "actual": [_short(v) for v in actual.tolist()],
            "predicted": [_short(v) for v in predicted.tolist()]}


def feature_ranges(data: PreparedData) -> dict[str, list[float]]:
    """The smallest and largest value of each numeric table column in the training split."""
    spec, x = data.spec, data.train.get("x_num")
    if x is None or not len(x) or not spec.numeric_columns:
        return {}
    n = len(spec.numeric_columns)
    lo, hi = x[:, :n].min(0).values.tolist(), x[:, :n].max(0).values.tolist()
    out = {}
    for j, col in enumerate(spec.numeric_columns):
        # Standardised float32 comes back as 6.1e-07 for a 0: snap to 1/10,000 of the spread.
        quantum = 10.0 ** (math.floor(math.log10(spec.num_std[j])) - 4)
        out[col] = [_short(round((v * spec.num_std[j] + spec.num_mean[j]) / quantum) * quantum)
                    for v in (lo[j], hi[j])]
    return out


def attach(summary: dict[str, Any], trainer: Trainer,
           predictions: Mapping[str, dict[str, Any] | None]) -> None:
    """Add "reported" and "reported_by" (``choose_reported``), the reported checkpoint's
    "predictions" (``predictions[checkpoint]``, made while its weights were loaded) and the
    tables' "feature_ranges" to ``summary``."""
    reported, by = choose_reported(summary)
    if reported:
        summary["reported"], summary["reported_by"] = reported, by
    chosen = predictions.get(reported) or predictions.get("final")
    if chosen:
        step = summary["best_step"] if reported == "best" else summary["steps"]
        summary["predictions"] = {"checkpoint": reported or "final", "step": step, **chosen}
    if trainer.data.spec.task in ("tabular_classification", "regression"):
        summary["feature_ranges"] = feature_ranges(trainer.data)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _short(value: float) -> float:
    """Six significant digits: what a chart shows, at a third of the JSON."""
    return float(f"{value:.6g}")
