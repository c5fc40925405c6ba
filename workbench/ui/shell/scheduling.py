"""The desktop app's scheduling policy: how the GUI thread shares Python and the CPUs with its work.

One place for every decision about threads, Python's lock (the GIL) and the order of work, each
with what was measured for it. ``install`` applies the process-wide part; the composition root
(``workbench.app.make_app``) calls it once the QApplication exists, so the CLI and core never see
it. The rest is read from here: the Session's stages (``load_timing``), the training thread count
(``configure_training_threads``) and the start-up sequence (``startup``).

**Garbage collection on the GUI thread only.** Left automatic, Python's cyclic collector runs in
whichever thread allocates when a threshold is crossed: often a background job or the training
thread. When the garbage it frees holds a Qt object (a closed window's widgets in a reference
cycle, say), Qt destroys that object on the wrong thread: it takes Qt's signal/slot lock and then
waits for Python's lock, while the GUI thread, holding Python's lock, waits for Qt's. Both wait
forever. (Seen in CI: a background job's ``sorted`` started a collection that freed a closed
window's menu.) pyqtgraph's ``GarbageCollector`` answers this the same way: automatic collection
off, a GUI-thread timer collects instead. A full collection walks every tracked object: ~360,000
once torch, pandas and the charts are in, ~190 ms holding Python's lock on a 2-core machine, a
visible stall. ``freeze_startup`` moves the objects of start-up (modules, classes, functions:
never garbage) out of the collector's sight once the app is warm; a full collection then takes
about a millisecond.

**A short switch interval.** The GUI thread enters Python many times per event-loop turn: every
slot, every virtual call on a Python-made widget or model (PySide looks for a Python override),
every table cell painted. While a background thread runs Python (reading or analysing a file,
preparing a run), each entry waits until that thread is asked to let go, which Python does after
``sys.getswitchinterval()``, 5 ms by default: a dozen entries make a visible stall. At 0.5 ms the
window's worst stall while a 1M-row file is analysed fell from ~100 ms to under 50 ms; the
training thread, which spends its time in torch with the lock released, does not notice.

**Short C calls in core, a pause between them.** Core bounds each long C call itself, because it
costs nothing headless: column statistics go ``core.data.columns.PIECE_ROWS`` (25,000) rows at a
time (a whole 1M-row column held the lock for up to 800 ms in one call, a piece holds it for a
few ms) and the tokenizers ``core.tokenizers.SLICE_CHARS`` (64K) characters at a time (a megabyte
of text held it 30-80 ms, a slice about 1 ms; the slices also bound the memory of encoding a long
text). The window adds a 0.1 ms sleep after each column piece (core's yield hook, see
``core.cpus``): a GUI thread waiting for the lock then gets it at once instead of after the next
piece. Stalls of 50-60 ms while a 1M-row file was analysed disappeared (the analysis took 1.3 ->
1.6 s). The CLI sets no hook and never sleeps.

**A core left to the window.** pandas' parser and torch use every core by default; beside the
window they get one fewer, so the GUI thread is not preempted (``worker_threads``).

**Opening a file in stages.** The preview is painted before the rest of the file is read, and
the whole table laid out before it is analysed: reading and analysing hold Python's lock in
stretches of a few milliseconds, and a table's layout and paint call into Python hundreds of
times (each cell and header is a model call), each call waiting for the lock: half a second of
frozen window, measured. Hence ``PREVIEW_PAINT_MS`` from the preview to reading the whole file,
``ANALYSIS_DELAY_MS`` from the whole file (or a changed setting) to its analysis, and
``FIT_DELAY_MS`` from the analysis to fitting the settings: the pages show an analysis in ~20 ms
of Python, and with the fit (model building, a timed step) started beside them they waited for the
lock for ~50 ms more: a 90-110 ms stall on a 1M-row file, measured.

**Start-up order** (carried out by ``startup``). The window paints first: pyqtgraph (~0.5 s to
import, ~0.35 s to build the chart pages) before it made the first paint ~2x a bare window's.
Then the engine (torch, pandas) is imported in the background; then the chart pages are built on
the GUI thread (built while torch was imported, both shared Python's lock and ready-to-train took
~2x the time of importing torch and pandas alone); then the optimizer stack (~800 modules that
torch imports for the first optimizer, 1-3 s) in the background, but only once no file is being
read or analysed: it holds the lock in stretches of up to 250 ms. (This, the staged opening and
the short switch interval together took the worst GUI stall while a 1M-row file loaded from
789 ms to 43 ms.) It is retried every ``OPTIMIZER_WARM_UP_RETRY_MS`` until the file is done.
"""

