"""Responsive language models: how soon a run shows something, and how soon Stop returns.

Three runs, headless (the core the window and the CLI share, no window):

- the bundled Shakespeare example with its own config (resources/examples/shakespeare.toml);
- the same 1 MB text opened as a new file, with the data-fitted defaults (``core.defaults``);
- a 1 MB English prose text with a word tokenizer and the data-fitted defaults: the Python
  documentation's topic texts (``pydoc_data.topics``) and then the longer docstrings of the
  standard library's modules, as CPython ships them, cut at 1,000,000 characters.

For each: seconds from Train (data preparation included, as the window's Train runs it; the
fitting happens before, when the file is opened, and is reported on its own) to the first loss
point (``TrainPoint``) and to the first sample (an ``EvalPoint`` with generated text), and from
Stop (a cancel from another thread, 1.5 s after the first sample) to ``fit()`` returning.
Targets (issue 11): 10 s, 30 s, and 2 s plus one step. torch's optimizer stack is imported
first, as the app does once its window is up. Prints a table and writes
bench/results/responsive.json.

    python -m bench.bench_responsive [--threads 0] [--out FILE]
"""

from __future__ import annotations

import argparse
import ast
import statistics
import sys
import sysconfig
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: the repository's packages

from bench.common import ROOT, verdict, write
from workbench.core import config as C
from workbench.core.callbacks import Callback, CancelToken
from workbench.core.data.loading import load_file
from workbench.core.defaults import fitted_config
from workbench.core.device import configure_threads
from workbench.core.events import EvalPoint, RunEvent, TrainPoint
from workbench.core.optim import warm_up
from workbench.core.pipeline import start_run
from workbench.core.trainer import Trainer

TARGET_LOSS_S, TARGET_SAMPLE_S, TARGET_STOP_S = 10.0, 30.0, 2.0
PROSE_CHARS = 1_000_000
GIVE_UP_S = 120.0  # no sample by then: the run is reported as missing it


def prose_text() -> str:
    """About 1 MB of English prose that every CPython installation ships."""
    import pydoc_data.topics as topics

    parts = [topics.topics[key] for key in sorted(topics.topics)]
    size = sum(map(len, parts))
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).glob("*.py")):
        if size >= PROSE_CHARS:
            break
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                doc = ast.get_docstring(node)
                if doc and len(doc) > 200:
                    parts.append(doc)
                    size += len(doc)
    return "\n\n".join(parts)[:PROSE_CHARS]


class Watch(Callback):
    """When the first loss point and the first sample came, and when each step ended."""

    def __init__(self) -> None:
        self.t0 = time.perf_counter()
        self.first_loss: float | None = None
        self.first_sample: float | None = None
        self.sample_seen = threading.Event()
        self.step_ends: list[float] = []

    def on_event(self, trainer: Trainer, event: RunEvent) -> None:
        """Note the first training point and the first evaluation that carries a sample."""
        now = time.perf_counter() - self.t0
        if isinstance(event, TrainPoint) and self.first_loss is None:
            self.first_loss = now
        elif isinstance(event, EvalPoint) and event.sample and self.first_sample is None:
            self.first_sample = now
            self.sample_seen.set()

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        """Note the time."""
        self.step_ends.append(time.perf_counter())


def run_case(cfg: C.RunConfig, source: Any, out: Path) -> dict[str, Any]:
    """Train ``cfg`` on ``source`` until 1.5 s after its first sample, then stop it; the timings."""
    watch, token = Watch(), CancelToken()
    result: dict[str, Any] = {}
    watch.t0 = time.perf_counter()
    trainer = start_run(cfg, out, callbacks=[watch], cancel=token, source=source)
    thread = threading.Thread(target=lambda: result.update(summary=trainer.fit()), daemon=True)
    thread.start()
    watch.sample_seen.wait(GIVE_UP_S)
    time.sleep(1.5)
    cancelled = time.perf_counter()
    token.cancel()
    thread.join()
    stop_s = time.perf_counter() - cancelled
    gaps = [b - a for a, b in zip(watch.step_ends, watch.step_ends[1:])]
    summary = result.get("summary", {})
    return {"first_loss_s": watch.first_loss, "first_sample_s": watch.first_sample, "stop_s": stop_s,
            "step_s": statistics.median(gaps) if gaps else None, "longest_step_s": max(gaps, default=None),
            "steps": summary.get("steps"), "status": summary.get("status"), "scoring": summary.get("scoring"),
            "eval_interval": cfg.train.eval_interval, "eval_batches": cfg.train.eval_batches,
            "log_interval": cfg.train.log_interval, "tokenizer": cfg.data.tokenizer,
            "vocab_size": trainer.data.spec.vocab_size, "params": trainer.params}


