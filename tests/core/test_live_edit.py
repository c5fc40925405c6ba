"""Settings changed while a run is paused (``core.live_edit``): taken at the next step, recorded."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from workbench.core import config as C
from workbench.core.callbacks import Callback
from workbench.core.continuation import RECORD_KIND
from workbench.core.errors import ConfigError
from workbench.core.history import read_run
from workbench.core.live_edit import ConfigChange, edited_config
from workbench.core.pipeline import start_run

ROOT = Path(__file__).resolve().parents[2]
IRIS = ROOT / "resources" / "examples" / "iris.toml"

pytestmark = pytest.mark.usefixtures("one_thread")


class _EditAt(Callback):
    """Leaves ``values`` on the run's token after step ``at``, as the window does while paused."""

    def __init__(self, at: int, values: dict[str, Any]) -> None:
        self.at, self.values = at, values
        self.events: list[Any] = []

    def on_step_end(self, trainer: Any, step: int) -> None:
        if step == self.at:
            trainer.cancel.request_changes(self.values)

    def on_event(self, trainer: Any, event: Any) -> None:
        if isinstance(event, ConfigChange):
            self.events.append(event)


def _run(tmp_path: Path, values: dict[str, Any], schedule: str = "constant") -> tuple[Any, _EditAt]:
    cfg = C.load(IRIS)
    cfg.train.max_steps, cfg.train.log_interval, cfg.train.num_threads, cfg.train.baseline = 12, 1, 1, False
    cfg.optim.schedule = schedule
    edit = _EditAt(4, values)
    trainer = start_run(cfg, tmp_path / "runs", callbacks=[edit])
    trainer.fit()
    return trainer, edit


def test_changes_are_taken_at_the_next_step_and_recorded(tmp_path: Path) -> None:
    trainer, edit = _run(tmp_path, {"optim.lr": 0.002, "optim.weight_decay": 0.1, "optim.grad_clip": 0.5})
    lines = [json.loads(x) for x in (trainer.run_dir.path / "metrics.jsonl").read_text("utf-8").splitlines()]
    lrs = {r["step"]: r["lr"] for r in lines if "lr" in r}
    assert [lrs[s] for s in range(1, 13)] == [0.01] * 4 + [0.002] * 8  # from the 5th step on
    [record] = [r for r in lines if r.get("kind") == RECORD_KIND]
    assert record == {"kind": RECORD_KIND, "step": 4, "changes": {
        "optim.grad_clip": {"from": 1.0, "to": 0.5}, "optim.lr": {"from": 0.01, "to": 0.002},
        "optim.weight_decay": {"from": 0.0001, "to": 0.1}}}
    assert [(e.step, e.caption) for e in edit.events] == [
        (4, "settings changed: clipping 1 → 0.5, lr 0.01 → 0.002, weight decay 0.0001 → 0.1")]
    decays = sorted(g["weight_decay"] for g in trainer.optimizer.param_groups)
    assert decays == [0.0, 0.1]  # biases keep none
    assert trainer.cfg.optim.grad_clip == 0.5
    assert C.load(trainer.run_dir.path / "config.toml").optim.lr == 0.002
    assert read_run(trainer.run_dir.path).changes == edit.events


def test_a_schedule_change_keeps_the_steps_already_taken(tmp_path: Path) -> None:
    trainer, _ = _run(tmp_path, {"optim.min_lr_ratio": 0.5}, schedule="linear")
    lines = [json.loads(x) for x in (trainer.run_dir.path / "metrics.jsonl").read_text("utf-8").splitlines()]
    lrs = [r["lr"] for r in lines if "lr" in r]
    assert lrs[-1] == pytest.approx(0.005)  # linear to half the rate, not a tenth
    assert lrs[:4] == pytest.approx([0.01 + (0.001 - 0.01) * s / 11 for s in range(4)])


def test_only_the_safe_settings_may_change_and_only_to_valid_values() -> None:
    cfg = C.RunConfig()
    with pytest.raises(ConfigError, match=r"batch_size.*cannot change while a run is paused"):
        edited_config(cfg, {"train.batch_size": 8})
    with pytest.raises(ConfigError, match=r"optim.*lr"):
        edited_config(cfg, {"optim.lr": -1.0})
    new, changes = edited_config(cfg, {"optim.lr": 0.0005, "optim.schedule": "cosine"})
    assert changes == {"optim.lr": (0.001, 0.0005)} and new.optim.lr == 0.0005 and cfg.optim.lr == 0.001
