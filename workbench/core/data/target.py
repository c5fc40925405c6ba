"""Which column is the target: ranked candidates with their reasons, and whether the guess is sure.

Each numeric or categorical column is scored on its name (``label``, ``outcome``, ``churn``...),
its place (first or last of the usable columns, where files usually keep the target) and its
values (a few classes, two values, a count, a quantity). Identifiers, free text, dates, a split
column and a column with nearly one class per row are never candidates: they are not features
either (their role is "ignore" or "text") or they are excluded by the caller.

The guess is confident only when the evidence is plain: a column named like a target, an
outcome-like name at the first or last place, or, with no name to go on, the one column of
labels (or of two values) in a table of numbers, at the first or last place. Otherwise the
window asks and the command line says which setting to give.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
import pandas as pd

from workbench.core.data import columns
from workbench.core.data.checks import Check
from workbench.core.errors import DataError

MAX_INT_CLASSES = 20      # an integer target with more distinct values is a quantity: regression
MIN_CLASS_ROWS = 3        # ...and so is one with fewer rows per value than this on average
NUMERIC_SHARE = 0.9       # a string column this much numbers is numeric (strays become missing)
MOSTLY_NUMBERS = 0.5      # a target column this much numbers that would make a quantity is no set of labels
FEW_CLASSES = 10          # labels with at most this many classes are a plain classification target
MAX_CLASSES = 100         # a classifier over more classes than this is refused: a chart nobody can read,
                          # an output layer bigger than the model, and too few rows per class to learn
ONE_PER_ROW = 0.5         # more classes than this share of the rows: nearly one class per row
_SAMPLE = 2000

# A column named exactly so is what a file means to predict.
TARGET_NAMES = frozenset({"label", "labels", "target", "targets", "class", "y", "outcome", "response",
                          "class_label", "ground_truth", "dependent"})
# Words that usually name an outcome: confident only at the first or last place.
OUTCOME_NAMES = frozenset({
    "species", "category", "sentiment", "survived", "survival", "churn", "churned", "default",
    "defaulted", "diagnosis", "status", "deny", "denied", "spam", "fraud", "purchase",
    "purchased", "price", "salary", "sales", "quality", "grade", "score", "rating", "stars",
    "died", "death", "disease", "decision", "approved", "admitted", "accepted", "result",
    "winner", "won", "clicked", "converted", "exited", "left"})
_TOKENS = re.compile(r"[a-z]+")


@dataclass(frozen=True)
class Candidate:
    """A column that could be the target, how likely (``score``) and why."""

    column: str
    task: str                      # "classification" or "regression"
    score: float
    reasons: tuple[str, ...]
    named: int = 0                 # 3: a target's name, 2: an outcome's name, 1: a word of one, 0: none
    kind: str = ""                 # "labels", "two values", "a count", "a quantity", "one value"
    place: str = ""                # "first", "last" or ""
    classes: int = 0               # distinct values of a classification candidate

    def to_dict(self) -> dict[str, object]:
        """Plain data for JSON."""
        return {"column": self.column, "task": self.task, "score": round(self.score, 2),
                "reasons": list(self.reasons)}


@dataclass
class TargetGuess:
    """The best candidate (``target``, "" if none), whether it is a confident guess, and the ranking."""

    target: str = ""
    confident: bool = False
    candidates: list[Candidate] = field(default_factory=list)

    @property
    def why(self) -> str:
        """The reasons for the guess, in a few words."""
        return "; ".join(self.candidates[0].reasons) if self.candidates else ""


def is_class_like(series: pd.Series) -> bool:
    """Whether a target column holds classes: text/bool values, or a few whole numbers."""
    if not pd.api.types.is_numeric_dtype(series.dtype) or pd.api.types.is_bool_dtype(series.dtype):
        n = columns.count_present(series)
        # Words, not numbers, in the first values: classes, without reading a million strings as numbers.
        if n == 0 or not looks_numeric(columns.head(series, _SAMPLE)):
            return True
        numbers = columns.numbers(series)
        if numbers.notna().sum() < NUMERIC_SHARE * n:
            return True
        series = numbers
    seen: set[float] = set()
    for piece in columns.present(series):
        finite = piece.to_numpy(dtype=float)
        finite = finite[np.isfinite(finite)]  # an overflowing number such as 1e309 reads as inf: not a class
        if not np.all(np.mod(finite, 1) == 0):
            return False
        seen.update(np.unique(finite).tolist())
        if len(seen) > MAX_INT_CLASSES:
            return False
    return True


def looks_numeric(values: pd.Series) -> bool:
    """Whether at least ``NUMERIC_SHARE`` of ``values`` read as numbers."""
    return bool(pd.to_numeric(values.astype(str), errors="coerce").notna().mean() >= NUMERIC_SHARE)


def target_task(series: pd.Series) -> str:
    """"classification" or "regression" for a target column, from its values alone.

    Numbers are classes only when there are few of them, each with several rows on average:
    17 different whole numbers in 21 rows are a quantity, not 17 classes.
    """
    if not is_class_like(series):
        return "regression"
    if _is_number_column(series):
        present = columns.count_present(series)
        classes = len(columns.distinct(series, limit=MAX_INT_CLASSES))
        if classes * MIN_CLASS_ROWS > max(present, 2 * MIN_CLASS_ROWS):
            return "regression"
    return "classification"


def _is_number_column(series: pd.Series) -> bool:
    if pd.api.types.is_bool_dtype(series.dtype):
        return False
    return pd.api.types.is_numeric_dtype(series.dtype) or looks_numeric(columns.head(series, _SAMPLE))


def guess(df: pd.DataFrame, roles: dict[str, str]) -> TargetGuess:
    """Rank the numeric and categorical columns of ``df`` (by ``roles``) as the target."""
    usable = [col for col, role in roles.items() if role in ("numeric", "categorical")]
    coordinates = bool({str(col).strip().lower() for col in df.columns} & {"x", "z", "lat", "latitude"})
    scored = [_score(df[col], col, "last" if i == len(usable) - 1 else "first" if i == 0 else "",
                     i / len(usable), coordinates) for i, col in enumerate(usable)]
    scored.sort(key=lambda c: -c.score)
    if not scored:
        return TargetGuess()
    confident = _confident(scored)
    if confident and not scored[0].named:
        top = scored[0]
        scored[0] = replace(top, reasons=(f"the one column of {top.kind} among numbers", *top.reasons))
    return TargetGuess(scored[0].column, confident, scored)


def _score(series: pd.Series, col: str, place: str, order: float, coordinates: bool) -> Candidate:
    task = target_task(series)
    kind = "a quantity"
    classes = 0
    if task == "classification":
        classes = len(columns.distinct(series, limit=MAX_INT_CLASSES * 5, key=str))
        number = _is_number_column(series)
        kind = ("one value" if classes < 2 else "two values" if classes == 2 else "a count" if number
                else "labels")
    named, name_reason = _name_signal(col, coordinates)
    score = named + order * 0.05  # later columns a little ahead: files tend to end with the target
    score += {"last": 1.0, "first": 0.8}.get(place, 0.0)
    # One value everywhere leaves nothing to predict; kept last so a "label" column so made is refused
    # by name rather than passed over in silence.
    score += {"labels": 0.6 if classes <= FEW_CLASSES else 0.3, "two values": 0.5, "a count": 0.1,
              "a quantity": 0.2, "one value": -2.0}[kind]
    reasons = [r for r in (name_reason, f"the {place} usable column" if place else "") if r]
    reasons.append({"labels": f"{classes} classes", "a count": f"{classes} classes",
                    "two values": "two values", "one value": "the same value in every row",
                    }.get(kind, "many different numbers: regression"))
    return Candidate(col, task, score, tuple(reasons), named, kind, place, classes)


def _name_signal(col: str, coordinates: bool) -> tuple[int, str]:
    """How much the name says "target" (3 to 0) and the reason in words."""
    name = re.sub(r"[\s.\-]+", "_", str(col).strip().lower())
    if name == "y" and coordinates:
        return 0, ""  # y beside x (or z, or a latitude) is a coordinate
    if name in TARGET_NAMES:
        return 3, "named like a target"
    if name in OUTCOME_NAMES:
        return 2, "named like an outcome"
    words = set(_TOKENS.findall(name))
    if words & (TARGET_NAMES - {"y"}):
        return 2, "its name holds a target's word"
    if words & OUTCOME_NAMES:
        return 1, "its name holds an outcome's word"
    return 0, ""


def _confident(ranked: list[Candidate]) -> bool:
    top, rest = ranked[0], ranked[1:]
    named = [c for c in rest if c.named >= 2]
    if top.named >= 2 and top.place and all(c.named == 2 <= top.named and not c.place for c in named):
        return True  # an outcome's name at an edge, other outcome words only inside (Sales first, Price in)
    if named:
        return False  # two columns named like a target: the user must say which
    if top.named == 3:
        return True
    if any(c.named for c in ranked):
        return False
    # No name to go on: the one column of labels (or of two values) among numbers, at an edge.
    labels = [c for c in ranked if c.kind in ("labels", "two values")]
    return labels == [top] and bool(top.place) and top.classes <= FEW_CLASSES


def label_text(value: Any) -> str:
    """The display string of a class or category value (``2.0`` -> ``"2"``, as written in the file)."""
    if isinstance(value, (bool, np.bool_)):
        return str(bool(value))
    if isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    return str(value)


def class_checks(series: pd.Series, need: int, other: str) -> list[Check]:
    """Whether column ``series`` can be a classification target whose splits need ``need`` rows a class.

    Refuses (level "error") too many classes, or nearly one class per row; warns about classes
    with fewer rows than the splits need. ``other`` is a better target to offer as the fix.
    """
    name = str(series.name)
    numeric = _is_number_column(series)
    fix: dict[str, Any] = {"data.task": "regression"} if numeric else {"data.target": other} if other else {}
    instead = ("predict it as a number (task regression)" if numeric else
               f"choose another target such as '{other}'" if other else "choose another target")
    # Counting stops early on a column of a million different texts; the message then counts them all.
    if len(columns.distinct(series, limit=MAX_CLASSES, key=label_text)) > MAX_CLASSES:
        n = columns.count_distinct(series, as_text=True)
        return [Check("too_many_classes", name, f"Column '{name}' has {n:,} different values: too "
                      f"many classes to learn (at most {MAX_CLASSES}); it looks like free text, an id or a "
                      f"quantity. Set [data] target to another column, or {instead}.", "error", fix)]
    counts = columns.value_counts(series, key=label_text)
    present = sum(n for _, n in counts)
    if len(counts) > max(ONE_PER_ROW * present, 2):
        return [Check("one_class_per_row", name, f"Column '{name}' has {len(counts):,} classes in "
                      f"{present:,} rows: nearly every row is its own class, so there is nothing to learn "
                      f"that carries over to new rows. Set [data] target to another column, or {instead}.",
                      "error", fix)]
    rare = [(label, n) for label, n in counts if n < need]
    if not rare:
        return []
    shown = ", ".join(f"'{cut_label(label)}' ({n} row{'s' * (n > 1)})" for label, n in rare[-5:][::-1])
    more = f" and {len(rare) - 5} more" if len(rare) > 5 else ""
    message = (f"Column '{name}': class{'es' * (len(rare) > 1)} {shown}{more} "
               f"{'have' if len(rare) > 1 else 'has'} fewer than {need} rows, the least that puts a class "
               "in training, validation and test alike: the model cannot learn or be scored on "
               f"{'them' if len(rare) > 1 else 'it'}. Add rows, merge rare classes, or choose another "
               "target.")
    refuse = len(rare) > len(counts) / 2 and len(counts) > 2  # two classes are never nonsense
    return [Check("rare_classes", name, message, "error" if refuse else "warning",
                  ({"data.target": other} if other else {}) if refuse else {})]


def cut_label(label: str, limit: int = 40) -> str:
    """A class name shortened for a message."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


