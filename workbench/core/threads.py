"""How many CPU threads torch uses: chosen per run from the model's work and the machine's load.

Why a policy and not "all cores": torch's OpenMP threads wait for each other at the end of every
operation, spinning. A small model's operations are short, so extra threads buy little, and when
another process holds one of the cores, every operation waits for the thread that lost its core:
on 2 cores with one kept busy, small models ran 12-21x slower with 2 threads than with 1. So:

- work per step below ``FLOPS_PER_THREAD`` (small models, text generation one token at a time):
  one thread; each further thread needs that much more work per step;
- never more threads than cores left free by other processes (``Machine.busy``, measured from
  ``/proc/stat`` minus this process's own time), and one fewer beside the window;
- where that gives more than one thread for training, a trial of a few steps with 1 thread and
  a few with that count keeps the faster (more threads only if ``TRIAL_MARGIN`` faster): the rule
  only says when a trial is worth it, the trial measures this machine;
- during training the load is measured again every ``RECHECK_S`` seconds and the count follows
  it (after two checks agree, so one burst does not flip it back and forth).

``choose_threads`` is a pure function of the work and a ``Machine`` (cores, load), so the choice is
the same for the same description. ``[train] num_threads`` other than 0 overrides it all.
"""

from __future__ import annotations

import math
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from workbench.core.callbacks import Callback

if TYPE_CHECKING:
    import torch

    from workbench.core.trainer import Trainer

__all__ = ["Machine", "ThreadGovernor", "choose_threads", "forward_flops", "policy", "sample_machine",
           "set_policy", "step_flops", "tune_for_evaluation", "use_threads"]

FLOPS_PER_THREAD = 10e6   # linear-layer FLOPs per step before one more thread is worth a trial
BUSY_SHARE = 0.35          # another process using this share of a core takes that core
RECHECK_S = 2.0            # seconds of training between two looks at the load
SAMPLE_S = 0.1             # the shortest window a load measurement is taken over...
MAX_SAMPLE_AGE_S = 10.0    # ...and the longest: an older start would blur a load that just began
TRAINING_FACTOR = 3.0      # a training step: the forward pass, and about twice that backwards
TRIAL_STEPS = 8            # a trial times each thread count over this many steps...
TRIAL_S = 0.3              # ...or this many seconds if sooner (at least 3 steps)
TRIAL_MARGIN = 1.05        # more threads are kept only when this much faster


@dataclass(frozen=True)
class Machine:
    """What the thread choice depends on: cores this process may use, and how many of them other
    processes keep busy (0.0 = idle; 1.0 = one core's worth)."""

    cores: int
    busy: float = 0.0

    @property
    def free(self) -> int:
        """Cores not taken by other processes (at least 1: this process runs somewhere)."""
        taken = math.floor(max(self.busy, 0.0) + 1.0 - BUSY_SHARE)
        return max(1, self.cores - taken)


def choose_threads(flops_per_step: float | None, machine: Machine, leave_one_free: bool) -> int:
    """Threads for work of ``flops_per_step`` matrix FLOPs per step on ``machine``.

    None (the work is not known yet, e.g. while a file is prepared) takes every free core.
    """
    free = max(1, machine.free - 1) if leave_one_free else machine.free
    if flops_per_step is None:
        return free
    wanted = math.floor(max(flops_per_step, 0.0) / FLOPS_PER_THREAD)
    return max(1, min(wanted, free))


# --- measuring the machine -------------------------------------------------------------------

def _cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


@dataclass(frozen=True)
class _Reading:
    wall: float       # time.monotonic()
    busy: float       # seconds all CPUs of the machine spent busy, from /proc/stat
    own: float        # CPU seconds of this process
    cpus: int         # CPUs counted in /proc/stat


_HZ = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
_last: _Reading | None = None


