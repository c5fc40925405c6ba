"""Scoring a file with a trained run, a chunk at a time: bounded memory, every row checked.

``predict_file`` reads the CSV ``CHUNK_ROWS`` rows at a time (pandas' chunked reader, with the
encoding and delimiter the loader detects on the file's head), scores each chunk in batches of
``BATCH_ROWS`` and hands back one result per row as it goes, so memory does not grow with the
file. Each result carries the data row's number (1 = the first row under the header) and, when
the file has one, its id (a column the model does not read, named like an id, a different value
in each row: the data analysis' rule).

Every input value is checked before it is used. A number column holding text (``abc``), a value
that is not finite or lies absurdly far from anything seen in training (``1e308``), an empty
value in a column that had none in training (the model never learnt what empty means there), or
an empty text, is a ``DataError`` naming the row and the column, or, with ``row_errors``, an
``error`` on that row's result while the others are scored. A model whose output is not finite
gives an error too, never a NaN probability.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import torch

from workbench.core.data import markers
from workbench.core.data.loading import LoadedTable, load_file
from workbench.core.data.prepare import encode_table
from workbench.core.data.schema import _is_id  # the analysis' own rule for an id column
from workbench.core.errors import CheckpointError, DataError
from workbench.core.pipeline import LoadedRun
from workbench.core.threads import forward_flops, use_threads
from workbench.core.tokenizers import UNK_ID

__all__ = ["BATCH_ROWS", "CHUNK_ROWS", "RowResult", "Scorer", "predict_file", "to_json"]

CHUNK_ROWS = 8192        # rows read from the file at once
BATCH_ROWS = 256         # rows in one forward pass (512 took 100 MB more for no speed)
MAX_SDS = 1000.0         # a number this many standard deviations from the training mean is no input
_SHOWN = 40              # characters of a bad value quoted in a message

Progress = Callable[[int], None]


@dataclass
class RowResult:
    """One input row's answer: its number, its id (or None), and a prediction or an error."""

    row: int
    prediction: Any = None
    probabilities: dict[str, float] | None = None
    error: str = ""
    id: Any = None

    def to_dict(self, id_column: str = "") -> dict[str, Any]:
        """Plain data: ``row``, ``id`` (when the file has an id column), then the answer or ``error``."""
        out: dict[str, Any] = {"row": self.row}
        if id_column:
            out["id"] = self.id
        if self.error:
            out["error"] = self.error
            return out
        out["prediction"] = self.prediction
        if self.probabilities is not None:
            out["probabilities"] = self.probabilities
        return out


def to_json(record: dict[str, Any]) -> str:
    """One JSON line; NaN or infinity would not be JSON, so they raise rather than print."""
    return json.dumps(record, ensure_ascii=False, allow_nan=False)


def _shown(value: Any) -> str:
    text = str(value).replace("\n", " ")
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…")


