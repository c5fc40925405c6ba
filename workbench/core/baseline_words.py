"""The baseline beside a run's result, in words: what the CLI prints and the Results page says.

Torch-free (the window imports it). The comparison reads summary.json alone: its "baseline"
(``core.baseline``) and the scores of the checkpoint the headline reports
(``core.results.reported_scores``), on the same split.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from workbench.core.events import Baseline
from workbench.core.results import metric_label, metric_scale, reported_scores

SPLIT_WORDS = {"test": "test", "val": "validation"}
HIGHER_SCALES = ("share", "r2")  # scales (core.results.metric_scale) on which higher is better


def headline_metric(task: str) -> str:
    """The metric a baseline and a run are compared by in words: accuracy, RMSE for numbers,
    perplexity for language models."""
    return {"regression": "rmse", "language_modeling": "perplexity"}.get(task, "accuracy")


def chart_metric(task: str) -> str:
    """The metric whose chart shows the baseline's level: accuracy, R² for numbers (the charts of a
    regression run show R² and MAE), perplexity for language models."""
    return {"regression": "r2", "language_modeling": "perplexity"}.get(task, "accuracy")


@dataclass(frozen=True)
class Comparison:
    """The baseline's score and the run's on one split, by one metric."""

    baseline: Baseline
    metric: str
    split: str  # "test", or "val" for a run without test rows
    value: float  # the baseline's
    run: float | None  # the run's reported checkpoint's; None when it was not scored on this split
    same_rows: bool  # False when the run's scores came from a sample of the split (after a Stop)
    unit: str = "rows"  # what the split holds: "rows", or "tokens" for a language model

    @property
    def higher_is_better(self) -> bool:
        """Whether a higher score is better (accuracy, R²), not lower (RMSE)."""
        return metric_scale(self.metric) in HIGHER_SCALES

    @property
    def baseline_wins(self) -> bool:
        """The simple model scores better than the network."""
        if self.run is None:
            return False
        return self.value > self.run if self.higher_is_better else self.value < self.run

    def number(self, value: float, digits: int = 3) -> str:
        """``value`` as the CLI prints it: 0.803 for accuracy and R², 4 significant digits for units."""
        if self.higher_is_better:
            return f"{value:.{digits}f}"
        return f"{value:.4g}"

    def shown(self, value: float) -> str:
        """``value`` as the Results page shows its metrics: 80.3% for shares, 0.87 for R², 527.4 else."""
        if metric_scale(self.metric) == "share":
            return f"{value:.1%}"
        return self.number(value, 2)

    @property
    def where(self) -> str:
        """'on the same test rows' (or 'on the test set' when the run scored only a sample)."""
        split = SPLIT_WORDS.get(self.split, self.split)
        return f"on the same {split} {self.unit}" if self.same_rows else f"on the {split} set"


def comparison(summary: Mapping[str, Any]) -> Comparison | None:
    """The baseline against the run, from a summary.json; None when it has no baseline to compare."""
    baseline = Baseline.from_record(summary.get("baseline") or {})
    if baseline is None:
        return None
    metric = headline_metric(str(summary.get("task", "")))
    scores = reported_scores(summary)
    lead = scores[0] if scores else None
    split = "test" if baseline.test else "val"
    if lead is not None and lead.split in SPLIT_WORDS:
        split = lead.split
    value = (baseline.test if split == "test" else baseline.val).get(metric)
    if value is None or not math.isfinite(value):
        return None
    mine = lead.metrics.get(metric) if lead is not None and lead.split == split else None
    run = float(mine) if isinstance(mine, (int, float)) and math.isfinite(mine) else None
    sampled = bool((summary.get("scoring") or {}).get("sampled"))
    unit = "tokens" if summary.get("task") == "language_modeling" else "rows"
    return Comparison(baseline, metric, split, float(value), run, same_rows=not sampled, unit=unit)


def cli_line(summary: Mapping[str, Any]) -> str:
    """'baseline: a simple bag-of-words model (TF-IDF + ...) scores accuracy 0.803 on the same test
    rows; this run 0.743' ("" without a baseline)."""
    found = comparison(summary)
    if found is None:
        return ""
    b = found.baseline
    line = (f"baseline: {b.description} ({b.model}) scores {metric_label(found.metric)} "
            f"{found.number(found.value, 3)} {found.where}")
    if found.run is not None:
        line += f"; this run {found.number(found.run, 3)}"
    return line


def results_sentence(summary: Mapping[str, Any]) -> str:
    """The Results page's line, its numbers as the headline above shows them: 'A simple bag-of-words
    model (...) scores accuracy 80.3% on the same test rows (this model 74.3%): the simple model
    does better.' ("" without a baseline)."""
    found = comparison(summary)
    if found is None:
        return ""
    b = found.baseline
    what = b.description[:1].upper() + b.description[1:]
    text = f"{what} ({b.model}) scores {metric_label(found.metric)} {found.shown(found.value)} {found.where}"
    if found.run is None:
        return text + "."
    mine = found.shown(found.run)
    if mine == found.shown(found.value):  # no difference a reader could see
        return f"{text} (this model {mine}): about the same."
    if found.baseline_wins:
        return f"{text} (this model {mine}): the simple model does better."
    return f"{text} (this model {mine}): this model does better."