def class_order(name: str) -> tuple[int, float, str]:
    """Numbers in numeric order ("2" before "10"), then other strings alphabetically."""
    try:
        return (0, float(name), name)
    except ValueError:
        return (1, 0.0, name)


def class_indices(target: pd.Series) -> tuple[np.ndarray, list[str]]:
    """Each row's class index, and the classes (label strings, in ``class_order``) they index.

    Factorised a piece at a time (``columns.pieces``): one ``factorize`` of a million strings holds
    Python's lock for ~90 ms, a stall in the window while the Data page's checks run.
    """
    parts = [pd.factorize(piece) for piece in columns.pieces(target)]
    names = [[label_text(u) for u in uniques] for _codes, uniques in parts]
    classes = sorted({name for piece in names for name in piece}, key=class_order)
    index = {name: i for i, name in enumerate(classes)}
    indices = [np.array([index[name] for name in piece], dtype=np.int64)[codes]
               for (codes, _uniques), piece in zip(parts, names)]
    return (np.concatenate(indices) if indices else np.empty(0, dtype=np.int64)), classes


def stray_values(series: pd.Series) -> tuple[int, int, list[str]]:
    """How many present values of a text column do not read as numbers, of how many, and up to three.

    (0, n, []) for a column of numbers. Tells a numeric column with a few bad entries ("n/a",
    "12 kg") from a column of labels.
    """
    n = columns.count_present(series)
    dtype = series.dtype
    if n == 0 or (pd.api.types.is_numeric_dtype(dtype) and not pd.api.types.is_bool_dtype(dtype)):
        return 0, n, []
    numbers = columns.numbers(series)
    bad = numbers.isna()
    examples: list[str] = []
    for value in series.loc[bad[bad].index[:1000]].astype(str):
        if value not in examples:
            examples.append(value)
        if len(examples) == 3:
            break
    return int(bad.sum()), n, examples


