"""Data-parallel training across processes and machines, started by PyTorch's launcher (torchrun).

``torchrun --nproc-per-node N -m workbench train CONFIG.toml`` starts N copies of the command; each
finds its rank in the environment torchrun sets (RANK, WORLD_SIZE, LOCAL_RANK) and joins the process
group (gloo on the CPU, NCCL on CUDA). What each rank does:

* Rank 0 alone owns the run folder: it creates (or resumes) it, writes the logs, checkpoints,
  attention snapshots and the summary, exactly as a one-process run does. It sends the run's
  config and training state (optimizer moments, schedule, step, best value: everything a resume
  restored) to the other ranks, and ``DistributedDataParallel`` sends its weights. The other ranks
  never touch the run folder, so a resumed run may use another number of ranks or machines.
* Every step each rank takes its contiguous shard of the global batch (``train.batch_size`` rows,
  split as evenly as possible); the shard's loss is weighted by its share of the batch, so the
  gradient DDP averages is the gradient of the global batch's mean loss, and the loss every rank
  logs is the global mean: the same numbers as one process with the same batch and seed, to
  float rounding (dropout masks differ: each rank draws its own).
* Evaluation is not sharded: every rank scores the same (identical) weights on the whole split and
  gets the same metrics, so early stopping and the best checkpoint agree without a message.
* A stop (Ctrl-C, SIGTERM) on any rank is summed with the loss each step; every rank then stops
  after that same step, and rank 0 saves the checkpoint and writes a "stopped" summary.
"""

from __future__ import annotations

import atexit
import os
import signal
import subprocess
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import torch
import torch.distributed as tdist

from workbench.core.callbacks import CancelToken
from workbench.core.errors import ConfigError
from workbench.core.precision import compiled

if TYPE_CHECKING:
    from workbench.core.config import RunConfig
    from workbench.core.trainer import Trainer

Batch = dict[str, torch.Tensor]


def world_from_env(env: dict[str, str] | None = None) -> tuple[int, int, int] | None:
    """(rank, world size, local rank) when torchrun started this process with more than one rank."""
    env = dict(os.environ) if env is None else env
    try:
        world = int(env.get("WORLD_SIZE", "1"))
        rank, local = int(env.get("RANK", "0")), int(env.get("LOCAL_RANK", "0"))
    except ValueError:
        return None
    return (rank, world, local) if world > 1 and "RANK" in env else None


def backend_for(cuda: bool) -> str:
    """The process-group backend: NCCL for CUDA tensors (gloo beside it for CPU ones), else gloo."""
    return "cpu:gloo,cuda:nccl" if cuda else "gloo"


def shard_bounds(rows: int, rank: int, world: int) -> tuple[int, int]:
    """Rows [lo, hi) of a ``rows``-row batch that ``rank`` of ``world`` trains on: contiguous, sizes
    differing by at most one (as ``torch.tensor_split``); empty when the batch has fewer rows than ranks."""
    base, extra = divmod(rows, world)
    lo = rank * base + min(rank, extra)
    return lo, lo + base + (1 if rank < extra else 0)


def check_config(cfg: RunConfig, world: int) -> None:
    """Refuse a global batch that cannot give every rank at least one example."""
    if cfg.train.batch_size < world:
        raise ConfigError([f"[train] batch_size ({cfg.train.batch_size}) is smaller than the number of "
                           f"processes ({world}): the batch is split across them; use a batch_size of "
                           f"at least {world} or fewer processes"])


