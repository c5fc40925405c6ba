"""Message templates of run status, health warnings, run story captions, baselines.

Sources: ``core.events`` (the run's state words), ``core.health`` (warnings and their advice),
``core.run_story`` (its ``TEXT``, ``METRIC_NAMES`` and ``SHORT_NAMES``: captions and the presenter's
status sentence), ``core.results`` (metric names and what a chart's scale means), ``core.baseline``
(the simple models' descriptions), ``core.live_edit`` (settings-change captions) and
``core.outcome`` (why a run stopped).

A value of a template matches as little text as it can, so a metric name of several words
("validation loss") would be cut at its first space: sentences that name one have a template of
their own per such name ("... validation {metric} ...").
"""

from __future__ import annotations

from workbench.core.i18n import QT_TRANSLATE_NOOP

# The run's state (core.events.RunState.text).
_STATES = (
    QT_TRANSLATE_NOOP("core", "Preparing the data and building the model…"),
    QT_TRANSLATE_NOOP("core", "Training…"),
    QT_TRANSLATE_NOOP("core", "Paused"),
    QT_TRANSLATE_NOOP("core", "Stopping: finishing this step, saving a checkpoint and scoring every split "
                              "one last time…"),
)

# Health warnings and their advice (core.health).
_HEALTH = (
    QT_TRANSLATE_NOOP("core", "A learning rate of {lr} is unusually high for {optimizer} (it usually "
                              "works with {typical}, at most about {limit}): the loss may jump about or "
                              "become NaN."),
    QT_TRANSLATE_NOOP("core", "Try {typical}, unless you mean to test what too high a rate does."),
    QT_TRANSLATE_NOOP("core", "At step {step} the numbers inside the model overflowed (they became NaN, "
                              "'not a number', or infinite): training blew up and was stopped."),
    QT_TRANSLATE_NOOP("core", "The training loss rose far above where it started ({start} at the start, "
                              "{loss} at step {step}): training is going the wrong way and the model is "
                              "getting worse, not better."),
    QT_TRANSLATE_NOOP("core", "Lower the learning rate (now {lr}), for example to {lower}; a warm-up also "
                              "steadies the start."),
    QT_TRANSLATE_NOOP("core", "Check that the target is the right column and that the inputs can tell its "
                              "values apart; if they can, try a lower learning rate or train for longer."),
    QT_TRANSLATE_NOOP("core", "After {step} steps the model's predictions of {target} are no better than "
                              "always guessing the average (R² {r2}): it has not learned to predict it."),
    QT_TRANSLATE_NOOP("core", "After {step} steps the model predicts {target} no better than by how common "
                              "each one is (loss {loss}; guessing by frequency alone gives {chance}): it has "
                              "not learned to use what comes before."),
    QT_TRANSLATE_NOOP("core", "Try a lower learning rate, a warm-up, or training for longer."),
    QT_TRANSLATE_NOOP("core", "After {step} steps the model predicts {target} no better than chance: "
                              "{accuracy} right on {count} held-out examples, where always guessing the "
                              "commonest value gives {share} and luck alone can explain the gap; its loss "
                              "({loss}) is no lower than that of guessing by how common each value is."),
    QT_TRANSLATE_NOOP("core", "From step {low} on, the validation loss rose ({before} to {after} by step "
                              "{step}, higher at each of the last {count} evaluations) while the training "
                              "loss kept falling: the model is memorising its training examples rather than "
                              "learning what carries over to new ones."),
    QT_TRANSLATE_NOOP("core", "The best checkpoint is kept. Train for fewer steps or turn on early stopping; "
                              "more dropout or weight decay, a smaller model or more data also help."),
)

# Why a run stopped (core.outcome).
_OUTCOME = (
    QT_TRANSLATE_NOOP("core", "{what} at step {step}: training diverged and was stopped; {kept} Try a lower "
                              "learning rate (now {lr}), {clipping}, or a warm-up."),
    QT_TRANSLATE_NOOP("core", "no checkpoint had been saved yet."),
    QT_TRANSLATE_NOOP("core", "the checkpoint of step {step} is kept."),
    QT_TRANSLATE_NOOP("core", "stronger gradient clipping (now {clip})"),
    QT_TRANSLATE_NOOP("core", "gradient clipping"),
    QT_TRANSLATE_NOOP("core", "interrupted at step {step} before the final evaluation; {kept}"),
)

