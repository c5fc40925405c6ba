"""A run trained in a process of its own, so the window's Python lock and CPU stay the window's.

On a thread of the window's process, a run shares Python's lock (the GIL) with the window: each of
the many times the window's thread enters Python to lay out and paint it waits for the training
thread to let go. Two runs racing on a 2-core machine stalled the window for 120-170 ms at their
start (``bench/bench_race.py``), however little either held the lock at a time. In a child process
a run holds no lock of the window's, and at a lower priority (``NICE``) it takes only the CPU the
window leaves.

The child is ``python -m workbench.core.train_child`` (a fresh interpreter, never a fork of a
process running Qt and torch threads; not ``multiprocessing``, for the reasons
``core.baseline_child`` gives). The parent (``TrainingProcess``) sends one job: the run's settings,
its runs folder (or the run folder a continued run resumes) and the probe's settings; the child
reads the data file itself, trains with an ``core.relay.EventRelay`` among its callbacks and
sends the relay's messages back on its stdout as they come, then ``("ended", RunEnded)`` or
``("failed", message, RunEnded or None)``. Its stdin carries commands while it trains:
``("pause",)``, ``("resume",)``, ``("stop",)`` and ``("changes", {field: value})``; a closed stdin
(the app has gone) stops the run, with its checkpoint. The run's baseline fits on a thread of the
child, its attention probe runs in the child, and a copy of the probed weights is written to a
private folder at each snapshot so that "Try it" in the window can use them (``ProbeMirror``).

Messages are pickled, which is safe here and only here: they cross the private pipe between
Workbench and the child it started itself, never a file or anything a user gives.

The window switches this on (``warm_up``, from its start-up): from then on its runs train in
children and a STANDBY child waits, its imports done, so Train starts at once. The CLI, the core
and the tests train on threads of their own process. A frozen app (no Python to start) and
``WORKBENCH_TRAIN_IN_THREAD=1`` keep training on a thread.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import pickle
import shutil
import subprocess
import sys
import tempfile
import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace
from typing import IO, Any

from workbench.core.baseline_child import PRELOAD as BASELINE_PRELOAD
from workbench.core.baseline_child import can_spawn, discard, kill, watch_parent

NICE = 10  # the children's priority below the window's (POSIX niceness; larger is lower)
COPY_FILE = "live.safetensors"
_PROTOCOL = pickle.HIGHEST_PROTOCOL
# What a child imports before it reads its job (a standby waits with them done).
_PRELOAD = ("torch", "workbench.core.pipeline", "workbench.core.trainer", "workbench.core.probe",
            "workbench.core.optim", *BASELINE_PRELOAD)


def spawn(parent: int) -> subprocess.Popen[bytes]:
    """Start a child: pipes for commands and messages, the app's package importable, stderr shared
    with the app (a child's warnings and tracebacks go where the app's go), a lower priority on
    Windows (POSIX: it nices itself)."""
    root = str(Path(__file__).resolve().parents[2])  # the folder holding the workbench package
    env = {**os.environ,
           "PYTHONPATH": os.pathsep.join(p for p in (root, os.environ.get("PYTHONPATH", "")) if p)}
    flags = getattr(subprocess, "BELOW_NORMAL_PRIORITY_CLASS", 0) if sys.platform == "win32" else 0
    command = [sys.executable, "-m", "workbench.core.train_child", str(parent), str(_target_nice())]
    nice = shutil.which("nice") if hasattr(os, "nice") else None
    if nice:  # lowered from its first instruction: an interpreter starting beside a run's start
        command = [nice, "-n", str(NICE), *command]  # took ~25 ms of the window's core
    return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env,
                            creationflags=flags)


def _target_nice() -> int:
    """The children's niceness: ``NICE`` below this process's (POSIX; 0 elsewhere)."""
    if not hasattr(os, "getpriority"):
        return 0
    try:
        return min(19, os.getpriority(os.PRIO_PROCESS, 0) + NICE)
    except OSError:
        return 0


# --- this process's mode and its standby --------------------------------------------------------
class _Children:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.on = False
        self.standby: subprocess.Popen[bytes] | None = None
        self.starting = False


_children = _Children()


def wanted() -> bool:
    """Whether runs may train in children here (Python to start, not switched off by the environment)."""
    return can_spawn() and os.environ.get("WORKBENCH_TRAIN_IN_THREAD", "") not in ("1", "true", "yes")


def warm_up() -> bool:
    """The window's start-up: train in children from now on and start a standby in the background
    (returns at once). False where runs stay on threads (``wanted``)."""
    if not wanted():
        return False
    use_children()
    return True


def use_children() -> None:
    """Train in children from now on, a standby started in the background (``warm_up`` without
    its checks)."""
    with _children.lock:
        _children.on = True
    atexit.unregister(use_threads)
    atexit.register(use_threads)
    _refill()


def use_threads() -> None:
    """Back to training on threads; the standby, if any, is killed (also at exit)."""
    with _children.lock:
        _children.on = False
        process, _children.standby = _children.standby, None
    if process is not None:
        discard(process)


def children_on() -> bool:
    """Whether this process's runs train in child processes."""
    return _children.on


