"""Step 4, Results: how the run went, where its files are, and ways to use the trained model.

The headline names the checkpoint it reports (``core.results.reported_scores``) and the other
one's scores when they differ. The tabs below are per task: a regression model's predictions,
a classifier's confusion matrix, Try it (text, or a form for tables) and Generate; ``add_tab``
lets another view (the attention "Inspect" tab) join them and be told about each run shown.
While a run trains, ``show_live`` keeps only the tabs that follow training (added with ``live=True``).
Under the headline, the run's training-health warnings say plainly when it learned nothing or
went wrong, so "Training finished" is never the only word on such a run. Another run starts clean:
no warnings, and no sentence or prompt typed for the previous one.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from workbench.core.baseline_words import comparison, results_sentence
from workbench.core.events import RunOutcome
from workbench.core.glossary import task_terms
from workbench.core.results import checkpoint_name, reported_scores
from workbench.ui.i18n import core_text, translate
from workbench.ui.pages.results_texts import (
    HEADLINE,
    PERCENT,
    SPLIT_NAMES,
    confusion_caption,
    facts_text,
    failed_scores,
    format_metric,
    headline_text,
    last_evaluation,
    last_evaluation_column,
    metric_name,
    metrics_column,
    per_class_headers,
    score_line,
    split_set,
)
from workbench.ui.widgets.background import Background
from workbench.ui.widgets.charts import ConfusionMatrix
from workbench.ui.widgets.confusion_examples import ConfusionExamples, fill_form
from workbench.ui.widgets.fonts import plain_label, set_plain_text
from workbench.ui.widgets.health_banners import HealthBanners, warnings_of
from workbench.ui.widgets.help_button import TermRow
from workbench.ui.widgets.playground import GenerateBox, RunCache, TryItBox
from workbench.ui.widgets.regression_plots import RegressionPlots
from workbench.ui.widgets.roc_pr import RocPrView, load_curves
from workbench.ui.widgets.table_try_it import TableTryIt

TABLE_TASKS = ("tabular_classification", "regression")
__all__ = ["HEADLINE", "PERCENT", "SPLIT_NAMES", "ResultsPage", "format_metric", "headline_text",
           "last_evaluation", "score_line"]


def _table(headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # names take the spare width
    return table


def _fill(table: QTableWidget, rows: list[list[str]]) -> None:
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)


class ResultsPage(QWidget):
    """Summary of the last finished (or opened) run, with task-specific tabs."""

    sig_inspect_example = Signal(object)  # a test example (text or row) whose attention to show

    def __init__(self, background: Background, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.summary: dict = {}
        self.run_dir = ""
        self._listeners: list[Callable[[str, dict], None]] = []
        self._live_tabs: set[str] = set()
        self.cache = RunCache(background)
        self._background = background
        self.title = plain_label(translate("ResultsPage", "No results yet: train a model, or open a run "
                                           "folder (File → Open run folder…)."))
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setWordWrap(True)
        self.health = HealthBanners()
        self.message = plain_label()
        self.message.setWordWrap(True)
        self.facts = plain_label()
        self.facts.setWordWrap(True)
        self.scores = plain_label()
        self.scores.setWordWrap(True)
        score_font = self.scores.font()
        score_font.setPointSizeF(score_font.pointSizeF() * 1.3)
        self.scores.setFont(score_font)
        self.other_scores = plain_label()  # the other checkpoint's scores, when it holds other weights
        self.other_scores.setWordWrap(True)
        self.baseline = plain_label()  # a simple model's score on the same rows (core.baseline_words)
        self.baseline.setWordWrap(True)
        self.folder = plain_label()
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.open_folder = QPushButton(translate("ResultsPage", "Open folder"))
        self.open_folder.setToolTip(translate("ResultsPage", "Show the run folder (config, metrics, "
                                              "checkpoints) in the file manager."))
        self.open_folder.clicked.connect(self._on_open_folder_clicked)
        self.metric_help = TermRow(task_terms(""))  # "?" for the metrics the scores name
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder, 1)
        folder_row.addWidget(self.open_folder)

        self.confusion = ConfusionMatrix()
        self.confusion_title = plain_label()
        self.per_class = _table(per_class_headers())
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.confusion_title)
        left_layout.addWidget(self.confusion, 1)
        confusion = QSplitter(Qt.Orientation.Horizontal)
        confusion.addWidget(left)
        confusion.addWidget(self.per_class)
        confusion.setSizes([560, 440])
        self.cells = ConfusionExamples(self.confusion)  # clicking a cell lists its test examples
        self.cells.sig_open.connect(self._on_cells_open)
        self.cells.sig_inspect.connect(self.sig_inspect_example)
        confusion_tab = QSplitter(Qt.Orientation.Vertical)
        confusion_tab.addWidget(confusion)
        confusion_tab.addWidget(self.cells)
        self.curves = RocPrView()
        self.metrics = _table([translate("ResultsPage", "metric")])
        self.predictions = RegressionPlots()
        self.try_it = TryItBox(self.cache)
        self.try_table = TableTryIt(self.cache)
        self.generate = GenerateBox(self.cache)
        self.tabs = QTabWidget()
        # Keyed apart, titled alike: a run shows one "Try it", for its kind of input.
        self._tab = {key: self.tabs.addTab(widget, title) for key, title, widget in (
            ("Predictions", translate("ResultsPage", "Predicted vs actual"), self.predictions),
            ("Confusion matrix", translate("ResultsPage", "Confusion matrix"), confusion_tab),
            ("Curves", translate("ResultsPage", "ROC / PR"), self.curves),
            ("Try it", translate("ResultsPage", "Try it"), self.try_it),
            ("Try it (table)", translate("ResultsPage", "Try it"), self.try_table),
            ("Generate", translate("ResultsPage", "Generate"), self.generate),
            ("All metrics", translate("ResultsPage", "All metrics"), self.metrics))}
        layout = QVBoxLayout(self)
        for widget in (self.title, self.health, self.message, self.scores, self.metric_help,
                       self.other_scores, self.baseline, self.facts):
            layout.addWidget(widget)
        layout.addLayout(folder_row)
        layout.addWidget(self.tabs, 1)
        self.show_summary({}, "")

    # ------------------------------------------------------------------ public
    def add_tab(self, widget: QWidget, title: str,
                on_run: Callable[[str, dict], None] | None = None, live: bool = False) -> int:
        """Add a tab (e.g. "Inspect"); ``on_run(run_dir, summary)`` is called for each run shown.

        A ``live`` tab stays shown while a run trains (see ``show_live``).
        """
        if on_run is not None:
            self._listeners.append(on_run)
        if live:
            self._live_tabs.add(title)
        index = self.tabs.addTab(widget, title)
        self._tab[title] = index
        return index

    def show_live(self, run_dir: str, with_tabs: bool = True) -> None:
        """A run is training in ``run_dir``: say so, and show only the live tabs (if ``with_tabs``)."""
        self.summary, self.run_dir = {}, str(run_dir)
        self.health.clear()
        self._forget_inputs()
        set_plain_text(self.title, core_text(RunOutcome.RUNNING.headline))
        waiting = translate("ResultsPage", "The scores appear here when the run ends.")
        if with_tabs:
            waiting = translate("ResultsPage", "The scores appear here when the run ends. "
                                "Meanwhile, watch its attention change as it learns.")
        set_plain_text(self.message, waiting)
        self.message.setVisible(True)
        for widget in (self.facts, self.scores, self.other_scores, self.baseline, self.folder,
                       self.open_folder):
            widget.setVisible(False)
        self.tabs.setVisible(with_tabs)
        for title, index in self._tab.items():
            self.tabs.setTabVisible(index, title in self._live_tabs)
        first = next((i for i in range(self.tabs.count()) if self.tabs.isTabVisible(i)), 0)
        self.tabs.setCurrentIndex(first)

    def show_summary(self, summary: dict, run_dir: str) -> None:
        """Show ``summary`` (a run's summary.json) of the run in ``run_dir`` (empty: nothing yet)."""
        if str(run_dir) != self.run_dir:
            self._forget_inputs()
        self.summary, self.run_dir = dict(summary), str(run_dir)
        self.health.set_warnings(warnings_of(summary))
        scores = reported_scores(summary)
        lead = scores[0] if scores else None
        # Try it, Generate and Inspect use the weights the headline reports.
        if lead is not None:
            self.cache.reset(self.run_dir, "best" if lead.checkpoint == "best" else "latest", lead.name)
        else:
            self.cache.reset(self.run_dir)
        has_run = bool(summary)
        for widget in (self.message, self.facts, self.scores, self.folder, self.open_folder, self.tabs,
                       self.metric_help):
            widget.setVisible(has_run)
        self.metric_help.set_terms((*task_terms(str(summary.get("task", ""))), "baseline"))
        self.other_scores.setVisible(False)
        found = comparison(summary)
        set_plain_text(self.baseline, core_text(results_sentence(summary)))
        self.baseline.setVisible(found is not None)
        font = self.baseline.font()
        font.setBold(found is not None and found.baseline_wins)  # the network lost: say it plainly
        self.baseline.setFont(font)
        self.try_table.clear()
        if not has_run:
            return
        outcome = RunOutcome.parse(summary.get("status", ""))
        set_plain_text(self.title, core_text(outcome.headline))
        set_plain_text(self.message, core_text(str(summary.get("message", ""))))
        self.message.setVisible(bool(summary.get("message")))
        set_plain_text(self.facts, facts_text(summary))
        set_plain_text(self.folder, translate("ResultsPage", "Run folder: {folder}").format(folder=run_dir))
        self.open_folder.setEnabled(Path(run_dir).is_dir())
        metrics = dict(lead.metrics) if lead is not None else {}
        if lead is not None:
            lead_line, other_line = headline_text(scores, summary)
            set_plain_text(self.scores, lead_line)
            set_plain_text(self.other_scores, other_line)
            self.other_scores.setVisible(bool(other_line))
        else:  # a failed or interrupted run: how it was doing at its last evaluation
            set_plain_text(self.scores, failed_scores(summary))
        task = summary.get("task", "")
        classify = "per_class" in metrics and "confusion" in metrics
        if lead is not None and classify:
            self._show_confusion(metrics, split_set(lead.split, core_text(lead.name)))
        predictions = summary.get("predictions") or {}
        if predictions:
            made_by = checkpoint_name(str(predictions.get("checkpoint", "final")),
                                      int(predictions.get("step", 0)))
            self.predictions.show_predictions(predictions, str(predictions.get("target", "")),
                                              core_text(made_by))
        self._show_metrics(summary)
        self._show_kept(None)
        if classify and summary.get("curves"):  # read and computed on the pool: no stall as a run ends
            self._background.submit("results-curves", lambda: (run_dir, load_curves(run_dir, summary)),
                                    self._on_curves_loaded)
        good = outcome != RunOutcome.FAILED and summary.get("steps", 0) > 0
        self.tabs.setTabVisible(self._tab["Predictions"], bool(predictions))
        self.tabs.setTabVisible(self._tab["Confusion matrix"], classify)
        self.tabs.setTabVisible(self._tab["Try it"], good and task == "text_classification")
        self.tabs.setTabVisible(self._tab["Try it (table)"], good and task in TABLE_TASKS)
        self.tabs.setTabVisible(self._tab["Generate"], good and task == "language_modeling")
        if good and task in TABLE_TASKS:
            self.try_table.show_run(summary)
        first = next((i for i in range(self.tabs.count()) if self.tabs.isTabVisible(i)), 0)
        self.tabs.setCurrentIndex(first)
        self.try_it.show_result(None)
        self.generate.output.clear()
        for listener in self._listeners:
            listener(self.run_dir, self.summary)

    # ------------------------------------------------------------------ internals
    def _forget_inputs(self) -> None:
        """What was typed for the previous run, and its answers, go."""
        self.try_it.reset()
        self.generate.reset()
        self.try_table.clear()

    def _show_confusion(self, metrics: dict, where: str) -> None:
        classes = list(metrics["per_class"])
        self.confusion.set_matrix(metrics["confusion"], classes)
        set_plain_text(self.confusion_title, confusion_caption(where))
        _fill(self.per_class, [[name, format_metric("precision", m.get("precision")),
                                format_metric("recall", m.get("recall")), format_metric("f1", m.get("f1")),
                                f"{int(m.get('support', 0)):,}"] for name, m in metrics["per_class"].items()])

    def _show_metrics(self, summary: dict) -> None:
        columns = [(metrics_column(split, which), summary[which][split])
                   for which in ("best", "final") for split in ("train", "val", "test")
                   if (summary.get(which) or {}).get(split)]
        when, last = last_evaluation(summary)
        if last:
            columns.append((last_evaluation_column(when), last))
        names: list[str] = []
        for _, metrics in columns:
            for key, value in metrics.items():
                if isinstance(value, (int, float)) and not isinstance(value, bool) and key not in names:
                    names.append(key)
        self.metrics.setColumnCount(len(columns) + 1)
        self.metrics.setHorizontalHeaderLabels([translate("ResultsPage", "metric"),
                                                *(header for header, _ in columns)])
        self.metrics.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        _fill(self.metrics, [[metric_name(name), *(format_metric(name, metrics.get(name))
                                                    for _, metrics in columns)] for name in names])

    def _show_kept(self, loaded: Any) -> None:
        """The ROC/PR curves and the confusion cells' examples of ``loaded`` (``load_curves``: None
        hides them)."""
        kept, curves = loaded if loaded is not None else (None, None)
        attention = self.summary.get("model_kind") in ("transformer", "ft_transformer")
        self.cells.set_predictions(kept, attention)
        self.curves.set_predictions(kept, curves)
        self.tabs.setTabVisible(self._tab["Curves"], kept is not None)

    def _on_curves_loaded(self, result: tuple[str, Any]) -> None:
        run_dir, loaded = result
        if run_dir == self.run_dir and loaded is not None:
            self._show_kept(loaded)

    def _on_cells_open(self, example: object) -> None:
        """Open a confusion cell's example in Try it (a text, or a table row in the form)."""
        if isinstance(example, dict):
            self.tabs.setCurrentWidget(self.try_table)
            fill_form(self.try_table, example)
        else:
            self.tabs.setCurrentWidget(self.try_it)
            self.try_it.input.setText(str(example))
            self.try_it.classify()

    def _on_open_folder_clicked(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(self.run_dir))

