"""The training loop as a user meets it: run folders, callbacks, stop/pause, resume, divergence.

Every run here is tiny (width 16, one layer, a few steps on a slice of a bundled dataset) so the
whole file takes seconds on a shared CPU.
"""

from __future__ import annotations

import json
import math
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import torch

from workbench.cli import main as cli_main
from workbench.core import checkpoint as ckpt
from workbench.core import config as C
from workbench.core import outcome
from workbench.core.callbacks import Callback, CancelToken
from workbench.core.errors import TrainingError
from workbench.core.events import EvalPoint, RunEnded, RunEvent, RunStarted, TrainPoint
from workbench.core.pipeline import (
    generate,
    load_run,
    predict_table,
    predict_texts,
    prepare,
    resume_run,
    start_run,
)
from workbench.core.run import RunDir
from workbench.core.trainer import Trainer

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"


pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Small slices of the bundled datasets (the full files would take minutes to train on)."""
    root = tmp_path_factory.mktemp("data")
    out = {"iris": str(DATASETS / "iris.csv"), "wine": str(DATASETS / "wine.csv")}
    for name, file in (("rt", "rt_polarity.csv"), ("zh", "zh_reviews.csv")):
        pd.read_csv(DATASETS / file).sample(200, random_state=0).to_csv(root / file, index=False)
        out[name] = str(root / file)
    text = (DATASETS / "shakespeare_1mb.txt").read_text(encoding="utf-8")[:5000]
    (root / "shakespeare.txt").write_text(text, encoding="utf-8")
    out["lm"] = str(root / "shakespeare.txt")
    return out


TINY_TEXT = {"kind": "transformer", "d_model": 16, "n_layers": 1, "n_heads": 2, "dropout": 0.1}
CASES: dict[str, dict[str, Any]] = {
    "rt_polarity": {
        "data": {"path": "rt", "task": "text_classification", "target": "label", "text_column": "text",
                 "tokenizer": "word", "max_length": 24},
        "model": TINY_TEXT, "train": {"batch_size": 32, "epochs": 1},
        "task": "text_classification", "kind": "transformer", "metric": "accuracy"},
    "zh_reviews": {
        "data": {"path": "zh", "task": "text_classification", "target": "label", "text_column": "text",
                 "tokenizer": "char", "max_length": 32},
        "model": TINY_TEXT, "train": {"batch_size": 32, "epochs": 1},
        "task": "text_classification", "kind": "transformer", "metric": "accuracy"},
    "iris_mlp": {
        "data": {"path": "iris", "target": "species"},
        "model": {"kind": "mlp", "hidden": [16], "dropout": 0.0}, "train": {"batch_size": 16, "epochs": 1},
        "task": "tabular_classification", "kind": "mlp", "metric": "accuracy"},
    "iris_ft": {
        "data": {"path": "iris", "target": "species"},
        "model": {"kind": "ft_transformer", "d_model": 16, "n_layers": 1, "n_heads": 2},
        "train": {"batch_size": 16, "epochs": 1},
        "task": "tabular_classification", "kind": "ft_transformer", "metric": "accuracy"},
    "wine_regression": {
        "data": {"path": "wine", "task": "regression", "target": "alcohol"},
        "model": {"kind": "mlp", "hidden": [16]}, "train": {"batch_size": 16, "epochs": 1},
        "task": "regression", "kind": "mlp", "metric": "r2"},
    "shakespeare_char": {
        "data": {"path": "lm", "tokenizer": "char", "lowercase": False, "val_fraction": 0.1,
                 "test_fraction": 0.0},
        "model": {"kind": "gpt", "d_model": 16, "n_layers": 1, "n_heads": 2, "block_size": 16,
                  "dropout": 0.1},
        "train": {"batch_size": 4, "max_steps": 6, "eval_interval": 3, "eval_batches": 2, "sample_length": 8},
        "task": "language_modeling", "kind": "gpt", "metric": "perplexity"},
}


def make_cfg(paths: dict[str, str], case: str, train: dict | None = None, optim: dict | None = None,
             model: dict | None = None) -> C.RunConfig:
    """A validated config for ``case``, with overrides (the same route as a TOML file)."""
    spec = CASES[case]
    raw = {"name": case,
           "data": {**spec["data"], "path": paths[spec["data"]["path"]]},
           "model": {**spec["model"], **(model or {})},
           "optim": {"schedule": "constant", **(optim or {})},
           "train": {"device": "cpu", "log_interval": 1, "sample_length": 0, **spec["train"],
                     **(train or {})}}
    return C.from_dict(raw)


def records(trainer: Trainer, kind: str) -> list[dict]:
    return [r for r in trainer.run_dir.history() if r["kind"] == kind]


def curve(run_path: Path, kind: str = "train") -> list[tuple[int, float]]:
    return [(r["step"], r["loss"]) for r in RunDir(run_path).history() if r["kind"] == kind]


def all_finite(tensors: dict[str, torch.Tensor]) -> bool:
    return all(bool(torch.isfinite(v.float()).all()) for k, v in tensors.items() if not k.startswith("rng."))


class Recorder(Callback):
    """Writes down every hook call and event as (hook or event, trainer step, detail)."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []

    def on_event(self, trainer: Trainer, event: RunEvent) -> None:
        if isinstance(event, RunStarted):
            self.calls.append(("started", event.step))
        elif isinstance(event, TrainPoint):
            self.calls.append(("log", event.step))
        elif isinstance(event, EvalPoint):
            self.calls.append(("eval_end", event.step, event.best))
        elif isinstance(event, RunEnded):
            self.calls.append(("ended", event.outcome.value))

    def on_fit_start(self, trainer: Trainer) -> None:
        self.calls.append(("fit_start", trainer.step))

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        assert step == trainer.step
        self.calls.append(("step_end", step))

    def on_checkpoint(self, trainer: Trainer, path: str, best: bool) -> None:
        # The file is complete when the hook runs (the UI may open it right away).
        _, meta = ckpt.load_checkpoint(Path(path))
        assert meta["step"] == trainer.step
        self.calls.append(("checkpoint", trainer.step, Path(path).name, best))

    def on_fit_end(self, trainer: Trainer, summary: dict) -> None:
        self.calls.append(("fit_end", summary["status"]))


