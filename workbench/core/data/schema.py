"""What each column is for and what the task is: guessed from the data, then the config's overrides."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.config import DataConfig
from workbench.core.data import columns
from workbench.core.data.loading import LoadedTable, LoadedText
from workbench.core.errors import DataError
from workbench.core.tokenizers import CJK_RANGES

TARGET_NAMES = ("label", "labels", "target", "class", "y", "species", "category", "sentiment")
MAX_CATEGORIES = 50       # more distinct values than this is not a "category" column
MAX_INT_CLASSES = 20      # an integer target with more distinct values is a quantity: regression
TEXT_MEAN_CHARS = 20      # strings longer than this on average are free text
TEXT_MEAN_WORDS = 5       # ...and so are strings of this many words
NUMERIC_SHARE = 0.9       # a string column this much numbers is numeric (strays become missing)

_ID_NAME = re.compile(r"(?i)(id|idx|index|key|uuid|row|row[ _]?(id|num|number)|.+[ _]id)")
# Han and kana are written without spaces: each character counts as a word.
_WORDS = re.compile(rf"[{CJK_RANGES}]|[^\W{CJK_RANGES}]+")
_SAMPLE = 2000            # values looked at for the word count and the numeric pre-check

Source = LoadedTable | LoadedText | pd.DataFrame


@dataclass
class Resolved:
    """The task, the target and text columns and every column's role, after the config's overrides."""

    task: str
    target: str
    text_column: str
    roles: dict[str, str]
    notes: list[str] = field(default_factory=list)
    inferred: dict[str, str] = field(default_factory=dict)  # what ``infer_roles`` guesses, no overrides


def infer_roles(df: pd.DataFrame) -> dict[str, str]:
    """A guessed role (see ``config.ROLES``) for every column of ``df`` (string column names)."""
    return _with_target({col: _feature_role(df[col], col)[0] for col in df.columns})


def _with_target(roles: dict[str, str]) -> dict[str, str]:
    roles = dict(roles)
    target = _guess_target(roles)[0]
    if target:
        roles[target] = "target"
    return roles


def resolve(source: Source, data_cfg: DataConfig) -> Resolved:
    """Roles, target, text column and task for ``source``: guessed, then ``data_cfg`` applied on top.

    ``source`` is what ``load_file`` returned, or a bare DataFrame (messages then name no file).
    Raises DataError naming the column when the combination cannot be trained on.
    """
    if isinstance(source, LoadedText):
        if data_cfg.task not in ("auto", "language_modeling"):
            raise DataError(f"{source.path}: a plain-text file can only train a language model, not "
                            f"'{data_cfg.task}'.", hint="Use a CSV with a label column for that task.")
        return Resolved("language_modeling", "", "", {}, ["Task: language modelling (a plain-text file)"])
    df = source.df if isinstance(source, LoadedTable) else source
    where = f"{source.path}: " if isinstance(source, LoadedTable) else ""
    notes: list[str] = []
    roles: dict[str, str] = {}
    for col in df.columns:
        roles[col], note = _feature_role(df[col], col)
        if note:
            notes.append(note)
    inferred = _with_target(roles)
    for col, role in data_cfg.roles.items():
        _require_column(df, col, "[data] roles", where)
        roles[col] = role
    target = _pick_target(df, roles, data_cfg, where, notes)
    text_column = _pick_text_column(df, roles, target, data_cfg, where)
    task = data_cfg.task if data_cfg.task != "auto" else _infer_task(df, target, text_column, where)
    if task == "language_modeling":
        target = ""
    elif target:
        roles[target] = "target"
    resolved = Resolved(task, target, text_column, roles, notes, inferred)
    _validate(df, resolved, where)
    if target:
        missing = columns.count_missing(df[target])
        if missing:
            notes.append(f"{missing:,} rows with no target ('{target}') were dropped")
    notes.append(_task_note(df, resolved))
    return resolved


def is_class_like(series: pd.Series) -> bool:
    """Whether a target column holds classes: text/bool values, or a few whole numbers."""
    if not pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
        n = columns.count_present(series)
        # Words, not numbers, in the first values: classes, without reading a million strings as numbers.
        if n == 0 or not _looks_numeric(columns.head(series, _SAMPLE)):
            return True
        numbers = columns.numbers(series)
        if numbers.notna().sum() < NUMERIC_SHARE * n:
            return True
        series = numbers
    seen: set = set()
    for piece in columns.present(series):
        finite = piece.to_numpy(dtype=float)
        finite = finite[np.isfinite(finite)]  # an overflowing number such as 1e309 reads as inf: not a class
        if not np.all(np.mod(finite, 1) == 0):
            return False
        seen.update(np.unique(finite).tolist())
        if len(seen) > MAX_INT_CLASSES:
            return False
    return True


def _looks_numeric(values: pd.Series) -> bool:
    return bool(pd.to_numeric(values.astype(str), errors="coerce").notna().mean() >= NUMERIC_SHARE)


def label_text(value: Any) -> str:
    """The display string of a class or category value (``2.0`` -> ``"2"``, as written in the file)."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return str(value)


