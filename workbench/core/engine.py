"""Importing the training engine (torch and the modules built on it) from background threads.

Two threads importing torch and our modules at the same time can deadlock on Python's
per-module import locks (one holds ``core.models`` and waits for torch, the other holds torch and
waits for ``core.models``); Python breaks such a deadlock by handing one thread a half-initialised
module, which surfaced as "'_OpNamespace' 'prims' object has no attribute 'sum'" when the
window's start-up import and the model-size estimate ran side by side. Every background job that
needs the engine calls :func:`load` first: one thread imports, the others wait for it, and once
it is in, ``load`` costs a lock and a dictionary look-up.
"""

from __future__ import annotations

import threading

_lock = threading.Lock()


def load() -> None:
    """Import the engine once; concurrent callers wait for the first."""
    with _lock:
        import workbench.core.pipeline  # noqa: F401 - the import is the point