def fitted(path: Path, base: C.RunConfig, keep: tuple[str, ...]) -> tuple[C.RunConfig, Any, float, list[str]]:
    """The data-fitted setup for ``path`` as the window makes it when the file is opened."""
    start = time.perf_counter()
    source = load_file(path)
    fit = fitted_config(source, base, keep=keep)
    return fit.config, source, time.perf_counter() - start, fit.notes


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--threads", type=int, default=0, help="torch threads (0: all cores, as the CLI)")
    ap.add_argument("--out", default=None, help="JSON file (default bench/results/responsive.json)")
    args = ap.parse_args()
    threads = configure_threads(args.threads, leave_one_free=False)
    warm_up()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        prose = Path(tmp) / "prose.txt"
        prose.write_text(prose_text(), encoding="utf-8")
        shakespeare = ROOT / "resources" / "datasets" / "shakespeare_1mb.txt"
        words = C.RunConfig()
        words.data.tokenizer = "word"
        example = C.load(ROOT / "resources" / "examples" / "shakespeare.toml")
        cases: list[tuple[str, C.RunConfig, Any, float | None, list[str]]] = [
            ("shakespeare example", example, None, None, [])]
        for name, path, base, keep in (("shakespeare as a new file", shakespeare, C.RunConfig(), ()),
                                       ("1 MB prose, words", prose, words, ("data.tokenizer",))):
            cases.append((name, *fitted(path, base, keep)))
        for name, cfg, source, fit_s, notes in cases:
            print(f"running {name} ...", file=sys.stderr, flush=True)
            row = {"case": name, "fit_s": fit_s, "notes": notes, **run_case(cfg, source, Path(tmp) / "runs")}
            step = row["step_s"] or 0.0
            loss_s, sample_s = row["first_loss_s"], row["first_sample_s"]
            row["met"] = {"first_loss": loss_s is not None and loss_s <= TARGET_LOSS_S,
                          "first_sample": sample_s is not None and sample_s <= TARGET_SAMPLE_S,
                          "stop": row["stop_s"] <= TARGET_STOP_S + step}
            rows.append(row)
    write("responsive", {"threads": threads, "targets": {"first_loss_s": TARGET_LOSS_S,
                                                         "first_sample_s": TARGET_SAMPLE_S,
                                                         "stop_s": f"{TARGET_STOP_S} + one step"},
                         "rows": rows}, args.out)
    print(f"\n{'case':<28}{'fit s':>7}{'1st loss s':>11}{'':>8}{'1st sample s':>13}{'':>8}{'stop s':>8}"
          f"{'step ms':>9}{'':>8}{'steps':>7}")
    for r in rows:
        fit = "" if r["fit_s"] is None else f"{r['fit_s']:.1f}"
        loss = "none" if r["first_loss_s"] is None else f"{r['first_loss_s']:.1f}"
        sample = "none" if r["first_sample_s"] is None else f"{r['first_sample_s']:.1f}"
        step = 1000 * (r["step_s"] or 0.0)
        print(f"{r['case']:<28}{fit:>7}{loss:>11}{verdict(r['met']['first_loss']):>8}{sample:>13}"
              f"{verdict(r['met']['first_sample']):>8}{r['stop_s']:>8.2f}{step:>9.0f}"
              f"{verdict(r['met']['stop']):>8}{r['steps'] or 0:>7}")
    print(f"(torch threads: {threads})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
