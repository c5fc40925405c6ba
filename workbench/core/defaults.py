"""Data-fitted defaults: a first setup that suits a file just opened, each choice explained.

``fitted_config`` starts from the task's preset (the settings of the bundled example that does
that task well), sizes the inputs from the data (a classifier's ``max_length`` covers 95 % of the
texts; a language model's vocabulary and context fit the text) and times a few training steps of
that model here. The run's length follows the data's size (classifiers: about 500 steps; language
models: about three passes over the text), the warm-up is 5 % of it, and the measured cost sets
the cadence: a loss point about every half second and a validation check, on a sample that takes
under half a second, every few seconds, so the first check comes within about ten seconds of
Train. Every cost is estimated in training steps, so a step timed too slow (a busy machine)
shifts the cadence in seconds but never lets checking take more than ``EVAL_SHARE`` of the run.

Nothing is inherited from the setup on screen but where the run goes (device, threads, seed) and
what the caller names in ``keep`` (a target the user picked, a ``--set`` value). The window calls
it for a new file (not for a saved setup); ``workbench train --data FILE`` calls it when no config
file is given.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from workbench.core.config import RunConfig
from workbench.core.tokenizers import CJK_RANGES

if TYPE_CHECKING:
    from workbench.core.data.analysis import Analysis, GuessSpec

RUN_KEYS = ("device", "num_threads", "bf16", "seed")  # where the run goes: the caller's, as they are

COVERAGE = 0.95       # a classifier's max_length covers this share of the texts...
MAX_LENGTH_CAP = 256  # ...up to this many tokens (attention's cost grows with its square)
BAG_COVERAGE, BAG_LENGTH_CAP = 0.99, 1024  # a bag of n-grams costs in proportion to the length
TARGET_STEPS = 500    # classifiers: about this many steps, as the bundled examples take
MAX_EPOCHS = {"text_classification": 20, "tabular_classification": 100, "regression": 100}
LM_PASSES = 3         # language models: about this many passes over the training text...
LM_STEPS = (100, 5000)  # ...in at least and at most this many steps
LM_WORD_VOCAB = 8000  # a word-level language model's output layer is its largest cost
FIRST_EVAL_S = 6.0    # training seconds before the first validation check (and between checks)
EVAL_S = 0.4          # what one validation check's scoring may cost...
EVAL_SHARE = 0.15     # ...and, with its sample, at most this share of the training time
GENERATE_STEPS = 0.05  # generating one token of a sample costs about this share of a training step
LOG_S = 0.5           # a loss point about this often, at most every LOG_MAX steps
LOG_MAX = 10
WARMUP_SHARE, WARMUP_MAX = 0.05, 100
PROBE_S, PROBE_STEPS = 1.0, 3  # the timed probe: at most this long, at most this many timed steps
SAMPLE_TEXTS, SAMPLE_CHARS = 2000, 2_000_000
_CJK = re.compile(f"[{CJK_RANGES}]")

PRESETS: dict[str, dict[str, Any]] = {
    # The Shakespeare example's small GPT (over characters: the tokenizer is chosen on its own).
    "language_modeling": {
        "data.val_fraction": 0.1, "data.test_fraction": 0.0, "model.kind": "gpt", "model.d_model": 128,
        "model.n_layers": 4, "model.n_heads": 4, "model.dropout": 0.0, "model.block_size": 64,
        "optim.lr": 2e-3, "optim.weight_decay": 0.1, "optim.beta2": 0.99, "optim.min_lr_ratio": 0.05,
        "train.batch_size": 12},
    # A bag of words and word pairs (fastText-style): on a few thousand texts it matches a TF-IDF
    # logistic regression, which the small Transformers of the examples did not (bench_quality).
    "text_classification": {
        "data.tokenizer": "word", "data.lowercase": True, "data.min_freq": 2, "model.kind": "bag",
        "model.d_model": 16, "model.ngrams": 2, "model.dropout": 0.0,
        "optim.lr": 2e-2, "optim.weight_decay": 0.0, "train.batch_size": 64},
    # Text written without spaces: characters and their pairs and triples.
    "cjk_text": {
        "data.tokenizer": "char", "data.lowercase": True, "data.min_freq": 2, "model.kind": "bag",
        "model.d_model": 16, "model.ngrams": 3, "model.dropout": 0.0,
        "optim.lr": 1e-2, "optim.weight_decay": 0.0, "train.batch_size": 64},
    # The penguins example: a small MLP.
    "table": {"model.kind": "mlp", "model.hidden": [64, 32], "model.dropout": 0.1, "optim.lr": 3e-3,
              "train.batch_size": 32},
}
PRESET_NOTES = {
    "language_modeling": "Model: a small GPT (4 blocks, width 128), AdamW at 0.002 with a cosine schedule: "
                         "the Shakespeare example's settings",
    "text_classification": "Model: a bag of words and word pairs (n-grams, fastText-style, width 16), AdamW "
                           "at 0.02: as good as a bag-of-words logistic regression, in seconds (choose the "
                           "Transformer to see attention)",
    "cjk_text": "Model: a bag of characters and their pairs and triples (n-grams, fastText-style, width 16), "
                "AdamW at 0.01, for text written without spaces (choose the Transformer to see attention)",
    "table": "Model: a small MLP (64 and 32 units), AdamW at 0.003 with a cosine schedule: the penguins "
             "example's settings",
}


@dataclass
class Fitted:
    """A setup fitted to a file, and one plain sentence per choice."""

    config: RunConfig
    notes: list[str] = field(default_factory=list)


@dataclass
class _Size:
    """How much data a run will see, in its batches' examples (rows, or a language model's windows)."""

    train: int
    val: int
    unit: str  # what a note counts: "texts", "rows" or "tokens"
    per_example: int = 1  # units in one example (a language model's window: its length in tokens)


def fitted_config(source: Any, base: RunConfig | None = None, *, keep: Iterable[str] = (),
                  analysis: Analysis | None = None) -> Fitted:
    """A setup fitted to ``source`` (a LoadedTable or LoadedText); see the module docstring.

    From ``base`` come where the run goes (``RUN_KEYS``) and the settings that ``keep`` names
    ("section.key", e.g. "data.target" the user chose, or "train.epochs" given with ``--set``);
    nothing else, since it was set for another file. ``analysis`` is ``analyse`` of ``source``
    with those data settings, when the caller has it. Takes up to about a second and a half (a
    timed probe of the model), so the window calls it off its GUI thread.
    """
    from workbench.core.data.analysis import analyse

    base = base or RunConfig()
    kept = frozenset(keep)
    cfg = RunConfig(name=_name(source, base, kept))
    cfg.data.path = str(Path(source.path).resolve())
    for key in RUN_KEYS:
        setattr(cfg.train, key, getattr(base.train, key))
    cfg.log = replace(base.log)  # the logs the caller wants are not a property of the file
    for key in kept - {"name"}:
        section, name = key.split(".", 1)
        setattr(getattr(cfg, section), name, getattr(getattr(base, section), name))
    fit = _Fitter(cfg, kept)
    # The analysis is asked only what the data is; the vocabulary guess it makes on the side is
    # not used here, so it takes the cheap character tokenizer.
    found = analysis or analyse(source, replace(cfg.data, tokenizer="char"))
    if found.error or found.spec is None:
        return Fitted(cfg, [f"Settings not fitted to the data: {found.error}"])
    if found.target_confident:
        # Written down, so a saved setup trains the same whatever later versions would guess.
        fit.set({"data.task": found.task, "data.target": found.target, "data.text_column": found.text_column})
    if found.task == "language_modeling":
        size, spec = _fit_language_model(fit, source, found)
    elif found.task == "text_classification":
        size, spec = _fit_text_classifier(fit, source, found)
    else:
        size, spec = _fit_table(fit, source, found)
    from workbench.core.memory import fit_batch

    first, too_big = fit_batch(cfg, spec, keep_batch="train.batch_size" in kept)
    if cfg.train.batch_size < first:
        fit.notes.append(f"Batches of {cfg.train.batch_size}: {first} would not fit in this machine's memory")
    if too_big is not None:  # the timed probe would allocate what does not fit; Train says the same
        return Fitted(cfg, [*fit.notes, f"Settings not fitted to the data: {too_big}"])
    step_s = measure_step(cfg, spec)
    _fit_schedule(fit, size, step_s, found.task)
    return Fitted(cfg, fit.notes)


class _Fitter:
    """Sets fitted values on ``cfg``, except kept ones, and keeps a note for each choice made."""

    def __init__(self, cfg: RunConfig, kept: frozenset[str]) -> None:
        self.cfg, self.kept = cfg, kept
        self.notes: list[str] = []

    def set(self, values: dict[str, Any], note: str = "") -> None:
        """Set each "section.key" not kept; add ``note`` (which speaks of them all) if none was kept."""
        chosen = [key for key in values if key not in self.kept]
        for key in chosen:
            section, name = key.split(".", 1)
            value = values[key]
            setattr(getattr(self.cfg, section), name, list(value) if isinstance(value, list) else value)
        if note and len(chosen) == len(values):
            self.notes.append(note)


def _fit_language_model(fit: _Fitter, source: Any, found: Analysis) -> tuple[_Size, GuessSpec]:
    from workbench.core.data.loading import LoadedText
    from workbench.core.tokenizers import fit_tokenizer

    fit.set(PRESETS["language_modeling"], PRESET_NOTES["language_modeling"])
    fit.set({"data.tokenizer": "char", "data.lowercase": False})  # its note follows, with the vocabulary
    d = fit.cfg.data
    if d.tokenizer == "word":
        fit.set({"data.vocab_size": LM_WORD_VOCAB, "data.min_freq": 2, "data.lowercase": True,
                 "train.sample_length": 100},
                f"Words as tokens: the {LM_WORD_VOCAB:,} most frequent (lowercased, seen at least twice) "
                "make the vocabulary, since the output layer scores every word at every position")
    text = source.text if isinstance(source, LoadedText) else "\n".join(
        source.df[found.text_column].dropna().astype(str))
    sample = text[:SAMPLE_CHARS]
    tokenizer = fit_tokenizer(d.tokenizer, sample, d.vocab_size, d.min_freq, d.lowercase)
    if d.tokenizer == "char" and "data.tokenizer" not in fit.kept:
        fit.notes.append(f"Characters as tokens ({tokenizer.vocab_size:,} of them): a small language "
                         "model learns spelling and words from characters")
    tokens = len(text) if d.tokenizer == "char" else round(
        len(tokenizer.pieces(sample)) * len(text) / max(len(sample), 1))
    # Every split needs one window of context + 1 tokens.
    shares = [1 - d.val_fraction - d.test_fraction, d.val_fraction, d.test_fraction]
    shortest = min(int(tokens * share) for share in shares if share > 0)
    block = max(2, min(fit.cfg.model.block_size, shortest - 1))
    fit.set({"model.block_size": block},
            f"Context {block} tokens" + (": the text is too short for more" if block < 64 else ""))
    block = fit.cfg.model.block_size
    spec = _spec(found).sized(0, block)
    spec.vocab_size = tokenizer.vocab_size
    windows = [max(1, int(tokens * share) // block) for share in shares[:2]]
    return _Size(windows[0], windows[1], "tokens", block), spec


def _fit_text_classifier(fit: _Fitter, source: Any, found: Analysis) -> tuple[_Size, GuessSpec]:
    from workbench.core.tokenizers import fit_tokenizer

    texts = source.df[found.text_column].dropna().astype(str)
    picked = texts.sample(n=min(len(texts), SAMPLE_TEXTS), random_state=0).tolist()
    cjk = sum(len(_CJK.findall(t)) for t in picked) > 0.3 * max(sum(map(len, picked)), 1)
    preset = "cjk_text" if cjk else "text_classification"
    fit.set(PRESETS[preset], PRESET_NOTES[preset])
    d = fit.cfg.data
    tokenizer = fit_tokenizer(d.tokenizer, texts.head(10 * SAMPLE_TEXTS).tolist(), d.vocab_size, d.min_freq,
                              d.lowercase)
    lengths = sorted(len(tokenizer.pieces(t)) for t in picked) or [0]
    bag = fit.cfg.model.kind == "bag"
    coverage, cap = (BAG_COVERAGE, BAG_LENGTH_CAP) if bag else (COVERAGE, MAX_LENGTH_CAP)
    covered = lengths[min(len(lengths) - 1, math.ceil(coverage * len(lengths)) - 1)]
    max_length = min(cap, max(8, 8 * math.ceil(covered / 8)))
    share = sum(n <= max_length for n in lengths) / len(lengths)
    fit.set({"data.max_length": max_length},
            f"Max length {max_length} tokens: covers {share:.0%} of the texts in '{found.text_column}' "
            f"(the longest has {lengths[-1]:,})")
    _fit_splits(fit, len(texts))
    spec = _spec(found).sized(fit.cfg.data.max_length, 0)
    spec.vocab_size = tokenizer.vocab_size
    return _rows(fit, len(texts), "texts"), spec


def _fit_table(fit: _Fitter, source: Any, found: Analysis) -> tuple[_Size, GuessSpec]:
    fit.set(PRESETS["table"], PRESET_NOTES["table"])
    rows = int(source.df[found.target].notna().sum())
    _fit_splits(fit, rows)
    train = _rows(fit, rows, "rows").train
    batch = 16 if train < 200 else 32 if train < 20_000 else 128
    fit.set({"train.batch_size": batch}, f"Batches of {batch} rows" + (
        ": a small table learns better from more, smaller steps" if batch < 32 else
        ": a large table" if batch > 32 else ""))
    return _rows(fit, rows, "rows"), _spec(found)


def _spec(found: Analysis) -> GuessSpec:
    assert found.spec is not None  # fitted_config returns before fitting when there is none
    return found.spec


def _fit_splits(fit: _Fitter, rows: int) -> None:
    if rows < 500:
        fit.set({"data.val_fraction": 0.2, "data.test_fraction": 0.2},
                f"20 % of the {rows:,} rows for validation and 20 % for the test: with fewer, their "
                "scores would jump with every row")


def _rows(fit: _Fitter, rows: int, unit: str) -> _Size:
    """The split sizes of ``rows`` rows; a batch is cut to the training set's size."""
    d, t = fit.cfg.data, fit.cfg.train
    train = max(1, round(rows * (1 - d.val_fraction - d.test_fraction)))
    if t.batch_size > train:
        fit.set({"train.batch_size": train}, f"Batches of {train} rows: the whole training set")
    return _Size(train, round(rows * d.val_fraction), unit)


