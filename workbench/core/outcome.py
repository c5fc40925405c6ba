"""How a run ended, in numbers and in words: the summary (summary.json) and the failure messages."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, Any

import torch

from workbench.core import checkpoint as ckpt
from workbench.core import class_predictions, results
from workbench.core.device import describe_device
from workbench.core.events import RunOutcome

if TYPE_CHECKING:
    from workbench.core.config import OptimConfig
    from workbench.core.trainer import Trainer


STOP_SCORING_S = 0.8  # the final scoring after a Stop: seconds for every split and both checkpoints
TRAIN_BATCHES = 20  # the training split is scored on a sample of this many batches
TIMING_S = 0.05  # how long the batches timed to size the sample after a Stop take, at least
SPLITS = ("train", "val", "test")


def summarize(trainer: Trainer, sample: bool | None = None) -> dict[str, Any]:
    """Final and best metrics per split, steps, wall time and device.

    After a Stop (or with ``sample`` True) each split is scored on a fixed, seeded sample sized to
    take about ``STOP_SCORING_S`` in all, so Stop returns within seconds whatever the data's size
    (``TaskRunner.sample``: a larger sample holds every example of a smaller one, and the final
    and best weights are scored on the same one); ``summary["scoring"]`` says how many rows or
    tokens of each split were scored. Otherwise (or with ``sample`` False) validation and test are
    scored in full, the training split on ``TRAIN_BATCHES`` batches.
    """
    summary: dict[str, Any] = {
        "status": trainer.status.value, "message": trainer.message, "steps": trainer.step,
        "epochs": round(trainer.epoch, 4), "total_steps": trainer.total_steps,
        "wall_time_s": round(trainer.elapsed, 3), "device": describe_device(str(trainer.device)),
        "model_kind": trainer.model_kind, "task": trainer.data.spec.task, "params": trainer.params,
        "watch": trainer.watch, "best_step": trainer.best_step, "best_value": trainer.best_value}
    if trainer.status in (RunOutcome.FAILED, RunOutcome.INTERRUPTED) or trainer.step == 0:
        # No evaluation: the weights may be broken (or the user wants out); say how far it got.
        last = trainer.last_eval_point
        if last is not None:
            summary["last_eval"] = {"split": last.split, "step": last.step, "epoch": last.epoch,
                                    "time": last.time, **last.metrics}
        return summary
    run_dir = trainer.run_dir
    other_best = run_dir is not None and run_dir.best.exists() and trainer.best_step != trainer.step
    sampled = trainer.status == RunOutcome.STOPPED if sample is None else sample
    limits = _limits(trainer, 2 if other_best else 1, sampled)
    summary["scoring"] = _scoring(trainer, limits)
    summary["final"] = _evaluate_splits(trainer, limits)
    predictions = {"final": results.prediction_sample(trainer)}
    classified = {"final": class_predictions.collect(trainer, limits)}
    if run_dir is not None and run_dir.best.exists():
        if not other_best:
            # best.safetensors holds these very weights: the same numbers, at no cost.
            summary["best"] = dict(summary["final"])
        else:
            tensors, _ = ckpt.load_checkpoint(run_dir.best)
            current = {k: v.detach().clone() for k, v in trainer.model.state_dict().items()}
            ckpt.restore_model(trainer.model, tensors)
            summary["best"] = _evaluate_splits(trainer, limits, reuse_last=False)
            predictions["best"] = results.prediction_sample(trainer)
            classified["best"] = class_predictions.collect(trainer, limits)
            trainer.model.load_state_dict(current)
    results.attach(summary, trainer, predictions)
    class_predictions.attach(summary, classified, run_dir.path if run_dir is not None else None)
    return summary


def _limits(trainer: Trainer, checkpoints: int, sampled: bool) -> dict[str, int]:
    """Batches to score of each non-empty split (0: all of it)."""
    splits = [s for s in SPLITS if trainer.runner.split_size(s)]
    if not sampled:
        return {s: TRAIN_BATCHES if s == "train" else 0 for s in splits}
    batch_s = _batch_seconds(trainer, splits[0])
    per_weights = STOP_SCORING_S / checkpoints
    train = min(TRAIN_BATCHES, max(1, int(per_weights / len(splits) / batch_s)))
    # What the training split's few batches leave goes to validation and test.
    others = max(1, int((per_weights - train * batch_s) / max(len(splits) - 1, 1) / batch_s))
    return {s: train if s == "train" else others for s in splits}


def _batch_seconds(trainer: Trainer, split: str) -> float:
    """What one evaluation batch costs here: forward passes over ``split``'s batches, timed.

    A guess from the training speed can be several times off, and so can the first batch alone
    (first-call overhead): batches run until ``TIMING_S`` has passed or the split is done.
    """
    runner, model = trainer.runner, trainer.model
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad(), trainer.autocast():
            batches, start = 0, time.perf_counter()
            for batch in runner.eval_batches(split):
                model(runner.inputs(batch))
                batches += 1
                if time.perf_counter() - start >= TIMING_S:
                    break
            return (time.perf_counter() - start) / max(batches, 1)
    finally:
        model.train(was_training)


def _scoring(trainer: Trainer, limits: dict[str, int]) -> dict[str, Any]:
    """How much of each split the final scoring covers, for ``summary["scoring"]``."""
    runner = trainer.runner
    scored = {s: runner.scored(s, n) for s, n in limits.items()}
    total = {s: runner.scored(s) for s in limits}
    return {"sampled": any(scored[s] < total[s] for s in limits if s != "train"),
            "unit": "tokens" if runner.unit == "tokens" else "rows", "scored": scored, "total": total}


def _evaluate_splits(trainer: Trainer, limits: dict[str, int],
                     reuse_last: bool = True) -> dict[str, dict[str, Any]]:
    """Metrics of the model on every non-empty split, each limited to ``limits[split]`` batches."""
    # The loop's evaluation at this very step may have scored just these validation examples:
    # running it again after a stop or at the end would only repeat it.
    last, runner = trainer.last_eval_point, trainer.runner
    fresh = (reuse_last and last is not None and last.step == trainer.step and "val" in limits
             and runner.scored("val", limits["val"]) == runner.scored("val", trainer.cfg.train.eval_batches))
    return {s: trainer.last_eval if fresh and s == "val" else trainer.evaluate(s, n)
            for s, n in limits.items()}


def kept_checkpoint(saved_step: int | None) -> str:
    """Which checkpoint a run that ended badly leaves behind."""
    if saved_step is None:
        return "no checkpoint had been saved yet."
    return f"the checkpoint of step {saved_step:,} is kept."


def divergence_message(what: str, step: int, optim: OptimConfig, saved_step: int | None) -> str:
    """Why a diverged run stopped, what it kept, and what to change."""
    clipping = (f"stronger gradient clipping (now {optim.grad_clip:g})" if optim.grad_clip > 0
                else "gradient clipping")
    return (f"{what} at step {step}: training diverged and was stopped; {kept_checkpoint(saved_step)} "
            f"Try a lower learning rate (now {optim.lr:g}), {clipping}, or a warm-up.")


def interrupted_message(step: int, saved_step: int | None) -> str:
    """What a run cut short (the CLI's second Ctrl-C) leaves behind."""
    return f"interrupted at step {step:,} before the final evaluation; {kept_checkpoint(saved_step)}"


def explain_failure(exc: BaseException) -> str:
    """What went wrong, in words a user can act on (out of memory says what to change)."""
    text = str(exc) or type(exc).__name__
    smaller = "a smaller batch size, a smaller model or a shorter context length"
    if isinstance(exc, torch.cuda.OutOfMemoryError) or "out of memory" in text.lower():
        return f"the GPU ran out of memory. Try {smaller}, or train on the CPU (Device: cpu)."
    if "can't allocate memory" in text:  # the CPU allocator's words
        return f"the computer ran out of memory. Try {smaller}."
    return f"{type(exc).__name__}: {text}"