@dataclass
class Scorer:
    """Checks and scores rows of a table (or texts) with a loaded run, a batch at a time."""

    run: LoadedRun
    markers: frozenset[str] = field(default_factory=frozenset)
    batch_rows: int = BATCH_ROWS
    tune_threads: bool = False  # set torch's threads for the first batch's work (``core.threads``)

    def __post_init__(self) -> None:
        if not self.markers:
            self.markers = markers.normalise(self.run.cfg.data.missing_values)
        self.device = next(self.run.model.parameters()).device

    # --- checking ---------------------------------------------------------------------------
    def check(self, df: pd.DataFrame, first_row: int) -> list[str]:
        """The problem with each row of ``df`` ("" where it is usable); ``first_row`` numbers its first."""
        spec = self.run.spec
        problems = [""] * len(df)
        needed = [spec.text_column] if spec.task == "text_classification" else \
            spec.numeric_columns + spec.categorical_columns
        absent = [col for col in needed if col not in df.columns]
        if absent and spec.task == "text_classification":
            raise DataError(f"the file has no column '{absent[0]}' (the text column the model was trained "
                            "on)", hint="Name the text column as in the training data.")
        if absent:
            raise DataError(f"the file has no column(s) {', '.join(repr(c) for c in absent[:10])}, which the "
                            "model was trained on", hint="Give every input column the training data had, "
                            "with the same names.")
        if spec.task == "text_classification":
            texts = df[spec.text_column]
            blank = texts.isna().to_numpy() | (texts.astype(str).str.strip() == "").to_numpy()
            for i in np.flatnonzero(blank):
                problems[i] = f"row {first_row + i}, column '{spec.text_column}': empty, no text to classify"
            return problems
        for j, col in enumerate(spec.numeric_columns):
            self._check_numbers(df[col], col, j, first_row, problems)
        return problems

    def _check_numbers(self, raw: pd.Series, col: str, j: int, first_row: int, problems: list[str]) -> None:
        spec = self.run.spec
        missing = raw.isna().to_numpy()
        if markers.is_text(raw):
            found, hits = markers.find(raw, self.markers)
            if found:
                missing |= raw.isin(hits).to_numpy()
        parsed = pd.to_numeric(raw.where(~missing), errors="coerce")
        values = parsed.to_numpy(dtype=np.float64, na_value=np.nan)
        mean, std = spec.num_mean[j], spec.num_std[j]
        with np.errstate(over="ignore", invalid="ignore"):
            far = np.abs((values - mean) / std) > MAX_SDS
        bad = (missing & (col not in spec.missing_flags)) | (~missing & np.isnan(values)) | far \
            | (~missing & ~np.isnan(values) & ~np.isfinite(values))
        for i in np.flatnonzero(bad):
            if problems[i]:
                continue  # the first problem of a row is enough
            where = f"row {first_row + i}, column '{col}'"
            if missing[i]:
                problems[i] = f"{where}: empty, and the training data had no empty values there"
            elif np.isnan(values[i]):
                problems[i] = f"{where}: {_shown(raw.iloc[i])} is not a number"
            elif not np.isfinite(values[i]):
                problems[i] = f"{where}: {_shown(raw.iloc[i])} is not a finite number"
            else:
                problems[i] = (f"{where}: {_shown(raw.iloc[i])} is more than {MAX_SDS:,.0f} standard "
                               f"deviations from the training mean ({mean:.4g})")

    # --- scoring ------------------------------------------------------------------------------
    @torch.inference_mode()
    def score(self, df: pd.DataFrame) -> list[tuple[Any, dict[str, float] | None]]:
        """(prediction, probabilities or None) for each row of ``df``, which must have passed ``check``."""
        spec = self.run.spec
        if spec.task == "text_classification":
            return self._score_texts(df[spec.text_column].astype(str).tolist())
        if spec.task not in ("tabular_classification", "regression"):
            raise DataError(f"this run is a {spec.task.replace('_', ' ')} model; it scores no table rows")
        out: list[tuple[Any, dict[str, float] | None]] = []
        for start in range(0, len(df), self.batch_rows):
            batch = encode_table(spec, df.iloc[start:start + self.batch_rows])
            out += self._answers(batch)
        return out

    def _score_texts(self, texts: list[str]) -> list[tuple[Any, dict[str, float] | None]]:
        spec, tokenizer = self.run.spec, self.run.tokenizer
        ids = [tokenizer.encode(text)[: spec.max_length] or [UNK_ID] for text in texts]
        # Texts of like length share a batch: the model drops the padding every row of a batch has.
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        answers: list[tuple[Any, dict[str, float] | None]] = [(None, None)] * len(ids)
        for start in range(0, len(order), self.batch_rows):
            rows = order[start:start + self.batch_rows]
            x = np.zeros((len(rows), spec.max_length), dtype=np.int64)
            for k, i in enumerate(rows):
                x[k, : len(ids[i])] = ids[i]
            for i, answer in zip(rows, self._answers({"x": torch.from_numpy(x)})):
                answers[i] = answer
        return answers

    def _answers(self, batch: dict[str, torch.Tensor]) -> list[tuple[Any, dict[str, float] | None]]:
        spec = self.run.spec
        inputs = {k: v.to(self.device) for k, v in batch.items()}
        if self.tune_threads and self.device.type == "cpu":
            self.tune_threads = False
            use_threads(forward_flops(self.run.model, inputs))
        out = self.run.model(inputs).float().cpu()
        if not bool(torch.isfinite(out).all()):
            raise CheckpointError("the model's output is not a finite number (its weights may be broken); "
                                  "retrain it or use another checkpoint")
        if spec.task == "regression":
            return [(float(v), None) for v in spec.destandardise(out).tolist()]
        probs = torch.softmax(out, dim=-1)
        classes = list(spec.classes)
        best = probs.argmax(dim=-1).tolist()
        return [(classes[b], dict(zip(classes, p))) for b, p in zip(best, probs.tolist())]

    def results(self, df: pd.DataFrame, first_row: int, row_errors: bool,
                id_column: str = "") -> list[RowResult]:
        """Check and score ``df``: one result per row; an unusable row raises unless ``row_errors``."""
        problems = self.check(df, first_row)
        if not row_errors:
            first = next((p for p in problems if p), "")
            if first:
                raise DataError(first, hint="Fix the value, or pass --row-errors to score the other rows.")
        good = [i for i, p in enumerate(problems) if not p]
        answers = iter(self.score(df.iloc[good]) if good else [])
        ids = df[id_column].tolist() if id_column else [None] * len(df)
        out = []
        for i, problem in enumerate(problems):
            result = RowResult(first_row + i, error=problem, id=_plain(ids[i]))
            if not problem:
                result.prediction, result.probabilities = next(answers)
            out.append(result)
        return out


