"""End-to-end entry points used by the CLI and the app: prepare, train, load a run, predict."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from workbench.core import checkpoint as ckpt
from workbench.core import fingerprint, outcome, runfiles, transfer
from workbench.core.callbacks import Callback, CancelToken
from workbench.core.config import RunConfig
from workbench.core.continuation import continue_config, record_changes
from workbench.core.data.loading import load_file
from workbench.core.data.prepare import DataSpec, encode_table, encode_texts, prepare_data
from workbench.core.errors import CheckpointError, ConfigError, DataError
from workbench.core.events import RunOutcome
from workbench.core.memory import check_fits
from workbench.core.models import GPT, build_model
from workbench.core.run import RunDir
from workbench.core.safepaths import check_writable_folder
from workbench.core.tblog import log_callbacks
from workbench.core.threads import forward_flops, tune_for_evaluation, use_threads
from workbench.core.tokenizers import UNK_ID
from workbench.core.trainer import Trainer


def prepare(cfg: RunConfig, source: Any | None = None, reuse_tokenizer: Any | None = None) -> Any:
    """Load ``cfg.data.path`` (unless ``source`` is given) and turn it into tensors (text encoded
    with ``reuse_tokenizer`` when given: ``core.transfer``)."""
    if source is None:
        if not cfg.data.path:
            raise ConfigError(["[data] path is empty: say which file to train on (or pass --data FILE)"])
        source = load_file(cfg.data.path, encoding=cfg.data.encoding)
    data = prepare_data(source, cfg.data, cfg.model.block_size, reuse_tokenizer)
    _check_batch(cfg, data)
    return data


def _check_batch(cfg: RunConfig, data: Any) -> None:
    n = data.train["ids"].numel() if "ids" in data.train else len(data.train["y"])
    if data.spec.task != "language_modeling" and cfg.train.batch_size > n:
        raise ConfigError([f"[train] batch_size ({cfg.train.batch_size}) is larger than the training "
                           f"set ({n} rows); use at most {n}"])


def start_run(cfg: RunConfig, out_root: str | Path, data: Any | None = None,
              callbacks: Sequence[Callback] = (),
              cancel: CancelToken | None = None, source: Any | None = None) -> Trainer:
    """Prepare data, create the run folder and return a ready Trainer (call ``fit()``).

    ``data`` is already prepared; else ``source`` (the loaded file) or ``cfg.data.path`` is.
    With ``train.init_from``, the model starts from that run's fitting weights (``core.transfer``).
    """
    check_writable_folder(out_root, what="folder for run folders")  # before any work: --out a file
    logs = log_callbacks(cfg)  # a missing package for them stops here, before any work
    parent = transfer.read_parent(cfg.train.init_from) if cfg.train.init_from else None
    reuse = parent.tokenizer if parent is not None else None
    data = data if data is not None else prepare(cfg, source, reuse)
    check_fits(cfg, data.spec)  # before the run folder or any weight exists
    if parent is not None:
        transfer.check_tokenizer(parent, data.tokenizer)
        transfer.check_fits(cfg, data.spec, parent)
    run_dir = RunDir.create(out_root, cfg.name)
    run_dir.lock()  # released when fit() ends (core.runsafety)
    run_dir.write_setup(cfg, data.spec, data.tokenizer)
    fingerprint.record(run_dir.path, cfg.data.path)  # a resume refuses changed data
    trainer = Trainer(cfg, data, run_dir=run_dir, callbacks=[*callbacks, *logs], cancel=cancel)
    if parent is not None:
        transfer.start_from(trainer, parent)
    return trainer


def resume_run(path: str | Path, callbacks: Sequence[Callback] = (),
               cancel: CancelToken | None = None, overrides: Sequence[str] = (),
               allow_changed_data: bool = False) -> Trainer:
    """A Trainer that continues the run in ``path`` from its latest checkpoint.

    ``overrides`` (``section.key=value``) change the settings that may change on a continued run
    (budget, learning rate and schedule, early stopping: ``core.continuation``); any other change
    is refused with a ConfigError naming the field.

    One writer at a time: a run another process is training or resuming is refused
    (CheckpointError), and so is a data file that changed since the run started (DataError)
    unless ``allow_changed_data`` (``core.fingerprint``).
    """
    run_dir = RunDir(path)
    run_dir.check()
    run_dir.lock()  # released when fit() ends, or below when the run cannot be set up
    try:
        cfg, changes = continue_config(run_dir.config(), overrides)
        notes = fingerprint.check(run_dir.path, cfg.data.path, allow_changed_data) + run_dir.damage_notes()
        data = prepare(cfg, reuse_tokenizer=transfer.own_tokenizer(run_dir.path, cfg))
        data.notes.extend(notes)
        check_fits(cfg, data.spec)
        kept = transfer.keep_parent(run_dir.path)  # a run started from another's weights still names it
        trainer = Trainer(cfg, data, run_dir=run_dir, callbacks=[*callbacks, *log_callbacks(cfg), *kept],
                          cancel=cancel, resume=True)
    except BaseException:
        run_dir.unlock()
        raise
    record_changes(run_dir.path, cfg, changes, trainer.step)
    return trainer


def score_run(path: str | Path) -> dict[str, Any]:
    """Score a finished run's final and best weights on every split in full; rewrite its summary.

    A stopped run's summary scores a sample of each split, so Stop returns at once; this is the
    full scoring behind it (``workbench score RUN``). Returns the updated summary.
    """
    run_dir = RunDir(path)
    run_dir.check()
    summary = run_dir.summary()
    status = RunOutcome.parse(summary.get("status", "")) if summary is not None else None
    if summary is None or status not in (RunOutcome.COMPLETED, RunOutcome.STOPPED, RunOutcome.EARLY_STOPPED):
        raise CheckpointError(f"{run_dir.path} has no finished run to score"
                              + (f" (it {status.value.replace('_', ' ')})" if status else ""))
    trainer = resume_run(run_dir.path, allow_changed_data=True)  # scoring trains nothing
    tune_for_evaluation(trainer)
    try:
        trainer.status = status
        scored = outcome.summarize(trainer, sample=False)
        summary.update({key: scored[key] for key in ("scoring", "final", "best", "curves") if key in scored})
        run_dir.write_summary(summary)
    finally:
        trainer.run_dir.unlock()  # type: ignore[union-attr]  # resume_run's trainer has its folder
    return summary


@dataclass
class LoadedRun:
    """A finished (or running) run loaded for prediction or generation."""

    run_dir: RunDir | None  # None for a copy of a training model whose run has no folder
    cfg: RunConfig
    spec: DataSpec
    tokenizer: Any
    model: torch.nn.Module
    checkpoint: str


def load_run(path: str | Path, which: str = "best", device: str = "cpu") -> LoadedRun:
    """Load a run's model from its best (or latest) checkpoint; raises CheckpointError."""
    run_dir = RunDir(path)
    run_dir.check()
    cfg = run_dir.config()
    spec = runfiles.read_spec(run_dir.path)  # each file checked; CheckpointError naming it
    tokenizer = runfiles.read_tokenizer(run_dir.path, spec)
    file = run_dir.best if which == "best" and run_dir.best.exists() else run_dir.latest
    if not file.exists():
        raise CheckpointError(f"{run_dir.path} has no checkpoint yet (nothing in checkpoints/)")
    tensors, _ = ckpt.load_checkpoint(file)
    model = build_model(cfg.model, spec)
    ckpt.restore_model(model, tensors, file.name)
    model.to(torch.device(device)).eval()
    return LoadedRun(run_dir, cfg, spec, tokenizer, model, str(file))


