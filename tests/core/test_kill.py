"""SIGKILL at any moment of `workbench train` (issue 12): `best`, `latest` and `summary.json`
agree afterwards, and resuming to the end gives the uninterrupted run's weights, best step and
predictions.

A helper process imports Workbench once and forks one `workbench train` (``cli.main``, as
``python -m workbench train`` runs it) per trial, so a trial costs milliseconds instead of an
interpreter start. Some trials are killed at random moments; others at a chosen best write, held
there by a hook the helper installs in the child only: in the middle of writing the best's
temporary file, or just after the best was renamed into place and before the latest is written
(the window where a wrong write order once lost the best).
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import torch

from workbench.core import checkpoint as ckpt
from workbench.core import config as C
from workbench.core.pipeline import load_run, predict_table, resume_run

ROOT = Path(__file__).resolve().parents[2]
IRIS = ROOT / "resources" / "datasets" / "iris.csv"
SETTINGS = [
    "model.hidden=[16]",
    "train.max_steps=12",
    "train.eval_interval=2",
    "train.checkpoint_interval=1",
    "train.log_interval=1",
    "train.num_threads=1",
    "train.device='cpu'",
    "train.early_stopping_metric='loss'",
    "train.early_stopping_patience=0",
]
TRIALS = {"random": 16, "mid-best-write": 9, "after-best-before-latest": 9}

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("one_thread")]

_HELPER = r"""
import json, os, sys, time
from pathlib import Path

from workbench import cli
from workbench.core import checkpoint as ckpt

real_write = ckpt.atomic_write_bytes


def hold_at(out, phase, nth):
    seen = [0]

    def write(path, data):
        path = Path(path)
        if path.name == "best.safetensors":
            seen[0] += 1
            if seen[0] == nth:
                if phase == "mid-best-write":  # half a temporary file, as a kill mid-write leaves it
                    with open(path.parent / ".best.safetensors.held.tmp", "wb") as fh:
                        fh.write(data[: len(data) // 2])
                else:
                    real_write(path, data)
                (Path(out) / "held").touch()
                time.sleep(3600)
        real_write(path, data)

    ckpt.atomic_write_bytes = write


def quietly(fn):
    saved = os.dup(1), os.dup(2)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 1)
    os.dup2(null, 2)
    try:
        return fn()
    finally:
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)


setup, reference = sys.argv[1], sys.argv[2]
# The uninterrupted reference runs here, before any fork: it also does every lazy import once.
code = quietly(lambda: cli.main(["train", setup, "--out", reference, "--quiet", "--no-attention"]))
print("ready" if code == 0 else f"reference failed: {code}", flush=True)
for line in sys.stdin:
    trial = json.loads(line)
    pid = os.fork()
    if pid == 0:
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 1)
        os.dup2(null, 2)
        if trial["phase"] != "random":
            hold_at(trial["out"], trial["phase"], trial["nth"])
        os._exit(cli.main(["train", setup, "--out", trial["out"], "--quiet", "--no-attention"]))
    print(pid, flush=True)
    _, status = os.waitpid(pid, 0)
    print(status, flush=True)
