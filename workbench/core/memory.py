"""The memory guard: refuse a model that cannot fit before a single weight is allocated.

``check_fits`` compares ``models.estimate`` (weights, gradients, optimizer state and one batch's
activations: an upper bound) with the memory free where the run will train: the GPU's free
memory for a CUDA device (``torch.cuda.mem_get_info``), otherwise the machine's available RAM
(``MemAvailable`` in /proc/meminfo, else ``os.sysconf``). Where neither can be read it allows the
run rather than guess. The refusal names the settings that shrink the estimate most, so the user
knows what to lower.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.errors import ConfigError
from workbench.core.problems import Problem

if TYPE_CHECKING:
    import torch

    from workbench.core.config import RunConfig
    from workbench.core.models import ModelSpec

__all__ = ["available_bytes", "check_fits", "fit_batch", "fit_problem", "ram_available"]

_MEMINFO = Path("/proc/meminfo")
# What shrinks each kind of model: its width and depth first, then what a batch holds.
_SHRINK: dict[str, tuple[tuple[str, str], ...]] = {
    "mlp": (("model", "hidden"), ("train", "batch_size")),
    "transformer": (("model", "d_model"), ("model", "n_layers"), ("data", "max_length"),
                    ("train", "batch_size")),
    "gpt": (("model", "d_model"), ("model", "n_layers"), ("model", "block_size"), ("train", "batch_size")),
    "ft_transformer": (("model", "d_model"), ("model", "n_layers"), ("train", "batch_size")),
    "bag": (("model", "d_model"), ("data", "vocab_size"), ("data", "max_length"), ("train", "batch_size")),
}
_ANY_KIND = (("model", "d_model"), ("train", "batch_size"))


def ram_available() -> int | None:
    """Bytes of RAM a new allocation can get without swapping, or None where it cannot be read."""
    try:
        for line in _MEMINFO.read_text(encoding="ascii").splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


def available_bytes(device: torch.device) -> tuple[int | None, str]:
    """Free memory where ``device`` trains, and what it is called in a message ("this machine")."""
    if device.type == "cuda":
        import torch

        try:
            free, _total = torch.cuda.mem_get_info(device)
        except (RuntimeError, AssertionError):
            return None, "the GPU"
        return int(free), f"the GPU ({device})"
    # Apple's GPU shares the machine's memory.
    return ram_available(), "this machine"


def fit_problem(cfg: RunConfig, spec: ModelSpec, device: torch.device,
                available: int | None = None) -> Problem | None:
    """Why ``cfg``'s model cannot train on ``device`` for lack of memory, or None when it fits.

    ``available`` overrides the free memory found (for tests and callers that know better).
    """
    from workbench.core.models import estimate, format_bytes, resolve_kind

    where = "this machine"
    if available is None:
        available, where = available_bytes(device)
    if available is None:
        return None
    need = estimate(cfg, spec).train_bytes
    if need <= available:
        return None
    kind = resolve_kind(cfg.model, spec.task)
    shrink = _SHRINK.get(kind, _ANY_KIND)
    names = [f"{{{section}.{name}}}" for section, name in shrink]
    lower = ", ".join(names[:-1]) + f" or {names[-1]}" if len(names) > 1 else names[0]
    section, name = shrink[0]
    message = (f"the model would need about {format_bytes(need)} of memory to train; {where} has "
               f"{format_bytes(available)} free: lower {lower}")
    return Problem(section, name, message, tuple(shrink[1:]))


def fit_batch(cfg: RunConfig, spec: ModelSpec, *, keep_batch: bool = False) -> tuple[int, Problem | None]:
    """Halve ``cfg.train.batch_size`` (unless ``keep_batch``) until the model fits where it trains.

    Returns the batch size it started from and what is still too big (None once it fits). A
    device that is not here is left for training to report.
    """
    from workbench.core.device import resolve_device

    t = cfg.train
    first = t.batch_size
    try:
        device = resolve_device(t.device)
    except ConfigError:
        return first, None
    problem = fit_problem(cfg, spec, device)
    while problem is not None and t.batch_size > 1 and not keep_batch:
        t.batch_size //= 2
        problem = fit_problem(cfg, spec, device)
    return first, problem


def check_fits(cfg: RunConfig, spec: ModelSpec, device: torch.device | None = None) -> None:
    """Raise ConfigError (naming the settings to lower) when the model cannot fit; see ``fit_problem``.

    ``device`` defaults to where ``[train] device`` trains.
    """
    from workbench.core.device import resolve_device

    problem = fit_problem(cfg, spec, device if device is not None else resolve_device(cfg.train.device))
    if problem is not None:
        raise ConfigError([problem])
