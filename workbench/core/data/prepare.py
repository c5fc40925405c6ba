"""Turn a loaded file into train/validation/test tensors, and encode new inputs the same way.

Everything fitted (categories, standardisation, vocabulary) is fitted on the training split only,
except a language model's vocabulary, which covers the whole text so validation has no unknowns.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import torch

from workbench.core.config import DataConfig
from workbench.core.data import splits
from workbench.core.data.loading import LoadedText
from workbench.core.data.schema import Source, resolve
from workbench.core.data.target import class_indices, class_order, label_text
from workbench.core.errors import CheckpointError, DataError
from workbench.core.tokenizers import UNK_ID, Tokenizer, fit_tokenizer

SPEC_VERSION = 1
MAX_VAL_EXAMPLES = 16
CLASSIFICATION_TASKS = ("text_classification", "tabular_classification")
_LM_CHUNKS = 100  # random LM splits cut the token stream into about this many pieces

Split = dict[str, torch.Tensor]
_Y = TypeVar("_Y", float, np.ndarray, torch.Tensor)


@dataclass
class DataSpec:
    """Everything needed to rebuild a model's input/output layers and encode new inputs as in training.

    Categories: ``categories[col][i]`` is encoded as ``i + 1``; 0 means missing or unknown.
    ``x_num`` holds the standardised ``numeric_columns``, then one 0/1 flag per ``missing_flags``
    column (1 where the value was missing); ``feature_names`` names them, then the ``x_cat`` columns.
    """

    task: str
    target: str = ""
    text_column: str = ""
    classes: list[str] = field(default_factory=list)
    numeric_columns: list[str] = field(default_factory=list)
    num_mean: list[float] = field(default_factory=list)
    num_std: list[float] = field(default_factory=list)
    missing_flags: list[str] = field(default_factory=list)
    categorical_columns: list[str] = field(default_factory=list)
    categories: dict[str, list[str]] = field(default_factory=dict)
    target_mean: float = 0.0
    target_std: float = 1.0
    vocab_size: int = 0
    max_length: int = 0
    block_size: int = 0
    split_sizes: dict[str, int] = field(default_factory=dict)

    @property
    def is_classification(self) -> bool:
        """Whether the model outputs class logits."""
        return self.task in CLASSIFICATION_TASKS

    @property
    def n_classes(self) -> int:
        """Number of classes (0 unless classifying)."""
        return len(self.classes)

    @property
    def n_numeric(self) -> int:
        """Number of ``x_num`` columns (missing-value flags included)."""
        return len(self.numeric_columns) + len(self.missing_flags)

    @property
    def category_sizes(self) -> list[int]:
        """Embedding sizes for ``x_cat``: each column's categories plus the missing/unknown index 0."""
        return [len(self.categories[col]) + 1 for col in self.categorical_columns]

    @property
    def feature_names(self) -> list[str]:
        """Names of the ``x_num`` columns, then of the ``x_cat`` columns (the model's feature order)."""
        flags = [f"{col} (missing)" for col in self.missing_flags]
        return self.numeric_columns + flags + self.categorical_columns

    def destandardise(self, y: _Y) -> _Y:
        """Regression outputs in the target's own units (the model predicts standardised values)."""
        return y * self.target_std + self.target_mean

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON; ``from_dict`` reverses it."""
        return {"spec_version": SPEC_VERSION, **dataclasses.asdict(self)}

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> DataSpec:
        """Rebuild a spec from ``to_dict`` output; raises CheckpointError if it is not one."""
        if not isinstance(d, dict) or not isinstance(d.get("task"), str):
            raise CheckpointError("data spec must be a JSON object with a 'task'.")
        if d.get("spec_version", SPEC_VERSION) != SPEC_VERSION:
            raise CheckpointError(f"data spec version {d.get('spec_version')!r} is not supported "
                                  f"(this Workbench reads version {SPEC_VERSION}).")
        names = {f.name for f in dataclasses.fields(cls)}
        try:
            return cls(**{key: value for key, value in d.items() if key in names})
        except TypeError as exc:
            raise CheckpointError(f"data spec is malformed: {exc}.") from None


@dataclass
class PreparedData:
    """Tensors for each split plus what is needed to use them (see docs/CONTRACTS.md for shapes).

    ``val_examples``: up to 16 raw validation inputs for the attention probe: the texts (text
    classification), feature dicts with None for missing (tabular), or the decoded text of
    ``block_size``-token windows (language modelling). Training rows stand in when there is no
    validation split. ``val_answers``: the classes of those inputs (classification; else empty).
    ``texts``: text classification's raw texts of each split ("train", "val",
    "test"), whole and untokenised, for the simple reference model (``core.baseline``).
    """

    spec: DataSpec
    tokenizer: Tokenizer | None
    train: Split
    val: Split
    test: Split
    val_examples: list[Any]
    notes: list[str] = field(default_factory=list)
    texts: dict[str, list[str]] = field(default_factory=dict)
    val_answers: list[str] = field(default_factory=list)


def prepare_data(source: Source, data_cfg: DataConfig, block_size: int,
                 reuse_tokenizer: Tokenizer | None = None) -> PreparedData:
    """Resolve the task, split with ``data_cfg.split_seed`` and encode every split.

    ``block_size`` is the language model's context length (ignored by the other tasks).
    ``reuse_tokenizer``: text is encoded with it rather than a tokenizer fitted to this data (a run
    started from another run's weights needs that run's vocabulary: ``core.transfer``).
    Raises DataError when the data cannot make the splits the task needs.
    """
    resolved = resolve(source, data_cfg)
    notes = ([] if isinstance(source, pd.DataFrame) else list(source.notes)) + resolved.notes
    spec = DataSpec(task=resolved.task, target=resolved.target, text_column=resolved.text_column)
    where = "" if isinstance(source, pd.DataFrame) else f"{source.path}: "
    if isinstance(source, LoadedText):
        return _prepare_lm(spec, source.text, data_cfg, block_size, notes, where, reuse_tokenizer)
    df = resolved.df  # markers such as '?' already missing
    assert df is not None  # a table always resolves with its frame
    if resolved.task == "language_modeling":
        if resolved.split_column:
            notes.append(f"The split column '{resolved.split_column}' is not used: a language model splits "
                         "its text by [data] val_fraction and test_fraction")
        column = df[resolved.text_column].dropna().astype(str)
        text = "\n".join(column[column.str.strip() != ""])
        return _prepare_lm(spec, text, data_cfg, block_size, notes, where, reuse_tokenizer)
    df, y, parts = _split_rows(spec, df, data_cfg, notes, where, resolved.split_column)
    if spec.is_classification:
        y_tensor = torch.from_numpy(y)
    else:
        spec.target_mean, spec.target_std = _scale(y[parts[0]], f"{where}target column '{spec.target}'")
        y_tensor = torch.from_numpy(((y - spec.target_mean) / spec.target_std).astype(np.float32))
    if resolved.task == "text_classification":
        texts = df[resolved.text_column].astype(str)
        fitted = reuse_tokenizer or fit_tokenizer(data_cfg.tokenizer, texts.iloc[parts[0]].tolist(),
                                                  data_cfg.vocab_size, data_cfg.min_freq, data_cfg.lowercase)
        spec.vocab_size, spec.max_length = fitted.vocab_size, data_cfg.max_length
        features = encode_texts(spec, fitted, texts.tolist())
        tokenizer: Tokenizer | None = fitted
        examples: list[Any] = texts.iloc[_example_rows(parts)].tolist()
        raw = {name: texts.iloc[idx].tolist() for name, idx in zip(("train", "val", "test"), parts)}
    else:
        tokenizer, raw = None, {}
        _fit_table(spec, df.iloc[parts[0]], resolved.roles, notes, where)
        features = encode_table(spec, df)
        rows = df.iloc[_example_rows(parts)][spec.numeric_columns + spec.categorical_columns].astype(object)
        examples = rows.where(rows.notna(), None).to_dict("records")
    train, val, test = ({**{k: v[idx] for k, v in features.items()}, "y": y_tensor[idx]}
                        for idx in map(torch.from_numpy, parts))
    answers = [spec.classes[int(i)] for i in y[_example_rows(parts)]] if spec.is_classification else []
    return PreparedData(spec, tokenizer, train, val, test, examples, notes, texts=raw, val_answers=answers)


def _split_rows(spec: DataSpec, df: pd.DataFrame, cfg: DataConfig, notes: list[str], where: str,
                split_column: str) -> tuple[pd.DataFrame, np.ndarray, splits.Parts]:
    """Drop unusable rows; return them, the target (class indices or raw numbers) and the split rows."""
    present = df[spec.target].notna()
    if not present.all():
        df = df[present]  # resolve() has noted how many rows this drops
    if spec.task == "text_classification":
        df = _drop_missing(df, spec.text_column, "text", notes, blank_is_missing=True)
    if spec.is_classification:
        y, spec.classes = class_indices(df[spec.target])
    else:
        y = _numbers(df[spec.target])
        keep = ~np.isnan(y)
        if not keep.all():
            notes.append(f"{int((~keep).sum()):,} rows whose target '{spec.target}' is not a number "
                         "were dropped")
            df, y = df[keep], y[keep]
    if len(df) < 2:
        raise DataError(f"{where}only {len(df)} usable row(s) (with both a target and the inputs); "
                        "training needs more.", hint="Check the target and text columns.")
    codes = splits.assign(df[split_column], where) if split_column else None
    parts, how = splits.split_rows(len(df), cfg, y if spec.is_classification else None, codes, where,
                                   spec.target)
    spec.split_sizes = {"train": len(parts[0]), "val": len(parts[1]), "test": len(parts[2])}
    notes.append(f"Split {len(df):,} rows into {len(parts[0]):,} train, {len(parts[1]):,} validation and "
                 f"{len(parts[2]):,} test ({how})")
    return df, y, parts


def encode_texts(spec: DataSpec, tokenizer: Tokenizer, texts: Sequence[str]) -> Split:
    """``{"x": long (N, spec.max_length)}``: ids left-aligned, padded with 0, cut at max_length.

    A text with no tokens becomes a single ``<unk>``, so every row has something to attend to.
    """
    x = np.zeros((len(texts), spec.max_length), dtype=np.int64)
    for row, text in enumerate(texts):
        ids = tokenizer.encode(text)[: spec.max_length] or [UNK_ID]
        x[row, : len(ids)] = ids
    return {"x": torch.from_numpy(x)}


def encode_table(spec: DataSpec, df: pd.DataFrame) -> Split:
    """``{"x_num": float (N, F), "x_cat": long (N, C)}`` for ``df`` as in training.

    Missing or non-numeric numbers become the training mean (0 after standardising) and set the
    column's missing flag; categories not seen in training become 0.
    """
    absent = [col for col in spec.numeric_columns + spec.categorical_columns if col not in df.columns]
    if absent:
        raise DataError(f"the input lacks column(s) the model was trained on: {', '.join(absent)}.",
                        hint="Provide every feature column used in training.")
    n, n_num = len(df), len(spec.numeric_columns)
    x_num = np.zeros((n, spec.n_numeric), dtype=np.float32)
    for j, col in enumerate(spec.numeric_columns):
        values = _numbers(df[col])
        missing = np.isnan(values)
        x_num[:, j] = np.where(missing, 0.0, (values - spec.num_mean[j]) / spec.num_std[j])
        if col in spec.missing_flags:
            x_num[:, n_num + spec.missing_flags.index(col)] = missing
    x_cat = np.zeros((n, len(spec.categorical_columns)), dtype=np.int64)
    for j, col in enumerate(spec.categorical_columns):
        index = {name: i + 1 for i, name in enumerate(spec.categories[col])}
        codes, uniques = pd.factorize(df[col])
        # The extra 0 at the end is what pandas' missing code -1 picks.
        lookup = np.array([index.get(label_text(u), 0) for u in uniques] + [0], dtype=np.int64)
        x_cat[:, j] = lookup[codes]
    return {"x_num": torch.from_numpy(x_num), "x_cat": torch.from_numpy(x_cat)}


def _prepare_lm(spec: DataSpec, text: str, cfg: DataConfig, block_size: int, notes: list[str],
                where: str, reuse: Tokenizer | None = None) -> PreparedData:
    tokenizer = reuse or fit_tokenizer(cfg.tokenizer, text, cfg.vocab_size, cfg.min_freq, cfg.lowercase)
    ids = tokenizer.encode_array(text)
    n = len(ids)
    n_val, n_test = int(n * cfg.val_fraction), int(n * cfg.test_fraction)
    if cfg.lm_val_tail:
        cut_test, cut_val = n - n_val - n_test, n - n_val
        train, test, val = ids[:cut_test], ids[cut_test:cut_val], ids[cut_val:]
        how = "the end of the text is validation, the part before it test"
    else:
        rng = np.random.default_rng(cfg.split_seed)
        chunk = max(block_size + 1, math.ceil(n / _LM_CHUNKS))
        pieces = [ids[start:start + chunk] for start in range(0, n, chunk)]
        parts = splits.random_split(len(pieces), cfg.val_fraction, cfg.test_fraction, rng, at_least_one=True)
        train, val, test = (np.concatenate([pieces[i] for i in sorted(p)]) if len(p) else ids[:0]
                            for p in parts)
        how = f"random pieces of {chunk:,} tokens, seed {cfg.split_seed}"
    for name, part, share, field_name in (("training", train, 1.0, ""),
                                          ("validation", val, cfg.val_fraction, "val_fraction"),
                                          ("test", test, cfg.test_fraction, "test_fraction")):
        if share > 0 and len(part) < block_size + 1:
            larger = f", or a larger [data] {field_name}" if field_name else ""
            raise DataError(f"{where}the {name} split has only {len(part):,} tokens, fewer than the context "
                            f"length + 1 ({block_size} + 1) that one example needs.",
                            hint=f"Use a smaller context length ([model] block_size), more text{larger}.")
    spec.vocab_size, spec.block_size = tokenizer.vocab_size, block_size
    spec.split_sizes = {"train": len(train), "val": len(val), "test": len(test)}
    notes.append(f"Split {n:,} tokens into {len(train):,} train, {len(val):,} validation and "
                 f"{len(test):,} test ({how}); vocabulary of {tokenizer.vocab_size:,} tokens")
    source = val if len(val) else train
    starts = np.unique(np.linspace(0, max(len(source) - block_size, 0), MAX_VAL_EXAMPLES).astype(int))
    examples = [tokenizer.decode(source[s:s + block_size].tolist()) for s in starts]
    tensors = [{"ids": torch.from_numpy(np.ascontiguousarray(part))} for part in (train, val, test)]
    return PreparedData(spec, tokenizer, tensors[0], tensors[1], tensors[2], examples, notes)


def _fit_table(spec: DataSpec, train: pd.DataFrame, roles: dict[str, str], notes: list[str],
               where: str = "") -> None:
    """Fill the spec's numeric statistics, missing flags and category lists from the training rows."""
    for col, role in roles.items():
        if role == "numeric":
            values = _numbers(train[col])
            present = values[~np.isnan(values)]
            if len(present) == 0:
                notes.append(f"Column '{col}' has no numbers in the training rows; it is not used")
                continue
            mean, std = _scale(present, f"{where}column '{col}'")
            spec.numeric_columns.append(col)
            spec.num_mean.append(mean)
            spec.num_std.append(std)
            if len(present) < len(values):
                spec.missing_flags.append(col)
        elif role == "categorical":
            present = train[col].dropna()
            spec.categorical_columns.append(col)
            spec.categories[col] = sorted({label_text(v) for v in present.unique()}, key=class_order)
        elif role == "text":
            notes.append(f"Column '{col}' is text, which tabular models do not read; it is not used")
    if spec.missing_flags:
        notes.append(f"Missing values in {', '.join(spec.missing_flags)} are filled with the training "
                     "mean, and a 0/1 'missing' feature is added for each")


