"""The run story's "first answers an example right" events: from the probe's snapshots, synthetic
and from a real run whose snapshots keep each probed example's true class."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from workbench.core import config as C
from workbench.core.first_correct import first_correct_events
from workbench.core.pipeline import start_run
from workbench.core.probe import AttentionProbe
from workbench.core.snapshots import ExampleInfo, ProbeMeta, Snapshot, SnapshotStore

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"


def _snap(step: int, probs: list[list[float]]) -> Snapshot:
    return Snapshot(step, (), np.array(probs, dtype=np.float32))


def _meta(answers: list[str]) -> ProbeMeta:
    examples = [ExampleInfo(f"example number {i} with a long text", f"text {i}", ["t"], a)
                for i, a in enumerate(answers)]
    return ProbeMeta("text", "mean", "text_classification", 1, 1, ["neg", "pos"], examples)


def test_an_example_learnt_during_the_run_is_pinned_where_it_first_came_out_right() -> None:
    meta = _meta(["pos", "neg", "pos", ""])
    shots = [_snap(0, [[.6, .4], [.7, .3], [.6, .4], [.5, .5]]),   # 0 wrong, 1 already right, 2 wrong
             _snap(10, [[.6, .4], [.6, .4], [.4, .6], [.5, .5]]),  # 2 right at 10
             _snap(20, [[.3, .7], [.8, .2], [.7, .3], [.5, .5]]),  # 0 right at 20; 2 wrong again
             _snap(30, [[.2, .8], [.9, .1], [.2, .8], [.5, .5]])]
    events = first_correct_events(meta, shots)
    assert [(e.step, e.kind) for e in events] == [(10, "first_correct"), (20, "first_correct")]
    assert events[0].caption == "first answers “example number 2 with a…” right: pos"
    # Right from the start (example 1), never right at the end, or no known class: no event.
    assert first_correct_events(meta, shots[:1]) == []
    assert first_correct_events(meta, shots, limit=1) == [events[1]]  # the first in the probe's order


def test_regression_and_language_models_have_no_such_event() -> None:
    meta = ProbeMeta("lm", "next", "language_modeling", 1, 1, [], [ExampleInfo("a", "a", ["a"])])
    assert first_correct_events(meta, [Snapshot(0, ()), Snapshot(5, ())]) == []


@pytest.mark.usefixtures("one_thread")
def test_a_real_run_records_the_true_classes_and_finds_what_it_learnt(tmp_path: Path) -> None:
    raw = {"name": "iris", "data": {"path": str(DATASETS / "iris.csv"), "target": "species"},
           "model": {"kind": "ft_transformer", "d_model": 16, "n_layers": 1, "n_heads": 2, "dropout": 0.0},
           "optim": {"lr": 0.01, "schedule": "constant"},
           "train": {"device": "cpu", "batch_size": 16, "epochs": 15, "sample_length": 0, "num_threads": 1,
                     "eval_interval": 20}}
    probe = AttentionProbe(every=5)
    trainer = start_run(C.from_dict(raw), tmp_path, callbacks=[probe])
    trainer.fit()
    store = probe.store
    assert store is not None
    assert all(e.answer in ("setosa", "versicolor", "virginica") for e in store.meta.examples)
    back = SnapshotStore.load(trainer.run_dir.path / "attention", 10**8)  # the folder keeps them
    assert [e.answer for e in back.meta.examples] == [e.answer for e in store.meta.examples]
    events = first_correct_events(store.meta, store.all())
    for event in events:
        assert event.step in store.steps() and event.step > 0