def standby() -> subprocess.Popen[bytes] | None:
    """The standby child, if one waits to be taken (its imports may still be under way)."""
    return _children.standby


def take() -> subprocess.Popen[bytes]:
    """A child for one run: the standby, else a new one (it may raise); a new standby starts."""
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
    with _children.lock:
        if not _children.on or _children.standby is not None or _children.starting:
            return
        _children.starting = True
    threading.Thread(target=_start_standby, name="workbench-training-standby", daemon=True).start()


def _start_standby() -> None:
    try:
        process: subprocess.Popen[bytes] | None = spawn(os.getpid())
    except Exception:  # noqa: BLE001 - no standby: a run starts its own child, and says if it cannot
        process = None
    with _children.lock:
        _children.starting = False
        keep = process is not None and _children.on and _children.standby is None
        if keep:
            _children.standby = process
    if process is not None and not keep:
        discard(process)


# --- the parent's side ----------------------------------------------------------------------------
class ProbeMirror:
    """The window's view of the attention probe running in a child: what ``core.probe.AttentionProbe``
    offers the window (``store.meta``, ``max_bytes``, ``error``, ``live_run``), filled in from the
    child's messages. ``settings`` is what the child builds its probe with."""

    def __init__(self, **settings: Any) -> None:
        self.settings = dict(settings)
        self.max_bytes = int(settings.get("max_bytes", 32_000_000))
        self.store: Any = None     # a namespace with ``meta`` once the child has sent it
        self.context: Any = None   # core.probe.ProbeContext
        self.error = ""
        self.folder = tempfile.mkdtemp(prefix="workbench-live-")  # the child writes the copy here
        self._lock = threading.Lock()
        self._copy_step: int | None = None
        self._loaded: tuple[int, Any] | None = None
        weakref.finalize(self, shutil.rmtree, self.folder, True)

    def on_message(self, message: tuple[Any, ...]) -> None:
        """A probe message from the child (any thread)."""
        if message[0] == "probe":
            _, meta, context = message
            self.store, self.context = SimpleNamespace(meta=meta), context
        elif message[0] == "probe_error":
            self.error = message[1]
        elif message[0] == "copy":
            with self._lock:
                self._copy_step = message[1]

    def live_run(self) -> tuple[int, Any] | None:
        """(step, a ``core.pipeline.LoadedRun`` on the latest copy of the weights), or None before the
        first; the copy is read when a newer one has been written."""
        with self._lock:
            step, loaded = self._copy_step, self._loaded
        context = self.context
        if step is None or context is None:
            return None
        if loaded is not None and loaded[0] == step:
            return loaded
        from workbench.core import checkpoint as ckpt
        from workbench.core.models import build_model
        from workbench.core.pipeline import LoadedRun
        from workbench.core.run import RunDir

        tensors, meta = ckpt.load_checkpoint(Path(self.folder) / COPY_FILE)
        model = build_model(context.cfg.model, context.spec)
        ckpt.restore_model(model, tensors, "the live copy of the weights")
        model.eval().requires_grad_(False)
        step = int(meta["step"])
        run_dir = RunDir(context.run_dir) if context.run_dir else None
        loaded = step, LoadedRun(run_dir, context.cfg, context.spec, context.tokenizer, model,
                                 f"the weights at step {step:,} (training goes on)")
        with self._lock:
            self._loaded = loaded
        return loaded


