"""The baseline's own process: scikit-learn fits there, so the window's Python lock stays free.

scikit-learn and numpy hold Python's lock (the GIL) for up to ~50 ms at a time while they fit: on
a thread of the window's process that stalled the window's thread in a run's first seconds. So
``BaselineFit`` starts a child process, ``python -m workbench.core.baseline_child`` (spawned, never
a fork of a process running Qt and torch threads), sends it only what the fit needs (the task, the
data's description, the sampled training rows and the validation and test rows, in small pieces
so no single send holds the lock long) and waits for the answer on a thread that sleeps in the
pipe. The child runs at a lower priority (``os.nice``) with one thread for BLAS and OpenMP (its
environment says so before numpy loads), so it does not slow the training.

The messages are pickled, which is safe here and only here: they cross the private pipe between
Workbench and the child it started itself, never a file or anything a user gives (user files are
still read only as safetensors, JSON and CSV).

Not ``multiprocessing``'s "spawn": its child runs the parent's main script again (a script
without an ``if __name__ == "__main__"`` guard would train twice), it takes the parent's
environment as it is and it starts a resource-tracker process besides. This child starts the
same way (a fresh interpreter), with none of that.

Whatever happens to the child, the run goes on: a child that cannot start or stops without an
answer leaves no baseline and a reason. ``close`` kills it (a Stop, the end of the run, a failure)
and reaps it, so it never outlives the run as an orphan or a zombie; a child whose app was killed
ends by itself. A frozen app (a bundled executable) has no Python to start a child with: there
the fit runs on a thread, as before (a baseline with some stalls rather than none).

Only the window uses children. By default (the CLI, the core, tests) the fit runs on a thread of
the run's own process, as it always did: there is no window to keep responsive there, and a fresh
interpreter costs ~3.4 s of CPU (numpy, torch, scikit-learn; 8-18 s of wall time on a loaded
machine) that a short run would wait for at its end. The window's start-up calls
``core.baseline.warm_up``, which calls ``use_children``: from then on this process fits in
children, and a STANDBY child is kept ready: started in the background, its imports done, waiting
on its stdin. A run's fit takes the standby (or starts a child when there is none, e.g. two runs at
once) and a new standby starts at once for the next run. A child serves exactly one fit and exits.
The standby is killed at exit (``end_children``, an ``atexit`` hook) and, like every child, ends by
itself when the app that started it has gone. ``use_threads`` goes back to the default.

The children run at the lowest priority (``NICE``) with one BLAS/OpenMP thread, so a standby's
start-up and a fit take only what the app and its training leave. They import torch too: the
baseline scores with the run's own metrics, which are torch code (avoiding it would save ~1.9 s of
CPU and ~220 MB per child, at the cost of a second, numpy copy of the metrics).

This module imports nothing heavy at the top: the child imports numpy, torch and scikit-learn
only after its thread limits and priority are set.
"""

from __future__ import annotations

import atexit
import contextlib
import importlib
import os
import pickle
import subprocess
import sys
import threading
import time
import weakref
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Iterator

    from workbench.core.data.prepare import PreparedData
    from workbench.core.events import Baseline

NICE = 19  # the children's priority: the lowest (POSIX niceness; larger is lower)
CHILD_ENV = dict.fromkeys(("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
                           "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"), "1")
CHUNK_BYTES = 2_000_000  # the most array data pickled in one send (pickling holds the lock)
CHUNK_TEXTS = 2_000      # the most texts pickled in one send
KILL_WAIT_S = 5.0        # how long ``close`` waits to reap a killed child
PARENT_CHECK_S = 1.0     # how often the child checks that the app that started it still runs
_PARTS = {"language_modeling": ("ids",), "text_classification": ("y",)}  # else a table's
_TABLE_PARTS = ("y", "x_num", "x_cat")
_PROTOCOL = pickle.HIGHEST_PROTOCOL
# What a child imports before it reads anything (a standby waits with them done).
PRELOAD = ("numpy", "torch", "workbench.core.baseline", "workbench.core.baseline_lm",
            "workbench.core.data.prepare", "threadpoolctl", "scipy.sparse", "sklearn.ensemble",
            "sklearn.feature_extraction.text", "sklearn.linear_model", "sklearn.pipeline",
            "sklearn.preprocessing")


def can_spawn() -> bool:
    """Whether a Python child can be started (not from a frozen executable, which has no Python)."""
    return not getattr(sys, "frozen", False) and bool(sys.executable)


