"""Render each screen of the app to docs/screenshots/*.png by driving the real window offscreen.

    python scripts/screenshots.py [--out docs/screenshots]

Runs are tiny (a few hundred steps) and go to a temporary folder; the whole script takes
about a minute on a laptop CPU.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a file

from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtWidgets import QApplication

from workbench.app import make_app
from workbench.ui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]

SIZE = (1280, 800)


def wait_until(app: QApplication, condition: Callable[[], bool], timeout: float, what: str) -> None:
    """Process events until ``condition()`` holds; fail loudly after ``timeout`` seconds."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError(f"timed out waiting for {what}")
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def settle(app: QApplication, seconds: float = 0.4) -> None:
    """Let timers (chart redraws, debounced estimates) run."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)


def tune(window: MainWindow, **sections: dict) -> None:
    """Override fields of the window's config sections."""
    for section, values in sections.items():
        window.session.update(section, dataclasses.replace(getattr(window.session.cfg, section), **values))


class Shooter:
    """Opens examples, trains, and saves the window as PNGs."""

    def __init__(self, app: QApplication, window: MainWindow, out: Path) -> None:
        self.app, self.window, self.out = app, window, out

    def shot(self, name: str, page: str) -> None:
        self.window.go_to(page)
        settle(self.app)
        path = self.out / f"{name}.png"
        self.window.grab().save(str(path))
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    def attention(self, name: str, example: int | None = None, text: str = "",
                  head: tuple[int, int] | None = None) -> None:
        """Shoot the Inspect tab on typed text, or a validation example (default: the shortest)."""
        view = self.window.attention
        self.window.show_attention()
        wait_until(self.app, lambda: view.display.shown is not None, 30, "the attention view")
        if text:
            view.inputs.text.setText(text)
            view.inputs.button.click()
            wait_until(self.app, lambda: view.inputs.status.text().startswith("Using"), 60, "typed attention")
        elif example is not None:
            view.inputs.examples.setCurrentIndex(example)
        else:  # the shortest validation example: big cells, every token labelled
            lengths = [len(e.tokens) for e in view.store.meta.examples]
            view.inputs.examples.setCurrentIndex(lengths.index(min(lengths)))
        if head is not None:
            view.display.select_head(*head)
        self.shot(name, "results")

    def open_example(self, name: str) -> None:
        session = self.window.session
        self.window.open_example(name)
        wait_until(self.app, lambda: session.analysis is not None and not session.is_loading(), 30,
                   f"the {name} example to load")

    def train(self, what: str) -> dict:
        finished: list[Any] = []
        failed: list[str] = []

        def on_failed(message: str, _ended: Any) -> None:
            failed.append(message)

        controller = self.window.controller
        controller.sig_ended.connect(finished.append)
        controller.sig_failed.connect(on_failed)
        self.window.start_training()
        wait_until(self.app, lambda: (finished or failed) and self.window.state() == "idle", 90, what)
        controller.sig_ended.disconnect(finished.append)
        controller.sig_failed.disconnect(on_failed)
        if failed:
            raise RuntimeError(f"{what} failed: {failed[0]}")
        return finished[0].summary


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots; returns 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    app = make_app([sys.argv[0]])  # names, fonts and the scheduling policy, as the app has them
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings, runs_dir=Path(tmp) / "runs")
        window.resize(*SIZE)
        window.show()
        s = Shooter(app, window, args.out)

        s.open_example("chinese-reviews")
        s.shot("data-chinese-reviews", "data")

        s.open_example("movie-reviews")
        s.shot("data-movie-reviews", "data")
        window.model_page.apply_preset("Tiny")
        wait_until(app, lambda: window.model_page.last_estimate is not None, 30, "the size estimate")
        s.shot("model", "model")
        tune(window, model={"d_model": 48, "n_heads": 4, "dropout": 0.2},
             optim={"lr": 2e-3, "warmup_steps": 20},
             train={"epochs": 2, "eval_interval": 20, "log_interval": 2})
        s.train("the movie-reviews run")
        s.shot("train", "train")
        s.shot("results-confusion", "results")
        box = window.results_page.try_it
        box.input.setText("a warm, funny and moving film")
        wait_until(app, lambda: box.prediction.text().startswith("→"), 30, "a prediction")
        window.results_page.tabs.setCurrentWidget(box)
        s.shot("results-try-it", "results")
        s.attention("attention-movie-reviews", head=(0, 1))

        s.open_example("chinese-reviews")
        tune(window, model={"d_model": 48, "n_layers": 2, "n_heads": 4, "dropout": 0.2},
             optim={"lr": 2e-3, "warmup_steps": 20},
             train={"epochs": 1, "eval_interval": 40, "log_interval": 5})
        s.train("the Chinese-reviews run")
        s.attention("attention-chinese-reviews", text="这本书写得非常好，故事感人，值得一读。", head=(1, 0))

        s.open_example("shakespeare")
        tune(window, model={"d_model": 64, "n_layers": 2, "n_heads": 4, "block_size": 64},
             optim={"warmup_steps": 30, "lr": 3e-3},
             train={"max_steps": 400, "eval_interval": 100, "eval_batches": 4, "sample_length": 120},
             data={"val_fraction": 0.02})
        s.train("the Shakespeare run")
        s.shot("train-lm", "train")
        gen = window.results_page.generate
        gen.prompt.setText("ROMEO:")
        gen.length.setValue(300)
        gen.generate()
        wait_until(app, lambda: gen.output.toPlainText().startswith("ROMEO:"), 60, "generated text")
        s.shot("results-lm", "results")
        s.attention("attention-shakespeare", example=3, head=(1, 2))
        window.close()
    print(f"done in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
