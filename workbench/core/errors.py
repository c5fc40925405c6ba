"""The project's own error types: every failure a user can cause ends up as one of these."""

from __future__ import annotations

from collections.abc import Iterable

from workbench.core.problems import Problem

# Control characters and line separators, as escapes: a message quotes names and values from the
# user's file (a column name may hold a line break, or a terminal escape sequence) and must stay
# one line that prints harmlessly.
_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x20), *range(0x7f, 0xa0)) if c != 0x09}
_ESCAPES.update({0x0a: "\\n", 0x0d: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"})


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters written as escapes (``\\n``)."""
    return text.translate(_ESCAPES)


class WorkbenchError(Exception):
    """A problem the user can fix; ``str(err)`` is one clear line saying what and where."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        message, hint = one_line(message), one_line(hint)
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}".strip() if self.hint else self.message


class DataError(WorkbenchError):
    """A data file that cannot be read or used (names the file, and the row or column)."""


class ConfigError(WorkbenchError):
    """A config with one or more problems; ``problems`` lists them as ``Problem`` objects.

    A plain string stands for a problem with no one setting at fault (a file that is missing).
    """

    def __init__(self, problems: Iterable[Problem | str], *, source: str = "") -> None:
        self.problems = [p if isinstance(p, Problem) else Problem("", "", p) for p in problems]
        lines = [str(p) for p in self.problems]
        prefix = f"{source}: " if source else ""
        if len(lines) == 1:
            message = prefix + lines[0]
        else:
            message = prefix + f"{len(lines)} problems: " + "; ".join(lines)
        super().__init__(message)


class CheckpointError(WorkbenchError):
    """A checkpoint or run folder that is missing, corrupt, unsafe or does not match the model."""


class TrainingError(WorkbenchError):
    """Training stopped for a reason the user should hear about (e.g. the loss became NaN)."""
