"""Models for tables: a plain MLP and the FT-Transformer (Gorishniy et al., 2021).

Both read ``{"x_num": float (B, F), "x_cat": long (B, C)}``, where each categorical column holds
indices into its category list with 0 meaning missing. They return logits (B, n_classes) for
classification and a prediction (B,) for regression.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Protocol

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from workbench.core.config import ModelConfig
from workbench.core.errors import DataError
from workbench.core.models.blocks import Block


class TableSpec(Protocol):
    """What the table models read from the data pipeline's DataSpec."""

    @property
    def task(self) -> str: ...
    @property
    def classes(self) -> Sequence[str]: ...
    @property
    def n_numeric(self) -> int: ...
    @property
    def category_sizes(self) -> Sequence[int]: ...


def _n_outputs(spec: TableSpec) -> int:
    return 1 if spec.task == "regression" else len(spec.classes)


def _check_has_features(spec: TableSpec) -> None:
    if spec.n_numeric + len(spec.category_sizes) == 0:
        raise DataError("the table has no feature columns left to learn from",
                        hint="Give at least one column the role 'numeric' or 'categorical'.")


def _cat_inputs(batch: Mapping[str, Tensor]) -> Tensor:
    # a table without categorical columns may come without "x_cat" at all
    x_cat = batch.get("x_cat")
    # size(0), not len(): a traced graph (core.export) keeps a size read so as a variable, not len()'s
    x_num = batch["x_num"]
    return x_cat if x_cat is not None else x_num.new_zeros(x_num.size(0), 0, dtype=torch.long)


class CategoryEmbeddings(nn.Module):
    """One embedding table per categorical column, stored as a single table with row offsets."""

    offsets: Tensor  # a buffer (registered below): the first row of each column's table

    def __init__(self, category_sizes: Sequence[int], dim: int) -> None:
        super().__init__()
        sizes = list(category_sizes)
        self.embedding = nn.Embedding(sum(sizes), dim)
        # column j's rows start at offsets[j]; derived from the spec, so not saved in checkpoints
        self.register_buffer("offsets", torch.tensor([0, *sizes]).cumsum(0)[:-1], persistent=False)

    def forward(self, x_cat: Tensor) -> Tensor:
        """(B, C) category indices -> (B, C, dim)."""
        out: Tensor = self.embedding(x_cat + self.offsets)
        return out


class MLP(nn.Module):
    """Numbers and embedded categories side by side, through Linear-ReLU-Dropout layers.

    ReLU, as in the MLP baseline of Gorishniy et al. (2021) that this model is measured against.
    """

    def __init__(self, cfg: ModelConfig, spec: TableSpec) -> None:
        super().__init__()
        _check_has_features(spec)
        self.regression = spec.task == "regression"
        # one embedding width for all columns, so they share one table: fastai's rule of thumb for the
        # largest column, capped at 16 since the tables here are small
        largest = max(spec.category_sizes, default=1)
        self.cat_dim = min(16, max(2, round(1.6 * largest ** 0.56)))
        self.categories = CategoryEmbeddings(spec.category_sizes, self.cat_dim)
        width: int = spec.n_numeric + len(spec.category_sizes) * self.cat_dim
        self.width_in = width  # numbers and category embeddings side by side
        layers: list[nn.Module] = []
        for hidden in cfg.hidden:
            layers += [nn.Linear(width, hidden, bias=cfg.bias), nn.ReLU(), nn.Dropout(cfg.dropout)]
            width = hidden
        layers.append(nn.Linear(width, _n_outputs(spec), bias=cfg.bias))
        self.net = nn.Sequential(*layers)

    def forward(self, batch: Mapping[str, Tensor],
                return_attention: bool = False) -> Tensor | tuple[Tensor, None]:
        """Logits (B, n_classes) or predictions (B,); with ``return_attention`` also None (no attention)."""
        x_num = batch["x_num"]  # (B, F)
        cats = self.categories(_cat_inputs(batch))  # (B, C, E)
        x = torch.cat([x_num, cats.flatten(1)], dim=1)  # (B, F + C*E)
        out = self.net(x)  # (B, n_out)
        if self.regression:
            out = out.squeeze(-1)  # (B,)
        return (out, None) if return_attention else out


