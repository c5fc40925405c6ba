"""Training with the window open: trainer overhead, GUI responsiveness, metric traffic, Stop, saves.

For each model (the movie-review Transformer classifier and the Shakespeare character GPT, at
their example configs) in one process, offscreen, torch on ``--threads`` threads (1 by default:
what the window uses on a 2-core machine; the reference uses the same):

1. **Trainer overhead.** Steps/s over the same steps (10% .. 100%, evaluation only at the end)
   of: a minimal hand-written PyTorch loop (the reference: same model, optimizer, batches, no
   callbacks), the Workbench ``Trainer`` headless, and the Trainer run from the real window with
   live curves and the attention probe at its default settings (Train pressed, Train page shown).
   Runs interleaved, ``--repeats`` times, medians. Targets: headless/reference >= 0.97,
   window/reference >= 0.93.
2. **GUI responsiveness.** During a window run at the example's own settings (evaluations and
   checkpoint saves included) a 5 ms precise QTimer in the GUI thread records how late each tick
   is. Reported: p99 and max lateness over the run, over its first 3 s (from Train), and for the
   ticks that span a checkpoint save on the worker. Targets: p99 < 20 ms, max < 50 ms.
   A run in a child process (the window's way, ``--training child``) saves in the child: its
   saves are not timed ("nan"); the whole run's maximum covers them.
3. **Metric traffic.** Worker-to-GUI signal deliveries per second and the largest backlog
   (emitted but not yet delivered). Target: <= 20/s, backlog < 100.
4. **Stop.** Stop pressed mid-run: how long until the metric signals already queued at Stop
   have reached the GUI, and the worst tick lateness from 250 ms after Stop on (target: both
   within 250 ms, i.e. the GUI is idle); also, for information, how long until the run has
   ended (its last step, checkpoint and final evaluation on the worker).

    python -m bench.bench_gui [--repeats 3] [--threads 1] [--only classifier|gpt]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import summary, verdict, write

CASES = {
    # name: (example, steps for the overhead runs, steps for the responsiveness run)
    "classifier": ("movie-reviews", 600, 1200),
    "gpt": ("shakespeare", 300, 600),
}
TICK_MS = 5
STANDBY_IMPORT_S = 8.0


class Ticks:
    """A 5 ms precise timer in the GUI thread; ``lateness`` of each tick after the first."""

    def __init__(self) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.times: list[float] = []
        self.timer = QTimer()
        self.timer.setTimerType(Qt.TimerType.PreciseTimer)
        self.timer.setInterval(TICK_MS)
        self.timer.timeout.connect(lambda: self.times.append(time.perf_counter()))

    def start(self) -> None:
        self.times.clear()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()

    def late_ms(self, t0: float = 0.0, t1: float = float("inf")) -> list[float]:
        """Lateness (gap minus the interval, ms) of ticks landing in [t0, t1]."""
        out = []
        for a, b in zip(self.times, self.times[1:]):
            if t0 <= b <= t1:
                out.append(max(0.0, 1e3 * (b - a) - TICK_MS))
        return out

    def late_spanning(self, windows: list[tuple[float, float]]) -> list[float]:
        """Lateness of ticks whose gap overlaps one of ``windows``."""
        out = []
        for a, b in zip(self.times, self.times[1:]):
            if any(a <= w1 and b >= w0 for w0, w1 in windows):
                out.append(max(0.0, 1e3 * (b - a) - TICK_MS))
        return out


def wait_until(app, cond, timeout: float) -> bool:
    """Run the GUI event loop (ticks keep firing) until ``cond()`` or ``timeout`` seconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    deadline = time.perf_counter() + timeout
    poll = QTimer()
    poll.setInterval(10)

    def check() -> None:
        if cond() or time.perf_counter() > deadline:
            loop.quit()

    poll.timeout.connect(check)
    poll.start()
    if not cond():
        loop.exec()
    poll.stop()
    return bool(cond())


