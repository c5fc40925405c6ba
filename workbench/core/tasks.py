"""Per-task batching, loss and evaluation, so the Trainer loop is the same for every task."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, nullcontext
from typing import TYPE_CHECKING

import numpy as np
import torch
import torch.nn.functional as F

from workbench.core import metrics as M

if TYPE_CHECKING:
    from workbench.core.data.prepare import PreparedData

Batch = dict[str, torch.Tensor]
SAMPLE_SEED = 0  # the seed of the evaluation samples (plus the split's index): fixed, so runs compare
#: Makes the context the forward passes run in (bf16 autocast), or None for none.
Autocast = Callable[[], AbstractContextManager[object]] | None


class TaskRunner:
    """Batches, loss and metrics for one task; splits live on the training device."""

    #: "samples" or "tokens": what throughput is counted in.
    unit = "samples"

    def __init__(self, data: PreparedData, device: torch.device, batch_size: int,
                 block_size: int = 0) -> None:
        self.data = data
        self.spec = data.spec
        self.device = device
        self.batch_size = batch_size
        self.block_size = block_size
        self.splits: dict[str, Batch] = {
            name: {k: v.to(device) for k, v in getattr(data, name).items()}
            for name in ("train", "val", "test")
        }
        self._samples: dict[tuple[str, int], torch.Tensor] = {}
        #: The last evaluation's (split, max_batches, outputs, targets): the end-of-run summary reuses
        #: the test split's outputs for its ROC/PR curves (core.class_predictions) instead of a pass more.
        self.last_outputs: tuple[str, int, torch.Tensor, torch.Tensor] | None = None

    # --- batching -------------------------------------------------------------------------
    def split_size(self, split: str) -> int:
        """Number of examples in ``split``."""
        tensors = self.splits[split]
        return int(next(iter(tensors.values())).shape[0]) if tensors else 0

    def steps_per_epoch(self) -> int:
        """Optimizer steps in one pass over the training split."""
        return max(1, math.ceil(self.split_size("train") / self.batch_size))

    def epoch_batches(self, epoch: int, seed: int, start: int = 0) -> Iterator[Batch]:
        """The training batches of ``epoch`` in a seeded order, from batch index ``start`` on."""
        n = self.split_size("train")
        gen = torch.Generator().manual_seed(seed * 1_000_003 + epoch)
        order = torch.randperm(n, generator=gen).to(self.device)
        train = self.splits["train"]
        for i in range(start * self.batch_size, n, self.batch_size):
            idx = order[i:i + self.batch_size]
            yield {k: v[idx] for k, v in train.items()}

    @property
    def eval_batch_size(self) -> int:
        """Examples per evaluation batch (twice the training batch: no gradients to keep)."""
        return self.batch_size * 2

    def sample(self, split: str, max_batches: int) -> torch.Tensor | None:
        """The examples an evaluation limited to ``max_batches`` batches scores, in order; None for all.

        A fixed, seeded choice spread over the whole split (not its first rows, which a sorted
        file would make all one class): every evaluation limited alike scores the very same
        examples, in this run and in any other run on the same split, so the numbers compare.
        """
        n, k = self.split_size(split), max_batches * self.eval_batch_size
        if not max_batches or k >= n:
            return None
        if (split, k) not in self._samples:
            gen = torch.Generator().manual_seed(SAMPLE_SEED + ("train", "val", "test").index(split))
            chosen = torch.randperm(n, generator=gen)[:k].sort().values
            self._samples[split, k] = chosen.to(self.device)
        return self._samples[split, k]

    def scored(self, split: str, max_batches: int = 0) -> int:
        """How many rows (language models: tokens) an evaluation limited to ``max_batches`` scores."""
        rows = self.sample(split, max_batches)
        return self.split_size(split) if rows is None else len(rows)

    def eval_batches(self, split: str, max_batches: int = 0) -> Iterator[Batch]:
        """Batches over ``split`` in order: all of it, or the ``sample`` of ``max_batches`` batches."""
        tensors = self.splits[split]
        rows = self.sample(split, max_batches)
        n = self.split_size(split) if rows is None else len(rows)
        size = self.eval_batch_size
        for i in range(0, n, size):
            idx = slice(i, i + size) if rows is None else rows[i:i + size]
            yield {k: v[idx] for k, v in tensors.items()}

    def count(self, batch: Batch) -> int:
        """Examples (or tokens) in ``batch``, for throughput."""
        return int(next(iter(batch.values())).shape[0])

    # --- loss and metrics -------------------------------------------------------------------
    def inputs(self, batch: Batch) -> Batch:
        """The model's inputs: the batch without its target."""
        return {k: v for k, v in batch.items() if k != "y"}

    def loss(self, model: torch.nn.Module, batch: Batch) -> torch.Tensor:
        """Mean training loss on ``batch``."""
        out = model(self.inputs(batch))
        return F.cross_entropy(out, batch["y"])

    @torch.no_grad()
    def evaluate(self, model: torch.nn.Module, split: str, max_batches: int = 0,
                 autocast: Autocast = None) -> M.Metrics:
        """Loss and task metrics on ``split`` (model must already be in eval mode)."""
        outs, ys = [], []
        for batch in self.eval_batches(split, max_batches):
            with autocast() if autocast else nullcontext():
                out = model(self.inputs(batch))
            outs.append(out.float())
            ys.append(batch["y"])
        if not outs:
            return {}
        out, y = torch.cat(outs), torch.cat(ys)
        self.last_outputs = (split, max_batches, out, y)
        return self.metrics(out, y)

    def metrics(self, out: torch.Tensor, y: torch.Tensor) -> M.Metrics:
        """Metrics from concatenated outputs and targets."""
        result: M.Metrics = {"loss": float(F.cross_entropy(out, y))}
        result.update(M.classification_metrics(y, out, list(self.spec.classes)))
        return result

    # The metric that picks the best checkpoint when the config says "auto".
    default_watch = "accuracy"


