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


def _stamp(extras: str) -> tuple[Path, str]:
    """The stamp file of an install with ``extras`` and the digest it holds when current."""
    digest = hashlib.sha256()
    for name in ("pyproject.toml", "constraints.txt"):
        digest.update((ROOT / name).read_bytes())
    digest.update(extras.encode() + os.environ.get("WORKBENCH_TORCH_INDEX", "").encode())
    return VENV / f".workbench-installed-{extras or 'app'}", digest.hexdigest()


def _current(stamp: Path, digest: str) -> bool:
    return stamp.exists() and stamp.read_text() == digest


def ensure_env(extras: str) -> None:
    """Create .venv and install the project (editable) with ``extras``; skipped when up to date."""
    if sys.version_info < (3, 10):  # noqa: UP036 - dev.py runs on any python3, before the check
        sys.exit(f"Workbench needs Python 3.10 or newer; this is {sys.version.split()[0]}.")
    if not PY.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    # Re-install only when the project's requirements changed (a stamp of their hash). The test
    # extras include everything the app needs, so a current "test" install satisfies "app" too.
    stamp, digest = _stamp(extras)
    if _current(stamp, digest) or (not extras and _current(*_stamp("test"))):
        return
    pip = [PY, "-m", "pip", "install", "--disable-pip-version-check", "-q"]
    torch_pin = [line.strip() for line in (ROOT / "constraints.txt").read_text().splitlines()
                 if line.strip().startswith("torch")]
    index = os.environ.get("WORKBENCH_TORCH_INDEX")
    # torch first, alone, so the pinned build is chosen before anything else can pull another.
    _run([*pip, *torch_pin, *(["--index-url", index] if index else [])])
    target = f".[{extras}]" if extras else "."
    _run([*pip, "-c", ROOT / "constraints.txt", "-e", target], cwd=ROOT)
    stamp.write_text(digest)

# Libraries Qt's X11 plugin needs that a fresh Linux desktop may lack, with the package that has
# each on Debian/Ubuntu, Fedora, Arch and openSUSE. libxcb-cursor is opened at run time (Qt 6.5+),
# so ldd does not list it; it is checked on its own.
QT_XCB_PACKAGES = {
    "libxcb-cursor.so.0": ("libxcb-cursor0", "xcb-util-cursor", "xcb-util-cursor", "libxcb-cursor0"),
    "libxcb-icccm.so.4": ("libxcb-icccm4", "xcb-util-wm", "xcb-util-wm", "libxcb-icccm4"),
    "libxcb-keysyms.so.1": ("libxcb-keysyms1", "xcb-util-keysyms", "xcb-util-keysyms", "libxcb-keysyms1"),
    "libxcb-image.so.0": ("libxcb-image0", "xcb-util-image", "xcb-util-image", "libxcb-image0"),
    "libxcb-render-util.so.0": ("libxcb-render-util0", "xcb-util-renderutil", "xcb-util-renderutil",
                                "libxcb-render-util0"),
    "libxkbcommon-x11.so.0": ("libxkbcommon-x11-0", "libxkbcommon-x11", "libxkbcommon-x11",
                              "libxkbcommon-x11-0"),
    "libxkbcommon.so.0": ("libxkbcommon0", "libxkbcommon", "libxkbcommon", "libxkbcommon0"),
    "libxcb-shape.so.0": ("libxcb-shape0", "libxcb", "libxcb", "libxcb-shape0"),
    "libxcb-randr.so.0": ("libxcb-randr0", "libxcb", "libxcb", "libxcb-randr0"),
    "libxcb-xkb.so.1": ("libxcb-xkb1", "libxcb", "libxcb", "libxcb-xkb1"),
    "libxcb-xfixes.so.0": ("libxcb-xfixes0", "libxcb", "libxcb", "libxcb-xfixes0"),
    "libxcb-sync.so.1": ("libxcb-sync1", "libxcb", "libxcb", "libxcb-sync1"),
    "libxcb-shm.so.0": ("libxcb-shm0", "libxcb", "libxcb", "libxcb-shm0"),
    "libxcb-render.so.0": ("libxcb-render0", "libxcb", "libxcb", "libxcb-render0"),
    "libX11-xcb.so.1": ("libx11-xcb1", "libX11-xcb", "libx11", "libX11-xcb1"),
    "libEGL.so.1": ("libegl1", "libglvnd-egl", "libglvnd", "libEGL1"),
    "libGL.so.1": ("libgl1", "libglvnd-glx", "libglvnd", "libGL1"),
    "libOpenGL.so.0": ("libopengl0", "libglvnd-opengl", "libglvnd", "libOpenGL0"),
    "libfontconfig.so.1": ("libfontconfig1", "fontconfig", "fontconfig", "libfontconfig1"),
    "libdbus-1.so.3": ("libdbus-1-3", "dbus-libs", "dbus", "libdbus-1-3"),
}
_INSTALLERS = (("debian ubuntu", "apt-get install -y"), ("fedora rhel centos", "dnf install -y"),
               ("arch", "pacman -S --needed"), ("suse", "zypper install -y"))


