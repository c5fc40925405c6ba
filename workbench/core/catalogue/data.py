"""Message templates of loading a file, the data analysis and its checks, the target question."""

from __future__ import annotations

from workbench.core.i18n import QT_TRANSLATE_NOOP  # noqa: F401 - used as entries are added

# Each entry: QT_TRANSLATE_NOOP("core", "English template with {values}.")
TEMPLATES: tuple[str, ...] = (
)
