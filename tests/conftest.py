"""Shared fixtures: paths to the bundled datasets and example configs, single-threaded torch."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    return ROOT / "resources" / "datasets"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return ROOT / "resources" / "examples"


@pytest.fixture(scope="module")
def one_thread() -> Any:
    """Run torch on one thread for a module: tiny models run fastest so, and the test machine's
    cores are shared. Use with ``pytestmark = pytest.mark.usefixtures("one_thread")``."""
    import torch  # here, not at the top: most test modules never touch torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
