"""Reading an earlier run folder for display (Qt-free; runs on the background pool)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def read_run(path: str | Path) -> dict[str, Any]:
    """A run's config, task, metric records (samples included as "sample" records) and summary.

    Raises CheckpointError (or ConfigError) when ``path`` is not a readable run folder.
    """
    from workbench.core.errors import CheckpointError
    from workbench.core.run import RunDir, read_jsonl

    run = RunDir(path)
    cfg = run.config()
    try:
        spec = json.loads((run.path / "data_spec.json").read_text(encoding="utf-8"))
        summary = run.summary() or {}
    except (OSError, ValueError) as exc:
        raise CheckpointError(f"{run.path} has an unreadable data_spec.json or summary.json: {exc}") from None
    samples = [{"kind": "sample", "step": r.get("step", 0), "sample": r.get("text", "")}
               for r in read_jsonl(run.path / "samples.jsonl")]
    return {"cfg": cfg, "task": spec.get("task", ""), "history": run.history() + samples, "summary": summary}
