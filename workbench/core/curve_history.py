"""What the live training charts show, Qt-free: the training curve and the evaluation series.

Data lives in growing numpy buffers whose capacity doubles (``series.Columns``), never in Python
lists: a training point costs 4 float64 (step, loss, smoothed loss, learning rate) = 32 bytes, so
1,000,000 points take 32 MB. A buffer holds at most ``max_points`` rows (2,000,000 by default,
64 MB); past that it keeps every second row, so memory stays bounded however long a run is.

Points arrive as ``core.events`` records (``add_points``), live or read back from a run folder,
or as arrays (``add_train``). Steps at or before ones already held (a resumed run) replace the
old points from there on; ``revision`` counts such changes to rows already held, so a drawing
cache knows when to start over.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from numbers import Real

import numpy as np

from workbench.core.events import NOT_METRICS, EvalPoint, TrainPoint
from workbench.core.results import MetricGroup, metric_groups, metric_label
from workbench.core.series import Columns, ema_debiased, format_value, nearest_index

VAL_LOSS_KEYS = ("val_loss", "loss")
"""Keys of an evaluation that hold the validation loss (first found wins); the rest are metrics."""
CHARTS = ("loss", "metrics", "lr")


class CurveHistory:
    """A run's training points (step, loss, smoothed loss, learning rate) and evaluation series."""

    def __init__(self, max_points: int = 2_000_000) -> None:
        self.train = Columns(("step", "loss", "smooth", "lr"), max_points)
        self.metric_keys: list[str] | None = None  # shown on the metrics chart (None: all)
        self.revision = 0  # bumped whenever rows already held change
        self._evals: dict[str, Columns] = {}
        self._beta = 0.9
        self._ema_state = (0.0, 0)

    def __len__(self) -> int:
        """Training points held."""
        return len(self.train)

    # ----------------------------------------------------------------- adding
    def add_points(self, points: Iterable[TrainPoint | EvalPoint]) -> None:
        """Add a batch of run events in their order (training points go in as one array)."""
        points = list(points)
        train = [p for p in points if isinstance(p, TrainPoint)]
        if train:
            self.add_train(np.array([p.step for p in train], dtype=np.float64),
                           np.array([p.loss for p in train], dtype=np.float64),
                           np.array([p.lr for p in train], dtype=np.float64))
        for point in points:
            if isinstance(point, EvalPoint):
                self.add_eval(point.step, point.metrics)

    def add_train(self, steps: np.ndarray, losses: np.ndarray, lrs: np.ndarray | None = None) -> None:
        """Add training points (same-length arrays; ``lrs`` may be None)."""
        steps = np.asarray(steps, dtype=np.float64).ravel()
        losses = np.asarray(losses, dtype=np.float64).ravel()
        lrs = np.full(steps.size, np.nan) if lrs is None else np.asarray(lrs, dtype=np.float64).ravel()
        if not steps.size == losses.size == lrs.size:
            raise ValueError(f"steps, losses and lrs differ in length: {steps.size}, {losses.size}, "
                             f"{lrs.size}")
        if steps.size == 0:
            return
        if np.any(np.diff(steps) < 0):
            order = np.argsort(steps, kind="stable")
            steps, losses, lrs = steps[order], losses[order], lrs[order]
        if self.train.rewind(steps[0]):
            self._resmooth()
        smooth, self._ema_state = ema_debiased(losses, self._beta, self._ema_state)
        if self.train.append(steps, losses, smooth, lrs):
            self._resmooth()

    def add_eval(self, step: int, metrics: Mapping[str, object]) -> None:
        """Add one evaluation: its numbers become series; other values (a sample, flags) are skipped."""
        for key, value in metrics.items():
            if key in NOT_METRICS or isinstance(value, bool) or not isinstance(value, Real):
                continue
            cols = self._evals.setdefault(str(key), Columns(("step", "value"), self.train.max_points))
            cols.rewind(float(step))  # a repeated or earlier step replaces what followed it
            cols.append(np.array([float(step)]), np.array([float(value)]))

    def clear(self) -> None:
        """Drop every point."""
        self.train.clear()
        self._evals.clear()
        self._ema_state = (0.0, 0)
        self.revision += 1

    @property
    def smoothing(self) -> float:
        """The smoothing factor of the smoothed loss, 0..0.999."""
        return self._beta

    def set_smoothing(self, beta: float) -> None:
        """Smooth the whole training curve again with ``beta``."""
        self._beta = beta
        if len(self.train):
            self._resmooth()

    def _resmooth(self) -> None:
        smooth, self._ema_state = ema_debiased(self.train.col("loss"), self._beta)
        self.train.col("smooth")[:] = smooth
        self.revision += 1

    # ----------------------------------------------------------------- reading
    def has_data(self) -> bool:
        """Whether there is anything to draw."""
        return len(self.train) > 0 or bool(self._evals)

    def eval_keys(self) -> list[str]:
        """The names of the evaluation series, in the order they first arrived."""
        return list(self._evals)

    def eval_xy(self, key: str) -> tuple[np.ndarray, np.ndarray]:
        """Steps and values of evaluation series ``key``."""
        cols = self._evals[key]
        return cols.col("step"), cols.col("value")

    def val_key(self) -> str | None:
        """The series holding the validation loss, if any."""
        return next((k for k in VAL_LOSS_KEYS if k in self._evals), None)

    def shown_metrics(self) -> list[str]:
        """The series on the metrics chart: ``metric_keys`` (or all) that exist, without the loss."""
        vkey = self.val_key()
        keys = self.metric_keys if self.metric_keys is not None else list(self._evals)
        return [k for k in keys if k in self._evals and k != vkey]

    def metric_groups(self) -> list[MetricGroup]:
        """The metric charts: the metrics to show grouped by scale (one chart each), those named in
        ``metric_keys`` even before their first value, so a run's charts are labelled from its start."""
        vkey = self.val_key()
        keys = self.metric_keys if self.metric_keys is not None else list(self._evals)
        return metric_groups([k for k in keys if k != vkey])

    def metrics_end_high(self, keys: list[str]) -> bool:
        """Whether series ``keys`` end in the upper half of their range (accuracy rising)."""
        values = [self.eval_xy(k)[1] for k in keys]
        if not values:
            return False
        every = np.concatenate(values)
        finite = every[np.isfinite(every)]
        ends = [v[-1] for v in values if np.isfinite(v[-1])]
        return bool(ends) and float(np.mean(ends)) > (finite.min() + finite.max()) / 2

    def step_near(self, x: float) -> int | None:
        """The recorded step nearest to ``x`` (training steps first, else validation steps)."""
        vkey = self.val_key()
        for steps in (self.train.col("step"), self.eval_xy(vkey)[0] if vkey else np.empty(0)):
            i = nearest_index(steps, x)
            if i is not None:
                return int(steps[i])
        return None

    def hover(self, x: float) -> tuple[str, float, float | None]:
        """The read-out for a pointer at step ``x``: its text, the step it names and the smoothed loss there.

        The step is the nearest training step (``x`` itself when there is none), and the smoothed
        loss is None then.
        """
        parts = []
        smooth: float | None = None
        t = self.train
        i = nearest_index(t.col("step"), x)
        if i is not None:
            x, smooth = float(t.col("step")[i]), float(t.col("smooth")[i])
            parts.append(f"step {int(x):,}   train loss {format_value(t.col('loss')[i])}"
                         f"   smoothed {format_value(smooth)}"
                         f"   learning rate {format_value(t.col('lr')[i])}")
        evals = []
        for name in [k for k in (self.val_key(),) if k] + self.shown_metrics():
            s, v = self.eval_xy(name)
            j = nearest_index(s, x)
            if j is not None:
                label = "validation loss" if name in VAL_LOSS_KEYS else metric_label(name)
                evals.append(f"{label} {format_value(v[j])} (step {int(s[j]):,})")
        if evals:
            parts.append("evaluation: " + ", ".join(evals))
        return "   ·   ".join(parts), x, smooth

    def series(self, chart: str | None = None) -> list[tuple[str, np.ndarray, np.ndarray]]:
        """(name, steps, values) of each non-empty series of ``chart`` (None: every series; "metrics:"
        and a scale: the metrics of that one chart, see ``metric_groups``)."""
        t = self.train
        out = []
        if chart in (None, "loss"):
            out += [("train_loss", t.col("step"), t.col("loss")),
                    ("train_loss_smoothed", t.col("step"), t.col("smooth"))]
            vkey = self.val_key()
            if vkey:
                out.append((f"val_{vkey}" if vkey == "loss" else vkey, *self.eval_xy(vkey)))
        if chart in (None, "metrics"):
            keys = self.shown_metrics() if chart else [k for k in self._evals if k != self.val_key()]
            out += [(k, *self.eval_xy(k)) for k in keys]
        if chart is not None and chart.startswith("metrics:"):
            group = next((g for g in self.metric_groups() if g.scale == chart[len("metrics:"):]), None)
            out += [(k, *self.eval_xy(k)) for k in (group.keys if group else ()) if k in self._evals]
        if chart in (None, "lr"):
            out.append(("learning_rate", t.col("step"), t.col("lr")))
        return [(n, s, v) for n, s, v in out if s.size]

    def csv_text(self, chart: str | None = None) -> str:
        """The series of ``chart`` (None: every series) as CSV, one row per step; empty cells for gaps."""
        series = self.series(chart)
        steps = np.unique(np.concatenate([s for _, s, _ in series])) if series else np.empty(0)
        table = np.full((steps.size, len(series) + 1), np.nan)
        table[:, 0] = steps
        for i, (_, s, v) in enumerate(series, start=1):
            table[np.searchsorted(steps, s), i] = v
        integral = bool(np.all(np.isfinite(steps)) and np.all(steps == np.round(steps)))
        fmt = ",".join(["%d" if integral else "%.10g"] + ["%.10g"] * len(series))
        # "%" formatting of whole rows is the fastest pure-Python way; "nan" only ever means empty.
        body = "\n".join([fmt % tuple(row) for row in table.tolist()]).replace("nan", "")
        header = ",".join(["step", *(name for name, _, _ in series)])
        return header + "\n" + body + ("\n" if body else "")


