"""Racing two settings: the challenger's config, the runs' names, their share of the CPU, the verdict.

"Compare with…" in the window trains the current setup and a copy with a few fields changed at
the same time. Everything here is Qt-free, so the verdict and the names are tested headless:

- :func:`common_choices` lists the usual changes for a setup (optimizer, dropout, learning rate,
  tokenizer, model size), each a :class:`Choice` of ``section.key=value`` overrides;
- :func:`challenger` applies overrides as ``--set`` does (``config.apply_overrides``) and refuses
  a copy that changes nothing;
- :func:`race_names` names the two sides after what differs ("AdamW" and "SGD");
- :class:`ThreadShare` splits torch's CPU threads between the two runs and puts the count back
  afterwards (torch's thread count is one setting for the whole process, so two runs that each
  took all cores would fight over them: each gets ``cores // 2``);
- :func:`verdict` sums the race up in one line with the numbers ("AdamW reached val accuracy
  0.79 in 40 s; SGD 0.71 in 38 s").
"""

from __future__ import annotations

import copy
import dataclasses
import json
import math
import os
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbench.core import threads
from workbench.core.config import RunConfig, apply_overrides, to_dict
from workbench.core.errors import ConfigError, bounded

OPTIMIZERS = {"sgd": "SGD", "adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop"}
DROPOUTS = (0.0, 0.3)
LR_FACTORS = (0.3, 3.0)
TOKENIZERS = {("char", 1): "characters", ("char", 2): "characters + pairs",
              ("word", 1): "words", ("word", 2): "words + pairs"}
# The validation score each task is judged on (a run without it falls back to its watched metric).
RACE_METRIC = {"text_classification": "accuracy", "tabular_classification": "accuracy",
               "regression": "r2", "language_modeling": "perplexity"}
HIGHER_IS_BETTER = {"accuracy", "precision", "recall", "f1", "roc_auc", "r2"}  # as core.metrics
IGNORED = {"name", "train.num_threads"}  # differ between the sides without being the race's change
STATUS_NOTES = {"stopped": "stopped by you", "early_stopped": "stopped early",
                "interrupted": "interrupted"}


@dataclass(frozen=True)
class Choice:
    """One change to race against the current setup: ``label`` names the changed side, ``base``
    the current one ("SGD" against "AdamW"); ``overrides`` are ``section.key=value`` strings."""

    group: str
    label: str
    base: str
    overrides: tuple[str, ...]


def _toml(value: Any) -> str:
    """``value`` as a TOML value (JSON's numbers, strings, booleans and lists read the same)."""
    return json.dumps(value)


def _lr(value: float) -> str:
    return f"{value:.3g}"


def common_choices(cfg: RunConfig, task: str,
                   presets: Mapping[str, Mapping[str, Mapping[str, Any]]] | None = None) -> list[Choice]:
    """The usual changes to race for ``cfg`` on ``task``, by group, leaving out what ``cfg`` has.

    ``presets`` are the model-size presets for the task (``{"Tiny": {"model": {...}}}``); a
    preset that changes nothing is left out.
    """
    out: list[Choice] = []
    current = OPTIMIZERS.get(cfg.optim.name, cfg.optim.name)
    for name in ("adamw", "sgd", "adam"):
        if name != cfg.optim.name:
            out.append(Choice("Optimizer", OPTIMIZERS[name], current, (f"optim.name={_toml(name)}",)))
    for dropout in DROPOUTS:
        if not math.isclose(dropout, cfg.model.dropout):
            out.append(Choice("Dropout", f"dropout {dropout:g}", f"dropout {cfg.model.dropout:g}",
                              (f"model.dropout={_toml(dropout)}",)))
    for factor in LR_FACTORS:
        lr = float(_lr(cfg.optim.lr * factor))
        out.append(Choice("Learning rate", f"lr {_lr(lr)} (×{factor:g})", f"lr {_lr(cfg.optim.lr)}",
                          (f"optim.lr={_toml(lr)}",)))
    if task in ("text_classification", "language_modeling"):
        ngrams = cfg.model.ngrams if task == "text_classification" else 1
        here = (cfg.data.tokenizer, ngrams)
        for (tokenizer, n), label in TOKENIZERS.items():
            if (tokenizer, n) == here or (task == "language_modeling" and n > 1):
                continue
            changes = [f"data.tokenizer={_toml(tokenizer)}"] if tokenizer != cfg.data.tokenizer else []
            changes += [f"model.ngrams={n}"] if n != cfg.model.ngrams else []
            out.append(Choice("Tokenizer", label, TOKENIZERS.get(here, cfg.data.tokenizer), tuple(changes)))
    sizes = {name: _preset_overrides(cfg, values) for name, values in (presets or {}).items()}
    matching = [name for name, changes in sizes.items() if not changes]
    base = f"{matching[0]} size" if matching else "current size"
    out += [Choice("Model size", f"{name} size", base, tuple(changes)) for name, changes in sizes.items()
            if changes]
    return out


