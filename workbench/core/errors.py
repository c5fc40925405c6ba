"""The project's own error types: every failure a user can cause ends up as one of these.

Every message is one bounded, printable line (``bounded``): control, format (bidi overrides such
as U+202E, zero-width characters) and separator characters from the user's file are written as
escapes, and long values are cut with "…" so the whole stays under ``MAX_MESSAGE`` characters
while the part that says what to do is kept.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from workbench.core.problems import Problem

MAX_MESSAGE = 300  # characters of a whole error line, "error: " included
_TEXT_LIMIT = MAX_MESSAGE - 30  # of an error's own text, leaving room for "error: training failed: "
_HINT_LIMIT = 150  # the what-to-do part is cut only if it alone is this long
_PROBLEM_LIMIT = 200  # one config problem, as the window shows it beside its field

# Characters that must never reach a terminal or a dialog raw (Unicode categories Cc, Cf, Cs, Zl
# and Zp, as of Unicode 15): a column name may hold a line break, a terminal escape sequence or a
# right-to-left override that makes the line read differently from what it says. Listed rather
# than computed, so importing this module costs nothing (tests/core/test_messages.py checks it).
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f"
    "\u2028-\u202e\u2060-\u2064\u2066-\u206f\ud800-\udfff\ufeff\ufff9-\ufffb\U000110bd\U000110cd"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
# A quoted value, or else a run of non-blank characters: the units ``bounded`` may cut.
_UNITS = re.compile(r"'[^']{2,}'|\"[^\"]{2,}\"|\S+")
_KEEP = 24  # a unit is never cut below this many characters
_WIDE = 60  # ...and first cut to this, which a dialog shows on one line


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED:
        return _NAMED[char]
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def one_line(text: str) -> str:
    """``text`` with line breaks, control and format characters written as escapes (``\\n``, ``\\u202e``)."""
    return _UNPRINTABLE.sub(_escape, text)


def _cut(unit: str, size: int) -> str:
    """``unit`` at ``size`` characters: its start and end kept, "…" between."""
    tail = max(1, (size - 1) // 3)
    return unit[:size - 1 - tail] + "…" + unit[-tail:]


def bounded(text: object, limit: int = _TEXT_LIMIT) -> str:
    """``text`` as one printable line of at most ``limit`` characters.

    The longest values (a quoted value, a path, a number) are cut in the middle first, so the
    sentence around them, and the advice at its end, stays whole; only if that is not enough is
    the middle of the line itself cut.
    """
    text = str(text)
    if len(text) > 8 * limit:  # a 50 MB value: never escape or scan all of it
        text = text[:4 * limit] + "…" + text[-2 * limit:]
    text = one_line(text)
    excess = len(text) - limit
    if excess <= 0:
        return text
    units = sorted(_UNITS.finditer(text), key=lambda m: len(m.group()), reverse=True)
    sizes: dict[int, int] = {}  # a cut unit's start -> its new length
    for floor in (_WIDE, _KEEP):  # first as wide as a dialog's line at most, then just short enough
        for match in units:
            now = sizes.get(match.start(), len(match.group()))
            if excess <= 0:
                break
            if now > floor:
                sizes[match.start()] = floor if floor == _WIDE else max(floor, now - excess)
                excess -= now - sizes[match.start()]
    parts, pos = [], 0
    for match in sorted((m for m in units if m.start() in sizes), key=lambda m: m.start()):
        parts += [text[pos:match.start()], _cut(match.group(), sizes[match.start()])]
        pos = match.end()
    text = "".join(parts) + text[pos:]
    return text if len(text) <= limit else _cut(text, limit)


def error_line(exc: BaseException, prefix: str = "error: ") -> str:
    """The one line the command line prints for ``exc``: ``prefix`` and its bounded message."""
    return bounded(f"{prefix}{exc}", MAX_MESSAGE)


class WorkbenchError(Exception):
    """A problem the user can fix; ``str(err)`` is one clear, bounded line saying what and where."""

    def __init__(self, message: str, *, hint: str = "") -> None:
        hint = bounded(hint, _HINT_LIMIT) if hint else ""
        message = bounded(message, _TEXT_LIMIT - len(hint) - 1 if hint else _TEXT_LIMIT)
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
    Each problem's message is bounded too, since the window shows it beside its field.
    """

    def __init__(self, problems: Iterable[Problem | str], *, source: str = "") -> None:
        self.problems = [_bounded_problem(p if isinstance(p, Problem) else Problem("", "", p))
                         for p in problems]
        lines = [str(p) for p in self.problems]
        prefix = f"{bounded(source, 80)}: " if source else ""
        if len(lines) == 1:
            message = prefix + lines[0]
        else:
            message = prefix + f"{len(lines)} problems: " + "; ".join(lines)
        super().__init__(message)


def _bounded_problem(problem: Problem) -> Problem:
    """``problem`` with its message bounded, and the names it holds escaped alike, so that a key
    with a line break or a bidi override still finds its place in the message (``{model.key}``)."""
    return dataclasses.replace(problem, section=one_line(problem.section), field=one_line(problem.field),
                               related=tuple((one_line(s), one_line(f)) for s, f in problem.related),
                               message=bounded(problem.message, _PROBLEM_LIMIT))


class CheckpointError(WorkbenchError):
    """A checkpoint or run folder that is missing, corrupt, unsafe or does not match the model."""


class TrainingError(WorkbenchError):
    """Training stopped for a reason the user should hear about (e.g. the loss became NaN)."""
