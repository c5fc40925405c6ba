"""Evaluation metrics computed from whole-split predictions (classification, regression, LM)."""

from __future__ import annotations

import math
from typing import TypedDict

import torch


class ClassScores(TypedDict):
    """One class's precision, recall and F1, and how many examples truly are of it."""

    precision: float
    recall: float
    f1: float
    support: int


#: An evaluation: numbers by name (loss, accuracy, mse, ...) and, for classification, also the
#: confusion matrix (rows: true class; columns: predicted) and the scores of each class.
Metrics = dict[str, float | list[list[int]] | dict[str, ClassScores]]


def classification_metrics(y_true: torch.Tensor, logits: torch.Tensor, classes: list[str]) -> Metrics:
    """Accuracy, macro precision/recall/F1, confusion matrix, per-class scores; ROC-AUC when binary."""
    y_true = y_true.long().cpu()
    logits = logits.float().cpu()
    n = len(classes)
    pred = logits.argmax(dim=1)
    confusion = torch.zeros(n, n, dtype=torch.long)
    confusion.index_put_((y_true, pred), torch.ones_like(y_true), accumulate=True)
    tp = confusion.diag().double()
    predicted = confusion.sum(0).double()
    actual = confusion.sum(1).double()
    precision = torch.where(predicted > 0, tp / predicted.clamp(min=1), torch.zeros_like(tp))
    recall = torch.where(actual > 0, tp / actual.clamp(min=1), torch.zeros_like(tp))
    denom = precision + recall
    f1 = torch.where(denom > 0, 2 * precision * recall / denom.clamp(min=1e-12), torch.zeros_like(tp))
    present = actual > 0
    total = max(int(y_true.numel()), 1)
    per_class: dict[str, ClassScores] = {
        c: {"precision": float(precision[i]), "recall": float(recall[i]), "f1": float(f1[i]),
            "support": int(actual[i])} for i, c in enumerate(classes)}
    out: Metrics = {
        "accuracy": float(tp.sum() / total),
        "precision": float(precision[present].mean()) if present.any() else 0.0,
        "recall": float(recall[present].mean()) if present.any() else 0.0,
        "f1": float(f1[present].mean()) if present.any() else 0.0,
        "confusion": confusion.tolist(),
        "per_class": per_class,
    }
    if n == 2:
        scores = torch.softmax(logits, dim=1)[:, 1]
        auc = roc_auc(y_true, scores)
        if auc is not None:
            out["roc_auc"] = auc
    return out


def roc_auc(y_true: torch.Tensor, scores: torch.Tensor) -> float | None:
    """Binary ROC-AUC via the rank-sum (Mann-Whitney) formula, ties averaged; None with one class."""
    y = y_true.long().cpu()
    s = scores.double().cpu()
    n_pos = int((y == 1).sum())
    n_neg = int((y == 0).sum())
    if n_pos == 0 or n_neg == 0:
        return None
    order = torch.argsort(s)
    sorted_scores = s[order]
    ranks = torch.empty_like(s)
    # Average ranks over ties so identical scores are not credited by their arbitrary order.
    _, inverse, counts = torch.unique_consecutive(sorted_scores, return_inverse=True, return_counts=True)
    ends = torch.cumsum(counts, 0).double()
    starts = ends - counts.double() + 1
    ranks[order] = ((starts + ends) / 2)[inverse]
    rank_sum = float(ranks[y == 1].sum())
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def regression_metrics(y_true: torch.Tensor, y_pred: torch.Tensor) -> dict[str, float]:
    """MSE, MAE and R² in the target's own units."""
    y = y_true.double().cpu()
    p = y_pred.double().cpu()
    err = p - y
    mse = float((err**2).mean())
    var = float(((y - y.mean()) ** 2).mean())
    return {"mse": mse, "mae": float(err.abs().mean()), "rmse": math.sqrt(mse),
            "r2": 1.0 - mse / var if var > 0 else 0.0}


def lm_metrics(mean_loss: float, char_level: bool) -> dict[str, float]:
    """Perplexity and bits per character (char models) or per token (word models) from the loss."""
    bits = mean_loss / math.log(2)
    out = {"perplexity": math.exp(min(mean_loss, 50.0))}
    out["bpc" if char_level else "bits_per_token"] = bits
    return out


# Which metrics are "higher is better", for the best checkpoint and early stopping.
HIGHER_IS_BETTER = {"accuracy", "precision", "recall", "f1", "roc_auc", "r2"}


def is_improvement(metric: str, value: float, best: float | None) -> bool:
    """True when ``value`` beats ``best`` for ``metric``."""
    if best is None or math.isnan(best):
        return not math.isnan(value)
    return value > best if metric in HIGHER_IS_BETTER else value < best
