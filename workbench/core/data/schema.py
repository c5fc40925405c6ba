"""What each column is for and what the task is: guessed from the data, then the config's overrides."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from workbench.core.config import DataConfig
from workbench.core.data import columns, markers, splits
from workbench.core.data.checks import RefusedDataError
from workbench.core.data.loading import LoadedTable, LoadedText
from workbench.core.data.target import (
    MOSTLY_NUMBERS,
    NUMERIC_SHARE,
    Candidate,
    class_checks,
    guess,
    is_class_like,
    label_text,
    looks_numeric,
    quoted,
    refuse_numbers_as_classes,
    stray_values,
    target_task,
)
from workbench.core.errors import DataError
from workbench.core.tokenizers import CJK_RANGES

__all__ = ["Resolved", "Source", "infer_roles", "is_class_like", "label_text", "resolve", "split_need"]

MAX_CATEGORIES = 50       # more distinct values than this is not a "category" column
TEXT_MEAN_CHARS = 20      # strings longer than this on average are free text
TEXT_MEAN_WORDS = 5       # ...and so are strings of this many words
ID_SHARE = 0.9            # a column named like an id with this share of different values is one
ID_REASON = "an id: named like one, a different value in (nearly) every row"

# column_1: the name loading gives a column without one, such as the index pandas writes first.
_ID_NAME = re.compile(r"(?i)(id|idx|index|key|uuid|row|row[ _.]?(id|num|number|names?)|.+[ _.]id|column_1)")
_DATE = re.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:?\d{2}|Z)?)?"
                   r"|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}")
# Han and kana are written without spaces: each character counts as a word.
_WORDS = re.compile(rf"[{CJK_RANGES}]|[^\W{CJK_RANGES}]+")
_SAMPLE = 2000            # values looked at for the word count and the numeric pre-check

Source = LoadedTable | LoadedText | pd.DataFrame


@dataclass
class Resolved:
    """The task, the target and text columns and every column's role, after the config's overrides.

    ``df`` is the table with missing-value markers made missing (``missing`` counts them per
    column); None for a plain text. ``candidates`` ranks the columns that could be the target,
    and ``target_confident`` says whether the data left any doubt (a target set in the config
    leaves none).
    """

    task: str
    target: str
    text_column: str
    roles: dict[str, str]
    notes: list[str] = field(default_factory=list)
    inferred: dict[str, str] = field(default_factory=dict)  # what ``infer_roles`` guesses, no overrides
    reasons: dict[str, str] = field(default_factory=dict)   # why each column got its guessed role
    target_confident: bool = True
    candidates: list[Candidate] = field(default_factory=list)
    split_column: str = ""
    missing: dict[str, int] = field(default_factory=dict)
    df: pd.DataFrame | None = field(default=None, compare=False, repr=False)


@dataclass
class _Seen:
    """Every column's guessed role, with markers made missing and the split column found."""

    df: pd.DataFrame
    roles: dict[str, str]
    reasons: dict[str, str]
    notes: list[str]
    missing: dict[str, int]
    split_column: str
    noted: dict[str, str] = field(default_factory=dict)  # each column's note among ``notes``


def infer_roles(df: pd.DataFrame) -> dict[str, str]:
    """A guessed role (see ``config.ROLES``) for every column of ``df`` (string column names)."""
    seen = _see(df, DataConfig(), "")
    target = guess(seen.df, seen.roles).target
    return {**seen.roles, **({target: "target"} if target else {})}


def _see(df: pd.DataFrame, cfg: DataConfig, where: str) -> _Seen:
    marker_set = markers.normalise(cfg.missing_values)
    seen = _Seen(df, {}, {}, [], {}, "")
    for col in df.columns:
        series = df[col]
        marked, hits = markers.find(series, marker_set)
        example = hits[0] if hits else ""
        cleaned = markers.blank(series, hits) if marked else series
        role, reason, note, numbers = _feature_role(cleaned, col)
        if numbers is not None and col not in (cfg.target, *cfg.roles):
            # Numbers written as text are read once; a column the config names keeps its text ("007").
            cleaned = numbers
        if cleaned is not series and role in ("numeric", "categorical"):
            if seen.df is df:
                seen.df = df.copy(deep=False)  # the caller's table stays as it was read
            seen.df[col] = cleaned
        if marked and role in ("numeric", "categorical"):
            seen.missing[col] = marked
            note = _marker_note(col, role, marked, example, note)
        elif role == "text":
            role, reason, note, _ = _feature_role(series, col)  # text keeps its '?' and '-'
        seen.roles[col], seen.reasons[col] = role, reason
        if note:
            seen.notes.append(note)
            seen.noted[col] = note
    seen.split_column = _split_column(seen, cfg, where)
    return seen


