"""A simple reference model beside every run: does the network beat what a linear model would do?

``fit_baseline`` fits, in seconds, a well-known simple model on exactly the run's training rows
and scores it on the run's validation and test rows with the very metrics the run reports
(``core.tasks`` / ``core.metrics``), so the two compare number for number:

- text classification: TF-IDF of word 1-2-grams (plus character 1-3-grams for Chinese, Japanese
  or other text written without spaces) and a logistic regression;
- tables: a logistic (classes) or ridge (numbers) regression on the standardised numbers and the
  one-hot categories, and scikit-learn's gradient-boosted trees; the better on validation is kept.

- language models: bigram counts (``core.baseline_lm``).

A baseline never breaks a run: whatever goes wrong, ``fit_baseline``
returns None and says why. ``BaselineFitter`` is the trainer's callback that fits it while the run
trains, publishes it as a ``core.events.Baseline`` and adds it to the summary. scikit-learn is
imported only where a baseline is fitted.

Where it fits (``core.baseline_child``): by default (the CLI, the core, tests) on a background
thread of the run's process. In the window, in a child process: scikit-learn holds Python's lock
for tens of milliseconds at a time, which on a thread stalled the window. ``warm_up`` is the
switch: the window's start-up calls it, and from then on this process fits in children, with a
standby child started ahead (imports done) so a run's baseline does not wait for an interpreter
to start. Nothing else calls it; ``core.baseline_child.use_threads`` switches back.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import torch
import torch.nn.functional as F

from workbench.core import metrics as M
from workbench.core.baseline_child import BaselineFit, use_children
from workbench.core.callbacks import Callback
from workbench.core.events import Baseline, RunOutcome

if TYPE_CHECKING:
    from workbench.core.data.prepare import PreparedData
    from workbench.core.trainer import Trainer

MAX_TRAIN_ROWS = 50_000  # a larger training split is sampled (seeded) down to this many rows
BUDGET_S = 30.0  # no further candidate model is fitted once this much time has gone
STOP_WAIT_S = 0.0  # after a Stop the summary does not wait for the baseline: Stop ends within a step
END_WAIT_S = 2 * BUDGET_S  # at the end of a run: a candidate begun within the budget may end after it
MAX_WORD_FEATURES = 200_000
MAX_CHAR_FEATURES = 300_000
# Logistic regression's inverse regularisation on TF-IDF features, tried in this order while the
# time budget lasts; the best on validation is kept (ties: the earlier).
TEXT_C = (10.0, 3.0, 30.0)
# CJK ideographs, kana, hangul, Thai, Lao, Khmer, Myanmar: scripts written without word spaces.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf"
                       r"\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_UNSPACED_SHARE = 0.1  # of the non-space characters of a sample of the training texts


@dataclass
class _Candidate:
    model: str
    description: str
    fit_score: Callable[[], tuple[dict[str, float], dict[str, float]]]  # (val, test) metrics



def warm_up() -> None:
    """Switch this process to fitting baselines in child processes and start a standby child in the
    background (returns at once). For the window only: its start-up calls this.

    Without it (the CLI, the core, tests) a baseline fits on a thread of the run's process, as it
    always did: no interpreter to start, no window to keep responsive. With it, scikit-learn never
    loads in the window's process (its import held Python's lock for up to 140 ms at a time) and
    a run's fit takes the standby, whose imports are done by then. A frozen app (no Python to start
    a child with) stays on threads. ``core.baseline_child.use_threads`` undoes it.
    """
    use_children()


def fit_baseline(data: PreparedData, *, max_rows: int = MAX_TRAIN_ROWS, budget_s: float = BUDGET_S,
                 seed: int = 0, reasons: list[str] | None = None) -> Baseline | None:
    """The simple reference model for ``data``'s task, fitted and scored; None when there is none.

    Fitted on ``data.train`` (a seeded sample of ``max_rows`` when larger), scored on the whole
    ``data.val`` and ``data.test``. When it returns None the reason is appended to ``reasons``.
    """
    start = time.perf_counter()
    try:
        task = data.spec.task
        if task == "language_modeling":
            return _lm_baseline(data, start)
        if not len(data.train["y"]):
            raise _NoBaselineError("there are no training rows")
        if not (len(data.val["y"]) or len(data.test["y"])):
            raise _NoBaselineError("there are no validation or test rows to score it on")
        from threadpoolctl import threadpool_limits  # comes with scikit-learn

        rows = train_rows(len(data.train["y"]), max_rows, seed)
        # One thread: the run trains beside it. OpenMP's limit is this thread's own; the BLAS
        # limit (numpy's and scipy's) is the process's, which torch's training does not use.
        with threadpool_limits(limits=1):
            if task == "text_classification":
                candidates = _text_candidates(data, rows, seed)
            else:
                candidates = _table_candidates(data, rows, seed)
            return _best(candidates, task, len(rows), start, budget_s)
    except _NoBaselineError as exc:
        reason = str(exc)
    except ImportError as exc:
        reason = f"scikit-learn is not installed ({exc})"
    except Exception as exc:  # noqa: BLE001 - a reference model must never break the run it accompanies
        reason = f"it failed: {type(exc).__name__}: {exc}"
    if reasons is not None:
        reasons.append(f"No baseline: {reason}.")
    return None


def _lm_baseline(data: PreparedData, start: float) -> Baseline:
    from workbench.core.baseline_lm import lm_scores

    model, val, test, tokens = lm_scores(data)
    if not (val or test):
        raise _NoBaselineError("there are no validation or test tokens to score it on")
    return Baseline(model, "a simple bigram model", val, test, tokens, round(time.perf_counter() - start, 3))


class _NoBaselineError(Exception):
    """This data has no baseline (the message says why)."""


def train_rows(n: int, max_rows: int, seed: int) -> np.ndarray:
    """The training rows a baseline fits on: all ``n``, or a seeded sample of ``max_rows``."""
    if n <= max_rows:
        return np.arange(n)
    return np.sort(np.random.default_rng(seed).choice(n, size=max_rows, replace=False))


def _best(candidates: list[_Candidate], task: str, train_rows: int, start: float,
          budget_s: float) -> Baseline:
    """Fit the candidates in order while time allows; the best on validation (ties: the earlier)."""
    metric = "accuracy" if task != "regression" else "loss"
    best: Baseline | None = None
    for candidate in candidates:
        if best is not None and time.perf_counter() - start > budget_s:
            break
        val, test = candidate.fit_score()
        found = Baseline(candidate.model, candidate.description, val, test, train_rows,
                         time.perf_counter() - start)
        if best is None or (metric in val and M.is_improvement(metric, val[metric], best.val.get(metric))):
            best = found
    assert best is not None  # the first candidate is always fitted
    seconds = round(time.perf_counter() - start, 3)  # as the records keep it
    return Baseline(best.model, best.description, best.val, best.test, train_rows, seconds)


# --- scoring with the run's own metrics -----------------------------------------------------------
def classification_scores(proba: np.ndarray, y: np.ndarray, n_classes: int) -> dict[str, float]:
    """Loss (cross-entropy) and ``core.metrics.classification_metrics`` from class probabilities."""
    if not len(y):
        return {}
    logits = torch.from_numpy(np.log(np.clip(proba, 1e-12, 1.0))).float()
    target = torch.from_numpy(np.asarray(y)).long()
    scores = {"loss": float(F.cross_entropy(logits, target))}
    metrics = M.classification_metrics(target, logits, [str(i) for i in range(n_classes)])
    scores.update({k: float(v) for k, v in metrics.items() if isinstance(v, float)})
    return scores


def regression_scores(pred: np.ndarray, y: np.ndarray, mean: float, std: float) -> dict[str, float]:
    """Loss (MSE of the standardised target) and ``core.metrics.regression_metrics`` in its units."""
    if not len(y):
        return {}
    p = torch.from_numpy(np.asarray(pred, dtype=np.float32))
    t = torch.from_numpy(np.asarray(y, dtype=np.float32))
    return {"loss": float(F.mse_loss(p, t)), **M.regression_metrics(t * std + mean, p * std + mean)}


def _proba(model: Any, x: Any, n_classes: int) -> np.ndarray:
    """Probabilities of every class (columns in class-index order; 0 for one absent from training)."""
    out = np.zeros((x.shape[0], n_classes))
    out[:, np.asarray(model.classes_, dtype=np.int64)] = model.predict_proba(x)
    return out


def _scorer(data: PreparedData, model: Any,
            features: Callable[[str], Any]) -> Callable[[str], dict[str, float]]:
    spec = data.spec

    def score(split: str) -> dict[str, float]:
        y = getattr(data, split)["y"].numpy()
        if not len(y):
            return {}
        x = features(split)
        if spec.is_classification:
            return classification_scores(_proba(model, x, spec.n_classes), y, spec.n_classes)
        return regression_scores(model.predict(x), y, spec.target_mean, spec.target_std)
    return score


# --- text -----------------------------------------------------------------------------------------
def unspaced(texts: list[str], sample: int = 2000) -> bool:
    """Whether the texts are mostly in a script written without spaces between words (Chinese, ...)."""
    chars = "".join(texts[:: max(1, len(texts) // sample)][:sample]).replace(" ", "")
    return bool(chars) and len(_UNSPACED.findall(chars)) / len(chars) >= _UNSPACED_SHARE


def _text_candidates(data: PreparedData, rows: np.ndarray, seed: int) -> list[_Candidate]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion

    if not data.texts:
        raise _NoBaselineError("the prepared data holds no raw texts")
    train = [data.texts["train"][i] for i in rows]
    # Word 1-2-grams; single-character words count too (a Chinese character is one).
    words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1, max_features=MAX_WORD_FEATURES,
                            token_pattern=r"(?u)\b\w+\b", dtype=np.float32)
    if unspaced(train):
        chars = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True,
                                max_features=MAX_CHAR_FEATURES, dtype=np.float32)
        vectorizer: Any = FeatureUnion([("words", words), ("chars", chars)])
        what = "TF-IDF of words and character 1-3-grams + logistic regression"
    else:
        vectorizer, what = words, "TF-IDF of words and word pairs + logistic regression"

    features: dict[str, Any] = {}

    def transform(split: str) -> Any:
        if split not in features:  # fitted once, on the training rows, for every C
            features[split] = (vectorizer.fit_transform(train) if split == "train"
                               else vectorizer.transform(data.texts[split]))
        return features[split]

    def fitter(c: float) -> Callable[[], tuple[dict[str, float], dict[str, float]]]:
        def fit_score() -> tuple[dict[str, float], dict[str, float]]:
            model = LogisticRegression(C=c, max_iter=1000, random_state=seed)
            model.fit(transform("train"), data.train["y"].numpy()[rows])
            score = _scorer(data, model, transform)
            return score("val"), score("test")
        return fit_score
    return [_Candidate(what, "a simple bag-of-words model", fitter(c)) for c in TEXT_C]


# --- tables ---------------------------------------------------------------------------------------
def _table_candidates(data: PreparedData, rows: np.ndarray, seed: int) -> list[_Candidate]:
    from scipy import sparse
    from sklearn.ensemble import HistGradientBoostingClassifier, HistGradientBoostingRegressor
    from sklearn.linear_model import LogisticRegression, Ridge
    from sklearn.preprocessing import OneHotEncoder

    spec = data.spec
    y = data.train["y"].numpy()[rows]

    def columns(split: str) -> tuple[np.ndarray, np.ndarray]:
        part = getattr(data, split)
        return part["x_num"].numpy(), part["x_cat"].numpy()

    x_num, x_cat = columns("train")
    x_num, x_cat = x_num[rows], x_cat[rows]
    onehot = OneHotEncoder(handle_unknown="ignore", dtype=np.float32)

    def linear_features(split: str) -> Any:
        num, cat = columns(split)
        blocks = [sparse.csr_matrix(num)] + ([onehot.transform(cat)] if cat.shape[1] else [])
        return sparse.hstack(blocks, format="csr")

    def fit_linear() -> tuple[dict[str, float], dict[str, float]]:
        if x_cat.shape[1]:
            onehot.fit(x_cat)
        x = linear_features("train")[rows]
        model: Any = (LogisticRegression(C=1.0, max_iter=2000, random_state=seed) if spec.is_classification
                      else Ridge(alpha=1.0))
        model.fit(x, y)
        score = _scorer(data, model, linear_features)
        return score("val"), score("test")

    # The trees read category codes as categories where they fit their 255 bins, else as numbers.
    categorical = [False] * x_num.shape[1] + [size <= 254 for size in spec.category_sizes]

    def tree_features(split: str) -> np.ndarray:
        num, cat = columns(split)
        return np.hstack([num.astype(np.float64), cat.astype(np.float64)])

    def fit_trees() -> tuple[dict[str, float], dict[str, float]]:
        kind = HistGradientBoostingClassifier if spec.is_classification else HistGradientBoostingRegressor
        model = kind(max_iter=300, categorical_features=np.array(categorical, dtype=bool) if any(categorical)
                     else None, early_stopping=True, random_state=seed)
        model.fit(np.hstack([x_num, x_cat]).astype(np.float64), y)
        score = _scorer(data, model, tree_features)
        return score("val"), score("test")

    if spec.is_classification:
        linear = _Candidate("logistic regression", "a simple linear model", fit_linear)
    else:
        linear = _Candidate("ridge regression", "a simple linear model", fit_linear)
    trees = _Candidate("scikit-learn's histogram gradient boosting", "a gradient-boosted tree model",
                       fit_trees)
    return [linear, trees]


# --- in a run -------------------------------------------------------------------------------------
class BaselineFitter(Callback):
    """Fits the run's baseline (``core.baseline_child.BaselineFit``: on a thread, or in a child
    process after ``warm_up``) and publishes it from the training thread.

    It starts when the run does; the loop publishes it after the first step that finds it ready
    (written to metrics.jsonl first), and ``conclude`` waits for it when the run ends so the
    summary has it (after a Stop, ``STOP_WAIT_S`` at most), then ends the child. A resumed run
    reuses the one its folder recorded.
    """

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self.baseline: Baseline | None = None
        self.reasons: list[str] = []
        self.fit: BaselineFit | None = None
        self._published = False

    def on_fit_start(self, trainer: Trainer) -> None:
        """Reuse the recorded baseline of a resumed run, or start fitting one."""
        if not self.enabled:
            return
        recorded = _recorded(trainer)
        if recorded is not None:
            self._publish(trainer, recorded, write=False)
            return
        self.fit = BaselineFit(trainer.data, trainer.cfg.train.seed, self.reasons)
        self.fit.start()

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        """Publish the baseline once it is ready."""
        if not self._published and self.fit is not None and self.fit.done:
            self._publish(trainer, self.fit.baseline)

    def conclude(self, trainer: Trainer) -> dict[str, Any]:
        """The summary's {"baseline": ...} ({} without one): waits for it (briefly after a Stop,
        not at all after a failure), publishes it if the loop has not yet, and ends the child."""
        if self.fit is not None and not self._published:
            wait = {RunOutcome.STOPPED: STOP_WAIT_S, RunOutcome.FAILED: 0.0, RunOutcome.INTERRUPTED: 0.0}
            self.fit.join(wait.get(trainer.status, END_WAIT_S))
            if self.fit.done:
                self._publish(trainer, self.fit.baseline)
        self.close()
        return {"baseline": self.baseline.to_summary()} if self.baseline is not None else {}

    def on_fit_end(self, trainer: Trainer, summary: dict[str, Any]) -> None:
        """End the child, if any, however the run ended (``conclude`` normally has)."""
        self.close()

    def close(self) -> None:
        """Kill the child process if there is one and it still runs (a baseline not ready by now
        is not kept; a fit on a thread is left to end by itself)."""
        if self.fit is not None:
            self.fit.close()

    def _publish(self, trainer: Trainer, baseline: Baseline | None, write: bool = True) -> None:
        self._published = True
        self.baseline = baseline
        if baseline is None:
            return
        if write and trainer.run_dir is not None:
            trainer.run_dir.write_point(baseline)
        trainer.publish(baseline)


def _recorded(trainer: Trainer) -> Baseline | None:
    """The baseline a resumed run's metrics.jsonl holds, if any."""
    if trainer.run_dir is None or trainer.step == 0:
        return None
    found = [Baseline.from_record(r) for r in trainer.run_dir.history() if r.get("kind") == "baseline"]
    return next((b for b in reversed(found) if b is not None), None)

