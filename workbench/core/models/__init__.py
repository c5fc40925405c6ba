"""The networks Workbench trains, how to pick and build one, and what it will cost in memory.

Every model is called as ``model(batch, return_attention=False)`` (see docs/CONTRACTS.md).

Memory estimate (:func:`estimate`), for one training step at ``train.batch_size``:

- weights: parameters x 4 bytes (float32; bf16 autocast keeps float32 weights);
- gradients: the same again;
- optimizer state: Adam/AdamW keep two values per weight, RMSprop one (two with momentum),
  SGD one with momentum and none without;
- activations kept for the backward pass, 4 bytes each, at the longest input the data allows
  (``max_length`` (+1 for a CLS), ``block_size``, or features + 1). Per token and block:
  ``(10 + 2 * ff_mult) * d_model`` (LayerNorm inputs and outputs, q/k/v, the attention output,
  the MLP's inner activations before and after GELU, dropout masks); the fused attention keeps no
  (T, T) matrix. Per token: ``4 * d_model`` for embeddings and the final LayerNorm, and for the
  GPT ``2 * vocab_size`` for the logits and their log-softmax. The MLP keeps its input and three
  values per hidden unit (linear, ReLU, dropout). The bag of n-grams keeps the vectors it looked
  up: ``max_length * ngrams * d_model`` per text. Counting masks as floats and ignoring bf16
  makes this an upper bound on what PyTorch keeps, not counting the allocator's slack.
- attention weights where the fused attention cannot avoid them: with attention dropout off a
  CUDA GPU, PyTorch falls back to the explicit path and keeps, per block, the (T, T) weights of
  every head three times (scores, softmax, dropout mask), with one more at the backward's peak
  (measured: 4 GB added for one block of 16 x 4 heads x 2,001 x 2,001 weights on the CPU).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import torch
from torch import nn

from workbench.core.config import ModelConfig, RunConfig
from workbench.core.errors import ConfigError
from workbench.core.models.attention import SelfAttention
from workbench.core.models.bag import NgramBag
from workbench.core.models.gpt import GPT
from workbench.core.models.tabular import MLP, FTTransformer
from workbench.core.models.text_classifier import TransformerClassifier

__all__ = ["GPT", "MLP", "Estimate", "FTTransformer", "ModelSpec", "NgramBag", "SelfAttention",
           "TransformerClassifier", "build_model", "estimate", "format_bytes", "format_count",
           "resolve_kind"]

# the kinds that can learn each task; the first is what "auto" picks
_KINDS_FOR_TASK: dict[str, tuple[str, ...]] = {
    "text_classification": ("bag", "transformer"),
    "language_modeling": ("gpt",),
    "tabular_classification": ("mlp", "ft_transformer"),
    "regression": ("mlp", "ft_transformer"),
}
_BYTES_PER_FLOAT = 4


class ModelSpec(Protocol):
    """Everything the models read from the data pipeline's DataSpec (each model uses a subset)."""

    @property
    def task(self) -> str: ...
    @property
    def vocab_size(self) -> int: ...
    @property
    def classes(self) -> Sequence[str]: ...
    @property
    def max_length(self) -> int: ...
    @property
    def block_size(self) -> int: ...
    @property
    def n_numeric(self) -> int: ...
    @property
    def category_sizes(self) -> Sequence[int]: ...


@dataclass(frozen=True)
class Estimate:
    """Size of a model and the memory one training step needs, in bytes."""

    params: int
    weight_bytes: int
    train_bytes: int


def resolve_kind(model_cfg: ModelConfig, task: str) -> str:
    """The model kind to build for ``task``: ``model_cfg.kind``, or the usual one if it is "auto"."""
    if task not in _KINDS_FOR_TASK:
        raise ValueError(f"unknown task {task!r}; expected one of {', '.join(_KINDS_FOR_TASK)}")
    allowed = _KINDS_FOR_TASK[task]
    if model_cfg.kind == "auto":
        return allowed[0]
    if model_cfg.kind not in allowed:
        # config.validate cannot catch this when the task was "auto" and came from the data
        raise ConfigError([f"[model] kind '{model_cfg.kind}' cannot learn {task.replace('_', ' ')}; "
                           f"use {' or '.join(allowed)} (or auto)"])
    return model_cfg.kind


