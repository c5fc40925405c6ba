"""The run that explains itself on the Train page: event marks on an opened run, and Replay."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest

from window_steps import small_iris_run
from workbench.ui.shell.main_window import MainWindow


@pytest.fixture(scope="module")
def story_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small iris run with a warm-up, a step schedule (one cut) and evaluations."""
    return small_iris_run(tmp_path_factory.mktemp("runs"), [
        "train.max_steps=60", "train.eval_interval=10", "train.log_interval=2", "model.hidden=[8]",
        "optim.schedule=step", "optim.step_size=30", "optim.gamma=0.3", "optim.warmup_steps=10"])


def _opened(window: MainWindow, qtbot: Any, path: Path) -> Any:
    window.open_run(path)
    page = window.train_page
    qtbot.waitUntil(lambda: window.results_page.summary.get("status") == "completed", timeout=15000)
    return page


def _shown(page: Any) -> tuple[list[float], list[float]]:
    page.plots.redraw_now()
    history = page.plots.history
    return list(history.train.col("step")), list(history.train.col("loss"))


def test_an_opened_run_shows_its_events_as_captioned_marks(window: MainWindow, qtbot: Any,
                                                           story_run: Path) -> None:
    page = _opened(window, qtbot, story_run)
    kinds = [e.kind for e in page.story.marks.events()]
    assert kinds[0] == "warmup" and "lr_drop" in kinds and "best" in kinds
    captions = " ".join(caption for _step, caption in page.story.marks.marks())
    assert "warm-up ends" in captions and "learning rate cut" in captions and "best accuracy" in captions
    assert page.story.button.isEnabled()


def test_close_marks_share_a_caption_or_stand_at_different_heights(window: MainWindow, qtbot: Any,
                                                                   story_run: Path) -> None:
    from workbench.core.run_story import StoryEvent

    page = _opened(window, qtbot, story_run)
    window.resize(1280, 800)
    window.show()
    page.plots.fit_view()
    marks = page.story.marks
    marks.set_events([StoryEvent(10, "warmup", "warm-up ends"), StoryEvent(11, "best", "best validation x"),
                      StoryEvent(20, "lr_drop", "learning rate cut: 0.01 → 0.003"),
                      StoryEvent(24, "early_stop", "stopped early: no more progress")])
    shown = marks.marks()
    assert shown[0] == (10, "warm-up ends · best validation x")  # one step apart: one caption
    levels = marks.levels()
    assert len(shown) == 3 and len(set(levels[1:])) == 2  # the last two would overlap: stacked


def test_replay_grows_the_curves_to_the_whole_run_and_can_be_stopped(window: MainWindow, qtbot: Any,
                                                                    story_run: Path) -> None:
    page = _opened(window, qtbot, story_run)
    full = _shown(page)
    events = page.story.marks.marks()
    story = page.story
    steps: list[int] = []
    story.sig_replay_step.connect(steps.append)
    assert story.duration_s == 30
    story.duration_s = 2.0  # a 30-second show is too long for a test
    story.button.click()
    assert story.is_replaying() and story.button.text() == "Stop replay"
    qtbot.waitUntil(lambda: 0 < len(page.plots.history.train) < len(full[0]), timeout=5000)
    partial = _shown(page)[0]
    assert partial == full[0][:len(partial)]  # the curve grows from the start
    qtbot.waitUntil(lambda: not story.is_replaying(), timeout=60000)
    assert _shown(page) == full and page.story.marks.marks() == events
    assert steps and steps[-1] == int(full[0][-1])  # the attention timeline was told where the replay is
    assert story.button.text() == "Replay"

    story.button.click()  # again, and stopped part-way: the whole run is shown at once
    qtbot.waitUntil(lambda: 0 < len(page.plots.history.train), timeout=5000)
    story.button.click()
    assert not story.is_replaying()
    assert _shown(page) == full and np.isfinite(full[1]).all()
    assert page.story.marks.marks() == events


def test_the_steps_where_probed_examples_were_first_answered_right_are_pinned(
        window: MainWindow, qtbot: Any, story_run: Path) -> None:
    from workbench.core.snapshots import ExampleInfo, ProbeMeta, Snapshot, SnapshotStore

    page = _opened(window, qtbot, story_run)
    meta = ProbeMeta("table", "cls", "tabular_classification", 1, 1, ["setosa", "versicolor"],
                     [ExampleInfo("sepal_length=5.1", {}, ["a"], "versicolor")])
    store = SnapshotStore(meta)
    for step, probs in ((0, [0.8, 0.2]), (20, [0.3, 0.7]), (60, [0.1, 0.9])):
        store.add(Snapshot(step, (), np.array([probs], dtype=np.float32)))
    page.story.set_probe_store(store)
    assert ("first_correct", 20) in [(e.kind, e.step) for e in page.story.marks.events()]
    captions = " ".join(caption for _step, caption in page.story.marks.marks())
    assert "first answers “sepal_length=5.1” right: versicolor" in captions
    assert "first_correct" in [e.kind for e in page.story.events()]  # Replay shows it too