class At(Callback):
    """Runs ``action(trainer)`` once, at the end of step ``step``."""

    def __init__(self, step: int, action: Any) -> None:
        self.step, self.action = step, action

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        if step == self.step:
            self.action(trainer)


def run_in_thread(trainer: Trainer) -> tuple[threading.Thread, dict]:
    result: dict = {}

    def target() -> None:
        try:
            result["summary"] = trainer.fit()
        except Exception as exc:  # noqa: BLE001 - handed to the test thread, which asserts on it
            result["error"] = exc

    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    return thread, result


# --- one tiny run per task ---------------------------------------------------------------------

@pytest.mark.parametrize("case", list(CASES))
def test_tiny_run_writes_history_summary_and_checkpoints(case: str, paths: dict, tmp_path: Path) -> None:
    spec = CASES[case]
    trainer = start_run(make_cfg(paths, case), tmp_path)
    summary = trainer.fit()
    steps = trainer.total_steps
    assert steps >= 5 and summary["status"] == "completed" and summary["steps"] == steps

    train = records(trainer, "train")
    assert [r["step"] for r in train] == list(range(1, steps + 1))
    assert all(math.isfinite(r["loss"]) and r["lr"] > 0 for r in train)
    evals = records(trainer, "eval")
    assert evals and evals[-1]["step"] == steps and all(r["split"] == "val" for r in evals)
    assert math.isfinite(evals[-1]["loss"]) and spec["metric"] in evals[-1]

    on_disk = json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))
    assert on_disk["status"] == "completed" and on_disk["steps"] == steps
    assert on_disk["task"] == spec["task"] and on_disk["model_kind"] == spec["kind"]
    assert on_disk["device"] == "cpu" and on_disk["wall_time_s"] > 0 and on_disk["params"] > 0
    splits = {"train", "val"} if spec["task"] == "language_modeling" else {"train", "val", "test"}
    for which in ("final", "best"):
        assert set(on_disk[which]) == splits
        for metrics in on_disk[which].values():
            assert math.isfinite(metrics["loss"]) and spec["metric"] in metrics

    tensors, meta = ckpt.load_checkpoint(trainer.run_dir.latest)
    assert meta["step"] == steps and "optimizer" in meta and all_finite(tensors)
    _, best_meta = ckpt.load_checkpoint(trainer.run_dir.best)
    assert best_meta["step"] == on_disk["best_step"]

    # The finished run is usable straight away.
    run = load_run(trainer.run_dir.path)
    if spec["task"] == "text_classification":
        out = predict_texts(run, ["a fine, moving film", "糟糕透了", ""])
    elif spec["task"] == "language_modeling":
        text = generate(run, "First", length=12, seed=0)
        assert text.startswith("First") and len(text) > len("First")
        samples = (trainer.run_dir.path / "samples.jsonl").read_text(encoding="utf-8").splitlines()
        assert len(samples) == len(evals)
        return
    else:
        out = predict_table(run, pd.DataFrame(trainer.data.val_examples))
    for r in out:
        if spec["task"] == "regression":
            assert math.isfinite(r["prediction"])
        else:
            assert r["prediction"] in run.spec.classes
            assert sum(r["probabilities"].values()) == pytest.approx(1.0, abs=1e-5)


