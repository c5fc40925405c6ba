"""Reusable widgets: fonts, the DataFrame table, config forms and the live training charts."""

from __future__ import annotations

import csv
import dataclasses
import math
from pathlib import Path
from typing import Any, get_origin, get_type_hints

import numpy as np
import pandas as pd
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QFont, QFontMetrics, QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QApplication, QLabel, QSpinBox, QWidget

from window_steps import point_at
from workbench.core.config import ROLES, SECTIONS, DataConfig, ModelConfig, OptimConfig, RunConfig
from workbench.core.events import point_from_record
from workbench.core.problems import validate
from workbench.core.series import Columns, Envelopes, decimate, ema_debiased
from workbench.ui.widgets.attention_input import InputPanel
from workbench.ui.widgets.background import Background
from workbench.ui.widgets.fonts import FALLBACK_FAMILY, plain_label, plain_text
from workbench.ui.widgets.forms import ConfigForm, ProblemsLabel, humanize_problem
from workbench.ui.widgets.number_edit import FloatSpin, format_number
from workbench.ui.widgets.playground import GenerateBox, RunCache
from workbench.ui.widgets.plots import LivePlots
from workbench.ui.widgets.table_model import MISSING, DataFrameModel, DataTable, RoleBar

DISPLAY = Qt.ItemDataRole.DisplayRole


# --------------------------------------------------------------------------- fonts
def _render(text: str, font: QFont) -> QImage:
    image = QImage(64, 32, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    painter = QPainter(image)
    painter.setFont(font)
    painter.drawText(4, 24, text)
    painter.end()
    return image


def test_fallback_font_is_installed_and_covers_chinese(qapp: QApplication) -> None:
    assert FALLBACK_FAMILY in qapp.font().families()
    assert qapp.font().families()[0] != FALLBACK_FAMILY  # Latin text keeps the default family
    metrics = QFontMetrics(QFont(FALLBACK_FAMILY))
    assert all(metrics.inFontUcs4(ord(ch)) for ch in "中文评论很好")
    # With no CJK font, "中" would be drawn as the same empty box as an unassigned code point.
    box = _render("\U000E0FFF", qapp.font())
    assert _render("中", qapp.font()) != box and _render("评", qapp.font()) != box


def test_dataset_text_is_never_rich_text(qtbot: Any) -> None:
    markup = plain_text("<b>bold</b> & <img src=x>\nline 2")
    assert "&lt;b&gt;" in markup and "<b>" not in markup and "&amp;" in markup
    label = plain_label("<b>bold</b>")
    qtbot.addWidget(label)
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.text() == "<b>bold</b>"


# --------------------------------------------------------------------------- table
@pytest.fixture(scope="module")
def million() -> pd.DataFrame:
    n = 1_000_000
    frame = pd.DataFrame({"id": np.arange(n), "x": np.linspace(0.0, 1.0, n),
                          "word": pd.Series(np.arange(n)).astype(str).radd("w"),
                          "ok": np.arange(n) % 2 == 0})
    frame.loc[5, "x"] = np.nan
    frame.loc[7, "word"] = None
    return frame


def test_model_over_a_million_rows(qtbot: Any, million: pd.DataFrame) -> None:
    model = DataFrameModel(million)
    assert model.rowCount() == 1_000_000 and model.columnCount() == 4
    last = model.index(999_999, 0)
    assert model.data(last) == "999999"
    assert model.data(model.index(999_999, 2)) == "w999999"
    assert model.data(model.index(0, 1)) == "0"
    assert model.data(model.index(1, 3)) == "false"
    assert model.headerData(2, Qt.Orientation.Horizontal) == "word"
    assert model.headerData(999_999, Qt.Orientation.Vertical) == "1000000"
    align = model.data(model.index(3, 1), Qt.ItemDataRole.TextAlignmentRole)
    assert align & Qt.AlignmentFlag.AlignRight
    assert model.data(model.index(3, 2), Qt.ItemDataRole.TextAlignmentRole) & Qt.AlignmentFlag.AlignLeft
    assert model.data(model.index(1_000_000, 0)) is None  # out of range: nothing, no exception


def test_missing_values_show_a_grey_dash(million: pd.DataFrame) -> None:
    model = DataFrameModel(million)
    for row, col in [(5, 1), (7, 2)]:
        index = model.index(row, col)
        assert model.data(index) == MISSING
        assert model.data(index, Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(4, 1), Qt.ItemDataRole.ForegroundRole) is None


def test_header_role_tags_and_reset(qtbot: Any) -> None:
    frame = pd.DataFrame({"text": ["好评 <b>", "<i>line</i>\nbreak " * 40], "label": [1, 0]})
    model = DataFrameModel(frame)
    with qtbot.waitSignal(model.headerDataChanged):
        model.set_roles({"text": "text", "label": "target"})
    assert model.headerData(1, Qt.Orientation.Horizontal) == "label\ntarget"
    assert "\n" not in model.data(model.index(1, 0))  # one line per cell
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ToolTipRole) is None  # short: no tooltip
    tooltip = model.data(model.index(1, 0), Qt.ItemDataRole.ToolTipRole)  # long: shown literally
    assert "&lt;i&gt;line" in tooltip and "<i>" not in tooltip
    with qtbot.waitSignal(model.modelReset):
        model.set_frame(frame.iloc[:1])
    assert model.rowCount() == 1 and model.headerData(1, Qt.Orientation.Horizontal) == "label"
    model.set_frame(None)
    assert model.rowCount() == 0 and model.columnCount() == 0


