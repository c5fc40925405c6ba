"""Reading a run folder's JSON files back, checked: ``data_spec.json``, ``tokenizer.json``,
``summary.json``. Whatever is wrong in one (not UTF-8, not JSON, a field of the wrong type, a
statistic that is not finite, lists that do not line up) is a ``CheckpointError`` naming the file
and the field, never a ``UnicodeDecodeError`` or a confident prediction from garbage.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

from workbench.core.config import TASKS
from workbench.core.errors import CheckpointError

MAX_JSON_BYTES = 512_000_000  # a run's JSON files are kilobytes to a few megabytes (a large vocabulary)
_MAX_SIZE = 10 ** 9  # vocabulary, lengths, split sizes: far beyond anything a run writes


def read_json(path: Path) -> Any:
    """The JSON value in ``path``; CheckpointError naming the file when it cannot be read as one."""
    path = Path(path)
    where = f"{path.parent} has a corrupt {path.name}"
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise CheckpointError(f"{where}: {path.stat().st_size:,} bytes is too large for a run file")
        text = path.read_bytes().decode("utf-8")
        return json.loads(text)
    except UnicodeDecodeError as exc:
        raise CheckpointError(f"{where}: not UTF-8 text (byte {exc.start:,})") from None
    except json.JSONDecodeError as exc:
        raise CheckpointError(f"{where}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") \
            from None
    except RecursionError:
        raise CheckpointError(f"{where}: nested too deeply") from None
    except OSError as exc:
        raise CheckpointError(f"{path} cannot be read: {exc.strerror or exc}") from None


def _problem(d: dict[str, Any]) -> str:
    """The first thing wrong in a data spec's dict, or ""."""
    def strings(v: Any) -> bool:
        return isinstance(v, list) and all(isinstance(s, str) for s in v)

    def numbers(v: Any) -> bool:
        return isinstance(v, list) and all(_finite(x) for x in v)

    def size(v: Any) -> bool:
        return isinstance(v, int) and not isinstance(v, bool) and 0 <= v <= _MAX_SIZE

    if d.get("task") not in TASKS or d.get("task") == "auto":
        return f"'task' is {_short(d.get('task'))}, not one of {', '.join(TASKS[1:])}"
    for key in ("target", "text_column"):
        if not isinstance(d.get(key, ""), str):
            return f"'{key}' must be a text"
    for key in ("classes", "numeric_columns", "missing_flags", "categorical_columns"):
        if not strings(d.get(key, [])):
            return f"'{key}' must be a list of texts"
    if len(set(d.get("classes", []))) != len(d.get("classes", [])):
        return "'classes' has a class twice"
    columns = d.get("numeric_columns", [])
    for key in ("num_mean", "num_std"):
        if not numbers(d.get(key, [])) or len(d.get(key, [])) != len(columns):
            return f"'{key}' must hold one finite number per numeric column ({len(columns)})"
    if any(s <= 0 for s in d.get("num_std", [])):
        return "'num_std' must be above 0"
    if not set(d.get("missing_flags", [])) <= set(columns):
        return "'missing_flags' names a column that is not numeric"
    categories = d.get("categories", {})
    if not isinstance(categories, dict) or set(categories) != set(d.get("categorical_columns", [])) \
            or not all(strings(v) for v in categories.values()):
        return "'categories' must list the values of each categorical column"
    for key in ("target_mean", "target_std"):
        if not _finite(d.get(key, 0.0)):
            return f"'{key}' must be a finite number"
    if d.get("target_std", 1.0) <= 0:
        return "'target_std' must be above 0"
    for key in ("vocab_size", "max_length", "block_size"):
        if not size(d.get(key, 0)):
            return f"'{key}' must be a whole number from 0 to {_MAX_SIZE:,}"
    sizes = d.get("split_sizes", {})
    if not isinstance(sizes, dict) or not all(size(v) for v in sizes.values()):
        return "'split_sizes' must map each split to a whole number"
    return ""


def _finite(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:40] + "…"


def read_spec(run_path: Path) -> Any:
    """The run's ``data_spec.json`` as a ``DataSpec``, checked field by field."""
    from workbench.core.data.prepare import DataSpec  # torch and pandas: only when a run is loaded

    path = Path(run_path) / "data_spec.json"
    d = read_json(path)
    if not isinstance(d, dict):
        raise CheckpointError(f"{path.parent} has a corrupt {path.name}: it must be a JSON object")
    problem = _problem(d)
    if problem:
        raise CheckpointError(f"{path.parent} has a corrupt {path.name}: {problem}")
    try:
        return DataSpec.from_dict(d)
    except CheckpointError as exc:
        raise CheckpointError(f"{path.parent} has a corrupt {path.name}: {exc}") from None


def read_tokenizer(run_path: Path, spec: Any) -> Any:
    """The run's ``tokenizer.json`` (None when the run has none), checked against the data spec."""
    from workbench.core.tokenizers import tokenizer_from_dict

    path = Path(run_path) / "tokenizer.json"
    if not path.exists():
        if spec.task in ("text_classification", "language_modeling"):
            raise CheckpointError(f"{path.parent} has no tokenizer.json; a {spec.task.replace('_', ' ')} "
                                  "run needs it")
        return None
    raw = read_json(path)
    try:
        tokenizer = tokenizer_from_dict(raw)
    except CheckpointError as exc:
        raise CheckpointError(f"{path.parent} has a corrupt {path.name}: {exc}") from None
    if spec.vocab_size and tokenizer.vocab_size != spec.vocab_size:
        raise CheckpointError(f"{path} has {tokenizer.vocab_size:,} tokens but data_spec.json says "
                              f"{spec.vocab_size:,}; one of them was changed or replaced")
    return tokenizer


def read_summary(run_path: Path) -> dict[str, Any] | None:
    """``summary.json`` (None while the run has not ended), checked for the fields readers use."""
    path = Path(run_path) / "summary.json"
    if not path.exists():
        return None
    summary = read_json(path)
    if not isinstance(summary, dict):
        raise CheckpointError(f"{path.parent} has a corrupt {path.name}: it must be a JSON object")
    expected: dict[str, tuple[type | tuple[type, ...], str]] = {
        "status": (str, "a text"), "message": (str, "a text"), "steps": (int, "a whole number"),
        "best_step": (int, "a whole number"), "final": (dict, "an object"), "best": (dict, "an object"),
        "health": (list, "a list"), "scoring": (dict, "an object"), "wall_time_s": ((int, float), "a number"),
    }
    for key, (kind, words) in expected.items():
        value = summary.get(key)
        if value is not None and (not isinstance(value, kind) or isinstance(value, bool)):
            raise CheckpointError(f"{path.parent} has a corrupt {path.name}: '{key}' must be {words}, "
                                  f"not {_short(value)}")
    for key in ("final", "best"):
        if not all(isinstance(v, dict) for v in summary.get(key, {}).values()):
            raise CheckpointError(f"{path.parent} has a corrupt {path.name}: '{key}' must hold an "
                                  "object per split")
    return summary
