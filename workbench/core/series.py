"""Qt-free data helpers for the live training charts.

``Columns`` holds named float64 series in a buffer that grows by doubling and is thinned past
``max_points`` rows; ``decimate`` picks the points worth drawing (each pixel's minimum and
maximum), ``Envelopes`` does it incrementally for a growing series; ``ema_debiased`` is
TensorBoard-style loss smoothing, vectorised; ``nearest_index`` and ``format_value`` serve the
hover read-out. Only numpy is needed here.
"""

from __future__ import annotations

import math

import numpy as np


class Columns:
    """Named float64 columns that grow by doubling, capped at ``max_points`` rows."""

    def __init__(self, names: tuple[str, ...], max_points: int = 2_000_000) -> None:
        self.names = names
        self.max_points = max(max_points, 2)
        self._data = np.empty((len(names), 1024))
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def col(self, name: str) -> np.ndarray:
        """A view of column ``name`` (valid until the next append)."""
        return self._data[self.names.index(name), : self._n]

    def append(self, *cols: np.ndarray) -> bool:
        """Append rows; returns True when old rows were thinned to stay under ``max_points``."""
        m = len(cols[0])
        thinned = False
        while self._n + m > self._data.shape[1]:
            if self._data.shape[1] >= self.max_points:
                keep = self._data[:, : self._n : 2].copy()
                self._n = keep.shape[1]
                self._data[:, : self._n] = keep
                thinned = True
                if self._n + m > self._data.shape[1]:  # one huge batch: keep its tail only
                    cols = tuple(c[-(self._data.shape[1] - self._n):] for c in cols)
                    m = len(cols[0])
                continue
            grown = np.empty((len(self.names), min(self._data.shape[1] * 2, self.max_points)))
            grown[:, : self._n] = self._data[:, : self._n]
            self._data = grown
        for i, c in enumerate(cols):
            self._data[i, self._n : self._n + m] = c
        self._n += m
        return thinned

    def rewind(self, first: float) -> bool:
        """Drop the rows whose first column is >= ``first``; True if any were dropped."""
        n = int(np.searchsorted(self._data[0, : self._n], first, side="left"))
        dropped, self._n = n < self._n, n
        return dropped

    def clear(self) -> None:
        """Drop all rows (capacity is released)."""
        self._data = np.empty((len(self.names), 1024))
        self._n = 0


def bucket_size(rows: int, buckets: int) -> int:
    """Rows per bucket when ``decimate`` draws ``rows`` rows in ``buckets`` buckets (1: all drawn)."""
    if rows <= 2 * max(buckets, 1):
        return 1
    return 1 << max(math.ceil(math.log2(rows / buckets)), 1)


def _reduce(x: np.ndarray, y: np.ndarray, first: int, end: int, size: int,
            mode: str) -> tuple[np.ndarray, np.ndarray]:
    """Points for rows ``first:end`` in buckets of ``size`` (the last may be short).

    "peak": each bucket's minimum then maximum at its first x; "mean": its mean at its middle x.
    NaN is skipped within a bucket; an all-NaN bucket gives NaN.
    """
    full = (end - first) // size
    cut = first + full * size
    parts = [(x[first:cut].reshape(full, size), y[first:cut].reshape(full, size))] if full else []
    if cut < end:
        parts.append((x[cut:end][None, :], y[cut:end][None, :]))
    xs, ys = [], []
    for bx, by in parts:
        if mode == "peak":
            xs.append(np.repeat(bx[:, 0], 2))
            ys.append(np.column_stack((np.fmin.reduce(by, axis=1), np.fmax.reduce(by, axis=1))).ravel())
        else:
            finite = np.isfinite(by)
            with np.errstate(invalid="ignore", divide="ignore"):
                ys.append(np.where(finite, by, 0.0).sum(axis=1) / finite.sum(axis=1))
            xs.append((bx[:, 0] + bx[:, -1]) / 2)
    if not xs:
        return np.empty(0), np.empty(0)
    return np.concatenate(xs), np.concatenate(ys)


def decimate(x: np.ndarray, y: np.ndarray, start: int, stop: int, buckets: int,
             mode: str = "peak") -> tuple[np.ndarray, np.ndarray]:
    """A few points per bucket that draw ``y[start:stop]`` as it looks at full detail.

    Rows are grouped into about ``buckets`` buckets of a power-of-two size, aligned to multiples
    of that size so a growing series keeps its buckets (the curve does not shimmer as points
    arrive). "peak" (raw values) keeps each bucket's minimum and maximum: a single spike stays
    visible. "mean" (an already smoothed curve) keeps its mean: a line, not a band. Cost: one
    pass over the rows in range, about 1 ms a million, instead of a million points to paint.
    """
    start, stop = max(start, 0), min(stop, len(y))
    size = bucket_size(stop - start, buckets)
    if size == 1:
        return x[start:stop], y[start:stop]
    return _reduce(x, y, start - start % size, stop, size, mode)


