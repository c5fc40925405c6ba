"""*Run → Run on a cluster…* (issue 17): the setup is saved and the exact torchrun command for N
processes on M machines is shown and copied."""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog

from workbench.core import config as C
from workbench.ui.shell import cluster
from workbench.ui.shell.main_window import MainWindow


def test_run_on_a_cluster_saves_the_setup_and_copies_the_command(
        window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, qtbot: Any) -> None:
    target = tmp_path / "my setup.toml"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *_a, **_k: (str(target), "")))
    action = window.findChild(type(window.menuBar().actions()[0]), "run-on-cluster")
    assert action is not None and "cluster" in action.text()
    dialog = cluster.ask(window)
    assert dialog is not None
    qtbot.addWidget(dialog)
    assert C.load(target).name == window.session.cfg.name  # the setup, saved where asked
    one = shlex.split(QGuiApplication.clipboard().text())
    assert one[:3] == ["torchrun", "--nproc-per-node=2", "--standalone"]
    assert one[-5:] == ["workbench", "train", str(target), "--out", str(window.runs_dir)]
    dialog.nnodes.setValue(2)
    dialog.endpoint.setText("10.0.0.1:29500")
    lines = [line for line in QGuiApplication.clipboard().text().splitlines() if line.startswith("torchrun")]
    assert len(lines) == 2
    for rank, line in enumerate(lines):
        wanted = {f"--node-rank={rank}", "--nnodes=2", "--rdzv-endpoint=10.0.0.1:29500"}
        assert wanted <= set(shlex.split(line))


def test_an_opened_run_still_being_written_is_followed_until_its_summary(
        window: MainWindow, tmp_path: Path, qtbot: Any) -> None:
    from workbench import cli
    from workbench.ui.shell.run_follow import RunFollower

    config = Path(__file__).resolve().parents[2] / "resources" / "examples" / "iris.toml"
    assert cli.main(["train", str(config), "--out", str(tmp_path / "runs"), "--quiet", "--no-attention",
                     "--set", "train.max_steps=6", "--set", "train.log_interval=1", "--set",
                     "train.num_threads=1", "--set", "train.baseline=false"]) == 0
    run = next((tmp_path / "runs").iterdir())
    # The run as a cluster's rank 0 has written it so far: two steps, no summary yet.
    metrics, summary = run / "metrics.jsonl", run / "summary.json"
    lines, ended = metrics.read_text().splitlines(keepends=True), summary.read_bytes()
    summary.unlink()
    metrics.write_text("".join(lines[:2]))
    window.open_run(run)
    page = window.train_page
    qtbot.waitUntil(lambda: page.progress.value() == 2, timeout=10000)
    follower = window.findChild(RunFollower, "run-follower")
    assert follower is not None and follower.timer.isActive()
    metrics.write_text("".join(lines))  # more steps arrive
    follower.check()
    qtbot.waitUntil(lambda: page.progress.value() == 6, timeout=10000)
    assert follower.timer.isActive()
    summary.write_bytes(ended)  # the run ends
    follower.check()
    qtbot.waitUntil(lambda: not follower.timer.isActive(), timeout=10000)
