"""The checks every path a user gives passes before Workbench reads from it or writes under it.

A path must name a regular file (or a folder, where a folder is expected) of a sane size: a named
pipe (FIFO) would block the reader forever, ``/dev/zero`` never ends, a socket or a device is no
data, a symbolic link loop or a NUL byte makes the operating system fail in ways Python reports as
internal errors. Each is refused with the caller's own error type (``DataError``, ``ConfigError``,
``CheckpointError``) and a message naming the path. Only ``os.stat`` is used to decide, so nothing
here ever opens, let alone blocks on, what it refuses; ``read_bytes`` opens without blocking and
checks again what it opened, so a file swapped for a pipe in between is refused too.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from pathlib import Path

from workbench.core.errors import ConfigError, WorkbenchError

MAX_PATH_CHARS = 4096  # PATH_MAX on Linux; a longer path is a mistake everywhere
MAX_NAME_BYTES = 255  # one file or folder name (NAME_MAX)

_KINDS = ((stat.S_ISDIR, "is a folder"), (stat.S_ISFIFO, "is a named pipe (FIFO)"),
          (stat.S_ISCHR, "is a device"), (stat.S_ISBLK, "is a device"), (stat.S_ISSOCK, "is a socket"))


def _fail(error: type[WorkbenchError], path: object, problem: str, fix: str = "") -> WorkbenchError:
    message = f"{path}: {problem}."
    if issubclass(error, ConfigError):
        return ConfigError([f"{message} {fix}".strip()])
    return error(message, hint=fix)


def check_name(path: str | os.PathLike[str], error: type[WorkbenchError]) -> str:
    """``path`` as a string, once it is one the operating system can look up (no NUL, not too long)."""
    text = os.fspath(path)
    if "\x00" in text:
        raise _fail(error, text, "the path contains a NUL character (\\x00), which no file name can hold",
                    "Check where the path came from.")
    if len(text) > MAX_PATH_CHARS:
        raise _fail(error, text, f"the path is {len(text):,} characters long; the limit is "
                    f"{MAX_PATH_CHARS:,}", "Use a shorter path.")
    longest = max((len(os.fsencode(part)) for part in Path(text).parts), default=0)
    if longest > MAX_NAME_BYTES:
        raise _fail(error, text, f"a name in the path is {longest:,} bytes long; the limit is "
                    f"{MAX_NAME_BYTES}", "Use shorter file and folder names.")
    return text


def _stat(text: str, error: type[WorkbenchError], what: str) -> os.stat_result:
    try:
        return os.stat(text)
    except FileNotFoundError:
        raise _fail(error, text, f"{what} not found", "Check the path and the name.") from None
    except PermissionError:
        raise _fail(error, text, "no permission to read this file", "Check its permissions.") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise _fail(error, text, "is a loop of symbolic links (a link that leads back to itself)",
                        "Point the link at the real file or folder.") from None
        if exc.errno == errno.ENOTDIR:
            raise _fail(error, text, "a part of the path is a file, not a folder",
                        "Check the path.") from None
        if exc.errno == errno.ENAMETOOLONG:
            raise _fail(error, text, "the path is too long", "Use a shorter path.") from None
        raise _fail(error, text, f"cannot be read ({exc.strerror or exc})") from None


def _kind(mode: int) -> str:
    return next((name for test, name in _KINDS if test(mode)), "is not a regular file")


def check_file(path: str | os.PathLike[str], error: type[WorkbenchError], *, what: str = "file",
               max_bytes: int | None = None) -> os.stat_result:
    """The ``os.stat`` of ``path`` once it is a regular file of at most ``max_bytes``; else ``error``.

    ``what`` names the file in messages ("config file", "checkpoint").
    """
    text = check_name(path, error)
    st = _stat(text, error, what)
    if not stat.S_ISREG(st.st_mode):
        fix = ("Choose a file inside it." if stat.S_ISDIR(st.st_mode)
               else "Workbench reads only regular files; choose one.")
        raise _fail(error, text, f"{_kind(st.st_mode)}, not a {what}", fix)
    if max_bytes is not None and st.st_size > max_bytes:
        raise _fail(error, text, f"is too large for a {what} ({_size(st.st_size)}; the limit is "
                    f"{_size(max_bytes)})", f"Check that this is the right {what}.")
    return st


def check_folder(path: str | os.PathLike[str], error: type[WorkbenchError], *,
                 what: str = "folder") -> os.stat_result:
    """The ``os.stat`` of ``path`` once it is a folder (a link to one is fine); else ``error``."""
    text = check_name(path, error)
    st = _stat(text, error, what)
    if not stat.S_ISDIR(st.st_mode):
        kind = "is a file" if stat.S_ISREG(st.st_mode) else _kind(st.st_mode)
        raise _fail(error, text, f"{kind}, not a {what}", "Give the path of a folder.")
    return st


def check_writable_folder(path: str | os.PathLike[str], error: type[WorkbenchError] = ConfigError, *,
                          what: str = "folder") -> Path:
    """``path`` as a folder new files can be made in (created later if missing); else ``error``.

    A missing folder is fine when its nearest existing parent is a folder that can be written to.
    """
    p = Path(check_name(path, error))
    existing = p
    while not os.path.lexists(existing) and existing.parent != existing:
        existing = existing.parent
    st = _stat(str(existing), error, what)  # a link loop or no permission: said exactly
    if not stat.S_ISDIR(st.st_mode):
        kind = "is a file" if stat.S_ISREG(st.st_mode) else _kind(st.st_mode)
        problem = kind if existing == p else f"is inside {existing}, which {kind}"
        raise _fail(error, p, f"{problem}, not a {what}", "Give the path of a folder.")
    try:  # os.access alone says yes to root on a read-only mount: make (and remove) a folder
        os.rmdir(tempfile.mkdtemp(prefix=".workbench-", dir=existing))
    except OSError as exc:
        where = "" if existing == p else f" (in {existing})"
        problem = f"cannot be written to{where}: {exc.strerror or exc}"
        raise _fail(error, p, problem, "Choose a folder you can write to.") from None
    return p


def check_writable_file(path: str | os.PathLike[str], error: type[WorkbenchError] = ConfigError, *,
                        what: str = "file") -> Path:
    """``path`` as a file that can be written (replaced if it is one): its folder can be written
    to, and the path itself is no folder, pipe or device; else ``error``."""
    p = Path(check_name(path, error))
    if os.path.lexists(p):
        st = _stat(str(p), error, what)
        if not stat.S_ISREG(st.st_mode):
            fix = "Give a file name inside it." if stat.S_ISDIR(st.st_mode) else "Give the path of a file."
            raise _fail(error, p, f"{_kind(st.st_mode)}, not a {what}", fix)
    check_writable_folder(p.parent, error)
    return p


def read_bytes(path: str | os.PathLike[str], error: type[WorkbenchError], *, what: str = "file",
               max_bytes: int) -> bytes:
    """The contents of ``path`` once ``check_file`` passes; the file is opened without blocking and
    checked again through its open handle, and never more than ``max_bytes`` are read."""
    text = os.fspath(path)
    check_file(text, error, what=what, max_bytes=max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(text, flags)
    except OSError as exc:
        raise _fail(error, text, f"cannot be read ({exc.strerror or exc})") from None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped since the check
            raise _fail(error, text, f"{_kind(st.st_mode)}, not a {what}", "Choose a regular file.")
        data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise _fail(error, text, f"is too large for a {what} (more than {_size(max_bytes)})",
                    f"Check that this is the right {what}.")
    return data


def _size(n: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} bytes"


def check_contents(folder: Path, names: tuple[str, ...], error: type[WorkbenchError]) -> None:
    """Each of ``names`` (paths inside ``folder``) that exists must be a regular file: no pipe, no
    device, no link loop (a run folder's files, checked before any of them is opened)."""
    for name in names:
        if os.path.lexists(folder / name):
            check_file(folder / name, error)


def resolved(path: str | os.PathLike[str]) -> Path:
    """``path`` made absolute, links resolved where they can be. A link loop or a NUL byte, which
    make ``Path.resolve`` raise, leave the path as written, for ``check_file`` to name the problem."""
    try:
        return Path(path).expanduser().resolve()
    except (OSError, RuntimeError, ValueError):
        return Path(os.path.abspath(os.path.expanduser(os.fspath(path))))
