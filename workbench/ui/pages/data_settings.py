"""The Data page's side panel: task, target and text column, class balance, splits, text settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import TASKS, DataConfig
from workbench.core.data.analysis import TASK_LABELS, TEXT_TASKS
from workbench.ui.pages.session import Session
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text
from workbench.ui.widgets.forms import ConfigForm, ProblemsLabel, humanize_problem

# Edited by the panel's own controls (or the table's role choosers), not by the generated form.
_OWN_FIELDS = ("path", "task", "target", "text_column", "roles", "val_fraction", "test_fraction")


def _combo(tip: str) -> QComboBox:
    combo = QComboBox()
    combo.setToolTip(plain_text(tip))
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


def _set_items(combo: QComboBox, items: list[tuple[str, str]], current: str) -> None:
    """Replace ``combo``'s (text, data) items and select ``current``, emitting nothing."""
    combo.blockSignals(True)
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)
    index = combo.findData(current)
    if index < 0:  # a column the config names but the file lacks: shown, and resolve reports it
        combo.addItem(current, current)
        index = combo.count() - 1
    combo.setCurrentIndex(index)
    combo.blockSignals(False)


class DataSettingsPanel(QScrollArea):
    """Writes the user's choices into the session's ``DataConfig``; shows what the data implies."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        meta = DataConfig.__dataclass_fields__
        self.task = _combo(meta["task"].metadata["help"])
        self.target = _combo(meta["target"].metadata["help"])
        self.text_column = _combo(meta["text_column"].metadata["help"])
        self.task.currentIndexChanged.connect(self._on_task_changed)
        self.target.currentIndexChanged.connect(self._on_target_changed)
        self.text_column.currentIndexChanged.connect(self._on_text_column_changed)
        self.problems = ProblemsLabel()
        self.summary = plain_label()
        self.summary.setWordWrap(True)
        # The chart is made when there is something to show: pyqtgraph (~0.5 s to import) stays
        # out of the way of the window's first paint.
        self._chart: Any = None
        self._chart_slot = QWidget()
        self._chart_slot_layout = QVBoxLayout(self._chart_slot)
        self._chart_slot_layout.setContentsMargins(0, 0, 0, 0)
        self.val = self._slider(meta["val_fraction"].metadata["help"], "val_fraction")
        self.test = self._slider(meta["test_fraction"].metadata["help"], "test_fraction")
        self._split_labels = {"val_fraction": QLabel(), "test_fraction": QLabel()}

        learn = QGroupBox("What to learn")
        self._learn_form = QFormLayout(learn)
        self._learn_form.addRow("Task", self.task)
        self._learn_form.addRow("Target", self.target)
        self._learn_form.addRow("Text column", self.text_column)
        self._learn_form.addRow(self.summary)
        self._learn_form.addRow(self.problems)
        self._learn_form.addRow(self._chart_slot)
        splits = QGroupBox("Held-out data")
        split_form = QFormLayout(splits)
        for label, slider, key in (("Validation", self.val, "val_fraction"),
                                   ("Test", self.test, "test_fraction")):
            row = QHBoxLayout()
            row.addWidget(slider, 1)
            row.addWidget(self._split_labels[key])
            self._split_labels[key].setMinimumWidth(120)
            split_form.addRow(label, row)
        self.form = ConfigForm(DataConfig, exclude=_OWN_FIELDS)
        self.form.sig_changed.connect(self._on_form_changed)
        self._text_box = QGroupBox("Reading the text")
        QVBoxLayout(self._text_box).addWidget(self.form)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        for box in (learn, splits, self._text_box):
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(inner)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setMinimumWidth(340)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        session.sig_config_changed.connect(self._on_session_config_changed)
        session.sig_analysis.connect(self._on_session_analysis)
        session.sig_loaded.connect(self._on_session_loaded)
        self._show_config()


    @property
    def chart(self) -> Any:
        """The class-balance chart (a ``charts.BalanceChart``), made on first use."""
        if self._chart is None:
            from workbench.ui.widgets.charts import BalanceChart

            self._chart = BalanceChart()
            self._chart.setFixedHeight(190)
            self._chart.setVisible(False)
            self._chart_slot_layout.addWidget(self._chart)
        return self._chart

    def _slider(self, tip: str, key: str) -> QSlider:
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(0, 50)
        slider.setPageStep(5)
        slider.setTickInterval(10)
        slider.setTickPosition(QSlider.TickPosition.TicksBelow)
        slider.setToolTip(plain_text(tip))
        slider.valueChanged.connect(lambda value, k=key: self._on_slider_changed(k, value))
        return slider

    # ------------------------------------------------------------------ showing
    def _show_config(self) -> None:
        data = self.session.cfg.data
        analysis = self.session.analysis
        detected = analysis.task if analysis is not None and analysis.task else ""
        auto = TASK_LABELS["auto"] + (f" ({TASK_LABELS[detected].lower()})" if detected else "")
        _set_items(self.task, [(auto if t == "auto" else TASK_LABELS[t], t) for t in TASKS], data.task)
        columns = self._columns()
        guessed_target = analysis.target if analysis is not None else ""
        guessed_text = analysis.text_column if analysis is not None else ""
        _set_items(self.target, [(f"Automatic ({guessed_target})" if guessed_target else "Automatic", ""),
                                 *((c, c) for c in columns)], data.target)
        _set_items(self.text_column, [(f"Automatic ({guessed_text})" if guessed_text else "Automatic", ""),
                                      *((c, c) for c in columns)], data.text_column)
        for key, slider in (("val_fraction", self.val), ("test_fraction", self.test)):
            slider.blockSignals(True)
            slider.setValue(round(getattr(data, key) * 100))
            slider.blockSignals(False)
        self.form.set_values(data)
        self._refresh()

    def _columns(self) -> list[str]:
        source = self.session.source
        return [str(c) for c in source.df.columns] if source is not None and hasattr(source, "df") else []

    def _refresh(self) -> None:
        """Split labels, which rows are shown, problems, summary and chart."""
        data, analysis, source = self.session.cfg.data, self.session.analysis, self.session.source
        is_table = source is not None and hasattr(source, "df")
        rows = len(source.df) if is_table else 0
        for key in ("val_fraction", "test_fraction"):
            share = getattr(data, key)
            # Nothing loaded yet (or still loading): the share alone.
            extra = (f"  ·  ≈ {round(rows * share):,} rows" if is_table
                     else " of the text" if source is not None else "")
            self._split_labels[key].setText(f"{share:.0%}{extra}")
        task = (analysis.task if analysis is not None and analysis.task else data.task)
        self._learn_form.setRowVisible(self.target, is_table and task != "language_modeling")
        self._learn_form.setRowVisible(self.text_column, is_table and task in TEXT_TASKS)
        self._text_box.setVisible(task in TEXT_TASKS)
        problems = [humanize_problem(p) for p in self.session.problems() if p.section == "data"]
        if analysis is not None and analysis.error:
            problems.insert(0, analysis.error)
        self.problems.set_problems(problems)
        self._show_analysis(analysis)

    def _show_analysis(self, analysis: Any) -> None:
        if analysis is None or analysis.error:
            set_plain_text(self.summary, "")
            self.summary.setVisible(False)
            if self._chart is not None:
                self._chart.clear_chart()
                self._chart.setVisible(False)
            return
        lines = [n for n in analysis.notes if n.startswith("Task:")] or analysis.notes[:1]
        set_plain_text(self.summary, "\n".join(lines))
        self.summary.setVisible(bool(lines))
        if analysis.counts:
            self.chart.set_counts(analysis.counts, analysis.n_classes)
        elif analysis.histogram is not None:
            self.chart.set_histogram(*analysis.histogram, analysis.target)
        else:
            self.chart.clear_chart()
        self.chart.setVisible(bool(analysis.counts) or analysis.histogram is not None)

    # ------------------------------------------------------------------ session signals
    def _on_session_config_changed(self, section: str, origin: object) -> None:
        if section in ("", "data") and origin is not self:
            self._show_config()
        elif section in ("", "data"):
            self._refresh()

    def _on_session_analysis(self, _analysis: Any) -> None:
        self._show_config()

    def _on_session_loaded(self, _source: Any) -> None:
        self._show_config()

    # ------------------------------------------------------------------ user edits
    def _on_task_changed(self, _index: int) -> None:
        self.session.update_data(self, task=self.task.currentData())

    def _on_target_changed(self, _index: int) -> None:
        target = self.target.currentData()
        data = self.session.cfg.data
        # The choice here wins over a target marked in the role choosers.
        roles = {c: r for c, r in data.roles.items() if r != "target" and c != target}
        text = "" if data.text_column == target else data.text_column
        self.session.update_data(self, target=target, roles=roles, text_column=text)

    def _on_text_column_changed(self, _index: int) -> None:
        column = self.text_column.currentData()
        data = self.session.cfg.data
        roles = {c: r for c, r in data.roles.items() if c != column}
        target = "" if data.target == column else data.target
        self.session.update_data(self, text_column=column, roles=roles, target=target)

    def _on_slider_changed(self, key: str, value: int) -> None:
        self.session.update_data(self, **{key: value / 100})

    def _on_form_changed(self, name: str) -> None:
        value = getattr(self.form.get_values(), name)
        self.session.update_data(self, **{name: value})
        if name == "encoding" and self.session.source is not None:
            self.session.open_data(self.session.cfg.data.path, settings=self.session.cfg.data)