def _marker_note(col: str, role: str, marked: int, example: str, note: str) -> str:
    if role == "categorical":
        return f"Column '{col}': {marked:,} value(s) such as '{example}' mean missing"
    if note:  # numbers with strays besides the markers
        return f"{note}, and so are {marked:,} missing-value marker(s) such as '{example}'"
    return (f"Column '{col}': {marked:,} value(s) that are not numbers (such as '{example}') are treated "
            "as missing")


def _split_column(seen: _Seen, cfg: DataConfig, where: str) -> str:
    if cfg.split_column:
        _require_column(seen.df, cfg.split_column, "[data] split_column", where)
        splits.assign(seen.df[cfg.split_column], where)  # refuses values that are no split
        col = cfg.split_column
    else:
        chosen = {cfg.target, cfg.text_column, *cfg.roles}
        col = splits.detect(seen.df, skip=chosen)
        if not col:
            return ""
    seen.roles[col] = "ignore"
    seen.reasons[col] = "the split column: says which rows are train, validation, test"
    seen.notes.append(f"Column '{col}' says which rows are for training, validation and test: the data is "
                      "split by it, and it is not an input")
    return col


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
    raw = source.df if isinstance(source, LoadedTable) else source
    where = f"{source.path}: " if isinstance(source, LoadedTable) else ""
    seen = _see(raw, data_cfg, where)
    df, roles, notes = seen.df, dict(seen.roles), list(seen.notes)
    guessed = guess(df, roles)
    inferred = {**roles, **({guessed.target: "target"} if guessed.target else {})}
    for col, role in data_cfg.roles.items():
        _require_column(df, col, "[data] roles", where)
        if col == seen.split_column and role != "ignore":
            raise DataError(f"{where}column '{col}' is the split column ([data] split_column) and cannot "
                            f"also be {role}.",
                            hint=f"Remove [data] roles.{col}, or choose another split column.")
        roles[col] = role
    target = _pick_target(df, data_cfg, guessed.target, where)
    if target and target == seen.split_column:
        raise DataError(f"{where}column '{target}' is the split column and cannot be the target.",
                        hint="Choose another [data] target.")
    text_column = _pick_text_column(df, roles, target, data_cfg, where)
    task = data_cfg.task if data_cfg.task != "auto" else _infer_task(df, target, text_column, where)
    if data_cfg.task == "auto" and task in ("text_classification", "tabular_classification"):
        refuse_numbers_as_classes(df[target], where)
    if target and seen.roles.get(target) == "ignore" and seen.noted.get(target) in notes:
        notes.remove(seen.noted[target])  # "'label' is ignored" says nothing true of the target
    confident = bool(data_cfg.target) or "target" in data_cfg.roles.values() or guessed.confident
    if task == "language_modeling":
        target, confident = "", True
    elif target:
        roles[target] = "target"
        if not (data_cfg.target or "target" in data_cfg.roles.values()):
            notes.append(f"Target: '{target}' ({guessed.why})" if confident else
                         f"Target: '{target}' is only a guess ({guessed.why}); set [data] target to be sure")
    resolved = Resolved(task, target, text_column, roles, notes, inferred, seen.reasons, confident,
                        guessed.candidates, seen.split_column, seen.missing, df)
    _validate(df, resolved, data_cfg, where)
    if target:
        missing = columns.count_missing(df[target])
        if missing:
            notes.append(f"{missing:,} rows with no target ('{target}') were dropped")
    notes.append(_task_note(df, resolved))
    return resolved


def split_need(cfg: DataConfig, split_column: str = "") -> int:
    """Rows a class needs to be in every split that gets rows: training, and validation and test."""
    if split_column:
        return 1
    return 1 + int(cfg.val_fraction > 0) + int(cfg.test_fraction > 0)


