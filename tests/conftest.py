"""Shared fixtures: paths to the bundled datasets and example configs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def datasets_dir() -> Path:
    return ROOT / "resources" / "datasets"


@pytest.fixture(scope="session")
def examples_dir() -> Path:
    return ROOT / "resources" / "examples"
