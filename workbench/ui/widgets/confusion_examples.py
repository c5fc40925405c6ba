"""The examples behind a confusion-matrix cell, and the matrix's export.

Clicking a cell of the ``charts.ConfusionMatrix`` lists the kept test examples of that (true,
predicted) pair (``core.class_predictions``), the most confident first, with the probability the
model gave the class it said and the true class. Double-clicking one (or "Open in Try it") asks the
page to open it in Try it; "Show its attention" asks for the attention view (Transformers).
Texts are shown as plain text, never as rich text.
"""

from __future__ import annotations

import csv
import io
from typing import Any

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGraphicsRectItem,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from workbench.core.class_predictions import UNKNOWN, ClassPredictions
from workbench.core.i18n import QT_TRANSLATE_NOOP
from workbench.core.report_svg import matrix_chart
from workbench.ui.i18n import translate
from workbench.ui.widgets.chart_export import ChartExport
from workbench.ui.widgets.charts import ConfusionMatrix
from workbench.ui.widgets.fonts import plain_label, set_plain_text
from workbench.ui.widgets.table_try_it import TableTryIt

MAX_LISTED = 500  # rows listed for one cell: more is a scroll nobody reads
MAX_TEXT = 300  # characters of an example shown in its row (the tooltip has it all)
HINT = QT_TRANSLATE_NOOP("ConfusionExamples", "Click a cell of the matrix to list its test examples; "
                         "double-click one to open it in Try it.")


def example_text(example: Any) -> str:
    """A text as it is; a table row as 'column: value · column: value' (missing: '—')."""
    if isinstance(example, dict):
        return "  ·  ".join(f"{k}: {'—' if v is None else f'{v:g}' if isinstance(v, float) else v}"
                            for k, v in example.items())
    return str(example)


def matrix_csv(matrix: np.ndarray, classes: list[str]) -> str:
    """The confusion matrix as CSV: a header of predicted classes, each row led by its true class."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["true \\ predicted", *classes])
    for name, row in zip(classes, matrix.tolist()):
        writer.writerow([name, *(int(v) for v in row)])
    return out.getvalue()


def cell_title(true: str, said: str, right: bool, count: int, total: int, kept: int, listed: int,
               text: bool) -> str:
    """The caption of a cell's list: which cell, how many examples, in what order."""
    if right:
        what = translate("ConfusionExamples", "'{true}', said rightly").format(true=true)
    else:
        what = translate("ConfusionExamples", "truly '{true}', said '{said}'").format(true=true, said=said)
    counts = (translate("ConfusionExamples", "{count} examples") if count != 1 else
              translate("ConfusionExamples", "{count} example")).format(count=f"{count:,}")
    if total > count:
        counts = translate("ConfusionExamples", "{examples} of the {total} in this cell (the {kept} rows "
                           "kept of the split)").format(examples=counts, total=f"{total:,}", kept=f"{kept:,}")
    if listed < count:
        counts = translate("ConfusionExamples", "{examples}; the {listed} most confident listed").format(
            examples=counts, listed=f"{listed:,}")
    if count > 1:
        line = translate("ConfusionExamples", "{what}: {examples}, the most confident first, as the model "
                         "read them.")
    else:
        line = translate("ConfusionExamples", "{what}: {examples}, as the model read it.")
    line = line.format(what=what, examples=counts)
    if text:
        line = translate("ConfusionExamples", "{sentence} {unknown} marks a token the model does not "
                         "know.").format(sentence=line, unknown=UNKNOWN)
    return translate("ConfusionExamples", "{sentence} Double-click one to open it in Try it.").format(
        sentence=line)


def fill_form(form: TableTryIt, row: dict[str, Any], tries: int = 25) -> None:
    """Put a table ``row`` in the Try-it ``form`` and predict; a form still being built (its model
    loads in the background) is filled once it is there."""
    if not form.fields:
        if tries > 0:
            QTimer.singleShot(200, lambda: fill_form(form, row, tries - 1))
        return
    for column, field in form.fields.items():
        value = row.get(column)
        if isinstance(field, QLineEdit):
            field.setText("" if value is None else f"{float(value):.6g}")
        elif isinstance(field, QComboBox) and value is not None and field.findText(str(value)) >= 0:
            field.setCurrentText(str(value))
    form.predict()