# --- callbacks --------------------------------------------------------------------------------

def test_callbacks_come_in_order(paths: dict, tmp_path: Path) -> None:
    # 105 training rows in batches of 35: 3 steps per epoch, evaluated at the end of each epoch.
    rec = Recorder()
    trainer = start_run(make_cfg(paths, "iris_mlp", train={"batch_size": 35, "epochs": 2, "log_interval": 2}),
                        tmp_path, callbacks=[rec])
    trainer.fit()
    evals = {c[1]: c[2] for c in rec.calls if c[0] == "eval_end"}
    assert set(evals) == {3, 6} and evals[3] is True

    def saved(step: int) -> list[tuple]:
        # The best first: the latest records the best step only once that best is on disk.
        out = [("checkpoint", step, "latest.safetensors", False)]
        return [("checkpoint", step, "best.safetensors", True), *out] if evals[step] else out

    assert rec.calls == [
        ("started", 0), ("fit_start", 0),
        ("step_end", 1),
        ("log", 2), ("step_end", 2),
        ("step_end", 3), ("eval_end", 3, evals[3]), *saved(3),
        ("log", 4), ("step_end", 4),
        ("step_end", 5),
        ("log", 6), ("step_end", 6), ("eval_end", 6, evals[6]), *saved(6),
        ("fit_end", "completed"), ("ended", "completed"),
    ]


@pytest.mark.parametrize("hook", ["on_fit_start", "on_step_end", "on_checkpoint", "RunStarted", "TrainPoint",
                                  "EvalPoint"])
def test_an_exception_in_a_callback_fails_the_run_with_its_message(hook: str, paths: dict,
                                                                   tmp_path: Path) -> None:
    def boom(*args: Any) -> None:
        raise RuntimeError(f"boom in {hook}")

    class Broken(Callback):
        def on_event(self, trainer: Trainer, event: RunEvent) -> None:
            if type(event).__name__ == hook:  # an event of this type is the one that fails
                boom()

    if hook.startswith("on_"):
        setattr(Broken, hook, boom)
    rec = Recorder()
    trainer = start_run(make_cfg(paths, "iris_mlp", train={"max_steps": 4, "eval_interval": 2}), tmp_path,
                        callbacks=[Broken(), rec])
    with pytest.raises(TrainingError, match=f"boom in {hook}"):
        trainer.fit()
    summary = json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))
    assert summary["status"] == "failed" and f"boom in {hook}" in summary["message"]
    assert rec.calls[-2:] == [("fit_end", "failed"), ("ended", "failed")]


# --- stop, pause, early stopping, length --------------------------------------------------------

def test_cancel_from_another_thread_stops_after_the_current_step(paths: dict, tmp_path: Path) -> None:
    token = CancelToken()
    reached = threading.Event()

    def hold(trainer: Trainer) -> None:
        # Keep step 3 going until the other thread has pressed Stop, so "within one step" is exact.
        reached.set()
        deadline = time.monotonic() + 10
        while not trainer.cancel.cancelled and time.monotonic() < deadline:
            time.sleep(0.005)

    trainer = start_run(make_cfg(paths, "iris_mlp", train={"epochs": 1000}), tmp_path,
                        callbacks=[At(3, hold)], cancel=token)
    thread, result = run_in_thread(trainer)
    assert reached.wait(20)
    token.cancel()
    thread.join(20)
    assert not thread.is_alive() and "error" not in result
    assert result["summary"]["status"] == "stopped" and result["summary"]["steps"] == 3
    assert json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))["status"] == "stopped"
    tensors, meta = ckpt.load_checkpoint(trainer.run_dir.latest)
    assert meta["step"] == 3 and "optimizer" in meta  # resumable
    for name, value in trainer.model.state_dict().items():
        assert torch.equal(tensors[f"model.{name}"], value)