class StepClock:
    """Trainer callback: wall time from step ``first`` to the last training step."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.t0 = self.t1 = 0.0
        self.steps = 0

    def on_fit_start(self, trainer) -> None: ...
    def on_event(self, trainer, event) -> None: ...
    def on_checkpoint(self, trainer, path, best) -> None: ...
    def on_fit_end(self, trainer, summary) -> None: ...

    def on_step_end(self, trainer, step: int) -> None:
        if step == self.first:
            self.t0 = time.perf_counter()
        elif step == trainer.total_steps:
            self.t1 = time.perf_counter()
            self.steps = step - self.first

    @property
    def rate(self) -> float:
        return self.steps / (self.t1 - self.t0) if self.t1 > self.t0 else float("nan")


def overhead_config(example: str, steps: int):
    from workbench.core import config as C

    cfg = C.load(Path(__file__).resolve().parents[1] / "resources" / "examples" / f"{example}.toml")
    cfg.train = dataclasses.replace(cfg.train, max_steps=steps, eval_interval=10 * steps,
                                    eval_batches=2, checkpoint_interval=0, sample_length=0, device="cpu")
    return cfg


def reference_rate(cfg, data, first: int) -> float:
    """A minimal PyTorch loop over the same model, optimizer and batches as the Trainer's."""
    import torch
    import torch.nn.functional as F

    from workbench.core.models import build_model
    from workbench.core.optim import build_optimizer
    from workbench.core.tasks import make_runner

    torch.manual_seed(cfg.train.seed)
    model = build_model(cfg.model, data.spec)
    model.train()
    opt = build_optimizer(cfg.optim, model)
    runner = make_runner(data, torch.device("cpu"), cfg.train.batch_size, cfg.model.block_size)
    lm = data.spec.task == "language_modeling"
    clip = cfg.optim.grad_clip
    step, t0 = 0, 0.0
    while step < cfg.train.max_steps:
        for batch in runner.epoch_batches(step // runner.steps_per_epoch(), cfg.train.seed):
            out = model({k: v for k, v in batch.items() if k != "y"})
            if lm:
                loss = F.cross_entropy(out.reshape(-1, out.size(-1)), batch["y"].reshape(-1))
            else:
                loss = F.cross_entropy(out, batch["y"])
            opt.zero_grad(set_to_none=True)
            loss.backward()
            if clip > 0:
                torch.nn.utils.clip_grad_norm_(model.parameters(), clip)
            opt.step()
            step += 1
            if step == first:
                t0 = time.perf_counter()
            if step == cfg.train.max_steps:
                break
    return (step - first) / (time.perf_counter() - t0)


def headless_rate(cfg, data, first: int, out: str) -> float:
    from workbench.core.pipeline import start_run

    clock = StepClock(first)
    trainer = start_run(cfg, out, data=data, callbacks=[clock])
    trainer.fit()
    return clock.rate


class Instruments:
    """Counts batches of points handed to Qt and delivered, and times checkpoint saves (bench-only
    patches). A batch counts as emitted when the worker turns it into a signal: on the training
    thread for a run on a thread, on the thread reading the child's pipe for a run in a child. A
    child's saves happen in the child and are not timed (``saves`` stays empty)."""

    def __init__(self) -> None:
        from workbench.core.trainer import Trainer
        from workbench.ui.shell import controller as ctl

        self.lock = threading.Lock()
        self.emitted = 0
        self.emit_times: list[float] = []
        self.delivered: list[float] = []
        self.backlog: list[int] = []
        self.saves: list[tuple[float, float]] = []
        send, deliver, save = ctl.TrainingWorker.send, ctl.TrainingController._on_worker_batch, Trainer.save
        me = self

        def counted_send(worker, kind, *args):
            if kind == "batch":
                with me.lock:
                    me.emitted += 1
                    me.emit_times.append(time.perf_counter())
            return send(worker, kind, *args)

        def counted_deliver(controller, records, progress):
            me.delivered.append(time.perf_counter())
            with me.lock:
                me.backlog.append(me.emitted - len(me.delivered))
            return deliver(controller, records, progress)

        def timed_save(trainer, best=False):
            t0 = time.perf_counter()
            try:
                return save(trainer, best)
            finally:
                me.saves.append((t0, time.perf_counter()))

        ctl.TrainingWorker.send = counted_send
        ctl.TrainingController._on_worker_batch = counted_deliver
        Trainer.save = timed_save

    def reset(self) -> None:
        with self.lock:
            self.emitted = 0
            self.emit_times = []
        self.delivered, self.backlog, self.saves = [], [], []


def make_window(tmp: str):
    from PySide6.QtCore import QSettings

    from workbench.ui.shell.main_window import MainWindow

    settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, runs_dir=Path(tmp) / "runs")
    window.resize(1280, 800)
    window.show()
    return window


