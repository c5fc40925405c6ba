"""In the window the baseline fits in a child process, so the window's Python lock stays free: its
answer is the same as a fit in the app's own process, and the child never outlives the run (a Stop,
a failure, the end) nor breaks it (a child that dies or cannot start leaves no baseline and says
why). Elsewhere (the CLI, the core, tests) it fits on a thread, with no child; the window's
``warm_up`` switches to children and keeps a standby child ready, one per fit.

Every test here ends in the default mode (threads, no standby): the ``default_mode`` fixture.

The child is made slow or made to die through the data it reads: an object whose unpickling sleeps
or exits, slipped among the pieces the app sends.
"""

from __future__ import annotations

import atexit
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from workbench.core import baseline as B
from workbench.core import baseline_child as child
from workbench.core import config as C
from workbench.core.callbacks import Callback
from workbench.core.errors import TrainingError
from workbench.core.events import Baseline, RunEvent, RunOutcome
from workbench.core.pipeline import start_run
from workbench.core.trainer import Trainer

ROOT = Path(__file__).resolve().parents[2]
IRIS_TOML = ROOT / "resources" / "examples" / "iris.toml"

pytestmark = pytest.mark.usefixtures("one_thread", "default_mode")


@pytest.fixture
def default_mode() -> Iterator[None]:
    """Back to fits on threads, the standby killed, after the test (whatever it switched on)."""
    assert not child.children_on()
    yield
    child.use_threads()


@pytest.fixture
def cold_children(default_mode: None) -> None:
    """Fits in children, each started for its fit (no standby): the window's way, minus the standby."""
    child.use_children(standby=False)


class _Sleep:
    def __reduce__(self) -> tuple[Any, ...]:
        return time.sleep, (120,)  # the child sleeps while it reads this


class _Exit:
    def __reduce__(self) -> tuple[Any, ...]:
        return os._exit, (3,)  # the child dies without an answer while it reads this


def slipped(monkeypatch: pytest.MonkeyPatch, thing: object) -> None:
    real = child.messages

    def messages(data: Any, seed: int) -> Iterator[tuple[Any, ...]]:
        for message in real(data, seed):
            if message[0] == "end":
                yield "texts", "train", thing
            yield message
    monkeypatch.setattr(child, "messages", messages)


class Recorder(Callback):
    def __init__(self, at_step: Any = None) -> None:
        self.events: list[RunEvent] = []
        self.at_step = at_step

    def on_event(self, trainer: Trainer, event: RunEvent) -> None:
        self.events.append(event)

    def on_step_end(self, trainer: Trainer, step: int) -> None:
        if step == 1 and self.at_step is not None:
            self.at_step(trainer)


def iris_run(root: Path, recorder: Recorder, epochs: int = 3) -> Trainer:
    cfg = C.apply_overrides(C.load(IRIS_TOML), [f"train.epochs={epochs}", "train.num_threads=1"])
    return start_run(cfg, root, callbacks=[recorder])


def child_of(trainer: Trainer) -> Any:
    assert trainer.baseline.fit is not None
    return trainer.baseline.fit.process


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True  # no such child of ours: neither running nor a zombie
    return False