"""


class Helper:
    """The forking helper: ``train(out, phase, nth, kill_after)`` runs one trial."""

    def __init__(self, setup: Path, reference: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _HELPER, str(setup), str(reference)],
            cwd=ROOT,
            text=True,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self._read() == "ready"

    def _read(self) -> str:
        assert self.proc.stdout is not None
        return self.proc.stdout.readline().strip()

    def train(self, out: Path, phase: str = "random", nth: int = 0, kill_after: float | None = None) -> bool:
        """Run one trial; True when the child was killed (False: it ran to its end).

        ``kill_after``: seconds after the first checkpoint appears (random trials).
        """
        assert self.proc.stdin is not None
        out.mkdir(parents=True)
        self.proc.stdin.write(json.dumps({"out": str(out), "phase": phase, "nth": nth}) + "\n")
        self.proc.stdin.flush()
        child = int(self._read())
        try:
            if phase != "random":
                deadline = time.monotonic() + 60
                while not (out / "held").exists():
                    assert time.monotonic() < deadline, f"the child never reached best write {nth}"
                    time.sleep(0.002)
            elif kill_after is not None:
                self.first_checkpoint(out)
                time.sleep(kill_after)
            if kill_after is not None or phase != "random":
                with contextlib.suppress(ProcessLookupError):
                    os.kill(child, signal.SIGKILL)
        finally:
            status = int(self._read())
        return os.WIFSIGNALED(status)

    @staticmethod
    def first_checkpoint(out: Path) -> float:
        """Wait until the run in ``out`` has its first latest checkpoint; returns when that was."""
        deadline = time.monotonic() + 60
        while not any(out.glob("*/checkpoints/latest.safetensors")):
            assert time.monotonic() < deadline, "no checkpoint within a minute"
            time.sleep(0.001)
        return time.monotonic()

    def close(self) -> None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=30)
        self.proc.stdout.close()


def run_folder(out: Path) -> Path | None:
    folders = [p for p in out.iterdir() if p.is_dir()]
    assert len(folders) <= 1, folders
    return folders[0] if folders else None


def model_tensors(path: Path) -> dict[str, torch.Tensor]:
    tensors, _ = ckpt.load_checkpoint(path)
    return {k: v for k, v in tensors.items() if k.startswith("model.")}


def predictions(run: Path, rows: pd.DataFrame) -> list[dict[str, Any]]:
    return predict_table(load_run(run), rows)


def assert_agree(run: Path) -> None:
    """Right after a kill: `latest` names a best only when that best is on disk, and the summary
    (written at the very end) names the best on disk."""
    latest, best = run / "checkpoints" / "latest.safetensors", run / "checkpoints" / "best.safetensors"
    best_meta = ckpt.read_meta(best) if best.exists() else None
    if latest.exists():
        meta = ckpt.read_meta(latest)  # never torn, never refused
        if meta["best_step"]:
            assert best_meta is not None, "latest names a best that is not on disk"
            # Equal, or the best was renamed into place just before the kill and the latest not yet.
            assert best_meta["step"] == meta["best_step"] or best_meta["step"] > meta["step"], (
                best_meta["step"],
                meta["best_step"],
                meta["step"],
            )
    if (run / "summary.json").exists():
        summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
        assert best_meta is not None and summary["best_step"] == best_meta["step"], summary["best_step"]


def test_sigkill_at_any_moment_keeps_best_latest_and_summary_in_agreement(tmp_path: Path) -> None:
    settings = [f"data.path={json.dumps(str(IRIS))}", *SETTINGS]
    if "baseline" in {f.name for f in dataclasses.fields(C.TrainConfig)}:
        settings.append("train.baseline=false")  # a reference model's fit only slows each trial
    cfg = C.apply_overrides(C.load(ROOT / "resources" / "examples" / "iris.toml"), settings)
    setup = tmp_path / "setup.toml"
    C.save(cfg, setup)
    rows = pd.read_csv(IRIS).drop(columns=["species"]).iloc[::10]
    helper = Helper(setup, tmp_path / "reference")
    try:
        reference = run_folder(tmp_path / "reference")
        assert reference is not None
        expected = json.loads((reference / "summary.json").read_text(encoding="utf-8"))
        best_writes = sum(
            1
            for line in (reference / "metrics.jsonl").read_text(encoding="utf-8").splitlines()
            if json.loads(line).get("best")
        )
        assert expected["status"] == "completed" and best_writes >= 3
        span = expected["wall_time_s"]  # about the time from the first checkpoint to the end
        ref_latest = model_tensors(reference / "checkpoints" / "latest.safetensors")
        ref_best = model_tensors(reference / "checkpoints" / "best.safetensors")
        ref_predictions = predictions(reference, rows)

        rng = random.Random(12)
        plan = [(phase, i) for phase, n in TRIALS.items() for i in range(n)]
        killed = resumed = 0
        for phase, i in plan:
            out = tmp_path / f"{phase}-{i}"
            nth = 1 + i % best_writes
            killed += helper.train(out, phase, nth, kill_after=rng.uniform(0.0, 1.0) * span)
            run = run_folder(out)
            assert run is not None
            assert_agree(run)
            trainer = resume_run(run)
            assert trainer.fit()["status"] == "completed"
            resumed += 1
            summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
            assert summary["best_step"] == expected["best_step"], (phase, i)
            assert ckpt.read_meta(run / "checkpoints" / "best.safetensors")["step"] == expected["best_step"]
            for mine, theirs in (
                (run / "checkpoints" / "latest.safetensors", ref_latest),
                (run / "checkpoints" / "best.safetensors", ref_best),
            ):
                got = model_tensors(mine)
                assert all(torch.equal(got[k], theirs[k]) for k in theirs), (phase, i, mine.name)
            assert predictions(run, rows) == ref_predictions, (phase, i)
            leftovers = [p.name for p in run.rglob("*.tmp")] + [p.name for p in run.glob("run.lock")]
            assert not leftovers, leftovers
            shutil.rmtree(out)
    finally:
        helper.close()
    assert killed >= 30, killed  # a random kill may come after a fast run's end
    assert resumed == len(plan)  # every trial, killed or not, ended in agreement with the reference
