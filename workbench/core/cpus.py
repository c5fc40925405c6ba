"""How many CPU threads to use: all cores headless, one fewer while a window must stay live.

Free of torch and pandas, so the app can ask before either is imported (and pass the answer to
pandas' parser as well as to torch).
"""

from __future__ import annotations

import os


def default_threads(leave_one_free: bool) -> int:
    """All cores for headless runs; all but one while a window must stay responsive.

    On a small machine that is busy with other work, fewer threads can be much faster: a busy
    process preempts one of torch's OpenMP threads and the others spin at every barrier (measured
    on 2 cores under load: 800 tokens/s with 2 threads, 11,000 with 1). Set [train] num_threads then.
    """
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return max(1, cores - 1) if leave_one_free else max(1, cores)
