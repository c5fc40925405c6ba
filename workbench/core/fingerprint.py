"""The training file's fingerprint, kept in the run folder so a resume notices changed data.

``<run>/data_fingerprint.json`` holds the file's size, modification time and SHA-256 when the run
starts. A resume compares: the same size and time means unchanged (no hashing); otherwise the file
is hashed, and the same content (a file touched or copied) is fine. Other content is refused with
a ``DataError`` unless the user allows it, in which case the fingerprint is renewed so the next
resume compares against the data now in use.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from workbench.core.errors import CheckpointError, DataError
from workbench.core.fileio import atomic_write_text

FILE = "data_fingerprint.json"
ALLOW_FLAG = "--allow-changed-data"
_CHUNK = 1 << 20  # hashed a megabyte at a time: memory stays flat whatever the file's size


def fingerprint(path: str | Path) -> dict[str, Any]:
    """Size, modification time (ns) and SHA-256 of the file at ``path``."""
    path = Path(path)
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        stat = os.fstat(fh.fileno())
        while chunk := fh.read(_CHUNK):
            digest.update(chunk)
    return {"path": str(path.resolve()), "size": stat.st_size, "mtime_ns": stat.st_mtime_ns,
            "sha256": digest.hexdigest()}


def record(run_path: Path, data_path: str | Path | None) -> None:
    """Write the fingerprint of ``data_path`` into the run folder (nothing for a path that is not a file)."""
    if data_path and Path(data_path).is_file():
        _write(run_path, fingerprint(data_path))


def _write(run_path: Path, print_: dict[str, Any]) -> None:
    atomic_write_text(Path(run_path) / FILE, json.dumps(print_, indent=1, ensure_ascii=False))


def _stored(run_path: Path) -> dict[str, Any] | None:
    """The stored fingerprint; None for a run from before fingerprints; CheckpointError when damaged."""
    file = Path(run_path) / FILE
    if not file.exists():
        return None
    try:
        stored = json.loads(file.read_bytes()[:10_000].decode("utf-8"))
        if not (isinstance(stored, dict) and isinstance(stored.get("size"), int)
                and isinstance(stored.get("mtime_ns"), int) and isinstance(stored.get("sha256"), str)):
            raise ValueError("missing fields")
    except (OSError, ValueError) as exc:
        raise CheckpointError(f"{file} is damaged ({type(exc).__name__}), so a change of the data "
                              "cannot be ruled out", hint=f"Pass {ALLOW_FLAG} to resume anyway.") from None
    return stored


def check(run_path: Path, data_path: str | Path | None, allow_changed: bool = False) -> list[str]:
    """Refuse (DataError) to resume on data that changed since the run started, unless
    ``allow_changed``; returns the notes to show (what was allowed)."""
    if not data_path or not Path(data_path).is_file():
        return []  # preparing the data says what is missing
    try:
        stored = _stored(run_path)
    except CheckpointError:
        if not allow_changed:
            raise
        record(run_path, data_path)
        return [f"{FILE} was damaged; the data was not checked and its fingerprint is renewed"]
    if stored is None:
        return []
    stat = os.stat(data_path)
    if stat.st_size == stored["size"] and stat.st_mtime_ns == stored["mtime_ns"]:
        return []
    now = fingerprint(data_path)
    if now["sha256"] == stored["sha256"]:
        _write(run_path, now)  # the same content, touched: next time the time matches again
        return []
    what = (f"{stored['size']:,} → {now['size']:,} bytes" if now["size"] != stored["size"]
            else "same size, different content")
    if not allow_changed:
        raise DataError(f"{data_path} changed since this run started ({what}); resuming would train "
                        "the saved model on other data",
                        hint=f"Start a new run, or pass {ALLOW_FLAG} to resume on the changed file.")
    _write(run_path, now)
    return [f"The data file changed since the run started ({what}); resuming on it as asked"]
