"""The attention probe: while a model trains, snapshots of how it attends on a few fixed inputs.

Every ``every`` steps the probe runs up to 8 validation examples (encoded once, at most 512
tokens each) through the model without gradients, in eval mode (restored after), with
``return_attention=True``. It draws no random numbers, so a run with the probe follows the very
same loss curve as one without.

Cost. ``every=0`` (the default) adapts: starting at 20 steps, the interval grows to a round
number (20, 50, 100, 200, ...) that keeps the probe's measured time under ``budget`` (2 %) of the
time between probes. It only grows, so snapshots stay evenly spaced; when the kept snapshots
outgrow ``max_bytes`` (32 MB) and every second one is dropped, it doubles.

Each snapshot is published as a run event (``trainer.publish``), held in a
:class:`~workbench.core.snapshots.SnapshotStore` and written to ``<run>/attention/`` at each
checkpoint and at the end.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from copy import deepcopy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from workbench.core.attention_maps import WINDOW, short_text
from workbench.core.callbacks import Callback
from workbench.core.errors import CheckpointError
from workbench.core.events import RunOutcome
from workbench.core.explain import Encoded, attention_kind, encode_input, forward_with_attention, readout_of
from workbench.core.pipeline import LoadedRun
from workbench.core.run import RunDir
from workbench.core.snapshots import FOLDER, ExampleInfo, ProbeMeta, Snapshot, SnapshotStore, quantise

if TYPE_CHECKING:
    from workbench.core.trainer import Trainer

log = logging.getLogger(__name__)

AUTO_START = 20
_MIN_SNAPSHOTS = 20  # inputs are left out if fewer snapshots than this would fit in max_bytes


def _round_up(x: float) -> int:
    """The smallest of 1, 2, 5, 10, 20, 50, ... at least ``x``."""
    scale = 1
    while True:
        for m in (1, 2, 5):
            if m * scale >= x:
                return m * scale
        scale *= 10


@dataclass
class ProbeContext:
    """What it takes to rebuild the probed model elsewhere (the app's "Try it" during training)."""

    cfg: Any
    spec: Any
    tokenizer: Any
    kind: str | None
    run_dir: str = ""


@dataclass
class _Timing:
    every: int
    costs: list[float] = field(default_factory=list)
    last: tuple[int, float] | None = None  # (step, clock) at the end of the last probe


class AttentionProbe(Callback):
    """Snapshots of a few validation inputs' attention while training; see the module docstring.

    Each snapshot goes out as an event to every callback (``on_event``, on the training thread).
    ``live_run()`` gives a CPU copy of the model from the latest probe point (``keep_copy``), so
    another thread can use the model without touching the one being trained.
    """

    def __init__(self, every: int = 0, n_examples: int = 8, budget: float = 0.02,
                 max_tokens: int = WINDOW, max_bytes: int = 32_000_000, keep_copy: bool = True) -> None:
        self.fixed = every > 0
        self.timing = _Timing(every if every > 0 else AUTO_START)
        self.n_examples = n_examples
        self.budget = budget
        self.max_tokens = max_tokens
        self.max_bytes = max_bytes
        self.keep_copy = keep_copy
        self.store: SnapshotStore | None = None
        self.context: ProbeContext | None = None
        self.error = ""
        self.spent = 0.0  # seconds spent probing, all told
        self._encoded: list[Encoded] = []
        self._folder: Path | None = None
        self._broken = False
        self._lock = threading.Lock()
        self._copy: tuple[int, torch.nn.Module] | None = None

    @property
    def every(self) -> int:
        """Steps between snapshots now."""
        return self.timing.every

    def live_run(self) -> tuple[int, LoadedRun] | None:
        """(step, a ``LoadedRun`` on a CPU copy of the model at that step), or None before the first.

        The copy is the probe's own and never changes; each probe point makes a new one.
        """
        with self._lock:
            copy = self._copy
        context = self.context
        if copy is None or context is None:
            return None
        step, model = copy
        run_dir = RunDir(context.run_dir) if context.run_dir else None
        return step, LoadedRun(run_dir, context.cfg, context.spec, context.tokenizer, model,
                               f"the weights at step {step:,} (training goes on)")

    # --- trainer hooks ------------------------------------------------------------------------
    def on_fit_start(self, trainer: Trainer) -> None:
        """Encode the inputs once, pick up a resumed run's snapshots, take the first snapshot."""
        self._guarded(self._start, trainer)

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        """Take a snapshot every ``every`` steps."""
        if self._encoded and not self._broken and step % self.timing.every == 0:
            self._guarded(self._probe, trainer)

    def on_checkpoint(self, trainer: Trainer, path: str, best: bool) -> None:
        """Write the new snapshots beside the checkpoint."""
        self._save()

    def on_fit_end(self, trainer: Trainer, summary: dict[str, Any]) -> None:
        """A last snapshot of the final weights (unless training failed or was interrupted), then save."""
        ended = RunOutcome.parse(summary.get("status", ""))
        healthy = ended not in (RunOutcome.FAILED, RunOutcome.INTERRUPTED)
        store = self.store
        if healthy and self._encoded and not self._broken and store is not None \
                and (not len(store) or store.get(-1).step != trainer.step):
            self._guarded(self._probe, trainer)
        self._save()

    # --- internals ----------------------------------------------------------------------------
    def _guarded(self, work: Callable[[Trainer], Snapshot | None], trainer: Trainer) -> None:
        """Run ``work``; publish the snapshot it took, if any."""
        # The probe is an extra: whatever goes wrong in it, training goes on without it.
        try:
            snapshot = work(trainer)
        except Exception as exc:
            self._broken = True
            self.error = f"attention capture stopped: {type(exc).__name__}: {exc}"
            log.warning("%s", self.error, exc_info=True)
            return
        if snapshot is not None:
            # Outside the guard: an error in a listener fails the run as any callback's does,
            # rather than passing for the probe's own.
            trainer.publish(snapshot)

    def _start(self, trainer: Trainer) -> Snapshot | None:
        model, data = trainer.model, trainer.data
        kind = attention_kind(model)
        run_dir = trainer.run_dir
        self.context = ProbeContext(trainer.cfg, data.spec, data.tokenizer, kind,
                                    str(run_dir.path) if run_dir is not None else "")
        raws = list(data.val_examples)[: self.n_examples]
        if kind is None or not raws:
            return None
        encoded = [encode_input(model, data.spec, data.tokenizer, raw, self.max_tokens) for raw in raws]
        cfg = trainer.cfg.model
        per_input = cfg.n_layers * cfg.n_heads * max(len(e.tokens) for e in encoded) ** 2
        encoded = encoded[: max(1, min(len(encoded), self.max_bytes // _MIN_SNAPSHOTS // per_input))]
        meta = ProbeMeta(kind, readout_of(model), data.spec.task, cfg.n_layers, cfg.n_heads,
                         list(data.spec.classes) if data.spec.is_classification else [],
                         [ExampleInfo(short_text(raw), raw, e.tokens, answer) for raw, e, answer
                          in zip(raws, encoded, [*data.val_answers, *[""] * len(raws)])])
        self._folder = run_dir.path / FOLDER if run_dir is not None else None
        self.store = self._resumed(meta, trainer.step) or SnapshotStore(meta, self.max_bytes)
        self._encoded = encoded
        return self._probe(trainer)

    def _resumed(self, meta: ProbeMeta, step: int) -> SnapshotStore | None:
        """A resumed run's earlier snapshots, when they show the same inputs."""
        if self._folder is None or not (self._folder / "index.json").exists():
            return None
        try:
            store = SnapshotStore.load(self._folder, self.max_bytes)
        except CheckpointError:
            return None
        if [e.tokens for e in store.meta.examples] != [e.tokens for e in meta.examples]:
            return None
        store.truncate(step)
        return store

    def _probe(self, trainer: Trainer) -> Snapshot | None:
        """Take a snapshot of the current weights (None when they are not finite)."""
        assert self.store is not None
        start = time.perf_counter()
        model = trainer.model
        out, atts = forward_with_attention(model, self._encoded)
        if not all(bool(torch.isfinite(a).all()) for a in atts):
            return None  # diverged weights: the trainer reports it; a NaN map would show nothing
        spec = trainer.data.spec
        outputs = None
        if spec.is_classification:
            outputs = torch.softmax(out.float(), dim=-1).cpu().numpy()
        elif spec.task == "regression":
            outputs = spec.destandardise(out.float().cpu().numpy())
        snapshot = Snapshot(trainer.step, tuple(quantise(a) for a in atts), outputs)
        if self.keep_copy:
            # deepcopy rather than build_model + load_state_dict: building initialises weights from
            # the global generator, and any draw from it would change the training run.
            copy = deepcopy(model).to("cpu").eval().requires_grad_(False)
            with self._lock:
                self._copy = (trainer.step, copy)
        if self.store.add(snapshot):
            self.timing.every *= 2
        cost = time.perf_counter() - start
        self.spent += cost
        self._adapt(trainer.step, start, cost)
        return snapshot

    def _adapt(self, step: int, start: float, cost: float) -> None:
        """Lengthen the interval until probing takes at most ``budget`` of the time between probes."""
        t = self.timing
        t.costs = [*t.costs, cost][-5:]
        if not self.fixed and t.last is not None and step > t.last[0]:
            per_step = (start - t.last[1]) / (step - t.last[0])
            typical = sorted(t.costs)[(len(t.costs) - 1) // 2]  # the lower median: the first probe warms up
            if per_step > 0:
                t.every = max(t.every, _round_up(typical / (self.budget * per_step)))
        t.last = (step, time.perf_counter())

    def _save(self) -> None:
        if self._folder is None or self.store is None or not self.store.dirty:
            return
        try:
            self.store.save(self._folder)
        except OSError as exc:  # a full disk must not stop training; the next checkpoint retries
            self.store.dirty = True
            self.error = f"could not save attention snapshots: {exc}"
            log.warning("%s", self.error)