def load_example(app, window, example: str) -> None:
    from workbench.core import train_child

    window.open_example(example)
    ok = wait_until(app, lambda: window.session.analysis is not None and not window.session.is_loading()
                    and window.warm and (train_child.standby() is not None or not train_child.wanted()), 60)
    if not ok:
        raise RuntimeError(f"example {example} did not load")
    if train_child.wanted():
        wait_until(app, lambda: False, STANDBY_IMPORT_S)  # the standby child's imports: not in the timings


def window_run(app, window, cfg, ticks: Ticks, inst: Instruments, first: int,
               stop_after: float = 0.0) -> dict:
    """Press Train with ``cfg`` (data from the loaded example); measure; optionally press Stop."""
    import functools

    window.session.set_config(cfg)
    if not wait_until(app, lambda: window.action_map["train"].isEnabled(), 30):
        raise RuntimeError(f"Train stays disabled: {window.train_blocker()}")
    clock = StepClock(first)
    controller = window.controller
    points = PointClock(first)
    controller.sig_points.connect(points.add)
    original = controller.start
    if not children_on():  # a run in a child takes no callbacks: its points time it instead
        controller.start = functools.partial(original, extra_callbacks=[clock])
    inst.reset()
    ticks.start()
    pressed = time.perf_counter()
    window.action_map["train"].trigger()
    controller.start = original
    result: dict = {"pressed": pressed}
    if stop_after:
        wait_until(app, lambda: controller.state == "running" and window.train_page.progress.value() > 0, 60)
        wait_until(app, lambda: False, stop_after)
        stopped = time.perf_counter()
        window.stop_training()
        wait_until(app, lambda: controller.state == "idle", 120)
        ended = time.perf_counter()
        wait_until(app, lambda: False, 0.5)  # ticks after the end, to see the GUI settle
        result.update(stopped=stopped, ended=ended)
    else:
        wait_until(app, lambda: controller.state == "idle", 600)
        result["ended"] = time.perf_counter()
    ticks.stop()
    controller.sig_points.disconnect(points.add)
    result["rate"] = points.rate if children_on() else clock.rate
    result["in_child"] = children_on()
    return result


def children_on() -> bool:
    from workbench.core.train_child import children_on as on

    return on()


class PointClock:
    """A run's steps/s from its training points (their ``time``: the trainer's clock), from the
    first point at or after step ``first`` to the last: how a run in a child is timed."""

    def __init__(self, first: int) -> None:
        self.first = first
        self.start: tuple[int, float] | None = None
        self.end: tuple[int, float] | None = None

    def add(self, points) -> None:
        for p in points:
            if hasattr(p, "loss") and p.step >= self.first:
                if self.start is None:
                    self.start = (p.step, p.time)
                self.end = (p.step, p.time)

    @property
    def rate(self) -> float:
        if self.start is None or self.end is None or self.end[1] <= self.start[1]:
            return float("nan")
        return (self.end[0] - self.start[0]) / (self.end[1] - self.start[1])