def test_role_bar_reports_choices(qtbot: Any) -> None:
    bar = RoleBar()
    qtbot.addWidget(bar)
    bar.set_columns(["review", "stars", "label"], {"review": "text", "stars": "numeric", "label": "target"})
    assert [bar.combo(c).count() for c in ("review", "stars")] == [len(ROLES)] * 2
    with qtbot.waitSignal(bar.sig_roles_changed) as blocker:
        bar.combo("stars").setCurrentText("categorical")
    assert blocker.args == [{"review": "text", "stars": "categorical", "label": "target"}]
    assert bar.overrides() == {"stars": "categorical"}
    with qtbot.assertNotEmitted(bar.sig_roles_changed):
        bar.set_roles({"stars": "ignore", "nope": "text"})
    assert bar.roles()["stars"] == "ignore"


def test_data_table_puts_each_chooser_over_its_column(qtbot: Any) -> None:
    table = DataTable()
    qtbot.addWidget(table)
    table.resize(700, 300)
    table.set_frame(pd.DataFrame({"文本": ["很好", "太差了"], "label": [1, 0]}), {"文本": "text"})
    table.show()
    qtbot.waitExposed(table)
    header = table.view.horizontalHeader()
    for col, name in enumerate(["文本", "label"]):
        combo = table.role_bar.combo(name)
        x_header = header.viewport().mapTo(table, QPoint(header.sectionViewportPosition(col), 0)).x()
        assert abs(combo.mapTo(table, QPoint(0, 0)).x() - x_header) <= 2
    with qtbot.waitSignal(table.sig_roles_changed):
        table.role_bar.combo("label").setCurrentText("target")


# --------------------------------------------------------------------------- forms
def _other_value(hint: Any, meta: dict[str, Any], value: Any) -> Any:
    """A valid value different from ``value`` for a field."""
    lo, hi = meta.get("min"), meta.get("max")
    tp = get_origin(hint) or hint
    if tp is dict:
        return {"a column": "text"}
    if meta.get("choices"):
        return meta["choices"][-1] if value != meta["choices"][-1] else meta["choices"][0]
    if tp is bool:
        return not value
    if tp is int:
        return value + 1 if hi is None or value + 1 <= hi else value - 1
    if tp is float:
        return 3e-4 if lo and lo > 0 and hi / lo >= 1e3 else (lo or 0.0) + 0.37 * ((hi or 1.0) - (lo or 0.0))
    if tp is list:
        return [32, 16, 8] if all(isinstance(v, int) for v in value) else ["n/a", "", "?"]
    assert tp is str
    return "数据 <b>x</b>, ok"