def _feature_role(series: pd.Series, name: str) -> tuple[str, str]:
    """The role of a column as a feature, and a note where the user should hear about the choice.

    Whole-column work goes through ``columns`` (a piece at a time) or looks at the first
    ``_SAMPLE`` values only, so a million-row column does not hold Python's lock for long.
    """
    n = columns.count_present(series)
    if n == 0:
        return "ignore", f"Column '{name}' is empty; it is ignored"
    if pd.api.types.is_bool_dtype(series.dtype):
        return "categorical", ""
    if pd.api.types.is_numeric_dtype(series.dtype):
        if _is_id(series, name):
            return "ignore", f"Column '{name}' looks like a row id; it is ignored"
        return "numeric", ""
    head = columns.head(series, _SAMPLE).astype(str)
    if _looks_numeric(head):
        strays, example = _strays(series, allowed=(1 - NUMERIC_SHARE) * n)
        if strays <= (1 - NUMERIC_SHARE) * n:
            note = (f"Column '{name}': {strays} value(s) that are not numbers (such as '{example}') "
                    "are treated as missing") if strays else ""
            return "numeric", note
    if _is_id(series, name):
        return "ignore", f"Column '{name}' looks like a row id; it is ignored"
    mean_chars = columns.mean_length(series)
    mean_words = float(np.mean([len(_WORDS.findall(s)) for s in head]))
    if mean_chars > TEXT_MEAN_CHARS or mean_words >= TEXT_MEAN_WORDS:
        return "text", ""
    distinct = columns.count_distinct(series, as_text=True)
    if distinct <= MAX_CATEGORIES and distinct < 0.5 * n:
        return "categorical", ""
    return "ignore", (f"Column '{name}' has {distinct} different short values; it is ignored "
                      "(set its role to categorical or text to use it)")


def _strays(series: pd.Series, allowed: float) -> tuple[int, str]:
    """Values that are not numbers: how many (counting stops past ``allowed``) and the first one."""
    strays, example = 0, ""
    for piece in columns.present(series):
        strings = piece.astype(str)
        bad = pd.to_numeric(strings, errors="coerce").isna()
        found = int(bad.sum())
        if found and not example:
            example = strings[bad].iloc[0]
        strays += found
        if strays > allowed:  # not a number column: reading the rest as numbers is the slow part
            break
    return strays, example


def _is_id(series: pd.Series, name: str) -> bool:
    # The name is checked first: looking for repeated values is the slow part on a big column.
    return bool(_ID_NAME.fullmatch(name.strip())) and columns.all_distinct(series)


def _guess_target(roles: dict[str, str]) -> tuple[str, str]:
    """The guessed target and why: a label-like name, else the last numeric/categorical column."""
    for col, role in roles.items():
        if col.strip().lower() in TARGET_NAMES and role != "ignore":
            return col, "named like a label"
    usable = [col for col, role in roles.items() if role in ("numeric", "categorical")]
    return (usable[-1], "the last column that is not text or an id") if usable else ("", "")


def _require_column(df: pd.DataFrame, col: str, setting: str, where: str) -> None:
    if col not in df.columns:
        shown = ", ".join(f"'{c}'" for c in list(df.columns)[:20])
        raise DataError(f"{where}{setting} names column '{col}', which is not in the data "
                        f"(columns: {shown}).", hint="Check the spelling, including upper/lower case.")


def _pick_target(df: pd.DataFrame, roles: dict[str, str], cfg: DataConfig, where: str,
                 notes: list[str]) -> str:
    marked = [col for col, role in cfg.roles.items() if role == "target"]
    if cfg.target:
        _require_column(df, cfg.target, "[data] target", where)
        if any(col != cfg.target for col in marked):
            raise DataError(f"{where}[data] target is '{cfg.target}' but [data] roles marks "
                            f"'{marked[0]}' as the target.", hint="Keep only one of the two.")
        return cfg.target
    if len(marked) > 1:
        raise DataError(f"{where}[data] roles marks {len(marked)} columns as the target "
                        f"({', '.join(marked)}); a model predicts one.", hint="Keep one.")
    if marked:
        return marked[0]
    target, why = _guess_target(roles)
    if target:
        notes.append(f"Target: '{target}' ({why})")
    return target


