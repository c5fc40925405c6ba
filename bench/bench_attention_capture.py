"""Does being able to show attention cost ordinary training steps anything?

Compares, on the GPT (4 layers, width 128, context 64, batch 12):

- training step (forward + loss + backward) of a baseline whose attention has only the fused path,
  against the Workbench model, where capture is available but not requested;
- an eval forward with and without ``return_attention=True`` (what showing the maps costs).

Prints a table of median times and writes bench/results/attention_capture.json.
Run: ``python bench/bench_attention_capture.py [--device cuda] [--repeats 9] [--steps 20] [--out F]``.
"""

from __future__ import annotations

import argparse
import copy
import json
import platform
import statistics
import time
from collections.abc import Callable
from pathlib import Path

import torch
import torch.nn.functional as F
from torch import Tensor

from workbench.core.config import ModelConfig
from workbench.core.fileio import atomic_write_text
from workbench.core.models import GPT, SelfAttention

RESULTS = Path(__file__).resolve().parent / "results" / "attention_capture.json"
VOCAB, BLOCK, BATCH = 65, 64, 12


class FusedOnlyAttention(SelfAttention):
    """The same attention with the capture branch removed: what a model without capture runs."""

    def forward(self, x: Tensor, key_mask: Tensor | None = None,
                return_attention: bool = False) -> tuple[Tensor, None]:
        """Causal fused attention over ``x`` (B, T, C); never returns weights."""
        B, T, C = x.size()
        nh, hs = self.n_heads, C // self.n_heads
        q, k, v = self.c_attn(x).split(C, dim=2)
        q = q.view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        v = v.view(B, T, nh, hs).transpose(1, 2)  # (B, nh, T, hs)
        y = F.scaled_dot_product_attention(q, k, v, dropout_p=self.dropout if self.training else 0.0,
                                           is_causal=True)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # (B, T, C)
        return self.resid_dropout(self.c_proj(y)), None


def build(device: torch.device) -> tuple[GPT, GPT]:
    """The Workbench GPT and a baseline copy with identical weights and fused-only attention."""
    cfg = ModelConfig(kind="gpt", d_model=128, n_layers=4, n_heads=4, dropout=0.1)
    spec = type("Spec", (), {"vocab_size": VOCAB, "block_size": BLOCK})()
    torch.manual_seed(0)
    model = GPT(cfg, spec).to(device)
    baseline = copy.deepcopy(model)
    for block in baseline.blocks:
        plain = FusedOnlyAttention(cfg.d_model, cfg.n_heads, cfg.dropout, cfg.bias, causal=True).to(device)
        plain.load_state_dict(block.attn.state_dict())
        block.attn = plain
    return model, baseline


def timed(fn: Callable[[], object], steps: int, device: torch.device) -> float:
    """Mean seconds per call over ``steps`` calls: one sample for the median."""
    sync = torch.cuda.synchronize if device.type == "cuda" else (lambda: None)
    sync()
    start = time.perf_counter()
    for _ in range(steps):
        fn()
    sync()
    return (time.perf_counter() - start) / steps


def main() -> None:
    """Run the comparison, print the table, write the JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--device", default="cpu")
    parser.add_argument("--repeats", type=int, default=9)
    parser.add_argument("--steps", type=int, default=20)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    device = torch.device(args.device)
    model, baseline = build(device)
    ids = torch.randint(0, VOCAB, (BATCH, BLOCK + 1), device=device)
    x, y = {"ids": ids[:, :-1]}, ids[:, 1:]

    def train_step(net: GPT) -> Callable[[], None]:
        def step() -> None:
            net.zero_grad(set_to_none=True)
            logits = net(x)
            F.cross_entropy(logits.flatten(0, 1), y.flatten()).backward()
        return step

    def eval_forward(return_attention: bool) -> Callable[[], object]:
        def forward() -> object:
            with torch.no_grad():
                return model(x, return_attention=return_attention)
        return forward

    cases = {
        "train step, fused-only baseline": (baseline.train, train_step(baseline)),
        "train step, capture available": (model.train, train_step(model)),
        "eval forward, fused": (model.eval, eval_forward(False)),
        "eval forward, return_attention": (model.eval, eval_forward(True)),
    }
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for set_mode, fn in cases.values():
        set_mode()
        timed(fn, 3, device)  # warm-up: allocator, kernels, first-call dispatch
    # interleaved, so drift in the machine's speed hits every case alike
    for _ in range(args.repeats):
        for name, (set_mode, fn) in cases.items():
            set_mode()
            samples[name].append(timed(fn, args.steps, device))
    medians = {name: statistics.median(s) for name, s in samples.items()}
    names = list(cases)
    ratios = {"capture available / baseline (train step)": medians[names[1]] / medians[names[0]],
              "return_attention / fused (eval forward)": medians[names[3]] / medians[names[2]]}

    print(f"GPT 4x128, context {BLOCK}, batch {BATCH}, {device}, torch {torch.__version__}, "
          f"{torch.get_num_threads()} threads; median of {args.repeats} x {args.steps} steps")
    print(f"{'case':<36}{'median ms':>11}{'min ms':>9}{'max ms':>9}")
    for name, seconds in medians.items():
        print(f"{name:<36}{seconds * 1e3:>11.3f}{min(samples[name]) * 1e3:>9.3f}"
              f"{max(samples[name]) * 1e3:>9.3f}")
    for name, ratio in ratios.items():
        print(f"{name:<44}{ratio:>8.3f}")
    result = {
        "model": {"kind": "gpt", "n_layers": 4, "d_model": 128, "n_heads": 4, "block_size": BLOCK,
                  "batch_size": BATCH, "vocab_size": VOCAB},
        "device": str(device), "torch": torch.__version__, "threads": torch.get_num_threads(),
        "python": platform.python_version(), "repeats": args.repeats, "steps": args.steps,
        "median_ms": {name: s * 1e3 for name, s in medians.items()},
        "samples_ms": {name: [t * 1e3 for t in s] for name, s in samples.items()},
        "ratios": ratios,
    }
    atomic_write_text(args.out, json.dumps(result, indent=2) + "\n")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
