"""How core work shares the CPUs: how many threads to use, and a hook long work calls between pieces.

Free of torch and pandas, so the app can ask and set both before either is imported (and pass
the thread count to pandas' parser as well as to torch).

Core never pauses for a window's sake on its own: work done a piece at a time (column statistics,
see ``core.data.columns``) calls ``yield_between_pieces`` after each piece, which does nothing
unless a hook is set. The CLI sets none; the desktop app's scheduling policy
(``workbench.ui.shell.scheduling``) sets one that lets a waiting GUI thread in.
"""

from __future__ import annotations

import os
from collections.abc import Callable

YieldHook = Callable[[], None]


def default_threads(leave_one_free: bool) -> int:
    """All cores for headless work; all but one while a window must stay responsive.

    For pandas' parser and other work that is not torch's: torch's threads follow the policy in
    ``core.threads``, which also weighs the model's work and the other processes' load (on a small
    busy machine, fewer threads can be many times faster: measured on 2 cores under load, 800
    tokens/s with 2 threads, 11,000 with 1).
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores - 1) if leave_one_free else max(1, cores)


def _go_on() -> None:
    """The default hook: nothing to make room for, so no pause."""


_yield_hook: YieldHook = _go_on


def set_yield_hook(hook: YieldHook | None) -> YieldHook:
    """Have long core work call ``hook`` between its pieces (None: no pause); returns the previous hook.

    The hook is process-wide: the work runs on whatever thread the caller chose.
    """
    global _yield_hook
    previous, _yield_hook = _yield_hook, hook or _go_on
    return previous


def yield_between_pieces() -> None:
    """Called by long core work after each piece: runs the hook set with ``set_yield_hook``."""
    _yield_hook()
