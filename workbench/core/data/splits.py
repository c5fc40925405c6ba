"""A split column: the file says which rows are for training, validation and test.

Its values are read in any case with spaces ignored: train/training, valid/validation/val/dev,
test/testing. A column is taken for one on its own when it is named like one (split, set, fold,
subset, partition, ...) and every value fits, or when its values are split words alone (both
"train" and "test", say) whatever its name.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from workbench.core.config import DataConfig
from workbench.core.data import columns
from workbench.core.errors import DataError

TRAIN, VAL, TEST = 0, 1, 2
WORDS = {"train": TRAIN, "training": TRAIN, "valid": VAL, "validation": VAL, "val": VAL, "dev": VAL,
         "development": VAL, "test": TEST, "testing": TEST}
NAMES = re.compile(r"(?i)(data[ _.-]?)?(split|set|fold|subset|partition|sample[ _.-]?set|usage|"
                   r"train[ _.-]?test([ _.-]?split)?|is[ _.-]?train(ing)?)")
_MAX_SHOWN = 5


def _word(value: object) -> int | None:
    return WORDS.get(str(value).strip().casefold())


def _fits(series: pd.Series) -> bool:
    """Every value is a split word, with training rows and at least one other split."""
    seen: set[int] = set()
    for value in columns.distinct(series, limit=len(WORDS)):
        word = _word(value)
        if word is None:
            return False
        seen.add(word)
    return TRAIN in seen and len(seen) > 1


def detect(df: pd.DataFrame, skip: set[str]) -> str:
    """The column ``df`` names its own split with, or ""; columns in ``skip`` are not considered."""
    named = [col for col in df.columns if col not in skip and NAMES.fullmatch(str(col).strip())]
    for col in named + [col for col in df.columns if col not in skip and col not in named]:
        series = df[col]
        if pd.api.types.is_numeric_dtype(series.dtype) or columns.count_present(series) == 0:
            continue
        if _fits(series):
            return str(col)
    return ""


def assign(series: pd.Series, where: str = "") -> np.ndarray:
    """Each row's split (``TRAIN``, ``VAL`` or ``TEST``); raises DataError naming values that are none."""
    codes, uniques = pd.factorize(series)
    lookup = [_word(u) for u in uniques]
    bad = [str(u) for u, word in zip(uniques, lookup) if word is None]
    empty = int((codes == -1).sum())
    if bad or empty:
        shown = ", ".join(f"'{v}'" for v in bad[:_MAX_SHOWN]) + (" and more" if len(bad) > _MAX_SHOWN else "")
        what = ", ".join(part for part in (f"values {shown}" if bad else "",
                                           f"{empty:,} empty row(s)" if empty else "") if part)
        raise DataError(f"{where}[data] split_column '{series.name}' has {what}; each row must say train, "
                        "validation (valid, dev) or test.",
                        hint="Fix those rows, or clear [data] split_column to split at random.")
    return np.array(lookup, dtype=np.int64)[codes]


Parts = tuple[np.ndarray, np.ndarray, np.ndarray]


def split_rows(n: int, cfg: DataConfig, classes: np.ndarray | None = None,
               codes: np.ndarray | None = None, where: str = "", target: str = "") -> tuple[Parts, str]:
    """Row indices (train, val, test) for ``n`` rows, and how they were chosen, in words.

    ``codes`` (from ``assign``) splits by the file's own column; a file without validation rows
    lends ``cfg.val_fraction`` of its training rows. Otherwise the rows are drawn at random with
    ``cfg.split_seed``, stratified by ``classes`` (the class indices of column ``target``) when given.
    """
    rng = np.random.default_rng(cfg.split_seed)
    seed = f"seed {cfg.split_seed}" + (f", stratified by '{target}'" if classes is not None else "")
    if codes is None:
        if classes is not None:
            return stratified_split(classes, cfg.val_fraction, cfg.test_fraction, rng), seed
        return random_split(n, cfg.val_fraction, cfg.test_fraction, rng), seed
    train, val, test = (np.flatnonzero(codes == part) for part in (TRAIN, VAL, TEST))
    if len(train) == 0:
        raise DataError(f"{where}[data] split_column marks no row as training.",
                        hint="Mark the rows to learn from as 'train'.")
    if len(val) or cfg.val_fraction == 0:
        return (train, val, test), "by the split column"
    # No validation rows: lend some training rows, as a random split would have held out.
    if classes is not None:
        keep, lent, _ = stratified_split(classes[train], cfg.val_fraction, 0.0, rng)
    else:
        keep, lent, _ = random_split(len(train), cfg.val_fraction, 0.0, rng)
    how = f"by the split column, which has no validation rows: {cfg.val_fraction:.0%} of its training rows"
    return (np.sort(train[keep]), np.sort(train[lent]), test), f"{how} ({seed})"


def random_split(n: int, val_fraction: float, test_fraction: float, rng: np.random.Generator,
                  at_least_one: bool = False) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row indices (train, val, test), each sorted; ``at_least_one`` gives a non-zero share one row."""
    order = rng.permutation(n)
    n_val, n_test = round(n * val_fraction), round(n * test_fraction)
    if at_least_one:
        n_val, n_test = max(n_val, int(val_fraction > 0)), max(n_test, int(test_fraction > 0))
    val, test, train = order[:n_val], order[n_val:n_val + n_test], order[n_val + n_test:]
    return np.sort(train), np.sort(val), np.sort(test)


def stratified_split(y: np.ndarray, val_fraction: float, test_fraction: float,
                      rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row indices (train, val, test) with each class in the same proportion in every split.

    The per-class counts are rounded so the split totals match an unstratified split; every class
    keeps at least one training row.
    """
    class_sizes = np.bincount(y)
    val_counts = _apportion(class_sizes, val_fraction, rng)
    test_counts = _apportion(class_sizes, test_fraction, rng)
    train, val, test = [], [], []
    for cls, size in enumerate(class_sizes):
        rows = rng.permutation(np.flatnonzero(y == cls))
        n_val = min(val_counts[cls], max(size - 1, 0))
        n_test = min(test_counts[cls], max(size - 1 - n_val, 0))
        val.append(rows[:n_val])
        test.append(rows[n_val:n_val + n_test])
        train.append(rows[n_val + n_test:])
    train_rows, val_rows, test_rows = (np.sort(np.concatenate(part)) for part in (train, val, test))
    return train_rows, val_rows, test_rows


def _apportion(sizes: np.ndarray, fraction: float, rng: np.random.Generator) -> np.ndarray:
    """Per-class counts near ``sizes * fraction`` that add up to ``round(sizes.sum() * fraction)``."""
    ideal = sizes * fraction
    counts = np.floor(ideal).astype(np.int64)
    short = round(float(sizes.sum()) * fraction) - int(counts.sum())
    if short > 0:
        # Largest remainders first; random among equal ones so no class is always favoured.
        order = np.lexsort((rng.random(len(sizes)), -(ideal - counts)))
        counts[order[:short]] += 1
    return counts
