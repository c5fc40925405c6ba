"""Typed run events: what a training run tells the world, in one direction.

The trainer publishes them to its callbacks (``Callback.on_event``); the run folder writes the
training and evaluation points (and the baseline, once) as ``metrics.jsonl`` lines (``to_record``)
and the history reader reads the same types back (``point_from_record``, ``Baseline.from_record``);
the CLI prints them; the window's controller forwards them unchanged to the pages. Nobody parses
a plain dict by key, and nobody reads an attribute beside an event after it arrived: what a
consumer needs is in the event.

Run states (what the controller is doing) and run outcomes (how a run ended) are enums, each with
one table of the words shown to a user.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any, Union

if TYPE_CHECKING:  # snapshots import torch; this module stays light for the CLI and the window
    from workbench.core.live_edit import ConfigChange
    from workbench.core.snapshots import Snapshot

# Keys of a metrics.jsonl line that are not metrics: the one definition, used by every reader.
NOT_METRICS = frozenset({"kind", "type", "split", "step", "epoch", "time", "best", "sample"})
_EVAL_KINDS = ("eval", "val", "validation", "evaluation")
_TRAIN_KINDS = ("", "train", "step")


@dataclass(frozen=True)
class RunStarted:
    """Model, data and optimizer are ready; no step of this session has run yet."""

    run_dir: str  # "" when the run writes no folder (tests, dry runs)
    task: str  # core.tasks: text_classification, language_modeling, tabular_classification, regression
    model_kind: str  # resolved: transformer, gpt, mlp or ft_transformer
    device: str
    total_steps: int
    step: int  # > 0 when a run was resumed
    steps_per_epoch: int
    params: int
    unit: str  # what a step's items are ("tokens" or "samples"): TrainPoint.items_per_s counts them
    watch: str  # the metric "best" and early stopping follow

    @property
    def has_attention(self) -> bool:
        """Whether the model has attention to inspect (an MLP has none)."""
        return self.model_kind != "mlp"


@dataclass(frozen=True)
class TrainPoint:
    """The mean training loss over the steps since the previous point."""

    step: int
    epoch: float
    time: float  # seconds of training so far (pauses excluded)
    loss: float
    lr: float
    items_per_s: float = math.nan
    unit: str = "samples"

    def to_record(self) -> dict[str, Any]:
        """The metrics.jsonl line."""
        return {"kind": "train", "step": self.step, "epoch": round(self.epoch, 4), "loss": self.loss,
                "lr": self.lr, "time": round(self.time, 3), f"{self.unit}_per_s": self.items_per_s}


@dataclass(frozen=True)
class EvalPoint:
    """An evaluation of one split; ``metrics`` maps names (loss, accuracy, ...) to numbers."""

    step: int
    epoch: float
    time: float
    split: str
    metrics: dict[str, float] = field(default_factory=dict)
    best: bool = False  # the best value of the watched metric so far (a checkpoint was kept)
    sample: str | None = None  # language models: text generated at this evaluation

    def to_record(self) -> dict[str, Any]:
        """The metrics.jsonl line (the sample is written to samples.jsonl instead)."""
        return {"kind": "eval", "split": self.split, "step": self.step, "epoch": round(self.epoch, 4),
                "time": round(self.time, 3), **self.metrics, "best": self.best}


@dataclass(frozen=True)
class Progress:
    """Where the run is: sent with each batch of points, at a bounded rate."""

    step: int
    total_steps: int
    elapsed: float
    steps_per_s: float
    eta_s: float | None
    epoch: float


@dataclass(frozen=True)
class RunEnded:
    """The run ended, however it ended; ``summary`` is what summary.json holds."""

    summary: dict[str, Any]

    @property
    def outcome(self) -> RunOutcome:
        """How it ended."""
        return RunOutcome.parse(self.summary.get("status", ""))

    @property
    def message(self) -> str:
        """Why it ended, when it did not simply complete."""
        return str(self.summary.get("message", ""))


@dataclass(frozen=True)
class HealthWarning:
    """A plain-language remark on how training goes (``core.health``): what is wrong, what to do.

    Not an error: it stops nothing. Published as it is found; the summary's "health" list keeps them.
    """

    code: str  # "diverging", "stuck", "overfitting" or "lr_high"
    severity: str  # "serious": the run learns little or nothing; "caution": worth a look
    step: int  # where it began (the window marks it on the chart); 0 for a setting, before training
    message: str  # what is wrong, in words a non-programmer follows
    advice: str  # what to do about it
    setting: str = ""  # the config field it is about ("optim.lr"), for a form to mark

    @property
    def text(self) -> str:
        """The message and the advice as one line (what the CLI prints after ``warning:``)."""
        return f"{self.message} {self.advice}"

    def to_record(self) -> dict[str, Any]:
        """The entry of summary.json's "health" list."""
        record: dict[str, Any] = {"code": self.code, "severity": self.severity, "step": self.step,
                                  "message": self.message, "advice": self.advice}
        if self.setting:
            record["setting"] = self.setting
        return record

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> HealthWarning:
        """A "health" entry of summary.json back as its event (missing fields left empty)."""
        step = record.get("step")
        return cls(code=str(record.get("code", "")), severity=str(record.get("severity", "caution")),
                   step=step if isinstance(step, int) and not isinstance(step, bool) else 0,
                   message=str(record.get("message", "")), advice=str(record.get("advice", "")),
                   setting=str(record.get("setting", "")))