from __future__ import annotations

import gc
import sys
import time

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QTimer

from workbench.core.cpus import default_threads, set_yield_hook
from workbench.core.threads import set_policy
from workbench.ui.pages.session import LoadTiming

SWITCH_INTERVAL_S = 0.0005
GC_INTERVAL_MS = 1000
PIECE_PAUSE_S = 0.0001
PREVIEW_PAINT_MS = 40
ANALYSIS_DELAY_MS = 150
FIT_DELAY_MS = 150
OPTIMIZER_WARM_UP_RETRY_MS = 300
TRAINING_NICE = 10  # how much lower a training thread's CPU priority is than the window's

_collector: _Collector | None = None
_frozen = False


class _Collector(QObject):
    """Collects, on a timer, the generations whose thresholds were crossed, as Python would."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setInterval(GC_INTERVAL_MS)
        self._timer.timeout.connect(self.collect)
        self._timer.start()

    def collect(self) -> int:
        """Run the collection Python's own thresholds call for now, if any; objects freed."""
        counts, limits = gc.get_count(), gc.get_threshold()
        if counts[0] <= limits[0]:
            return 0
        generation = 2 if counts[2] > limits[2] else 1 if counts[1] > limits[1] else 0
        return gc.collect(generation)


def install(app: QCoreApplication) -> None:
    """Collect garbage from the GUI thread only, shorten the switch interval and have core work
    pause between its pieces (idempotent).

    Call on the GUI thread; the collector's timer lives as long as ``app``.
    """
    global _collector
    sys.setswitchinterval(SWITCH_INTERVAL_S)
    gc.disable()
    if _collector is None or not shiboken6.isValid(_collector):  # none yet, or its app is gone
        _collector = _Collector(app)
    set_yield_hook(pause_between_pieces)
    set_policy(0, leave_one_free=True)  # torch's threads, until a run names its own count


def pause_between_pieces() -> None:
    """Core's yield hook in the app: a sleep, which lets a thread waiting for Python's lock take it."""
    time.sleep(PIECE_PAUSE_S)


def freeze_startup() -> None:
    """Once per process, when the app is warm: leave what exists now out of later collections."""
    global _frozen
    if not _frozen:
        _frozen = True
        gc.freeze()


def worker_threads() -> int:
    """Threads for work beside the window (parsing a file, training): every core but one."""
    return default_threads(leave_one_free=True)


def load_timing() -> LoadTiming:
    """The Session's stages: when the whole file is read and analysed, and the parser's threads."""
    return LoadTiming(preview_paint_ms=PREVIEW_PAINT_MS, analysis_delay_ms=ANALYSIS_DELAY_MS,
                      fit_delay_ms=FIT_DELAY_MS, parse_threads=worker_threads())


def configure_training_threads(requested: int) -> int:
    """Set torch's threads for a run beside the window: ``requested``, or if 0 the count ``core.threads``
    chooses (never the window's core); the trainer refines it once it knows its model's work. The
    calling (training) thread also yields the CPU to the window (``lower_this_thread``)."""
    from workbench.core.device import configure_threads  # imports torch: call it on the training thread

    lower_this_thread()
    return configure_threads(requested, leave_one_free=True)


def lower_this_thread(nice: int = TRAINING_NICE) -> bool:
    """Give the calling thread (and the threads it starts, such as torch's) a lower CPU priority, so
    that when it and the window both want a core the window gets it first: two runs racing on a
    2-core machine had the GUI thread wait 100-280 ms for its paints. With nothing else to run the
    thread loses no speed. Linux (per-thread nice) and Windows; elsewhere nothing. True if done."""
    try:
        if sys.platform.startswith("linux"):
            import os
            import threading

            tid = threading.get_native_id()
            os.setpriority(os.PRIO_PROCESS, tid, min(19, os.getpriority(os.PRIO_PROCESS, tid) + nice))
            return True
        if sys.platform == "win32":
            import ctypes

            kernel32 = ctypes.windll.kernel32  # type: ignore[attr-defined]
            return bool(kernel32.SetThreadPriority(kernel32.GetCurrentThread(), -1))  # BELOW_NORMAL
    except (OSError, AttributeError):
        pass
    return False
