"""*View → Presenter mode* (F11 or Ctrl+Shift+P): Workbench readable on a projector.

On: every text of the window scaled (``SCALES``, 1.6× unless chosen otherwise in *View → Text
size*), the charts in the high-contrast "presenter" theme (``plot_style.THEMES``: black on white,
lines 2.2× as thick, bigger axis text), the Train page's settings column folded away and the
navigation list only as wide as its names, and the run's state in big plain words on the Train
page (``RunStory.status``: "The model is learning: validation accuracy 78 %, up from 52 %").
Off: all of it as before. The choice and the size are remembered (QSettings "presenter/on",
"presenter/scale").

Texts with a size of their own (titles, the samples' monospace) are scaled from the size they
had before presenter mode, kept in the widget's ``PRESENTER_PT`` property. The chart pages are made
after the window (``main_window._build_chart_pages``); the mode is applied to them when they take
their places in the page stack.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QFont, QFontMetrics, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMenuBar, QToolBar, QWidget

from workbench.ui.i18n import translate

if TYPE_CHECKING:
    from workbench.ui.shell.main_window import MainWindow

SCALES = (1.3, 1.6, 2.0)
DEFAULT_SCALE = 1.6
SHORTCUTS = ("F11", "Ctrl+Shift+P")
KEY_ON, KEY_SCALE = "presenter/on", "presenter/scale"
PRESENTER_PT = "presenter_base_pt"
STATUS_SCALE = 1.25  # the status sentence, relative to the (scaled) text
CHART_PT = 9.0  # chart text at scale 1
NAV_PAD = 40  # the navigation list: its widest name plus this (item margins, the frame)
_ORIGINAL: list[QFont] = []  # the application's font before presenter mode scaled it (while on)


def add_view_menu(window: MainWindow, bar: QMenuBar) -> Presenter:
    """Add the View menu (Presenter mode, Text size) to ``bar``, with the presenter behind it."""
    presenter = Presenter(window)
    menu: QMenu = bar.addMenu(translate("Presenter", "&View"))
    menu.setObjectName("view-menu")
    menu.addAction(presenter.action)
    sizes = menu.addMenu(translate("Presenter", "Presenter &text size"))
    group = QActionGroup(sizes)
    for scale in SCALES:
        action = sizes.addAction(translate("Presenter", "{scale}× larger").format(scale=f"{scale:g}"))
        action.setCheckable(True)
        action.setChecked(abs(scale - presenter.scale) < 1e-6)
        action.setData(scale)
        group.addAction(action)
        action.triggered.connect(lambda *_a, s=scale: presenter.set_scale(s))
    return presenter


class Presenter(QObject):
    """Presenter mode of one window (see the module doc)."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setObjectName("presenter")
        self.window = window
        settings = window.settings
        self.on = bool(settings.value(KEY_ON, False, type=bool))
        scale = float(str(settings.value(KEY_SCALE, DEFAULT_SCALE) or DEFAULT_SCALE))
        self.scale = min(SCALES, key=lambda s: abs(s - scale))
        self.action = QAction(translate("Presenter", "&Presenter mode"), window)
        self.action.setObjectName("presenter-mode")
        self.action.setCheckable(True)
        self.action.setChecked(self.on)
        self.action.setShortcuts([QKeySequence(s) for s in SHORTCUTS])
        self.action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        self.action.setStatusTip(translate("Presenter", "Large text, thick high-contrast charts and the "
                                                        "run's state in plain words, for showing Workbench "
                                                        "to a room"))
        self.action.toggled.connect(self.set_on)
        self._nav_width = 0
        # The menus are built before the window's pages: apply once they are there.
        QTimer.singleShot(0, self._on_window_ready)

    def set_on(self, on: bool) -> None:
        """Turn presenter mode on or off (remembered)."""
        self.on = on
        self.window.settings.setValue(KEY_ON, on)
        if self.action.isChecked() != on:
            self.action.setChecked(on)
        self.apply()

    def set_scale(self, scale: float) -> None:
        """The text scale in presenter mode (remembered)."""
        self.scale = scale
        self.window.settings.setValue(KEY_SCALE, scale)
        if self.on:
            self.apply()

    def factor(self) -> float:
        """How much larger text is now (1 when presenter mode is off)."""
        return self.scale if self.on else 1.0

    def apply(self) -> None:
        """Bring the window (and its chart pages, if made) to the current mode."""
        window = self.window
        if not hasattr(window, "stack"):  # not yet built
            return
        size = window.size()
        # Panels fold away before the text grows, so that the window never has to grow for it.
        toolbar = window.findChild(QToolBar, "main-toolbar")  # the Train page has the same buttons
        if toolbar is not None:
            toolbar.setVisible(not self.on)
        self._apply_train_page()
        factor = self.factor()
        base = _ORIGINAL[0] if _ORIGINAL else QApplication.font()
        font = QFont(base)
        font.setPointSizeF(base.pointSizeF() * factor)
        window.setFont(font)
        # Dialogs, message boxes and tooltips are windows of their own, to which the window's font
        # does not pass: they take the application's, scaled while presenter mode is on.
        if self.on:
            _ORIGINAL[:] = _ORIGINAL or [QFont(base)]
            QApplication.setFont(font)
        else:
            restore_application_font()
        for widget in window.findChildren(QWidget):
            if widget.testAttribute(Qt.WidgetAttribute.WA_SetFont):
                _scale_font(widget, factor)
        self._fit_nav()
        self._apply_train_page()  # the status line's size follows the new text size
        if not (window.isMaximized() or window.isFullScreen()):
            window.resize(size)  # as large as before, if the text still fits

    # ----------------------------------------------------------------- internals
    def _on_window_ready(self) -> None:
        window = self.window
        if not hasattr(window, "stack"):
            QTimer.singleShot(0, self._on_window_ready)
            return
        self._nav_width = window.nav.width()
        window.stack.widgetRemoved.connect(self._on_stack_widget_removed)
        if self.on:
            self.apply()

    def _on_stack_widget_removed(self, _index: int) -> None:
        if self.on:  # a chart page took a placeholder's place: bring it to the mode
            QTimer.singleShot(0, self.apply)

    def _fit_nav(self) -> None:
        nav = self.window.nav
        if not self._nav_width:
            self._nav_width = nav.width()
        if not self.on:
            nav.setFixedWidth(self._nav_width)
            return
        metrics = QFontMetrics(nav.font())
        widest = max((metrics.horizontalAdvance(nav.item(i).text()) for i in range(nav.count())), default=0)
        nav.setFixedWidth(widest + NAV_PAD)

    def _apply_train_page(self) -> None:
        pages: Any = getattr(self.window, "_chart_pages", None)
        if pages is None:
            return
        from workbench.ui.widgets import plot_style  # pyqtgraph: loaded with the chart pages, never before

        page = pages[0]
        # Folded away: the settings (the charts get the room) and the hover hint; the statistics
        # wrap rather than widen the window.
        page.settings_scroll.setVisible(not self.on)
        page.plots.readout.setVisible(not self.on)
        page.stats.setWordWrap(self.on)
        story = page.story
        font = QFont(page.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * STATUS_SCALE)
        story.status.setFont(font)
        story.status.setVisible(self.on)
        story.refresh_status()
        theme = "presenter" if self.on else ""
        plot_style.THEMES["presenter"]["font_pt"] = f"{CHART_PT * self.scale:g}"
        _force_theme(page.plots, theme)
        story.marks.set_theme(theme or plot_style.theme_of(page.plots.palette()))


def restore_application_font() -> None:
    """The application's font as it was before presenter mode (the window calls this as it closes)."""
    if _ORIGINAL:
        QApplication.setFont(_ORIGINAL.pop())


def _scale_font(widget: QWidget, factor: float) -> None:
    """Scale a font the widget set itself, from the size it had before presenter mode."""
    base = widget.property(PRESENTER_PT)
    if base is None:
        base = widget.font().pointSizeF()
        if base <= 0:
            return
        widget.setProperty(PRESENTER_PT, base)
    font = QFont(widget.font())
    font.setPointSizeF(float(base) * factor)
    widget.setFont(font)


def _force_theme(plots: Any, theme: str) -> None:
    """Draw ``plots`` (``LivePlots``) in ``theme`` ("" for the palette's), repainted now even when
    only the presenter theme's text size changed."""
    for forced in ("", theme) if theme else ("",):
        plots.forced_theme = forced
        QApplication.sendEvent(plots, QEvent(QEvent.Type.PaletteChange))