def test_cancel_releases_a_pause_without_another_step(paths: dict, tmp_path: Path) -> None:
    token = CancelToken()
    trainer = start_run(make_cfg(paths, "iris_mlp", train={"epochs": 1000}), tmp_path,
                        callbacks=[At(2, lambda tr: tr.cancel.pause())], cancel=token)
    thread, result = run_in_thread(trainer)
    deadline = time.monotonic() + 20
    while not token.paused and time.monotonic() < deadline:
        time.sleep(0.01)
    token.cancel()
    thread.join(20)
    assert result["summary"]["status"] == "stopped" and result["summary"]["steps"] == 2


def test_pause_holds_the_steps_until_resume(paths: dict, tmp_path: Path) -> None:
    token = CancelToken()
    paused = threading.Event()

    def pause(trainer: Trainer) -> None:
        trainer.cancel.pause()
        paused.set()

    trainer = start_run(make_cfg(paths, "iris_mlp", train={"max_steps": 5}), tmp_path,
                        callbacks=[At(2, pause)], cancel=token)
    started = time.perf_counter()
    thread, result = run_in_thread(trainer)
    assert paused.wait(20)
    time.sleep(0.5)
    assert trainer.step == 2 and thread.is_alive() and token.paused
    token.resume()
    thread.join(20)
    total = time.perf_counter() - started
    summary = result["summary"]
    assert summary["status"] == "completed" and summary["steps"] == 5
    # Paused time is not training time.
    assert summary["wall_time_s"] < total - 0.3


def test_early_stopping_after_patience_evaluations(paths: dict, tmp_path: Path) -> None:
    # A learning rate too small to change any prediction: accuracy never improves after the first
    # evaluation, so the run stops after `patience` more.
    cfg = make_cfg(paths, "iris_mlp", optim={"lr": 1e-7},
                   train={"epochs": 100, "eval_interval": 2, "early_stopping_patience": 2,
                          "early_stopping_metric": "accuracy"})
    trainer = start_run(cfg, tmp_path)
    summary = trainer.fit()
    assert summary["status"] == "early_stopped"
    assert "no improvement in 2 evaluations of accuracy" in summary["message"]
    assert summary["steps"] == summary["best_step"] + 2 * 2 < trainer.total_steps
    assert [r["best"] for r in records(trainer, "eval")][-2:] == [False, False]
    assert trainer.run_dir.best.exists()
    assert json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))["status"] == "early_stopped"


@pytest.mark.parametrize(("epochs", "max_steps", "steps", "evals_at"), [
    (100, 4, 4, [4]),         # max_steps stops long before the epochs are done
    (2, 0, 14, [7, 14]),      # 0 = the epochs decide: 2 x 7 steps, evaluated after each epoch
    (1, 10, 10, [7, 10]),     # max_steps set: it decides, even past the epochs
])
def test_max_steps_and_epochs(epochs: int, max_steps: int, steps: int, evals_at: list[int],
                              paths: dict, tmp_path: Path) -> None:
    # iris: 105 training rows, batches of 16 -> 7 steps per epoch.
    trainer = start_run(make_cfg(paths, "iris_mlp", train={"epochs": epochs, "max_steps": max_steps}),
                        tmp_path)
    summary = trainer.fit()
    assert trainer.steps_per_epoch == 7
    assert summary["steps"] == summary["total_steps"] == steps
    assert summary["epochs"] == pytest.approx(steps / 7, abs=1e-4)
    assert [r["step"] for r in records(trainer, "eval")] == evals_at


# --- determinism and resume ---------------------------------------------------------------------

def test_same_seed_same_losses_on_the_cpu(paths: dict) -> None:
    def losses(seed: int) -> list[float]:
        cfg = make_cfg(paths, "shakespeare_char", train={"seed": seed, "max_steps": 8})
        rec: list[float] = []

        class Log(Callback):
            def on_event(self, trainer: Trainer, event: RunEvent) -> None:
                if isinstance(event, TrainPoint):
                    rec.append(event.loss)

        Trainer(cfg, data, callbacks=[Log()]).fit()
        return rec

    data = prepare(make_cfg(paths, "shakespeare_char"))
    first = losses(3)
    assert len(first) == 8
    assert losses(3) == first
    assert losses(4) != first


RESUME_CASES = {
    # dropout in the model, and the plateau schedule's state in the checkpoint
    "rt_polarity": {"optim": {"schedule": "plateau", "plateau_patience": 1, "gamma": 0.5},
                    "train": {"max_steps": 12}},
    # random windows of the text, warm-up then cosine
    "shakespeare_char": {"optim": {"schedule": "cosine", "warmup_steps": 3}, "train": {"max_steps": 12}},
    # SGD with momentum (optimizer state) and the step schedule, across epoch boundaries
    "iris_mlp": {"optim": {"name": "sgd", "momentum": 0.9, "nesterov": True, "lr": 0.05,
                           "schedule": "step", "step_size": 4},
                 "train": {"batch_size": 32, "max_steps": 12}},
}