def _plain(value: Any) -> Any:
    """An id as JSON can hold it: numpy scalars made Python ones, a missing id None."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if isinstance(value, np.generic) else value


def id_column_of(df: pd.DataFrame, used: list[str]) -> str:
    """The first column the model does not read that is an id by the data analysis' rule, or ""."""
    for col in df.columns:
        if col in used:
            continue
        present = int(df[col].notna().sum())
        if present and _is_id(df[col], str(col), present):
            return str(col)
    return ""


@dataclass
class FileScoring:
    """A file being scored: its id column and the chunks with their results, in order."""

    columns: list[str]
    id_column: str
    chunks: Iterator[tuple[pd.DataFrame, list[RowResult]]]


def predict_file(run: LoadedRun, path: str | Path, *, row_errors: bool = False, chunk_rows: int = CHUNK_ROWS,
                 progress: Progress | None = None, tune_threads: bool = True) -> FileScoring:
    """Score every row of the CSV at ``path``, a chunk at a time (see the module's docstring).

    ``progress`` is called with the bytes read so far after each chunk; ``tune_threads`` sets
    torch's threads for the model's work under the recorded policy (``core.threads``).
    """
    if run.spec.task == "language_modeling":
        raise DataError("this run is a language model; it generates text (workbench generate) rather than "
                        "scoring rows")
    head = load_file(path, encoding=run.cfg.data.encoding, nrows=chunk_rows)
    if not isinstance(head, LoadedTable):
        raise DataError(f"{path}: is not a table (CSV)", hint="Give a CSV file with the training columns.")
    spec = run.spec
    used = [spec.text_column] if spec.task == "text_classification" else \
        spec.numeric_columns + spec.categorical_columns + [spec.target]
    columns = list(head.df.columns)
    id_column = id_column_of(head.df, used)
    scorer = Scorer(run, tune_threads=tune_threads)
    text_dtype = {spec.text_column: str} if spec.task == "text_classification" else None

    def chunks() -> Iterator[tuple[pd.DataFrame, list[RowResult]]]:
        first_row = 1
        with open(path, "rb") as fh:
            reader = pd.read_csv(fh, sep=head.delimiter, encoding=head.encoding, engine="c", header=0,
                                 names=columns, index_col=False, chunksize=chunk_rows, dtype=text_dtype,
                                 compression=None)
            try:
                for chunk in reader:
                    yield chunk, scorer.results(chunk, first_row, row_errors, id_column)
                    first_row += len(chunk)
                    if progress is not None:
                        progress(fh.tell())
            except (pd.errors.ParserError, UnicodeDecodeError, ValueError) as exc:
                if isinstance(exc, DataError):
                    raise
                raise DataError(f"{path}: could not be read after data row {first_row - 1:,} "
                                f"({str(exc).strip().splitlines()[0][:120]})") from None

    return FileScoring(columns, id_column, chunks())
