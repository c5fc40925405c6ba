"""The attention probe and the attention summaries: snapshots, their storage, and that they cost
training nothing but time (same loss curve, same mode, same random numbers).

Runs are tiny (width 16, one layer, a few steps on slices of the bundled datasets).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import torch

from workbench.core import attention_maps as M
from workbench.core import config as C
from workbench.core import explain
from workbench.core.callbacks import Callback, CancelToken
from workbench.core.events import RunEvent
from workbench.core.pipeline import load_run, resume_run, start_run
from workbench.core.probe import AttentionProbe
from workbench.core.snapshots import (
    ExampleInfo,
    ProbeMeta,
    Snapshot,
    SnapshotStore,
    dequantise,
    max_row_error,
    quantise,
    snapshot_file,
)

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"


pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread


@pytest.fixture(scope="module")
def paths(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = tmp_path_factory.mktemp("data")
    pd.read_csv(DATASETS / "rt_polarity.csv").sample(200, random_state=0).to_csv(root / "rt.csv", index=False)
    text = (DATASETS / "shakespeare_1mb.txt").read_text(encoding="utf-8")[:5000]
    (root / "lm.txt").write_text(text, encoding="utf-8")
    return {"rt": str(root / "rt.csv"), "lm": str(root / "lm.txt"), "iris": str(DATASETS / "iris.csv")}


CASES: dict[str, dict[str, Any]] = {
    "text": {"data": {"path": "rt", "task": "text_classification", "target": "label", "text_column": "text",
                      "max_length": 24},
             "model": {"kind": "transformer", "d_model": 16, "n_layers": 2, "n_heads": 2, "pooling": "cls"},
             "train": {"batch_size": 32}},
    "lm": {"data": {"path": "lm", "tokenizer": "char", "lowercase": False, "test_fraction": 0.0},
           "model": {"kind": "gpt", "d_model": 16, "n_layers": 1, "n_heads": 2, "block_size": 16},
           "train": {"batch_size": 4, "eval_batches": 2}},
    "table": {"data": {"path": "iris", "target": "species"},
              "model": {"kind": "ft_transformer", "d_model": 16, "n_layers": 1, "n_heads": 2},
              "train": {"batch_size": 16}},
    "mlp": {"data": {"path": "iris", "target": "species"}, "model": {"kind": "mlp", "hidden": [8]},
            "train": {"batch_size": 16}},
}


def make_cfg(paths: dict[str, str], case: str, **train: Any) -> C.RunConfig:
    spec = CASES[case]
    return C.from_dict({
        "name": case, "data": {**spec["data"], "path": paths[spec["data"]["path"]]},
        "model": {"dropout": 0.2, **spec["model"]}, "optim": {"schedule": "constant"},
        "train": {"device": "cpu", "log_interval": 1, "sample_length": 0, "max_steps": 6,
                  "eval_interval": 3, **spec["train"], **train}})


def losses(run_dir: Any) -> list[float]:
    return [r["loss"] for r in run_dir.history() if r["kind"] == "train"]


class ModeSpy(Callback):
    """Records whether the model is training after every other callback's on_step_end."""

    def __init__(self) -> None:
        self.modes: list[bool] = []

    def on_step_end(self, trainer: Any, step: int) -> None:
        self.modes.append(trainer.model.training)


# --- quantisation ---------------------------------------------------------------------------
@pytest.mark.parametrize("n", [1, 7, 64, 512])
def test_dequantised_rows_sum_to_one_within_the_quantisation_error(n: int) -> None:
    rng = np.random.default_rng(n)
    rows = np.concatenate([rng.dirichlet(np.full(n, a), size=50) for a in (0.05, 1.0, 20.0)])
    back = dequantise(quantise(torch.from_numpy(rows)))
    assert back.dtype == np.float32 and back.shape == rows.shape
    assert np.abs(back.sum(axis=1) - 1).max() <= max_row_error(n)
    assert np.abs(back - rows).max() <= 2 * np.sqrt(rows.max()) * 0.5 / 255 + 1e-6


def test_certain_and_impossible_weights_survive_exactly() -> None:
    codes = quantise(torch.tensor([0.0, 1.0, 1e-7]))
    assert codes.tolist() == [0, 255, 0]
    assert dequantise(codes).tolist() == [0.0, 1.0, 0.0]


