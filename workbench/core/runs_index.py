"""The runs in a folder, one row each, for ``workbench runs`` and the window's Runs page (Qt-free).

A row is read from the run folder's small files only (summary.json, config.toml, data_spec.json
and the modification time of metrics.jsonl), never its checkpoints, and cached by those files'
modification times, so a rescan reads again only the runs that changed: a folder of 500 runs lists
in well under a second.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

# A run with no summary and no lock file (written before runs were locked) whose metrics.jsonl
# changed this recently is taken to be still running.
RUNNING_WINDOW_S = 120.0
SMALL_FILE = 4 * 1024 * 1024  # summary.json and config.toml larger than this are not read

STATUSES = ("completed", "early_stopped", "stopped", "failed", "interrupted", "running")


@dataclass(frozen=True)
class RunRow:
    """One run folder as the Runs table shows it."""

    path: str
    name: str
    started: float          # seconds since the epoch (the run folder's creation, as near as known)
    data_file: str          # the data file's name (not its folder)
    task: str
    model_kind: str
    params: int
    metric: str             # the watched validation metric ("" when unknown)
    best: float | None      # its best validation value
    final: float | None     # its value at the end
    test: float | None      # its test value for the reported weights
    steps: int
    total_steps: int
    wall_time_s: float
    device: str
    status: str             # one of STATUSES
    parent: str = ""        # the run this one started from, if any

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready."""
        return asdict(self)


