"""The plain-text form of an ``Analysis``, as ``workbench inspect`` prints it.

Every value from the file (names, classes, messages) is cut to a bounded width with "…" and
made one line, so a column named with a paragraph or a terminal escape prints harmlessly.
"""

from __future__ import annotations

from workbench.core.data.analysis import TASK_LABELS, Analysis
from workbench.core.data.checks import cut, set_arg
from workbench.core.errors import one_line

MAX_COLUMNS_SHOWN = 60
NAME_WIDTH = 28
_DELIMITERS = {",": "','", "\t": "tab", ";": "';'", "|": "'|'"}


def _name(text: str, width: int = NAME_WIDTH) -> str:
    return one_line(cut(str(text), width))


def report(a: Analysis) -> str:
    """What Workbench understands of the file, in lines a person reads."""
    lines = [f"File: {one_line(a.path)}"]
    if a.kind == "table":
        lines.append(f"Read as: {a.encoding}, delimiter {_DELIMITERS.get(a.delimiter, repr(a.delimiter))}, "
                     f"{a.rows:,} rows, {len(a.roles):,} columns")
    else:
        lines.append(f"Read as: {a.encoding} plain text, {a.chars:,} characters, {a.words:,} words")
    if a.error:
        lines.append(f"Cannot train: {one_line(cut(a.error))}")
    if a.task:
        classes = f" ({a.n_classes:,} classes)" if a.n_classes else ""
        lines.append(f"Task: {TASK_LABELS.get(a.task, a.task)}{classes}")
    lines += _target_lines(a)
    if a.kind == "table":
        lines.append(f"Split column: {_name(a.split_column) if a.split_column else 'none (random shares)'}")
        markers = ", ".join(f"'{_name(col)}': {n:,}" for col, n in a.missing.items())
        lines.append(f"Missing-value markers: {markers or 'none found'}")
        lines.append("Columns:")
        shown = list(a.roles.items())[:MAX_COLUMNS_SHOWN]
        for col, role in shown:
            reason = one_line(cut(a.reasons.get(col, ""), 70))
            lines.append(f"  {_name(col):<{NAME_WIDTH}}  {role:<11}  {reason}")
        if len(a.roles) > len(shown):
            lines.append(f"  … and {len(a.roles) - len(shown):,} more columns (--json lists them all)")
    if a.warnings:
        lines.append("Warnings:")
        for w in a.warnings:
            fix = f" Fix: {' '.join(w.set_args())}" if w.fix else ""
            lines.append(f"  {w.level} [{w.code}]{f' {_name(w.column)}' if w.column else ''}: "
                         f"{one_line(cut(w.message))}{one_line(cut(fix))}")
    if a.notes:
        lines.append("Notes:")
        lines += [f"  {one_line(cut(note))}" for note in a.notes]
    return "\n".join(lines)


def _target_lines(a: Analysis) -> list[str]:
    if a.task == "language_modeling" or not (a.target or a.candidates):
        return []
    ranked = ", ".join(f"'{_name(c.column)}' ({one_line(cut('; '.join(c.reasons), 80))})"
                       for c in a.candidates[:3])
    if a.target_confident:
        return [f"Target: '{_name(a.target)}'", f"Candidates: {ranked}"]
    return [f"Target: not sure; the best guess is '{_name(a.target)}'. Say which column to predict with "
            f"--set data.target=NAME, e.g. --set {set_arg('data.target', a.target)}",
            f"Candidates: {ranked}"]
