"""Changing a paused run's optimizer settings: which may change, and how the trainer takes them.

While a run is paused, the window may change the settings that steer the rest of training without
touching what the weights, the optimizer state or the batches depend on: the learning rate, the
schedule's tail, weight decay, gradient clipping and early stopping (``PAUSE_EDITABLE``, a subset
of ``core.continuation.CHANGEABLE``; no budget change, which would move the schedule under the
steps already taken). The window leaves the new values on the run's ``CancelToken``
(``request_changes``); the trainer takes them at the top of its next step (``apply_requested``):
the config is updated, the learning-rate schedule rebuilt with its state kept, the optimizer's
decayed parameter group given the new weight decay. The change is written to ``metrics.jsonl`` as
the same ``config_change`` line a continued run writes (``continuation.record_changes``, which also
saves the new config.toml) and published as a :class:`ConfigChange` event.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.core import config as C
from workbench.core.continuation import CHANGEABLE, RECORD_KIND, Changes, differences, record_changes
from workbench.core.errors import ConfigError
from workbench.core.problems import Problem, validate

if TYPE_CHECKING:  # the trainer imports torch; this module stays light for the window and history
    from workbench.core.trainer import Trainer

# Per section, the fields a paused run may change (each also changeable on a continued run).
PAUSE_EDITABLE: dict[str, frozenset[str]] = {
    "optim": frozenset({"lr", "schedule", "min_lr_ratio", "weight_decay", "grad_clip"}),
    "train": frozenset({"early_stopping_patience", "early_stopping_metric"}),
}
assert all(fields <= CHANGEABLE[section] for section, fields in PAUSE_EDITABLE.items())

# Short names for a chart caption ("settings changed: lr 0.001 → 0.0005").
SHORT_NAMES = {"optim.lr": "lr", "optim.schedule": "schedule", "optim.min_lr_ratio": "final LR share",
               "optim.weight_decay": "weight decay", "optim.grad_clip": "clipping",
               "train.early_stopping_patience": "patience", "train.early_stopping_metric": "watch"}


@dataclass(frozen=True)
class ConfigChange:
    """Settings changed at ``step`` (steps done; the next step uses them): ``{"optim.lr": (old, new)}``."""

    step: int
    changes: dict[str, tuple[Any, Any]]

    @property
    def caption(self) -> str:
        """A chart caption: "settings changed: lr 0.001 → 0.0005"."""
        parts = [f"{SHORT_NAMES.get(key, key.rpartition('.')[2])} {_short(old)} → {_short(new)}"
                 for key, (old, new) in self.changes.items()]
        return "settings changed: " + ", ".join(parts)

    def to_record(self) -> dict[str, Any]:
        """The metrics.jsonl line (the format ``continuation.record_changes`` writes)."""
        return {"kind": RECORD_KIND, "step": self.step,
                "changes": {key: {"from": old, "to": new} for key, (old, new) in self.changes.items()}}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> ConfigChange | None:
        """The change a metrics.jsonl line records; None for any other (or a malformed) line."""
        step, raw = record.get("step"), record.get("changes")
        if record.get("kind") != RECORD_KIND or not isinstance(step, int) or isinstance(step, bool) \
                or not isinstance(raw, dict):
            return None
        changes = {str(key): (value.get("from"), value.get("to")) for key, value in raw.items()
                   if isinstance(value, dict)}
        return cls(step, changes) if changes else None


def _short(value: Any) -> str:
    if isinstance(value, float) and math.isfinite(value):
        return f"{value:g}"
    return str(value)


def editable(key: str) -> bool:
    """Whether ``key`` ("section.field") may change while a run is paused."""
    section, _, name = key.rpartition(".")
    return name in PAUSE_EDITABLE.get(section, frozenset())


def edited_config(cfg: C.RunConfig, values: dict[str, Any]) -> tuple[C.RunConfig, Changes]:
    """``cfg`` with ``values`` ({"optim.lr": 0.0005}) set, and what actually changed.

    Raises ConfigError naming a field that may not change while paused, or a value out of range.
    """
    refused = [key for key in values if not editable(key)]
    if refused:
        raise ConfigError([Problem(*key.rpartition(".")[::2], "cannot change while a run is paused; "
                                   "stop the run and continue it with the new setting instead")
                           for key in refused])
    new = copy.deepcopy(cfg)
    for key, value in values.items():
        section, _, name = key.rpartition(".")
        setattr(getattr(new, section), name, value)
    problems = [p for p in validate(new) if f"{p.section}.{p.field}" in values]
    if problems:
        raise ConfigError(problems)
    return new, differences(cfg, new)


def apply_requested(trainer: Trainer) -> ConfigChange | None:
    """On the training thread, before a step: apply the changes left on the trainer's cancel token.

    Records them in the run folder and publishes a :class:`ConfigChange`; None when none waited.
    """
    values = trainer.cancel.take_changes()
    if not values:
        return None
    cfg, changes = edited_config(trainer.cfg, values)
    if not changes:
        return None
    from workbench.core.optim import LRSchedule

    state = trainer.schedule.state_dict()
    trainer.cfg = cfg
    trainer.schedule = LRSchedule(cfg.optim, trainer.total_steps)
    trainer.schedule.load_state_dict(state)
    if "optim.weight_decay" in changes:
        for group in trainer.optimizer.param_groups:  # biases and norms keep no decay (core.optim)
            if all(p.dim() >= 2 for p in group["params"]):
                group["weight_decay"] = cfg.optim.weight_decay
    if "train.early_stopping_metric" in changes:
        watch = cfg.train.early_stopping_metric
        trainer.watch = trainer.runner.default_watch if watch == "auto" else watch
        trainer.best_value, trainer.bad_evals = None, 0  # the old best is in another metric
    if trainer.run_dir is not None:
        record_changes(trainer.run_dir.path, cfg, changes, trainer.step)
    event = ConfigChange(trainer.step, dict(changes))
    trainer.publish(event)
    return event
