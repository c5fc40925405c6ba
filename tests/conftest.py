"""Shared fixtures: paths to the bundled datasets and example configs, single-threaded torch."""

from __future__ import annotations

import faulthandler
import os
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
# No test takes more than about a minute (the soak); one stuck this long is hung. Print every
# thread's stack and end the run, so CI fails in minutes with the place it hung, not at its limit.
HANG_S = int(os.environ.get("WORKBENCH_TEST_HANG_S", "600"))
_REAL_STDERR: list[int] = []  # a copy of fd 2 taken before pytest captures it during tests


def pytest_configure(config: Any) -> None:
    _REAL_STDERR.append(os.dup(2))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: Any, nextitem: Any) -> Any:
    faulthandler.dump_traceback_later(HANG_S, exit=True, file=_REAL_STDERR[0])
    try:
        yield
    finally:
        faulthandler.cancel_dump_traceback_later()


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


@pytest.fixture
def one_thread_each_test() -> Any:
    """``one_thread``, restored after every test: for tests that run ``workbench train``, which sets
    torch's thread count for the process (it must not leak into the next test)."""
    import torch

    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)