def build_model(model_cfg: ModelConfig, spec: ModelSpec) -> nn.Module:
    """A freshly initialised model of the resolved kind, sized for ``spec``."""
    kind = resolve_kind(model_cfg, spec.task)
    if kind == "transformer":
        return TransformerClassifier(model_cfg, spec)
    if kind == "bag":
        return NgramBag(model_cfg, spec)
    if kind == "gpt":
        return GPT(model_cfg, spec)
    if kind == "ft_transformer":
        return FTTransformer(model_cfg, spec)
    return MLP(model_cfg, spec)


def estimate(run_cfg: RunConfig, spec: ModelSpec) -> Estimate:
    """Parameter count and memory, from a model built on the meta device (no weights allocated)."""
    with torch.device("meta"):
        model = build_model(run_cfg.model, spec)
    params = sum(p.numel() for p in model.parameters())
    weight_bytes = sum(p.numel() * p.element_size() for p in model.parameters())
    opt = run_cfg.optim
    state_per_weight = {"adam": 2, "adamw": 2, "rmsprop": 1 + (opt.momentum > 0),
                        "sgd": int(opt.momentum > 0)}[opt.name]
    activations = _activation_floats(model, run_cfg.model, spec, run_cfg.train.batch_size)
    attends = isinstance(model, (TransformerClassifier, GPT, FTTransformer))
    if attends and run_cfg.model.dropout > 0 and not _on_cuda(run_cfg.train.device):
        tokens = _tokens(model, run_cfg.model, spec)
        per_matrix = run_cfg.train.batch_size * run_cfg.model.n_heads * tokens * tokens
        activations += (3 * run_cfg.model.n_layers + 1) * per_matrix
    train_bytes = weight_bytes * (2 + state_per_weight) + activations * _BYTES_PER_FLOAT
    return Estimate(params=params, weight_bytes=weight_bytes, train_bytes=train_bytes)


def _activation_floats(model: nn.Module, cfg: ModelConfig, spec: ModelSpec, batch: int) -> int:
    """Values kept for the backward pass of one step; the formula is in the module docstring."""
    if isinstance(model, MLP):
        hidden: list[int] = cfg.hidden  # typed here: ModelConfig declares a bare list
        return batch * (model.width_in + 3 * sum(hidden))
    if isinstance(model, NgramBag):
        return batch * spec.max_length * model.ngrams * cfg.d_model  # the looked-up vectors
    tokens = _tokens(model, cfg, spec)
    per_token = cfg.n_layers * (10 + 2 * cfg.ff_mult) * cfg.d_model + 4 * cfg.d_model
    if isinstance(model, GPT):
        per_token += 2 * spec.vocab_size
    return batch * tokens * per_token


def _tokens(model: nn.Module, cfg: ModelConfig, spec: ModelSpec) -> int:
    """The longest sequence an attention model reads: text tokens, context, or features + CLS."""
    if isinstance(model, TransformerClassifier):
        return spec.max_length + (1 if cfg.pooling == "cls" else 0)
    if isinstance(model, GPT):
        return spec.block_size
    return spec.n_numeric + len(spec.category_sizes) + 1


def _on_cuda(device: str) -> bool:
    """Whether ``[train] device`` trains on a CUDA GPU ("auto" does when there is one)."""
    if device == "auto":
        return bool(torch.cuda.is_available())
    return device.startswith("cuda")


def _human(value: float, units: Sequence[str]) -> str:
    i = 0
    while True:
        # whole numbers in the base unit; one decimal below 10 of any larger unit ("1.2 M", "38 MB")
        text = f"{value:.0f}" if i == 0 or abs(value) >= 9.95 else f"{value:.1f}"
        if abs(float(text)) < 1000 or i == len(units) - 1:
            return f"{text} {units[i]}".rstrip()
        value /= 1000
        i += 1


def format_bytes(n: int) -> str:
    """A byte count in SI units, e.g. "512 B", "1.2 MB", "38 MB"."""
    return _human(n, ("B", "kB", "MB", "GB", "TB"))


def format_count(n: int) -> str:
    """A count with a k/M/B suffix, e.g. "950", "1.2 M", "38 k"."""
    return _human(n, ("", "k", "M", "B", "T"))
