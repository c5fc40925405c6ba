"""Headless command line: train, predict, generate; with no command it opens the desktop app.

Every problem a user can cause prints one line ("error: ...") and exits with status 2; a run that
fails (e.g. diverges) exits with 3; an internal bug prints one line too (``--debug`` shows the
traceback).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
from pathlib import Path
from typing import Any

EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED = 2, 3, 130


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workbench", description="Train and inspect small neural networks.")
    p.add_argument("--debug", action="store_true", help="show full tracebacks for internal errors")
    sub = p.add_subparsers(dest="command")

    t = sub.add_parser("train", help="train from a TOML config")
    t.add_argument("config", nargs="?", help="config file (.toml), e.g. resources/examples/iris.toml")
    t.add_argument("--data", help="data file (overrides [data] path)")
    t.add_argument("--out", default="runs", help="folder for run folders (default: runs)")
    t.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE",
                   help="override a config value, e.g. --set optim.lr=3e-4 (repeatable)")
    t.add_argument("--resume", metavar="RUN", help="continue an earlier run folder from its latest checkpoint")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.add_argument("--no-attention", action="store_true",
                   help="do not record attention snapshots (the app's Inspect timeline) during training")

    pr = sub.add_parser("predict", help="classify text or table rows with a trained run")
    pr.add_argument("run", help="run folder")
    g = pr.add_mutually_exclusive_group(required=True)
    g.add_argument("--text", action="append", help="text to classify (repeatable)")
    g.add_argument("--csv", help="CSV file with the same columns as the training data")
    pr.add_argument("--checkpoint", choices=("best", "latest"), default="best")

    ge = sub.add_parser("generate", help="generate text with a trained language model")
    ge.add_argument("run", help="run folder")
    ge.add_argument("--prompt", default="", help="text to continue")
    ge.add_argument("--length", type=int, default=300, help="tokens to generate (default 300)")
    ge.add_argument("--temperature", type=float, default=0.8, help="randomness; 0 = always the likeliest")
    ge.add_argument("--top-k", type=int, default=0, help="sample only from the k likeliest tokens (0 = all)")
    ge.add_argument("--seed", type=int, default=None)
    ge.add_argument("--checkpoint", choices=("best", "latest"), default="best")

    a = sub.add_parser("app", help="open the desktop app")
    a.add_argument("file", nargs="?", help="data file, config (.toml) or run folder to open")
    a.add_argument("--example", help="open a bundled example by name (e.g. iris, shakespeare)")
    return p


class _Progress:
    """A tqdm bar over steps, showing loss and the last validation metrics."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None

    def callback(self) -> Any:
        from tqdm import tqdm

        from workbench.core.trainer import Callback

        outer = self

        class _CB(Callback):
            def on_fit_start(self, trainer: Any) -> None:
                if not outer.quiet:
                    outer.bar = tqdm(total=trainer.total_steps, initial=trainer.step, unit="step",
                                     dynamic_ncols=True, file=sys.stderr)

            def on_step_end(self, trainer: Any, step: int) -> None:
                if outer.bar is not None:
                    outer.bar.update(step - outer.bar.n)

            def on_log(self, trainer: Any, record: dict) -> None:
                if outer.bar is not None:
                    outer.bar.set_postfix(loss=f"{record['loss']:.4f}", refresh=False)

            def on_eval_end(self, trainer: Any, record: dict) -> None:
                keys = [k for k in ("loss", "accuracy", "f1", "perplexity", "r2") if k in record]
                text = "  ".join(f"val_{k}={record[k]:.4f}" for k in keys)
                if outer.bar is not None:  # None only with --quiet
                    # Progress goes to stderr with the bar; stdout is kept for the results.
                    outer.bar.write(f"step {record['step']}: {text}", file=sys.stderr)

            def on_fit_end(self, trainer: Any, summary: dict) -> None:
                if outer.bar is not None:
                    outer.bar.close()

        return _CB()


