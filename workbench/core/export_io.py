"""What goes in and out of an exported model: its signature, the inputs it is checked on, and
the JSON written beside it so that it can be used without Workbench.

The signature follows the task, not the model class, so every model of a task exports the same
way (``model(batch)`` reads the same keys): token ids ``x`` (text classification), ``ids``
(language modelling), or ``x_num`` and ``x_cat`` (tables; ``x_cat`` only when there are
categorical columns). See ``core.export`` for the export itself.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from workbench.core.data.prepare import DataSpec, encode_table, encode_texts
from workbench.core.errors import WorkbenchError
from workbench.core.snapshots import FOLDER, ProbeMeta
from workbench.core.tokenizers import PAD_ID, UNK_ID, WORD_PATTERN

EXPORT_FORMAT = 1  # version of the <stem>.export.json layout
_N_VALIDATION = 8

_ENCODING = {
    "text_classification": (
        "x: int64 (batch, sequence) token ids from the tokenizer (lowercase first when it says so; "
        "'word' tokens are the matches of its pattern, 'char' tokens the characters), unknown "
        "tokens -> unk_id, left-aligned, padded with pad_id (0) at the end, at most max_length long; "
        "an empty text is one unk_id. Padding is masked inside the model."),
    "language_modeling": (
        "ids: int64 (batch, sequence) token ids, no padding, at most block_size long. logits[:, t] "
        "scores the token that follows position t; logits[:, -1] the next one."),
    "tabular": (
        "x_num: float32 (batch, n_numeric): each numeric column as (value - num_mean[j]) / num_std[j], "
        "0 when missing; then one 0/1 column per missing_flags entry (1 = the value was missing). "
        "x_cat (only when there are categorical columns): int64 (batch, n_categorical): the value's "
        "index in categories[column] plus 1, 0 when missing or unseen."),
}


@dataclass(frozen=True)
class TensorSpec:
    """One input or output of an exported graph; ``shape`` names its dynamic axes."""

    name: str
    dtype: str  # "int64" or "float32"
    shape: tuple[str | int, ...]  # "batch" and "sequence" vary; numbers are fixed


@dataclass(frozen=True)
class Signature:
    """The inputs an exported graph takes (in order) and the output it returns."""

    inputs: tuple[TensorSpec, ...]
    output: TensorSpec
    max_sequence: int  # the longest "sequence" axis the model reads (0: no such axis)

    @property
    def names(self) -> list[str]:
        """The input names, in the order the graph takes them."""
        return [t.name for t in self.inputs]


def signature(spec: DataSpec) -> Signature:
    """The exported graph's inputs and output for a model trained on ``spec``."""
    if spec.task == "text_classification":
        x = TensorSpec("x", "int64", ("batch", "sequence"))
        return Signature((x,), TensorSpec("logits", "float32", ("batch", len(spec.classes))), spec.max_length)
    if spec.task == "language_modeling":
        ids = TensorSpec("ids", "int64", ("batch", "sequence"))
        return Signature((ids,), TensorSpec("logits", "float32", ("batch", "sequence", spec.vocab_size)),
                         spec.block_size)
    inputs = [TensorSpec("x_num", "float32", ("batch", spec.n_numeric))]
    if spec.categorical_columns:
        inputs.append(TensorSpec("x_cat", "int64", ("batch", len(spec.categorical_columns))))
    output = (TensorSpec("prediction", "float32", ("batch",)) if spec.task == "regression"
              else TensorSpec("logits", "float32", ("batch", len(spec.classes))))
    return Signature(tuple(inputs), output, 0)


