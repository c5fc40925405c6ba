"""A scroll area for a column of settings: it scrolls up and down, and is as wide as they need."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QScrollArea, QWidget


class SettingsScroll(QScrollArea):
    """Holds a column of settings, resized to the area's width, scrolling vertically only.

    Its width hints are the settings' own plus the vertical scroll bar, so a small window scrolls
    them rather than cutting them off at the side, which a plain ``QScrollArea`` with its
    horizontal bar off did (the Train settings at 1024×720). ``minimum_width`` is a floor for a
    column whose settings could do with less; ``preferred_width``, the width it asks for when
    there is room.
    """

    def __init__(self, parent: QWidget | None = None, *, minimum_width: int = 0,
                 preferred_width: int = 0) -> None:
        super().__init__(parent)
        self._minimum_width = minimum_width
        self._preferred_width = preferred_width
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def setWidget(self, widget: QWidget) -> None:  # noqa: N802 - Qt's name
        """Show ``widget``; the area follows changes to its width."""
        super().setWidget(widget)
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Re-ask the enclosing layout for room when the settings' size hints change."""
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            # The widget's parent is the viewport, which has no layout: without this the
            # splitter or layout holding the area never hears that a wider row appeared.
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt's name
        """As narrow as the settings allow, never narrower."""
        widget = self.widget()
        hint = self._around(widget.minimumSizeHint() if widget is not None else QSize(),
                            super().minimumSizeHint())
        return QSize(max(hint.width(), self._minimum_width), hint.height())

    def sizeHint(self) -> QSize:
        """As wide as the settings would like."""
        widget = self.widget()
        hint = self._around(widget.sizeHint() if widget is not None else QSize(), super().sizeHint())
        return QSize(max(hint.width(), self._preferred_width), hint.height())

    def _around(self, inner: QSize, own: QSize) -> QSize:
        # The bar's width is counted even while it is hidden: it appears when a group opens, and
        # the settings must not be squeezed under it then.
        width = inner.width() + self.verticalScrollBar().sizeHint().width() + 2 * self.frameWidth()
        return QSize(max(width, own.width()), own.height())