@dataclass(frozen=True)
class Baseline:
    """A simple reference model (``core.baseline``) fitted on the run's own training rows and scored
    on its validation and test rows, with the metrics the run reports (``val``/``test``: {} for an
    empty split). Published once, when it is ready; metrics.jsonl and summary.json keep it.
    """

    model: str  # what it is: "TF-IDF + logistic regression"
    description: str  # in plain words: "a simple bag-of-words model"
    val: dict[str, float]
    test: dict[str, float]
    train_rows: int  # the training rows it was fitted on (a sample of at most 50,000)
    seconds: float  # how long fitting and scoring took

    def to_summary(self) -> dict[str, Any]:
        """summary.json's "baseline" entry."""
        return {"model": self.model, "description": self.description, "val": dict(self.val),
                "test": dict(self.test), "train_rows": self.train_rows, "seconds": round(self.seconds, 3)}

    def to_record(self) -> dict[str, Any]:
        """The metrics.jsonl line (step 0: it belongs to the run, not to a step)."""
        return {"kind": "baseline", "step": 0, **self.to_summary()}

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> Baseline | None:
        """A metrics.jsonl line or summary.json entry back as the event; None when it is not one."""
        if not isinstance(record, dict) or not isinstance(record.get("model"), str):
            return None
        scores = [record.get(split) for split in ("val", "test")]
        val, test = (metrics_of(s) if isinstance(s, dict) else {} for s in scores)
        rows, seconds = record.get("train_rows"), record.get("seconds")
        return cls(model=record["model"], description=str(record.get("description", "")), val=val, test=test,
                   train_rows=rows if isinstance(rows, int) and not isinstance(rows, bool) else 0,
                   seconds=_number(seconds))


RunEvent = Union[RunStarted, TrainPoint, EvalPoint, Progress, "Snapshot", HealthWarning, Baseline, RunEnded,
                 "ConfigChange"]


def metrics_of(record: dict[str, Any]) -> dict[str, float]:
    """The numeric metrics of a metrics.jsonl line (NaN for a null, which JSON wrote for NaN)."""
    out: dict[str, float] = {}
    for key, value in record.items():
        if key in NOT_METRICS or isinstance(value, bool):
            continue
        if value is None:
            out[key] = math.nan
        elif isinstance(value, (int, float)):
            out[key] = float(value)
    return out


def point_from_record(record: dict[str, Any]) -> TrainPoint | EvalPoint | None:
    """A metrics.jsonl line back as its event; None for a line that is neither kind.

    Tolerant of hand-written histories: "val"/"validation" mean an evaluation, and a line without
    a kind but with a loss is a training point.
    """
    try:
        step = int(record["step"])
    except (KeyError, TypeError, ValueError):
        return None
    kind = str(record.get("kind", record.get("type", ""))).lower()
    epoch = _number(record.get("epoch"))
    time = _number(record.get("time"))
    if kind in _EVAL_KINDS:
        sample = record.get("sample")
        return EvalPoint(step=step, epoch=epoch, time=time, split=str(record.get("split", "val")),
                         metrics=metrics_of(record), best=bool(record.get("best", False)),
                         sample=sample if isinstance(sample, str) else None)
    loss = record.get("loss")
    if kind in _TRAIN_KINDS and isinstance(loss, (int, float)) and not isinstance(loss, bool):
        rate = next(((k[: -len("_per_s")], v) for k, v in record.items()
                     if k.endswith("_per_s") and k != "steps_per_s" and isinstance(v, (int, float))), None)
        return TrainPoint(step=step, epoch=epoch, time=time, loss=float(loss), lr=_number(record.get("lr")),
                          items_per_s=float(rate[1]) if rate else math.nan,
                          unit=rate[0] if rate else "samples")
    return None


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan


class RunState(str, Enum):
    """What the window's run controller is doing."""

    IDLE = "idle"
    PREPARING = "preparing"
    RUNNING = "running"
    PAUSED = "paused"
    STOPPING = "stopping"

    @property
    def text(self) -> str:
        """The status-bar words for this state ("" for idle)."""
        return _STATE_TEXTS[self]

    @property
    def active(self) -> bool:
        """A run is under way and can be stopped."""
        return self in (RunState.PREPARING, RunState.RUNNING, RunState.PAUSED)


_STATE_TEXTS = {
    RunState.IDLE: "",
    RunState.PREPARING: "Preparing the data and building the model…",
    RunState.RUNNING: "Training…",
    RunState.PAUSED: "Paused",
    RunState.STOPPING: ("Stopping: finishing this step, saving a checkpoint and scoring every split "
                        "one last time…"),
}


class RunOutcome(str, Enum):
    """How a run ended (summary.json's "status")."""

    RUNNING = "running"  # not ended yet (a summary read while the run goes on)
    COMPLETED = "completed"
    STOPPED = "stopped"
    EARLY_STOPPED = "early_stopped"
    FAILED = "failed"
    INTERRUPTED = "interrupted"

    @classmethod
    def parse(cls, value: str) -> RunOutcome:
        """The outcome named ``value``; an unknown word counts as failed."""
        try:
            return cls(value)
        except ValueError:
            return cls.FAILED

    @property
    def headline(self) -> str:
        """The headline for a run that ended this way (not ``title``: that is ``str.title``)."""
        return _OUTCOME_TITLES[self]


_OUTCOME_TITLES = {
    RunOutcome.RUNNING: "Still running",
    RunOutcome.COMPLETED: "Training finished",
    RunOutcome.STOPPED: "Stopped by you",
    RunOutcome.EARLY_STOPPED: "Stopped early: the validation score stopped improving",
    RunOutcome.FAILED: "Training failed",
    RunOutcome.INTERRUPTED: "Interrupted before the final evaluation",
}
