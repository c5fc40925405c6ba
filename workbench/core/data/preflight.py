"""Pre-flight checks: what is worth knowing about the data before Train, each with what to do.

``check_table`` looks at a resolved table: the guessed target, the classes, columns left out
(identifiers, the split column), a column that gives the answer away, rows that sit in both the
training and the test split. ``check_texts`` looks at a text classifier's texts: how many
``max_length`` cuts, and how many tokens validation will not know. Exactness is kept where it is
cheap (the split is the one training will make); the rest looks at a seeded sample of at most
``SAMPLE_ROWS`` rows or ``SAMPLE_TEXTS`` texts, so a million-row file costs about a second.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.config import DataConfig
from workbench.core.data import columns, splits
from workbench.core.data.checks import Check, by_level, set_arg
from workbench.core.data.loading import LoadedText, load_file
from workbench.core.data.schema import ID_REASON, Resolved, resolve, split_need
from workbench.core.data.target import class_checks, class_indices
from workbench.core.errors import DataError
from workbench.core.tokenizers import UNK_ID, Tokenizer

SAMPLE_ROWS = 20_000
SAMPLE_TEXTS = 1_000
MAX_LEAK_COLUMNS = 200    # features looked at for a leak; a wider table is sampled by column order
LEAK_SCORE = 0.99         # held-out accuracy (or rank correlation) of one feature alone that is a leak
DUPLICATE_SHARE = 0.01    # test rows with a copy in training before it is worth a warning
CUT_SHARE = 0.10          # texts longer than max_length before it is worth a warning
# Unknown tokens in validation before it is worth a warning. Word-level models of short reviews
# run at about 10 % with min_freq 2 (the movie-reviews example, tuned: dropping rare words helps
# there), so a warning at 10 % contradicted the settings fitted from that example.
UNKNOWN_SHARE = 0.15
MAX_SUGGESTED_LENGTH = 512


def check_table(resolved: Resolved, cfg: DataConfig) -> list[Check]:
    """The checks for a resolved table (``resolved.df`` set), errors first."""
    df = resolved.df
    if df is None or resolved.task == "language_modeling":
        return []
    found = _target_checks(resolved, cfg) + _left_out(resolved, cfg)
    if resolved.target:
        rows = _usable_rows(df, resolved)
        found += _leaks(df.iloc[rows], resolved, cfg)
        found += _duplicates(df.iloc[rows], resolved, cfg)
    return by_level(found)


def check_texts(texts: pd.Series, tokenizer: Tokenizer, fitted: int, cfg: DataConfig) -> list[Check]:
    """Texts cut by ``cfg.max_length``, and unknown tokens in texts the tokenizer was not fitted on.

    ``texts`` is the text column; ``tokenizer`` was fitted on its first ``fitted`` present texts,
    as training fits it on the training split, so the texts after them stand in for validation.
    """
    name = str(texts.name)
    present = texts.dropna().astype(str)
    found: list[Check] = []
    sample = present.sample(min(len(present), SAMPLE_TEXTS), random_state=0) if len(present) else present
    lengths = np.array([len(tokenizer.encode(text)) for text in sample])
    cut = float((lengths > cfg.max_length).mean()) if len(lengths) else 0.0
    if cut > CUT_SHARE:
        fits = int(np.percentile(lengths, 95))
        suggested = min(MAX_SUGGESTED_LENGTH, max(8, math.ceil(fits / 8) * 8))
        message = (f"{cut:.0%} of the texts in '{name}' are longer than the maximum length "
                   f"({cfg.max_length} tokens) and are cut, so the model never reads their end; 95% of them "
                   f"fit in {fits:,} tokens. Raise [data] max_length to {suggested} (slower), or keep it if "
                   "the start of a text says enough.")
        found.append(Check("texts_cut", name, message, "warning",
                           {"data.max_length": suggested} if suggested > cfg.max_length else {}))
    held_out = present.iloc[fitted:fitted + SAMPLE_TEXTS]
    tokens = [token for text in held_out for token in tokenizer.encode(text)]
    unknown = tokens.count(UNK_ID) / len(tokens) if tokens else 0.0
    if unknown > UNKNOWN_SHARE:
        fix: dict[str, Any]
        if cfg.min_freq > 1:
            fix, how = {"data.min_freq": 1}, "lower [data] min_freq to 1"
        elif tokenizer.vocab_size >= cfg.vocab_size:
            fix, how = {"data.vocab_size": min(cfg.vocab_size * 4, 1_000_000)}, "raise [data] vocab_size"
        elif cfg.tokenizer == "word":
            fix, how = {"data.tokenizer": "char"}, "use the char tokenizer (every character is known)"
        else:
            fix, how = {}, "add more training text"
        rare = f", or fewer than {cfg.min_freq} times" if cfg.min_freq > 1 else ""
        message = (f"{unknown:.0%} of the tokens in validation texts never occur in the training "
                   f"texts{rare}, so the model reads them as 'unknown'. To know more of them, {how}.")
        found.append(Check("unknown_tokens", name, message, "warning", fix))
    return found


def _target_checks(r: Resolved, cfg: DataConfig) -> list[Check]:
    found = []
    if not r.target_confident and r.candidates:
        others = ", ".join(f"'{c.column}'" for c in r.candidates[1:3])
        message = (f"Not sure which column to predict: the best guess is '{r.target}' "
                   f"({r.candidates[0].reasons[0]}){f', then {others}' if others else ''}. Set [data] target "
                   "to the column the model should learn to predict.")
        found.append(Check("target_not_confident", r.target, message, "warning", {"data.target": r.target}))
    if r.task in ("text_classification", "tabular_classification") and r.df is not None:
        other = next((c.column for c in r.candidates if c.column != r.target), "")
        found += class_checks(r.df[r.target], split_need(cfg, r.split_column), other)
    return found


def _left_out(r: Resolved, cfg: DataConfig) -> list[Check]:
    """Identifier-like and split-like columns, which are not inputs unless the user says so."""
    found = []
    for col, reason in r.reasons.items():
        if col in cfg.roles:
            continue
        if reason == ID_REASON:
            found.append(Check("identifier", col, f"Column '{col}' looks like an identifier (named like "
                               "one, a different value in (nearly) every row), so it is not an input: an id "
                               "tells nothing about new rows. Give it a role in [data] roles if it means "
                               "something.", "note"))
        elif col == r.split_column:
            found.append(Check("split_column", col, f"Column '{col}' says which rows are for training, "
                               "validation and test: the data is split by it, and it is not an input. Give "
                               "it a role in [data] roles to split at random instead.", "note"))
        elif splits.NAMES.fullmatch(str(col).strip()) and r.roles.get(col) in ("numeric", "categorical"):
            found.append(Check("split_like", col, f"Column '{col}' is named like a split or fold column but "
                               "its values are not train/validation/test, so it is used as an input. If it "
                               "groups rows for evaluation, it should not be: ignore it.", "warning",
                               {"data.roles": {**cfg.roles, col: "ignore"}}))
    return found


def _usable_rows(df: pd.DataFrame, r: Resolved) -> np.ndarray:
    """The rows training keeps: with a target (a number, for regression) and, for texts, a text."""
    # A piece at a time: one isna over a million strings holds Python's lock for ~35 ms.
    keep = np.concatenate([piece.notna().to_numpy() for piece in columns.pieces(df[r.target])])
    if r.task == "regression":
        keep &= pd.to_numeric(df[r.target], errors="coerce").notna().to_numpy()
    if r.task == "text_classification":
        texts = df[r.text_column]
        keep &= texts.notna().to_numpy() & (texts.astype(str).str.strip() != "").to_numpy()
    return np.flatnonzero(keep)


def _inputs(r: Resolved) -> list[str]:
    if r.task == "text_classification":
        return [r.text_column]
    return [col for col, role in r.roles.items() if role in ("numeric", "categorical") and col != r.target]


def _leaks(df: pd.DataFrame, r: Resolved, cfg: DataConfig) -> list[Check]:
    """Features that alone predict the target almost perfectly on rows they were not fitted on."""
    if r.task == "text_classification" or len(df) < 20:
        return []
    sample = df.sample(min(len(df), SAMPLE_ROWS), random_state=0)
    classify = r.task == "tabular_classification"
    target = sample[r.target].reset_index(drop=True)
    y = pd.Series(class_indices(target)[0]) if classify else pd.to_numeric(target, errors="coerce")
    found = []
    for col in _inputs(r)[:MAX_LEAK_COLUMNS]:
        x = sample[col].reset_index(drop=True)
        if r.roles[col] == "numeric":
            x = pd.to_numeric(x, errors="coerce")
        score = _alone(x, y, classify, r.roles[col] == "numeric")
        if score >= LEAK_SCORE:
            what = "accuracy" if classify else "rank correlation"
            message = (f"Column '{col}' alone predicts '{r.target}' almost perfectly ({what} {score:.3f} on "
                       "rows it was not fitted on): it probably gives the answer away (recorded after the "
                       "fact, or computed from the target), and a model that leans on it will fail on new "
                       "data. Ignore it unless it is known before the prediction is needed.")
            found.append(Check("leak", col, message, "warning", {"data.roles": {**cfg.roles, col: "ignore"}}))
    return found


def _alone(x: pd.Series, y: pd.Series, classify: bool, numeric: bool) -> float:
    """How well ``x`` alone predicts ``y``: accuracy (or R²) on the half of the rows it was not fitted
    on, or |rank correlation| for a number predicting a number."""
    known = (x.notna() & y.notna()).to_numpy()
    x, y = x[known].reset_index(drop=True), y[known].reset_index(drop=True)
    if len(x) < 20 or x.nunique() < 2:
        return 0.0
    half = len(x) // 2
    fit_x, fit_y, test_x, test_y = x.iloc[:half], y.iloc[:half], x.iloc[half:], y.iloc[half:]
    if not classify:
        if numeric:
            return abs(float(x.rank().corr(y.rank())))
        means = test_x.map(fit_y.groupby(fit_x).mean()).fillna(fit_y.mean())
        total = float(((test_y - test_y.mean()) ** 2).sum())
        return 1 - float(((test_y - means) ** 2).sum()) / total if total > 0 else 0.0
    baseline = fit_y.value_counts().index[0]
    if numeric:
        # The class of the nearest fitted value: a threshold anywhere is found exactly.
        order = np.argsort(fit_x.to_numpy(), kind="stable")
        known_x, known_y = fit_x.to_numpy()[order], fit_y.to_numpy()[order]
        right = np.clip(np.searchsorted(known_x, test_x.to_numpy()), 1, len(known_x) - 1)
        left = right - 1
        nearer = np.abs(test_x.to_numpy() - known_x[left]) <= np.abs(known_x[right] - test_x.to_numpy())
        guess: np.ndarray = np.where(nearer, known_y[left], known_y[right])
    else:
        majority = fit_y.groupby(fit_x.to_numpy()).agg(lambda v: v.value_counts().index[0])
        guess = test_x.map(majority).fillna(baseline).to_numpy()
    accuracy = float((guess == test_y.to_numpy()).mean())
    chance = float((test_y == baseline).mean())
    # Near-perfect, and far better than always answering the commonest class.
    return accuracy if (1 - accuracy) <= 0.1 * (1 - chance) else 0.0


def _duplicates(df: pd.DataFrame, r: Resolved, cfg: DataConfig) -> list[Check]:
    """Test rows whose inputs are the same as a training row's, in the split training will make."""
    inputs = _inputs(r)
    if not inputs or len(df) < 2:
        return []
    classify = r.task != "regression"
    codes = splits.assign(df[r.split_column]) if r.split_column else None
    parts, _ = splits.split_rows(len(df), cfg, class_indices(df[r.target])[0] if classify else None, codes)
    train, _val, test = parts
    if len(test) == 0:
        return []
    hashes = np.concatenate([pd.util.hash_pandas_object(piece, index=False).to_numpy()
                             for piece in _row_pieces(df[inputs])])
    # Sorting and binary search, which numpy runs without Python's lock, not pandas' hash tables
    # (pd.unique and isin held it ~70 and ~30 ms on a million rows: stalls in the window).
    ordered = np.sort(hashes)
    if 1 + np.count_nonzero(ordered[1:] != ordered[:-1]) < 0.5 * len(hashes):
        return []  # a few coarse inputs (sex, class) repeat by nature: that is no copy of a row
    seen = np.sort(hashes[train])
    if len(seen) == 0:
        return []
    asked = hashes[test]
    copied = int((seen[np.minimum(np.searchsorted(seen, asked), len(seen) - 1)] == asked).sum())
    share = copied / len(test)
    if share < DUPLICATE_SHARE:
        return []
    message = (f"{copied:,} of the {len(test):,} test rows ({share:.0%}) have the same inputs as a training "
               "row, so the test score flatters the model: it has seen those answers. Remove repeated rows "
               "from the file, or split with a [data] split_column that keeps copies together.")
    return [Check("duplicates", "", message, "warning")]


def _row_pieces(df: pd.DataFrame) -> list[pd.DataFrame]:
    step = columns.PIECE_ROWS
    return [df.iloc[start:start + step] for start in range(0, max(len(df), 1), step)]


def require_confident_target(data_cfg: DataConfig) -> None:
    """Refuse, with the setting to give, a file whose target the data leaves in doubt.

    For runs without a window to ask in (the command line): a target set in ``data_cfg`` (or
    a plain text, or no file yet) passes without reading anything.
    """
    if not data_cfg.path or data_cfg.target or "target" in data_cfg.roles.values() \
            or data_cfg.task == "language_modeling":
        return
    source = load_file(data_cfg.path, encoding=data_cfg.encoding)
    if isinstance(source, LoadedText):
        return
    resolved = resolve(source, data_cfg)
    if resolved.target_confident or not resolved.target:
        return
    ranked = "; ".join(f"'{c.column}' ({', '.join(c.reasons)})" for c in resolved.candidates[:3])
    example = set_arg("data.target", resolved.target)
    raise DataError(f"{source.path}: not sure which column to predict, so not training on a guess. "
                    f"Best candidates: {ranked}.",
                    hint=f"Say which with --set data.target=NAME, e.g. --set {example}")
