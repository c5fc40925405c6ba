"""Colour scales for attention maps: fixed 0 to 1, per-map range, log, and difference from uniform.

Each scale turns weights (..., T, T) into values 0..1 per map (the last two axes), and colour
indices 0..254 along its colour map; index 255 (grey) marks keys a causal model may not see, and
those keys take no part in a map's range. ``lo``/``hi`` are each map's range in the scale's own
unit (weights, or weight minus uniform), which the colour bar shows.

- "fixed": 0 to 1 for every map, on a square-root scale, so heads and snapshots compare at a
  glance (a row spread over 40 tokens, 0.025 each, still reads as an even tint).
- "range": each map's own minimum to maximum, linear: the structure of a barely trained head,
  whose weights all lie near 1/n, shows.
- "log": log10 of the weight, from the map's maximum down to its minimum (at most 4 decades).
- "uniform": the weight minus 1/(keys the query may see), on a diverging map centred at 0 and
  symmetric around it: above uniform is warm, below cool, uniform itself the neutral middle.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import translate

MASKED = 255
MASKED_COLOR = (205, 205, 205, 255)
SEQUENTIAL = "viridis"
DIVERGING = "CET-D1"
# The scales a user chooses from, in the order shown (one table of words, for translation: the
# owner shows them with translate("AttentionDisplay", ...), the bar labels with "AttentionHeatmap").
SCALES = {"fixed": QT_TRANSLATE_NOOP("AttentionDisplay", "fixed 0–1"),  # noqa: RUF001 - an en dash
          "range": QT_TRANSLATE_NOOP("AttentionDisplay", "per-map range"),
          "log": QT_TRANSLATE_NOOP("AttentionDisplay", "log"),
          "uniform": QT_TRANSLATE_NOOP("AttentionDisplay", "difference from uniform")}
TIPS = {
    "fixed": QT_TRANSLATE_NOOP("AttentionDisplay", "Every map on the same 0 to 1 scale: heads and "
                               "snapshots compare at a glance."),
    "range": QT_TRANSLATE_NOOP("AttentionDisplay", "Each map stretched from its own smallest to its "
                               "largest weight: faint structure shows."),
    "log": QT_TRANSLATE_NOOP("AttentionDisplay", "Weights on a logarithmic scale: small weights differ "
                             "as clearly as large ones."),
    "uniform": QT_TRANSLATE_NOOP("AttentionDisplay", "Each weight minus an even spread (1 / the tokens "
                                 "a query sees): warm = more than even, cool = less, the middle = "
                                 "exactly even."),
}
BAR_LABELS = {"fixed": QT_TRANSLATE_NOOP("AttentionHeatmap", "attention weight"),
              "range": QT_TRANSLATE_NOOP("AttentionHeatmap", "attention weight (this map)"),
              "log": QT_TRANSLATE_NOOP("AttentionHeatmap", "attention weight (log scale)"),
              "uniform": QT_TRANSLATE_NOOP("AttentionHeatmap", "weight − even spread")}  # noqa: RUF001
FIXED_TICKS = (0.0, 0.01, 0.05, 0.1, 0.2, 0.4, 0.7, 1.0)
LOG_DECADES = 4.0


def default_scale(readout: str) -> str:
    """The scale shown until the user picks one: a causal language model's maps have strong
    weights (the first row is always 1), read best on the fixed scale; a classifier's weights sit
    near 1/n while it is weakly trained, and show their structure only against uniform."""
    return "fixed" if readout == "causal" else "uniform"


@dataclass(frozen=True)
class Scaled:
    """Maps on a scale: ``values`` 0..1 (-1 where hidden), each map's range ``lo``/``hi`` (...),
    and ``hidden`` (T, T): the keys a causal model may not see."""

    values: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    hidden: np.ndarray

    def indices(self) -> np.ndarray:
        """Colour indices (uint8): 0..254 along the colour map, 255 hidden."""
        scaled = self.values * 254
        np.clip(scaled, 0, 254, out=scaled)
        out = np.rint(scaled, out=scaled).astype(np.uint8)
        if self.hidden.any():
            out[..., self.hidden] = MASKED
        return out


def causal_mask(n: int) -> np.ndarray:
    """(n, n) True where a key comes after its query (hidden from a causal model)."""
    return np.triu(np.ones((n, n), dtype=bool), 1)


def scale_maps(att: np.ndarray, causal: bool, scale: str) -> Scaled:
    """Weights (..., T, T) on ``scale`` (a key of ``SCALES``; see the module docstring)."""
    p = np.clip(att, 0.0, 1.0, dtype=np.float32)
    n = p.shape[-1]
    hidden = causal_mask(n) if causal else np.zeros((n, n), dtype=bool)
    shape = p.shape[:-2]
    if scale == "fixed" or n == 0:
        values = np.sqrt(p, out=p)
        lo, hi = np.zeros(shape, np.float32), np.ones(shape, np.float32)
    elif scale == "uniform":
        keys = (np.arange(n) + 1 if causal else np.full(n, n)).astype(np.float32)
        d = p - (1.0 / keys)[:, None]
        span = np.abs(d)
        span[..., hidden] = 0.0
        span = np.maximum(span.max(axis=(-2, -1)), 1e-6)
        values = d / (2 * span[..., None, None]) + 0.5
        lo, hi = -span, span
    else:
        x = np.log10(np.maximum(p, 1e-12)) if scale == "log" else p
        if hidden.any():
            hi = np.where(hidden, -np.inf, x).max(axis=(-2, -1))
            lo = np.where(hidden, np.inf, x).min(axis=(-2, -1))
        else:
            hi, lo = x.max(axis=(-2, -1)), x.min(axis=(-2, -1))
        if scale == "log":
            lo = np.maximum(lo, hi - LOG_DECADES)
        width = np.maximum(hi - lo, 1e-9)
        values = (x - lo[..., None, None]) / width[..., None, None]
        if scale == "log":
            lo, hi = 10.0 ** lo, 10.0 ** hi  # the bar is labelled in weights
    values = np.clip(values, 0.0, 1.0, out=values).astype(np.float32, copy=False)
    if hidden.any():
        values[..., hidden] = -1.0
    return Scaled(values, np.asarray(lo, np.float32), np.asarray(hi, np.float32), hidden)


def colour_map(scale: str) -> pg.ColorMap:
    """The colour map of ``scale``: diverging for "uniform", sequential otherwise."""
    return pg.colormap.get(DIVERGING if scale == "uniform" else SEQUENTIAL)


def lookup_table(scale: str = "fixed") -> np.ndarray:
    """(256, 4) uint8 RGBA: indices 0..254 along ``scale``'s colour map, 255 grey."""
    colors = colour_map(scale).getLookupTable(nPts=255, alpha=True)
    return np.vstack([colors, np.array([MASKED_COLOR], dtype=np.ubyte)]).astype(np.ubyte)


