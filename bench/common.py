"""What every benchmark shares: the machine and versions it ran on, timing helpers, the JSON writer."""

from __future__ import annotations

import contextlib
import json
import os
import platform
import statistics
import time
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]  # the repository
RESULTS = Path(__file__).resolve().parent / "results"
PACKAGES = ("torch", "numpy", "pandas", "PySide6-Essentials", "pyqtgraph")


def machine() -> dict[str, Any]:
    """CPU, cores, memory, OS, Python and package versions."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = None
    with contextlib.suppress(ValueError, OSError, AttributeError):  # no sysconf, e.g. on Windows
        memory = round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30, 1)
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": memory, "os": platform.platform(),
            "python": platform.python_version(), "versions": versions,
            "time": time.strftime("%Y-%m-%dT%H:%M:%S")}


def times_ms(fn: Callable[[], object], repeats: int) -> list[float]:
    """Wall milliseconds of ``repeats`` calls of ``fn``."""
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append(1e3 * (time.perf_counter() - start))
    return out


def summary(values: list[float]) -> dict[str, float]:
    """Median, p99 and max of ``values`` (and how many)."""
    if not values:
        return {"n": 0, "median": float("nan"), "p99": float("nan"), "max": float("nan")}
    ordered = sorted(values)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return {"n": len(values), "median": statistics.median(values), "p99": p99, "max": ordered[-1]}


def rss_mb() -> float:
    """This process's resident memory in MB (Linux /proc; 0 where unavailable)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def write(name: str, result: dict[str, Any], out: str | Path | None = None) -> Path:
    """Write ``result`` plus the machine description to bench/results/<name>.json (or ``out``)."""
    from workbench.core.fileio import atomic_write_text

    path = Path(out) if out else RESULTS / f"{name}.json"
    atomic_write_text(path, json.dumps({"benchmark": name, "machine": machine(), **result}, indent=2) + "\n")
    print(f"wrote {path}")
    return path


def verdict(ok: bool | None) -> str:
    """A table cell for a target: met, MISSED or n/a."""
    return "n/a" if ok is None else ("met" if ok else "MISSED")