def _cmd_train(args: argparse.Namespace) -> int:
    from workbench.core import config as C
    from workbench.core.device import configure_threads
    from workbench.core.errors import one_line
    from workbench.core.pipeline import resume_run, start_run
    from workbench.core.trainer import CancelToken

    from workbench.core.probe import AttentionProbe

    cancel = CancelToken()
    progress = _Progress(args.quiet)
    callbacks = [progress.callback()]
    if not args.no_attention:
        # The same probe the app runs, so a headless run's folder has the attention timeline too.
        callbacks.append(AttentionProbe(keep_copy=False))
    if args.resume:
        trainer = resume_run(args.resume, callbacks=callbacks, cancel=cancel)
        configure_threads(trainer.cfg.train.num_threads, leave_one_free=False)
    else:
        if not args.config:
            raise C.ConfigError(["give a config file (e.g. resources/examples/iris.toml) or --resume RUN"])
        cfg = C.load(args.config)
        if args.data:
            cfg.data.path = str(Path(args.data).resolve())
        if args.overrides:
            cfg = C.apply_overrides(cfg, args.overrides)
        configure_threads(cfg.train.num_threads, leave_one_free=False)
        trainer = start_run(cfg, args.out, callbacks=callbacks, cancel=cancel)
    for note in trainer.data.notes:  # how the file was read and used: encoding, dropped rows, split
        print(f"note: {one_line(note)}", file=sys.stderr)
    print(f"run folder: {trainer.run_dir.path}", file=sys.stderr)

    def _stop(signum: int, frame: Any) -> None:
        if cancel.cancelled:
            raise KeyboardInterrupt
        print("\nstopping after this step (Ctrl-C again to abort)...", file=sys.stderr)
        cancel.cancel()

    previous = signal.signal(signal.SIGINT, _stop)
    try:
        summary = trainer.fit()
    except KeyboardInterrupt:
        # The second Ctrl-C: fit() has written an "interrupted" summary unless the interrupt cut
        # even that short.
        if trainer.summary is None:
            raise
        summary = trainer.summary
    finally:
        signal.signal(signal.SIGINT, previous)
    _print_summary(summary, trainer.run_dir.path)
    return EXIT_INTERRUPTED if summary["status"] in ("stopped", "interrupted") else 0


def _print_summary(summary: dict, path: Path) -> None:
    best = summary.get("best") or summary.get("final") or {}
    parts = []
    for split in ("val", "test"):
        m = best.get(split) or {}
        shown = [k for k in ("accuracy", "f1", "loss", "perplexity", "bpc", "r2", "mae") if k in m]
        if shown:
            parts.append(f"{split}: " + ", ".join(f"{k} {m[k]:.4f}" for k in shown))
    print(f"{summary['status']} after {summary['steps']} steps in {summary['wall_time_s']:.1f} s "
          f"on {summary['device']}. " + "; ".join(parts))
    if summary["status"] == "interrupted":
        print(summary["message"])
    print(f"summary: {path / 'summary.json'}")


def _cmd_predict(args: argparse.Namespace) -> int:
    from workbench.core.data.loading import LoadedTable, load_file
    from workbench.core.errors import DataError
    from workbench.core.pipeline import load_run, predict_table, predict_texts

    run = load_run(args.run, which=args.checkpoint)
    if args.text:
        results = predict_texts(run, args.text)
        for text, r in zip(args.text, results):
            probs = ", ".join(f"{c}: {p:.3f}" for c, p in r["probabilities"].items())
            print(f"{r['prediction']}\t({probs})\t{text}")
        return 0
    source = load_file(args.csv)
    if not isinstance(source, LoadedTable):
        raise DataError(f"{args.csv} is not a table (CSV)")
    if run.spec.task == "text_classification":
        column = run.spec.text_column
        if column not in source.df.columns:
            raise DataError(f"{args.csv} has no column '{column}' (the text column the model was trained on)")
        results = predict_texts(run, source.df[column].fillna("").astype(str).tolist())
    else:
        results = predict_table(run, source.df)
    for r in results:
        print(json.dumps(r, ensure_ascii=False))
    return 0


def _cmd_generate(args: argparse.Namespace) -> int:
    from workbench.core.pipeline import generate, load_run

    run = load_run(args.run, which=args.checkpoint)
    print(generate(run, args.prompt, args.length, args.temperature, args.top_k or None, args.seed))
    return 0


def _cmd_app(args: argparse.Namespace) -> int:
    from workbench.app import main as app_main

    return app_main(file=getattr(args, "file", None), example=getattr(args, "example", None))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``workbench`` command."""
    args = _parser().parse_args(argv)
    handlers = {"train": _cmd_train, "predict": _cmd_predict, "generate": _cmd_generate, "app": _cmd_app,
                None: _cmd_app}
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # noqa: BLE001 - the one place that turns any error into one line
        from workbench.core.errors import TrainingError, WorkbenchError, one_line

        if isinstance(exc, TrainingError):
            print(f"error: training failed: {exc}", file=sys.stderr)
            return EXIT_FAILED
        if isinstance(exc, WorkbenchError):
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_USAGE
        if args.debug:
            raise
        print(f"error: internal error ({type(exc).__name__}: {one_line(str(exc))}); rerun with --debug for details",
              file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