def _fit_schedule(fit: _Fitter, size: _Size, step_s: float, task: str) -> None:
    """The run's length, warm-up and cadence, from the data's size and the measured step cost."""
    t = fit.cfg.train
    per_epoch = max(1, math.ceil(size.train / t.batch_size))
    if task == "language_modeling":
        steps = min(max(LM_STEPS[0], LM_PASSES * per_epoch), LM_STEPS[1])
        fit.set({"train.max_steps": steps},
                f"{steps:,} steps: about {steps / per_epoch:.2g} passes over the training text, about "
                f"{_duration(steps * step_s)} here at {1000 * step_s:.0f} ms a step")
    else:
        epochs = min(max(1, math.ceil(TARGET_STEPS / per_epoch)), MAX_EPOCHS[task])
        fit.set({"train.max_steps": 0})
        fit.set({"train.epochs": epochs},
                f"{epochs} epochs of {per_epoch:,} steps: about {_duration(epochs * per_epoch * step_s)} "
                f"here at {1000 * step_s:.0f} ms a step")
    total = t.max_steps or t.epochs * per_epoch
    mlp = fit.cfg.model.kind == "mlp"
    warmup = 0 if mlp else min(WARMUP_MAX, round(WARMUP_SHARE * total))
    fit.set({"optim.warmup_steps": warmup},
            f"Warm-up {warmup} steps: {warmup / total:.0%} of the {total:,}-step run" if warmup else
            "No warm-up: a small network on a table does not need one" if mlp else
            "No warm-up: the run is too short for one")
    batch_s = 0.5 * step_s  # an evaluation batch: twice the examples, no backward pass
    val_batches = math.ceil(size.val / (2 * t.batch_size))
    eval_batches = max(1, int(EVAL_S / batch_s))
    eval_batches = 0 if eval_batches >= val_batches else eval_batches
    check_s = (eval_batches or val_batches) * batch_s
    sample_s = t.sample_length * GENERATE_STEPS * step_s if task == "language_modeling" else 0.0
    # Every epoch when epochs are short, else every few seconds; never so often that checking
    # (and writing the sample) takes more than its share of the time.
    every = max(1, min(per_epoch, int(FIRST_EVAL_S / step_s)),
                math.ceil((check_s + sample_s) / (EVAL_SHARE * step_s)))
    every = min(every, total)
    scored = (f"a fixed sample of {eval_batches * 2 * t.batch_size * size.per_example:,} of the "
              f"{size.val * size.per_example:,} {size.unit}" if eval_batches else "the whole validation set")
    when = f"after every epoch ({every:,} steps)" if every == per_epoch else f"every {every:,} steps"
    when += f" (about every {_duration(every * step_s)})" if every * step_s >= 0.1 else ""
    fit.set({"train.eval_interval": every, "train.eval_batches": eval_batches},
            f"Validation {when} on {scored}" + (f", {_duration(check_s)} each" if check_s >= 0.1 else ""))
    log = max(1, min(LOG_MAX, int(LOG_S / step_s)))
    fit.set({"train.log_interval": log}, f"Loss recorded every {log} steps" if log > 1 else
            "Loss recorded at every step: each takes a while")


