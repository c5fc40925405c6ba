"""The window's fifth page, Runs (``pages.runs_page``): made on the first visit, wired to the window.

Made lazily because its overlay draws with pyqtgraph, which the first paint does not wait for.
Opening a run shows it on the Train and Results pages; "Use this setup" loads the run's config
into the forms; "Continue…" trains the run further through the run coordinator; "Start from its
weights" sets the next run to start from the run's weights (``core.transfer``).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QListWidget, QStackedWidget, QWidget

from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, translate

if TYPE_CHECKING:
    from workbench.ui.pages.runs_page import RunsPage

PAGES = ("data", "model", "train", "results", "runs")
PAGE_TITLES = {"data": QT_TRANSLATE_NOOP("Navigation", "1   Data"),
               "model": QT_TRANSLATE_NOOP("Navigation", "2   Model"),
               "train": QT_TRANSLATE_NOOP("Navigation", "3   Train"),
               "results": QT_TRANSLATE_NOOP("Navigation", "4   Results"),
               "runs": QT_TRANSLATE_NOOP("Navigation", "5   Runs")}


def make_nav() -> QListWidget:
    """The list of pages on the window's left."""
    nav = QListWidget()
    nav.addItems([translate("Navigation", PAGE_TITLES[p]) for p in PAGES])
    nav.setFixedWidth(120)
    font = nav.font()
    font.setPointSizeF(font.pointSizeF() * 1.2)
    nav.setFont(font)
    nav.setSpacing(4)
    return nav


class RunsRoom:
    """Owns the Runs page once it is made."""

    def __init__(self, window: Any, stack: QStackedWidget) -> None:
        self.window = window
        self.stack = stack
        self._page: RunsPage | None = None

    @property
    def page(self) -> RunsPage:
        """The Runs page (made, and put in place of its placeholder, on first use)."""
        if self._page is None:
            from workbench.ui.pages.runs_page import RunsPage

            window = self.window
            page = RunsPage(window.background, Path(window.runs_dir))
            page.sig_open_run.connect(window.open_run)
            page.sig_open_setup.connect(window.open_setup)
            page.sig_continue.connect(window.runs.continue_run)
            page.sig_start_from.connect(self.start_from)
            index = PAGES.index("runs")
            current = self.stack.currentIndex()
            placeholder = self.stack.widget(index)
            self.stack.insertWidget(index, page)
            if isinstance(placeholder, QWidget):
                self.stack.removeWidget(placeholder)
                placeholder.deleteLater()
            self.stack.setCurrentIndex(current)
            self._page = page
        return self._page

    def set_folder(self, folder: Path) -> None:
        """The runs folder changed."""
        if self._page is not None:
            self._page.set_folder(folder)

    def start_from(self, path: str) -> None:
        """The next run starts from the weights of the run in ``path``: its folder goes into
        ``train.init_from``, its model shape and tokenizer settings into the forms, so they fit."""
        from workbench.core.errors import ConfigError
        from workbench.core.transfer import adopt_parent

        window = self.window
        analysis = window.session.analysis  # the task of the data now open, when known
        try:
            cfg, notes = adopt_parent(window.session.cfg, path, analysis.task if analysis is not None else "")
        except ConfigError as exc:
            window.show_error(translate("RunsRoom", "Cannot start from this run"), core_text(str(exc)))
            return
        for section in ("data", "model", "train"):
            window.session.update(section, getattr(cfg, section))
        window.go_to("train")
        changed = translate("RunsRoom", " ({notes})").format(
            notes=translate("RunsRoom", "; ").join(core_text(n) for n in notes)) if notes else ""
        message = translate("RunsRoom", "The next run starts from the weights of {run}{notes}").format(
            run=Path(path).name, notes=changed)
        window.statusBar().showMessage(message, 10000)
