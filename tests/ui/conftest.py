"""pytest-qt setup for the widget tests: offscreen Qt, the bundled CJK fallback font and the app's
scheduling policy."""

from __future__ import annotations

import os
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before any Qt import: no display needed

import pytest


@pytest.fixture(scope="session", autouse=True)
def _fonts(qapp: Any) -> list[str]:
    """Register Droid Sans Fallback once, as the app does at start-up."""
    from workbench.ui.widgets.fonts import install_fonts

    return install_fonts(qapp)


@pytest.fixture(scope="session", autouse=True)
def _scheduling(qapp: Any) -> None:
    """Install the scheduling policy once, as the app's composition root does (``app.make_app``).

    The windows built here run background jobs and training threads; without the policy a garbage
    collection on one of those threads could destroy a closed window's Qt objects there and
    deadlock the run (see ``scheduling``).
    """
    from workbench.ui.shell import scheduling

    scheduling.install(qapp)
