"""The start-up sequence: the window paints first, then what a run needs is imported, in order.

After the first paint: the engine (torch, pandas, the training pipeline) is imported by a
background job; once it is in, Train can start a run, the chart pages are built on the GUI thread,
and the optimizer stack is imported in the background as soon as no file is being read or
analysed. One step after the other, never side by side: each holds Python's lock most of the time.
Why this order, with what was measured: ``scheduling``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from workbench.ui.pages.session import Session
from workbench.ui.shell import scheduling
from workbench.ui.widgets.background import Background


def _import_engine() -> list[str]:
    """Import the training engine off the GUI thread; the devices a run can use."""
    from workbench.core import engine

    engine.load()
    from workbench.core.device import available_devices

    return available_devices()


def _import_optimizers() -> None:
    """What torch imports the first time an optimizer is built (~800 modules), and scikit-learn for
    the baseline, ahead of a run."""
    from workbench.core import train_child
    from workbench.core.baseline import warm_up as warm_up_baseline
    from workbench.core.optim import warm_up

    warm_up()
    # From now on runs train in a child process (their baseline fits there), a standby one ready;
    # where they cannot, baselines fit in a child process of their own, a standby one ready.
    if not train_child.warm_up():
        warm_up_baseline()


class StartUp(QObject):
    """Runs the start-up sequence once ``window`` is shown and ``first_painted`` has painted.

    ``build_chart_pages`` makes the pages that draw charts (anything that needs one sooner builds
    it on demand); ``session`` says whether a file is being read or analysed.
    """

    sig_engine_ready = Signal(list)  # the devices a run can use: Train starts without an import wait
    sig_warm = Signal()              # the optimizer stack is in too: everything a run needs

    def __init__(self, window: QWidget, first_painted: QWidget, background: Background, session: Session,
                 build_chart_pages: Callable[[], object]) -> None:
        super().__init__(window)
        self._window = window
        self._first_painted = first_painted
        self._bg = background
        self._session = session
        self._build_chart_pages = build_chart_pages
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Once the window is shown, wait for the first paint; after it, start the sequence."""
        if watched is self._window and event.type() == QEvent.Type.Show:
            watched.removeEventFilter(self)
            self._first_painted.installEventFilter(self)
        elif watched is self._first_painted and event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._on_first_paint)  # after this paint has finished
        return False

    def warm_up_optimizers_when_idle(self) -> None:
        """Import the optimizer stack, once no file is being read or analysed.

        A run started before it is done imports it on its worker, while the Train page shows
        "preparing".
        """
        if self._session.is_busy():
            QTimer.singleShot(scheduling.OPTIMIZER_WARM_UP_RETRY_MS, self, self.warm_up_optimizers_when_idle)
            return
        self._bg.submit("warm-up-optimizers", _import_optimizers, self._on_optimizers_imported)

    def _on_first_paint(self) -> None:
        self._bg.submit("warm-up", _import_engine, self._on_engine_imported)

    def _on_engine_imported(self, devices: list[str]) -> None:
        self.sig_engine_ready.emit(devices)
        QTimer.singleShot(0, self, self._build_chart_pages)
        self.warm_up_optimizers_when_idle()

    def _on_optimizers_imported(self, _result: object = None) -> None:
        scheduling.freeze_startup()  # everything a run needs is in: out of later collections
        self.sig_warm.emit()
