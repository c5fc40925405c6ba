"""Attention maps as numbers: per-token summaries, rollout, windows and token labels (numpy only).

Kept free of torch so the app can import it while its first window is still painting.
``readout`` says where a model reads its prediction (see :func:`workbench.core.explain.readout_of`):
"first" (a CLS at index 0), "last" (the FT-Transformer's CLS), "mean" (mean pooling) or
"causal" (a GPT, which predicts at every position).
"""

from __future__ import annotations

import unicodedata
from typing import Any

import numpy as np

WINDOW = 512
"""Longest sequence shown (or stored by the probe) whole; longer ones are shown a window at a time."""
_MAX_LABEL = 14


def rollout(att: np.ndarray, residual: float = 0.5) -> np.ndarray:
    """Attention rollout (Abnar & Zuidema, 2020): how much each token's final state draws on each input.

    ``att`` (layers, heads, T, T) -> (T, T). Heads are averaged; each layer's map is mixed with the
    identity (the residual connection) by ``residual`` and the layers are multiplied in order.
    """
    layers = att.astype(np.float64).mean(axis=1)  # (L, T, T)
    eye = np.eye(att.shape[-1])
    result = eye
    for a in layers:
        a = residual * eye + (1 - residual) * a
        a /= a.sum(axis=-1, keepdims=True)
        result = a @ result  # later layers read the mixture the earlier ones made
    return result.astype(np.float32)


def token_scores(att: np.ndarray, readout: str, method: str = "average", query: int | None = None,
                 layer: int = 0, head: int = 0) -> np.ndarray:
    """One weight per token: how much the prediction attends to it. ``att`` (L, H, T, T) -> (T,).

    ``method``: "average" over layers and heads, "rollout" through the layers, or "head" (one
    ``layer`` and ``head``). The row read follows ``readout``: the CLS's row, the mean over all
    rows (mean pooling), or, for a language model, the row of ``query`` (default: the last token).
    Each result sums to 1 (rollout: up to rounding).
    """
    if method == "rollout":
        matrix = rollout(att)
    elif method == "head":
        matrix = att[layer, head].astype(np.float32)
    else:
        matrix = att.mean(axis=(0, 1), dtype=np.float64).astype(np.float32)  # (T, T)
    scores: np.ndarray  # numpy types a row taken by index as Any
    if readout == "first":
        scores = matrix[0]
    elif readout == "last":
        scores = matrix[-1]
    elif readout == "mean":
        scores = matrix.mean(axis=0)
    else:
        scores = matrix[-1 if query is None else query]
    return scores


def feature_importance(att: np.ndarray, method: str = "average") -> np.ndarray:
    """FT-Transformer: the CLS token's attention to each feature (the CLS itself left out)."""
    return token_scores(att, "last", method)[:-1]


def window(att: np.ndarray, start: int, size: int = WINDOW) -> tuple[np.ndarray, int]:
    """The (…, size, size) block of ``att`` (…, T, T) from token ``start`` (clamped), and that start."""
    n = att.shape[-1]
    start = max(0, min(int(start), max(n - size, 0)))
    return att[..., start:start + size, start:start + size], start


def display_token(token: str, limit: int = _MAX_LABEL) -> str:
    """A token as an axis label: spaces and line breaks made visible, control characters replaced."""
    shown = {" ": "␣", "\n": "↵", "\t": "⇥", "\r": "␍"}
    chars = []
    for ch in token:
        if ch in shown:
            chars.append(shown[ch])
        elif unicodedata.category(ch).startswith("C"):
            chars.append("\N{REPLACEMENT CHARACTER}")
        else:
            chars.append(ch)
    text = "".join(chars) or "∅"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def short_text(value: Any, limit: int = 70) -> str:
    """A one-line preview of an input (a text, or a feature dict) for pickers and titles."""
    if isinstance(value, dict):
        value = ", ".join(f"{k}={'?' if v is None else v}" for k, v in value.items())
    text = " ".join(str(value).replace("\n", " ↵ ").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
