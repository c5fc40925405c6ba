"""A classifier's test-set predictions, kept beside the run for its ROC/PR curves and confusion cells.

When a classification run is summarised (``core.outcome``), the class probabilities of each set
of weights on the test split (validation when there is none) are kept, over the very rows the
summary scored: the outputs of the evaluation just made are reused (``TaskRunner.last_outputs``),
so this costs no pass over the data. From the reported checkpoint's come the ROC-AUC (macro
one-vs-rest with more than two classes) and average precision in ``summary["curves"]``, and the
file ``<run>/test_predictions.json``::

    {"format": "workbench-class-predictions-1", "split": "test", "checkpoint": "best", "step": 120,
     "rows": 2000, "scored": 2000, "kind": "text", "classes": [...],
     "actual": [class index, ...], "probabilities": [[p0, p1, ...], ...], "examples": [...]}

At most ``MAX_ROWS`` rows are kept (a seeded choice when the split is larger). An example is the
input as the model read it: a text decoded from its tokens (lower-cased if the tokenizer lowers,
cut at ``max_length``, an unknown token as "\ufffd" so it reads back as unknown), or a table row with
its numbers and categories (None: missing or unseen in training). Reading the file needs no torch.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from workbench.core.curves import class_curves
from workbench.core.errors import CheckpointError
from workbench.core.fileio import atomic_write_text

if TYPE_CHECKING:
    from workbench.core.data.prepare import PreparedData
    from workbench.core.trainer import Trainer

FILE = "test_predictions.json"
FORMAT = "workbench-class-predictions-1"
MAX_ROWS = 2000  # rows kept in the file: enough for smooth curves and full confusion cells
SEED = 0
UNKNOWN = "\ufffd"  # an unknown token in a decoded text: encodes back to <unk>


@dataclass
class ClassPredictions:
    """Predicted class probabilities for rows of one split, with the inputs they came from."""

    split: str
    classes: list[str]
    actual: np.ndarray  # (N,) int64 class index
    probabilities: np.ndarray  # (N, C) float32
    examples: list[Any]  # texts or {column: value} rows
    kind: str  # "text" or "table"
    rows: int  # rows in the split
    scored: int  # rows the summary scored (the curves' numbers cover them all)
    checkpoint: str = "final"
    step: int = 0
    areas: dict[str, Any] | None = None  # curves.ClassCurves.to_summary() over every scored row

    @property
    def predicted(self) -> np.ndarray:
        """(N,) the class each row was given: the most probable."""
        return np.asarray(self.probabilities).argmax(axis=1) if len(self.actual) else np.zeros(0, np.int64)

    def confusion(self) -> np.ndarray:
        """(C, C) counts of the kept rows: rows the true class, columns the predicted one."""
        n = len(self.classes)
        matrix = np.zeros((n, n), dtype=np.int64)
        np.add.at(matrix, (self.actual, self.predicted), 1)
        return matrix

    def cell(self, true: int, predicted: int) -> list[int]:
        """The rows of true class ``true`` given class ``predicted``, the most confident first."""
        rows = np.flatnonzero((self.actual == true) & (self.predicted == predicted))
        confidence = np.asarray(self.probabilities)[rows, predicted]
        return [int(r) for r in rows[np.argsort(-confidence, kind="stable")]]

    def to_dict(self) -> dict[str, Any]:
        """The file's JSON content."""
        return {"format": FORMAT, "split": self.split, "checkpoint": self.checkpoint, "step": self.step,
                "rows": self.rows, "scored": self.scored, "kind": self.kind, "classes": self.classes,
                "actual": [int(v) for v in self.actual],
                "probabilities": [[round(float(p), 5) for p in row] for row in self.probabilities],
                "examples": [_jsonable(e) for e in self.examples]}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ClassPredictions:
        """Read ``to_dict`` output back; CheckpointError if it is not one."""
        try:
            if d.get("format") != FORMAT:
                raise ValueError(f"format {d.get('format')!r}")
            classes = [str(c) for c in d["classes"]]
            actual = np.asarray(d["actual"], dtype=np.int64)
            probs = np.asarray(d["probabilities"], dtype=np.float32).reshape(len(actual), len(classes))
            examples = list(d["examples"])
            in_range = not actual.size or 0 <= actual.min() <= actual.max() < len(classes)
            if len(examples) != len(actual) or not in_range:
                raise ValueError("rows do not match")
            return cls(str(d["split"]), classes, actual, probs, examples, str(d["kind"]), int(d["rows"]),
                       int(d["scored"]), str(d["checkpoint"]), int(d["step"]))
        except (AttributeError, KeyError, TypeError, ValueError) as exc:
            raise CheckpointError(f"{FILE} is not a predictions file Workbench wrote ({exc}).") from None


def load(run_path: str | Path) -> ClassPredictions | None:
    """The predictions kept in run folder ``run_path``; None when it has none (not a classifier, or
    a run from before they were kept). A damaged file is a CheckpointError."""
    path = Path(run_path) / FILE
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckpointError(f"{path} cannot be read: {exc}") from None
    if not isinstance(data, dict):
        raise CheckpointError(f"{path} is not a predictions file Workbench wrote.")
    return ClassPredictions.from_dict(data)


def save(run_path: str | Path, predictions: ClassPredictions) -> Path:
    """Write ``predictions`` to ``run_path``/``FILE`` atomically."""
    path = Path(run_path) / FILE
    atomic_write_text(path, json.dumps(predictions.to_dict(), ensure_ascii=False, separators=(",", ":")))
    return path


