"""Render each screen of the app to docs/screenshots/*.png by driving the real window offscreen.

    python scripts/screenshots.py [--out docs/screenshots] [--only NAME[,NAME]] [--language zh_CN]

Runs are tiny (a few hundred steps, seeded) and go to a temporary folder; the whole script takes
a minute or two on a laptop CPU. ``--only`` renders some screens, named as their files are
(``--only data-preflight,try-it-table``); it still runs whatever those screens need, such as a run.
``--language zh_CN`` renders the interface in Simplified Chinese, each file named with ``-zh_CN``.
"""

from __future__ import annotations

import argparse
import csv
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

import numpy as np
from PySide6.QtCore import QEventLoop, QSettings
from PySide6.QtWidgets import QApplication

from workbench.app import make_app
from workbench.core.config import DataConfig, RunConfig
from workbench.ui.i18n import install_language, translate
from workbench.ui.shell.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[1]
TABLES = ROOT / "tests" / "data" / "tables"

SIZE = (1280, 800)
SMALL_SIZE = (1024, 720)  # the smallest window the layout is made for


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
    """Opens examples and tables, trains, and saves the window as PNGs (those in ``wanted``)."""

    def __init__(self, app: QApplication, window: MainWindow, out: Path, wanted: set[str], tmp: Path,
                 suffix: str = "") -> None:
        self.app, self.window, self.out, self.wanted, self.tmp = app, window, out, wanted, tmp
        self.suffix = suffix  # of each file name: "-zh_CN" for the Chinese interface
        self.written: set[str] = set()

    def shot(self, name: str, page: str) -> None:
        if name not in self.wanted:
            return
        self.window.go_to(page)
        settle(self.app)
        path = self.out / f"{name}{self.suffix}.png"
        self.window.grab().save(str(path))
        self.written.add(name)
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")

    def attention(self, name: str, example: int | None = None, text: str = "",
                  head: tuple[int, int] | None = None) -> None:
        """Shoot the Inspect tab on typed text, or a validation example (default: the shortest)."""
        if name not in self.wanted:
            return
        view = self.window.attention
        self.window.show_attention()
        wait_until(self.app, lambda: view.display.shown is not None, 30, "the attention view")
        if text:
            view.inputs.text.setText(text)
            view.inputs.button.click()
            using = translate("AttentionView", "Using {source}.").split("{source}")[0]  # in any language
            wait_until(self.app, lambda: view.inputs.status.text().startswith(using), 60, "typed attention")
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

    def open_table(self, path: Path, name: str = "", **data: Any) -> None:
        """Open a table on a fresh setup, nothing left from the screen before: as a new file does
        (everything guessed), or with ``data`` settings and the run ``name`` when given."""
        session = self.window.session
        session.set_config(RunConfig(name=name or path.stem))
        if data:
            session.open_data(path, settings=DataConfig(path=str(path), **data))
        else:
            self.window.open_path(path)
        wait_until(self.app, lambda: session.analysis is not None and not session.is_busy(), 60,
                   f"{path.name} to load and be analysed")

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


# The screens, in the order they run: (the PNGs a screen writes, the function that writes them).
Screen = Callable[[Shooter], None]
SCREENS: list[tuple[tuple[str, ...], Screen]] = []


def screen(*names: str) -> Callable[[Screen], Screen]:
    """Register the decorated function as the one that writes ``names``."""
    def register(fn: Screen) -> Screen:
        SCREENS.append((names, fn))
        return fn
    return register


@screen("welcome-1024")
def welcome(s: Shooter) -> None:
    # First: the only moment the window has no data.
    s.window.resize(*SMALL_SIZE)
    s.shot("welcome-1024", "data")
    s.window.resize(*SIZE)


@screen("data-chinese-reviews")
def chinese_data(s: Shooter) -> None:
    s.open_example("chinese-reviews")
    s.shot("data-chinese-reviews", "data")


@screen("data-movie-reviews", "model", "train", "results-confusion", "results-try-it",
        "attention-movie-reviews")
def movie_reviews(s: Shooter) -> None:
    window, app = s.window, s.app
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


@screen("train-chinese-reviews", "attention-chinese-reviews")
def chinese_run(s: Shooter) -> None:
    s.open_example("chinese-reviews")
    tune(s.window, model={"d_model": 48, "n_layers": 2, "n_heads": 4, "dropout": 0.2},
         optim={"lr": 2e-3, "warmup_steps": 20},
         train={"epochs": 1, "eval_interval": 40, "log_interval": 5})
    s.train("the Chinese-reviews run")
    s.shot("train-chinese-reviews", "train")
    s.attention("attention-chinese-reviews", text="这本书写得非常好，故事感人，值得一读。", head=(1, 0))


@screen("train-lm", "results-lm", "attention-shakespeare")
def shakespeare(s: Shooter) -> None:
    s.open_example("shakespeare")
    tune(s.window, model={"d_model": 64, "n_layers": 2, "n_heads": 4, "block_size": 64},
         optim={"warmup_steps": 30, "lr": 3e-3},
         train={"max_steps": 400, "eval_interval": 100, "eval_batches": 4, "sample_length": 120},
         data={"val_fraction": 0.02})
    s.train("the Shakespeare run")
    s.shot("train-lm", "train")
    gen = s.window.results_page.generate
    gen.prompt.setText("ROMEO:")
    gen.knobs.length.setValue(300)
    gen.generate()
    wait_until(s.app, lambda: gen.output.toPlainText().startswith("ROMEO:"), 60, "generated text")
    s.shot("results-lm", "results")
    s.attention("attention-shakespeare", example=3, head=(1, 2))


