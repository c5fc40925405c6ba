"""A run that explains itself: the events pinned on the loss chart and the status in plain words.

The recorded runs train tiny models for a second or two and are read back from their folders
(``read_run``), as File → Open run folder does; the rest are synthetic points.
"""

from __future__ import annotations

import contextlib
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from workbench.core import config as C
from workbench.core.errors import TrainingError
from workbench.core.events import EvalPoint, TrainPoint
from workbench.core.history import read_run
from workbench.core.pipeline import start_run
from workbench.core.run_story import StoryDetector, StoryEvent, run_events, status_sentence

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"
IRIS = {"path": str(DATASETS / "iris.csv"), "target": "species"}
TRAIN = {"device": "cpu", "batch_size": 16, "sample_length": 0, "num_threads": 1}

pytestmark = pytest.mark.usefixtures("one_thread")


def _recorded(tmp_path: Path, raw: dict[str, Any], source: Any = None) -> list[StoryEvent]:
    trainer = start_run(C.from_dict(raw), tmp_path, source=source)
    with contextlib.suppress(TrainingError):
        trainer.fit()
    run = read_run(trainer.run_dir.path)
    return run_events(run.points, run.cfg.optim.warmup_steps, run.summary)


def _iris(**optim: Any) -> dict[str, Any]:
    return {"name": "iris", "data": IRIS, "model": {"kind": "mlp", "hidden": [32, 32], "dropout": 0.0},
            "optim": {"lr": 0.01, "schedule": "constant", **optim}, "train": {**TRAIN, "epochs": 30}}


def test_a_recorded_run_with_warm_up_a_step_schedule_and_early_stopping(tmp_path: Path) -> None:
    raw = _iris(lr=0.003, schedule="step", step_size=60, gamma=0.3, warmup_steps=20)
    raw["train"].update(epochs=200, eval_interval=10, log_interval=5, early_stopping_patience=4)
    events = _recorded(tmp_path, raw)
    kinds = [e.kind for e in events]
    assert kinds[0] == "warmup" and events[0].step == 20 and events[0].caption == "warm-up ends"
    drops = [e for e in events if e.kind == "lr_drop"]
    assert drops and drops[0].step in range(60, 66)  # the cut at step 60, logged every 5 steps
    assert drops[0].caption == "learning rate cut to 0.0009"
    (best,) = [e for e in events if e.kind == "best"]
    assert best.caption.startswith("best accuracy ") and best.caption.endswith(" %")
    assert kinds[-1] == "early_stop" and events[-1].step > best.step
    assert events == sorted(events, key=lambda e: e.step)


def test_a_recorded_diverging_run_is_pinned_where_it_began(tmp_path: Path) -> None:
    events = _recorded(tmp_path, _iris(lr=10.0))
    diverging = [e for e in events if e.kind == "diverging"]
    assert len(diverging) == 1 and diverging[0].caption == "diverging begins"


def test_a_recorded_overfitting_run_is_pinned_at_its_lowest_validation_loss(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 10))
    df = pd.DataFrame(x, columns=[f"f{i}" for i in range(10)])
    df["label"] = np.where(x[:, 0] + rng.normal(size=80) > 0, "yes", "no")
    raw = {"name": "noisy", "data": {"target": "label", "val_fraction": 0.3, "test_fraction": 0.1},
           "model": {"kind": "mlp", "hidden": [128, 128], "dropout": 0.0},
           "optim": {"lr": 3e-3, "schedule": "constant", "weight_decay": 0.0},
           "train": {**TRAIN, "epochs": 60, "eval_interval": 4, "log_interval": 2}}
    trainer = start_run(C.from_dict(raw), tmp_path, source=df)
    trainer.fit()
    run = read_run(trainer.run_dir.path)
    events = run_events(run.points, 0, run.summary)
    (overfit,) = [e for e in events if e.kind == "overfitting"]
    evals = [p for p in run.points if isinstance(p, EvalPoint)]
    assert overfit.step == min(evals, key=lambda p: p.metrics["loss"]).step
    assert overfit.caption == "overfitting begins"


def _points(lrs: list[float], every: int = 10) -> list[TrainPoint | EvalPoint]:
    return [TrainPoint(step=(i + 1) * every, epoch=0.0, time=0.0, loss=1.0, lr=lr)
            for i, lr in enumerate(lrs)]


