"""What Workbench understands of a data file: the one analysis the Data page and ``inspect`` show.

``analyse`` resolves the task and roles with the core schema (the target with its confidence and
candidates, the split column, missing-value markers), counts the classes (or bins a numeric
target), runs the pre-flight checks, and builds a cheap stand-in for the ``DataSpec`` so the Model
page can show a parameter count and memory estimate before any tensors exist. The stand-in fits
the tokenizer on at most ``SAMPLE_TEXTS`` texts or ``SAMPLE_CHARS`` characters, so its vocabulary
size is close to, not exactly, what training will use. It runs on a background thread while the
window stays live, so column work goes a piece at a time (``core.data.columns``): a single pandas
call over a million strings would hold Python's lock, and stall the GUI, for up to a second.
No Qt here: ``to_dict`` is what ``workbench inspect --json`` prints.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from workbench.core.config import DataConfig
from workbench.core.data.checks import Check, by_level, cut

SAMPLE_TEXTS = 20_000
SAMPLE_CHARS = 2_000_000
MAX_BARS = 20
MAX_CANDIDATES = 5
HIST_BINS = 30


@dataclass
class GuessSpec:
    """The fields of ``DataSpec`` the models read (``models.ModelSpec``), guessed from the data."""

    task: str
    vocab_size: int = 0
    classes: list[str] = field(default_factory=list)
    max_length: int = 0
    block_size: int = 0
    n_numeric: int = 0
    category_sizes: list[int] = field(default_factory=list)

    def sized(self, max_length: int, block_size: int) -> GuessSpec:
        """A copy with the lengths the current config asks for."""
        spec = copy.copy(self)
        spec.max_length, spec.block_size = max_length, block_size
        return spec


@dataclass
class Analysis:
    """Task, roles, class balance and a spec guess for one loaded file and data config."""

    kind: str                                  # "table" or "text"
    inferred: dict[str, str] = field(default_factory=dict)   # roles guessed with no overrides
    task: str = ""
    target: str = ""
    text_column: str = ""
    roles: dict[str, str] = field(default_factory=dict)      # after the config's overrides
    error: str = ""                            # why this data cannot train (DataError), or ""
    notes: list[str] = field(default_factory=list)
    counts: list[tuple[str, int]] = field(default_factory=list)  # classes, most frequent first
    n_classes: int = 0
    histogram: tuple[list[float], list[int]] | None = None      # regression: bin edges, counts
    spec: GuessSpec | None = None
    chars: int = 0
    words: int = 0
    path: str = ""
    encoding: str = ""
    delimiter: str = ""
    rows: int = 0
    reasons: dict[str, str] = field(default_factory=dict)    # why each column got its guessed role
    target_confident: bool = True              # False: the window asks, the CLI says what to set
    candidates: list[Any] = field(default_factory=list)      # target.Candidate, best first
    split_column: str = ""
    missing: dict[str, int] = field(default_factory=dict)    # column -> values read as missing markers
    warnings: list[Check] = field(default_factory=list)      # pre-flight findings, errors first

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON, long texts cut with "…"."""
        return {
            "file": self.path, "kind": self.kind, "encoding": self.encoding, "delimiter": self.delimiter,
            "rows": self.rows, "task": self.task, "target": self.target,
            "target_confident": self.target_confident,
            "target_candidates": [c.to_dict() for c in self.candidates[:MAX_CANDIDATES]],
            "text_column": self.text_column, "split_column": self.split_column,
            "roles": dict(self.roles), "reasons": {col: cut(why) for col, why in self.reasons.items()},
            "missing_markers": dict(self.missing),
            "warnings": [w.to_dict() for w in self.warnings],
            "notes": [cut(note) for note in self.notes], "error": cut(self.error),
            "classes": [[cut(label, 80), n] for label, n in self.counts], "n_classes": self.n_classes,
        }


