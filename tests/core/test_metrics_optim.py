"""Metrics against hand-computed values; schedules' shapes and resumable state."""

from __future__ import annotations

import math

import pytest
import torch

from workbench.core import metrics as M
from workbench.core.config import OptimConfig
from workbench.core.optim import LRSchedule, build_optimizer


def test_classification_metrics_by_hand():
    y = torch.tensor([0, 0, 1, 1, 2, 2])
    pred = torch.tensor([0, 1, 1, 1, 2, 0])
    logits = torch.nn.functional.one_hot(pred, 3).float()
    m = M.classification_metrics(y, logits, ["a", "b", "c"])
    assert m["accuracy"] == pytest.approx(4 / 6)
    assert m["confusion"] == [[1, 1, 0], [0, 2, 0], [1, 0, 1]]
    # precision: a 1/2, b 2/3, c 1/1; recall: a 1/2, b 1, c 1/2
    assert m["precision"] == pytest.approx((0.5 + 2 / 3 + 1) / 3)
    assert m["recall"] == pytest.approx((0.5 + 1 + 0.5) / 3)
    f1 = [0.5, 0.8, 2 / 3]
    assert m["f1"] == pytest.approx(sum(f1) / 3)
    assert m["per_class"]["b"]["support"] == 2
    assert "roc_auc" not in m


def test_roc_auc_with_ties():
    y = torch.tensor([0, 0, 1, 1])
    assert M.roc_auc(y, torch.tensor([0.1, 0.4, 0.35, 0.8])) == pytest.approx(0.75)
    assert M.roc_auc(y, torch.tensor([0.5, 0.5, 0.5, 0.5])) == pytest.approx(0.5)
    assert M.roc_auc(torch.tensor([1, 1]), torch.tensor([0.2, 0.3])) is None


def test_regression_and_lm_metrics():
    m = M.regression_metrics(torch.tensor([1.0, 2.0, 3.0]), torch.tensor([1.0, 2.0, 4.0]))
    assert m["mse"] == pytest.approx(1 / 3)
    assert m["mae"] == pytest.approx(1 / 3)
    assert m["r2"] == pytest.approx(1 - (1 / 3) / (2 / 3))
    lm = M.lm_metrics(math.log(2) * 1.5, char_level=True)
    assert lm["bpc"] == pytest.approx(1.5)
    assert lm["perplexity"] == pytest.approx(2 ** 1.5)


def test_improvement_direction():
    assert M.is_improvement("accuracy", 0.8, 0.7)
    assert not M.is_improvement("loss", 0.8, 0.7)
    assert M.is_improvement("loss", 0.5, None)


@pytest.mark.parametrize("schedule", ["constant", "step", "cosine", "linear", "plateau"])
def test_schedules(schedule):
    cfg = OptimConfig(lr=1.0, schedule=schedule, warmup_steps=10, step_size=20, gamma=0.5, min_lr_ratio=0.1)
    s = LRSchedule(cfg, total_steps=110)
    assert s.lr_at(0) == pytest.approx(0.1)  # warm-up starts small
    assert s.lr_at(9) == pytest.approx(1.0)
    end = s.lr_at(109)
    expected = {"constant": 1.0, "step": 0.5 ** (109 // 20), "cosine": 0.1, "linear": 0.1, "plateau": 1.0}
    assert end == pytest.approx(expected[schedule], rel=1e-2)


def test_plateau_cuts_and_state_round_trips():
    s = LRSchedule(OptimConfig(lr=1.0, schedule="plateau", plateau_patience=2, gamma=0.1), 100)
    for v in (1.0, 0.9, 0.95, 0.96):
        s.observe(v)
    assert s.lr_at(50) == pytest.approx(0.1)
    t = LRSchedule(OptimConfig(lr=1.0, schedule="plateau", plateau_patience=2, gamma=0.1), 100)
    t.load_state_dict(s.state_dict())
    assert t.lr_at(50) == pytest.approx(0.1) and t.plateau_best == s.plateau_best


@pytest.mark.parametrize("name", ["sgd", "adam", "adamw", "rmsprop"])
def test_optimizers_step(name):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 8), torch.nn.LayerNorm(8), torch.nn.Linear(8, 1))
    opt = build_optimizer(OptimConfig(name=name, lr=0.05, nesterov=True), model)
    x, y = torch.randn(64, 4), torch.randn(64, 1)
    first = None
    for _ in range(30):
        loss = torch.nn.functional.mse_loss(model(x), y)
        first = first if first is not None else float(loss.detach())
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert float(loss.detach()) < first
    # Biases and norm weights get no weight decay.
    decays = sorted(g["weight_decay"] for g in opt.param_groups)
    assert decays[0] == 0.0


def test_default_threads_leave_a_core_for_the_window(monkeypatch):
    import os

    from workbench.core import device

    for cores, headless, windowed in [(2, 2, 1), (4, 4, 3), (16, 16, 15), (1, 1, 1)]:
        monkeypatch.setattr(os, "sched_getaffinity", lambda _pid, n=cores: set(range(n)), raising=False)
        assert device.default_threads(leave_one_free=False) == headless
        assert device.default_threads(leave_one_free=True) == windowed
