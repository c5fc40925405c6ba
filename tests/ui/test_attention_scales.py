"""The colour scales of the attention heatmaps, the remembered choice, and the head labels."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
import torch
from PySide6.QtCore import QSettings

from workbench.core.snapshots import ExampleInfo, ProbeMeta, Snapshot, SnapshotStore, quantise
from workbench.ui.pages.attention_view import AttentionView
from workbench.ui.widgets.attention_display import AttentionDisplay, Shown
from workbench.ui.widgets.attention_scale import MASKED, SCALES, bar_ticks
from workbench.ui.widgets.playground import RunCache

N = 10


def weak_classifier_maps(seed: int = 0) -> np.ndarray:
    """(1 layer, 2 heads, N, N): weights near 1/N, as a barely trained classifier's are."""
    rng = np.random.default_rng(seed)
    att = 1.0 + 0.2 * rng.random((1, 2, N, N))
    return (att / att.sum(axis=-1, keepdims=True)).astype(np.float32)


def previous_token_maps(n: int = N, strength: float = 0.9) -> np.ndarray:
    att = np.full((n, n), (1 - strength) / n)
    att[np.arange(1, n), np.arange(n - 1)] += strength
    att[0, 0] += strength
    return np.stack([att, np.full((n, n), 1.0 / n)])[None].astype(np.float32)  # (1, 2, n, n)


@pytest.fixture
def display(qtbot: Any) -> AttentionDisplay:
    shown = AttentionDisplay()
    qtbot.addWidget(shown.right)
    qtbot.addWidget(shown.left)
    return shown


def big_image(display: AttentionDisplay) -> np.ndarray:
    image = display.heatmap.image.image
    assert image is not None
    return np.asarray(image)


def tick_labels(display: AttentionDisplay) -> list[str]:
    return [text for _pos, text in display.heatmap.colorbar.axis._tickLevels[0]]


def test_a_classifier_starts_on_difference_from_uniform_and_a_language_model_on_fixed(
        display: AttentionDisplay) -> None:
    display.display(Shown([f"t{i}" for i in range(N)], weak_classifier_maps(), "mean"))
    assert display.scale == "uniform" and display.scale_box.currentData() == "uniform"
    flat_square = np.rint(254 * np.sqrt(weak_classifier_maps()[0, 0]))
    assert np.ptp(flat_square) < 30  # the fixed scale uses a sliver of the colours...
    image = big_image(display)  # ...difference from uniform at least half of them, one end reached
    assert np.ptp(image) >= 127 and {0, 254} & set(image.ravel().tolist())
    causal = np.tril(np.ones((N, N), np.float32))
    causal = (causal / causal.sum(axis=-1, keepdims=True))[None, None]
    display.display(Shown([f"t{i}" for i in range(N)], causal, "causal"))
    assert display.scale == "fixed"


def test_each_scale_sets_the_image_levels_as_specified(display: AttentionDisplay) -> None:
    att = weak_classifier_maps()
    display.display(Shown([f"t{i}" for i in range(N)], att, "mean"))
    m = att[0, 0]
    for scale in SCALES:
        display.scale_box.setCurrentIndex(display.scale_box.findData(scale))
        assert display.heatmap.scale == scale
        image = big_image(display).astype(int)
        if scale == "fixed":
            np.testing.assert_array_equal(image, np.rint(254 * np.sqrt(m)))
            assert "1" in tick_labels(display) and "0" in tick_labels(display)
        elif scale == "range":  # the map's own minimum is the first colour, its maximum the last
            assert image[np.unravel_index(m.argmin(), m.shape)] == 0
            assert image[np.unravel_index(m.argmax(), m.shape)] == 254
            labels = tick_labels(display)
            assert float(labels[0]) == pytest.approx(m.min(), abs=1e-3)
            assert float(labels[-1]) == pytest.approx(m.max(), abs=1e-3)
        elif scale == "log":
            assert image[np.unravel_index(m.argmax(), m.shape)] == 254 and image.min() == 0
        else:  # centred at 0: an even weight is the middle colour; the largest difference an end
            d = m - 1.0 / N
            expected = np.rint(254 * (0.5 + d / (2 * np.abs(d).max())))
            np.testing.assert_array_equal(image, expected)
            assert {0, 254} & set(image.ravel().tolist())
            assert "0 (even)" in tick_labels(display)
            assert bar_ticks("uniform", -0.01, 0.01)[2] == (0.5, "0 (even)")
    even = np.full((1, 1, N, N), 1.0 / N, np.float32)
    display.display(Shown([f"t{i}" for i in range(N)], even, "mean"))
    assert set(big_image(display).ravel().tolist()) == {127}  # a uniform head is all the middle colour


