"""The training charts' step axis: following a live run, and which rows a redraw draws."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg

from workbench.core.curve_history import rows_in_view
from workbench.core.series import bucket_size

EXACT_ROWS = 4000
"""Up to this many training rows in range are drawn as they are; more are drawn decimated."""


class StepView:
    """The loss chart's view along the steps (the other charts are X-linked to it).

    While a live run of known length (``set_end``) is followed, the step axis spans 0..its last
    step: the curve grows across a fixed axis, which shows how far the run is, and the axes need
    not be re-laid out at every redraw (that re-layout is most of a redraw's cost). Once the user
    zooms or pans, the view stays where they put it until ``follow`` is set again ("Fit view").
    ``span`` says which rows a redraw hands to pyqtgraph; ``on_change`` is called when a zoom or
    pan shows what the last redraw did not draw, or needs another level of detail.
    """

    def __init__(self, view_box: pg.ViewBox, steps: Callable[[], np.ndarray],
                 on_change: Callable[[], None]) -> None:
        self._box = view_box
        self._steps = steps
        self._on_change = on_change
        self.end = 0.0  # a live run's last step (0: unknown, fit the data)
        self.follow = True  # show all the data (False once the user zooms or pans)
        self.drawn: tuple[float, float, int] | None = None  # x span and bucket size on screen
        self._setting_range = False
        view_box.sigXRangeChanged.connect(self._on_x_range_changed)

    def set_end(self, last_step: float) -> None:
        """A live run ends at ``last_step`` (0: unknown); follow it."""
        self.end = float(max(last_step, 0))
        self.follow = True

    def place(self, steps: np.ndarray) -> None:
        """Following a live run of known length: span the step axis 0..its last step."""
        if not (self.end > 0 and self.follow):
            return
        end = max(self.end, float(steps[-1]) if len(steps) else 0.0)
        if self._box.autoRangeEnabled()[0] or self._box.viewRange()[0] != [0.0, end]:
            self._setting_range = True
            try:
                self._box.enableAutoRange(x=False)
                self._box.setXRange(0.0, end, padding=0)
            finally:
                self._setting_range = False

    def span(self, steps: np.ndarray) -> tuple[int, int, int]:
        """Rows to draw (start, stop) and the bucket count for ``series.decimate`` (``rows_in_view``)."""
        x0, x1 = self._box.viewRange()[0]
        fitted = bool(self._box.autoRangeEnabled()[0])
        following = fitted or (self.end > 0 and self.follow)
        return rows_in_view(steps, (x0, x1), max(int(self._box.width()), 400), following, fitted, EXACT_ROWS)

    def _on_x_range_changed(self, *_args: object) -> None:
        """Zoom or pan: a redraw unless what is on screen already covers the view at its detail."""
        if self._setting_range:
            return
        if self.end > 0 and not self._box.autoRangeEnabled()[0]:
            self.follow = False  # the user moved the view: stop following until "Fit view"
        steps = self._steps()
        if self.drawn is None or not len(steps):
            return
        start, stop, buckets = self.span(steps)
        x0, x1 = self._box.viewRange()[0]
        first, last, drawn_size = self.drawn
        covered = first <= max(x0, steps[0]) and min(x1, steps[-1]) <= last
        if not covered or bucket_size(stop - start, buckets) != drawn_size:
            self._on_change()
