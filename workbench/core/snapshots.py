"""Attention snapshots: compact storage in memory and beside a run, never pickled.

Weights are kept as uint8 codes of their square root, ``round(255 * sqrt(p))``: one byte each,
with fine steps near 0 where most weights lie. Dequantised, ``(code / 255) ** 2``, a value is
within ``2 * sqrt(p) * d + d**2`` of the original (d = 0.5 / 255), so a row of n weights still
sums to 1 within :func:`max_row_error` (n). On disk::

    <run>/attention/index.json                    model, inputs and their tokens, the snapshots
    <run>/attention/step-000000500.safetensors     one snapshot: "e00", "e01", ... uint8
                                                   (layers, heads, n, n); "outputs" (optional)

One file per snapshot, each written once (atomically), so saving at a checkpoint writes only the
new ones, never the whole history again; the index is rewritten atomically after them. When the
snapshots outgrow ``max_bytes``, every second one is dropped (the first and the latest stay).
"""

from __future__ import annotations

import json
import logging
import math
import threading
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import SafetensorError
from safetensors.numpy import load as load_tensors
from safetensors.numpy import save as save_tensors

from workbench.core.errors import CheckpointError
from workbench.core.fileio import atomic_write_bytes, atomic_write_text

log = logging.getLogger(__name__)

FORMAT = "workbench-attention-1"
QUANTISATION = "sqrt-uint8"
FOLDER = "attention"
_CODE_TO_WEIGHT = (np.arange(256, dtype=np.float32) / 255) ** 2


def quantise(att: torch.Tensor) -> np.ndarray:
    """Attention weights in 0..1 (any shape, any device) as uint8 square-root codes on the CPU."""
    return (att.float().clamp(0, 1).sqrt() * 255).round().to(torch.uint8).cpu().numpy()


def dequantise(codes: np.ndarray) -> np.ndarray:
    """Weights (float32) back from :func:`quantise` codes."""
    weights: np.ndarray = _CODE_TO_WEIGHT[codes]  # numpy types fancy indexing as Any
    return weights


def max_row_error(n: int) -> float:
    """How far from 1 a dequantised row of ``n`` weights can sum (worst case, see the module doc)."""
    d = 0.5 / 255
    return 2 * d * math.sqrt(n) + n * d * d


def snapshot_file(step: int) -> str:
    """The file name of the snapshot taken at ``step``."""
    return f"step-{step:09d}.safetensors"


@dataclass(frozen=True)
class ExampleInfo:
    """A probed input: a one-line label, the input itself (text or feature dict), its tokens and
    its true class ("" for regression and language models, and in runs recorded before it was kept)."""

    label: str
    input: Any
    tokens: list[str]
    answer: str = ""


@dataclass(frozen=True)
class ProbeMeta:
    """What the snapshots of a run show: the model's shape and the probed inputs."""

    kind: str  # "text", "lm" or "table" (explain.attention_kind)
    readout: str  # explain.readout_of
    task: str
    layers: int
    heads: int
    classes: list[str]
    examples: list[ExampleInfo]

    def to_dict(self) -> dict[str, Any]:
        """Plain data for index.json."""
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ProbeMeta:
        """Rebuild from :meth:`to_dict` output; raises CheckpointError when malformed."""
        try:
            examples = [ExampleInfo(str(e["label"]), e["input"], [str(t) for t in e["tokens"]],
                                    str(e.get("answer", "")))
                        for e in d["examples"]]
            return cls(str(d["kind"]), str(d["readout"]), str(d["task"]), int(d["layers"]),
                       int(d["heads"]), [str(c) for c in d["classes"]], examples)
        except (KeyError, TypeError, ValueError) as exc:
            raise CheckpointError(f"attention index is malformed: {exc!r}") from None


@dataclass(frozen=True)
class Snapshot:
    """The probed inputs' attention at one step; arrays are never changed once made."""

    step: int
    codes: tuple[np.ndarray, ...]  # per input: uint8 (layers, heads, n, n)
    outputs: np.ndarray | None = None  # class probabilities (E, C) or regression predictions (E,)

    def attention(self, example: int) -> np.ndarray:
        """Input ``example``'s weights, float32 (layers, heads, n, n)."""
        return dequantise(self.codes[example])

    @property
    def nbytes(self) -> int:
        """Memory held by the arrays."""
        return sum(c.nbytes for c in self.codes) + (0 if self.outputs is None else self.outputs.nbytes)