@pytest.fixture(scope="module")
def uninterrupted(paths: dict, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """One uninterrupted run per resume case (shared by its stop and crash variants)."""
    return {case: _resume_run_of(paths, case, tmp_path_factory.mktemp(case)) for case in RESUME_CASES}


def _resume_cfg(paths: dict, case: str) -> C.RunConfig:
    over = RESUME_CASES[case]
    train = {"log_interval": 3, "eval_interval": 4, "checkpoint_interval": 5, "eval_batches": 0,
             "sample_length": 0, **over["train"]}
    return make_cfg(paths, case, train=train, optim=over["optim"])


def _resume_run_of(paths: dict, case: str, out: Path, callbacks: tuple = ()) -> Path:
    trainer = start_run(_resume_cfg(paths, case), out, callbacks=callbacks)
    trainer.fit()
    return trainer.run_dir.path


@pytest.mark.parametrize("how", ["stop", "crash"])
@pytest.mark.parametrize("case", list(RESUME_CASES))
def test_resume_continues_exactly_as_if_never_interrupted(case: str, how: str, paths: dict,
                                                          uninterrupted: dict, tmp_path: Path) -> None:
    """Stopped at step 7 (saved there), or crashed at step 7 (latest checkpoint: step 5, mid-way
    through a logging window): the resumed run logs the very same losses and ends with the same weights."""
    def crash(trainer: Trainer) -> None:
        raise RuntimeError("power cut")

    action = (lambda tr: tr.cancel.cancel()) if how == "stop" else crash
    trainer = start_run(_resume_cfg(paths, case), tmp_path, callbacks=[At(7, action)])
    if how == "stop":
        assert trainer.fit()["status"] == "stopped"
    else:
        with pytest.raises(TrainingError, match="power cut"):
            trainer.fit()
    _, meta = ckpt.load_checkpoint(trainer.run_dir.latest)
    assert meta["step"] == (7 if how == "stop" else 5)

    resumed = resume_run(trainer.run_dir.path)
    assert resumed.step == meta["step"]
    summary = resumed.fit()
    assert summary["status"] == "completed" and summary["steps"] == 12

    reference = uninterrupted[case]
    assert curve(trainer.run_dir.path) == curve(reference)
    assert curve(trainer.run_dir.path, "eval") == curve(reference, "eval")
    mine, _ = ckpt.load_checkpoint(trainer.run_dir.latest)
    theirs, _ = ckpt.load_checkpoint(reference / "checkpoints" / "latest.safetensors")
    assert mine.keys() == theirs.keys()
    for key in mine:
        assert torch.equal(mine[key], theirs[key]), key
    expected = json.loads((reference / "summary.json").read_text(encoding="utf-8"))
    assert summary["best_step"] == expected["best_step"]
    assert summary["final"]["val"]["loss"] == pytest.approx(expected["final"]["val"]["loss"], abs=1e-6)


@pytest.mark.slow
def test_sigkill_mid_save_then_resume_matches_an_uninterrupted_run(paths: dict, tmp_path: Path) -> None:
    """`workbench train` killed with SIGKILL in the middle of writing a checkpoint: the previous
    checkpoint loads, and the resumed run's losses and final weights match an uninterrupted run's."""
    cfg = make_cfg(paths, "iris_ft", train={"max_steps": 120, "checkpoint_interval": 1, "eval_interval": 25,
                                            "num_threads": 1})
    setup = tmp_path / "setup.toml"
    C.save(cfg, setup)
    killed = tmp_path / "killed"
    proc = subprocess.Popen([sys.executable, "-m", "workbench", "train", str(setup), "--out", str(killed),
                             "--quiet"], cwd=Path(__file__).resolve().parents[2],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        run = _kill_while_saving(proc, killed)
    finally:
        if proc.poll() is None:
            proc.kill()
        _, err = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL, err.decode(errors="replace")
    checkpoints = run / "checkpoints"
    assert list(checkpoints.glob(".latest.safetensors.*.tmp")), \
        "the kill missed the save; the test proved nothing"
    _, meta = ckpt.load_checkpoint(checkpoints / "latest.safetensors")
    assert 25 <= meta["step"] < 120

    resumed = resume_run(run)
    assert resumed.step == meta["step"]
    assert resumed.fit()["status"] == "completed"
    cfg.train.checkpoint_interval = 0  # saving draws no random numbers: only the time it takes differs
    reference = start_run(cfg, tmp_path / "reference")
    reference.fit()
    assert curve(run) == curve(reference.run_dir.path)
    assert curve(run, "eval") == curve(reference.run_dir.path, "eval")
    mine, _ = ckpt.load_checkpoint(checkpoints / "latest.safetensors")
    theirs, _ = ckpt.load_checkpoint(reference.run_dir.latest)
    assert all(torch.equal(mine[k], theirs[k]) for k in theirs)


def _kill_while_saving(proc: subprocess.Popen, out: Path) -> Path:
    """SIGKILL ``proc`` as soon as it is writing a checkpoint, some 30 steps into training."""
    deadline = time.monotonic() + 120
    run = None
    while run is None or len(RunDir(run).history()) < 30:
        assert proc.poll() is None and time.monotonic() < deadline, "training ended before the kill"
        run = next(iter(out.iterdir()), None) if out.exists() else None
        time.sleep(0.02)
    checkpoints = run / "checkpoints"
    while not any(checkpoints.glob(".latest.safetensors.*.tmp")):
        assert proc.poll() is None and time.monotonic() < deadline, "no save seen before the end"
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    return run


# --- divergence ---------------------------------------------------------------------------------

def test_a_huge_learning_rate_fails_with_a_plain_message(paths: dict, tmp_path: Path) -> None:
    cfg = make_cfg(paths, "iris_mlp", train={"epochs": 20, "checkpoint_interval": 1})
    cfg.optim.lr = 1e6  # beyond the form's range on purpose: the loop must still cope
    trainer = start_run(cfg, tmp_path)
    with pytest.raises(TrainingError, match="learning rate") as err:
        trainer.fit()
    assert "diverged" in str(err.value) and "Traceback" not in str(err.value)
    summary = json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))
    assert summary["status"] == "failed" and summary["message"] == str(err.value)
    tensors, meta = ckpt.load_checkpoint(trainer.run_dir.latest)
    assert all_finite(tensors) and meta["step"] == summary["steps"]
    assert all(r["loss"] is not None for r in records(trainer, "train"))


