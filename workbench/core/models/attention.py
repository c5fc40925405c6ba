"""Multi-head self-attention, shared by every Transformer in Workbench.

Two paths compute the same thing. The fused one (``F.scaled_dot_product_attention``) is used for
every ordinary step: it never materialises the (T, T) weight matrix, so it is fast and light. The
explicit ``softmax(QK^T / sqrt(hs))`` path runs only when the caller asks for the weights, so
showing attention costs ordinary steps nothing: no hooks, no extra tensors kept.
"""

from __future__ import annotations

import math

import torch
import torch.nn.functional as F
from torch import Tensor, nn


class SelfAttention(nn.Module):
    """Multi-head self-attention with an optional causal or key-padding mask."""

    def __init__(self, d_model: int, n_heads: int, dropout: float, bias: bool, causal: bool) -> None:
        super().__init__()
        if d_model % n_heads:
            raise ValueError(f"n_heads ({n_heads}) must divide d_model ({d_model})")
        self.n_heads = n_heads
        self.causal = causal
        self.dropout = dropout
        # key, query, value projections for all heads, in one matrix multiply
        self.c_attn = nn.Linear(d_model, 3 * d_model, bias=bias)
        # output projection; named c_proj so the GPT's scaled residual init finds it
        self.c_proj = nn.Linear(d_model, d_model, bias=bias)
        self.resid_dropout = nn.Dropout(dropout)

    def forward(self, x: Tensor, key_mask: Tensor | None = None,
                return_attention: bool = False) -> tuple[Tensor, Tensor | None]:
        """Attend over ``x`` (B, T, C); returns ``(y, att)``, ``att`` (B, nh, T, T) only if asked.

        ``key_mask`` (B, T) is True for real tokens: padded keys get zero weight. Every row must
        keep at least one key, or its softmax is undefined.
        """
        B, T, C = x.size()
        nh, hs = self.n_heads, C // self.n_heads
        q, k, v = self.c_attn(x).split(C, dim=2)
        q = q.view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        v = v.view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        mask = None if key_mask is None else key_mask.view(B, 1, 1, T)  # broadcasts over heads, queries
        if return_attention:
            y, att = self._explicit(q, k, v, mask)
        else:
            # is_causal and attn_mask are never both set: the GPT has no padding, the classifiers no causality
            y = F.scaled_dot_product_attention(q, k, v, attn_mask=mask,
                                               dropout_p=self.dropout if self.training else 0.0,
                                               is_causal=self.causal)
            att = None
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # (B, T, C): heads side by side again
        return self.resid_dropout(self.c_proj(y)), att

    def _explicit(self, q: Tensor, k: Tensor, v: Tensor, mask: Tensor | None) -> tuple[Tensor, Tensor]:
        """The textbook computation, returning the softmax weights (before dropout) with the output."""
        T = q.size(-2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))  # (B, nh, T, T)
        if self.causal:
            # built per call rather than kept as a buffer: only this rarely used path needs it
            future = torch.ones(T, T, dtype=torch.bool, device=q.device).triu(1)  # (T, T)
            att = att.masked_fill(future, float("-inf"))
        if mask is not None:
            att = att.masked_fill(~mask, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = F.dropout(att, p=self.dropout, training=self.training) @ v  # (B, nh, T, hs)
        return y, att
