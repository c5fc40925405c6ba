"""The training loop: one for every task, with typed events, cooperative cancel and pause, resume.

The loop is a plain function of its inputs (config, prepared data, a cancel token), in the style
of Orange's long-running tasks: it publishes what happens as ``core.events`` records to its
callbacks and checks the token between steps, so the CLI, the desktop worker thread and the tests
all drive the very same code. How a run ended is summed up by ``core.outcome``.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Sequence
from typing import Any

import torch

from workbench.core import checkpoint as ckpt
from workbench.core import live_edit, outcome, precision, runsafety
from workbench.core.baseline import BaselineFitter
from workbench.core.callbacks import Callback, CancelToken
from workbench.core.config import RunConfig
from workbench.core.device import resolve_device
from workbench.core.distributed import Ranks
from workbench.core.errors import TrainingError
from workbench.core.events import (
    EvalPoint,
    RunEnded,
    RunEvent,
    RunOutcome,
    RunStarted,
    TrainPoint,
    metrics_of,
)
from workbench.core.health import HealthMonitor
from workbench.core.metrics import HIGHER_IS_BETTER, is_improvement
from workbench.core.models import GPT, build_model, resolve_kind
from workbench.core.optim import LRSchedule, build_optimizer
from workbench.core.run import RunDir
from workbench.core.tasks import make_runner
from workbench.core.threads import ThreadGovernor


class _Clock:
    """Training time (pauses excluded), and the items counted since the last training point."""

    def __init__(self, elapsed: float) -> None:
        now = time.perf_counter()
        self.start = now - elapsed
        self.window_start = now
        self.items = 0

    def exclude(self, paused: float) -> None:
        """Leave ``paused`` seconds out of the training time and the current rate."""
        self.start += paused
        self.window_start += paused

    def elapsed(self) -> float:
        """Seconds of training so far."""
        return time.perf_counter() - self.start

    def items_per_s(self) -> float:
        """The rate since the previous call (or the start); a new window opens now."""
        now = time.perf_counter()
        rate = self.items / max(now - self.window_start, 1e-9)
        self.items, self.window_start = 0, now
        return rate


class Trainer:
    """Trains ``cfg``'s model on prepared ``data``; see :meth:`fit`."""

    def __init__(self, cfg: RunConfig, data: Any, *, run_dir: RunDir | None = None,
                 callbacks: Sequence[Callback] = (), cancel: CancelToken | None = None,
                 resume: bool = False) -> None:
        self.cfg = cfg
        self.data = data
        self.run_dir = run_dir
        # The health monitor hears every point last, so listeners see a point before its warning.
        self.health = HealthMonitor()
        self.baseline = BaselineFitter(cfg.train.baseline)  # a simple model fitted beside, for comparison
        self.callbacks = [ThreadGovernor(), *callbacks, self.baseline, self.health]  # threads set first
        self.cancel = cancel or CancelToken()
        self.device = resolve_device(cfg.train.device)
        torch.manual_seed(cfg.train.seed)
        self.model_kind = resolve_kind(cfg.model, data.spec.task)
        self.model = build_model(cfg.model, data.spec).to(self.device)
        self.params = sum(p.numel() for p in self.model.parameters())
        self.optimizer = build_optimizer(cfg.optim, self.model)
        self.runner = make_runner(data, self.device, cfg.train.batch_size, cfg.model.block_size)
        self.steps_per_epoch = self.runner.steps_per_epoch()
        t = cfg.train
        self.total_steps = t.max_steps or t.epochs * self.steps_per_epoch
        self.schedule = LRSchedule(cfg.optim, self.total_steps)
        self.eval_interval = t.eval_interval or self.steps_per_epoch
        watch = t.early_stopping_metric
        self.watch = self.runner.default_watch if watch == "auto" else watch
        self.step = 0
        self.best_value: float | None = None
        self.best_step = 0
        self.bad_evals = 0
        self.elapsed = 0.0
        self.last_eval: dict[str, Any] = {}  # the last evaluation's full metrics (confusion matrix included)
        self.last_eval_point: EvalPoint | None = None
        self.saved_step: int | None = None  # the step of the latest checkpoint, once there is one
        self.status = RunOutcome.RUNNING
        self.message = ""
        self.precision = precision.choose(t.precision, t.bf16, self.device)  # fp32, bf16 or fp16 on CUDA
        self.scaler = precision.scaler(self.precision, self.device)  # fp16's loss scaling; else a no-op
        self.forward_model = precision.compiled(self.model, t.compile)  # the training forward passes
        self.ddp: Ranks | None = None  # under torchrun: this rank (it shards the loss; core.distributed)
        # Training-loss sum and count since the last training point; saved in checkpoints so a
        # resumed run's first point averages the same steps as an uninterrupted run's.
        self.log_loss = torch.zeros((), device=self.device)
        self.log_count = 0
        if run_dir is not None and resume:
            self._resume()

    # --- helpers ------------------------------------------------------------------------
    def autocast(self) -> Any:
        """The autocast context for forward passes (bf16 or fp16 on CUDA: ``core.precision``)."""
        return precision.autocast(self.precision, self.device)

    @property
    def epoch(self) -> float:
        """Fractional epochs done."""
        return self.step / self.steps_per_epoch

    def publish(self, event: RunEvent) -> None:
        """Hand ``event`` to every callback's ``on_event``, in order, on this (the training) thread."""
        for cb in self.callbacks:
            cb.on_event(self, event)

    def _emit(self, hook: str, *args: Any) -> None:
        for cb in self.callbacks:
            getattr(cb, hook)(self, *args)

    def _record(self, point: TrainPoint | EvalPoint) -> None:
        """Write ``point`` to the run folder, then publish it."""
        if self.run_dir is not None:
            self.run_dir.write_point(point)
        self.publish(point)

    def _resume(self) -> None:
        assert self.run_dir is not None
        tensors, meta = ckpt.load_checkpoint(self.run_dir.latest)
        if meta.get("model_kind") != self.model_kind:
            raise TrainingError(f"the checkpoint is of a '{meta.get('model_kind')}' model, "
                                f"but this config builds '{self.model_kind}'")
        ckpt.restore_model(self.model, tensors, self.run_dir.latest.name)
        ckpt.restore_optimizer(self.optimizer, tensors, meta)
        ckpt.restore_rng(tensors, self.run_dir.latest.name)
        self.schedule.load_state_dict(meta.get("schedule", {}))  # checked by load_checkpoint
        self.step = int(meta["step"])
        self.saved_step = self.step
        self.best_value = meta.get("best_value")
        self.best_step = int(meta.get("best_step", 0))
        self.bad_evals = int(meta.get("bad_evals", 0))
        self.elapsed = float(meta.get("elapsed", 0.0))
        window = meta.get("log_window") or {}
        self.log_loss.fill_(float(window.get("loss_sum", 0.0)))
        self.log_count = int(window.get("count", 0))
        self.run_dir.truncate_history(self.step)

    def _meta(self) -> dict[str, Any]:
        last = self.last_eval_point
        return {"step": self.step, "epoch": self.epoch, "model_kind": self.model_kind,
                "task": self.data.spec.task, "schedule": self.schedule.state_dict(),
                "best_value": self.best_value, "best_step": self.best_step,
                "bad_evals": self.bad_evals, "elapsed": self.elapsed, "watch": self.watch,
                "log_window": {"loss_sum": float(self.log_loss), "count": self.log_count},
                "metrics": dict(last.metrics) if last is not None else {}}

    def save(self, best: bool = False) -> None:
        """Write the latest (and, if ``best``, first the best) checkpoint: the latest names a best
        step only once that best is on disk, whenever a kill lands (``core.runsafety``)."""
        if self.run_dir is None:
            return
        if best:
            ckpt.save_checkpoint(self.run_dir.best, self.model, None, self._meta())
            self._emit("on_checkpoint", str(self.run_dir.best), True)
        ckpt.save_checkpoint(self.run_dir.latest, self.model, self.optimizer, self._meta())
        self.saved_step = self.step
        self._emit("on_checkpoint", str(self.run_dir.latest), False)

    # --- evaluation ---------------------------------------------------------------------
    def evaluate(self, split: str = "val", max_batches: int | None = None) -> dict[str, Any]:
        """Metrics of the current model on ``split`` (switches to eval mode and back)."""
        was_training = self.model.training
        self.model.eval()
        try:
            limit = self.cfg.train.eval_batches if max_batches is None else max_batches
            return self.runner.evaluate(self.model, split, limit, self.autocast)
        finally:
            self.model.train(was_training)

    def sample_text(self, length: int) -> str:
        """Language models: a short sample, without disturbing the training RNG."""
        model = self.model
        assert isinstance(model, GPT)  # the one language model
        rng = torch.get_rng_state()
        was_training = model.training
        model.eval()
        try:
            prompt = torch.tensor([[self.runner.splits["val"]["ids"][0].item()]], device=self.device)
            with self.autocast():
                out = model.generate(prompt, length, temperature=0.8, top_k=None)
            text: str = self.data.tokenizer.decode(out[0].tolist())
            return text
        finally:
            torch.set_rng_state(rng)
            model.train(was_training)

    def _evaluate_and_save(self) -> None:
        """Evaluate on validation, publish the point, checkpoint; may end the run (early stopping)."""
        metrics = self.evaluate("val") if self.runner.split_size("val") else {}
        metrics = metrics or self.evaluate("train", max_batches=4)
        self.last_eval = metrics
        sample = None
        if self.data.spec.task == "language_modeling" and self.cfg.train.sample_length:
            sample = self.sample_text(self.cfg.train.sample_length)
        improved = self._track_best(metrics)
        point = EvalPoint(step=self.step, epoch=round(self.epoch, 4), time=round(self.elapsed, 3),
                          split="val", metrics=metrics_of(metrics), best=improved, sample=sample)
        self.last_eval_point = point
        self._record(point)
        self.save(best=improved)
        patience = self.cfg.train.early_stopping_patience
        if patience and self.bad_evals >= patience:
            self.status = RunOutcome.EARLY_STOPPED
            self.message = f"no improvement in {patience} evaluations of {self.watch}"

    def _track_best(self, metrics: dict[str, Any]) -> bool:
        """Feed the watched metric to the schedule and the early stopping; True when it improved."""
        value = float(metrics.get(self.watch, metrics.get("loss", math.nan)))
        self.schedule.observe(value, lower_is_better=self.watch not in HIGHER_IS_BETTER)
        improved = is_improvement(self.watch, value, self.best_value)
        if improved:
            self.best_value, self.best_step, self.bad_evals = value, self.step, 0
        else:
            self.bad_evals += 1
        return improved

    # --- the loop -----------------------------------------------------------------------
    def fit(self) -> dict[str, Any]:
        """Train until done, stopped, early-stopped or failed; returns (and writes) the summary.

        Whatever happens, ``summary.json`` is written, ``on_fit_end`` runs and ``RunEnded`` is
        published: on an exception the run is "failed" (raised as ``TrainingError``); on
        ``KeyboardInterrupt`` (a second Ctrl-C in the CLI) it is "interrupted", summed up without
        the final evaluation, and re-raised.
        """
        try:
            self.publish(self._started())
            self._emit("on_fit_start")
            self._train()
            if self.status == RunOutcome.RUNNING:
                self.status = RunOutcome.COMPLETED
            if self.status == RunOutcome.STOPPED and self.run_dir is not None and self._weights_finite():
                self.save()  # keep the last step's weights: Ctrl-C or Stop loses nothing
            summary = self.summarize()
        except KeyboardInterrupt:
            # No save: the interrupt may have landed in the middle of an update (or of a save).
            self.status = RunOutcome.INTERRUPTED
            runsafety.sync_with_disk(self)
            self.message = outcome.interrupted_message(self.step, self.saved_step)
            self._finish(self.summarize())
            raise
        except Exception as exc:
            runsafety.sync_with_disk(self)
            if self.status != RunOutcome.FAILED:
                self.status = RunOutcome.FAILED
                self.message = outcome.explain_failure(exc)
            self._finish(self.summarize())
            if isinstance(exc, TrainingError):
                raise
            raise TrainingError(self.message) from exc
        self._finish(summary)
        if self.status == RunOutcome.FAILED:
            raise TrainingError(self.message)
        return summary

    def _started(self) -> RunStarted:
        return RunStarted(run_dir=str(self.run_dir.path) if self.run_dir is not None else "",
                          task=self.data.spec.task, model_kind=self.model_kind, device=str(self.device),
                          total_steps=self.total_steps, step=self.step, steps_per_epoch=self.steps_per_epoch,
                          params=self.params, unit=self.runner.unit, watch=self.watch)

    def _train(self) -> None:
        """The steps: until the end, a stop, early stopping or divergence (``status`` says which)."""
        self.model.train()
        if self.step >= self.total_steps:
            return
        clock = _Clock(self.elapsed)
        for batch in self._batches():
            clock.exclude(self.cancel.wait_if_paused())
            if self.cancel.cancelled:
                self.status = RunOutcome.STOPPED
            elif self._optimizer_step(batch, clock):
                self._emit("on_step_end", self.step)
                self._evaluate_or_save_when_due()
            if self.status != RunOutcome.RUNNING or self.step >= self.total_steps:
                return

    def _batches(self) -> Iterator[Any]:
        """The batches from the current step on, epoch after epoch (each epoch's order set by the seed)."""
        while True:
            epoch, offset = divmod(self.step, self.steps_per_epoch)
            yield from self.runner.epoch_batches(epoch, self.cfg.train.seed, offset)

    def _optimizer_step(self, batch: Any, clock: _Clock) -> bool:
        """One update on ``batch``, and a training point when one is due; False when it diverged."""
        live_edit.apply_requested(self)  # settings changed while paused take effect from this step
        lr = self.schedule.apply(self.optimizer, self.step)
        with self.autocast():
            loss = self.ddp.loss(batch) if self.ddp else self.runner.loss(self.forward_model, batch)
        detached = loss.detach()
        # On the CPU reading the loss is free, so a NaN is caught before it is applied; on a GPU
        # that would sync every step, so it is checked at each training point.
        if self.device.type == "cpu" and not math.isfinite(float(detached)):
            self._diverged(f"the loss became {float(detached)}", self.step + 1)
            return False
        self.optimizer.zero_grad(set_to_none=True)
        self.scaler.scale(loss).backward()  # type: ignore[no-untyped-call]  # torch leaves it unannotated
        if self.cfg.optim.grad_clip > 0:
            self.scaler.unscale_(self.optimizer)  # fp16: clip the true gradients
            torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg.optim.grad_clip)
        self.scaler.step(self.optimizer)  # fp16: skipped when a gradient overflowed
        self.scaler.update()
        self.step += 1
        self.log_loss += detached.float()
        self.log_count += 1
        clock.items += self.runner.count(batch)
        self.elapsed = clock.elapsed()
        if self.step % self.cfg.train.log_interval == 0 or self.step == self.total_steps:
            return self._log(lr, clock)
        return True

    def _log(self, lr: float, clock: _Clock) -> bool:
        """Record the mean loss since the previous point; False when it is not finite (diverged)."""
        mean = float(self.log_loss) / self.log_count
        if not math.isfinite(mean):
            self._diverged(f"the loss became {mean}", self.step)
            return False
        self._record(TrainPoint(step=self.step, epoch=round(self.epoch, 4), time=round(self.elapsed, 3),
                                loss=mean, lr=lr, items_per_s=clock.items_per_s(), unit=self.runner.unit))
        self.log_loss.zero_()
        self.log_count = 0
        return True

    def _evaluate_or_save_when_due(self) -> None:
        """Evaluate (and checkpoint) every ``eval_interval`` steps and at the end; between
        evaluations, checkpoint every ``checkpoint_interval`` steps. Never with broken weights."""
        t = self.cfg.train
        evaluating = self.step % self.eval_interval == 0 or self.step >= self.total_steps
        saving = bool(t.checkpoint_interval and self.step % t.checkpoint_interval == 0)
        if not (evaluating or saving) or not self._weights_finite():
            return
        if evaluating:
            self._evaluate_and_save()
        else:
            self.save()

    def _diverged(self, what: str, step: int) -> None:
        self.status = RunOutcome.FAILED
        self.message = outcome.divergence_message(what, step, self.cfg.optim, self.saved_step)
        self.health.diverged(self, step)

    def _weights_finite(self) -> bool:
        """True when every weight is finite; otherwise the run is marked failed (diverged)."""
        # Checked before every save so NaN weights never replace the last good checkpoint: a finite
        # loss can still give an overflowing gradient, and off the CPU the loss is read only at
        # training points.
        finite = torch.stack([torch.isfinite(p).all() for p in self.model.parameters()]).all()
        if bool(finite):
            return True
        self._diverged("the weights became NaN or infinite", self.step)
        return False

    def _finish(self, summary: dict[str, Any]) -> None:
        try:
            if self.run_dir is not None:
                self.run_dir.write_summary(summary)
            self._emit("on_fit_end", summary)
            self.publish(RunEnded(summary))
        finally:
            if self.run_dir is not None:
                self.run_dir.unlock()  # the run's writer is done: another may resume it now

    def summarize(self) -> dict[str, Any]:
        """Final and best metrics per split, steps, wall time, device (see ``core.outcome``) and the
        training-health warnings ("health", see ``core.health``)."""
        summary = outcome.summarize(self)
        summary["health"] = self.health.conclude(self, summary)
        summary.update(self.baseline.conclude(self))
        if self.ddp:
            summary.update(self.ddp.describe())  # world_size, devices
        return summary