class SnapshotStore:
    """A run's snapshots, oldest first. One thread may add while others read (all under a lock)."""

    def __init__(self, meta: ProbeMeta, max_bytes: int = 32_000_000) -> None:
        self.meta = meta
        self.max_bytes = max_bytes
        self._lock = threading.Lock()
        self._snapshots: list[Snapshot] = []
        self._saved: set[int] = set()
        self.dirty = False

    def __len__(self) -> int:
        with self._lock:
            return len(self._snapshots)

    @property
    def nbytes(self) -> int:
        """Memory held by all snapshots."""
        with self._lock:
            return sum(s.nbytes for s in self._snapshots)

    def add(self, snapshot: Snapshot) -> bool:
        """Append ``snapshot`` (replacing one of the same step); True if older ones were thinned out."""
        with self._lock:
            snaps = [s for s in self._snapshots if s.step != snapshot.step] + [snapshot]
            thinned = False
            while sum(s.nbytes for s in snaps) > self.max_bytes and len(snaps) > 2:
                snaps = [*snaps[:-1][::2], snaps[-1]]
                thinned = True
            self._snapshots = snaps
            self.dirty = True
            return thinned

    def truncate(self, step: int) -> None:
        """Drop snapshots taken after ``step`` (a resumed run redoes those steps)."""
        with self._lock:
            self._snapshots = [s for s in self._snapshots if s.step <= step]
            self.dirty = True

    def steps(self) -> list[int]:
        """The step of each snapshot, oldest first."""
        with self._lock:
            return [s.step for s in self._snapshots]

    def all(self) -> list[Snapshot]:
        """Every snapshot, oldest first (a copy of the list)."""
        with self._lock:
            return list(self._snapshots)

    def get(self, index: int) -> Snapshot:
        """Snapshot number ``index`` (negative counts from the latest)."""
        with self._lock:
            return self._snapshots[index]

    def at_step(self, step: int) -> Snapshot | None:
        """The snapshot nearest to ``step`` (None when there are none)."""
        with self._lock:
            if not self._snapshots:
                return None
            return min(self._snapshots, key=lambda s: (abs(s.step - step), s.step))

    # --- disk -------------------------------------------------------------------------------
    def save(self, folder: str | Path) -> None:
        """Write the snapshots not yet on disk, then the index; delete files no longer listed."""
        folder = Path(folder)
        with self._lock:
            snaps, self.dirty = list(self._snapshots), False
        folder.mkdir(parents=True, exist_ok=True)
        for snap in snaps:
            if snap.step not in self._saved:
                tensors = {f"e{i:02d}": np.ascontiguousarray(c) for i, c in enumerate(snap.codes)}
                if snap.outputs is not None:
                    tensors["outputs"] = np.ascontiguousarray(snap.outputs, dtype=np.float32)
                atomic_write_bytes(folder / snapshot_file(snap.step),
                                   save_tensors(tensors, metadata={"format": FORMAT, "step": str(snap.step)}))
                self._saved.add(snap.step)
        index = {"format": FORMAT, "quantisation": QUANTISATION, **self.meta.to_dict(),
                 "snapshots": [{"step": s.step, "file": snapshot_file(s.step)} for s in snaps]}
        atomic_write_text(folder / "index.json", json.dumps(index, ensure_ascii=False, default=_jsonable))
        kept = {snapshot_file(s.step) for s in snaps}
        for path in folder.glob("step-*.safetensors"):
            if path.name not in kept:
                path.unlink(missing_ok=True)
        self._saved &= {s.step for s in snaps}

    @classmethod
    def load(cls, folder: str | Path, max_bytes: int = 1 << 40) -> SnapshotStore:
        """The snapshots saved in ``folder``; unreadable snapshot files are skipped.

        Raises CheckpointError when there is no readable index.
        """
        folder = Path(folder)
        try:
            index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CheckpointError(f"{folder} holds no attention snapshots") from None
        except (OSError, ValueError) as exc:
            raise CheckpointError(f"{folder / 'index.json'} is unreadable: {exc}") from None
        if not isinstance(index, dict) or index.get("format") != FORMAT \
                or index.get("quantisation") != QUANTISATION:
            raise CheckpointError(f"{folder / 'index.json'} is not a Workbench attention index ({FORMAT})")
        store = cls(ProbeMeta.from_dict(index), max_bytes)
        sizes = [len(e.tokens) for e in store.meta.examples]
        for entry in index.get("snapshots", []):
            snap = _read_snapshot(folder, entry, store.meta, sizes)
            if snap is not None:
                store._snapshots.append(snap)
                store._saved.add(snap.step)
        store._snapshots.sort(key=lambda s: s.step)
        return store


def _read_snapshot(folder: Path, entry: Any, meta: ProbeMeta, sizes: list[int]) -> Snapshot | None:
    try:
        step, name = int(entry["step"]), str(entry["file"])
        if Path(name).name != name:
            return None  # an index never points outside its folder
        tensors = load_tensors((folder / name).read_bytes())
        codes = tuple(tensors[f"e{i:02d}"] for i in range(len(sizes)))
    except (KeyError, TypeError, ValueError, OSError, SafetensorError) as exc:
        log.warning("skipping attention snapshot %r in %s: %s", entry, folder, exc)
        return None
    expected = [(meta.layers, meta.heads, n, n) for n in sizes]
    if [c.shape for c in codes] != expected or any(c.dtype != np.uint8 for c in codes):
        log.warning("skipping attention snapshot %s in %s: unexpected shapes", name, folder)
        return None
    return Snapshot(step, codes, tensors.get("outputs"))


def _jsonable(value: Any) -> Any:
    """JSON for what table rows hold besides plain Python values (numpy scalars, NaN)."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)