def plottable(x: np.ndarray, y: np.ndarray, log: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Only the points a curve with markers can draw (finite, and positive on a log axis)."""
    keep = np.isfinite(y) & (y > 0) if log else np.isfinite(y)
    return x[keep], y[keep]


def rows_in_view(steps: np.ndarray, view: tuple[float, float], pixels: int, following: bool,
                 fitted: bool, exact_rows: int) -> tuple[int, int, int]:
    """Rows of sorted ``steps`` to draw (start, stop) and the bucket count for ``series.decimate``.

    Up to ``exact_rows`` rows are drawn as they are. Following the data (``following``): all of it,
    at about two points per pixel it covers (the whole width when the view is ``fitted`` to the
    data). Zoomed or panned: the view plus half its width on either side, so a pan shows data at
    once and the next redraw fills in detail.
    """
    n = len(steps)
    if n <= exact_rows:
        return 0, n, n
    x0, x1 = view
    if following:
        share = (steps[-1] - steps[0]) / (x1 - x0) if x1 > x0 and not fitted else 1.0
        return 0, n, max(int(pixels * min(share, 1.0)), 100)
    margin = (x1 - x0) / 2
    start = max(int(np.searchsorted(steps, x0 - margin)) - 1, 0)
    stop = min(int(np.searchsorted(steps, x1 + margin, side="right")) + 1, n)
    return start, stop, (2 * pixels if stop - start > exact_rows else stop - start)