@dataclass
class Ranks:
    """This process's place in a torchrun job, and the hooks a Trainer calls (``trainer.ddp``)."""

    rank: int
    world: int
    local_rank: int
    request: CancelToken = field(default_factory=CancelToken)  # a stop asked on this rank
    trainer: Any = None
    model: Any = None  # the DistributedDataParallel wrapper (the Trainer keeps the bare module)
    devices: list[str] = field(default_factory=list)

    @property
    def main(self) -> bool:
        """Rank 0: the one that writes the run folder and prints."""
        return self.rank == 0

    # --- set-up ---------------------------------------------------------------------------
    def share_config(self, cfg: RunConfig | None) -> RunConfig:
        """Rank 0's config, on every rank (rank 0 passes it, the others None)."""
        from workbench.core import config as C

        box: list[Any] = [C.to_dict(cfg) if cfg is not None else None]
        tdist.broadcast_object_list(box, src=0)
        return cfg if cfg is not None else C.from_dict(box[0], source="rank 0's config")

    def attach(self, trainer: Trainer) -> None:
        """Make ``trainer`` one rank of the job: rank 0's config and state on every rank, the model
        wrapped in DDP, its stop token made collective. Rank 0 first sends its config (the others
        built their trainer from it)."""
        check_config(trainer.cfg, self.world)
        if self.main:
            self.share_config(trainer.cfg)
        self._share_state(trainer)
        from torch.nn.parallel import DistributedDataParallel

        cuda = trainer.device.type == "cuda"
        with warnings.catch_warnings():  # newer torch renames broadcast_buffers; it still means "no sync"
            warnings.simplefilter("ignore", FutureWarning)
            self.model = DistributedDataParallel(trainer.model, device_ids=[trainer.device.index or 0]
                                                 if cuda else None, broadcast_buffers=False)
        self.model = compiled(self.model, trainer.cfg.train.compile)  # train.compile: the wrapped forward
        if not self.main:  # each rank its own dropout masks (rank 0 keeps the one-process stream)
            torch.manual_seed(trainer.cfg.train.seed * 1000 + self.rank)
        host = os.uname().nodename
        gathered: list[Any] = [None] * self.world
        tdist.all_gather_object(gathered, f"{host}/{trainer.device}")
        self.devices = [str(d) for d in gathered]
        # The loop stops on the trainer's token, which is set on every rank after the same step;
        # a signal on this rank only sets ``request``, summed with the next step's loss.
        self.request, trainer.cancel = trainer.cancel, CancelToken()
        self.trainer = trainer
        trainer.ddp = self

    def _share_state(self, trainer: Trainer) -> None:
        """Rank 0's training state (as its resume left it) on every rank."""
        box: list[Any] = [None]
        if self.main:
            optim = _to_cpu(trainer.optimizer.state_dict())
            box[0] = {"optimizer": optim, "schedule": trainer.schedule.state_dict(), "step": trainer.step,
                      "saved_step": trainer.saved_step, "best_value": trainer.best_value,
                      "best_step": trainer.best_step, "bad_evals": trainer.bad_evals,
                      "elapsed": trainer.elapsed, "loss_sum": float(trainer.log_loss),
                      "log_count": trainer.log_count}
        tdist.broadcast_object_list(box, src=0)
        if self.main:
            return
        state = box[0]
        trainer.optimizer.load_state_dict(state["optimizer"])
        trainer.schedule.load_state_dict(state["schedule"])
        for name in ("step", "saved_step", "best_value", "best_step", "bad_evals", "elapsed", "log_count"):
            setattr(trainer, name, state[name])
        trainer.log_loss.fill_(state["loss_sum"])

    # --- the step ---------------------------------------------------------------------------
    def loss(self, batch: Batch) -> torch.Tensor:
        """This rank's part of the global batch's mean loss; its value is the global mean (the same
        on every rank), its gradient this rank's weighted share. Also sums the stop requests."""
        trainer = self.trainer
        rows = int(next(iter(batch.values())).shape[0])
        lo, hi = shard_bounds(rows, self.rank, self.world)
        weight = (hi - lo) * self.world / rows
        part = {k: v[lo:hi] if hi > lo else v[:1] for k, v in batch.items()}  # an empty shard weighs 0
        local = trainer.runner.loss(self.model, part) * weight
        packed = torch.stack([local.detach().float().reshape(()),
                              torch.tensor(float(self.request.cancelled), device=local.device)])
        tdist.all_reduce(packed)
        if float(packed[1]) > 0:
            trainer.cancel.cancel()  # every rank, after this same step
        mean = (packed[0] / self.world).to(local.dtype)
        result: torch.Tensor = local + (mean - local.detach())
        return result

    def describe(self) -> dict[str, Any]:
        """What the summary records about the job."""
        return {"world_size": self.world, "devices": list(self.devices)}


