"""Numeric precision and compilation of the training forward pass (``train.precision``,
``train.compile``), chosen per device.

* ``precision = "auto"``: bfloat16 autocast on a CUDA card that supports it, float32 everywhere
  else (the CPU and Apple's GPU train in float32: autocast there is slower or unsupported).
  The older ``train.bf16 = true`` still asks for bfloat16 (on CUDA) when precision is "auto".
* ``"bf16"`` / ``"fp16"`` are CUDA-only; asked for elsewhere they fall back to float32 (the summary's
  device says where the run went). fp16 scales the loss (``torch.amp.GradScaler``) so small
  gradients do not underflow; the scaler's state is not checkpointed (it recalibrates in a few steps).
* ``compile = true``: the training forward goes through ``torch.compile`` (a one-off compile of
  seconds to minutes, then faster steps on a GPU); evaluation, sampling and checkpoints use the
  plain module, so a checkpoint is the same whichever way it trained.
"""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from typing import Any

import torch

PRECISIONS = ("auto", "fp32", "bf16", "fp16")
_DTYPES = {"bf16": torch.bfloat16, "fp16": torch.float16}


def choose(precision: str, bf16: bool, device: torch.device, bf16_supported: bool | None = None) -> str:
    """The precision a run on ``device`` uses: "fp32", "bf16" or "fp16" (see the module docstring).

    ``bf16_supported`` is the card's answer (None: ask torch)."""
    if device.type != "cuda":
        return "fp32"
    if precision == "auto":
        if bf16:  # the older switch, said outright
            return "bf16"
        if bf16_supported is None:
            bf16_supported = bool(torch.cuda.is_bf16_supported())
        return "bf16" if bf16_supported else "fp32"
    return precision if precision in _DTYPES else "fp32"


def autocast(precision: str, device: torch.device) -> AbstractContextManager[Any]:
    """The context training and evaluation forward passes run in."""
    dtype = _DTYPES.get(precision)
    if dtype is None or device.type != "cuda":
        return nullcontext()
    return torch.autocast("cuda", dtype=dtype)


def scaler(precision: str, device: torch.device) -> torch.amp.GradScaler:
    """The loss scaler: active for fp16 only (a disabled one passes the loss and step through)."""
    return torch.amp.GradScaler(device.type if device.type == "cuda" else "cpu",
                                enabled=precision == "fp16" and device.type == "cuda")


def compiled(model: torch.nn.Module, wanted: bool) -> Any:
    """``model`` through ``torch.compile`` when ``wanted``; else the model itself."""
    return torch.compile(model) if wanted else model


#: Dense bf16/fp16 tensor-core peaks (FLOP/s, no sparsity) of known cards, by a piece of the name
#: torch reports; the first piece found wins, so the more specific names come first.
PEAKS = (("H100 PCIe", 756e12), ("H200", 989e12), ("H100", 989e12), ("GH200", 989e12), ("A100", 312e12),
         ("L40S", 362e12), ("L40", 181e12), ("L4", 121e12), ("A10", 125e12), ("4090", 165e12),
         ("3090", 71e12), ("V100", 125e12), ("T4", 65e12))


def peak_flops(card: str) -> float | None:
    """The peak of the card named ``card`` (e.g. "NVIDIA H100 80GB HBM3"); None when not known."""
    return next((peak for piece, peak in PEAKS if piece in card), None)


def device_peak(device: str) -> float | None:
    """The peak of the CUDA device ``device`` ("cuda", "cuda:1") trains on; None off CUDA or unknown."""
    if not device.startswith("cuda") or not torch.cuda.is_available():
        return None
    return peak_flops(torch.cuda.get_device_name(torch.device(device)))


def mfu(params: int, tokens_per_s: float, peak: float) -> float:
    """Model FLOPs utilisation, estimated as 6 × parameters × tokens/s over the card's peak (the
    attention's own FLOPs left out: a slight underestimate for long contexts)."""
    return 6.0 * params * tokens_per_s / peak
