"""Checkpoints as single safetensors files: weights, optimizer state, RNG state and JSON metadata.

One file per checkpoint, written atomically, so a crash at any moment leaves the previous one
readable. Nothing here unpickles: a pickle or ``.pt`` file offered as a checkpoint is refused.
"""

from __future__ import annotations

import json
import math
import struct
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError
from safetensors.torch import load, save

from workbench.core.errors import CheckpointError
from workbench.core.fileio import atomic_write_bytes
from workbench.core.safepaths import check_file

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
    if torch.cuda.is_available() and torch.cuda.is_initialized():  # type: ignore[no-untyped-call]  # a GPU run
        tensors["rng.cuda"] = torch.cuda.get_rng_state()
    data = save(tensors, metadata={"format": FORMAT, "meta": json.dumps(full_meta)})
    atomic_write_bytes(Path(path), data)


def check_safe_file(path: Path) -> None:
    """Refuse anything that is not a safetensors file before reading it (no pickle, ever)."""
    path = Path(path)
    check_file(path, CheckpointError, what="checkpoint")  # never a pipe, a device or a link loop
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
    """Read ``path``; returns (tensors, meta). Raises CheckpointError on any problem.

    Every tensor is finite and the metadata's counters are in range (``validate_meta``): a file
    edited or damaged outside Workbench is refused here rather than predicting NaN later.
    """
    path = Path(path)
    check_safe_file(path)
    try:
        raw = path.read_bytes()
        tensors = load(raw)
        header_len = struct.unpack("<Q", raw[:8])[0]
        header = json.loads(raw[8:8 + header_len])
        metadata = header.get("__metadata__", {})
    except (SafetensorError, ValueError, struct.error, OSError, AttributeError) as exc:
        raise CheckpointError(f"{path.name} is corrupt or truncated: {exc}") from None
    meta = _meta_of(metadata, path)
    validate_meta(meta, path.name)
    for key, value in tensors.items():
        if value.is_floating_point() and not bool(torch.isfinite(value).all()):
            raise CheckpointError(f"{path.name} holds NaN or infinite values (in '{key}'); it is damaged",
                                  hint="Use the other checkpoint, or resume from an earlier copy.")
    return tensors, meta


def read_meta(path: Path) -> dict[str, Any]:
    """The metadata of the checkpoint at ``path``, reading only its header (cheap at any size)."""
    path = Path(path)
    check_safe_file(path)
    try:
        with path.open("rb") as fh:
            header_len = struct.unpack("<Q", fh.read(8))[0]
            if header_len > _MAX_HEADER:
                raise ValueError("header too large")
            header = json.loads(fh.read(header_len))
        metadata = header.get("__metadata__", {})
    except (ValueError, struct.error, OSError, AttributeError) as exc:
        raise CheckpointError(f"{path.name} is corrupt or truncated: {exc}") from None
    meta = _meta_of(metadata, path)
    validate_meta(meta, path.name)
    return meta


_MAX_HEADER = 100_000_000  # safetensors' own limit on the JSON header


def _meta_of(metadata: Any, path: Path) -> dict[str, Any]:
    if not isinstance(metadata, dict) or metadata.get("format") != FORMAT:
        raise CheckpointError(f"{path.name} is a safetensors file but not a Workbench checkpoint")
    try:
        meta = json.loads(metadata.get("meta", "{}"))
    except (json.JSONDecodeError, TypeError):
        meta = None
    if not isinstance(meta, dict):
        raise CheckpointError(f"{path.name} has corrupt metadata")
    return meta


MAX_STEP = 10 ** 12  # far beyond any run (max_steps is at most 1e8); a larger step is damage


