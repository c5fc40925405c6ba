"""The config field helper: a dataclass field with the metadata the forms and the validator read.

Its own module so that a config section may live outside ``core.config`` (which re-exports it).
"""

from __future__ import annotations

from dataclasses import field
from typing import Any


def _f(default: Any, label: str, help: str, *, unit: str = "", lo: float | None = None,
       hi: float | None = None, choices: tuple[str, ...] = (), step: float | None = None,
       advanced: bool = False, scale: str = "linear", zero: str = "", empty: str = "") -> Any:
    """A dataclass field with the metadata the forms and the validator (``problems``) read.

    ``choices`` are the allowed values (of each entry, for a table); ``scale="log"`` makes the
    form's arrows walk 1, 3, 10, ... (a learning rate); ``zero`` is what a 0 means ("off"), shown
    in the box instead of the digit; ``empty`` is what an empty string means ("automatic"), shown
    in an empty box.
    """
    meta = {"label": label, "help": help, "unit": unit, "min": lo, "max": hi, "choices": choices,
            "step": step, "advanced": advanced, "scale": scale, "zero": zero, "empty": empty}
    if isinstance(default, (dict, list)):
        return field(default_factory=lambda: type(default)(default), metadata=meta)
    return field(default=default, metadata=meta)
