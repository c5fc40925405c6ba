"""Message templates of attention inspection, head patterns, the runs list and comparing runs."""

from __future__ import annotations

from workbench.core.i18n import QT_TRANSLATE_NOOP

# Each entry: QT_TRANSLATE_NOOP("core", "English template with {values}.")
TEMPLATES: tuple[str, ...] = (
    # core.head_patterns.TEXT: what a head does (labels under the grid's thumbnails, tooltips)
    QT_TRANSLATE_NOOP("core", "previous token"),
    QT_TRANSLATE_NOOP("core", "same token"),
    QT_TRANSLATE_NOOP("core", "first token"),
    QT_TRANSLATE_NOOP("core", "a specific pairing"),
    QT_TRANSLATE_NOOP("core", "broad average"),
    QT_TRANSLATE_NOOP("core", "since step {step}"),
    QT_TRANSLATE_NOOP("core", "a specific pairing (→ ‘{token}’)"),
    QT_TRANSLATE_NOOP("core", "{label}: {share} of the attention"),
    QT_TRANSLATE_NOOP("core", "{label}: spread almost evenly ({share} of the most even spread)"),
    # core.results.checkpoint_name: which weights a typed input runs on
    QT_TRANSLATE_NOOP("core", "best checkpoint"),
    QT_TRANSLATE_NOOP("core", "best checkpoint (step {step})"),
    QT_TRANSLATE_NOOP("core", "final weights (step {step})"),
    # core.runs_index.STATUSES, as the runs table writes them ("_" shown as a space)
    QT_TRANSLATE_NOOP("core", "completed"),
    QT_TRANSLATE_NOOP("core", "early stopped"),
    QT_TRANSLATE_NOOP("core", "stopped"),
    QT_TRANSLATE_NOOP("core", "failed"),
    QT_TRANSLATE_NOOP("core", "interrupted"),
    QT_TRANSLATE_NOOP("core", "running"),
    # core.continuation: a field a continued run cannot change, and why
    QT_TRANSLATE_NOOP("core", "cannot change from {old} to {new} when continuing a run: {why}. "
                              "Start a new run to change it"),
    QT_TRANSLATE_NOOP("core", "{key}: cannot change from {old} to {new} when continuing a run: {why}. "
                              "Start a new run to change it"),
    QT_TRANSLATE_NOOP("core", "the saved weights have the model's shape"),
    QT_TRANSLATE_NOOP("core", "the model was trained on this data, split and tokenizer"),
    QT_TRANSLATE_NOOP("core", "the saved optimizer state belongs to the optimizer the run started with"),
    QT_TRANSLATE_NOOP("core", "the saved optimizer state was built with it"),
    QT_TRANSLATE_NOOP("core", "the steps already taken and the order of the batches depend on it"),
    QT_TRANSLATE_NOOP("core", "the order of the batches depends on it"),
    QT_TRANSLATE_NOOP("core", "the saved run depends on it"),
    # core.race.verdict: who won a race, with the numbers (names and values are the runs')
    QT_TRANSLATE_NOOP("core", "Both runs failed. {a}: {why_a}; {b}: {why_b}"),
    QT_TRANSLATE_NOOP("core", "failed: {message}"),
    # A score is "val accuracy 0.79": one field, so that a name or a metric is never split wrongly.
    QT_TRANSLATE_NOOP("core", "{a} finished without a score in {time}; {b} failed"),
    QT_TRANSLATE_NOOP("core", "{a} finished without a score in {time}; {b} failed: {message}"),
    QT_TRANSLATE_NOOP("core", "{a} reached {score} in {time}; {b} failed"),
    QT_TRANSLATE_NOOP("core", "{a} reached {score} in {time}; {b} failed: {message}"),
    QT_TRANSLATE_NOOP("core", "Neither run has a {metric} to compare: {a} took {time_a}, {b} {time_b}"),
    QT_TRANSLATE_NOOP("core", "{a} reached {score} in {time}; {b} has no {metric} to compare"),
    QT_TRANSLATE_NOOP("core", "A tie: both reached {score} ({a} in {time_a}, {b} in {time_b})"),
    QT_TRANSLATE_NOOP("core", "{a} reached {score} in {time_a}; {b} {value_b} in {time_b}"),
    QT_TRANSLATE_NOOP("core", "{time} (stopped by you)"),
    QT_TRANSLATE_NOOP("core", "{time} (stopped early)"),
    QT_TRANSLATE_NOOP("core", "{time} (interrupted)"),
    QT_TRANSLATE_NOOP("core", "val {metric} {value}"),
    QT_TRANSLATE_NOOP("core", "test {metric} {value}"),
    QT_TRANSLATE_NOOP("core", "train {metric} {value}"),
)