def spawn(parent: int) -> subprocess.Popen[bytes]:
    """Start the child: a fresh interpreter, pipes for the data and the answer, the thread limits in
    its environment, the app's package importable, a lower priority on Windows (POSIX: it nices
    itself)."""
    root = str(Path(__file__).resolve().parents[2])  # the folder holding the workbench package
    env = {**os.environ, **CHILD_ENV,
           "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)}
    flags = getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0) if sys.platform == "win32" else 0
    return subprocess.Popen([sys.executable, "-m", "workbench.core.baseline_child", str(parent)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            env=env, creationflags=flags)


class _Children:
    """This process's mode (children or threads) and its standby child."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.on = False             # fits run in children
        self.keep_standby = False   # a standby is kept ready for the next fit
        self.standby: subprocess.Popen[bytes] | None = None
        self.starting = False       # a standby is being started in the background


_children = _Children()


def use_children(standby: bool = True) -> None:
    """Fit baselines in child processes from now on (where a child can start) and, with ``standby``,
    keep one ready, started in the background: this returns at once. The window's ``warm_up``."""
    if not can_spawn():
        return  # a frozen app: threads it is
    with _children.lock:
        _children.on, _children.keep_standby = True, standby
    atexit.unregister(end_children)
    atexit.register(end_children)
    _refill()


def use_threads() -> None:
    """Back to the default: fits on a thread of this process; the standby, if any, is killed."""
    with _children.lock:
        _children.on = _children.keep_standby = False
        process, _children.standby = _children.standby, None
    if process is not None:
        discard(process)


def end_children() -> None:
    """Kill the standby at exit (registered with ``atexit`` by ``use_children``)."""
    use_threads()


def children_on() -> bool:
    """Whether this process fits baselines in child processes."""
    return _children.on


def standby() -> subprocess.Popen[bytes] | None:
    """The standby child, if one waits to be taken (its imports may still be under way)."""
    return _children.standby


def take() -> subprocess.Popen[bytes]:
    """A child for one fit: the standby, else a new one (it may raise); a new standby starts."""
    with _children.lock:
        process, _children.standby = _children.standby, None
    if process is not None and process.poll() is not None:  # it died while it waited
        discard(process)
        process = None
    if process is None:
        process = spawn(os.getpid())
    _refill()
    return process


def _refill() -> None:
    """Start a standby in the background unless one is wanted no more, is there or is starting."""
    with _children.lock:
        if not _children.keep_standby or _children.standby is not None or _children.starting:
            return
        _children.starting = True
    threading.Thread(target=_start_standby, name="workbench-baseline-standby", daemon=True).start()


def _start_standby() -> None:
    try:
        process: subprocess.Popen[bytes] | None = spawn(os.getpid())
    except Exception:  # noqa: BLE001 - no standby then: a fit starts its own child, and says if it cannot
        process = None
    with _children.lock:
        _children.starting = False
        keep = process is not None and _children.keep_standby and _children.standby is None
        if keep:
            _children.standby = process
    if process is not None and not keep:
        discard(process)


class BaselineFit:
    """One baseline fit: in a child process where ``use_children`` said so, else on a thread.

    ``start`` returns at once; ``done`` says when it has ended (``baseline`` is then the answer,
    None with a reason in ``reasons`` when there is none); ``join`` waits; ``close`` kills it.
    """

    def __init__(self, data: PreparedData, seed: int, reasons: list[str], *,
                 in_process: bool | None = None) -> None:
        self.baseline: Baseline | None = None
        self.reasons = reasons
        self.process: subprocess.Popen[bytes] | None = None
        self.in_process = (not (children_on() and can_spawn())) if in_process is None else in_process
        self._data: PreparedData | None = data
        self._seed = seed
        self._closed = False
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="workbench-baseline", daemon=True)

    def start(self) -> None:
        """Begin fitting (the child starts on the background thread: spawning takes a while)."""
        self._thread.start()

    @property
    def done(self) -> bool:
        """Whether the fit has ended (with or without a baseline)."""
        return not self._thread.is_alive()

    def join(self, timeout: float | None) -> None:
        """Wait up to ``timeout`` seconds for the fit to end."""
        self._thread.join(timeout)

    def close(self) -> None:
        """Kill the child if it still runs, and reap it. Safe to call more than once."""
        with self._lock:
            self._closed = True
            process = self.process
        if process is not None:
            kill(process)  # its end of the pipe closes: the waiting thread wakes and ends
        self._data = None

    # --- the parent's side, on the background thread ----------------------------------------
    def _run(self) -> None:
        data = self._data
        if data is None:
            return
        if self.in_process:
            from workbench.core.baseline import fit_baseline

            self.baseline = fit_baseline(data, seed=self._seed, reasons=self.reasons)
            return
        try:
            self._fit_in_child(data)
        except Exception as exc:  # noqa: BLE001 - a reference model must never break the run it accompanies
            if not self._closed:
                self.reasons.append(f"No baseline: its process failed: {type(exc).__name__}: {exc}.")
        finally:
            self._data = None
            self.close()

    def _fit_in_child(self, data: PreparedData) -> None:
        try:
            process = take()
        except Exception as exc:  # noqa: BLE001 - no processes left, no memory, no executable...
            self.reasons.append(f"No baseline: its process could not start ({type(exc).__name__}: {exc}).")
            return
        with self._lock:
            self.process = process
            closed = self._closed
        weakref.finalize(self, kill, process)
        assert process.stdin is not None and process.stdout is not None
        try:
            if closed:
                return
            for message in messages(data, self._seed):
                pickle.dump(message, process.stdin, protocol=_PROTOCOL)
            process.stdin.close()
            answer = pickle.load(process.stdout)
        except (EOFError, OSError, pickle.UnpicklingError):
            if not self._closed:
                code = process.wait(KILL_WAIT_S)
                self.reasons.append(f"No baseline: its process stopped unexpectedly (exit code {code}).")
            return
        finally:
            for pipe in (process.stdin, process.stdout):
                with contextlib.suppress(OSError):
                    pipe.close()
        self.baseline, reasons = answer
        self.reasons.extend(reasons)


