"""Training health: plain-language warnings when a run is not learning, and what to do about it.

Two checks, both giving ``core.events.HealthWarning`` records:

- ``check_config``, before training: a setting unusual enough to spoil a run (a learning rate far
  above what its optimizer is used with). The user may insist, so it is a warning, not a problem.
- ``HealthMonitor``, during training: a callback that reads the training and evaluation points as
  they come and publishes a warning through ``trainer.publish`` when the loss diverges, the model
  stays at chance level, or it starts to overfit; each at most once a run. The trainer adds them
  to the summary ("health"), so "Training finished" is never the only word on a run that learned
  nothing.

Every threshold is loose on purpose: a warning on a normal run teaches people to ignore warnings.
The module imports no torch (it calls methods of the tensors it is given), so the window can run
``check_config`` on a field without paying for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING, Any

from workbench.core.callbacks import Callback
from workbench.core.events import (
    EvalPoint,
    HealthWarning,
    RunEvent,
    RunOutcome,
    RunStarted,
    TrainPoint,
    metrics_of,
)

if TYPE_CHECKING:
    from workbench.core.config import RunConfig
    from workbench.core.trainer import Trainer

SERIOUS, CAUTION = "serious", "caution"

# Learning rates: above these the optimizer usually jumps about or overflows. Adam, AdamW and
# RMSprop scale each step to about the learning rate whatever the gradient, so 0.01 is the top of
# their usual range (1e-4 to 1e-2); plain SGD's steps scale with the gradient, and up to ~1 works.
LR_LIMITS = {"adam": 0.01, "adamw": 0.01, "rmsprop": 0.01, "sgd": 1.0}
LR_TYPICAL = {"adam": 1e-3, "adamw": 1e-3, "rmsprop": 1e-3, "sgd": 0.1}
OPTIMIZER_NAMES = {"adam": "Adam", "adamw": "AdamW", "rmsprop": "RMSprop", "sgd": "SGD"}

# Diverging: an untrained model's loss is about log(classes), log(vocabulary) or, for a
# standardised regression target, 1. Three times that for three training points in a row (30
# steps at the default log interval) is no passing spike: training is going the wrong way.
DIVERGE_FACTOR = 3.0
DIVERGE_POINTS = 3

# Stuck: judged from half-way through a run on, and at its end; a healthy run can sit near chance
# for its first evaluations (warm-up, a slow start), so earlier ones prove nothing.
STUCK_SHARE = 0.5
# A classifier is at chance when its accuracy is within two standard errors (at least 2 points) of
# always guessing the commonest class (less can be luck on a small validation set), *and* its loss
# is not 5% below that of guessing by class frequencies: a real but hard task still lowers the loss.
STUCK_MIN_MARGIN = 0.02
STUCK_LOSS_SHARE = 0.95
# A language model at chance predicts no better than by how common each token is (the "unigram"
# loss); anything that uses the context gets clearly below it.
LM_STUCK_SHARE = 0.98
# Regression: R² 0 is always predicting the average; a few hundredths above it is still nothing.
R2_FLOOR = 0.02

# Overfitting: the validation loss rose at each of this many evaluations in a row, with no new
# best of the watched score among them, while the training loss fell since the validation loss was
# lowest. The rise from that lowest point must be 5% of it, and more than the luck of a small
# validation set: the mean of n losses, each of the order of the chance loss, moves by about
# chance/sqrt(n) (0.2 on iris's 30 rows, where two hard flowers decide the loss; 0.024 on the
# movie reviews' 853).
OVERFIT_RISES = 3
OVERFIT_MIN_RISE = 0.05


def check_config(cfg: RunConfig) -> list[HealthWarning]:
    """Warnings about settings, before training: a learning rate unusually high for its optimizer."""
    name, lr = cfg.optim.name, cfg.optim.lr
    limit = LR_LIMITS.get(name)
    if limit is None or not lr > limit:
        return []
    label = OPTIMIZER_NAMES.get(name, name)
    return [HealthWarning(
        "lr_high", CAUTION, 0,
        f"A learning rate of {lr:g} is unusually high for {label} (it usually works with "
        f"{LR_TYPICAL[name]:g}, at most about {limit:g}): the loss may jump about or become NaN.",
        f"Try {LR_TYPICAL[name]:g}, unless you mean to test what too high a rate does.",
        setting="optim.lr")]


@dataclass(frozen=True)
class Baseline:
    """What a model that learned nothing scores on a run's data: the yardstick of the checks."""

    task: str
    untrained_loss: float  # about the loss before any training: guessing every answer equally
    chance_loss: float  # the loss of guessing by the training split's frequencies
    majority: float  # classifiers: the accuracy of always guessing the commonest class (else NaN)
    eval_size: int  # examples in the evaluated split (for how much luck can move the accuracy)
    target: str  # what is predicted, as the messages name it


