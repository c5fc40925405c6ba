"""A small GPT: a causal Transformer language model in the manner of nanoGPT."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Protocol

import torch
import torch.nn.functional as F
from torch import Tensor, nn

from workbench.core.config import ModelConfig
from workbench.core.models.blocks import Block, init_weights


class LMSpec(Protocol):
    """What the GPT reads from the data pipeline's DataSpec."""

    @property
    def vocab_size(self) -> int: ...
    @property
    def block_size(self) -> int: ...


class GPT(nn.Module):
    """Token + position embeddings, causal pre-LN blocks, final LayerNorm, tied LM head."""

    def __init__(self, cfg: ModelConfig, spec: LMSpec) -> None:
        super().__init__()
        self.block_size = spec.block_size
        d = cfg.d_model
        self.wte = nn.Embedding(spec.vocab_size, d)
        self.wpe = nn.Embedding(spec.block_size, d)
        self.drop = nn.Dropout(cfg.dropout)
        self.blocks = nn.ModuleList(Block(d, cfg.n_heads, cfg.ff_mult, cfg.dropout, cfg.bias, causal=True)
                                    for _ in range(cfg.n_layers))
        self.ln_f = nn.LayerNorm(d, bias=cfg.bias)
        self.lm_head = nn.Linear(d, spec.vocab_size, bias=False)
        # weight tying (Press & Wolf 2017): one matrix reads and writes tokens, saving vocab x d params
        self.wte.weight = self.lm_head.weight
        self.apply(init_weights)
        # GPT-2's scaled init: each block adds two residual branches, so shrink their output
        # projections by sqrt(2 * n_layers) to keep the residual stream's variance from growing
        for name, p in self.named_parameters():
            if name.endswith("c_proj.weight"):
                nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * cfg.n_layers))

    def forward(self, batch: Mapping[str, Tensor],
                return_attention: bool = False) -> Tensor | tuple[Tensor, Tensor]:
        """``batch["ids"]`` (B, T) -> logits (B, T, vocab), plus attention (B, layers, nh, T, T) if asked."""
        ids = batch["ids"]
        _, T = ids.size()  # (B, T)
        if T > self.block_size:
            raise ValueError(f"cannot read {T} tokens at once; the context length is {self.block_size}")
        pos = torch.arange(T, device=ids.device)  # (T,)
        x = self.drop(self.wte(ids) + self.wpe(pos))  # (B, T, C)
        atts = []
        for block in self.blocks:
            x, att = block(x, None, return_attention)
            atts.append(att)
        logits: Tensor = self.lm_head(self.ln_f(x))  # (B, T, vocab)
        if return_attention:
            return logits, torch.stack(atts, dim=1)  # (B, layers, nh, T, T)
        return logits

    @torch.no_grad()
    def generate(self, ids: Tensor, max_new_tokens: int, temperature: float = 1.0, top_k: int | None = None,
                 generator: torch.Generator | None = None) -> Tensor:
        """Extend ``ids`` (B, T) by ``max_new_tokens`` sampled tokens; returns (B, T + max_new_tokens).

        ``temperature == 0`` picks the most likely token every time (greedy); ``top_k`` samples
        only among the k most likely (None: among all). Sampling draws from ``generator`` (on the
        model's device), else from torch's global one. Dropout is off while generating; the mode is
        restored after.
        """
        if temperature < 0:
            raise ValueError(f"temperature must be at least 0, got {temperature}")
        if top_k is not None and top_k < 1:
            raise ValueError(f"top_k must be at least 1 (or None for no limit), got {top_k}")
        was_training = self.training
        self.eval()
        try:
            for _ in range(max_new_tokens):
                context = ids[:, -self.block_size:]  # (B, <= block_size): the model sees no further back
                out = self.forward({"ids": context})
                assert isinstance(out, Tensor)  # no attention asked for: logits alone
                logits = out[:, -1, :].float()  # (B, vocab): the next token's
                if temperature == 0:
                    next_id = logits.argmax(dim=-1, keepdim=True)  # (B, 1)
                else:
                    logits = logits / temperature
                    if top_k is not None:
                        kth = torch.topk(logits, min(top_k, logits.size(-1))).values[:, [-1]]  # (B, 1)
                        logits = logits.masked_fill(logits < kth, float("-inf"))
                    next_id = torch.multinomial(F.softmax(logits, dim=-1), num_samples=1,
                                                generator=generator)  # (B, 1)
                ids = torch.cat([ids, next_id], dim=1)
        finally:
            self.train(was_training)
        return ids
