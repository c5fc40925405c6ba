"""The Results page's words: metric values and names, the headline's score lines, the run's facts
and the captions of its tables, each in the interface's language (``ui.i18n``).

Split names and checkpoint names are chosen among whole phrases ("on the test set, {checkpoint}"),
so a translation can put the words in its own order.
"""

from __future__ import annotations

import math
from typing import Any

from workbench.core.events import NOT_METRICS
from workbench.core.results import Scores, metric_label
from workbench.ui.i18n import core_text, language, translate

SPLIT_NAMES = {"train": "training", "val": "validation", "test": "test"}
PERCENT = {"accuracy", "precision", "recall", "f1", "roc_auc"}
HEADLINE = ("accuracy", "f1", "perplexity", "r2", "mae", "rmse", "loss")  # the first three a run has


def format_metric(name: str, value: Any) -> str:
    """0.8123 accuracy -> '81.2 %'; other metrics to 4 significant digits."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not math.isfinite(value):
        return "—"
    return f"{value:.1%}" if name in PERCENT else f"{value:.4g}"


def metric_name(name: str) -> str:
    """Metric ``name`` as a reader calls it, in the interface's language."""
    return core_text(metric_label(name))


def score_line(metrics: dict) -> str:
    """'R² 0.867  ·  MAE 4.31  ·  RMSE 6.24': the first three ``HEADLINE`` metrics present."""
    shown = [f"{metric_name(name)} {format_metric(name, metrics[name])}" for name in HEADLINE
             if name in metrics][:3]
    return "  ·  ".join(shown)


def then(first: str, second: str) -> str:
    """Two sentences one after the other (a space between them in English, none in Chinese)."""
    return translate("ResultsPage", "{first} {second}").format(first=first, second=second)


def on_split(split: str, checkpoint: str) -> str:
    """'on the test set, best checkpoint (step 120)'."""
    if split == "test":
        text = translate("ResultsPage", "on the test set, {checkpoint}")
    elif split == "val":
        text = translate("ResultsPage", "on the validation set, {checkpoint}")
    elif split == "train":
        text = translate("ResultsPage", "on the training set, {checkpoint}")
    else:
        return translate("ResultsPage", "on the {split} set, {checkpoint}").format(split=split,
                                                                                   checkpoint=checkpoint)
    return text.format(checkpoint=checkpoint)


def split_set(split: str, checkpoint: str) -> str:
    """'test set, best checkpoint (step 120)' (the confusion matrix's caption)."""
    if split == "test":
        text = translate("ResultsPage", "test set, {checkpoint}")
    elif split == "val":
        text = translate("ResultsPage", "validation set, {checkpoint}")
    elif split == "train":
        text = translate("ResultsPage", "training set, {checkpoint}")
    else:
        return translate("ResultsPage", "{split} set, {checkpoint}").format(split=split,
                                                                            checkpoint=checkpoint)
    return text.format(checkpoint=checkpoint)


def _reported_why(lead_best: bool, by_validation: bool, metric: str) -> str:
    if lead_best and by_validation:
        text = translate("ResultsPage", "The best checkpoint is reported: its validation {metric} is better.")
    elif lead_best:
        text = translate("ResultsPage", "The best checkpoint is reported: its training {metric} is better.")
    elif by_validation:
        text = translate("ResultsPage", "The final weights are reported: their validation {metric} "
                         "is better.")
    else:
        text = translate("ResultsPage", "The final weights are reported: their training {metric} is better.")
    return text.format(metric=metric)


def headline_text(scores: list[Scores], summary: dict) -> tuple[str, str]:
    """The headline's scores line, naming split and checkpoint, and the other checkpoint's line
    (empty when both are the same weights)."""
    lead = scores[0]
    where = on_split(lead.split, core_text(lead.name))
    if lead.same_weights:
        where = translate("ResultsPage", "{where}, which is also the final weights").format(where=where)
    first = f"{score_line(dict(lead.metrics))}   {where}"
    if len(scores) < 2:
        return first, ""
    other = scores[1]
    second = translate("ResultsPage", "{checkpoint}: {scores}.").format(
        checkpoint=core_text(other.name), scores=score_line(dict(other.metrics)))
    by_validation = bool((summary.get("best") or {}).get("val"))
    by = summary.get("reported_by")
    if by:
        second = then(second, _reported_why(lead.checkpoint == "best", by_validation, metric_name(str(by))))
    elif summary.get("reported"):
        second = then(second, translate("ResultsPage", "Both score the same on the validation set; the best "
                                        "checkpoint is reported.") if by_validation else
                      translate("ResultsPage", "Both score the same on the training set; the best "
                                "checkpoint is reported."))
    return first, second


