"""The fault corpus (issue 12): inputs and events that once hung, blew up memory, answered wrongly
or crashed, each with what the user must see instead.

A ``Fault`` writes its inputs into a fresh folder and returns the arguments of one ``workbench``
command. The command must end within ``timeout`` seconds with exit status ``status`` and, when
``message`` is set, exactly one ``error: ...`` line on stderr that contains it, under
``MAX_MESSAGE`` characters, printable (no control or bidi characters) and never "internal error".
``message`` empty means the command succeeds (``status`` 0) and ``check`` (if any) looks at what it
printed or left behind.

Cases live in one module per area (``paths``, ``runs``, ``inputs``, ...) as a ``FAULTS`` list;
``ALL`` collects them. tests/core/test_faults.py runs each through the CLI; a case that may block
(a FIFO, a device file) runs in a subprocess so a hang is a failure, never a stuck suite.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

MAX_MESSAGE = 300
AREAS = ("paths", "runs", "inputs", "models")  # one module each, owned by whoever adds its cases


@dataclass(frozen=True)
class Fault:
    """One fault, how to make it, and what the user must see."""

    name: str
    kind: str                                  # hang, unbounded, memory, wrong, loss, internal, confusing
    make: Callable[[Path], list[str]]          # writes the inputs into the folder, returns the CLI arguments
    message: str = ""                          # a part of the one error line ("" = the command succeeds)
    status: int = 2                            # exit status (2: the user's mistake; 3: a run that failed)
    timeout: float = 60.0                      # seconds before it counts as a hang
    subprocess: bool = False                   # run in a child process (a case that could block forever)
    check: Callable[[Path, str, str], None] | None = None  # (folder, stdout, stderr) -> asserts


def all_faults() -> list[Fault]:
    """Every area's cases, in area order."""
    faults: list[Fault] = []
    for area in AREAS:
        try:
            module = importlib.import_module(f"faults.{area}")
        except ModuleNotFoundError as exc:  # an area not written yet
            if exc.name != f"faults.{area}":
                raise
            continue
        faults.extend(module.FAULTS)
    return faults
