"""TensorBoard logs of a run (``[log] tensorboard = true``), written by TensorBoard's own writer.

A trainer :class:`~workbench.core.callbacks.Callback` that turns the run's events into
``RUN/tensorboard/`` event files with ``torch.utils.tensorboard.SummaryWriter`` (which needs the
``tensorboard`` package, the optional extra ``workbench[tensorboard]``):

- ``train/loss``, ``train/lr`` and ``train/<unit>_per_s`` at each training point;
- ``<split>/<metric>`` at each evaluation (``val/loss``, ``val/accuracy``, ...), and a language
  model's sample as text (``<split>/sample``);
- each attention snapshot as images ``attention/example_<i>`` (the first few probed inputs): a
  grid of heatmaps, one row per layer and one column per head, weights 0..1 in a fixed colour
  scale (viridis), at most the first ``MAX_TOKENS`` tokens;
- the final metrics of every split (``final/<split>/<metric>``) at the last step.

The writer writes on its own thread; the hooks only hand it values. A resumed run appends a new
event file to the same folder, and TensorBoard reads them as one run.
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.core.callbacks import Callback
from workbench.core.errors import ConfigError
from workbench.core.events import EvalPoint, RunEnded, RunStarted, TrainPoint
from workbench.core.problems import Problem
from workbench.core.snapshots import Snapshot, dequantise

if TYPE_CHECKING:
    from workbench.core.events import RunEvent
    from workbench.core.trainer import Trainer

FOLDER = "tensorboard"
MAX_EXAMPLES = 4  # probed inputs drawn as images at each snapshot
MAX_TOKENS = 128  # tokens per side of a drawn heatmap: a 512-token grid would be megapixels a snapshot
_MIN_CELL = 32  # pixels a side a small heatmap is enlarged to, so a 5-token map can be seen
# viridis at 0, 0.25, 0.5, 0.75, 1: the scale the window's heatmaps use, linearly in between
_VIRIDIS = np.array([[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]],
                    dtype=np.float32)


def tensorboard_missing() -> bool:
    """Whether the tensorboard package is missing (TensorBoard logs cannot be written)."""
    return importlib.util.find_spec("tensorboard") is None


def check_available() -> None:
    """Raise ConfigError naming the extra to install when TensorBoard logs cannot be written."""
    if tensorboard_missing():
        raise ConfigError([Problem("log", "tensorboard", "needs the tensorboard package, which is not "
                                   "installed; install it with: pip install \"workbench[tensorboard]\" "
                                   "(or set [log] tensorboard = false)")])


def log_callbacks(cfg: Any) -> list[Callback]:
    """The callbacks ``cfg``'s ``[log]`` section asks for (checked for their packages first)."""
    if not cfg.log.tensorboard:
        return []
    check_available()
    return [TensorBoardLogger()]


def colour(weights: np.ndarray) -> np.ndarray:
    """Weights in 0..1 (any shape) as uint8 RGB (shape + (3,)) on the viridis scale."""
    x = np.clip(np.nan_to_num(weights, nan=0.0), 0.0, 1.0) * (len(_VIRIDIS) - 1)
    lo = np.minimum(x.astype(np.int64), len(_VIRIDIS) - 2)
    t = (x - lo)[..., None]
    rgb = _VIRIDIS[lo] * (1 - t) + _VIRIDIS[lo + 1] * t
    out: np.ndarray = rgb.round().astype(np.uint8)
    return out


def attention_grid(att: np.ndarray, gap: int = 2) -> np.ndarray:
    """(layers, heads, n, n) weights -> one RGB image (H, W, 3): a heatmap per head, a row per layer."""
    layers, heads, n, _ = att.shape
    n = min(n, MAX_TOKENS)
    att = att[:, :, :n, :n]
    scale = max(1, math.ceil(_MIN_CELL / n))
    cell = n * scale
    image = np.full((layers * (cell + gap) - gap, heads * (cell + gap) - gap, 3), 255, dtype=np.uint8)
    for i in range(layers):
        for j in range(heads):
            tile = colour(att[i, j]).repeat(scale, axis=0).repeat(scale, axis=1)  # (cell, cell, 3)
            top, left = i * (cell + gap), j * (cell + gap)
            image[top:top + cell, left:left + cell] = tile
    return image


class TensorBoardLogger(Callback):
    """Writes a run's events to ``RUN/tensorboard/`` (or ``folder``); see the module docstring."""

    def __init__(self, folder: str | Path | None = None) -> None:
        self.folder = Path(folder) if folder is not None else None
        self.writer: Any = None

    def on_event(self, trainer: Trainer, event: RunEvent) -> None:
        """Open the writer at the start, write each point and snapshot, close it at the end."""
        if isinstance(event, RunStarted):
            self._open(event)
        elif self.writer is None:
            return
        elif isinstance(event, TrainPoint):
            self._scalar("train/loss", event.loss, event.step)
            self._scalar("train/lr", event.lr, event.step)
            self._scalar(f"train/{event.unit}_per_s", event.items_per_s, event.step)
        elif isinstance(event, EvalPoint):
            for name, value in event.metrics.items():
                self._scalar(f"{event.split}/{name}", value, event.step)
            if event.sample:
                self.writer.add_text(f"{event.split}/sample", _as_markdown(event.sample), event.step)
        elif isinstance(event, Snapshot):
            for i, codes in enumerate(event.codes[:MAX_EXAMPLES]):
                self.writer.add_image(f"attention/example_{i}", attention_grid(dequantise(codes)),
                                      event.step, dataformats="HWC")
        elif isinstance(event, RunEnded):
            self._close(event)

    def _open(self, event: RunStarted) -> None:
        folder = self.folder or (Path(event.run_dir) / FOLDER if event.run_dir else None)
        if folder is None:
            return  # a run without a folder (tests, dry runs) has nowhere to log
        from torch.utils.tensorboard import SummaryWriter

        self.writer = SummaryWriter(log_dir=str(folder))

    def _scalar(self, tag: str, value: float, step: int) -> None:
        if isinstance(value, (int, float)) and math.isfinite(value):
            self.writer.add_scalar(tag, value, step)

    def _close(self, event: RunEnded) -> None:
        step = event.summary.get("steps")
        final = event.summary.get("final")
        if isinstance(step, int) and isinstance(final, dict):
            for split, metrics in final.items():
                for name, value in (metrics.items() if isinstance(metrics, dict) else ()):
                    if not isinstance(value, bool):
                        self._scalar(f"final/{split}/{name}", value, step)
        self.writer.close()
        self.writer = None


def _as_markdown(text: str) -> str:
    # TensorBoard renders text as Markdown: indented by four spaces, a sample keeps its lines
    return "\n".join("    " + line for line in text.splitlines())