@pytest.mark.parametrize("section", list(SECTIONS))
def test_form_round_trips_every_field(qtbot: Any, section: str) -> None:
    cls = SECTIONS[section]
    form = ConfigForm(cls)
    qtbot.addWidget(form)
    assert form.get_values() == cls()
    hints = get_type_hints(cls)
    changed = cls()
    for f in dataclasses.fields(cls):
        setattr(changed, f.name, _other_value(hints[f.name], dict(f.metadata), getattr(changed, f.name)))
    assert changed != cls()
    with qtbot.assertNotEmitted(form.sig_changed):
        form.set_values(changed)
    assert form.get_values() == changed
    form.set_values(cls())
    assert form.get_values() == cls()


def test_dict_fields_are_carried_not_edited(qtbot: Any) -> None:
    form = ConfigForm(DataConfig)
    qtbot.addWidget(form)
    with pytest.raises(KeyError):
        form.editor("roles")
    form.set_values(DataConfig(roles={"review": "text"}))
    assert form.get_values().roles == {"review": "text"}


def test_a_list_of_texts_is_edited_as_texts_between_commas(qtbot: Any) -> None:
    form = ConfigForm(DataConfig)
    qtbot.addWidget(form)
    editor = form.editor("missing_values")
    assert editor.text() == '"", NA, N/A, NaN, null, None, ?, -'  # "" is the empty text
    with qtbot.waitSignal(form.sig_changed) as changed:
        editor.setText(' n/a ,, "",-')
        editor.editingFinished.emit()  # once the user is done, not at each keystroke
    assert changed.args == ["missing_values"]
    assert form.get_values().missing_values == ["n/a", "", "-"]


def test_editing_a_spin_box_emits_sig_changed(qtbot: Any) -> None:
    form = ConfigForm(ModelConfig)
    qtbot.addWidget(form)
    form.show()
    spin = form.editor("d_model")
    spin.setFocus()
    spin.lineEdit().selectAll()
    with qtbot.waitSignal(form.sig_changed) as blocker:
        qtbot.keyClicks(spin, "256")
    assert blocker.args == ["d_model"]
    assert form.get_values().d_model == 256


def test_advanced_group_is_collapsed_by_default(qtbot: Any) -> None:
    form = ConfigForm(ModelConfig)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    assert not form.is_advanced_expanded()
    assert form.editor("d_model").isVisible() and not form.editor("ff_mult").isVisible()
    form.set_advanced_expanded(True)
    assert form.editor("ff_mult").isVisible()


def test_learning_rate_box_reads_scientific_and_steps_on_a_ladder(qtbot: Any) -> None:
    form = ConfigForm(OptimConfig)
    qtbot.addWidget(form)
    lr = form.editor("lr")
    assert isinstance(lr, FloatSpin) and lr.text() == "0.001"
    lr.stepBy(1)
    assert lr.value() == pytest.approx(3e-3)
    lr.stepBy(-2)
    assert lr.value() == pytest.approx(3e-4)
    lr.lineEdit().selectAll()
    qtbot.keyClicks(lr, "2e-5")
    assert form.get_values().lr == pytest.approx(2e-5)
    assert format_number(1e-7) == "1e-7" and format_number(0.1) == "0.1"


def _wheel_up(widget: QWidget) -> None:
    pos = QPointF(5, 5)
    QApplication.sendEvent(widget, QWheelEvent(pos, widget.mapToGlobal(pos), QPoint(0, 0), QPoint(0, 120),
                                               Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier,
                                               Qt.ScrollPhase.NoScrollPhase, False))


