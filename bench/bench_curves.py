"""Live curves at scale: redrawing a 1,000,000-point loss curve, and the memory its history takes.

The Train page's ``LivePlots`` (three charts, 900 x 700, offscreen) holds 1,000,000 training
points. Timed, median of ``--repeats``:

- *new data*: 100 more points arrive and the charts redraw (what happens 10 times a second
  while training, the step axis spanning the run's steps as in the window):
  ``append_train`` + ``redraw_now`` + a synchronous repaint;
- *repaint*: a repaint with nothing new (a hover moving the crosshair);

both in the full view and zoomed to the last 1% of steps. The reference, timed in the same run,
is the usual pyqtgraph recipe the charts used before: the same three curves handed over whole,
with pyqtgraph's peak downsampling and clip-to-view. Memory: the bytes the plotted history
holds at 1 M points and after 5 M (it is capped at 2 M rows, then thinned).

    python -m bench.bench_curves [--repeats 15] [--points 1000000]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import summary, times_ms, verdict, write

TARGET_MS = 15.0


def _data(n: int, offset: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    steps = np.arange(offset + 1, offset + n + 1, dtype=np.float64)
    rng = np.random.default_rng(offset)
    loss = 0.3 + 2.5 * np.exp(-steps / 200_000) + 0.1 * rng.standard_normal(n) ** 2
    return steps, loss, np.full(n, 1e-3)


def measure_workbench(app, n: int, repeats: int) -> dict:
    from workbench.ui.widgets.plots import LivePlots

    plots = LivePlots()
    plots.resize(900, 700)
    plots.show()
    app.processEvents()
    plots.set_step_range(n + 100 * (2 * repeats + 4))  # as in a live run: its last step is known
    plots.append_train(*_data(n))
    plots.redraw_now()
    viewport = plots._glw.viewport()
    viewport.repaint()
    state = {"n": n}

    def new_data() -> None:
        plots.append_train(*_data(100, state["n"]))
        state["n"] += 100
        plots.redraw_now()
        viewport.repaint()

    result = {}
    for view in ("full", "last 1%"):
        if view == "last 1%":
            end = state["n"] + 100 * (repeats + 2)  # the view a user zoomed to stays put
            plots.plots["loss"].setXRange(end - n / 100, end, padding=0)
            app.processEvents()
            plots.redraw_now()
        new_data()  # first after a view change: fills the detail
        result[view] = {"new_data_ms": summary(times_ms(new_data, repeats)),
                        "repaint_ms": summary(times_ms(viewport.repaint, repeats)),
                        "points_drawn": len(plots.curves["train"].getOriginalDataset()[0])}
    history_1m = plots.history.train._data.nbytes
    for _ in range(4):  # 4 M more points: the buffer is capped and thinned, not grown
        plots.append_train(*_data(n, state["n"]))
        state["n"] += n
    result["history_bytes_at_1M"] = history_1m
    result["history_bytes_at_5M"] = plots.history.train._data.nbytes
    result["history_rows_at_5M"] = len(plots.history)
    plots.close()
    return result


def measure_reference(app, n: int, repeats: int) -> dict:
    """pyqtgraph's own peak downsampling + clip-to-view, three 1 M-point curves in three plots."""
    import pyqtgraph as pg

    glw = pg.GraphicsLayoutWidget()
    glw.resize(900, 640)
    curves = []
    for row in range(3):
        plot = glw.addPlot(row=row, col=0)
        plot.showGrid(x=True, y=True, alpha=0.15)
        plot.setDownsampling(auto=True, mode="peak")
        plot.setClipToView(True)
        if row:
            plot.setXLink(glw.getItem(0, 0))
        curves.append(plot.plot())
    glw.show()
    app.processEvents()
    steps, loss, lr = _data(n)
    cols = [loss, loss, lr]

    def set_all() -> None:
        for curve, y in zip(curves, cols):
            curve.setData(steps, y)

    set_all()
    glw.viewport().repaint()
    state = {"n": n}

    def new_data() -> None:
        nonlocal steps, cols
        more_steps, more_loss, more_lr = _data(100, state["n"])
        state["n"] += 100
        steps = np.concatenate([steps, more_steps])
        cols = [np.concatenate([c, v]) for c, v in zip(cols, (more_loss, more_loss, more_lr))]
        set_all()
        glw.viewport().repaint()

    result = {}
    for view in ("full", "last 1%"):
        if view == "last 1%":
            end = state["n"] + 100 * (repeats + 2)
            glw.getItem(0, 0).setXRange(end - n / 100, end, padding=0)
            app.processEvents()
        new_data()
        result[view] = {"new_data_ms": summary(times_ms(new_data, repeats)),
                        "repaint_ms": summary(times_ms(glw.viewport().repaint, repeats))}
    glw.close()
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--points", type=int, default=1_000_000)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    from PySide6.QtWidgets import QApplication

    from workbench.ui.widgets.fonts import install_fonts

    app = QApplication.instance() or QApplication([])
    install_fonts(app)
    ours = measure_workbench(app, args.points, args.repeats)
    ref = measure_reference(app, args.points, args.repeats)
    rows = []
    print(f"{args.points:,}-point loss curve (+ smoothed + learning rate), 900 x 700 offscreen, "
          f"median of {args.repeats}")
    print(f"{'view':<10}{'case':<12}{'Workbench ms':>14}{'max ms':>8}{'reference ms':>14}{'ratio':>7}"
          f"{'target':>9}{'':>8}")
    for view in ("full", "last 1%"):
        for case in ("new_data_ms", "repaint_ms"):
            mine, theirs = ours[view][case]["median"], ref[view][case]["median"]
            ok = mine <= TARGET_MS if case == "new_data_ms" else None
            rows.append({"view": view, "case": case, "workbench_ms": mine, "reference_ms": theirs,
                         "ratio": mine / theirs, "target_ms": TARGET_MS if ok is not None else None,
                         "met": ok})
            label = "new data" if case == "new_data_ms" else "repaint"
            print(f"{view:<10}{label:<12}{mine:>14.1f}{ours[view][case]['max']:>8.1f}{theirs:>14.1f}"
                  f"{mine / theirs:>7.2f}{('<= 15' if ok is not None else ''):>9}{verdict(ok):>8}")
    mb = 2**20
    print(f"plotted history: {ours['history_bytes_at_1M'] / mb:.0f} MB at 1 M points, "
          f"{ours['history_bytes_at_5M'] / mb:.0f} MB after 5 M (holds {ours['history_rows_at_5M']:,} rows: "
          f"capped, older points thinned)")
    write("curves", {"points": args.points, "repeats": args.repeats, "rows": rows, "workbench": ours,
                     "reference": ref}, args.out)
    return 0 if all(r["met"] is not False for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