def baseline_of(data: Any, eval_size: int) -> Baseline:
    """The chance level of ``data`` (a ``PreparedData``), from its training split's frequencies."""
    spec = data.spec
    if spec.task == "regression":
        # Targets are standardised on the training split: predicting their mean gives an MSE of 1.
        return Baseline(spec.task, 1.0, 1.0, math.nan, eval_size, f"'{spec.target}'")
    if spec.task == "language_modeling":
        tokens = data.train["ids"]
        kind = getattr(data.tokenizer, "kind", "char")
        n, target = max(spec.vocab_size, 2), "the next character" if kind == "char" else "the next word"
    else:
        tokens, n, target = data.train["y"], max(spec.n_classes, 2), f"'{spec.target}'"
    shares = tokens.flatten().long().bincount(minlength=n).double()
    shares = shares[shares > 0] / shares.sum()
    entropy = float(-(shares * shares.log()).sum())
    majority = float(shares.max()) if spec.task != "language_modeling" else math.nan
    return Baseline(spec.task, math.log(n), entropy, majority, eval_size, target)


@dataclass(frozen=True)
class _Eval:
    """An evaluation as the overfitting check remembers it."""

    step: int
    loss: float  # validation loss
    train_loss: float  # the mean training loss of the points just before it
    best: bool  # the watched metric reached a new best here


