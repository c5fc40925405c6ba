"""Data-parallel training on this machine: steps/s with 1 and 2 torchrun ranks (issue 17).

Trains the character GPT of resources/examples/shakespeare.toml, shrunk (width 64, 2 layers, context
64, global batch 32, one thread per rank, no evaluation until the end), under
``python -m torch.distributed.run --standalone --nproc-per-node N -m workbench train`` for N = 1
and 2, and reads the training time from the run's metrics (start-up and the final scoring left
out). On a 2-core machine shared with other work, expect little or no gain: each rank computes
half the batch but the ranks exchange the gradients every step; it is the correctness (the same
losses: tests/core/test_distributed.py) that counts here. Writes bench/results/distributed.json.
Run: ``python bench/bench_distributed.py [--steps 60] [--out F]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from workbench.core.distributed import launch_command
from workbench.core.fileio import atomic_write_text

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results" / "distributed.json"
SETTINGS = {"model.d_model": "64", "model.n_layers": "2", "model.n_heads": "4", "model.block_size": "64",
            "model.dropout": "0.0", "train.batch_size": "32", "train.log_interval": "10",
            "train.sample_length": "0", "train.num_threads": "1", "train.device": "'cpu'",
            "train.baseline": "false", "train.eval_batches": "2"}


def one(nproc: int, steps: int) -> dict[str, Any]:
    """Steps/s of one run on ``nproc`` ranks (training time: from the first logged point to the last)."""
    with tempfile.TemporaryDirectory() as out:
        args = ["train", str(ROOT / "resources" / "examples" / "shakespeare.toml"), "--out", out, "--quiet",
                "--no-attention", f"--set=train.max_steps={steps}", f"--set=train.eval_interval={steps}",
                *[f"--set={k}={v}" for k, v in SETTINGS.items()]]
        env = {**os.environ, "OMP_NUM_THREADS": "1", "PYTHONWARNINGS": "ignore"}
        subprocess.run(launch_command(nproc, args), cwd=ROOT, env=env, check=True, capture_output=True)
        run = next(p for p in Path(out).iterdir() if p.is_dir())
        points = [json.loads(line) for line in (run / "metrics.jsonl").read_text().splitlines()]
        train = [p for p in points if p["kind"] == "train"]
        first, last = train[0], train[-1]
        rate = (last["step"] - first["step"]) / max(last["time"] - first["time"], 1e-9)
        return {"ranks": nproc, "steps": steps, "steps_per_s": round(rate, 2),
                "tokens_per_s": round(rate * 32 * 64), "final_loss": round(last["loss"], 4)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--steps", type=int, default=60)
    p.add_argument("--out", default=str(RESULTS))
    args = p.parse_args()
    rows = [one(n, args.steps) for n in (1, 2)]
    for row in rows:
        print(f"{row['ranks']} rank(s): {row['steps_per_s']:.2f} steps/s, {row['tokens_per_s']:,} tokens/s, "
              f"final loss {row['final_loss']}")
    result = {"bench": "distributed", "machine": platform.node(), "cpus": os.cpu_count(),
              "load_avg": os.getloadavg(), "model": SETTINGS, "rows": rows,
              "note": "CPU, gloo, 1 thread per rank; the machine is shared with other jobs (see load_avg)"}
    atomic_write_text(Path(args.out), json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
