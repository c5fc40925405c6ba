"""A language model's simple reference: each token predicted from the one before it, by counting.

Bigram counts of the training tokens, interpolated with add-one unigram counts (so no token has
probability 0), scored on exactly the tokens the run's evaluation scores: the targets of the
split's non-overlapping ``block_size`` windows (``core.tasks.LanguageModelRunner``), each after
the token before it. The weight of the bigrams is the best of a few on validation.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import numpy as np

from workbench.core import metrics as M

if TYPE_CHECKING:
    from workbench.core.data.prepare import PreparedData

BIGRAM_WEIGHTS = (0.5, 0.7, 0.8, 0.9, 0.95)


class BigramModel:
    """Bigram and unigram counts of a token stream."""

    def __init__(self, ids: np.ndarray, vocab_size: int) -> None:
        self.vocab = max(vocab_size, int(ids.max()) + 1 if len(ids) else 1)
        unigram = np.bincount(ids, minlength=self.vocab).astype(np.float64) + 1.0
        self.unigram = unigram / unigram.sum()
        self.prev = np.bincount(ids[:-1], minlength=self.vocab).astype(np.float64)
        self.pairs, self.counts = np.unique(ids[:-1] * self.vocab + ids[1:], return_counts=True)

    def probabilities(self, prev: np.ndarray, nxt: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(bigram, unigram) probability of each ``nxt`` after ``prev``."""
        codes = prev.astype(np.int64) * self.vocab + nxt
        at = np.clip(np.searchsorted(self.pairs, codes), 0, max(len(self.pairs) - 1, 0))
        found = self.pairs[at] == codes if len(self.pairs) else np.zeros(len(codes), dtype=bool)
        pair = np.where(found, self.counts[at] if len(self.counts) else 0, 0).astype(np.float64)
        seen = self.prev[prev]
        bigram = np.divide(pair, seen, out=np.zeros_like(pair), where=seen > 0)
        return bigram, self.unigram[nxt]


def scored_tokens(ids: np.ndarray, block_size: int) -> tuple[np.ndarray, np.ndarray]:
    """(previous token, target) of every target the run's evaluation of this split scores."""
    windows = max(0, (len(ids) - 1) // block_size)
    end = windows * block_size
    return ids[:end], ids[1:end + 1]


def lm_scores(data: PreparedData) -> tuple[str, dict[str, float], dict[str, float], int]:
    """(what it is, validation, test, training tokens) of the bigram model, with the run's LM
    metric names (loss, perplexity, bpc or bits_per_token)."""
    spec = data.spec
    train = data.train["ids"].numpy()
    model = BigramModel(train, spec.vocab_size)
    char_level = getattr(data.tokenizer, "kind", "char") == "char"
    parts = {split: model.probabilities(*scored_tokens(getattr(data, split)["ids"].numpy(), spec.block_size))
             for split in ("val", "test")}

    def loss(split: str, weight: float) -> float:
        bigram, unigram = parts[split]
        return float(-np.mean(np.log(weight * bigram + (1 - weight) * unigram))) if len(bigram) else math.nan

    weight = min(BIGRAM_WEIGHTS, key=lambda w: loss("val", w)) if len(parts["val"][0]) else 0.9

    def scores(split: str) -> dict[str, float]:
        value = loss(split, weight)
        return {} if math.isnan(value) else {"loss": value, **M.lm_metrics(value, char_level)}
    what = "character" if char_level else "word"
    return f"{what} bigram counts", scores("val"), scores("test"), len(train)