def _to_cpu(value: Any) -> Any:
    if isinstance(value, torch.Tensor):
        return value.detach().cpu()
    if isinstance(value, dict):
        return {k: _to_cpu(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_cpu(v) for v in value]
    return value


def from_env() -> Ranks | None:
    """Under torchrun with more than one rank: join the process group and return this rank's
    ``Ranks`` (the group is left at exit); otherwise None."""
    found = world_from_env()
    if found is None:
        return None
    rank, world, local = found
    cuda = torch.cuda.is_available()
    if cuda:
        torch.cuda.set_device(local % torch.cuda.device_count())  # 'cuda' means this rank's card
    if not tdist.is_initialized():
        tdist.init_process_group(backend=backend_for(cuda))
        atexit.register(_leave)
    return Ranks(rank, world, local)


def _leave() -> None:
    if tdist.is_initialized():
        tdist.destroy_process_group()


# --- the command line -----------------------------------------------------------------------------
def follow(ranks: Ranks, args: Any) -> int:
    """``workbench train`` on a rank other than 0: rank 0's config, this machine's copy of the data
    file, no run folder and no output; returns the exit status."""
    from workbench.core import transfer
    from workbench.core.device import configure_threads
    from workbench.core.events import RunOutcome
    from workbench.core.pipeline import prepare
    from workbench.core.trainer import Trainer

    cfg = ranks.share_config(None)
    configure_threads(cfg.train.num_threads, leave_one_free=False)
    parent = transfer.read_parent(cfg.train.init_from) if cfg.train.init_from else None
    data = prepare(cfg, None, parent.tokenizer if parent is not None else None)
    trainer = Trainer(cfg, data, cancel=ranks.request)
    ranks.attach(trainer)
    handler = stop_handler(ranks.request)
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, handler)
    trainer.fit()
    return 130 if trainer.status in (RunOutcome.STOPPED, RunOutcome.INTERRUPTED) else 0


def stop_handler(request: CancelToken) -> Any:
    """A signal handler that asks for a stop: every signal, however many (torchrun passes on the
    terminal's Ctrl-C that each rank got already; it kills ranks still running 30 s later)."""

    def _stop(signum: int, frame: Any) -> None:
        request.cancel()

    return _stop


def launch_command(nproc: int, argv: Sequence[str], nnodes: int = 1, node_rank: int = 0,
                   endpoint: str = "") -> list[str]:
    """The torchrun command line for ``workbench <argv>`` on ``nproc`` processes per machine:
    ``--standalone`` on one machine, else the rendezvous flags for ``nnodes`` machines."""
    cmd = [sys.executable, "-m", "torch.distributed.run", f"--nproc-per-node={nproc}"]
    if nnodes > 1:
        cmd += [f"--nnodes={nnodes}", f"--node-rank={node_rank}", "--rdzv-backend=c10d",
                f"--rdzv-endpoint={endpoint or 'HOST:29500'}", "--rdzv-id=workbench"]
    else:
        cmd.append("--standalone")
    return [*cmd, "-m", "workbench", *argv]


def without_nproc(argv: Sequence[str]) -> list[str]:
    """``argv`` less its ``--nproc N`` (or ``--nproc=N``)."""
    out, skip = [], False
    for item in argv:
        if skip:
            skip = False
        elif item == "--nproc":
            skip = True
        elif not item.startswith("--nproc="):
            out.append(item)
    return out


def launch(nproc: int, argv: Sequence[str]) -> int:
    """``workbench train --nproc N ...``: run the same command under torchrun on this machine with N
    processes; returns torchrun's exit status."""
    if nproc < 1:
        raise ConfigError([f"--nproc {nproc} must be 1 or more"])
    cmd = launch_command(nproc, without_nproc(argv))
    proc = subprocess.Popen(cmd)
    while True:
        try:
            return proc.wait()
        except KeyboardInterrupt:  # the terminal's Ctrl-C reached torchrun too: wait for the ranks
            continue


def cluster_commands(config: str, nproc: int, nnodes: int = 1, endpoint: str = "",
                     out: str = "runs") -> list[str]:
    """The shell command that trains ``config`` on ``nnodes`` machines of ``nproc`` processes each:
    one line per machine (its ``--node-rank``), to paste into a terminal there."""
    import shlex

    lines = []
    for node in range(max(1, nnodes)):
        cmd = launch_command(nproc, ["train", config, "--out", out], nnodes, node, endpoint)
        cmd[:3] = ["torchrun"]  # the launcher's own command: `python -m torch.distributed.run`
        lines.append(shlex.join(cmd))
    return lines
