"""How a run ended, in numbers and in words: the summary (summary.json) and the failure messages."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import torch

from workbench.core import checkpoint as ckpt
from workbench.core.device import describe_device
from workbench.core.events import RunOutcome

if TYPE_CHECKING:
    from workbench.core.config import OptimConfig
    from workbench.core.trainer import Trainer


def summarize(trainer: Trainer) -> dict[str, Any]:
    """Final and best metrics per split, steps, wall time and device."""
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
    summary["final"] = _evaluate_splits(trainer)
    run_dir = trainer.run_dir
    if run_dir is not None and run_dir.best.exists():
        if trainer.best_step == trainer.step:
            # best.safetensors holds these very weights: the same numbers, at no cost.
            summary["best"] = dict(summary["final"])
        else:
            tensors, _ = ckpt.load_checkpoint(run_dir.best)
            current = {k: v.detach().clone() for k, v in trainer.model.state_dict().items()}
            ckpt.restore_model(trainer.model, tensors)
            summary["best"] = _evaluate_splits(trainer, reuse_last=False)
            trainer.model.load_state_dict(current)
    return summary


def _evaluate_splits(trainer: Trainer, reuse_last: bool = True) -> dict[str, dict[str, Any]]:
    """Metrics of the model on every non-empty split (the training split: 20 batches)."""
    # The loop's evaluation at this very step already went through the whole validation set
    # (eval_batches 0): running it again after a stop or at the end would only repeat it.
    last = trainer.last_eval_point
    fresh = (reuse_last and last is not None and last.step == trainer.step
             and not trainer.cfg.train.eval_batches)
    return {s: trainer.last_eval if fresh and s == "val" else trainer.evaluate(s, 0 if s != "train" else 20)
            for s in ("train", "val", "test") if trainer.runner.split_size(s)}


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
