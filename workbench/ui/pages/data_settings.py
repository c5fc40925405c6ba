"""The Data page's side panel: task, target and text column, class balance, splits, reading settings."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from workbench.core.config import TASKS, DataConfig
from workbench.core.data.analysis import TASK_LABELS, TEXT_TASKS
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.ui.i18n import core_text, field_text, translate
from workbench.ui.pages.session import Session
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text
from workbench.ui.widgets.forms import ConfigForm, ProblemsLabel, humanize_problem
from workbench.ui.widgets.settings_scroll import SettingsScroll
from workbench.ui.widgets.table_model import format_cell

# Edited by the panel's own controls (or the table's role choosers), not by the generated forms.
_OWN_FIELDS = ("path", "task", "target", "text_column", "roles", "val_fraction", "test_fraction",
               "split_column")
# How any file is read (the rest of the generated settings are for texts only).
_FILE_FIELDS = ("missing_values", "encoding", "split_seed")
_SHOWN_MISSING = 4  # columns named in the missing-value note before "and N more"


def _combo(tip: str) -> QComboBox:
    combo = QComboBox()
    combo.setToolTip(plain_text(field_text(tip)))
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(12)
    return combo


# The tasks' short names ("Regression", not "Regression (predict a number)"), as the lists show them.
_SHORT_TASKS = {"Automatic": QT_TRANSLATE_NOOP("DataSettingsPanel", "Automatic"),
                "Text classification": QT_TRANSLATE_NOOP("DataSettingsPanel", "Text classification"),
                "Table classification": QT_TRANSLATE_NOOP("DataSettingsPanel", "Table classification"),
                "Regression": QT_TRANSLATE_NOOP("DataSettingsPanel", "Regression"),
                "Language model": QT_TRANSLATE_NOOP("DataSettingsPanel", "Language model")}
MAX_ITEM_CHARS = 80  # a column name in a list is cut to this many characters


def _short_task(task: str) -> str:
    """A task's name without its explanation: "Regression", not "Regression (predict a number)"."""
    return TASK_LABELS[task].split(" (")[0]


def _short_task_text(task: str) -> str:
    """``_short_task`` in the interface's language."""
    name = _short_task(task)
    return translate("DataSettingsPanel", _SHORT_TASKS[name]) if name in _SHORT_TASKS else core_text(name)


def _automatic(guess: str) -> str:
    """The first item of a column list: "Automatic", with the guess when there is one."""
    if not guess:
        return translate("DataSettingsPanel", "Automatic")
    return translate("DataSettingsPanel", "Automatic ({column})").format(column=guess)


def _set_items(combo: QComboBox, items: list[tuple[str, str]], current: str) -> None:
    """Replace ``combo``'s (text, data) items and select ``current``, emitting nothing.

    The same items again keep the list: a 2,000-column table's lists took 15 ms each to rebuild,
    many times over while the file loads. Long names are cut ("…"): a megabyte-long item froze the
    window while Qt measured it.
    """
    combo.blockSignals(True)
    built: list[tuple[str, str]] | None = getattr(combo, "_wb_items", None)  # what the list shows
    if built is not None and len(built) == len(items) and all(b[1] == i[1] for b, i in zip(built, items)):
        for index, (old, new) in enumerate(zip(built, items)):
            if old[0] != new[0]:  # "Automatic (label)" once the guess is known
                combo.setItemText(index, format_cell(new[0], MAX_ITEM_CHARS))
    else:
        combo.clear()
        for text, data in items:
            combo.addItem(format_cell(text, MAX_ITEM_CHARS), data)
    combo._wb_items = list(items)  # type: ignore[attr-defined]
    index = combo.findData(current)
    if index < 0:  # a column the config names but the file lacks: shown, and resolve reports it
        combo.addItem(format_cell(current, MAX_ITEM_CHARS), current)
        combo._wb_items = None  # type: ignore[attr-defined]  # the list holds more than the items
        index = combo.count() - 1
    combo.setCurrentIndex(index)
    combo.blockSignals(False)


