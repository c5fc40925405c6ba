"""The Inspect view: live snapshots during a run, the timeline, typed input, long inputs, export.

Runs are tiny (width 16, a few dozen steps on slices of the bundled datasets) and are made once
per module with the core pipeline; the live test drives the real window and waits only on
GUI-thread signals.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
import torch
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QProgressBar

from window_steps import open_example, point_at, tune
from workbench.core import config as C
from workbench.core.attention_maps import WINDOW
from workbench.core.explain import inspect_input
from workbench.core.pipeline import LoadedRun, start_run
from workbench.core.probe import AttentionProbe
from workbench.core.snapshots import max_row_error
from workbench.core.tokenizers import fit_tokenizer
from workbench.ui.pages.attention_view import AttentionView
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.widgets.background import Background
from workbench.ui.widgets.heatmap import to_indices
from workbench.ui.widgets.playground import RunCache

DATASETS = Path(__file__).resolve().parents[2] / "resources" / "datasets"
TINY = {"d_model": 16, "n_layers": 2, "n_heads": 2, "dropout": 0.1}


pytestmark = pytest.mark.usefixtures("one_thread")  # tiny models: one torch thread


def _train(root: Path, name: str, data: dict, model: dict, **train: Any) -> str:
    cfg = C.from_dict({"name": name, "data": data, "model": {**TINY, **model}, "optim": {"lr": 3e-3},
                       "train": {"device": "cpu", "batch_size": 16, "max_steps": 30, "eval_interval": 15,
                                 "sample_length": 0, **train}})
    trainer = start_run(cfg, root, callbacks=[AttentionProbe(every=5)])
    trainer.fit()
    return str(trainer.run_dir.path)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Finished runs with snapshots every 5 steps: a text classifier, a GPT and an FT-Transformer."""
    root = tmp_path_factory.mktemp("runs")
    rt = root / "rt.csv"
    pd.read_csv(DATASETS / "rt_polarity.csv").sample(300, random_state=0).to_csv(rt, index=False)
    lm = root / "lm.txt"
    lm.write_text((DATASETS / "shakespeare_1mb.txt").read_text(encoding="utf-8")[:6000], encoding="utf-8")
    return {
        "text": _train(root, "text", {"path": str(rt), "target": "label", "text_column": "text",
                                      "max_length": 24}, {"kind": "transformer", "pooling": "cls"}),
        "lm": _train(root, "lm", {"path": str(lm), "tokenizer": "char", "lowercase": False,
                                  "test_fraction": 0.0}, {"kind": "gpt", "block_size": 24},
                     batch_size=4, eval_batches=2),
        "table": _train(root, "table", {"path": str(DATASETS / "iris.csv"), "target": "species"},
                        {"kind": "ft_transformer"}),
    }


def summary(run_dir: str) -> dict:
    return json.loads((Path(run_dir) / "summary.json").read_text(encoding="utf-8"))


@pytest.fixture
def cache(background: Background) -> RunCache:
    """The loaded-model cache the Results page shares with its attention tab (and resets)."""
    return RunCache(background)


@pytest.fixture
def view(qtbot: Any, background: Background, cache: RunCache) -> AttentionView:
    widget = AttentionView(background, cache)
    qtbot.addWidget(widget)
    widget.resize(1100, 640)
    widget.show()
    return widget


def opened(view: AttentionView, cache: RunCache, qtbot: Any, run_dir: str) -> AttentionView:
    """Show ``run_dir`` as the Results page does: its checkpoint in the cache, then the view."""
    cache.reset(run_dir)
    view.show_run(run_dir, summary(run_dir))
    qtbot.waitUntil(lambda: view.display.shown is not None, timeout=10000)
    return view


def rows_sum_to_one(att: np.ndarray, tolerance: float) -> bool:
    return bool(np.abs(att.sum(axis=-1) - 1).max() <= tolerance)


# --- live ------------------------------------------------------------------------------------
def test_a_snapshot_arrives_during_a_tiny_run_and_try_it_uses_a_copy(window: MainWindow, qtbot: Any) -> None:
    open_example(window, qtbot, "movie-reviews")
    tune(window, model={"d_model": 16, "n_layers": 1, "n_heads": 2},
         train={"max_steps": 100000, "log_interval": 5})
    view = window.attention
    with qtbot.waitSignal(window.controller.sig_snapshot, timeout=30000):
        window.start_training()
    qtbot.waitUntil(lambda: view.has_snapshots(), timeout=5000)
    assert view.display.shown is None  # hidden behind the Train page: drawn when it is shown
    assert window.results_page.tabs.isTabVisible(window.results_page.tabs.indexOf(view))
    assert window.train_page.inspect_button.isVisibleTo(window.train_page)
    window.train_page.inspect_button.click()
    assert window.current_page() == "results" and window.results_page.tabs.currentWidget() is view
    qtbot.waitUntil(lambda: view.display.shown is not None, timeout=5000)
    shown = view.display.shown
    assert shown.readout == "mean" and shown.att.shape[:2] == (1, 2)
    assert rows_sum_to_one(shown.att, max_row_error(len(shown.tokens)))
    view.inputs.text.setText("a warm , funny and moving film")
    view.inputs.button.click()  # runs on the probe's copy while training goes on
    qtbot.waitUntil(lambda: view.inputs.prediction.text().startswith("→"), timeout=10000)
    assert view.inputs.status.text().startswith("Using the weights at step")
    assert view.example == -1 and view.display.shown.tokens[0] == "a"
    assert window.controller.state == "running"
    with qtbot.waitSignal(window.controller.sig_ended, timeout=30000):
        window.stop_training()
    qtbot.waitUntil(lambda: window.state() == "idle", timeout=10000)
    steps = view.store.steps()
    assert steps[0] == 0 and len(steps) >= 2 and view.has_snapshots()
    window.train_page.plots.sig_step_clicked.emit(1)  # a click on the loss curve near the start
    assert view.step == 0 and window.results_page.tabs.currentWidget() is view
    assert (Path(window.controller.run_dir) / "attention" / "index.json").exists()


