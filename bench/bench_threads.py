"""The thread policy against fixed thread counts, on an idle machine and with one core kept busy.

For each resources/examples/*.toml: a fixed number of training steps (no evaluation, no run
folder) with the default policy (``[train] num_threads = 0``, ``core.threads``), with 1 thread
and with every core; first idle, then while a child process spins on one core. Steps/s are
counted from the end of the first step to the end of the last, so the default's short trial of
thread counts is inside its figure; the settings take turns ``--repeats`` times and the median
counts. Prints a table and writes bench/results/threads.json; the
"default vs best" columns are the policy's targets: at most 1.1x slower than the best fixed count
idle, 1.2x with a busy core.

    python -m bench.bench_threads [--steps 40] [--repeats 3] [--only iris,wine] [--out FILE]

Run it on an otherwise idle machine: other processes are exactly what it measures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file, too

from bench.common import write
from workbench.core import config as C
from workbench.core.callbacks import Callback
from workbench.core.device import configure_threads
from workbench.core.pipeline import prepare
from workbench.core.trainer import Trainer

ROOT = Path(__file__).resolve().parents[1]
# Spins on one core until its parent is gone (a bench killed half-way leaves no spinner behind).
SPIN = "import os, sys\nparent = int(sys.argv[1])\nwhile os.getppid() == parent: pass"


class _StepClock(Callback):
    """The time of each step's end."""

    def __init__(self) -> None:
        self.ends: list[float] = []

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        """Note the time."""
        self.ends.append(time.perf_counter())


def steps_per_s(cfg: C.RunConfig, data: Any, threads: int, steps: int) -> tuple[float, int]:
    """Steps/s over ``steps`` steps with ``threads`` (0 = the policy), and the count used at the end."""
    cfg = C.from_dict(C.to_dict(cfg))
    cfg.train.num_threads, cfg.train.max_steps, cfg.train.device = threads, steps + 1, "cpu"
    cfg.train.eval_interval, cfg.train.sample_length = 10**9, 0
    configure_threads(threads, leave_one_free=False)
    clock = _StepClock()
    Trainer(cfg, data, callbacks=[clock]).fit()  # fit() as in any run: the policy's governor included
    ends = clock.ends
    return (len(ends) - 1) / max(ends[-1] - ends[0], 1e-9), torch.get_num_threads()


def main() -> int:
    """Run the grid; print the table; write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--steps", type=int, default=40, help="timed steps per setting (default 40)")
    parser.add_argument("--repeats", type=int, default=3, help="runs of each setting; the median counts")
    parser.add_argument("--only", help="comma-separated example names")
    parser.add_argument("--out", help="JSON file (default bench/results/threads.json)")
    args = parser.parse_args()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    paths = sorted((ROOT / "resources" / "examples").glob("*.toml"))
    if args.only:
        paths = [p for p in paths if p.stem in args.only.split(",")]
    settings = {"default": 0, "1": 1, "all": cores}
    rows = []
    for path in paths:
        cfg = C.load(path)
        configure_threads(1, leave_one_free=False)
        data = prepare(cfg)
        row: dict[str, Any] = {"example": path.stem}
        for load in ("idle", "busy"):
            spinner = None
            if load == "busy":
                spinner = subprocess.Popen([sys.executable, "-c", SPIN, str(os.getpid())])
            try:
                if spinner is not None:
                    time.sleep(1.0)  # let it take its core
                rates: dict[str, list[float]] = {name: [] for name in settings}
                for _ in range(args.repeats):  # interleaved, so a change in the load hits all alike
                    for name, threads in settings.items():
                        rate, used = steps_per_s(cfg, data, threads, args.steps)
                        rates[name].append(rate)
                        if name == "default":
                            row[f"{load}_default_threads"] = used
                for name, values in rates.items():
                    row[f"{load}_{name}"] = round(statistics.median(values), 2)
            finally:
                if spinner is not None:
                    spinner.kill()
                    spinner.wait()
            best = max(row[f"{load}_1"], row[f"{load}_all"])
            row[f"{load}_slowdown"] = round(best / max(row[f"{load}_default"], 1e-9), 3)
        rows.append(row)
        print(_line(row), flush=True)
    worst = {load: max((r[f"{load}_slowdown"] for r in rows), default=None) for load in ("idle", "busy")}
    print(f"worst default vs best fixed: idle {worst['idle']}x (target 1.1), "
          f"busy {worst['busy']}x (target 1.2)")
    result = {"steps": args.steps, "repeats": args.repeats, "cores": cores, "rows": rows,
              "worst_slowdown": worst}
    write("threads", result, args.out)
    return 0


def _line(r: dict[str, Any]) -> str:
    cells = [f"{r['example']:16s}"]
    for load in ("idle", "busy"):
        cells.append(f"{load}: default {r[f'{load}_default']:8.2f} ({r[f'{load}_default_threads']} thr)  "
                     f"1 {r[f'{load}_1']:8.2f}  all {r[f'{load}_all']:8.2f}  "
                     f"best/default {r[f'{load}_slowdown']:.2f}x")
    return "  |  ".join(cells)


if __name__ == "__main__":
    sys.exit(main())
