"""Reading an earlier run folder back as the events it recorded (Qt-free; runs on the background pool)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from workbench.core.config import RunConfig
from workbench.core.errors import CheckpointError
from workbench.core.events import Baseline, EvalPoint, TrainPoint, point_from_record
from workbench.core.live_edit import ConfigChange
from workbench.core.run import RunDir, damage_note, read_jsonl, read_jsonl_counted
from workbench.core.runfiles import read_json


@dataclass(frozen=True)
class RunHistory:
    """An earlier run, as read from its folder by :func:`read_run`."""

    cfg: RunConfig  # config.toml: the setup the run was trained with
    task: str  # data_spec.json's task (core.tasks), "" if it names none
    # metrics.jsonl in the order written: the same TrainPoint/EvalPoint events the trainer published
    # while the run went on, each EvalPoint with its ``sample`` from samples.jsonl (language models)
    points: list[TrainPoint | EvalPoint]
    summary: dict[str, Any]  # summary.json ({} while the run has not ended)
    notes: list[str] = field(default_factory=list)  # what was skipped while reading, for the user
    baseline: Baseline | None = None  # the simple reference model fitted beside it (core.baseline)
    # settings changed while paused or when continued (metrics.jsonl's "config_change" lines)
    changes: list[ConfigChange] = field(default_factory=list)


def read_run(path: str | Path) -> RunHistory:
    """A run's config, task, recorded points and summary.

    Raises CheckpointError (or ConfigError) when ``path`` is not a readable run folder.
    """
    run = RunDir(path)
    cfg = run.config()
    spec = read_json(run.path / "data_spec.json")
    if not isinstance(spec, dict):
        raise CheckpointError(f"{run.path / 'data_spec.json'} is damaged: it must be a JSON object")
    summary = run.summary() or {}
    (records, skipped), (sample_records, skipped_samples) = map(read_jsonl_counted,
                                                                 (run.metrics_path, run.samples_path))
    notes = [note for note in (damage_note(run.metrics_path, skipped),
                               damage_note(run.samples_path, skipped_samples)) if note]
    task = spec.get("task", "")
    # The summary's, or, while the run goes on, the line the trainer wrote when it was ready.
    lines = [r for r in records if r.get("kind") == "baseline"]
    baseline = Baseline.from_record(summary.get("baseline") or (lines[-1] if lines else {}))
    changes = [c for c in map(ConfigChange.from_record, records) if c is not None]
    return RunHistory(cfg, task if isinstance(task, str) else "", read_points(run, records, sample_records),
                      summary, notes, baseline, changes)


def read_points(run: RunDir, records: list[dict[str, Any]] | None = None,
                sample_records: list[dict[str, Any]] | None = None) -> list[TrainPoint | EvalPoint]:
    """metrics.jsonl (or ``records`` already read from it) as events, samples merged into the
    evaluations of their step; lines that are neither a training point nor an evaluation are skipped."""
    if sample_records is None:
        sample_records = read_jsonl(run.samples_path)
    samples = {r["step"]: r["text"] for r in sample_records
               if isinstance(r.get("step"), int) and isinstance(r.get("text"), str)}
    points: list[TrainPoint | EvalPoint] = []
    for record in run.history() if records is None else records:
        point = point_from_record(record)
        if isinstance(point, EvalPoint) and point.sample is None and point.step in samples:
            point = dataclasses.replace(point, sample=samples[point.step])
        if point is not None:
            points.append(point)
    return points
