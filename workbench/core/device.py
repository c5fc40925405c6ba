"""Choosing the device and the CPU thread count."""

from __future__ import annotations

import torch

from workbench.core import threads
from workbench.core.cpus import default_threads
from workbench.core.errors import ConfigError

__all__ = ["available_devices", "configure_threads", "default_threads", "describe_device", "resolve_device"]


def available_devices() -> list[str]:
    """Devices a user can pick: 'auto', 'cpu', each CUDA GPU, and 'mps' on Apple silicon."""
    names = ["auto", "cpu"]
    if torch.cuda.is_available():
        names += [f"cuda:{i}" for i in range(torch.cuda.device_count())]
    if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
        names.append("mps")
    return names


def describe_device(name: str) -> str:
    """A human label, e.g. 'cuda:0 (NVIDIA H200)'."""
    if name.startswith("cuda") and torch.cuda.is_available():
        index = int(name.split(":")[1]) if ":" in name else 0
        return f"{name} ({torch.cuda.get_device_name(index)})"
    return name


def resolve_device(name: str) -> torch.device:
    """'auto' means CUDA, then Apple MPS, then the CPU; a named device must exist."""
    if name == "auto":
        if torch.cuda.is_available():
            return torch.device("cuda")
        if getattr(torch.backends, "mps", None) is not None and torch.backends.mps.is_available():
            return torch.device("mps")
        return torch.device("cpu")
    try:
        device = torch.device(name)
    except RuntimeError:
        problem = f"[train] device {name!r} is not a device name (try auto, cpu, cuda, mps)"
        raise ConfigError([problem]) from None
    if device.type == "cuda" and not torch.cuda.is_available():
        raise ConfigError([f"[train] device {name!r}: no CUDA GPU is available here; use 'auto' or 'cpu'"])
    if device.type == "cuda" and device.index is not None and device.index >= torch.cuda.device_count():
        raise ConfigError([f"[train] device {name!r}: there are only {torch.cuda.device_count()} GPUs"])
    if device.type == "mps" and not torch.backends.mps.is_available():
        raise ConfigError([f"[train] device {name!r}: Apple's GPU (MPS) is not available here"])
    return device


def configure_threads(requested: int, leave_one_free: bool, flops_per_step: float | None = None) -> int:
    """Set torch's intra-op threads: ``requested``, or with 0 the count ``core.threads`` chooses for
    work of ``flops_per_step`` (None: not known yet) on this machine now; returns the number used.

    Also records the policy, which a Trainer then follows once it knows its model's work.
    """
    threads.set_policy(requested, leave_one_free)
    return threads.use_threads(flops_per_step)