class DataSettingsPanel(SettingsScroll):
    """Writes the user's choices into the session's ``DataConfig``; shows what the data implies."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent, minimum_width=340)  # room for the split sliders
        self.session = session
        meta = DataConfig.__dataclass_fields__
        self.task = _combo(meta["task"].metadata["help"])
        self.task.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # see _show_config
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
        self.split_by = _combo(meta["split_column"].metadata["help"])
        self.split_by.currentIndexChanged.connect(self._on_split_by_changed)
        self.split_info = plain_label()
        self.split_info.setWordWrap(True)
        self.missing_note = plain_label()
        self.missing_note.setWordWrap(True)

        learn = QGroupBox(translate("DataSettingsPanel", "What to learn"))
        self._learn_form = QFormLayout(learn)
        self._learn_form.addRow(translate("DataSettingsPanel", "Task"), self.task)
        self._learn_form.addRow(translate("DataSettingsPanel", "Target"), self.target)
        self._learn_form.addRow(translate("DataSettingsPanel", "Text column"), self.text_column)
        self._learn_form.addRow(self.summary)
        self._learn_form.addRow(self.problems)
        self._learn_form.addRow(self._chart_slot)
        splits = QGroupBox(translate("DataSettingsPanel", "Held-out data"))
        self._split_form = QFormLayout(splits)
        self._split_form.addRow(translate("DataSettingsPanel", "Split by"), self.split_by)
        self._split_form.addRow(self.split_info)
        self._share_rows: dict[str, QHBoxLayout] = {}
        for label, slider, key in ((translate("DataSettingsPanel", "Validation"), self.val, "val_fraction"),
                                   (translate("DataSettingsPanel", "Test"), self.test, "test_fraction")):
            row = QHBoxLayout()
            row.addWidget(slider, 1)
            row.addWidget(self._split_labels[key])
            self._split_labels[key].setMinimumWidth(120)
            self._split_form.addRow(label, row)
            self._share_rows[key] = row
        self.form = ConfigForm(DataConfig, exclude=_OWN_FIELDS + _FILE_FIELDS)
        self.form.sig_changed.connect(lambda name: self._on_form_changed(self.form, name))
        self._text_box = QGroupBox(translate("DataSettingsPanel", "Reading the text"))
        QVBoxLayout(self._text_box).addWidget(self.form)
        others = tuple(f for f in meta if f not in _FILE_FIELDS)
        self.file_form = ConfigForm(DataConfig, exclude=others)
        self.file_form.sig_changed.connect(lambda name: self._on_form_changed(self.file_form, name))
        self._file_box = QGroupBox(translate("DataSettingsPanel", "Reading the file"))
        file_layout = QVBoxLayout(self._file_box)
        file_layout.addWidget(self.missing_note)
        file_layout.addWidget(self.file_form)

        inner = QWidget()
        layout = QVBoxLayout(inner)
        for box in (learn, splits, self._text_box, self._file_box):
            layout.addWidget(box)
        layout.addStretch(1)
        self.setWidget(inner)
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
        slider.setToolTip(plain_text(field_text(tip)))
        slider.valueChanged.connect(lambda value, k=key: self._on_slider_changed(k, value))
        return slider

    # ------------------------------------------------------------------ showing
    def _show_config(self) -> None:
        data = self.session.cfg.data
        analysis = self.session.analysis
        detected = analysis.task if analysis is not None and analysis.task else ""
        auto = (translate("DataSettingsPanel", "{automatic} ({task})").format(
            automatic=_short_task_text("auto"), task=_short_task_text(detected).lower())
            if detected else _short_task_text("auto"))
        _set_items(self.task, [(auto if t == "auto" else _short_task_text(t), t) for t in TASKS],
                   data.task)
        for index, task in enumerate(TASKS):  # the full names, on hover in the list
            tip = core_text(TASK_LABELS[task]) if task != "auto" else (
                translate("DataSettingsPanel", "Guessed from the data: {task}").format(
                    task=core_text(TASK_LABELS[detected])) if detected
                else translate("DataSettingsPanel", "Guessed from the data"))
            self.task.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
        # Few, short names: the box is never narrower than the longest, so none is cut off. (Qt
        # keeps the minimum size hint it worked out for the empty box, hence a fixed minimum.)
        self.task.setMinimumWidth(self.task.sizeHint().width())
        columns = self._columns()
        guessed_target = analysis.target if analysis is not None else ""
        guessed_text = analysis.text_column if analysis is not None else ""
        auto_target = (translate("DataSettingsPanel", "Not chosen (best guess: {column})").format(
            column=guessed_target) if self.session.needs_target()
            else _automatic(guessed_target))
        _set_items(self.target, [(auto_target, ""), *((c, c) for c in columns)], data.target)
        _set_items(self.text_column, [(_automatic(guessed_text), ""), *((c, c) for c in columns)],
                   data.text_column)
        column_item = translate("DataSettingsPanel", "Column '{column}'")
        _set_items(self.split_by, [(translate("DataSettingsPanel", "Random shares"), ""),
                                   *((column_item.format(column=c), c) for c in columns)],
                   self._split_column())
        for key, slider in (("val_fraction", self.val), ("test_fraction", self.test)):
            slider.blockSignals(True)
            slider.setValue(round(getattr(data, key) * 100))
            slider.blockSignals(False)
        self.form.set_values(data)
        self.file_form.set_values(data)
        self._refresh()

    def _split_column(self) -> str:
        """The column the rows are split by ("": at random), as set or as the analysis found it."""
        data, analysis = self.session.cfg.data, self.session.analysis
        if data.split_column or analysis is None:
            return data.split_column
        found = analysis.split_column
        return found if found and found not in data.roles else ""  # a role given since: random

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
            extra = (translate("DataSettingsPanel", "  ·  ≈ {rows} rows").format(
                rows=f"{round(rows * share):,}") if is_table
                else translate("DataSettingsPanel", " of the text") if source is not None else "")
            self._split_labels[key].setText(f"{share:.0%}{extra}")
        task = (analysis.task if analysis is not None and analysis.task else data.task)
        self._learn_form.setRowVisible(self.target, is_table and task != "language_modeling")
        self._learn_form.setRowVisible(self.text_column, is_table and task in TEXT_TASKS)
        self._text_box.setVisible(task in TEXT_TASKS)
        self._file_box.setVisible(source is not None)
        self._show_split(is_table)
        set_plain_text(self.missing_note, self._missing_text())
        self.missing_note.setVisible(bool(self.missing_note.text()))
        # What the data itself refuses is listed above the table, with its fix: said once.
        problems = [humanize_problem(p) for p in self.session.problems() if p.section == "data"]
        self.problems.set_problems(problems)
        self._show_analysis(analysis)

    def _show_split(self, is_table: bool) -> None:
        """The split column and its rows, or the share sliders: one gives way to the other."""
        column, analysis, facts = self._split_column(), self.session.analysis, self.session.facts
        self._split_form.setRowVisible(self.split_by, is_table)
        counted = analysis is not None and analysis.split_column == column and sum(facts.split_sizes) > 0
        lends = bool(column) and counted and facts.split_lends
        if column and counted:
            train, val, test = facts.split_sizes
            text = (translate("DataSettingsPanel", "Split from column '{column}': {train} train / {val} "
                              "validation / {test} test. It marks no rows for validation: they are taken "
                              "from its training rows, as many as the share below.") if lends
                    else translate("DataSettingsPanel", "Split from column '{column}': {train} train / {val} "
                                   "validation / {test} test, instead of random shares.")).format(
                column=column, train=f"{train:,}", val=f"{val:,}", test=f"{test:,}")
            share = self.session.cfg.data.val_fraction
            self._split_labels["val_fraction"].setText(f"{share:.0%}" + translate(
                "DataSettingsPanel", "  ·  ≈ {rows} rows").format(rows=f"{val:,}"))
        else:
            text = translate("DataSettingsPanel", "Split by column '{column}', instead of random "
                             "shares.").format(column=column) if column else ""
        set_plain_text(self.split_info, text)
        self._split_form.setRowVisible(self.split_info, bool(text))
        self._split_form.setRowVisible(self._share_rows["val_fraction"], not column or lends)
        self._split_form.setRowVisible(self._share_rows["test_fraction"], not column)

    def _missing_text(self) -> str:
        """The missing-value note: "'?' read as missing in 3 columns: workclass (1,836), …"."""
        analysis, facts = self.session.analysis, self.session.facts
        if analysis is None or not analysis.missing:
            return ""
        markers: list[str] = []
        for values in facts.markers.values():
            markers += [v for v in values if v not in markers]
        said = translate("DataSettingsPanel", " and ").join(f"'{v}'" for v in markers[:3]) + (
            translate("DataSettingsPanel", " and others") if len(markers) > 3 else "")
        counts = list(analysis.missing.items())
        shown = translate("DataSettingsPanel", ", ").join(
            f"{col} ({n:,})" for col, n in counts[:_SHOWN_MISSING])
        more = translate("DataSettingsPanel", " and {count} more").format(
            count=len(counts) - _SHOWN_MISSING) if len(counts) > _SHOWN_MISSING else ""
        where = (translate("DataSettingsPanel", "{count} columns") if len(counts) > 1
                 else translate("DataSettingsPanel", "{count} column")).format(count=len(counts))
        return translate("DataSettingsPanel", "{markers} read as missing in {where}: {columns}{more}. "
                         "Change the markers under Advanced.").format(
            markers=said or translate("DataSettingsPanel", "Markers"), where=where, columns=shown, more=more)

    def _show_analysis(self, analysis: Any) -> None:
        if analysis is None or analysis.error:
            set_plain_text(self.summary, "")
            self.summary.setVisible(False)
            if self._chart is not None:
                self._chart.clear_chart()
                self._chart.setVisible(False)
            return
        lines = [n for n in analysis.notes if n.startswith("Task:")] or analysis.notes[:1]
        set_plain_text(self.summary, "\n".join(core_text(line) for line in lines))
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
        self.session.choose_target(self.target.currentData(), self)

    def _on_split_by_changed(self, _index: int) -> None:
        self.session.use_split_column(self.split_by.currentData(), self)

    def _on_text_column_changed(self, _index: int) -> None:
        column = self.text_column.currentData()
        data = self.session.cfg.data
        roles = {c: r for c, r in data.roles.items() if c != column}
        target = "" if data.target == column else data.target
        self.session.update_data(self, text_column=column, roles=roles, target=target)

    def _on_slider_changed(self, key: str, value: int) -> None:
        self.session.update_data(self, **{key: value / 100})

    def _on_form_changed(self, form: ConfigForm, name: str) -> None:
        value = getattr(form.get_values(), name)
        self.session.update_data(self, **{name: value})
        if name == "encoding" and self.session.source is not None:
            self.session.open_data(self.session.cfg.data.path, settings=self.session.cfg.data)