# --- the probe in a run ---------------------------------------------------------------------
@pytest.mark.parametrize("case", ["text", "lm", "table"])
def test_snapshots_are_taken_kept_and_read_back(paths: dict[str, str], tmp_path: Path, case: str) -> None:
    probe = AttentionProbe(every=2)
    seen: list[int] = []

    class Listener(Callback):
        def on_event(self, trainer: Any, event: RunEvent) -> None:
            if isinstance(event, Snapshot):
                seen.append(event.step)

    trainer = start_run(make_cfg(paths, case), tmp_path, callbacks=[probe, Listener()])
    trainer.fit()
    assert probe.error == ""
    store = probe.store
    assert store is not None
    assert store.steps() == seen == [0, 2, 4, 6]
    meta = store.meta
    assert meta.kind == {"text": "text", "lm": "lm", "table": "table"}[case]
    assert 1 <= len(meta.examples) <= 8
    for snap in (store.get(0), store.get(-1)):
        for i, example in enumerate(meta.examples):
            att = snap.attention(i)
            n = len(example.tokens)
            assert att.shape == (meta.layers, meta.heads, n, n)
            assert np.abs(att.sum(axis=-1) - 1).max() <= max_row_error(n)
            if case == "lm":
                assert not np.triu(att, 1).any()  # the causal triangle: no weight on later tokens
    if case == "text":
        assert meta.readout == "first" and all(e.tokens[0] == "[CLS]" for e in meta.examples)
        assert store.get(-1).outputs.shape == (len(meta.examples), 2)
    if case == "table":
        assert meta.examples[0].tokens[-1] == "[CLS]" and len(meta.examples[0].tokens) == 5
    folder = trainer.run_dir.path / "attention"
    assert sorted(p.name for p in folder.glob("*.safetensors")) == [snapshot_file(s) for s in [0, 2, 4, 6]]
    again = SnapshotStore.load(folder)
    assert again.meta == meta and again.steps() == store.steps()
    for a, b in zip((again.get(k) for k in range(4)), (store.get(k) for k in range(4))):
        assert all(np.array_equal(x, y) for x, y in zip(a.codes, b.codes))
        assert (a.outputs is None) == (b.outputs is None)
        if a.outputs is not None:
            np.testing.assert_array_equal(a.outputs, b.outputs)
    step, run = probe.live_run()
    live = dict(trainer.model.named_parameters())
    assert step == 6 and not run.model.training
    for name, p in run.model.named_parameters():  # an equal copy, sharing no memory
        assert p.device.type == "cpu" and torch.equal(p, live[name])
        assert p.data_ptr() != live[name].data_ptr() or p.numel() == 0


@pytest.mark.parametrize("case", ["text", "lm"])
def test_the_probe_changes_neither_the_loss_curve_nor_the_mode(paths: dict[str, str], tmp_path: Path,
                                                               case: str) -> None:
    plain = start_run(make_cfg(paths, case, max_steps=8), tmp_path / "plain")
    plain.fit()
    spy = ModeSpy()
    probed = start_run(make_cfg(paths, case, max_steps=8), tmp_path / "probed",
                       callbacks=[AttentionProbe(every=1), spy])
    probed.fit()
    assert len(probed.callbacks[1].store) == 9  # [0] is the trainer's thread governor
    assert losses(probed.run_dir) == losses(plain.run_dir)  # dropout is on: any RNG use would show
    assert spy.modes == [True] * 8


def test_the_interval_grows_to_keep_within_the_budget(paths: dict[str, str], tmp_path: Path) -> None:
    probe = AttentionProbe(budget=1e-9)  # no probe can be that cheap: the interval must grow
    trainer = start_run(make_cfg(paths, "text", max_steps=60, eval_interval=60), tmp_path, callbacks=[probe])
    trainer.fit()
    assert probe.every >= 1000
    assert probe.store.steps() == [0, 20, 60]  # the first, the one that measured, the final weights


def test_a_long_run_keeps_a_bounded_even_timeline() -> None:
    meta = ProbeMeta("lm", "causal", "language_modeling", 1, 1, [], [ExampleInfo("a", "a", ["a"] * 10)])
    store = SnapshotStore(meta, max_bytes=1000)  # room for 10 snapshots of 100 bytes
    step, every, thinned = 0, 10, 0
    while step <= 1000:  # what the probe does: double the interval whenever the store thins
        if store.add(Snapshot(step, (np.zeros((1, 1, 10, 10), np.uint8),))):
            every, thinned = every * 2, thinned + 1
        step += every
    steps = store.steps()
    assert store.nbytes <= 1000 and thinned >= 2
    assert steps[0] == 0 and len(set(np.diff(steps))) == 1  # evenly spaced from the first


def test_models_without_attention_are_left_alone(paths: dict[str, str], tmp_path: Path) -> None:
    probe = AttentionProbe(every=1)
    trainer = start_run(make_cfg(paths, "mlp"), tmp_path, callbacks=[probe])
    trainer.fit()
    assert probe.store is None and probe.error == "" and probe.context.kind is None
    assert not (trainer.run_dir.path / "attention").exists()