def _drop_missing(df: pd.DataFrame, col: str, what: str, notes: list[str], *,
                  blank_is_missing: bool) -> pd.DataFrame:
    values = df[col]
    missing = values.isna()
    if blank_is_missing:
        missing |= values.astype(str).str.strip() == ""
    if missing.any():
        notes.append(f"{int(missing.sum()):,} rows with no {what} ('{col}') were dropped")
        return df[~missing]
    return df


def _numbers(series: pd.Series) -> np.ndarray:
    """float64 values; missing, non-numeric and infinite entries are NaN."""
    values = pd.to_numeric(series, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan, copy=True)
    values[~np.isfinite(values)] = np.nan
    return values


def _scale(values: np.ndarray, what: str) -> tuple[float, float]:
    """The mean and spread that standardise ``values``; a DataError naming ``what`` where they overflow.

    Finite numbers near the float limit (1e308) overflow once summed or squared: left alone they
    make every input NaN and the run fails with "the loss became nan", blaming the learning rate.
    """
    with np.errstate(over="ignore", invalid="ignore"):
        mean = float(values.mean()) if len(values) else 0.0
        std = _safe_std(values)
    if not (np.isfinite(mean) and np.isfinite(std)):
        biggest = float(values[np.argmax(np.abs(values))])
        raise DataError(f"{what} holds numbers too large to compute with (such as {biggest:.3g}): their "
                        "mean or spread overflows.", hint="Rescale it (other units, or a logarithm), mark "
                        "such values missing, or set its role to ignore.")
    return mean, std


def _safe_std(values: np.ndarray) -> float:
    std = float(values.std()) if len(values) else 0.0
    return std if std > 1e-12 else 1.0  # a constant column: leave it centred rather than divide by 0


def _example_rows(parts: tuple[np.ndarray, np.ndarray, np.ndarray]) -> np.ndarray:
    source = parts[1] if len(parts[1]) else parts[0]
    return source[:MAX_VAL_EXAMPLES]
