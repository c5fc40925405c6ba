"""Message templates of the results page, predictions, export and reports."""

from __future__ import annotations

from workbench.core.i18n import QT_TRANSLATE_NOOP

# Each entry: QT_TRANSLATE_NOOP("core", "English template with {values}.")
TEMPLATES: tuple[str, ...] = (
    # metric names (core.results.METRICS)
    QT_TRANSLATE_NOOP("core", "accuracy"),
    QT_TRANSLATE_NOOP("core", "precision"),
    QT_TRANSLATE_NOOP("core", "recall"),
    QT_TRANSLATE_NOOP("core", "F1"),
    QT_TRANSLATE_NOOP("core", "ROC AUC"),
    QT_TRANSLATE_NOOP("core", "R²"),
    QT_TRANSLATE_NOOP("core", "MAE"),
    QT_TRANSLATE_NOOP("core", "RMSE"),
    QT_TRANSLATE_NOOP("core", "MSE"),
    QT_TRANSLATE_NOOP("core", "perplexity"),
    QT_TRANSLATE_NOOP("core", "bits per character"),
    QT_TRANSLATE_NOOP("core", "bits per token"),
    QT_TRANSLATE_NOOP("core", "loss"),
    QT_TRANSLATE_NOOP("core", "average precision"),
    # checkpoints (core.results.checkpoint_name; the try-it box's default label)
    QT_TRANSLATE_NOOP("core", "best checkpoint (step {step})"),
    QT_TRANSLATE_NOOP("core", "final weights (step {step})"),
    QT_TRANSLATE_NOOP("core", "best checkpoint"),
    QT_TRANSLATE_NOOP("core", "final weights"),
    # how a run ended (core.events.RunOutcome.headline)
    QT_TRANSLATE_NOOP("core", "Still running"),
    QT_TRANSLATE_NOOP("core", "Training finished"),
    QT_TRANSLATE_NOOP("core", "Stopped by you"),
    QT_TRANSLATE_NOOP("core", "Stopped early: the validation score stopped improving"),
    QT_TRANSLATE_NOOP("core", "Training failed"),
    QT_TRANSLATE_NOOP("core", "Interrupted before the final evaluation"),
    # the baseline beside the result (core.baseline_words.results_sentence)
    QT_TRANSLATE_NOOP("core", "{what} ({model}) scores {metric} {value} {where} (this model {mine}): "
                      "the simple model does better."),
    QT_TRANSLATE_NOOP("core", "{what} ({model}) scores {metric} {value} {where} (this model {mine}): "
                      "this model does better."),
    QT_TRANSLATE_NOOP("core", "{what} ({model}) scores {metric} {value} {where} (this model {mine}): "
                      "about the same."),
    QT_TRANSLATE_NOOP("core", "{what} ({model}) scores {metric} {value} {where}."),
    QT_TRANSLATE_NOOP("core", "on the same test rows"),
    QT_TRANSLATE_NOOP("core", "on the same validation rows"),
    QT_TRANSLATE_NOOP("core", "on the same test tokens"),
    QT_TRANSLATE_NOOP("core", "on the same validation tokens"),
    QT_TRANSLATE_NOOP("core", "on the test set"),
    QT_TRANSLATE_NOOP("core", "on the validation set"),
    # the baselines' descriptions and models (core.baseline, core.baseline_lm)
    QT_TRANSLATE_NOOP("core", "A simple bag-of-words model"),
    QT_TRANSLATE_NOOP("core", "A simple linear model"),
    QT_TRANSLATE_NOOP("core", "A gradient-boosted tree model"),
    QT_TRANSLATE_NOOP("core", "A simple bigram model"),
    QT_TRANSLATE_NOOP("core", "logistic regression"),
    QT_TRANSLATE_NOOP("core", "ridge regression"),
    QT_TRANSLATE_NOOP("core", "scikit-learn's histogram gradient boosting"),
    QT_TRANSLATE_NOOP("core", "TF-IDF of words and character 1-3-grams + logistic regression"),
    QT_TRANSLATE_NOOP("core", "TF-IDF of words and word pairs + logistic regression"),
    QT_TRANSLATE_NOOP("core", "character bigram counts"),
    QT_TRANSLATE_NOOP("core", "word bigram counts"),
    # ROC and PR legends of the averages (core.curves.Curve.label)
    QT_TRANSLATE_NOOP("core", "macro average (AUC {score})"),
    QT_TRANSLATE_NOOP("core", "micro average (AUC {score})"),
    QT_TRANSLATE_NOOP("core", "macro average (AP {score})"),
    QT_TRANSLATE_NOOP("core", "micro average (AP {score})"),
    # kept predictions and attention (core.class_predictions, core.explain)
    QT_TRANSLATE_NOOP("core", "{path} cannot be read: {reason}"),
    QT_TRANSLATE_NOOP("core", "{path} is not a predictions file Workbench wrote."),
    QT_TRANSLATE_NOOP("core", "{path} is not a predictions file Workbench wrote ({reason})."),
    QT_TRANSLATE_NOOP("core", "this model has no attention to show"),
)