def measure(name: str, repeats: int, app, window, ticks: Ticks, inst: Instruments, tmp: str) -> dict:
    from workbench.core.pipeline import prepare

    example, steps, long_steps = CASES[name]
    load_example(app, window, example)
    base = window.session.config()
    first = steps // 10
    cfg = overhead_config(example, steps)
    cfg.data = base.data
    data = prepare(cfg)
    ref, head, win = [], [], []
    for _ in range(repeats):
        ref.append(reference_rate(cfg, data, first))
        head.append(headless_rate(cfg, data, first, str(Path(tmp) / "headless")))
        win.append(window_run(app, window, cfg, ticks, inst, first)["rate"])
    r, h, w = statistics.median(ref), statistics.median(head), statistics.median(win)
    overhead = {"steps": steps, "timed_from_step": first, "reference_steps_per_s": ref,
                "headless_steps_per_s": head, "window_steps_per_s": win,
                "headless_ratio": h / r, "window_ratio": w / r}

    # Responsiveness at the example's own settings (evaluations, saves, samples), shortened.
    cfg2 = dataclasses.replace(base)
    evals = 4
    cfg2.train = dataclasses.replace(base.train, max_steps=long_steps,
                                     eval_interval=long_steps // evals, checkpoint_interval=long_steps // 8)
    run = window_run(app, window, cfg2, ticks, inst, long_steps // 10)
    duration = run["ended"] - run["pressed"]
    responsiveness = {
        "steps": long_steps, "duration_s": duration,
        "late_ms_all": summary(ticks.late_ms(run["pressed"], run["ended"])),
        "late_ms_first_3s": summary(ticks.late_ms(run["pressed"], run["pressed"] + 3)),
        "late_ms_during_saves": summary(ticks.late_spanning(inst.saves)),
        "saves": len(inst.saves),
        "save_ms": summary([1e3 * (b - a) for a, b in inst.saves]),
        "deliveries_per_s": len(inst.delivered) / duration,
        "max_deliveries_in_any_1s": _max_in_window(inst.delivered, 1.0),
        "max_backlog": max(inst.backlog, default=0),
    }

    # Stop mid-run.
    cfg3 = dataclasses.replace(base)
    cfg3.train = dataclasses.replace(base.train, max_steps=long_steps * 10)
    stop = window_run(app, window, cfg3, ticks, inst, 1, stop_after=3.0)
    # Deliveries arrive in emission order: the last one emitted before Stop says when what was
    # already queued had drained.
    queued = [d for e, d in zip(inst.emit_times, inst.delivered) if e <= stop["stopped"]]
    drained = max(queued, default=stop["stopped"])
    stop_result = {
        "queued_drained_after_stop_ms": 1e3 * max(0.0, drained - stop["stopped"]),
        "run_ended_after_stop_ms": 1e3 * (stop["ended"] - stop["stopped"]),
        "late_ms_from_250ms_after_stop": summary(ticks.late_ms(stop["stopped"] + 0.25, float("inf"))),
    }
    return {"example": example, "overhead": overhead, "responsiveness": responsiveness, "stop": stop_result}


def _max_in_window(times: list[float], width: float) -> int:
    best, j = 0, 0
    for i, t in enumerate(times):
        while times[j] < t - width:
            j += 1
        best = max(best, i - j + 1)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--only", choices=sorted(CASES), default=None)
    parser.add_argument("--training", choices=("child", "thread"), default="child",
                        help="where the window's runs train: a child process (the app's way) or a thread")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    if args.training == "thread":
        os.environ["WORKBENCH_TRAIN_IN_THREAD"] = "1"
    os.environ["WORKBENCH_THREADS_FOR_BENCH"] = str(args.threads)
    from workbench.app import make_app

    app = make_app([])  # fonts and the scheduling policy, as the app has them
    import torch

    torch.set_num_threads(args.threads)
    inst = Instruments()
    ticks = Ticks()
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        window = make_window(tmp)
        for name in [args.only] if args.only else list(CASES):
            results[name] = measure(name, args.repeats, app, window, ticks, inst, tmp)
            for cfg_threads in (torch.get_num_threads(),):
                results[name]["threads"] = cfg_threads
        window.close()
    print_table(results, args)
    ok = all(check(r) for r in results.values())
    write("gui", {"threads": args.threads, "repeats": args.repeats, "cases": results}, args.out)
    return 0 if ok else 1


def check(r: dict) -> bool:
    o, g, s = r["overhead"], r["responsiveness"], r["stop"]
    return (o["headless_ratio"] >= 0.97 and o["window_ratio"] >= 0.93 and g["late_ms_all"]["p99"] < 20
            and g["late_ms_all"]["max"] < 50 and not g["late_ms_during_saves"]["max"] >= 50  # nan: in a child
            and g["max_deliveries_in_any_1s"] <= 20 and g["max_backlog"] < 100
            and s["queued_drained_after_stop_ms"] <= 250
            and s["late_ms_from_250ms_after_stop"]["max"] < 50)


def print_table(results: dict, args) -> None:
    print(f"CPU, {args.threads} torch thread(s), median of {args.repeats}")
    print(f"\n{'trainer overhead':<16}{'reference':>11}{'headless':>10}{'ratio':>7}{'':>8}{'window':>9}"
          f"{'ratio':>7}{'':>8}   (steps/s; targets 0.97 and 0.93)")
    for name, r in results.items():
        o = r["overhead"]
        ref, head, win = (statistics.median(o[k]) for k in ("reference_steps_per_s", "headless_steps_per_s",
                                                             "window_steps_per_s"))
        print(f"{name:<16}{ref:>11.1f}{head:>10.1f}{o['headless_ratio']:>7.3f}"
              f"{verdict(o['headless_ratio'] >= 0.97):>8}{win:>9.1f}{o['window_ratio']:>7.3f}"
              f"{verdict(o['window_ratio'] >= 0.93):>8}")
    print(f"\n{'GUI tick lateness (ms)':<24}{'p99':>7}{'max':>7}{'first 3 s p99':>15}{'max':>7}"
          f"{'during saves max':>18}{'':>8}   (targets p99 < 20, max < 50)")
    for name, r in results.items():
        g = r["responsiveness"]
        a, f, s = g["late_ms_all"], g["late_ms_first_3s"], g["late_ms_during_saves"]
        ok = a["p99"] < 20 and a["max"] < 50 and f["max"] < 50 and not s["max"] >= 50
        print(f"{name:<24}{a['p99']:>7.1f}{a['max']:>7.1f}{f['p99']:>15.1f}{f['max']:>7.1f}{s['max']:>18.1f}"
              f"{verdict(ok):>8}")
    print(f"\n{'metric traffic':<16}{'signals/s':>10}{'max in 1 s':>12}{'max backlog':>13}{'':>8}"
          f"{'Stop: queue drained ms':>24}{'late after 250 ms':>19}{'':>8}{'run ended ms':>14}")
    for name, r in results.items():
        g, s = r["responsiveness"], r["stop"]
        ok = g["max_deliveries_in_any_1s"] <= 20 and g["max_backlog"] < 100
        stop_ok = s["queued_drained_after_stop_ms"] <= 250 and s["late_ms_from_250ms_after_stop"]["max"] < 50
        print(f"{name:<16}{g['deliveries_per_s']:>10.1f}{g['max_deliveries_in_any_1s']:>12}{g['max_backlog']:>13}"
              f"{verdict(ok):>8}{s['queued_drained_after_stop_ms']:>24.0f}"
              f"{s['late_ms_from_250ms_after_stop']['max']:>19.1f}{verdict(stop_ok):>8}"
              f"{s['run_ended_after_stop_ms']:>14.0f}")


if __name__ == "__main__":
    sys.exit(main())