class Envelopes:
    """``decimate`` over whole series, remembering the complete buckets it has reduced.

    While a run trains, the charts follow all the data and each redraw adds a few rows; with the
    complete buckets kept per series (and per bucket size), a redraw reduces only the rows that
    arrived since the last. Call ``clear`` whenever rows already drawn change (a rewind, a new
    smoothing factor, thinning).
    """

    def __init__(self) -> None:
        # key -> (bucket size, rows reduced, their points' x, their points' y)
        self._done: dict[str, tuple[int, int, np.ndarray, np.ndarray]] = {}

    def clear(self) -> None:
        """Forget every series (their rows changed)."""
        self._done.clear()

    def whole(self, key: str, x: np.ndarray, y: np.ndarray, buckets: int,
              mode: str = "peak") -> tuple[np.ndarray, np.ndarray]:
        """``decimate(x, y, 0, len(y), buckets, mode)``, reusing what was reduced before for ``key``."""
        n = len(y)
        size = bucket_size(n, buckets)
        if size == 1:
            return x[:n], y[:n]
        empty = np.empty(0)
        done_size, done, xs, ys = self._done.get(key, (size, 0, empty, empty))
        if done_size != size or done > n:
            done, xs, ys = 0, empty, empty
        end = n - n % size
        if end > done:
            new_x, new_y = _reduce(x, y, done, end, size, mode)
            xs, ys, done = np.concatenate([xs, new_x]), np.concatenate([ys, new_y]), end
        self._done[key] = (size, done, xs, ys)
        if end == n:
            return xs, ys
        tail_x, tail_y = _reduce(x, y, end, n, size, mode)  # the newest bucket, still filling: not kept
        return np.concatenate([xs, tail_x]), np.concatenate([ys, tail_y])


def _ema_biased(x: np.ndarray, b: float, y0: float) -> np.ndarray:
    """y[k] = b*y[k-1] + (1-b)*x[k], y[-1] = y0, vectorised (no per-point Python loop)."""
    n = x.size
    if b < 0.5:  # the weights fade below 1e-17 within 57 points: a short convolution is exact
        k = math.ceil(-17 / math.log10(b)) if b > 0 else 1
        out = np.convolve(x, (1 - b) * b ** np.arange(k))[:n]
        out[:k] += y0 * b ** np.arange(1, min(k, n) + 1)
        return out
    # Blocks of L points: y[k] = b^k (b*y_prev + (1-b) * cumsum(b^-j x_j)); b^-L stays below 1e150.
    size = int(min(150 / -math.log10(b), 65536))
    up, down = b ** -np.arange(size), b ** np.arange(size)
    out = np.empty(n)
    prev = y0
    for start in range(0, n, size):
        seg = x[start : start + size]
        m = seg.size
        out[start : start + m] = down[:m] * (b * prev + (1 - b) * np.cumsum(seg * up[:m]))
        prev = out[start + m - 1]
    return out


def ema_debiased(values: np.ndarray, beta: float,
                 state: tuple[float, int] = (0.0, 0)) -> tuple[np.ndarray, tuple[float, int]]:
    """TensorBoard-style smoothing: zero-started EMA divided by (1 - beta^n).

    The first smoothed value equals the first raw value. Non-finite values (a diverged loss) are
    shown as they are and skipped by the average, so one NaN does not blank the rest of the
    curve. ``state`` (last biased EMA, count) continues a series; the new state is returned.
    """
    out = np.array(values, dtype=np.float64)
    finite = np.isfinite(out)
    xs = out[finite]
    if xs.size == 0:
        return out, state
    if beta <= 0:
        return out, (float(xs[-1]), state[1] + xs.size)
    with np.errstate(over="ignore", invalid="ignore"):
        biased = _ema_biased(xs, beta, state[0])
        count = state[1] + np.arange(1, xs.size + 1)
        out[finite] = biased / -np.expm1(count * math.log(beta))
    return out, (float(biased[-1]), state[1] + xs.size)


def nearest_index(xs: np.ndarray, x: float) -> int | None:
    """Index of the value in sorted ``xs`` nearest to ``x``."""
    if xs.size == 0:
        return None
    i = int(np.searchsorted(xs, x))
    if i >= xs.size or (i > 0 and x - xs[i - 1] < xs[i] - x):
        i -= 1
    return max(i, 0)


def format_value(v: float) -> str:
    """``v`` to 4 significant digits, or a dash when it is not finite."""
    return "—" if not math.isfinite(v) else f"{v:.4g}"
