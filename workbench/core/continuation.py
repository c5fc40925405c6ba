"""Continuing a run with changed settings, and the differences between two configs.

A run continues from its latest checkpoint. Settings that only steer the rest of training (the
budget, the learning rate and its schedule, early stopping, evaluation cadence, the device) may
change; anything the saved weights, optimizer state or data depend on (the model's shape, the
tokenizer, the columns and split, the optimizer kind, the batch size and seed that decide the
order of the batches) may not, and a change to one of them is refused naming the field.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from workbench.core import config as C
from workbench.core.errors import ConfigError
from workbench.core.problems import Problem

# Per section, the fields a continued run may change.
CHANGEABLE: dict[str, frozenset[str]] = {
    "": frozenset({"name"}),
    "train": frozenset({"epochs", "max_steps", "eval_interval", "eval_batches", "log_interval",
                        "early_stopping_patience", "early_stopping_metric", "num_threads", "device",
                        "checkpoint_interval", "sample_length", "bf16", "precision", "compile",
                        "baseline"}),
    "optim": frozenset({"lr", "weight_decay", "momentum", "schedule", "warmup_steps", "min_lr_ratio",
                        "step_size", "gamma", "plateau_patience", "grad_clip"}),
    "log": frozenset({"tensorboard"}),
}

# Why a section (or field) cannot change, in the words the message uses.
_WHY = {
    "model": "the saved weights have the model's shape",
    "data": "the model was trained on this data, split and tokenizer",
    "optim.name": "the saved optimizer state belongs to the optimizer the run started with",
    "optim.beta1": "the saved optimizer state was built with it",
    "optim.beta2": "the saved optimizer state was built with it",
    "optim.nesterov": "the saved optimizer state was built with it",
    "train.batch_size": "the steps already taken and the order of the batches depend on it",
    "train.seed": "the order of the batches depends on it",
}

RECORD_KIND = "config_change"  # a metrics.jsonl line recording what changed at which step


def flatten(cfg: C.RunConfig) -> dict[str, Any]:
    """``cfg`` as ``{"section.field": value}`` (top-level fields without a section)."""
    flat: dict[str, Any] = {}
    for key, value in C.to_dict(cfg).items():
        if isinstance(value, dict):
            for field, inner in value.items():
                flat[f"{key}.{field}"] = inner
        elif key != "schema_version":
            flat[key] = value
    return flat


def differences(a: C.RunConfig, b: C.RunConfig) -> dict[str, tuple[Any, Any]]:
    """Every setting whose value differs, as ``{"section.field": (value in a, value in b)}``."""
    fa, fb = flatten(a), flatten(b)
    return {key: (fa.get(key), fb.get(key)) for key in sorted(set(fa) | set(fb))
            if fa.get(key) != fb.get(key)}


def changeable(key: str) -> bool:
    """Whether the setting ``key`` ("section.field") may change when a run continues."""
    section, _, field = key.rpartition(".")
    return field in CHANGEABLE.get(section, frozenset())


def _refusal(key: str, old: Any, new: Any) -> Problem:
    section, _, field = key.rpartition(".")
    why = _WHY.get(key) or _WHY.get(section) or "the saved run depends on it"
    return Problem(section, field, f"cannot change from {old!r} to {new!r} when continuing a run: {why}. "
                                   "Start a new run to change it")


Changes = dict[str, tuple[Any, Any]]  # "section.field" -> (old value, new value)


def continue_config(saved: C.RunConfig, overrides: Sequence[str]) -> tuple[C.RunConfig, Changes]:
    """``saved`` with the ``--set``-style ``overrides`` applied, and what changed.

    Raises ConfigError naming each field that cannot change on a continued run.
    """
    if not overrides:
        return saved, {}
    updated = C.apply_overrides(saved, list(overrides))
    changes = differences(saved, updated)
    refused = [_refusal(key, old, new) for key, (old, new) in changes.items() if not changeable(key)]
    if refused:
        raise ConfigError(refused)
    return updated, changes


def record_changes(run_path: Path, cfg: C.RunConfig, changes: Changes, step: int) -> None:
    """Save the continued run's config and note the change in its metrics.jsonl at ``step``."""
    if not changes:
        return
    C.save(cfg, run_path / "config.toml")
    record = {"kind": RECORD_KIND, "step": step,
              "changes": {key: {"from": old, "to": new} for key, (old, new) in changes.items()}}
    with (run_path / "metrics.jsonl").open("a", encoding="utf-8") as fh:
        fh.write(json.dumps(record, ensure_ascii=False) + "\n")