def analyse(source: Any, data_cfg: DataConfig) -> Analysis:
    """Resolve ``source`` (a LoadedTable or LoadedText) with ``data_cfg``, check it and summarise it."""
    from workbench.core.data.checks import RefusedDataError
    from workbench.core.data.loading import LoadedText
    from workbench.core.data.preflight import check_table, check_texts
    from workbench.core.data.schema import infer_roles, resolve
    from workbench.core.errors import DataError

    if isinstance(source, LoadedText):
        result = Analysis(kind="text", task="language_modeling", chars=len(source.text),
                          words=len(source.text.split()))
    else:
        result = Analysis(kind="table", delimiter=source.delimiter, rows=len(source.df))
    result.path, result.encoding = str(source.path), source.encoding
    try:
        resolved = resolve(source, data_cfg)
    except DataError as exc:
        result.error = str(exc)
        if isinstance(exc, RefusedDataError):
            result.warnings.append(exc.check)
        if result.kind == "table":
            result.inferred = infer_roles(source.df)
        result.roles = dict(result.inferred)
        return result
    result.inferred = dict(resolved.inferred)
    result.task, result.target, result.text_column = resolved.task, resolved.target, resolved.text_column
    result.roles, result.notes = dict(resolved.roles), list(resolved.notes)
    result.reasons, result.target_confident = dict(resolved.reasons), resolved.target_confident
    result.candidates, result.split_column = list(resolved.candidates), resolved.split_column
    result.missing = dict(resolved.missing)
    frame = resolved.df
    if result.kind == "table":
        _describe_table(result, frame)
        result.warnings = check_table(resolved, data_cfg)
    result.spec, tokenizer, fitted = _guess_spec(result, source.text if frame is None else frame, data_cfg)
    if tokenizer is not None and frame is not None and result.task == "text_classification":
        result.warnings = by_level(result.warnings + check_texts(frame[result.text_column], tokenizer, fitted,
                                                                 data_cfg))
    return result


def _describe_table(result: Analysis, df: Any) -> None:
    import numpy as np

    from workbench.core.data import columns
    from workbench.core.data.schema import label_text

    if result.task == "language_modeling":
        texts = df[result.text_column]
        result.chars = columns.total_length(texts)
        result.words = columns.total_words(texts)
        return
    target = df[result.target]
    if result.task == "regression":
        numbers = columns.numbers(target).to_numpy(dtype=float)
        numbers = numbers[np.isfinite(numbers)]
        if numbers.size:
            heights, edges = np.histogram(numbers, bins=HIST_BINS)
            result.histogram = (edges.tolist(), heights.tolist())
        return
    counts = columns.value_counts(target, key=label_text)  # raw values counted, then merged by label
    result.n_classes = len(counts)
    result.counts = [(str(k), n) for k, n in counts[:MAX_BARS]]


def _sample_texts(result: Analysis, data: Any, cfg: DataConfig) -> list[str] | str:
    if result.kind == "text":
        return str(data)[:SAMPLE_CHARS]
    from workbench.core.data import columns

    texts = data[result.text_column]
    limit = SAMPLE_TEXTS
    if result.task == "text_classification":
        # Training fits the vocabulary on the training split only: as many rows as it will have.
        train = max(1, round(columns.count_present(texts) * (1 - cfg.val_fraction - cfg.test_fraction)))
        limit = min(limit, train)
    return columns.head(texts, limit).astype(str).tolist()


def _guess_spec(result: Analysis, data: Any, cfg: DataConfig) -> tuple[GuessSpec, Any, int]:
    """The spec stand-in, with the tokenizer fitted for it (or None) and how many texts it read.

    ``data`` is the text of a plain-text file, else the table (markers made missing).
    """
    from workbench.core.data import columns
    from workbench.core.tokenizers import fit_tokenizer

    # Only the top classes are kept for the chart; the output layer needs them all (by count).
    spec = GuessSpec(task=result.task, classes=[str(i) for i in range(result.n_classes)])
    if result.task in ("text_classification", "language_modeling"):
        texts = _sample_texts(result, data, cfg)
        tokenizer = fit_tokenizer(cfg.tokenizer, texts, cfg.vocab_size, cfg.min_freq, cfg.lowercase)
        spec.vocab_size = tokenizer.vocab_size
        return spec, tokenizer, len(texts)
    for col, role in result.roles.items():
        if col == result.target:
            continue
        if role == "numeric":
            spec.n_numeric += 1 + int(columns.count_missing(data[col]) > 0)  # a missing-value flag column
        elif role == "categorical":
            spec.category_sizes.append(columns.count_distinct(data[col]) + 1)
    return spec, None, 0


TASK_LABELS = {
    "auto": "Automatic",
    "text_classification": "Text classification",
    "tabular_classification": "Table classification",
    "regression": "Regression (predict a number)",
    "language_modeling": "Language model (write text)",
}
TEXT_TASKS = ("text_classification", "language_modeling")