def _preset_overrides(cfg: RunConfig, values: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The overrides that turn ``cfg`` into the preset ``values`` (only the fields that differ)."""
    raw = to_dict(cfg)
    return [f"{section}.{key}={_toml(value)}" for section, fields in values.items()
            for key, value in fields.items() if raw.get(section, {}).get(key) != value]


def challenger(cfg: RunConfig, overrides: Sequence[str]) -> RunConfig:
    """``cfg`` with ``overrides`` applied and checked; ConfigError when one is malformed or out of
    range, or when together they change nothing the run would notice."""
    if not overrides:
        raise ConfigError(["pick at least one change: the two runs would be the same"])
    for item in overrides:
        if "=" not in item or "." not in item.split("=", 1)[0]:
            raise ConfigError([f"{bounded(item, 60)!r} must look like section.key = value, "
                               "e.g. model.dropout = 0.3"])
    try:
        out = apply_overrides(copy.deepcopy(cfg), list(overrides))
    except ConfigError as exc:  # without the CLI's "--set:" prefix: the dialog says where
        raise ConfigError(exc.problems) from None
    if not differences(cfg, out):
        raise ConfigError(["these changes leave the setup as it is: the two runs would be the same"])
    return out


def _flat(cfg: RunConfig) -> dict[str, Any]:
    raw = to_dict(cfg)
    flat: dict[str, Any] = {}
    for section, values in raw.items():
        if isinstance(values, dict):
            flat.update({f"{section}.{key}": value for key, value in values.items()})
        else:
            flat[section] = values
    return flat


def differences(a: RunConfig, b: RunConfig) -> dict[str, tuple[Any, Any]]:
    """``section.key`` -> (a's value, b's value) of the fields that differ (name and threads aside)."""
    fa, fb = _flat(a), _flat(b)
    return {k: (fa.get(k), fb.get(k)) for k in dict.fromkeys([*fa, *fb])
            if k not in IGNORED and fa.get(k) != fb.get(k)}


def race_names(a: RunConfig, b: RunConfig, picked: Sequence[Choice] = ()) -> tuple[str, str]:
    """Short names for the two sides: the labels of the ``picked`` choices, then ``key value`` for
    any other field that differs ("dropout 0.1 · batch_size 64" against "dropout 0.3 · batch_size 32")."""
    left, right = [c.base for c in picked], [c.label for c in picked]
    covered = {o.split("=", 1)[0].strip() for c in picked for o in c.overrides}
    for key, (va, vb) in differences(a, b).items():
        if key not in covered:
            left.append(_label(key, va))
            right.append(_label(key, vb))
    if not left or left == right:
        return ("A", "B")
    return (" · ".join(dict.fromkeys(left)), " · ".join(dict.fromkeys(right)))


def _label(key: str, value: Any) -> str:
    """How one side's value of ``key`` is named: "SGD", "characters", "lr 0.003", "batch_size 32"."""
    if key == "optim.name":
        return OPTIMIZERS.get(str(value), str(value))
    if key == "data.tokenizer":
        return {"char": "characters", "word": "words"}.get(str(value), str(value))
    field = {"optim.lr": "lr", "model.ngrams": "n-grams"}.get(key, key.split(".", 1)[-1])
    return f"{field} {_shown(value)}"


def _shown(value: Any) -> str:
    return f"{value:.3g}" if isinstance(value, float) else bounded(value, 24)


# --- sharing the CPU ---------------------------------------------------------------------------

def race_threads(cores: int, runs: int = 2, requested: int = 0) -> int:
    """Torch threads for each of ``runs`` runs trained at once on ``cores`` cores: a fair share,
    or the run's own ``requested`` count (``train.num_threads``) if that is smaller."""
    share = max(1, cores // max(runs, 1))
    return min(requested, share) if requested > 0 else share


class ThreadShare:
    """Torch's thread setting while two runs train at once, and back afterwards.

    ``begin`` remembers the process's thread policy (``core.threads``) and torch's count;
    ``share_for`` gives a run's share, which the caller writes into its ``train.num_threads``
    (each run sets it on its own thread as it starts); ``end`` puts back what was there.
    """

    def __init__(self) -> None:
        self._saved: tuple[tuple[int, bool], int | None] | None = None

    def begin(self) -> None:
        """Remember the current setting (once, until ``end``)."""
        if self._saved is None:
            torch = sys.modules.get("torch")  # never imported for this: a run will import it
            self._saved = (threads.policy(), torch.get_num_threads() if torch is not None else None)

    @staticmethod
    def share_for(cfg: RunConfig, runs: int = 2, cores: int | None = None) -> int:
        """The threads of the run ``cfg`` while ``runs`` runs share this machine's cores."""
        return race_threads(cores or _cores(), runs, cfg.train.num_threads)

    def end(self) -> None:
        """Put back the policy and torch's count remembered by ``begin`` (once)."""
        if self._saved is None:
            return
        (requested, leave_one_free), count = self._saved
        self._saved = None
        threads.set_policy(requested, leave_one_free)
        torch = sys.modules.get("torch")
        if count is not None and torch is not None and torch.get_num_threads() != count:
            torch.set_num_threads(count)

    @property
    def active(self) -> bool:
        """Between ``begin`` and ``end``."""
        return self._saved is not None


def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def with_threads(cfg: RunConfig, count: int) -> RunConfig:
    """A copy of ``cfg`` that trains on ``count`` CPU threads."""
    out = copy.deepcopy(cfg)
    out.train = dataclasses.replace(out.train, num_threads=count)
    return out


# --- the verdict -------------------------------------------------------------------------------

def race_metric(summary_a: Mapping[str, Any], summary_b: Mapping[str, Any]) -> str:
    """The validation metric the race is judged on: the task's (``RACE_METRIC``) when the runs
    report it, else the watched metric, else the loss."""
    task = str(summary_a.get("task") or summary_b.get("task") or "")
    wanted = [RACE_METRIC.get(task, ""), str(summary_a.get("watch") or summary_b.get("watch") or "")]
    for metric in wanted:
        if metric and any(_score(s, metric, split)[1] is not None for s in (summary_a, summary_b)
                          for split in ("val", "test", "train")):
            return metric
    return "loss"


def _score(summary: Mapping[str, Any], metric: str, split: str) -> tuple[str, float | None]:
    """(split, value) of ``metric`` on ``split`` for the weights the run reports (its best, as
    the headline does), else its final weights; None where the run has none."""
    reported = str(summary.get("reported") or "final")
    for part in dict.fromkeys([reported, "final", "best"]):
        scores = summary.get(part)
        value = scores.get(split, {}).get(metric) if isinstance(scores, Mapping) else None
        if isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
            return split, float(value)
    return split, None


def format_seconds(seconds: Any) -> str:
    """'0.4 s', '38 s', '2 min 05 s', '1 h 02 min'."""
    if not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds < 0:
        return "? s"
    if seconds < 10:
        return f"{seconds:.1f} s"
    s = round(seconds)
    if s < 3600:
        return f"{s} s" if s < 60 else f"{s // 60} min {s % 60:02d} s"
    return f"{s // 3600} h {s % 3600 // 60:02d} min"


def _value(metric: str, value: float) -> str:
    return f"{value:.2f}" if metric in HIGHER_IS_BETTER else f"{value:.3g}"


def _failed(summary: Mapping[str, Any]) -> bool:
    return not summary or str(summary.get("status", "failed")) == "failed"


def _took(summary: Mapping[str, Any]) -> str:
    """'40 s', or '12 s (stopped by you)' for a run that did not end by itself."""
    note = STATUS_NOTES.get(str(summary.get("status", "")), "")
    return format_seconds(summary.get("wall_time_s")) + (f" ({note})" if note else "")


def _time(summary: Mapping[str, Any]) -> str:
    return f"in {_took(summary)}"


def _why(summary: Mapping[str, Any]) -> str:
    message = str(summary.get("message") or "").strip()
    return f"failed: {bounded(message, 90)}" if message else "failed"


def verdict(summary_a: Mapping[str, Any], summary_b: Mapping[str, Any], names: Sequence[str]) -> str:
    """One line on who won, with the numbers: "AdamW reached val accuracy 0.79 in 40 s; SGD 0.71
    in 38 s". Lower is better for loss and perplexity; equal scores as shown make a tie; a run
    that failed (an empty summary counts as failed) is named with its reason."""
    a, b = (names[0], summary_a), (names[1], summary_b)
    if _failed(summary_a) and _failed(summary_b):
        return f"Both runs failed. {a[0]}: {_why(summary_a)}; {b[0]}: {_why(summary_b)}"
    metric = race_metric(summary_a, summary_b)
    split, va, vb = _common_scores(summary_a, summary_b, metric)
    label = f"{split} {metric}"
    if _failed(summary_a) or _failed(summary_b):
        (ok, value), bad = ((b, vb), a) if _failed(summary_a) else ((a, va), b)
        reached = "finished without a score" if value is None else f"reached {label} {_value(metric, value)}"
        return f"{ok[0]} {reached} {_time(ok[1])}; {bad[0]} {_why(bad[1])}"
    if va is None and vb is None:
        return f"Neither run has a {metric} to compare: {a[0]} took {_took(a[1])}, {b[0]} {_took(b[1])}"
    if va is None or vb is None:
        (scored, value), other = ((a, va), b) if va is not None else ((b, vb), a)
        return (f"{scored[0]} reached {label} {_value(metric, value or 0.0)} {_time(scored[1])}; "
                f"{other[0]} has no {metric} to compare")
    shown_a, shown_b = _value(metric, va), _value(metric, vb)
    if shown_a == shown_b:
        return f"A tie: both reached {label} {shown_a} ({a[0]} {_time(a[1])}, {b[0]} {_time(b[1])})"
    if (va > vb) != (metric in HIGHER_IS_BETTER):
        (a, shown_a), (b, shown_b) = (b, shown_b), (a, shown_a)
    return f"{a[0]} reached {label} {shown_a} {_time(a[1])}; {b[0]} {shown_b} {_time(b[1])}"


def _common_scores(a: Mapping[str, Any], b: Mapping[str, Any],
                   metric: str) -> tuple[str, float | None, float | None]:
    """(split, a's score, b's score) on the first split both have (validation first), else on
    the first either has."""
    splits = ("val", "test", "train")
    for split in splits:
        va, vb = _score(a, metric, split)[1], _score(b, metric, split)[1]
        if va is not None and vb is not None:
            return split, va, vb
    for split in splits:
        va, vb = _score(a, metric, split)[1], _score(b, metric, split)[1]
        if va is not None or vb is not None:
            return split, va, vb
    return "val", None, None
