"""Two settings raced in the window (Run → Compare with…): does the GUI stay responsive with two live runs?

In one process, offscreen, with the example's own settings shortened to ``--steps`` steps (its
evaluations, checkpoint saves and baseline included), the same 5 ms GUI timer as ``bench_gui``
records how late each tick is:

1. **One run** pressed with Train, on the share of the cores one racer gets (``core.race``:
   half of them), as the reference.
2. **A race** of that setup against SGD (two training threads, two attention probes, two
   controllers' signals, the race view's overlay and heatmaps redrawn live). Targets as
   ``bench_gui``'s: p99 < 20 ms, max < 50 ms; metric signals at most 20/s per run (40/s for
   two), backlog < 100. Each racer's steps/s is set against the single run's, for information:
   on a machine with other work, two runs on half the cores each are not two times slower.
3. **Stop** pressed in the race after ``--stop-after`` s: time until both runs have ended, and
   the worst tick lateness from 250 ms after Stop on (target < 50 ms).

    python -m bench.bench_race [--example movie-reviews] [--steps 160] [--stop-after 3]
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_gui import (
    STANDBY_IMPORT_S,
    Instruments,
    Ticks,
    _max_in_window,
    load_example,
    make_window,
    wait_until,
)
from bench.common import summary, verdict, write


def shortened(base, steps: int):
    cfg = dataclasses.replace(base)
    cfg.train = dataclasses.replace(base.train, max_steps=steps, eval_interval=max(steps // 4, 1),
                                    checkpoint_interval=max(steps // 8, 1), device="cpu")
    return cfg


def steps_per_s(summary_json: dict) -> float:
    wall = summary_json.get("wall_time_s") or 0.0
    return summary_json.get("steps", 0) / wall if wall else float("nan")


def one_run(app, window, cfg, ticks: Ticks, inst: Instruments) -> dict:
    """Press Train with ``cfg``; GUI lateness and signal traffic over the run."""
    ended: list[dict] = []
    window.controller.sig_ended.connect(lambda e: ended.append(e.summary))
    window.session.set_config(cfg)
    if not wait_until(app, lambda: window.action_map["train"].isEnabled(), 30):
        raise RuntimeError(f"Train stays disabled: {window.train_blocker()}")
    inst.reset()
    ticks.start()
    t0 = time.perf_counter()
    window.action_map["train"].trigger()
    wait_until(app, lambda: window.controller.state == "idle" and bool(ended), 1800)
    t1 = time.perf_counter()
    ticks.stop()
    return {"duration_s": t1 - t0, "late_ms": summary(ticks.late_ms(t0, t1)),
            "late_ms_first_3s": summary(ticks.late_ms(t0, t0 + 3)),
            "deliveries_per_s": len(inst.delivered) / (t1 - t0),
            "max_deliveries_in_any_1s": _max_in_window(inst.delivered, 1.0),
            "max_backlog": max(inst.backlog, default=0), "steps_per_s": steps_per_s(ended[-1]),
            "threads": cfg.train.num_threads}


class ViewClock:
    """Time the race view spends on the GUI thread redrawing the overlay and showing snapshots."""

    def __init__(self) -> None:
        from workbench.ui.pages.race_view import RaceView

        self.redraw: list[float] = []
        self.snapshot: list[float] = []
        for name, out in (("redraw", self.redraw), ("show_snapshot", self.snapshot)):
            original = getattr(RaceView, name)

            def timed(view, *args, _f=original, _out=out):
                t0 = time.perf_counter()
                try:
                    return _f(view, *args)
                finally:
                    _out.append(1e3 * (time.perf_counter() - t0))

            setattr(RaceView, name, timed)

    def reset(self) -> None:
        self.redraw.clear()
        self.snapshot.clear()


def race(app, window, cfg, ticks: Ticks, inst: Instruments, clock: ViewClock,
         stop_after: float = 0.0) -> dict:
    """Race ``cfg`` against SGD; lateness and traffic over the race (or Stop after ``stop_after`` s)."""
    from workbench.core.race import challenger, race_names
    from workbench.ui.shell.race import RaceRoom

    room = window.findChild(RaceRoom)
    other = challenger(cfg, ['optim.name="sgd"'])
    room._make_view()  # as while the dialog is open, before the race (shell.race)
    inst.reset()
    clock.reset()
    ticks.start()
    t0 = time.perf_counter()
    if not room.start(cfg, other, race_names(cfg, other)):
        raise RuntimeError("the race did not start")
    result: dict = {}
    if stop_after:
        wait_until(app, lambda: all(c.state == "running" for c in room.controllers), 120)
        wait_until(app, lambda: False, stop_after)
        stopped = time.perf_counter()
        room.stop()
        wait_until(app, lambda: not room.racing, 300)
        ended = time.perf_counter()
        wait_until(app, lambda: False, 0.5)
        ticks.stop()
        return {"both_ended_after_stop_ms": 1e3 * (ended - stopped),
                "late_ms_from_250ms_after_stop": summary(ticks.late_ms(stopped + 0.25, float("inf"))),
                "verdict": room.verdict}
    wait_until(app, lambda: not room.racing, 3600)
    t1 = time.perf_counter()
    ticks.stop()
    result.update({"duration_s": t1 - t0, "late_ms": summary(ticks.late_ms(t0, t1)),
                   "late_ms_first_3s": summary(ticks.late_ms(t0, t0 + 3)),
                   "deliveries_per_s": len(inst.delivered) / (t1 - t0),
                   "max_deliveries_in_any_1s": _max_in_window(inst.delivered, 1.0),
                   "max_backlog": max(inst.backlog, default=0),
                   "steps_per_s": [steps_per_s(s) for s in room.summaries],
                   "threads_each": room.share.share_for(cfg), "verdict": room.verdict,
                   "view_redraw_ms": summary(clock.redraw), "view_snapshot_ms": summary(clock.snapshot)})
    return result


def settle(app) -> None:
    """Let the next standby child finish its imports (a run in a child took the last one)."""
    from workbench.core import train_child

    if train_child.children_on():
        wait_until(app, lambda: False, STANDBY_IMPORT_S)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--example", default="movie-reviews")
    parser.add_argument("--steps", type=int, default=160)
    parser.add_argument("--stop-after", type=float, default=3.0)
    parser.add_argument("--training", choices=("child", "thread"), default="child",
                        help="where the window's runs train: a child process (the app's way) or a thread")
    parser.add_argument("--out", default=None)
    args = parser.parse_args()
    if args.training == "thread":
        os.environ["WORKBENCH_TRAIN_IN_THREAD"] = "1"
    from workbench.app import make_app
    from workbench.core.race import ThreadShare, with_threads

    app = make_app([])
    inst, ticks, clock = Instruments(), Ticks(), ViewClock()
    with tempfile.TemporaryDirectory() as tmp:
        window = make_window(tmp)
        load_example(app, window, args.example)
        base = window.session.config()
        cfg = shortened(base, args.steps)
        single = one_run(app, window, with_threads(cfg, ThreadShare.share_for(cfg)), ticks, inst)
        settle(app)
        raced = race(app, window, cfg, ticks, inst, clock)
        settle(app)
        longer = shortened(base, args.steps * 100)
        stop = race(app, window, longer, ticks, inst, clock, stop_after=args.stop_after)
        window.close()
    result = {"example": args.example, "steps": args.steps, "training": args.training, "single": single,
              "race": raced, "stop": stop}
    ok = check(result)
    print_table(result)
    write("race", result, args.out)
    return 0 if ok else 1


def check(r: dict) -> bool:
    g, s = r["race"], r["stop"]
    return (g["late_ms"]["p99"] < 20 and g["late_ms"]["max"] < 50 and g["max_deliveries_in_any_1s"] <= 40
            and g["max_backlog"] < 100 and s["late_ms_from_250ms_after_stop"]["max"] < 50)


def print_table(r: dict) -> None:
    one, two, stop = r["single"], r["race"], r["stop"]
    print(f"{r['example']}, {r['steps']} steps per run, {two['threads_each']} torch thread(s) per run, "
          f"each trained in {'a child process' if r.get('training') == 'child' else 'a thread'}")
    print(f"\n{'GUI tick lateness (ms)':<26}{'p99':>7}{'max':>7}{'first 3 s max':>15}{'signals/s':>11}"
          f"{'max in 1 s':>12}{'backlog':>9}{'steps/s':>16}{'':>8}")
    for name, g, rate in (("one run", one, f"{one['steps_per_s']:.1f}"),
                          ("race (two runs)", two, " / ".join(f"{v:.1f}" for v in two["steps_per_s"]))):
        ok = g["late_ms"]["p99"] < 20 and g["late_ms"]["max"] < 50
        print(f"{name:<26}{g['late_ms']['p99']:>7.1f}{g['late_ms']['max']:>7.1f}"
              f"{g['late_ms_first_3s']['max']:>15.1f}{g['deliveries_per_s']:>11.1f}"
              f"{g['max_deliveries_in_any_1s']:>12}{g['max_backlog']:>9}{rate:>16}{verdict(ok):>8}")
    stop_ok = stop["late_ms_from_250ms_after_stop"]["max"] < 50
    print(f"\nStop in the race: both ended {stop['both_ended_after_stop_ms']:.0f} ms after Stop; worst tick "
          f"from 250 ms after Stop {stop['late_ms_from_250ms_after_stop']['max']:.1f} ms {verdict(stop_ok)}")
    redraw, snap = two["view_redraw_ms"], two["view_snapshot_ms"]
    print(f"race view on the GUI thread: overlay redraw median {redraw['median']:.1f} ms, "
          f"max {redraw['max']:.1f} ({redraw['n']}x); attention snapshot median {snap['median']:.1f} ms, "
          f"max {snap['max']:.1f} ({snap['n']}x)")
    print(f"verdict: {two['verdict']}")


if __name__ == "__main__":
    sys.exit(main())