def test_wheel_changes_a_box_only_when_focused(qtbot: Any) -> None:
    form = ConfigForm(ModelConfig)
    qtbot.addWidget(form)
    form.show()
    plain = QSpinBox(form)  # control: an unguarded box does step on the wheel
    _wheel_up(plain)
    assert plain.value() == 1
    spin = form.editor("d_model")
    _wheel_up(spin)
    assert spin.value() == 128
    spin.setFocus()
    qtbot.waitUntil(spin.hasFocus)
    _wheel_up(spin)
    assert spin.value() == 129


def test_zero_meaning_off_is_spelled_out(qtbot: Any) -> None:
    form = ConfigForm(OptimConfig)
    qtbot.addWidget(form)
    clip = form.editor("grad_clip")
    clip.setValue(0.0)
    assert clip.text() == "off" and form.get_values().grad_clip == 0.0
    assert clip.valueFromText("off") == 0.0 and clip.valueFromText("nonsense") == 0.0
    clip.setValue(2.5)
    assert clip.text() == "2.5"


def test_problems_label_lists_each_problem(qtbot: Any) -> None:
    label = ProblemsLabel()
    qtbot.addWidget(label)
    label.show()
    label.set_problems(["first <b>problem</b>", "second problem"])
    assert label.isVisible() and label.textFormat() == Qt.TextFormat.PlainText
    assert "first <b>problem</b>" in label.text() and "second problem" in label.text()
    assert label.problems() == ["first <b>problem</b>", "second problem"]
    label.set_problems([])
    assert not label.isVisible()


def test_problems_name_settings_by_their_labels() -> None:
    cfg = RunConfig()
    cfg.model.n_heads = 5
    cfg.model.kind, cfg.data.task = "gpt", "regression"
    heads, kind = validate(cfg)
    assert humanize_problem(heads) == "“Attention heads” (5) must divide “Width” (128); try 4 heads"
    assert humanize_problem(kind) == "“Model” 'gpt' needs “Task” 'language_modeling', not 'regression'"


def test_empty_means_automatic_is_spelled_out(qtbot: Any) -> None:
    form = ConfigForm(DataConfig)
    qtbot.addWidget(form)
    assert form.editor("target").placeholderText() == "empty = automatic"
    assert form.editor("encoding").placeholderText() == ""


def test_generate_tab_and_inspect_panel_offer_the_same_ranges(qtbot: Any) -> None:
    box, panel = GenerateBox(RunCache(Background())), InputPanel()
    for widget in (box, panel):
        qtbot.addWidget(widget)
    for name in ("length", "temperature", "top_k"):
        mine, theirs = getattr(box.knobs, name), getattr(panel.knobs, name)
        assert (mine.minimum(), mine.maximum()) == (theirs.minimum(), theirs.maximum()), name
    assert (box.knobs.length.value(), panel.knobs.length.value()) == (200, 100)
    assert box.knobs.temperature.text() == "0.8" and box.knobs.top_k.text() == "all"


# --------------------------------------------------------------------------- plots
def _reference_ema(values: list[float], beta: float) -> list[float]:
    """TensorBoard's loop: skip non-finite points, debias by 1 - beta^n."""
    out, last, n = [], 0.0, 0
    for v in values:
        if not math.isfinite(v):
            out.append(v)
            continue
        last, n = last * beta + (1 - beta) * v, n + 1
        out.append(last / (1 - beta**n) if beta > 0 else v)
    return out