class RegressionRunner(TaskRunner):
    """Regression on standardised targets; metrics reported in the target's own units."""

    default_watch = "loss"

    def loss(self, model: torch.nn.Module, batch: Batch) -> torch.Tensor:
        return F.mse_loss(model(self.inputs(batch)), batch["y"])

    def metrics(self, out: torch.Tensor, y: torch.Tensor) -> M.Metrics:
        result: M.Metrics = {"loss": float(F.mse_loss(out, y))}
        std, mean = float(self.spec.target_std), float(self.spec.target_mean)
        result.update(M.regression_metrics(y * std + mean, out * std + mean))
        return result

    @torch.no_grad()
    def predictions(self, model: torch.nn.Module, split: str, limit: int, seed: int,
                    autocast: Autocast = None) -> tuple[np.ndarray, np.ndarray]:
        """(actual, predicted) in the target's units for a seeded sample of up to ``limit`` rows of
        ``split``, in the split's order (model must already be in eval mode)."""
        n, tensors, size = self.split_size(split), self.splits[split], self.eval_batch_size
        rows = torch.randperm(n, generator=torch.Generator().manual_seed(seed))[:limit].sort().values
        actual, predicted = [], []
        for i in range(0, len(rows), size):
            batch = {k: v[rows[i:i + size].to(v.device)] for k, v in tensors.items()}
            with autocast() if autocast else nullcontext():
                predicted.append(model(self.inputs(batch)).float())
            actual.append(batch["y"].float())
        return (self.spec.destandardise(torch.cat(actual)).cpu().numpy(),
                self.spec.destandardise(torch.cat(predicted)).cpu().numpy())


class LanguageModelRunner(TaskRunner):
    """Next-token prediction over a token stream cut into random windows of ``block_size``."""

    unit = "tokens"
    default_watch = "loss"

    def split_size(self, split: str) -> int:
        # Windows, not tokens: the number of (block_size + 1)-token pieces the split holds.
        ids = self.splits[split].get("ids")
        return 0 if ids is None else max(0, (ids.numel() - 1) // self.block_size)

    def epoch_batches(self, epoch: int, seed: int, start: int = 0) -> Iterator[Batch]:
        ids = self.splits["train"]["ids"]
        steps = self.steps_per_epoch()
        gen = torch.Generator().manual_seed(seed * 1_000_003 + epoch)
        # Random offsets as nanoGPT does: every position can start a window, not just multiples.
        offsets = torch.randint(ids.numel() - self.block_size - 1, (steps, self.batch_size), generator=gen)
        # One host-to-device copy per epoch: a copy per step would stall the GPU every step.
        offsets = offsets.to(self.device)
        arange = torch.arange(self.block_size + 1, device=self.device)
        for s in range(start, steps):
            idx = offsets[s].unsqueeze(1) + arange  # (B, T+1)
            chunk = ids[idx]
            yield {"ids": chunk[:, :-1], "y": chunk[:, 1:]}

    def scored(self, split: str, max_batches: int = 0) -> int:
        return super().scored(split, max_batches) * self.block_size

    def eval_batches(self, split: str, max_batches: int = 0) -> Iterator[Batch]:
        ids = self.splits[split]["ids"]
        rows = self.sample(split, max_batches)
        windows = torch.arange(self.split_size(split), device=ids.device) if rows is None else rows
        starts = windows * self.block_size  # non-overlapping windows, or the sampled ones among them
        arange = torch.arange(self.block_size + 1, device=ids.device)
        size = self.eval_batch_size
        for i in range(0, len(starts), size):
            chunk = ids[starts[i:i + size].unsqueeze(1) + arange]  # (B, T+1)
            yield {"ids": chunk[:, :-1], "y": chunk[:, 1:]}

    def count(self, batch: Batch) -> int:
        return int(batch["ids"].numel())

    def loss(self, model: torch.nn.Module, batch: Batch) -> torch.Tensor:
        logits = model(self.inputs(batch))  # (B, T, V)
        return F.cross_entropy(logits.reshape(-1, logits.size(-1)), batch["y"].reshape(-1))

    @torch.no_grad()
    def evaluate(self, model: torch.nn.Module, split: str, max_batches: int = 0,
                 autocast: Autocast = None) -> M.Metrics:
        total, count = 0.0, 0
        for batch in self.eval_batches(split, max_batches):
            with autocast() if autocast else nullcontext():
                logits = model(self.inputs(batch))
            total += float(F.cross_entropy(logits.float().reshape(-1, logits.size(-1)),
                                           batch["y"].reshape(-1), reduction="sum"))
            count += batch["y"].numel()
        if not count:
            return {}
        loss = total / count
        tokenizer = getattr(self.data, "tokenizer", None)
        char_level = getattr(tokenizer, "kind", "char") == "char"
        return {"loss": loss, **M.lm_metrics(loss, char_level)}


def make_runner(data: PreparedData, device: torch.device, batch_size: int, block_size: int) -> TaskRunner:
    """The runner for ``data.spec.task``."""
    task = data.spec.task
    if task == "language_modeling":
        return LanguageModelRunner(data, device, batch_size, block_size)
    if task == "regression":
        return RegressionRunner(data, device, batch_size)
    return TaskRunner(data, device, batch_size)
