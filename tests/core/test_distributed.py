"""Data-parallel training through torchrun (issue 17), on the CPU with gloo: 2 ranks train the
same model as one process with the same global batch and seed (losses equal to float rounding:
each rank weighs its shard's loss by its share of the batch, and dropout is 0 here, since each
rank draws its own masks), into one run folder, resumable with 1 rank and with 2, and a SIGINT to
one rank stops both after the same step with a checkpoint.

Each torchrun job is a fresh interpreter per rank (seconds on a loaded machine), so the jobs are
few and the models tiny.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from workbench import cli
from workbench.core import config as C
from workbench.core import distributed as dist
from workbench.core.errors import ConfigError

ROOT = Path(__file__).resolve().parents[2]
IRIS = ["--set", f"data.path='{ROOT / 'resources' / 'datasets' / 'iris.csv'}'",
        "--set", "train.epochs=3", "--set", "train.log_interval=1", "--set", "train.num_threads=1",
        "--set", "train.device='cpu'", "--set", "train.baseline=false"]
GPT_SETTINGS = {"model.d_model": "16", "model.n_layers": "1", "model.n_heads": "2", "model.block_size": "16",
                "model.dropout": "0.0", "train.batch_size": "6", "train.eval_interval": "3",
                "train.eval_batches": "2", "train.log_interval": "1", "train.sample_length": "0",
                "train.num_threads": "1", "train.device": "'cpu'", "train.baseline": "false",
                "optim.warmup_steps": "2", "optim.schedule": "'constant'"}
GPT = [f"--set={k}={v}" for k, v in GPT_SETTINGS.items()]
ENV = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONWARNINGS": "ignore"}

pytestmark = pytest.mark.usefixtures("one_thread_each_test")


def torchrun(args: list[str], nproc: int = 2, **kw: Any) -> subprocess.Popen[str]:
    """``workbench <args>`` under torchrun with ``nproc`` ranks on this machine."""
    return subprocess.Popen(dist.launch_command(nproc, args), cwd=ROOT, env=ENV, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, **kw)


def finish(proc: subprocess.Popen[str], expect: int = 0) -> str:
    out, _ = proc.communicate(timeout=300)
    assert proc.returncode == expect, out[-3000:]
    return out


def only_run(out: Path) -> Path:
    runs = [p for p in out.iterdir() if p.is_dir()]
    assert len(runs) == 1, runs  # one folder, written by rank 0 alone
    return runs[0]


def losses(run: Path) -> dict[int, float]:
    points = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
    return {p["step"]: p["loss"] for p in points if p["kind"] == "train"}


def assert_same(a: dict[int, float], b: dict[int, float]) -> None:
    assert a.keys() == b.keys()
    for step in a:
        assert abs(a[step] - b[step]) < 1e-5 * max(1.0, abs(b[step])), (step, a[step], b[step])


# --- the choices, without processes ---------------------------------------------------------------
def test_shards_cover_the_batch_evenly() -> None:
    for rows in (1, 2, 5, 10, 16):
        parts = [dist.shard_bounds(rows, r, 3) for r in range(3)]
        assert parts[0][0] == 0 and parts[-1][1] == rows
        assert all(a[1] == b[0] for a, b in itertools.pairwise(parts))
        sizes = [hi - lo for lo, hi in parts]
        assert max(sizes) - min(sizes) <= 1


def test_torchrun_environment_and_backend() -> None:
    assert dist.world_from_env({}) is None
    assert dist.world_from_env({"RANK": "0", "WORLD_SIZE": "1", "LOCAL_RANK": "0"}) is None
    assert dist.world_from_env({"RANK": "3", "WORLD_SIZE": "4", "LOCAL_RANK": "1"}) == (3, 4, 1)
    assert dist.backend_for(cuda=False) == "gloo"
    assert "cuda:nccl" in dist.backend_for(cuda=True)


def test_a_batch_smaller_than_the_ranks_is_refused() -> None:
    cfg = C.RunConfig()
    cfg.train.batch_size = 2
    with pytest.raises(ConfigError, match="batch_size"):
        dist.check_config(cfg, 4)
    dist.check_config(cfg, 2)


def test_launch_commands() -> None:
    assert dist.without_nproc(["train", "x.toml", "--nproc", "4", "--quiet", "--nproc=2"]) == [
        "train", "x.toml", "--quiet"]
    one = dist.launch_command(4, ["train", "x.toml"])
    assert "--standalone" in one and "--nproc-per-node=4" in one
    assert one[-3:] == ["workbench", "train", "x.toml"]
    two = dist.launch_command(8, ["train", "x.toml"], nnodes=2, node_rank=1, endpoint="10.0.0.1:29500")
    assert {"--nnodes=2", "--node-rank=1", "--rdzv-endpoint=10.0.0.1:29500"} <= set(two)
    assert "--standalone" not in two


# --- real jobs --------------------------------------------------------------------------------
@pytest.mark.slow
def test_iris_on_two_ranks_matches_one_process(tmp_path: Path) -> None:
    config = str(ROOT / "resources" / "examples" / "iris.toml")
    assert cli.main(["train", config, "--out", str(tmp_path / "one"), "--quiet", *IRIS]) == 0
    # Through `workbench train --nproc 2`, which starts torchrun itself.
    proc = subprocess.run([sys.executable, "-m", "workbench", "train", config, "--nproc", "2", "--out",
                           str(tmp_path / "two"), "--quiet", *IRIS], cwd=ROOT, env=ENV, text=True,
                          capture_output=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    one, two = only_run(tmp_path / "one"), only_run(tmp_path / "two")
    assert_same(losses(two), losses(one))
    summary = json.loads((two / "summary.json").read_text())
    assert summary["status"] == "completed" and summary["world_size"] == 2 and len(summary["devices"]) == 2
    single = json.loads((one / "summary.json").read_text())
    assert summary["final"]["test"]["accuracy"] == single["final"]["test"]["accuracy"]


@pytest.mark.slow
def test_char_gpt_on_two_ranks_matches_and_resumes_with_one_or_two(tmp_path: Path) -> None:
    config = str(ROOT / "resources" / "examples" / "shakespeare.toml")
    assert cli.main(["train", config, "--out", str(tmp_path / "one"), "--quiet", "--no-attention", *GPT,
                     "--set=train.max_steps=8"]) == 0
    reference = losses(only_run(tmp_path / "one"))
    # Half the run on 2 ranks (a constant schedule: 4 steps planned or 8, the same rates)...
    finish(torchrun(["train", config, "--out", str(tmp_path / "two"), "--quiet", *GPT,
                     "--set=train.max_steps=4"]))
    half = only_run(tmp_path / "two")
    assert_same(losses(half), {s: v for s, v in reference.items() if s <= 4})
    copy = tmp_path / "copy"
    shutil.copytree(half, copy)
    # ...continued to the end by 1 rank, and (a copy) by 2: both are the one-process run.
    assert cli.main(["train", "--resume", str(half), "--quiet", "--no-attention",
                     "--set=train.max_steps=8"]) == 0
    finish(torchrun(["train", "--resume", str(copy), "--quiet", "--set=train.max_steps=8"]))
    assert_same(losses(half), reference)
    assert_same(losses(copy), reference)
    summary = json.loads((copy / "summary.json").read_text())
    assert summary["status"] == "completed" and summary["world_size"] == 2 and summary["steps"] == 8


@pytest.mark.slow
def test_sigint_on_one_rank_stops_both_with_a_checkpoint(tmp_path: Path) -> None:
    config = str(ROOT / "resources" / "examples" / "shakespeare.toml")
    proc = torchrun(["train", config, "--out", str(tmp_path), "--quiet", *GPT, "--set=train.max_steps=100000",
                     "--set=train.eval_interval=100000"], start_new_session=True)
    try:
        metrics = _wait_for_progress(tmp_path, proc)
        rank1 = _rank_pid(proc.pid, 1)
        os.kill(rank1, signal.SIGINT)
        out = finish(proc, expect=proc.wait(timeout=240))
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
    run = metrics.parent
    summary = json.loads((run / "summary.json").read_text())
    assert summary["status"] == "stopped", out[-2000:]
    assert 0 < summary["steps"] < 100000
    assert (run / "checkpoints" / "latest.safetensors").exists() or any((run / "checkpoints").iterdir())
    # The stop came from rank 1; rank 0 saved the last step: a resume continues from it.
    assert cli.main(["train", "--resume", str(run), "--quiet", "--no-attention",
                     f"--set=train.max_steps={summary['steps'] + 2}"]) == 0
    assert max(losses(run)) == summary["steps"] + 2


def _wait_for_progress(out: Path, proc: subprocess.Popen[str]) -> Path:
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stdout.read() if proc.stdout else ""
        found = list(out.glob("*/metrics.jsonl"))
        if found and len(found[0].read_text().splitlines()) >= 3:
            return found[0]
        time.sleep(0.2)
    raise AssertionError("the 2-rank run made no progress")


def _rank_pid(launcher: int, rank: int) -> int:
    """The pid of torchrun's worker with ``rank`` (a child of its agent, the launcher process)."""
    children = Path(f"/proc/{launcher}/task/{launcher}/children").read_text().split()
    for pid in children:
        env = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
        if f"RANK={rank}".encode() in env:
            return int(pid)
    raise AssertionError(f"no rank {rank} among {children}")
