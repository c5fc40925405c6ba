"""A Transformer encoder that reads a padded batch of token ids and classifies each text."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import torch
from torch import Tensor, nn

from workbench.core.config import ModelConfig
from workbench.core.models.blocks import Block, init_weights


class TextSpec(Protocol):
    """What the classifier reads from the data pipeline's DataSpec."""

    @property
    def vocab_size(self) -> int: ...
    @property
    def max_length(self) -> int: ...
    @property
    def classes(self) -> Sequence[str]: ...


NGRAM_BUCKETS = 32768
_PRIME = 1_000_003


def ngram_ids(x: Tensor, n: int, buckets: int = NGRAM_BUCKETS) -> Tensor:
    """Hashed ids (B, L, n-1) in ``[1, buckets)`` of the 2..n-grams starting at each position; 0 where
    they run into padding."""
    ids = []
    h = x.long()
    valid = x != 0  # (B, L)
    for k in range(1, n):
        nxt = torch.nn.functional.pad(x[:, k:], (0, k))  # (B, L): the token k places ahead, 0 past the end
        h = h * _PRIME + nxt + k  # + k keeps bigrams and trigrams apart
        valid = valid & (nxt != 0)
        ids.append(torch.where(valid, 1 + h % (buckets - 1), torch.zeros_like(h)))
    return torch.stack(ids, dim=2)  # (B, L, n-1)


class TransformerClassifier(nn.Module):
    """Token + learned position embeddings, pre-LN blocks, pooling, a linear head.

    Pad id is 0. With ``pooling == "cls"`` a learned CLS vector is put in front of the tokens
    inside the model (the tokenizer has none), so attention maps have the CLS at index 0.
    """

    def __init__(self, cfg: ModelConfig, spec: TextSpec) -> None:
        super().__init__()
        if cfg.pooling not in ("mean", "cls"):
            raise ValueError(f"pooling must be 'mean' or 'cls', got {cfg.pooling!r}")
        self.pooling = cfg.pooling
        self.max_length = spec.max_length
        d = cfg.d_model
        self.wte = nn.Embedding(spec.vocab_size, d)
        self.ngrams = getattr(cfg, "ngrams", 1)
        # fastText-style hashed n-gram embeddings: each position also gets a vector for the pair
        # (and triple) of tokens starting there. Sequence length and attention labels stay per token.
        self.wne = nn.Embedding(NGRAM_BUCKETS, d, padding_idx=0) if self.ngrams > 1 else None
        self.wpe = nn.Embedding(spec.max_length + (1 if self.pooling == "cls" else 0), d)
        # nn.Parameter rather than a vocabulary entry: the tokenizer is shared with data prep and has no CLS
        self.cls = nn.Parameter(torch.zeros(1, 1, d)) if self.pooling == "cls" else None
        self.drop = nn.Dropout(cfg.dropout)
        self.blocks = nn.ModuleList(Block(d, cfg.n_heads, cfg.ff_mult, cfg.dropout, cfg.bias, causal=False)
                                    for _ in range(cfg.n_layers))
        self.ln_f = nn.LayerNorm(d, bias=cfg.bias)
        self.head = nn.Linear(d, len(spec.classes), bias=cfg.bias)
        self.apply(init_weights)
        if self.wne is not None:
            nn.init.zeros_(self.wne.weight[0])  # id 0 = "no n-gram here": contributes nothing
        if self.cls is not None:
            nn.init.normal_(self.cls, std=0.02)

    def forward(self, batch: Mapping[str, Tensor],
                return_attention: bool = False) -> Tensor | tuple[Tensor, Tensor]:
        """``batch["x"]`` (B, L) -> logits (B, n_classes), plus attention (B, layers, nh, T, T) if asked.

        Trailing columns that are padding in every row are dropped first (they change nothing but
        cost time), so T is the longest text in the batch, plus one for the CLS.
        """
        x = batch["x"]
        mask = x != 0  # (B, L) True for real tokens
        tracing: bool = torch.jit.is_tracing()  # type: ignore[no-untyped-call]  # untyped in torch
        if tracing or torch.compiler.is_exporting():
            # an exported graph (core.export) keeps every column: a length read from the data
            # would be frozen into it; the padded columns are masked, so the logits are the same
            L = x.size(1)
        else:
            used = mask.any(dim=0).nonzero()  # (n_used, 1) columns holding a real token in some row
            L = int(used.max()) + 1 if used.numel() else 1  # one device sync, repaid by shorter attention
            x, mask = x[:, :L], mask[:, :L]  # (B, L)
        B = x.size(0)
        if L > self.max_length:
            raise ValueError(f"the batch holds texts of {L} tokens; "
                             f"this model reads at most {self.max_length}")
        # an empty text still needs one key to attend to, or its softmax is 0/0
        mask[:, 0] |= ~mask.any(dim=1)
        h = self.wte(x)  # (B, L, C)
        if self.wne is not None:
            h = h + self.wne(ngram_ids(x, self.ngrams)).sum(dim=2)  # (B, L, n-1, C) -> (B, L, C)
        if self.cls is not None:
            h = torch.cat([self.cls.expand(B, 1, -1), h], dim=1)  # (B, T=L+1, C)
            mask = torch.cat([mask.new_ones(B, 1), mask], dim=1)  # (B, T)
        T = h.size(1)
        h = self.drop(h + self.wpe(torch.arange(T, device=x.device)))  # (B, T, C)
        atts = []
        for block in self.blocks:
            h, att = block(h, mask, return_attention)
            atts.append(att)
        h = self.ln_f(h)
        if self.cls is not None:
            pooled = h[:, 0]  # (B, C)
        else:
            m = mask.unsqueeze(-1).to(h.dtype)  # (B, T, 1)
            pooled = (h * m).sum(dim=1) / m.sum(dim=1)  # (B, C) mean over real tokens only
        logits: Tensor = self.head(self.drop(pooled))  # (B, n_classes)
        if return_attention:
            return logits, torch.stack(atts, dim=1)  # (B, layers, nh, T, T)
        return logits
