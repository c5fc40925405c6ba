"""The training loop: one for every task, with callbacks, cooperative cancel and pause, resume.

The loop is a plain function of its inputs (config, prepared data, a cancel token), in the style
of Orange's long-running tasks: it reports through callbacks and checks the token between steps,
so the CLI, the desktop worker thread and the tests all drive the very same code.
"""

from __future__ import annotations

import math
import threading
import time
from contextlib import nullcontext
from typing import Any

import torch

from workbench.core import checkpoint as ckpt
from workbench.core.config import RunConfig
from workbench.core.device import describe_device, resolve_device
from workbench.core.errors import TrainingError
from workbench.core.metrics import HIGHER_IS_BETTER, is_improvement
from workbench.core.models import build_model, resolve_kind
from workbench.core.optim import LRSchedule, build_optimizer
from workbench.core.run import RunDir
from workbench.core.tasks import make_runner


class Callback:
    """Trainer hooks; each is a no-op unless overridden. They run on the training thread."""

    def on_fit_start(self, trainer: "Trainer") -> None:
        """Model, optimizer and data are ready; no step has run yet."""

    def on_step_end(self, trainer: "Trainer", step: int) -> None:
        """An optimizer step finished (``trainer.step`` == ``step``). Keep it cheap."""

    def on_log(self, trainer: "Trainer", record: dict) -> None:
        """A training-loss record (every ``log_interval`` steps)."""

    def on_eval_end(self, trainer: "Trainer", record: dict) -> None:
        """A validation evaluation finished; ``record`` holds its metrics."""

    def on_checkpoint(self, trainer: "Trainer", path: str, best: bool) -> None:
        """A checkpoint was written."""

    def on_fit_end(self, trainer: "Trainer", summary: dict) -> None:
        """Training ended (completed, stopped, early-stopped or failed)."""


class CancelToken:
    """Thread-safe stop and pause flags, checked by the loop between steps."""

    def __init__(self) -> None:
        self._cancel = threading.Event()
        self._running = threading.Event()
        self._running.set()

    def cancel(self) -> None:
        """Ask the loop to stop after the current step (also releases a pause)."""
        self._cancel.set()
        self._running.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def pause(self) -> None:
        """Hold the loop before its next step."""
        self._running.clear()

    def resume(self) -> None:
        """Let a paused loop continue."""
        self._running.set()

    @property
    def paused(self) -> bool:
        return not self._running.is_set()

    def wait_if_paused(self) -> float:
        """Block while paused; returns the seconds spent waiting."""
        if self._running.is_set():
            return 0.0
        start = time.perf_counter()
        while not self._running.wait(0.05):
            pass
        return time.perf_counter() - start


_SUMMARY_DROP = ("confusion", "per_class")


def _brief(metrics: dict) -> dict:
    return {k: v for k, v in metrics.items() if k not in _SUMMARY_DROP}


