"""Closing the window while it trains, 20 times, each time in a fresh process that must exit cleanly.

Each trial (``close_during_run.py``) opens the real window offscreen, trains a tiny FT-Transformer
with the attention probe on, and closes the window at a chosen moment: while the run is being
prepared, as it starts, in its first steps, mid-run, paused, stopping, inside a checkpoint save,
during the final evaluation, and as it finishes, answering "Stop and close" when the window asks.
Two fork servers run the trials side by side.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.core import checkpoint as ckpt

pytestmark = pytest.mark.slow

SCRIPT = Path(__file__).with_name("close_during_run.py")
# (moment, extra delay in ms before the close)
TRIALS = [("preparing", 0), ("preparing", 40), ("started", 0), ("started", 15), ("first-steps", 0),
          ("first-steps", 25), ("mid-run", 0), ("mid-run", 35), ("paused", 0), ("paused", 80),
          ("stopping", 0), ("stopping", 3), ("saving", 0), ("saving", 150), ("evaluating", 0),
          ("evaluating", 120), ("finished", 0), ("finished", 0), ("mid-run", 70), ("first-steps", 50)]
# What the run was doing when the window closed, for each moment.
STATES = {"preparing": {"preparing"}, "started": {"running"}, "first-steps": {"running"},
          "mid-run": {"running"}, "paused": {"paused"}, "stopping": {"stopping"}, "saving": {"running"},
          "evaluating": {"running"}, "finished": {"running"}}
# Offscreen Qt's note on every window; anything else on stderr is a failure.
HARMLESS = ("This plugin does not support propagateSizeHints()",)


def _run_trials(trials: list[tuple[str, int, Path]], servers: int = 2) -> list[int]:
    """Exit statuses of ``trials``, run by ``servers`` fork servers side by side."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    procs = []
    for k in range(servers):
        share = trials[k::servers]
        proc = subprocess.Popen([sys.executable, str(SCRIPT), "--serve"], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True, env=env)
        assert proc.stdin is not None
        proc.stdin.write("".join(f"{moment} {delay} {folder}\n" for moment, delay, folder in share))
        proc.stdin.close()
        procs.append((proc, share))
    statuses: dict[Path, int] = {}
    try:
        for proc, share in procs:
            assert proc.stdout is not None
            lines = proc.stdout.read().split()
            assert proc.wait(timeout=300) == 0 and len(lines) == len(share)
            statuses.update((folder, int(line)) for (_, _, folder), line in zip(share, lines))
    finally:
        for proc, _ in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
            assert proc.stdout is not None
            proc.stdout.close()
    return [statuses[folder] for _, _, folder in trials]


def test_closing_the_window_during_a_run_exits_cleanly_20_times(tmp_path: Path) -> None:
    trials = []
    for i, (moment, delay) in enumerate(TRIALS):
        folder = tmp_path / f"{i:02d}-{moment}"
        folder.mkdir()
        trials.append((moment, delay, folder))
    statuses = _run_trials(trials)

    for (moment, delay, folder), status in zip(trials, statuses):
        trial = f"{folder.name} (+{delay} ms)"
        err = (folder / "stderr").read_text(encoding="utf-8", errors="replace")
        assert status == 0, f"{trial}: exit status {status}\n{err}"
        assert "QThread: Destroyed" not in err and "Traceback" not in err, f"{trial}:\n{err}"
        unexpected = [line for line in err.splitlines() if line.strip() and line.strip() not in HARMLESS]
        assert not unexpected, f"{trial}: stderr\n{err}"
        record = json.loads((folder / "stdout").read_text(encoding="utf-8").splitlines()[-1])
        # The moment was really reached: the close found the run in the state it was meant to test.
        assert record["state"] in STATES[moment] and record["busy"], f"{trial}: {record}"
        if moment in ("saving", "evaluating"):
            assert record["held"], f"{trial}: closed before the save/evaluation began"
        # The window asked before stopping the run, unless the user had already stopped it.
        assert len(record["asked"]) == (0 if moment == "stopping" else 1), f"{trial}: {record}"
        if not record["run_dir"]:
            continue
        # Closing stops the run: its summary says so and its latest checkpoint is there and whole.
        run = Path(record["run_dir"])
        summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
        expected = "completed" if moment in ("evaluating", "finished") else "stopped"
        assert summary["status"] == expected, f"{trial}: {summary}"
        _, meta = ckpt.load_checkpoint(run / "checkpoints" / "latest.safetensors")
        assert meta["step"] == summary["steps"], f"{trial}: {meta['step']} != {summary['steps']}"