# ----------------------------------------------------------------- made at the end of a run
def collect(trainer: Trainer, limits: Mapping[str, int] | None = None) -> ClassPredictions | None:
    """The model now in ``trainer`` run over the test split (validation when there is none),
    limited to the rows an evaluation of ``limits[split]`` batches scores (0 or absent: all);
    None unless the run classifies."""
    import torch

    data, runner = trainer.data, trainer.runner
    split = next((s for s in ("test", "val") if runner.split_size(s)), "")
    if not data.spec.is_classification or not split:
        return None
    limit = (limits or {}).get(split, 0)
    stash, runner.last_outputs = runner.last_outputs, None  # used once: the weights may change next
    if stash is not None and stash[:2] == (split, limit):
        # The summary evaluated these very rows with these weights just now (its last split): reuse
        # the outputs rather than run the model over them again.
        probs, ys = [torch.softmax(stash[2].float(), dim=-1).cpu()], [stash[3].cpu()]
        inputs = [{k: v.cpu() for k, v in runner.inputs(batch).items()}
                  for batch in runner.eval_batches(split, limit)]
    else:
        probs, ys, inputs = _predict(trainer, split, limit)
    if not ys:
        return None
    p, y = torch.cat(probs).numpy(), torch.cat(ys).numpy().astype(np.int64)
    areas = class_curves(y, p, data.spec.classes).to_summary()
    keep = np.arange(len(y))
    if len(y) > MAX_ROWS:
        keep = np.sort(np.random.default_rng(SEED).choice(len(y), MAX_ROWS, replace=False))
    features = {k: torch.cat([b[k] for b in inputs])[torch.from_numpy(keep)].numpy() for k in inputs[0]}
    kind = "text" if "x" in features else "table"
    examples = _texts(data, features["x"]) if kind == "text" else _rows(data, features)
    return ClassPredictions(split, list(data.spec.classes), y[keep], p[keep].astype(np.float32), examples,
                            kind, runner.split_size(split), len(y), areas=areas)


def attach(summary: dict[str, Any], collected: dict[str, ClassPredictions | None],
           run_path: str | Path | None) -> None:
    """Put ``summary["curves"]`` (the areas over every scored row) for the reported checkpoint and
    write its predictions' file. The splits' metrics stay what an evaluation gives."""
    reported = str(summary.get("reported") or "final")
    chosen = collected.get(reported) or collected.get("final")
    if chosen is None:
        return
    # No "best" predictions of their own but a "best" in the summary: the best checkpoint holds the
    # final weights, and the summary calls them by the name the headline uses.
    chosen.checkpoint = reported if reported in ("best", "final") and summary.get(reported) else "final"
    chosen.step = int(summary.get("best_step" if chosen.checkpoint == "best" else "steps") or 0)
    summary["curves"] = {"split": chosen.split, "checkpoint": chosen.checkpoint, "step": chosen.step,
                         "scored": chosen.scored, "kept": len(chosen.actual), "file": FILE,
                         **(chosen.areas or {})}
    if run_path is not None:
        save(run_path, chosen)


def _predict(trainer: Trainer, split: str, limit: int) -> tuple[list[Any], list[Any], list[dict[str, Any]]]:
    """Class probabilities, targets and inputs of ``split``'s evaluation rows, batch by batch."""
    import torch

    runner, model = trainer.runner, trainer.model
    probs, ys, inputs = [], [], []
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad(), trainer.autocast():
            for batch in runner.eval_batches(split, limit):
                x = runner.inputs(batch)
                probs.append(torch.softmax(model(x).float(), dim=-1).cpu())
                ys.append(batch["y"].cpu())
                inputs.append({k: v.cpu() for k, v in x.items()})
    finally:
        model.train(was_training)
    return probs, ys, inputs


def _texts(data: PreparedData, x: np.ndarray) -> list[str]:
    tokenizer = data.tokenizer
    assert tokenizer is not None  # a text classifier has one
    vocab, sep = tokenizer.vocab, "" if tokenizer.kind == "char" else " "
    return [sep.join(UNKNOWN if i == 1 else vocab[i] for i in row if i != 0) for row in x.tolist()]


def _rows(data: PreparedData, features: dict[str, np.ndarray]) -> list[dict[str, Any]]:
    spec, n_num = data.spec, len(data.spec.numeric_columns)
    x_num, x_cat = features.get("x_num"), features.get("x_cat")
    out: list[dict[str, Any]] = []
    for r in range(len(next(iter(features.values())))):
        row: dict[str, Any] = {}
        for j, col in enumerate(spec.numeric_columns):
            assert x_num is not None
            flag = spec.missing_flags.index(col) if col in spec.missing_flags else -1
            missing = flag >= 0 and x_num[r, n_num + flag] > 0.5
            row[col] = None if missing else _short(float(x_num[r, j]) * spec.num_std[j] + spec.num_mean[j])
        for j, col in enumerate(spec.categorical_columns):
            assert x_cat is not None
            code = int(x_cat[r, j])
            row[col] = spec.categories[col][code - 1] if code > 0 else None
        out.append(row)
    return out


def _short(value: float) -> float:
    return float(f"{value:.6g}") if math.isfinite(value) else value


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): None if isinstance(v, float) and not math.isfinite(v) else v
                for k, v in value.items()}
    return value