def discard(process: subprocess.Popen[bytes]) -> None:
    """Kill and reap a child no fit uses (a standby), and close its pipes."""
    kill(process)
    for pipe in (process.stdin, process.stdout):
        if pipe is not None:
            with contextlib.suppress(OSError):
                pipe.close()


def kill(process: subprocess.Popen[bytes]) -> None:
    """Kill ``process`` if it still runs, and reap it (no zombie)."""
    if process.poll() is None:
        with contextlib.suppress(OSError):
            process.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(KILL_WAIT_S)  # reaped: no zombie


def messages(data: PreparedData, seed: int) -> Iterator[tuple[Any, ...]]:
    """What the child needs, in pieces: ("start", task, spec, tokenizer kind, seed), then
    ("rows", split, key, array) and ("texts", split, list) pieces, then ("end",).

    A table's or text's training rows are sampled here as ``fit_baseline`` would (its seeded
    sample of ``MAX_TRAIN_ROWS``), so only those travel.
    """
    from workbench.core.baseline import MAX_TRAIN_ROWS, train_rows

    task = data.spec.task
    yield "start", task, data.spec, getattr(data.tokenizer, "kind", "char"), seed
    sample = None
    if task != "language_modeling":
        sample = train_rows(len(data.train["y"]), MAX_TRAIN_ROWS, seed)
    for split in ("train", "val", "test"):
        part = getattr(data, split)
        for key in _PARTS.get(task, _TABLE_PARTS):
            array = part[key].detach().cpu().numpy()
            if split == "train" and sample is not None:
                array = array[sample]
            step = max(1, CHUNK_BYTES // max(1, array.nbytes // max(1, len(array))))
            for at in range(0, max(len(array), 1), step):
                yield "rows", split, key, array[at:at + step]
        texts = data.texts.get(split) if data.texts else None
        if texts is not None:
            if split == "train" and sample is not None:
                texts = [texts[i] for i in sample]
            for at in range(0, max(len(texts), 1), CHUNK_TEXTS):
                yield "texts", split, texts[at:at + CHUNK_TEXTS]
    yield ("end",)


# --- the child's side -------------------------------------------------------------------------
def child_main(parent: int) -> None:
    """The child process: lower its priority, import, wait for the data on stdin (a standby waits
    here until a fit takes it), fit, answer on stdout, exit."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(NICE)
    threading.Thread(target=watch_parent, args=(parent,), name="parent-watch", daemon=True).start()
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # anything a library prints goes where stderr goes, not into the answer
    try:
        answer: tuple[Any, list[str]] = _fit(sys.stdin.buffer)
    except EOFError:  # the app closed its end: nothing to answer
        return
    except Exception as exc:  # noqa: BLE001 - say what went wrong rather than die silently
        answer = None, [f"No baseline: it failed: {type(exc).__name__}: {exc}."]
    pickle.dump(answer, answers, protocol=_PROTOCOL)
    answers.close()


def watch_parent(parent: int) -> None:
    """End the child when the app that started it has gone (killed without a chance to close it)."""
    while True:
        time.sleep(PARENT_CHECK_S)
        if os.getppid() != parent:
            os._exit(0)


def _fit(source: IO[bytes]) -> tuple[Baseline | None, list[str]]:
    import types
    import warnings

    import numpy as np
    import torch

    warnings.simplefilter("ignore")  # e.g. scikit-learn's convergence warnings: nobody reads them here
    torch.set_num_threads(1)
    for name in PRELOAD:  # before the first message: a standby waits with all of it in
        with contextlib.suppress(ImportError):  # no scikit-learn: ``fit_baseline`` says so
            importlib.import_module(name)
    from workbench.core.baseline import fit_baseline
    from workbench.core.data.prepare import PreparedData

    start = pickle.load(source)
    if start[0] != "start":
        raise ValueError(f"unexpected message {start[0]!r}")
    _, _task, spec, tokenizer_kind, seed = start
    rows: dict[str, dict[str, list[Any]]] = {"train": {}, "val": {}, "test": {}}
    texts: dict[str, list[str]] = {}
    while (message := pickle.load(source))[0] != "end":
        if message[0] == "rows":
            rows[message[1]].setdefault(message[2], []).append(message[3])
        else:
            texts.setdefault(message[1], []).extend(message[2])
    splits = {split: {key: torch.from_numpy(np.concatenate(parts)) for key, parts in keys.items()}
              for split, keys in rows.items()}
    data = PreparedData(spec, types.SimpleNamespace(kind=tokenizer_kind),  # type: ignore[arg-type]
                        splits["train"], splits["val"], splits["test"], [], texts=texts)
    reasons: list[str] = []
    return fit_baseline(data, seed=seed, reasons=reasons), reasons


if __name__ == "__main__":
    child_main(int(sys.argv[1]))