@pytest.mark.parametrize("beta", [0.0, 0.3, 0.6, 0.9, 0.999])
def test_ema_is_debiased_and_matches_the_reference(beta: float) -> None:
    rng = np.random.default_rng(1)
    values = 2.0 + rng.standard_normal(3000)
    values[[10, 11, 500]] = [np.nan, np.inf, np.nan]
    whole, _ = ema_debiased(values, beta)
    assert whole[0] == pytest.approx(values[0])
    np.testing.assert_allclose(whole, _reference_ema(list(values), beta), rtol=1e-9)
    first, state = ema_debiased(values[:1234], beta)  # appending in pieces continues the series
    rest, _ = ema_debiased(values[1234:], beta, state)
    np.testing.assert_allclose(np.concatenate([first, rest]), whole, rtol=1e-9)


def test_columns_double_and_stay_bounded() -> None:
    cols = Columns(("x", "y"), max_points=5000)
    for i in range(30):
        cols.append(np.arange(i * 300, (i + 1) * 300, dtype=float), np.zeros(300))
    assert len(cols) <= 5000 and cols.col("x")[-1] == 8999
    assert np.all(np.diff(cols.col("x")) > 0)


def test_decimate_keeps_every_peak_in_few_points() -> None:
    n = 1_000_000
    x = np.arange(n, dtype=float)
    y = np.sin(x / 5000)
    y[123_457] = 40.0   # one bad batch
    y[600_001] = -7.0
    y[700_000:700_100] = np.nan  # a stretch of NaN inside one bucket is skipped, not spread
    xs, ys = decimate(x, y, 0, n, 1000)
    assert len(xs) <= 2 * 1000 + 2
    assert np.nanmax(ys) == 40.0 and np.nanmin(ys) == -7.0
    assert not np.isnan(ys).any()
    assert xs[0] == 0 and xs[-1] > n - 2048 and np.all(np.diff(xs) >= 0)
    # Buckets are aligned: a few more points do not move the ones already drawn.
    xs2, _ = decimate(x, np.append(y, 0.5)[:n], 0, n - 10, 1000)
    np.testing.assert_array_equal(xs2[:-2], xs[:len(xs2) - 2])
    # "mean": one point a bucket, at its middle, NaN skipped (the smoothed and learning-rate curves).
    xm, ym = decimate(x, y, 0, n, 1000, mode="mean")
    assert len(xm) <= 1000 + 1 and xm[0] == (0 + 1023) / 2
    assert ym[0] == pytest.approx(y[:1024].mean()) and not np.isnan(ym).any()
    # Few rows: drawn as they are.
    xs3, _ = decimate(x, y, 10, 510, 1000)
    np.testing.assert_array_equal(xs3, x[10:510])


def test_envelopes_of_a_growing_series_match_decimating_it_whole() -> None:
    rng = np.random.default_rng(3)
    x, y = np.arange(300_000, dtype=float), rng.standard_normal(300_000)
    envelopes = Envelopes()
    for n in (5000, 5001, 77_777, 150_000, 300_000):  # a run's redraws, data arriving in between
        for got, want in zip(envelopes.whole("loss", x[:n], y[:n], 800), decimate(x, y, 0, n, 800)):
            np.testing.assert_array_equal(got, want)
    y[:10] = 99.0  # rows already drawn changed (a rewind): after clear() they are seen
    envelopes.clear()
    assert envelopes.whole("loss", x, y, 800)[1].max() == 99.0


@pytest.fixture
def plots(qtbot: Any) -> LivePlots:
    widget = LivePlots()
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def _feed(plots: LivePlots, n: int = 2000) -> None:
    steps = np.arange(1, n + 1)
    plots.append_train(steps, 2.0 * np.exp(-steps / 500) + 0.3, np.full(n, 1e-3))
    for s in range(200, n + 1, 200):
        plots.append_eval(s, {"loss": 2.2 * np.exp(-s / 500) + 0.35, "accuracy": 1 - np.exp(-s / 400),
                              "sample": "text", "best": True})


