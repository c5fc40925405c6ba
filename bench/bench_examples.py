"""Train every shipped example config and record what it reaches and how fast.

For each resources/examples/*.toml: test (or validation) metrics of the best checkpoint, steps,
wall time of the training loop and of the whole run (data preparation and final evaluation
included), and quality per minute. Prints a table and writes bench/results/examples.json.

    python -m bench.bench_examples [--only iris,shakespeare] [--out FILE]

Run it on an otherwise idle machine: it is the measurement behind the README's results table.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file, too

from workbench.core import config as C
from workbench.core.device import configure_threads
from workbench.core.fileio import atomic_write_text
from workbench.core.pipeline import start_run

ROOT = Path(__file__).resolve().parents[1]

# The figure each example is judged by, and the target the project set for it.
TARGETS = {
    "movie-reviews": ("test", "accuracy", ">=", 0.74),
    "chinese-reviews": ("test", "accuracy", ">=", 0.85),
    "iris": ("test", "accuracy", ">=", 0.93),
    "shakespeare": ("val", "loss", "<=", 1.70),
    "wine": ("test", "accuracy", ">=", None),
    "penguins": ("test", "accuracy", ">=", None),
}


def run_example(path: Path, out_root: str) -> dict:
    cfg = C.load(path)
    threads = configure_threads(cfg.train.num_threads, leave_one_free=False)
    start = time.perf_counter()
    trainer = start_run(cfg, out_root)
    summary = trainer.fit()
    total = time.perf_counter() - start
    split, metric, op, target = TARGETS.get(path.stem, ("test", "accuracy", ">=", None))
    best = summary.get("best") or summary.get("final") or {}
    value = (best.get(split) or {}).get(metric)
    ok = None if target is None or value is None else (value >= target if op == ">=" else value <= target)
    row = {"example": path.stem, "split": split, "metric": metric, "value": value, "target": target,
           "op": op, "met": ok, "steps": summary["steps"], "train_s": summary["wall_time_s"],
           "total_s": round(total, 2), "threads": threads, "params": summary["params"],
           "per_minute": None, "sample": None}
    if value is not None and summary["wall_time_s"]:
        row["per_minute"] = value / (summary["wall_time_s"] / 60) if metric != "loss" else None
    samples = trainer.run_dir.path / "samples.jsonl"
    if samples.exists():
        lines = samples.read_text(encoding="utf-8").strip().splitlines()
        row["sample"] = json.loads(lines[-1])["text"] if lines else None
    return row


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--only", default="", help="comma-separated example names")
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "examples.json"))
    args = ap.parse_args()
    names = [n for n in args.only.split(",") if n]
    files = sorted((ROOT / "resources" / "examples").glob("*.toml"))
    files = [f for f in files if not names or f.stem in names]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            print(f"training {f.stem} ...", file=sys.stderr, flush=True)
            rows.append(run_example(f, tmp))
    result = {"machine": {"cpu_count": os.cpu_count(), "processor": platform.processor(),
                          "python": platform.python_version(), "torch": torch.__version__},
              "time": time.strftime("%Y-%m-%dT%H:%M:%S"), "rows": rows}
    atomic_write_text(Path(args.out), json.dumps(result, indent=2, ensure_ascii=False))
    print(f"{'example':<16} {'figure':<14} {'value':>7} {'target':>8} {'met':>4} {'steps':>6} "
          f"{'train s':>8} {'total s':>8}")
    for r in rows:
        value = "n/a" if r["value"] is None else f"{r['value']:.4f}"
        target = "" if r["target"] is None else f"{r['op']}{r['target']}"
        met = "" if r["met"] is None else ("yes" if r["met"] else "NO")
        print(f"{r['example']:<16} {r['split'] + ' ' + r['metric']:<14} {value:>7} {target:>8} {met:>4} "
              f"{r['steps']:>6} {r['train_s']:>8.1f} {r['total_s']:>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
