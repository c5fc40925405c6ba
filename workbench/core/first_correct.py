"""The step at which the model first answers a probed example correctly, as a run story event.

The attention probe (``core.probe``) keeps, at each snapshot, the class probabilities of a few
validation examples and (since runs record it) each example's true class. An example the model
got wrong at the first snapshot and right at the last one has a moment worth pinning on the loss
chart: the first snapshot at which its most probable class was the true one. At most ``LIMIT``
such events are made (the examples in the probe's order), so the chart stays readable.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from workbench.core.run_story import StoryEvent
from workbench.core.snapshots import ProbeMeta, Snapshot

KIND = "first_correct"
CAPTION = "first answers “{example}” right: {answer}"  # core.catalogue.training translates it
LIMIT = 3
PREVIEW = 24  # characters of the example in a caption


def _preview(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= PREVIEW else text[: PREVIEW - 1] + "…"


def first_correct_events(meta: ProbeMeta, snapshots: Sequence[Snapshot],
                         limit: int = LIMIT) -> list[StoryEvent]:
    """One event per probed example learnt during the run (wrong at the first snapshot, right at
    the last), at the first step its prediction was right; by step. Classification only."""
    classes = list(meta.classes)
    shots = sorted((s for s in snapshots if s.outputs is not None and np.ndim(s.outputs) == 2),
                   key=lambda s: s.step)
    outputs = [np.asarray(s.outputs) for s in shots]
    if not classes or len(shots) < 2:
        return []
    events = []
    for i, example in enumerate(meta.examples):
        if example.answer not in classes:
            continue
        truth = classes.index(example.answer)
        right = [i < len(out) and int(np.argmax(out[i])) == truth for out in outputs]
        if right[0] or not right[-1]:
            continue
        step = shots[right.index(True)].step
        events.append(StoryEvent(step, KIND, CAPTION.format(example=_preview(example.label),
                                                             answer=example.answer)))
        if len(events) == limit:
            break
    return sorted(events, key=lambda e: e.step)