def test_appending_fills_the_curves_after_a_timer_tick(qtbot: Any, plots: LivePlots) -> None:
    _feed(plots)
    qtbot.waitUntil(lambda: plots.curves["train"].getData()[0] is not None, timeout=2000)
    assert len(plots.curves["train"].getData()[0]) > 0
    assert len(plots.curves["train"].getOriginalDataset()[0]) == 2000
    assert len(plots.curves["val"].getOriginalDataset()[0]) == 10
    assert len(plots.metrics.curves["accuracy"].getOriginalDataset()[0]) == 10
    assert "sample" not in plots.history.eval_keys() and "best" not in plots.history.eval_keys()
    smooth = plots.curves["smooth"].getOriginalDataset()[1]
    assert smooth[0] == pytest.approx(2.0 * np.exp(-1 / 500) + 0.3)  # debiased: starts at the data
    plots.set_metric_keys([])
    plots.redraw_now()
    assert plots.metrics.curves == {}
    with pytest.raises(ValueError):
        plots.append_train(np.arange(3), np.arange(2))


def test_setting_the_same_metric_keys_again_rebuilds_nothing(plots: LivePlots) -> None:
    assert plots.set_metric_keys(["r2", "mae"])
    plots.redraw_now()
    charts = list(plots.metrics.plots.values())
    assert not plots.set_metric_keys(["r2", "mae"])
    plots.redraw_now()
    assert list(plots.metrics.plots.values()) == charts
    for plot in charts:  # a step axis, major grid lines only
        assert plot.getAxis("bottom").labelText == "step" and plot.getAxis("left").style["maxTickLevel"] == 0


def test_a_resumed_run_replaces_the_points_after_its_step(plots: LivePlots) -> None:
    plots.append_train(np.arange(1, 101), np.linspace(3, 1, 100))
    plots.append_eval(80, {"loss": 1.5})
    plots.append_train(np.array([52, 50, 51]), np.array([2.0, 2.0, 2.0]))  # out of order, too
    plots.append_eval(50, {"loss": 2.1})
    plots.redraw_now()
    steps, losses = plots.curves["train"].getOriginalDataset()
    assert list(steps[-4:]) == [49, 50, 51, 52] and list(losses[-3:]) == [2.0, 2.0, 2.0]
    assert list(plots.curves["val"].getOriginalDataset()[0]) == [50]
    expected, _ = ema_debiased(losses, plots.smoothing())
    np.testing.assert_allclose(plots.curves["smooth"].getOriginalDataset()[1], expected)


def test_smoothing_slider_resmooths(plots: LivePlots) -> None:
    _feed(plots, 500)
    plots.set_smoothing(0.0)
    plots.redraw_now()
    raw = plots.curves["train"].getOriginalDataset()[1]
    np.testing.assert_allclose(plots.curves["smooth"].getOriginalDataset()[1], raw)
    plots.set_smoothing(0.99)
    assert plots.smoothing() == pytest.approx(0.99)


def test_log_scale_toggle(plots: LivePlots) -> None:
    _feed(plots, 100)
    plots.set_log_scale(True)
    plots.redraw_now()
    assert plots.plots["loss"].getAxis("left").logMode
    assert plots.curves["train"].opts["logMode"][1]
    plots.set_log_scale(False)
    assert not plots.plots["loss"].getAxis("left").logMode


def test_export_csv_and_png(tmp_path: Path, plots: LivePlots) -> None:
    _feed(plots, 300)
    rows = list(csv.reader(plots.export_csv(tmp_path / "all.csv").read_text("utf-8").splitlines()))
    assert rows[0] == ["step", "train_loss", "train_loss_smoothed", "val_loss", "accuracy", "learning_rate"]
    assert len(rows) == 1 + 300
    assert rows[200][0] == "200" and rows[200][3] != "" and rows[199][3] == ""
    lr_rows = list(csv.reader(plots.export_csv(tmp_path / "lr.csv", "lr").read_text("utf-8").splitlines()))
    assert lr_rows[0] == ["step", "learning_rate"] and float(lr_rows[1][1]) == pytest.approx(1e-3)
    for chart in (None, "loss", "metrics", "lr"):
        png = plots.export_png(tmp_path / f"{chart}.png", chart)
        data = png.read_bytes()
        assert data.startswith(b"\x89PNG") and len(data) > 2000