def measure_step(cfg: RunConfig, spec: GuessSpec) -> float:
    """Seconds one training step of ``cfg``'s model takes here: a few steps on random data, timed.

    The first step (allocation, first-call set-up) is not counted; the quickest of the next
    ``PROBE_STEPS``, or of as many as ``PROBE_S`` allows (at least one), is: the machine's own
    speed rather than a moment's load from other programs. The global random state is left as
    it was.
    """
    import torch
    import torch.nn.functional as F

    from workbench.core.device import resolve_device
    from workbench.core.models import build_model
    from workbench.core.optim import build_optimizer

    device = resolve_device(cfg.train.device)
    state = torch.get_rng_state()
    try:
        model = build_model(cfg.model, spec).to(device)
        optimizer = build_optimizer(cfg.optim, model)
        batch, target = _random_batch(spec, cfg, device)

        def step() -> float:
            start = time.perf_counter()
            out = model(batch)
            loss = (F.mse_loss(out, target) if spec.task == "regression"
                    else F.cross_entropy(out.reshape(-1, out.shape[-1]), target.reshape(-1)))
            optimizer.zero_grad(set_to_none=True)
            loss.backward()  # type: ignore[no-untyped-call]  # torch leaves Tensor.backward unannotated
            optimizer.step()
            if device.type == "cuda":
                torch.cuda.synchronize()
            return time.perf_counter() - start

        step()
        times = [step()]
        deadline = time.perf_counter() + PROBE_S
        while len(times) < PROBE_STEPS and time.perf_counter() < deadline:
            times.append(step())
        return min(times)
    finally:
        torch.set_rng_state(state)