def _break_at_step_5(trainer: Trainer, monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    real = trainer.runner.loss

    def loss(model: torch.nn.Module, batch: dict) -> torch.Tensor:
        out = real(model, batch)
        if trainer.step != 4:
            return out
        if how == "nan_loss":
            return out * float("nan")
        # The loss stays finite but its gradient overflows, so the update writes NaN weights.
        out.register_hook(lambda grad: grad * float("inf"))
        return out

    monkeypatch.setattr(trainer.runner, "loss", loss)


@pytest.mark.parametrize(("how", "message"), [("nan_loss", "the loss became nan at step 5"),
                                              ("overflowing_gradient", "the weights became NaN")])
def test_divergence_keeps_the_last_good_checkpoint(how: str, message: str, paths: dict, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = make_cfg(paths, "iris_mlp", train={"epochs": 20, "checkpoint_interval": 1, "eval_interval": 3})
    trainer = start_run(cfg, tmp_path)
    _break_at_step_5(trainer, monkeypatch, how)
    with pytest.raises(TrainingError, match="learning rate") as err:
        trainer.fit()
    assert message in str(err.value)
    summary = json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))
    assert summary["status"] == "failed" and message in summary["message"]
    tensors, meta = ckpt.load_checkpoint(trainer.run_dir.latest)
    assert meta["step"] == 4 and all_finite(tensors)
    assert all(math.isfinite(r["loss"]) for r in records(trainer, "eval"))
    run = load_run(trainer.run_dir.path, which="latest")
    out = predict_table(run, pd.DataFrame(trainer.data.val_examples))
    assert all(math.isfinite(p) for r in out for p in r["probabilities"].values())


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")
def test_cuda_divergence_between_log_steps_keeps_the_last_good_checkpoint(
        paths: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # On a GPU the loss is read only at log steps; an evaluation and a save fall in between.
    cfg = make_cfg(paths, "iris_mlp", train={"epochs": 20, "device": "cuda", "log_interval": 10,
                                             "eval_interval": 3, "checkpoint_interval": 1})
    trainer = start_run(cfg, tmp_path)
    _break_at_step_5(trainer, monkeypatch, "nan_loss")
    with pytest.raises(TrainingError, match="learning rate"):
        trainer.fit()
    tensors, meta = ckpt.load_checkpoint(trainer.run_dir.latest)
    assert meta["step"] == 4 and all_finite(tensors)
    assert all(r["loss"] is not None for r in trainer.run_dir.history())


def test_divergence_before_the_first_checkpoint_says_none_was_kept(paths: dict, tmp_path: Path) -> None:
    cfg = make_cfg(paths, "iris_mlp", train={"epochs": 20, "eval_interval": 1000})
    cfg.optim.lr = 1e6
    trainer = start_run(cfg, tmp_path)
    with pytest.raises(TrainingError, match="no checkpoint had been saved yet") as err:
        trainer.fit()
    assert "learning rate (now 1e+06)" in str(err.value) and "gradient clipping (now 1)" in str(err.value)
    assert not trainer.run_dir.latest.exists()


# --- the end of a run: the summary ------------------------------------------------------------------

class CountEvaluations:
    """Records the splits the runner evaluates: all of them, and those inside ``summarize()``."""

    def __init__(self, trainer: Trainer, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[int, str]] = []
        self.in_summary: list[str] = []
        self._summarizing = False
        evaluate, summarize = trainer.runner.evaluate, trainer.summarize

        def counted_evaluate(model: torch.nn.Module, split: str, *args: Any, **kwargs: Any) -> dict:
            self.calls.append((trainer.step, split))
            if self._summarizing:
                self.in_summary.append(split)
            return evaluate(model, split, *args, **kwargs)

        def counted_summarize() -> dict:
            self._summarizing = True
            try:
                return summarize()
            finally:
                self._summarizing = False

        monkeypatch.setattr(trainer.runner, "evaluate", counted_evaluate)
        monkeypatch.setattr(trainer, "summarize", counted_summarize)


@pytest.mark.parametrize("stop_at", [7, 8, 0])
def test_the_summary_evaluates_each_set_of_weights_once(stop_at: int, paths: dict, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """After the last step or a Stop, the final and the best weights are evaluated on every split,
    but nothing twice: when best.safetensors holds the current weights, or the loop has just gone
    through the whole validation set, those numbers are reused (Stop on big data stays quick)."""
    cfg = make_cfg(paths, "iris_mlp", train={"max_steps": 14, "eval_interval": 7,
                                             "early_stopping_metric": "loss"})
    callbacks = [At(stop_at, lambda tr: tr.cancel.cancel())] if stop_at else []
    trainer = start_run(cfg, tmp_path, callbacks=callbacks)
    counter = CountEvaluations(trainer, monkeypatch)
    summary = trainer.fit()
    step = summary["steps"]
    assert step == (stop_at or 14)
    assert summary["status"] == ("stopped" if stop_at else "completed")
    if stop_at == 8:  # the best weights (step 7) are not the final ones: both are evaluated
        assert sorted(counter.in_summary) == sorted(["train", "val", "test"] * 2)
        assert summary["best"]["val"] == trainer.last_eval  # the same numbers as the loop's at step 7
    else:  # an evaluation at this very step, and (as the first, or improved) it is the best
        assert summary["best_step"] == step
        assert sorted(counter.in_summary) == ["test", "train"]
        assert summary["best"] == summary["final"]
    # Reused numbers are what a fresh evaluation of the final weights gives.
    assert summary["final"]["val"] == trainer.evaluate("val", 0)
    assert summary["final"]["test"] == trainer.evaluate("test", 0)


@pytest.mark.parametrize(("case", "unit", "per_batch"),
                         [("iris_mlp", "rows", 4), ("shakespeare_char", "tokens", 4 * 16)])
def test_after_a_stop_each_split_is_scored_on_a_fixed_sample(case: str, unit: str, per_batch: int,
                                                             paths: dict, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    """Stop returns at once whatever the data's size: the final scoring covers a seeded sample of
    each split sized to a time budget, and the summary says how much; `workbench score RUN` then
    scores every split in full."""
    monkeypatch.setattr(outcome, "STOP_SCORING_S", 1e-9)  # a budget of one batch: every split is larger
    cfg = make_cfg(paths, case, train={"batch_size": 2, "max_steps": 40, "eval_interval": 5,
                                       "eval_batches": 0})
    trainer = start_run(cfg, tmp_path, callbacks=[At(7, lambda tr: tr.cancel.cancel())])
    summary = trainer.fit()
    assert summary["status"] == "stopped" and summary["steps"] == 7
    runner = trainer.runner
    splits = [s for s in ("train", "val", "test") if runner.split_size(s)]
    scoring = summary["scoring"]
    assert scoring == {"sampled": True, "unit": unit, "scored": dict.fromkeys(splits, per_batch),
                       "total": {s: runner.scored(s) for s in splits}}
    assert all(scoring["total"][s] > per_batch for s in splits)
    # The numbers are those of that very sample, for the final and the best (step 5) weights alike.
    assert summary["final"]["val"] == trainer.evaluate("val", 1)
    assert set(summary["best"]) == set(splits) and summary["best_step"] == 5
    assert json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))["scoring"] == scoring

    assert cli_main(["score", str(trainer.run_dir.path)]) == 0
    assert "stopped after 7 steps" in capsys.readouterr().out
    scored = json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))
    assert scored["status"] == "stopped" and scored["steps"] == 7 and not scored["scoring"]["sampled"]
    assert scored["scoring"]["scored"]["val"] == scored["scoring"]["total"]["val"]
    assert scored["final"]["val"]["loss"] == pytest.approx(trainer.evaluate("val", 0)["loss"], rel=1e-6)