def _feature_role(series: pd.Series, name: str) -> tuple[str, str, str, pd.Series | None]:
    """The role of a column as a feature, why, a note where the user should hear about the choice,
    and, for numbers written as text, the column read as numbers.

    Whole-column work goes through ``columns`` (a piece at a time) or looks at the first
    ``_SAMPLE`` values only, so a million-row column does not hold Python's lock for long.
    """
    n = columns.count_present(series)
    if n == 0:
        return "ignore", "empty", f"Column '{name}' is empty; it is ignored", None
    if pd.api.types.is_bool_dtype(series.dtype):
        return "categorical", "true/false values", "", None
    if pd.api.types.is_numeric_dtype(series.dtype):
        if _is_id(series, name, n):
            return "ignore", ID_REASON, f"Column '{name}' looks like a row id; it is ignored", None
        return "numeric", "numbers", "", None
    head = columns.head(series, _SAMPLE).astype(str)
    if looks_numeric(head):
        numbers, strays, example = _read_numbers(series, allowed=(1 - NUMERIC_SHARE) * n)
        if numbers is not None:
            note = (f"Column '{name}': {strays} value(s) that are not numbers (such as '{example}') "
                    "are treated as missing") if strays else ""
            return "numeric", "numbers written as text", note, numbers
    if _is_id(series, name, n):
        return "ignore", ID_REASON, f"Column '{name}' looks like a row id; it is ignored", None
    if float(head.str.fullmatch(_DATE).mean()) >= NUMERIC_SHARE:
        return "ignore", "dates", (f"Column '{name}' holds dates, which are not read as inputs; it is "
                                   "ignored (set its role to categorical to use it)"), None
    mean_chars = columns.mean_length(series)
    mean_words = float(np.mean([len(_WORDS.findall(s)) for s in head]))
    if mean_chars > TEXT_MEAN_CHARS or mean_words >= TEXT_MEAN_WORDS:
        return "text", f"free text (about {mean_chars:,.0f} characters, {mean_words:,.0f} words)", "", None
    distinct = columns.count_distinct(series, as_text=True)
    if distinct <= MAX_CATEGORIES and distinct < 0.5 * n:
        return "categorical", f"{distinct} different values", "", None
    return "ignore", f"{distinct:,} different short values: too many for categories", \
        (f"Column '{name}' has {distinct} different short values; it is ignored "
         "(set its role to categorical or text to use it)"), None


def _read_numbers(series: pd.Series, allowed: float) -> tuple[pd.Series | None, int, str]:
    """A column of text read as numbers (index kept, strays NaN), how many strays and the first.

    None instead of the numbers once the strays pass ``allowed``: then it is no number column, and
    reading the rest is the slow part. Read once here, later looks (the target's classes, the
    checks, training) cost a numeric pass instead of another parse of a million strings.
    """
    strays, example, parts = 0, "", []
    for piece in columns.present(series):
        strings = piece.astype(str)
        numbers = pd.to_numeric(strings, errors="coerce").astype(float)
        bad = numbers.isna()
        found = int(bad.sum())
        if found and not example:
            example = strings[bad].iloc[0]
        strays += found
        if strays > allowed:
            return None, strays, example
        parts.append(numbers)
    read = pd.concat(parts) if len(parts) > 1 else parts[0]
    return read.reindex(series.index), strays, example


def _is_id(series: pd.Series, name: str, present: int) -> bool:
    # The name is checked first: counting different values is the slow part on a big column.
    if not _ID_NAME.fullmatch(name.strip()):
        return False
    if columns.all_distinct(series):
        return True
    return len(columns.distinct(series, limit=present)) >= ID_SHARE * present and present >= 20


def _require_column(df: pd.DataFrame, col: str, setting: str, where: str) -> None:
    if col not in df.columns:
        shown = ", ".join(f"'{c}'" for c in list(df.columns)[:20])
        raise DataError(f"{where}{setting} names column '{col}', which is not in the data "
                        f"(columns: {shown}).", hint="Check the spelling, including upper/lower case.")


def _pick_target(df: pd.DataFrame, cfg: DataConfig, guessed: str, where: str) -> str:
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
    return marked[0] if marked else guessed


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
    return max(texts, key=lambda col: columns.mean_length(df[str(col)]))


def _infer_task(df: pd.DataFrame, target: str, text_column: str, where: str) -> str:
    if not target:
        if text_column:
            return "language_modeling"
        raise DataError(f"{where}no column can be the target and there is no text column.",
                        hint="Set [data] target to the column to predict.")
    if target_task(df[target]) == "classification":
        return "text_classification" if text_column else "tabular_classification"
    return "regression"


def _validate(df: pd.DataFrame, r: Resolved, cfg: DataConfig, where: str) -> None:
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
        strays, present, examples = stray_values(target)
        if strays and len(numbers) >= MOSTLY_NUMBERS * present:
            raise DataError(f"{where}target column '{r.target}' has {strays:,} value(s) that are not numbers "
                            f"(such as {quoted(examples)}), which regression cannot predict.",
                            hint="Clean those values, or list them in [data] missing_values.")
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
    if r.task in ("text_classification", "tabular_classification"):
        other = next((c.column for c in r.candidates if c.column != r.target), "")
        found = class_checks(target, split_need(cfg, r.split_column), other)
        refused = [c for c in found if c.level == "error"]
        if refused:
            raise RefusedDataError(refused[0], where)


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