class ConfusionExamples(QWidget):
    """The list of one cell's examples under ``matrix``; also gives the matrix its export menu."""

    sig_open = Signal(object)  # an example (text or row dict) to open in Try it
    sig_inspect = Signal(object)  # an example whose attention to show

    def __init__(self, matrix: ConfusionMatrix, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matrix = matrix
        self.predictions: ClassPredictions | None = None
        self.cell: tuple[int, int] | None = None
        self.rows: list[int] = []  # the kept rows listed, in order
        self.export = ChartExport(matrix, lambda: "confusion-matrix",
                                  lambda: matrix_csv(matrix.matrix(), matrix.classes()),
                                  lambda: matrix_chart(matrix.matrix(), matrix.classes(),
                                                       translate("ConfusionExamples", "Confusion matrix")),
                                  self)
        self._mark = QGraphicsRectItem()
        self._mark.setZValue(10)
        self._mark.hide()
        matrix.getPlotItem().addItem(self._mark, ignoreBounds=True)
        matrix.scene().sigMouseClicked.connect(self._on_matrix_clicked)
        self.title = plain_label(translate("ConfusionExamples", HINT))
        self.title.setWordWrap(True)
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([translate("ConfusionExamples", "example"),
                                              translate("ConfusionExamples", "said"),
                                              translate("ConfusionExamples", "true class")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        self.table.cellDoubleClicked.connect(self._on_table_double_clicked)
        self.table.itemSelectionChanged.connect(self._on_table_selection_changed)
        self.open_button = QPushButton(translate("ConfusionExamples", "Open in Try it"))
        self.open_button.clicked.connect(lambda: self._emit(self.sig_open))
        self.inspect_button = QPushButton(translate("ConfusionExamples", "Show its attention"))
        self.inspect_button.setToolTip(translate("ConfusionExamples", "See what the model attended to in "
                                                 "this example (Transformers)"))
        self.inspect_button.clicked.connect(lambda: self._emit(self.sig_inspect))
        self.has_attention = False
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.inspect_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export.button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.set_predictions(None)

    def set_predictions(self, predictions: ClassPredictions | None, has_attention: bool = False) -> None:
        """The kept predictions of the run shown (None: none kept, no list); ``has_attention``:
        the model can show its attention for an example."""
        self.predictions, self.has_attention = predictions, has_attention
        self.cell, self.rows = None, []
        self._mark.hide()
        self.table.setRowCount(0)
        self.table.setVisible(predictions is not None)
        self.inspect_button.setVisible(has_attention)
        set_plain_text(self.title, translate("ConfusionExamples", HINT) if predictions is not None else
                       translate("ConfusionExamples", "Examples of each cell are kept for runs made with "
                                 "this version of Workbench."))
        self._on_table_selection_changed()

    def show_cell(self, true: int, predicted: int) -> None:
        """List the examples of true class ``true`` given class ``predicted``."""
        pred = self.predictions
        if pred is None or not (0 <= true < len(pred.classes) and 0 <= predicted < len(pred.classes)):
            return
        self.cell = (true, predicted)
        self._mark.setRect(QRectF(predicted, true, 1, 1))
        self._mark.setPen(pg.mkPen(self.matrix.fg(), width=3))
        self._mark.show()
        self.rows = pred.cell(true, predicted)
        shown = self.rows[:MAX_LISTED]
        t, p = pred.classes[true], pred.classes[predicted]
        shown_matrix = self.matrix.matrix()
        total = int(shown_matrix[true, predicted]) if shown_matrix.shape[0] > true else len(self.rows)
        set_plain_text(self.title, cell_title(t, p, true == predicted, len(self.rows), total,
                                              len(pred.actual), len(shown), pred.kind == "text"))
        self.table.setRowCount(len(shown))
        for r, row in enumerate(shown):
            full = example_text(pred.examples[row])
            item = QTableWidgetItem(full if len(full) <= MAX_TEXT else full[: MAX_TEXT - 1] + "…")
            item.setToolTip(full)
            self.table.setItem(r, 0, item)
            for column, k in ((1, predicted), (2, true)):
                cell = QTableWidgetItem(f"{pred.classes[k]}: {pred.probabilities[row, k]:.1%}")
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, column, cell)
        if shown:
            self.table.selectRow(0)
        self._on_table_selection_changed()

    def example(self, index: int) -> Any:
        """The ``index``-th listed example (its text or row)."""
        assert self.predictions is not None
        return self.predictions.examples[self.rows[index]]

    # ------------------------------------------------------------------ internals
    def _emit(self, signal: Any) -> None:
        index = self.table.currentRow()
        if self.predictions is not None and 0 <= index < min(len(self.rows), MAX_LISTED):
            signal.emit(self.example(index))

    def _on_matrix_clicked(self, event: Any) -> None:  # a pyqtgraph MouseClickEvent (untyped)
        if event.button() != Qt.MouseButton.LeftButton:
            return
        cell = self._cell_at(event.scenePos())
        if cell is not None:
            self.show_cell(*cell)

    def _cell_at(self, scene_pos: QPointF) -> tuple[int, int] | None:
        box = self.matrix.getPlotItem().getViewBox()
        if not box.sceneBoundingRect().contains(scene_pos):
            return None
        point = box.mapSceneToView(scene_pos)
        n = len(self.matrix.classes())
        row, col = int(np.floor(point.y())), int(np.floor(point.x()))
        return (row, col) if 0 <= row < n and 0 <= col < n else None

    def _on_table_double_clicked(self, row: int, _column: int) -> None:
        self.table.selectRow(row)
        self._emit(self.sig_open)

    def _on_table_selection_changed(self) -> None:
        chosen = self.table.currentRow() >= 0 and bool(self.rows)
        self.open_button.setEnabled(chosen)
        self.inspect_button.setEnabled(chosen and self.has_attention)