def _random_batch(spec: GuessSpec, cfg: RunConfig, device: Any) -> tuple[dict[str, Any], Any]:
    """Inputs and targets of the shapes ``spec``'s model reads, drawn from a generator of their own."""
    import torch

    gen = torch.Generator().manual_seed(0)
    b, classes = cfg.train.batch_size, max(len(spec.classes), 1)
    if spec.task == "language_modeling":
        ids = torch.randint(spec.vocab_size, (b, spec.block_size + 1), generator=gen)
        inputs, target = {"ids": ids[:, :-1]}, ids[:, 1:]
    elif spec.task == "text_classification":
        inputs = {"x": torch.randint(spec.vocab_size, (b, spec.max_length), generator=gen)}
        target = torch.randint(classes, (b,), generator=gen)
    else:
        inputs = {"x_num": torch.randn(b, spec.n_numeric, generator=gen),
                  "x_cat": torch.zeros(b, len(spec.category_sizes), dtype=torch.long)}
        target = (torch.randn(b, generator=gen) if spec.task == "regression"
                  else torch.randint(classes, (b,), generator=gen))
    return {k: v.to(device) for k, v in inputs.items()}, target.to(device)


def _name(source: Any, base: RunConfig, kept: frozenset[str]) -> str:
    return base.name if "name" in kept else Path(source.path).stem


def _duration(seconds: float) -> str:
    if seconds >= 90:
        return f"{seconds / 60:.0f} min"
    return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"
