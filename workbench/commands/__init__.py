"""Subcommands of ``workbench`` beyond train/predict/generate/score/inspect/app, one module each.

Each module named in ``NAMES`` defines ``register(sub)``: it adds its parser to the ``workbench``
subparsers and sets ``handler`` (a function of the parsed arguments returning the exit status).
Modules stay light at import time (argparse only); they import torch and the core inside the
handler, so ``workbench --help`` stays instant. Errors follow the CLI's rule: a ``WorkbenchError``
is the user's mistake (exit 2), a ``TrainingError`` a failed run (exit 3).
"""

from __future__ import annotations

import argparse
import importlib

# One line each, so that adding a command is a one-line change.
NAMES: tuple[str, ...] = (
    "runs",
    "diff",
    "export",
    "report",
)


def register_all(sub: argparse._SubParsersAction) -> None:
    """Add every command module's parser to ``sub``."""
    for name in NAMES:
        importlib.import_module(f"workbench.commands.{name}").register(sub)
