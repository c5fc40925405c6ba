"""Runs: listing a folder of 500 runs, and overlaying 10 runs of 100,000 points each.

Listing: 500 synthetic run folders (config.toml, data_spec.json, summary.json and a short
metrics.jsonl each, as a finished run leaves them) are scanned by ``core.runs_index.RunsIndex``:
the first scan (every run read), a rescan with nothing changed, and a rescan after one run
changed; then the Runs page's table is filled with the 500 rows. Target: the first listing under
1 s. Overlay: the Runs page's overlay (``widgets.runs_overlay``) is given 10 runs of 100,000
training points and 1,000 evaluations each; the redraw (every curve reduced to the chart's pixel
columns and handed to pyqtgraph), a paint of the charts, and the two together after a change of
x axis are timed. Target: redraw under 30 ms (median).

    python -m bench.bench_runs [--runs 500] [--points 100000]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the repository's packages
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.common import summary, times_ms, verdict, write

TARGET_LIST_S, TARGET_REDRAW_MS = 1.0, 30.0


def make_runs(root: Path, n: int) -> None:
    """``n`` finished run folders, as small as real ones."""
    from workbench.core import config as C

    text = C.dumps(C.RunConfig())
    for i in range(n):
        run = root / f"run-{i:04d}"
        run.mkdir()
        (run / "config.toml").write_text(text, encoding="utf-8")
        (run / "data_spec.json").write_text(json.dumps({"task": "tabular_classification"}), encoding="utf-8")
        summary_ = {"status": "completed", "steps": 900, "total_steps": 900, "wall_time_s": 12.5,
                    "device": "cpu", "model_kind": "mlp", "task": "tabular_classification", "params": 13_000,
                    "watch": "accuracy", "best_value": 0.9, "reported": "best",
                    "best": {"test": {"accuracy": 0.88}}, "final": {"val": {"accuracy": 0.87}}}
        (run / "summary.json").write_text(json.dumps(summary_), encoding="utf-8")
        (run / "metrics.jsonl").write_text("".join(
            json.dumps({"kind": "train", "step": s, "epoch": s / 90, "loss": 1 / (s + 1), "lr": 1e-3,
                        "time": s / 70}) + "\n" for s in range(0, 900, 10)), encoding="utf-8")


def bench_listing(n: int) -> dict[str, float]:
    from PySide6.QtWidgets import QApplication

    from workbench.core.runs_index import RunsIndex
    from workbench.ui.widgets.runs_table import RunsTable

    _app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        make_runs(root, n)
        index = RunsIndex()
        start = time.perf_counter()
        rows = index.scan([root])
        first = time.perf_counter() - start
        start = time.perf_counter()
        index.scan([root])
        again = time.perf_counter() - start
        changed = root / "run-0007" / "summary.json"
        changed.write_text(changed.read_text().replace("completed", "stopped"))
        os.utime(changed, (time.time() + 5, time.time() + 5))
        start = time.perf_counter()
        index.scan([root])
        one_changed = time.perf_counter() - start
        table = RunsTable()
        table.resize(1200, 600)
        table.show()
        start = time.perf_counter()
        table.set_rows(rows)
        table.repaint()
        fill = time.perf_counter() - start
    return {"runs": n, "first_scan_s": first, "rescan_s": again, "rescan_one_changed_s": one_changed,
            "table_fill_s": fill}


def bench_overlay(points: int, runs: int = 10) -> dict[str, float]:
    import numpy as np
    from PySide6.QtWidgets import QApplication

    from workbench.core.runs_index import RunCurves
    from workbench.ui.widgets.charts import configure_charts
    from workbench.ui.widgets.runs_overlay import RunsOverlay

    app = QApplication.instance() or QApplication([])
    configure_charts()
    rng = np.random.default_rng(0)
    curves = []
    for r in range(runs):
        steps = np.arange(points, dtype=float)
        loss = 2.0 * np.exp(-steps / (points / (3 + r))) + 0.05 * rng.random(points)
        evals = steps[:: max(1, points // 1000)]
        train = {"step": steps, "epoch": steps / 1000, "time": steps / 50, "loss": loss}
        val = {"step": evals, "epoch": evals / 1000, "time": evals / 50,
               "accuracy": 1 - loss[evals.astype(int)] / 3}
        marks = [(points // 2, "overfitting")]
        curves.append(RunCurves(f"run {r}", train, val, "accuracy", {"accuracy": 0.8}, marks))
    overlay = RunsOverlay()
    overlay.resize(1200, 700)
    overlay.show()
    overlay.set_runs(curves)
    app.processEvents()
    axes = ["epoch", "step"]

    def switch_axis() -> None:
        overlay.x_combo.setCurrentText(axes[0])
        axes.reverse()
        overlay.view.grab()  # paints the charts now (offscreen, repaint() is deferred)

    switch = times_ms(switch_axis, 11)
    redraw = times_ms(overlay.redraw, 11)
    repaint = times_ms(overlay.view.grab, 11)
    return {"runs": runs, "points_per_run": points, "redraw_ms": summary(redraw),
            "paint_ms": summary(repaint), "switch_axis_ms": summary(switch)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=500)
    parser.add_argument("--points", type=int, default=100_000)
    args = parser.parse_args(argv)
    listing = bench_listing(args.runs)
    overlay = bench_overlay(args.points)
    list_ok = listing["first_scan_s"] + listing["table_fill_s"] < TARGET_LIST_S
    redraw_ok = overlay["redraw_ms"]["median"] < TARGET_REDRAW_MS
    print(f"| measure | value | target | verdict |\n|---|---|---|---|\n"
          f"| list {args.runs} runs (first scan + table) | "
          f"{listing['first_scan_s'] + listing['table_fill_s']:.3f} s | < {TARGET_LIST_S} s | "
          f"{verdict(list_ok)} |\n"
          f"| rescan, nothing changed | {listing['rescan_s']:.3f} s | | |\n"
          f"| rescan, one run changed | {listing['rescan_one_changed_s']:.3f} s | | |\n"
          f"| overlay redraw, 10 × {args.points:,} points (median) | "
          f"{overlay['redraw_ms']['median']:.1f} ms | "
          f"< {TARGET_REDRAW_MS:.0f} ms | {verdict(redraw_ok)} |\n"
          f"| overlay paint (median) | {overlay['paint_ms']['median']:.1f} ms | | |\n"
          f"| switch the x axis: redraw + paint (median) | "
          f"{overlay['switch_axis_ms']['median']:.1f} ms | | |")
    write("runs", {"listing": listing, "overlay": overlay,
                   "targets": {"list_s": TARGET_LIST_S, "redraw_ms": TARGET_REDRAW_MS},
                   "met": {"list": list_ok, "redraw": redraw_ok}})
    return 0


if __name__ == "__main__":
    sys.exit(main())