def missing_qt_libraries() -> list[str]:
    """Linux: the shared libraries Qt's X11 platform plugin cannot find (empty elsewhere)."""
    if not sys.platform.startswith("linux"):
        return []
    probe = ("import ctypes.util, os, PySide6; "
             "print(os.path.join(os.path.dirname(PySide6.__file__), 'Qt', 'plugins', 'platforms', "
             "'libqxcb.so')); "
             "print(ctypes.util.find_library('xcb-cursor') or '')")
    try:
        plugin, cursor = subprocess.run([str(PY), "-c", probe], capture_output=True, text=True,
                                        check=True).stdout.splitlines()[:2]
        linked = subprocess.run(["ldd", plugin], capture_output=True, text=True).stdout
    except (OSError, subprocess.CalledProcessError, ValueError):
        return []  # no ldd, or no plugin to check: let Qt speak for itself
    missing = sorted({line.split()[0] for line in linked.splitlines() if "not found" in line})
    return missing + ([] if cursor else ["libxcb-cursor.so.0"])


def install_command(libraries: list[str]) -> str:
    """The command that installs ``libraries`` on this Linux distribution."""
    ids = ""
    try:
        for line in Path("/etc/os-release").read_text().splitlines():
            if line.startswith(("ID=", "ID_LIKE=")):
                ids += " " + line.split("=", 1)[1].strip('"').lower()
    except OSError:
        pass
    for column, (names, command) in enumerate(_INSTALLERS):
        if any(name in ids for name in names.split()):
            packages = sorted({QT_XCB_PACKAGES[lib][column] if lib in QT_XCB_PACKAGES else lib
                               for lib in libraries})
            sudo = "" if os.geteuid() == 0 else "sudo "
            return f"{sudo}{command} {' '.join(packages)}"
    return "install the packages that provide: " + ", ".join(libraries)


def check_display_libraries() -> bool:
    """Print how to install what the window needs; False when it cannot open without them."""
    if os.environ.get("QT_QPA_PLATFORM", "xcb") not in ("xcb", ""):
        return True
    missing = missing_qt_libraries()
    if not missing:
        return True
    print("Qt needs system libraries this machine lacks to open a window: " + ", ".join(missing)
          + "\nInstall them with:\n    " + install_command(missing), flush=True)
    # A Wayland desktop can still open the window through Qt's Wayland plugin.
    return os.environ.get("XDG_SESSION_TYPE") == "wayland"


# What `test` checks before pytest, in order: the tool (in .venv), its arguments, what it checks.
STATIC_CHECKS = (
    ("lint-imports", (), "import boundaries: core is Qt-free, each layer imports only those below it"),
    ("ruff", ("check", "."), "lint"),
    ("mypy", (), "types"),
)


def build_translations() -> None:
    """Compile the interface's translations (resources/i18n/*.ts -> build/i18n/*.qm; a second)."""
    if subprocess.call([str(PY), str(ROOT / "scripts" / "i18n.py"), "build"], cwd=ROOT):
        print("could not compile the translations; the window compiles them when it starts", flush=True)


def main(argv: list[str]) -> int:
    """Dispatch ``app`` / ``test`` / ``bench``; extra arguments go to the program run."""
    command = argv[0] if argv else "app"
    rest = argv[1:]
    if command == "app":
        ensure_env("")
        build_translations()
        if not check_display_libraries():
            return 1
        args = rest or ["--example", "movie-reviews"]
        return subprocess.call([str(PY), "-m", "workbench", "app", *args], cwd=ROOT)
    if command == "test":
        ensure_env("test")
        build_translations()
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        failed = [check for check in STATIC_CHECKS
                  if subprocess.call([str(BIN / check[0]), *check[1]], cwd=ROOT, env=env)]
        for tool, args, what in failed:  # each tool listed its findings above
            command = " ".join([str(Path(".venv", BIN.name, tool)), *args])
            print(f"{tool} failed ({what}); see the details with: {command}", flush=True)
        if failed:
            return 1
        return subprocess.call([str(PY), "-m", "pytest", *rest], cwd=ROOT, env=env)
    if command == "bench":
        ensure_env("test")
        env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
        return subprocess.call([str(PY), "-m", "bench", *rest], cwd=ROOT, env=env)
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