def _read() -> _Reading | None:
    try:
        with open("/proc/stat", encoding="ascii") as fh:
            lines = fh.read().splitlines()
    except OSError:
        return None
    fields = [int(v) for v in lines[0].split()[1:]]
    idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
    cpus = sum(1 for line in lines if line.startswith("cpu") and line[3:4].isdigit())
    own = os.times()
    return _Reading(time.monotonic(), (sum(fields[:8]) - idle) / _HZ, own.user + own.system, max(cpus, 1))


def sample_machine(min_interval: float = SAMPLE_S) -> Machine:
    """This machine now: its cores and the load of other processes since the previous sample
    (waiting until ``min_interval`` seconds have passed since it, if need be)."""
    global _last
    cores = _cores()
    before = _last if _last is not None and time.monotonic() - _last.wall < MAX_SAMPLE_AGE_S else _read()
    if before is None:  # no /proc (macOS, Windows): the 1-minute load average, which counts us too
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0
        return Machine(cores, max(0.0, load - 1.0))
    wait = before.wall + min_interval - time.monotonic()
    if wait > 0:
        time.sleep(wait)
    after = _read()
    assert after is not None  # /proc/stat was readable a moment ago
    _last = after
    elapsed = after.wall - before.wall
    if elapsed <= 0:
        return Machine(cores, 0.0)
    others = (after.busy - before.busy) - (after.own - before.own)
    # /proc/stat counts every CPU of the machine; this process may be allowed on fewer of them.
    return Machine(cores, min(float(cores), max(0.0, others / elapsed) * min(1.0, cores / after.cpus)))


# --- the process-wide policy ------------------------------------------------------------------

@dataclass
class _Policy:
    requested: int = 0          # [train] num_threads: 0 = automatic
    leave_one_free: bool = False


_policy = _Policy()


def set_policy(requested: int, leave_one_free: bool) -> None:
    """Record the caller's wishes: a fixed count (``requested`` > 0) or automatic, and whether a
    window needs a core of its own. Later choices (``use_threads``, the trainer) follow them."""
    _policy.requested, _policy.leave_one_free = max(0, int(requested)), leave_one_free


def policy() -> tuple[int, bool]:
    """The recorded (requested, leave_one_free)."""
    return _policy.requested, _policy.leave_one_free


def use_threads(flops_per_step: float | None = None, machine: Machine | None = None) -> int:
    """Set torch's intra-op threads for work of ``flops_per_step`` per step (None: not known yet)
    under the recorded policy; returns the count."""
    return _set_threads(_policy.requested or choose_threads(flops_per_step, machine or sample_machine(),
                                                            _policy.leave_one_free))


def forward_flops(model: torch.nn.Module, inputs: Any) -> float:
    """FLOPs of the linear layers in one forward pass of ``model`` on ``inputs`` (the bulk of the
    work in every model here; attention scores and elementwise work are left out). The pass runs
    without dropout or gradients, so the random state is untouched; the model's mode is kept.

    Counted with hooks rather than torch's FlopCounterMode, whose first use imports the compiler
    stack (seconds before a prediction could start).
    """
    import torch

    total = 0.0

    def count(module: torch.nn.Module, args: tuple[Any, ...], output: Any) -> None:
        nonlocal total
        assert isinstance(module, torch.nn.Linear)
        rows = args[0].numel() // max(module.in_features, 1)
        total += 2.0 * rows * module.in_features * module.out_features

    linears = [m for m in model.modules() if isinstance(m, torch.nn.Linear)]
    handles = [m.register_forward_hook(count) for m in linears]
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            model(inputs)
    finally:
        model.train(was_training)
        for handle in handles:
            handle.remove()
    return total


def step_flops(trainer: Trainer, training: bool) -> float:
    """The work of one of ``trainer``'s training steps, or (``training`` False) of one evaluation
    batch: twice the rows, the forward pass only."""
    batch = next(trainer.runner.epoch_batches(0, trainer.cfg.train.seed), None)
    if batch is None:  # no training rows: no work to weigh (the run says what is wrong)
        return 0.0
    forward = forward_flops(trainer.model, trainer.runner.inputs(batch))
    return forward * (TRAINING_FACTOR if training else 2.0)


