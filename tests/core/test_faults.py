"""The fault corpus (tests/faults) through the ``workbench`` command: no hang, no traceback, no
"internal error" for a user's mistake, every message one bounded printable line."""

from __future__ import annotations

import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from faults import MAX_MESSAGE, Fault, all_faults
from workbench.cli import main

ROOT = Path(__file__).resolve().parents[2]
FAULTS = all_faults()


def run(fault: Fault, folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    args = [str(a) for a in fault.make(folder)]
    if fault.subprocess:
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        try:
            done = subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True, text=True,
                                  timeout=fault.timeout, cwd=folder, env=env, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            pytest.fail(f"{fault.name}: still running after {fault.timeout} s (a hang)")
        return done.returncode, done.stdout, done.stderr
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def assert_bounded_line(err: str) -> str:
    """The one ``error:`` line of ``err``: short, printable, no traceback."""
    lines = [line for line in err.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, err[-2000:]
    assert "Traceback" not in err, err[-2000:]
    line = lines[0]
    assert len(line) <= MAX_MESSAGE, f"{len(line)} characters: {line[:400]}"
    bad = [c for c in line if unicodedata.category(c) in ("Cc", "Cf")]
    assert not bad, f"unprintable {bad!r} in {line!r}"
    return line


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
def test_fault(fault: Fault, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(fault, tmp_path, capsys)
    if fault.message:
        line = assert_bounded_line(err)
        assert "internal error" not in line, line
        assert fault.message in line, line
    assert code == fault.status, (code, err[-2000:])
    if fault.check is not None:
        fault.check(tmp_path, out, err)


def test_the_corpus_has_grown_by_sixty_cases() -> None:
    assert len(FAULTS) >= 60, len(FAULTS)
    assert len({f.name for f in FAULTS}) == len(FAULTS), "case names must be unique"