class NumericTokens(nn.Module):
    """Each numeric feature becomes its own token: ``x_i * W_i + b_i`` with per-feature W_i, b_i."""

    def __init__(self, n_features: int, dim: int) -> None:
        super().__init__()
        self.weight = nn.Parameter(torch.empty(n_features, dim))
        self.bias = nn.Parameter(torch.empty(n_features, dim))
        # the FT-Transformer reference implementation's init, uniform in +-1/sqrt(d)
        bound = 1 / math.sqrt(dim)
        nn.init.uniform_(self.weight, -bound, bound)
        nn.init.uniform_(self.bias, -bound, bound)

    def forward(self, x_num: Tensor) -> Tensor:
        """(B, F) -> (B, F, dim)."""
        return x_num.unsqueeze(-1) * self.weight + self.bias  # (B, F, 1) * (F, dim) -> (B, F, dim)


class FTTransformer(nn.Module):
    """FT-Transformer: one token per feature plus a CLS token, attention between features.

    Token order, which the attention maps follow: [numeric features..., categorical features...,
    CLS]; :meth:`token_names` lists them. Each feature has its own parameters, so no position
    embedding is needed. Deviations from the paper, to share the Workbench block: GELU instead of
    ReGLU in the feed-forward part, and every block (not all but the first) normalises its input.
    """

    def __init__(self, cfg: ModelConfig, spec: TableSpec) -> None:
        super().__init__()
        _check_has_features(spec)
        self.regression = spec.task == "regression"
        self.n_numeric = spec.n_numeric
        self.n_categorical = len(spec.category_sizes)
        d = cfg.d_model
        self.numeric = NumericTokens(spec.n_numeric, d)
        self.categories = CategoryEmbeddings(spec.category_sizes, d)
        self.cls = nn.Parameter(torch.empty(1, 1, d))
        # all feature tokens start on the same scale as the numeric ones, as in the reference code
        for p in (self.categories.embedding.weight, self.cls):
            nn.init.uniform_(p, -1 / math.sqrt(d), 1 / math.sqrt(d))
        self.blocks = nn.ModuleList(Block(d, cfg.n_heads, cfg.ff_mult, cfg.dropout, cfg.bias, causal=False)
                                    for _ in range(cfg.n_layers))
        self.ln_f = nn.LayerNorm(d, bias=cfg.bias)
        self.head = nn.Linear(d, _n_outputs(spec), bias=cfg.bias)

    def forward(self, batch: Mapping[str, Tensor],
                return_attention: bool = False) -> Tensor | tuple[Tensor, Tensor]:
        """Logits (B, n_classes) or predictions (B,), plus attention (B, layers, nh, F+C+1, F+C+1)."""
        x_num = batch["x_num"]  # (B, F)
        B = x_num.size(0)
        tokens = [self.numeric(x_num), self.categories(_cat_inputs(batch)),
                  self.cls.expand(B, 1, -1)]  # (B, F, d), (B, C, d), (B, 1, d)
        h = torch.cat(tokens, dim=1)  # (B, F + C + 1, d)
        atts = []
        for block in self.blocks:
            h, att = block(h, None, return_attention)
            atts.append(att)
        # the paper's head: Linear(ReLU(LayerNorm(CLS)))
        out: Tensor = self.head(F.relu(self.ln_f(h[:, -1])))  # (B, n_out)
        if self.regression:
            out = out.squeeze(-1)  # (B,)
        if return_attention:
            return out, torch.stack(atts, dim=1)  # (B, layers, nh, F+C+1, F+C+1)
        return out

    def token_names(self, spec: object) -> list[str]:
        """Names of the attention tokens in order: numeric columns, categorical columns, then "[CLS]".

        Read from ``spec.feature_names`` (all features, or the numeric ones only, missing-value
        flags included) and ``spec.categorical_columns`` where present; "f<i>" otherwise.
        """
        n_num, n_cat = self.n_numeric, self.n_categorical
        fallback = [f"f{i}" for i in range(n_num + n_cat)]
        names = list(getattr(spec, "feature_names", None) or [])
        if len(names) == n_num + n_cat:
            return [*names, "[CLS]"]
        numeric = names if len(names) == n_num else fallback[:n_num]
        categorical = list(getattr(spec, "categorical_columns", None) or [])
        if len(categorical) != n_cat:
            categorical = fallback[n_num:]
        return [*numeric, *categorical, "[CLS]"]