@torch.no_grad()
def predict_texts(run: LoadedRun, texts: list[str]) -> list[dict[str, Any]]:
    """Class probabilities for each text (text classifiers)."""
    if run.spec.task != "text_classification":
        raise DataError(f"this run is a {run.spec.task.replace('_', ' ')} model; "
                        "it does not take text to classify")
    batch = encode_texts(run.spec, run.tokenizer, texts)
    return _classify(run, batch)


@torch.no_grad()
def predict_table(run: LoadedRun, df: Any) -> list[dict[str, Any]]:
    """Predictions for each row of a DataFrame (tabular classifiers and regression)."""
    if run.spec.task not in ("tabular_classification", "regression"):
        raise DataError(f"this run is a {run.spec.task.replace('_', ' ')} model; it does not take table rows")
    batch = encode_table(run.spec, df)
    if run.spec.task == "regression":
        out = run.model(batch).float()
        values = out * float(run.spec.target_std) + float(run.spec.target_mean)
        return [{"prediction": float(v)} for v in values]
    return _classify(run, batch)


def _classify(run: LoadedRun, batch: dict[str, torch.Tensor]) -> list[dict[str, Any]]:
    device = next(run.model.parameters()).device
    probs = torch.softmax(run.model({k: v.to(device) for k, v in batch.items()}).float(), dim=-1).cpu()
    classes = list(run.spec.classes)
    return [{"prediction": classes[int(p.argmax())],
             "probabilities": {c: float(p[i]) for i, c in enumerate(classes)}} for p in probs]


@torch.no_grad()
def generate(run: LoadedRun, prompt: str, length: int = 200, temperature: float = 0.8,
             top_k: int | None = None, seed: int | None = None) -> str:
    """Continue ``prompt`` with a language model; returns prompt + generated text."""
    if run.spec.task != "language_modeling":
        raise DataError(f"this run is a {run.spec.task.replace('_', ' ')} model; "
                        "only language models generate text")
    # An empty prompt starts from a newline, as a text would after a line break.
    ids = run.tokenizer.encode(prompt) or run.tokenizer.encode("\n") or [UNK_ID]
    if seed is not None:
        torch.manual_seed(seed)
    model = run.model
    assert isinstance(model, GPT)  # the one language model
    device = next(model.parameters()).device
    x = torch.tensor([ids], dtype=torch.long, device=device)
    if device.type == "cpu":  # a token at a time at most a full context: little work, few threads
        use_threads(forward_flops(model, {"ids": torch.zeros((1, model.block_size), dtype=torch.long)}))
    out = model.generate(x, length, temperature=temperature, top_k=top_k)
    text: str = run.tokenizer.decode(out[0].tolist())
    return text
