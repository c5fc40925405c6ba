"""The charts' data without Qt: typed run events in, series, read-outs and CSV out."""

from __future__ import annotations

import math

from workbench.core.curve_history import CurveHistory
from workbench.core.events import EvalPoint, TrainPoint


def _run() -> list[TrainPoint | EvalPoint]:
    points: list[TrainPoint | EvalPoint] = [
        TrainPoint(step=s, epoch=s / 10, time=s / 100, loss=2.0 / s, lr=1e-3) for s in range(1, 11)]
    points.insert(5, EvalPoint(step=5, epoch=0.5, time=0.05, split="val",
                               metrics={"loss": 0.6, "accuracy": 0.7}, best=True, sample="text"))
    points.append(EvalPoint(step=10, epoch=1.0, time=0.1, split="val",
                            metrics={"loss": 0.4, "accuracy": math.nan}))
    return points


def test_points_become_series_a_read_out_and_csv() -> None:
    history = CurveHistory()
    history.add_points(_run())
    assert len(history) == 10 and history.eval_keys() == ["loss", "accuracy"]
    assert history.val_key() == "loss" and history.shown_metrics() == ["accuracy"]
    assert history.step_near(7.4) == 7
    text, step, smooth = history.hover(4.8)
    assert step == 5 and smooth is not None
    assert text.startswith("step 5   train loss 0.4") and "validation loss 0.6 (step 5)" in text
    lines = history.csv_text().splitlines()
    assert lines[0] == "step,train_loss,train_loss_smoothed,val_loss,accuracy,learning_rate"
    assert lines[5].split(",")[3:5] == ["0.6", "0.7"] and lines[10].split(",")[3:5] == ["0.4", ""]


def test_a_resumed_run_replaces_what_followed_its_step() -> None:
    history = CurveHistory()
    history.add_points(_run())
    revision = history.revision
    history.add_points([TrainPoint(step=8, epoch=0.8, time=0.08, loss=9.0, lr=1e-3)])
    assert list(history.train.col("step")) == [1, 2, 3, 4, 5, 6, 7, 8]
    assert history.train.col("loss")[-1] == 9.0
    assert history.revision > revision  # rows already drawn changed: a drawing cache starts over
