"""Training-health warnings as banners: what is wrong with a run, in plain words, and what to do.

One coloured banner per ``core.events.HealthWarning``, at most one per code (a newer warning of a
code replaces the older in place): red when the run learns little or nothing ("serious"), amber
when it is worth a look ("caution"). The Train page shows a run's warnings as they come, the
Results page those of the run it shows. Messages quote column names from the user's file, so
every text is plain, never markup.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout, QWidget

from workbench.core.events import HealthWarning
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.fonts import plain_label

TITLES = {"diverging": QT_TRANSLATE_NOOP("HealthBanners", "Training diverged"),
          "stuck": QT_TRANSLATE_NOOP("HealthBanners", "The model did not learn"),
          "overfitting": QT_TRANSLATE_NOOP("HealthBanners", "The model began to overfit"),
          "lr_high": QT_TRANSLATE_NOOP("HealthBanners", "Learning rate unusually high")}
_COLOURS = {"serious": (220, 53, 53), "caution": (214, 140, 0)}  # the data page's findings use these


def title_of(warning: HealthWarning) -> str:
    """The banner's title for ``warning`` ("The model did not learn")."""
    if warning.code in TITLES:
        return translate("HealthBanners", TITLES[warning.code])
    return translate("HealthBanners", "Training health")


def status_text(warning: HealthWarning) -> str:
    """``warning`` as one status-bar line: its title, where it began, and what to do."""
    if not warning.step:
        return translate("HealthBanners", "{title}. {advice}").format(
            title=title_of(warning), advice=core_text(warning.advice))
    return translate("HealthBanners", "{title} (from step {step}). {advice}").format(
        title=title_of(warning), step=f"{warning.step:,}", advice=core_text(warning.advice))


def warnings_of(summary: Mapping[str, Any]) -> list[HealthWarning]:
    """A run's warnings from its summary.json ("health"); entries that are not records are skipped."""
    records = summary.get("health") or []
    return [HealthWarning.from_record(r) for r in records if isinstance(r, dict)]


class _Banner(QFrame):
    """One warning: a bold title, the message, and what to do."""

    def __init__(self, warning: HealthWarning, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("healthBanner")
        self.title, self.message, self.advice = plain_label(), plain_label(), plain_label()
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        for label in (self.title, self.message, self.advice):
            label.setWordWrap(True)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 6, 8, 6)
        layout.setSpacing(2)
        for label in (self.title, self.message, self.advice):
            layout.addWidget(label)
        self.show_warning(warning)

    def show_warning(self, warning: HealthWarning) -> None:
        """Show ``warning`` (of this banner's code, or another)."""
        self.warning = warning
        self.title.setText(title_of(warning))
        self.message.setText(core_text(warning.message))
        self.advice.setText(translate("HealthBanners", "What to do: {advice}").format(
            advice=core_text(warning.advice)))
        self.advice.setVisible(bool(warning.advice))
        r, g, b = _COLOURS.get(warning.severity, _COLOURS["caution"])
        self.setStyleSheet(f"QFrame#healthBanner {{ border-left: 4px solid rgb({r}, {g}, {b}); "
                           f"background: rgba({r}, {g}, {b}, 34); border-radius: 3px; }}")

    def text(self) -> str:
        """Everything the banner says, as one text."""
        parts = (self.title, self.message, self.advice)
        return "\n".join(label.text() for label in parts if label.text() and not label.isHidden())


class HealthBanners(QWidget):
    """A stack of health banners, one per warning code, in the order they came; hidden when empty."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._banners: dict[str, _Banner] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(4)
        self.setAccessibleName(translate("HealthBanners", "Training health warnings"))
        self.setVisible(False)

    def add(self, warning: HealthWarning) -> None:
        """Show ``warning``; one already shown with its code is replaced where it stands."""
        banner = self._banners.get(warning.code)
        if banner is None:
            banner = self._banners[warning.code] = _Banner(warning, self)
            self._layout.addWidget(banner)
        else:
            banner.show_warning(warning)
        self.setVisible(True)

    def set_warnings(self, warnings: Iterable[HealthWarning]) -> None:
        """Show ``warnings`` and no others."""
        self.clear()
        for warning in warnings:
            self.add(warning)

    def clear(self) -> None:
        """Remove every banner (a new run starts clean)."""
        for banner in self._banners.values():
            self._layout.removeWidget(banner)
            banner.hide()
            banner.deleteLater()
        self._banners.clear()
        self.setVisible(False)

    def warnings(self) -> list[HealthWarning]:
        """The warnings shown, in order."""
        return [banner.warning for banner in self._banners.values()]

    def texts(self) -> list[str]:
        """What each banner says, in order."""
        return [banner.text() for banner in self._banners.values()]
