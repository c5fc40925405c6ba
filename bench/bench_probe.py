"""What does watching attention cost? The probe's share of training time, and heatmap redraw times.

1. Probe cost: the bundled examples' models (movie reviews: text classifier; Shakespeare: GPT) are
   trained for ``--steps`` steps with and without ``AttentionProbe()`` at its default settings,
   runs interleaved, ``--repeats`` times. Reported: the median wall time of each, their ratio,
   and the probe's own measured time as a share of the probed run (less noisy than the ratio).
   Evaluation runs only at the end, so the share is of training steps, not diluted by evaluation.
2. Heatmap: for 128 and 512 tokens (2 layers x 4 heads), the time to show a new input or snapshot
   (colour images of every head, thumbnails, axes) and to switch the head shown large (a
   ``setImage`` of a ready image plus a repaint), offscreen.

Prints a table and writes bench/results/probe.json.
Run: ``python bench/bench_probe.py [--repeats 3] [--steps 300] [--threads 1] [--out F]``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
import torch

from workbench.core import config as C
from workbench.core.fileio import atomic_write_text
from workbench.core.pipeline import prepare, start_run
from workbench.core.probe import AttentionProbe

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results" / "probe.json"
CASES = {"movie-reviews (text classifier)": "movie-reviews", "shakespeare (GPT)": "shakespeare"}


def fit_time(cfg: C.RunConfig, data: object, out: Path, probe: AttentionProbe | None) -> float:
    """Wall seconds of one ``fit()`` (the trainer is built outside the clock)."""
    trainer = start_run(cfg, out, data=data, callbacks=[probe] if probe is not None else [])
    start = time.perf_counter()
    trainer.fit()
    return time.perf_counter() - start


def probe_cost(name: str, steps: int, repeats: int) -> dict:
    """Median fit times with and without the probe for one bundled example."""
    cfg = C.load(ROOT / "resources" / "examples" / f"{name}.toml")
    cfg.train = dataclasses.replace(cfg.train, max_steps=steps, eval_interval=steps, eval_batches=4,
                                    device="cpu", sample_length=0, log_interval=10)
    data = prepare(cfg)
    plain, probed, shares, snapshots, every = [], [], [], [], []
    with tempfile.TemporaryDirectory() as tmp:
        fit_time(cfg, data, Path(tmp), AttentionProbe())  # warm-up: allocator, first-call dispatch
        for _ in range(repeats):
            plain.append(fit_time(cfg, data, Path(tmp), None))
            probe = AttentionProbe()
            probed.append(fit_time(cfg, data, Path(tmp), probe))
            shares.append(probe.spent / probed[-1])
            snapshots.append(len(probe.store))
            every.append(probe.every)
    base, with_probe = statistics.median(plain), statistics.median(probed)
    return {"steps": steps, "plain_s": plain, "probed_s": probed, "median_plain_s": base,
            "median_probed_s": with_probe, "wall_overhead_pct": 100 * (with_probe / base - 1),
            "probe_share_pct": 100 * statistics.median(shares), "snapshots": snapshots,
            "final_every": every}


def heatmap_times(tokens: int, repeats: int) -> dict:
    """Median ms to show a new input and to switch heads, for ``tokens`` tokens."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from workbench.ui.widgets.attention_display import AttentionDisplay, Shown
    from workbench.ui.widgets.fonts import install_fonts

    app = QApplication.instance() or QApplication([])
    install_fonts(app)
    display = AttentionDisplay()
    display.right.resize(900, 640)
    display.left.resize(320, 400)
    display.right.show()
    display.left.show()
    rng = np.random.default_rng(0)
    inputs = [rng.dirichlet(np.full(tokens, 0.2), size=(2, 4, tokens)).astype(np.float32) for _ in range(3)]
    labels = [f"t{i}" for i in range(tokens)]
    new_input, switch = [], []
    for i in range(repeats):
        start = time.perf_counter()
        display.display(Shown(labels, inputs[i % 3], "mean"))
        display.heatmap.glw.viewport().repaint()
        display.grid.viewport().repaint()
        new_input.append(time.perf_counter() - start)
        for layer in range(2):
            for head in range(4):
                start = time.perf_counter()
                display.select_head(layer, head)
                display.heatmap.glw.viewport().repaint()
                switch.append(time.perf_counter() - start)
        app.processEvents()
    return {"tokens": tokens, "new_input_ms": 1e3 * statistics.median(new_input),
            "switch_head_ms": 1e3 * statistics.median(switch), "switch_head_max_ms": 1e3 * max(switch)}


def main() -> None:
    """Measure, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--threads", type=int, default=1,
                        help="torch CPU threads (default 1: shared machines)")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    costs = {label: probe_cost(name, args.steps, args.repeats) for label, name in CASES.items()}
    maps = [heatmap_times(n, max(args.repeats, 5)) for n in (128, 512)]

    print(f"CPU, torch {torch.__version__}, {torch.get_num_threads()} threads; {args.steps} steps, "
          f"median of {args.repeats} runs each")
    print(f"{'model':<34}{'plain s':>9}{'probed s':>10}{'wall +%':>9}{'probe %':>9}{'snapshots':>11}"
          f"{'every':>7}")
    for label, r in costs.items():
        print(f"{label:<34}{r['median_plain_s']:>9.2f}{r['median_probed_s']:>10.2f}"
              f"{r['wall_overhead_pct']:>9.2f}{r['probe_share_pct']:>9.2f}"
              f"{statistics.median(r['snapshots']):>11.0f}{r['final_every'][-1]:>7}")
    print(f"\n{'heatmap (2 layers x 4 heads)':<34}{'new input ms':>14}{'switch head ms':>16}{'max ms':>8}")
    for m in maps:
        print(f"{str(m['tokens']) + ' tokens':<34}{m['new_input_ms']:>14.1f}{m['switch_head_ms']:>16.2f}"
              f"{m['switch_head_max_ms']:>8.2f}")
    result = {"device": "cpu", "torch": torch.__version__, "threads": torch.get_num_threads(),
              "python": platform.python_version(), "repeats": args.repeats, "probe": costs, "heatmap": maps}
    atomic_write_text(args.out, json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
