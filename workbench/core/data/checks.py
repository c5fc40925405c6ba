"""A finding about the data before training: what it is, which column, what to do, and a fix.

Pre-flight checks, role choices and refusals all speak this one shape, so the Data page can list
them with a one-click fix, ``workbench inspect --json`` can print them, and a test can match on
``code`` rather than on wording.
"""

from __future__ import annotations

import json
import re
import shlex
from dataclasses import dataclass, field
from typing import Any

from workbench.core.errors import DataError

LEVELS = ("error", "warning", "note")  # error: training refuses; warning: worth a look; note: for the record
MAX_TEXT = 300  # characters of a message or value shown before it is cut with "…"
_BARE = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")  # a string TOML cannot read as anything else


def cut(text: str, limit: int = MAX_TEXT) -> str:
    """``text`` shortened to ``limit`` characters, the cut marked with "…"."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Check:
    """One finding: ``code`` names the kind, ``message`` says what is wrong and what to do.

    ``fix`` is the config change that resolves it, as ``{"section.key": new value}`` (for
    ``data.roles`` the whole new table), or empty where no setting can.
    """

    code: str
    column: str
    message: str
    level: str = "warning"
    fix: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON."""
        return {"code": self.code, "column": self.column, "message": cut(self.message),
                "level": self.level, "fix": dict(self.fix)}

    def set_args(self) -> list[str]:
        """The fix as ``--set`` arguments for a shell command line (empty when there is none)."""
        return [f"--set {set_arg(key, value)}" for key, value in self.fix.items()]


def by_level(checks: list[Check]) -> list[Check]:
    """``checks`` with errors first, then warnings, then notes (each kept in its order)."""
    return sorted(checks, key=lambda c: LEVELS.index(c.level))


class RefusedDataError(DataError):
    """Data that cannot train, refused by a check: ``check`` carries its code, column and fix."""

    def __init__(self, check: Check, where: str = "") -> None:
        super().__init__(f"{where}{check.message}")
        self.check = check


def set_arg(key: str, value: Any) -> str:
    """``key=value`` as ``config.apply_overrides`` reads it, quoted for a shell where needed."""
    plain = isinstance(value, str) and _BARE.fullmatch(value) and value not in ("true", "false", "inf", "nan")
    return shlex.quote(f"{key}={value if plain else _toml_value(value)}")


def _toml_value(value: Any) -> str:
    """``value`` written as a TOML value, as ``config.apply_overrides`` reads it back."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{json.dumps(str(k))} = {_toml_value(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(str(value), ensure_ascii=False)
