"""GPU benchmark: the character GPT (6 layers x 384 wide x 256 context) on CUDA.

Measures, for bf16 autocast off and on: steps/s and tokens/s of the Workbench Trainer, of a
minimal hand-written PyTorch loop over the same model, data and batch (the reference), and the
model FLOP utilisation (MFU) against the card's bf16 dense peak. Prints a table and writes JSON.

    python -m bench.bench_gpu [--steps 300] [--batch 64] [--out bench/results/gpu.json]
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file, too

from workbench.core import config as C
from workbench.core.callbacks import Callback
from workbench.core.pipeline import prepare
from workbench.core.trainer import Trainer

ROOT = Path(__file__).resolve().parents[1]

# Dense bf16 tensor-core peak of H100/H200 SXM (datasheet, without sparsity).
PEAK_BF16 = {"H200": 989.4e12, "H100": 989.4e12, "A100": 312e12}


def make_config(batch: int, steps: int, bf16: bool, device: str = "cuda") -> C.RunConfig:
    cfg = C.load(ROOT / "resources" / "examples" / "shakespeare.toml")
    cfg.model.n_layers, cfg.model.d_model, cfg.model.n_heads, cfg.model.block_size = 6, 384, 6, 256
    cfg.model.dropout = 0.0
    cfg.train.batch_size = batch
    cfg.train.max_steps = steps
    cfg.train.eval_interval = 10 * steps  # no evaluation inside the timed window
    cfg.train.log_interval = 50
    cfg.train.sample_length = 0
    cfg.train.device = device
    cfg.train.bf16 = bf16
    cfg.optim.warmup_steps = 0
    return cfg


DEVICE = "cuda"


def _sync() -> None:
    if DEVICE == "cuda":
        torch.cuda.synchronize()


class _Clock(Callback):
    """Synchronised timestamps at the start and end of the timed window."""

    def __init__(self, warmup: int) -> None:
        self.warmup = warmup
        self.t0 = self.t1 = 0.0
        self.n = 0

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        if step == self.warmup:
            _sync()
            self.t0 = time.perf_counter()
        elif step == trainer.total_steps:
            _sync()
            self.t1 = time.perf_counter()
            self.n = step - self.warmup


def run_trainer(data, batch: int, steps: int, warmup: int, bf16: bool) -> float:
    cfg = make_config(batch, steps, bf16, DEVICE)
    clock = _Clock(warmup)
    trainer = Trainer(cfg, data, callbacks=[clock])
    trainer.fit()
    return clock.n / (clock.t1 - clock.t0)


def run_reference(data, batch: int, steps: int, warmup: int, bf16: bool) -> tuple[float, int]:
    """A minimal loop: same model, optimizer, batches; no callbacks, logging or schedule."""
    from workbench.core.models import build_model
    from workbench.core.optim import build_optimizer

    cfg = make_config(batch, steps, bf16, DEVICE)
    torch.manual_seed(0)
    model = build_model(cfg.model, data.spec).to(DEVICE)
    opt = build_optimizer(cfg.optim, model)
    ids = data.train["ids"].to(DEVICE)
    T = cfg.model.block_size
    ctx = torch.autocast(DEVICE, dtype=torch.bfloat16, enabled=bf16)
    t0 = 0.0
    for step in range(steps):
        if step == warmup:
            _sync()
            t0 = time.perf_counter()
        ix = torch.randint(ids.numel() - T - 1, (batch,), device=DEVICE)
        chunk = ids[ix.unsqueeze(1) + torch.arange(T + 1, device=DEVICE)]
        with ctx:
            logits = model({"ids": chunk[:, :-1]})
            loss = torch.nn.functional.cross_entropy(logits.view(-1, logits.size(-1)),
                                                     chunk[:, 1:].reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
    _sync()
    params = sum(p.numel() for p in model.parameters())
    return (steps - warmup) / (time.perf_counter() - t0), params


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--out", default=str(ROOT / "bench" / "results" / "gpu.json"))
    ap.add_argument("--smoke-cpu", action="store_true", help="check the script itself on the CPU")
    args = ap.parse_args()
    global DEVICE
    if args.smoke_cpu:
        DEVICE = "cpu"
    elif not torch.cuda.is_available():
        print("no CUDA GPU here: the GPU benchmark needs one (see the README's Benchmarks section)")
        return 0
    name = torch.cuda.get_device_name(0) if DEVICE == "cuda" else platform.processor() or "cpu"
    peak = next((v for k, v in PEAK_BF16.items() if k in name), None)
    base = C.load(ROOT / "resources" / "examples" / "shakespeare.toml")
    base.model.block_size = 256
    if args.smoke_cpu:
        base.data.val_fraction = 0.01
    data = prepare(base)
    T, L, d = 256, 6, 384
    rows = []
    for bf16 in (False, True):
        ref, trn = [], []
        for _ in range(args.repeats):
            r, params = run_reference(data, args.batch, args.steps, args.warmup, bf16)
            ref.append(r)
            trn.append(run_trainer(data, args.batch, args.steps, args.warmup, bf16))
        wpe = 256 * d  # nanoGPT counts FLOPs without the position embedding
        flops_per_token = 6 * (params - wpe) + 12 * L * d * T
        tokens = args.batch * T
        r_med, t_med = statistics.median(ref), statistics.median(trn)
        rows.append({"bf16": bf16, "reference_steps_per_s": r_med, "trainer_steps_per_s": t_med,
                     "trainer_ratio": t_med / r_med, "trainer_tokens_per_s": t_med * tokens,
                     "achieved_tflops": t_med * tokens * flops_per_token / 1e12,
                     "mfu": (t_med * tokens * flops_per_token / peak) if peak else None,
                     "reference_samples": ref, "trainer_samples": trn})
    result = {"device": name, "torch": torch.__version__, "cuda": torch.version.cuda, "bench_device": DEVICE,
              "python": platform.python_version(), "model": {"n_layers": L, "d_model": d, "block_size": T,
                                                             "params": params, "batch": args.batch},
              "peak_bf16_flops": peak, "steps": args.steps, "warmup": args.warmup, "rows": rows,
              "time": time.strftime("%Y-%m-%dT%H:%M:%S")}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(result, indent=2))
    print(f"{name}, torch {torch.__version__}, GPT {L}x{d}, context {T}, batch {args.batch}, "
          f"{params / 1e6:.1f} M params")
    print(f"{'bf16':>5} {'ref steps/s':>12} {'trainer steps/s':>16} {'ratio':>6} {'tokens/s':>10} "
          f"{'TFLOP/s':>8} {'MFU':>6}")
    for r in rows:
        mfu = f"{100 * r['mfu']:.1f}%" if r["mfu"] is not None else "n/a"
        print(f"{r['bf16']!s:>5} {r['reference_steps_per_s']:12.1f} {r['trainer_steps_per_s']:16.1f} "
              f"{r['trainer_ratio']:6.3f} {r['trainer_tokens_per_s']:10.0f} {r['achieved_tflops']:8.1f} "
              f"{mfu:>6}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
