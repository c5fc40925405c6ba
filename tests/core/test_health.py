"""Training health: the warnings a user gets when a run goes wrong, and none when it goes right.

Each case trains a tiny model for a second or two: a learning rate of 10, labels shuffled at
random, a target of pure noise, random letters for a language model, a big network on a small
noisy table (it overfits), and healthy runs.
"""

from __future__ import annotations

import contextlib
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from workbench.cli import main
from workbench.core import config as C
from workbench.core.callbacks import Callback
from workbench.core.errors import TrainingError
from workbench.core.events import EvalPoint, HealthWarning, RunEnded, RunEvent, TrainPoint
from workbench.core.examples import list_examples
from workbench.core.health import baseline_of, check_config
from workbench.core.pipeline import prepare, start_run
from workbench.core.trainer import Trainer

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"
EXAMPLES = Path(__file__).resolve().parents[2] / "resources" / "examples"
IRIS = {"path": str(DATASETS / "iris.csv"), "target": "species"}
TRAIN = {"device": "cpu", "batch_size": 16, "sample_length": 0, "num_threads": 1}

pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread


class Listener(Callback):
    """Keeps every event, in the order published."""

    def __init__(self) -> None:
        self.events: list[RunEvent] = []

    def on_event(self, trainer: Trainer, event: RunEvent) -> None:
        self.events.append(event)

    def warnings(self) -> list[HealthWarning]:
        return [e for e in self.events if isinstance(e, HealthWarning)]


def train(tmp_path: Path, raw: dict[str, Any], source: Any = None) -> tuple[Listener, dict[str, Any]]:
    """Train ``raw`` (a config dict) and return what a listener heard and summary.json."""
    listener = Listener()
    trainer = start_run(C.from_dict(raw), tmp_path, callbacks=[listener], source=source)
    with contextlib.suppress(TrainingError):  # a failed run still writes its summary
        trainer.fit()
    return listener, json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))


def iris_config(**optim: Any) -> dict[str, Any]:
    return {"name": "iris", "data": IRIS, "model": {"kind": "mlp", "hidden": [32, 32], "dropout": 0.0},
            "optim": {"lr": 0.01, "schedule": "constant", **optim}, "train": {**TRAIN, "epochs": 30}}


def test_a_healthy_run_gets_no_warning(tmp_path: Path) -> None:
    listener, summary = train(tmp_path, iris_config())
    assert summary["status"] == "completed" and summary["final"]["val"]["accuracy"] > 0.8
    assert listener.warnings() == [] and summary["health"] == []
    assert check_config(C.from_dict(iris_config())) == []


def test_a_learning_rate_of_10_is_flagged_before_and_diverges_during_training(tmp_path: Path) -> None:
    raw = iris_config(lr=10.0)
    (before,) = check_config(C.from_dict(raw))
    assert before.code == "lr_high" and before.setting == "optim.lr" and before.step == 0
    assert "10" in before.message and "AdamW" in before.message and "0.001" in before.advice

    listener, summary = train(tmp_path, raw)
    warnings = listener.warnings()
    assert [w.code for w in warnings] == ["diverging"]  # at chance too, but the divergence is the cause
    (diverging,) = warnings
    assert diverging.severity == "serious" and "learning rate (now 10), for example to 1;" in diverging.advice
    # It began where the loss first went past three times its start, and was said once it stayed there.
    train_points = [e for e in listener.events if isinstance(e, TrainPoint)]
    start = min(train_points[0].loss, math.log(3))
    first_high = next(p for p in train_points if p.loss > 3 * start)
    assert diverging.step == first_high.step
    assert summary["health"] == [diverging.to_record()]
    # Listeners hear the point that showed it before the warning, and the warning before the end.
    position = listener.events.index(diverging)
    assert isinstance(listener.events[position - 1], TrainPoint) and isinstance(listener.events[-1], RunEnded)