def last_evaluation(summary: dict) -> tuple[str, dict]:
    """A failed or interrupted run's last validation check: ("step 40, validation set", metrics)."""
    last = summary.get("last_eval") or {}
    metrics = {k: v for k, v in last.items() if k not in NOT_METRICS}
    if not metrics:
        return "", {}
    step = f"{int(last.get('step', 0)):,}"
    split = last.get("split", "val")
    if split == "train":
        text = translate("ResultsPage", "step {step}, training set")
    elif split == "test":
        text = translate("ResultsPage", "step {step}, test set")
    else:
        text = translate("ResultsPage", "step {step}, validation set")
    return text.format(step=step), metrics


def failed_scores(summary: dict) -> str:
    """A run with no final scores: how it was doing at its last evaluation, if it made one."""
    when, last = last_evaluation(summary)
    shown = score_line(last)
    if not shown:
        return translate("ResultsPage", "No scores: the run made no evaluation.")
    return translate("ResultsPage", "{scores}   (its last evaluation before it ended: {when})").format(
        scores=shown, when=when)


def facts_text(summary: dict) -> str:
    """'300 of 300 steps  ·  2.00 epochs  ·  4.1 s  ·  on cpu  ·  …'."""
    parts = [translate("ResultsPage", "{done} of {total} steps").format(
                 done=f"{int(summary.get('steps', 0)):,}", total=f"{int(summary.get('total_steps', 0)):,}"),
             translate("ResultsPage", "{epochs} epochs").format(
                 epochs=f"{float(summary.get('epochs', 0.0)):.2f}"),
             f"{float(summary.get('wall_time_s', 0.0)):.1f} s",
             translate("ResultsPage", "on {device}").format(device=summary.get("device", "?"))]
    if summary.get("params"):
        parts.append(translate("ResultsPage", "{count} parameters ({model})").format(
            count=f"{int(summary['params']):,}", model=summary.get("model_kind", "")))
    if summary.get("best_step"):
        watch = str(summary.get("watch", ""))
        watch = watch if language() == "en" else metric_name(watch)  # English: the key, as configured
        parts.append(translate("ResultsPage", "best at step {step} by {metric}").format(
            step=f"{int(summary['best_step']):,}", metric=watch))
    return "  ·  ".join(parts)


def confusion_caption(where: str) -> str:
    """The confusion matrix's caption; ``where``: ``split_set``'s words."""
    return translate("ResultsPage", "Rows: the true class; columns: what the model said ({where}). "
                     "Colour: share of the row.").format(where=where)


def per_class_headers() -> list[str]:
    """The per-class table's column names."""
    return [translate("ResultsPage", "class"), translate("ResultsPage", "precision"),
            translate("ResultsPage", "recall"), translate("ResultsPage", "F1"),
            translate("ResultsPage", "rows")]


def metrics_column(split: str, which: str) -> str:
    """The All-metrics table's header of ``split``'s scores by checkpoint ``which``: 'test (best)'."""
    names = {
        ("train", "best"): translate("ResultsPage", "training (best)"),
        ("val", "best"): translate("ResultsPage", "validation (best)"),
        ("test", "best"): translate("ResultsPage", "test (best)"),
        ("train", "final"): translate("ResultsPage", "training (final)"),
        ("val", "final"): translate("ResultsPage", "validation (final)"),
        ("test", "final"): translate("ResultsPage", "test (final)"),
    }
    return names.get((split, which), f"{SPLIT_NAMES.get(split, split)} ({which})")


def last_evaluation_column(when: str) -> str:
    """The All-metrics table's header of a failed run's last evaluation."""
    return translate("ResultsPage", "last evaluation ({when})").format(when=when)