# The run story's captions and status sentences (core.run_story.TEXT).
_STORY = (
    QT_TRANSLATE_NOOP("core", "warm-up ends"),
    QT_TRANSLATE_NOOP("core", "learning rate cut to {new}"),
    QT_TRANSLATE_NOOP("core", "best {metric} {value}"),
    QT_TRANSLATE_NOOP("core", "best validation loss {value}"),
    QT_TRANSLATE_NOOP("core", "overfitting begins"),
    QT_TRANSLATE_NOOP("core", "diverging begins"),
    QT_TRANSLATE_NOOP("core", "stopped early"),
    QT_TRANSLATE_NOOP("core", "first answers “{example}” right: {answer}"),
    QT_TRANSLATE_NOOP("core", "The model is learning: {metric} {value}, up from {first}."),
    QT_TRANSLATE_NOOP("core", "The model is learning: {metric} {value}, down from {first}."),
    QT_TRANSLATE_NOOP("core", "The model is learning: {metric} {value}."),
    QT_TRANSLATE_NOOP("core", "The model is learning: validation {metric} {value}, up from {first}."),
    QT_TRANSLATE_NOOP("core", "The model is learning: validation {metric} {value}, down from {first}."),
    QT_TRANSLATE_NOOP("core", "The model is learning: validation {metric} {value}."),
    QT_TRANSLATE_NOOP("core", "The model is learning: mean absolute error {value}, down from {first}."),
    QT_TRANSLATE_NOOP("core", "The model is learning: mean absolute error {value}, up from {first}."),
    QT_TRANSLATE_NOOP("core", "The model is learning: mean absolute error {value}."),
    QT_TRANSLATE_NOOP("core", "The model is starting to learn: training loss {loss}."),
    QT_TRANSLATE_NOOP("core", "Waiting for the first training steps…"),
    QT_TRANSLATE_NOOP("core", "The model is not improving: {metric} has stayed near {value} for {count} "
                              "evaluations."),
    QT_TRANSLATE_NOOP("core", "The model is getting worse: {metric} {value}, its best was {best}."),
    QT_TRANSLATE_NOOP("core", "The model is getting worse: validation {metric} {value}, its best was "
                              "{best}."),
    QT_TRANSLATE_NOOP("core", "The model is getting worse: mean absolute error {value}, its best was "
                              "{best}."),
    QT_TRANSLATE_NOOP("core", "Training has gone wrong: the loss is rising sharply ({first} → {last})."),
    QT_TRANSLATE_NOOP("core", "Training finished: {metric} {value} (it started at {first})."),
    QT_TRANSLATE_NOOP("core", "Training finished: validation {metric} {value} (it started at {first})."),
    QT_TRANSLATE_NOOP("core", "Training finished: mean absolute error {value} (it started at {first})."),
    QT_TRANSLATE_NOOP("core", "Training finished: training loss {loss}."),
)

# Metric names (core.results.METRICS, core.run_story.METRIC_NAMES) and what a scale means.
_METRICS = (
    QT_TRANSLATE_NOOP("core", "accuracy"), QT_TRANSLATE_NOOP("core", "precision"),
    QT_TRANSLATE_NOOP("core", "recall"), QT_TRANSLATE_NOOP("core", "F1"),
    QT_TRANSLATE_NOOP("core", "perplexity"), QT_TRANSLATE_NOOP("core", "bits per character"),
    QT_TRANSLATE_NOOP("core", "bits per token"), QT_TRANSLATE_NOOP("core", "loss"),
    QT_TRANSLATE_NOOP("core", "validation loss"), QT_TRANSLATE_NOOP("core", "validation accuracy"),
    QT_TRANSLATE_NOOP("core", "validation F1"), QT_TRANSLATE_NOOP("core", "mean absolute error"),
    QT_TRANSLATE_NOOP("core", "1 is perfect"), QT_TRANSLATE_NOOP("core", "target units"),
    QT_TRANSLATE_NOOP("core", "target units²"), QT_TRANSLATE_NOOP("core", "lower is better"),
)

# The simple reference models (core.baseline) and settings changed while paused (core.live_edit).
_OTHER = (
    QT_TRANSLATE_NOOP("core", "a simple bigram model"),
    QT_TRANSLATE_NOOP("core", "a simple bag-of-words model"),
    QT_TRANSLATE_NOOP("core", "a simple linear model"),
    QT_TRANSLATE_NOOP("core", "a gradient-boosted tree model"),
    QT_TRANSLATE_NOOP("core", "settings changed: {changes}"),
    QT_TRANSLATE_NOOP("core", "lr {old} → {new}"),
    QT_TRANSLATE_NOOP("core", "schedule {old} → {new}"),
    QT_TRANSLATE_NOOP("core", "final LR share {old} → {new}"),
    QT_TRANSLATE_NOOP("core", "weight decay {old} → {new}"),
    QT_TRANSLATE_NOOP("core", "clipping {old} → {new}"),
    QT_TRANSLATE_NOOP("core", "patience {old} → {new}"),
    QT_TRANSLATE_NOOP("core", "watch {old} → {new}"),
)

TEMPLATES: tuple[str, ...] = (*_STATES, *_HEALTH, *_OUTCOME, *_STORY, *_METRICS, *_OTHER)
