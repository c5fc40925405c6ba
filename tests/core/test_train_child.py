"""A run in a child process (``core.train_child``), without the window: the messages a run sends
and their order, Stop and a closed pipe stop it with a checkpoint, the child runs niced, the mode
switch and its standby, and the switches that keep runs on threads."""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path
from typing import Any

import pytest

from workbench.core import config as C
from workbench.core import train_child
from workbench.core.train_child import warm_up  # the real one, whatever the window tests' conftest does

ROOT = Path(__file__).resolve().parents[2]


def iris(steps: int) -> C.RunConfig:
    cfg = C.load(ROOT / "resources" / "examples" / "iris.toml")
    cfg.train.max_steps = steps
    cfg.train.num_threads = 1
    cfg.train.baseline = False
    cfg.train.checkpoint_interval = 10
    cfg.train.early_stopping_patience = 0
    return cfg


class Messages:
    """What a child sent, and an event set once it has exited."""

    def __init__(self) -> None:
        self.items: list[tuple[Any, ...]] = []
        self.exited = threading.Event()
        self.started = threading.Event()

    def __call__(self, message: tuple[Any, ...]) -> None:
        self.items.append(message)
        if message[0] == "started":
            self.started.set()
        if message[0] == "exit":
            self.exited.set()

    def kinds(self) -> list[str]:
        return [m[0] for m in self.items]


def run(cfg: C.RunConfig, out: Path) -> tuple[train_child.TrainingProcess, Messages]:
    messages = Messages()
    job = {"cfg": cfg, "out_root": str(out), "probe": None, "copy_folder": ""}
    process = train_child.TrainingProcess(job, messages)
    process.start()
    return process, messages


def test_a_run_sends_its_settings_start_points_and_end_in_order_and_exits(tmp_path: Path) -> None:
    process, messages = run(iris(30), tmp_path)
    assert messages.exited.wait(120), messages.kinds()
    kinds = messages.kinds()
    assert kinds[:2] == ["run_config", "started"] and kinds[-2:] == ["ended", "exit"]
    assert messages.items[-1][1] == 0 and "failed" not in kinds
    steps = [p.step for m in messages.items if m[0] == "batch" for p in m[1] if hasattr(p, "loss")]
    assert steps == sorted(steps) and steps[-1] == 30
    ended = messages.items[-2][1]
    assert ended.summary["status"] == "completed"
    [folder] = list(tmp_path.iterdir())
    assert (folder / "checkpoints" / "latest.safetensors").exists()
    assert process.process is not None and process.process.poll() is not None  # reaped


def test_stop_and_a_closed_pipe_each_stop_the_run_with_its_checkpoint(tmp_path: Path) -> None:
    for how in ("stop", "close"):
        out = tmp_path / how
        out.mkdir()
        process, messages = run(iris(1_000_000), out)
        assert messages.started.wait(120), messages.kinds()
        assert process.process is not None
        if hasattr(os, "getpriority"):  # lowered from the start, relative to this process
            want = min(19, os.getpriority(os.PRIO_PROCESS, 0) + train_child.NICE)
            assert os.getpriority(os.PRIO_PROCESS, process.process.pid) == want
        if how == "stop":
            process.send("stop")
        else:
            assert process.process.stdin is not None
            process.process.stdin.close()  # the app has gone
        assert messages.exited.wait(60), messages.kinds()
        ended = next(m[1] for m in messages.items if m[0] == "ended")
        assert ended.summary["status"] == "stopped"
        [folder] = list(out.iterdir())
        assert (folder / "checkpoints" / "latest.safetensors").exists()


def test_a_child_killed_mid_run_says_so_and_the_run_folder_stays(tmp_path: Path) -> None:
    process, messages = run(iris(1_000_000), tmp_path)
    assert messages.started.wait(120)
    assert process.process is not None
    process.kill()
    assert messages.exited.wait(30)
    failed = next(m for m in messages.items if m[0] == "failed")
    assert "stopped unexpectedly" in failed[1] and failed[2] is None
    assert messages.kinds()[-1] == "exit" and len(list(tmp_path.iterdir())) == 1


def test_warm_up_keeps_a_standby_and_each_take_leaves_a_new_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WORKBENCH_TRAIN_IN_THREAD", raising=False)
    try:
        assert warm_up() and train_child.children_on()
        threading.Event().wait(0.5)
        first = train_child.standby()
        assert first is not None
        taken = train_child.take()
        assert taken is first
        for _ in range(100):
            if train_child.standby() is not None:
                break
            threading.Event().wait(0.1)
        assert train_child.standby() not in (None, first)
        train_child.discard(taken)
    finally:
        train_child.use_threads()
    assert not train_child.children_on() and train_child.standby() is None


def test_runs_stay_on_threads_when_switched_off_or_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("WORKBENCH_TRAIN_IN_THREAD", "1")
    assert not warm_up() and not train_child.children_on()
    monkeypatch.delenv("WORKBENCH_TRAIN_IN_THREAD")
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    assert not warm_up() and not train_child.children_on()


def test_a_standby_the_app_lets_go_of_exits_quietly() -> None:
    child = train_child.spawn(os.getpid())
    assert child.stdin is not None
    child.stdin.close()
    assert child.wait(120) == 0
    assert child.stdout is not None and child.stdout.read() == b""  # nothing but messages, and none
    child.stdout.close()
