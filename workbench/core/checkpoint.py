"""Checkpoints as single safetensors files: weights, optimizer state, RNG state and JSON metadata.

One file per checkpoint, written atomically, so a crash at any moment leaves the previous one
readable. Nothing here unpickles: a pickle or ``.pt`` file offered as a checkpoint is refused.
"""

from __future__ import annotations

import json
import struct
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load, save

from workbench.core.errors import CheckpointError
from workbench.core.fileio import atomic_write_bytes

FORMAT = "workbench-checkpoint-1"
_PICKLE_SUFFIXES = {".pt", ".pth", ".pkl", ".pickle", ".ckpt", ".bin", ".joblib"}


def _flatten_optimizer(state: dict[str, Any]) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    tensors: dict[str, torch.Tensor] = {}
    scalars: dict[str, dict[str, Any]] = {}
    for idx, pstate in state["state"].items():
        for name, value in pstate.items():
            if isinstance(value, torch.Tensor):
                tensors[f"optim.{idx}.{name}"] = value.detach().cpu().contiguous()
            else:
                scalars.setdefault(str(idx), {})[name] = value
    groups = [{k: (list(v) if isinstance(v, tuple) else v) for k, v in g.items()}
              for g in state["param_groups"]]
    return tensors, {"param_groups": groups, "scalars": scalars}


def _unflatten_optimizer(tensors: dict[str, torch.Tensor], meta: dict[str, Any]) -> dict[str, Any]:
    state: dict[int, dict[str, Any]] = {}
    for key, value in tensors.items():
        if key.startswith("optim."):
            _, idx, name = key.split(".", 2)
            state.setdefault(int(idx), {})[name] = value
    for idx, scalars in meta.get("scalars", {}).items():
        state.setdefault(int(idx), {}).update(scalars)
    groups = []
    for g in meta["param_groups"]:
        g = dict(g)
        if "betas" in g:
            g["betas"] = tuple(g["betas"])
        groups.append(g)
    return {"state": state, "param_groups": groups}


def save_checkpoint(path: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer | None,
                    meta: dict[str, Any]) -> None:
    """Write model (+ optimizer, + CPU RNG) state and ``meta`` to ``path`` atomically."""
    tensors: dict[str, torch.Tensor] = {}
    seen: set[int] = set()
    for k, v in model.state_dict().items():
        v = v.detach().cpu().contiguous()
        # Tied weights (the GPT's embedding and output head) share storage; safetensors refuses
        # shared tensors, so the second name gets its own copy (load_state_dict re-ties them).
        if v.data_ptr() in seen:
            v = v.clone()
        seen.add(v.data_ptr())
        tensors[f"model.{k}"] = v
    full_meta = dict(meta)
    if optimizer is not None:
        opt_tensors, opt_meta = _flatten_optimizer(optimizer.state_dict())
        tensors.update(opt_tensors)
        full_meta["optimizer"] = opt_meta
    tensors["rng.torch"] = torch.get_rng_state()
    data = save(tensors, metadata={"format": FORMAT, "meta": json.dumps(full_meta)})
    atomic_write_bytes(Path(path), data)


def check_safe_file(path: Path) -> None:
    """Refuse anything that is not a safetensors file before reading it (no pickle, ever)."""
    path = Path(path)
    if not path.exists():
        raise CheckpointError(f"checkpoint not found: {path}")
    if path.is_dir():
        raise CheckpointError(f"{path} is a folder, not a checkpoint file")
    with path.open("rb") as fh:
        head = fh.read(9)
    # A safetensors file starts with its header length (8 bytes, little-endian) and then "{"; that
    # length's first byte may well be 0x80 or "PK", so the pickle signatures are tested only on files
    # that are not safetensors-shaped. Either way nothing is unpickled: the test picks the message.
    shaped = (len(head) == 9 and head[8:9] == b"{"
              and 8 + struct.unpack("<Q", head[:8])[0] <= path.stat().st_size)
    is_pickle = not shaped and (head[:1] == b"\x80" or head[:2] == b"PK")  # raw pickle, or torch's zip
    if path.suffix.lower() in _PICKLE_SUFFIXES or is_pickle:
        raise CheckpointError(
            f"{path.name} is a pickle/PyTorch file; Workbench never opens those because loading them "
            "can run code hidden in the file.", hint="Only .safetensors checkpoints are accepted.")
    if len(head) < 9:
        raise CheckpointError(f"{path.name} is truncated or empty; it is not a checkpoint")
    if not shaped:
        raise CheckpointError(f"{path.name} is not a safetensors checkpoint (corrupt or another format)")


def load_checkpoint(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, Any]]:
    """Read ``path``; returns (tensors, meta). Raises CheckpointError on any problem."""
    path = Path(path)
    check_safe_file(path)
    try:
        raw = path.read_bytes()
        tensors = load(raw)
        header_len = struct.unpack("<Q", raw[:8])[0]
        header = json.loads(raw[8:8 + header_len])
        metadata = header.get("__metadata__", {})
    except (SafetensorError, ValueError, struct.error, OSError) as exc:
        raise CheckpointError(f"{path.name} is corrupt or truncated: {exc}") from None
    if metadata.get("format") != FORMAT:
        raise CheckpointError(f"{path.name} is a safetensors file but not a Workbench checkpoint")
    try:
        meta = json.loads(metadata.get("meta", "{}"))
    except json.JSONDecodeError:
        meta = None
    if not isinstance(meta, dict):
        raise CheckpointError(f"{path.name} has corrupt metadata")
    return tensors, meta


def restore_model(model: torch.nn.Module, tensors: dict[str, torch.Tensor], name: str = "checkpoint") -> None:
    """Load model weights, with a clear error for missing, extra or mis-shaped tensors."""
    own = model.state_dict()
    stored = {k[len("model."):]: v for k, v in tensors.items() if k.startswith("model.")}
    missing = [k for k in own if k not in stored]
    extra = [k for k in stored if k not in own]
    if missing or extra:
        raise CheckpointError(
            f"{name} does not fit this model: {len(missing)} missing and {len(extra)} unexpected "
            f"weights (e.g. {(missing or extra)[0]}); it was saved from another model type or size")
    for key, value in stored.items():
        if tuple(value.shape) != tuple(own[key].shape):
            raise CheckpointError(
                f"{name} does not fit this model: weight '{key}' has shape {tuple(value.shape)}, "
                f"the model expects {tuple(own[key].shape)}")
    model.load_state_dict(stored)


def restore_optimizer(optimizer: torch.optim.Optimizer, tensors: dict[str, torch.Tensor],
                      meta: dict[str, Any]) -> None:
    """Load optimizer state saved by :func:`save_checkpoint`."""
    if "optimizer" not in meta:
        raise CheckpointError("the checkpoint holds no optimizer state; it cannot be resumed")
    try:
        optimizer.load_state_dict(_unflatten_optimizer(tensors, meta["optimizer"]))
    except (ValueError, KeyError, RuntimeError) as exc:
        raise CheckpointError(f"optimizer state does not match this setup: {exc}") from None