def test_load_history_shows_a_finished_run(plots: LivePlots) -> None:
    records: list[Any] = [
        {"kind": "train", "step": s, "epoch": s / 100, "loss": 3.0 / s, "lr": 1e-3, "time": 0.1,
         "tokens_per_s": 5000.0} for s in range(10, 1010, 10)]
    records += [{"kind": "eval", "split": "val", "step": s, "loss": 3.5 / s, "accuracy": 0.5 + s / 4000,
                 "best": True, "sample": "hello"} for s in (250, 500, 750, 1000)]
    records += [{"kind": "fit_end"}, {"step": 5}]
    plots.load_history([p for p in map(point_from_record, records) if p is not None])
    assert len(plots.curves["train"].getOriginalDataset()[0]) == 100
    assert list(plots.curves["val"].getOriginalDataset()[0]) == [250, 500, 750, 1000]
    assert set(plots.history.eval_keys()) == {"loss", "accuracy"}
    plots.clear()
    assert plots.curves["train"].getOriginalDataset()[0] is None


def test_diverged_and_odd_values_draw_without_warnings(qtbot: Any, plots: LivePlots) -> None:
    """NaN, inf, 0 and negative losses (a diverged run) on linear and log axes; warnings are errors."""
    plots.append_train(np.arange(1, 6), np.array([np.nan, np.inf, 0.0, -1.0, 1e300]))
    plots.append_eval(3, {"loss": math.nan, "accuracy": math.inf, "note": "text", "none": None})
    plots.append_eval(4, {"loss": 0.0, "accuracy": 0.5})
    for log in (False, True, False):
        plots.set_log_scale(log)
        plots.redraw_now()
        plots.grab()
        view_box = plots.plots["loss"].getViewBox()
        y_mid = sum(view_box.viewRange()[1]) / 2
        for x in (1.0, 2.0, 3.0, 4.0, 5.0):  # the nearest points hold NaN, inf, 0, -1 and 1e300
            point_at(qtbot, view_box, view_box.mapViewToScene(QPointF(x, y_mid)))
    assert "step 5" in plots.readout.text()
    assert set(plots.history.eval_keys()) == {"loss", "accuracy"}


def test_a_long_curve_is_drawn_decimated_and_zooming_shows_full_detail(qtbot: Any, plots: LivePlots) -> None:
    n = 1_000_000
    steps = np.arange(1, n + 1, dtype=float)
    losses = 2.0 + np.sin(steps / 1000)
    losses[654_321] = 50.0  # one spike must survive decimation
    plots.append_train(steps, losses, np.full(n, 1e-3))
    plots.redraw_now()
    x, y = plots.curves["train"].getOriginalDataset()
    assert len(x) < 5000 and x[0] == 1 and x[-1] > n - 2048 and y.max() == 50.0
    plots.plots["loss"].setXRange(n - 1000, n, padding=0)  # the last 0.1%: every point
    qtbot.waitUntil(lambda: len(plots.curves["train"].getOriginalDataset()[0]) < 5000
                    and plots.curves["train"].getOriginalDataset()[0][0] >= n - 2000, timeout=2000)
    x, y = plots.curves["train"].getOriginalDataset()
    np.testing.assert_array_equal(x[np.searchsorted(x, n - 1000):], steps[n - 1001:])
    plots.fit_view()
    qtbot.waitUntil(lambda: plots.curves["train"].getOriginalDataset()[0][0] == 1, timeout=2000)