# --- a finished run ----------------------------------------------------------------------------
def test_timeline_scrubbing_changes_the_displayed_matrix(view: AttentionView, cache: RunCache, qtbot: Any,
                                                         runs: dict[str, str]) -> None:
    opened(view, cache, qtbot, runs["text"])
    steps = view.store.steps()
    assert steps == [0, 5, 10, 15, 20, 25, 30] and view.step == 30
    assert view.timeline.maximum() == 6 and view.timeline.value() == 6
    last = view.display.matrix().copy()
    view.timeline.setValue(0)
    assert view.step == 0 and "step 0 (snapshot 1 of 7)" in view.timeline_label.text()
    first = view.display.matrix()
    assert first.shape == last.shape and not np.array_equal(first, last)
    assert view.inputs.prediction.text().startswith("At step 0")
    assert view.jump_to_step(12) and view.step == 10 and view.timeline.value() == 2
    view.inputs.examples.setCurrentIndex(1)  # another example at the same step
    assert view.example == 1 and view.step == 10
    assert view.display.shown.tokens == view.store.meta.examples[1].tokens


def test_typed_input_gives_a_prediction_and_rows_summing_to_one(view: AttentionView, cache: RunCache,
                                                                qtbot: Any, runs: dict[str, str]) -> None:
    opened(view, cache, qtbot, runs["text"])
    view.inputs.text.setText("the best film of the year")
    view.inputs.button.click()
    qtbot.waitUntil(lambda: view.inputs.prediction.text().startswith("→"), timeout=10000)
    assert "best checkpoint" in view.inputs.status.text()
    shown = view.display.shown
    assert shown.tokens[:3] == ["[CLS]", "the", "best"] and view.example == -1
    assert np.allclose(shown.att.sum(axis=-1), 1, atol=1e-5)
    assert np.allclose(view.display.matrix().sum(axis=-1), 1, atol=1e-5)
    bars = view.inputs.findChildren(QProgressBar)  # one per class, as shown
    assert len(bars) == 2 and sum(bar.value() for bar in bars) == pytest.approx(1000, abs=2)
    strip = view.display.strip
    assert strip.tokens[1] == "the" and strip.scores.sum() == pytest.approx(1, abs=1e-5)
    assert not view.timeline.isEnabled() and view.timeline_label.text() == "your text"


def test_switching_head_updates_the_big_view(view: AttentionView, cache: RunCache, qtbot: Any,
                                             runs: dict[str, str]) -> None:
    opened(view, cache, qtbot, runs["text"])
    display = view.display
    att = display.shown.att
    assert display.heatmap.image.image.shape == att.shape[2:]
    display.grid.sig_selected.emit(1, 1)
    assert (display.layer, display.head) == (1, 1) and display.grid.selected == (1, 1)
    np.testing.assert_array_equal(display.heatmap.image.image,
                                  to_indices(att[1, 1], causal=False, scale=display.scale))
    assert display.layer_box.value() == 2 and display.head_box.value() == 2
    display.head_box.setValue(1)
    np.testing.assert_array_equal(display.matrix(), att[1, 0])
    assert "layer 2, head 1" == display.heatmap.caption
    heatmap = display.heatmap
    heatmap.reset_view()
    view.grab()
    qtbot.wait(50)  # layout and range changes the paint queued are done: the point maps where it lands
    point_at(qtbot, heatmap.viewbox, heatmap.viewbox.mapViewToScene(QPointF(2.5, 1.5)))
    tokens = display.shown.tokens
    assert heatmap.readout.text() == (f"layer 2, head 1  ·  ‘{tokens[1]}’ (#2) → ‘{tokens[2]}’ (#3): "
                                      f"weight ≈ {att[1, 0, 1, 2]:.4f}")


def test_the_mailbox_keeps_only_the_newest_snapshot() -> None:
    from workbench.ui.shell.controller import _Mailbox

    calls: list[int] = []
    box = _Mailbox(lambda: calls.append(1))
    for item in ("a", "b", "c"):
        box.put(item)
    assert calls == [1] and box.take() == "c" and box.take() is None
    box.put("d")
    assert calls == [1, 1]


