"""Headless command line: train, predict, generate; with no command it opens the desktop app.

Every problem a user can cause prints one line ("error: ...") and exits with status 2; a run that
fails (e.g. diverges) exits with 3; an internal bug prints one line too (``--debug`` shows the
traceback).
"""

from __future__ import annotations

import argparse
import json
import math
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

# Both light (no torch): the command line and the app's start-up import this module.
from workbench.core.callbacks import Callback, CancelToken
from workbench.core.events import (
    EvalPoint,
    HealthWarning,
    RunEnded,
    RunEvent,
    RunOutcome,
    RunStarted,
    TrainPoint,
)
from workbench.core.safepaths import check_writable_file, resolved

if TYPE_CHECKING:
    from workbench.core.trainer import Trainer

EXIT_USAGE, EXIT_FAILED, EXIT_INTERRUPTED = 2, 3, 130
MAX_LENGTH = 100_000  # generate --length: tokens, one model call each


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="workbench", description="Train and inspect small neural networks.")
    p.add_argument("--debug", action="store_true", help="show full tracebacks for internal errors")
    sub = p.add_subparsers(dest="command")

    t = sub.add_parser("train", help="train from a TOML config, or on a data file with settings fitted to it")
    t.add_argument("config", nargs="?", help="config file (.toml), e.g. resources/examples/iris.toml; "
                   "without one, --data FILE trains with settings fitted to that file")
    t.add_argument("--data", help="data file (overrides [data] path)")
    t.add_argument("--save-config", metavar="FILE", help="write the run's settings (e.g. those fitted to "
                   "--data) to FILE as TOML, to train the same way again")
    t.add_argument("--out", default="runs", help="folder for run folders (default: runs)")
    t.add_argument("--set", dest="overrides", action="append", default=[], metavar="SECTION.KEY=VALUE",
                   help="override a config value, e.g. --set optim.lr=3e-4 (repeatable)")
    t.add_argument("--resume", metavar="RUN",
                   help="continue an earlier run folder from its latest checkpoint; --set may change its "
                   "budget (train.epochs, train.max_steps), learning rate and schedule, and early stopping")
    t.add_argument("--allow-changed-data", action="store_true",
                   help="with --resume: continue even though the data file changed since the run started")
    t.add_argument("--quiet", action="store_true", help="no progress bar")
    t.add_argument("--no-attention", action="store_true",
                   help="do not record attention snapshots (the app's Inspect timeline) during training")
    t.add_argument("--nproc", type=int, default=0, metavar="N",
                   help="train with N processes on this machine (DistributedDataParallel through torchrun; "
                   "train.batch_size is split across them)")

    pr = sub.add_parser("predict", help="classify text or table rows with a trained run")
    pr.add_argument("run", help="run folder")
    g = pr.add_mutually_exclusive_group(required=True)
    g.add_argument("--text", action="append", help="text to classify (repeatable)")
    g.add_argument("--csv", help="CSV file with the same columns as the training data (scored in chunks: "
                   "one JSON line per row, with its row number)")
    pr.add_argument("--checkpoint", choices=("best", "latest"), default="best")
    from workbench.commands.predicting import add_arguments

    add_arguments(pr)

    ge = sub.add_parser("generate", help="generate text with a trained language model")
    ge.add_argument("run", help="run folder")
    ge.add_argument("--prompt", default="", help="text to continue")
    ge.add_argument("--length", type=int, default=300,
                    help=f"tokens to generate, 1 to {MAX_LENGTH:,} (default 300)")
    ge.add_argument("--temperature", type=float, default=0.8,
                    help="randomness, 0 or more; 0 = always the likeliest")
    ge.add_argument("--top-k", type=int, default=0, help="sample only from the k likeliest tokens (0 = all)")
    ge.add_argument("--seed", type=int, default=None)
    ge.add_argument("--checkpoint", choices=("best", "latest"), default="best")

    sc = sub.add_parser("score", help="score a run's final and best weights on every split in full "
                        "(a stopped run's summary scores a sample of each)")
    sc.add_argument("run", help="run folder")

    ins = sub.add_parser("inspect", help="show what Workbench understands of a data file (no training)")
    ins.add_argument("file", help="data file (.csv, .tsv, .txt, ...)")
    ins.add_argument("--json", action="store_true", help="print one JSON object instead of text")
    ins.add_argument("--set", dest="overrides", action="append", default=[], metavar="data.KEY=VALUE",
                     help="a data setting to judge the file with, e.g. --set data.target=label (repeatable)")

    a = sub.add_parser("app", help="open the desktop app")
    a.add_argument("file", nargs="?", help="data file, config (.toml) or run folder to open")
    a.add_argument("--example", help="open a bundled example by name (e.g. iris, shakespeare)")

    from workbench.commands import register_all

    register_all(sub)
    return p


