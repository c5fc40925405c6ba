"""How the GUI thread shares Python with its worker threads: two interpreter settings.

**Garbage collection on the GUI thread only.** Left automatic, Python's cyclic collector runs in
whichever thread allocates when a threshold is crossed: often a background job or the training
thread. When the garbage it frees holds a Qt object (a closed window's widgets in a reference
cycle, say), Qt destroys that object on the wrong thread: it takes Qt's signal/slot lock and then
waits for Python's lock, while the GUI thread, holding Python's lock, waits for Qt's. Both wait
forever. (Seen in CI: a background job's ``sorted`` started a collection that freed a closed
window's menu.) pyqtgraph's ``GarbageCollector`` answers this the same way: automatic collection
off, a GUI-thread timer collects instead.

A full collection walks every tracked object: ~360,000 once torch, pandas and the charts are in,
~190 ms holding Python's lock on a 2-core machine, a visible stall. ``freeze_startup`` moves the
objects of start-up (modules, classes, functions: never garbage) out of the collector's sight
once the app is warm, after which a full collection takes about a millisecond.

**A short switch interval.** The GUI thread enters Python many times per event-loop turn: every
slot, every virtual call on a Python-made widget or model (PySide looks for a Python override),
every table cell painted. While a background thread runs Python (reading or analysing a file,
preparing a run), each entry waits until that thread is asked to let go, which Python does after
``sys.getswitchinterval()``, 5 ms by default: a dozen entries make a visible stall. At 0.5 ms the
window's worst stall while a 1M-row file is analysed fell from ~100 ms to under 50 ms; the
training thread, which spends its time in torch with the lock released, does not notice.
"""

from __future__ import annotations

import gc
import sys

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 1000
SWITCH_INTERVAL_S = 0.0005

_collector: _Collector | None = None
_frozen = False


class _Collector(QObject):
    """Collects, on a timer, the generations whose thresholds were crossed, as Python would."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> int:
        """Run the collection Python's own thresholds call for now, if any; objects freed."""
        counts, limits = gc.get_count(), gc.get_threshold()
        if counts[0] <= limits[0]:
            return 0
        generation = 2 if counts[2] > limits[2] else 1 if counts[1] > limits[1] else 0
        return gc.collect(generation)


def install() -> None:
    """Collect garbage from the GUI thread only, and shorten the switch interval (idempotent).

    Call on the GUI thread once the QApplication exists; the timer lives as long as the app.
    """
    global _collector
    app = QCoreApplication.instance()
    if app is None:
        return
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    gc.disable()
    if _collector is None or not shiboken6.isValid(_collector):  # none yet, or its app is gone
        _collector = _Collector(app)


def freeze_startup() -> None:
    """Once per process, when the app is warm: leave what exists now out of later collections."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()