def test_a_live_run_grows_across_a_fixed_step_axis_until_the_user_zooms(qtbot: Any, plots: LivePlots) -> None:
    plots.set_step_range(50_000)
    view_box = plots.plots["loss"].getViewBox()
    for start in range(0, 20_000, 5000):  # points arrive: the step axis stays 0..50,000
        steps = np.arange(start + 1, start + 5001, dtype=float)
        plots.append_train(steps, 1 + np.sin(steps / 300), np.full(5000, 1e-3))
        plots.redraw_now()
        assert view_box.viewRange()[0] == [0.0, 50_000.0]
    x, _ = plots.curves["train"].getOriginalDataset()
    assert x[0] == 1 and x[-1] > 19_000 and len(x) < 5000  # all the data, decimated
    view_box.setXRange(1000, 2000, padding=0)  # the user zooms: the view stays where they put it
    plots.append_train(np.arange(20_001, 20_101, dtype=float), np.ones(100), np.full(100, 1e-3))
    plots.redraw_now()
    assert view_box.viewRange()[0] == pytest.approx([1000, 2000])
    plots.fit_view()  # and "Fit view" follows the run again
    assert view_box.viewRange()[0] == [0.0, 50_000.0]


def test_clicking_the_loss_chart_emits_the_nearest_step(qtbot: Any, plots: LivePlots) -> None:
    _feed(plots, 1000)
    plots.redraw_now()
    plots.fit_view()
    qtbot.wait(50)
    view_box = plots.plots["loss"].getViewBox()
    scene_pos = view_box.mapViewToScene(QPointF(420.4, 1.0))
    (chart,) = view_box.scene().views()
    with qtbot.waitSignal(plots.sig_step_clicked, timeout=2000) as blocker:
        qtbot.mouseClick(chart.viewport(), Qt.MouseButton.LeftButton, pos=chart.mapFromScene(scene_pos))
    assert abs(blocker.args[0] - 420) <= 3  # one pixel is a few steps wide
    point_at(qtbot, view_box, scene_pos)  # hover read-out names the step and values
    assert "step 4" in plots.readout.text() and "train loss" in plots.readout.text()


def test_soak_appends_redraws_and_emits(qtbot: Any, plots: LivePlots) -> None:
    """3,000 appends with timer redraws and 3,000+ signal emits (PySide6 6.12.0 aborted at ~1,000)."""
    form = ConfigForm(ModelConfig)
    bar = RoleBar()
    qtbot.addWidget(form)
    qtbot.addWidget(bar)
    bar.set_columns(["a", "b"])
    received = {"step": 0, "form": 0, "roles": 0}
    plots.sig_step_clicked.connect(lambda _s: received.__setitem__("step", received["step"] + 1))
    form.sig_changed.connect(lambda _n: received.__setitem__("form", received["form"] + 1))
    bar.sig_roles_changed.connect(lambda _r: received.__setitem__("roles", received["roles"] + 1))
    rng = np.random.default_rng(2)
    spin, combo = form.editor("n_layers"), bar.combo("a")
    for i in range(3000):
        steps = np.arange(i * 10, i * 10 + 10)
        plots.append_train(steps, rng.random(10) + 1.0, np.full(10, 1e-3))
        if i % 30 == 0:
            plots.append_eval(i * 10, {"loss": 1.2, "accuracy": i / 3000})
        plots.sig_step_clicked.emit(i)
        spin.setValue(1 + i % 40)
        combo.setCurrentIndex(i % len(ROLES))
        if i % 300 == 299:
            qtbot.wait(120)  # let the 10 Hz redraw timer fire
    # 30,000 points are drawn as each pixel's min and max, spanning every step.
    qtbot.waitUntil(lambda: plots.curves["train"].getOriginalDataset()[0][-1] >= 29_000, timeout=2000)
    assert len(plots.history) == 30_000
    assert len(plots.curves["train"].getOriginalDataset()[0]) < 5000
    assert received["step"] == 3000
    assert received["form"] >= 2900 and received["roles"] >= 2900
    assert isinstance(QLabel(), QLabel)  # the interpreter and Qt are still alive
