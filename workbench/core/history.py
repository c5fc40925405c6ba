"""Reading an earlier run folder back as the events it recorded (Qt-free; runs on the background pool)."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from workbench.core.config import RunConfig
from workbench.core.errors import CheckpointError
from workbench.core.events import EvalPoint, TrainPoint, point_from_record
from workbench.core.run import RunDir, read_jsonl


@dataclass(frozen=True)
class RunHistory:
    """An earlier run, as read from its folder by :func:`read_run`."""

    cfg: RunConfig  # config.toml: the setup the run was trained with
    task: str  # data_spec.json's task (core.tasks), "" if it names none
    # metrics.jsonl in the order written: the same TrainPoint/EvalPoint events the trainer published
    # while the run went on, each EvalPoint with its ``sample`` from samples.jsonl (language models)
    points: list[TrainPoint | EvalPoint]
    summary: dict[str, Any]  # summary.json ({} while the run has not ended)


def read_run(path: str | Path) -> RunHistory:
    """A run's config, task, recorded points and summary.

    Raises CheckpointError (or ConfigError) when ``path`` is not a readable run folder.
    """
    run = RunDir(path)
    cfg = run.config()
    try:
        spec = json.loads((run.path / "data_spec.json").read_text(encoding="utf-8"))
        summary = run.summary() or {}
    except (OSError, ValueError) as exc:
        raise CheckpointError(f"{run.path} has an unreadable data_spec.json or summary.json: {exc}") from None
    return RunHistory(cfg, str(spec.get("task", "")), read_points(run), summary)


def read_points(run: RunDir) -> list[TrainPoint | EvalPoint]:
    """metrics.jsonl as events, samples merged into the evaluations of their step; lines that are
    neither a training point nor an evaluation are skipped."""
    samples = {r["step"]: r["text"] for r in read_jsonl(run.samples_path)
               if isinstance(r.get("step"), int) and isinstance(r.get("text"), str)}
    points: list[TrainPoint | EvalPoint] = []
    for record in run.history():
        point = point_from_record(record)
        if isinstance(point, EvalPoint) and point.sample is None and point.step in samples:
            point = dataclasses.replace(point, sample=samples[point.step])
        if point is not None:
            points.append(point)
    return points
