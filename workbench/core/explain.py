"""Looking inside attention: encode an input and run it with the attention weights returned.

Used by the training probe (:mod:`workbench.core.probe`) and by the app's Inspect view, on a live
model's copy, a loaded run or a test's tiny model alike. The summaries of the weights (rollout,
per-token scores) are in :mod:`workbench.core.attention_maps`.

Where a model reads its prediction (``readout``):

- ``"first"``: a text classifier with CLS pooling reads the CLS token at index 0;
- ``"last"``: the FT-Transformer reads its CLS token, after the features;
- ``"mean"``: a text classifier with mean pooling averages every token;
- ``"causal"``: a GPT predicts at every position, each seeing only the tokens before it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import torch
from torch import Tensor, nn

from workbench.core.models import GPT, FTTransformer, TransformerClassifier
from workbench.core.tokenizers import UNK_ID


@dataclass(frozen=True)
class Encoded:
    """One input ready for the model: its tokens in attention order and a batch of one."""

    tokens: list[str]
    inputs: dict[str, Tensor]


@dataclass
class Inspection:
    """One input's attention and what the model made of it."""

    tokens: list[str]
    attention: np.ndarray  # (layers, heads, T, T) float32; each row sums to 1
    readout: str
    prediction: str | float | None = None
    probabilities: dict[str, float] | None = None
    text: str = ""  # language models: the prompt and what the model wrote


def attention_kind(model: nn.Module) -> str | None:
    """"text", "lm" or "table" for the models with attention; None for the MLP."""
    if isinstance(model, TransformerClassifier):
        return "text"
    if isinstance(model, GPT):
        return "lm"
    if isinstance(model, FTTransformer):
        return "table"
    return None


def readout_of(model: nn.Module) -> str:
    """Where ``model`` reads its prediction: "first", "last", "mean" or "causal" (module docstring)."""
    kind = attention_kind(model)
    if kind == "text":
        return "first" if model.pooling == "cls" else "mean"
    return {"lm": "causal", "table": "last"}.get(kind or "", "mean")


def encode_input(model: nn.Module, spec: Any, tokenizer: Any, raw: Any,
                 max_tokens: int | None = None) -> Encoded:
    """``raw`` (a text, or a feature dict for tables) encoded as in training, cut to ``max_tokens``.

    ``max_tokens`` counts the attention tokens, so a CLS is included in it.
    """
    kind = attention_kind(model)
    if kind == "table":
        import pandas as pd

        from workbench.core.data.prepare import encode_table

        batch = encode_table(spec, pd.DataFrame([dict(raw)]))
        assert isinstance(model, FTTransformer)  # the one table model with attention
        return Encoded(model.token_names(spec), batch)
    if kind is None:
        raise ValueError("this model has no attention to show")
    limit = spec.max_length if kind == "text" else spec.block_size
    cls = kind == "text" and model.pooling == "cls"
    if max_tokens is not None:
        limit = min(limit, max_tokens - int(cls))
    ids = tokenizer.encode(str(raw))[:limit] or [UNK_ID]
    return encode_ids(model, tokenizer, ids)


def encode_ids(model: nn.Module, tokenizer: Any, ids: Sequence[int]) -> Encoded:
    """Token ids (already cut to what the model reads) as an Encoded text input."""
    vocab = tokenizer.vocab
    tokens = [vocab[int(i)] for i in ids]
    x = torch.tensor([list(ids)], dtype=torch.long)  # (1, T)
    if attention_kind(model) == "lm":
        return Encoded(tokens, {"ids": x})
    return Encoded((["[CLS]"] if model.pooling == "cls" else []) + tokens, {"x": x})


def _batch(encoded: Sequence[Encoded], device: torch.device) -> dict[str, Tensor]:
    """The inputs side by side; texts right-padded with 0.

    Padding changes nothing the caller keeps: the classifiers give padded keys zero weight, and a
    GPT's position attends only to positions before it.
    """
    keys = encoded[0].inputs.keys()
    out = {}
    for key in keys:
        parts = [e.inputs[key] for e in encoded]
        if parts[0].dtype == torch.long and key in ("x", "ids"):
            width = max(p.size(1) for p in parts)
            parts = [torch.nn.functional.pad(p, (0, width - p.size(1))) for p in parts]
        out[key] = torch.cat(parts).to(device)  # (B, ...)
    return out


@torch.no_grad()
def forward_with_attention(model: nn.Module, encoded: Sequence[Encoded]) -> tuple[Tensor, list[Tensor]]:
    """Outputs (B, ...) and each input's attention (layers, heads, n, n), cut to its own tokens.

    Runs in eval mode without gradients and restores the mode; consumes no random numbers.
    Tensors stay on the model's device.
    """
    device = next(model.parameters()).device
    was_training = model.training
    model.eval()
    try:
        out, att = model(_batch(encoded, device), return_attention=True)  # att (B, L, H, T, T)
    finally:
        model.train(was_training)
    cut = []
    for i, e in enumerate(encoded):
        n = len(e.tokens)
        cut.append(att[i, :, :, :n, :n])  # (L, H, n, n): padded rows and (zero-weight) keys dropped
    return out, cut


def _classify(out: Tensor, classes: Sequence[str]) -> tuple[str, dict[str, float]]:
    probs = torch.softmax(out.float(), dim=-1).cpu()
    return classes[int(probs.argmax())], {c: float(probs[i]) for i, c in enumerate(classes)}


def inspect_input(run: Any, raw: Any, max_tokens: int | None = None) -> Inspection:
    """Attention of ``run.model`` (a ``pipeline.LoadedRun``) on one input, with its prediction."""
    model, spec = run.model, run.spec
    encoded = encode_input(model, spec, run.tokenizer, raw, max_tokens)
    out, (att,) = forward_with_attention(model, [encoded])
    result = Inspection(encoded.tokens, att.float().cpu().numpy(), readout_of(model))
    if spec.task in ("text_classification", "tabular_classification"):
        result.prediction, result.probabilities = _classify(out[0], list(spec.classes))
    elif spec.task == "regression":
        result.prediction = float(spec.destandardise(float(out[0])))
    return result


def generate_and_inspect(run: Any, prompt: str, length: int, temperature: float = 0.8,
                         top_k: int | None = None, seed: int | None = None) -> Inspection:
    """Continue ``prompt`` with a language model, then show the attention over what it read last.

    The attention covers the final context window: at most ``block_size`` tokens, the prompt's
    and the generated ones. Sampling draws from its own generator, never the global one, so it
    can run beside training without changing the random numbers training draws.
    """
    model, tokenizer = run.model, run.tokenizer
    ids = tokenizer.encode(prompt) or tokenizer.encode("\n") or [UNK_ID]
    device = next(model.parameters()).device
    generator = torch.Generator(device=device)
    if seed is None:
        generator.seed()
    else:
        generator.manual_seed(seed)
    x = torch.tensor([ids], dtype=torch.long, device=device)  # (1, T)
    out = model.generate(x, length, temperature, top_k, generator=generator)[0].tolist()
    encoded = encode_ids(model, tokenizer, out[-model.block_size:])
    _, (att,) = forward_with_attention(model, [encoded])
    return Inspection(encoded.tokens, att.float().cpu().numpy(), "causal", text=tokenizer.decode(out))