def test_a_loss_that_becomes_nan_is_named_plainly(tmp_path: Path) -> None:
    raw = iris_config(name="sgd", lr=10.0, grad_clip=0.0, momentum=0.99)
    raw["train"]["epochs"] = 50
    listener, summary = train(tmp_path, raw)
    assert summary["status"] == "failed"
    (warning,) = listener.warnings()
    assert warning.code == "diverging" and "NaN" in warning.message
    assert "Lower the learning rate" in warning.advice
    assert summary["health"] == [warning.to_record()]
    assert [w.code for w in check_config(C.from_dict(raw))] == ["lr_high"]  # SGD's limit is 1


def test_shuffled_labels_are_stuck_at_chance(tmp_path: Path) -> None:
    df = pd.read_csv(DATASETS / "iris.csv")
    df["species"] = df["species"].sample(frac=1, random_state=0).to_numpy()
    raw = iris_config()
    raw["data"] = {"target": "species"}
    listener, summary = train(tmp_path, raw, source=df)
    (stuck,) = listener.warnings()
    assert stuck.code == "stuck" and stuck.severity == "serious"
    assert stuck.step >= summary["total_steps"] / 2  # judged from half-way on, never earlier
    assert "'species'" in stuck.message and "chance" in stuck.message and "target" in stuck.advice
    assert summary["health"] == [stuck.to_record()]


def test_a_big_model_on_a_small_noisy_table_overfits(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 10))
    df = pd.DataFrame(x, columns=[f"f{i}" for i in range(10)])
    df["label"] = np.where(x[:, 0] + rng.normal(size=80) > 0, "yes", "no")  # one weak signal, much noise
    raw = {"name": "noisy", "data": {"target": "label", "val_fraction": 0.3, "test_fraction": 0.1},
           "model": {"kind": "mlp", "hidden": [128, 128], "dropout": 0.0},
           "optim": {"lr": 3e-3, "schedule": "constant", "weight_decay": 0.0},
           "train": {**TRAIN, "epochs": 60, "eval_interval": 4, "log_interval": 2}}
    listener, summary = train(tmp_path, raw, source=df)
    (warning,) = listener.warnings()
    assert warning.code == "overfitting" and warning.severity == "caution"
    # It carries the step of the lowest validation loss before it; the loss rose at each of the last
    # three evaluations before the warning, and training went on learning meanwhile.
    events = listener.events
    before = events[:events.index(warning)]
    evals = [e for e in before if isinstance(e, EvalPoint)]
    lowest = min(evals, key=lambda e: e.metrics["loss"])
    assert warning.step == lowest.step < evals[-1].step
    losses = [e.metrics["loss"] for e in evals[-4:]]
    assert losses == sorted(losses) and len(set(losses)) == 4 and losses[-1] > 1.05 * lowest.metrics["loss"]
    train_losses = [(e.step, e.loss) for e in before if isinstance(e, TrainPoint)]
    assert train_losses[-1][1] < next(loss for step, loss in train_losses if step >= lowest.step)
    assert summary["health"] == [warning.to_record()]


def test_the_cli_prints_the_warnings_before_during_and_after_the_run(capsys: pytest.CaptureFixture[str],
                                                                     tmp_path: Path) -> None:
    settings = ["optim.lr=10", "train.epochs=10", "train.num_threads=1", "train.device='cpu'"]
    code = main(["train", str(EXAMPLES / "iris.toml"), *(a for s in settings for a in ("--set", s)),
                 "--out", str(tmp_path), "--quiet"])
    out, err = capsys.readouterr()
    assert code == 0, err
    warnings = [line for line in err.splitlines() if line.startswith("warning: ")]
    assert len(warnings) == 2
    assert "unusually high for AdamW" in warnings[0] and "rose far above" in warnings[1]
    assert err.index(warnings[0]) < err.index("run folder:") < err.index(warnings[1])  # one before training
    lines = out.splitlines()
    assert lines[0].startswith("completed after") and lines[-1].startswith("summary: ")
    assert lines[1].startswith("baseline: ")  # the simple model's score beside the run's (core.baseline)
    assert lines[2:-1] == [warnings[1]]  # the run's warnings follow the scores
    (run,) = tmp_path.iterdir()
    health = json.loads((run / "summary.json").read_text(encoding="utf-8"))["health"]
    assert [h["code"] for h in health] == ["diverging"]
    assert warnings[1] == f"warning: {HealthWarning.from_record(health[0]).text}"