class _Progress(Callback):
    """A tqdm bar over steps on stderr, with the loss and each evaluation's validation metrics;
    keeps the run's end (``RunEnded``) for the final print."""

    SHOWN = ("loss", "accuracy", "f1", "perplexity", "r2")

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Any = None
        self.ended: RunEnded | None = None

    def on_event(self, trainer: Trainer, event: RunEvent) -> None:
        """Open the bar, show the loss and the evaluations, close it at the end."""
        if isinstance(event, RunStarted) and not self.quiet:
            from tqdm import tqdm

            self.bar = tqdm(total=event.total_steps, initial=event.step, unit="step", dynamic_ncols=True,
                            file=sys.stderr)
        elif isinstance(event, TrainPoint) and self.bar is not None:
            self.bar.set_postfix(loss=f"{event.loss:.4f}", refresh=False)
        elif isinstance(event, EvalPoint) and self.bar is not None:  # None only with --quiet
            text = "  ".join(f"val_{k}={event.metrics[k]:.4f}" for k in self.SHOWN if k in event.metrics)
            # Progress goes to stderr with the bar; stdout is kept for the results.
            self.bar.write(f"step {event.step}: {text}", file=sys.stderr)
        elif isinstance(event, HealthWarning):  # shown even with --quiet: it is not progress
            if self.bar is not None:
                self.bar.write(f"warning: {event.text}", file=sys.stderr)
            else:
                print(f"warning: {event.text}", file=sys.stderr)
        elif isinstance(event, RunEnded):
            self.ended = event
            if self.bar is not None:
                self.bar.close()

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        """Move the bar on."""
        if self.bar is not None:
            self.bar.update(step - self.bar.n)


