"""A long run with the window open: does the GUI stay as responsive at the end as at the start?

The timed half of ``tests/ui/test_soak.py`` (which keeps the endurance checks: the run completes,
memory stays bounded, thousands of signals arrive). The same run: a tiny FT-Transformer on iris
for ``--steps`` (20,000) real trainer steps, live curves and the attention probe on, while the
window switches between the Train page and the attention tab every 2 s as a user watching both
would. A 5 ms precise timer in the GUI thread records its gaps. Reported, with targets:

1. **Stalls over time.** The 99th percentile timer gap in the last quarter of the run against
   the first quarter. Target: last <= 2 x first + 20 ms (no worse, beyond noise).
2. **Progress traffic.** Progress signals the GUI received per second of the run. Target: at
   least half the throttle's ``EMIT_HZ`` (the GUI took the stream all along).
3. For information: training steps/s in the first and last quarters, resident memory at 10 %
   of the run and at the end.

    python -m bench.bench_soak [--steps 20000] [--threads 1]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_gui import Ticks, load_example, make_window, wait_until
from bench.common import rss_mb, summary, verdict, write


def soak(app, window, steps: int) -> dict:
    """Train ``steps`` steps in ``window`` while flipping pages; the timings and memory."""
    import dataclasses

    from PySide6.QtCore import QTimer

    from workbench.ui.shell.controller import EMIT_HZ

    load_example(app, window, "iris")
    cfg = window.session.config()
    cfg.model = dataclasses.replace(cfg.model, kind="ft_transformer", d_model=8, n_layers=1, n_heads=2)
    cfg.train = dataclasses.replace(cfg.train, batch_size=8, max_steps=steps, log_interval=10,
                                    eval_interval=1000, early_stopping_patience=0)
    window.session.set_config(cfg)
    if not wait_until(app, lambda: window.action_map["train"].isEnabled(), 30):
        raise RuntimeError(f"Train stays disabled: {window.train_blocker()}")
    flip = QTimer()
    flip.setInterval(2000)
    flip.timeout.connect(lambda: window.go_to("train") if window.current_page() == "results"
                         else window.show_attention())
    progress_at: list[tuple[float, int]] = []
    memory: dict[str, float] = {}

    def on_progress(progress) -> None:
        progress_at.append((time.perf_counter(), progress.step))
        if "early" not in memory and progress.step >= steps // 10:
            memory["early"] = rss_mb()

    window.controller.sig_progress.connect(on_progress)
    ticks = Ticks()
    window.action_map["train"].trigger()
    if not wait_until(app, lambda: window.controller.state == "running", 60):
        raise RuntimeError("the run did not start")
    began = time.perf_counter()
    ticks.start()
    flip.start()
    wait_until(app, lambda: window.controller.state == "idle", 3600)
    ended = time.perf_counter()
    ticks.stop()
    flip.stop()
    window.controller.sig_progress.disconnect(on_progress)
    memory["end"] = rss_mb()
    gaps = [1e3 * (b - a) for a, b in itertools.pairwise(t for t in ticks.times if began <= t <= ended)]
    quarter = len(gaps) // 4
    rates = [(b[1] - a[1]) / (b[0] - a[0]) for a, b in itertools.pairwise(progress_at) if b[0] > a[0]]
    n = max(1, len(rates) // 4)
    status = window.results_page.summary.get("status")
    return {"steps": steps, "status": status, "seconds": ended - began,
            "gap_ms_first_quarter": summary(gaps[:quarter]), "gap_ms_last_quarter": summary(gaps[-quarter:]),
            "progress_per_s": len(progress_at) / (ended - began), "emit_hz": EMIT_HZ,
            "steps_per_s_first_quarter": statistics.median(rates[:n]) if rates else float("nan"),
            "steps_per_s_last_quarter": statistics.median(rates[-n:]) if rates else float("nan"),
            "rss_mb": memory}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=20_000)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    from workbench.app import make_app

    app = make_app([])  # fonts and the scheduling policy, as the app has them
    import torch

    torch.set_num_threads(args.threads)
    with tempfile.TemporaryDirectory() as tmp:
        window = make_window(tmp)
        result = soak(app, window, args.steps)
        window.close()
    first, last = result["gap_ms_first_quarter"]["p99"], result["gap_ms_last_quarter"]["p99"]
    checks = {"completed": result["status"] == "completed", "stalls": last <= 2 * first + 20,
              "progress": result["progress_per_s"] >= 0.5 * result["emit_hz"]}
    memory = result["rss_mb"]
    print(f"{args.steps:,} steps in {result['seconds']:.1f} s, {args.threads} torch thread(s); "
          f"run {result['status']} ({verdict(checks['completed'])})")
    print(f"{'figure':<48}{'first':>9}{'last':>9}{'target':>26}{'':>8}")
    print(f"{'GUI timer gap p99 (ms), first / last quarter':<48}{first:>9.1f}{last:>9.1f}"
          f"{'last <= 2 x first + 20':>26}{verdict(checks['stalls']):>8}")
    print(f"{'progress signals received per second':<48}{result['progress_per_s']:>18.1f}"
          f"{'>= ' + format(0.5 * result['emit_hz'], '.0f'):>26}{verdict(checks['progress']):>8}")
    print(f"{'training steps/s, first / last quarter':<48}{result['steps_per_s_first_quarter']:>9.0f}"
          f"{result['steps_per_s_last_quarter']:>9.0f}")
    print(f"{'resident memory (MB), at 10 % / at the end':<48}{memory.get('early', float('nan')):>9.0f}"
          f"{memory['end']:>9.0f}")
    write("soak", {"threads": args.threads, **result, "met": checks}, args.out)
    return 0 if all(checks.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