def _fmt(v: float) -> str:
    return f"{v:.2g}" if abs(v) < 0.01 and v != 0 else f"{v:.3f}".rstrip("0").rstrip(".") or "0"


def bar_ticks(scale: str, lo: float, hi: float) -> list[tuple[float, str]]:
    """Colour-bar ticks as (position 0..1 along the bar, label in the scale's unit)."""
    if scale == "fixed":
        return [(float(np.sqrt(v)), f"{v:g}") for v in FIXED_TICKS]
    if scale == "log":
        top, bottom = np.log10(max(hi, 1e-12)), np.log10(max(lo, 1e-12))
        width = max(top - bottom, 1e-9)
        marks = [bottom, *range(int(np.ceil(bottom)), int(np.floor(top)) + 1), top]
        return [((m - bottom) / width, _fmt(10.0 ** m)) for m in sorted(set(marks))]
    if scale == "uniform":
        even = translate("AttentionHeatmap", "0 (even)")
        return [(0.0, f"\u2212{_fmt(hi)}"), (0.25, f"\u2212{_fmt(hi / 2)}"), (0.5, even),
                (0.75, f"+{_fmt(hi / 2)}"), (1.0, f"+{_fmt(hi)}")]
    return [(i / 4, _fmt(lo + (hi - lo) * i / 4)) for i in range(5)]


def level_of(scale: str, index: int, lo: float, hi: float) -> float:
    """The value (in the bar's unit) a colour index stands for: the inverse of :func:`scale_maps`."""
    v = index / 254
    if scale == "fixed":
        return v * v
    if scale == "uniform":
        return (2 * v - 1) * hi
    if scale == "log":
        top, bottom = np.log10(max(hi, 1e-12)), np.log10(max(lo, 1e-12))
        return float(10.0 ** (bottom + v * (top - bottom)))
    return lo + v * (hi - lo)