def tune_for_evaluation(trainer: Trainer) -> int:
    """Set the threads for scoring with ``trainer`` (not training), unless its config names a count."""
    if trainer.cfg.train.num_threads:
        return _set_threads(trainer.cfg.train.num_threads)
    return use_threads(step_flops(trainer, training=False) if trainer.device.type == "cpu" else None)


class ThreadGovernor(Callback):
    """Chooses the trainer's threads at the start from its model's work per step and follows the
    machine's load while it trains (only when the policy is automatic and training runs on the CPU).

    Where the rule gives more than one thread, a short trial settles it: a few steps with one
    thread, a few with the rule's count, and the faster is kept (the rule's ``FLOPS_PER_THREAD``
    is one machine's measurement; the trial is this one's). A trial waits for free cores.
    """

    def __init__(self) -> None:
        self.flops: float | None = None
        self.threads = 0
        self.ceiling: int | None = None   # the trial's winner; None until a trial ran
        self.trial: list[int] = []        # counts still to try, the current one first
        self.timed: dict[int, float] = {}  # median step time of each count tried
        self.durations: list[float] = []
        self.last_step = 0.0
        self.next_check = 0.0
        self.pending: int | None = None

    def on_fit_start(self, trainer: Trainer) -> None:
        """Count the work of a training step and set the threads for it."""
        if trainer.cfg.train.num_threads or trainer.device.type != "cpu":
            return  # a count the user chose (set by the caller), or the CPU only feeds a GPU
        self.flops = step_flops(trainer, training=True)
        self._follow(choose_threads(self.flops, sample_machine(), _policy.leave_one_free))
        self.last_step = time.perf_counter()
        self.next_check = time.monotonic() + RECHECK_S

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        """Time the trial's steps; every ``RECHECK_S`` seconds look at the load and follow it."""
        if self.flops is None:
            return
        now = time.perf_counter()
        if self.trial:
            self._time_trial(now - self.last_step)
        self.last_step = time.perf_counter()
        if self.trial or time.monotonic() < self.next_check:
            return
        self.next_check = time.monotonic() + RECHECK_S
        wanted = choose_threads(self.flops, sample_machine(0.0), _policy.leave_one_free)
        trial_due = self.ceiling is None and wanted > 1
        if not trial_due and min(wanted, self.ceiling or 1) == self.threads:
            self.pending = None
        elif wanted == self.pending:  # two looks agree
            self.pending = None
            self._follow(wanted)
        else:
            self.pending = wanted

    def _follow(self, wanted: int) -> None:
        """Use ``wanted`` threads, at most the trial's winner; start a trial where none has run."""
        if wanted > 1 and self.ceiling is None:
            self.trial, self.timed, self.durations = [1, wanted], {}, []
            self.threads = _set_threads(1)
        else:
            self.threads = _set_threads(min(wanted, self.ceiling or 1))

    def _time_trial(self, duration: float) -> None:
        self.durations.append(duration)
        if (len(self.durations) < TRIAL_STEPS and sum(self.durations) < TRIAL_S) or len(self.durations) < 3:
            return
        self.timed[self.trial.pop(0)] = sorted(self.durations)[len(self.durations) // 2]
        self.durations = []
        if self.trial:
            self.threads = _set_threads(self.trial[0])
            return
        single, (many, t_many) = self.timed[1], max(self.timed.items())
        # More threads must clearly pay: the same speed costs the other processes a core.
        self.ceiling = many if t_many < single / TRIAL_MARGIN else 1
        self.threads = _set_threads(self.ceiling)


def _set_threads(n: int) -> int:
    import torch

    if torch.get_num_threads() != n:
        torch.set_num_threads(n)
    return n
