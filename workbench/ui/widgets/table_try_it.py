"""Try a table model: one field per feature, the prediction as the fields change.

Numbers are typed into boxes that show the training range; categories are picked from the values
seen in training. The row goes through ``core.pipeline.predict_table``, the path the CLI's
``predict`` takes, on the ``Background`` pool with the run the ``RunCache`` holds.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from workbench.ui.i18n import core_text, translate
from workbench.ui.widgets.background import error_text
from workbench.ui.widgets.fonts import plain_label, plain_text, set_plain_text
from workbench.ui.widgets.playground import (
    MAX_CLASSES_SHOWN,
    TRY_DELAY_MS,
    RunCache,
    add_probability_rows,
    remove_probability_rows,
)

if TYPE_CHECKING:
    from workbench.core.data.prepare import DataSpec


def format_value(value: float) -> str:
    """A number as a person would type it: 4 significant digits, no exponent below a million."""
    return f"{value:.4g}" if abs(value) < 1e6 else f"{value:,.0f}"


def number_hint(column: str, spec: DataSpec, ranges: Mapping[str, Sequence[float]]) -> str:
    """'training: 102 to 540' (or the training mean, for a run that did not keep its ranges)."""
    if column in ranges:
        lo, hi = ranges[column]
        return translate("TableTryIt", "training: {low} to {high}").format(low=format_value(lo),
                                                                           high=format_value(hi))
    return translate("TableTryIt", "training mean {mean}").format(
        mean=format_value(spec.num_mean[spec.numeric_columns.index(column)]))


class TableTryIt(QWidget):
    """Fill in a row of feature values and see what the table model predicts for it."""

    def __init__(self, cache: RunCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._cache = cache
        self._spec: DataSpec | None = None
        self._shown = 0  # counts ``show_run`` calls: a model that arrives for an older one is dropped
        self._ranges: Mapping[str, Sequence[float]] = {}
        self.fields: dict[str, QLineEdit | QComboBox] = {}
        # Name, field, hint: a grid, so the fields line up whatever the hints' widths.
        self._form = QGridLayout()
        self._form.setColumnStretch(1, 1)
        form_host = QWidget()
        host_layout = QVBoxLayout(form_host)
        host_layout.addLayout(self._form)
        host_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidget(form_host)
        scroll.setWidgetResizable(True)
        self.prediction = plain_label("")
        font = self.prediction.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.prediction.setFont(font)
        self.prediction.setWordWrap(True)
        self.status = plain_label("")
        self.status.setWordWrap(True)
        self._grid = QGridLayout()
        self._rows: list[tuple[QLabel, QProgressBar]] = []
        result = QVBoxLayout()
        result.addWidget(self.prediction)
        result.addLayout(self._grid)
        result.addWidget(self.status)
        result.addStretch(1)
        columns = QHBoxLayout()
        columns.addWidget(scroll, 3)
        columns.addLayout(result, 2)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(translate("TableTryIt", "Change any value and the model predicts again:")))
        layout.addLayout(columns, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(TRY_DELAY_MS)
        self._timer.timeout.connect(self.predict)

    def show_run(self, summary: Mapping[str, Any]) -> None:
        """Build the form for the run the cache now holds (its columns come with the model)."""
        self._ranges = summary.get("feature_ranges") or {}
        self.clear()
        shown = self._shown
        set_plain_text(self.status, translate("TableTryIt", "Loading the model…"))
        self._cache.call("try-table-spec", lambda run: run.spec,
                         lambda spec: self.set_spec(spec) if shown == self._shown else None, self._on_failed)

    def set_spec(self, spec: DataSpec) -> None:
        """One field per feature of ``spec``, each at a typical value; then predict."""
        self._drop_fields()
        self._spec = spec
        for j, column in enumerate(spec.numeric_columns):
            box = QLineEdit(format_value(spec.num_mean[j]))
            box.setPlaceholderText(translate("TableTryIt", "missing"))
            hint = number_hint(column, spec, self._ranges)
            box.setToolTip(plain_text(translate("TableTryIt", "A number ({hint}). Empty: missing, as in the "
                                                "data.").format(hint=hint)))
            box.textChanged.connect(self._on_field_changed)
            self._add_row(column, box, hint)
        for column in spec.categorical_columns:
            combo = QComboBox()
            combo.addItems(spec.categories[column])
            combo.setToolTip(plain_text(translate("TableTryIt", "The values of '{column}' seen in "
                                                  "training.").format(column=column)))
            combo.currentIndexChanged.connect(self._on_field_changed)
            self._add_row(column, combo, translate("TableTryIt", "{count} values seen").format(
                count=f"{len(spec.categories[column]):,}"))
        self.predict()

    def _add_row(self, column: str, field: QLineEdit | QComboBox, hint: str) -> None:
        row = len(self.fields)
        self._form.addWidget(plain_label(column), row, 0)
        self._form.addWidget(field, row, 1)
        self._form.addWidget(plain_label(hint), row, 2)
        self.fields[column] = field

    def values(self) -> dict[str, Any]:
        """The row as typed: numbers (NaN where empty: missing), categories as their text.

        Raises ValueError naming the field whose text is not a number.
        """
        row: dict[str, Any] = {}
        for column, field in self.fields.items():
            if isinstance(field, QComboBox):
                row[column] = field.currentText()
                continue
            text = field.text().strip().replace(",", "")
            try:
                row[column] = float(text) if text else math.nan
            except ValueError:
                raise ValueError(translate("TableTryIt", "'{text}' in {column} is not a number.").format(
                    text=field.text(), column=column)) from None
        return row

    def predict(self) -> None:
        """Predict for the row in the fields now."""
        self._timer.stop()
        if self._spec is None:
            return
        try:
            row = self.values()
        except ValueError as exc:
            self.show_result(None)
            set_plain_text(self.status, str(exc))
            return

        def work(run: Any) -> dict[str, Any]:
            import pandas as pd

            from workbench.core.pipeline import predict_table

            return predict_table(run, pd.DataFrame([row]))[0]

        set_plain_text(self.status, translate("TableTryIt", "Thinking…"))
        self._cache.call("try-table", work, self.show_result, self._on_failed)

    def show_result(self, result: dict[str, Any] | None) -> None:
        """Show a ``predict_table`` result (None clears)."""
        remove_probability_rows(self._rows)
        self._rows = []
        if result is None or self._spec is None:
            set_plain_text(self.prediction, "")
            set_plain_text(self.status, "")
            return
        if "probabilities" in result:
            set_plain_text(self.prediction, f"→ {result['prediction']}")
            self._rows = add_probability_rows(self._grid, result["probabilities"], MAX_CLASSES_SHOWN)
        else:
            set_plain_text(self.prediction, f"→ {self._spec.target} ≈ {format_value(result['prediction'])}")
        set_plain_text(self.status, translate("TableTryIt", "Predicted by the {weights}.").format(
            weights=core_text(self._cache.label)))

    def clear(self) -> None:
        """No form: no run, or not a table model's."""
        self._shown += 1
        self._drop_fields()

    def _drop_fields(self) -> None:
        self._spec = None
        self.fields = {}
        while self._form.count():
            item = self._form.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.show_result(None)

    def _on_field_changed(self, *_args: object) -> None:
        self._timer.start()

    def _on_failed(self, exc: BaseException) -> None:
        set_plain_text(self.status, translate("TableTryIt", "Could not predict: {reason}").format(
            reason=core_text(error_text(exc))))