def numeric_with_strays(series: pd.Series) -> tuple[int, int, list[str]]:
    """(strays, present, examples) where the column is mostly numbers that make a quantity (more
    different numbers than a classifier's classes) but some values are not numbers; else (0, 0, [])."""
    strays, n, examples = stray_values(series)
    if not strays or strays > (1 - MOSTLY_NUMBERS) * n:
        return 0, 0, []
    if target_task(columns.numbers(series).dropna()) != "regression":
        return 0, 0, []
    return strays, n, examples


def refuse_numbers_as_classes(target: pd.Series, where: str) -> None:
    """A target of many different numbers with some text in it is a quantity to clean, not classes."""
    strays, present, examples = numeric_with_strays(target)
    if strays:
        classes = columns.count_distinct(target, as_text=True)
        raise DataError(f"{where}target '{target.name}' looks numeric, but {strays:,} of {present:,} values "
                        f"are not ({quoted(examples)}); as labels it makes {classes:,} classes.",
                        hint="Clean them (or add them to [data] missing_values), or set [data] task to "
                        "tabular_classification.")


def quoted(values: list[str]) -> str:
    """Up to three example values for a message, each cut short: 'n/a', '12 kg'."""
    return ", ".join(f"'{cut_label(v, 16)}'" for v in values[:3])