def test_a_smooth_decay_is_no_event_but_a_cut_is() -> None:
    cosine = [0.5 * (1 + math.cos(math.pi * i / 50)) for i in range(51)]
    assert run_events(_points(cosine)) == []
    linear = [1 - i / 50 for i in range(51)]
    assert run_events(_points(linear)) == []
    plateau = [1e-3] * 10 + [5e-4] * 10 + [2.5e-4] * 10
    events = run_events(_points(plateau))
    assert [(e.step, e.kind) for e in events] == [(110, "lr_drop"), (210, "lr_drop")]
    assert events[0].caption == "learning rate cut to 0.0005"


def test_warm_up_is_marked_only_once_the_run_got_there() -> None:
    ramp = [i / 10 for i in range(1, 6)]
    assert run_events(_points(ramp), warmup_steps=100) == []  # 50 steps of 100
    events = run_events(_points(ramp + [0.5] * 10), warmup_steps=100)
    assert [(e.step, e.kind) for e in events] == [(100, "warmup")]


def test_the_best_is_the_last_new_best_and_moves_live() -> None:
    evals = [EvalPoint(step=s, epoch=0.0, time=0.0, split="val", metrics={"accuracy": a, "loss": 1.0}, best=b)
             for s, a, b in [(10, 0.5, True), (20, 0.78, True), (30, 0.7, False)]]
    detector = StoryDetector(watch="accuracy")
    assert detector.add(evals[:1]) and detector.best is not None and detector.best.step == 10
    assert detector.add(evals[1:])
    assert detector.best == StoryEvent(20, "best", "best accuracy 78 %")
    summary = {"status": "early_stopped", "steps": 30, "watch": "accuracy",
               "health": [{"code": "stuck", "step": 30}, {"code": "overfitting", "step": 20}, "junk"]}
    kinds = [(e.step, e.kind) for e in run_events(evals, 0, summary)]
    assert kinds == [(20, "best"), (20, "overfitting"), (30, "early_stop")]  # being stuck has no step


def _run(accuracies: list[float], losses: list[float] | None = None) -> list[TrainPoint | EvalPoint]:
    points: list[TrainPoint | EvalPoint] = []
    for i, accuracy in enumerate(accuracies):
        loss = losses[i] if losses else 1.0 - i * 0.01
        points.append(TrainPoint(step=10 * i + 5, epoch=0.0, time=0.0, loss=loss, lr=1e-3))
        points.append(EvalPoint(step=10 * i + 10, epoch=0.0, time=0.0, split="val",
                                metrics={"accuracy": accuracy, "loss": 1.0}))
    return points


def test_the_status_sentence_says_how_the_run_is_doing() -> None:
    assert status_sentence([]) == "Waiting for the first training steps…"
    assert status_sentence(_run([0.52, 0.66, 0.78]), "accuracy") == (
        "The model is learning: validation accuracy 78 %, up from 52 %.")
    assert status_sentence(_run([0.5, 0.8, 0.8, 0.8, 0.8]), "accuracy") == (
        "The model is not improving: validation accuracy has stayed near 80 % for 4 evaluations.")
    assert status_sentence(_run([0.5, 0.8, 0.75, 0.7]), "accuracy") == (
        "The model is getting worse: validation accuracy 70 %, its best was 80 %.")
    assert status_sentence(_run([0.5, 0.4, 0.3], [1.0, 2.0, 9.0]), "accuracy") == (
        "Training has gone wrong: the loss is rising sharply (1 → 9).")
    nan = status_sentence(_run([0.5, 0.4], [1.0, math.nan]), "accuracy")
    assert nan.startswith("Training has gone wrong")
    assert status_sentence(_run([0.52, 0.9]), "accuracy", finished=True) == (
        "Training finished: validation accuracy 90 % (it started at 52 %).")
    # A loss going down is progress too; without evaluations the training loss is the news.
    evals = [EvalPoint(step=10, epoch=0.0, time=0.0, split="val", metrics={"loss": x})
             for x in (3.0, 2.4, 1.9)]
    lm = [p for e in evals for p in (*_points([1e-3]), e)]
    assert status_sentence(lm, "loss") == "The model is learning: validation loss 1.9, down from 3."
    assert status_sentence(_points([1e-3])) == "The model is starting to learn: training loss 1."
