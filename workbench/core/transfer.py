"""Starting a run from another run's weights (``train.init_from``): transfer learning, by name and shape.

A new run may start from a finished run (its *parent*): every weight of the new model whose name
and shape match one of the parent's is copied, the others start fresh. The models share their
names where they share their parts (``wte`` token embeddings, ``wpe`` positions, ``blocks.N``,
``ln_f``), so a language model continued on another text takes everything, and a text classifier
started from a language model trained on the same kind of text takes the embeddings and blocks and
gets a new head. Text is then encoded with the parent's tokenizer (``prepare_data``'s
``reuse_tokenizer``), or the copied embeddings would stand for other tokens. A parent that is
missing, or of which nothing fits, is refused with a ConfigError naming ``[train] init_from``.

The new run's summary records ``parent`` (the parent's folder) and ``init`` (``{"copied": n,
"new": m}`` weight tensors); the Runs table shows the parent.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import torch

from workbench.core import checkpoint as ckpt
from workbench.core import runfiles
from workbench.core.callbacks import Callback
from workbench.core.config import RunConfig
from workbench.core.errors import CheckpointError, ConfigError
from workbench.core.problems import Problem
from workbench.core.run import RunDir
from workbench.core.tokenizers import UNK_ID

if TYPE_CHECKING:
    from workbench.core.trainer import Trainer

# Settings that decide the shapes of the shared parts; ``adopt_parent`` takes them from the parent.
SHAPE_FIELDS = ("d_model", "n_layers", "n_heads", "ff_mult", "bias", "hidden")
TRANSFORMERS = {"gpt", "transformer"}  # kinds that share embeddings and blocks
TOKENIZER_FIELDS = ("tokenizer", "lowercase", "vocab_size", "min_freq")
MAX_NAMED = 4  # new weights named in the note


@dataclass
class Parent:
    """The run a new run starts from: its folder, setup, tokenizer and weights."""

    path: Path
    cfg: RunConfig
    task: str
    kind: str  # its model kind (gpt, transformer, ...)
    tokenizer: Any  # core.tokenizers.Tokenizer, or None for a table's run
    weights: dict[str, torch.Tensor]  # the model's tensors by name
    checkpoint: str  # "best" or "latest"


@dataclass
class Init:
    """What a run took from its parent: the weights copied, and those that start fresh."""

    parent: Parent
    copied: list[str] = field(default_factory=list)
    new: list[str] = field(default_factory=list)
    copied_numbers: int = 0
    total_numbers: int = 0

    def to_summary(self) -> dict[str, Any]:
        """The summary's ``parent`` and ``init`` entries."""
        return {"parent": str(self.parent.path), "init": {"copied": len(self.copied), "new": len(self.new)}}

    @property
    def note(self) -> str:
        """One line for the user: what was copied, what is new."""
        share = self.copied_numbers / max(self.total_numbers, 1)
        text = (f"Started from the {self.parent.checkpoint} weights of {self.parent.path}: "
                f"{len(self.copied)} weight tensors copied ({share:.1%} of the parameters), "
                f"{len(self.new)} new")
        if self.new:
            names = ", ".join(self.new[:MAX_NAMED]) + (", …" if len(self.new) > MAX_NAMED else "")
            text += f" ({names})"
        return text


def _refuse(message: str) -> ConfigError:
    return ConfigError([Problem("train", "init_from", message)])


def read_parent(folder: str | Path) -> Parent:
    """The run in ``folder`` with its weights (best checkpoint, else latest); ConfigError if unusable."""
    run = RunDir(folder)
    try:
        run.check()
        cfg = run.config()
        spec = runfiles.read_spec(run.path)
        tokenizer = runfiles.read_tokenizer(run.path, spec)
    except CheckpointError as exc:
        raise _refuse(f"cannot start from {folder}: {exc}. Choose a finished run's folder") from None
    which = "best" if run.best.exists() else "latest"
    file = run.best if which == "best" else run.latest
    if not file.exists():
        raise _refuse(f"{run.path} has no saved weights yet (nothing in checkpoints/); "
                      "choose a run that has trained")
    try:
        tensors, _meta = ckpt.load_checkpoint(file)
    except CheckpointError as exc:
        raise _refuse(f"cannot read the weights of {run.path}: {exc}") from None
    weights = {k[len("model."):]: v for k, v in tensors.items() if k.startswith("model.")}
    return Parent(run.path, cfg, spec.task, _kind(cfg, spec.task), tokenizer, weights, which)


def _kind(cfg: RunConfig, task: str) -> str:
    from workbench.core.models import resolve_kind

    try:
        return resolve_kind(cfg.model, task)
    except ConfigError:
        return cfg.model.kind


def plan(model: torch.nn.Module, parent: Parent, cfg: RunConfig, kind: str) -> Init:
    """Which of ``model``'s weights the parent has, by name and shape (nothing is copied; ``model``
    may be on the meta device). Raises ConfigError when none fits, naming the settings that differ."""
    init = Init(parent)
    seen: set[int] = set()  # tied weights (the GPT's embedding and head) are counted once
    for name, tensor in model.state_dict(keep_vars=True).items():
        if id(tensor) in seen:
            continue
        seen.add(id(tensor))
        init.total_numbers += tensor.numel()
        theirs = parent.weights.get(name)
        fits = theirs is not None and tuple(theirs.shape) == tuple(tensor.shape) \
            and theirs.is_floating_point() == tensor.is_floating_point()
        (init.copied if fits else init.new).append(name)
        init.copied_numbers += tensor.numel() if fits else 0
    if not init.copied:
        diffs = [f"{name} {getattr(parent.cfg.model, name)!r} there, {getattr(cfg.model, name)!r} here"
                 for name in SHAPE_FIELDS if getattr(parent.cfg.model, name) != getattr(cfg.model, name)]
        if kind != parent.kind and {kind, parent.kind} != TRANSFORMERS:
            diffs.insert(0, f"a {parent.kind} model there, a {kind} here")
        where = f" ({'; '.join(diffs)})" if diffs else ""
        raise _refuse(f"none of the weights of {parent.path} fit this model{where}; use its model width, "
                      "layers and heads (the Runs page's Start from its weights sets them)")
    return init