@screen("data-asks-target")
def asks_target(s: Shooter) -> None:
    s.open_table(TABLES / "credit_data.csv")
    if not s.window.session.needs_target():
        raise RuntimeError("credit_data.csv no longer asks what to predict: pick another table")
    s.shot("data-asks-target", "data")


@screen("data-preflight")
def preflight(s: Shooter) -> None:
    s.open_table(TABLES / "Smarket.csv")
    analysis = s.window.session.analysis
    if not any(c.code == "leak" and c.column == "Today" for c in analysis.warnings):
        raise RuntimeError("Smarket.csv no longer warns that 'Today' gives the answer away")
    s.shot("data-preflight", "data")


@screen("health-overfitting")
def overfitting(s: Shooter) -> None:
    # Ten features of noise and a label that hangs on one of them, with noise of its own: a wide
    # network learns the 48 training rows by heart within a few epochs.
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 10))
    labels = np.where(x[:, 0] + rng.normal(size=80) > 0, "yes", "no")
    path = s.tmp / "noisy.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow([*(f"f{i}" for i in range(10)), "label"])
        writer.writerows([*map(float, row), label] for row, label in zip(x, labels, strict=True))
    s.open_table(path, name="noisy", target="label", val_fraction=0.3, test_fraction=0.1)
    tune(s.window, model={"kind": "mlp", "hidden": [128, 128], "dropout": 0.0},
         optim={"lr": 3e-3, "schedule": "constant", "weight_decay": 0.0, "warmup_steps": 0},
         train={"epochs": 60, "eval_interval": 4, "log_interval": 2, "batch_size": 16, "device": "cpu",
                "num_threads": 1})
    s.train("the overfitting run")
    codes = [w.code for w in s.window.train_page.health.warnings()]
    if codes != ["overfitting"]:  # the one banner the caption promises, and room for the chart
        raise RuntimeError(f"the noisy run should warn of overfitting alone, not of {codes}")
    s.shot("health-overfitting", "train")


@screen("results-regression")
def regression(s: Shooter) -> None:
    s.open_table(TABLES / "concrete.csv", name="concrete-strength", task="regression",
                 target="compressive_strength", val_fraction=0.15, test_fraction=0.2)
    tune(s.window, model={"kind": "mlp", "hidden": [64, 32], "dropout": 0.0},
         optim={"lr": 3e-3, "warmup_steps": 0},
         train={"epochs": 40, "batch_size": 32, "eval_interval": 0, "log_interval": 5, "device": "cpu",
                "num_threads": 1})
    s.train("the concrete run")
    s.shot("results-regression", "results")


@screen("try-it-table")
def table_try_it(s: Shooter) -> None:
    s.open_table(ROOT / "resources" / "datasets" / "penguins.csv", name="penguins",
                 task="tabular_classification", target="species", val_fraction=0.2, test_fraction=0.2)
    tune(s.window, model={"kind": "mlp", "hidden": [64, 32], "dropout": 0.1},
         optim={"lr": 3e-3, "warmup_steps": 0},
         train={"epochs": 30, "batch_size": 32, "eval_interval": 0, "log_interval": 2, "device": "cpu",
                "num_threads": 1})
    s.train("the penguins run")
    page = s.window.results_page
    page.tabs.setCurrentWidget(page.try_table)
    wait_until(s.app, lambda: page.try_table.prediction.text().startswith("→"), 30, "a table prediction")
    s.shot("try-it-table", "results")


def main(argv: list[str] | None = None) -> int:
    """Write the screenshots; returns 0."""
    names = [name for screen_names, _ in SCREENS for name in screen_names]
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--only", default="", metavar="NAME[,NAME]",
                        help=f"render only these screenshots, of: {', '.join(names)}")
    parser.add_argument("--language", default="en", choices=("en", "zh_CN"),
                        help="the interface's language (default English)")
    args = parser.parse_args(argv)
    wanted = {n.strip().removesuffix(".png") for n in args.only.split(",") if n.strip()} or set(names)
    unknown = sorted(wanted - set(names))
    if unknown:
        parser.error(f"no screenshot named {', '.join(unknown)}; there are: {', '.join(names)}")
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    app = make_app([sys.argv[0]])  # names, fonts and the scheduling policy, as the app has them
    if install_language(args.language) != args.language:
        raise RuntimeError(f"the {args.language} translations did not load")
    with tempfile.TemporaryDirectory() as tmp:
        settings = QSettings(str(Path(tmp) / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings, runs_dir=Path(tmp) / "runs")
        window.resize(*SIZE)
        window.show()
        suffix = "" if args.language == "en" else f"-{args.language}"
        s = Shooter(app, window, args.out, wanted, Path(tmp), suffix)
        for screen_names, write in SCREENS:
            if wanted.intersection(screen_names):
                write(s)
        window.close()
    missing = sorted(wanted - s.written)
    if missing:  # a screen that names a PNG it does not write
        raise RuntimeError(f"not written: {', '.join(missing)}")
    print(f"done in {time.monotonic() - start:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
