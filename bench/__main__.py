"""``python -m bench``: run every benchmark in turn, each in its own process.

Each prints its own table and writes bench/results/<name>.json. The GPU benchmark reports that
it needs a CUDA GPU and exits cleanly where there is none. Pass names to run a subset:
``python -m bench examples attention_capture``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    """Run ``bench_<name>.py`` for each name given (default: all), in name order."""
    available = sorted(p.stem[len("bench_"):] for p in HERE.glob("bench_*.py"))
    chosen = argv or available
    unknown = [n for n in chosen if n not in available]
    if unknown:
        print(f"unknown benchmark(s): {', '.join(unknown)}; available: {', '.join(available)}")
        return 2
    failed = []
    for name in chosen:
        print(f"\n=== {name} ===", flush=True)
        rc = subprocess.call([sys.executable, "-m", f"bench.bench_{name}"], cwd=HERE.parent)
        if rc:
            failed.append(name)
    print(f"\nresults in {HERE / 'results'}" + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