def trace_lengths(sig: Signature) -> tuple[int, list[tuple[int, int]]]:
    """The sequence length to trace at, and (batch, length) pairs to check at: different ones,
    so a length or batch size frozen into the graph shows as a mismatch."""
    if not sig.max_sequence:
        return 0, [(1, 0), (3, 0)]
    top = sig.max_sequence
    traced = max(2, top // 2)
    return traced, [(1, top), (3, max(1, traced - 1))]


def random_batch(spec: DataSpec, sig: Signature, batch: int, length: int,
                 seed: int) -> dict[str, torch.Tensor]:
    """Made-up inputs of the signature's shapes, valid for the model (ids in the vocabulary,
    category indices in range), drawn from a seeded generator: the global one is left alone."""
    gen = torch.Generator().manual_seed(seed)
    if spec.task in ("text_classification", "language_modeling"):
        low = UNK_ID + 1 if spec.vocab_size > UNK_ID + 1 else UNK_ID  # known tokens where there are any
        ids = torch.randint(low, spec.vocab_size, (batch, length), generator=gen)
        if spec.task == "text_classification" and length > 1:
            ids[0, length // 2:] = PAD_ID  # a shorter text: padding must change nothing
        return {sig.inputs[0].name: ids}
    x_num = torch.randn(batch, spec.n_numeric, generator=gen)
    x_num[:, len(spec.numeric_columns):] = (x_num[:, len(spec.numeric_columns):] > 0).float()  # the 0/1 flags
    out = {"x_num": x_num}
    if spec.categorical_columns:
        out["x_cat"] = torch.stack([torch.randint(0, size, (batch,), generator=gen)
                                    for size in spec.category_sizes], dim=1)
    return out


def validation_batch(run_path: Path, spec: DataSpec, tokenizer: Any,
                     fallback: Any = None) -> dict[str, torch.Tensor] | None:
    """Up to 8 of the run's validation inputs, encoded as in training, or None when there are none.

    They are the inputs the attention probe kept (``attention/index.json``); else ``fallback()``
    gives the raw validation inputs (``PreparedData.val_examples``: texts or feature dicts).
    """
    raw = _probe_inputs(run_path)
    if not raw and fallback is not None:
        try:
            raw = list(fallback())
        except (WorkbenchError, OSError):
            raw = []  # the data file moved or changed: made-up inputs stand in
    raw = raw[:_N_VALIDATION]
    if not raw:
        return None
    if spec.task == "text_classification":
        x = encode_texts(spec, tokenizer, [str(t) for t in raw])["x"]
        used = int((x != PAD_ID).any(dim=0).nonzero().max()) + 1  # drop columns that are padding in every row
        return {"x": x[:, :used]}
    if spec.task == "language_modeling":
        rows = [tokenizer.encode(str(t))[: spec.block_size] for t in raw]
        length = min(len(r) for r in rows)  # no padding in a language model: cut to the shortest
        if length == 0:
            return None
        return {"ids": torch.tensor([r[:length] for r in rows], dtype=torch.long)}
    import pandas as pd

    encoded = encode_table(spec, pd.DataFrame([dict(r) for r in raw]))
    return encoded if spec.categorical_columns else {"x_num": encoded["x_num"]}


def _probe_inputs(run_path: Path) -> list[Any]:
    index = run_path / FOLDER / "index.json"
    try:
        meta = ProbeMeta.from_dict(json.loads(index.read_text(encoding="utf-8")))
    except (OSError, ValueError, WorkbenchError):
        return []
    return [e.input for e in meta.examples]


def sidecar_paths(out: Path) -> dict[str, Path]:
    """The JSON files written beside ``out``: ``export``, ``data_spec`` and ``tokenizer``."""
    stem = out.with_suffix("") if out.suffix else out
    return {key: stem.with_name(f"{stem.name}.{key}.json") for key in ("export", "data_spec", "tokenizer")}


def write_sidecars(out: Path, fmt: str, spec: DataSpec, tokenizer: Any, sig: Signature,
                   source: dict[str, Any], parity: dict[str, Any]) -> list[Path]:
    """Write the export, data-spec and (text models) tokenizer JSON beside ``out``; returns them."""
    paths = sidecar_paths(out)
    task_kind = spec.task if spec.task in _ENCODING else "tabular"
    manifest: dict[str, Any] = {
        "workbench_export": EXPORT_FORMAT, "format": fmt, "file": out.name, "task": spec.task,
        "inputs": [asdict(t) for t in sig.inputs], "output": asdict(sig.output),
        "max_sequence": sig.max_sequence, "encoding": _ENCODING[task_kind],
        "classes": list(spec.classes), "data_spec": paths["data_spec"].name,
        "tokenizer": paths["tokenizer"].name if tokenizer is not None else None,
        **source, "parity": parity,
    }
    if spec.task == "regression":
        manifest["prediction_units"] = {
            "target": spec.target, "target_mean": spec.target_mean, "target_std": spec.target_std,
            "how": "prediction * target_std + target_mean is the value in the target's units"}
    elif spec.classes:
        manifest["how"] = "softmax(logits) are the class probabilities, in the order of 'classes'"
    # plain writes, not the run folder's atomic ones: those make private (0600) files, and these
    # are meant to be handed on with the model
    texts = {"export": json.dumps(manifest, indent=2, ensure_ascii=False),
             "data_spec": json.dumps(spec.to_dict(), indent=2, ensure_ascii=False)}
    if tokenizer is not None:
        texts["tokenizer"] = json.dumps(tokenizer_json(tokenizer), ensure_ascii=False)
    for key, text in texts.items():
        paths[key].write_text(text, encoding="utf-8")
    return [paths[key] for key in texts]


def tokenizer_json(tokenizer: Any) -> dict[str, Any]:
    """The tokenizer as Workbench saves it, plus what another program needs to apply it."""
    extra: dict[str, Any] = {"pad_id": PAD_ID, "unk_id": UNK_ID}
    if tokenizer.kind == "word":
        extra["pattern"] = WORD_PATTERN  # Python `re` syntax: the tokens are its matches
    return {**tokenizer.to_dict(), **extra}


def shapes(batches: Sequence[dict[str, torch.Tensor]]) -> list[list[int]]:
    """The first input's shape in each batch (what the parity report lists)."""
    return [list(next(iter(b.values())).shape) for b in batches]
