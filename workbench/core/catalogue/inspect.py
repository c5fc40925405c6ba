"""Message templates of attention inspection, head patterns, the runs list and comparing runs."""

from __future__ import annotations

from workbench.core.i18n import QT_TRANSLATE_NOOP  # noqa: F401 - used as entries are added

# Each entry: QT_TRANSLATE_NOOP("core", "English template with {values}.")
TEMPLATES: tuple[str, ...] = (
)