def test_a_limited_evaluation_scores_the_same_rows_from_all_over_the_split(paths: dict,
                                                                           tmp_path: Path) -> None:
    # iris is sorted by species; its 15 validation rows too: the first 8 hold no virginica.
    trainer = start_run(make_cfg(paths, "iris_mlp", train={"batch_size": 2, "eval_batches": 2}), tmp_path)
    rows = trainer.runner.sample("val", 2)
    assert rows is not None and len(rows) == 8 and rows.tolist() == sorted(set(rows.tolist()))
    assert torch.equal(rows, trainer.runner.sample("val", 2))  # the same at every evaluation
    classes = trainer.runner.splits["val"]["y"]
    assert len(set(classes[:8].tolist())) < 3 == len(set(classes[rows].tolist()))
    assert trainer.evaluate("val") == trainer.evaluate("val")


def test_a_keyboard_interrupt_still_writes_a_summary(paths: dict, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The CLI's second Ctrl-C: out at once, no evaluation, no save; summary.json says so."""
    def interrupt(trainer: Trainer) -> None:
        raise KeyboardInterrupt

    cfg = make_cfg(paths, "iris_mlp", train={"max_steps": 20, "eval_interval": 3, "checkpoint_interval": 5})
    rec = Recorder()
    trainer = start_run(cfg, tmp_path, callbacks=[At(7, interrupt), rec])
    counter = CountEvaluations(trainer, monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        trainer.fit()
    assert counter.in_summary == []
    summary = json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))
    assert summary["status"] == "interrupted" and summary["steps"] == 7
    assert "final" not in summary and "best" not in summary
    assert "the checkpoint of step 6 is kept" in summary["message"]  # the evaluation at 6 saved it
    assert summary["last_eval"]["step"] == 6 and math.isfinite(summary["last_eval"]["accuracy"])
    assert rec.calls[-2:] == [("fit_end", "interrupted"), ("ended", "interrupted")]
    _, meta = ckpt.load_checkpoint(trainer.run_dir.latest)
    assert meta["step"] == 6
    resumed = resume_run(trainer.run_dir.path)
    assert resumed.fit()["status"] == "completed" and resumed.step == 20


