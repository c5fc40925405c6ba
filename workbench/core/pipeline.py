"""End-to-end entry points used by the CLI and the app: prepare, train, load a run, predict."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import torch

from workbench.core import checkpoint as ckpt
from workbench.core import outcome
from workbench.core.callbacks import Callback, CancelToken
from workbench.core.config import RunConfig
from workbench.core.data.loading import load_file
from workbench.core.data.prepare import DataSpec, encode_table, encode_texts, prepare_data
from workbench.core.errors import CheckpointError, ConfigError, DataError
from workbench.core.events import RunOutcome
from workbench.core.models import GPT, build_model
from workbench.core.run import RunDir
from workbench.core.tokenizers import UNK_ID, tokenizer_from_dict
from workbench.core.trainer import Trainer


def prepare(cfg: RunConfig, source: Any | None = None) -> Any:
    """Load ``cfg.data.path`` (unless ``source`` is given) and turn it into tensors."""
    if source is None:
        if not cfg.data.path:
            raise ConfigError(["[data] path is empty: say which file to train on (or pass --data FILE)"])
        source = load_file(cfg.data.path, encoding=cfg.data.encoding)
    data = prepare_data(source, cfg.data, cfg.model.block_size)
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
    """
    data = data if data is not None else prepare(cfg, source)
    run_dir = RunDir.create(out_root, cfg.name)
    run_dir.write_setup(cfg, data.spec, data.tokenizer)
    return Trainer(cfg, data, run_dir=run_dir, callbacks=callbacks, cancel=cancel)


def resume_run(path: str | Path, callbacks: Sequence[Callback] = (),
               cancel: CancelToken | None = None) -> Trainer:
    """A Trainer that continues the run in ``path`` from its latest checkpoint."""
    run_dir = RunDir(path)
    cfg = run_dir.config()
    data = prepare(cfg)
    return Trainer(cfg, data, run_dir=run_dir, callbacks=callbacks, cancel=cancel, resume=True)


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
    trainer = resume_run(run_dir.path)
    trainer.status = status
    scored = outcome.summarize(trainer, sample=False)
    summary.update({key: scored[key] for key in ("scoring", "final", "best") if key in scored})
    run_dir.write_summary(summary)
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
    try:
        spec = DataSpec.from_dict(json.loads((run_dir.path / "data_spec.json").read_text(encoding="utf-8")))
        tok_path = run_dir.path / "tokenizer.json"
        tokenizer = (tokenizer_from_dict(json.loads(tok_path.read_text(encoding="utf-8")))
                     if tok_path.exists() else None)
    except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(f"{run_dir.path} has a corrupt data_spec.json or tokenizer.json: {exc}") \
            from None
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
    out = model.generate(x, length, temperature=temperature, top_k=top_k)
    text: str = run.tokenizer.decode(out[0].tolist())
    return text
