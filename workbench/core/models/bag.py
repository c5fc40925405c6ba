"""A fastText-style text classifier: the average of learned vectors for a text's tokens and n-grams.

Joulin et al., "Bag of Tricks for Efficient Text Classification" (2016): each token and each
hashed run of 2..n tokens (word pairs for English, character pairs and triples for Chinese) has a
learned vector; a text is their mean, and a linear layer classifies it. It reads word order only
through the n-grams, trains in seconds and is as good as a bag-of-n-grams logistic regression
because it is one, in a low-rank form. It has no attention to show.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

import torch
from torch import Tensor, nn

from workbench.core.config import ModelConfig
from workbench.core.models.text_classifier import ngram_ids

BUCKETS = 1 << 18  # n-gram vectors: Chinese texts of a few thousand reviews hold ~10^5 distinct pairs


class TextSpec(Protocol):
    """What the classifier reads from the data pipeline's DataSpec."""

    @property
    def vocab_size(self) -> int: ...
    @property
    def max_length(self) -> int: ...
    @property
    def classes(self) -> Sequence[str]: ...


class NgramBag(nn.Module):
    """Mean of token and hashed n-gram embeddings (pad id 0 and n-gram id 0 count for nothing),
    dropout, a linear head.

    ``cfg.ngrams`` is the longest n-gram read (1: tokens alone); ``cfg.d_model`` the vectors' width.
    The n-gram hashes are those of :func:`~workbench.core.models.text_classifier.ngram_ids`, so a
    saved model reads the same ids on any machine.
    """

    def __init__(self, cfg: ModelConfig, spec: TextSpec) -> None:
        super().__init__()
        self.max_length = spec.max_length
        self.ngrams = cfg.ngrams
        d = cfg.d_model
        self.wte = nn.Embedding(spec.vocab_size, d, padding_idx=0)
        self.buckets = BUCKETS
        self.wne = nn.Embedding(self.buckets, d, padding_idx=0) if self.ngrams > 1 else None
        self.drop = nn.Dropout(cfg.dropout)
        self.head = nn.Linear(d, len(spec.classes), bias=cfg.bias)
        # Small vectors to start: the mean of many of them begins near zero, and every n-gram
        # moves its own vector from there (fastText starts them uniform in +-1/d).
        for emb in (self.wte, self.wne):
            if emb is not None:
                nn.init.uniform_(emb.weight, -1.0 / d, 1.0 / d)
                with torch.no_grad():
                    emb.weight[0].zero_()
        nn.init.zeros_(self.head.weight)
        if self.head.bias is not None:
            nn.init.zeros_(self.head.bias)

    def forward(self, batch: Mapping[str, Tensor],
                return_attention: bool = False) -> Tensor | tuple[Tensor, None]:
        """``batch["x"]`` (B, L) -> logits (B, n_classes); with ``return_attention`` also None."""
        x = batch["x"]
        summed = self.wte(x)  # (B, L, C); the pad row is zero
        count = (x != 0).sum(dim=1)  # (B,)
        if self.wne is not None:
            grams = ngram_ids(x, self.ngrams, self.buckets)  # (B, L, n-1)
            summed = summed + self.wne(grams).sum(dim=2)  # (B, L, n-1, C) -> (B, L, C)
            count = count + (grams != 0).sum(dim=(1, 2))
        pooled = summed.sum(dim=1) / count.clamp(min=1).unsqueeze(1).to(summed.dtype)  # (B, C)
        logits: Tensor = self.head(self.drop(pooled))  # (B, n_classes)
        return (logits, None) if return_attention else logits
