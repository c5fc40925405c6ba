"""Startup: process start to the first painted window, and to ready-to-train (engine imported).

Each sample is a fresh ``python`` process started by this script (``--runs`` of them, 5 by
default): the clock starts just before the process is spawned, so interpreter start-up and every
import count. The child builds the app exactly as ``workbench app`` does (``app.create_window``)
and reports when the main window's first paint has finished, and when the background warm-up
(torch, pandas, the training pipeline) has reported back to the window, which is when Train can
start without waiting for an import (the chart pages and the optimizer stack follow after it).
References, timed in the same run: a bare PySide6 window's first paint, and ``import torch,
pandas`` in a fresh process. The operating system's file cache is warm after the first start;
the first start is reported on its own.

    python -m bench.bench_startup [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the repository's packages

from bench.common import ROOT, verdict, write

TARGET_PAINT_S, TARGET_READY_S = 1.0, 3.0

_WATCH = '''
import sys, time, json
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication
marks = {}
app = QApplication.instance() or QApplication(sys.argv[:1])

class Watch(QObject):
    def eventFilter(self, obj, event):
        if (event.type() == QEvent.Type.Paint and "paint" not in marks and obj.isWidgetType()
                and obj.isWindow()):
            marks["paint"] = None
            QTimer.singleShot(0, lambda: marks.__setitem__("paint", time.time()))
        return False

watch = Watch()
app.installEventFilter(watch)
'''

CHILD_WORKBENCH = _WATCH + '''
import workbench.cli  # what `python -m workbench app` imports first
from workbench.app import create_window

window = create_window()
# The engine is imported: from here Train starts a run. (Connected before the event loop runs,
# so before the warm-up job can report.)
window.startup.sig_engine_ready.connect(lambda _devices: marks.setdefault("ready", time.time()))

def poll():
    if marks.get("paint") and marks.get("ready") and "workbench.core.pipeline" in sys.modules:
        print(json.dumps(marks), flush=True)
        window.close()
        app.quit()
    else:
        QTimer.singleShot(5, poll)

QTimer.singleShot(0, poll)
app.exec()
'''

CHILD_BARE_WINDOW = _WATCH + '''
from PySide6.QtWidgets import QMainWindow, QLabel
window = QMainWindow()
window.setCentralWidget(QLabel("hello"))
window.resize(1280, 800)
window.show()

def poll():
    if marks.get("paint"):
        print(json.dumps(marks), flush=True)
        app.quit()
    else:
        QTimer.singleShot(5, poll)

QTimer.singleShot(0, poll)
app.exec()
'''

CHILD_IMPORT_ENGINE = '''
import json, time
import torch, pandas
print(json.dumps({"ready": time.time()}), flush=True)
'''


def spawn(code: str) -> dict[str, float]:
    """Seconds from spawn to each mark the child prints."""
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"),
               PYTHONPATH=str(ROOT))
    start = time.time()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=120)
    lines = [ln for ln in out.stdout.splitlines() if ln.startswith("{")]
    if out.returncode or not lines:
        raise RuntimeError(f"child failed ({out.returncode}): {out.stderr[-2000:]}")
    return {k: v - start for k, v in json.loads(lines[-1]).items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    samples: dict[str, list[dict[str, float]]] = {"workbench": [], "bare_window": [], "import_engine": []}
    for _ in range(args.runs):  # interleaved, so a busy spell hits all three alike
        samples["workbench"].append(spawn(CHILD_WORKBENCH))
        samples["bare_window"].append(spawn(CHILD_BARE_WINDOW))
        samples["import_engine"].append(spawn(CHILD_IMPORT_ENGINE))

    def med(kind: str, mark: str) -> float:
        return statistics.median(s[mark] for s in samples[kind])

    paint, ready = med("workbench", "paint"), med("workbench", "ready")
    bare, engine = med("bare_window", "paint"), med("import_engine", "ready")
    first = samples["workbench"][0]
    rows = [
        {"figure": "first painted window", "median_s": paint,
         "max_s": max(s["paint"] for s in samples["workbench"]), "first_start_s": first["paint"],
         "reference": "bare PySide6 window", "reference_s": bare, "ratio": paint / bare,
         "target_s": TARGET_PAINT_S, "met": paint < TARGET_PAINT_S},
        {"figure": "ready to train", "median_s": ready,
         "max_s": max(s["ready"] for s in samples["workbench"]), "first_start_s": first["ready"],
         "reference": "import torch, pandas", "reference_s": engine, "ratio": ready / engine,
         "target_s": TARGET_READY_S, "met": ready < TARGET_READY_S},
    ]
    print(f"Startup, {args.runs} fresh processes each (median; first start shown apart)")
    print(f"{'figure':<22}{'median s':>9}{'max s':>7}{'first s':>9}  {'reference':<22}{'ref s':>7}"
          f"{'ratio':>7}{'target':>8}{'':>8}")
    for r in rows:
        print(f"{r['figure']:<22}{r['median_s']:>9.2f}{r['max_s']:>7.2f}{r['first_start_s']:>9.2f}  "
              f"{r['reference']:<22}{r['reference_s']:>7.2f}{r['ratio']:>7.2f}{'< ' + str(r['target_s']):>8}"
              f"{verdict(r['met']):>8}")
    write("startup", {"runs": args.runs, "rows": rows, "samples": samples}, args.out)
    return 0 if all(r["met"] for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
