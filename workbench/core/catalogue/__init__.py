"""The core's message templates, one module per area, for ``core.i18n.localize``.

Each module holds ``TEMPLATES``: the English templates of the messages the core shows a user in
that area, each marked ``QT_TRANSLATE_NOOP("core", ...)`` for ``pyside6-lupdate``. A template's
values are ``{name}`` fields; its text is exactly what the core writes, values aside.
"""

from __future__ import annotations

from workbench.core.catalogue import data, general, inspect, model, results, training

TEMPLATES: tuple[str, ...] = (*data.TEMPLATES, *model.TEMPLATES, *training.TEMPLATES,
                              *results.TEMPLATES, *inspect.TEMPLATES, *general.TEMPLATES)