class TrainingProcess:
    """One run in a child process (see the module docstring). ``start`` returns at once; messages
    arrive at ``on_message`` on a reader thread, ending with ``("exit", code)`` after ``"ended"``
    or ``"failed"`` (a child that ended without either: a ``"failed"`` saying so comes first)."""

    def __init__(self, job: dict[str, Any], on_message: Callable[[tuple[Any, ...]], None]) -> None:
        self.job = job
        self.on_message = on_message
        self.process: subprocess.Popen[bytes] | None = None
        self._send_lock = threading.Lock()
        self._reader = threading.Thread(target=self._read, name="workbench-training-reader", daemon=True)

    def start(self) -> None:
        """Take a child and send it the job on the reader thread (starting a child takes a while)."""
        self._reader.start()

    def send(self, *command: Any) -> None:
        """A command for the child (``"pause"``, ``"resume"``, ``"stop"``, ``"changes", values``);
        lost without harm when the child has gone."""
        process = self.process
        if process is None or process.stdin is None:
            return
        with self._send_lock, contextlib.suppress(OSError, ValueError):
            pickle.dump(command, process.stdin, protocol=_PROTOCOL)
            process.stdin.flush()

    def wait(self, timeout: float) -> bool:
        """Wait up to ``timeout`` s for the child to end and its last message to be read."""
        self._reader.join(timeout)
        return not self._reader.is_alive()

    def kill(self) -> None:
        """Kill the child now (its checkpoints on disk stay); the reader then ends."""
        process = self.process
        if process is not None:
            kill(process)

    def _read(self) -> None:
        concluded = False
        try:
            try:
                process = take()
            except Exception as exc:  # noqa: BLE001 - no processes left, no memory, no executable...
                self.on_message(("failed", f"The training process could not start ({type(exc).__name__}: "
                                 f"{exc}).", None))
                self.on_message(("exit", -1))
                return
            self.process = process
            weakref.finalize(self, kill, process)
            self.send("job", self.job)
            assert process.stdout is not None
            while True:
                try:
                    message = pickle.load(process.stdout)
                except (EOFError, OSError, pickle.UnpicklingError):
                    break
                concluded = concluded or message[0] in ("ended", "failed")
                self.on_message(message)
            code = process.wait()
            if not concluded:
                self.on_message(("failed", f"The training process stopped unexpectedly (exit code {code}); "
                                 "the run's checkpoints on disk are kept: continue it from the Runs page.",
                                 None))
            self.on_message(("exit", code))
        finally:
            if self.process is not None:
                discard(self.process)


# --- the child's side -----------------------------------------------------------------------------
class _Pipe:
    """The child's messages to the app, one pickle each, from any thread."""

    def __init__(self, out: IO[bytes]) -> None:
        self.out = out
        self.lock = threading.Lock()

    def __call__(self, *message: Any) -> None:
        with self.lock:
            pickle.dump(message, self.out, protocol=_PROTOCOL)
            self.out.flush()


def child_main(parent: int, target_nice: int) -> None:
    """The child: lower its priority, import, wait for its job on stdin (a standby waits here),
    train, report, exit."""
    if hasattr(os, "nice"):
        with contextlib.suppress(OSError):  # before any thread starts: torch's threads inherit it
            os.nice(max(0, target_nice - os.nice(0)))  # started by ``nice``: there already
    threading.Thread(target=watch_parent, args=(parent,), name="parent-watch", daemon=True).start()
    pipe = _Pipe(os.fdopen(os.dup(1), "wb"))
    os.dup2(2, 1)  # anything a library prints goes where stderr goes, not into the messages
    import importlib

    for name in _PRELOAD:
        with contextlib.suppress(ImportError):  # no scikit-learn: the baseline says so
            importlib.import_module(name)
    _first_uses()
    commands = sys.stdin.buffer
    try:
        first = pickle.load(commands)
        if first[0] != "job":
            raise SystemExit(f"unexpected message {first[0]!r}")
        with contextlib.suppress(BrokenPipeError):  # the app has gone: nothing to tell it
            _train(first[1], commands, pipe)
    except EOFError:  # a standby the app no longer wants
        pass
    finally:
        # Not a normal interpreter exit: the thread reading commands is blocked in a read of
        # stdin, and Python's shutdown aborts on a buffered reader another thread holds.
        sys.stderr.flush()
        os._exit(0)


