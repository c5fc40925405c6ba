"""The run folder: everything a run needs to be resumed, inspected, or used to predict.

```
<run>/config.toml        the exact config (the CLI and the app both run it)
<run>/data_spec.json     columns, classes, statistics: how inputs become tensors
<run>/tokenizer.json     the fitted tokenizer (text tasks)
<run>/metrics.jsonl      one JSON line per training point and per evaluation (core.events)
<run>/samples.jsonl      language models: text generated at each evaluation ({"step", "text"})
<run>/checkpoints/latest.safetensors, best.safetensors
<run>/attention/         attention snapshots taken while training (core.probe, core.snapshots)
<run>/summary.json       final and best metrics per split, steps, wall time, device
<run>/data_fingerprint.json  size, time and SHA-256 of the training file (core.fingerprint)
<run>/run.lock           while a process trains, resumes or scores the run (core.runsafety)
```
"""

from __future__ import annotations

import json
import math
import re
import time
from pathlib import Path
from typing import Any

from workbench.core import config as C
from workbench.core.errors import CheckpointError
from workbench.core.events import Baseline, EvalPoint, TrainPoint
from workbench.core.fileio import atomic_write_text
from workbench.core.runsafety import RunLock, clean_stale_tmp
from workbench.core.safepaths import check_contents, check_folder


