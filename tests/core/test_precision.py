"""``train.precision`` / ``train.compile`` / ``train.bf16`` (issue 17): the choice per device. The
GPU paths themselves (autocast, loss scaling, compile speed) need a CUDA card: only the choice
is tested here, and that a CPU run asked for them trains in float32 as before."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path

import pytest
import torch

from workbench.core import checkpoint as ckpt
from workbench.core import config as C
from workbench.core import precision as prec
from workbench.core.pipeline import prepare
from workbench.core.trainer import Trainer

CPU, CUDA = torch.device("cpu"), torch.device("cuda")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.usefixtures("one_thread")


@pytest.mark.parametrize(("asked", "bf16", "supported", "used"), [
    ("auto", False, True, "bf16"),    # a card with bf16: the fast default
    ("auto", False, False, "fp32"),   # an older card
    ("auto", True, False, "bf16"),    # the older switch, said outright, still means bf16
    ("fp32", True, True, "fp32"),     # an explicit precision wins over the older switch
    ("fp16", False, True, "fp16"),
    ("bf16", False, True, "bf16"),
])
def test_cuda_precision_choice(asked: str, bf16: bool, supported: bool, used: str) -> None:
    assert prec.choose(asked, bf16, CUDA, bf16_supported=supported) == used


@pytest.mark.parametrize("asked", prec.PRECISIONS)
def test_the_cpu_trains_in_fp32_whatever_is_asked(asked: str) -> None:
    assert prec.choose(asked, True, CPU) == "fp32"
    assert isinstance(prec.autocast(prec.choose(asked, True, CPU), CPU), nullcontext)
    assert not prec.scaler(asked, CPU).is_enabled()
    assert not prec.scaler("bf16", CUDA).is_enabled()  # only fp16 scales the loss


def test_a_cpu_run_asked_for_fp16_trains_as_fp32_and_checkpoints_no_cuda_state(tmp_path: Path) -> None:
    cfg = C.load(ROOT / "resources" / "examples" / "iris.toml")
    cfg.train.device, cfg.train.max_steps, cfg.train.baseline = "cpu", 3, False
    data = prepare(cfg)
    plain = Trainer(cfg, data)
    plain.fit()
    cfg.train.precision, cfg.train.compile = "fp16", False
    asked = Trainer(cfg, data)
    assert asked.precision == "fp32" and asked.forward_model is asked.model
    asked.fit()
    for a, b in zip(plain.model.parameters(), asked.model.parameters(), strict=True):
        assert torch.equal(a, b)
    ckpt.save_checkpoint(tmp_path / "c.safetensors", asked.model, asked.optimizer, {"step": 3})
    tensors, _ = ckpt.load_checkpoint(tmp_path / "c.safetensors")
    assert "rng.torch" in tensors and "rng.cuda" not in tensors  # CUDA state only from a GPU run


def test_mfu_estimate_from_known_cards() -> None:
    assert prec.peak_flops("NVIDIA H100 80GB HBM3") == 989e12
    assert prec.peak_flops("NVIDIA H100 PCIe") == 756e12
    assert prec.peak_flops("NVIDIA GeForce GTX 1080") is None  # unknown: no MFU shown
    assert prec.device_peak("cpu") is None
    # 10.8 M parameters at 100k tokens/s on an H200: 6.5 TFLOP/s of 989, about 0.66 %.
    assert prec.mfu(10_800_000, 100_000, 989e12) == pytest.approx(0.00655, rel=1e-2)