def _read_json(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > SMALL_FILE:
            return {}
        value = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        if path.stat().st_size > SMALL_FILE:
            return {}
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def is_run_folder(path: Path) -> bool:
    """A folder with a config.toml and a data_spec.json."""
    return (path / "config.toml").is_file() and (path / "data_spec.json").is_file()


def _status(path: Path, summary: dict[str, Any], now: float) -> str:
    status = str(summary.get("status", ""))
    if status in STATUSES and status != "running":
        return status
    from workbench.core.runsafety import LOCK_NAME, being_written

    if (path / LOCK_NAME).exists():  # a run from this version: its writer holds an OS lock
        return "running" if being_written(path) else "interrupted"
    return "running" if now - _mtime(path / "metrics.jsonl") < RUNNING_WINDOW_S else "interrupted"


def read_row(path: Path, now: float | None = None) -> RunRow:
    """The row of the run folder ``path`` (missing or broken files give empty cells)."""
    now = time.time() if now is None else now
    summary = _read_json(path / "summary.json")
    raw = _read_toml(path / "config.toml")
    spec = _read_json(path / "data_spec.json")
    data: dict[str, Any] = raw["data"] if isinstance(raw.get("data"), dict) else {}
    model: dict[str, Any] = raw["model"] if isinstance(raw.get("model"), dict) else {}
    train: dict[str, Any] = raw["train"] if isinstance(raw.get("train"), dict) else {}
    metric = str(summary.get("watch", "") or "")
    reported = summary.get(str(summary.get("reported", "best"))) or summary.get("final") or {}
    final_val = (summary.get("final") or {}).get("val") or {}
    test = (reported.get("test") or {}) if isinstance(reported, dict) else {}
    return RunRow(
        path=str(path), name=path.name,
        started=_mtime(path / "data_spec.json"),  # written once, when the run starts
        data_file=Path(str(data.get("path", "") or "")).name,
        task=str(summary.get("task") or spec.get("task") or ""),
        model_kind=str(summary.get("model_kind") or model.get("kind") or ""),
        params=int(_number(summary.get("params")) or 0),
        metric=metric,
        best=_number(summary.get("best_value")),
        final=_number(final_val.get(metric)) if isinstance(final_val, dict) else None,
        test=_number(test.get(metric)) if isinstance(test, dict) else None,
        steps=int(_number(summary.get("steps")) or 0),
        total_steps=int(_number(summary.get("total_steps")) or 0),
        wall_time_s=_number(summary.get("wall_time_s")) or 0.0,
        device=str(summary.get("device", "") or ""),
        status=_status(path, summary, now),
        # The summary's once the run ends; the config's while it runs (or after it was continued).
        parent=str(summary.get("parent", "") or train.get("init_from", "") or ""),
    )


class RunsIndex:
    """The runs under some folders, rescanned incrementally (only changed runs are read again)."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[tuple[float, ...], RunRow]] = {}

    @staticmethod
    def _stamp(path: Path) -> tuple[float, ...]:
        return tuple(_mtime(path / name) for name in ("summary.json", "config.toml", "metrics.jsonl"))

    def scan(self, folders: list[Path] | tuple[Path, ...]) -> list[RunRow]:
        """Every run folder directly inside ``folders`` (or a folder that is itself a run), newest first."""
        now = time.time()
        rows: list[RunRow] = []
        seen: set[str] = set()
        for folder in folders:
            candidates = [folder] if is_run_folder(folder) else _children(folder)
            for path in candidates:
                if not is_run_folder(path):
                    continue
                key = str(path.resolve())
                if key in seen:
                    continue
                seen.add(key)
                stamp = self._stamp(path)
                cached = self._cache.get(key)
                # A run without a summary may turn from running to interrupted with no file changing.
                if cached is not None and cached[0] == stamp and cached[1].status != "running":
                    rows.append(cached[1])
                    continue
                row = read_row(path, now)
                self._cache[key] = (stamp, row)
                rows.append(row)
        for stale in set(self._cache) - seen:
            del self._cache[stale]
        return sorted(rows, key=lambda r: (r.started, r.name), reverse=True)


def _children(folder: Path) -> list[Path]:
    try:
        return [p for p in folder.iterdir() if p.is_dir()]
    except OSError:
        return []


def list_runs(folder: str | Path) -> list[RunRow]:
    """The runs in ``folder``, newest first (one scan)."""
    return RunsIndex().scan([Path(folder)])


@dataclass(frozen=True)
class RunCurves:
    """A run's curves for the overlay: training loss and validation metrics against step, epoch and time."""

    name: str
    train: dict[str, Any]           # "step", "epoch", "time", "loss": float arrays (numpy)
    val: dict[str, Any]             # "step", "epoch", "time" and each validation metric
    watch: str                      # the run's watched metric
    baseline: dict[str, float]      # summary.json's baseline validation scores ({} when none)
    marks: list[tuple[int, str]]    # (step, health code) of the warnings tied to a step
    parent: str = ""                # the run it started from (core.transfer), if any


def read_curves(path: str | Path) -> RunCurves:
    """The curves of the run folder ``path`` (read on a background thread; raises CheckpointError)."""
    from workbench.core.events import EvalPoint, TrainPoint
    from workbench.core.history import read_run

    run = read_run(path)
    train: dict[str, list[float]] = {"step": [], "epoch": [], "time": [], "loss": []}
    val: dict[str, list[float]] = {"step": [], "epoch": [], "time": []}
    evals = [p for p in run.points if isinstance(p, EvalPoint) and p.split == "val"]
    names = sorted({k for p in evals for k, v in p.metrics.items() if isinstance(v, (int, float))})
    for name in names:
        val[name] = []
    for point in run.points:
        if isinstance(point, TrainPoint):
            for key, value in (("step", point.step), ("epoch", point.epoch), ("time", point.time),
                               ("loss", point.loss)):
                train[key].append(float(value))
    for point in evals:
        val["step"].append(float(point.step))
        val["epoch"].append(float(point.epoch))
        val["time"].append(float(point.time))
        for name in names:
            metric = point.metrics.get(name)
            val[name].append(float(metric) if isinstance(metric, (int, float)) else float("nan"))
    summary = run.summary
    baseline = (summary.get("baseline") or {}).get("val") or {}
    marks = [(int(h["step"]), str(h.get("code", ""))) for h in summary.get("health", [])
             if isinstance(h, dict) and isinstance(h.get("step"), int) and h["step"] > 0]
    watch = str(summary.get("watch") or ("loss" if "loss" in names else (names[0] if names else "")))
    import numpy as np

    return RunCurves(Path(path).name, {k: np.asarray(v, dtype=float) for k, v in train.items()},
                     {k: np.asarray(v, dtype=float) for k, v in val.items()}, watch,
                     {k: float(v) for k, v in baseline.items() if isinstance(v, (int, float))}, marks,
                     str(summary.get("parent") or run.cfg.train.init_from or ""))
