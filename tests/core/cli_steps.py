"""Running the ``workbench`` command in-process, for the CLI tests."""

from __future__ import annotations

from typing import Any

import pytest

from workbench.cli import main


def run_cli(capsys: pytest.CaptureFixture[str], *args: Any) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``workbench ARGS...``."""
    code = main([str(a) for a in args])
    out, err = capsys.readouterr()
    return code, out, err