def running_child(trainer: Trainer) -> Any:
    """The child once it reads the data (started, niced), within 60 s."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        process = child_of(trainer)
        if process is not None and (not hasattr(os, "getpriority")
                                    or os.getpriority(os.PRIO_PROCESS, process.pid) > os.nice(0)):
            return process
        time.sleep(0.05)
    raise AssertionError("the child did not start")


@pytest.mark.usefixtures("cold_children")
def test_the_baseline_comes_from_a_child_process_and_equals_a_fit_in_this_one(tmp_path: Path) -> None:
    recorder = Recorder()
    trainer = iris_run(tmp_path, recorder)
    summary = trainer.fit()
    (event,) = [e for e in recorder.events if isinstance(e, Baseline)]
    process = child_of(trainer)
    assert process.pid != os.getpid() and reaped(process.pid)
    assert summary["baseline"] == event.to_summary()
    here = B.fit_baseline(trainer.data, seed=trainer.cfg.train.seed)
    assert here is not None and (event.model, event.train_rows) == (here.model, here.train_rows)
    assert event.val == pytest.approx(here.val) and event.test == pytest.approx(here.test)
    assert trainer.baseline.reasons == []


@pytest.mark.usefixtures("cold_children")
@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="reads the child's environment in /proc")
def test_a_stop_kills_the_slow_child_which_ran_niced_with_one_blas_thread(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slipped(monkeypatch, _Sleep())
    seen: dict[str, Any] = {}

    def stop(trainer: Trainer) -> None:
        process = running_child(trainer)
        environ = Path(f"/proc/{process.pid}/environ").read_bytes().split(b"\0")
        seen.update(process=process, environ=environ, nice=os.getpriority(os.PRIO_PROCESS, process.pid))
        trainer.cancel.cancel()
    recorder = Recorder(stop)
    trainer = iris_run(tmp_path, recorder)
    began = time.monotonic()
    summary = trainer.fit()
    assert time.monotonic() - began < 90  # not the child's 120 s
    assert trainer.status == RunOutcome.STOPPED and "baseline" not in summary
    assert not any(isinstance(e, Baseline) for e in recorder.events)
    process = seen["process"]
    assert process.returncode == -signal.SIGKILL and reaped(process.pid)
    assert b"OMP_NUM_THREADS=1" in seen["environ"] and b"OPENBLAS_NUM_THREADS=1" in seen["environ"]
    assert seen["nice"] == os.nice(0) + child.NICE or seen["nice"] == 19


@pytest.mark.usefixtures("cold_children")
def test_a_failing_run_kills_the_child(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slipped(monkeypatch, _Sleep())
    seen: dict[str, Any] = {}

    def fail(trainer: Trainer) -> None:
        seen["process"] = running_child(trainer)
        raise RuntimeError("a callback broke")
    trainer = iris_run(tmp_path, Recorder(fail))
    with pytest.raises(TrainingError):
        trainer.fit()
    assert trainer.status == RunOutcome.FAILED
    assert seen["process"].returncode == -signal.SIGKILL and reaped(seen["process"].pid)


@pytest.mark.usefixtures("cold_children")
def test_a_child_that_dies_leaves_no_baseline_and_a_reason_and_the_run_completes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    slipped(monkeypatch, _Exit())
    recorder = Recorder()
    trainer = iris_run(tmp_path, recorder)
    summary = trainer.fit()
    assert trainer.status == RunOutcome.COMPLETED and "baseline" not in summary
    assert not any(isinstance(e, Baseline) for e in recorder.events)
    assert trainer.baseline.reasons == ["No baseline: its process stopped unexpectedly (exit code 3)."]
    assert reaped(child_of(trainer).pid)


@pytest.mark.usefixtures("cold_children")
def test_a_child_that_cannot_start_leaves_no_baseline_and_a_reason(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def spawn(parent: int) -> Any:
        raise OSError("no processes left")
    monkeypatch.setattr(child, "spawn", spawn)
    trainer = iris_run(tmp_path, Recorder(), epochs=1)
    summary = trainer.fit()
    assert trainer.status == RunOutcome.COMPLETED and "baseline" not in summary
    assert trainer.baseline.reasons == [
        "No baseline: its process could not start (OSError: no processes left)."]


@pytest.mark.usefixtures("cold_children")
def test_a_frozen_app_fits_on_a_thread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    recorder = Recorder()
    trainer = iris_run(tmp_path, recorder, epochs=1)
    summary = trainer.fit()
    assert child_of(trainer) is None and "baseline" in summary
    assert any(isinstance(e, Baseline) for e in recorder.events)


# --- the default (threads) and the window's mode (children, a standby) --------------------------
def standby_child(timeout: float = 30.0) -> Any:
    """The standby, once started (in the background) within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while (process := child.standby()) is None:
        assert time.monotonic() < deadline, "no standby started"
        time.sleep(0.02)
    return process


def test_without_warm_up_a_run_fits_on_a_thread_and_starts_no_child(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def spawn(parent: int) -> Any:
        raise AssertionError("a child started outside the window")
    monkeypatch.setattr(child, "spawn", spawn)
    recorder = Recorder()
    trainer = iris_run(tmp_path, recorder, epochs=1)
    summary = trainer.fit()
    fit = trainer.baseline.fit
    assert fit is not None and fit.in_process and fit.process is None
    assert "baseline" in summary and any(isinstance(e, Baseline) for e in recorder.events)
    assert not child.children_on() and child.standby() is None


def test_after_warm_up_each_run_takes_the_standby_and_a_new_one_waits_for_the_next(tmp_path: Path) -> None:
    began = time.monotonic()
    B.warm_up()
    assert time.monotonic() - began < 1.0  # the standby starts in the background
    assert child.children_on()
    for run in ("first", "second"):
        process = standby_child()
        assert process.poll() is None
        recorder = Recorder()
        trainer = iris_run(tmp_path / run, recorder)
        summary = trainer.fit()
        assert child_of(trainer) is process and reaped(process.pid)  # one fit, then gone
        (event,) = [e for e in recorder.events if isinstance(e, Baseline)]
        assert summary["baseline"] == event.to_summary() and trainer.baseline.reasons == []
        assert standby_child() is not process  # a new one for the next run


def test_two_fits_at_once_get_a_child_each() -> None:
    B.warm_up()
    waiting = standby_child()
    first, second = child.take(), child.take()  # the standby, then one started for the second
    try:
        assert first is waiting and second is not first and second.poll() is None
    finally:
        for process in (first, second):
            child.discard(process)


def test_the_exit_hook_kills_the_standby(monkeypatch: pytest.MonkeyPatch) -> None:
    hooks: list[Any] = []
    monkeypatch.setattr(atexit, "register", hooks.append)
    B.warm_up()
    process = standby_child()
    assert hooks == [child.end_children]
    hooks[0]()
    assert process.returncode == -signal.SIGKILL and reaped(process.pid)
    assert child.standby() is None and not child.children_on()


def test_a_frozen_app_stays_on_threads_after_warm_up(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    B.warm_up()
    time.sleep(0.2)
    assert not child.children_on() and child.standby() is None