def test_a_language_model_shows_the_causal_triangle_and_writes(view: AttentionView, cache: RunCache,
                                                               qtbot: Any, runs: dict[str, str]) -> None:
    opened(view, cache, qtbot, runs["lm"])
    display = view.display
    image = display.heatmap.image.image
    assert display.shown.readout == "causal" and (image[np.triu_indices(image.shape[0], 1)] == 255).all()
    assert view.inputs.knobs.isVisibleTo(view) and view.inputs.button.text() == "Write"
    view.inputs.text.setText("ROMEO:")
    view.inputs.knobs.length.setValue(30)
    view.inputs.button.click()
    qtbot.waitUntil(lambda: view.inputs.generated.toPlainText().startswith("ROMEO:"), timeout=10000)
    assert len(display.shown.tokens) == 24  # the last context window: prompt and 30 new characters
    display.heatmap.sig_query_clicked.emit(3)  # the strip now reads that token's row
    assert display.strip.marked == 3
    np.testing.assert_allclose(display.strip.scores, display.shown.att.mean(axis=(0, 1))[3], atol=1e-6)


def test_a_table_model_shows_feature_bars(view: AttentionView, cache: RunCache, qtbot: Any,
                                          runs: dict[str, str]) -> None:
    opened(view, cache, qtbot, runs["table"])
    display = view.display
    assert display.bars.isVisibleTo(view) and not display.strip_scroll.isVisibleTo(view)
    assert display.shown.tokens[-1] == "[CLS]" and display.bars.values.shape == (4,)
    assert not view.inputs.text.isVisibleTo(view)  # tables are picked from the examples, not typed
    assert view.inputs.prediction.text().startswith("At step 30 the model says →")


# --- long inputs and export ----------------------------------------------------------------------
def _long_text_run(n_words: int) -> LoadedRun:
    spec = type("Spec", (), {"task": "text_classification", "vocab_size": 0, "max_length": 1024,
                             "classes": ["neg", "pos"], "is_classification": True})()
    tokenizer = fit_tokenizer("word", [" ".join(f"w{i}" for i in range(n_words))], 2000)
    spec.vocab_size = tokenizer.vocab_size
    from workbench.core.models import build_model

    cfg = C.RunConfig()
    cfg.model = dataclasses.replace(cfg.model, kind="transformer", d_model=16, n_layers=1, n_heads=2)
    torch.manual_seed(0)
    return LoadedRun(None, cfg, spec, tokenizer, build_model(cfg.model, spec).eval(), "test")


@pytest.mark.parametrize("n", [WINDOW, 700])
def test_long_inputs_render_and_past_512_are_windowed(view: AttentionView, qtbot: Any, n: int) -> None:
    run = _long_text_run(n)
    result = inspect_input(run, " ".join(f"w{i}" for i in range(n)))
    assert len(result.tokens) == n
    view.show_inspection(("test weights", result))
    display = view.display
    assert display.heatmap.image.image.shape == (WINDOW, WINDOW)
    assert display.window_box.isVisibleTo(view) == (n > WINDOW)
    view.grab()  # paints: token axes, grid and strip at this length
    if n > WINDOW:
        display.window_box.setValue(n - WINDOW + 1)
        assert display.heatmap.rows[0] == f"w{n - WINDOW}" and display.heatmap.offset == n - WINDOW
        np.testing.assert_array_equal(display.matrix(), result.attention[0, 0, n - WINDOW:, n - WINDOW:])
    display.head_box.setValue(2)
    assert display.heatmap.image.image.shape == (WINDOW, WINDOW)


def test_export_png_csv_and_npy(view: AttentionView, cache: RunCache, qtbot: Any, runs: dict[str, str],
                                tmp_path: Path) -> None:
    opened(view, cache, qtbot, runs["text"])
    display = view.display
    for kind, name in (("png", "head.png"), ("grid-png", "grid.png")):
        path = display.export(kind, tmp_path / name)
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    rows = (tmp_path / "w.csv")
    display.export("csv", rows)
    lines = rows.read_text(encoding="utf-8").splitlines()
    assert lines[0].split(",")[1] == "[CLS]" and len(lines) == len(display.shown.tokens) + 1
    display.export("npy", tmp_path / "w.npy")
    np.testing.assert_array_equal(np.load(tmp_path / "w.npy"), display.shown.att[0, 0])
    display.export("npy-all", tmp_path / "all.npy")
    assert np.load(tmp_path / "all.npy").shape == display.shown.att.shape
    menu = display.heatmap.menu()
    assert [a.text() for a in menu.actions()][:2] == ["Save this heatmap as PNG…",
                                                      "Save these weights as CSV…"]


@pytest.mark.parametrize(("kind", "says"), [("bag", "bag of n-grams"), ("mlp", "MLP")])
def test_a_model_without_attention_says_so(view: AttentionView, qtbot: Any, tmp_path: Path, kind: str,
                                          says: str) -> None:
    view.show_run(str(tmp_path), {"model_kind": kind, "task": "text_classification"})
    assert "no attention to show" in view.message.text() and says in view.message.text()
    assert view.kind == "" and view.display.shown is None
