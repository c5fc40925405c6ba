"""TensorBoard logs (``[log] tensorboard = true``): read back with TensorBoard's own reader, they
hold the run's curves at the run's steps and its attention snapshots as images; off by default.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from workbench.core import config as C
from workbench.core import tblog
from workbench.core.errors import ConfigError
from workbench.core.pipeline import start_run
from workbench.core.probe import AttentionProbe

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"

pytestmark = [pytest.mark.usefixtures("one_thread"),
              pytest.mark.skipif(tblog.tensorboard_missing(), reason="TensorBoard logs need the tensorboard "
                                 'package: pip install "workbench[tensorboard]"')]


def make_cfg(tmp_path: Path, kind: str, tensorboard: bool = True) -> C.RunConfig:
    if kind == "gpt":
        text = (DATASETS / "shakespeare_1mb.txt").read_text(encoding="utf-8")[:4000]
        (tmp_path / "lm.txt").write_text(text, encoding="utf-8")
        data = {"path": str(tmp_path / "lm.txt"), "tokenizer": "char", "lowercase": False,
                "test_fraction": 0.0}
        model = {"kind": "gpt", "d_model": 16, "n_layers": 2, "n_heads": 2, "block_size": 16}
        train = {"batch_size": 4, "eval_batches": 2, "sample_length": 20}
    else:
        data = {"path": str(DATASETS / "iris.csv"), "target": "species"}
        model, train = {"kind": "mlp", "hidden": [8]}, {"batch_size": 16, "sample_length": 0}
    return C.from_dict({"name": kind, "data": data, "model": model, "optim": {"schedule": "cosine"},
                        "train": {"device": "cpu", "log_interval": 1, "max_steps": 6, "eval_interval": 3,
                                  "baseline": False, **train},
                        "log": {"tensorboard": tensorboard}})


def read_back(run_path: Path) -> Any:
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    acc = EventAccumulator(str(run_path / "tensorboard"), size_guidance={"scalars": 0, "images": 0})
    acc.Reload()
    return acc


def records(run_path: Path, kind: str) -> list[dict[str, Any]]:
    lines = (run_path / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
    return [r for r in map(json.loads, lines) if r["kind"] == kind]


def test_a_language_model_run_logs_its_curves_samples_and_attention(tmp_path: Path) -> None:
    trainer = start_run(make_cfg(tmp_path, "gpt"), tmp_path / "runs",
                        callbacks=[AttentionProbe(every=3, keep_copy=False)])
    trainer.fit()
    acc = read_back(trainer.run_dir.path)
    tags = acc.Tags()
    expected = {"train/loss", "train/lr", "train/tokens_per_s", "val/loss", "val/perplexity"}
    assert expected <= set(tags["scalars"])
    train, evals = records(trainer.run_dir.path, "train"), records(trainer.run_dir.path, "eval")
    # the same values at the same steps as metrics.jsonl (float32 in the event file)
    assert [e.step for e in acc.Scalars("train/loss")] == [r["step"] for r in train]
    assert [e.value for e in acc.Scalars("train/loss")] == pytest.approx([r["loss"] for r in train], rel=1e-6)
    assert [e.step for e in acc.Scalars("train/lr")] == [1, 2, 3, 4, 5, 6]
    assert [e.step for e in acc.Scalars("val/loss")] == [r["step"] for r in evals] == [3, 6]
    assert len({round(e.value, 8) for e in acc.Scalars("train/lr")}) > 1  # the cosine schedule moves it
    assert [e.step for e in acc.Scalars("final/val/loss")] == [6]
    assert "val/sample/text_summary" in tags["tensors"]

    from PIL import Image

    images = acc.Images("attention/example_0")
    assert [e.step for e in images] == [0, 3, 6]  # fit start, every 3 steps, fit end
    picture = np.asarray(Image.open(io.BytesIO(images[-1].encoded_image_string)))
    cell = 32  # 16 tokens enlarged twice, 2 pixels between heatmaps: 2 layers x 2 heads
    assert picture.shape[:2] == (images[-1].height, images[-1].width) == (2 * cell + 2, 2 * cell + 2)
    future = picture[0, cell - 1, :3]  # first query, last key: a causal model gives it no weight
    assert tuple(future) == tuple(tblog.colour(np.zeros(1))[0])


def test_a_table_run_logs_its_metrics_and_no_attention(tmp_path: Path) -> None:
    trainer = start_run(make_cfg(tmp_path, "mlp"), tmp_path / "runs")
    trainer.fit()
    acc = read_back(trainer.run_dir.path)
    assert {"train/loss", "val/accuracy", "val/f1", "final/test/accuracy"} <= set(acc.Tags()["scalars"])
    assert acc.Tags()["images"] == []
    accuracy = [r["accuracy"] for r in records(trainer.run_dir.path, "eval")]
    assert [e.value for e in acc.Scalars("val/accuracy")] == pytest.approx(accuracy)


def test_off_by_default_and_round_trips_through_toml(tmp_path: Path) -> None:
    assert C.RunConfig().log.tensorboard is False
    trainer = start_run(make_cfg(tmp_path, "mlp", tensorboard=False), tmp_path / "runs")
    trainer.fit()
    assert not (trainer.run_dir.path / "tensorboard").exists()
    cfg = make_cfg(tmp_path, "mlp")
    C.save(cfg, tmp_path / "setup.toml")
    assert "[log]\ntensorboard = true" in (tmp_path / "setup.toml").read_text(encoding="utf-8")
    assert C.load(tmp_path / "setup.toml").log.tensorboard is True
    with pytest.raises(ConfigError, match=r"tensorboard.*must be true or false"):
        C.from_dict({"log": {"tensorboard": "yes"}})


def test_without_the_package_the_run_stops_before_it_starts(tmp_path: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tblog, "tensorboard_missing", lambda: True)
    with pytest.raises(ConfigError, match=r'pip install "workbench\[tensorboard\]"'):
        start_run(make_cfg(tmp_path, "mlp"), tmp_path / "runs")
    assert not (tmp_path / "runs").exists() or not any((tmp_path / "runs").iterdir())
