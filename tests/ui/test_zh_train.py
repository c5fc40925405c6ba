"""The Train page in Simplified Chinese: no English left on it before, during and after a tiny run
(buttons, progress, the charts' axes, legends, read-out and marks), nor on a run that diverges, an
opened run that overfits (banner, chart mark) or one with a warm-up and a learning-rate cut (the
run story's captions and the presenter's status sentence)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QLabel

from chinese import english_left, english_words
from window_steps import make_window, open_example, point_at, small_iris_run, tune
from workbench.core import config as C
from workbench.core.events import RunState
from workbench.core.pipeline import start_run
from workbench.ui.shell.main_window import MainWindow

pytestmark = pytest.mark.usefixtures("one_thread")

FAST = {"device": "cpu", "num_threads": 1}
IRIS = ["iris", "species", "sepal_length", "sepal_width", "petal_length", "petal_width",
        "setosa", "versicolor", "virginica"]


def _own_left(window: MainWindow, allowed: tuple[str, ...] | list[str] = ()) -> list[str]:
    """English in what the Train page says itself: its charts (axes, legends, marks, read-out),
    progress, state, banners, Replay, the samples box, the settings box's title, run-name and device
    rows, the pause-edits box and the parent-run note. The config forms' fields, the glossary's
    "?" buttons and the window's actions are translated by their own catalogues."""
    page = window.train_page
    ok = [*IRIS, *allowed, window.session.cfg.name]
    found = []
    for widget in (page.plots, page.health, page.progress, page.stats, page.state_label, page.runs_label,
                   page.story.button, page.story.status, page.inspect_button, page.samples_box,
                   page.parent_note):
        found += english_left(widget, allowed=ok)
    settings = page.settings_scroll.widget()
    texts = [page.progress.text(), settings.title(), page.pause_edits.title(), page.pause_edits.hint.text()]
    texts += [page.device.itemText(i) for i in range(page.device.count())]
    texts += [label.text() for label in settings.findChildren(QLabel)
              if label.buddy() in (page.name, page.device)]
    return found + [text for text in texts if english_words(text, ok)]


def _run_to_the_end(window: MainWindow, qtbot: Any, during: list[list[str]]) -> None:
    window.controller.sig_points.connect(lambda _p: during.append(_own_left(window)) if not during else None)
    with qtbot.waitSignal(window.controller.sig_ended, timeout=60000):
        window.action_map["train"].trigger()
    qtbot.waitUntil(lambda: window.state() == RunState.IDLE, timeout=10000)


def _menu_words(window: MainWindow) -> list[str]:
    """English in the loss chart's right-click menu (pyqtgraph's entries and ours)."""
    menu = window.train_page.plots.plots["loss"].getViewBox().menu
    return [a.text() for a in menu.actions() if not a.isSeparator() and english_words(a.text())]


def test_a_tiny_iris_run_leaves_no_english_on_the_train_page(chinese: Any, qtbot: Any,
                                                             tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    open_example(window, qtbot, "iris")
    tune(window, train={**FAST, "epochs": 3, "eval_interval": 2, "log_interval": 1})
    window.go_to("train")
    assert _own_left(window) == []
    during: list[list[str]] = []
    _run_to_the_end(window, qtbot, during)
    assert during == [[]]
    page = window.train_page
    window.go_to("train")
    page.plots.redraw_now()
    assert _own_left(window) == []
    assert page.plots.plots["loss"].getAxis("left").labelText == "损失（交叉熵）"
    loss_box = page.plots.plots["loss"].getViewBox()
    point_at(qtbot, loss_box, loss_box.mapViewToScene(QPointF(4, 1.0)))
    assert page.plots.readout.text().startswith("第 4 步") and "评估" in page.plots.readout.text()
    assert english_words(page.plots.readout.text()) == []
    assert _menu_words(window) == []
    page.parent_note.set_parent_run(str(tmp_path / "runs" / "iris-old"))
    assert english_left(page.parent_note, allowed=["iris", "old"]) == []
    page.story.status.show()
    page.story.refresh_status()
    assert page.story.status.text().startswith("训练完成")
    assert english_words(page.story.status.text()) == []


def test_a_diverging_run_is_told_in_chinese(chinese: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    open_example(window, qtbot, "iris")
    tune(window, optim={"lr": 10.0}, train={**FAST, "epochs": 10})
    said: list[str] = []
    window.controller.sig_health.connect(lambda _w: said.append(window.statusBar().currentMessage()))
    _run_to_the_end(window, qtbot, [])
    page = window.train_page
    assert [w.code for w in page.health.warnings()] == ["diverging"]
    assert page.health.texts()[0].startswith("训练发散了\n训练损失远远高于起始值")
    assert page.plots.marks.captions() == {"diverging": "开始发散"}
    assert _own_left(window) == []
    assert said[0].startswith("训练发散了（从第 ")
    assert english_words(said[0]) == []


def _overfitting_run(root: Path) -> Path:
    """A big network on 80 rows of noise: it overfits (as in test_health_ui)."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(80, 10))
    df = pd.DataFrame(x, columns=[f"f{i}" for i in range(10)])
    df["label"] = np.where(x[:, 0] + rng.normal(size=80) > 0, "yes", "no")
    cfg = C.from_dict({"name": "noisy",
                       "data": {"target": "label", "val_fraction": 0.3, "test_fraction": 0.1},
                       "model": {"kind": "mlp", "hidden": [128, 128], "dropout": 0.0},
                       "optim": {"lr": 3e-3, "schedule": "constant", "weight_decay": 0.0},
                       "train": {**FAST, "batch_size": 16, "sample_length": 0, "epochs": 60,
                                 "eval_interval": 4, "log_interval": 2}})
    trainer = start_run(cfg, root, source=df)
    trainer.fit()
    assert trainer.run_dir is not None
    return trainer.run_dir.path


def test_an_opened_overfitting_run_is_told_in_chinese(chinese: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    window.open_run(str(_overfitting_run(tmp_path / "runs")))
    page = window.train_page
    qtbot.waitUntil(lambda: bool(page.plots.marks.steps()), timeout=15000)
    assert page.health.texts()[0].startswith("模型开始过拟合\n从第 ")
    assert page.plots.marks.captions() == {"overfitting": "开始过拟合"}
    noisy = ["noisy", "label", "yes", "no", *[f"f{i}" for i in range(10)], Path(window.session.cfg.name).name]
    assert _own_left(window, noisy) == []


def test_a_run_story_is_told_in_chinese(chinese: Any, qtbot: Any, tmp_path: Path) -> None:
    window = make_window(qtbot, tmp_path)
    page = window.train_page
    story = small_iris_run(tmp_path / "story", [
        "train.max_steps=60", "train.eval_interval=10", "train.log_interval=2", "model.hidden=[8]",
        "optim.schedule=step", "optim.step_size=30", "optim.gamma=0.3", "optim.warmup_steps=10"])
    window.open_run(str(story))
    qtbot.waitUntil(lambda: window.results_page.summary.get("status") == "completed", timeout=15000)
    page.plots.fit_view()
    captions = " ".join(caption for _step, caption in page.story.marks.marks())
    assert "预热结束" in captions and "学习率降至" in captions and "最佳准确率" in captions
    assert english_words(captions) == []
    page.story.status.show()
    page.story.refresh_status()
    assert english_words(page.story.status.text()) == [], page.story.status.text()
    assert _own_left(window) == []