class Trainer:
    """Trains ``cfg``'s model on prepared ``data``; see :meth:`fit`."""

    def __init__(self, cfg: RunConfig, data: Any, *, run_dir: RunDir | None = None,
                 callbacks: list[Callback] | tuple[Callback, ...] = (), cancel: CancelToken | None = None,
                 resume: bool = False) -> None:
        self.cfg = cfg
        self.data = data
        self.run_dir = run_dir
        self.callbacks = list(callbacks)
        self.cancel = cancel or CancelToken()
        self.device = resolve_device(cfg.train.device)
        torch.manual_seed(cfg.train.seed)
        self.model_kind = resolve_kind(cfg.model, data.spec.task)
        self.model = build_model(cfg.model, data.spec).to(self.device)
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
        self.last_eval: dict = {}
        self.last_eval_record: dict = {}  # the last evaluation's record (step, split, metrics)
        self.saved_step: int | None = None  # the step of the latest checkpoint, once there is one
        self.summary: dict | None = None  # set when fit() ends, however it ends
        self.status = "running"
        self.message = ""
        self.use_bf16 = t.bf16 and self.device.type == "cuda"
        # Training-loss sum and count since the last log record; saved in checkpoints so a resumed
        # run's first record averages the same steps as an uninterrupted run's.
        self.log_loss = torch.zeros((), device=self.device)
        self.log_count = 0
        if run_dir is not None and resume:
            self._resume()

    # --- helpers ------------------------------------------------------------------------
    def autocast(self) -> Any:
        """The autocast context for forward passes (bf16 on CUDA when asked)."""
        if self.use_bf16:
            return torch.autocast("cuda", dtype=torch.bfloat16)
        return nullcontext()

    @property
    def epoch(self) -> float:
        """Fractional epochs done."""
        return self.step / self.steps_per_epoch

    def _emit(self, hook: str, *args: Any) -> None:
        for cb in self.callbacks:
            getattr(cb, hook)(self, *args)

    def _resume(self) -> None:
        assert self.run_dir is not None
        tensors, meta = ckpt.load_checkpoint(self.run_dir.latest)
        if meta.get("model_kind") != self.model_kind:
            raise TrainingError(f"the checkpoint is of a '{meta.get('model_kind')}' model, "
                                f"but this config builds '{self.model_kind}'")
        ckpt.restore_model(self.model, tensors, self.run_dir.latest.name)
        ckpt.restore_optimizer(self.optimizer, tensors, meta)
        if "rng.torch" in tensors:
            torch.set_rng_state(tensors["rng.torch"])
        self.schedule.load_state_dict(meta.get("schedule", {}))
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

    def _meta(self) -> dict:
        return {"step": self.step, "epoch": self.epoch, "model_kind": self.model_kind,
                "task": self.data.spec.task, "schedule": self.schedule.state_dict(),
                "best_value": self.best_value, "best_step": self.best_step,
                "bad_evals": self.bad_evals, "elapsed": self.elapsed, "watch": self.watch,
                "log_window": {"loss_sum": float(self.log_loss), "count": self.log_count},
                "metrics": _brief(self.last_eval)}

    def save(self, best: bool = False) -> None:
        """Write the latest (and, if ``best``, the best) checkpoint."""
        if self.run_dir is None:
            return
        ckpt.save_checkpoint(self.run_dir.latest, self.model, self.optimizer, self._meta())
        self.saved_step = self.step
        self._emit("on_checkpoint", str(self.run_dir.latest), False)
        if best:
            ckpt.save_checkpoint(self.run_dir.best, self.model, None, self._meta())
            self._emit("on_checkpoint", str(self.run_dir.best), True)

    # --- evaluation ---------------------------------------------------------------------
    def evaluate(self, split: str = "val", max_batches: int | None = None) -> dict:
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
        tokenizer = self.data.tokenizer
        rng = torch.get_rng_state()
        was_training = self.model.training
        self.model.eval()
        try:
            prompt = torch.tensor([[self.runner.splits["val"]["ids"][0].item()]], device=self.device)
            with self.autocast():
                out = self.model.generate(prompt, length, temperature=0.8, top_k=None)
            return tokenizer.decode(out[0].tolist())
        finally:
            torch.set_rng_state(rng)
            self.model.train(was_training)

    def _evaluate_and_save(self) -> bool:
        """Evaluate on validation, track the best, checkpoint; True when early stopping triggers."""
        metrics = self.evaluate("val") if self.runner.split_size("val") else {}
        metrics = metrics or self.evaluate("train", max_batches=4)
        self.last_eval = metrics
        record = {"kind": "eval", "split": "val", "step": self.step, "epoch": round(self.epoch, 4),
                  "time": round(self.elapsed, 3), **_brief(metrics)}
        self.last_eval_record = record
        if self.data.spec.task == "language_modeling" and self.cfg.train.sample_length:
            sample = self.sample_text(self.cfg.train.sample_length)
            record["sample"] = sample
            if self.run_dir is not None:
                self.run_dir.append({"step": self.step, "text": sample}, "samples.jsonl")
        value = float(metrics.get(self.watch, metrics.get("loss", math.nan)))
        self.schedule.observe(value, lower_is_better=self.watch not in HIGHER_IS_BETTER)
        improved = is_improvement(self.watch, value, self.best_value)
        if improved:
            self.best_value, self.best_step, self.bad_evals = value, self.step, 0
        else:
            self.bad_evals += 1
        record["best"] = improved
        if self.run_dir is not None:
            self.run_dir.append(record)
        self._emit("on_eval_end", record)
        self.save(best=improved)
        patience = self.cfg.train.early_stopping_patience
        return bool(patience and self.bad_evals >= patience)

    # --- the loop -----------------------------------------------------------------------
    def fit(self) -> dict:
        """Train until done, stopped, early-stopped or failed; returns (and writes) the summary.

        Whatever happens, ``summary.json`` is written and ``on_fit_end`` runs: on an exception the
        run is "failed" (raised as ``TrainingError``); on ``KeyboardInterrupt`` (a second Ctrl-C in
        the CLI) it is "interrupted", summed up without the final evaluation, and re-raised.
        """
        try:
            self._emit("on_fit_start")
            self._train()
            if self.status == "running":
                self.status = "completed"
            if self.status == "stopped" and self.run_dir is not None and self._weights_finite():
                self.save()  # keep the last step's weights: Ctrl-C or Stop loses nothing
            summary = self.summarize()
        except KeyboardInterrupt:
            # No save: the interrupt may have landed in the middle of an update.
            self.status = "interrupted"
            self.message = (f"interrupted at step {self.step:,} before the final evaluation; "
                            + self._kept_checkpoint())
            self._finish(self.summarize())
            raise
        except Exception as exc:
            if self.status != "failed":
                self.status = "failed"
                self.message = explain_failure(exc)
            self._finish(self.summarize())
            if isinstance(exc, TrainingError):
                raise
            raise TrainingError(self.message) from exc
        self._finish(summary)
        if self.status == "failed":
            raise TrainingError(self.message)
        return summary

    def _train(self) -> None:
        """The steps: until the end, a stop, early stopping or divergence (``status`` says which)."""
        t = self.cfg.train
        self.model.train()
        start_clock = time.perf_counter() - self.elapsed
        log_items = 0
        log_clock = time.perf_counter()
        check_every_step = self.device.type == "cpu"
        while self.step < self.total_steps and self.status == "running":
            epoch = self.step // self.steps_per_epoch
            offset = self.step - epoch * self.steps_per_epoch
            for batch in self.runner.epoch_batches(epoch, t.seed, offset):
                paused = self.cancel.wait_if_paused()
                start_clock += paused
                log_clock += paused
                if self.cancel.cancelled:
                    self.status = "stopped"
                    break
                lr = self.schedule.apply(self.optimizer, self.step)
                with self.autocast():
                    loss = self.runner.loss(self.model, batch)
                detached = loss.detach()
                # On the CPU reading the loss is free, so a NaN is caught before it is applied;
                # on a GPU that would sync every step, so it is checked at each log step.
                if check_every_step and not math.isfinite(float(detached)):
                    self._diverged(f"the loss became {float(detached)}", self.step + 1)
                    break
                self.optimizer.zero_grad(set_to_none=True)
                loss.backward()
                if self.cfg.optim.grad_clip > 0:
                    torch.nn.utils.clip_grad_norm_(self.model.parameters(), self.cfg.optim.grad_clip)
                self.optimizer.step()
                self.step += 1
                self.log_loss += detached.float()
                self.log_count += 1
                log_items += self.runner.count(batch)
                self.elapsed = time.perf_counter() - start_clock
                if self.step % t.log_interval == 0 or self.step == self.total_steps:
                    mean = float(self.log_loss) / self.log_count
                    if not math.isfinite(mean):
                        self._diverged(f"the loss became {mean}", self.step)
                        break
                    now = time.perf_counter()
                    record = {"kind": "train", "step": self.step, "epoch": round(self.epoch, 4),
                              "loss": mean, "lr": lr, "time": round(self.elapsed, 3),
                              f"{self.runner.unit}_per_s": log_items / max(now - log_clock, 1e-9)}
                    if self.run_dir is not None:
                        self.run_dir.append(record)
                    self._emit("on_log", record)
                    self.log_loss.zero_()
                    self.log_count, log_items, log_clock = 0, 0, now
                self._emit("on_step_end", self.step)
                at_end = self.step >= self.total_steps
                saving = self.step % self.eval_interval == 0 or at_end or bool(
                    t.checkpoint_interval and self.step % t.checkpoint_interval == 0)
                if saving and not self._weights_finite():
                    break
                if self.step % self.eval_interval == 0 or at_end:
                    if self._evaluate_and_save():
                        self.status = "early_stopped"
                        self.message = (f"no improvement in {t.early_stopping_patience} evaluations "
                                        f"of {self.watch}")
                        break
                elif t.checkpoint_interval and self.step % t.checkpoint_interval == 0:
                    self.save()
                if at_end:
                    break

    def _diverged(self, what: str, step: int) -> None:
        self.status = "failed"
        clip = self.cfg.optim.grad_clip
        clipping = f"stronger gradient clipping (now {clip:g})" if clip > 0 else "gradient clipping"
        self.message = (f"{what} at step {step}: training diverged and was stopped; "
                        f"{self._kept_checkpoint()} Try a lower learning rate (now {self.cfg.optim.lr:g}), "
                        f"{clipping}, or a warm-up.")

    def _kept_checkpoint(self) -> str:
        if self.saved_step is None:
            return "no checkpoint had been saved yet."
        return f"the checkpoint of step {self.saved_step:,} is kept."

    def _weights_finite(self) -> bool:
        """True when every weight is finite; otherwise the run is marked failed (diverged)."""
        # Checked before every save so NaN weights never replace the last good checkpoint: a finite
        # loss can still give an overflowing gradient, and off the CPU the loss is read only when
        # logging.
        finite = torch.stack([torch.isfinite(p).all() for p in self.model.parameters()]).all()
        if bool(finite):
            return True
        self._diverged("the weights became NaN or infinite", self.step)
        return False

    def _finish(self, summary: dict) -> None:
        self.summary = summary
        if self.run_dir is not None:
            self.run_dir.write_summary(summary)
        self._emit("on_fit_end", summary)

    def summarize(self) -> dict:
        """Final and best metrics per split, steps, wall time and device."""
        summary: dict = {"status": self.status, "message": self.message, "steps": self.step,
                         "epochs": round(self.epoch, 4), "total_steps": self.total_steps,
                         "wall_time_s": round(self.elapsed, 3), "device": describe_device(str(self.device)),
                         "model_kind": self.model_kind, "task": self.data.spec.task,
                         "params": sum(p.numel() for p in self.model.parameters()),
                         "watch": self.watch, "best_step": self.best_step, "best_value": self.best_value}
        if self.status in ("failed", "interrupted") or self.step == 0:
            # No evaluation: the weights may be broken (or the user wants out); say how far it got.
            if self.last_eval_record:
                summary["last_eval"] = {k: v for k, v in self.last_eval_record.items()
                                        if k not in ("kind", "best", "sample")}
            return summary
        summary["final"] = self._evaluate_splits()
        if self.run_dir is not None and self.run_dir.best.exists():
            if self.best_step == self.step:
                # best.safetensors holds these very weights: the same numbers, at no cost.
                summary["best"] = dict(summary["final"])
            else:
                tensors, _ = ckpt.load_checkpoint(self.run_dir.best)
                current = {k: v.detach().clone() for k, v in self.model.state_dict().items()}
                ckpt.restore_model(self.model, tensors)
                summary["best"] = self._evaluate_splits(reuse_last=False)
                self.model.load_state_dict(current)
        return summary

    def _evaluate_splits(self, reuse_last: bool = True) -> dict:
        """Metrics of the model on every non-empty split (the training split: 20 batches)."""
        # The loop's evaluation at this very step already went through the whole validation set
        # (eval_batches 0): running it again after a stop or at the end would only repeat it.
        last = self.last_eval_record
        fresh = reuse_last and last.get("step") == self.step and not self.cfg.train.eval_batches
        return {s: self.last_eval if fresh and s == "val" else self.evaluate(s, 0 if s != "train" else 20)
                for s in ("train", "val", "test") if self.runner.split_size(s)}


def explain_failure(exc: BaseException) -> str:
    """What went wrong, in words a user can act on (out of memory says what to change)."""
    text = str(exc) or type(exc).__name__
    smaller = "a smaller batch size, a smaller model or a shorter context length"
    if isinstance(exc, torch.cuda.OutOfMemoryError) or "out of memory" in text.lower():
        return f"the GPU ran out of memory. Try {smaller}, or train on the CPU (Device: cpu)."
    if "can't allocate memory" in text:  # the CPU allocator's words
        return f"the computer ran out of memory. Try {smaller}."
    return f"{type(exc).__name__}: {text}"
