#!/usr/bin/env python3
"""Set up and run Workbench on a fresh machine with one command.

    python3 dev.py app     install what is needed into .venv, then open the app with an example
    python3 dev.py test    install what is needed (with test tools) into .venv, then run the tests
    python3 dev.py bench   install, then run the benchmark suite (bench/README.md)

Only the Python standard library is used here, so it runs before anything is installed.
PyTorch: constraints.txt pins the release every test ran with; pip then takes the build PyPI
serves for your platform (CUDA on Linux x86-64, MPS-capable on macOS, CPU on Windows). For another
CUDA or a CPU-only build, set WORKBENCH_TORCH_INDEX to a PyTorch wheel index URL, e.g.
WORKBENCH_TORCH_INDEX=https://download.pytorch.org/whl/cpu python3 dev.py app
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")


def _run(cmd: list[str], **kw) -> None:
    print("+", " ".join(str(c) for c in cmd), flush=True)
    subprocess.run([str(c) for c in cmd], check=True, **kw)


def ensure_env(extras: str) -> None:
    """Create .venv and install the project (editable) with ``extras``; skipped when up to date."""
    if sys.version_info < (3, 10):
        sys.exit(f"Workbench needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
    if not PY.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    # Re-install only when the project's requirements changed (a stamp of their hash).
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    digest.update(extras.encode() + os.environ.get("WORKBENCH_TORCH_INDEX", "").encode())
    stamp = VENV / f".workbench-installed-{extras or 'app'}"
    if stamp.exists() and stamp.read_text() == digest.hexdigest():
        return
    pip = [PY, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    torch_pin = [line.strip() for line in (ROOT / "constraints.txt").read_text().splitlines()
                 if line.strip().startswith("torch")]
    index = os.environ.get("WORKBENCH_TORCH_INDEX")
    # torch first, alone, so the pinned build is chosen before anything else can pull another.
    _run(pip + torch_pin + (["--index-url", index] if index else []))
    target = f".[{extras}]" if extras else "."
    _run(pip + ["-c", ROOT / "constraints.txt", "-e", target], cwd=ROOT)
    stamp.write_text(digest.hexdigest())


def main(argv: list[str]) -> int:
    """Dispatch ``app`` / ``test`` / ``bench``; extra arguments go to the program run."""
    command = argv[0] if argv else "app"
    rest = argv[1:]
    if command == "app":
        ensure_env("")
        args = rest or ["--example", "movie-reviews"]
        return subprocess.call([str(PY), "-m", "workbench", "app", *args], cwd=ROOT)
    if command == "test":
        ensure_env("test")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        lint = subprocess.call([str(BIN / "lint-imports")], cwd=ROOT, env=env)
        if lint:
            print("import-boundary check failed: workbench.core must not import Qt or workbench.ui")
            return lint
        return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT, env=env)
    if command == "bench":
        ensure_env("test")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        return subprocess.call([str(PY), "-m", "bench", *rest], cwd=ROOT, env=env)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
