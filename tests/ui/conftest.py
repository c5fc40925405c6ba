"""pytest-qt setup for the widget tests: offscreen Qt and the bundled CJK fallback font."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: no display needed

import pytest  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def _fonts(qapp):  # noqa: ANN001, ANN202 (pytest-qt fixture)
    """Register Droid Sans Fallback once, as the app does at start-up."""
    from workbench.ui.widgets.fonts import install_fonts

    return install_fonts(qapp)