@pytest.mark.parametrize(("make_error", "words"), [
    (lambda: torch.OutOfMemoryError("CUDA out of memory. Tried to allocate 20.00 GiB"),
     "the GPU ran out of memory. Try a smaller batch size, a smaller model or a shorter context "
     "length, or train on the CPU"),
    (lambda: torch.empty(1 << 50, dtype=torch.uint8),  # the CPU allocator's own refusal
     "the computer ran out of memory. Try a smaller batch size"),
    (lambda: ValueError("bad shape"), "ValueError: bad shape"),
])
def test_an_error_in_a_step_fails_the_run_with_advice(
        make_error: Any, words: str, paths: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cfg = make_cfg(paths, "iris_mlp", train={"max_steps": 20, "eval_interval": 3})
    trainer = start_run(cfg, tmp_path)
    real = trainer.runner.loss

    def loss(model: torch.nn.Module, batch: dict) -> torch.Tensor:
        if trainer.step == 4:
            raise make_error()
        return real(model, batch)

    monkeypatch.setattr(trainer.runner, "loss", loss)
    with pytest.raises(TrainingError) as err:
        trainer.fit()
    assert str(err.value).startswith(words)
    summary = json.loads(trainer.run_dir.summary_path.read_text(encoding="utf-8"))
    assert summary["status"] == "failed" and summary["message"] == str(err.value) and summary["steps"] == 4
    assert summary["last_eval"]["step"] == 3
