"""The pre-LayerNorm Transformer block every Workbench Transformer stacks."""

from __future__ import annotations

from torch import Tensor, nn

from workbench.core.models.attention import SelfAttention


def init_weights(module: nn.Module) -> None:
    """nanoGPT's initialisation, for ``model.apply``: N(0, 0.02) weights, zero biases."""
    if isinstance(module, nn.Linear):
        nn.init.normal_(module.weight, mean=0.0, std=0.02)
        if module.bias is not None:
            nn.init.zeros_(module.bias)
    elif isinstance(module, nn.Embedding):
        nn.init.normal_(module.weight, mean=0.0, std=0.02)


class MLP(nn.Module):
    """The block's position-wise feed-forward network: expand, GELU, project back."""

    def __init__(self, d_model: int, ff_mult: int, dropout: float, bias: bool) -> None:
        super().__init__()
        self.c_fc = nn.Linear(d_model, ff_mult * d_model, bias=bias)
        self.gelu = nn.GELU()
        # named c_proj, like the attention's, so the GPT's scaled residual init finds both
        self.c_proj = nn.Linear(ff_mult * d_model, d_model, bias=bias)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x: Tensor) -> Tensor:
        """(B, T, C) -> (B, T, C)."""
        out: Tensor = self.dropout(self.c_proj(self.gelu(self.c_fc(x))))
        return out


class Block(nn.Module):
    """Attention then MLP, each on a LayerNorm of its input and added back to it (pre-LN).

    Pre-LN keeps the residual stream an unnormalised sum, which trains stably without warm-up
    at the small sizes Workbench uses.
    """

    def __init__(self, d_model: int, n_heads: int, ff_mult: int, dropout: float, bias: bool,
                 causal: bool) -> None:
        super().__init__()
        self.ln_1 = nn.LayerNorm(d_model, bias=bias)
        self.attn = SelfAttention(d_model, n_heads, dropout, bias, causal)
        self.ln_2 = nn.LayerNorm(d_model, bias=bias)
        self.mlp = MLP(d_model, ff_mult, dropout, bias)

    def forward(self, x: Tensor, key_mask: Tensor | None = None,
                return_attention: bool = False) -> tuple[Tensor, Tensor | None]:
        """(B, T, C) -> ((B, T, C), attention weights (B, nh, T, T) or None)."""
        a, att = self.attn(self.ln_1(x), key_mask, return_attention)
        x = x + a
        x = x + self.mlp(self.ln_2(x))
        return x, att