def test_a_warning_goes_to_summary_json_and_back() -> None:
    warning = HealthWarning("overfitting", "caution", 120, "The validation loss rose.", "Stop earlier.")
    record = json.loads(json.dumps(warning.to_record()))
    assert record == {"code": "overfitting", "severity": "caution", "step": 120,
                      "message": "The validation loss rose.", "advice": "Stop earlier."}
    assert HealthWarning.from_record(record) == warning
    setting = HealthWarning("lr_high", "caution", 0, "High.", "Lower it.", setting="optim.lr")
    assert HealthWarning.from_record(setting.to_record()) == setting


def test_chance_level_comes_from_the_training_split() -> None:
    data = prepare(C.from_dict({"data": IRIS}))
    base = baseline_of(data, eval_size=30)
    counts = np.bincount(data.train["y"].numpy())
    shares = counts / counts.sum()
    assert base.majority == pytest.approx(shares.max())
    assert base.chance_loss == pytest.approx(-(shares * np.log(shares)).sum())
    assert base.untrained_loss == pytest.approx(math.log(3)) and base.target == "'species'"


@pytest.mark.parametrize("name, lr, warned", [("adamw", 0.01, False), ("adamw", 0.03, True),
                                              ("adam", 0.5, True), ("rmsprop", 1e-3, False),
                                              ("sgd", 0.5, False), ("sgd", 2.0, True)])
def test_the_learning_rate_limit_depends_on_the_optimizer(name: str, lr: float, warned: bool) -> None:
    cfg = C.from_dict({"optim": {"name": name, "lr": lr}})
    assert bool(check_config(cfg)) == warned


def test_no_bundled_example_has_a_learning_rate_warning() -> None:
    examples = list_examples()
    assert len(examples) >= 6
    assert {e.name: [w.code for w in check_config(C.load(e.path))] for e in examples} == \
        {e.name: [] for e in examples}


def test_a_regression_on_noise_is_stuck_and_one_on_a_signal_is_not(tmp_path: Path) -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=(300, 4))
    targets = {"signal": 3 * x[:, 0] + x[:, 1] + rng.normal(scale=0.3, size=300),
               "noise": rng.normal(size=300)}
    found: dict[str, list[str]] = {}
    for name, y in targets.items():
        df = pd.DataFrame(x, columns=list("abcd")).assign(price=y)
        raw = {"name": name, "data": {"target": "price", "task": "regression"},
               "model": {"kind": "mlp", "hidden": [32]}, "train": {**TRAIN, "batch_size": 32, "epochs": 30}}
        listener, summary = train(tmp_path, raw, source=df)
        found[name] = [w.code for w in listener.warnings()]
        assert summary["health"] == [w.to_record() for w in listener.warnings()]
    assert found == {"signal": [], "noise": ["stuck"]}


def test_a_language_model_on_random_letters_is_stuck(tmp_path: Path) -> None:
    """Letters drawn at random: nothing to learn beyond how common each one is."""
    rng = np.random.default_rng(0)
    path = tmp_path / "random.txt"
    path.write_text("".join(rng.choice(list("abcdefgh "), size=6000, p=[0.2] + [0.1] * 8)), encoding="utf-8")
    raw = {"name": "lm", "data": {"path": str(path), "tokenizer": "char", "test_fraction": 0.0},
           "model": {"kind": "gpt", "d_model": 16, "n_layers": 1, "n_heads": 2, "block_size": 16},
           "train": {**TRAIN, "batch_size": 8, "max_steps": 80, "eval_interval": 20, "eval_batches": 4}}
    listener, _ = train(tmp_path, raw)
    (stuck,) = listener.warnings()
    assert stuck.code == "stuck" and "the next character" in stuck.message and stuck.step >= 40