def test_per_map_range_leaves_out_the_keys_a_causal_model_cannot_see(display: AttentionDisplay) -> None:
    causal = np.tril(np.random.default_rng(1).random((N, N)).astype(np.float32)) + np.eye(N, dtype=np.float32)
    causal = (causal / causal.sum(axis=-1, keepdims=True))[None, None]
    display.display(Shown([f"t{i}" for i in range(N)], causal, "causal"))
    display.scale_box.setCurrentIndex(display.scale_box.findData("range"))
    image = big_image(display)
    hidden = np.triu(np.ones((N, N), dtype=bool), 1)
    assert (image[hidden] == MASKED).all()
    visible = causal[0, 0][~hidden]
    assert image[~hidden].min() == 0 and image[~hidden].max() == 254
    assert float(tick_labels(display)[0]) == pytest.approx(visible.min(), abs=2e-3)


def store_with_a_previous_token_head_from_step(tmp_path: Path, begins: int) -> SnapshotStore:
    tokens = [f"w{i}" for i in range(N)]
    meta = ProbeMeta("text", "mean", "text_classification", 1, 2, ["neg", "pos"],
                     [ExampleInfo("w0 w1", "w0 w1", tokens)])
    store = SnapshotStore(meta)
    for step in (0, 10, 20, 30):
        att = previous_token_maps() if step >= begins else weak_classifier_maps(step)
        store.add(Snapshot(step, (quantise(torch.from_numpy(att)),), np.array([[0.5, 0.5]], np.float32)))
    return store


def test_the_label_appears_under_the_head_and_in_the_large_title(qtbot: Any, background: Any,
                                                                 tmp_path: Path) -> None:
    view = AttentionView(background, RunCache(background))
    qtbot.addWidget(view)
    view.resize(1100, 640)
    view.show()
    view._adopt(store_with_a_previous_token_head_from_step(tmp_path, begins=20))
    grid = view.display.grid
    assert grid.captions[(0, 0)][0] == "previous token\nsince step 20"
    assert "previous token" in grid.captions[(0, 0)][1] and "%" in grid.captions[(0, 0)][1]
    assert grid.captions[(0, 1)][0] == "broad average\nsince step 0"
    assert grid._captions[(0, 0)].textItem.toPlainText() == "previous token\nsince step 20"
    assert "previous token, since step 20" in view.display.heatmap.plot.titleLabel.text
    view.display.select_head(0, 1)
    assert "broad average" in view.display.heatmap.plot.titleLabel.text
    view._on_timeline_changed(1)  # back to step 10: the head was not doing it yet
    assert grid.captions[(0, 0)][0] == "broad average\nsince step 0"


def test_the_chosen_scale_is_remembered_for_that_kind_of_model(qtbot: Any, background: Any,
                                                               tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    view = AttentionView(background, RunCache(background), settings=settings)
    qtbot.addWidget(view)
    view.show()  # a hidden view draws when it is shown
    view._adopt(store_with_a_previous_token_head_from_step(tmp_path, begins=0))
    assert view.display.scale == "uniform"
    view.display.scale_box.setCurrentIndex(view.display.scale_box.findData("log"))
    assert settings.value("attention/scale_mean") == "log"
    again = AttentionView(background, RunCache(background), settings=settings)
    qtbot.addWidget(again)
    again.show()
    again._adopt(store_with_a_previous_token_head_from_step(tmp_path, begins=0))
    assert again.display.scale == "log" and again.display.heatmap.scale == "log"
