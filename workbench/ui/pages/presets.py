"""Tiny / Small / Medium model presets per task: a few overrides on top of the current setup."""

from __future__ import annotations

import copy
import dataclasses

from workbench.core.config import RunConfig
from workbench.core.i18n import QT_TRANSLATE_NOOP

# Shown as translate("Presets", name) and translate("Presets", DESCRIPTIONS[name]); the keys stay English.
PRESET_NAMES = (QT_TRANSLATE_NOOP("Presets", "Tiny"), QT_TRANSLATE_NOOP("Presets", "Small"),
                QT_TRANSLATE_NOOP("Presets", "Medium"))

_TABULAR = {
    "Tiny": {"model": {"hidden": [16], "d_model": 16, "n_layers": 1, "n_heads": 2}},
    "Small": {"model": {"hidden": [64, 32], "d_model": 32, "n_layers": 2, "n_heads": 4}},
    "Medium": {"model": {"hidden": [256, 128, 64], "d_model": 64, "n_layers": 3, "n_heads": 8}},
}

PRESETS: dict[str, dict[str, dict[str, dict[str, object]]]] = {
    "text_classification": {
        "Tiny": {"model": {"d_model": 32, "n_layers": 1, "n_heads": 2}, "optim": {"lr": 1e-3}},
        "Small": {"model": {"d_model": 64, "n_layers": 2, "n_heads": 4}, "optim": {"lr": 1e-3}},
        "Medium": {"model": {"d_model": 128, "n_layers": 4, "n_heads": 8}, "optim": {"lr": 5e-4}},
    },
    "language_modeling": {
        "Tiny": {"model": {"d_model": 64, "n_layers": 2, "n_heads": 4, "block_size": 64},
                 "optim": {"lr": 2e-3}},
        "Small": {"model": {"d_model": 128, "n_layers": 4, "n_heads": 4, "block_size": 128},
                  "optim": {"lr": 1e-3}},
        "Medium": {"model": {"d_model": 256, "n_layers": 6, "n_heads": 8, "block_size": 256},
                   "optim": {"lr": 6e-4}},
    },
    "tabular_classification": _TABULAR,
    "regression": _TABULAR,
}

DESCRIPTIONS = {
    "Tiny": QT_TRANSLATE_NOOP("Presets", "Trains in seconds on a laptop; good for a first look."),
    "Small": QT_TRANSLATE_NOOP("Presets", "A sensible default: a few minutes on a CPU."),
    "Medium": QT_TRANSLATE_NOOP("Presets", "Learns more, and takes longer; a GPU helps."),
}


def apply_preset(cfg: RunConfig, task: str, name: str) -> RunConfig:
    """A copy of ``cfg`` with preset ``name`` for ``task`` applied (KeyError if there is none)."""
    overrides = PRESETS[task][name]
    out = copy.deepcopy(cfg)
    for section, values in overrides.items():
        setattr(out, section, dataclasses.replace(getattr(out, section), **copy.deepcopy(values)))
    return out