def test_a_resumed_run_continues_its_timeline(paths: dict[str, str], tmp_path: Path) -> None:
    class StopAt(Callback):
        def on_step_end(self, trainer: Any, step: int) -> None:
            if step == 4:
                trainer.cancel.cancel()

    cfg = make_cfg(paths, "text", max_steps=8, eval_interval=2)
    first = start_run(cfg, tmp_path, callbacks=[AttentionProbe(every=3), StopAt()], cancel=CancelToken())
    first.fit()
    assert first.callbacks[1].store.steps() == [0, 3, 4]  # [0]: the thread governor
    probe = AttentionProbe(every=3)
    resume_run(first.run_dir.path, callbacks=[probe]).fit()
    assert probe.store.steps() == [0, 3, 4, 6, 8]
    assert SnapshotStore.load(first.run_dir.path / "attention").steps() == [0, 3, 4, 6, 8]


def test_a_damaged_snapshot_is_skipped_and_a_bad_index_refused(paths: dict[str, str], tmp_path: Path) -> None:
    trainer = start_run(make_cfg(paths, "table"), tmp_path, callbacks=[AttentionProbe(every=3)])
    trainer.fit()
    folder = trainer.run_dir.path / "attention"
    (folder / snapshot_file(3)).write_bytes(b"not a safetensors file")
    assert SnapshotStore.load(folder).steps() == [0, 6]
    index = json.loads((folder / "index.json").read_text(encoding="utf-8"))
    (folder / "index.json").write_text(json.dumps({**index, "format": "pickle"}), encoding="utf-8")
    from workbench.core.errors import CheckpointError

    with pytest.raises(CheckpointError):
        SnapshotStore.load(folder)


# --- inspecting one input and the summaries ---------------------------------------------------
def test_typed_text_and_generation_on_a_loaded_run(paths: dict[str, str], tmp_path: Path) -> None:
    trainer = start_run(make_cfg(paths, "lm"), tmp_path)
    trainer.fit()
    run = load_run(trainer.run_dir.path)
    rng = torch.get_rng_state()
    result = explain.generate_and_inspect(run, "To be", 30, temperature=0.8, top_k=5)
    assert torch.equal(torch.get_rng_state(), rng)  # sampling never touches the global generator
    assert result.text.startswith("To be") and len(result.tokens) == 16  # the last context window
    assert np.allclose(result.attention.sum(-1), 1, atol=1e-5) and not np.triu(result.attention, 1).any()
    same = [explain.generate_and_inspect(run, "To be", 10, seed=3).text for _ in range(2)]
    assert same[0] == same[1]


def test_text_inspection_gives_probabilities_and_long_texts_are_cut(paths: dict[str, str],
                                                                   tmp_path: Path) -> None:
    trainer = start_run(make_cfg(paths, "text", max_steps=2), tmp_path)
    trainer.fit()
    run = load_run(trainer.run_dir.path)
    result = explain.inspect_input(run, "a warm , funny and moving film")
    assert result.tokens[0] == "[CLS]" and result.readout == "first"
    assert sum(result.probabilities.values()) == pytest.approx(1.0) and result.prediction in run.spec.classes
    assert np.allclose(result.attention.sum(-1), 1, atol=1e-5)
    long = explain.encode_input(run.model, run.spec, run.tokenizer, "good " * 100, max_tokens=10)
    assert len(long.tokens) == 10  # the CLS and 9 words


def test_summaries_sum_to_one_and_rollout_keeps_identity() -> None:
    rng = np.random.default_rng(0)
    att = rng.dirichlet(np.ones(6), size=(3, 2, 6)).astype(np.float32)  # (L, H, T, T)
    for readout in ("first", "last", "mean", "causal"):
        for method in ("average", "rollout", "head"):
            scores = M.token_scores(att, readout, method, layer=1, head=1)
            assert scores.shape == (6,) and scores.sum() == pytest.approx(1.0, abs=1e-5)
    eye = np.broadcast_to(np.eye(4, dtype=np.float32), (2, 3, 4, 4))
    np.testing.assert_allclose(M.rollout(eye), np.eye(4), atol=1e-6)
    assert M.feature_importance(att).shape == (5,)
    assert M.token_scores(att, "causal", "head", query=2, layer=0, head=1).tolist() == att[0, 1, 2].tolist()


def test_windows_and_labels() -> None:
    att = np.zeros((1, 1, 700, 700), np.float32)
    part, start = M.window(att, 600)
    assert part.shape == (1, 1, 512, 512) and start == 188
    assert M.window(att[..., :100, :100], 50)[1] == 0
    assert M.display_token(" ") == "␣" and M.display_token("\n") == "↵"
    assert M.display_token("\x07") == "\ufffd"
    assert M.display_token("<b>x</b>") == "<b>x</b>" and len(M.display_token("x" * 40)) == 14
    assert M.short_text({"a": 1, "b": None}) == "a=1, b=?"