def _pick_text_column(df: pd.DataFrame, roles: dict[str, str], target: str, cfg: DataConfig,
                      where: str) -> str:
    if cfg.text_column:
        _require_column(df, cfg.text_column, "[data] text_column", where)
        if cfg.text_column == target:
            raise DataError(f"{where}column '{target}' is both the target and the text column.",
                            hint="Choose a different [data] text_column or [data] target.")
        roles[cfg.text_column] = "text"
        return cfg.text_column
    texts = [col for col, role in roles.items() if role == "text" and col != target]
    if not texts:
        return ""
    if len(texts) == 1:
        return texts[0]
    return max(texts, key=lambda col: columns.mean_length(df[col]))


def _infer_task(df: pd.DataFrame, target: str, text_column: str, where: str) -> str:
    if not target:
        if text_column:
            return "language_modeling"
        raise DataError(f"{where}no column can be the target and there is no text column.",
                        hint="Set [data] target to the column to predict.")
    if is_class_like(df[target]):
        return "text_classification" if text_column else "tabular_classification"
    return "regression"


def _validate(df: pd.DataFrame, r: Resolved, where: str) -> None:
    if r.task == "language_modeling":
        if not r.text_column:
            raise DataError(f"{where}language modelling on a table needs a text column and none was "
                            "found.", hint="Set [data] text_column.")
        _require_text(df, r.text_column, where)
        return
    if not r.target:
        raise DataError(f"{where}the task '{r.task}' needs a target column and none was found.",
                        hint="Set [data] target to the column to predict.")
    target = df[r.target]
    if columns.count_present(target) == 0:
        raise DataError(f"{where}target column '{r.target}' has no values (every row is missing).",
                        hint="Choose another [data] target.")
    if r.task in ("text_classification", "tabular_classification"):
        classes = sorted(columns.distinct(target, limit=1, key=label_text))
        if len(classes) < 2:
            raise DataError(f"{where}column '{r.target}' has only one class ('{classes[0]}'): "
                            "classification needs at least two.", hint="Choose another [data] target.")
    if r.task == "regression":
        numbers = columns.numbers(target).dropna()
        if len(numbers) < NUMERIC_SHARE * columns.count_present(target):
            raise DataError(f"{where}target column '{r.target}' is not numeric, so regression cannot "
                            "predict it.", hint="Use the task tabular_classification.")
        if len(columns.distinct(numbers, limit=1)) < 2:
            raise DataError(f"{where}target column '{r.target}' has the same value in every row: "
                            "there is nothing to predict.", hint="Choose another [data] target.")
    if r.task == "text_classification":
        if not r.text_column:
            raise DataError(f"{where}text classification needs a text column and none was found.",
                            hint="Set [data] text_column.")
        _require_text(df, r.text_column, where)
    elif not any(role in ("numeric", "categorical") for col, role in r.roles.items() if col != r.target):
        empty = [f"'{col}'" for col in df.columns if col != r.target and columns.count_present(df[col]) == 0]
        why = f" ({', '.join(empty)} {'is' if len(empty) == 1 else 'are'} empty)" if empty else ""
        raise DataError(f"{where}no feature columns left: every column other than the target "
                        f"'{r.target}' is ignored or text{why}.",
                        hint="Set a column's role to numeric or categorical in [data] roles.")


def _require_text(df: pd.DataFrame, col: str, where: str) -> None:
    if not columns.any_text(df[col]):
        raise DataError(f"{where}text column '{col}' is empty in every row.",
                        hint="Choose another [data] text_column.")


def _task_note(df: pd.DataFrame, r: Resolved) -> str:
    if r.task == "language_modeling":
        return f"Task: language modelling on the text of column '{r.text_column}'"
    if r.task == "regression":
        return f"Task: regression of '{r.target}'"
    n = len(columns.distinct(df[r.target], key=label_text))
    if r.task == "text_classification":
        return f"Task: text classification of '{r.text_column}' into {n} classes of '{r.target}'"
    return f"Task: tabular classification into {n} classes of '{r.target}'"