def _first_uses() -> None:
    """What torch imports the first time a run needs it, done while a standby waits: the first
    optimizer (``core.optim.warm_up``) and the first model built on the meta device (the memory
    estimate: ~800 modules of ``torch._refs``, 2 s of a run's start when left to it)."""
    import torch

    from workbench.core.optim import warm_up

    warm_up()
    with torch.device("meta"):
        torch.nn.init.normal_(torch.nn.Embedding(2, 2).weight)


def _train(job: dict[str, Any], commands: IO[bytes], pipe: _Pipe) -> None:
    from workbench.core.callbacks import CancelToken
    from workbench.core.device import configure_threads
    from workbench.core.relay import EventRelay, run_training

    cancel = CancelToken()
    threading.Thread(target=_obey, args=(commands, cancel), name="commands", daemon=True).start()
    configure_threads(job["cfg"].train.num_threads, leave_one_free=True)
    # The probe comes before the relay: it tells the app what a snapshot shows before the relay
    # sends the snapshot.
    leading: list[Any] = []
    if job.get("probe") is not None:
        leading.append(_ChildProbe(job["probe"], job["copy_folder"], pipe))
    relay = EventRelay(pipe)
    kind, result = run_training(job["cfg"], job["out_root"], relay, cancel, resume_dir=job.get("resume_dir"),
                                overrides=job.get("overrides", ()), leading=leading)
    if kind == "ended":
        pipe("ended", result)
    else:
        pipe("failed", *result)


def _obey(commands: IO[bytes], cancel: Any) -> None:
    """The app's commands, until it closes the pipe (then the run stops, as with Stop)."""
    while True:
        try:
            command = pickle.load(commands)
        except (EOFError, OSError, pickle.UnpicklingError):
            cancel.cancel()
            return
        if command[0] == "pause":
            cancel.pause()
        elif command[0] == "resume":
            cancel.resume()
        elif command[0] == "stop":
            cancel.cancel()
        elif command[0] == "changes":
            cancel.request_changes(command[1])


def _child_probe_class() -> type:
    from workbench.core.probe import AttentionProbe

    class ChildProbe(AttentionProbe):
        """The attention probe in the child: also tells the app what its snapshots show, its errors,
        and writes each copy of the weights where the app reads it."""

        def __init__(self, settings: dict[str, Any], folder: str, pipe: _Pipe) -> None:
            super().__init__(**settings)
            self.folder, self.pipe = Path(folder), pipe
            self._told_meta = False
            self._told_error = ""

        def on_event(self, trainer: Any, event: Any) -> None:
            from workbench.core.snapshots import Snapshot

            if isinstance(event, Snapshot):  # sent by the relay after this: the app has the meta first
                self._tell(trainer)

        def on_fit_end(self, trainer: Any, summary: dict[str, Any]) -> None:
            super().on_fit_end(trainer, summary)
            self._tell(trainer)

        def _tell(self, trainer: Any) -> None:
            if not self._told_meta and self.store is not None and self.context is not None:
                self._told_meta = True
                self.pipe("probe", self.store.meta, self.context)
            if self.error != self._told_error:
                self._told_error = self.error
                self.pipe("probe_error", self.error)
            with self._lock:
                copy = self._copy
            if copy is not None and copy[0] != getattr(self, "_written", None):
                from workbench.core.checkpoint import save_checkpoint

                try:
                    save_checkpoint(self.folder / COPY_FILE, copy[1], None, {"step": copy[0]})
                except OSError:
                    return  # no copy this time: "Try it" uses the one before
                self._written = copy[0]
                self.pipe("copy", copy[0])

    return ChildProbe


def _ChildProbe(settings: dict[str, Any], folder: str, pipe: _Pipe) -> Any:  # noqa: N802 - a class, made late
    return _child_probe_class()(settings, folder, pipe)


if __name__ == "__main__":
    child_main(int(sys.argv[1]), int(sys.argv[2]))