def check_fits(cfg: RunConfig, spec: Any, parent: Parent) -> None:
    """Before a run folder exists: refuse a parent of which nothing fits (a model on the meta device)."""
    from workbench.core.models import build_model

    with torch.device("meta"):
        plan(build_model(cfg.model, spec), parent, cfg, _kind(cfg, spec.task))


def copy_weights(model: torch.nn.Module, parent: Parent, cfg: RunConfig, kind: str) -> Init:
    """Copy into ``model`` (of ``kind``), in place, each of the parent's weights whose name and
    shape match."""
    init = plan(model, parent, cfg, kind)
    own = model.state_dict()
    with torch.no_grad():
        for name in init.copied:
            own[name].copy_(parent.weights[name].to(own[name].dtype))
    return init


def check_tokenizer(parent: Parent, tokenizer: Any) -> None:
    """Refuse data already prepared with a tokenizer other than the parent's."""
    if parent.tokenizer is None or tokenizer is None:
        return
    if parent.tokenizer.to_dict() != tokenizer.to_dict():
        raise _refuse(f"the data was prepared with a tokenizer other than that of {parent.path}; "
                      "the copied embeddings would stand for other tokens")


def unknown_share(data: Any) -> float | None:
    """The share of the training tokens the (reused) tokenizer does not know; None for tables."""
    ids = data.train.get("ids", data.train.get("x")) if data.tokenizer is not None else None
    if ids is None or ids.numel() == 0:
        return None
    real = ids[ids != 0] if "x" in data.train else ids  # a classifier's rows are padded with 0
    return float((real == UNK_ID).float().mean()) if real.numel() else None


class ParentRecord(Callback):
    """Writes the parent and what was copied into the run's summary when the run ends."""

    def __init__(self, entries: dict[str, Any]) -> None:
        self.entries = entries

    def on_fit_end(self, trainer: Trainer, summary: dict[str, Any]) -> None:
        """Add ``parent`` and ``init`` to the summary (and to summary.json, already written)."""
        summary.update(self.entries)
        if trainer.run_dir is not None:
            trainer.run_dir.write_summary(summary)


def start_from(trainer: Trainer, parent: Parent) -> Init:
    """Give a new run's model the parent's fitting weights; note it and record it in the summary."""
    init = copy_weights(trainer.model, parent, trainer.cfg, trainer.model_kind)
    trainer.data.notes.append(init.note)
    unknown = unknown_share(trainer.data)
    if parent.tokenizer is not None and unknown is not None:
        size = parent.tokenizer.vocab_size
        trainer.data.notes.append(f"The tokenizer of {parent.path} is reused ({size:,} tokens); "
                                  f"{unknown:.1%} of this data's training tokens are unknown to it")
    trainer.callbacks.insert(1, ParentRecord(init.to_summary()))  # after the thread governor
    return init


def own_tokenizer(run_path: Path, cfg: RunConfig) -> Any:
    """For a continued run started from another's weights: the tokenizer it saved (its parent's,
    which its data would not give again); None for other runs, whose tokenizer is fitted anew."""
    if not cfg.train.init_from:
        return None
    return runfiles.read_tokenizer(run_path, runfiles.read_spec(run_path))


def keep_parent(run_path: Path) -> list[Callback]:
    """For a continued run: a callback that keeps its summary's ``parent`` and ``init`` (none if it
    has no parent); a damaged summary is left to the readers that report it."""
    try:
        summary = runfiles.read_summary(run_path) or {}
    except CheckpointError:
        return []
    entries: dict[str, Any] = {key: summary[key] for key in ("parent", "init") if key in summary}
    return [ParentRecord(entries)] if entries else []


def adopt_parent(cfg: RunConfig, folder: str | Path, task: str = "") -> tuple[RunConfig, list[str]]:
    """``cfg`` set to start from the run in ``folder``: ``init_from``, and the parent's model shape
    and tokenizer settings so its weights fit; for a text classifier (``task``, the new run's task
    when known) started from a Transformer, the Transformer classifier. Returns it with a note per
    setting changed."""
    parent = RunDir(folder)
    try:
        theirs = parent.config()
        their_task = runfiles.read_spec(parent.path).task
    except CheckpointError as exc:
        raise _refuse(f"cannot start from {folder}: {exc}") from None
    new = copy.deepcopy(cfg)
    new.train.init_from = str(parent.path)
    notes = []
    if (task or new.data.task) == "text_classification" and new.model.kind in ("auto", "bag") \
            and _kind(theirs, their_task) in ("gpt", "transformer"):
        notes.append("[model] kind = 'transformer', to take its blocks")
        new.model.kind = "transformer"
    for section, names in (("model", SHAPE_FIELDS), ("data", TOKENIZER_FIELDS)):
        for name in names:
            value = getattr(getattr(theirs, section), name)
            if getattr(getattr(new, section), name) != value:
                notes.append(f"[{section}] {name} = {value!r}, as in {parent.path.name}")
                setattr(getattr(new, section), name, value)
    if new.model.block_size != theirs.model.block_size:  # a language model's positions; others ignore it
        notes.append(f"[model] block_size = {theirs.model.block_size}, as in {parent.path.name}")
        new.model.block_size = theirs.model.block_size
    return new, notes
