"""Tests for workbench.core.models: shapes, attention maps, both attention paths, estimates, GPT."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from types import SimpleNamespace

import pytest
import torch
import torch.nn.functional as F

from workbench.core.config import ModelConfig, RunConfig
from workbench.core.errors import ConfigError, DataError
from workbench.core.models import (
    FTTransformer,
    build_model,
    estimate,
    format_bytes,
    format_count,
    resolve_kind,
)

B, LAYERS, HEADS = 3, 2, 2


@dataclass
class FakeSpec:
    """The DataSpec attributes the models read, with tiny sizes."""

    task: str = "text_classification"
    vocab_size: int = 30
    classes: list[str] = field(default_factory=lambda: ["neg", "pos", "neutral"])
    max_length: int = 12
    block_size: int = 10
    n_numeric: int = 4
    category_sizes: list[int] = field(default_factory=lambda: [3, 5])


def tiny_cfg(**overrides: object) -> ModelConfig:
    """A model config small enough that every test runs in milliseconds."""
    cfg = ModelConfig(d_model=16, n_layers=LAYERS, n_heads=HEADS, ff_mult=2, dropout=0.1, hidden=[12, 8])
    return dataclasses.replace(cfg, **overrides)


def text_batch() -> dict[str, torch.Tensor]:
    """Right-padded texts of lengths 5, 2 and 7 in 12 columns (the last 5 all padding)."""
    x = torch.zeros(B, 12, dtype=torch.long)
    for row, n in enumerate((5, 2, 7)):
        x[row, :n] = torch.randint(1, 30, (n,))
    return {"x": x}


def table_batch(spec: FakeSpec) -> dict[str, torch.Tensor]:
    """Random standardised numbers and category indices (0 = missing) for ``spec``."""
    sizes = torch.tensor(spec.category_sizes, dtype=torch.long)  # (C,)
    x_cat = (torch.rand(B, len(sizes)) * sizes).long()  # (B, C) uniform in [0, size)
    return {"x_num": torch.randn(B, spec.n_numeric), "x_cat": x_cat}


# (kind, task, pooling) for every model and pooling; the batch follows from the task
CASES = [
    ("transformer", "text_classification", "mean"),
    ("transformer", "text_classification", "cls"),
    ("gpt", "language_modeling", "mean"),
    ("mlp", "tabular_classification", "mean"),
    ("mlp", "regression", "mean"),
    ("ft_transformer", "tabular_classification", "mean"),
    ("ft_transformer", "regression", "mean"),
]
ATTENTION_CASES = [c for c in CASES if c[0] != "mlp"]


def make(kind: str, task: str, pooling: str) -> tuple[torch.nn.Module, FakeSpec, dict[str, torch.Tensor]]:
    """A seeded model of ``kind`` with its spec and a matching batch."""
    torch.manual_seed(0)
    spec = FakeSpec(task=task)
    model = build_model(tiny_cfg(kind=kind, pooling=pooling), spec)
    if task == "text_classification":
        batch = text_batch()
    elif task == "language_modeling":
        batch = {"ids": torch.randint(0, spec.vocab_size, (B, spec.block_size))}
    else:
        batch = table_batch(spec)
    return model, spec, batch


def expected_shape(kind: str, task: str, spec: FakeSpec) -> tuple[int, ...]:
    if kind == "gpt":
        return (B, spec.block_size, spec.vocab_size)
    return (B,) if task == "regression" else (B, len(spec.classes))


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_output_shapes(case: tuple[str, str, str]) -> None:
    model, spec, batch = make(*case)
    out = model(batch)
    assert out.shape == expected_shape(case[0], case[1], spec)
    out2, att = model(batch, return_attention=True)
    assert out2.shape == out.shape
    if case[0] == "mlp":
        assert att is None
    else:
        tokens = {"transformer": 7 + (case[2] == "cls"), "gpt": spec.block_size,
                  "ft_transformer": spec.n_numeric + len(spec.category_sizes) + 1}[case[0]]
        assert att.shape == (B, LAYERS, HEADS, tokens, tokens)


@pytest.mark.parametrize("case", ATTENTION_CASES, ids=lambda c: "-".join(c))
def test_attention_rows_are_distributions(case: tuple[str, str, str]) -> None:
    model, _, batch = make(*case)
    _, att = model.eval()(batch, return_attention=True)
    assert (att >= 0).all()
    torch.testing.assert_close(att.sum(-1), torch.ones(att.shape[:-1]))


@pytest.mark.parametrize("pooling", ["mean", "cls"])
def test_classifier_gives_padded_keys_zero_weight(pooling: str) -> None:
    model, _, batch = make("transformer", "text_classification", pooling)
    _, att = model.eval()(batch, return_attention=True)
    pad = batch["x"][:, :7] == 0  # (B, 7) the batch is trimmed to its longest text, 7 tokens
    if pooling == "cls":
        pad = torch.cat([torch.zeros(B, 1, dtype=torch.bool), pad], dim=1)  # the CLS is never padding
    weights_on_pad = att.masked_select(pad[:, None, None, None, :].expand_as(att))
    assert weights_on_pad.numel() > 0 and (weights_on_pad == 0).all()


def test_gpt_attention_is_causal() -> None:
    model, _, batch = make("gpt", "language_modeling", "mean")
    _, att = model.eval()(batch, return_attention=True)
    past = torch.ones(att.shape[-2:], dtype=torch.bool).tril()  # (T, T) each query's own past
    assert (att[..., ~past] == 0).all()
    assert (att[..., past] > 0).all()


@pytest.mark.parametrize("case", ATTENTION_CASES, ids=lambda c: "-".join(c))
def test_fused_and_explicit_paths_agree(case: tuple[str, str, str]) -> None:
    model, _, batch = make(*case)
    model.eval()
    with torch.no_grad():
        fused = model(batch)
        explicit, _ = model(batch, return_attention=True)
    torch.testing.assert_close(fused, explicit, atol=1e-5, rtol=1e-5)


def test_trailing_padding_changes_nothing() -> None:
    model, _, batch = make("transformer", "text_classification", "mean")
    model.eval()
    short = {"x": batch["x"][:, :7]}
    torch.testing.assert_close(model(batch), model(short))


def test_empty_text_gives_finite_logits() -> None:
    model, _, batch = make("transformer", "text_classification", "mean")
    batch["x"][1] = 0
    assert torch.isfinite(model.eval()(batch)).all()
    assert torch.isfinite(model({"x": torch.zeros(2, 12, dtype=torch.long)})).all()


def test_too_long_inputs_are_refused() -> None:
    model, spec, _ = make("gpt", "language_modeling", "mean")
    with pytest.raises(ValueError, match="context length"):
        model({"ids": torch.zeros(1, spec.block_size + 1, dtype=torch.long)})
    model, _, _ = make("transformer", "text_classification", "mean")
    with pytest.raises(ValueError, match="at most 12"):
        model({"x": torch.ones(1, 13, dtype=torch.long)})


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_gradients_reach_every_parameter(case: tuple[str, str, str]) -> None:
    model, _, batch = make(*case)
    out = model(batch)
    out.float().pow(2).mean().backward()
    for name, p in model.named_parameters():
        assert p.grad is not None and p.grad.abs().sum() > 0, name


@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_estimate_counts_the_real_parameters(case: tuple[str, str, str]) -> None:
    model, spec, _ = make(*case)
    run = RunConfig(model=tiny_cfg(kind=case[0], pooling=case[2]))
    est = estimate(run, spec)
    assert est.params == sum(p.numel() for p in model.parameters())
    assert est.weight_bytes == 4 * est.params
    # AdamW: weights + grads + two state values each, plus activations
    assert est.train_bytes > 4 * est.weight_bytes


def test_estimate_follows_optimizer_and_batch_size() -> None:
    spec = FakeSpec(task="language_modeling")
    run = RunConfig(model=tiny_cfg())
    adamw = estimate(run, spec)
    run.optim.name, run.optim.momentum = "sgd", 0.0
    sgd = estimate(run, spec)
    assert adamw.train_bytes - sgd.train_bytes == 2 * adamw.weight_bytes
    run.train.batch_size *= 2
    assert estimate(run, spec).train_bytes > sgd.train_bytes


def test_resolve_kind() -> None:
    assert resolve_kind(ModelConfig(kind="auto"), "text_classification") == "bag"
    assert resolve_kind(ModelConfig(kind="transformer"), "text_classification") == "transformer"
    assert resolve_kind(ModelConfig(kind="auto"), "language_modeling") == "gpt"
    assert resolve_kind(ModelConfig(kind="auto"), "regression") == "mlp"
    assert resolve_kind(ModelConfig(kind="ft_transformer"), "tabular_classification") == "ft_transformer"
    with pytest.raises(ConfigError, match="gpt"):
        resolve_kind(ModelConfig(kind="mlp"), "language_modeling")


def test_table_without_features_is_a_data_error() -> None:
    spec = FakeSpec(task="regression", n_numeric=0, category_sizes=[])
    with pytest.raises(DataError, match="no feature columns"):
        build_model(tiny_cfg(kind="mlp"), spec)


def test_tables_with_one_kind_of_column() -> None:
    for spec in (FakeSpec(task="regression", n_numeric=0), FakeSpec(task="regression", category_sizes=[])):
        for kind in ("mlp", "ft_transformer"):
            model = build_model(tiny_cfg(kind=kind), spec)
            assert model(table_batch(spec)).shape == (B,)


def test_ft_token_names() -> None:
    model = build_model(tiny_cfg(kind="ft_transformer"), FakeSpec(task="regression"))
    assert isinstance(model, FTTransformer)
    assert model.token_names(FakeSpec()) == ["f0", "f1", "f2", "f3", "f4", "f5", "[CLS]"]
    spec = SimpleNamespace(feature_names=["a", "b", "b_missing", "c"], categorical_columns=["colour", "size"])
    assert model.token_names(spec) == ["a", "b", "b_missing", "c", "colour", "size", "[CLS]"]


def test_generate_length_greedy_and_mode() -> None:
    model, spec, _ = make("gpt", "language_modeling", "mean")
    model.train()
    start = torch.randint(0, spec.vocab_size, (2, 3))
    out = model.generate(start, max_new_tokens=spec.block_size + 5)  # longer than the context
    assert out.shape == (2, 3 + spec.block_size + 5)
    assert torch.equal(out[:, :3], start) and model.training
    greedy = model.generate(start, 6, temperature=0)
    for seed in (1, 2):
        torch.manual_seed(seed)
        assert torch.equal(model.generate(start, 6, temperature=1.5, top_k=1), greedy)


def test_generate_with_a_generator_repeats_and_leaves_the_global_one_alone() -> None:
    model, spec, _ = make("gpt", "language_modeling", "mean")
    start = torch.randint(0, spec.vocab_size, (2, 3))
    state = torch.get_rng_state()
    first, again = (model.generate(start, 8, top_k=5, generator=torch.Generator().manual_seed(7))
                    for _ in range(2))
    assert torch.equal(first, again) and torch.equal(torch.get_rng_state(), state)
    with pytest.raises(ValueError, match="top_k"):
        model.generate(start, 2, top_k=0)  # 0 would mean "no limit" to some and "nothing" to others
    with pytest.raises(ValueError, match="temperature"):
        model.generate(start, 2, temperature=-1)


def test_gpt_overfits_a_repeated_string() -> None:
    text = "hello workbench! " * 8
    chars = sorted(set(text))
    data = torch.tensor([chars.index(c) for c in text])
    spec = FakeSpec(task="language_modeling", vocab_size=len(chars), block_size=16)
    torch.manual_seed(0)
    model = build_model(tiny_cfg(d_model=32, dropout=0.0, ff_mult=4), spec)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-2)
    starts = torch.arange(len(data) - spec.block_size - 1)
    idx = starts[:, None] + torch.arange(spec.block_size)  # (N, T) every window of the text
    losses = []
    for _ in range(100):
        rows = idx[torch.randint(len(idx), (16,))]
        logits = model({"ids": data[rows]})
        loss = F.cross_entropy(logits.flatten(0, 1), data[rows + 1].flatten())
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert losses[-1] < 0.2 < losses[0]


def test_format_helpers() -> None:
    assert [format_count(n) for n in (950, 1234, 38_000, 999_999, 1_234_567)] == \
        ["950", "1.2 k", "38 k", "1.0 M", "1.2 M"]
    assert [format_bytes(n) for n in (512, 1_200_000, 38_000_000, 2_500_000_000)] == \
        ["512 B", "1.2 MB", "38 MB", "2.5 GB"]


cuda = pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA GPU")


@cuda
@pytest.mark.parametrize("case", ATTENTION_CASES, ids=lambda c: "-".join(c))
def test_cuda_fused_and_explicit_paths_agree(case: tuple[str, str, str]) -> None:
    model, _, batch = make(*case)
    model.cuda().eval()
    batch = {k: v.cuda() for k, v in batch.items()}
    with torch.no_grad():
        fused = model(batch)
        explicit, att = model(batch, return_attention=True)
    torch.testing.assert_close(fused, explicit, atol=1e-5, rtol=1e-5)
    torch.testing.assert_close(att.sum(-1), torch.ones(att.shape[:-1], device="cuda"))


@cuda
@pytest.mark.parametrize("case", CASES, ids=lambda c: "-".join(c))
def test_cuda_bf16_training_step(case: tuple[str, str, str]) -> None:
    model, _, batch = make(*case)
    model.cuda().train()
    batch = {k: v.cuda() for k, v in batch.items()}
    with torch.autocast("cuda", dtype=torch.bfloat16):
        out = model(batch)
    out.float().pow(2).mean().backward()
    assert all(torch.isfinite(p.grad).all() for p in model.parameters())


@cuda
def test_cuda_generate() -> None:
    model, spec, _ = make("gpt", "language_modeling", "mean")
    start = torch.randint(0, spec.vocab_size, (2, 3), device="cuda")
    out = model.cuda().generate(start, max_new_tokens=spec.block_size + 2, top_k=5)
    assert out.shape == (2, 3 + spec.block_size + 2) and out.device.type == "cuda"


@pytest.mark.parametrize("ngrams", [2, 3])
def test_ngram_embeddings(ngrams: int) -> None:
    """Hashed n-gram vectors: same output shape and attention size, counted by estimate, trained."""
    from workbench.core.config import RunConfig
    from workbench.core.models.text_classifier import ngram_ids

    torch.manual_seed(0)
    spec = FakeSpec()
    cfg = tiny_cfg(kind="transformer", ngrams=ngrams)
    model = build_model(cfg, spec)
    batch = text_batch()
    logits, att = model(batch, return_attention=True)
    assert logits.shape == (B, len(spec.classes))
    assert att.shape[-1] == 7  # one position per token: n-grams add vectors, not positions
    run = RunConfig()
    run.model = cfg
    assert estimate(run, spec).params == sum(p.numel() for p in model.parameters())
    logits.sum().backward()
    assert model.wne.weight.grad.abs().sum() > 0
    assert model.wne.weight.grad[0].abs().sum() == 0  # id 0 means "no n-gram": never learns
    ids = ngram_ids(batch["x"], ngrams)
    assert ids.shape == (*batch["x"].shape, ngrams - 1)
    # An n-gram running into padding is "none" (0): the second text has 2 tokens.
    assert ids[1, 1].tolist() == [0] * (ngrams - 1) and ids[1, 0, 0] != 0