def _cmd_train(args: argparse.Namespace) -> int:
    from workbench.core import config as C
    from workbench.core import distributed
    from workbench.core.device import configure_threads
    from workbench.core.errors import ConfigError, one_line
    from workbench.core.health import check_config
    from workbench.core.pipeline import resume_run, start_run
    from workbench.core.probe import AttentionProbe

    if args.nproc:
        return distributed.launch(args.nproc, getattr(args, "argv", sys.argv[1:]))
    ranks = distributed.from_env()  # under torchrun: this process's rank; rank 0 writes, the others follow
    if ranks is not None and not ranks.main:
        return distributed.follow(ranks, args)
    cancel = CancelToken()
    progress = _Progress(args.quiet)
    callbacks: list[Callback] = [progress]
    if not args.no_attention:
        # The same probe the app runs, so a headless run's folder has the attention timeline too.
        callbacks.append(AttentionProbe(keep_copy=False))
    if args.resume:
        if args.config or args.data or args.save_config:
            raise ConfigError(["--resume continues a run with its own config and data: leave out the "
                               "config file, --data and --save-config (--set may change the budget and "
                               "learning rate)"])
        trainer = resume_run(args.resume, callbacks=callbacks, cancel=cancel, overrides=args.overrides,
                             allow_changed_data=args.allow_changed_data)
        configure_threads(trainer.cfg.train.num_threads, leave_one_free=False)
    else:
        source: Any = None
        settings: list[str] = []  # what was fitted to --data, and why
        if args.config:
            cfg = C.load(args.config)
            if args.data:
                cfg.data.path = str(resolved(args.data))
            if args.overrides:
                cfg = C.apply_overrides(cfg, args.overrides)
        elif args.data:
            cfg, source, settings = _fitted_config(args)
        else:
            raise ConfigError(["give a config file (e.g. resources/examples/iris.toml), --data FILE or "
                               "--resume RUN"])
        from workbench.core.data.preflight import require_confident_target

        require_confident_target(cfg.data)  # no window to ask in: a doubtful target is not guessed
        configure_threads(cfg.train.num_threads, leave_one_free=False)
        if args.save_config:
            C.save(cfg, check_writable_file(args.save_config, what="config file"))
            print(f"settings written to {args.save_config}", file=sys.stderr)
        if ranks is not None:
            distributed.check_config(cfg, ranks.world)
        trainer = start_run(cfg, args.out, callbacks=callbacks, cancel=cancel, source=source)
        for setting in settings:  # printed once the run is ready: a mistake stays one error line
            print(f"setting: {setting}", file=sys.stderr)
    for note in trainer.data.notes:  # how the file was read and used: encoding, dropped rows, split
        print(f"note: {one_line(note)}", file=sys.stderr)
    for warning in check_config(trainer.cfg):  # the user may insist: it warns, it does not refuse
        print(f"warning: {warning.text}", file=sys.stderr)
    assert trainer.run_dir is not None  # start_run and resume_run always give the run its folder
    run_path = trainer.run_dir.path
    print(f"run folder: {run_path}", file=sys.stderr)

    if ranks is not None:
        ranks.attach(trainer)

    def _stop(signum: int, frame: Any) -> None:
        if cancel.cancelled and ranks is None:  # torchrun passes the terminal's Ctrl-C on: not a second one
            raise KeyboardInterrupt
        again = "Ctrl-C" if signum == signal.SIGINT else "SIGTERM"
        print(f"\nstopping after this step ({again} again to abort)...", file=sys.stderr)
        cancel.cancel()

    # SIGTERM (a process manager, `kill`) stops like Ctrl-C: the checkpoint and summary get written.
    previous = {sig: signal.signal(sig, _stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        trainer.fit()
    except KeyboardInterrupt:
        # The second Ctrl-C: fit() has written an "interrupted" summary and published the end,
        # unless the interrupt cut even that short.
        if progress.ended is None:
            raise
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    assert progress.ended is not None  # fit() returned (or was interrupted), so the end went out
    _print_summary(progress.ended, run_path)
    return EXIT_INTERRUPTED if progress.ended.outcome in (RunOutcome.STOPPED, RunOutcome.INTERRUPTED) else 0


def _fitted_config(args: argparse.Namespace) -> tuple[Any, Any, list[str]]:
    """``train --data FILE`` without a config: settings fitted to the file (``--set`` values kept),
    the loaded file and a sentence for each choice."""
    from workbench.core import config as C
    from workbench.core.data.loading import load_file
    from workbench.core.defaults import fitted_config
    from workbench.core.device import configure_threads

    base = C.RunConfig()
    base.data.path = str(resolved(args.data))
    base = C.apply_overrides(base, args.overrides)
    configure_threads(base.train.num_threads, leave_one_free=False)  # the fitting times a few steps
    source = load_file(base.data.path, encoding=base.data.encoding)
    fitted = fitted_config(source, base, keep=[item.split("=", 1)[0].strip() for item in args.overrides])
    return C.from_dict(C.to_dict(fitted.config), source="the fitted settings"), source, fitted.notes


def _print_summary(ended: RunEnded, path: Path) -> None:
    summary = ended.summary
    best = summary.get("best") or summary.get("final") or {}
    parts = []
    for split in ("val", "test"):
        m = best.get(split) or {}
        shown = [k for k in ("accuracy", "f1", "loss", "perplexity", "bpc", "r2", "mae") if k in m]
        if shown:
            parts.append(f"{split}: " + ", ".join(f"{k} {m[k]:.4f}" for k in shown))
    print(f"{ended.outcome.value} after {summary['steps']} steps in {summary['wall_time_s']:.1f} s "
          f"on {summary['device']}. " + "; ".join(parts))
    if ended.outcome == RunOutcome.INTERRUPTED:
        print(ended.message)
    scoring = summary.get("scoring") or {}
    if scoring.get("sampled"):
        scored, total = scoring["scored"], scoring["total"]
        counts = ", ".join(f"{split} {scored[split]:,} of {total[split]:,}" for split in scored
                           if split != "train")
        print(f"scored on a sample of each split ({counts} {scoring['unit']}) to stop at once; "
              f"`workbench score {path}` scores them in full")
    from workbench.core.baseline_words import cli_line

    if line := cli_line(summary):  # is the network any better than a simple model?
        print(line)
    for record in summary.get("health", []):  # "finished" is never the only word on a run gone wrong
        print(f"warning: {HealthWarning.from_record(record).text}")
    print(f"summary: {path / 'summary.json'}")


def _cmd_predict(args: argparse.Namespace) -> int:
    from workbench.commands.predicting import cmd_predict

    return cmd_predict(args)


def _cmd_generate(args: argparse.Namespace) -> int:
    from workbench.core.errors import ConfigError
    from workbench.core.pipeline import generate, load_run

    wrong = []
    if not 1 <= args.length <= MAX_LENGTH:
        wrong.append(f"--length {args.length} must be 1 to {MAX_LENGTH:,}")
    if not (args.temperature >= 0 and math.isfinite(args.temperature)):  # NaN fails both
        wrong.append(f"--temperature {args.temperature} must be a number, 0 or more (0 = the likeliest)")
    if args.top_k < 0:
        wrong.append(f"--top-k {args.top_k} must be 0 or more (0 = all tokens)")
    if wrong:
        raise ConfigError(wrong)
    run = load_run(args.run, which=args.checkpoint)
    print(generate(run, args.prompt, args.length, args.temperature, args.top_k or None, args.seed))
    return 0


def _cmd_score(args: argparse.Namespace) -> int:
    from workbench.core.device import configure_threads
    from workbench.core.pipeline import score_run

    configure_threads(0, leave_one_free=False)
    _print_summary(RunEnded(score_run(args.run)), Path(args.run))
    return 0


def _cmd_inspect(args: argparse.Namespace) -> int:
    from workbench.core import config as C
    from workbench.core.data.analysis import analyse
    from workbench.core.data.loading import load_file
    from workbench.core.data.report import report

    cfg = C.apply_overrides(C.RunConfig(), args.overrides) if args.overrides else C.RunConfig()
    cfg.data.path = str(resolved(args.file))
    # The same analysis the Data page shows, so a script gets the window's judgement.
    analysis = analyse(load_file(cfg.data.path, encoding=cfg.data.encoding), cfg.data)
    print(json.dumps(analysis.to_dict(), ensure_ascii=False) if args.json else report(analysis))
    return 0


def _cmd_app(args: argparse.Namespace) -> int:
    from workbench.app import main as app_main

    return app_main(file=getattr(args, "file", None), example=getattr(args, "example", None))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``workbench`` command."""
    args = _parser().parse_args(argv)
    args.argv = list(sys.argv[1:] if argv is None else argv)  # train --nproc passes them on to torchrun
    handlers = {"train": _cmd_train, "predict": _cmd_predict, "generate": _cmd_generate, "app": _cmd_app,
                "inspect": _cmd_inspect, "score": _cmd_score, None: _cmd_app}
    handler = getattr(args, "handler", None) or handlers[args.command]
    try:
        return handler(args)
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except Exception as exc:  # the one place that turns any error into one line
        from workbench.core.errors import TrainingError, WorkbenchError, bounded, error_line

        if isinstance(exc, TrainingError):
            print(error_line(exc, "error: training failed: "), file=sys.stderr)
            return EXIT_FAILED
        if isinstance(exc, WorkbenchError):
            print(error_line(exc), file=sys.stderr)
            return EXIT_USAGE
        if args.debug:
            raise
        print(f"error: internal error ({bounded(f'{type(exc).__name__}: {exc}', 200)}); "
              "rerun with --debug for details",
              file=sys.stderr)
        return EXIT_FAILED


if __name__ == "__main__":
    sys.exit(main())
