"""``workbench predict --csv`` on a large file: peak memory and rows per second.

Builds a CSV of ``--rows`` rows (the bundled Chinese reviews repeated, with a ``review_id``
column), then runs, each in a fresh process: the run's model loaded alone (the model's own peak
memory), and ``workbench predict RUN --csv FILE --out OUT`` (peak memory, wall time). Without
``--run`` it first trains the Chinese example for a few steps (its speed, not its accuracy, is
measured). Prints a table and writes bench/results/predict.json. Targets (issue 13): under 1 GB
above the model's own memory, at least 2,000 rows/s.

    python -m bench.bench_predict [--rows 100000] [--run RUN] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file, too

from bench.common import ROOT, write

# Runs in the child: the command (or just the model's loading), then the peak resident memory.
CHILD = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
if sys.argv[1] == "load":
    from workbench.core.pipeline import load_run
    load_run(sys.argv[2])
    code = 0
else:
    from workbench.cli import main
    code = main(sys.argv[2:])
wall, cpu = time.perf_counter() - start, time.process_time()
lines = Path("/proc/self/status").read_text().splitlines()
peak = next(int(line.split()[1]) for line in lines if line.startswith("VmHWM"))
print(json.dumps({"code": code, "wall_s": wall, "cpu_s": cpu, "peak_mb": peak / 1024}), file=sys.stderr)
"""


def child(*args: str) -> dict[str, Any]:
    """Run CHILD with ``args``; its last stderr line (the measurement)."""
    proc = subprocess.run([sys.executable, "-c", CHILD, *args], cwd=ROOT, capture_output=True, text=True,
                          check=False)
    last = proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else ""
    if proc.returncode or not last.startswith("{"):
        raise SystemExit(f"child {args[:3]} failed:\n{proc.stderr[-2000:]}")
    result: dict[str, Any] = json.loads(last)
    return result


def make_file(path: Path, rows: int) -> None:
    """``rows`` rows of the Chinese reviews, repeated, with an id column first."""
    import pandas as pd

    source = pd.read_csv(ROOT / "resources" / "datasets" / "zh_reviews.csv")
    big = pd.concat([source] * (rows // len(source) + 1), ignore_index=True).iloc[:rows]
    big.insert(0, "review_id", [f"r{i:07d}" for i in range(rows)])
    big.to_csv(path, index=False)


def train_briefly(out: Path) -> Path:
    """The Chinese example, a few steps: a run folder to predict with."""
    subprocess.run([sys.executable, "-m", "workbench", "train", "resources/examples/chinese-reviews.toml",
                    "--out", str(out), "--set", "train.max_steps=20", "--quiet", "--no-attention"],
                   cwd=ROOT, check=True, capture_output=True)
    (run,) = out.iterdir()
    return run


def main() -> int:
    """Build the file, measure, print, write."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--run", help="a text classification run folder (default: train the Chinese example)")
    parser.add_argument("--out", help="JSON file (default bench/results/predict.json)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        run = Path(args.run) if args.run else train_briefly(root / "runs")
        data, scored = root / "rows.csv", root / "scored.csv"
        make_file(data, args.rows)
        model = child("load", str(run))
        start = time.perf_counter()
        predict = child("cli", "predict", str(run), "--csv", str(data), "--out", str(scored), "--quiet")
        wall = time.perf_counter() - start
        written = sum(1 for _ in scored.open(encoding="utf-8")) - 1
        file_mb = round(data.stat().st_size / 1e6, 1)
    scoring_s = max(predict["wall_s"] - model["wall_s"], 1e-9)  # the command less loading the run
    result = {
        "rows": args.rows, "rows_written": written, "file_mb": file_mb,
        "model_peak_mb": round(model["peak_mb"], 1), "predict_peak_mb": round(predict["peak_mb"], 1),
        "above_model_mb": round(predict["peak_mb"] - model["peak_mb"], 1),
        "command_s": round(wall, 2), "rows_per_s_command": round(args.rows / wall),
        "rows_per_s_scoring": round(args.rows / scoring_s),
        # CPU seconds of the command less those of loading the run: a figure a busy machine moves less.
        "rows_per_cpu_s_scoring": round(args.rows / max(predict["cpu_s"] - model["cpu_s"], 1e-9)),
    }
    print(f"{args.rows:,} rows: peak {result['predict_peak_mb']:.0f} MB ({result['above_model_mb']:.0f} MB "
          f"above the model's own {result['model_peak_mb']:.0f} MB; target < 1024); "
          f"{result['rows_per_s_command']:,} rows/s for the whole command, "
          f"{result['rows_per_s_scoring']:,} rows/s scoring (target >= 2,000); "
          f"{result['rows_per_cpu_s_scoring']:,} rows per CPU-second")
    write("predict", result, args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
