"""What each head does at a snapshot of a run's timeline (``core.head_patterns`` over a store).

Only the top-left ``head_patterns.MAX_TOKENS`` square of each stored map is decoded, and only for
the snapshots the backward scan reaches that are not already labelled (``Memo``), so following a
live run labels each new snapshot once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.core.head_patterns import MAX_TOKENS, Labels, label_timeline

if TYPE_CHECKING:  # snapshots import torch, which the first window does without
    from workbench.core.snapshots import Snapshot, SnapshotStore


class _Maps(Sequence[np.ndarray]):
    """A snapshot's maps, one per probed example, decoded (and cut) only when read."""

    def __init__(self, snap: Snapshot) -> None:
        self._snap = snap

    def __len__(self) -> int:
        return len(self._snap.codes)

    def __getitem__(self, index: Any) -> Any:
        from workbench.core.snapshots import dequantise

        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        return dequantise(self._snap.codes[index][..., :MAX_TOKENS, :MAX_TOKENS])


class _Timeline(Sequence[tuple[int, Sequence[np.ndarray]]]):
    """The snapshots of ``store`` up to ``step``, oldest first, as (step, lazily decoded maps)."""

    def __init__(self, store: SnapshotStore, step: int) -> None:
        self._store = store
        self._count = sum(1 for s in store.steps() if s <= step)

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(self._count))]
        snap = self._store.get(index if index >= 0 else self._count + index)
        return snap.step, _Maps(snap)


def labels_at(store: SnapshotStore, step: int, memo: dict[int, Labels] | None = None) -> Labels:
    """The labels of every head at ``step``, each with the step from which it held until then;
    ``memo`` keeps each snapshot's own labels between calls (one per store)."""
    meta = store.meta
    tokens = [e.tokens for e in meta.examples]
    return label_timeline(_Timeline(store, step), meta.readout == "causal", tokens, memo)
