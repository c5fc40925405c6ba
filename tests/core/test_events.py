"""The typed run events: what a listener hears is what the run folder keeps and ``read_run`` gives back.

Runs are tiny (width 16, one layer, a few steps on a slice of a bundled dataset).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workbench.core import config as C
from workbench.core.callbacks import Callback
from workbench.core.errors import TrainingError
from workbench.core.events import EvalPoint, RunEnded, RunEvent, RunOutcome, RunStarted, TrainPoint
from workbench.core.history import read_run
from workbench.core.pipeline import start_run
from workbench.core.probe import AttentionProbe
from workbench.core.snapshots import Snapshot
from workbench.core.trainer import Trainer

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread


@pytest.fixture(scope="module")
def lm_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = tmp_path_factory.mktemp("data") / "shakespeare.txt"
    path.write_text((DATASETS / "shakespeare_1mb.txt").read_text(encoding="utf-8")[:5000], encoding="utf-8")
    return str(path)


def config(case: str, lm_text: str, **train: Any) -> C.RunConfig:
    """A tiny char GPT (samples at each evaluation) or a tiny iris MLP: 6 steps, evaluated at 3 and 6."""
    if case == "lm":
        data: dict[str, Any] = {"path": lm_text, "tokenizer": "char", "lowercase": False,
                                "test_fraction": 0.0}
        model: dict[str, Any] = {"kind": "gpt", "d_model": 16, "n_layers": 1, "n_heads": 2, "block_size": 16}
        train = {"batch_size": 4, "eval_batches": 2, "sample_length": 8, **train}
    else:
        data = {"path": str(DATASETS / "iris.csv"), "target": "species"}
        model = {"kind": "mlp", "hidden": [16]}
        train = {"batch_size": 16, "sample_length": 0, **train}
    return C.from_dict({"name": case, "data": data, "model": model, "optim": {"schedule": "constant"},
                        "train": {"device": "cpu", "log_interval": 2, "max_steps": 6, "eval_interval": 3,
                                  **train}})


class Listener(Callback):
    """Keeps every event, in the order published."""

    def __init__(self) -> None:
        self.events: list[RunEvent] = []

    def on_event(self, trainer: Trainer, event: RunEvent) -> None:
        self.events.append(event)

    def points(self) -> list[TrainPoint | EvalPoint]:
        return [e for e in self.events if isinstance(e, (TrainPoint, EvalPoint))]


@pytest.mark.parametrize("case", ["lm", "iris"])
def test_the_run_folder_gives_back_the_events_a_listener_heard(case: str, lm_text: str,
                                                               tmp_path: Path) -> None:
    listener, probe = Listener(), AttentionProbe(every=2)
    trainer = start_run(config(case, lm_text), tmp_path, callbacks=[probe, listener])
    summary = trainer.fit()
    events = listener.events

    started, ended = events[0], events[-1]
    assert isinstance(started, RunStarted) and isinstance(ended, RunEnded)
    assert sum(isinstance(e, (RunStarted, RunEnded)) for e in events) == 2
    assert started.run_dir == str(trainer.run_dir.path) and started.device == "cpu"
    assert (started.step, started.total_steps, started.steps_per_epoch) == (0, 6, trainer.steps_per_epoch)
    assert started.params == summary["params"] > 0 and started.watch == summary["watch"]
    assert started.model_kind == ("gpt" if case == "lm" else "mlp")
    assert started.task == ("language_modeling" if case == "lm" else "tabular_classification")
    assert started.unit == ("tokens" if case == "lm" else "samples")
    assert ended.summary is summary and ended.outcome == RunOutcome.COMPLETED and ended.message == ""

    points = listener.points()
    assert [(type(p), p.step) for p in points] == [(TrainPoint, 2), (EvalPoint, 3), (TrainPoint, 4),
                                                   (TrainPoint, 6), (EvalPoint, 6)]
    evals = [p for p in points if isinstance(p, EvalPoint)]
    assert evals[0].best and all("loss" in p.metrics for p in evals)
    if case == "lm":
        assert all(p.sample for p in evals) and "perplexity" in evals[-1].metrics
    else:
        assert all(p.sample is None for p in evals) and "accuracy" in evals[-1].metrics

    history = read_run(trainer.run_dir.path)
    assert history.points == points  # equal events, samples included
    assert history.summary == summary == json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))
    assert history.task == started.task and history.cfg.name == case

    snapshots = [e.step for e in events if isinstance(e, Snapshot)]
    assert snapshots == ([0, 2, 4, 6] if case == "lm" else [])  # an MLP has no attention to show
    if probe.store is not None:
        assert probe.store.steps() == snapshots


def test_a_failed_run_still_ends_with_its_event_and_keeps_its_points(lm_text: str, tmp_path: Path) -> None:
    class PowerCut(Callback):
        def on_step_end(self, trainer: Trainer, step: int) -> None:
            if step == 5:
                raise RuntimeError("power cut")

    listener = Listener()
    trainer = start_run(config("iris", lm_text, log_interval=1), tmp_path, callbacks=[listener, PowerCut()])
    with pytest.raises(TrainingError, match="power cut") as err:
        trainer.fit()
    ended = listener.events[-1]
    assert isinstance(ended, RunEnded) and ended.outcome == RunOutcome.FAILED
    assert ended.message == str(err.value) == ended.summary["message"]
    points = listener.points()
    assert [p.step for p in points] == [1, 2, 3, 3, 4, 5]
    assert read_run(trainer.run_dir.path).points == points


def test_run_folders_written_before_the_events_still_read(tmp_path: Path, examples_dir: Path) -> None:
    """metrics.jsonl and samples.jsonl lines exactly as earlier versions wrote them."""
    C.save(C.load(examples_dir / "shakespeare.toml"), tmp_path / "config.toml")
    (tmp_path / "data_spec.json").write_text(json.dumps({"task": "language_modeling"}), encoding="utf-8")
    lines = [
        {"kind": "train", "step": 10, "epoch": 0.01, "loss": 4.2, "lr": 0.001, "time": 1.5,
         "tokens_per_s": 900.0},
        {"kind": "eval", "split": "val", "step": 10, "epoch": 0.01, "time": 1.6, "loss": 4.0,
         "perplexity": 54.6, "bpc": 5.77, "best": True},
    ]
    (tmp_path / "metrics.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines) + '{"kind": "tr',
                                            encoding="utf-8")  # a torn last line, as a crash leaves it
    sample = json.dumps({"step": 10, "text": "ROMEO:"})
    (tmp_path / "samples.jsonl").write_text(sample + "\n", encoding="utf-8")
    history = read_run(tmp_path)
    assert history.summary == {} and history.task == "language_modeling"
    assert history.points == [
        TrainPoint(step=10, epoch=0.01, time=1.5, loss=4.2, lr=0.001, items_per_s=900.0, unit="tokens"),
        EvalPoint(step=10, epoch=0.01, time=1.6, split="val",
                  metrics={"loss": 4.0, "perplexity": 54.6, "bpc": 5.77}, best=True, sample="ROMEO:"),
    ]
