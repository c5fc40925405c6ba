"""What a run's results say, without Qt: metric scales, the reported checkpoint, fit scores."""

from __future__ import annotations

import math
from typing import Any

import pytest

from workbench.core.results import choose_reported, fit_scores, metric_groups, reported_scores


def test_metrics_of_one_scale_share_a_chart_and_others_do_not() -> None:
    groups = metric_groups(["accuracy", "f1", "r2", "mae", "rmse", "odd_one"])
    assert [(g.scale, g.label, g.keys) for g in groups] == [
        ("share", "accuracy, F1 (1 is perfect)", ("accuracy", "f1")),
        ("r2", "R² (1 is perfect)", ("r2",)),
        ("units", "MAE, RMSE (target units)", ("mae", "rmse")),
        ("odd_one", "odd one", ("odd_one",))]
    assert groups[1].floor == -1.0 and groups[0].floor is None


def _lm(best_val: float, final_val: float) -> dict:
    return {"steps": 100, "best_step": 22, "watch": "loss",
            "best": {"val": {"loss": best_val}, "test": {"loss": 8.7, "perplexity": 6376.0}},
            "final": {"val": {"loss": final_val}, "test": {"loss": 8.1, "perplexity": 3421.0}}}


def test_the_reported_checkpoint_is_the_one_better_on_validation() -> None:
    # A "best" from step 22 that the final weights beat on validation: the final weights lead.
    assert choose_reported(_lm(8.7, 8.1)) == ("final", "loss")
    assert choose_reported(_lm(8.0, 8.1)) == ("best", "loss")
    # A tie on the watched metric is broken by the loss; a tie on both keeps the best checkpoint.
    tie: dict[str, Any] = {"steps": 50, "best_step": 10, "watch": "accuracy",
           "best": {"val": {"accuracy": 1.0, "loss": 0.14}},
           "final": {"val": {"accuracy": 1.0, "loss": 0.02}}}
    assert choose_reported(tie) == ("final", "loss")
    tie["final"]["val"]["loss"] = 0.14
    assert choose_reported(tie) == ("best", "")
    same = {**_lm(8.7, 8.1), "best_step": 100}
    assert choose_reported(same) == ("best", "")
    assert choose_reported({"steps": 5}) == ("", "")


def test_reported_scores_lead_with_the_reported_checkpoint() -> None:
    summary = {**_lm(8.7, 8.1), "reported": "final"}
    lead, other = reported_scores(summary)
    assert (lead.name, lead.split, lead.metrics["perplexity"]) == ("final weights (step 100)", "test", 3421.0)
    assert (other.name, other.metrics["perplexity"]) == ("best checkpoint (step 22)", 6376.0)
    (only,) = reported_scores({**summary, "best_step": 100})
    assert only.same_weights and only.name == "best checkpoint (step 100)"
    assert reported_scores({"status": "failed", "steps": 3}) == []


def test_fit_scores() -> None:
    scores = fit_scores([1.0, 2.0, 3.0], [1.0, 2.0, 5.0])
    assert scores["mae"] == pytest.approx(2 / 3) and scores["rmse"] == pytest.approx(math.sqrt(4 / 3))
    assert scores["r2"] == pytest.approx(1 - (4 / 3) / (2 / 3))
    assert math.isnan(fit_scores([], [])["r2"])