def _is_int(value: Any, lo: int, hi: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and lo <= value <= hi


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def validate_meta(meta: dict[str, Any], name: str) -> None:
    """Refuse metadata whose counters a run could not have written (a step of -50 or 1e30, a best
    step after the step, a non-finite best value); raises CheckpointError naming the field."""
    step = meta.get("step")

    def bad(field: str, value: Any, want: str) -> CheckpointError:
        shown = repr(value)
        shown = shown if len(shown) <= 40 else shown[:40] + "…"
        return CheckpointError(f"{name} has a damaged '{field}' ({shown}); it must be {want}",
                               hint="The file was changed outside Workbench; use the other checkpoint.")

    if not isinstance(step, int) or not _is_int(step, 0, MAX_STEP):
        raise bad("step", step, f"a whole number from 0 to {MAX_STEP:,}")
    checks: dict[str, tuple[Any, str]] = {
        "best_step": (lambda v: _is_int(v, 0, step), f"a whole number from 0 to the step ({step:,})"),
        "bad_evals": (lambda v: _is_int(v, 0, MAX_STEP), "a whole number, 0 or more"),
        "elapsed": (lambda v: _is_number(v) and v >= 0, "a finite number of seconds, 0 or more"),
        "epoch": (lambda v: _is_number(v) and v >= 0, "a finite number, 0 or more"),
        "best_value": (lambda v: v is None or _is_number(v), "a finite number"),
        "model_kind": (lambda v: isinstance(v, str), "a model kind"),
        "schedule": (lambda v: isinstance(v, dict) and all(
            x is None or _is_number(x) for x in v.values()), "an object of numbers"),
        "log_window": (lambda v: isinstance(v, dict) and _is_number(v.get("loss_sum", 0.0))
                       and _is_int(v.get("count", 0), 0, MAX_STEP), "{loss_sum, count}"),
        "optimizer": (lambda v: isinstance(v, dict) and isinstance(v.get("param_groups"), list),
                      "the optimizer's state"),
    }
    for field, (ok, want) in checks.items():
        if field in meta and not ok(meta[field]):
            raise bad(field, meta[field], want)


def restore_model(model: torch.nn.Module, tensors: dict[str, torch.Tensor], name: str = "checkpoint") -> None:
    """Load model weights, with a clear error for missing, extra, mis-shaped or mistyped tensors.

    Weights saved in another floating-point type (a float16 copy) are converted to the model's
    own and must stay finite; an integer tensor where the model has floats is refused.
    """
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
        want = own[key].dtype
        if value.dtype == want:
            continue
        if not (value.is_floating_point() and own[key].is_floating_point()):
            raise CheckpointError(f"{name} does not fit this model: weight '{key}' is {value.dtype}, "
                                  f"the model expects {want}")
        converted = value.to(want)
        if not bool(torch.isfinite(converted).all()):
            raise CheckpointError(f"{name}: weight '{key}' ({value.dtype}) does not fit in {want}")
        stored[key] = converted
    model.load_state_dict(stored)


def restore_optimizer(optimizer: torch.optim.Optimizer, tensors: dict[str, torch.Tensor],
                      meta: dict[str, Any]) -> None:
    """Load optimizer state saved by :func:`save_checkpoint`."""
    if "optimizer" not in meta:
        raise CheckpointError("the checkpoint holds no optimizer state; it cannot be resumed")
    try:
        optimizer.load_state_dict(_unflatten_optimizer(tensors, meta["optimizer"]))
    except (ValueError, KeyError, RuntimeError, TypeError, AttributeError, IndexError) as exc:
        raise CheckpointError(f"optimizer state does not match this setup: {exc}") from None


def restore_rng(tensors: dict[str, torch.Tensor], name: str) -> None:
    """Set torch's CPU (and, on a GPU, CUDA) random state from the checkpoint (when it holds one)."""
    state = tensors.get("rng.torch")
    if state is None:
        return
    try:
        if state.dtype != torch.uint8 or state.dim() != 1:
            raise ValueError(f"{state.dtype} {tuple(state.shape)}")
        torch.set_rng_state(state)
        cuda = tensors.get("rng.cuda")
        if cuda is not None and torch.cuda.is_available():  # resumed on a GPU: step-identical dropout
            torch.cuda.set_rng_state(cuda)
    except (RuntimeError, ValueError) as exc:
        raise CheckpointError(f"{name} has a damaged random-number state ({exc})") from None
