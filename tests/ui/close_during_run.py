"""Trials of closing the window while it trains, each in a process of its own (test_close_during_run.py).

    python tests/ui/close_during_run.py MOMENT DELAY_MS FOLDER

opens the real MainWindow (offscreen) as ``workbench.app`` does, trains a tiny FT-Transformer on iris
with the attention probe on, and closes the window at MOMENT (plus DELAY_MS), as a click on the
close button does, and answers "Stop and close" when the window asks. The exit status is the
app's own; the last line of stdout is a JSON record of the state the run was in when the window
closed and the questions it asked. An error dialog is printed to stderr instead of blocking the
trial.

    python tests/ui/close_during_run.py --serve

does the same for each "MOMENT DELAY_MS FOLDER" line on stdin, in a child forked from a process
that has imported torch, pandas and Qt once (about 3 s saved per trial); the child's stdout and
stderr go to FOLDER/stdout and FOLDER/stderr, and its exit status is printed, one line per trial.
"""

from __future__ import annotations

import dataclasses
import json
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QMessageBox

from workbench.core.events import Progress

MOMENTS = ("preparing", "started", "first-steps", "mid-run", "paused", "stopping", "saving", "evaluating",
           "finished")
STEP_OF = {"first-steps": 2, "mid-run": 80, "paused": 30, "stopping": 30}
SLOW_S = 0.3  # how long a save (or the final evaluation) is held for the "saving"/"evaluating" trials


def _hold(module: Any, name: str, flag: threading.Event) -> None:
    """Make ``module.name`` set ``flag`` and wait a little before doing its work (worker thread)."""
    real = getattr(module, name)

    def held(*args: Any, **kwargs: Any) -> Any:
        flag.set()
        time.sleep(SLOW_S)
        return real(*args, **kwargs)

    setattr(module, name, held)


def main(moment: str, delay_ms: int, folder: Path) -> int:
    """Run the trial; returns the app's exit status."""
    from workbench.app import make_app, run

    if moment not in MOMENTS:
        raise SystemExit(f"unknown moment {moment!r}; one of {', '.join(MOMENTS)}")

    make_app([sys.argv[0]])

    def no_dialog(_parent: Any, title: str, text: str, *_a: Any, **_k: Any) -> QMessageBox.StandardButton:
        print(f"dialog: {title}: {text}", file=sys.stderr, flush=True)
        return QMessageBox.StandardButton.Ok

    QMessageBox.critical = staticmethod(no_dialog)  # type: ignore[method-assign]
    asked: list[str] = []

    def stop_and_close(box: QMessageBox) -> int:
        asked.append(box.text())
        next(b for b in box.buttons() if b.text() == "Stop and close").click()
        return 0

    QMessageBox.exec = stop_and_close  # type: ignore[method-assign]

    from workbench.ui.shell.main_window import MainWindow

    window = MainWindow(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat), folder / "runs")
    window.show()
    record: dict[str, Any] = {"moment": moment, "asked": asked}
    held = threading.Event()
    if moment == "preparing":
        from workbench.core import pipeline

        # Preparing iris takes a few ms once the app's warm-up has imported the optimizer stack:
        # held, so a close 40 ms after Train still lands while the run is being prepared.
        _hold(pipeline, "start_run", held)
    if moment in ("saving", "evaluating"):
        from workbench.core import checkpoint, trainer

        if moment == "saving":
            _hold(checkpoint, "atomic_write_bytes", held)  # inside save_checkpoint, before the write
        else:
            _hold(trainer.Trainer, "summarize", held)

    def close() -> None:
        controller = window.controller
        record.update(state=controller.state, busy=controller.is_busy(),
                      step=window.train_page.progress.value(), held=held.is_set(), run_dir=controller.run_dir)
        window.close()

    def close_soon() -> None:
        QTimer.singleShot(delay_ms, close)

    def on_progress(progress: Progress) -> None:
        step = progress.step
        if moment in STEP_OF and step >= STEP_OF[moment] and "trigger" not in record:
            record["trigger"] = step
            if moment == "paused":
                window.action_map["pause"].trigger()
            elif moment == "stopping":
                window.action_map["stop"].trigger()
            close_soon()

    def watch_held() -> None:
        if held.is_set():
            poll.stop()
            close_soon()

    poll = QTimer()
    poll.setInterval(1)
    poll.timeout.connect(watch_held)

    def ready() -> bool:
        return window.session.analysis is not None and not window.session.is_loading()

    def start() -> None:
        if not ready():
            QTimer.singleShot(20, start)
            return
        cfg = window.session.cfg
        window.session.update("model", dataclasses.replace(cfg.model, kind="ft_transformer", d_model=8,
                                                           n_layers=1, n_heads=2))
        window.session.update("train", dataclasses.replace(
            cfg.train, batch_size=8, log_interval=5, eval_interval=25, max_steps=40 if moment in (
                "evaluating", "finished") else 100_000))
        controller = window.controller
        controller.sig_progress.connect(on_progress)
        controller.sig_started.connect(lambda _started: close_soon() if moment == "started" else None)
        controller.sig_ended.connect(lambda _ended: close_soon() if moment == "finished" else None)
        window.start_training()
        if moment == "preparing":
            close_soon()
        elif moment in ("saving", "evaluating"):
            poll.start()

    window.open_example("iris")
    QTimer.singleShot(0, start)
    code = run(window)  # the app's own event loop and exit path
    print(json.dumps(record), flush=True)
    return code


def serve() -> int:
    """The fork server: one trial per line of stdin, each in a forked child; prints exit statuses."""
    # The slow imports, done once before forking, among them those torch and pandas do on first use.
    import torch._dynamo  # noqa: F401 - imported by the first optimizer

    import workbench.core.probe
    import workbench.ui.pages.attention_view
    import workbench.ui.pages.results_page
    import workbench.ui.pages.train_page
    import workbench.ui.shell.main_window  # noqa: F401 - imported for the children to inherit
    from workbench.core.config import DataConfig
    from workbench.core.data.analysis import analyse
    from workbench.core.data.loading import load_file

    analyse(load_file(Path(__file__).resolve().parents[2] / "resources" / "datasets" / "iris.csv"),
            DataConfig())

    for line in sys.stdin:
        moment, delay_ms, folder = line.split()
        pid = os.fork()
        if pid == 0:  # the trial: a process like any other from here on, exit included
            for fd, name in ((1, "stdout"), (2, "stderr")):
                os.dup2(os.open(Path(folder) / name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC), fd)
            raise SystemExit(main(moment, int(delay_ms), Path(folder)))
        _, status = os.waitpid(pid, 0)
        print(os.waitstatus_to_exitcode(status), flush=True)
    return 0


if __name__ == "__main__":
    if sys.argv[1:] == ["--serve"]:
        sys.exit(serve())
    sys.exit(main(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])))