class HealthMonitor(Callback):
    """Watches a run's points and publishes a ``HealthWarning`` when it goes wrong; keeps them.

    The trainer attaches one to every run, last among its callbacks (so listeners hear a point
    before the warning it caused), and asks it for the summary's list at the end (``conclude``).
    """

    def __init__(self) -> None:
        self.warnings: list[HealthWarning] = []
        self._baseline: Baseline | None = None
        self._total_steps = 0
        self._start_loss = math.nan  # where the training loss started, for "diverging"
        self._above: int | None = None  # the step the loss went above the limit (and stayed), if it did
        self._above_points = 0
        self._train_losses: list[float] = []  # training points since the previous evaluation
        self._recent_train = math.nan  # their mean, carried on when an evaluation follows no point
        self._evals: list[_Eval] = []

    @property
    def codes(self) -> set[str]:
        """The codes warned about so far."""
        return {w.code for w in self.warnings}

    def on_event(self, trainer: Trainer, event: RunEvent) -> None:
        """Check each training and evaluation point as it arrives."""
        if isinstance(event, RunStarted):
            size = trainer.runner.split_size("val") or trainer.runner.split_size("train")
            self._baseline = baseline_of(trainer.data, size)
            self._total_steps = event.total_steps
        elif isinstance(event, TrainPoint):
            self._train_losses.append(event.loss)
            self._check_diverging(trainer, event)
        elif isinstance(event, EvalPoint):
            if self._train_losses:
                self._recent_train = sum(self._train_losses) / len(self._train_losses)
                self._train_losses = []
            if event.step >= STUCK_SHARE * self._total_steps:
                self._check_stuck(trainer, event.step, event.metrics)
            self._check_overfitting(trainer, event)

    def diverged(self, trainer: Trainer, step: int) -> None:
        """The trainer stopped the run because the loss or the weights stopped being numbers."""
        self._warn(trainer, HealthWarning(
            "diverging", SERIOUS, step,
            f"At step {step:,} the numbers inside the model overflowed (they became NaN, 'not a "
            "number', or infinite): training blew up and was stopped.", _lower_lr(trainer)))

    def conclude(self, trainer: Trainer, summary: dict[str, Any]) -> list[dict[str, Any]]:
        """Judge the end of the run too (its final scores); the summary's "health" list."""
        final = summary.get("final") or {}
        scores = final.get("val") or final.get("train")
        # A run that stopped itself early is judged at its end; one a user stopped early is not.
        judged = (trainer.status == RunOutcome.EARLY_STOPPED
                  or trainer.step >= STUCK_SHARE * trainer.total_steps)
        if scores and judged:
            self._check_stuck(trainer, trainer.step, metrics_of(scores))
        return [w.to_record() for w in self.warnings]

    # --- the checks -----------------------------------------------------------------------
    def _check_diverging(self, trainer: Trainer, point: TrainPoint) -> None:
        if math.isnan(self._start_loss):
            # The first point averages the first steps, which a too-high rate can already have
            # blown up: the untrained model's loss is the truer start when it is lower.
            known = self._baseline.untrained_loss if self._baseline else math.inf
            self._start_loss = min(point.loss, known)
        limit = DIVERGE_FACTOR * self._start_loss
        if point.loss <= limit:
            self._above, self._above_points = None, 0
            return
        if self._above is None:
            self._above = point.step
        self._above_points += 1
        if self._above_points >= DIVERGE_POINTS:
            self._warn(trainer, HealthWarning(
                "diverging", SERIOUS, self._above,
                f"The training loss rose far above where it started ({self._start_loss:.3g} at the start, "
                f"{point.loss:.3g} at step {point.step:,}): training is going the wrong way and the "
                "model is getting worse, not better.", _lower_lr(trainer)))

    def _check_stuck(self, trainer: Trainer, step: int, metrics: dict[str, float]) -> None:
        base = self._baseline
        if base is None:
            return
        loss = metrics.get("loss", math.nan)
        advice = ("Check that the target is the right column and that the inputs can tell its values "
                  "apart; if they can, try a lower learning rate or train for longer.")
        if base.task == "regression":
            r2 = metrics.get("r2", math.nan)
            if not r2 <= R2_FLOOR:
                return
            message = (f"After {step:,} steps the model's predictions of {base.target} are no better than "
                       f"always guessing the average (R² {r2:.2f}): it has not learned to predict it.")
        elif base.task == "language_modeling":
            if not loss >= LM_STUCK_SHARE * base.chance_loss:
                return
            message = (f"After {step:,} steps the model predicts {base.target} no better than by how common "
                       f"each one is (loss {loss:.3g}; guessing by frequency alone gives "
                       f"{base.chance_loss:.3g}): it has not learned to use what comes before.")
            advice = "Try a lower learning rate, a warm-up, or training for longer."
        else:
            accuracy = metrics.get("accuracy", math.nan)
            p = base.majority
            margin = max(STUCK_MIN_MARGIN, 2 * math.sqrt(p * (1 - p) / max(base.eval_size, 1)))
            if not (accuracy < p + margin and loss >= STUCK_LOSS_SHARE * base.chance_loss):
                return
            message = (f"After {step:,} steps the model predicts {base.target} no better than chance: "
                       f"{accuracy:.0%} right on {base.eval_size:,} held-out examples, where always guessing "
                       f"the commonest value gives {p:.0%} and luck alone can explain the gap; its loss "
                       f"({loss:.3g}) is no lower than that of guessing by how common each value is.")
        self._warn(trainer, HealthWarning("stuck", SERIOUS, step, message, advice))

    def _check_overfitting(self, trainer: Trainer, point: EvalPoint) -> None:
        loss = point.metrics.get("loss", math.nan)
        if not math.isfinite(loss):
            return
        self._evals.append(_Eval(point.step, loss, self._recent_train, point.best))
        window = self._evals[-OVERFIT_RISES - 1:]
        if len(window) <= OVERFIT_RISES or not all(b.loss > a.loss for a, b in pairwise(window)):
            return
        # A classifier's loss also rises as it grows surer of answers it already gets right; while
        # its accuracy (the score it is judged by) still reaches new bests, more training helps.
        if any(e.best for e in window[1:]):
            return
        # It began where the validation loss was lowest: the turning point the chart marks.
        low = min(self._evals, key=lambda e: e.loss)
        base = self._baseline
        luck = base.chance_loss / math.sqrt(max(base.eval_size, 1)) if base else 0.0
        rise = max(OVERFIT_MIN_RISE * low.loss, luck)
        if loss - low.loss >= rise and self._recent_train < low.train_loss:
            self._warn(trainer, HealthWarning(
                "overfitting", CAUTION, low.step,
                f"From step {low.step:,} on, the validation loss rose ({low.loss:.3g} to {loss:.3g} by step "
                f"{point.step:,}, higher at each of the last {OVERFIT_RISES} evaluations) while the training "
                "loss kept falling: the model is memorising its training examples rather than learning "
                "what carries over to new ones.",
                "The best checkpoint is kept. Train for fewer steps or turn on early stopping; more "
                "dropout or weight decay, a smaller model or more data also help."))

    def _warn(self, trainer: Trainer, warning: HealthWarning) -> None:
        # Once each; and after a divergence, being at chance or a rising validation loss are only
        # its symptoms, and that warning already says what to do.
        if warning.code in self.codes or "diverging" in self.codes:
            return
        self.warnings.append(warning)
        trainer.publish(warning)


def _lower_lr(trainer: Trainer) -> str:
    """What to do about a diverging run: a tenth of its learning rate, and what else steadies it."""
    lr = trainer.cfg.optim.lr
    return (f"Lower the learning rate (now {lr:g}), for example to {lr / 10:g}; a warm-up also steadies "
            "the start.")