def _clean(value: Any) -> Any:
    """JSON-safe: NaN/inf become None (JSON has no NaN)."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


def folder_name(name: str) -> str:
    """``name`` as a folder name on every platform: letters of any script stay (a run named in
    Chinese keeps its name); what a file system forbids (``<>:"/\\|?*``, control characters),
    spaces and runs of them become one "-"; a leading dot and trailing dots go; at most 80 characters
    and 200 bytes.
    """
    safe = re.sub(r'[<>:"/\\|?*\x00-\x1f\s]+', "-", name).strip("-. ")[:80]
    # A file system allows 255 bytes a name, stamp included: 80 Chinese characters are 240.
    safe = safe.encode("utf-8", "replace")[:200].decode("utf-8", "ignore").strip("-. ")
    if safe.upper().split(".")[0] in _RESERVED:  # names Windows keeps for devices
        safe = f"run-{safe}"
    return safe or "run"


_READ_FILES = ("config.toml", "data_spec.json", "tokenizer.json", "metrics.jsonl", "samples.jsonl",
               "summary.json", "checkpoints/latest.safetensors", "checkpoints/best.safetensors")
_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"{port}{i}" for port in ("COM", "LPT") for i in range(1, 10))}


class RunDir:
    """A run folder on disk."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock: RunLock | None = None

    @classmethod
    def create(cls, root: str | Path, name: str) -> RunDir:
        """A new, uniquely named folder under ``root``."""
        safe = folder_name(name)
        stamp = time.strftime("%Y%m%d-%H%M%S")
        base = Path(root) / f"{safe}-{stamp}"
        path, n = base, 1
        while path.exists():
            n += 1
            path = base.with_name(f"{base.name}-{n}")
        path.mkdir(parents=True)
        (path / "checkpoints").mkdir()
        return cls(path)

    # --- paths ----------------------------------------------------------------------------
    @property
    def config_path(self) -> Path:
        return self.path / "config.toml"

    @property
    def latest(self) -> Path:
        return self.path / "checkpoints" / "latest.safetensors"

    @property
    def best(self) -> Path:
        return self.path / "checkpoints" / "best.safetensors"

    @property
    def metrics_path(self) -> Path:
        return self.path / "metrics.jsonl"

    @property
    def samples_path(self) -> Path:
        return self.path / "samples.jsonl"

    @property
    def summary_path(self) -> Path:
        return self.path / "summary.json"

    # --- writing --------------------------------------------------------------------------
    def lock(self) -> None:
        """Become the folder's one writer (until :meth:`unlock` or the process ends) and remove the
        temporary files a killed writer left; CheckpointError while another process writes it."""
        if self._lock is not None and self._lock.held:
            return
        self._lock = RunLock(self.path)
        self._lock.acquire()
        clean_stale_tmp(self.path)

    def unlock(self) -> None:
        """Let another process write the folder (a no-op unless :meth:`lock` was called)."""
        if self._lock is not None:
            self._lock.release()

    def write_setup(self, cfg: C.RunConfig, spec: Any, tokenizer: Any) -> None:
        """Config, data spec and tokenizer: written once when a run starts."""
        C.save(cfg, self.config_path)
        atomic_write_text(self.path / "data_spec.json", json.dumps(_clean(spec.to_dict()), indent=1))
        if tokenizer is not None:
            atomic_write_text(self.path / "tokenizer.json",
                              json.dumps(tokenizer.to_dict(), ensure_ascii=False))

    def write_point(self, point: TrainPoint | EvalPoint | Baseline) -> None:
        """One line in metrics.jsonl; an evaluation's generated text goes to samples.jsonl."""
        self._append(point.to_record(), self.metrics_path)
        if isinstance(point, EvalPoint) and point.sample is not None:
            self._append({"step": point.step, "text": point.sample}, self.samples_path)

    @staticmethod
    def _append(record: dict[str, Any], path: Path) -> None:
        """Append one JSON line (flushed, so a crash loses at most the line being written)."""
        with path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(_clean(record), ensure_ascii=False) + "\n")

    def truncate_history(self, step: int) -> None:
        """Drop records after ``step`` (used on resume so the history has no duplicates)."""
        for path in (self.metrics_path, self.samples_path):
            if path.exists():
                kept = [r for r in read_jsonl(path) if _step_of(r) <= step]
                atomic_write_text(path, "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept))

    def write_summary(self, summary: dict[str, Any]) -> None:
        """The machine-readable summary.json."""
        atomic_write_text(self.summary_path, json.dumps(_clean(summary), indent=2, ensure_ascii=False))

    # --- reading --------------------------------------------------------------------------
    def check(self) -> None:
        """Raise CheckpointError unless this looks like a run folder."""
        check_folder(self.path, CheckpointError, what="run folder")  # "run folder not found", a file...
        check_contents(self.path, _READ_FILES, CheckpointError)  # a pipe among them would block a reader
        if not self.config_path.exists() or not (self.path / "data_spec.json").exists():
            raise CheckpointError(f"{self.path} is not a Workbench run folder "
                                  "(no config.toml/data_spec.json)")

    def config(self) -> C.RunConfig:
        """The run's config."""
        self.check()
        return C.load(self.config_path)

    def history(self) -> list[dict[str, Any]]:
        """The lines of metrics.jsonl, oldest first (``core.history`` reads them as events)."""
        return read_jsonl(self.metrics_path)

    def damage_notes(self) -> list[str]:
        """A note per history file with damaged lines (they are skipped, and dropped on resume)."""
        return [note for path in (self.metrics_path, self.samples_path)
                if (note := damage_note(path, read_jsonl_counted(path)[1]))]

    def summary(self) -> dict[str, Any] | None:
        """summary.json, or None while the run has not finished; CheckpointError when damaged."""
        from workbench.core.runfiles import read_summary

        return read_summary(self.path)


def damage_note(path: Path, skipped: int) -> str:
    """What the user should hear about ``skipped`` damaged lines in ``path`` ("" for none)."""
    if not skipped:
        return ""
    return (f"{path.name}: {skipped:,} damaged line{'s' if skipped > 1 else ''} skipped (not UTF-8, "
            "not JSON or without a valid step)")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    """Records of a JSON-lines file; a torn last line (crash mid-write) is skipped."""
    return read_jsonl_counted(path)[0]


def read_jsonl_counted(path: Path) -> tuple[list[dict[str, Any]], int]:
    """The JSON-object lines of ``path`` and how many other lines were skipped.

    Lines that are not UTF-8, not JSON, not an object or whose step is not a whole number in range
    are skipped, one by one (the rest of the history stays readable); a torn last line, what a
    crash in the middle of a write leaves, is not counted.
    """
    if not path.exists():
        return [], 0
    lines = path.read_bytes().split(b"\n")
    torn = len(lines) - 1  # the index of a last line that has no newline after it
    records, skipped = [], 0
    for i, raw in enumerate(lines):
        if not raw.strip():
            continue
        try:
            record = json.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            record = None
        if isinstance(record, dict) and _step_of(record) >= 0:
            records.append(record)
        elif i != torn:
            skipped += 1
    return records, skipped


_MAX_RECORD_STEP = 10 ** 12


def _step_of(record: dict[str, Any]) -> int:
    """A record's step (0 when it has none); -1 when it is not a whole number in range."""
    step = record.get("step", 0)
    if isinstance(step, float) and step.is_integer():
        step = int(step)
    if not isinstance(step, int) or isinstance(step, bool) or not 0 <= step <= _MAX_RECORD_STEP:
        return -1
    return step
